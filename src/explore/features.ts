// What a feature is about: its top documents, hard negatives (documents where it is off,
// nearest to the mean embedding of the top ones), density and activation statistics, and an
// offline label — the terms that separate its top documents from its hard negatives.
import type { Codes } from "../core/model.js";

export interface FeatureStats {
  /** Per feature: documents whose top-k holds it. */
  readonly counts: Int32Array;
  /** Per feature: share of documents (the feature density). */
  readonly density: Float64Array;
  /** Per feature: mean and max of its positive activations. */
  readonly meanAct: Float64Array;
  readonly maxAct: Float64Array;
  /** Per feature: documents by activation, highest first (at most `perFeature`). */
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
      counts[i]!++;
      if (v > 0) {
        sum[i]! += v;
        pos[i]!++;
        maxAct[i] = Math.max(maxAct[i]!, v);
      }
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

const STOP = new Set(
  (
    "the of and a an to in is are was were be by for with as on at or from that which this these those it its into " +
    "their other such used any one two more most some all not but can may also than when where who whom whose has have had " +
    "being been very about between within without under over each per usually especially etc e g i"
  ).split(" "),
);

function terms(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[a-z][a-z-]{2,}/g) ?? []).filter((w) => !STOP.has(w)));
}

/**
 * An offline label: the terms most over-represented in the top texts relative to the hard
 * negatives (document frequency, smoothed), best first.
 */
export function offlineLabel(topTexts: string[], negativeTexts: string[], maxTerms = 3): string[] {
  const df = (texts: string[]) => {
    const m = new Map<string, number>();
    for (const t of texts) for (const w of terms(t)) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  };
  const pos = df(topTexts),
    neg = df(negativeTexts);
  const P = Math.max(1, topTexts.length),
    N = Math.max(1, negativeTexts.length);
  return [...pos.entries()]
    .filter(([, c]) => c >= Math.min(2, P))
    .map(([w, c]) => ({ w, score: (c + 0.5) / (P + 1) - ((neg.get(w) ?? 0) + 0.5) / (N + 1) }))
    .sort((a, b) => b.score - a.score || a.w.localeCompare(b.w))
    .slice(0, maxTerms)
    .map((e) => e.w);
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
