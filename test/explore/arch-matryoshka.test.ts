// A Matryoshka SAE's coarse-to-fine tree on a planted decoder: each finer latent is its planted
// parent's direction plus a small turn, so the nearest coarser latent by cosine is known.
import { describe, expect, it } from "vitest";
import { Sae } from "../../src/sae.js";
import { SaeModel } from "../../src/model.js";
import { checkMatryoshkaTree, matryoshkaChildren, matryoshkaGroup, matryoshkaTree, matryoshkaTreeOf, widthsOf } from "../../src/explore/matryoshka.js";
import { prng } from "../fixtures/formula.js";

/** Decoder [d, n] for widths [2, 6, 12]: latents 2..5 planted under 0/1, 6..11 under 2..5. */
function planted(d = 16) {
  const rnd = prng(11),
    widths = [2, 6, 12],
    n = 12;
  const want = [-1, -1, 0, 1, 1, 0, 2, 3, 3, 5, 5, 4];
  const cols: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const v = Float64Array.from({ length: d }, () => rnd() - 0.5);
    // A child is mostly its parent (scaled: cosine, not the dot product, decides).
    if (want[i]! >= 0) for (let p = 0; p < d; p++) v[p] = 0.15 * v[p]! + cols[want[i]!]![p]! * (i % 2 ? 3 : 0.5);
    cols.push(v);
  }
  const W = new Float32Array(d * n);
  for (const [i, v] of cols.entries()) for (const [p, a] of v.entries()) W[p * n + i] = a;
  return { W, d, n, widths, want };
}

describe("Matryoshka tree", () => {
  it("parents are the nearest latent of the next-coarser group; children invert it", async () => {
    const { W, d, n, widths, want } = planted();
    const t = await matryoshkaTree(W, d, n, widths);
    expect(t.parent).toEqual(want);
    expect(t.widths).toEqual(widths);
    const col = (i: number) => Array.from({ length: d }, (_, p) => W[p * n + i]!);
    const cos = (a: number[], b: number[]) => a.reduce((s, v, p) => s + v * b[p]!, 0) / Math.hypot(...a) / Math.hypot(...b);
    for (let j = 2; j < n; j++) expect(t.cosine[j]).toBeCloseTo(cos(col(j), col(want[j]!)), 5);
    expect(t.cosine[0]).toBe(0);
    expect(matryoshkaChildren(t.parent)).toEqual([[2, 5], [3, 4], [6], [7, 8], [11], [9, 10], [], [], [], [], [], []]);
    expect([0, 1, 2, 5, 6, 11].map((i) => matryoshkaGroup(widths, i))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it("a tree read from a site's explorer.json is checked: parents in the next-coarser group, one per latent", async () => {
    const { W, d, n, widths } = planted();
    const t = await matryoshkaTree(W, d, n, widths);
    expect(() => checkMatryoshkaTree(t, n)).not.toThrow();
    const bad: [object, RegExp][] = [
      [{ ...t, parent: t.parent.map((p, j) => (j === 7 ? 0 : p)) }, /latent 7 the parent 0, not a latent in \[2, 6\)/],
      [{ ...t, parent: t.parent.map((p, j) => (j === 0 ? 1 : p)) }, /latent 0 the parent 1, not -1/],
      [{ ...t, parent: t.parent.map((p, j) => (j === 3 ? "0" : p)) }, /latent 3 the parent "0"/],
      [{ ...t, parent: t.parent.slice(1) }, /11 parents and 12 cosines for 12 latents/],
      [{ ...t, cosine: t.cosine.map((c, j) => (j === 4 ? null : c)) }, /latent 4 a cosine/],
      [{ ...t, widths: [6, 2, 12] }, /bad widths/],
      [{ widths: t.widths }, /is not \{ widths, parent, cosine \}/],
    ];
    for (const [tree, words] of bad) expect(() => checkMatryoshkaTree(tree as typeof t, n)).toThrow(words);
  });

  it("a tie goes to the lower index", async () => {
    // Latents 0 and 1 share one direction; latent 2 lies along it.
    const d = 2,
      n = 3,
      W = Float32Array.of(1, 1, 2, 0, 0, 0);
    expect((await matryoshkaTree(W, d, n, [2, 3])).parent).toEqual([-1, -1, 0]);
  });

  it("refuses widths that are not nested prefixes ending at n, and a decoder of the wrong size", async () => {
    const { W, d, n } = planted();
    await expect(matryoshkaTree(W, d, n, [6, 2, 12])).rejects.toMatchObject({ code: "E_ARG", message: /ascending strictly and ending at n=12/ });
    await expect(matryoshkaTree(W, d, n, [2, 6])).rejects.toMatchObject({ code: "E_ARG" });
    await expect(matryoshkaTree(W.subarray(1), d, n, [2, 6, 12])).rejects.toMatchObject({ code: "E_SHAPE" });
  });

  it("from a model: its widths (read where it has them) and its decoder", async () => {
    const { W, d, n, widths, want } = planted();
    const weights = {
      nInputs: d,
      nLatents: n,
      preBias: new Float32Array(d),
      latentBias: new Float32Array(n),
      encoderWeight: new Float32Array(n * d),
      decoderWeight: W,
    };
    const plain = await Sae.create(weights, { k: 2 });
    expect(widthsOf(plain)).toBeUndefined();
    expect(await matryoshkaTreeOf(plain)).toBeUndefined();
    // A Sae and a SaeModel (weights() from its worker) created with the widths: the planted tree.
    const sae = await Sae.create(weights, { k: 2, widths });
    expect(widthsOf(sae)).toEqual(widths);
    expect((await matryoshkaTreeOf(sae))!.parent).toEqual(want);
    const model = await SaeModel.fromWeights(weights, { k: 2, widths, workers: 1 });
    try {
      expect((await matryoshkaTreeOf(model))!.parent).toEqual(want);
    } finally {
      await model.dispose();
    }
    // A caller's own model (the SteerableSae interface) with decode alone, no weights to read: the same tree.
    const decodeOnly = { nInputs: d, nLatents: n, widths, decode: (c: Parameters<Sae["decode"]>[0]) => sae.decode(c) };
    expect((await matryoshkaTreeOf(decodeOnly))!.parent).toEqual(want);
  });
});
