// Hand-made codes in the layout of a thresholded (JumpReLU) SAE's (issue 30): each row's active
// latents by value, then value-0 padding on distinct latents, index ascending, to the widest row.
// Test inputs for the consumers' edge cases (a row with none, batches of other widths).
import type { Codes } from "../../src/core/model.js";

/** Codes of rows given as [latent, value] lists (value > 0), padded as the contract says; k ≥ 1. */
export function paddedCodes(rows: readonly (readonly [number, number])[][]): Codes {
  const k = Math.max(1, ...rows.map((r) => r.length));
  const indices = new Int32Array(rows.length * k),
    values = new Float32Array(rows.length * k);
  rows.forEach((row, r) => {
    const on = [...row].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const seen = new Set(on.map((e) => e[0]));
    on.forEach(([i, v], j) => {
      indices[r * k + j] = i;
      values[r * k + j] = v;
    });
    for (let j = on.length, next = 0; j < k; j++) {
      while (seen.has(next)) next++;
      indices[r * k + j] = next++;
    }
  });
  return { indices, values, k, batch: rows.length };
}
