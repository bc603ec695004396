// hf://owner/repo[@revision]/path: files on the Hugging Face Hub. Where there is a file system
// (Node, Deno, Bun), a file is downloaded once into the Hugging Face cache layout that Python's
// huggingface_hub uses (HF_HUB_CACHE, else HF_HOME/hub: models--owner--repo/{blobs,snapshots,refs}),
// so each reuses what the other downloaded, and then read by byte range like any local file.
// In a browser (no file system) the file is read by HTTP range requests in 1 MiB blocks kept in
// the Cache API (hub-blocks.ts), keyed by the commit a revision names; a second load asks the Hub
// only for that commit. There, and with { cache: false }, the browser follows redirects itself.
//
// The official @huggingface/hub client (optional, loaded lazily) fetches the bytes, Xet-stored
// files included, and lists a repo's files. Written here, because the client does not do them:
// the metadata request (its downloadFileToCacheDir needs an extra paths-info call, writes no
// refs/<revision> file, so Python's offline mode cannot find what it fetched, has no offline
// mode, and logs to stdout), the cache entry (verified by size and SHA-256, moved in whole, so an
// interrupted download never leaves a corrupt entry; a later call resumes it), HF_HUB_OFFLINE and
// the errors for 401/403/404. Every request, the client's included, goes through hubFetch: one
// deadline per request or download, bounded bodies, redirects followed here so that the token never
// leaves the endpoint's origin. Nothing in the cache is trusted that is a link out of its blobs/.
// see: https://huggingface.co/docs/huggingface_hub/guides/manage-cache
import { isSaeError, SaeError } from "../core/errors.js";
import type { RandomAccess } from "../core/access.js";
import { caps } from "../runtime/detect.js";
import { env } from "../runtime/env.js";
import { alive, fs, hasFileSystem, hostname, openFile, sha256Stream, writeFileAtomic } from "../runtime/fs.js";
import { type HubOptions, hubDefaults } from "../runtime/hub-settings.js";
import { optionalModule } from "../runtime/optional.js";
import { blobSource, checkRange } from "./blob.js";
import { BLOCK, type FileMeta, HUB_CACHE, HubStore, hasCacheApi } from "./hub-blocks.js";
import { HTTP_LIMITS } from "./http-limits.js";

export type { HubOptions };
export { clearHubCache, HUB_CACHE } from "./hub-blocks.js";

/** A file on the Hub, as an hf:// URL names it. */
export interface HubFile {
  readonly type: "model" | "dataset";
  /** owner/name */
  readonly repo: string;
  readonly revision: string;
  readonly path: string;
}

const COMMIT = /^[0-9a-f]{40}$/;
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Parses hf://owner/repo/path, hf://owner/repo@revision/path and hf://datasets/owner/repo/path. */
export function parseHubUrl(url: string): HubFile {
  const m = /^hf:\/\/(?:(datasets|models)\/)?([^/@]+)\/([^/@]+)(?:@([^/]+))?\/(.+)$/.exec(url);
  const bad = (why: string) =>
    new SaeError("E_ARG", `${url}: ${why}; an hf:// source is hf://owner/repo/path/in/repo, with @revision after the repo where it is not main`);
  if (!m) throw bad("not an hf:// file URL");
  const [, kind, owner, name, rev, path] = m as unknown as [string, string | undefined, string, string, string | undefined, string];
  if (!SEGMENT.test(owner) || !SEGMENT.test(name)) throw bad(`'${owner}/${name}' is not a repo id`);
  const parts = path.split("/");
  if (parts.some((p) => p === "" || p === "." || p === "..")) throw bad(`'${path}' is not a path inside the repo`);
  let revision = "main";
  if (rev !== undefined) {
    try {
      revision = decodeURIComponent(rev);
    } catch {
      throw bad(`'${rev}' is not a revision`);
    }
    if (!revision || /(^|\/)\.\.?(\/|$)|[\\\0]/.test(revision)) throw bad(`'${rev}' is not a revision`);
  }
  return { type: kind === "datasets" ? "dataset" : "model", repo: `${owner}/${name}`, revision, path };
}

/** The option given to this call, else configure({ hub })'s. */
function merged(given: HubOptions): HubOptions {
  const d = hubDefaults();
  const o: Record<string, unknown> = { ...d };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) o[k] = v;
  return { ...o, limits: { ...d.limits, ...given.limits } };
}

/** The Hub this process reads hf:// from (configure({ hub }), else HF_ENDPOINT, else huggingface.co). */
export const hubEndpoint = (given: HubOptions = {}): string => settings(given).endpoint;

function settings(given: HubOptions) {
  const o = merged(given);
  const home = env("HF_HOME") ?? `${env("XDG_CACHE_HOME") ?? `${env("HOME") ?? env("USERPROFILE") ?? "."}/.cache`}/huggingface`;
  const flag = (v: string | undefined) => /^(1|on|yes|true)$/i.test(v?.trim() ?? "");
  return {
    endpoint: (o.endpoint ?? env("HF_ENDPOINT") ?? "https://huggingface.co").replace(/\/+$/, ""),
    token: o.token ?? env("HF_TOKEN") ?? env("HUGGING_FACE_HUB_TOKEN"),
    tokenFile: `${home}/token`,
    cacheDir: o.cacheDir ?? env("HF_HUB_CACHE") ?? env("HUGGINGFACE_HUB_CACHE") ?? `${home}/hub`,
    offline: o.offline ?? flag(env("HF_HUB_OFFLINE")),
    // Called as a method of this object: a browser refuses window.fetch with another `this`.
    fetch: o.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init)),
    limits: { ...HTTP_LIMITS, ...deadlineFromEnv(), ...o.limits },
    listMissing: o.listMissing ?? true,
    cache: o.cache ?? true,
    // As ModelOptions.onWarning: a library does not print; without a handler the warning is dropped.
    onWarning: o.onWarning ?? ((_: string) => {}),
  };
}
type Settings = ReturnType<typeof settings>;

