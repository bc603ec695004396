// The WebGPU backend: weights uploaded once (encoder [n, d], effective bias, decoderᵀ [n, d],
// pre_bias), scratch buffers kept and grown across calls, rows processed in chunks that fit the
// device's binding limit. Async throughout (the GPU queue is); SaeModel chooses it and falls back
// to Wasm on device loss.
/// <reference types="@webgpu/types" />
import { SaeError } from "../core/errors.js";
import { foldedBias, type ActivationOrder, type Codes, type SaeWeights } from "../core/model.js";
import { GpuContext, OnDevice, USAGE_READ, USAGE_STORAGE, type Binding, type GpuLike } from "./device.js";
import { DECODE_DENSE_WGSL, DECODE_SPARSE_WGSL, GEMM_WGSL, TOPK_WGSL } from "./wgsl.js";

export type { GpuAdapterSummary, GpuLike } from "./types.js";

export class GpuBackend extends OnDevice {
  private readonly pipelines: Record<"gemm" | "topk" | "decodeSparse" | "decodeDense", GPUComputePipeline>;
  private readonly scratch = new Map<string, GPUBuffer>();
  private readonly w: { enc: GPUBuffer; bias: GPUBuffer; wt: GPUBuffer; preBias: GPUBuffer };
  private readonly dims: GPUBuffer;
  private constructor(
    gpu: GpuContext,
    readonly d: number,
    readonly n: number,
    private readonly weights: SaeWeights,
  ) {
    super(gpu, "GPU backend");
    this.pipelines = {
      gemm: gpu.pipeline(GEMM_WGSL),
      topk: gpu.pipeline(TOPK_WGSL),
      decodeSparse: gpu.pipeline(DECODE_SPARSE_WGSL),
      decodeDense: gpu.pipeline(DECODE_DENSE_WGSL),
    };
    const wt = new Float32Array(n * d);
    for (let p = 0; p < d; p++) for (let i = 0; i < n; i++) wt[i * d + p] = weights.decoderWeight[p * n + i]!;
    this.w = { enc: gpu.upload(weights.encoderWeight), bias: gpu.upload(foldedBias(weights)), wt: gpu.upload(wt), preBias: gpu.upload(weights.preBias) };
    this.dims = gpu.uniform(new Uint32Array(8));
  }

  /**
   * Uploads the weights once. Required (backend 'gpu'): any adapter, else E_NO_GPU. Otherwise
   * (backend 'auto'): a hardware adapter or undefined. E_ARG when the encoder exceeds a binding.
   */
  static async create(load: () => Promise<SaeWeights>, options: { gpu?: GpuLike; required: boolean }): Promise<GpuBackend | undefined> {
    const gpu = await GpuContext.acquire(options.gpu, options.required, "backend 'gpu'", "backend 'wasm'");
    if (!gpu) return undefined;
    const weights = await load();
    const bytes = weights.nLatents * weights.nInputs * 4;
    const limit = gpu.device.limits.maxStorageBufferBindingSize;
    if (bytes > limit) {
      gpu.destroy();
      throw new SaeError("E_ARG", `backend 'gpu': the encoder (${bytes} bytes) exceeds this adapter's storage binding limit (${limit})`);
    }
    return gpu.validated("backend 'gpu'", () => new GpuBackend(gpu, weights.nInputs, weights.nLatents, weights));
  }

  get name(): "gpu" {
    return "gpu";
  }

  /** A scratch buffer of at least `bytes`, kept across calls and grown when a call needs more. */
  private buf(name: string, bytes: number, usage = USAGE_STORAGE): GPUBuffer {
    const have = this.scratch.get(name);
    if (have && have.size >= bytes) return have;
    have?.destroy();
    const b = this.gpu.buffer(Math.ceil(bytes / 256) * 256 || 256, usage);
    this.scratch.set(name, b);
    return b;
  }

  private setDims(rows: number, k: number, reluFirst: boolean): void {
    this.gpu.device.queue.writeBuffer(this.dims, 0, Uint32Array.of(rows, this.d, this.n, k, reluFirst ? 1 : 0, 0, 0, 0));
  }

  /**
   * Runs the kernels (each with its buffers after the dims, and its workgroups) and reads each
   * (buffer, bytes) back through a kept staging buffer.
   */
  private run(
    steps: { kernel: keyof GpuBackend["pipelines"]; buffers: Binding[]; groups: [number, number?] }[],
    outs: { src: GPUBuffer; bytes: number; name: string }[],
  ): Promise<ArrayBuffer[]> {
    return this.gpu.run(
      steps.map(({ kernel, buffers, groups }) => ({ pipeline: this.pipelines[kernel], bindings: [this.dims, ...buffers], groups })),
      outs.map((o) => ({ ...o, staging: this.buf(`read.${o.name}`, o.bytes, USAGE_READ) })),
    );
  }

