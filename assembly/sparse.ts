// Decoders: x̂ = Σ_j v_j · W_dec[:, i_j] + pre_bias, from the decoder stored transposed,
// wt = W_decᵀ [n, d] row-major, so that each selected latent is one contiguous f32x4 axpy.

import { axpy } from "./simd";

/** y[0..d) += b[0..d). */
@inline function addBias(b: usize, y: usize, d: i32): void {
  let p = 0;
  for (; p + 4 <= d; p += 4) {
    const o = <usize>p << 2;
    v128.store(y + o, f32x4.add(v128.load(y + o), v128.load(b + o)));
  }
  for (; p < d; p++) {
    const o = <usize>p << 2;
    store<f32>(y + o, load<f32>(y + o) + load<f32>(b + o));
  }
}

/**
 * Sparse decode: idx/val [batch, k] → out [batch, d]. Zero values are skipped. Returns -1, or
 * the first row holding an index outside [0, n) (nothing is read out of bounds).
 */
export function f32_decode_sparse(
  idx: usize, val: usize, batch: i32, k: i32, wt: usize, preBias: usize, d: i32, n: i32, out: usize,
): i32 {
  const rowBytes = <usize>d << 2;
  for (let r = 0; r < batch; r++) {
    const y = out + <usize>r * rowBytes;
    memory.fill(y, 0, rowBytes);
    for (let j = 0; j < k; j++) {
      const o = (<usize>r * <usize>k + <usize>j) << 2;
      const i = load<i32>(idx + o);
      if (<u32>i >= <u32>n) return r;
      const v = load<f32>(val + o);
      if (v !== 0) axpy(v, wt + <usize>i * rowBytes, y, d);
    }
    addBias(preBias, y, d);
  }
  return -1;
}

/** Dense decode: z [batch, n] full latent vectors → out [batch, d]; zero latents are skipped. */
export function f32_decode_dense(
  z: usize, batch: i32, n: i32, wt: usize, preBias: usize, d: i32, out: usize,
): void {
  const rowBytes = <usize>d << 2;
  for (let r = 0; r < batch; r++) {
    const y = out + <usize>r * rowBytes;
    memory.fill(y, 0, rowBytes);
    const zr = z + (<usize>r * <usize>n << 2);
    for (let i = 0; i < n; i++) {
      const v = load<f32>(zr + (<usize>i << 2));
      if (v !== 0) axpy(v, wt + <usize>i * rowBytes, y, d);
    }
    addBias(preBias, y, d);
  }
}
