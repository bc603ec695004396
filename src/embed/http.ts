// An OpenAI-compatible embeddings client (POST {baseUrl}/embeddings): batches, retries with
// exponential backoff on 5xx and network failures, and waits as long as a 429's Retry-After asks.
// Enough to make the release's 1536-d text-embedding-3-small vectors, or to use any compatible server.
// see: https://platform.openai.com/docs/api-reference/embeddings/create
import { SaeError } from "../core/errors.js";
import { env } from "../runtime/env.js";
import { checkTexts, type EmbedOptions, type Embedder } from "./embedder.js";
import { postJson, type HttpLimits } from "../io/http.js";

export { retryAfterMs } from "../io/http.js";

export interface HttpEmbedderOptions {
  /** Service root, e.g. https://api.openai.com/v1 (env OPENAI_BASE_URL). */
  baseUrl?: string;
  /** Model name (env SAEJS_EMBED_MODEL; default text-embedding-3-small). */
  model?: string;
  /** Bearer token (env OPENAI_API_KEY); omitted when empty. */
  apiKey?: string;
  /** Vector size; known models have a default, others must say it. */
  dim?: number;
  /** Texts per request (default 256). */
  batchSize?: number;
  /** Retries per request after the first try (default 5). */
  maxRetries?: number;
  /** Backoff before the first retry, doubled each time (default 500 ms). */
  backoffMs?: number;
  /** The fetch to use (default globalThis.fetch). */
  fetch?: typeof fetch;
  /** Timeouts, size cap and longest Retry-After honoured (default HTTP_LIMITS). */
  limits?: Partial<HttpLimits>;
}

const KNOWN_DIMS: Record<string, number> = { "text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536 };

export class HttpEmbedder implements Embedder {
  readonly dim: number;
  readonly model: string;
  readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly batchSize: number;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private readonly limits: Partial<HttpLimits>;
  private readonly fetchImpl: typeof fetch;

  constructor(options: HttpEmbedderOptions = {}) {
    this.baseUrl = (options.baseUrl ?? env("OPENAI_BASE_URL") ?? "https://api.openai.com/v1").replace(/\/+$/, "");
    this.model = options.model ?? env("SAEJS_EMBED_MODEL") ?? "text-embedding-3-small";
    this.apiKey = options.apiKey ?? env("OPENAI_API_KEY") ?? "";
    const dim = options.dim ?? KNOWN_DIMS[this.model];
    if (!dim || !Number.isInteger(dim) || dim < 1) throw new SaeError("E_ARG", `embedder: the vector size of model '${this.model}' is not known; pass { dim }`);
    this.dim = dim;
    this.batchSize = options.batchSize ?? 256;
    this.maxRetries = options.maxRetries ?? 5;
    this.backoffMs = options.backoffMs ?? 500;
    this.limits = options.limits ?? {};
    this.fetchImpl = options.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new SaeError("E_ARG", `embedder: batchSize must be a positive integer, got ${this.batchSize}`);
  }

  get name(): string {
    return `http:${this.model}:${this.dim}`;
  }

  get identity(): string {
    return `http ${this.baseUrl} ${this.model} ${this.dim}`;
  }

  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array> {
    checkTexts(texts);
    const out = new Float32Array(texts.length * this.dim);
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize);
      out.set(await this.request(batch, i, options.signal), i * this.dim);
      options.onProgress?.(i + batch.length, texts.length);
    }
    return out;
  }

  /** One batch, with retries; rows in input order. */
  private async request(input: readonly string[], offset: number, signal?: AbortSignal): Promise<Float32Array> {
    const text = await postJson(
      `${this.baseUrl}/embeddings`,
      { model: this.model, input, encoding_format: "float" },
      {
        apiKey: this.apiKey,
        maxRetries: this.maxRetries,
        backoffMs: this.backoffMs,
        fetch: this.fetchImpl,
        what: "embedder",
        limits: this.limits,
        ...(signal ? { signal } : {}),
      },
    );
    return this.parse(text, input.length, offset);
  }

  private parse(text: string, count: number, offset: number): Float32Array {
    let body: { data?: { index?: number; embedding?: unknown }[] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new SaeError("E_EMBED", `embedder: the response is not JSON: ${JSON.stringify(text.slice(0, 120))}`);
    }
    const data = body?.data;
    if (!Array.isArray(data) || data.length !== count)
      throw new SaeError("E_EMBED", `embedder: expected ${count} embeddings in 'data', got ${Array.isArray(data) ? data.length : "none"}`);
    const out = new Float32Array(count * this.dim);
    const seen = new Set<number>();
    data.forEach((item, j) => {
      const index = typeof item?.index === "number" ? item.index : j;
      const e = item?.embedding;
      if (!Number.isInteger(index) || index < 0 || index >= count || seen.has(index))
        throw new SaeError("E_EMBED", `embedder: bad or repeated index ${index} in the response`);
      seen.add(index);
      if (!Array.isArray(e) || e.length !== this.dim) {
        throw new SaeError(
          "E_EMBED",
          `embedder: text ${offset + index} came back with ${Array.isArray(e) ? e.length : "no"} dimensions, expected ${this.dim} (model '${this.model}')`,
        );
      }
      for (let q = 0; q < this.dim; q++) {
        const v = e[q];
        // Finite as float32 too: 1e300 is a finite number in JSON and Infinity once stored.
        if (typeof v !== "number" || !Number.isFinite(Math.fround(v)))
          throw new SaeError("E_EMBED", `embedder: text ${offset + index} has a value at ${q} that is not a finite float32 (${String(v).slice(0, 24)})`);
        out[index * this.dim + q] = v;
      }
    });
    return out;
  }
}
