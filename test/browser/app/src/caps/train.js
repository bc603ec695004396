// A small SAE trained in a worker (the page stays responsive), saved to OPFS and as a download;
// after a reload, `reopen` loads it back from OPFS.
import { loadSae } from "saejs";
import { sha256 } from "./rows.js";

export async function run({ reopen = false } = {}) {
  if (reopen) {
    const dir = await navigator.storage.getDirectory();
    const file = await (await dir.getFileHandle("trained.safetensors")).getFile();
    const sae = await loadSae(file);
    const out = { nInputs: sae.nInputs, nLatents: sae.nLatents, k: sae.k, sha: await sha256(new Uint8Array(await file.arrayBuffer())) };
    await sae.dispose();
    return out;
  }
  const worker = new Worker(new URL("./train-worker.js", import.meta.url), { type: "module" });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  const t0 = performance.now();
  const reply = await new Promise((resolve, reject) => {
    worker.onmessage = (e) => resolve(e.data);
    worker.onerror = (e) => reject(new Error(e.message));
  });
  clearInterval(timer);
  worker.terminate();
  if (reply.error) throw new Error(reply.error);
  const blob = new Blob(reply.parts, { type: "application/octet-stream" });
  const a = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: "trained.safetensors" });
  document.body.append(a);
  a.click();
  return { ...reply, parts: undefined, ms: performance.now() - t0, pageTicks: ticks, sha: await sha256(new Uint8Array(await blob.arrayBuffer())) };
}