function deadlineFromEnv(): { deadlineMs?: number } {
  const v = env("SAEJS_HUB_DEADLINE")?.trim();
  if (!v) return {};
  const seconds = Number(v);
  if (!(seconds > 0) || !Number.isFinite(seconds)) throw new SaeError("E_ARG", `SAEJS_HUB_DEADLINE='${v}': expected seconds, e.g. 60`);
  return { deadlineMs: seconds * 1000 };
}

/** What one operation (a request, a listing, a download) may spend. */
interface Allowance {
  deadlineMs: number;
  requests: number;
  bytes: number;
}

const MAX_HOPS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const secs = (ms: number) => `${+(ms / 1000).toFixed(3)} s`;
const said = (e: unknown) => String((e as Error)?.message ?? e).slice(0, 300);
/** Errors that mean the Hub could not be reached at all (a cached copy may stand in). */
const unreachable = new WeakSet<object>();

/**
 * The fetch of one operation, the client library's calls included. It follows redirects itself
 * (at most MAX_HOPS, http and https only) and drops the token on any hop off the endpoint's origin:
 * the library would re-send it to a CDN that calls itself CloudFront, and a Link header may point
 * anywhere. Everything, bodies included, ends by one deadline; the operation's requests and body
 * bytes are counted against its allowance. Every failure is E_HUB naming the URL.
 *
 * A browser's fetch hides redirects (redirect: "manual" answers an opaque nothing), so there the
 * browser follows them: at most 20, http(s) only, and by the Fetch standard it drops
 * Authorization on a hop to another origin. A loop or a hop to file: is then a network error,
 * the same "Failed to fetch" as an unreachable server or a CORS refusal.
 */
function hubFetch(s: Settings, f: HubFile, token: string | undefined, a: Allowance) {
  const origin = new URL(s.endpoint).origin;
  const follow = browserFetch();
  const bearer = token ? `Bearer ${token}` : undefined;
  const deadline = AbortSignal.timeout(Math.min(Math.ceil(a.deadlineMs), 2 ** 31 - 1));
  let requests = 0;
  let bytes = 0;
  let last = s.endpoint;
  const fail = (why: string, cause?: unknown) => new SaeError("E_HUB", `${show(f)}: ${why}`, cause === undefined ? undefined : { cause });
  const late = () =>
    fail(
      `${last}: no complete answer within ${secs(a.deadlineMs)}; on a slow network set SAEJS_HUB_DEADLINE to more seconds, or limits.deadlineMs in configure({ hub }) (now ${s.limits.deadlineMs / 1000}; a download has 1 s more per ${s.limits.minBytesPerSecond / 1000} kB)`,
    );

  /** The body, counted and cut at the allowance; its failures are E_HUB. */
  const bounded = (res: Response, url: string): Response => {
    if (!res.body || NULL_BODY.has(res.status) || res.status < 200 || res.status > 599) return res;
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(c) {
        let r: ReadableStreamReadResult<Uint8Array>;
        try {
          r = await reader.read();
        } catch (cause) {
          c.error(deadline.aborted ? late() : fail(`${url}: the answer broke off (${said(cause)})`, cause));
          return;
        }
        if (r.done) return c.close();
        bytes += r.value.length;
        if (bytes > a.bytes) {
          reader.cancel().catch(() => {});
          c.error(fail(`${url}: the answers came to more than the ${a.bytes} bytes expected; is HF_ENDPOINT a Hugging Face Hub?`));
          return;
        }
        c.enqueue(r.value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
    const out = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    Object.defineProperty(out, "url", { value: url });
    return out;
  };

  const guarded = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    let url: URL;
    try {
      url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    } catch (cause) {
      throw fail(`'${String(input).slice(0, 200)}' is not a URL`, cause);
    }
    let method = (init.method ?? "GET").toUpperCase();
    let body = init.body;
    const headers = new Headers(init.headers);
    for (let hop = 0; ; hop++) {
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw fail(`${last} redirects to ${url.href.slice(0, 200)}; only http(s) is followed (is HF_ENDPOINT a Hugging Face Hub?)`);
      }
      if (hop > MAX_HOPS) throw fail(`${last}: more than ${MAX_HOPS} redirects in a row (a redirect loop); is HF_ENDPOINT a Hugging Face Hub?`);
      if (++requests > a.requests) throw fail(`${last}: more than ${a.requests} requests for one file; is HF_ENDPOINT a Hugging Face Hub?`);
      if (url.origin !== origin && bearer && headers.get("authorization") === bearer) headers.delete("authorization");
      // The time to the headers ends this hop; the deadline ends everything, the body included.
      const connect = new AbortController();
      const timer = setTimeout(() => connect.abort(), Math.ceil(Math.min(s.limits.connectMs, a.deadlineMs, 2 ** 31 - 1)));
      const signals = [deadline, connect.signal, ...(init.signal ? [init.signal] : [])];
      last = `${method} ${url.href.slice(0, 300)}`;
      let res: Response;
      try {
        res = await s.fetch(url.href, { ...init, method, body, headers, redirect: follow ? "follow" : "manual", signal: AbortSignal.any(signals) });
      } catch (cause) {
        if (init.signal?.aborted) throw cause;
        if (deadline.aborted) throw late();
        const e = fail(
          `${last}: ${connect.signal.aborted ? `no answer within ${secs(s.limits.connectMs)}` : `${said((cause as Error)?.cause ?? cause)}`}${
            follow && !connect.signal.aborted ? BROWSER_NETWORK_ERROR : ""
          }`,
          cause,
        );
        unreachable.add(e);
        throw e;
      } finally {
        clearTimeout(timer);
      }
      if (follow) {
        const to = res.redirected && res.url ? ` (redirected to ${res.url.slice(0, 300)})` : "";
        last = `${last}${to} answered HTTP ${res.status}`;
        return bounded(res, res.url || url.href);
      }
      if (res.type === "opaqueredirect") throw fail(`${last}: a redirect this runtime's fetch hides (an opaque redirect); pass { fetch } that shows redirects`);
      last = `${last} answered HTTP ${res.status}`;
      const location = res.headers.get("location");
      if (!REDIRECTS.has(res.status) || location === null || method === "HEAD") return bounded(res, url.href);
      await res.body?.cancel().catch(() => {});
      try {
        url = new URL(location, url);
      } catch (cause) {
        throw fail(`${last} with a Location that is not a URL ('${location.slice(0, 200)}')`, cause);
      }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === "POST")) {
        method = "GET";
        body = undefined;
      }
    }
  };
  return { fetch: guarded as typeof fetch, last: () => last };
}

