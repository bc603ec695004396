// One WebGPU device and the few things both GPU paths (inference and training) do with it: open
// it, make pipelines and buffers, record compute passes, submit and read results back, notice loss.
/// <reference types="@webgpu/types" />
import { SaeError } from "../core/errors.js";
import type { GpuAdapterSummary, GpuLike } from "./types.js";

export type { GpuAdapterSummary, GpuLike };

export const USAGE_STORAGE = 0x80 | 0x08 | 0x04; // STORAGE | COPY_DST | COPY_SRC
export const USAGE_UNIFORM = 0x40 | 0x08; // UNIFORM | COPY_DST
export const USAGE_READ = 0x01 | 0x08; // MAP_READ | COPY_DST
const MAP_READ = 0x1;

/** A whole buffer, or a range of one (offsets a multiple of 256). */
export type Binding = GPUBuffer | { buffer: GPUBuffer; offset: number; size: number };

/** One step of recorded work: a kernel over its bindings (binding 0 first), or a buffer copy. */
export type Command =
  | { pipeline: GPUComputePipeline; bindings: Binding[]; groups: [number, number?, number?] }
  | { copy: GPUBuffer; to: GPUBuffer; bytes: number };

/** Workgroups for `count` items at `size` per workgroup, for kernels that loop with a grid stride. */
export const gridGroups = (count: number, size: number): number => Math.max(1, Math.min(65535, Math.ceil(count / size)));

export class GpuContext {
  private lostReason: string | undefined;

  private constructor(
    readonly device: GPUDevice,
    readonly adapter: GpuAdapterSummary,
  ) {
    void device.lost.then((info) => {
      this.lostReason = info.message || info.reason || "device lost";
    });
  }

