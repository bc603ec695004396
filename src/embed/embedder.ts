// What turns texts into embeddings: the default on-device model, an HTTP service, or your own.

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
  readonly dim: number;
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array>;
}
