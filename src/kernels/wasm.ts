// Loads the AssemblyScript kernels (assembly/index.ts) and owns their linear memory. No file system:
// the module comes from bytes embedded in the bundle, from a URL or Response, or a precompiled
// WebAssembly.Module (the only way in edge runtimes that refuse to compile bytes at run time).
import { instantiate } from "@assemblyscript/loader";
import { SaeError } from "../core/errors.js";

/** Which instruction set a Wasm kernel module uses. */
export type WasmIsa = "relaxed-simd" | "simd";

/** Anything a kernel module can be made from. */
export type WasmSource = WebAssembly.Module | BufferSource | Response | PromiseLike<Response> | URL;

/** The exports of assembly/index.ts (pointers and sizes are i32 in wasm32). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  mem_alloc(bytes: number): number;
  mem_free(ptr: number): void;
  f32_topk_heap(x: number, batch: number, n: number, k: number, relu: number, outIdx: number, outVal: number, heap: number): number;
  f32_encode_topk_scratch_bytes(batch: number, d: number, k: number, nc: number): number;
  f32_encode_topk(
    x: number,
    batch: number,
    d: number,
    w: number,
    bias: number,
    n: number,
    k: number,
    nc: number,
    kc: number,
    order: number,
    outIdx: number,
    outVal: number,
    scratch: number,
  ): number;
  f32_dots_rows(corpus: number, d: number, idx: number, count: number, w: number, bias: number, n: number, out: number, scratch: number): void;
  f32_dots_rows_scratch_bytes(count: number, d: number): number;
  i16_screen_pack(w: number, bias: number, n: number, d: number, q: number, stats: number): void;
  i16_encode_topk(
    x: number,
    batch: number,
    d: number,
    w: number,
    q: number,
    stats: number,
    bias: number,
    n: number,
    k: number,
    nc: number,
    outIdx: number,
    outVal: number,
    scratch: number,
  ): number;
  i16_encode_topk_scratch_bytes(batch: number, d: number, n: number, k: number, nc: number): number;
  f32_rank_dot(corpus: number, rows: number, d: number, v: number, top: number, scratch: number, outIdx: number, outVal: number): number;
  f32_rank_dot_scratch_bytes(top: number): number;
  f32_decode_sparse(idx: number, val: number, batch: number, k: number, wt: number, preBias: number, d: number, n: number, out: number): number;
  f32_decode_dense(z: number, batch: number, n: number, wt: number, preBias: number, d: number, out: number): void;
  f32_sparse_dots(idx: number, batch: number, k: number, rows: number, g: number, d: number, out: number): void;
  f32_sparse_scatter(idx: number, c: number, batch: number, k: number, g: number, d: number, grad: number, lo: number, hi: number): void;
  f32_sparse_sum_cols(idx: number, c: number, count: number, rows: number, d: number, q0: number, q1: number, out: number): void;
  f32_project_rows(w: number, grad: number, n: number, d: number): void;
  f32_normalize_rows(w: number, n: number, d: number): void;
  f32_sumsq(x: number, count: number): number;
  f32_adam(
    w: number,
    grad: number,
    m: number,
    v: number,
    count: number,
    scale: number,
    beta1: number,
    beta2: number,
    stepSize: number,
    bc2: number,
    eps: number,
  ): void;
  f32_pack_panels(src: number, n: number, d: number, dst: number): void;
  f32_col_means(t: number, u: number, hasU: number, batch: number, d: number, q0: number, q1: number, mean: number): void;
  f32_row_errors(r: number, t: number, u: number, hasU: number, rows: number, d: number, mean: number, out: number): void;
  f32_nmse_grad(r: number, t: number, u: number, hasU: number, count: number, s: number, grad: number): void;
  f32_sum_rows(g: number, batch: number, d: number, q0: number, q1: number, out: number): void;
}

/** A kernel module instance together with a grow-on-demand allocator over its memory. */
export class WasmKernels {
  readonly isa: WasmIsa;
  readonly exports: KernelExports;
  /** An instance attached to memory another thread allocates in: it must never allocate itself. */
  readonly attached: boolean;

  constructor(isa: WasmIsa, exports: KernelExports, attached = false) {
    this.isa = isa;
    this.exports = exports;
    this.attached = attached;
  }

  /** Allocates 16-byte aligned bytes in Wasm memory; E_WASM when the 4 GiB address space is full. */
  alloc(bytes: number): number {
    if (this.attached) throw new SaeError("E_WASM", "a worker's kernel instance shares memory and must not allocate");
    try {
      return this.exports.mem_alloc(Math.max(16, bytes)) >>> 0;
    } catch (cause) {
      throw new SaeError("E_WASM", `Wasm memory: could not allocate ${bytes} bytes (memory now ${this.exports.memory.buffer.byteLength} bytes)`, { cause });
    }
  }

  /** Several allocations, all or none: if one fails, those made before it are freed. */
  allocAll(...sizes: number[]): number[] {
    const ptrs: number[] = [];
    try {
      for (const bytes of sizes) ptrs.push(this.alloc(bytes));
    } catch (e) {
      for (const ptr of ptrs) this.free(ptr);
      throw e;
    }
    return ptrs;
  }

