// The page of hub-browser.test.ts: sae.js's browser build (bundled with its optional packages)
// and a few calls the test drives, each answering JSON: what it read, or the SaeError it got.
import { clearHubCache, configure, type HubOptions, isSaeError, loadSae, readEmbeddings } from "saejs";

const hex = async (a: Float32Array) =>
  Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", a as unknown as BufferSource)), (b) => b.toString(16).padStart(2, "0")).join("");

type Answer = { ok: true; [k: string]: unknown } | { ok: false; code: string; message: string };
const failed = (e: unknown): Answer =>
  isSaeError(e) ? { ok: false, code: e.code, message: e.message } : { ok: false, code: "not a SaeError", message: String((e as Error)?.stack ?? e) };

const warnings: string[] = [];

/** Loads an SAE from `url` with `hub` as configure({ hub }); its weights' SHA-256 and the codes of `x`. */
async function load(url: string, hub: HubOptions, x: number[]): Promise<Answer> {
  try {
    configure({ hub: { ...hub, onWarning: (m) => warnings.push(m) } });
    const m = await loadSae(url, { workers: 0 });
    try {
      const w = await m.weights();
      const codes = await m.encode(new Float32Array(x));
      return {
        ok: true,
        k: m.info.k,
        weights: [await hex(w.preBias), await hex(w.encoderWeight), await hex(w.latentBias), await hex(w.decoderWeight)],
        indices: Array.from(codes.indices),
        values: Array.from(codes.values),
      };
    } finally {
      await m.dispose();
    }
  } catch (e) {
    return failed(e);
  }
}

async function embeddings(url: string, hub: HubOptions): Promise<Answer> {
  try {
    configure({ hub });
    const e = await readEmbeddings(url);
    return { ok: true, rows: e.rows, cols: e.cols, data: Array.from(e.data) };
  } catch (e) {
    return failed(e);
  }
}

/** The Cache API's entries of sae.js, by key, with their headers and lengths. */
async function entries(): Promise<{ key: string; length: number; headers: Record<string, string> }[]> {
  const c = await caches.open("saejs-hub-v1");
  const out = [];
  for (const req of await c.keys()) {
    const res = (await c.match(req))!;
    out.push({
      key: req.url,
      length: (await res.arrayBuffer()).byteLength,
      headers: Object.fromEntries([...(res.headers as unknown as Iterable<[string, string]>)]),
    });
  }
  return out;
}

/** Overwrites one entry as another tab or version of sae.js might have left it: `bytes` long, with `headers`. */
async function plant(key: string, bytes: number, headers: Record<string, string>, text?: string): Promise<void> {
  const c = await caches.open("saejs-hub-v1");
  await c.put(key, new Response(text ?? new Blob([new Uint8Array(bytes).fill(7)]), { headers }));
}

Object.assign(globalThis, { hubTest: { load, embeddings, entries, plant, clear: clearHubCache, warnings } });
