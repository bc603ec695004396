import { describe, expect, it } from "vitest";
import { distinctiveFeatures, featureStats, hardNegatives, logDensityHistogram, minSupport } from "../../src/explore/features.js";

describe("feature analyses", () => {
  const codes = { indices: Int32Array.of(0, 1, 0, 2, 1, 2, 0, 3), values: Float32Array.of(0.9, 0.2, 0.5, 0.4, 0.7, 0, 0.1, 0.3), k: 2, batch: 4 };

  it("density, activation statistics and top documents", () => {
    const s = featureStats(codes, 5, 2);
    // Feature 2's entry of value 0 in document 2 is selected but not active: it is not counted.
    expect(Array.from(s.counts)).toEqual([3, 2, 1, 1, 0]);
    expect(Array.from(s.density)).toEqual([0.75, 0.5, 0.25, 0.25, 0]);
    expect(s.meanAct[0]).toBeCloseTo((0.9 + 0.5 + 0.1) / 3, 6);
    expect(s.meanAct[2]).toBeCloseTo(0.4, 6); // the zero value is selected but not positive
    expect(s.top[0]).toEqual([
      { doc: 0, value: expect.closeTo(0.9, 6) },
      { doc: 1, value: expect.closeTo(0.5, 6) },
    ]);
  });

  it("hard negatives: inactive documents nearest the mean of the top ones", () => {
    // 2-d embeddings: docs 0,1 carry feature 0; doc 3 is off and points the same way, doc 2 away.
    const x = Float32Array.of(1, 0, 0.9, 0.1, -1, 0, 0.8, 0.2);
    const c = { indices: Int32Array.of(0, 1, 0, 1, 1, 2, 2, 3), values: new Float32Array(8).fill(1), k: 2, batch: 4 };
    expect(hardNegatives(0, [0, 1], c, x, 2, 2)).toEqual([3, 2]);
  });

  it("distinctive features need a minimum support: one odd document makes no feature", () => {
    // 1,000 documents: feature 0 fires once (strongly), 1 on 6, 2 on 40, 3 on 600 (too dense).
    const counts = [1, 6, 40, 600],
      meanAct = [9, 2, 3, 5];
    expect(minSupport(1000)).toBe(5);
    expect(distinctiveFeatures(counts, meanAct, 1000)).toEqual([2, 1]);
    expect(minSupport(100_000)).toBe(100);
  });

  it("log10 density histogram with the dead latents counted apart", () => {
    const h = logDensityHistogram(Float64Array.of(0.1, 0.01, 0.01, 0, 0.001), 4);
    expect(h.dead).toBe(1);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(h.edges[0]).toBeLessThanOrEqual(-3);
    expect(h.edges.at(-1)).toBeGreaterThanOrEqual(-1);
  });
});
