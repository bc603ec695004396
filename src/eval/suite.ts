// `evaluateSuite`: one or several SAEs over the same embeddings, side by side — reconstruction
// (the card's metrics, L0's distribution, dead and dense latents), retrieval through the SAE
// against the original embeddings, sparse probing of a label column, and how well features label.
import { SaeError } from "../core/errors.js";
import { type FingerprintedSae, saeFingerprint } from "../core/hash.js";
import type { Codes, SaeCodec } from "../core/model.js";
import { checkFinite, rowsOf } from "../core/shapes.js";
import type { Embedder } from "../embed/embedder.js";
import { type LabelSet, labelSetJson, readLabelSet } from "../label/file.js";
import { evenly, liveFeaturesOf } from "../label/offline.js";
import { labelAll } from "../label/run.js";
import { MetricsAccumulator } from "../train/metrics.js";
import { type BeirSet, beirQueriesToEmbed, beirTask } from "./beir.js";
import { DEFAULT_LABEL_SAMPLE, labelReport, quantile } from "./labels.js";
import { denseProbes, labelsOf, saeProbes, splitByHash } from "./probe.js";
import { denseRetrieval, type RetrievalTask, saeRetrieval, titleTask } from "./retrieval.js";
import type { LabelReport, ReconstructionReport, SaeSuite, SuiteResult } from "./types.js";

/** An SAE as the suite reads it: encode, decode, its shape (SaeModel and Sae both are). */
export interface SuiteModel extends SaeCodec {
  readonly k: number;
  readonly order: FingerprintedSae["order"];
}

export interface SuiteSae {
  /** How the report names it (a file name, an hf:// reference). */
  readonly name: string;
  readonly model: SuiteModel;
  /** Its architecture as trained (topk, batchtopk, matryoshka, jumprelu); default the model's (topk or jumprelu). */
  readonly arch?: string;
  /** Its features' labels from `saejs label` (must be this SAE's); else made here on a sample, where texts and an embedder are given. */
  readonly labels?: LabelSet;
}

export interface SuiteData {
  /** Embeddings [rows, d], the corpus every SAE is evaluated on. */
  readonly x: Float32Array;
  readonly d: number;
  /** How the report names the embeddings and the texts. */
  readonly embeddingsName: string;
  readonly textsName?: string;
  /** Row for row: the texts (labels made on the way; the probes' split is by their hash). */
  readonly texts?: readonly string[];
  /** Row for row: titles, for the task where each title retrieves its own row ("" or null: not a query). */
  readonly titles?: readonly (string | null)[];
  /** Row for row: a label column for sparse probing; `pattern` takes its first match as the class. */
  readonly labels?: { readonly column: string; readonly values: readonly (string | null)[]; readonly pattern?: RegExp };
  /** A BEIR set whose corpus.jsonl is the embeddings' rows, in order. */
  readonly beir?: BeirSet;
}

export interface SuiteOptions {
  /** The corpus's embedder: titles and BEIR queries are embedded with it, labels made with it. */
  readonly embedder?: Embedder;
  /** Live features labelled on the way where an SAE has no labels file (evenly spread; 0: none). Default 100. */
  readonly labelFeatures?: number;
  /** One row in this many is held out of the probes' training. Default 5. */
  readonly testEvery?: number;
  /** A folder (which must exist) where labels made on the way are kept by SAE, corpus and embedder: made once. */
  readonly labelCacheDir?: string;
  /** Told of each step as it starts. */
  readonly onStep?: (what: string) => void;
  readonly signal?: AbortSignal;
}

/** Latents active on more than this share of rows count as dense. */
const DENSE_LATENT = 0.1;

