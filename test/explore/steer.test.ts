// Steered search in its three forms against a plain reference, ranking, and cross-size matching.
import { describe, expect, it } from "vitest";
import { Sae } from "../../src/sae.js";
import { SaeModel } from "../../src/model.js";
import { SearchIndex } from "../../src/kernels/rank.js";
import { BACKENDS, bestBackend } from "../../src/kernels/backend.js";
import { matchLatents, steerAdd, steerClamp, steerEdit } from "../../src/explore/steer.js";
import { rankByDot } from "../../src/kernels/rank.ref.js";
import { randomArray, randomWeights } from "../fixtures/formula.js";
import { preActivations, relError } from "../kernels/tester.js";

const d = 32,
  n = 96,
  k = 6;
const w = randomWeights(d, n, 21);
const q = randomArray(d, 22);

/** x̂ = Σ v · decoder[:, i] + pre_bias in float64. */
function decodeRef(pairs: [number, number][]): Float64Array {
  const out = Float64Array.from(w.preBias);
  for (const [i, v] of pairs) for (let p = 0; p < d; p++) out[p]! += Math.max(0, v) * w.decoderWeight[p * n + i]!;
  return out;
}

describe("steered search", async () => {
  const sae = await Sae.create(w, { k });
  const { pre } = preActivations(w, q, 1);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => pre[b]! - pre[a]! || a - b);

  it("(a) edits the query's own values (0 removes a latent, a new one is added) and decodes", async () => {
    const [first, second] = order;
    const steer = new Map([
      [first!, 0],
      [second!, 3],
      [order[50]!, 1.5],
    ]);
    const got = await steerEdit(sae, q, steer);
    const pairs: [number, number][] = order.slice(0, k).map((i) => [i, steer.get(i) ?? pre[i]!]);
    pairs.push([order[50]!, 1.5]);
    expect(relError(got.vector, decodeRef(pairs))).toBeLessThan(1e-5);
    expect(Array.from(got.codes.indices)).toContain(order[50]);
  });

  it("(b) adds c · decoder[:, i] to the query", async () => {
    const got = await steerAdd(
      sae,
      q,
      new Map([
        [7, 2],
        [40, -1],
      ]),
    );
    const want = Float64Array.from(q, (v, p) => v + 2 * w.decoderWeight[p * n + 7]! - w.decoderWeight[p * n + 40]!);
    expect(relError(got, want)).toBeLessThan(1e-5);
  });

  it("(c) clamps latents, redoes the top-k and decodes", async () => {
    const low = order[80]!,
      top = order[0]!;
    const steer = new Map([
      [low, 10],
      [top, -5],
    ]);
    const got = await steerClamp(sae, q, steer);
    const clamped = Array.from(pre, (v, i) => steer.get(i) ?? v);
    const sel = Array.from({ length: n }, (_, i) => i)
      .sort((a, b) => clamped[b]! - clamped[a]! || a - b)
      .slice(0, k);
    expect(relError(got.vector, decodeRef(sel.map((i) => [i, clamped[i]!])))).toBeLessThan(1e-5);
    expect(got.codes.indices[0]).toBe(low);
    expect(Array.from(got.codes.indices)).not.toContain(top);
  });

  it("bad steering is refused by name", async () => {
    await expect(steerAdd(sae, q, new Map([[n, 1]]))).rejects.toThrow(/latent 96 is outside \[0, 96\)/);
    await expect(steerClamp(sae, q, new Map([[1, NaN]]))).rejects.toThrow(/latent 1 has value NaN/);
    await expect(steerEdit(sae, q, new Map([[-1, 1]]))).rejects.toThrow(/latent -1 is outside/);
  });

  it("gives the same vectors through a worker pool (SaeModel) as in-thread", async () => {
    const model = await SaeModel.fromWeights(w, { k, workers: 1 });
    try {
      const steer = new Map([
        [order[0]!, 0],
        [order[30]!, 2],
      ]);
      expect((await steerEdit(model, q, steer)).vector).toEqual((await steerEdit(sae, q, steer)).vector);
      expect(await steerAdd(model, q, steer)).toEqual(await steerAdd(sae, q, steer));
      expect((await steerClamp(model, q, steer)).codes).toEqual((await steerClamp(sae, q, steer)).codes);
    } finally {
      await model.dispose();
    }
  });

  it("ranks a corpus by dot product", () => {
    const corpus = randomArray(50 * d, 23);
    const got = rankByDot(corpus, d, q, 5);
    const all = Array.from({ length: 50 }, (_, r) => ({ doc: r, score: corpus.subarray(r * d, (r + 1) * d).reduce((s, v, p) => s + v * q[p]!, 0) }));
    expect(got.map((g) => g.doc)).toEqual(
      all
        .sort((a, b) => b.score - a.score)
        .slice(0, 5)
        .map((g) => g.doc),
    );
  });
});