  /** Rows per chunk so that the [rows, n] pre-activations fit one binding. */
  private chunkRows(width: number): number {
    return Math.max(1, Math.min(65535, Math.floor(Math.min(this.gpu.device.limits.maxStorageBufferBindingSize, 256 << 20) / (width * 4))));
  }

  async encode(x: Float32Array, batch: number, k: number, order: ActivationOrder): Promise<Codes> {
    this.live();
    const { d, n } = this;
    const indices = new Int32Array(batch * k),
      values = new Float32Array(batch * k);
    const chunk = this.chunkRows(n);
    for (let r0 = 0; r0 < batch; r0 += chunk) {
      const rows = Math.min(chunk, batch - r0);
      const xb = this.buf("x", rows * d * 4),
        pre = this.buf("pre", rows * n * 4);
      const ib = this.buf("idx", rows * k * 4),
        vb = this.buf("val", rows * k * 4),
        sb = this.buf("status", rows * 4);
      this.gpu.device.queue.writeBuffer(xb, 0, x.buffer, x.byteOffset + r0 * d * 4, rows * d * 4);
      this.gpu.device.queue.writeBuffer(sb, 0, new Uint32Array(rows));
      this.setDims(rows, k, order === "relu-topk");
      const [iOut, vOut, sOut] = await this.run(
        [
          { kernel: "gemm", buffers: [xb, this.w.enc, this.w.bias, pre], groups: [Math.ceil(n / 64), Math.ceil(rows / 64)] },
          { kernel: "topk", buffers: [pre, ib, vb, sb], groups: [rows] },
        ],
        [
          { src: ib, bytes: rows * k * 4, name: "idx" },
          { src: vb, bytes: rows * k * 4, name: "val" },
          { src: sb, bytes: rows * 4, name: "status" },
        ],
      );
      const bad = new Uint32Array(sOut!).findIndex((s) => s !== 0);
      if (bad >= 0) throw new SaeError("E_NONFINITE", `encode: a pre-activation of row ${r0 + bad} overflowed float32 (inputs or weights too large)`);
      indices.set(new Int32Array(iOut!), r0 * k);
      values.set(new Float32Array(vOut!), r0 * k);
    }
    return { indices, values, k, batch };
  }

  async decodeSparse(codes: Codes): Promise<Float32Array> {
    this.live();
    const { d } = this,
      { batch, k } = codes;
    const out = new Float32Array(batch * d);
    const chunk = this.chunkRows(Math.max(d, k));
    for (let r0 = 0; r0 < batch; r0 += chunk) {
      const rows = Math.min(chunk, batch - r0);
      const ib = this.buf("didx", rows * k * 4),
        vb = this.buf("dval", rows * k * 4),
        ob = this.buf("dout", rows * d * 4);
      this.gpu.device.queue.writeBuffer(ib, 0, codes.indices.buffer, codes.indices.byteOffset + r0 * k * 4, rows * k * 4);
      this.gpu.device.queue.writeBuffer(vb, 0, codes.values.buffer, codes.values.byteOffset + r0 * k * 4, rows * k * 4);
      this.setDims(rows, k, false);
      const [o] = await this.run(
        [{ kernel: "decodeSparse", buffers: [ib, vb, this.w.wt, this.w.preBias, ob], groups: [Math.ceil(d / 64), rows] }],
        [{ src: ob, bytes: rows * d * 4, name: "dout" }],
      );
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
      const zb = this.buf("z", rows * n * 4),
        ob = this.buf("dout", rows * d * 4);
      this.gpu.device.queue.writeBuffer(zb, 0, z.buffer, z.byteOffset + r0 * n * 4, rows * n * 4);
      this.setDims(rows, 0, false);
      const [o] = await this.run(
        [{ kernel: "decodeDense", buffers: [zb, this.w.wt, this.w.preBias, ob], groups: [Math.ceil(d / 64), rows] }],
        [{ src: ob, bytes: rows * d * 4, name: "dout" }],
      );
      out.set(new Float32Array(o!), r0 * d);
    }
    return out;
  }

  /** The weights as uploaded (kept on the host for weights() and for a fallback after device loss). */
  get hostWeights(): SaeWeights {
    return this.weights;
  }
}
