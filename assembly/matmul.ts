// Encoder GEMM with fused bias and a top-k epilogue: pre = x · Wᵀ + b, then per-row top-k (SPEC §1).
// Register-blocked MR×8 microkernels over f32x4 (after XNNPACK's f32-gemm wasmsimd "loadsplat"):
// 6×8 with fused multiply-add, 5×8 where mul and add are separate (the products need registers too).
// The [batch, n] pre-activation matrix is never stored: each 6-row × nc-latent tile feeds the heaps.

import { madd } from "./simd";
import { heapOffer, heapDrain } from "./topk";

/** Rows per microkernel tile: the most that fit V8's 16 xmm registers without spilling. */
export const MR: i32 = ASC_FEATURE_RELAXED_SIMD ? 6 : 5;
/** Latents per microkernel tile and per packed panel (two f32x4). */
export const NR: i32 = 8;

/** Activation order: the release computes top-k then ReLU; dictionary_learning ReLU then top-k. */
export const ORDER_TOPK_RELU: i32 = 0;
export const ORDER_RELU_TOPK: i32 = 1;

@inline function rowBlocks(batch: i32): i32 { return (batch + MR - 1) / MR; }

/** Bytes of scratch f32_encode_topk__wasmsimd needs for these shapes. */
export function f32_encode_topk_scratch_bytes(batch: i32, d: i32, k: i32, nc: i32): usize {
  const xp = <usize>rowBlocks(batch) * <usize>MR * <usize>d * 4;
  const tile = <usize>MR * <usize>nc * 4;
  const heaps = <usize>batch * <usize>k * 8 + <usize>batch * 4;
  return ((xp + 15) & ~15) + ((tile + 15) & ~15) + heaps;
}

