// Ranking a corpus by dot product with one vector (steered search): scores of a block of
// rows, four rows at a time sharing each load of the vector, then the same bounded heap as the
// encode's top-k. Memory-bound: one pass over the corpus, nothing materialised beyond a block.

import { madd } from "./simd";
import { heapDrain, heapOffer } from "./topk";

const BLOCK: i32 = 256;

@inline function hsum(a: v128): f32 {
  return f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1) + f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3);
}

/** scores[r] = corpus[r0 + r] · v for r < count, four rows per pass over v. */
function blockScores(corpus: usize, r0: i32, count: i32, d: i32, v: usize, scores: usize): void {
  const stride = <usize>d << 2;
  let r = 0;
  for (; r + 4 <= count; r += 4) {
    const a = corpus + <usize>(r0 + r) * stride;
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let p = 0;
    for (; p + 4 <= d; p += 4) {
      const o = <usize>p << 2;
      const q = v128.load(v + o);
      s0 = madd(v128.load(a + o), q, s0);
      s1 = madd(v128.load(a + stride + o), q, s1);
      s2 = madd(v128.load(a + 2 * stride + o), q, s2);
      s3 = madd(v128.load(a + 3 * stride + o), q, s3);
    }
    let t0 = hsum(s0), t1 = hsum(s1), t2 = hsum(s2), t3 = hsum(s3);
    for (; p < d; p++) {
      const o = <usize>p << 2;
      const q = load<f32>(v + o);
      t0 += load<f32>(a + o) * q;
      t1 += load<f32>(a + stride + o) * q;
      t2 += load<f32>(a + 2 * stride + o) * q;
      t3 += load<f32>(a + 3 * stride + o) * q;
    }
    const out = scores + (<usize>r << 2);
    store<f32>(out, t0);
    store<f32>(out, t1, 4);
    store<f32>(out, t2, 8);
    store<f32>(out, t3, 12);
  }
  for (; r < count; r++) {
    const a = corpus + <usize>(r0 + r) * stride;
    let s = f32x4.splat(0);
    let p = 0;
    for (; p + 4 <= d; p += 4) s = madd(v128.load(a + (<usize>p << 2)), v128.load(v + (<usize>p << 2)), s);
    let t = hsum(s);
    for (; p < d; p++) t += load<f32>(a + (<usize>p << 2)) * load<f32>(v + (<usize>p << 2));
    store<f32>(scores + (<usize>r << 2), t);
  }
}

/** Bytes of scratch f32_rank_dot needs for `top` results. */
export function f32_rank_dot_scratch_bytes(top: i32): usize {
  return (<usize>BLOCK << 2) + (<usize>top << 3);
}

/**
 * The `top` rows of corpus [rows, d] with the largest dot product with v [d], best first (lower
 * row on ties) into outIdx/outVal. Returns -1, or the first row whose score is NaN.
 */
export function f32_rank_dot(corpus: usize, rows: i32, d: i32, v: usize, top: i32, scratch: usize, outIdx: usize, outVal: usize): i32 {
  const scores = scratch, heap = scratch + (<usize>BLOCK << 2);
  let size = 0;
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const count = min(BLOCK, rows - r0);
    blockScores(corpus, r0, count, d, v, scores);
    size = heapOffer(heap, size, top, scores, r0, count, false);
    if (size < 0) {
      for (let r = 0; r < count; r++) if (Number.isNaN(load<f32>(scores + (<usize>r << 2)))) return r0 + r;
      return r0;
    }
  }
  heapDrain(heap, top, outIdx, outVal, false);
  return -1;
}
