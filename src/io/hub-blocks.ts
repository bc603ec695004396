// The browser's copy of hf:// files: byte blocks kept in the Cache API, so that a second load of
// the same SAE asks the Hub for nothing but the revision's commit. Entries are keyed by endpoint,
// repo, commit and path (never a branch name, which moves) and block; a branch name's commit is
// kept apart, as refs/<revision> is in the Hugging Face cache, for offline use.
//
// The store is shared with other tabs and with other versions of sae.js, so nothing read from it
// is trusted: a block counts only when its length is exactly its place in the file and it names
// the file's size and ETag; anything else is deleted and fetched again. A full quota never fails
// a read: the bytes are used uncached and onWarning is told once.
import { SaeError } from "../core/errors.js";

/** The Cache API cache sae.js keeps hf:// files in; a new format gets a new name. */
export const HUB_CACHE = "saejs-hub-v1";

/**
 * 1 MiB: a read fetches its missing blocks in one range request per run of them, so the block
 * size does not set the number of requests for large reads (a tensor of 30 MB is one request);
 * it sets what a small read wastes (a safetensors header, a Parquet footer, a column chunk: at
 * most a block on each side) and the number of entries a file takes (100 for 100 MB).
 */
export const BLOCK = 1 << 20;

const COMMIT = /^[0-9a-f]{40}$/;
const ETAG = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

export interface FileMeta {
  readonly size: number;
  readonly etag: string;
}

interface CacheLike {
  match(key: string): Promise<Response | undefined>;
  put(key: string, res: Response): Promise<void>;
  delete(key: string): Promise<boolean>;
}

const storage = () => (globalThis as { caches?: { open(name: string): Promise<CacheLike>; delete(name: string): Promise<boolean> } }).caches;

/** Whether this runtime has the Cache API (browsers; Deno too, but Deno has a file system and uses the Hugging Face cache). */
export const hasCacheApi = (): boolean => typeof storage()?.open === "function";

/** Empties the browser's cache of hf:// files (the Cache API's saejs-hub-v1); false where there is none to empty. */
export async function clearHubCache(): Promise<boolean> {
  const c = storage();
  if (typeof c?.delete !== "function") return false;
  try {
    return await c.delete(HUB_CACHE);
  } catch (cause) {
    throw new SaeError("E_IO", `clearHubCache: the browser refused to delete the cache '${HUB_CACHE}' (${(cause as Error)?.message ?? cause})`, { cause });
  }
}

let warned = false;

/** The cache entries of one repo at one endpoint; without a usable Cache API, a store that keeps nothing. */
export class HubStore {
  private constructor(
    private cache: CacheLike | undefined,
    private readonly base: string,
    private readonly warn: (message: string) => void,
  ) {}

  static async open(endpoint: string, type: string, repo: string, warn: (message: string) => void): Promise<HubStore> {
    // Keys are URLs on a reserved name (.invalid never resolves): the Cache API takes only http(s) keys.
    const base = `https://saejs.invalid/hub/${encodeURIComponent(endpoint)}/${type}s/${repo}/`;
    let cache: CacheLike | undefined;
    try {
      cache = await storage()?.open(HUB_CACHE);
    } catch (e) {
      once(warn, `the browser's Cache API refused to open '${HUB_CACHE}' (${said(e)}); hf:// files are read without a cache`);
    }
    return new HubStore(cache, base, warn);
  }

  private key(commit: string, path: string, what: string) {
    return `${this.base}${commit}/${path.split("/").map(encodeURIComponent).join("/")}?${what}`;
  }

  private async get(key: string): Promise<Response | undefined> {
    try {
      return await this.cache?.match(key);
    } catch {
      return undefined; // an entry that cannot be read is one not there
    }
  }

