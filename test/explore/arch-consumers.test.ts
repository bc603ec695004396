// Every consumer of codes on a thresholded SAE's codes (issue 30): rows of any number of active
// latents, narrower rows padded with entries of value 0, a row with none, and k that changes from
// batch to batch. Padding is never counted, stored or shown as a feature of a document.
import { describe, expect, it } from "vitest";
import { Sae } from "../../src/sae.js";
import { featureStats, hardNegatives } from "../../src/explore/features.js";
import { activationMatrix } from "../../src/explore/families.js";
import { activationHistograms, cooccurringFeatures } from "../../src/explore/pages.js";
import { buildExplorerData } from "../../src/explore/site.js";
import { queryCodes, steer } from "../../src/explore/steer.js";
import { liveFeaturesOf } from "../../src/label/offline.js";
import { buildSiteFiles, localitySlots } from "../../src/site/write.js";
import { widestCodes } from "../../src/kernels/sparse.js";
import { paddedCodes } from "./padded-codes.js";
import { plantedCorpus, TOPICS } from "./planted.js";

// Row 0: three active; row 1: one; row 2: none; row 3: two. k = 3, padding of value 0.
const rows: [number, number][][] = [
  [
    [4, 0.9],
    [1, 0.5],
    [2, 0.2],
  ],
  [[2, 0.7]],
  [],
  [
    [1, 0.4],
    [3, 0.6],
  ],
];
const codes = paddedCodes(rows);

describe("codes of variable width: the analyses count active entries only", () => {
  it("the hand-made codes are as the contract says: widest row, value-0 padding on distinct latents", () => {
    expect(codes.k).toBe(3);
    expect(Array.from(codes.indices.subarray(3, 6))).toEqual([2, 0, 1]);
    expect(Array.from(codes.values.subarray(3, 6))).toEqual([Math.fround(0.7), 0, 0]);
    expect(Array.from(codes.indices.subarray(6, 9))).toEqual([0, 1, 2]);
    expect(Array.from(codes.values.subarray(6, 9))).toEqual([0, 0, 0]);
  });

  it("density, mean and max activation, top documents", () => {
    const s = featureStats(codes, 6, 5);
    expect(Array.from(s.counts)).toEqual([0, 2, 2, 1, 1, 0]);
    expect(Array.from(s.density)).toEqual([0, 0.5, 0.5, 0.25, 0.25, 0]);
    expect(s.meanAct[2]).toBeCloseTo(0.45, 6);
    expect(s.top[0]).toEqual([]); // latent 0 appears only as padding
    expect(s.top[2]!.map((t) => t.doc)).toEqual([1, 0]);
    expect(s.top[1]!.map((t) => t.doc)).toEqual([0, 3]);
  });

  it("co-occurrence, histograms, the activation matrix, hard negatives and live features", () => {
    const a = activationMatrix(codes, 6);
    expect(Array.from(a.subarray(6, 12))).toEqual([0, 0, 1, 0, 0, 0]);
    expect(Array.from(a.subarray(12, 18))).toEqual([0, 0, 0, 0, 0, 0]);
    const co = cooccurringFeatures(codes, 6);
    expect(co[0]).toEqual([]);
    expect(co[2]).toEqual([
      { feature: 1, value: 0.5 },
      { feature: 4, value: 0.5 },
    ]);
    const h = activationHistograms(codes, 6, 4);
    expect(h[0]).toEqual({ max: 0, counts: [0, 0, 0, 0] });
    expect(h[2]!.counts.reduce((s, c) => s + c, 0)).toBe(2);
    // 1-d embeddings: every document but 1 and 0 is "off" for latent 2; padding in row 2 does not make it on.
    const x = Float32Array.of(1, 0.9, 0.8, 0.1);
    expect(hardNegatives(0, [], codes, x, 1, 4).sort()).toEqual([0, 1, 2, 3]);
    expect(hardNegatives(2, [1], codes, x, 1, 4)).toEqual([2, 3]);
    expect(liveFeaturesOf(codes, 6)).toEqual([1, 2, 3, 4]);
  });

  it("batches of different k join at the widest, no row cut, padding distinct from the row's latents", () => {
    const a = paddedCodes([[[5, 1]], []]),
      b = paddedCodes([
        [
          [0, 0.3],
          [1, 0.2],
          [3, 0.1],
        ],
      ]);
    const all = widestCodes([a, b, codes]);
    expect(all.k).toBe(3);
    expect(all.batch).toBe(7);
    expect(Array.from(all.indices.subarray(0, 3))).toEqual([5, 0, 1]);
    expect(Array.from(all.values.subarray(0, 3))).toEqual([1, 0, 0]);
    expect(Array.from(all.indices.subarray(6, 9))).toEqual([0, 1, 3]);
    expect(featureStats(all, 6).counts[0]).toBe(1);
  });

  it("a site's codes.bin: one width, readers add nothing for padding, and padding does not place a document", () => {
    const d = 2,
      emb = Float32Array.of(1, 0, 0, 1, 0.5, 0.5, 1, 1);
    const { manifest, files } = buildSiteFiles(codes, emb, { nInputs: d, nLatents: 6 }, { values: "f32", vectors: "f32" });
    expect(manifest.k).toBe(3);
    expect(files.get("codes.bin")!.length).toBe(4 * 3 * 2 + 4 * 3 * 4);
    // Row 2 (no active latent) sorts first: its strongest latent is none (−1), not its padding's latent 0.
    const slots = localitySlots(codes);
    expect(slots[2]).toBe(0);
    const shifted = paddedCodes([[[4, 1]], [[2, 1]], [[0, 1]], [[3, 1]]]);
    expect(localitySlots(shifted)[2]).toBe(0);
  });
});

