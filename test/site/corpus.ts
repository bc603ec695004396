// A corpus with the index bench's structure (bench/index.bench.ts): a document mixes two of 1,000
// centres (0.8·a + 0.4·b) plus noise, unit norm; steered queries set one of the query's features to
// twice its value. The centres here are Gaussian, not embedded abstracts, so no embedder is needed.
import type { SaeWeights } from "../../src/core/model.js";

export function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

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

/** Documents start … start + rows − 1 [rows, d]: the same for the same arguments. */
export function documents(C: Float32Array, d: number, start: number, rows: number, seed: number): Float32Array {
  const nc = C.length / d,
    out = new Float32Array(rows * d);
  for (let i = 0; i < rows; i++) {
    const r = xorshift((start + i) * 2654435761 + seed);
    const a = Math.floor(r() * nc),
      b = Math.floor(r() * nc);
    let norm = 0;
    for (let q = 0; q < d; q++) {
      const v = 0.8 * C[a * d + q]! + 0.4 * C[b * d + q]! + 0.25 * (r() - 0.5) * (2 / Math.sqrt(d)) * Math.sqrt(3);
      out[i * d + q] = v;
      norm += v * v;
    }
    for (let q = 0; q < d; q++) out[i * d + q]! /= Math.sqrt(norm);
  }
  return out;
}

/** The index bench's random SAE: unit encoder rows (centred uniform entries), decoder its transpose, small biases. */
export function randomSae(d: number, n: number, seed: number): SaeWeights {
  const r = xorshift(seed);
  const enc = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = 0; p < d; p++) {
      const v = r() - 0.5;
      enc[i * d + p] = v;
      s += v * v;
    }
    for (let p = 0; p < d; p++) enc[i * d + p]! /= Math.sqrt(s);
  }
  const dec = new Float32Array(d * n);
  for (let i = 0; i < n; i++) for (let p = 0; p < d; p++) dec[p * n + i] = enc[i * d + p]!;
  return {
    nInputs: d,
    nLatents: n,
    preBias: Float32Array.from({ length: d }, () => r() * 0.01),
    encoderWeight: enc,
    latentBias: Float32Array.from({ length: n }, () => r() * 0.01),
    decoderWeight: dec,
  };
}
