// Wasm encode: packs the encoder once into the microkernels' 8-wide panel layout, folds pre_bias into
// the bias once, then runs assembly/matmul.ts's GEMM + top-k over row chunks. Oracle: encode.ref.ts.
import type { ActivationOrder, Codes } from "../core/model.js";
import { SaeError } from "../core/errors.js";
import { forEachChunk, type Scratch, type WasmKernels } from "./wasm.js";

/** Latents per packed panel: the microkernel's width (assembly/matmul.ts NR). */
const NR = 8;
/** Bytes of encoder panels kept hot per cache block: about half a typical 512 KiB L2. */
const BLOCK_BYTES = 256 * 1024;
/** Depth per chunk: the row block's slice, 6·512 floats = 12 KiB, stays in a 32 KiB L1. */
const DEPTH_CHUNK = 512;

/** The encoder in Wasm memory, ready for f32_encode_topk. */
export interface PackedEncoder {
  readonly d: number;
  readonly n: number;
  /** [ceil(n/8)][d][8] packed encoder.weight. */
  readonly w: number;
  /** [ceil(n/8)·8] latent_bias − encoder.weight·pre_bias, computed in float64. */
  readonly bias: number;
  /** Latents per cache block. */
  readonly nc: number;
  /** Depth per chunk. */
  readonly kc: number;
}

/** Latents per cache block for depth d: as many 8-wide panels as fit BLOCK_BYTES, at least one. */
export function blockLatents(d: number, n: number): number {
  const panels = Math.max(1, Math.floor(BLOCK_BYTES / (d * NR * 4)));
  return Math.min(panels, Math.ceil(n / NR)) * NR;
}

/** Depth chunk for depth d: chunks of about DEPTH_CHUNK, equal in size. */
export function blockDepth(d: number): number {
  return Math.ceil(d / Math.ceil(d / DEPTH_CHUNK));
}

/** Allocates the panels and bias of an [n, d] encoder in Wasm memory (zeros), for packEncoderRows. */
export function allocEncoder(kernels: WasmKernels, d: number, n: number, nc = blockLatents(d, n), kc = blockDepth(d)): PackedEncoder {
  if (nc % NR !== 0 || nc < NR) throw new SaeError("E_ARG", `block size must be a positive multiple of ${NR}, got ${nc}`);
  const nPad = Math.ceil(n / NR) * NR;
  const [w, bias] = kernels.allocAll(nPad * d * 4, nPad * 4) as [number, number];
  kernels.f32(w, nPad * d).fill(0);
  kernels.f32(bias, nPad).fill(0);
  return { d, n, w, bias, nc, kc };
}

/**
 * Packs rows row0.. of encoder.weight (latents) into panels and folds pre_bias into their bias,
 * latent_bias − W·pre_bias in float64.
 */
export function packEncoderRows(
  kernels: WasmKernels,
  e: PackedEncoder,
  row0: number,
  rows: Float32Array,
  preBias: Float32Array,
  latentBias: Float32Array,
): void {
  const { d, n } = e;
  const count = rows.length / d;
  const wv = kernels.f32(e.w, Math.ceil(n / NR) * NR * d);
  const bv = kernels.f32(e.bias, n);
  for (let r = 0; r < count; r++) {
    const j = row0 + r;
    const base = (j - (j % NR)) * d + (j % NR);
    let folded = 0;
    for (let p = 0; p < d; p++) {
      const v = rows[r * d + p]!;
      wv[base + p * NR] = v;
      folded += v * preBias[p]!;
    }
    bv[j] = latentBias[j]! - folded;
    if (!Number.isFinite(bv[j]!)) throw new SaeError("E_NONFINITE", `latent_bias − encoder.weight·pre_bias overflows float32 at latent ${j}`);
  }
}

/** allocEncoder + packEncoderRows for a whole [n, d] encoder; the caller frees via freeEncoder. */
export function packEncoder(
  kernels: WasmKernels,
  d: number,
  n: number,
  enc: Float32Array,
  preBias: Float32Array,
  latentBias: Float32Array,
  nc = blockLatents(d, n),
  kc = blockDepth(d),
): PackedEncoder {
  const e = allocEncoder(kernels, d, n, nc, kc);
  try {
    packEncoderRows(kernels, e, 0, enc, preBias, latentBias);
  } catch (err) {
    freeEncoder(kernels, e);
    throw err;
  }
  return e;
}

/** encoder.weight [n, d] rebuilt from the panels. */
export function unpackEncoder(kernels: WasmKernels, e: PackedEncoder): Float32Array {
  const { d, n } = e;
  const wv = kernels.f32(e.w, Math.ceil(n / NR) * NR * d);
  const out = new Float32Array(n * d);
  for (let j = 0; j < n; j++) {
    const base = (j - (j % NR)) * d + (j % NR);
    for (let p = 0; p < d; p++) out[j * d + p] = wv[base + p * NR]!;
  }
  return out;
}

export function freeEncoder(kernels: WasmKernels, e: PackedEncoder): void {
  kernels.free(e.w);
  kernels.free(e.bias);
}

const ORDER_CODE: Record<ActivationOrder, number> = { "topk-relu": 0, "relu-topk": 1 };

/**
 * Encodes x [batch, d] (already checked: whole rows, finite) into codes [batch, k]. Throws
 * E_NONFINITE if a pre-activation overflows float32.
 */
export function encodeWasm(kernels: WasmKernels, ws: Scratch, e: PackedEncoder, x: Float32Array, batch: number, k: number, order: ActivationOrder): Codes {
  const { d, n, nc } = e;
  const indices = new Int32Array(batch * k);
  const values = new Float32Array(batch * k);
  const ex = kernels.exports;
  forEachChunk(
    ws,
    batch,
    (r) => r * (d + 2 * k) * 4 + (ex.f32_encode_topk_scratch_bytes(r, d, k, nc) >>> 0) + 64,
    (r0, rows) => {
      const xp = ws.get("encode.x", rows * d * 4);
      const ip = ws.get("encode.idx", rows * k * 4);
      const vp = ws.get("encode.val", rows * k * 4);
      const sp = ws.get("encode.scratch", ex.f32_encode_topk_scratch_bytes(rows, d, k, nc) >>> 0);
      kernels.f32(xp, rows * d).set(x.subarray(r0 * d, (r0 + rows) * d));
      const bad = ex.f32_encode_topk(xp, rows, d, e.w, e.bias, n, k, nc, e.kc, ORDER_CODE[order], ip, vp, sp);
      if (bad >= 0) {
        throw new SaeError("E_NONFINITE", `encode: a pre-activation of row ${r0 + bad} overflowed float32 (inputs or weights too large)`);
      }
      indices.set(kernels.i32(ip, rows * k), r0 * k);
      values.set(kernels.f32(vp, rows * k), r0 * k);
    },
  );
  return { indices, values, k, batch };
}
