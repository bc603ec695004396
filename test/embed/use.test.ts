// The default embedder, offline, from the model files inside the optional package.
import { describe, expect, it } from "vitest";
import { UseLiteEmbedder } from "../../src/embed/use.js";

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
});
