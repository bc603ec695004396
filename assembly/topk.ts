// Bounded per-row min-heaps for top-k selection (Gao et al. 2024, "Scaling and evaluating SAEs", §2.3).
// Order: a beats b when a.value > b.value, or the values are equal (+0 == -0) and a.index < b.index.
// The root holds the worst kept candidate, so a new candidate only has to beat the root.

/** True when candidate (va, ia) ranks below (vb, ib). */
@inline function worse(va: f32, ia: i32, vb: f32, ib: i32): bool {
  return va < vb || (va == vb && ia > ib);
}

/** NaN, or with finiteOnly also ±Inf. */
@inline function bad(v: f32, finiteOnly: bool): bool {
  return finiteOnly ? v - v != 0 : v != v;
}

/** Restores the heap property downwards from slot i; heap of `size` (value, index) pairs. */
@inline function siftDown(vals: usize, idxs: usize, size: i32, i: i32): void {
  const v = load<f32>(vals + (<usize>i << 2));
  const ix = load<i32>(idxs + (<usize>i << 2));
  while (true) {
    let c = 2 * i + 1;
    if (c >= size) break;
    let cv = load<f32>(vals + (<usize>c << 2));
    let ci = load<i32>(idxs + (<usize>c << 2));
    const r = c + 1;
    if (r < size) {
      const rv = load<f32>(vals + (<usize>r << 2));
      const ri = load<i32>(idxs + (<usize>r << 2));
      if (worse(rv, ri, cv, ci)) { c = r; cv = rv; ci = ri; }
    }
    if (!worse(cv, ci, v, ix)) break;
    store<f32>(vals + (<usize>i << 2), cv);
    store<i32>(idxs + (<usize>i << 2), ci);
    i = c;
  }
  store<f32>(vals + (<usize>i << 2), v);
  store<i32>(idxs + (<usize>i << 2), ix);
}

/** Adds candidate (v, ix) to a heap holding `size` < capacity items; returns the new size. */
@inline export function heapPush(vals: usize, idxs: usize, size: i32, v: f32, ix: i32): i32 {
  let i = size;
  while (i > 0) {
    const p = (i - 1) >> 1;
    const pv = load<f32>(vals + (<usize>p << 2));
    const pi = load<i32>(idxs + (<usize>p << 2));
    if (!worse(v, ix, pv, pi)) break;
    store<f32>(vals + (<usize>i << 2), pv);
    store<i32>(idxs + (<usize>i << 2), pi);
    i = p;
  }
  store<f32>(vals + (<usize>i << 2), v);
  store<i32>(idxs + (<usize>i << 2), ix);
  return size + 1;
}

/** Replaces the root (the worst kept item) by a better candidate. */
@inline export function heapReplaceRoot(vals: usize, idxs: usize, size: i32, v: f32, ix: i32): void {
  store<f32>(vals, v);
  store<i32>(idxs, ix);
  siftDown(vals, idxs, size, 0);
}

/**
 * Offers candidates row[0..count) with indices base..base+count to a heap: the heap fills to `k`,
 * then only values above the root's enter, found four at a time with one SIMD compare.
 * Candidates arrive in increasing index order, so on equal values the kept (lower) index wins.
 * Returns the new size, or -1 on a bad candidate: NaN, or with `finiteOnly` also ±Inf (in an
 * encode, an infinite pre-activation means float32 overflowed and its sign cannot be trusted).
 */
export function heapOffer(vals: usize, idxs: usize, size: i32, k: i32, row: usize, base: i32, count: i32, finiteOnly: bool): i32 {
  let j = 0;
  while (size < k && j < count) {
    const v = load<f32>(row + (<usize>j << 2));
    if (bad(v, finiteOnly)) return -1;
    size = heapPush(vals, idxs, size, v, base + j);
    j++;
  }
  let thr = load<f32>(vals);
  for (; j + 4 <= count; j += 4) {
    const x = v128.load(row + (<usize>j << 2));
    // Lanes above the root, or bad ones (x − x is NaN for NaN and ±Inf), take the scalar path.
    const flagged = finiteOnly ? f32x4.ne(f32x4.sub(x, x), f32x4.splat(0)) : f32x4.ne(x, x);
    if (v128.any_true(v128.or(f32x4.gt(x, f32x4.splat(thr)), flagged))) {
      for (let t = 0; t < 4; t++) {
        const v = load<f32>(row + (<usize>(j + t) << 2));
        if (bad(v, finiteOnly)) return -1;
        if (v > thr) {
          heapReplaceRoot(vals, idxs, size, v, base + j + t);
          thr = load<f32>(vals);
        }
      }
    }
  }
  for (; j < count; j++) {
    const v = load<f32>(row + (<usize>j << 2));
    if (bad(v, finiteOnly)) return -1;
    if (v > thr) {
      heapReplaceRoot(vals, idxs, size, v, base + j);
      thr = load<f32>(vals);
    }
  }
  return size;
}

/**
 * Empties a full heap of k items into out arrays sorted best first (value descending, index
 * ascending on ties), applying ReLU to the values after the selection when `relu` is set.
 */
export function heapDrain(vals: usize, idxs: usize, k: i32, outIdx: usize, outVal: usize, relu: bool): void {
  for (let size = k; size > 0; size--) {
    const last = size - 1;
    let v = load<f32>(vals);
    const ix = load<i32>(idxs);
    if (relu && !(v > 0)) v = 0; // also maps -0 to +0, as torch.relu does
    store<f32>(outVal + (<usize>last << 2), v);
    store<i32>(outIdx + (<usize>last << 2), ix);
    if (last > 0) {
      store<f32>(vals, load<f32>(vals + (<usize>last << 2)));
      store<i32>(idxs, load<i32>(idxs + (<usize>last << 2)));
      siftDown(vals, idxs, last, 0);
    }
  }
}

/**
 * Per-row top-k of a dense matrix: x [batch, n] row-major f32 → outIdx/outVal [batch, k], each
 * row best first. heap: scratch of 8·k bytes. Returns -1, or the first row holding a NaN.
 */
export function f32_topk__wasmsimd_heap(
  x: usize, batch: i32, n: i32, k: i32, relu: bool,
  outIdx: usize, outVal: usize, heap: usize,
): i32 {
  const hv = heap;
  const hi = heap + (<usize>k << 2);
  for (let r = 0; r < batch; r++) {
    const size = heapOffer(hv, hi, 0, k, x + (<usize>r * <usize>n << 2), 0, n, false);
    if (size < 0) return r;
    const o = <usize>r * <usize>k << 2;
    heapDrain(hv, hi, k, outIdx + o, outVal + o, relu);
  }
  return -1;
}
