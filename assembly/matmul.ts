// Encoder GEMM with fused bias and a top-k epilogue: pre = x · Wᵀ + b, then per-row top-k.
// Register-blocked microkernels over f32x4 (assembly/ukernels.ts, after XNNPACK's f32-gemm wasmsimd
// "loadsplat"): 6×8 with fused multiply-add, 5×8 where mul and add are separate (the products need
// registers too), narrower tiles for the last rows of a batch.
// The [batch, n] pre-activation matrix is never stored: each 6-row × nc-latent tile feeds the heaps.

import { heapOffer, heapDrain } from "./topk";
import {
  f32_gemm_ukernel__wasmsimd_6x8, f32_gemm_ukernel__wasmsimd_5x8, f32_gemm_ukernel__wasmsimd_4x8,
  f32_gemm_ukernel__wasmsimd_3x8, f32_gemm_ukernel__wasmsimd_2x8, f32_gemm_ukernel__wasmsimd_1x8,
  f32_gemm_ukernel__wasmsimd_1x32,
} from "./ukernels";

/** Rows per microkernel tile: the most that fit V8's 16 xmm registers without spilling. */
export const MR: i32 = ASC_FEATURE_RELAXED_SIMD ? 6 : 5;
/** Latents per microkernel tile and per packed panel (two f32x4). */
export const NR: i32 = 8;

/** Activation order: the release computes top-k then ReLU; dictionary_learning ReLU then top-k. */
export const ORDER_TOPK_RELU: i32 = 0;
export const ORDER_RELU_TOPK: i32 = 1;

@inline function rowBlocks(batch: i32): i32 { return (batch + MR - 1) / MR; }

/** Bytes of scratch f32_encode_topk needs for these shapes. */
export function f32_encode_topk_scratch_bytes(batch: i32, d: i32, k: i32, nc: i32): usize {
  const xp = <usize>rowBlocks(batch) * <usize>MR * <usize>d * 4;
  const tile = <usize>MR * <usize>nc * 4;
  const heaps = <usize>batch * <usize>k * 8 + <usize>batch * 4;
  return ((xp + 15) & ~15) + ((tile + 15) & ~15) + heaps;
}

/**
 * Packs x [batch, d] into row blocks of MR interleaved rows, [blocks][d][MR]; pad rows are 0. With
 * `idx` (i32 row numbers, 0: none), row j of the block is row idx[j] of x: chosen rows, gathered.
 */
function packRows(x: usize, batch: i32, d: i32, xp: usize, idx: usize = 0): void {
  const blocks = rowBlocks(batch);
  for (let b = 0; b < blocks; b++) {
    const dst = xp + (<usize>b * <usize>d * <usize>MR << 2);
    for (let r = 0; r < MR; r++) {
      const row = b * MR + r;
      if (row < batch) {
        const from = idx ? load<i32>(idx + (<usize>row << 2)) : row;
        const src = x + (<usize>from * <usize>d << 2);
        for (let p = 0; p < d; p++) {
          store<f32>(dst + (<usize>(p * MR + r) << 2), load<f32>(src + (<usize>p << 2)));
        }
      } else {
        for (let p = 0; p < d; p++) store<f32>(dst + (<usize>(p * MR + r) << 2), 0);
      }
    }
  }
}

/**
 * One depth chunk of a row block against `panels` consecutive panels: the widest tile that the
 * block's real rows fill (the pad rows of a short last block are never computed; one row takes
 * four panels at a time so that enough independent sums hide the multiply-add latency).
 */
@inline function gemmRowBlock(
  rows: i32, a: usize, w: usize, panelBytes: usize, bias: usize, panels: i32, depth: i32, tile: usize, nc: i32, accumulate: bool,
): void {
  const astride = <usize>MR << 2;
  const ldc = <usize>nc;
  let q = 0;
  if (rows === 1) {
    for (; q + 4 <= panels; q += 4) {
      f32_gemm_ukernel__wasmsimd_1x32(a, astride, w + <usize>q * panelBytes, panelBytes, bias + (<usize>q << 5), depth, tile + (<usize>q << 5), ldc, accumulate);
    }
  }
  for (; q < panels; q++) {
    const wp = w + <usize>q * panelBytes;
    const bp = bias + (<usize>q << 5);
    const cp = tile + (<usize>q << 5);
    switch (rows) {
      case 6: f32_gemm_ukernel__wasmsimd_6x8(a, astride, wp, bp, depth, cp, ldc, accumulate); break;
      case 5: f32_gemm_ukernel__wasmsimd_5x8(a, astride, wp, bp, depth, cp, ldc, accumulate); break;
      case 4: f32_gemm_ukernel__wasmsimd_4x8(a, astride, wp, bp, depth, cp, ldc, accumulate); break;
      case 3: f32_gemm_ukernel__wasmsimd_3x8(a, astride, wp, bp, depth, cp, ldc, accumulate); break;
      case 2: f32_gemm_ukernel__wasmsimd_2x8(a, astride, wp, bp, depth, cp, ldc, accumulate); break;
      default: f32_gemm_ukernel__wasmsimd_1x8(a, astride, wp, bp, depth, cp, ldc, accumulate);
    }
  }
}