/** Packs x [batch, d] into row blocks of MR interleaved rows, [blocks][d][MR]; pad rows are 0. */
function packRows(x: usize, batch: i32, d: i32, xp: usize): void {
  const blocks = rowBlocks(batch);
  for (let b = 0; b < blocks; b++) {
    const dst = xp + (<usize>b * <usize>d * <usize>MR << 2);
    for (let r = 0; r < MR; r++) {
      const row = b * MR + r;
      if (row < batch) {
        const src = x + (<usize>row * <usize>d << 2);
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
 * One 6×8 tile over depth d: c[r][0..8) = init + Σ_p a[p][r] · w[p][0..8), where init is the
 * bias b[0..8) or, with `accumulate`, the tile's current contents (later depth chunks).
 * a: [d][6] packed rows; w: [d][8] packed panel; c: tile rows with stride ldc floats.
 * Exported so that Binaryen keeps it a function of its own: inlined into the blocked loop, V8
 * runs out of the 16 xmm registers for its 12 accumulators and spills (26 vs 58 GFLOP/s).
 */
export function f32_gemm_ukernel__wasmsimd_6x8(a: usize, w: usize, b: usize, d: i32, c: usize, ldc: usize, accumulate: bool): void {
  const s = ldc << 2;
  const b0 = v128.load(b);
  const b1 = v128.load(b, 16);
  let c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1;
  let c30 = b0, c31 = b1, c40 = b0, c41 = b1, c50 = b0, c51 = b1;
  if (accumulate) {
    c00 = v128.load(c); c01 = v128.load(c, 16); c10 = v128.load(c + s); c11 = v128.load(c + s, 16);
    c20 = v128.load(c + 2 * s); c21 = v128.load(c + 2 * s, 16); c30 = v128.load(c + 3 * s); c31 = v128.load(c + 3 * s, 16);
    c40 = v128.load(c + 4 * s); c41 = v128.load(c + 4 * s, 16); c50 = v128.load(c + 5 * s); c51 = v128.load(c + 5 * s, 16);
  }
  for (let p = 0; p < d; p++) {
    const w0 = v128.load(w);
    const w1 = v128.load(w, 16);
    const a0 = v128.load32_splat(a);
    c00 = madd(a0, w0, c00); c01 = madd(a0, w1, c01);
    const a1 = v128.load32_splat(a, 4);
    c10 = madd(a1, w0, c10); c11 = madd(a1, w1, c11);
    const a2 = v128.load32_splat(a, 8);
    c20 = madd(a2, w0, c20); c21 = madd(a2, w1, c21);
    const a3 = v128.load32_splat(a, 12);
    c30 = madd(a3, w0, c30); c31 = madd(a3, w1, c31);
    const a4 = v128.load32_splat(a, 16);
    c40 = madd(a4, w0, c40); c41 = madd(a4, w1, c41);
    const a5 = v128.load32_splat(a, 20);
    c50 = madd(a5, w0, c50); c51 = madd(a5, w1, c51);
    a += 24;
    w += 32;
  }
  v128.store(c, c00); v128.store(c, c01, 16); c += s;
  v128.store(c, c10); v128.store(c, c11, 16); c += s;
  v128.store(c, c20); v128.store(c, c21, 16); c += s;
  v128.store(c, c30); v128.store(c, c31, 16); c += s;
  v128.store(c, c40); v128.store(c, c41, 16); c += s;
  v128.store(c, c50); v128.store(c, c51, 16);
}

/** The 5×8 tile of f32_gemm_ukernel__wasmsimd_6x8, for builds without fused multiply-add. */
export function f32_gemm_ukernel__wasmsimd_5x8(a: usize, w: usize, b: usize, d: i32, c: usize, ldc: usize, accumulate: bool): void {
  const s = ldc << 2;
  const b0 = v128.load(b);
  const b1 = v128.load(b, 16);
  let c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1;
  let c30 = b0, c31 = b1, c40 = b0, c41 = b1;
  if (accumulate) {
    c00 = v128.load(c); c01 = v128.load(c, 16); c10 = v128.load(c + s); c11 = v128.load(c + s, 16);
    c20 = v128.load(c + 2 * s); c21 = v128.load(c + 2 * s, 16); c30 = v128.load(c + 3 * s); c31 = v128.load(c + 3 * s, 16);
    c40 = v128.load(c + 4 * s); c41 = v128.load(c + 4 * s, 16);
  }
  for (let p = 0; p < d; p++) {
    const w0 = v128.load(w);
    const w1 = v128.load(w, 16);
    const a0 = v128.load32_splat(a);
    c00 = madd(a0, w0, c00); c01 = madd(a0, w1, c01);
    const a1 = v128.load32_splat(a, 4);
    c10 = madd(a1, w0, c10); c11 = madd(a1, w1, c11);
    const a2 = v128.load32_splat(a, 8);
    c20 = madd(a2, w0, c20); c21 = madd(a2, w1, c21);
    const a3 = v128.load32_splat(a, 12);
    c30 = madd(a3, w0, c30); c31 = madd(a3, w1, c31);
    const a4 = v128.load32_splat(a, 16);
    c40 = madd(a4, w0, c40); c41 = madd(a4, w1, c41);
    a += 20;
    w += 32;
  }
  v128.store(c, c00); v128.store(c, c01, 16); c += s;
  v128.store(c, c10); v128.store(c, c11, 16); c += s;
  v128.store(c, c20); v128.store(c, c21, 16); c += s;
  v128.store(c, c30); v128.store(c, c31, 16); c += s;
  v128.store(c, c40); v128.store(c, c41, 16);
}

/**
 * Encode with top-k: x [batch, d] row-major; w the encoder packed as [ceil(n/8)][d][8] (latent
 * j of panel q = latent 8q+j, zero past n); bias [ceil(n/8)·8] the effective bias
 * latent_bias − W·pre_bias. Writes outIdx/outVal [batch, k], each row best first, values after
 * ReLU. nc: latents per cache block (multiple of 8): the block's panels stay in L2 while every
 * row block streams past them; kc: depth per chunk (L1). k = 0 runs the GEMM alone (benchmarks). Returns -1, or the first row with a non-finite pre-activation.
 */
export function f32_encode_topk__wasmsimd(
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
  const reluFirst = order == ORDER_RELU_TOPK;
  for (let n0 = 0; n0 < n; n0 += nc) {
    const ncur = min(nc, n - n0);
    const panels = (ncur + NR - 1) / NR;
    for (let rb = 0; rb < blocks; rb++) {
      const a = xp + (<usize>rb * <usize>d * <usize>MR << 2);
      // Depth chunks of kc keep the row block's slice (MR·kc floats) in L1 while panels stream.
      for (let p0 = 0; p0 < d; p0 += kc) {
        const depth = min(kc, d - p0);
        const ap = a + (<usize>p0 * <usize>MR << 2);
        for (let q = 0; q < panels; q++) {
          const panel = (n0 / NR) + q;
          const wp = w + <usize>panel * panelBytes + (<usize>p0 << 5);
          const bp = bias + (<usize>panel << 5);
          const cp = tile + (<usize>q << 5);
          if (MR == 6) f32_gemm_ukernel__wasmsimd_6x8(ap, wp, bp, depth, cp, nc, p0 > 0);
          else f32_gemm_ukernel__wasmsimd_5x8(ap, wp, bp, depth, cp, nc, p0 > 0);
        }
      }
      const rows = k == 0 ? 0 : min(MR, batch - rb * MR);
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
