// evaluateSuite end to end on real embeddings (USE lite) of a six-topic corpus with known features:
// its figures against independent computations here (the card, L0, the codes score as q · x̂, the
// probes' classes), determinism, and its refusals of inputs that do not line up.
import { beforeAll, describe, expect, it } from "vitest";
import { SaeError, type SaeErrorCode } from "../../src/core/errors.js";
import { evaluateSuite, type SuiteData, type SuiteSae } from "../../src/eval/suite.js";
import type { SuiteResult } from "../../src/eval/types.js";
import { labelSetJson, readLabelSet } from "../../src/label/file.js";
import { labelAll } from "../../src/label/run.js";
import { Sae } from "../../src/sae.js";
import { evaluate } from "../../src/train/metrics.js";
import { train } from "../../src/train/train.js";
import { TOPICS, TOPIC_PHRASES, topicCorpus } from "../label/topics.js";

let c: Awaited<ReturnType<typeof topicCorpus>>;
let topics: Sae, trained: Sae;
let data: SuiteData;
let result: SuiteResult;

/** Each row's title: the topic's phrase its sentence starts with (so titles retrieve rows of their topic). */
const titleOf = (text: string) =>
  Object.values(TOPIC_PHRASES)
    .flat()
    .find((p) => text.includes(p)) ?? "";

async function rejects(p: Promise<unknown>, code: SaeErrorCode, words: RegExp) {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SaeError);
  expect((e as SaeError).code).toBe(code);
  expect((e as SaeError).message).toMatch(words);
}

beforeAll(async () => {
  c = await topicCorpus(20);
  topics = await Sae.create(c.weights, { k: 1 });
  const run = await train(
    { x: c.x, rows: c.texts.length, nInputs: c.d },
    { k: 3, nLatents: 24, arch: "batchtopk", epochs: 20, batchSize: 40, seed: 3, medianRows: c.texts.length },
  );
  trained = await Sae.create(run.weights, { k: 3 });
  data = {
    x: c.x,
    d: c.d,
    embeddingsName: "topics.npy",
    textsName: "topics.txt",
    texts: c.texts,
    titles: c.texts.map(titleOf),
    labels: { column: "topic", values: c.topic.map((t) => TOPICS[t]!) },
  };
  const saes: SuiteSae[] = [
    { name: "topics-k1", model: topics },
    { name: "batchtopk-k3", model: trained },
  ];
  result = await evaluateSuite(saes, data, { embedder: c.embedder, labelFeatures: 6 });
}, 240_000);

