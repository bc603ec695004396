// A SaeIndex kept in IndexedDB (PGlite): built on the first visit, opened again after a reload,
// then steered search and a feature page. The corpus and the checks are test/db/browser's, copied
// into the app by the harness (src/db/), so Node builds the same index to compare with.
import { ops } from "../db/ops.ts";

export async function run({ step, target = "idb://app-index", rows = 300, batch = 100 }) {
  if (step === "build") return ops.build(target, rows, batch);
  if (step === "reopen") return ops.reopen(target);
  throw new Error(`index: no step '${step}'`);
}
