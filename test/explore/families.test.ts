// Feature families against the Python networkx golden (test/fixtures/make_families_golden.py).
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseNpy } from "../../src/io/npy.js";
import { activationMatrix, featureFamilies } from "../../src/explore/families.js";

const DIR = join(process.cwd(), "test", "fixtures", "families");

describe("feature families", () => {
  it("are identical to networkx's on the committed activation fixture", async () => {
    const a = await parseNpy(readFileSync(join(DIR, "activations.npy")));
    const [docs, n] = a.shape as [number, number];
    const want = JSON.parse(readFileSync(join(DIR, "families.json"), "utf8"));
    const got = featureFamilies(a.data, docs, n);
    expect(got.map(({ edges: _e, ...f }) => f)).toEqual(want);
    // Each family's edges form its tree: every member entered once, from the head or a member.
    for (const f of got) {
      expect(f.edges.map((e) => e[1]).sort((x, y) => x - y)).toEqual(f.members);
      expect(
        f.edges
          .filter((e) => e[0] === f.parent)
          .map((e) => e[1])
          .sort((x, y) => x - y),
      ).toEqual(f.children);
      for (const [p] of f.edges) expect(p === f.parent || f.members.includes(p)).toBe(true);
    }
    // The planted parents 0–5 head families of their planted children.
    expect(
      got
        .filter((f) => f.round === 0)
        .map((f) => f.parent)
        .slice(0, 6),
    ).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("binary activations from codes: a value of 0 (ReLU'd, or a thresholded SAE's padding) is off", () => {
    const codes = { indices: Int32Array.of(2, 0, 1, 2), values: Float32Array.of(0.5, 0.2, 0.3, 0), k: 2, batch: 2 };
    expect(Array.from(activationMatrix(codes, 3))).toEqual([1, 0, 1, 0, 1, 0]);
  });
});
