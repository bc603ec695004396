// POST JSON to an OpenAI-compatible service with the retry policy both clients share: exponential
// backoff on 5xx and network failures, and as long a wait as a 429's Retry-After asks.
import { SaeError } from "../core/errors.js";
import { concat } from "./zip-write.js";
import { HTTP_LIMITS, type HttpLimits } from "./http-limits.js";

export { HTTP_LIMITS, type HttpLimits };

export interface RetryOptions {
  apiKey: string;
  /** Retries after the first try. */
  maxRetries: number;
  /** Backoff before the first retry, doubled each time. */
  backoffMs: number;
  fetch: typeof fetch;
  signal?: AbortSignal;
  /** Names the client in errors ("embedder", "chat"). */
  what: string;
  /** Tighter or looser limits than HTTP_LIMITS (tests use short timeouts). */
  limits?: Partial<HttpLimits>;
}

/** Waits ms, or rejects with E_ABORTED as soon as the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(t);
      reject(new SaeError("E_ABORTED", "aborted"));
    };
    if (signal?.aborted) {
      reject(new SaeError("E_ABORTED", "aborted"));
      return;
    }
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) {
    const ms = Number(value) * 1000;
    return Number.isFinite(ms) ? ms : undefined;
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Reads a body as text, under the byte cap and idle timeout; `timedOut` aborts the request. */
async function readBody(res: Response, limits: HttpLimits, timedOut: (why: string) => void): Promise<string> {
  const declared = Number(res.headers.get("content-length"));
  if (declared > limits.maxBytes) throw new SaeError("E_EMBED", `the response declares ${declared} bytes, more than the limit of ${limits.maxBytes}`);
  if (!res.body) return "";
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const idle = setTimeout(() => timedOut(`no data for ${limits.idleMs} ms while reading the response`), limits.idleMs);
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } finally {
      clearTimeout(idle);
    }
    if (chunk.done) break;
    bytes += chunk.value.length;
    if (bytes > limits.maxBytes) {
      await reader.cancel().catch(() => {});
      throw new SaeError("E_EMBED", `the response is larger than the limit of ${limits.maxBytes} bytes`);
    }
    parts.push(chunk.value);
  }
  return new TextDecoder().decode(concat(parts));
}

/**
 * The body of a successful response, as text; a client error or exhausted retries throw E_EMBED,
 * an abort E_ABORTED. Each try has a connect timeout, an idle timeout and a size cap (HTTP_LIMITS).
 */
export async function postJson(url: string, body: unknown, o: RetryOptions): Promise<string> {
  const limits = { ...HTTP_LIMITS, ...o.limits };
  let lastProblem = "";
  for (let attempt = 0; attempt <= o.maxRetries; attempt++) {
    if (attempt > 0) await sleep(o.backoffMs * 2 ** (attempt - 1), o.signal);
    if (o.signal?.aborted) throw new SaeError("E_ABORTED", `${o.what}: aborted`);
    // One controller per try: the caller's abort, the connect timeout and the idle timeout all end it.
    const ctrl = new AbortController();
    let timeout: string | undefined;
    const timedOut = (why: string) => {
      timeout = why;
      ctrl.abort();
    };
    const onAbort = () => ctrl.abort();
    o.signal?.addEventListener("abort", onAbort, { once: true });
    const connect = setTimeout(() => timedOut(`no response within ${limits.connectMs} ms`), limits.connectMs);
    try {
      let res: Response;
      try {
        res = await o.fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...(o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {}) },
          body: JSON.stringify(body),
          signal: ctrl.signal,
        });
      } finally {
        clearTimeout(connect);
      }
      if (res.status === 429 || res.status >= 500) {
        lastProblem = `${res.status} ${res.statusText}`.trim();
        const wait = res.status === 429 ? retryAfterMs(res.headers.get("retry-after")) : undefined;
        await res.body?.cancel().catch(() => {});
        if (wait !== undefined && wait > limits.maxRetryAfterMs) {
          throw new SaeError(
            "E_EMBED",
            `${o.what}: ${url} answered 429 and asks to wait ${Math.round(wait / 1000)} s, more than the ${limits.maxRetryAfterMs / 1000} s sae.js waits; try again later`,
          );
        }
        if (wait !== undefined && attempt < o.maxRetries) await sleep(wait, o.signal);
        continue;
      }
      const text = await readBody(res, limits, timedOut);
      if (!res.ok) throw new SaeError("E_EMBED", `${o.what}: ${url} answered ${res.status} ${res.statusText}: ${text.slice(0, 300)}`);
      return text;
    } catch (cause) {
      if (o.signal?.aborted) throw new SaeError("E_ABORTED", `${o.what}: aborted`, { cause });
      if (cause instanceof SaeError && timeout === undefined) {
        if (cause.code === "E_EMBED" && !cause.message.startsWith(o.what)) throw new SaeError("E_EMBED", `${o.what}: ${url}: ${cause.message}`);
        throw cause;
      }
      lastProblem = timeout ?? `network error: ${(cause as Error)?.message ?? cause}`;
    } finally {
      o.signal?.removeEventListener("abort", onAbort);
    }
  }
  throw new SaeError("E_EMBED", `${o.what}: ${url} failed ${o.maxRetries + 1} times; last: ${lastProblem}`);
}
