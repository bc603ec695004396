// The default embedder: Universal Sentence Encoder lite (512-d) through the optional
// @energetic-ai packages (use-model.ts), loaded lazily. In Node its batches run on every core
// (use-pool.ts); texts are sorted by length into fixed batches, so any number of workers gives the
// same batches, and the same vectors.
import { SaeError } from "../core/errors.js";
import { caps } from "../runtime/detect.js";
import { cores } from "../runtime/workers.js";
import { checkTexts, type EmbedOptions, type Embedder } from "./embedder.js";
import { loadUseLite, type UseModel } from "./use-model.js";
import { UsePool } from "./use-pool.js";

/** Texts per batch: small enough that the batches spread evenly over the workers. */
const BATCH = 32;

export interface UseLiteOptions {
  /** Worker threads (Node): a number, or "auto" (default: one per core, at most one per batch); 1 runs on this thread. */
  workers?: number | "auto";
}

export class UseLiteEmbedder implements Embedder {
  readonly name = "use-lite-512";
  readonly dim = 512;
  private model: Promise<UseModel> | undefined;
  private pool: Promise<UsePool> | undefined;
  private readonly workers: number | "auto";

  constructor(options: UseLiteOptions = {}) {
    const w = options.workers ?? "auto";
    if (w !== "auto" && !(Number.isInteger(w) && w >= 1)) throw new SaeError("E_ARG", `workers must be a positive integer or "auto", got ${String(w)}`);
    this.workers = w;
  }

  private load(): Promise<UseModel> {
    this.model ??= loadUseLite().catch((e: unknown) => {
      this.model = undefined;
      throw e;
    });
    return this.model;
  }

  /** Worker threads for `batches` batches: none (this thread) outside Node, for one batch, or when asked. */
  private async threads(batches: number): Promise<number> {
    if (caps().runtime !== "node" || batches < 2) return 1;
    return Math.min(batches, this.workers === "auto" ? await cores() : this.workers);
  }

  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array> {
    checkTexts(texts);
    const out = new Float32Array(texts.length * this.dim);
    // Fixed batches of texts of like length (little padding), whatever the number of workers; the
    // longest first, so that the last batches, taken while other workers finish, are short.
    const order = Array.from({ length: texts.length }, (_, i) => i).sort((a, b) => texts[b]!.length - texts[a]!.length || a - b);
    const batches: number[][] = [];
    for (let i = 0; i < order.length; i += BATCH) batches.push(order.slice(i, i + BATCH));
    const n = await this.threads(batches.length);
    let done = 0;
    const put = (batch: number[], rows: Float32Array) => {
      if (rows.length !== batch.length * this.dim)
        throw new SaeError("E_EMBED", `default embedder: ${rows.length} values for ${batch.length} texts of ${this.dim}`);
      for (const [j, i] of batch.entries()) out.set(rows.subarray(j * this.dim, (j + 1) * this.dim), i * this.dim);
      done += batch.length;
      options.onProgress?.(done, texts.length);
    };
    const check = () => {
      if (options.signal?.aborted) throw new SaeError("E_ABORTED", "embedding aborted");
    };
    if (n <= 1) {
      const model = await this.load();
      for (const [b, batch] of batches.entries()) {
        // The model runs on this thread: yield between batches so that an abort (Ctrl-C) is seen.
        if (b > 0) await new Promise((r) => setTimeout(r, 0));
        check();
        const rows = await model.embed(batch.map((i) => texts[i]!));
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
        put(batch, await pool.embed(batch.map((i) => texts[i]!)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(n, pool.size) }, worker));
    return out;
  }

  /** Ends the worker threads (they hold the process only while they work; this frees their memory). */
  async dispose(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await (await pool).dispose();
  }
}
