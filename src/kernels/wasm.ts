// Loads the AssemblyScript kernels (assembly/index.ts) and owns their linear memory. No file system:
// the module comes from bytes embedded in the bundle, from a URL or Response, or a precompiled
// WebAssembly.Module (the only way in edge runtimes that refuse to compile bytes at run time).
import { instantiate } from "@assemblyscript/loader";
import { SaeError } from "../core/errors.js";
import { RELAXED_WASM_BASE64, SIMD_WASM_BASE64 } from "./wasm-binary.js";

/** Which instruction set a Wasm kernel module uses. */
export type WasmIsa = "relaxed-simd" | "simd";

/** Anything a kernel module can be made from. */
export type WasmSource = WebAssembly.Module | BufferSource | Response | PromiseLike<Response> | URL;

/** The exports of assembly/index.ts (pointers and sizes are i32 in wasm32). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  mem_alloc(bytes: number): number;
  mem_free(ptr: number): void;
  f32_topk__wasmsimd_heap(x: number, batch: number, n: number, k: number, relu: number, outIdx: number, outVal: number, heap: number): number;
  f32_encode_topk_scratch_bytes(batch: number, d: number, k: number, nc: number): number;
  f32_encode_topk__wasmsimd(
    x: number, batch: number, d: number, w: number, bias: number, n: number, k: number, nc: number, kc: number, order: number,
    outIdx: number, outVal: number, scratch: number,
  ): number;
  f32_decode_sparse__wasmsimd(idx: number, val: number, batch: number, k: number, wt: number, preBias: number, d: number, n: number, out: number): number;
  f32_decode_dense__wasmsimd(z: number, batch: number, n: number, wt: number, preBias: number, d: number, out: number): void;
}

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

let embedded: { simd: Uint8Array<ArrayBuffer>; relaxed: Uint8Array<ArrayBuffer> } | undefined;

/** The kernel modules embedded in this bundle, as bytes. */
export function embeddedWasm(): { simd: Uint8Array<ArrayBuffer>; relaxed: Uint8Array<ArrayBuffer> } {
  embedded ??= { simd: decodeBase64(SIMD_WASM_BASE64), relaxed: decodeBase64(RELAXED_WASM_BASE64) };
  return embedded;
}

/**
 * The best instruction set this runtime validates: relaxed SIMD (fused multiply-add), else SIMD,
 * else undefined (callers fall back to the plain-TS reference).
 */
export function detectIsa(): WasmIsa | undefined {
  if (typeof WebAssembly !== "object") return undefined;
  const { simd, relaxed } = embeddedWasm();
  if (WebAssembly.validate(relaxed)) return "relaxed-simd";
  if (WebAssembly.validate(simd)) return "simd";
  return undefined;
}

/** A kernel module instance together with a grow-on-demand allocator over its memory. */
export class WasmKernels {
  readonly isa: WasmIsa;
  readonly exports: KernelExports;

  constructor(isa: WasmIsa, exports: KernelExports) {
    this.isa = isa;
    this.exports = exports;
  }

  /** Allocates 16-byte aligned bytes in Wasm memory; E_WASM when the 4 GiB address space is full. */
  alloc(bytes: number): number {
    try {
      return this.exports.mem_alloc(Math.max(16, bytes)) >>> 0;
    } catch (cause) {
      throw new SaeError("E_WASM", `Wasm memory: could not allocate ${bytes} bytes (memory now ${this.exports.memory.buffer.byteLength} bytes)`, { cause });
    }
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
 * Scratch buffers reused across calls: `get(slot, bytes)` returns a pointer to at least `bytes`,
 * reallocating only when a call needs more than any before it.
 */
export class Workspace {
  private readonly slots = new Map<string, { ptr: number; bytes: number }>();

  constructor(private readonly kernels: WasmKernels) {}

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
 * Instantiates a kernel module. `source` defaults to the bytes embedded in the bundle for `isa`;
 * pass a precompiled WebAssembly.Module where the runtime forbids compiling bytes (workerd).
 */
export async function loadKernels(isa: WasmIsa, source?: WasmSource): Promise<WasmKernels> {
  const src = source ?? (isa === "relaxed-simd" ? embeddedWasm().relaxed : embeddedWasm().simd);
  try {
    const { exports } = await instantiate(await toInstantiable(src), {
      env: {
        abort(_msg: number, _file: number, line: number, col: number) {
          throw new SaeError("E_WASM", `Wasm kernel aborted at ${line}:${col}`);
        },
      },
    });
    return new WasmKernels(isa, exports as unknown as KernelExports);
  } catch (cause) {
    if (cause instanceof SaeError) throw cause;
    throw new SaeError("E_WASM", `could not instantiate the ${isa} kernel module: ${(cause as Error)?.message ?? cause}`, { cause });
  }
}
