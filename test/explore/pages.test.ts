// Feature pages' parts against plain references: nearest features by decoder cosine (Wasm ranking)
// against matchLatents' plain loops and a brute force, co-occurrence and activation histograms by hand.
import { describe, expect, it } from "vitest";
import { matchLatents } from "../../src/explore/steer.js";
import { activationHistograms, cooccurringFeatures, crossNearest, DecoderDirections } from "../../src/explore/pages.js";
import { Sae } from "../../src/sae.js";
import { prng } from "../fixtures/formula.js";

const rnd = prng(11);
const decoder = (d: number, n: number) => Float32Array.from({ length: d * n }, () => rnd() - 0.5);

describe("feature pages", () => {
  it("nearest features by decoder cosine: the Wasm ranking equals brute force and matchLatents", async () => {
    const d = 24,
      ns = 40,
      nl = 96;
    const small = decoder(d, ns),
      large = decoder(d, nl);
    const a = await DecoderDirections.fromWeight(small, d, ns),
      b = await DecoderDirections.fromWeight(large, d, nl);
    try {
      const cross = await crossNearest(a, b, 3);
      const ref = matchLatents({ decoderWeight: small, nInputs: d, nLatents: ns }, { decoderWeight: large, nInputs: d, nLatents: nl });
      for (let i = 0; i < ns; i++) {
        expect(cross[i]![0]!.feature).toBe(ref.match[i]);
        expect(cross[i]![0]!.value).toBeCloseTo(ref.cosine[i]!, 5);
      }
      // Within one SAE a feature is never its own neighbour, and the list is by cosine, highest first.
      const cos = (i: number, j: number) => {
        let s = 0,
          ni = 0,
          nj = 0;
        for (let p = 0; p < d; p++) {
          s += small[p * ns + i]! * small[p * ns + j]!;
          ni += small[p * ns + i]! ** 2;
          nj += small[p * ns + j]! ** 2;
        }
        return s / Math.sqrt(ni * nj);
      };
      for (const i of [0, 7, 39]) {
        const want = Array.from({ length: ns }, (_, j) => j)
          .filter((j) => j !== i)
          .sort((x, y) => cos(i, y) - cos(i, x))
          .slice(0, 5);
        expect(a.nearest(i).map((e) => e.feature)).toEqual(want);
      }
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it("decoder directions read through decode equal decoder.weight's columns", async () => {
    const d = 8,
      n = 12;
    const W = decoder(d, n);
    const sae = await Sae.create(
      {
        nInputs: d,
        nLatents: n,
        preBias: Float32Array.from({ length: d }, () => rnd()),
        latentBias: new Float32Array(n),
        encoderWeight: decoder(n, d),
        decoderWeight: W,
      },
      { k: 2 },
    );
    const viaDecode = await DecoderDirections.fromSae(sae),
      direct = await DecoderDirections.fromWeight(W, d, n);
    try {
      for (let i = 0; i < n; i++) for (let p = 0; p < d; p++) expect(viaDecode.direction(i)[p]).toBeCloseTo(direct.direction(i)[p]!, 5);
    } finally {
      viaDecode.dispose();
      direct.dispose();
      sae.dispose();
    }
  });

  it("co-occurrence: the share of a feature's documents where another is active too; histograms of activations", () => {
    // 4 documents, k = 2: feature 0 on docs 0,1,2; 1 on 0,1; 2 on 2; 3 selected on doc 3 but zeroed (off).
    const codes = { indices: Int32Array.of(0, 1, 0, 1, 0, 2, 3, 2), values: Float32Array.of(1, 0.5, 2, 0.5, 4, 1, 0, 1), k: 2, batch: 4 };
    const co = cooccurringFeatures(codes, 4);
    expect(co[0]).toEqual([
      { feature: 1, value: 2 / 3 },
      { feature: 2, value: 1 / 3 },
    ]);
    expect(co[1]).toEqual([{ feature: 0, value: 1 }]);
    expect(co[3]).toEqual([]);
    const h = activationHistograms(codes, 4, 4);
    expect(h[0]).toEqual({ max: 4, counts: [0, 1, 1, 1] }); // bins [0, 1), [1, 2), [2, 3), [3, 4]
    expect(h[3]!.counts).toEqual([0, 0, 0, 0]);
  });
});
