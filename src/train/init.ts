// The release's initialisation: pre_bias = coordinate-wise median of the first rows,
// decoder Xavier-uniform with unit columns, encoder = decoderᵀ, latent_bias = 0.
import type { SaeWeights } from "../core/model.js";

/** xoshiro128** seeded through splitmix32: a small, fast PRNG that every runtime computes alike. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(),
    b = split(),
    c = split(),
    d = split();
  return () => {
    const r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = ((d << 11) | (d >>> 21)) >>> 0;
    return r / 4294967296;
  };
}

/** Coordinate-wise median of rows [0, rows) of x [*, d]; the lower middle value for an even count, as torch.median. */
export function coordinateMedian(x: Float32Array, rows: number, d: number): Float32Array {
  const out = new Float32Array(d);
  const col = new Float32Array(rows);
  for (let p = 0; p < d; p++) {
    for (let r = 0; r < rows; r++) col[r] = x[r * d + p]!;
    col.sort();
    out[p] = col[(rows - 1) >> 1]!;
  }
  return out;
}

/** Initial weights for d inputs and n latents from the first rows of the data. */
export function initWeights(x: Float32Array, rows: number, d: number, n: number, seed: number, medianRows: number): SaeWeights {
  const r = rng(seed);
  const bound = Math.sqrt(6 / (n + d));
  const dec = new Float32Array(d * n);
  for (let i = 0; i < dec.length; i++) dec[i] = (r() * 2 - 1) * bound;
  const enc = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = 0; p < d; p++) s += dec[p * n + i]! ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let p = 0; p < d; p++) {
      dec[p * n + i] = dec[p * n + i]! * inv;
      enc[i * d + p] = dec[p * n + i]!;
    }
  }
  return {
    nInputs: d,
    nLatents: n,
    preBias: coordinateMedian(x, Math.min(rows, medianRows), d),
    encoderWeight: enc,
    latentBias: new Float32Array(n),
    decoderWeight: dec,
  };
}
