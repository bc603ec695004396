// The suite's label figures: how well an SAE's features can be named, as the held-out AUCs of their
// labels (src/label) — from a `saejs label` file, or made here offline on an even sample of features.
import { SaeError } from "../core/errors.js";
import type { FeatureLabel } from "../label/offline.js";
import type { LabelReport } from "./types.js";

/** Labels made on the way cover this many live features, evenly spread (all of them below it). */
export const DEFAULT_LABEL_SAMPLE = 100;

/** The q-quantile of ascending values, linear between neighbours (NumPy's default). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const at = q * (n - 1),
    lo = Math.floor(at),
    hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** The report of a set of feature labels (every one counts towards the clean share; AUCs where scored). */
export function labelReport(labels: readonly FeatureLabel[], source: LabelReport["source"]): LabelReport {
  if (labels.length === 0) throw new SaeError("E_ARG", "label report: no labelled feature (the SAE has no live feature on these rows)");
  const aucs = labels
    .map((l) => l.auc)
    .filter((a): a is number => a !== null && Number.isFinite(a))
    .sort((a, b) => a - b);
  const q = (p: number) => quantile(aucs, p);
  return {
    source,
    features: labels.length,
    scored: aucs.length,
    aucs,
    quantiles: { p10: q(0.1), p25: q(0.25), median: q(0.5), p75: q(0.75), p90: q(0.9) },
    meanAuc: aucs.length ? aucs.reduce((s, a) => s + a, 0) / aucs.length : Number.NaN,
    cleanShare: labels.filter((l) => l.clean).length / labels.length,
  };
}
