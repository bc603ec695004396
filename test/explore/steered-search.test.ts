// steer() dispatches the three forms by mode behind one mode check, and steeredSearch (the search
// `saejs search --steer` runs) agrees with steering by hand and ranking by the plain reference.
import { describe, expect, it } from "vitest";
import { Sae } from "../../src/sae.js";
import { SearchIndex } from "../../src/kernels/rank.js";
import { steer, steerAdd, steerClamp, steerEdit, steeredSearch, steerModeOf } from "../../src/explore/steer.js";
import { rankByDot } from "../../src/kernels/rank.ref.js";
import { randomArray, randomWeights } from "../fixtures/formula.js";

const d = 16,
  n = 48,
  k = 4,
  rows = 200;
const w = randomWeights(d, n, 31);
const q = randomArray(d, 32);
const corpus = randomArray(rows * d, 33);

describe("steer and steeredSearch", async () => {
  const sae = await Sae.create(w, { k, backend: "ref" });
  const steering = new Map([
    [3, 2],
    [7, 0],
  ]);

  it("steer(mode) is steerEdit, steerAdd or steerClamp; any other mode is E_ARG naming the three", async () => {
    expect((await steer(sae, q, steering, "edit")).vector).toEqual((await steerEdit(sae, q, steering)).vector);
    expect((await steer(sae, q, steering, "add")).vector).toEqual(await steerAdd(sae, q, steering));
    expect((await steer(sae, q, steering, "clamp")).codes).toEqual((await steerClamp(sae, q, steering)).codes);
    await expect(steer(sae, q, steering, "push" as "edit")).rejects.toMatchObject({ code: "E_ARG", message: "mode must be edit, add or clamp, got 'push'" });
    expect(() => steerModeOf(undefined, "--steer-mode")).toThrow(/--steer-mode must be edit, add or clamp/);
  });

  it("ranks the query and the steered query as rankByDot does, with each steered hit's rank before steering", async () => {
    const index = await SearchIndex.create(corpus, d, { backend: "ref" });
    try {
      const plain = await steeredSearch(sae, index, q, { top: 5 });
      expect(plain.results).toEqual(rankByDot(corpus, d, q, 5));
      expect(plain.steered).toBeUndefined();
      for (const mode of ["edit", "add", "clamp"] as const) {
        const r = await steeredSearch(sae, index, q, { steering, mode, top: 5 });
        const v = (await steer(sae, q, steering, mode)).vector;
        const all = rankByDot(corpus, d, q, rows);
        expect(r.steered).toEqual(rankByDot(corpus, d, v, 5).map((h) => ({ ...h, wasRank: all.findIndex((a) => a.doc === h.doc) + 1 })));
      }
    } finally {
      index.dispose();
    }
  });
});