/**
 * Encode with top-k: x [batch, d] row-major; w the encoder packed as [ceil(n/8)][d][8] (latent
 * j of panel q = latent 8q+j, zero past n); bias [ceil(n/8)·8] the effective bias
 * latent_bias − W·pre_bias. Writes outIdx/outVal [batch, k], each row best first, values after
 * ReLU. nc: latents per cache block (multiple of 8): the block's panels stay in L2 while every
 * row block streams past them; kc: depth per chunk (L1). k = 0 runs the GEMM alone (benchmarks). Returns -1, or the first row with a non-finite pre-activation.
 */
export function f32_encode_topk(
  x: usize, batch: i32, d: i32, w: usize, bias: usize, n: i32, k: i32, nc: i32, kc: i32, order: i32,
  outIdx: usize, outVal: usize, scratch: usize,
): i32 {
  const xp = scratch;
  const tile = xp + ((<usize>rowBlocks(batch) * <usize>MR * <usize>d * 4 + 15) & ~15);
  const heaps = tile + ((<usize>MR * <usize>nc * 4 + 15) & ~15);
  const sizes = heaps + (<usize>batch * <usize>k << 3);
  packRows(x, batch, d, xp);
  memory.fill(sizes, 0, <usize>batch << 2);
  const panelBytes = <usize>d * <usize>NR << 2;
  const blocks = rowBlocks(batch);
  const reluFirst = order === ORDER_RELU_TOPK;
  for (let n0 = 0; n0 < n; n0 += nc) {
    const ncur = min(nc, n - n0);
    const panels = (ncur + NR - 1) / NR;
    for (let rb = 0; rb < blocks; rb++) {
      const a = xp + (<usize>rb * <usize>d * <usize>MR << 2);
      const real = min(MR, batch - rb * MR);
      // Depth chunks of kc keep the row block's slice (MR·kc floats) in L1 while panels stream.
      for (let p0 = 0; p0 < d; p0 += kc) {
        gemmRowBlock(
          real, a + (<usize>p0 * <usize>MR << 2), w + <usize>(n0 / NR) * panelBytes + (<usize>p0 << 5), panelBytes,
          bias + (<usize>(n0 / NR) << 5), panels, min(kc, d - p0), tile, nc, p0 > 0,
        );
      }
      const rows = k === 0 ? 0 : real;
      for (let r = 0; r < rows; r++) {
        const row = rb * MR + r;
        const t = tile + (<usize>r * <usize>nc << 2);
        if (reluFirst) {
          const zero = f32x4.splat(0);
          for (let j = 0; j < panels * NR; j += 4) {
            const p = t + (<usize>j << 2);
            const v = v128.load(p);
            // NaN must survive the clamp so that heapOffer still reports it (max would drop it).
            v128.store(p, v128.bitselect(v, f32x4.max(v, zero), f32x4.ne(v, v)));
          }
        }
        const sp = sizes + (<usize>row << 2);
        const size = heapOffer(heaps + (<usize>row * <usize>k << 3), load<i32>(sp), k, t, n0, ncur, true);
        if (size < 0) return row;
        store<i32>(sp, size);
      }
    }
  }
  for (let row = 0; row < batch; row++) {
    const o = <usize>row * <usize>k << 2;
    heapDrain(heaps + (o << 1), k, outIdx + o, outVal + o, !reluFirst);
  }
  return -1;
}

/** Bytes of scratch f32_dots_rows needs: the chosen rows packed as row blocks. */
export function f32_dots_rows_scratch_bytes(count: i32, d: i32): usize {
  return <usize>rowBlocks(count) * <usize>MR * <usize>d * 4;
}

/**
 * Dense scores of chosen corpus rows against n vectors: out[j][i] = corpus[idx[j]] · w_i for the
 * `count` row numbers idx (i32) of corpus [·, d], w packed as in f32_encode_topk (zero past n),
 * bias [ceil(n/8)·8] zeros; out [count][ceil(n/8)·8]. The rows are gathered by packing, so the
 * corpus is never copied. The labeller scores many phrases over one feature's documents this way.
 */
export function f32_dots_rows(corpus: usize, d: i32, idx: usize, count: i32, w: usize, bias: usize, n: i32, out: usize, scratch: usize): void {
  packRows(corpus, count, d, scratch, idx);
  const blocks = rowBlocks(count);
  const panels = (n + NR - 1) / NR;
  const ldc = panels * NR;
  const panelBytes = <usize>d * <usize>NR << 2;
  for (let b = 0; b < blocks; b++) {
    gemmRowBlock(
      min(MR, count - b * MR), scratch + (<usize>b * <usize>d * <usize>MR << 2), w, panelBytes, bias, panels, d,
      out + (<usize>b * <usize>MR * <usize>ldc << 2), ldc, false,
    );
  }
}
