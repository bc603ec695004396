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
  /** The integer copy for screened encodes of few rows (allocEncoder's `screen`), filled by fillScreen. */
  readonly screen?: ScreenedEncoder;
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

/**
 * Allocates the panels and bias of an [n, d] encoder in Wasm memory (zeros), for packEncoderRows;
 * with `screen`, the integer copy's buffers too (fillScreen fills them once the rows are packed).
 */
export function allocEncoder(kernels: WasmKernels, d: number, n: number, nc = blockLatents(d, n), kc = blockDepth(d), screen = false): PackedEncoder {
  if (nc % NR !== 0 || nc < NR) throw new SaeError("E_ARG", `block size must be a positive multiple of ${NR}, got ${nc}`);
  const nPad = Math.ceil(n / NR) * NR;
  const pairs = Math.ceil(d / 2);
  const [w, bias, q, stats] = kernels.allocAll(nPad * d * 4, nPad * 4, ...(screen ? [nPad * pairs * 4, (n * 3 + 5) * 8] : []));
  kernels.f32(w, nPad * d).fill(0);
  kernels.f32(bias, nPad).fill(0);
  // Integer panels per block: a multiple of four, so that a single row runs the 1×32 kernel throughout.
  const latents = Math.min(Math.max(4, Math.floor(BLOCK_BYTES / (pairs * 32) / 4) * 4), nPad / NR) * NR;
  return { d, n, w, bias, nc, kc, ...(screen ? { screen: { q: q!, stats: stats!, nc: latents } } : {}) };
}

/**
 * Packs rows row0.. of encoder.weight (latents) into panels and folds pre_bias into their bias,
 * latent_bias − W·pre_bias (− shift) in float64.
 */
export function packEncoderRows(
  kernels: WasmKernels,
  e: PackedEncoder,
  row0: number,
  rows: Float32Array,
  preBias: Float32Array,
  latentBias: Float32Array,
  /** Subtracted from each latent's bias too (a thresholded model's max(θ, 0), see kernels/sparse.ts). */
  shift?: Float32Array,
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
    bv[j] = latentBias[j]! - folded - (shift ? shift[j]! : 0);
    if (!Number.isFinite(bv[j]!))
      throw new SaeError("E_NONFINITE", `latent_bias − encoder.weight·pre_bias${shift ? " − threshold" : ""} overflows float32 at latent ${j}`);
  }
}

/** allocEncoder + packEncoderRows (+ fillScreen) for a whole [n, d] encoder; the caller frees via freeEncoder. */
export function packEncoder(
  kernels: WasmKernels,
  d: number,
  n: number,
  enc: Float32Array,
  preBias: Float32Array,
  latentBias: Float32Array,
  nc = blockLatents(d, n),
  kc = blockDepth(d),
  screen = false,
): PackedEncoder {
  const e = allocEncoder(kernels, d, n, nc, kc, screen);
  try {
    packEncoderRows(kernels, e, 0, enc, preBias, latentBias);
    fillScreen(kernels, e);
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
  if (e.screen) {
    kernels.free(e.screen.q);
    kernels.free(e.screen.stats);
  }
}

/**
 * The encoder in 12-bit integers beside its float32 panels, for the screened exact encode
 * (assembly/screen.ts): integer panels [ceil(n/8)][ceil(d/2)][8][2], per-latent scales and error
 * norms, and the latents per cache block of the integer panels.
 */
export interface ScreenedEncoder {
  readonly q: number;
  readonly stats: number;
  readonly nc: number;
}

/** Fills the integer copy from the packed float32 panels and bias (after the last packEncoderRows). */
export function fillScreen(kernels: WasmKernels, e: PackedEncoder): void {
  if (e.screen) kernels.exports.i16_screen_pack(e.w, e.bias, e.n, e.d, e.screen.q, e.screen.stats);
}

/**
 * Rows per call up to which the integer screen runs, one row at a time: a row streams the integer
 * panels (half the float32 bytes) through a one-row kernel, then scores about k candidates in
 * float32. Measured at d=1536: 2.8× the float32 GEMM at n=12288 for one row, 2.1× for two, 1.5× for
 * three; 1.6× at n=3072 for one, level for two, slower beyond (docs/performance.md).
 */
export const SCREEN_MAX_ROWS = 2;

const ORDER_CODE: Record<ActivationOrder, number> = { "topk-relu": 0, "relu-topk": 1 };

/**
 * Encodes x [batch, d] (already checked: whole rows, finite) into codes [batch, k]. Throws
 * E_NONFINITE if a pre-activation overflows float32. An encoder with an integer copy, asked for at
 * most SCREEN_MAX_ROWS rows in the release's order (top-k then ReLU), screens the latents in
 * integers first and scores only the candidates in float32: the same codes, bit for bit.
 */
export function encodeWasm(kernels: WasmKernels, ws: Scratch, e: PackedEncoder, x: Float32Array, batch: number, k: number, order: ActivationOrder): Codes {
  const { d, n, nc } = e;
  const indices = new Int32Array(batch * k);
  const values = new Float32Array(batch * k);
  const ex = kernels.exports;
  const screened = e.screen && batch <= SCREEN_MAX_ROWS && order === "topk-relu" && k > 0 ? e.screen : undefined;
  const scratchBytes = (r: number) =>
    Math.max(ex.f32_encode_topk_scratch_bytes(r, d, k, nc) >>> 0, screened ? ex.i16_encode_topk_scratch_bytes(1, d, n, k, screened.nc) >>> 0 : 0);
  forEachChunk(
    ws,
    batch,
    (r) => r * (d + 2 * k) * 4 + scratchBytes(r) + 64,
    (r0, rows) => {
      const xp = ws.get("encode.x", rows * d * 4);
      const ip = ws.get("encode.idx", rows * k * 4);
      const vp = ws.get("encode.val", rows * k * 4);
      const sp = ws.get("encode.scratch", scratchBytes(rows));
      kernels.f32(xp, rows * d).set(x.subarray(r0 * d, (r0 + rows) * d));
      // The screen row by row: its one-row kernel streams the integer panels once per row.
      let bad = screened ? -1 : -2;
      for (let r = 0; screened && r < rows && bad === -1; r++) {
        bad = ex.i16_encode_topk(xp + r * d * 4, 1, d, e.w, screened.q, screened.stats, e.bias, n, k, screened.nc, ip + r * k * 4, vp + r * k * 4, sp);
        if (bad === 0) bad = r;
      }
      // -2: the screen cannot bound these rows (float32 could overflow); the float32 GEMM decides.
      if (bad === -2) bad = ex.f32_encode_topk(xp, rows, d, e.w, e.bias, n, k, nc, e.kc, ORDER_CODE[order], ip, vp, sp);
      if (bad >= 0) {
        throw new SaeError("E_NONFINITE", `encode: a pre-activation of row ${r0 + bad} overflowed float32 (inputs or weights too large)`);
      }
      indices.set(kernels.i32(ip, rows * k), r0 * k);
      values.set(kernels.f32(vp, rows * k), r0 * k);
    },
  );
  return { indices, values, k, batch };
}