describe("a thresholded model's corpus through the explorer", async () => {
  const { weights, x: px, texts: pt } = plantedCorpus(240, 32);
  // One more document, the zero vector: no latent passes its threshold.
  const x = new Float32Array(px.length + 32);
  x.set(px);
  const texts = [...pt, { title: "empty", text: "A note on nothing at all." }];
  // The real thresholded model: the planted dictionary with θ = 0.45 on every latent (JumpReLU).
  const sae = await Sae.create({ ...weights, threshold: new Float32Array(weights.nLatents).fill(0.45) }, { k: 2 });
  const all = sae.encode(x);

  it("the codes vary in width, one row has nothing active", () => {
    expect(sae.architecture).toBe("jumprelu");
    const widths = Array.from({ length: all.batch }, (_, r) => all.values.subarray(r * all.k, (r + 1) * all.k).filter((v) => v > 0).length);
    expect(new Set(widths).size).toBeGreaterThan(1);
    expect(widths.at(-1)).toBe(0);
  });

  it("explorer data counts active entries, labels the planted topics, and never shows padding", async () => {
    const data = await buildExplorerData(sae, texts, x, { title: "t", embedder: "planted" });
    const s = featureStats(all, weights.nLatents, 10);
    expect(data.sae.architecture).toBe("jumprelu");
    for (let i = 0; i < weights.nLatents; i++) {
      expect(data.features.density[i]).toBeCloseTo(s.density[i]!, 3);
      for (const doc of data.features.top[i]!) {
        const row = Array.from(all.indices.subarray(doc * all.k, (doc + 1) * all.k));
        const j = row.indexOf(i);
        expect(all.values[doc * all.k + j]!).toBeGreaterThan(0);
      }
    }
    expect(data.features.top.flat()).not.toContain(texts.length - 1);
    // The 4 unused latents never pass: dead, though padding names them in narrow rows.
    for (let i = TOPICS.length; i < weights.nLatents; i++) expect(data.features.density[i]).toBe(0);
    for (const [i, topic] of TOPICS.entries()) expect(data.features.label[i]).toContain(topic);
  });

  it("a query's codes are its active latents; clamping keeps the others (no top-k among them)", async () => {
    const q = x.slice(0, 32);
    const own = await queryCodes(sae, q);
    expect(Array.from(own.values).every((v) => v > 0)).toBe(true);
    const full = sae.encode(q, 1);
    expect(own.k).toBe(Array.from(full.values).filter((v) => v > 0).length);
    const clamped = await steer(sae, q, new Map([[5, 2]]), "clamp");
    const got = new Map(Array.from(clamped.codes!.indices, (i, j) => [i, clamped.codes!.values[j]!]));
    expect(got.get(5)).toBe(2);
    for (let j = 0; j < own.k; j++) if (own.indices[j] !== 5) expect(got.get(own.indices[j]!)).toBe(own.values[j]);
    expect(got.size).toBe(own.k + (Array.from(own.indices).includes(5) ? 0 : 1));
  });
});
