// The offline labeller on real embeddings (USE lite) of a six-topic corpus whose SAE features are
// the topics: labels name the topic, score well on held-out rows, are the same however they are
// asked for, and never hold a stop word; the pieces (phrases, AUC, the held-out split) on their own.
import { beforeAll, describe, expect, it } from "vitest";
import { Sae } from "../../src/sae.js";
import type { Codes } from "../../src/core/model.js";
import { SaeError } from "../../src/core/errors.js";
import { evenly, isHeldOut, LABEL_SETTINGS, OfflineLabeller, type LabelCorpus } from "../../src/label/offline.js";
import { auc } from "../../src/label/score.js";
import { isStopWord, phrases, wordCount } from "../../src/label/text.js";
import { prng } from "../fixtures/formula.js";
import { TOPIC_PHRASES, TOPICS, topicCorpus } from "./topics.js";

describe("label pieces", () => {
  it("phrases: 1–3 content words, never across punctuation, never a stop word", () => {
    const p = phrases("We report dark matter halos, and the lensing of distant galaxies ($z > 1$).");
    expect(p).toContain("dark matter halos");
    expect(p).toContain("distant galaxies");
    expect(p).toContain("lensing");
    expect(p).not.toContain("halos lensing"); // a comma lies between
    for (const x of p) {
      expect(wordCount(x)).toBeLessThanOrEqual(3);
      for (const w of x.split(" ")) expect(isStopWord(w)).toBe(false);
    }
    expect([...phrases("we show that the results of this paper are novel")]).toEqual([]);
  });

  it("AUC is the share of positive–negative pairs ranked right (ties a half)", () => {
    const pos = [0.9, 0.5, 0.5, 0.2],
      neg = [0.5, 0.1, 0.3];
    let pairs = 0;
    for (const a of pos) for (const b of neg) pairs += a > b ? 1 : a === b ? 0.5 : 0;
    expect(auc(pos, neg)).toBeCloseTo(pairs / 12, 12);
    expect(auc([1], [])).toBeNaN();
  });

  it("AUC by sorting and merging equals counting every pair, with ties, repeats and both sides' extremes", () => {
    const rand = prng(7);
    for (let t = 0; t < 200; t++) {
      // Few distinct values so that ties are common; sides of 1 to 40.
      const side = () => Array.from({ length: 1 + Math.floor(rand() * 40) }, () => Math.floor(rand() * 6) / 5 - 0.5);
      const pos = side(),
        neg = side();
      let pairs = 0;
      for (const a of pos) for (const b of neg) pairs += a > b ? 1 : a === b ? 0.5 : 0;
      expect(auc(pos, neg)).toBe(pairs / (pos.length * neg.length));
    }
    expect(auc([2, 3], [0, 1])).toBe(1);
    expect(auc([0, 1], [2, 3])).toBe(0);
    expect(auc([1, 1], [1])).toBe(0.5);
  });

  it("evenly: spaced picks from the first, never a row twice", () => {
    expect(evenly([10, 11, 12, 13, 14, 15], 3)).toEqual([10, 12, 14]);
    expect(evenly([10, 11], 3)).toEqual([10, 11]); // fewer rows than asked: each once
    expect(evenly([], 3)).toEqual([]);
  });

  it("holds out one row in five, the same rows every time", () => {
    const held = Array.from({ length: 10_000 }, (_, r) => isHeldOut(r)).filter(Boolean).length;
    expect(held / 10_000).toBeGreaterThan(0.18);
    expect(held / 10_000).toBeLessThan(0.22);
    expect(isHeldOut(12345)).toBe(isHeldOut(12345));
    expect(Array.from({ length: 100 }, (_, r) => isHeldOut(r, 0)).some(Boolean)).toBe(false);
  });
});

describe("OfflineLabeller over a six-topic corpus (USE lite)", () => {
  let corpus: LabelCorpus, embedder: Awaited<ReturnType<typeof topicCorpus>>["embedder"], codes: Codes;
  beforeAll(async () => {
    const c = await topicCorpus(40);
    const sae = await Sae.create(c.weights, { k: 1 });
    codes = sae.encode(c.x);
    sae.dispose();
    embedder = c.embedder;
    corpus = { texts: c.texts, x: c.x, d: c.d, codes, nLatents: TOPICS.length };
  }, 120_000);

  it("each topic's label comes from its sentences, scores an AUC ≥ 0.85 on held-out rows, in ≤ 4 phrases, 8 words, 60 characters", async () => {
    const labeller = await OfflineLabeller.create(corpus, { embedder });
    try {
      const labels = await labeller.label(TOPICS.map((_, t) => t));
      for (const [t, l] of labels.entries()) {
        const vocabulary = TOPIC_PHRASES[TOPICS[t]!]!.join(" ");
        expect(l.method).toBe("offline");
        expect(l.phrases.length).toBeGreaterThan(0);
        for (const p of l.phrases) expect(vocabulary, `${TOPICS[t]}: "${l.label}"`).toContain(p);
        expect(l.phrases.length).toBeLessThanOrEqual(LABEL_SETTINGS.maxPhrases);
        expect(wordCount(l.label)).toBeLessThanOrEqual(LABEL_SETTINGS.maxWords);
        expect(l.label.length).toBeLessThanOrEqual(LABEL_SETTINGS.maxChars);
        expect(l.label).toBe(l.phrases.join(" / "));
        expect(l.heldPositives).toBeGreaterThanOrEqual(3);
        expect(l.auc!).toBeGreaterThanOrEqual(0.85);
      }
    } finally {
      labeller.dispose();
    }
  }, 120_000);

  it("a feature's label is the same asked alone, in another order, or with the rest", async () => {
    const labeller = await OfflineLabeller.create(corpus, { embedder });
    try {
      const all = await labeller.label([5, 4, 3, 2, 1, 0]);
      const again = await OfflineLabeller.create(corpus, { embedder });
      try {
        for (const t of [2, 0]) expect((await again.label([t]))[0]).toEqual(all.find((l) => l.feature === t));
      } finally {
        again.dispose();
      }
    } finally {
      labeller.dispose();
    }
  }, 120_000);

  it("without an embedder of the corpus's width: phrases by c-TF-IDF alone, unscored", async () => {
    const labeller = await OfflineLabeller.create(corpus, { embedder: { ...embedder, dim: 384, name: "other", embed: embedder.embed.bind(embedder) } });
    try {
      expect(labeller.method).toBe("offline-terms");
      const [l] = await labeller.label([0]);
      expect(l!.auc).toBeNull();
      expect(l!.clean).toBe(false);
      expect(TOPIC_PHRASES.astronomy!.join(" ")).toContain(l!.phrases[0]!);
    } finally {
      labeller.dispose();
    }
  }, 60_000);

  it("refuses misaligned inputs and unknown features with a typed error", async () => {
    await expect(OfflineLabeller.create({ ...corpus, texts: corpus.texts.slice(1) })).rejects.toThrow(SaeError);
    await expect(OfflineLabeller.create(corpus, { heldOutEvery: 1 })).rejects.toThrow(/heldOutEvery/);
    const labeller = await OfflineLabeller.create(corpus);
    try {
      await expect(labeller.label([6])).rejects.toThrow(/no feature 6/);
    } finally {
      labeller.dispose();
    }
  });
});
