// Where the Hugging Face Hub is and how to reach it, for every hf:// source. Here in runtime/ (not
// io/hub.ts) so that configure({ hub }) can set the defaults without runtime/ importing io/: a
// browser has no environment variables, so configure() is where its endpoint and token come from.
import { SaeError } from "../core/errors.js";

/** Where the Hub is and how to reach it; each defaults to configure({ hub }), then to the environment Python's client reads. */
export interface HubOptions {
  /** HF_ENDPOINT, default https://huggingface.co */
  endpoint?: string;
  /** HF_TOKEN (or the token `huggingface-cli login` saved under HF_HOME) */
  token?: string;
  /** HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub */
  cacheDir?: string;
  /** HF_HUB_OFFLINE=1: the cache only (the Hugging Face cache, or in a browser the Cache API), no request */
  offline?: boolean;
  /**
   * false: read by HTTP range requests, nothing stored (a few row groups of a large Parquet file,
   * say). Default: the Hugging Face cache wherever there is a file system; in a browser, range
   * reads kept in the Cache API (clearHubCache() empties it).
   */
  cache?: boolean;
  fetch?: typeof fetch;
  /**
   * Tighter or looser limits than HTTP_LIMITS: the time to a response's headers, a download's longest
   * silence, each request's deadline (SAEJS_HUB_DEADLINE, in seconds) and the slowest download.
   */
  limits?: { connectMs?: number; idleMs?: number; deadlineMs?: number; minBytesPerSecond?: number };
  /** false: a missing file's error does not list the repo's files (a probe for a file that may be absent). */
  listMissing?: boolean;
  /** Told once when the browser's cache cannot keep what was read (its quota is full); without it the warning is dropped (`console.warn` is a fine value). */
  onWarning?: (message: string) => void;
}

const KINDS: Record<keyof HubOptions, "string" | "boolean" | "function" | "limits"> = {
  endpoint: "string",
  token: "string",
  cacheDir: "string",
  offline: "boolean",
  cache: "boolean",
  fetch: "function",
  limits: "limits",
  listMissing: "boolean",
  onWarning: "function",
};
const LIMITS = ["connectMs", "idleMs", "deadlineMs", "minBytesPerSecond"];

let defaults: Readonly<HubOptions> = {};

/** The options configure({ hub }) set; per-call options come before them, the environment after. */
export const hubDefaults = (): Readonly<HubOptions> => defaults;

/** configure({ hub }): checked whole before anything is set, so a refused call changes nothing. */
export function setHubDefaults(o: HubOptions): void {
  const bad = (why: string) => new SaeError("E_ARG", `configure({ hub }): ${why}`);
  if (o === null || typeof o !== "object" || Array.isArray(o)) throw bad("expected an object such as { endpoint: 'https://huggingface.co', token: 'hf_…' }");
  for (const [key, v] of Object.entries(o)) {
    const kind = KINDS[key as keyof HubOptions];
    if (!kind) throw bad(`unknown setting '${key}'; the settings are: ${Object.keys(KINDS).join(", ")}`);
    if (v === undefined) continue;
    if (kind === "limits") {
      if (v === null || typeof v !== "object") throw bad("limits must be an object such as { deadlineMs: 120000 }");
      for (const [name, ms] of Object.entries(v)) {
        if (!LIMITS.includes(name)) throw bad(`unknown limit '${name}'; the limits are: ${LIMITS.join(", ")}`);
        if (typeof ms !== "number" || !(ms > 0) || !Number.isFinite(ms)) throw bad(`limits.${name} must be a positive number, not ${String(ms)}`);
      }
    } else if (typeof v !== kind) {
      throw bad(`${key} must be a ${kind}, not ${v === null ? "null" : typeof v}`);
    }
  }
  if (o.endpoint !== undefined) {
    let u: URL | undefined;
    try {
      u = new URL(o.endpoint);
    } catch {}
    if (!u || (u.protocol !== "http:" && u.protocol !== "https:")) throw bad(`endpoint '${o.endpoint}' is not an http(s) URL such as https://huggingface.co`);
  }
  defaults = Object.freeze({ ...o, ...(o.limits ? { limits: { ...o.limits } } : {}) });
}
