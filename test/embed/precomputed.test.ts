import { describe, expect, it } from "vitest";
import { PrecomputedEmbedder } from "../../src/embed/precomputed.js";
import { writeNpy } from "../../src/io/npy.js";

describe("PrecomputedEmbedder (bring your own .npy)", () => {
  it("serves the rows made for each text, from a file, and names a text it has no vector for", async () => {
    const x = Float32Array.of(1, 2, 3, 4, 5, 6);
    const e = await PrecomputedEmbedder.fromFile(writeNpy(x, [3, 2]), ["a", "b", "c"], "mine");
    expect(e.dim).toBe(2);
    expect(e.name).toBe("mine:2");
    expect(Array.from(await e.embed(["c", "a"]))).toEqual([5, 6, 1, 2]);
    await expect(e.embed(["zzz"])).rejects.toMatchObject({ code: "E_EMBED", message: expect.stringMatching(/no vector for the text "zzz"/) });
    expect(() => new PrecomputedEmbedder(x, 2, ["a"])).toThrow(/3 rows for 1 texts/);
  });
});