/** Whether fetch is a browser's, which follows redirects itself and shows none of them. */
const browserFetch = () => caps().runtime === "browser" || caps().runtime === "webworker";
const BROWSER_NETWORK_ERROR =
  " (a browser says no more for an unreachable server, a CORS refusal, a redirect loop or a redirect off http(s); its console names which)";

/** A failure of the client library (HubApiError, InvalidApiResponseFormatError, a TypeError) as E_HUB with the status and URL. */
function libraryFailure(f: HubFile, e: unknown, last: string): SaeError {
  if (isSaeError(e)) return e as SaeError;
  const status = (e as { statusCode?: unknown }).statusCode;
  const url = (e as { url?: unknown }).url;
  const where = typeof status === "number" ? `${typeof url === "string" && url ? url : last}: HTTP ${status}` : last;
  return new SaeError(
    "E_HUB",
    `${show(f)}: ${where}: ${said(e).replace(/\. URL: .*$/, "")}; is HF_ENDPOINT a Hugging Face Hub, or a proxy that changes its answers?`,
    {
      cause: e,
    },
  );
}

const show = (f: HubFile) => `hf://${f.type === "dataset" ? "datasets/" : ""}${f.repo}${f.revision === "main" ? "" : `@${f.revision}`}/${f.path}`;
const repoUrl = (s: Settings, f: HubFile) => `${s.endpoint}/${f.type === "dataset" ? "datasets/" : ""}${f.repo}`;
/** The cache folder of a repo: models--owner--name. */
const repoFolder = (s: Settings, f: HubFile) => `${s.cacheDir}/${f.type}s--${f.repo.replace("/", "--")}`;

/** The client's repo designation. */
const designation = (f: HubFile) => ({ type: f.type, name: f.repo });

interface HubClient {
  downloadFile(p: { repo: object; path: string; revision: string; hubUrl: string; accessToken?: string; fetch?: typeof fetch }): Promise<Blob | null>;
  listFiles(p: { repo: object; revision: string; hubUrl: string; accessToken?: string; recursive: boolean; fetch?: typeof fetch }): AsyncIterable<{
    type: string;
    path: string;
  }>;
}
const client = () => optionalModule<HubClient>("@huggingface/hub", "reading hf:// files");

/** The cached file of `f`, or undefined: refs/<revision> names the commit, snapshots/<commit>/<path> the file. */
async function fromCache(s: Settings, f: HubFile): Promise<string | undefined> {
  const dir = repoFolder(s, f);
  let commit = f.revision;
  if (!COMMIT.test(commit)) {
    try {
      commit = (await (await fs()).readFile(`${dir}/refs/${f.revision}`, "utf8")).trim();
    } catch {
      return undefined;
    }
    if (!COMMIT.test(commit)) return undefined; // a refs file that names no commit leads nowhere
  }
  const file = `${dir}/snapshots/${commit}/${f.path}`;
  return (await trustedEntry(file, `${dir}/blobs`)) ? file : undefined;
}

