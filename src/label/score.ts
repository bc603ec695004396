// How well a label picks out its feature's documents: the area under the ROC curve of the
// label's cosine similarity to each document, documents where the feature is active against the rest.

/** Mann–Whitney AUC of `pos` scores above `neg` scores (ties count a half); NaN when either side is empty. */
export function auc(pos: ArrayLike<number>, neg: ArrayLike<number>): number {
  const p = pos.length,
    n = neg.length;
  if (!p || !n) return Number.NaN;
  const all = new Float64Array(p + n);
  const isPos = new Uint8Array(p + n);
  for (let i = 0; i < p; i++) {
    all[i] = pos[i]!;
    isPos[i] = 1;
  }
  for (let i = 0; i < n; i++) all[p + i] = neg[i]!;
  const order = Array.from({ length: p + n }, (_, i) => i).sort((a, b) => all[a]! - all[b]!);
  // Sum of the positives' ranks, tied scores sharing their average rank.
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && all[order[j + 1]!] === all[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) if (isPos[order[t]!]) rankSum += rank;
    i = j + 1;
  }
  return (rankSum - (p * (p + 1)) / 2) / (p * n);
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