export async function evaluateSuite(saes: readonly SuiteSae[], data: SuiteData, options: SuiteOptions = {}): Promise<SuiteResult> {
  const t0 = performance.now();
  const { x, d, embedder } = { ...data, ...options };
  const step = options.onStep ?? (() => {});
  if (saes.length === 0) throw new SaeError("E_ARG", "evaluate suite: no SAE given; pass one or more");
  const rows = rowsOf(x, d, data.embeddingsName);
  if (rows < 2) throw new SaeError("E_SHAPE", `evaluate suite: ${data.embeddingsName} has ${rows} row(s); the suite needs at least 2`);
  checkFinite(x, d, data.embeddingsName);
  const aligned = (what: string, n: number | undefined) => {
    if (n !== undefined && n !== rows)
      throw new SaeError("E_SHAPE", `evaluate suite: ${what} has ${n} rows but ${data.embeddingsName} ${rows}; they must line up row for row`);
  };
  aligned(data.textsName ?? "the texts", data.texts?.length);
  aligned("the titles", data.titles?.length);
  aligned(`the label column '${data.labels?.column}'`, data.labels?.values.length);
  for (const s of saes)
    if (s.model.nInputs !== d)
      throw new SaeError(
        "E_SHAPE",
        `evaluate suite: ${s.name} reads ${s.model.nInputs}-d inputs but ${data.embeddingsName} is ${d}-d; use embeddings of the SAE's embedder`,
      );
  const needsEmbedder = data.titles !== undefined || data.beir !== undefined;
  if (needsEmbedder && !embedder)
    throw new SaeError("E_ARG", "evaluate suite: titles and BEIR queries must be embedded, and no embedder was given; pass the corpus's embedder");
  if (embedder && needsEmbedder && embedder.dim !== d)
    throw new SaeError(
      "E_SHAPE",
      `evaluate suite: the embedder ${embedder.name} makes ${embedder.dim}-d vectors but ${data.embeddingsName} is ${d}-d; queries must be embedded by the corpus's own embedder`,
    );

  // Retrieval tasks, and the original embeddings' scores on them.
  const tasks: RetrievalTask[] = [];
  if (data.titles) {
    step("embedding titles");
    const asked = data.titles.map((t, row) => ({ t: t?.trim() ?? "", row })).filter((q) => q.t !== "");
    const emb = await embedder!.embed(
      asked.map((q) => q.t),
      options.signal ? { signal: options.signal } : {},
    );
    tasks.push(
      titleTask(
        data.titles.map((t) => t ?? ""),
        emb,
        d,
        rows,
      ),
    );
  }
  if (data.beir) {
    step(`embedding the queries of ${data.beir.name}`);
    const qs = beirQueriesToEmbed(data.beir);
    const emb = await embedder!.embed(
      qs.map((q) => q.text),
      options.signal ? { signal: options.signal } : {},
    );
    tasks.push(beirTask(data.beir, rows, emb, d));
  }
  step("retrieval with the original embeddings");
  const dense = [];
  for (const task of tasks) dense.push({ task: task.name, queries: task.relevant.length, documents: rows, dense: await denseRetrieval(task, x) });

  // The probes' classes and split, and the dense embedding's probes.
  const classes = data.labels ? labelsOf(data.labels.values, data.labels.pattern) : undefined;
  const test = classes ? splitByHash(data.texts ?? classes.map((_, r) => String(r)), options.testEvery ?? 5) : undefined;
  let probing: SuiteResult["probing"];
  if (classes && test) {
    step("probes on the dense embedding");
    probing = denseProbes(x, d, classes, test, { labelColumn: data.labels!.column, testEvery: options.testEvery ?? 5 });
  }

  const results: SaeSuite[] = [];
  for (const s of saes) {
    const ts = performance.now();
    const m = s.model;
    step(`${s.name}: encoding ${rows} rows`);
    const codes = await m.encode(x);
    const recon = await m.decode(codes);
    const fingerprint = await saeFingerprint(m);
    const retrieval = [];
    for (let i = 0; i < tasks.length; i++) {
      step(`${s.name}: retrieval (${tasks[i]!.name})`);
      retrieval.push(await saeRetrieval(tasks[i]!, { codes, recon }, m, dense[i]!.dense));
    }
    let labels: LabelReport | undefined;
    if (s.labels) {
      // Refused when made for another SAE (its fingerprint) or with another number of latents.
      readLabelSet(labelSetJson(s.labels), `${s.name}'s labels`, { fingerprint, nLatents: m.nLatents });
      labels = labelReport(s.labels.features, "file");
    } else if (data.texts && embedder && embedder.dim === d && (options.labelFeatures ?? DEFAULT_LABEL_SAMPLE) > 0) {
      step(`${s.name}: labelling a sample of features`);
      const live = liveFeaturesOf(codes, m.nLatents);
      const run = await labelAll({
        sae: m,
        corpus: { texts: data.texts, x, d, codes, nLatents: m.nLatents },
        embedder,
        features: evenly(live, options.labelFeatures ?? DEFAULT_LABEL_SAMPLE),
        ...(options.labelCacheDir ? { cacheDir: options.labelCacheDir } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (run.set.features.length) labels = labelReport(run.set.features, "made");
    }
    results.push({
      name: s.name,
      fingerprint,
      architecture: s.arch ?? m.architecture ?? "topk",
      k: m.k,
      nLatents: m.nLatents,
      reconstruction: reconstruction(x, d, codes, recon, m),
      retrieval,
      ...(classes && test && probing
        ? {
            probing: saeProbes(
              codes,
              m.nLatents,
              classes,
              test,
              probing.classes.map((c) => c.label),
            ),
          }
        : {}),
      ...(labels ? { labels } : {}),
      seconds: (performance.now() - ts) / 1000,
    });
  }
  return {
    format: "saejs-eval-suite",
    version: 1,
    data: { embeddings: data.embeddingsName, ...(data.textsName ? { texts: data.textsName } : {}), rows, d },
    retrieval: dense,
    ...(probing ? { probing } : {}),
    saes: results,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** The card's metrics, and L0's distribution and the dense latents from the same codes. */
function reconstruction(x: Float32Array, d: number, codes: Codes, recon: Float32Array, m: SuiteModel): ReconstructionReport {
  const acc = new MetricsAccumulator(d, m.nLatents, m.architecture === "jumprelu");
  acc.add(x, codes, recon);
  const { density, rows: _r, ...card } = acc.result();
  const l0 = new Float64Array(codes.batch);
  for (let r = 0; r < codes.batch; r++) for (let j = 0; j < codes.k; j++) if (codes.values[r * codes.k + j]! > 0) l0[r]!++;
  const sorted = [...l0].sort((a, b) => a - b);
  // One bin per count up to 2k (thresholded models run past k), the last holding the rest.
  const bins = 2 * m.k + 1;
  const histogram = new Array<number>(bins + 1).fill(0);
  for (const v of l0) histogram[Math.min(bins, v)]!++;
  const denseLatents = density.filter((f) => f > DENSE_LATENT).length;
  return {
    ...card,
    l0: { min: sorted[0]!, p10: quantile(sorted, 0.1), median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), max: sorted.at(-1)!, histogram },
    denseLatents,
    denseShare: denseLatents / m.nLatents,
  };
}
