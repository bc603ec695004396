// The WebGPU backend: weights uploaded once (encoder [n, d], effective bias, decoderᵀ [n, d],
// pre_bias), scratch buffers kept and grown across calls, rows processed in chunks that fit the
// device's binding limit. Async throughout (the GPU queue is); SaeModel chooses it and falls back
// to Wasm on device loss.
/// <reference types="@webgpu/types" />
import { SaeError } from "../core/errors.js";
import { foldedBias, type ActivationOrder, type Codes, type SaeWeights } from "../core/model.js";
import { DECODE_DENSE_WGSL, DECODE_SPARSE_WGSL, GEMM_WGSL, TOPK_WGSL } from "./wgsl.js";

/**
 * Where to find WebGPU: navigator.gpu by default; in Node, `create([])` of the `webgpu` package.
 * Typed structurally so that the library's types do not require @webgpu/types.
 */
export interface GpuLike {
  requestAdapter(options?: object): Promise<unknown>;
}
type GpuSource = GpuLike | undefined;

export interface GpuAdapterSummary {
  vendor: string;
  architecture: string;
  description: string;
  /** A software adapter (SwiftShader): usable, slower than the Wasm kernels; `auto` skips it. */
  fallback: boolean;
}

/**
 * A device from `gpu` (or navigator.gpu), or undefined where there is no adapter, or only a
 * software one and `software` is false.
 */
async function requestGpu(gpu?: GpuSource, software = true): Promise<{ device: GPUDevice; adapter: GpuAdapterSummary } | undefined> {
  const g = (gpu ?? (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu) as GPU | undefined;
  if (!g) return undefined;
  const adapter = await g.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) return undefined;
  const info = adapter.info;
  if (!software && (info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter) return undefined;
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: { maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize, maxBufferSize: limits.maxBufferSize, maxStorageBuffersPerShaderStage: Math.min(8, limits.maxStorageBuffersPerShaderStage) },
  });
  return { device, adapter: { vendor: info?.vendor ?? "", architecture: info?.architecture ?? "", description: info?.description ?? "", fallback: !!(info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter } };
}

const USAGE_STORAGE = 0x80 | 0x08 | 0x04; // STORAGE | COPY_DST | COPY_SRC
const USAGE_UNIFORM = 0x40 | 0x08; // UNIFORM | COPY_DST
const USAGE_READ = 0x01 | 0x08; // MAP_READ | COPY_DST
const MAP_READ = 0x1;

export class GpuBackend {
  private readonly pipelines: Record<"gemm" | "topk" | "decodeSparse" | "decodeDense", GPUComputePipeline>;
  private readonly scratch = new Map<string, GPUBuffer>();
  private readonly w: { enc: GPUBuffer; bias: GPUBuffer; wt: GPUBuffer; preBias: GPUBuffer };
  private readonly dims: GPUBuffer;
  private lostReason: string | undefined;
  private disposed = false;

  private constructor(private readonly device: GPUDevice, readonly adapter: GpuAdapterSummary, readonly d: number, readonly n: number, private readonly weights: SaeWeights) {
    const make = (code: string) => device.createComputePipeline({ layout: "auto", compute: { module: device.createShaderModule({ code }), entryPoint: "main" } });
    this.pipelines = { gemm: make(GEMM_WGSL), topk: make(TOPK_WGSL), decodeSparse: make(DECODE_SPARSE_WGSL), decodeDense: make(DECODE_DENSE_WGSL) };
    const bias = foldedBias(weights);
    const wt = new Float32Array(n * d);
    for (let p = 0; p < d; p++) for (let i = 0; i < n; i++) wt[i * d + p] = weights.decoderWeight[p * n + i]!;
    this.w = { enc: this.upload(weights.encoderWeight), bias: this.upload(bias), wt: this.upload(wt), preBias: this.upload(weights.preBias) };
    this.dims = device.createBuffer({ size: 32, usage: USAGE_UNIFORM });
    void device.lost.then((info) => { this.lostReason = info.message || info.reason || "device lost"; });
  }

