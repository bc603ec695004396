// The default embedder, offline, from the model files inside the optional package.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UseLiteEmbedder } from "../../src/embed/use.js";
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

  it("refuses a worker count that is not a positive integer or 'auto'", () => {
    expect(() => new UseLiteEmbedder({ workers: 0 })).toThrow(/workers must be/);
  });
});
