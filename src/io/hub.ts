// hf://owner/repo[@revision]/path: files on the Hugging Face Hub. Where there is a file system
// (Node, Deno, Bun), a file is downloaded once into the Hugging Face cache layout that Python's
// huggingface_hub uses (HF_HUB_CACHE, else HF_HOME/hub: models--owner--repo/{blobs,snapshots,refs}),
// so each reuses what the other downloaded, and then read by byte range like any local file.
// Elsewhere (browsers) the file is read by HTTP range requests, uncached.
//
// The official @huggingface/hub client (optional, loaded lazily) fetches the bytes, Xet-stored
// files included, and lists a repo's files. Written here, because the client does not do them:
// the metadata request (its downloadFileToCacheDir needs an extra paths-info call, writes no
// refs/<revision> file, so Python's offline mode cannot find what it fetched, has no offline
// mode, and logs to stdout), the cache entry (verified by size and SHA-256, moved in whole, so an
// interrupted download never leaves a corrupt entry; a later call resumes it), HF_HUB_OFFLINE and
// the errors for 401/403/404.
// see: https://huggingface.co/docs/huggingface_hub/guides/manage-cache
import { SaeError } from "../core/errors.js";
import type { RandomAccess } from "../core/access.js";
import { env } from "../runtime/env.js";
import { fs, openFile, sha256Stream, writeFileAtomic } from "../runtime/fs.js";
import { optionalModule } from "../runtime/optional.js";
import { blobSource } from "./blob.js";
import { HTTP_LIMITS, type HttpLimits } from "./http-limits.js";

/** A file on the Hub, as an hf:// URL names it. */
export interface HubFile {
  readonly type: "model" | "dataset";
  /** owner/name */
  readonly repo: string;
  readonly revision: string;
  readonly path: string;
}

/** Where the Hub is and how to reach it; each defaults to the environment Python's client reads. */
export interface HubOptions {
  /** HF_ENDPOINT, default https://huggingface.co */
  endpoint?: string;
  /** HF_TOKEN (or the token `huggingface-cli login` saved under HF_HOME) */
  token?: string;
  /** HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub */
  cacheDir?: string;
  /** HF_HUB_OFFLINE=1: the cache only, no request */
  offline?: boolean;
  /**
   * false: read by HTTP range requests instead of downloading into the cache (a few row groups of
   * a large Parquet file, say). Default: the cache wherever there is a file system.
   */
  cache?: boolean;
  fetch?: typeof fetch;
  /** Tighter or looser limits than HTTP_LIMITS: the metadata request's timeout, a download's longest silence. */
  limits?: Partial<Pick<HttpLimits, "connectMs" | "idleMs">>;
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

function settings(o: HubOptions) {
  const home = env("HF_HOME") ?? `${env("XDG_CACHE_HOME") ?? `${env("HOME") ?? env("USERPROFILE") ?? "."}/.cache`}/huggingface`;
  const flag = (v: string | undefined) => /^(1|on|yes|true)$/i.test(v?.trim() ?? "");
  return {
    endpoint: (o.endpoint ?? env("HF_ENDPOINT") ?? "https://huggingface.co").replace(/\/+$/, ""),
    token: o.token ?? env("HF_TOKEN") ?? env("HUGGING_FACE_HUB_TOKEN"),
    tokenFile: `${home}/token`,
    cacheDir: o.cacheDir ?? env("HF_HUB_CACHE") ?? env("HUGGINGFACE_HUB_CACHE") ?? `${home}/hub`,
    offline: o.offline ?? flag(env("HF_HUB_OFFLINE")),
    fetch: o.fetch ?? globalThis.fetch,
    limits: { ...HTTP_LIMITS, ...o.limits },
  };
}
type Settings = ReturnType<typeof settings>;

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
  }
  const file = `${dir}/snapshots/${commit}/${f.path}`;
  try {
    await (await fs()).stat(file);
    return file;
  } catch {
    return undefined;
  }
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

