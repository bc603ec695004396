// POST JSON to an OpenAI-compatible service with the retry policy both clients share: exponential
// backoff on 5xx and network failures, and as long a wait as a 429's Retry-After asks.
import { SaeError } from "../core/errors.js";

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
}

/** Waits ms, or rejects with E_ABORTED as soon as the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = () => { clearTimeout(t); reject(new SaeError("E_ABORTED", "aborted")); };
    if (signal?.aborted) { reject(new SaeError("E_ABORTED", "aborted")); return; }
    const t = setTimeout(() => { signal?.removeEventListener("abort", abort); resolve(); }, ms);
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The body of a successful response, as text; a client error or exhausted retries throw E_EMBED. */
export async function postJson(url: string, body: unknown, o: RetryOptions): Promise<string> {
  let lastProblem = "";
  for (let attempt = 0; attempt <= o.maxRetries; attempt++) {
    if (attempt > 0) await sleep(o.backoffMs * 2 ** (attempt - 1), o.signal);
    let res: Response;
    try {
      res = await o.fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {}) },
        body: JSON.stringify(body),
        ...(o.signal ? { signal: o.signal } : {}),
      });
    } catch (cause) {
      if (o.signal?.aborted) throw new SaeError("E_ABORTED", `${o.what}: aborted`, { cause });
      lastProblem = `network error: ${(cause as Error)?.message ?? cause}`;
      continue;
    }
    if (res.status === 429 || res.status >= 500) {
      lastProblem = `${res.status} ${res.statusText}`.trim();
      const wait = res.status === 429 ? retryAfterMs(res.headers.get("retry-after")) : undefined;
      await res.body?.cancel().catch(() => {});
      if (wait !== undefined && attempt < o.maxRetries) await sleep(wait, o.signal);
      continue;
    }
    const text = await res.text();
    if (!res.ok) throw new SaeError("E_EMBED", `${o.what}: ${url} answered ${res.status} ${res.statusText}: ${text.slice(0, 300)}`);
    return text;
  }
  throw new SaeError("E_EMBED", `${o.what}: ${url} failed ${o.maxRetries + 1} times; last: ${lastProblem}`);
}
