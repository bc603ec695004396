// A SuiteResult written by hand for the report's tests: three SAEs (top-k k=8 and k=16 at n=512, a
// BatchTopK k=16 at n=1024) over 2,000 abstracts, two retrieval tasks, probing on three arXiv
// categories (one more skipped), labels for the first SAE only. The figures are plausible, not
// measured; every one is distinct enough that a cell showing the wrong one is caught.
import type { ClassProbes, RetrievalScores, SaeRetrieval, SaeSuite, SuiteResult } from "../../src/eval/types.js";

const scores = (ndcg10: number, recall100: number, mrr10: number, queries: number): RetrievalScores => ({ ndcg10, recall100, mrr10, queries });

export const DENSE = {
  titles: scores(0.8123, 0.9871, 0.7905, 1990),
  scifact: scores(0.6412, 0.9034, 0.6027, 300),
};

/** An SAE's retrieval on a task: each scoring `loss` (and a little more per scoring) below dense. */
function run(task: "titles" | "scifact", loss: number): SaeRetrieval {
  const d = DENSE[task];
  const one = (extra: number) => scores(d.ndcg10 - loss - extra, d.recall100 - loss / 2 - extra, d.mrr10 - loss - 2 * extra, d.queries);
  const s = { reconstructed: one(0.0031), codes: one(0.0007), sparse: one(0.0412) };
  const drop = (x: RetrievalScores) => ({ ndcg10: d.ndcg10 - x.ndcg10, recall100: d.recall100 - x.recall100, mrr10: d.mrr10 - x.mrr10 });
  return {
    task: task === "titles" ? "titles" : "beir:scifact",
    scores: s,
    drop: { reconstructed: drop(s.reconstructed), codes: drop(s.codes), sparse: drop(s.sparse) },
  };
}

export const CLASSES = ["astro-ph", "cs.LG", "hep-th"] as const;

function probes(base: number, latentBase: number): SaeSuite["probing"] {
  const classes: ClassProbes[] = CLASSES.map((label, c) => ({
    label,
    top1: { f1: base - 0.21 + 0.013 * c, auc: 0.7712 + 0.011 * c, latents: [latentBase + 7 * c] },
    top5: { f1: base - 0.093 + 0.011 * c, auc: 0.8841 + 0.009 * c, latents: [0, 1, 2, 3, 4].map((j) => latentBase + 7 * c + j) },
    all: { f1: base + 0.012 * c, auc: 0.9417 + 0.007 * c },
  }));
  const mean = (f: (p: ClassProbes) => number) => classes.reduce((s, p) => s + f(p), 0) / classes.length;
  return {
    classes,
    mean: {
      top1: { f1: mean((p) => p.top1.f1), auc: mean((p) => p.top1.auc) },
      top5: { f1: mean((p) => p.top5.f1), auc: mean((p) => p.top5.auc) },
      all: { f1: mean((p) => p.all.f1), auc: mean((p) => p.all.auc) },
    },
  };
}

function sae(name: string, architecture: string, k: number, nLatents: number, i: number): SaeSuite {
  const meanL0 = architecture === "batchtopk" ? k + 0.37 : k;
  return {
    name,
    fingerprint: `fp${(0x1a2b3c4d + i * 0x1111).toString(16)}`,
    architecture,
    k,
    nLatents,
    reconstruction: {
      nmse: [0.3127, 0.2284, 0.2051][i]!,
      logFdLive: [-1.872, -1.643, -1.958][i]!,
      logFdAll: [-1.913, -1.702, -2.241][i]!,
      actMean: [0.1843, 0.1327, 0.1219][i]!,
      deadShare: [0.0117, 0.0254, 0.0832][i]!,
      meanL0,
      l0: {
        min: architecture === "batchtopk" ? 3 : k,
        p10: architecture === "batchtopk" ? 9 : k,
        median: architecture === "batchtopk" ? 15 : k,
        p90: architecture === "batchtopk" ? 25 : k,
        max: architecture === "batchtopk" ? 41 : k,
        histogram: Array.from({ length: 33 }, (_, j) => (j === Math.min(k, 32) ? 2000 : 0)),
      },
      denseLatents: [3, 9, 4][i]!,
      denseShare: [3 / 512, 9 / 512, 4 / 1024][i]!,
    },
    retrieval: [run("titles", 0.0213 + 0.011 * (2 - i)), run("scifact", 0.0342 + 0.013 * (2 - i))],
    probing: probes([0.7013, 0.7236, 0.7389][i]!, 100 * (i + 1)),
    ...(i === 0
      ? {
          labels: {
            source: "made" as const,
            features: 64,
            scored: 61,
            aucs: Array.from({ length: 61 }, (_, j) => 0.52 + (0.46 * j) / 60),
            quantiles: { p10: 0.566, p25: 0.635, median: 0.75, p75: 0.865, p90: 0.934 },
            meanAuc: 0.75,
            cleanShare: 0.1406,
          },
        }
      : {}),
    seconds: [4.127, 5.318, 8.906][i]!,
  };
}

/** The suite result; `names` replaces the SAEs' names (a hostile one in the browser test). */
export function suiteFixture(names: readonly string[] = ["topk-k8.safetensors", "topk-k16.safetensors", "batchtopk-k16.safetensors"]): SuiteResult {
  return {
    format: "saejs-eval-suite",
    version: 1,
    data: { embeddings: "arxiv-2000.npy", texts: "arxiv-2000.jsonl", rows: 2000, d: 384 },
    retrieval: [
      { task: "titles", queries: DENSE.titles.queries, documents: 2000, dense: DENSE.titles },
      { task: "beir:scifact", queries: DENSE.scifact.queries, documents: 2000, dense: DENSE.scifact },
    ],
    probing: {
      labelColumn: "categories",
      testEvery: 5,
      classes: CLASSES.map((label, c) => ({
        label,
        trainPositives: 412 - 97 * c,
        testPositives: 103 - 24 * c,
        dense: { f1: 0.8312 + 0.011 * c, auc: 0.9723 + 0.004 * c },
      })),
      meanDense: { f1: 0.8422, auc: 0.9763 },
      skipped: [{ label: "math.AG", rows: 4 }],
    },
    saes: [sae(names[0]!, "topk", 8, 512, 0), sae(names[1]!, "topk", 16, 512, 1), sae(names[2]!, "batchtopk", 16, 1024, 2)],
    seconds: 27.41,
  };
}