  /**
   * A device from `gpu` (or navigator.gpu) with the adapter's full buffer limits, or undefined
   * where there is no adapter, or only a software one and `software` is false.
   */
  static async open(gpu: GpuLike | undefined, software: boolean): Promise<GpuContext | undefined> {
    const g = (gpu ?? (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu) as GPU | undefined;
    if (!g) return undefined;
    const adapter = await g.requestAdapter({ powerPreference: "high-performance" });
    if (!adapter) return undefined;
    const info = adapter.info;
    const fallback = !!(info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter;
    if (!software && fallback) return undefined;
    const limits = adapter.limits;
    const device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
        maxStorageBuffersPerShaderStage: Math.min(8, limits.maxStorageBuffersPerShaderStage),
      },
    });
    return new GpuContext(device, { vendor: info?.vendor ?? "", architecture: info?.architecture ?? "", description: info?.description ?? "", fallback });
  }

  /**
   * open() for `who` ("backend 'gpu'"): any adapter where `required` (else E_NO_GPU, naming
   * `instead`), otherwise a hardware adapter or undefined.
   */
  static async acquire(gpu: GpuLike | undefined, required: boolean, who: string, instead: string): Promise<GpuContext | undefined> {
    const ctx = await GpuContext.open(gpu, required);
    if (!ctx && required)
      throw new SaeError("E_NO_GPU", `${who}: this runtime has no WebGPU adapter (navigator.gpu missing or requestAdapter() gave none); use ${instead}`);
    return ctx;
  }

  /** Why the device was lost, if it was. */
  get lost(): string | undefined {
    return this.lostReason;
  }

  /** Throws E_GPU_LOST once the device is gone. */
  live(): void {
    if (this.lostReason !== undefined) throw new SaeError("E_GPU_LOST", `the GPU device was lost: ${this.lostReason}`);
  }

  /** Compiles a kernel (entry point `main`), with values for its `override` constants. */
  pipeline(code: string, constants?: Record<string, number>): GPUComputePipeline {
    return this.device.createComputePipeline({ layout: "auto", compute: { module: this.device.createShaderModule({ code }), entryPoint: "main", constants } });
  }

  buffer(bytes: number, usage = USAGE_STORAGE): GPUBuffer {
    return this.device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 4) * 4), usage });
  }

  /** A storage buffer holding `a`. */
  upload(a: Float32Array | Int32Array | Uint32Array): GPUBuffer {
    const buf = this.buffer(a.byteLength);
    this.device.queue.writeBuffer(buf, 0, a.buffer, a.byteOffset, a.byteLength);
    return buf;
  }

  /** A uniform buffer holding `bytes`. */
  uniform(bytes: ArrayBufferView): GPUBuffer {
    const buf = this.buffer(Math.max(32, bytes.byteLength), USAGE_UNIFORM);
    this.device.queue.writeBuffer(buf, 0, bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return buf;
  }

  /** Records `commands` on a new encoder: consecutive kernels share a compute pass, copies sit between passes. */
  private record(commands: Command[]): GPUCommandEncoder {
    const enc = this.device.createCommandEncoder();
    let pass: GPUComputePassEncoder | undefined;
    for (const c of commands) {
      if ("copy" in c) {
        pass?.end();
        pass = undefined;
        enc.copyBufferToBuffer(c.copy, 0, c.to, 0, c.bytes);
        continue;
      }
      pass ??= enc.beginComputePass();
      pass.setPipeline(c.pipeline);
      pass.setBindGroup(
        0,
        this.device.createBindGroup({
          layout: c.pipeline.getBindGroupLayout(0),
          entries: c.bindings.map((b, binding) => ({ binding, resource: "buffer" in b ? b : { buffer: b } })),
        }),
      );
      pass.dispatchWorkgroups(...c.groups);
    }
    pass?.end();
    return enc;
  }

  /**
   * Records `commands`, submits them, then copies each (buffer, bytes) out through `staging`
   * buffers. A validation error (a bug here, never silently wrong numbers) is E_GPU.
   */
  async run(commands: Command[], outs: { src: GPUBuffer; bytes: number; staging: GPUBuffer }[]): Promise<ArrayBuffer[]> {
    this.device.pushErrorScope("validation");
    const enc = this.record(commands);
    for (const o of outs) enc.copyBufferToBuffer(o.src, 0, o.staging, 0, Math.ceil(o.bytes / 4) * 4);
    this.device.queue.submit([enc.finish()]);
    const invalid = this.device.popErrorScope();
    try {
      await Promise.all(outs.map((o) => o.staging.mapAsync(MAP_READ)));
    } catch (cause) {
      const err = await invalid.catch(() => null);
      if (err && this.lostReason === undefined) throw new SaeError("E_GPU", `WebGPU rejected the work: ${err.message}`, { cause });
      throw new SaeError("E_GPU_LOST", `the GPU device was lost: ${this.lostReason ?? (cause as Error)?.message}`, { cause });
    }
    const err = await invalid;
    if (err) {
      for (const o of outs) o.staging.unmap();
      throw new SaeError("E_GPU", `WebGPU rejected the work: ${err.message}`);
    }
    return outs.map((o) => {
      const copy = o.staging.getMappedRange(0, Math.ceil(o.bytes / 4) * 4).slice(0, o.bytes);
      o.staging.unmap();
      return copy;
    });
  }

  /** Runs `make` under a validation scope; a validation error destroys the device and becomes E_GPU. */
  async validated<T>(what: string, make: () => T): Promise<T> {
    this.device.pushErrorScope("validation");
    const made = make();
    const err = await this.device.popErrorScope();
    if (err) {
      this.device.destroy();
      throw new SaeError("E_GPU", `${what}: ${err.message}`);
    }
    return made;
  }

  /** Loses the device as a driver reset would (tests of the fallbacks). */
  destroy(): void {
    this.device.destroy();
  }
}

/** What owns a device (the inference backend, the trainer): its adapter, liveness, disposal. */
export abstract class OnDevice {
  private disposed = false;

  protected constructor(
    protected readonly gpu: GpuContext,
    private readonly what: string,
  ) {}

  get adapter(): GpuAdapterSummary {
    return this.gpu.adapter;
  }

  /** Why the device was lost, if it was (the owner's user then falls back to Wasm). */
  get lost(): string | undefined {
    return this.gpu.lost;
  }

  /** Throws E_DISPOSED or E_GPU_LOST where the device can no longer be used. */
  protected live(): void {
    if (this.disposed) throw new SaeError("E_DISPOSED", `this ${this.what} was disposed`);
    this.gpu.live();
  }

  /** Loses the device as a driver reset would (tests of the fallbacks). */
  simulateLoss(): void {
    this.gpu.destroy();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.gpu.destroy();
  }
}
