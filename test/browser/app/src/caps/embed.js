// The default embedder (USE lite) in its Web Worker, the model and wasm files served by the app at
// /use-lite/. Vite bundles the worker the library starts; an esbuild app builds it as an entry
// (caps/embed-worker.js) and hands it in (`worker`, its URL). `pageTicks`: the page kept running.
import { UseLiteEmbedder } from "saejs/embed";

export async function run({ texts, worker }) {
  let pageTicks = 0;
  const timer = setInterval(() => pageTicks++, 10);
  const t0 = performance.now();
  const e = new UseLiteEmbedder({ modelUrl: "/use-lite/", ...(worker ? { webWorker: new Worker(worker, { type: "module" }) } : {}) });
  try {
    const v = await e.embed(texts);
    return { vectors: [...v], ms: performance.now() - t0, pageTicks, at: performance.now() };
  } finally {
    clearInterval(timer);
    await e.dispose();
  }
}