  private async put(key: string, body: BodyInit, headers: Record<string, string> = {}): Promise<void> {
    if (!this.cache) return;
    try {
      await this.cache.put(key, new Response(body, { headers: { "Content-Type": "application/octet-stream", ...headers } }));
    } catch (e) {
      const quota = (e as { name?: string })?.name === "QuotaExceededError";
      once(
        this.warn,
        quota
          ? `the browser's storage quota is full: hf:// files are read without caching them from now on (clearHubCache() frees what sae.js stored)`
          : `the browser's Cache API refused to store a block of an hf:// file (${said(e)}); it is read without caching`,
      );
      if (quota) this.cache = undefined; // each further put would fail the same way
    }
  }

  private async drop(key: string) {
    await this.cache?.delete(key).catch(() => false);
  }

  /** The commit a branch or tag named when last resolved here. */
  async ref(revision: string): Promise<string | undefined> {
    const key = `${this.base}refs/${encodeURIComponent(revision)}`;
    const text = await (await this.get(key))?.text().catch(() => "");
    if (text === undefined) return undefined;
    if (COMMIT.test(text)) return text;
    await this.drop(key);
    return undefined;
  }

  async setRef(revision: string, commit: string): Promise<void> {
    await this.put(`${this.base}refs/${encodeURIComponent(revision)}`, commit, { "Content-Type": "text/plain" });
  }

  /** The size and ETag a probe of the file found, or that the commit has no such file, when in the store and sensible. */
  async meta(commit: string, path: string): Promise<FileMeta | "absent" | undefined> {
    const key = this.key(commit, path, "meta");
    const res = await this.get(key);
    if (!res) return undefined;
    let m: { size?: unknown; etag?: unknown; absent?: unknown } | undefined;
    try {
      m = JSON.parse(await res.text());
    } catch {}
    if (m?.absent === true) return "absent";
    if (m && Number.isSafeInteger(m.size) && (m.size as number) >= 0 && typeof m.etag === "string" && ETAG.test(m.etag)) {
      return { size: m.size as number, etag: m.etag };
    }
    await this.drop(key);
    return undefined;
  }

  async setMeta(commit: string, path: string, meta: FileMeta | "absent"): Promise<void> {
    const json = meta === "absent" ? { absent: true } : { size: meta.size, etag: meta.etag };
    await this.put(this.key(commit, path, "meta"), JSON.stringify(json), { "Content-Type": "application/json" });
  }

  async dropMeta(commit: string, path: string): Promise<void> {
    await this.drop(this.key(commit, path, "meta"));
  }

  /** Block i of the file, when the store holds exactly it: its length, the file's size and ETag, and its offset all agree. */
  async block(commit: string, path: string, meta: FileMeta, i: number): Promise<Uint8Array | undefined> {
    const key = this.key(commit, path, `block=${BLOCK}:${i}`);
    const res = await this.get(key);
    if (!res) return undefined;
    const h = res.headers;
    const want = Math.min(BLOCK, meta.size - i * BLOCK);
    if (h.get("x-saejs-size") === String(meta.size) && h.get("x-saejs-etag") === meta.etag && h.get("x-saejs-offset") === String(i * BLOCK)) {
      const bytes = await res
        .arrayBuffer()
        .then((b) => new Uint8Array(b))
        .catch(() => undefined);
      if (bytes?.length === want) return bytes;
    }
    await this.drop(key); // truncated, oversized, another file's or another version's: fetched again
    return undefined;
  }

  async setBlock(commit: string, path: string, meta: FileMeta, i: number, bytes: Uint8Array): Promise<void> {
    // A copy: the caller's view may share a buffer with the rest of the read.
    await this.put(this.key(commit, path, `block=${BLOCK}:${i}`), bytes.slice(), {
      "x-saejs-size": String(meta.size),
      "x-saejs-etag": meta.etag,
      "x-saejs-offset": String(i * BLOCK),
    });
  }
}

function once(warn: (message: string) => void, message: string) {
  if (warned) return;
  warned = true;
  warn(message);
}

const said = (e: unknown) => String((e as Error)?.message ?? e).slice(0, 200);
