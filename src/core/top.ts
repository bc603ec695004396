// Choosing the best rows of a score array: a bounded min-heap over all rows, one pass, no sort of
// all scores (the site's candidates, the evaluation suite's rankings).

/** The `count` rows of highest score (where `allow` is 1, if given), in no particular order (a bounded min-heap over all rows). */
export function topRows(scores: Float64Array, count: number, allow?: Uint8Array): number[] {
  const heap = new Int32Array(count);
  let size = 0;
  // Worse: lower score, or the same score and the higher row (ties go to the lower row).
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1,
        r = l + 1;
      let m = i;
      if (l < size && worse(heap[l]!, heap[m]!)) m = l;
      if (r < size && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let row = 0; row < scores.length; row++) {
    if (allow && !allow[row]) continue;
    if (size < count) {
      let i = size++;
      heap[i] = row;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[p]!)) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    } else if (worse(heap[0]!, row)) {
      heap[0] = row;
      down(0);
    }
  }
  return Array.from(heap.subarray(0, size));
}

/** The `count` rows of highest score (where `allow` is 1), best first, the lower row on ties. */
export function bestFirst(scores: Float64Array, count: number, allow?: Uint8Array): Int32Array {
  return Int32Array.from(topRows(scores, count, allow)).sort((a, b) => scores[b]! - scores[a]! || a - b);
}
