// A thresholded (JumpReLU) model for the consumers' tests, built on a real Sae: encode is the
// contract of issue 30 computed in float64 from the weights (z = pre where pre > θ and pre > 0;
// each row's active latents by value, then value-0 padding on distinct latents, index ascending, to
// the batch's widest row), everything else is the Sae's own. It stands for the encode another part
// of sae.js implements, so that consumers are tested on codes of exactly that shape.
import type { Codes } from "../../src/core/model.js";
import type { Sae } from "../../src/sae.js";

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

export function thresholded(sae: Sae, threshold: Float32Array, widths?: readonly number[]) {
  const w = sae.weights,
    d = sae.nInputs,
    n = sae.nLatents;
  const encode = (x: Float32Array, batch = x.length / d): Codes => {
    const rows: [number, number][][] = [];
    for (let r = 0; r < batch; r++) {
      const on: [number, number][] = [];
      for (let i = 0; i < n; i++) {
        let pre = w.latentBias[i]!;
        for (let p = 0; p < d; p++) pre += (x[r * d + p]! - w.preBias[p]!) * w.encoderWeight[i * d + p]!;
        if (pre > threshold[i]! && pre > 0) on.push([i, Math.fround(pre)]);
      }
      rows.push(on);
    }
    return paddedCodes(rows);
  };
  return {
    nInputs: d,
    nLatents: n,
    k: sae.k,
    order: sae.order,
    architecture: "jumprelu" as const,
    threshold,
    ...(widths ? { widths } : {}),
    weights: { ...w, threshold },
    encode,
    encodeTop: (x: Float32Array, k: number, batch?: number) => sae.encodeTop(x, k, batch),
    decode: (codes: Codes) => sae.decode(codes),
  };
}
