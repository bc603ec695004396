// An SAE loaded from the app's server (the release's .pth in the test, a release-size one in the
// page bench), encoded on the worker pool. `at`: ms since the page began loading.
import { loadSae } from "saejs";
import { formulaRows } from "./rows.js";

export async function run({ sae: url, rows = 64 }) {
  const t0 = performance.now();
  const sae = await loadSae(url);
  const loaded = performance.now();
  const codes = await sae.encode({ data: formulaRows(rows, sae.nInputs), rows, cols: sae.nInputs });
  const done = performance.now();
  const out = {
    d: sae.nInputs,
    n: sae.nLatents,
    k: sae.k,
    backend: sae.backend,
    workers: sae.workers,
    indices: [...codes.indices],
    values: [...codes.values],
    loadMs: loaded - t0,
    encodeMs: done - loaded,
    at: done,
  };
  await sae.dispose();
  return out;
}
