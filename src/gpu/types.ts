// The WebGPU types of sae.js's public API, apart from the kernels: typed structurally, so that a
// consumer's compiler needs neither @webgpu/types nor a lib with WebGPU in it.

/**
 * Where to find WebGPU: navigator.gpu by default; in Node, `create([])` of the `webgpu` package.
 * Typed structurally so that the library's types do not require @webgpu/types.
 */
export interface GpuLike {
  requestAdapter(options?: object): Promise<unknown>;
}

export interface GpuAdapterSummary {
  vendor: string;
  architecture: string;
  description: string;
  /** A software adapter (SwiftShader): usable, slower than the Wasm kernels; `auto` skips it. */
  fallback: boolean;
}