  free(ptr: number): void {
    if (ptr) this.exports.mem_free(ptr);
  }

  /** A fresh Float32Array view (views die whenever memory grows, so never keep one across an alloc). */
  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.exports.memory.buffer, ptr, length);
  }

  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.exports.memory.buffer, ptr, length);
  }
}

/**
 * Scratch memory for one kernel call at a time: `begin()` starts a call, `get(slot, bytes)` hands
 * out a buffer per named slot. `budget` bounds one call's total, so callers chunk their rows.
 */
export interface Scratch {
  readonly budget: number;
  begin(): void;
  get(slot: string, bytes: number): number;
}

/** Wasm ops process rows in chunks no larger than this, and no larger than the scratch budget allows. */
export const ROW_CHUNK = 1024;

/** The most rows (≤ max) whose scratch, bytesFor(rows), fits the budget; at least 1. */
export function rowsThatFit(budget: number, max: number, bytesFor: (rows: number) => number): number {
  let rows = Math.max(1, Math.min(max, ROW_CHUNK));
  while (rows > 1 && bytesFor(rows) > budget) rows = Math.max(1, rows >> 1);
  if (bytesFor(rows) > budget) throw new SaeError("E_WASM", `one row needs ${bytesFor(1)} bytes of scratch; only ${budget} are available`);
  return rows;
}

/**
 * Runs `body` over consecutive row chunks of a batch, each as large as the scratch holds
 * (`bytesFor(rows)` bytes), after freeing the scratch's slots from the last call.
 */
export function forEachChunk(ws: Scratch, batch: number, bytesFor: (rows: number) => number, body: (r0: number, rows: number) => void): void {
  const chunk = rowsThatFit(ws.budget, batch, bytesFor);
  ws.begin();
  for (let r0 = 0; r0 < batch; r0 += chunk) body(r0, Math.min(chunk, batch - r0));
}

/** A fixed region carved per call: what a worker uses in memory the main thread allocated. */
export class Arena implements Scratch {
  private next = 0;
  private readonly slots = new Map<string, number>();

  constructor(
    private readonly ptr: number,
    readonly budget: number,
  ) {}

  begin(): void {
    this.next = 0;
    this.slots.clear();
  }

  get(slot: string, bytes: number): number {
    const have = this.slots.get(slot);
    if (have !== undefined) return have;
    const at = this.ptr + this.next;
    this.next += (bytes + 15) & ~15;
    if (this.next > this.budget) throw new SaeError("E_WASM", `scratch arena of ${this.budget} bytes exhausted`);
    this.slots.set(slot, at);
    return at;
  }
}

/**
 * Scratch buffers reused across calls: `get(slot, bytes)` returns a pointer to at least `bytes`,
 * reallocating only when a call needs more than any before it.
 */
export class Workspace implements Scratch {
  readonly budget = Infinity;
  private readonly slots = new Map<string, { ptr: number; bytes: number }>();

  constructor(private readonly kernels: WasmKernels) {}

  begin(): void {}

  get(slot: string, bytes: number): number {
    const s = this.slots.get(slot);
    if (s && s.bytes >= bytes) return s.ptr;
    if (s) this.kernels.free(s.ptr);
    const ptr = this.kernels.alloc(bytes);
    this.slots.set(slot, { ptr, bytes });
    return ptr;
  }

  dispose(): void {
    for (const s of this.slots.values()) this.kernels.free(s.ptr);
    this.slots.clear();
  }
}

async function toInstantiable(source: WasmSource): Promise<WebAssembly.Module | BufferSource | Response> {
  if (source instanceof URL) return fetch(source);
  if (typeof (source as PromiseLike<Response>).then === "function") return await (source as PromiseLike<Response>);
  return source as WebAssembly.Module | BufferSource | Response;
}

/**
 * Instantiates a kernel module from `source` (a precompiled WebAssembly.Module where the runtime
 * forbids compiling bytes, as workerd does). With `shared`, the module is the shared-memory build
 * given that memory; an `attached` instance (a worker's) never allocates in it.
 */
export async function loadKernels(isa: WasmIsa, source: WasmSource, shared?: { memory: WebAssembly.Memory; attached: boolean }): Promise<WasmKernels> {
  const memory = shared?.memory;
  try {
    const { exports } = await instantiate(await toInstantiable(source), {
      env: {
        ...(memory ? { memory } : {}),
        abort(_msg: number, _file: number, line: number, col: number) {
          throw new SaeError("E_WASM", `Wasm kernel aborted at ${line}:${col}`);
        },
      },
    });
    return new WasmKernels(isa, exports as unknown as KernelExports, shared?.attached ?? false);
  } catch (cause) {
    if (cause instanceof SaeError) throw cause;
    throw new SaeError("E_WASM", `could not instantiate the ${isa} kernel module: ${(cause as Error)?.message ?? cause}`, { cause });
  }
}
