// A search box's first query: the text embedded by the default embedder (in its worker) and
// encoded by an SAE over USE lite's 512-d vectors. `at`: ms since the page began loading.
import { loadSae } from "saejs";
import { UseLiteEmbedder } from "saejs/embed";

export async function run({ text, sae: saeUrl, worker }) {
  const [sae, embedder] = [
    loadSae(saeUrl),
    new UseLiteEmbedder({ modelUrl: "/use-lite/", ...(worker ? { webWorker: new Worker(worker, { type: "module" }) } : {}) }),
  ];
  try {
    const vector = await embedder.embed([text]);
    const codes = await (await sae).encode(vector);
    return { indices: [...codes.indices], values: [...codes.values], at: performance.now() };
  } finally {
    await embedder.dispose();
    await (await sae).dispose();
  }
}
