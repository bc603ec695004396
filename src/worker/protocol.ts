// The thread contract: replies that carry errors as data (a SaeError keeps its code across the
// thread boundary), and what an inference worker is initialised with and answers. Other concerns
// (training) define their own init messages and calls beside their code.
import { transfer } from "comlink";
import { SaeError, type SaeErrorCode } from "../core/errors.js";
import type { ActivationOrder, SaeWeights } from "../core/model.js";
import type { PackedEncoder } from "../kernels/encode.js";
import type { PackedDecoder } from "../kernels/decode.js";
import type { WasmIsa } from "../kernels/wasm.js";
import type { EncodeRequest } from "../kernels/sparse.js";

/** A worker attached to the main thread's shared Wasm memory: weights held once for all. */
export interface SharedInit {
  readonly mode: "shared";
  readonly isa: WasmIsa;
  readonly module: Uint8Array;
  readonly memory: WebAssembly.Memory;
  readonly enc: PackedEncoder;
  readonly dec: PackedDecoder;
  readonly preBias: Float32Array;
  readonly latentBias: Float32Array;
  /** A thresholded model's θ (the packed bias already has it folded in). */
  readonly threshold?: Float32Array;
  /** This worker's scratch region in the shared memory. */
  readonly arena: { readonly ptr: number; readonly bytes: number };
  readonly k: number;
  readonly order: ActivationOrder;
}

/** A worker with its own copy of the weights (runtimes without SharedArrayBuffer). */
export interface CopyInit {
  readonly mode: "copy";
  readonly backend: "wasm-relaxed-simd" | "wasm-simd" | "ref";
  readonly module?: Uint8Array | WebAssembly.Module;
  readonly weights: SaeWeights;
  readonly k: number;
  readonly order: ActivationOrder;
  /** Pack the encoder's integer copy too (SaeOptions.screen). */
  readonly screen: boolean;
}

/** How an inference worker starts. */
export type EngineInit = SharedInit | CopyInit;

export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: SaeErrorCode | "E_INTERNAL"; message: string; stack?: string } };

/** Runs f, turning a throw into an error reply; `move` names buffers of the value to transfer, not copy. */
export async function reply<T>(f: () => T | Promise<T>, move?: (v: T) => ArrayBufferLike[]): Promise<Reply<T>> {
  try {
    const value = await f();
    const r: Reply<T> = { ok: true, value };
    return move ? transfer(r, move(value) as Transferable[]) : r;
  } catch (e) {
    const err = e as { code?: SaeErrorCode; message?: string; stack?: string; name?: string };
    return {
      ok: false,
      error: {
        code: err?.name === "SaeError" && err.code ? err.code : "E_INTERNAL",
        message: err?.message ?? String(e),
        ...(err?.stack ? { stack: err.stack } : {}),
      },
    };
  }
}

/** The value of a reply, or its error thrown again as a SaeError (code kept; others become E_WORKER). */
export function unwrap<T>(r: Reply<T>): T {
  if (r.ok) return r.value;
  const code = r.error.code === "E_INTERNAL" ? "E_WORKER" : r.error.code;
  const e = new SaeError(code, r.error.code === "E_INTERNAL" ? `worker: ${r.error.message}` : r.error.message);
  if (r.error.stack) e.stack = r.error.stack;
  throw e;
}

/** What every worker answers first: its init message, with the name of what it runs. */
export interface WorkerApi<Init> {
  init(init: Init): Promise<Reply<string>>;
}

/** What an inference worker exposes through Comlink. */
export interface EngineApi extends WorkerApi<EngineInit> {
  /**
   * The model's encode (req.top: encodeTop's k; req.width: latents j < width); a thresholded
   * model's rows come back ragged (offsets), for the caller to pad to the whole batch's widest.
   */
  encode(x: Float32Array, rows: number, req?: EncodeRequest): Promise<Reply<{ indices: Int32Array; values: Float32Array; offsets?: Int32Array }>>;
  decode(indices: Int32Array, values: Float32Array, rows: number, k: number): Promise<Reply<Float32Array>>;
  decodeDense(z: Float32Array, rows: number): Promise<Reply<Float32Array>>;
  weights(): Promise<Reply<SaeWeights>>;
}
