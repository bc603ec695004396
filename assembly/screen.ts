// Exact top-k encode with an integer screen: every latent is scored with 12-bit integers (i16 dot
// products, i32x4.dot_i16x8_s: one pmaddwd for eight multiply-adds, where V8 lowers the int8 relaxed
// dot to three instructions), each score with a rigorous error bound; only the latents whose upper
// bound reaches the k-th best lower bound are scored again in float32, by the very operations of the
// float32 GEMM (ukernels.ts: acc = bias, then acc = madd(x[p], w[p], acc) for p in order), so the
// selected set, its order and its values are bit for bit those of f32_encode_topk.
//
// The bound, for x = s·qx + ex and w = t·qw + ew (per-row and per-latent scales, |q| ≤ 2047):
//   x·w = s·t·(qx·qw) + s·(qx·ew) + ex·w,   |s·(qx·ew) + ex·w| ≤ s‖qx‖·‖ew‖ + ‖ex‖·‖w‖   (Cauchy–Schwarz)
// and the float32 GEMM's own rounding, at most γ(‖x‖‖w‖ + |b|) with γ = mu/(1 − mu), mu = (2d + 2)·2⁻²⁴
// (Higham, §3.1; two roundings per step covers both the fused and the separate multiply-add). qx·qw is exact: i32
// sums over depth chunks of 512 (2047²·512 < 2³¹), added in float64. A latent left out has an upper
// bound below k lower bounds, so k latents are certainly above it.

import { heapOffer, heapDrain, heapPush, heapRootValue } from "./topk";
import { madd } from "./simd";

const QMAX: f64 = 2047;
/** Rows per integer tile (ten i32x4 accumulators, two weight vectors and a splat fit 16 xmm registers). */
export const SR: i32 = 5;
/** Depth pairs per chunk: 512 products of |q| ≤ 2047 cannot overflow an i32 lane. */
const CHUNK_PAIRS: i32 = 256;
/** Float64s of per-latent statistics: scale t, ‖ew‖, ‖w‖. */
const STATS: i32 = 3;

@inline function pairsOf(d: i32): i32 { return (d + 1) >> 1; }
@inline function blocksOf(batch: i32): i32 { return (batch + SR - 1) / SR; }

/** The float32 at or above x (x finite, well inside float32's range). */
@inline function f32Up(x: f64): f32 {
  const v = <f32>x;
  if (<f64>v >= x) return v;
  const b = reinterpret<u32>(v);
  return reinterpret<f32>(v > 0 || b === 0 ? b + 1 : v === 0 ? 1 : b - 1);
}

/** The float32 at or below x. */
@inline function f32Down(x: f64): f32 {
  const v = <f32>x;
  if (<f64>v <= x) return v;
  const b = reinterpret<u32>(v);
  return reinterpret<f32>(v > 0 ? b - 1 : v === 0 ? 0x80000001 : b + 1);
}

/**
 * Quantises `count` floats read `stride` bytes apart into 12-bit integers, depth p at
 * q + (p >> 1)·pairStride + (p & 1)·2 (two depths side by side, as i32x4.dot_i16x8_s pairs them);
 * returns the scale and writes ‖v − scale·q‖², ‖q‖², ‖v‖² (float64) to out.
 */
function quantise(src: usize, stride: usize, count: i32, q: usize, pairStride: usize, out: usize): f32 {
  let top: f32 = 0;
  for (let p = 0; p < count; p++) top = max(top, abs(load<f32>(src + <usize>p * stride)));
  const scale = <f32>(<f64>top / QMAX);
  let res: f64 = 0, qq: f64 = 0, vv: f64 = 0;
  for (let p = 0; p < count; p++) {
    const v = <f64>load<f32>(src + <usize>p * stride);
    // A scale that underflowed to 0 leaves q = 0 and the whole value in the residual.
    const qi: f64 = scale > 0 ? min(QMAX, max(-QMAX, nearest(v / <f64>scale))) : 0;
    const e = v - <f64>scale * qi;
    store<i16>(q + <usize>(p >> 1) * pairStride + (<usize>(p & 1) << 1), <i16>qi);
    res += e * e;
    qq += qi * qi;
    vv += v * v;
  }
  store<f64>(out, res);
  store<f64>(out, qq, 8);
  store<f64>(out, vv, 16);
  return scale;
}

