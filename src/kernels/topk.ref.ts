// Plain-TS oracle for per-row top-k: sort each row by (value desc, index asc) and keep k.
import { SaeError } from "../core/errors.js";

/**
 * Top-k of each row of x [batch, n] into outIdx/outVal [batch, k], best first; ties (including
 * +0 == −0, and −0 comes out as +0) go to the lower index. With `relu`, values are clamped at 0
 * after the selection.
 * Throws E_NONFINITE on a NaN.
 */
export function topkRef(x: Float32Array, batch: number, n: number, k: number, relu: boolean, outIdx: Int32Array, outVal: Float32Array): void {
  const order = new Int32Array(n);
  for (let r = 0; r < batch; r++) {
    const row = x.subarray(r * n, (r + 1) * n);
    for (let j = 0; j < n; j++) {
      if (Number.isNaN(row[j])) throw new SaeError("E_NONFINITE", `top-k: NaN at row ${r}, column ${j}`);
      order[j] = j;
    }
    order.sort((a, b) => row[b]! - row[a]! || a - b);
    for (let t = 0; t < k; t++) {
      const j = order[t]!;
      const v = row[j]!;
      outIdx[r * k + t] = j;
      // −0 ties with +0 and comes out as +0, as from the Wasm heap's keys. The comparison, not
      // Math.max, states the kernel's rule exactly (the oracle must not lean on Math.max's −0 rule).
      // biome-ignore lint/complexity/useMathMinMax: the kernel's comparison, spelled out
      outVal[r * k + t] = relu ? (v > 0 ? v : 0) : v + 0;
    }
  }
}