/** The repo's files, for a 404's message (an empty list where it cannot be had). */
async function repoFiles(s: Settings, f: HubFile, token: string | undefined): Promise<string[]> {
  try {
    const hub = await client();
    const files: string[] = [];
    for await (const e of hub.listFiles({
      repo: designation(f),
      revision: f.revision,
      hubUrl: s.endpoint,
      recursive: true,
      fetch: s.fetch,
      ...(token ? { accessToken: token } : {}),
    })) {
      if (e.type === "file") files.push(e.path);
      if (files.length > 200) break;
    }
    return files;
  } catch {
    return [];
  }
}

/** The Hub's refusal of `f` as E_HUB, in words that say what to do. */
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
          ? `${f.repo} is gated: accept its terms at ${repoUrl(s, f)}, then set HF_TOKEN to a token of that account`
          : token
            ? "the token in HF_TOKEN cannot read this repo (private, or a token without read access)"
            : `the repo is private or gated, or does not exist; set HF_TOKEN to a token that can read ${f.repo}`
      }`,
    );
  }
  if (res.status === 404) {
    if (code === "RepoNotFound") return new SaeError("E_HUB", `${where}: no repo ${f.repo}${token ? "" : " (or it is private: set HF_TOKEN)"}`);
    if (code === "RevisionNotFound") return new SaeError("E_HUB", `${where}: ${f.repo} has no revision '${f.revision}'`);
    const files = await repoFiles(s, f, token);
    return new SaeError(
      "E_HUB",
      `${where}: ${f.repo}@${f.revision} has no file '${f.path}'${files.length ? `; its files: ${files.slice(0, 40).join(", ")}${files.length > 40 ? ", …" : ""}` : ""}`,
    );
  }
  return new SaeError("E_HUB", `${where}: HTTP ${res.status} ${res.statusText}${said ? ` (${said})` : ""}`);
}

/** What the resolve endpoint says of a file without downloading it (the redirect is not followed). */
async function metadata(s: Settings, f: HubFile, token: string | undefined) {
  const url = `${repoUrl(s, f)}/resolve/${encodeURIComponent(f.revision)}/${f.path.split("/").map(encodeURIComponent).join("/")}`;
  const res = await s.fetch(url, {
    method: "HEAD",
    redirect: "manual",
    headers: { "Accept-Encoding": "identity", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    signal: AbortSignal.timeout(s.limits.connectMs),
  });
  if (res.status >= 400) throw await refusal(s, f, res, token);
  const commit = res.headers.get("x-repo-commit") ?? "";
  const etag = (res.headers.get("x-linked-etag") ?? res.headers.get("etag") ?? "").replace(/^W\//, "").replace(/"/g, "");
  const size = Number(res.headers.get("x-linked-size") ?? res.headers.get("content-length") ?? Number.NaN);
  if (!COMMIT.test(commit) || !/^[A-Za-z0-9._-]{1,128}$/.test(etag) || !Number.isSafeInteger(size) || size < 0) {
    throw new SaeError(
      "E_HUB",
      `${show(f)}: ${s.endpoint} answered without the file's commit, ETag or size (X-Repo-Commit '${commit}', ETag '${etag}', size '${res.headers.get("x-linked-size") ?? res.headers.get("content-length")}'); is HF_ENDPOINT a Hugging Face Hub?`,
    );
  }
  return { commit, etag, size };
}

/**
 * Downloads `f` into blobs/<etag>: into <etag>.incomplete first (resumed from where an interrupted
 * download stopped), checked against the size and, for LFS files, the SHA-256 the ETag is, then
 * renamed. Only a verified file ever has the blob's name.
 */