/**
 * The encoder in 12-bit integers, from its float32 panels w [ceil(n/8)][d][8]: q [ceil(n/8)][pairs][8][2]
 * (two depths per latent side by side; a missing last depth and latents past n are 0) and per-latent
 * statistics [n][3] float64: scale t, ‖ew‖, ‖w‖ (the norms rounded up), then the largest ‖w‖ and
 * |bias| of the encoder, then three float64 of scratch: (3n + 5) float64 in all.
 */
export function i16_screen_pack(w: usize, bias: usize, n: i32, d: i32, q: usize, stats: usize): void {
  const pairs = pairsOf(d);
  memory.fill(q, 0, <usize>((n + 7) >> 3) * <usize>pairs * 32);
  const top = stats + (<usize>n * STATS << 3);
  const tmp = top + 16;
  let maxW: f64 = 0, maxB: f64 = 0;
  for (let l = 0; l < n; l++) {
    const src = w + ((<usize>(l >> 3) * <usize>d * 8 + <usize>(l & 7)) << 2);
    const dst = q + <usize>(l >> 3) * <usize>pairs * 32 + (<usize>(l & 7) << 2);
    const t = quantise(src, 32, d, dst, 32, tmp);
    const s = stats + (<usize>l * STATS << 3);
    store<f64>(s, <f64>t);
    store<f64>(s, Math.sqrt(load<f64>(tmp)) * (1 + 1e-12), 8);
    const norm = Math.sqrt(load<f64>(tmp, 16)) * (1 + 1e-12);
    store<f64>(s, norm, 16);
    maxW = max(maxW, norm);
    maxB = max(maxB, abs(<f64>load<f32>(bias + (<usize>l << 2))));
  }
  // What decides, per row, whether float32 could overflow: the same for every call.
  store<f64>(top, maxW);
  store<f64>(top, maxB, 8);
}

/** Bytes of scratch i16_encode_topk needs. */
export function i16_encode_topk_scratch_bytes(batch: i32, d: i32, n: i32, k: i32, nc: i32): usize {
  const xq = <usize>blocksOf(batch) * <usize>pairsOf(d) * <usize>SR * 4;
  const rows = <usize>batch * 4 * 8;
  const ub = <usize>batch * <usize>n * 4;
  const tile = <usize>SR * <usize>nc * 8;
  const lbRow = <usize>nc * 4;
  const heaps = <usize>batch * <usize>k * 8 + <usize>batch * 4;
  const cand = <usize>n * 4 + 16;
  const fin = <usize>k * 8;
  return ((xq + 15) & ~15) + rows + ((ub + 15) & ~15) + tile + ((lbRow + 15) & ~15) + heaps + ((cand + 15) & ~15) + fin + 64;
}

/**
 * SR rows × 8 latents over `pairs` depth pairs: a [pairs][SR] i32 pairs of the rows' i16s, w the
 * panel [pairs][8][2]; adds (or with `first` stores) the exact integer sums as float64 into
 * t[r·ldt + j], j < 8.
 */
export function i16_gemm_5x8(a: usize, w: usize, pairs: i32, t: usize, ldt: usize, first: bool): void {
  let c00 = i32x4.splat(0), c01 = i32x4.splat(0), c10 = i32x4.splat(0), c11 = i32x4.splat(0), c20 = i32x4.splat(0);
  let c21 = i32x4.splat(0), c30 = i32x4.splat(0), c31 = i32x4.splat(0), c40 = i32x4.splat(0), c41 = i32x4.splat(0);
  for (let p = 0; p < pairs; p++) {
    const w0 = v128.load(w);
    const w1 = v128.load(w, 16);
    const a0 = v128.load32_splat(a, 0);
    c00 = i32x4.add(c00, i32x4.dot_i16x8_s(a0, w0)); c01 = i32x4.add(c01, i32x4.dot_i16x8_s(a0, w1));
    const a1 = v128.load32_splat(a, 4);
    c10 = i32x4.add(c10, i32x4.dot_i16x8_s(a1, w0)); c11 = i32x4.add(c11, i32x4.dot_i16x8_s(a1, w1));
    const a2 = v128.load32_splat(a, 8);
    c20 = i32x4.add(c20, i32x4.dot_i16x8_s(a2, w0)); c21 = i32x4.add(c21, i32x4.dot_i16x8_s(a2, w1));
    const a3 = v128.load32_splat(a, 12);
    c30 = i32x4.add(c30, i32x4.dot_i16x8_s(a3, w0)); c31 = i32x4.add(c31, i32x4.dot_i16x8_s(a3, w1));
    const a4 = v128.load32_splat(a, 16);
    c40 = i32x4.add(c40, i32x4.dot_i16x8_s(a4, w0)); c41 = i32x4.add(c41, i32x4.dot_i16x8_s(a4, w1));
    a += 20;
    w += 32;
  }
  const s = ldt << 3;
  toF64(t, c00, c01, first); toF64(t + s, c10, c11, first); toF64(t + 2 * s, c20, c21, first);
  toF64(t + 3 * s, c30, c31, first); toF64(t + 4 * s, c40, c41, first);
}

