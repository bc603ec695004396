// labelAll labels two chunks of features at a time (one chunk's scoring while the embedder embeds
// the other's phrases): its labels are those of one label() call over every feature, and an embedder
// that fails mid-run ends it with that typed error, no unhandled rejection, after both chunks stop.
import { describe, expect, it } from "vitest";
import { SaeError } from "../../src/core/errors.js";
import type { Embedder } from "../../src/embed/embedder.js";
import { OfflineLabeller, type LabelCorpus } from "../../src/label/offline.js";
import { labelAll } from "../../src/label/run.js";
import { Sae } from "../../src/sae.js";
import { prng, randomWeights } from "../fixtures/formula.js";

const d = 16,
  n = 320,
  rows = 900;

/** A deterministic embedder of width d: each word a fixed random direction, a text the sum of its words'. */
function wordSumEmbedder(failOnCall = Number.POSITIVE_INFINITY): Embedder & { calls: number } {
  const dirs = new Map<string, Float32Array>();
  const dirOf = (w: string) => {
    let v = dirs.get(w);
    if (!v) {
      let h = 2166136261;
      for (const ch of w) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
      const r = prng(h >>> 0);
      v = Float32Array.from({ length: d }, () => r() - 0.5);
      dirs.set(w, v);
    }
    return v;
  };
  const e = {
    name: "word-sum-16",
    dim: d,
    calls: 0,
    async embed(texts: readonly string[]) {
      e.calls++;
      if (e.calls >= failOnCall) throw new SaeError("E_EMBED", "the test embedder fails on purpose");
      const out = new Float32Array(texts.length * d);
      for (const [j, t] of texts.entries()) {
        for (const w of t.split(/\W+/).filter(Boolean)) {
          const v = dirOf(w);
          for (let q = 0; q < d; q++) out[j * d + q]! += v[q]!;
        }
      }
      return out;
    },
  };
  return e;
}

async function corpus(): Promise<{ sae: Sae; corpus: LabelCorpus }> {
  const r = prng(5);
  const vocab = Array.from({ length: 400 }, (_, i) => `word${i.toString(36)}x`);
  const texts = Array.from({ length: rows }, () => Array.from({ length: 12 }, () => vocab[Math.floor(r() * vocab.length)]!).join(" "));
  const e = wordSumEmbedder();
  const x = await e.embed(texts);
  const sae = await Sae.create(randomWeights(d, n, 9), { k: 8 });
  return { sae, corpus: { texts, x, d, codes: sae.encode(x), nLatents: n } };
}

describe("labelAll, two chunks at a time", () => {
  it("gives the labels of one label() call over every feature", async () => {
    const { sae, corpus: c } = await corpus();
    try {
      const run = await labelAll({ sae, corpus: c, embedder: wordSumEmbedder() });
      expect(run.set.features.length).toBeGreaterThan(3 * 64); // several chunks, both lanes busy
      const labeller = await OfflineLabeller.create(c, { embedder: wordSumEmbedder() });
      try {
        const one = await labeller.label(run.set.features.map((l) => l.feature));
        expect(run.set.features).toEqual(one);
      } finally {
        labeller.dispose();
      }
    } finally {
      sae.dispose();
    }
  }, 120_000);

  it("an embedder failing mid-run ends it with that error (both chunks stopped, nothing unhandled)", async () => {
    const { sae, corpus: c } = await corpus();
    try {
      const e = wordSumEmbedder(4);
      await expect(labelAll({ sae, corpus: c, embedder: e })).rejects.toMatchObject({ code: "E_EMBED", message: "the test embedder fails on purpose" });
      const calls = e.calls;
      await new Promise((r) => setTimeout(r, 200));
      expect(e.calls).toBe(calls); // no lane went on after the run ended
    } finally {
      sae.dispose();
    }
  }, 120_000);
});