  /**
   * Uploads the weights once. Required (backend 'gpu'): any adapter, else E_NO_GPU. Otherwise
   * (backend 'auto'): a hardware adapter or undefined. E_ARG when the encoder exceeds a binding.
   */
  static async create(load: () => Promise<SaeWeights>, options: { gpu?: GpuSource; required: boolean }): Promise<GpuBackend | undefined> {
    const got = await requestGpu(options.gpu, options.required);
    if (!got) {
      if (!options.required) return undefined;
      throw new SaeError("E_NO_GPU", "backend 'gpu': this runtime has no WebGPU adapter (navigator.gpu missing or requestAdapter() gave none); use backend 'wasm'");
    }
    const { device, adapter } = got;
    const weights = await load();
    const bytes = weights.nLatents * weights.nInputs * 4;
    if (bytes > device.limits.maxStorageBufferBindingSize) {
      device.destroy();
      throw new SaeError("E_ARG", `backend 'gpu': the encoder (${bytes} bytes) exceeds this adapter's storage binding limit (${device.limits.maxStorageBufferBindingSize})`);
    }
    device.pushErrorScope("validation");
    const b = new GpuBackend(device, adapter, weights.nInputs, weights.nLatents, weights);
    const err = await device.popErrorScope();
    if (err) {
      device.destroy();
      throw new SaeError("E_GPU", `backend 'gpu': ${err.message}`);
    }
    return b;
  }

  /** Why the device was lost, if it was (SaeModel then falls back to Wasm). */
  get lost(): string | undefined {
    return this.lostReason;
  }

  get name(): "gpu" {
    return "gpu";
  }

  private upload(a: Float32Array | Int32Array | Uint32Array): GPUBuffer {
    const buf = this.device.createBuffer({ size: Math.max(16, Math.ceil(a.byteLength / 4) * 4), usage: USAGE_STORAGE });
    this.device.queue.writeBuffer(buf, 0, a.buffer, a.byteOffset, a.byteLength);
    return buf;
  }

  /** A scratch buffer of at least `bytes`, kept across calls and grown when a call needs more. */
  private buf(name: string, bytes: number, usage = USAGE_STORAGE): GPUBuffer {
    const have = this.scratch.get(name);
    if (have && have.size >= bytes) return have;
    have?.destroy();
    const b = this.device.createBuffer({ size: Math.max(256, Math.ceil(bytes / 256) * 256), usage });
    this.scratch.set(name, b);
    return b;
  }

  private setDims(rows: number, k: number, reluFirst: boolean): void {
    this.device.queue.writeBuffer(this.dims, 0, Uint32Array.of(rows, this.d, this.n, k, reluFirst ? 1 : 0, 0, 0, 0));
  }