/**
 * One row × four panels (32 latents) over `pairs` depth pairs, for a block with a single real row
 * (a query at a time: the 5-row tile would compute four rows of padding); astride: bytes per pair
 * of the packed rows, pb: bytes per panel. Writes t[0..32) as i16_gemm_5x8 writes its rows.
 */
export function i16_gemm_1x32(a: usize, astride: usize, w: usize, pb: usize, pairs: i32, t: usize, first: bool): void {
  let c0 = i32x4.splat(0), c1 = i32x4.splat(0), c2 = i32x4.splat(0), c3 = i32x4.splat(0);
  let c4 = i32x4.splat(0), c5 = i32x4.splat(0), c6 = i32x4.splat(0), c7 = i32x4.splat(0);
  let w1 = w + pb, w2 = w + 2 * pb, w3 = w + 3 * pb;
  for (let p = 0; p < pairs; p++) {
    const a0 = v128.load32_splat(a);
    c0 = i32x4.add(c0, i32x4.dot_i16x8_s(a0, v128.load(w))); c1 = i32x4.add(c1, i32x4.dot_i16x8_s(a0, v128.load(w, 16)));
    c2 = i32x4.add(c2, i32x4.dot_i16x8_s(a0, v128.load(w1))); c3 = i32x4.add(c3, i32x4.dot_i16x8_s(a0, v128.load(w1, 16)));
    c4 = i32x4.add(c4, i32x4.dot_i16x8_s(a0, v128.load(w2))); c5 = i32x4.add(c5, i32x4.dot_i16x8_s(a0, v128.load(w2, 16)));
    c6 = i32x4.add(c6, i32x4.dot_i16x8_s(a0, v128.load(w3))); c7 = i32x4.add(c7, i32x4.dot_i16x8_s(a0, v128.load(w3, 16)));
    a += astride;
    w += 32;
    w1 += 32;
    w2 += 32;
    w3 += 32;
  }
  toF64(t, c0, c1, first); toF64(t + 64, c2, c3, first); toF64(t + 128, c4, c5, first); toF64(t + 192, c6, c7, first);
}

/** Eight i32 sums (two vectors) into t[0..8) as float64, added unless `first`. */
@inline function toF64(t: usize, lo: v128, hi: v128, first: bool): void {
  const v0 = f64x2.convert_low_i32x4_s(lo), v1 = f64x2.convert_low_i32x4_s(i32x4.shuffle(lo, lo, 2, 3, 0, 1));
  const v2 = f64x2.convert_low_i32x4_s(hi), v3 = f64x2.convert_low_i32x4_s(i32x4.shuffle(hi, hi, 2, 3, 0, 1));
  if (first) {
    v128.store(t, v0); v128.store(t, v1, 16); v128.store(t, v2, 32); v128.store(t, v3, 48);
  } else {
    v128.store(t, f64x2.add(v128.load(t), v0)); v128.store(t, f64x2.add(v128.load(t, 16), v1), 16);
    v128.store(t, f64x2.add(v128.load(t, 32), v2), 32); v128.store(t, f64x2.add(v128.load(t, 48), v3), 48);
  }
}

/**
 * Exact top-k (then ReLU) of x [batch, d] · Wᵀ + bias, as f32_encode_topk with order top-k then
 * ReLU, screened with the integer encoder of i16_screen_pack (q, stats). nc: latents per cache block
 * (multiple of 8). Returns -1; the first row whose float32 score of a candidate is not finite; or
 * -2 when some row is so large that float32 could overflow outside the candidates (the caller then
 * runs f32_encode_topk, which reports it).
 */
