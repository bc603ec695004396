// What a feature is about: its top documents, hard negatives (documents where it is off,
// nearest to the mean embedding of the top ones), density and activation statistics. Its label is
// saejs/label's.
import type { Codes } from "../core/model.js";

export interface FeatureStats {
  /** Per feature: documents where it is active (a positive value). */
  readonly counts: Int32Array;
  /** Per feature: share of documents (the feature density). */
  readonly density: Float64Array;
  /** Per feature: mean and max of its positive activations. */
  readonly meanAct: Float64Array;
  readonly maxAct: Float64Array;
  /** Per feature: documents where it is active by activation, highest first (at most `perFeature`). */
  readonly top: { doc: number; value: number }[][];
}

/** One pass over the codes of a corpus. */
export function featureStats(codes: Codes, nLatents: number, perFeature = 10): FeatureStats {
  const { indices, values, k, batch } = codes;
  const counts = new Int32Array(nLatents),
    sum = new Float64Array(nLatents),
    pos = new Int32Array(nLatents),
    maxAct = new Float64Array(nLatents);
  const top: { doc: number; value: number }[][] = Array.from({ length: nLatents }, () => []);
  for (let doc = 0; doc < batch; doc++) {
    for (let t = 0; t < k; t++) {
      const i = indices[doc * k + t]!,
        v = values[doc * k + t]!;
      // Active = a positive value: a selected latent that ReLU zeroed, or a thresholded SAE's padding, is not.
      if (!(v > 0)) continue;
      counts[i]!++;
      sum[i]! += v;
      pos[i]!++;
      maxAct[i] = Math.max(maxAct[i]!, v);
      const list = top[i]!;
      if (list.length < perFeature || v > list[list.length - 1]!.value) {
        list.push({ doc, value: v });
        list.sort((a, b) => b.value - a.value || a.doc - b.doc);
        if (list.length > perFeature) list.pop();
      }
    }
  }
  return {
    counts,
    density: Float64Array.from(counts, (c) => c / Math.max(1, batch)),
    meanAct: Float64Array.from(sum, (s, i) => (pos[i] ? s / pos[i]! : 0)),
    maxAct,
    top,
  };
}

/**
 * Documents where `feature` is off, nearest (by dot product) to the mean embedding of `topDocs`:
 * the near misses that show what the feature is not.
 */
export function hardNegatives(feature: number, topDocs: number[], codes: Codes, x: Float32Array, d: number, count = 5): number[] {
  const mean = new Float64Array(d);
  for (const doc of topDocs) for (let q = 0; q < d; q++) mean[q]! += x[doc * d + q]! / topDocs.length;
  const { indices, values, k, batch } = codes;
  const scored: { doc: number; s: number }[] = [];
  for (let doc = 0; doc < batch; doc++) {
    // On = selected with a positive value (a selected latent that ReLU zeroed is off).
    let on = false;
    for (let t = 0; t < k && !on; t++) on = indices[doc * k + t] === feature && values[doc * k + t]! > 0;
    if (on) continue;
    let s = 0;
    for (let q = 0; q < d; q++) s += mean[q]! * x[doc * d + q]!;
    scored.push({ doc, s });
  }
  scored.sort((a, b) => b.s - a.s || a.doc - b.doc);
  return scored.slice(0, count).map((e) => e.doc);
}

/** The fewest documents a feature must fire on to rank as distinctive: 5, or 0.1 % of a large corpus. */
export function minSupport(docs: number): number {
  return Math.max(5, Math.ceil(docs * 0.001));
}

/**
 * Distinctive features: specific ones (on at most 5 % of the documents, and on at least
 * minSupport of them, so that one odd document cannot make a feature) that fire strongest, first.
 */
export function distinctiveFeatures(counts: ArrayLike<number>, meanAct: ArrayLike<number>, docs: number): number[] {
  const min = minSupport(docs);
  return Array.from({ length: counts.length }, (_, i) => i)
    .filter((i) => counts[i]! >= min && counts[i]! <= 0.05 * docs)
    .sort((a, b) => meanAct[b]! - meanAct[a]! || a - b);
}

/** Histogram of log10 densities of the features that fired: bin edges and counts. */
export function logDensityHistogram(density: Float64Array, bins = 20): { edges: number[]; counts: number[]; dead: number } {
  const logs = Array.from(density)
    .filter((f) => f > 0)
    .map((f) => Math.log10(f));
  const dead = density.length - logs.length;
  if (!logs.length) return { edges: [], counts: [], dead };
  const lo = Math.floor(Math.min(...logs) * 2) / 2,
    hi = Math.max(lo + 0.5, Math.ceil(Math.max(...logs) * 2) / 2);
  const w = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const l of logs) counts[Math.min(bins - 1, Math.floor((l - lo) / w))]!++;
  return { edges: Array.from({ length: bins + 1 }, (_, i) => lo + i * w), counts, dead };
}
