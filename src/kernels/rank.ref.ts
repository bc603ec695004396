// Plain-TS oracle for ranking a corpus by dot product: every score in float64, one full sort.

/** The `top` documents of corpus [rows, d] by dot product with v [d], best first (lower document on ties). */
export function rankByDot(corpus: Float32Array, d: number, v: Float32Array, top: number): { doc: number; score: number }[] {
  const rows = corpus.length / d;
  const scores: { doc: number; score: number }[] = [];
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let p = 0; p < d; p++) s += corpus[r * d + p]! * v[p]!;
    scores.push({ doc: r, score: s });
  }
  return scores.sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, top);
}

/** Scores [rows.length, m] of queries [m, d] against the corpus rows `rows`, each in float64. */
export function dotsByRow(corpus: Float32Array, d: number, queries: Float32Array, m: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * m);
  for (let j = 0; j < rows.length; j++) {
    const o = rows[j]! * d;
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let p = 0; p < d; p++) s += corpus[o + p]! * queries[i * d + p]!;
      out[j * m + i] = s;
    }
  }
  return out;
}