export function i16_encode_topk(
  x: usize, batch: i32, d: i32, w: usize, q: usize, stats: usize, bias: usize, n: i32, k: i32, nc: i32,
  outIdx: usize, outVal: usize, scratch: usize,
): i32 {
  const pairs = pairsOf(d);
  const blocks = blocksOf(batch);
  const xq = scratch;
  const rowStats = xq + ((<usize>blocks * <usize>pairs * <usize>SR * 4 + 15) & ~15);
  const ub = rowStats + <usize>batch * 32;
  const tile = ub + ((<usize>batch * <usize>n * 4 + 15) & ~15);
  const lbRow = tile + <usize>SR * <usize>nc * 8;
  const heaps = lbRow + ((<usize>nc * 4 + 15) & ~15);
  const sizes = heaps + (<usize>batch * <usize>k << 3);
  const cand = sizes + ((<usize>batch * 4 + 15) & ~15);
  const fin = cand + ((<usize>n * 4 + 16 + 15) & ~15);
  // Rows: quantised into [blocks][pairs][SR][2] (pad rows and a missing last depth are 0), with
  // s‖qx‖, ‖ex‖ and ‖x‖; a row whose float32 sums could overflow sends the whole call back.
  const maxW = load<f64>(stats + (<usize>n * STATS << 3)), maxB = load<f64>(stats + (<usize>n * STATS << 3), 8);
  memory.fill(xq, 0, <usize>blocks * <usize>pairs * <usize>SR * 4);
  const tmp = fin + (<usize>k << 3);
  for (let r = 0; r < batch; r++) {
    const dst = xq + (<usize>(r / SR) * <usize>pairs * <usize>SR << 2) + (<usize>(r % SR) << 2);
    const scale = quantise(x + (<usize>r * <usize>d << 2), 4, d, dst, <usize>SR * 4, tmp);
    const res = load<f64>(tmp), qq = load<f64>(tmp, 8), vv = load<f64>(tmp, 16);
    const norm = Math.sqrt(vv) * (1 + 1e-12);
    if (norm * maxW + maxB > 1e30) return -2;
    const rs = rowStats + (<usize>r << 5);
    store<f64>(rs, <f64>scale);
    store<f64>(rs, <f64>scale * Math.sqrt(qq) * (1 + 1e-12), 8);
    store<f64>(rs, Math.sqrt(res) * (1 + 1e-12), 16);
    store<f64>(rs, norm, 24);
  }
  memory.fill(sizes, 0, <usize>batch << 2);
  // γ_m = m·u / (1 − m·u) with m = 2d + 2 roundings, u = 2⁻²⁴.
  const mu: f64 = <f64>(2 * d + 2) * 5.960464477539063e-8;
  if (mu > 0.5) return -2; // depths of millions: the float32 path decides
  const gamma: f64 = (mu / (1 - mu)) * (1 + 1e-12);
  const panelBytes = <usize>pairs * 32;
  // Pass 1: integer scores by cache block of latents, each row block streaming past it; every
  // score's float32 upper bound kept, its lower bound offered to the row's heap of k.
  for (let n0 = 0; n0 < n; n0 += nc) {
    const ncur = min(nc, n - n0);
    const panels = (ncur + 7) >> 3;
    for (let rb = 0; rb < blocks; rb++) {
      const a = xq + (<usize>rb * <usize>pairs * <usize>SR << 2);
      const real = min(SR, batch - rb * SR);
      for (let p0 = 0; p0 < pairs; p0 += CHUNK_PAIRS) {
        const cp = min(CHUNK_PAIRS, pairs - p0);
        const ap = a + (<usize>p0 * <usize>SR << 2);
        let pn = 0;
        if (real === 1) {
          for (; pn + 4 <= panels; pn += 4) {
            i16_gemm_1x32(ap, <usize>SR * 4, q + <usize>((n0 >> 3) + pn) * panelBytes + (<usize>p0 << 5), panelBytes, cp, tile + (<usize>pn << 6), p0 === 0);
          }
        }
        for (; pn < panels; pn++) {
          i16_gemm_5x8(ap, q + <usize>((n0 >> 3) + pn) * panelBytes + (<usize>p0 << 5), cp, tile + (<usize>pn << 6), <usize>nc, p0 === 0);
        }
      }
      for (let r = 0; r < real; r++) {
        const row = rb * SR + r;
        const rs = rowStats + (<usize>row << 5);
        const s = load<f64>(rs), A = load<f64>(rs, 8), B = load<f64>(rs, 16), X = load<f64>(rs, 24);
        const t = tile + (<usize>r * <usize>nc << 3);
        const u = ub + ((<usize>row * <usize>n + <usize>n0) << 2);
        for (let j = 0; j < ncur; j++) {
          const st = stats + (<usize>(n0 + j) * STATS << 3);
          const b = <f64>load<f32>(bias + (<usize>(n0 + j) << 2));
          const approx = b + (s * load<f64>(st)) * load<f64>(t + (<usize>j << 3));
          const D = load<f64>(st, 16);
          const delta = (A * load<f64>(st, 8) + B * D + gamma * (X * D + abs(b))) * (1 + 1e-12) + abs(approx) * 1e-12 + 1e-300;
          store<f32>(u + (<usize>j << 2), f32Up(approx + delta));
          store<f32>(lbRow + (<usize>j << 2), f32Down(approx - delta));
        }
        const sp = sizes + (<usize>row << 2);
        store<i32>(sp, heapOffer(heaps + (<usize>row * <usize>k << 3), load<i32>(sp), k, lbRow, n0, ncur, true));
      }
    }
  }
  // Pass 2, row by row: the candidates (upper bound ≥ the k-th lower bound), scored as the float32
  // GEMM scores them, four at a time in the four lanes, and the best k of them.
  for (let row = 0; row < batch; row++) {
    const floor = heapRootValue(heaps + (<usize>row * <usize>k << 3));
    const u = ub + (<usize>row * <usize>n << 2);
    let count = 0;
    let l = 0;
    const fv = f32x4.splat(floor);
    for (; l + 4 <= n; l += 4) {
      let lanes = i32x4.bitmask(f32x4.ge(v128.load(u + (<usize>l << 2)), fv));
      while (lanes) {
        store<i32>(cand + (<usize>count << 2), l + ctz(lanes));
        count++;
        lanes &= lanes - 1;
      }
    }
    for (; l < n; l++) {
      if (load<f32>(u + (<usize>l << 2)) >= floor) {
        store<i32>(cand + (<usize>count << 2), l);
        count++;
      }
    }
    // Pad to a multiple of four with the last candidate (its extra lanes are ignored).
    const last = load<i32>(cand + (<usize>(count - 1) << 2));
    for (let j = count; j & 3; j++) store<i32>(cand + (<usize>j << 2), last);
    const xr = x + (<usize>row * <usize>d << 2);
    let size = 0;
    for (let j = 0; j < count; j += 4) {
      const i0 = load<i32>(cand + (<usize>j << 2)), i1 = load<i32>(cand + (<usize>j << 2), 4);
      const i2 = load<i32>(cand + (<usize>j << 2), 8), i3 = load<i32>(cand + (<usize>j << 2), 12);
      const p0 = w + ((<usize>(i0 >> 3) * <usize>d * 8 + <usize>(i0 & 7)) << 2), p1 = w + ((<usize>(i1 >> 3) * <usize>d * 8 + <usize>(i1 & 7)) << 2);
      const p2 = w + ((<usize>(i2 >> 3) * <usize>d * 8 + <usize>(i2 & 7)) << 2), p3 = w + ((<usize>(i3 >> 3) * <usize>d * 8 + <usize>(i3 & 7)) << 2);
      let acc = v128.load32_zero(bias + (<usize>i0 << 2));
      acc = v128.load32_lane(bias + (<usize>i1 << 2), acc, 1);
      acc = v128.load32_lane(bias + (<usize>i2 << 2), acc, 2);
      acc = v128.load32_lane(bias + (<usize>i3 << 2), acc, 3);
      for (let p = 0; p < d; p++) {
        const o = <usize>p << 5;
        let wv = v128.load32_zero(p0 + o);
        wv = v128.load32_lane(p1 + o, wv, 1);
        wv = v128.load32_lane(p2 + o, wv, 2);
        wv = v128.load32_lane(p3 + o, wv, 3);
        acc = madd(v128.load32_splat(xr + (<usize>p << 2)), wv, acc);
      }
      v128.store(tmp, acc);
      const real = min(4, count - j);
      for (let e = 0; e < real; e++) {
        const v = load<f32>(tmp + (<usize>e << 2));
        if (v - v !== 0) return row;
        size = heapPush(fin, size, k, v, load<i32>(cand + (<usize>(j + e) << 2)));
      }
    }
    const o = <usize>row * <usize>k << 2;
    heapDrain(fin, k, outIdx + o, outVal + o, true);
  }
  return -1;
}
