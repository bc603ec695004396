// How well a label picks out its feature's documents: the area under the ROC curve of the
// label's cosine similarity to each document, documents where the feature is active against the rest.

/** Mann–Whitney AUC of `pos` scores above `neg` scores (ties count a half); NaN when either side is empty. */
export function auc(pos: ArrayLike<number>, neg: ArrayLike<number>): number {
  const p = pos.length,
    n = neg.length;
  if (!p || !n) return Number.NaN;
  // Both sides sorted (natively, as numbers), then one merge.
  return aucOfSorted(Float64Array.from(pos).sort(), Float64Array.from(neg).sort());
}

/** auc() of two sides already sorted ascending: each positive counts the negatives below it and half of those equal to it. */
export function aucOfSorted(a: Float64Array, b: Float64Array): number {
  const p = a.length,
    n = b.length;
  if (!p || !n) return Number.NaN;
  let below = 0,
    upTo = 0,
    u = 0;
  for (let i = 0; i < p; i++) {
    const v = a[i]!;
    while (below < n && b[below]! < v) below++;
    if (upTo < below) upTo = below;
    while (upTo < n && b[upTo]! <= v) upTo++;
    u += below + (upTo - below) / 2;
  }
  return u / (p * n);
}

/** Cosine similarity of unit vector `u` with row `row` of unit rows `xn` [rows, d]. */
export function cosineAt(u: Float32Array, xn: Float32Array, row: number, d: number): number {
  let s = 0;
  const o = row * d;
  for (let q = 0; q < d; q++) s += u[q]! * xn[o + q]!;
  return s;
}

/** Rows of x [rows, d] scaled to unit length (a zero row stays zero). */
export function unitRows(x: Float32Array, d: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let o = 0; o < x.length; o += d) {
    let s = 0;
    for (let q = 0; q < d; q++) s += x[o + q]! ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let q = 0; q < d; q++) out[o + q] = x[o + q]! * inv;
  }
  return out;
}