describe("search index (Wasm ranking)", () => {
  const available = BACKENDS.filter((b) => b === "ref" || b === bestBackend() || (b === "wasm-simd" && bestBackend() === "wasm-relaxed-simd"));
  for (const backend of available) {
    it(`${backend}: the top documents of the plain reference, for shapes across block edges`, async () => {
      for (const [rows, dd, top] of [
        [1, 1, 1],
        [3, 7, 5],
        [257, 33, 10],
        [1000, 512, 20],
        [513, 4, 513],
      ] as const) {
        const corpus = randomArray(rows * dd, rows + dd),
          v = randomArray(dd, 7 * dd);
        const index = await SearchIndex.create(corpus, dd, { backend });
        const got = index.search(v, top),
          want = rankByDot(corpus, dd, v, Math.min(top, rows));
        expect(got.map((h) => h.doc)).toEqual(want.map((h) => h.doc));
        for (let j = 0; j < got.length; j++) expect(Math.abs(got[j]!.score - want[j]!.score)).toBeLessThan(1e-4 * (1 + Math.abs(want[j]!.score)));
        index.dispose();
      }
    });
  }

  it("ties go to the lower document; bad queries are refused by name", async () => {
    const dd = 8,
      corpus = new Float32Array(40 * dd).fill(0.5);
    const index = await SearchIndex.create(corpus, dd);
    expect(index.search(new Float32Array(dd).fill(1), 4).map((h) => h.doc)).toEqual([0, 1, 2, 3]);
    expect(() => index.search(new Float32Array(dd + 1), 3)).toThrow(/query has 9 values, the corpus is 8-d/);
    expect(() => index.search(new Float32Array(dd).fill(NaN), 3)).toThrow(/query: NaN at row 0, column 0/);
    expect(() => index.search(new Float32Array(dd), 0)).toThrow(/top must be a positive integer/);
    index.dispose();
    expect(() => index.search(new Float32Array(dd), 1)).toThrow(/after dispose/);
    await expect(SearchIndex.create(new Float32Array(10), 3)).rejects.toThrow(/not a multiple of nInputs=3/);
    await expect(SearchIndex.create(Float32Array.of(1, Infinity), 2)).rejects.toThrow(/corpus: Infinity at row 0, column 1/);
  });
});

describe("cross-size matching", () => {
  it("finds each latent of a smaller SAE among a larger one's decoder directions", () => {
    const big = randomWeights(d, n, 31);
    const pick = [90, 3, 47, 12];
    const small = { nInputs: d, nLatents: 4, decoderWeight: new Float32Array(d * 4) };
    pick.forEach((j, i) => {
      for (let p = 0; p < d; p++) small.decoderWeight[p * 4 + i] = 2 * big.decoderWeight[p * n + j]!;
    });
    const m = matchLatents(small, big);
    expect(Array.from(m.match)).toEqual(pick);
    for (const c of m.cosine) expect(c).toBeCloseTo(1, 5);
  });
});
