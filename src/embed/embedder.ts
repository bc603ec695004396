// What turns texts into embeddings: the default on-device model, an HTTP service, or your own.
import { SaeError } from "../core/errors.js";

export interface EmbedOptions {
  /** Cancels the remaining requests (and any wait between retries). */
  signal?: AbortSignal;
  /** Called after each batch with the texts embedded so far. */
  onProgress?: (done: number, total: number) => void;
}

/** An embedding model: `embed` returns [texts.length, dim] row-major float32. */
export interface Embedder {
  /** A stable name (model and dimension), part of cache keys. */
  readonly name: string;
  /** Everything that decides its vectors (for a service: base URL, model, dimension); default name and dim. */
  readonly identity?: string;
  readonly dim: number;
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array>;
}

/** Checks texts before an embedder sees them: an array of non-empty strings (an empty one has no embedding). */
export function checkTexts(texts: readonly string[]): void {
  if (!Array.isArray(texts)) throw new SaeError("E_ARG", `embed: expected an array of strings, got ${texts === null ? "null" : typeof texts}`);
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    if (typeof t !== "string") throw new SaeError("E_ARG", `embed: text ${i} is ${t === null ? "null" : typeof t}, not a string`);
    if (t.trim() === "") throw new SaeError("E_ARG", `embed: text ${i} is empty; an empty text has no meaning to embed`);
  }
}
