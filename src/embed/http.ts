// An OpenAI-compatible embeddings client (POST {baseUrl}/embeddings): batches, retries with
// exponential backoff on 5xx and network failures, and waits as long as a 429's Retry-After asks.
// Enough to make the release's 1536-d text-embedding-3-small vectors, or to use any compatible server.
// see: https://platform.openai.com/docs/api-reference/embeddings/create
import { SaeError } from "../core/errors.js";
import { env } from "../runtime/env.js";
import type { EmbedOptions, Embedder } from "./embedder.js";

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
}

const KNOWN_DIMS: Record<string, number> = { "text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536 };

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(new SaeError("E_ABORTED", "embedding aborted")); return; }
    const t = setTimeout(() => { signal?.removeEventListener("abort", onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(new SaeError("E_ABORTED", "embedding aborted")); };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class HttpEmbedder implements Embedder {
  readonly dim: number;
  readonly model: string;
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly batchSize: number;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
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
    this.fetchImpl = options.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new SaeError("E_ARG", `embedder: batchSize must be a positive integer, got ${this.batchSize}`);
  }

  get name(): string {
    return `http:${this.model}:${this.dim}`;
  }

  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array> {
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
    const url = `${this.baseUrl}/embeddings`;
    let lastProblem = "";
    for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
      if (attempt > 0) await sleep(this.backoffMs * 2 ** (attempt - 1), signal);
      let res: Response;
      try {
        res = await this.fetchImpl(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}) },
          body: JSON.stringify({ model: this.model, input, encoding_format: "float" }),
          ...(signal ? { signal } : {}),
        });
      } catch (cause) {
        if (signal?.aborted) throw new SaeError("E_ABORTED", "embedding aborted", { cause });
        lastProblem = `network error: ${(cause as Error)?.message ?? cause}`;
        continue;
      }
      if (res.status === 429) {
        lastProblem = "429 Too Many Requests";
        const wait = retryAfterMs(res.headers.get("retry-after"));
        await res.body?.cancel().catch(() => {});
        if (wait !== undefined && attempt < this.maxRetries) await sleep(wait, signal);
        continue;
      }
      if (res.status >= 500) {
        lastProblem = `${res.status} ${res.statusText}`.trim();
        await res.body?.cancel().catch(() => {});
        continue;
      }
      const text = await res.text();
      if (!res.ok) throw new SaeError("E_EMBED", `embedder: ${url} answered ${res.status} ${res.statusText}: ${text.slice(0, 300)}`);
      return this.parse(text, input.length, offset);
    }
    throw new SaeError("E_EMBED", `embedder: ${url} failed ${this.maxRetries + 1} times; last: ${lastProblem}`);
  }

  private parse(text: string, count: number, offset: number): Float32Array {
    let body: { data?: { index?: number; embedding?: unknown }[] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new SaeError("E_EMBED", `embedder: the response is not JSON: ${JSON.stringify(text.slice(0, 120))}`);
    }
    const data = body?.data;
    if (!Array.isArray(data) || data.length !== count) throw new SaeError("E_EMBED", `embedder: expected ${count} embeddings in 'data', got ${Array.isArray(data) ? data.length : "none"}`);
    const out = new Float32Array(count * this.dim);
    const seen = new Set<number>();
    data.forEach((item, j) => {
      const index = typeof item?.index === "number" ? item.index : j;
      const e = item?.embedding;
      if (!Number.isInteger(index) || index < 0 || index >= count || seen.has(index)) throw new SaeError("E_EMBED", `embedder: bad or repeated index ${index} in the response`);
      seen.add(index);
      if (!Array.isArray(e) || e.length !== this.dim) {
        throw new SaeError("E_EMBED", `embedder: text ${offset + index} came back with ${Array.isArray(e) ? e.length : "no"} dimensions, expected ${this.dim} (model '${this.model}')`);
      }
      for (let q = 0; q < this.dim; q++) {
        const v = e[q];
        if (typeof v !== "number" || !Number.isFinite(v)) throw new SaeError("E_EMBED", `embedder: text ${offset + index} has a non-finite value at ${q}`);
        out[index * this.dim + q] = v;
      }
    });
    return out;
  }
}
