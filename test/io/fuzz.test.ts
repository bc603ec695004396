// The fuzzer in every test run: 5,000 cases per target (npm run fuzz runs 100,000), mutated from
// real files or generated (pickle programs, many-entry archives).
import { describe, expect, it } from "vitest";
import { fuzz, targets } from "../fuzz/fuzz.js";

const CASES = Number(process.env.SAEJS_FUZZ_CASES ?? 5000);

describe("fuzzing by mutation: only typed errors", async () => {
  for (const t of await targets()) {
    // Archives of thousands of entries cost more per case; each Hub case is several real HTTP requests.
    const n = t.name === "zip-many" ? CASES / 5 : t.name === "hub" ? CASES / 10 : CASES;
    it(`${t.name}: ${n} cases`, async () => {
      const r = await fuzz(t, n, 7);
      expect(r.failures.map((f) => `case ${f.index}: ${f.error.split("\n")[0]}`)).toEqual([]);
    });
  }
});
