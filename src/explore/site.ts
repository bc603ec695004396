// The explorer's data: everything the page shows without computing (feature statistics, top
// documents, hard negatives, offline and LLM labels, the density histogram, families), written as
// JSON beside the SAE and the corpus embeddings, which the page loads into sae.js for steered search.
import { SaeError } from "../core/errors.js";
import type { Codes } from "../core/model.js";
import { activationMatrix, featureFamilies, type Family } from "./families.js";
import { featureStats, logDensityHistogram } from "./features.js";
import type { Embedder } from "../embed/embedder.js";
import type { LabelSet } from "../label/file.js";
import type { FeatureLabel } from "../label/offline.js";
import { labelAll } from "../label/run.js";
import { activationHistograms, cooccurringFeatures, crossNearest, DecoderDirections, type Neighbour } from "./pages.js";
import { SearchIndex } from "../kernels/rank.js";
import { matryoshkaTree, widthsOf, type MatryoshkaTree } from "./matryoshka.js";

export interface ExplorerDoc {
  title: string;
  text: string;
  /** A static site's other fields of the document (shown with it). */
  meta?: Record<string, string | number | boolean | null>;
}

/** data/explorer.json. Per-feature arrays are indexed by latent. */
export interface ExplorerData {
  version: 1;
  title: string;
  /** architecture "jumprelu": a thresholded SAE (each document's active latents vary in number; k is nominal). */
  sae: { k: number; nLatents: number; nInputs: number; order: string; architecture?: string };
  docs: number;
  embedder: string;
  histogram: { edges: number[]; counts: number[]; dead: number };
  features: {
    density: number[];
    meanAct: number[];
    maxAct: number[];
    /** One label per feature: from a labels file (`saejs label`), else the offline labeller's. */
    label: string[];
    /** The label's scores on held-out documents (null: unlabelled or unscored). */
    score: (LabelScore | null)[];
    /** Top documents and their activations, highest first. */
    top: number[][];
    topValues: number[][];
    hardNegatives: number[][];
    /** Activation histogram: counts in equal bins from 0 to maxAct. */
    activations?: number[][];
    /** Nearest features by decoder cosine, and the features most often active with it: [feature, value]. */
    nearest?: [number, number][][];
    cooccurring?: [number, number][][];
    /** Given a second SAE: each feature's nearest features in it by decoder cosine. */
    other?: { name: string; nLatents: number; nearest: [number, number][][] };
  };
  /** How the labels were made: offline, offline-terms or llm (and the model). */
  labels: string;
  families: Family[];
  /** The SAE's evaluation suite report (`saejs eval --suite --report`), beside the page, linked from its header. */
  suiteReport?: string;
  /** A Matryoshka SAE's coarse-to-fine tree (its nested groups' widths, each latent's parent). */
  matryoshka?: MatryoshkaTree;
  /**
   * "index": served from an SAE index (documents, feature pages and search through the server's API);
   * "site": a static site (`saejs site`), searched in the page through the documents' codes.
   */
  source?: "index" | "site";
  /** A static site's files and settings. */
  site?: SiteBlock;
  /** Metadata fields of an index's documents, for filters. */
  metadataKeys?: string[];
  /** The server's API calls this page may use (POST api/<name>); none on a static site. */
  api?: string[];
}

/** A metadata field a static site's page filters on: its values, and where its ids start in meta.bin (src/site/docs.ts). */
export interface FilterField {
  name: string;
  values: string[];
  offset: number;
}

/** How a static site's page embeds typed queries. */
export type SiteEmbedder =
  /** The default embedder (USE lite) in a Web Worker, from the site's use-lite/ folder. */
  | { kind: "use-lite"; name: string }
  /** An OpenAI-compatible service: the page asks the reader for a key and keeps it in the browser. */
  | { kind: "http"; name: string; baseUrl: string; model: string; dim?: number }
  /** Typed queries are off (the corpus's embedder is unknown): documents and features are the queries. */
  | { kind: "none"; name: string };

/** explorer.json's block for a static site (src/cli/site.ts writes it; the page reads it). */
export interface SiteBlock {
  /** An id of this build: it names the service worker's cache. */
  build: string;
  /**
   * The SAE: a file of the site or an hf:// URL (with the Hub it was read from at build: a mirror
   * stays the mirror); its dtype, the largest rounding error, its fingerprint (checked on load).
   */
  model: { url: string; dtype: "f32" | "f16"; maxAbsError: number; fingerprint: string; hub?: string };
  docs: { idx: "u32" | "f64" };
  filters: FilterField[];
  embedder: SiteEmbedder;
  /** The stored code values' and embeddings' largest rounding errors, and the embeddings' dtype. */
  valuesMaxAbsError: number;
  vectors: "f32" | "f16" | "i8";
  vectorsMaxAbsError: number;
  /** Documents the page re-ranks per query (absent: 30 per result); "all" re-ranks every one. */
  candidates?: number | "all";
}