describe("evaluateSuite", () => {
  it("reports the card's metrics and L0 as evaluate and the codes say", async () => {
    expect(result.saes.map((s) => s.name)).toEqual(["topics-k1", "batchtopk-k3"]);
    for (const [i, sae] of [topics, trained].entries()) {
      const r = result.saes[i]!.reconstruction;
      const m = await evaluate(sae, c.x);
      expect(r.nmse).toBeCloseTo(m.nmse, 10);
      expect(r.deadShare).toBe(m.deadShare);
      expect(r.meanL0).toBeCloseTo(m.meanL0, 12);
      expect(r.l0.histogram.reduce((s, v) => s + v, 0)).toBe(c.texts.length);
      const codes = sae.encode(c.x);
      const counts = Array.from({ length: codes.batch }, (_, row) => codes.values.subarray(row * codes.k, (row + 1) * codes.k).filter((v) => v > 0).length);
      expect(r.l0.max).toBe(Math.max(...counts));
      expect(r.l0.min).toBe(Math.min(...counts));
    }
    // The topic SAE's one latent a row: L0 is 1 everywhere its topic latent is positive.
    expect(result.saes[0]!.reconstruction.l0.median).toBe(1);
    expect(result.saes[1]!.architecture).toBe("jumprelu");
  });

  it("retrieves with the titles: the codes score ranks as q · x̂ computed here", async () => {
    const task = result.retrieval[0]!;
    expect(task.task).toBe("titles");
    expect(task.queries).toBe(c.texts.length);
    // Titles name their topic's phrase: the original embeddings find their own row often.
    expect(task.dense.mrr10).toBeGreaterThan(0.05);
    const q = await c.embedder.embed(data.titles!.map((t) => t!));
    for (const [i, sae] of [topics, trained].entries()) {
      const xhat = sae.decode(sae.encode(c.x));
      // MRR@10 of the codes score, by a brute-force ranking by q · x̂ here (in float64; the suite
      // sums in float32). Rows with the same x̂ tie exactly and rank by row; a different document
      // within 1e-6 of the row's own score may rank either side of it, so the MRR is bounded, and
      // the bounds are checked to be tight.
      let best = 0,
        worst = 0;
      const rr = (rank: number) => (rank < 10 ? 1 / (rank + 1) : 0);
      for (let r = 0; r < c.texts.length; r++) {
        const qi = q.subarray(r * c.d, (r + 1) * c.d);
        const scores = Array.from({ length: c.texts.length }, (_, doc) => {
          let s = 0;
          for (let p = 0; p < c.d; p++) s += qi[p]! * xhat[doc * c.d + p]!;
          return s;
        });
        const own = scores[r]!;
        const above = scores.filter((s, doc) => s > own + 1e-6 || (s === own && doc < r)).length;
        const near = scores.filter((s) => s !== own && Math.abs(s - own) <= 1e-6).length;
        best += rr(above);
        worst += rr(above + near);
      }
      const got = result.saes[i]!.retrieval[0]!;
      const n = c.texts.length;
      expect(best - worst).toBeLessThan(0.01 * n);
      expect(got.scores.codes.mrr10).toBeGreaterThanOrEqual(worst / n - 1e-12);
      expect(got.scores.codes.mrr10).toBeLessThanOrEqual(best / n + 1e-12);
      expect(got.drop.codes.ndcg10).toBeCloseTo(task.dense.ndcg10 - got.scores.codes.ndcg10, 12);
    }
  });

  it("probes every topic: the dense embedding and the topic latents separate them", () => {
    const pr = result.probing!;
    expect(pr.labelColumn).toBe("topic");
    // 20 rows a topic, one in 5 held out by hash: a topic with fewer than 3 held out is listed as skipped.
    expect([...pr.classes.map((k) => k.label), ...pr.skipped.map((k) => k.label)].sort()).toEqual([...TOPICS].sort());
    expect(pr.classes.length).toBeGreaterThanOrEqual(4);
    expect(pr.meanDense.auc).toBeGreaterThan(0.95);
    const s = result.saes[0]!.probing!;
    expect(s.classes.map((k) => k.label)).toEqual(pr.classes.map((k) => k.label));
    // Latent t is topic t by construction: the best single latent for each topic is its own.
    for (const k of s.classes) expect(k.top1.latents).toEqual([TOPICS.indexOf(k.label)]);
    expect(s.mean.top1.auc).toBeGreaterThan(0.95);
  });

  it("labels a sample of features on the way, or takes a labels file of this SAE", async () => {
    const l = result.saes[0]!.labels!;
    expect(l.source).toBe("made");
    expect(l.features).toBeLessThanOrEqual(6);
    expect(l.aucs).toEqual([...l.aucs].sort((a, b) => a - b));
    const codes = topics.encode(c.x);
    const run = await labelAll({ sae: topics, corpus: { texts: c.texts, x: c.x, d: c.d, codes, nLatents: 6 }, embedder: c.embedder });
    const set = readLabelSet(labelSetJson(run.set), "labels.json");
    const withFile = await evaluateSuite([{ name: "topics-k1", model: topics, labels: set }], { ...data, titles: undefined }, { embedder: c.embedder });
    expect(withFile.saes[0]!.labels!.source).toBe("file");
    expect(withFile.saes[0]!.labels!.features).toBe(run.set.features.length);
    expect(withFile.retrieval).toEqual([]);
    // Another SAE's labels are refused.
    await rejects(
      evaluateSuite([{ name: "batchtopk-k3", model: trained, labels: set }], { ...data, titles: undefined }, {}),
      "E_ARG",
      /another SAE|fingerprint/,
    );
  }, 120_000);

  it("gives the same figures on a second run", async () => {
    const again = await evaluateSuite(
      [
        { name: "topics-k1", model: topics },
        { name: "batchtopk-k3", model: trained },
      ],
      data,
      { embedder: c.embedder, labelFeatures: 6 },
    );
    const strip = (r: SuiteResult) => JSON.stringify({ ...r, seconds: 0, saes: r.saes.map((s) => ({ ...s, seconds: 0 })) });
    expect(strip(again)).toBe(strip(result));
  }, 120_000);

  it("refuses inputs that do not line up, naming them", async () => {
    const saes: SuiteSae[] = [{ name: "topics-k1", model: topics }];
    await rejects(evaluateSuite([], data, { embedder: c.embedder }), "E_ARG", /no SAE/);
    await rejects(evaluateSuite(saes, { ...data, titles: data.titles!.slice(1) }, { embedder: c.embedder }), "E_SHAPE", /titles has 119 rows/);
    await rejects(evaluateSuite(saes, { ...data, texts: data.texts!.slice(2) }, { embedder: c.embedder }), "E_SHAPE", /line up/);
    await rejects(evaluateSuite(saes, data, {}), "E_ARG", /no embedder/);
    await rejects(
      evaluateSuite(saes, { ...data, x: c.x.subarray(0, 16 * 100), d: 16, titles: undefined, texts: undefined, labels: undefined }, {}),
      "E_SHAPE",
      /512-d inputs/,
    );
    const bad = c.x.slice();
    bad[7] = Number.NaN;
    await rejects(evaluateSuite(saes, { ...data, x: bad }, { embedder: c.embedder }), "E_NONFINITE", /.*/);
    await rejects(
      evaluateSuite(saes, { ...data, titles: undefined, labels: { column: "one", values: c.texts.map(() => "same") } }, { embedder: c.embedder }),
      "E_ARG",
      /one class/,
    );
  }, 120_000);
});
