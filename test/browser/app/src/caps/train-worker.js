// Trains in a dedicated worker (and reads the app's Parquet file there), saves to OPFS (a synchronous access handle: workers only) and
// posts the file's bytes back for the download.
import { readEmbeddings, Sae, serializeSae } from "saejs";
import { train } from "saejs/train";
import { formulaRows, sha256 } from "./rows.js";

try {
  const rows = 256;
  const d = 16;
  const result = await train({ x: formulaRows(rows, d), rows, nInputs: d }, { k: 4, nLatents: 32, batchSize: 32, epochs: 2, lr: 1e-3 }, { workers: 0 });
  const sae = await Sae.create(result.weights, { k: 4 });
  const parts = await serializeSae(sae, "safetensors");
  const dir = await navigator.storage.getDirectory();
  const handle = await (await dir.getFileHandle("trained.safetensors", { create: true })).createSyncAccessHandle();
  handle.truncate(0);
  let at = 0;
  for (const p of parts) at += handle.write(p, { at });
  handle.flush();
  handle.close();
  // Parquet read in the worker too, by a path the worker resolves against its own URL.
  const table = await readEmbeddings("/fixtures/papers.parquet", { column: "embedding" });
  self.postMessage({ parquetSha: await sha256(table.data), parts, steps: result.steps, trainer: result.trainer, lastLoss: result.history.at(-1)?.loss });
} catch (e) {
  self.postMessage({ error: `${e?.code ?? e?.name}: ${e?.message ?? e}` });
}
