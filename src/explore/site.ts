// The explorer's data: everything the page shows without computing (feature statistics, top
// documents, hard negatives, offline and LLM labels, the density histogram, families), written as
// JSON beside the SAE and the corpus embeddings, which the page loads into sae.js for steered search.
import { SaeError } from "../core/errors.js";
import type { Codes } from "../core/model.js";
import { activationMatrix, featureFamilies, type Family } from "./families.js";
import { featureStats, logDensityHistogram, offlineLabel } from "./features.js";
import type { LabelResult } from "./llm.js";
import { SearchIndex } from "./search-index.js";

export interface ExplorerDoc {
  title: string;
  text: string;
}

/** data/explorer.json. Per-feature arrays are indexed by latent. */
export interface ExplorerData {
  version: 1;
  title: string;
  sae: { k: number; nLatents: number; nInputs: number; order: string };
  docs: number;
  embedder: string;
  histogram: { edges: number[]; counts: number[]; dead: number };
  features: {
    density: number[];
    meanAct: number[];
    maxAct: number[];
    label: string[];
    /** From an LLM label cache (`saejs explore --labels`), where one was given. */
    llm: (Omit<LabelResult, "feature"> | null)[];
    /** Top documents and their activations, highest first. */
    top: number[][];
    topValues: number[][];
    hardNegatives: number[][];
  };
  families: Family[];
  /** "index": served from an SAE index (documents, feature pages and search through the server's API). */
  source?: "index";
  /** Metadata fields of an index's documents, for filters. */
  metadataKeys?: string[];
  /** The server's API calls this page may use (POST api/<name>); none on a static site. */
  api?: string[];
}

export interface BuildOptions {
  title?: string;
  embedder?: string;
  /** Top documents kept per feature (default 10) and hard negatives (default 5). */
  perFeature?: number;
  negatives?: number;
  labels?: Record<string, LabelResult>;
  onProgress?: (stage: string, done: number, total: number) => void;
  signal?: AbortSignal;
}

const round = (v: number, digits = 4) => Number(v.toPrecision(digits));

/**
 * Hard negatives of every feature with one ranking each over the corpus index: documents nearest
 * the mean embedding of the top ones, skipping those where the feature is on.
 */
function hardNegativesAll(
  top: number[][],
  active: Uint8Array,
  onCount: Int32Array,
  index: SearchIndex,
  x: Float32Array,
  count: number,
  progress: (done: number) => void,
): number[][] {
  const d = index.d,
    docs = index.rows,
    n = onCount.length,
    mean = new Float32Array(d);
  return top.map((list, i) => {
    if (i % 256 === 0) progress(i);
    if (!list.length) return [];
    mean.fill(0);
    for (const doc of list) for (let q = 0; q < d; q++) mean[q]! += x[doc * d + q]! / list.length;
    // The first `count` off-documents are within the top count + (documents where it is on).
    return index
      .search(mean, Math.min(docs, count + onCount[i]!))
      .map((h) => h.doc)
      .filter((doc) => !active[doc * n + i])
      .slice(0, count);
  });
}

export async function buildExplorerData(
  sae: { k: number; nLatents: number; nInputs: number; order: string; encode(x: Float32Array, batch?: number): Promise<Codes> | Codes },
  docs: ExplorerDoc[],
  x: Float32Array,
  options: BuildOptions = {},
): Promise<ExplorerData> {
  const { nLatents: n, nInputs: d } = sae;
  if (x.length !== docs.length * d)
    throw new SaeError("E_SHAPE", `explorer: ${docs.length} documents need ${docs.length} × ${d} embedding values, got ${x.length}`);
  if (!docs.length) throw new SaeError("E_SHAPE", "explorer: the corpus is empty");
  const progress = options.onProgress ?? (() => {});
  const perFeature = options.perFeature ?? 10,
    negatives = options.negatives ?? 5;

  progress("encode", 0, docs.length);
  const codes = await sae.encode(x, docs.length);
  progress("encode", docs.length, docs.length);
  const stats = featureStats(codes, n, perFeature);
  const top = stats.top.map((list) => list.filter((t) => t.value > 0));
  // Only the documents where a feature is active after ReLU count as "on".
  const active = new Uint8Array(docs.length * n),
    onCount = new Int32Array(n);
  for (let doc = 0; doc < docs.length; doc++) {
    for (let j = 0; j < codes.k; j++) {
      if (!(codes.values[doc * codes.k + j]! > 0)) continue;
      const i = codes.indices[doc * codes.k + j]!;
      active[doc * n + i] = 1;
      onCount[i]!++;
    }
  }

  const index = await SearchIndex.create(x, d);
  let hard: number[][];
  try {
    progress("hard negatives", 0, n);
    hard = hardNegativesAll(
      top.map((l) => l.map((t) => t.doc)),
      active,
      onCount,
      index,
      x,
      negatives,
      (done) => progress("hard negatives", done, n),
    );
    progress("hard negatives", n, n);
  } finally {
    index.dispose();
  }
  options.signal?.throwIfAborted();
  const label = top.map((list, i) =>
    offlineLabel(
      list.map((t) => docs[t.doc]!.text),
      hard[i]!.map((doc) => docs[doc]!.text),
      3,
    ).join(" / "),
  );
  progress("families", 0, 1);
  const families = featureFamilies(activationMatrix(codes, n), docs.length, n);
  progress("families", 1, 1);
  const h = logDensityHistogram(stats.density);
  return {
    version: 1,
    title: options.title ?? "sae.js explorer",
    sae: { k: sae.k, nLatents: n, nInputs: d, order: sae.order },
    docs: docs.length,
    embedder: options.embedder ?? "unknown",
    histogram: { edges: h.edges.map((e) => round(e)), counts: h.counts, dead: h.dead },
    features: {
      density: Array.from(stats.density, (v) => round(v)),
      meanAct: Array.from(stats.meanAct, (v) => round(v)),
      maxAct: Array.from(stats.maxAct, (v) => round(v)),
      label,
      llm: Array.from({ length: n }, (_, i) => {
        const l = options.labels?.[i];
        return l ? { label: l.label, pearson: round(l.pearson, 3), f1: round(l.f1, 3), clean: l.clean } : null;
      }),
      top: top.map((l) => l.map((t) => t.doc)),
      topValues: top.map((l) => l.map((t) => round(t.value))),
      hardNegatives: hard,
    },
    families,
  };
}