  /** One compute pass on a new command encoder: each step a kernel, its buffers from binding 0 (the dims) on, and its workgroups. */
  private record(steps: { kernel: keyof GpuBackend["pipelines"]; buffers: GPUBuffer[]; groups: [number, number?] }[]): GPUCommandEncoder {
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    for (const { kernel, buffers, groups } of steps) {
      const pipeline = this.pipelines[kernel];
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [this.dims, ...buffers].map((buffer, binding) => ({ binding, resource: { buffer } })) }));
      pass.dispatchWorkgroups(...groups);
    }
    pass.end();
    return enc;
  }

  private live(): void {
    if (this.disposed) throw new SaeError("E_DISPOSED", "this GPU backend was disposed");
    if (this.lostReason !== undefined) throw new SaeError("E_GPU_LOST", `the GPU device was lost: ${this.lostReason}`);
  }

  /** Submits the encoder's work, then maps and copies each (buffer, bytes) out. */
  private async submitAndRead(enc: GPUCommandEncoder, outs: { src: GPUBuffer; bytes: number; name: string }[]): Promise<ArrayBuffer[]> {
    const staging = outs.map((o) => {
      const s = this.buf(`read.${o.name}`, o.bytes, USAGE_READ);
      enc.copyBufferToBuffer(o.src, 0, s, 0, Math.ceil(o.bytes / 4) * 4);
      return s;
    });
    this.device.queue.submit([enc.finish()]);
    try {
      await Promise.all(staging.map((s) => s.mapAsync(MAP_READ)));
    } catch (cause) {
      throw new SaeError("E_GPU_LOST", `the GPU device was lost: ${this.lostReason ?? (cause as Error)?.message}`, { cause });
    }
    return staging.map((s, i) => {
      const copy = s.getMappedRange(0, Math.ceil(outs[i]!.bytes / 4) * 4).slice(0, outs[i]!.bytes);
      s.unmap();
      return copy;
    });
  }

  /** Rows per chunk so that the [rows, n] pre-activations fit one binding. */
  private chunkRows(width: number): number {
    return Math.max(1, Math.min(65535, Math.floor(Math.min(this.device.limits.maxStorageBufferBindingSize, 256 << 20) / (width * 4))));
  }

  async encode(x: Float32Array, batch: number, k: number, order: ActivationOrder): Promise<Codes> {
    this.live();
    const { d, n } = this;
    const indices = new Int32Array(batch * k), values = new Float32Array(batch * k);
    const chunk = this.chunkRows(n);
    for (let r0 = 0; r0 < batch; r0 += chunk) {
      const rows = Math.min(chunk, batch - r0);
      const xb = this.buf("x", rows * d * 4), pre = this.buf("pre", rows * n * 4);
      const ib = this.buf("idx", rows * k * 4), vb = this.buf("val", rows * k * 4), sb = this.buf("status", rows * 4);
      this.device.queue.writeBuffer(xb, 0, x.buffer, x.byteOffset + r0 * d * 4, rows * d * 4);
      this.device.queue.writeBuffer(sb, 0, new Uint32Array(rows));
      this.setDims(rows, k, order === "relu-topk");
      const enc = this.record([
        { kernel: "gemm", buffers: [xb, this.w.enc, this.w.bias, pre], groups: [Math.ceil(n / 64), Math.ceil(rows / 64)] },
        { kernel: "topk", buffers: [pre, ib, vb, sb], groups: [rows] },
      ]);
      const [iOut, vOut, sOut] = await this.submitAndRead(enc, [{ src: ib, bytes: rows * k * 4, name: "idx" }, { src: vb, bytes: rows * k * 4, name: "val" }, { src: sb, bytes: rows * 4, name: "status" }]);
      const bad = new Uint32Array(sOut!).findIndex((s) => s !== 0);
      if (bad >= 0) throw new SaeError("E_NONFINITE", `encode: a pre-activation of row ${r0 + bad} overflowed float32 (inputs or weights too large)`);
      indices.set(new Int32Array(iOut!), r0 * k);
      values.set(new Float32Array(vOut!), r0 * k);
    }
    return { indices, values, k, batch };
  }

  async decodeSparse(codes: Codes): Promise<Float32Array> {
    this.live();
    const { d } = this, { batch, k } = codes;
    const out = new Float32Array(batch * d);
    const chunk = this.chunkRows(Math.max(d, k));
    for (let r0 = 0; r0 < batch; r0 += chunk) {
      const rows = Math.min(chunk, batch - r0);
      const ib = this.buf("didx", rows * k * 4), vb = this.buf("dval", rows * k * 4), ob = this.buf("dout", rows * d * 4);
      this.device.queue.writeBuffer(ib, 0, codes.indices.buffer, codes.indices.byteOffset + r0 * k * 4, rows * k * 4);
      this.device.queue.writeBuffer(vb, 0, codes.values.buffer, codes.values.byteOffset + r0 * k * 4, rows * k * 4);
      this.setDims(rows, k, false);
      const enc = this.record([{ kernel: "decodeSparse", buffers: [ib, vb, this.w.wt, this.w.preBias, ob], groups: [Math.ceil(d / 64), rows] }]);
      const [o] = await this.submitAndRead(enc, [{ src: ob, bytes: rows * d * 4, name: "dout" }]);
      out.set(new Float32Array(o!), r0 * d);
    }
    return out;
  }

  async decodeDense(z: Float32Array, batch: number): Promise<Float32Array> {
    this.live();
    const { d, n } = this;
    const out = new Float32Array(batch * d);
    const chunk = this.chunkRows(n);
    for (let r0 = 0; r0 < batch; r0 += chunk) {
      const rows = Math.min(chunk, batch - r0);
      const zb = this.buf("z", rows * n * 4), ob = this.buf("dout", rows * d * 4);
      this.device.queue.writeBuffer(zb, 0, z.buffer, z.byteOffset + r0 * n * 4, rows * n * 4);
      this.setDims(rows, 0, false);
      const enc = this.record([{ kernel: "decodeDense", buffers: [zb, this.w.wt, this.w.preBias, ob], groups: [Math.ceil(d / 64), rows] }]);
      const [o] = await this.submitAndRead(enc, [{ src: ob, bytes: rows * d * 4, name: "dout" }]);
      out.set(new Float32Array(o!), r0 * d);
    }
    return out;
  }

  /** The weights as uploaded (kept on the host for weights() and for a fallback after device loss). */
  get hostWeights(): SaeWeights {
    return this.weights;
  }

  /** Loses the device as a driver reset would (tests of the fallback). */
  simulateLoss(): void {
    this.device.destroy();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.device.destroy();
  }
}
