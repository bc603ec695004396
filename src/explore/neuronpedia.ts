// Features in Neuronpedia's export layout, to publish them: <model>/<source>/features,
// activations and explanations, each as batch-<b>.jsonl.gz (one JSON object per line, gzip).
// A document stands where Neuronpedia has a token sequence: its text is one "token" whose value is
// the feature's activation on it.
// see: https://docs.neuronpedia.org/api-and-data/exports
import { SaeError } from "../core/errors.js";
import type { Codes } from "../core/model.js";
import { featureStats } from "./features.js";
import { activationHistograms, cooccurringFeatures, type DecoderDirections } from "./pages.js";
import type { LabelSet } from "../label/file.js";

export interface NeuronpediaOptions {
  /** Neuronpedia's model id (the embedding model, e.g. text-embedding-3-small) and source id (this SAE, e.g. csLG-k64-n9216). */
  modelId: string;
  sourceId: string;
  /** Features per batch file (default 128) and top documents per feature (default 20). */
  batchSize?: number;
  top?: number;
  creator?: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Pearson correlation of two features' binary activity from counts: both on, each on, of `docs` documents. */
function phi(both: number, a: number, b: number, docs: number): number {
  const den = Math.sqrt(a * (docs - a) * b * (docs - b));
  return den > 0 ? (both * docs - a * b) / den : 0;
}

/** One batch of features: the three record kinds as JSON lines, and the features left without an explanation. */
export interface NeuronpediaBatch {
  features: string[];
  activations: string[];
  explanations: string[];
  /**
   * Features of this batch written without an explanation: their label is empty (active only in
   * held-out rows, so the labeller saw none of their documents) or absent from the labels. Neuronpedia
   * takes no empty description, and a placeholder would be searched as a label: they are counted
   * and named instead.
   */
  unlabelled: number[];
}

/** The three record kinds of one batch of features, as JSON lines. */
export function neuronpediaBatches(
  corpus: { texts: readonly string[]; ids?: readonly string[]; codes: Codes; nLatents: number },
  directions: DecoderDirections,
  labels: LabelSet | undefined,
  o: NeuronpediaOptions,
): NeuronpediaBatch[] {
  for (const [name, v] of [
    ["modelId", o.modelId],
    ["sourceId", o.sourceId],
  ] as const)
    if (!ID.test(v)) throw new SaeError("E_ARG", `neuronpedia: ${name} '${v}' must be 1–100 letters, digits, '.', '_' or '-' (it names a folder)`);
  const batchSize = o.batchSize ?? 128,
    top = o.top ?? 20;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new SaeError("E_ARG", `neuronpedia: batchSize must be a positive integer, got ${batchSize}`);
  const { codes, nLatents: n, texts } = corpus;
  const docs = texts.length;
  const stats = featureStats(codes, n, top);
  const hist = activationHistograms(codes, n, 20);
  const co = cooccurringFeatures(codes, n, 10);
  const byFeature = new Map((labels?.features ?? []).map((l) => [l.feature, l]));
  const live = Array.from({ length: n }, (_, i) => i).filter((i) => stats.counts[i]! > 0);
  const out: NeuronpediaBatch[] = [];
  const base = (i: number) => ({ modelId: o.modelId, layer: o.sourceId, index: String(i) });
  for (let b = 0; b < live.length; b += batchSize) {
    const batch: NeuronpediaBatch = { features: [], activations: [], explanations: [], unlabelled: [] };
    for (const i of live.slice(b, b + batchSize)) {
      const near = directions.nearest(i, 10);
      const h = hist[i]!;
      const on = Math.round(stats.density[i]! * docs);
      batch.features.push(
        JSON.stringify({
          ...base(i),
          creatorId: o.creator ?? "saejs",
          maxActApprox: stats.maxAct[i]!,
          frac_nonzero: stats.density[i]!,
          hasVector: false,
          topkCosSimIndices: near.map((e) => e.feature),
          topkCosSimValues: near.map((e) => e.value),
          correlated_features_indices: co[i]!.map((e) => e.feature),
          correlated_features_pearson: co[i]!.map((e) => phi(Math.round(e.value * on), on, stats.counts[e.feature]!, docs)),
          freq_hist_data_bar_heights: h.counts,
          freq_hist_data_bar_values: h.counts.map((_, j) => ((j + 0.5) * h.max) / h.counts.length),
        }),
      );
      for (const [rank, t] of stats.top[i]!.filter((e) => e.value > 0).entries())
        batch.activations.push(
          JSON.stringify({
            ...base(i),
            id: `${o.sourceId}-${i}-${rank}`,
            creatorId: o.creator ?? "saejs",
            tokens: [texts[t.doc]!],
            values: [t.value],
            maxValue: t.value,
            maxValueTokenIndex: 0,
            minValue: t.value,
            dataIndex: corpus.ids?.[t.doc] ?? String(t.doc),
          }),
        );
      const l = byFeature.get(i);
      if (!l?.label) batch.unlabelled.push(i);
      else
        batch.explanations.push(
          JSON.stringify({
            ...base(i),
            id: `${o.sourceId}-${i}-${l.method}`,
            description: l.label,
            authorId: o.creator ?? "saejs",
            typeName: `saejs-${l.method}`,
            explanationModelName: labels!.model ?? labels!.embedder ?? "terms",
            notes: JSON.stringify({ auc: l.auc, heldPositives: l.heldPositives, f1: l.f1 ?? null, pearson: l.pearson ?? null, clean: l.clean }),
          }),
        );
    }
    out.push(batch);
  }
  return out;
}

/** Gzip through the Compression Streams API (every runtime sae.js runs in has it). */
export async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
