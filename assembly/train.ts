// Training-step kernels of the release's recipe over the natural layouts: encoder [n, d], decoderᵀ [n, d] (so a
// latent's decoder column is one contiguous row), latent_bias [n], pre_bias [d]. Only the k (+k_aux)
// selected latents of a row touch the gradients; Adam and the renormalisation are dense.
// see: Gao et al. 2024 (sparse backward); Kingma & Ba 2015 as implemented by torch.optim.Adam.

import { axpy, madd } from "./simd";

/** Σ_p a[p]·b[p] over d floats, four lanes at a time. */
@inline function dot(a: usize, b: usize, d: i32): f32 {
  let acc = f32x4.splat(0);
  let p = 0;
  for (; p + 4 <= d; p += 4) acc = madd(v128.load(a + (<usize>p << 2)), v128.load(b + (<usize>p << 2)), acc);
  let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; p < d; p++) s += load<f32>(a + (<usize>p << 2)) * load<f32>(b + (<usize>p << 2));
  return s;
}

/** out[b·k + j] = rows[idx[b·k + j]] · g[b] for rows [n, d] and g [batch, d]: the selected latents' dot products. */
export function f32_sparse_dots(idx: usize, batch: i32, k: i32, rows: usize, g: usize, d: i32, out: usize): void {
  for (let b = 0; b < batch; b++) {
    const gb = g + (<usize>b * <usize>d << 2);
    for (let j = 0; j < k; j++) {
      const o = (<usize>b * <usize>k + <usize>j) << 2;
      store<f32>(out + o, dot(rows + (<usize>load<i32>(idx + o) * <usize>d << 2), gb, d));
    }
  }
}

/**
 * G[idx[b·k + j]] += c[b·k + j] · g[b] for the indices in [lo, hi): gradient rows of the selected latents (zero
 * coefficients skipped). Each row of G sees its terms in the same order whatever range holds it, so
 * workers that split the latents between them build the same bytes as one.
 */
export function f32_sparse_scatter(idx: usize, c: usize, batch: i32, k: i32, g: usize, d: i32, grad: usize, lo: i32, hi: i32): void {
  for (let b = 0; b < batch; b++) {
    const gb = g + (<usize>b * <usize>d << 2);
    for (let j = 0; j < k; j++) {
      const o = (<usize>b * <usize>k + <usize>j) << 2;
      const i = load<i32>(idx + o);
      const cj = load<f32>(c + o);
      if (i >= lo && i < hi && cj !== 0) axpy(cj, gb, grad + (<usize>i * <usize>d << 2), d);
    }
  }
}

/**
 * out[q] = Σ_j c[j] · rows[idx[j]][q] for q in [q0, q1), the terms added in order (zero coefficients
 * skipped): one column range of a sparse combination of rows, so that workers can split the columns.
 */
export function f32_sparse_sum_cols(idx: usize, c: usize, count: i32, rows: usize, d: i32, q0: i32, q1: i32, out: usize): void {
  const o0 = <usize>q0 << 2;
  memory.fill(out + o0, 0, <usize>(q1 - q0) << 2);
  for (let j = 0; j < count; j++) {
    const cj = load<f32>(c + (<usize>j << 2));
    if (cj !== 0) axpy(cj, rows + (<usize>load<i32>(idx + (<usize>j << 2)) * <usize>d << 2) + o0, out + o0, q1 - q0);
  }
}

/** For each row i of W [n, d] with gradient G: G[i] −= (W[i]·G[i]) W[i] (the part along the unit column). */
export function f32_project_rows(w: usize, grad: usize, n: i32, d: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i * <usize>d << 2;
    axpy(-dot(w + o, grad + o, d), w + o, grad + o, d);
  }
}

/** Rows of W [n, d] scaled to unit length. */
export function f32_normalize_rows(w: usize, n: i32, d: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i * <usize>d << 2;
    const s = Mathf.sqrt(dot(w + o, w + o, d));
    const inv = f32x4.splat(1 / s);
    let p = 0;
    for (; p + 4 <= d; p += 4) v128.store(w + o + (<usize>p << 2), f32x4.mul(v128.load(w + o + (<usize>p << 2)), inv));
    for (; p < d; p++) store<f32>(w + o + (<usize>p << 2), load<f32>(w + o + (<usize>p << 2)) / s);
  }
}

/** Σ x² over count floats, in float64 lanes so that millions of terms keep their precision. */
export function f32_sumsq(x: usize, count: i32): f64 {
  let acc = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const lo = f64x2.promote_low_f32x4(v);
    const hi = f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
    acc = f64x2.add(acc, f64x2.add(f64x2.mul(lo, lo), f64x2.mul(hi, hi)));
  }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; i < count; i++) { const v = <f64>load<f32>(x + (<usize>i << 2)); s += v * v; }
  return s;
}

/**
 * One Adam step over count parameters, torch.optim.Adam's formula: with g = scale·grad,
 * m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; w −= stepSize · m / (√v / bc2 + eps),
 * where stepSize = lr / (1 − β1^t) and bc2 = √(1 − β2^t).
 */
