// Bounded per-row min-heaps for top-k selection (Gao et al. 2024, "Scaling and evaluating SAEs", §2.3).
// Order: a beats b when a.value > b.value, or the values are equal (+0 == −0) and a.index < b.index.
// Each candidate is one u64 key, (monotone bits of value) << 32 | (~index), so that this order is
// a single integer compare; the root holds the worst kept key and a candidate only has to beat it.

/** Sortable key of (v, index): larger key = better candidate. −0 is folded onto +0 first. */
@inline function keyOf(v: f32, index: i32): u64 {
  const bits = reinterpret<u32>(v + 0.0);
  const ordered = bits & 0x80000000 ? ~bits : bits | 0x80000000;
  return (<u64>ordered << 32) | <u64>(~<u32>index);
}

@inline function valueOf(key: u64): f32 {
  const ordered = <u32>(key >> 32);
  return reinterpret<f32>(ordered & 0x80000000 ? ordered & 0x7fffffff : ~ordered);
}

@inline function indexOf(key: u64): i32 {
  return <i32>~<u32>key;
}

/** Sifts `key` down from the root of a min-heap of `size` keys. */
@inline function siftDown(h: usize, size: i32, key: u64): void {
  let i = 0;
  while (true) {
    let c = 2 * i + 1;
    if (c >= size) break;
    let ck = load<u64>(h + (<usize>c << 3));
    if (c + 1 < size) {
      const rk = load<u64>(h + (<usize>(c + 1) << 3));
      if (rk < ck) { ck = rk; c++; }
    }
    if (ck >= key) break;
    store<u64>(h + (<usize>i << 3), ck);
    i = c;
  }
  store<u64>(h + (<usize>i << 3), key);
}

/** Adds a key to a heap holding `size` < capacity keys. */
@inline function siftUp(h: usize, size: i32, key: u64): void {
  let i = size;
  while (i > 0) {
    const p = (i - 1) >> 1;
    const pk = load<u64>(h + (<usize>p << 3));
    if (pk <= key) break;
    store<u64>(h + (<usize>i << 3), pk);
    i = p;
  }
  store<u64>(h + (<usize>i << 3), key);
}

/**
 * Offers one candidate (v, index) to heap h of capacity k holding `size` keys; returns the new size.
 * Candidates must arrive in increasing index order for ties to keep the lower index.
 */
@inline export function heapPush(h: usize, size: i32, k: i32, v: f32, index: i32): i32 {
  const key = keyOf(v, index);
  if (size < k) {
    siftUp(h, size, key);
    return size + 1;
  }
  if (key > load<u64>(h)) siftDown(h, size, key);
  return size;
}

/** The k-th best value of a full heap (its root). */
@inline export function heapRootValue(h: usize): f32 {
  return valueOf(load<u64>(h));
}

/** NaN, or with finiteOnly also ±Inf. */
@inline function bad(v: f32, finiteOnly: bool): bool {
  return finiteOnly ? v - v !== 0 : v !== v;
}

/**
 * Offers candidates row[0..count) with indices base..base+count to heap h (k u64 keys): the heap
 * fills to k, then only values above the root's enter, found four at a time with one SIMD compare.
 * Candidates arrive in increasing index order, so on equal values the kept (lower) index wins.
 * Returns the new size, or -1 on a bad candidate: NaN, or with `finiteOnly` also ±Inf (in an
 * encode, an infinite pre-activation means float32 overflowed and its sign cannot be trusted).
 */
export function heapOffer(h: usize, size: i32, k: i32, row: usize, base: i32, count: i32, finiteOnly: bool): i32 {
  let j = 0;
  for (; size < k && j < count; j++) {
    const v = load<f32>(row + (<usize>j << 2));
    if (bad(v, finiteOnly)) return -1;
    siftUp(h, size++, keyOf(v, base + j));
  }
  let thr = valueOf(load<u64>(h));
  for (; j + 4 <= count; j += 4) {
    const x = v128.load(row + (<usize>j << 2));
    // Lanes above the root, or bad ones (x − x is NaN for NaN and ±Inf), take the scalar path.
    const flagged = finiteOnly ? f32x4.ne(f32x4.sub(x, x), f32x4.splat(0)) : f32x4.ne(x, x);
    let lanes = i32x4.bitmask(v128.or(f32x4.gt(x, f32x4.splat(thr)), flagged));
    while (lanes) {
      const t = ctz(lanes);
      lanes &= lanes - 1;
      const v = load<f32>(row + (<usize>(j + t) << 2));
      if (bad(v, finiteOnly)) return -1;
      if (v > thr) { // the root may have risen since the compare
        siftDown(h, size, keyOf(v, base + j + t));
        thr = valueOf(load<u64>(h));
      }
    }
  }
  for (; j < count; j++) {
    const v = load<f32>(row + (<usize>j << 2));
    if (bad(v, finiteOnly)) return -1;
    if (v > thr) {
      siftDown(h, size, keyOf(v, base + j));
      thr = valueOf(load<u64>(h));
    }
  }
  return size;
}

/**
 * Empties a full heap of k keys into outIdx/outVal sorted best first (value descending, index
 * ascending on ties), applying ReLU to the values after the selection when `relu` is set.
 */
export function heapDrain(h: usize, k: i32, outIdx: usize, outVal: usize, relu: bool): void {
  for (let size = k; size > 0; size--) {
    const last = size - 1;
    const key = load<u64>(h);
    let v = valueOf(key);
    if (relu && !(v > 0)) v = 0;
    store<f32>(outVal + (<usize>last << 2), v);
    store<i32>(outIdx + (<usize>last << 2), indexOf(key));
    if (last > 0) siftDown(h, last, load<u64>(h + (<usize>last << 3)));
  }
}

/**
 * Per-row top-k of a dense matrix: x [batch, n] row-major f32 → outIdx/outVal [batch, k], each
 * row best first. heap: scratch of 8·k bytes. Returns -1, or the first row holding a NaN.
 */
export function f32_topk_heap(
  x: usize, batch: i32, n: i32, k: i32, relu: bool,
  outIdx: usize, outVal: usize, heap: usize,
): i32 {
  for (let r = 0; r < batch; r++) {
    const size = heapOffer(heap, 0, k, x + (<usize>r * <usize>n << 2), 0, n, false);
    if (size < 0) return r;
    const o = <usize>r * <usize>k << 2;
    heapDrain(heap, k, outIdx + o, outVal + o, relu);
  }
  return -1;
}
