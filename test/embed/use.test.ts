// The default embedder, offline, from the model files inside the optional package.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UseLiteEmbedder, distinctTexts, fixedBatches, tokenLengths } from "../../src/embed/use.js";
import { loadUseTokenizer } from "../../src/embed/use-model.js";
import { SaeError } from "../../src/core/errors.js";
import { parseCsv } from "../../src/io/texts.js";

describe("UseLiteEmbedder (Universal Sentence Encoder lite)", () => {
  it("embeds texts to 512-d vectors, deterministically, similar meanings closer", async () => {
    const e = new UseLiteEmbedder();
    const texts = ["the flow of electric charge through a conductor", "electric current in a wire", "a sweet dessert made with sugar and eggs"];
    const progress: number[] = [];
    const a = await e.embed(texts, { onProgress: (d) => progress.push(d) });
    expect(a.length).toBe(3 * 512);
    expect(a.every(Number.isFinite)).toBe(true);
    expect(progress).toEqual([3]);
    expect(await e.embed(texts)).toEqual(a);
    const dot = (i: number, j: number) => {
      let s = 0;
      for (let q = 0; q < 512; q++) s += a[i * 512 + q]! * a[j * 512 + q]!;
      return s;
    };
    expect(dot(0, 1)).toBeGreaterThan(dot(0, 2));
  });

  it("on two worker threads: the same vectors, bit for bit, as on this thread; texts back in their order", async () => {
    // Real abstracts of uneven length, so that sorting into batches reorders them.
    const [header, ...rows] = parseCsv(readFileSync(join(process.cwd(), "..", "shared", "data", "arxiv", "arxiv-2007-first2000.csv"), "utf8"));
    const col = header!.indexOf("abstract");
    const texts = rows.slice(0, 100).map((r) => r[col]!.replace(/\s+/g, " ").trim());
    const one = new UseLiteEmbedder({ workers: 1 }),
      two = new UseLiteEmbedder({ workers: 2 });
    try {
      const progress: number[] = [];
      const a = await one.embed(texts),
        b = await two.embed(texts, { onProgress: (d) => progress.push(d) });
      expect(b).toEqual(a);
      expect(progress.at(-1)).toBe(100);
      // Row i is text i: a text embedded alone gives row i (to float32 rounding: the model's sums
      // depend on the batch a text is in, which is why the batches are fixed).
      const alone = await one.embed([texts[77]!]);
      for (let q = 0; q < 512; q++) expect(b[77 * 512 + q]).toBeCloseTo(alone[q]!, 5);
      const ac = new AbortController();
      ac.abort();
      await expect(two.embed(texts, { signal: ac.signal })).rejects.toThrow(SaeError);
    } finally {
      await two.dispose();
    }
  }, 120_000);

  it("batches texts by their token count, so that short phrases pad little (the labeller embeds ~24,000 of them)", async () => {
    expect(fixedBatches([3, 9, 3, 7, 1], 2)).toEqual([[1, 3], [0, 2], [4]]);
    expect(fixedBatches([], 32)).toEqual([]);
    // Labelling-like phrases: one to four words of abstracts, where characters and tokens disagree.
    const [header, ...rows] = parseCsv(readFileSync(join(process.cwd(), "..", "shared", "data", "arxiv", "arxiv-2007-first2000.csv"), "utf8"));
    const words = rows
      .slice(0, 200)
      .flatMap((r) => r[header!.indexOf("abstract")]!.toLowerCase().split(/[^a-z]+/))
      .filter((w) => w.length > 2);
    const phrases = Array.from({ length: 640 }, (_, i) => words.slice(i * 3, i * 3 + 1 + (i % 4)).join(" "));
    const tokenizer = await loadUseTokenizer();
    const tokens = Array.from(tokenLengths(phrases, tokenizer));
    expect(tokens).toEqual(phrases.map((p) => tokenizer.encode(p).length));
    // A text longer than an abstract is estimated (4 characters a token), not tokenized on this thread.
    const huge = "x".repeat(2 ** 24);
    const t0 = performance.now();
    expect(Array.from(tokenLengths(["a b", huge], tokenizer))).toEqual([tokenizer.encode("a b").length, 2 ** 22]);
    expect(performance.now() - t0).toBeLessThan(2000);
    // Positions the model computes: each batch padded to its longest text.
    const positions = (batches: number[][]) => batches.reduce((s, b) => s + b.length * Math.max(...b.map((i) => tokens[i]!)), 0);
    const byTokens = positions(fixedBatches(tokens)),
      byChars = positions(fixedBatches(phrases.map((p) => p.length)));
    const real = tokens.reduce((a, b) => a + b, 0);
    expect(byTokens).toBeLessThan(1.1 * real);
    expect(byChars).toBeGreaterThan(1.3 * real);
    // The embedder batches so: the same vectors as texts embedded in token-sorted batches by hand.
    const e = new UseLiteEmbedder({ workers: 1 });
    const some = phrases.slice(0, 70);
    const v = await e.embed(some);
    const byHand = new Float32Array(v.length);
    for (const b of fixedBatches(tokens.slice(0, 70))) {
      const rows = await e.embed(b.map((i) => some[i]!));
      for (const [j, i] of b.entries()) byHand.set(rows.subarray(j * 512, (j + 1) * 512), i * 512);
    }
    expect(v).toEqual(byHand);
  }, 120_000);

  it("embeds each distinct text once: its copies get the same vector, bit for bit, wherever they stand", async () => {
    expect(distinctTexts(["b", "a", "b", "c", "a"])).toEqual({ distinct: ["b", "a", "c"], rowsOf: [[0, 2], [1, 4], [3]] });
    // Copies far apart among texts of their token count, which would otherwise land in batches
    // padded to other lengths: 20 long texts, then 50 short ones (the first batch takes 12 of them).
    const tokenizer = await loadUseTokenizer();
    const long = Array.from({ length: 20 }, (_, i) => `a much longer note, number ${i}, about galaxies, stars, planets and their orbits`);
    const copy = "galaxy delta x";
    const words = ["alpha", "beta", "gamma", "delta", "omega", "star", "disc", "halo", "jet", "dust", "ring", "core"];
    const short = words
      .flatMap((a) => words.map((b) => `galaxy ${a} ${b}`))
      .filter((t) => tokenizer.encode(t).length === tokenizer.encode(copy).length)
      .slice(0, 50);
    expect(short.length).toBe(50);
    const texts = [...long, ...short];
    texts[21] = texts[60] = texts[65] = copy;
    const e = new UseLiteEmbedder({ workers: 2 });
    try {
      const progress: number[] = [];
      const v = await e.embed(texts, { onProgress: (d) => progress.push(d) });
      expect(progress.at(-1)).toBe(70);
      const row = (i: number) => v.subarray(i * 512, (i + 1) * 512);
      expect(row(60)).toEqual(row(21));
      expect(row(65)).toEqual(row(21));
      expect(row(22)).not.toEqual(row(21));
    } finally {
      await e.dispose();
    }
  }, 120_000);

  it("refuses a worker count that is not a positive integer or 'auto'", () => {
    expect(() => new UseLiteEmbedder({ workers: 0 })).toThrow(/workers must be/);
  });
});