async function download(s: Settings, f: HubFile, meta: { commit: string; etag: string; size: number }, blob: string, token: string | undefined) {
  const io = await fs();
  const part = `${blob}.incomplete`;
  const hub = await client();
  const remote = await hub.downloadFile({
    repo: designation(f),
    path: f.path,
    revision: meta.commit,
    hubUrl: s.endpoint,
    fetch: s.fetch,
    ...(token ? { accessToken: token } : {}),
  });
  if (!remote) throw new SaeError("E_HUB", `${show(f)}: the file went missing between two requests`);
  if (remote.size !== meta.size) throw new SaeError("E_HUB", `${show(f)}: the Hub gives its size as ${meta.size} and as ${remote.size} bytes`);
  const sha = /^[0-9a-f]{64}$/.test(meta.etag) ? await sha256Stream() : undefined;
  let have = 0;
  try {
    have = (await io.stat(part)).size;
  } catch {}
  if (have > meta.size) have = 0;
  const out = await io.open(part, have ? "r+" : "w");
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
    if (e instanceof SaeError) throw e;
    const hit = await fromCache(s, f);
    if (hit) return hit; // unreachable Hub: the cached copy, as Python does
    throw new SaeError(
      "E_HUB",
      `${show(f)}: cannot reach ${s.endpoint} (${String((e as Error)?.cause ?? (e as Error)?.message ?? e)}), and the file is not cached`,
      {
        cause: e,
      },
    );
  }
  const dir = repoFolder(s, f);
  const io = await fs();
  const pointer = `${dir}/snapshots/${meta.commit}/${f.path}`;
  const blob = `${dir}/blobs/${meta.etag}`;
  await io.mkdir(`${dir}/blobs`, { recursive: true });
  let cached = false;
  try {
    cached = (await io.stat(pointer)).size === meta.size;
  } catch {}
  if (!cached) {
    let complete = false;
    try {
      complete = (await io.stat(blob)).size === meta.size;
    } catch {}
    if (!complete) await download(s, f, meta, blob, token);
    await linkSnapshot(pointer, blob, f.path.split("/").length - 1);
  }
  if (f.revision !== meta.commit) {
    await io.mkdir(`${dir}/refs/${f.revision}`.replace(/\/[^/]*$/, ""), { recursive: true });
    await writeFileAtomic(`${dir}/refs/${f.revision}`, new TextEncoder().encode(meta.commit));
  }
  return pointer;
}

/** Random access to an hf:// file: the cached file where there is a file system, else HTTP range reads. */
export async function openHub(url: string, options: HubOptions = {}): Promise<RandomAccess> {
  if (options.cache !== false && (await hasFileSystem())) return openFile(await hubCachedFile(url, options));
  const f = parseHubUrl(url);
  const s = settings(options);
  const hub = await client();
  let blob: Blob | null;
  try {
    blob = await hub.downloadFile({
      repo: designation(f),
      path: f.path,
      revision: f.revision,
      hubUrl: s.endpoint,
      fetch: s.fetch,
      ...(s.token ? { accessToken: s.token } : {}),
    });
  } catch (e) {
    // The client's error carries the response's status; say it in the same words as the cached path.
    const status = (e as { statusCode?: number }).statusCode;
    if (!status) throw new SaeError("E_HUB", `${show(f)}: cannot reach ${s.endpoint} (${String((e as Error)?.message ?? e)})`, { cause: e });
    throw new SaeError("E_HUB", `${show(f)} (${s.endpoint}): HTTP ${status}: ${String((e as Error)?.message ?? e).slice(0, 300)}`, { cause: e });
  }
  if (!blob) throw new SaeError("E_HUB", `${show(f)}: ${f.repo}@${f.revision} has no file '${f.path}'`);
  // A Blob whose slices are HTTP range requests; blobSource checks each read's length.
  return blobSource(blob, f.path.slice(f.path.lastIndexOf("/") + 1));
}

async function hasFileSystem(): Promise<boolean> {
  try {
    await fs();
    return true;
  } catch {
    return false;
  }
}