/** The token to send: HF_TOKEN, else the one `huggingface-cli login` saved. */
async function tokenOf(s: Settings): Promise<string | undefined> {
  if (s.token) return s.token;
  try {
    return (await (await fs()).readFile(s.tokenFile, "utf8")).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** What listing a repo's files for a message may spend: a few pages of the listing, never the whole of a huge repo. */
const LISTING: Omit<Allowance, "deadlineMs"> = { requests: 4, bytes: 2 << 20 };

/** The repo's files, for a 404's message (an empty list where it cannot be had within LISTING). */
async function repoFiles(s: Settings, f: HubFile, token: string | undefined): Promise<string[]> {
  const files: string[] = [];
  try {
    const hub = await client();
    for await (const e of hub.listFiles({
      repo: designation(f),
      revision: f.revision,
      hubUrl: s.endpoint,
      recursive: true,
      fetch: hubFetch(s, f, token, { ...LISTING, deadlineMs: Math.min(s.limits.deadlineMs, 10_000) }).fetch,
      ...(token ? { accessToken: token } : {}),
    })) {
      if (e?.type === "file" && typeof e.path === "string") files.push(e.path);
      if (files.length > 200) break;
    }
  } catch {}
  return files;
}

/** Where a token comes from, named in refusals: the environment, or configure() where there is none. */
const TOKEN = "HF_TOKEN (in a browser, configure({ hub: { token } }))";

/** The Hub's refusal of `f` as E_HUB, in words that say what to do; the same words for the same answer in every runtime. */
async function refusal(s: Settings, f: HubFile, res: Response, token: string | undefined): Promise<SaeError> {
  const code = res.headers.get("x-error-code") ?? "";
  const said = res.headers.get("x-error-message");
  const where = `${show(f)} (${s.endpoint})`;
  if (res.status === 401 || res.status === 403 || code === "GatedRepo") {
    const gated = code === "GatedRepo";
    return new SaeError(
      "E_HUB",
      `${where}: HTTP ${res.status}${said ? ` (${said})` : ""}: ${
        gated
          ? `${f.repo} is gated: accept its terms at ${repoUrl(s, f)}, then set ${TOKEN} to a token of that account`
          : token
            ? `the token in ${TOKEN} cannot read this repo (private, or a token without read access)`
            : `the repo is private or gated, or does not exist; set ${TOKEN} to a token that can read ${f.repo}`
      }`,
    );
  }
  if (res.status === 404) {
    if (code === "RepoNotFound") return new SaeError("E_HUB", `${where}: no repo ${f.repo}${token ? "" : ` (or it is private: set ${TOKEN})`}`);
    if (code === "RevisionNotFound") return new SaeError("E_HUB", `${where}: ${f.repo} has no revision '${f.revision}'`);
    return noFile(s, f, token);
  }
  return new SaeError("E_HUB", `${where}: HTTP ${res.status} ${res.statusText}${said ? ` (${said})` : ""}`);
}

/** A missing file as E_HUB, listing the repo's files where `listMissing` allows. */
async function noFile(s: Settings, f: HubFile, token: string | undefined): Promise<SaeError> {
  const files = s.listMissing ? await repoFiles(s, f, token) : [];
  return new SaeError(
    "E_HUB",
    `${show(f)} (${s.endpoint}): ${f.repo}@${f.revision} has no file '${f.path}'${files.length ? `; its files: ${files.slice(0, 40).join(", ")}${files.length > 40 ? ", …" : ""}` : ""}`,
  );
}

/** What the resolve endpoint says of a file without downloading it (the redirect is not followed). */
async function metadata(s: Settings, f: HubFile, token: string | undefined) {
  const url = `${repoUrl(s, f)}/resolve/${encodeURIComponent(f.revision)}/${f.path.split("/").map(encodeURIComponent).join("/")}`;
  const res = await hubFetch(s, f, token, { deadlineMs: s.limits.deadlineMs, requests: 1, bytes: 1 << 20 }).fetch(url, {
    method: "HEAD",
    headers: { "Accept-Encoding": "identity", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  if (res.status >= 400) throw await refusal(s, f, res, token);
  const commit = res.headers.get("x-repo-commit") ?? "";
  const etag = (res.headers.get("x-linked-etag") ?? res.headers.get("etag") ?? "").replace(/^W\//, "").replace(/"/g, "");
  const size = Number(res.headers.get("x-linked-size") ?? res.headers.get("content-length") ?? Number.NaN);
  if (!COMMIT.test(commit) || !/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/.test(etag) || !Number.isSafeInteger(size) || size < 0) {
    throw new SaeError(
      "E_HUB",
      `${show(f)}: ${s.endpoint} answered without the file's commit, ETag or size (X-Repo-Commit '${commit}', ETag '${etag}', size '${res.headers.get("x-linked-size") ?? res.headers.get("content-length")}'); is HF_ENDPOINT a Hugging Face Hub?`,
    );
  }
  return { commit, etag, size };
}

/** The file-system calls the cache needs beyond fs(): links are inspected, never followed blindly. */
interface CacheFs {
  lstat(path: string): Promise<{ isFile(): boolean; isSymbolicLink(): boolean; size: number; mtimeMs: number }>;
  realpath(path: string): Promise<string>;
  unlink(path: string): Promise<void>;
  utimes(path: string, atime: Date, mtime: Date): Promise<void>;
  constants?: { O_RDWR: number; O_CREAT: number; O_TRUNC: number; O_NOFOLLOW?: number };
}
const cacheFs = async () => (await fs()) as unknown as Awaited<ReturnType<typeof fs>> & CacheFs;

const lstatOf = async (path: string) => {
  try {
    return await (await cacheFs()).lstat(path);
  } catch {
    return undefined;
  }
};

/** The blob, when it is a regular file of the expected size (a link there is removed: only a download makes a blob). */
async function completeBlob(blob: string, size: number): Promise<boolean> {
  const st = await lstatOf(blob);
  if (st && !st.isFile()) await (await cacheFs()).unlink(blob).catch(() => {});
  return !!st?.isFile() && st.size === size;
}

/**
 * A snapshot entry is trusted when it is a link that resolves into its repo's own blobs/ (to
 * `blob` itself, where that is known) or a regular file (the copy made where links cannot be).
 * A link anywhere else (planted, or left by another tool) is not the file.
 */
async function trustedEntry(entry: string, blobsDir: string, blob?: string): Promise<boolean> {
  const io = await cacheFs();
  const st = await lstatOf(entry);
  if (!st) return false;
  if (st.isFile()) return true;
  if (!st.isSymbolicLink()) return false;
  try {
    const [target, root] = await Promise.all([io.realpath(entry), io.realpath(blobsDir)]);
    const inBlobs = target.startsWith(`${root}/`) && !target.slice(root.length + 1).includes("/");
    return inBlobs && (blob === undefined || target === `${root}/${blob.slice(blob.lastIndexOf("/") + 1)}`) && !!(await lstatOf(target))?.isFile();
  } catch {
    return false;
  }
}

/**
 * Downloads `f` into blobs/<etag>: into <etag>.incomplete first (resumed from where an interrupted
 * download stopped), checked against the size and, for LFS files, the SHA-256 the ETag is, then
 * renamed. Only a verified file ever has the blob's name. An .incomplete that is not a regular
 * file is removed, never written through, and it is opened with O_NOFOLLOW where there is one.
 */
async function download(s: Settings, f: HubFile, meta: { commit: string; etag: string; size: number }, blob: string, token: string | undefined) {
  const io = await cacheFs();
  const part = `${blob}.incomplete`;
  const hub = await client();
  // One deadline for the whole download, scaled with its size (HTTP_LIMITS.minBytesPerSecond).
  const deadlineMs = s.limits.deadlineMs + (meta.size / s.limits.minBytesPerSecond) * 1000;
  // The client's probe and its stream, each through as many redirects as any request may take.
  const net = hubFetch(s, f, token, { deadlineMs, requests: 2 * (MAX_HOPS + 1), bytes: meta.size + (1 << 20) });
  let remote: Blob | null;
  try {
    remote = await hub.downloadFile({
      repo: designation(f),
      path: f.path,
      revision: meta.commit,
      hubUrl: s.endpoint,
      fetch: net.fetch,
      ...(token ? { accessToken: token } : {}),
    });
  } catch (e) {
    const failure = libraryFailure(f, e, net.last());
    if ((e as { statusCode?: unknown }).statusCode !== 404) throw failure;
    throw new SaeError(
      "E_HUB",
      `${failure.message}; ${s.endpoint} named commit ${meta.commit} for '${f.revision}' but does not resolve it (a mirror that serves branch names only?)`,
      {
        cause: e,
      },
    );
  }
  if (!remote) throw new SaeError("E_HUB", `${show(f)}: ${net.last()}: the file went missing between two requests (the Hub named commit ${meta.commit})`);
  if (remote.size !== meta.size) throw new SaeError("E_HUB", `${show(f)}: the Hub gives its size as ${meta.size} and as ${remote.size} bytes`);
  const sha = /^[0-9a-f]{64}$/.test(meta.etag) ? await sha256Stream() : undefined;
  const st = await lstatOf(part);
  if (st && !st.isFile()) await io.unlink(part);
  let have = st?.isFile() ? st.size : 0;
  if (have > meta.size) have = 0;
  const c = io.constants;
  const flags = c ? c.O_RDWR | c.O_CREAT | (c.O_NOFOLLOW ?? 0) | (have ? 0 : c.O_TRUNC) : have ? "r+" : "w";
  const out = await io.open(part, flags as string);
  try {
    if (have && sha) {
      // Resuming: the bytes already there count towards the hash.
      const buf = new Uint8Array(1 << 20);
      for (let at = 0; at < have; ) {
        const n = Math.min(buf.length, have - at);
        await out.read(buf, 0, n, at);
        sha.update(buf.subarray(0, n));
        at += n;
      }
    }
    const reader = remote.slice(have).stream().getReader();
    let at = have;
    for (;;) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const silence = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no data for ${s.limits.idleMs / 1000} s`)), s.limits.idleMs);
      });
      const { done, value } = await Promise.race([reader.read(), silence])
        .catch((cause) => {
          reader.cancel().catch(() => {});
          throw new SaeError(
            "E_HUB",
            `${show(f)}: the download broke off after ${at} of ${meta.size} bytes (${String((cause as Error)?.message ?? cause)}); run again to resume it`,
            { cause },
          );
        })
        .finally(() => clearTimeout(timer));
      if (done) break;
      if (at + value.length > meta.size) throw new SaeError("E_HUB", `${show(f)}: the Hub sent more than the ${meta.size} bytes it announced`);
      let w = 0;
      while (w < value.length) w += (await out.write(value, w, value.length - w, at + w)).bytesWritten;
      sha?.update(value);
      at += value.length;
    }
    if (at !== meta.size) throw new SaeError("E_HUB", `${show(f)}: the download ended after ${at} of ${meta.size} bytes; run again to resume it`);
    await out.sync();
  } finally {
    await out.close();
  }
  const digest = sha?.digest();
  if (sha && digest !== meta.etag) {
    await io.rm(part, { force: true });
    throw new SaeError(
      "E_HUB",
      `${show(f)}: the downloaded bytes hash to ${digest}, not the SHA-256 the Hub names (${meta.etag}); the partial file was removed, run again`,
    );
  }
  await io.rename(part, blob);
}

/** A download lock untouched this long is a dead process's: its holder touches it every LOCK_STALE_MS / 6. */
const LOCK_STALE_MS = 60_000;

const proc = (globalThis as { process?: { pid: number } }).process;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether the lock's holder is gone: a process of this host that no longer runs, or a lock not touched for LOCK_STALE_MS. */
async function staleLock(lock: string): Promise<boolean> {
  const io = await cacheFs();
  const st = await lstatOf(lock);
  if (!st) return false;
  if (Date.now() - st.mtimeMs > LOCK_STALE_MS) return true;
  const [pid, host] = (await io.readFile(lock, "utf8").catch(() => "")).trim().split(" ");
  return !!pid && host === (await hostname()) && !alive(Number(pid));
}

/**
 * Downloads the blob unless another process is already doing so: as Python's client, a
 * blobs/<etag>.lock made with O_EXCL holds "pid host"; a second process waits for the blob (and
 * reuses it) or for the lock to go, within the download's deadline. A lock whose process is dead,
 * or that has not been touched for LOCK_STALE_MS, is taken over.
 */
async function downloadOnce(s: Settings, f: HubFile, meta: { commit: string; etag: string; size: number }, blob: string, token: string | undefined) {
  const io = await cacheFs();
  const lock = `${blob}.lock`;
  const until = Date.now() + s.limits.deadlineMs + (meta.size / s.limits.minBytesPerSecond) * 1000;
  for (;;) {
    if (await completeBlob(blob, meta.size)) return;
    let held: Awaited<ReturnType<typeof io.open>>;
    try {
      held = await io.open(lock, "wx");
    } catch (e) {
      if ((e as { code?: string }).code !== "EEXIST") throw new SaeError("E_IO", `${lock}: cannot create the download lock (${said(e)})`, { cause: e });
      if (await staleLock(lock)) {
        await io.unlink(lock).catch(() => {});
        continue;
      }
      if (Date.now() > until) {
        throw new SaeError("E_HUB", `${show(f)}: another process has been downloading it (${lock}) for too long; if none is, remove that file and run again`);
      }
      await sleep(100);
      continue;
    }
    const touch = setInterval(() => io.utimes(lock, new Date(), new Date()).catch(() => {}), LOCK_STALE_MS / 6);
    try {
      const mark = new TextEncoder().encode(`${proc?.pid ?? 0} ${await hostname()}`);
      await held.write(mark, 0, mark.length, 0);
      await held.close();
      if (!(await completeBlob(blob, meta.size))) await download(s, f, meta, blob, token);
    } finally {
      clearInterval(touch);
      await io.unlink(lock).catch(() => {});
    }
    return;
  }
}

/** Makes snapshots/<commit>/<path> point at the blob: a relative symlink as Python makes, else a copy. */
async function linkSnapshot(pointer: string, blob: string, depth: number): Promise<void> {
  const io = await fs();
  await io.mkdir(pointer.slice(0, pointer.lastIndexOf("/")), { recursive: true });
  const target = `${"../".repeat(depth + 2)}blobs/${blob.slice(blob.lastIndexOf("/") + 1)}`;
  try {
    await io.symlink(target, pointer);
  } catch (e) {
    if ((e as { code?: string }).code === "EEXIST") return;
    await io.copyFile(blob, pointer); // file systems without symlinks (Python does the same)
  }
}

/**
 * The local path of an hf:// file, downloaded into the Hugging Face cache if it is not there.
 * With HF_HUB_OFFLINE=1, or when the Hub cannot be reached, a cached copy is used; without one,
 * E_HUB says so.
 */
export async function hubCachedFile(url: string, options: HubOptions = {}): Promise<string> {
  const f = parseHubUrl(url);
  const s = settings(options);
  if (s.offline) {
    const hit = await fromCache(s, f);
    if (hit) return hit;
    throw new SaeError("E_HUB", `${show(f)}: HF_HUB_OFFLINE is set and the file is not in the cache (${repoFolder(s, f)}); unset it to download the file`);
  }
  const token = await tokenOf(s);
  let meta: Awaited<ReturnType<typeof metadata>>;
  try {
    meta = await metadata(s, f, token);
  } catch (e) {
    if (!unreachable.has(e as object)) throw libraryFailure(f, e, s.endpoint);
    const hit = await fromCache(s, f);
    if (hit) return hit; // unreachable Hub: the cached copy, as Python does
    throw new SaeError("E_HUB", `${show(f)}: cannot reach ${s.endpoint} (${(e as SaeError).message.slice(show(f).length + 2)}), and the file is not cached`, {
      cause: e,
    });
  }
  const dir = repoFolder(s, f);
  const io = await cacheFs();
  const pointer = `${dir}/snapshots/${meta.commit}/${f.path}`;
  const blob = `${dir}/blobs/${meta.etag}`;
  await io.mkdir(`${dir}/blobs`, { recursive: true });
  // A copy (where links cannot be) of the right size, or a link to this very blob, complete.
  const cached = async () => {
    const entry = await lstatOf(pointer);
    if (entry?.isFile()) return entry.size === meta.size;
    return (await trustedEntry(pointer, `${dir}/blobs`, blob)) && (await completeBlob(blob, meta.size));
  };
  if (!(await cached())) {
    if (!(await completeBlob(blob, meta.size))) await downloadOnce(s, f, meta, blob, token);
    // Another process may have linked it meanwhile; whatever else stands there (a link out of the
    // cache, to another blob) gives way to the verified blob.
    if (!(await cached())) {
      if (await lstatOf(pointer)) await io.unlink(pointer).catch(() => {});
      await linkSnapshot(pointer, blob, f.path.split("/").length - 1);
    }
    if (!(await cached())) {
      throw new SaeError("E_HUB", `${show(f)}: ${pointer} does not lead to the downloaded blob ${blob}; remove ${dir} and run again`);
    }
  }
  if (f.revision !== meta.commit) {
    await io.mkdir(`${dir}/refs/${f.revision}`.replace(/\/[^/]*$/, ""), { recursive: true });
    await writeFileAtomic(`${dir}/refs/${f.revision}`, new TextEncoder().encode(meta.commit));
  }
  return pointer;
}

/**
 * Random access to an hf:// file: the cached file where there is a file system; in a browser,
 * range reads kept in the Cache API; with { cache: false }, range reads kept nowhere.
 */
export async function openHub(url: string, options: HubOptions = {}): Promise<RandomAccess> {
  const f = parseHubUrl(url);
  const s = settings(options);
  if (s.cache && (await hasFileSystem())) return openFile(await hubCachedFile(url, options));
  if (s.cache && hasCacheApi()) return openBlocks(s, f);
  if (s.offline) {
    throw new SaeError("E_HUB", `${show(f)}: HF_HUB_OFFLINE (or { offline: true }) is set, and { cache: false } reads the Hub itself; allow one of the two`);
  }
  const hub = await client();
  const token = await tokenOf(s);
  // Each range read is one request under its own deadline; a refusal reads as it does elsewhere.
  let last = s.endpoint;
  const perRequest = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const net = hubFetch(s, f, token, { deadlineMs: s.limits.deadlineMs, requests: MAX_HOPS + 1, bytes: Number.MAX_SAFE_INTEGER });
    try {
      const res = await net.fetch(input, init);
      if (res.status >= 400) throw await refusal(s, f, res, token);
      return res;
    } finally {
      last = net.last();
    }
  }) as typeof fetch;
  let blob: Blob | null;
  try {
    blob = await hub.downloadFile({
      repo: designation(f),
      path: f.path,
      revision: f.revision,
      hubUrl: s.endpoint,
      fetch: perRequest,
      ...(token ? { accessToken: token } : {}),
    });
  } catch (e) {
    throw libraryFailure(f, e, last);
  }
  if (!blob) throw new SaeError("E_HUB", `${show(f)}: ${f.repo}@${f.revision} has no file '${f.path}'`);
  // A Blob whose slices are HTTP range requests; blobSource checks each read's length.
  return blobSource(blob, f.path.slice(f.path.lastIndexOf("/") + 1));
}

/** A server's answer whose range is not the one asked for, or a whole file, is refused above this size; at or below it the whole file is taken. */
const WHOLE_FILE_MAX = 8 << 20;

const resolveUrl = (s: Settings, f: HubFile, revision: string) =>
  `${repoUrl(s, f)}/resolve/${encodeURIComponent(revision)}/${f.path.split("/").map(encodeURIComponent).join("/")}`;
const etagOf = (h: Headers) => (h.get("x-linked-etag") ?? h.get("etag") ?? "").replace(/^W\//, "").replace(/"/g, "");
const ETAG = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
/** Said where a header a browser cannot see may be why. */
const exposeHint = (header: string) =>
  browserFetch() ? ` (a browser sees ${header} only where the server lists it in Access-Control-Expose-Headers, as the Hub does)` : "";

/** The commit `f.revision` names: asked of the Hub's API, else (offline, or the Hub unreachable) the one the store recorded. */
async function commitOf(s: Settings, f: HubFile, token: string | undefined, store: HubStore): Promise<string> {
  if (COMMIT.test(f.revision)) return f.revision;
  if (s.offline) {
    const c = await store.ref(f.revision);
    if (c) return c;
    throw offlineMiss(f, `which commit '${f.revision}' names`);
  }
  const memoKey = `${s.endpoint} ${f.type} ${f.repo} ${f.revision}`;
  const memo = recentCommits.get(memoKey);
  if (memo && Date.now() - memo.at < COMMIT_MEMO_MS) return memo.commit;
  const url = `${s.endpoint}/api/${f.type}s/${f.repo}/revision/${encodeURIComponent(f.revision)}?expand=sha`;
  const net = hubFetch(s, f, token, { deadlineMs: s.limits.deadlineMs, requests: MAX_HOPS + 1, bytes: 8 << 20 });
  let res: Response;
  try {
    res = await net.fetch(url, { headers: { Accept: "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
  } catch (e) {
    if (!unreachable.has(e as object)) throw e;
    const c = await store.ref(f.revision);
    if (c) return c; // unreachable Hub: the commit last seen, as the Hugging Face cache's refs/ serve
    throw new SaeError("E_HUB", `${show(f)}: cannot reach ${s.endpoint} (${(e as SaeError).message.slice(show(f).length + 2)}), and the file is not cached`, {
      cause: e,
    });
  }
  if (res.status >= 400) throw await refusal(s, f, res, token);
  let sha: unknown;
  try {
    sha = ((await res.json()) as { sha?: unknown })?.sha;
  } catch (e) {
    if (isSaeError(e)) throw e;
  }
  if (res.status !== 200 || typeof sha !== "string" || !COMMIT.test(sha)) {
    throw new SaeError(
      "E_HUB",
      `${show(f)}: ${net.last()} without the commit '${f.revision}' names (its JSON's sha: ${JSON.stringify(sha)?.slice(0, 60)}); is HF_ENDPOINT a Hugging Face Hub?`,
    );
  }
  await store.setRef(f.revision, sha);
  recentCommits.set(memoKey, { commit: sha, at: Date.now() });
  return sha;
}

/**
 * A revision's commit, asked once for all the files one load opens (the weights, a cfg.json beside
 * them): they then come from one commit, and a load costs one request. A branch that moves is seen
 * COMMIT_MEMO_MS later at most.
 */
const recentCommits = new Map<string, { commit: string; at: number }>();
const COMMIT_MEMO_MS = 10_000;

const offlineMiss = (f: HubFile, what: string) =>
  new SaeError(
    "E_HUB",
    `${show(f)}: offline (HF_HUB_OFFLINE, or { offline: true }), and ${what} is not in the browser's cache ('${HUB_CACHE}'); go online once to fetch it`,
  );

/** The file's size and ETag at `commit`, from a one-byte range read (a HEAD may lose both where a CDN compresses small files). */
async function probe(s: Settings, f: HubFile, commit: string, token: string | undefined): Promise<FileMeta | "absent"> {
  const net = hubFetch(s, f, token, { deadlineMs: s.limits.deadlineMs, requests: MAX_HOPS + 1, bytes: 1 << 16 });
  const res = await net.fetch(resolveUrl(s, f, commit), {
    headers: { Range: "bytes=0-0", "Accept-Encoding": "identity", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  await res.body?.cancel().catch(() => {});
  const range = res.headers.get("content-range");
  if (res.status === 416 && range === "bytes */0") return { size: 0, etag: etagOf(res.headers) || "empty" };
  if (res.status === 404 && res.headers.get("x-error-code") === "EntryNotFound") return "absent";
  if (res.status >= 400) throw await refusal(s, f, res, token);
  const etag = etagOf(res.headers);
  const total = res.status === 206 ? /^bytes 0-0\/(\d+)$/.exec(range ?? "")?.[1] : (res.headers.get("x-linked-size") ?? res.headers.get("content-length"));
  const size = Number(total ?? Number.NaN);
  const why =
    res.status !== 200 && res.status !== 206
      ? `HTTP ${res.status}, not 206 Partial Content`
      : !Number.isSafeInteger(size) || size < 0
        ? range === null && res.status === 206
          ? `no Content-Range${exposeHint("Content-Range")}`
          : `Content-Range '${(range ?? "").slice(0, 100)}', not bytes 0-0 of the file`
        : !ETAG.test(etag)
          ? etag
            ? `an ETag that names no file ('${etag.slice(0, 100)}')`
            : `no ETag${exposeHint("ETag")}`
          : undefined;
  if (why)
    throw new SaeError("E_HUB", `${show(f)}: ${net.last()} to a request for bytes 0-0 (the file's size and ETag): ${why}; is HF_ENDPOINT a Hugging Face Hub?`);
  return { size, etag };
}

/** An hf:// file read in blocks that the Cache API keeps (hub-blocks.ts); only the blocks not there are asked for. */
async function openBlocks(s: Settings, f: HubFile): Promise<RandomAccess> {
  const token = await tokenOf(s);
  const store = await HubStore.open(s.endpoint, f.type, f.repo, s.onWarning);
  const commit = await commitOf(s, f, token, store);
  let meta = await store.meta(commit, f.path);
  if (!meta) {
    if (s.offline) throw offlineMiss(f, `the file at commit ${commit}`);
    const found = await probe(s, f, commit, token);
    // A commit never changes: a file it lacks (a cfg.json looked for beside the weights) is recorded so.
    if (found === "absent") {
      await store.setMeta(commit, f.path, "absent");
      throw await noFile(s, f, token);
    }
    meta = found;
    await store.setMeta(commit, f.path, meta);
  }
  if (meta === "absent") throw await noFile(s, f, token);
  const m = meta;
  const name = f.path.slice(f.path.lastIndexOf("/") + 1);
  const count = Math.ceil(m.size / BLOCK);
  const blockEnd = (i: number) => Math.min((i + 1) * BLOCK, m.size);
  // Blocks on their way, so that overlapping reads ask once.
  const inflight = new Map<number, Promise<Uint8Array>>();

  /** Blocks i0..i1 from the Hub in one range request; each is stored as it arrives whole. */
  const fetchRun = async (i0: number, i1: number): Promise<Uint8Array> => {
    const start = i0 * BLOCK;
    const end = blockEnd(i1);
    if (s.offline) throw offlineMiss(f, `bytes ${start}-${end - 1} of the file at commit ${commit}`);
    const { at, bytes: got } = await rangeGet(s, f, commit, token, m, start, end, store);
    // A whole file (a server that ignores Range, small files only) stores every block.
    const [from, to] = at === 0 && got.length === m.size ? [0, count - 1] : [i0, i1];
    await Promise.all(
      Array.from({ length: to - from + 1 }, (_, k) => from + k).map((i) =>
        store.setBlock(commit, f.path, m, i, got.subarray(i * BLOCK - at, blockEnd(i) - at)),
      ),
    );
    return got.subarray(start - at, end - at);
  };

  const blocks = async (first: number, last: number): Promise<Uint8Array[]> => {
    const ids = Array.from({ length: last - first + 1 }, (_, k) => first + k);
    const found: (Uint8Array | undefined)[] = await Promise.all(ids.map((i) => inflight.get(i) ?? store.block(commit, f.path, m, i)));
    const waits: Promise<void>[] = [];
    for (let k = 0; k < ids.length; ) {
      if (found[k]) {
        k++;
        continue;
      }
      let e = k;
      while (e + 1 < ids.length && !found[e + 1]) e++;
      const i0 = ids[k]!;
      const run = fetchRun(i0, ids[e]!);
      for (let j = k; j <= e; j++) {
        const i = ids[j]!;
        const one = run.then((bytes) => bytes.subarray((i - i0) * BLOCK, blockEnd(i) - i0 * BLOCK));
        inflight.set(i, one);
        const done = () => {
          if (inflight.get(i) === one) inflight.delete(i);
        };
        one.then(done, done);
        waits.push(
          one.then((b) => {
            found[j] = b;
          }),
        );
      }
      k = e + 1;
    }
    await Promise.all(waits);
    return found as Uint8Array[];
  };

  return {
    name,
    size: m.size,
    async read(offset, length) {
      checkRange(m.size, offset, length, name);
      if (length === 0) return new Uint8Array(0);
      const first = Math.floor(offset / BLOCK);
      const last = Math.floor((offset + length - 1) / BLOCK);
      const parts = await blocks(first, last);
      if (parts.length === 1) return parts[0]!.slice(offset - first * BLOCK, offset - first * BLOCK + length);
      const out = new Uint8Array(length);
      for (let k = 0; k < parts.length; k++) {
        const b0 = (first + k) * BLOCK;
        const lo = Math.max(offset, b0);
        const hi = Math.min(offset + length, b0 + parts[k]!.length);
        out.set(parts[k]!.subarray(lo - b0, hi - b0), lo - offset);
      }
      return out;
    },
    async close() {},
  };
}

/**
 * Bytes [start, end) of the file at `commit`: a 206 whose Content-Range is exactly that range of a
 * file of the known size, and whose ETag (where it has one) is the file's. A 200 with the whole file
 * is taken for files up to WHOLE_FILE_MAX (the whole file is returned), refused above.
 */
async function rangeGet(s: Settings, f: HubFile, commit: string, token: string | undefined, m: FileMeta, start: number, end: number, store: HubStore) {
  const n = end - start;
  const whole = m.size <= WHOLE_FILE_MAX;
  const most = whole ? Math.max(n, m.size) : n;
  const net = hubFetch(s, f, token, { deadlineMs: s.limits.deadlineMs + (most / s.limits.minBytesPerSecond) * 1000, requests: MAX_HOPS + 1, bytes: most });
  const asked = `bytes ${start}-${end - 1} of ${m.size}`;
  const res = await net.fetch(resolveUrl(s, f, commit), {
    headers: { Range: `bytes=${start}-${end - 1}`, "Accept-Encoding": "identity", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  const refuse = async (why: string) => {
    await res.body?.cancel().catch(() => {});
    return new SaeError(
      "E_HUB",
      `${show(f)}: ${net.last()} to a request for ${asked}: ${why}; is HF_ENDPOINT a Hugging Face Hub, or a proxy that changes its answers?`,
    );
  };
  if (res.status >= 400) throw await refusal(s, f, res, token);
  const etag = etagOf(res.headers);
  if (etag && etag !== m.etag) {
    await store.dropMeta(commit, f.path); // the next load probes again; blocks stored under the old ETag no longer count
    throw await refuse(`the file's ETag is '${etag}', not '${m.etag}' as before; what was cached of it no longer counts, load it again`);
  }
  if (res.status === 200) {
    if (!whole) throw await refuse(`the whole file instead of the range (HTTP 200); files over ${WHOLE_FILE_MAX >> 20} MiB are read by range only`);
    const all = new Uint8Array(await res.arrayBuffer());
    if (all.length !== m.size) throw await refuse(`a whole file of ${all.length} bytes, not ${m.size}`);
    return { at: 0, bytes: all };
  }
  if (res.status !== 206) throw await refuse(`HTTP ${res.status}, not 206 Partial Content`);
  const range = res.headers.get("content-range");
  if (range !== `bytes ${start}-${end - 1}/${m.size}`) {
    throw await refuse(range === null ? `no Content-Range${exposeHint("Content-Range")}` : `Content-Range '${range.slice(0, 100)}'`);
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length !== n) throw await refuse(`${bytes.length} bytes`);
  return { at: start, bytes };
}
