// A worker thread of the default embedder (dist/embed-worker.js): loads USE lite from the bundled
// model files once, then embeds each batch it is sent and answers with its float32 rows (the
// buffer transferred, not copied). Node's worker_threads; the protocol is embed/use-pool.ts's.
import { parentPort } from "node:worker_threads";
import { loadUseLite } from "./use-model.js";

const model = loadUseLite();
parentPort!.on("message", async (m: { id: number; texts: string[] }) => {
  try {
    const rows = await (await model).embed(m.texts);
    const out = new Float32Array(rows.length * 512);
    for (const [j, row] of rows.entries()) out.set(row, j * 512);
    parentPort!.postMessage({ id: m.id, data: out }, [out.buffer]);
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: (e as Error)?.message ?? String(e) });
  }
});