export function f32_adam(
  w: usize, grad: usize, m: usize, v: usize, count: i32, scale: f32, beta1: f32, beta2: f32, stepSize: f32, bc2: f32, eps: f32,
): void {
  const s = f32x4.splat(scale), b1 = f32x4.splat(beta1), b2 = f32x4.splat(beta2);
  const c1 = f32x4.splat(1 - beta1), c2 = f32x4.splat(1 - beta2), st = f32x4.splat(stepSize), bc = f32x4.splat(bc2), e = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const o = <usize>i << 2;
    const g = f32x4.mul(v128.load(grad + o), s);
    const mm = f32x4.add(f32x4.mul(b1, v128.load(m + o)), f32x4.mul(c1, g));
    const vv = f32x4.add(f32x4.mul(b2, v128.load(v + o)), f32x4.mul(c2, f32x4.mul(g, g)));
    v128.store(m + o, mm);
    v128.store(v + o, vv);
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vv), bc), e);
    v128.store(w + o, f32x4.sub(v128.load(w + o), f32x4.div(f32x4.mul(st, mm), denom)));
  }
  for (; i < count; i++) {
    const o = <usize>i << 2;
    const g = load<f32>(grad + o) * scale;
    const mm = beta1 * load<f32>(m + o) + (1 - beta1) * g;
    const vv = beta2 * load<f32>(v + o) + (1 - beta2) * g * g;
    store<f32>(m + o, mm);
    store<f32>(v + o, vv);
    store<f32>(w + o, load<f32>(w + o) - (stepSize * mm) / (Mathf.sqrt(vv) / bc2 + eps));
  }
}

/** Packs rows [n, d] into the encoder's 8-latent panels [ceil(n/8)][d][8] (pad latents stay as they are). */
export function f32_pack_panels(src: usize, n: i32, d: i32, dst: usize): void {
  for (let i = 0; i < n; i++) {
    const base = dst + ((<usize>(i - (i & 7)) * <usize>d + <usize>(i & 7)) << 2);
    const row = src + (<usize>i * <usize>d << 2);
    for (let p = 0; p < d; p++) store<f32>(base + (<usize>p << 5), load<f32>(row + (<usize>p << 2)));
  }
}

// nmse(r, target) = Σ(r − target)² / Σ(mean_batch(target) − target)² over [batch, d], with
// target = t − u when `hasU` (the AuxK residual), all in float64, in three passes that workers can
// split (columns, then rows, then elements) with the same bytes for any split: the column means,
// each row's two sums, and, once the caller has added the rows' sums in order, the gradient.

@inline function target(t: usize, u: usize, hasU: bool, o: usize): f64 {
  return hasU ? <f64>load<f32>(t + o) - <f64>load<f32>(u + o) : <f64>load<f32>(t + o);
}

/** mean[q] = Σ_b target[b][q] / batch for q in [q0, q1) (float64, rows added in order, read row by row). */
export function f32_col_means(t: usize, u: usize, hasU: bool, batch: i32, d: i32, q0: i32, q1: i32, mean: usize): void {
  memory.fill(mean + (<usize>q0 << 3), 0, <usize>(q1 - q0) << 3);
  for (let b = 0; b < batch; b++) {
    for (let q = q0; q < q1; q++) {
      const m = mean + (<usize>q << 3);
      store<f64>(m, load<f64>(m) + target(t, u, hasU, (<usize>b * <usize>d + <usize>q) << 2));
    }
  }
  for (let q = q0; q < q1; q++) store<f64>(mean + (<usize>q << 3), load<f64>(mean + (<usize>q << 3)) / <f64>batch);
}

/** For each of `rows` rows: out[2b] = Σ_q (r − target)², out[2b + 1] = Σ_q (mean − target)² (float64). */
export function f32_row_errors(r: usize, t: usize, u: usize, hasU: bool, rows: i32, d: i32, mean: usize, out: usize): void {
  for (let b = 0; b < rows; b++) {
    let num: f64 = 0, den: f64 = 0;
    for (let q = 0; q < d; q++) {
      const o = (<usize>b * <usize>d + <usize>q) << 2;
      const tv = target(t, u, hasU, o);
      const e = <f64>load<f32>(r + o) - tv, c = load<f64>(mean + (<usize>q << 3)) - tv;
      num += e * e;
      den += c * c;
    }
    store<f64>(out + (<usize>b << 4), num);
    store<f64>(out + (<usize>b << 4), den, 8);
  }
}

/** grad = s·(r − target) over count floats, s = coef·2 / Σ(mean − target)². */
export function f32_nmse_grad(r: usize, t: usize, u: usize, hasU: bool, count: i32, s: f64, grad: usize): void {
  for (let j = 0; j < count; j++) {
    const o = <usize>j << 2;
    store<f32>(grad + o, <f32>(s * (<f64>load<f32>(r + o) - target(t, u, hasU, o))));
  }
}

/** out[q] += Σ_b g[b][q] for q in [q0, q1), rows added in order (float32, as the reference sums them). */
export function f32_sum_rows(g: usize, batch: i32, d: i32, q0: i32, q1: i32, out: usize): void {
  for (let b = 0; b < batch; b++) {
    const row = g + (<usize>b * <usize>d << 2);
    for (let q = q0; q < q1; q++) {
      const o = <usize>q << 2;
      store<f32>(out + o, load<f32>(out + o) + load<f32>(row + o));
    }
  }
}
