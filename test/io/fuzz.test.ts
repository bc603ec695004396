// The mutation fuzzer in every test run: 2,000 cases per parser (npm run fuzz runs 100,000).
import { describe, expect, it } from "vitest";
import { fuzz, targets } from "../fuzz/fuzz.js";

const CASES = Number(process.env.SAEJS_FUZZ_CASES ?? 2000);

describe("fuzzing by mutation: only typed errors", async () => {
  for (const t of await targets()) {
    it(`${t.name}: ${CASES} cases`, async () => {
      const r = await fuzz(t, CASES, 7);
      expect(r.failures.map((f) => `case ${f.index}: ${f.error.split("\n")[0]}`)).toEqual([]);
    });
  }
});
