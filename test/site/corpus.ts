// A corpus with the index bench's structure (bench/util.ts, whose docs() and randomSae() these are):
// a document mixes two of the centres (0.8·a + 0.4·b) plus noise, unit norm; steered queries set
// one of the query's features to twice its value. The centres here are Gaussian, not embedded
// abstracts, so no embedder is needed.
import { docs, xorshift } from "../../bench/util.js";

export { randomSae, xorshift } from "../../bench/util.js";
/** Documents start … start + rows − 1 [rows, d]: the same for the same arguments. */
export const documents = docs;

function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

/** [count, d] Gaussian centres, unit norm. */
export function centres(count: number, d: number, seed: number): Float32Array {
  const r = xorshift(seed),
    out = new Float32Array(count * d);
  for (let c = 0; c < count; c++) {
    let s = 0;
    for (let p = 0; p < d; p++) {
      const v = gaussian(r);
      out[c * d + p] = v;
      s += v * v;
    }
    for (let p = 0; p < d; p++) out[c * d + p]! /= Math.sqrt(s);
  }
  return out;
}
