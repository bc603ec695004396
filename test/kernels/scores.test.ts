// SearchIndex.scores: many queries against chosen corpus rows in one GEMM (the labeller's candidate
// scoring), in both Wasm modules, against the float64 reference, at shapes with ragged tails
// (rows not a multiple of the 5/6-row tile, queries not a multiple of the 8-wide panel, odd d).
import { describe, expect, it } from "vitest";
import { SearchIndex } from "../../src/kernels/rank.js";
import { dotsByRow } from "../../src/kernels/rank.ref.js";
import { randomArray } from "../fixtures/formula.js";

const SHAPES = [
  { rows: 1, d: 1, m: 1, pick: [0] },
  { rows: 40, d: 7, m: 9, pick: [39, 0, 5, 5, 17, 2, 33] },
  { rows: 300, d: 129, m: 67, pick: Array.from({ length: 211 }, (_, j) => (j * 37) % 300) },
];

describe("SearchIndex.scores", () => {
  for (const backend of ["ref", "wasm-simd", "wasm-relaxed-simd"] as const) {
    it(`${backend}: every query against every chosen row, as the float64 reference (a repeated row scores the same)`, async () => {
      for (const [s, { rows, d, m, pick }] of SHAPES.entries()) {
        const corpus = randomArray(rows * d, 100 + s),
          queries = randomArray(m * d, 200 + s);
        const index = await SearchIndex.create(corpus, d, { backend });
        try {
          const got = index.scores(queries, pick);
          const want = dotsByRow(corpus, d, queries, m, pick);
          expect(got.length).toBe(pick.length * m);
          for (let j = 0; j < want.length; j++)
            expect(Math.abs(got[j]! - want[j]!), `row ${Math.floor(j / m)} query ${j % m}`).toBeLessThanOrEqual(1e-5 * Math.sqrt(d) * (1 + Math.abs(want[j]!)));
          // Each row's scores do not depend on the rows asked with it.
          const one = index.scores(queries, [pick[pick.length - 1]!]);
          expect(Array.from(one)).toEqual(Array.from(got.subarray((pick.length - 1) * m)));
          expect(index.scores(queries, []).length).toBe(0);
        } finally {
          index.dispose();
        }
      }
    });
  }

  it("refuses a ragged query matrix, a non-finite query and a row outside the corpus, by name", async () => {
    const index = await SearchIndex.create(randomArray(30, 1), 3);
    try {
      expect(() => index.scores(new Float32Array(4), [0])).toThrow(expect.objectContaining({ code: "E_SHAPE" }));
      expect(() => index.scores(Float32Array.of(1, Number.NaN, 0), [0])).toThrow(expect.objectContaining({ code: "E_NONFINITE" }));
      expect(() => index.scores(new Float32Array(3), [10])).toThrow(/no document 10; the corpus has 10/);
      expect(() => index.scores(new Float32Array(3), [1.5])).toThrow(/no document 1.5/);
      index.dispose();
      expect(() => index.scores(new Float32Array(3), [0])).toThrow(expect.objectContaining({ code: "E_DISPOSED" }));
    } finally {
      index.dispose();
    }
  });
});