export interface BuildOptions {
  title?: string;
  embedder?: string;
  /** Top documents kept per feature (default 10) and hard negatives (default 5). */
  perFeature?: number;
  negatives?: number;
  /** Labels from 'saejs label' (already checked to be this SAE's); else made here offline. */
  labels?: LabelSet;
  /** The corpus's embedder, for offline labels chosen and scored by similarity (else from terms alone). */
  labelEmbedder?: Embedder;
  /** A second SAE over the same embeddings, for the cross-width view. */
  compare?: { name: string; nLatents: number; decoderWeight: Float32Array };
  onProgress?: (stage: string, done: number, total: number) => void;
  signal?: AbortSignal;
}

const round = (v: number, digits = 4) => Number(v.toPrecision(digits));

export interface LabelScore {
  auc: number | null;
  f1: number | null;
  pearson: number | null;
  heldPositives: number;
  clean: boolean;
}

const scoreOf = (l: FeatureLabel | undefined): LabelScore | null =>
  l
    ? {
        auc: l.auc === null ? null : round(l.auc, 3),
        f1: l.f1 === undefined || l.f1 === null ? null : round(l.f1, 3),
        pearson: l.pearson === undefined || l.pearson === null ? null : round(l.pearson, 3),
        heldPositives: l.heldPositives,
        clean: l.clean,
      }
    : null;
const pairs = (list: Neighbour[]): [number, number][] => list.map((e) => [e.feature, round(e.value, 3)]);

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
  sae: {
    k: number;
    nLatents: number;
    nInputs: number;
    order: string;
    encode(x: Float32Array, batch?: number): Promise<Codes> | Codes;
    /** For its fingerprint, which keys offline labels. */
    decode(codes: Codes): Promise<Float32Array> | Float32Array;
    /** The weights (a Sae's) or a call that gives them (a SaeModel's): the decoder's directions for the nearest features. */
    weights: { decoderWeight: Float32Array } | (() => Promise<{ decoderWeight: Float32Array }>);
    /** A Matryoshka SAE's nested prefix widths: its feature pages show the coarse-to-fine tree. */
    readonly widths?: readonly number[];
    readonly architecture?: string;
  },
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
  const set =
    options.labels ??
    (
      await labelAll({
        sae,
        corpus: { texts: docs.map((doc) => doc.text), x, d, codes, nLatents: n },
        ...(options.labelEmbedder ? { embedder: options.labelEmbedder } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (done, total) => progress("labels", done, total),
      })
    ).set;
  const labels = new Map<number, FeatureLabel>(set.features.map((l) => [l.feature, l]));
  const method = set.method + (set.model ? ` (${set.model})` : "");
  progress("feature pages", 0, 1);
  const { decoderWeight } = typeof sae.weights === "function" ? await sae.weights() : sae.weights;
  const directions = await DecoderDirections.fromWeight(decoderWeight, d, n);
  let nearest: Neighbour[][], other: ExplorerData["features"]["other"];
  try {
    nearest = Array.from({ length: n }, (_, i) => directions.nearest(i));
    if (options.compare) {
      const theirs = await DecoderDirections.fromWeight(options.compare.decoderWeight, d, options.compare.nLatents);
      try {
        other = { name: options.compare.name, nLatents: options.compare.nLatents, nearest: (await crossNearest(directions, theirs)).map(pairs) };
      } finally {
        theirs.dispose();
      }
    }
  } finally {
    directions.dispose();
  }
  const widths = widthsOf(sae);
  const matryoshka = widths ? await matryoshkaTree(decoderWeight, d, n, widths) : undefined;
  const cooccurring = cooccurringFeatures(codes, n).map(pairs);
  const activations = activationHistograms(codes, n).map((h) => h.counts);
  progress("feature pages", 1, 1);
  progress("families", 0, 1);
  const families = featureFamilies(activationMatrix(codes, n), docs.length, n);
  progress("families", 1, 1);
  const h = logDensityHistogram(stats.density);
  return {
    version: 1,
    title: options.title ?? "sae.js explorer",
    sae: { k: sae.k, nLatents: n, nInputs: d, order: sae.order, ...(sae.architecture ? { architecture: sae.architecture } : {}) },
    docs: docs.length,
    embedder: options.embedder ?? "unknown",
    histogram: { edges: h.edges.map((e) => round(e)), counts: h.counts, dead: h.dead },
    features: {
      density: Array.from(stats.density, (v) => round(v)),
      meanAct: Array.from(stats.meanAct, (v) => round(v)),
      maxAct: Array.from(stats.maxAct, (v) => round(v)),
      label: Array.from({ length: n }, (_, i) => labels.get(i)?.label ?? ""),
      score: Array.from({ length: n }, (_, i) => scoreOf(labels.get(i))),
      top: top.map((l) => l.map((t) => t.doc)),
      topValues: top.map((l) => l.map((t) => round(t.value))),
      hardNegatives: hard,
      activations,
      nearest: nearest.map(pairs),
      cooccurring,
      ...(other ? { other } : {}),
    },
    labels: method,
    families,
    ...(matryoshka ? { matryoshka: { ...matryoshka, cosine: matryoshka.cosine.map((v) => round(v)) } } : {}),
  };
}
