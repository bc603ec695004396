// src/core/errors.ts
var SaeError = class extends Error {
  code;
  /** The option that fixes it, where one does; `message` then ends with it in the API's words. */
  fix;
  /** The message without the fix, for interfaces that phrase the fix their own way. */
  problem;
  constructor(code, message, options) {
    const fix = options?.fix;
    super(fix ? `${message}; pass { ${fix.option}: ${fix.example ?? "\u2026"} }` : message, options?.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = "SaeError";
    this.code = code;
    this.fix = fix;
    this.problem = message;
  }
};
function isSaeError(e, code) {
  return typeof e === "object" && e !== null && e.name === "SaeError" && (code === void 0 || e.code === code);
}
function preview(v, max = 80) {
  const seen = (x2, depth) => {
    if (typeof x2 === "string") return JSON.stringify(x2.length > max ? `${x2.slice(0, max)}\u2026` : x2);
    if (typeof x2 === "number" || typeof x2 === "boolean" || typeof x2 === "bigint" || x2 === null || x2 === void 0) return String(x2);
    if (Array.isArray(x2)) {
      if (depth >= 2) return `[\u2026${x2.length} items]`;
      const head = x2.slice(0, 4).map((y) => seen(y, depth + 1)).join(", ");
      return `[${head}${x2.length > 4 ? `, \u2026 ${x2.length - 4} more` : ""}]`;
    }
    if (typeof x2 === "object") {
      const name = x2.constructor?.name;
      return name && name !== "Object" ? name : "{\u2026}";
    }
    return typeof x2;
  };
  const s = seen(v, 0);
  return s.length > max ? `${s.slice(0, max)}\u2026` : s;
}

// src/core/shapes.ts
function checkFinite(x2, cols, what = "x", row0 = 0) {
  for (let i = 0; i < x2.length; i++) {
    const v = x2[i];
    if (v - v !== 0) {
      const row = Math.floor(i / cols);
      throw new SaeError("E_NONFINITE", `${what}: ${v} at row ${row0 + row}, column ${i - row * cols}`);
    }
  }
}
function transpose(a, rows, cols, out = new Float32Array(rows * cols)) {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c];
  return out;
}

// src/core/model.ts
var TORCH_NAMES = { preBias: "pre_bias", encoderWeight: "encoder.weight", decoderWeight: "decoder.weight", latentBias: "latent_bias" };

// src/core/hash.ts
async function sha256Hex(data, chars = 64) {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("").slice(0, chars);
}

// src/runtime/fs.ts
var fsModule;
async function fs() {
  const specifier = "node:fs/promises";
  fsModule ??= import(
    /* @vite-ignore */
    specifier
  ).catch(() => void 0);
  const m = await fsModule;
  if (!m) throw new SaeError("E_ARG", "this runtime has no file system: pass a URL, Response, Blob or bytes instead of a path");
  return m;
}
function ioError(path, doing, cause) {
  const code = cause?.code;
  const why = code === "ENOENT" ? "no such file or folder" : code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EISDIR" ? "it is a folder" : code === "ENOTDIR" ? "a part of the path is not a folder" : code === "ENOSPC" ? "no space left on the device" : code === "EROFS" ? "read-only file system" : code ?? cause?.message ?? String(cause);
  return new SaeError("E_IO", `${path}: ${doing} (${why})`, { cause });
}
function pathName(path) {
  return typeof path === "string" ? path : decodeURIComponent(path.pathname);
}
async function openFile(path) {
  const f = await fs();
  const shown = pathName(path);
  let handle;
  try {
    handle = await f.open(path, "r");
  } catch (cause) {
    throw ioError(shown, "cannot open", cause);
  }
  const size = (await handle.stat()).size;
  return {
    name: shown.split(/[\\/]/).pop(),
    size,
    async read(offset, length, into) {
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > size) {
        throw new SaeError("E_FORMAT", `${shown}: a read of ${length} bytes at ${offset} runs past the end (${size} bytes); the file is truncated or corrupt`);
      }
      const out = into && into.length >= length ? into.subarray(0, length) : new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(out, done, length - done, offset + done);
        if (bytesRead === 0) throw new SaeError("E_FORMAT", `${shown}: file shrank while being read`);
        done += bytesRead;
      }
      return out;
    },
    close: () => handle.close()
  };
}
async function writeFileAtomic(path, data) {
  const f = await fs();
  const tmp = `${path}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
  const parts = Array.isArray(data) ? data : [data];
  let handle;
  try {
    handle = await f.open(tmp, "w");
  } catch (cause) {
    throw ioError(path, "cannot write", cause);
  }
  try {
    for (const p of parts) {
      let done = 0;
      while (done < p.length) done += (await handle.write(p, done, p.length - done)).bytesWritten;
    }
    await handle.sync();
    await handle.close();
    await f.rename(tmp, path);
  } catch (cause) {
    await handle.close().catch(() => {
    });
    await f.rm(tmp, { force: true }).catch(() => {
    });
    throw ioError(path, "cannot write", cause);
  }
  try {
    const dir = await f.open(parentOf(path), "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
  }
}
function parentOf(path) {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return cut < 0 ? "." : cut === 0 ? path.slice(0, 1) : path.slice(0, cut);
}
async function removeStaleTemps(path) {
  const f = await fs();
  const dir = parentOf(path), name = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  const stale = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.[a-z0-9]+\\.tmp$`);
  let names;
  try {
    names = await f.readdir(dir);
  } catch {
    return [];
  }
  const gone = names.filter((n) => stale.test(n));
  for (const n of gone) await f.rm(`${dir}/${n}`, { force: true });
  return gone;
}
async function sha256Stream() {
  const name = "node:crypto";
  const { createHash } = await import(
    /* @vite-ignore */
    name
  );
  const h = createHash("sha256");
  return { update: (b) => h.update(b), digest: () => h.digest("hex") };
}
var proc = globalThis.process;

// src/runtime/env.ts
function env(name) {
  const g = globalThis;
  try {
    if (g.Deno) return g.Deno.env.get(name);
    return g.process?.env?.[name];
  } catch {
    return void 0;
  }
}

// src/runtime/optional.ts
var loaded = /* @__PURE__ */ new Map();
function optionalModule(name, feature) {
  let m = loaded.get(name);
  if (!m) {
    m = import(
      /* @vite-ignore */
      name
    ).catch((cause) => {
      loaded.delete(name);
      throw new SaeError("E_DEPENDENCY", `${feature} needs the optional package '${name}', which is not installed (npm install ${name})`, { cause });
    });
    loaded.set(name, m);
  }
  return m;
}

// src/io/blob.ts
function checkRange(size, offset, length, name) {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > size) {
    throw new SaeError(
      "E_FORMAT",
      `${name ?? "file"}: a read of ${length} bytes at ${offset} runs past the end (${size} bytes); the file is truncated or corrupt`
    );
  }
}
function bytesSource(bytes, name) {
  return {
    name,
    size: bytes.length,
    async read(offset, length) {
      checkRange(bytes.length, offset, length, name);
      return bytes.subarray(offset, offset + length);
    },
    async close() {
    }
  };
}
function blobSource(blob, name) {
  return {
    name,
    size: blob.size,
    async read(offset, length) {
      checkRange(blob.size, offset, length, name);
      const b = new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
      if (b.length !== length) throw new SaeError("E_FORMAT", `${name ?? "blob"}: a read of ${length} bytes at ${offset} gave ${b.length}`);
      return b;
    },
    async close() {
    }
  };
}

// src/io/http-limits.ts
var HTTP_LIMITS = {
  /** From sending the request to the response's headers. */
  connectMs: 3e4,
  /** Longest silence while the body streams in. */
  idleMs: 6e4,
  /** The largest body read (a batch of 256 × 3072-d embeddings is about 16 MB of JSON). */
  maxBytes: 64 << 20,
  /** The longest Retry-After honoured; a service that asks for more is reported, not waited for. */
  maxRetryAfterMs: 12e4
};

// src/io/hub.ts
var COMMIT = /^[0-9a-f]{40}$/;
var SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
function parseHubUrl(url) {
  const m = /^hf:\/\/(?:(datasets|models)\/)?([^/@]+)\/([^/@]+)(?:@([^/]+))?\/(.+)$/.exec(url);
  const bad = (why) => new SaeError("E_ARG", `${url}: ${why}; an hf:// source is hf://owner/repo/path/in/repo, with @revision after the repo where it is not main`);
  if (!m) throw bad("not an hf:// file URL");
  const [, kind, owner, name, rev, path] = m;
  if (!SEGMENT.test(owner) || !SEGMENT.test(name)) throw bad(`'${owner}/${name}' is not a repo id`);
  const parts = path.split("/");
  if (parts.some((p) => p === "" || p === "." || p === "..")) throw bad(`'${path}' is not a path inside the repo`);
  let revision = "main";
  if (rev !== void 0) {
    try {
      revision = decodeURIComponent(rev);
    } catch {
      throw bad(`'${rev}' is not a revision`);
    }
    if (!revision || /(^|\/)\.\.?(\/|$)|[\\\0]/.test(revision)) throw bad(`'${rev}' is not a revision`);
  }
  return { type: kind === "datasets" ? "dataset" : "model", repo: `${owner}/${name}`, revision, path };
}
function settings(o) {
  const home = env("HF_HOME") ?? `${env("XDG_CACHE_HOME") ?? `${env("HOME") ?? env("USERPROFILE") ?? "."}/.cache`}/huggingface`;
  const flag = (v) => /^(1|on|yes|true)$/i.test(v?.trim() ?? "");
  return {
    endpoint: (o.endpoint ?? env("HF_ENDPOINT") ?? "https://huggingface.co").replace(/\/+$/, ""),
    token: o.token ?? env("HF_TOKEN") ?? env("HUGGING_FACE_HUB_TOKEN"),
    tokenFile: `${home}/token`,
    cacheDir: o.cacheDir ?? env("HF_HUB_CACHE") ?? env("HUGGINGFACE_HUB_CACHE") ?? `${home}/hub`,
    offline: o.offline ?? flag(env("HF_HUB_OFFLINE")),
    fetch: o.fetch ?? globalThis.fetch,
    limits: { ...HTTP_LIMITS, ...o.limits }
  };
}
var show = (f) => `hf://${f.type === "dataset" ? "datasets/" : ""}${f.repo}${f.revision === "main" ? "" : `@${f.revision}`}/${f.path}`;
var repoUrl = (s, f) => `${s.endpoint}/${f.type === "dataset" ? "datasets/" : ""}${f.repo}`;
var repoFolder = (s, f) => `${s.cacheDir}/${f.type}s--${f.repo.replace("/", "--")}`;
var designation = (f) => ({ type: f.type, name: f.repo });
var client = () => optionalModule("@huggingface/hub", "reading hf:// files");
async function fromCache(s, f) {
  const dir = repoFolder(s, f);
  let commit = f.revision;
  if (!COMMIT.test(commit)) {
    try {
      commit = (await (await fs()).readFile(`${dir}/refs/${f.revision}`, "utf8")).trim();
    } catch {
      return void 0;
    }
  }
  const file = `${dir}/snapshots/${commit}/${f.path}`;
  try {
    await (await fs()).stat(file);
    return file;
  } catch {
    return void 0;
  }
}
async function tokenOf(s) {
  if (s.token) return s.token;
  try {
    return (await (await fs()).readFile(s.tokenFile, "utf8")).trim() || void 0;
  } catch {
    return void 0;
  }
}
async function repoFiles(s, f, token) {
  try {
    const hub = await client();
    const files = [];
    for await (const e of hub.listFiles({
      repo: designation(f),
      revision: f.revision,
      hubUrl: s.endpoint,
      recursive: true,
      fetch: s.fetch,
      ...token ? { accessToken: token } : {}
    })) {
      if (e.type === "file") files.push(e.path);
      if (files.length > 200) break;
    }
    return files;
  } catch {
    return [];
  }
}
async function refusal(s, f, res, token) {
  const code = res.headers.get("x-error-code") ?? "";
  const said = res.headers.get("x-error-message");
  const where = `${show(f)} (${s.endpoint})`;
  if (res.status === 401 || res.status === 403 || code === "GatedRepo") {
    const gated = code === "GatedRepo";
    return new SaeError(
      "E_HUB",
      `${where}: HTTP ${res.status}${said ? ` (${said})` : ""}: ${gated ? `${f.repo} is gated: accept its terms at ${repoUrl(s, f)}, then set HF_TOKEN to a token of that account` : token ? "the token in HF_TOKEN cannot read this repo (private, or a token without read access)" : `the repo is private or gated, or does not exist; set HF_TOKEN to a token that can read ${f.repo}`}`
    );
  }
  if (res.status === 404) {
    if (code === "RepoNotFound") return new SaeError("E_HUB", `${where}: no repo ${f.repo}${token ? "" : " (or it is private: set HF_TOKEN)"}`);
    if (code === "RevisionNotFound") return new SaeError("E_HUB", `${where}: ${f.repo} has no revision '${f.revision}'`);
    const files = await repoFiles(s, f, token);
    return new SaeError(
      "E_HUB",
      `${where}: ${f.repo}@${f.revision} has no file '${f.path}'${files.length ? `; its files: ${files.slice(0, 40).join(", ")}${files.length > 40 ? ", \u2026" : ""}` : ""}`
    );
  }
  return new SaeError("E_HUB", `${where}: HTTP ${res.status} ${res.statusText}${said ? ` (${said})` : ""}`);
}
async function metadata(s, f, token) {
  const url = `${repoUrl(s, f)}/resolve/${encodeURIComponent(f.revision)}/${f.path.split("/").map(encodeURIComponent).join("/")}`;
  const res = await s.fetch(url, {
    method: "HEAD",
    redirect: "manual",
    headers: { "Accept-Encoding": "identity", ...token ? { Authorization: `Bearer ${token}` } : {} },
    signal: AbortSignal.timeout(s.limits.connectMs)
  });
  if (res.status >= 400) throw await refusal(s, f, res, token);
  const commit = res.headers.get("x-repo-commit") ?? "";
  const etag = (res.headers.get("x-linked-etag") ?? res.headers.get("etag") ?? "").replace(/^W\//, "").replace(/"/g, "");
  const size = Number(res.headers.get("x-linked-size") ?? res.headers.get("content-length") ?? Number.NaN);
  if (!COMMIT.test(commit) || !/^[A-Za-z0-9._-]{1,128}$/.test(etag) || !Number.isSafeInteger(size) || size < 0) {
    throw new SaeError(
      "E_HUB",
      `${show(f)}: ${s.endpoint} answered without the file's commit, ETag or size (X-Repo-Commit '${commit}', ETag '${etag}', size '${res.headers.get("x-linked-size") ?? res.headers.get("content-length")}'); is HF_ENDPOINT a Hugging Face Hub?`
    );
  }
  return { commit, etag, size };
}
async function download(s, f, meta, blob, token) {
  const io = await fs();
  const part = `${blob}.incomplete`;
  const hub = await client();
  const remote = await hub.downloadFile({
    repo: designation(f),
    path: f.path,
    revision: meta.commit,
    hubUrl: s.endpoint,
    fetch: s.fetch,
    ...token ? { accessToken: token } : {}
  });
  if (!remote) throw new SaeError("E_HUB", `${show(f)}: the file went missing between two requests`);
  if (remote.size !== meta.size) throw new SaeError("E_HUB", `${show(f)}: the Hub gives its size as ${meta.size} and as ${remote.size} bytes`);
  const sha = /^[0-9a-f]{64}$/.test(meta.etag) ? await sha256Stream() : void 0;
  let have = 0;
  try {
    have = (await io.stat(part)).size;
  } catch {
  }
  if (have > meta.size) have = 0;
  const out = await io.open(part, have ? "r+" : "w");
  try {
    if (have && sha) {
      const buf = new Uint8Array(1 << 20);
      for (let at2 = 0; at2 < have; ) {
        const n = Math.min(buf.length, have - at2);
        await out.read(buf, 0, n, at2);
        sha.update(buf.subarray(0, n));
        at2 += n;
      }
    }
    const reader = remote.slice(have).stream().getReader();
    let at = have;
    for (; ; ) {
      let timer;
      const silence = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no data for ${s.limits.idleMs / 1e3} s`)), s.limits.idleMs);
      });
      const { done, value } = await Promise.race([reader.read(), silence]).catch((cause) => {
        reader.cancel().catch(() => {
        });
        throw new SaeError(
          "E_HUB",
          `${show(f)}: the download broke off after ${at} of ${meta.size} bytes (${String(cause?.message ?? cause)}); run again to resume it`,
          { cause }
        );
      }).finally(() => clearTimeout(timer));
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
      `${show(f)}: the downloaded bytes hash to ${digest}, not the SHA-256 the Hub names (${meta.etag}); the partial file was removed, run again`
    );
  }
  await io.rename(part, blob);
}
async function linkSnapshot(pointer, blob, depth) {
  const io = await fs();
  await io.mkdir(pointer.slice(0, pointer.lastIndexOf("/")), { recursive: true });
  const target = `${"../".repeat(depth + 2)}blobs/${blob.slice(blob.lastIndexOf("/") + 1)}`;
  try {
    await io.symlink(target, pointer);
  } catch (e) {
    if (e.code === "EEXIST") return;
    await io.copyFile(blob, pointer);
  }
}
async function hubCachedFile(url, options = {}) {
  const f = parseHubUrl(url);
  const s = settings(options);
  if (s.offline) {
    const hit = await fromCache(s, f);
    if (hit) return hit;
    throw new SaeError("E_HUB", `${show(f)}: HF_HUB_OFFLINE is set and the file is not in the cache (${repoFolder(s, f)}); unset it to download the file`);
  }
  const token = await tokenOf(s);
  let meta;
  try {
    meta = await metadata(s, f, token);
  } catch (e) {
    if (e instanceof SaeError) throw e;
    const hit = await fromCache(s, f);
    if (hit) return hit;
    throw new SaeError(
      "E_HUB",
      `${show(f)}: cannot reach ${s.endpoint} (${String(e?.cause ?? e?.message ?? e)}), and the file is not cached`,
      {
        cause: e
      }
    );
  }
  const dir = repoFolder(s, f);
  const io = await fs();
  const pointer = `${dir}/snapshots/${meta.commit}/${f.path}`;
  const blob = `${dir}/blobs/${meta.etag}`;
  await io.mkdir(`${dir}/blobs`, { recursive: true });
  let cached2 = false;
  try {
    cached2 = (await io.stat(pointer)).size === meta.size;
  } catch {
  }
  if (!cached2) {
    let complete = false;
    try {
      complete = (await io.stat(blob)).size === meta.size;
    } catch {
    }
    if (!complete) await download(s, f, meta, blob, token);
    await linkSnapshot(pointer, blob, f.path.split("/").length - 1);
  }
  if (f.revision !== meta.commit) {
    await io.mkdir(`${dir}/refs/${f.revision}`.replace(/\/[^/]*$/, ""), { recursive: true });
    await writeFileAtomic(`${dir}/refs/${f.revision}`, new TextEncoder().encode(meta.commit));
  }
  return pointer;
}
async function openHub(url, options = {}) {
  if (options.cache !== false && await hasFileSystem()) return openFile(await hubCachedFile(url, options));
  const f = parseHubUrl(url);
  const s = settings(options);
  const hub = await client();
  let blob;
  try {
    blob = await hub.downloadFile({
      repo: designation(f),
      path: f.path,
      revision: f.revision,
      hubUrl: s.endpoint,
      fetch: s.fetch,
      ...s.token ? { accessToken: s.token } : {}
    });
  } catch (e) {
    const status = e.statusCode;
    if (!status) throw new SaeError("E_HUB", `${show(f)}: cannot reach ${s.endpoint} (${String(e?.message ?? e)})`, { cause: e });
    throw new SaeError("E_HUB", `${show(f)} (${s.endpoint}): HTTP ${status}: ${String(e?.message ?? e).slice(0, 300)}`, { cause: e });
  }
  if (!blob) throw new SaeError("E_HUB", `${show(f)}: ${f.repo}@${f.revision} has no file '${f.path}'`);
  return blobSource(blob, f.path.slice(f.path.lastIndexOf("/") + 1));
}
async function hasFileSystem() {
  try {
    await fs();
    return true;
  } catch {
    return false;
  }
}

// src/io/source.ts
function baseName(path) {
  return path.replace(/[?#].*$/, "").split(/[\\/]/).pop() ?? path;
}
async function openSource(source) {
  if (typeof source === "string") {
    if (/^hf:\/\//i.test(source)) return openHub(source);
    if (/^(https?|data|blob):/i.test(source)) return openSource(new URL(source));
    return openFile(source);
  }
  if (source instanceof URL) {
    if (source.protocol === "file:") return openFile(source);
    const res = await fetch(source);
    if (!res.ok) throw new SaeError("E_FORMAT", `${source.href}: HTTP ${res.status} ${res.statusText}`);
    return bytesSource(new Uint8Array(await res.arrayBuffer()), baseName(source.pathname));
  }
  if (typeof Response !== "undefined" && source instanceof Response) {
    return bytesSource(new Uint8Array(await source.arrayBuffer()), source.url ? baseName(new URL(source.url).pathname) : void 0);
  }
  if (typeof Blob !== "undefined" && source instanceof Blob) {
    return blobSource(source, source.name);
  }
  if (source instanceof ArrayBuffer) return bytesSource(new Uint8Array(source));
  if (ArrayBuffer.isView(source)) return bytesSource(new Uint8Array(source.buffer, source.byteOffset, source.byteLength));
  throw new SaeError("E_ARG", "source: expected a path, URL, Response, Blob/File, ArrayBuffer or typed array");
}

// src/io/tensor.ts
var ITEM_BYTES = { f32: 4, f64: 8, f16: 2, bf16: 2, i64: 8, i32: 4, i16: 2, i8: 1, u8: 1, bool: 1 };
function* rowRuns(rows, rowBytes, chunkBytes) {
  const per = Math.max(1, Math.floor(chunkBytes / Math.max(1, rowBytes)));
  for (let r = 0; r < rows; r += per) yield [r, Math.min(per, rows - r)];
}
function numel(shape) {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new SaeError("E_FORMAT", `tensor: bad dimension ${d} in shape [${shape.join(", ")}]`);
    n *= d;
    if (!Number.isSafeInteger(n)) throw new SaeError("E_FORMAT", `tensor: shape [${shape.join(", ")}] has too many elements`);
  }
  return n;
}
var f16Table = new Float32Array(65536);
var f16Ready = false;
function halfToFloat(h) {
  const s = h & 32768 ? -1 : 1;
  const e = h >> 10 & 31;
  const m = h & 1023;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}
function toFloat32(bytes, dtype, count = bytes.length / ITEM_BYTES[dtype]) {
  const need = count * ITEM_BYTES[dtype];
  if (bytes.length < need) throw new SaeError("E_FORMAT", `tensor: ${count} ${dtype} values need ${need} bytes, got ${bytes.length}`);
  if (dtype === "f32") {
    if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, count);
    return new Float32Array(bytes.slice(0, need).buffer);
  }
  const out = new Float32Array(count);
  const v = new DataView(bytes.buffer, bytes.byteOffset, need);
  switch (dtype) {
    case "f64":
      for (let i = 0; i < count; i++) out[i] = v.getFloat64(i * 8, true);
      break;
    case "f16":
      if (!f16Ready) {
        for (let h = 0; h < 65536; h++) f16Table[h] = halfToFloat(h);
        f16Ready = true;
      }
      for (let i = 0; i < count; i++) out[i] = f16Table[v.getUint16(i * 2, true)];
      break;
    case "bf16": {
      const u = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) u[i] = v.getUint16(i * 2, true) << 16;
      break;
    }
    case "i64":
      for (let i = 0; i < count; i++) out[i] = Number(v.getBigInt64(i * 8, true));
      break;
    case "i32":
      for (let i = 0; i < count; i++) out[i] = v.getInt32(i * 4, true);
      break;
    case "i16":
      for (let i = 0; i < count; i++) out[i] = v.getInt16(i * 2, true);
      break;
    case "i8":
      for (let i = 0; i < count; i++) out[i] = v.getInt8(i);
      break;
    case "u8":
    case "bool":
      for (let i = 0; i < count; i++) out[i] = v.getUint8(i);
      break;
  }
  return out;
}

// src/io/embeddings.ts
var CACHED_GROUPS = 4;

// src/io/safetensors.ts
var DTYPES = {
  F32: "f32",
  F64: "f64",
  F16: "f16",
  BF16: "bf16",
  I64: "i64",
  I32: "i32",
  I16: "i16",
  I8: "i8",
  U8: "u8",
  BOOL: "bool"
};
var MAX_HEADER = 1e8;
var READ_HEADER = 16 << 20;
var MAX_TENSORS = 65536;
function fail(msg) {
  throw new SaeError("E_FORMAT", `safetensors: ${msg}`);
}
async function openSafetensors(ra) {
  if (ra.size < 10) fail(`file of ${ra.size} bytes is too short`);
  const len = Number(new DataView((await ra.read(0, 8)).slice().buffer).getBigUint64(0, true));
  if (len > MAX_HEADER) fail(`header length ${len} exceeds the format's limit of ${MAX_HEADER}`);
  if (len > READ_HEADER) fail(`header of ${len} bytes is larger than sae.js reads (${READ_HEADER}); SAE checkpoints have headers of a few KB`);
  if (len > ra.size - 8) fail(`header length ${len} runs past the end of the ${ra.size}-byte file`);
  let header;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(await ra.read(8, len)));
  } catch (cause) {
    fail(`header is not valid JSON (${cause.message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) fail("header is not a JSON object");
  const count = Object.keys(header).length;
  if (count > MAX_TENSORS + 1) fail(`header lists ${count} tensors, more than the ${MAX_TENSORS} sae.js reads`);
  const dataStart = 8 + len;
  const dataLen = ra.size - dataStart;
  const metadata2 = {};
  const tensors = /* @__PURE__ */ new Map();
  const spans = [];
  for (const [name, spec] of Object.entries(header)) {
    if (name === "__metadata__") {
      if (typeof spec !== "object" || spec === null) fail("__metadata__ is not an object");
      for (const [k, v] of Object.entries(spec)) {
        if (typeof v !== "string") fail(`__metadata__.${preview(k)} is not a string`);
        metadata2[k] = v;
      }
      continue;
    }
    const s = spec;
    const dtype = typeof s.dtype === "string" ? DTYPES[s.dtype] : void 0;
    if (!dtype) fail(`tensor ${preview(name)} has unsupported dtype ${preview(s.dtype)}; supported: ${Object.keys(DTYPES).join(", ")}`);
    if (!Array.isArray(s.shape) || !s.shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      fail(`tensor ${preview(name)} has a bad shape ${preview(s.shape)}`);
    const shape = s.shape;
    const off = s.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isSafeInteger(o) && o >= 0))
      fail(`tensor ${preview(name)} has bad data_offsets ${preview(off)}`);
    const [begin, end] = off;
    if (begin > end || end > dataLen) fail(`tensor ${preview(name)} data_offsets [${begin}, ${end}] fall outside the ${dataLen} data bytes`);
    const n = numel(shape);
    if (end - begin !== n * ITEM_BYTES[dtype])
      fail(`tensor ${preview(name)} spans ${end - begin} bytes but [${shape}] ${s.dtype} needs ${n * ITEM_BYTES[dtype]}`);
    spans.push([begin, end, name]);
    const rowBytes = shape.length ? (end - begin) / Math.max(1, shape[0]) : end - begin;
    tensors.set(name, {
      name,
      dtype,
      shape,
      read: async () => toFloat32(await ra.read(dataStart + begin, end - begin), dtype, n),
      async *rows(chunkBytes) {
        if (shape.length === 0 || shape[0] === 0) {
          yield toFloat32(await ra.read(dataStart + begin, end - begin), dtype, n);
          return;
        }
        for (const [r0, count2] of rowRuns(shape[0], rowBytes, chunkBytes)) {
          yield toFloat32(await ra.read(dataStart + begin + r0 * rowBytes, count2 * rowBytes), dtype, count2 * rowBytes / ITEM_BYTES[dtype]);
        }
      }
    });
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i][0] < spans[i - 1][1]) fail(`tensors ${preview(spans[i - 1][2])} and ${preview(spans[i][2])} overlap`);
  }
  return { format: "safetensors", tensors, metadata: metadata2, close: () => ra.close() };
}
function writeSafetensors(tensors, metadata2 = {}) {
  const header = {};
  if (Object.keys(metadata2).length) header.__metadata__ = metadata2;
  let offset = 0;
  for (const t of tensors) {
    if (t.data.length !== numel(t.shape)) throw new SaeError("E_SHAPE", `safetensors: '${t.name}' has ${t.data.length} values for shape [${t.shape}]`);
    header[t.name] = { dtype: "F32", shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (8 + new TextEncoder().encode(json).length) % 8) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const len = new Uint8Array(8);
  new DataView(len.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  return [len, headerBytes, ...tensors.map((t) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength))];
}

// src/train/config.ts
function trainConfig(k, nLatents, overrides = {}) {
  const c = {
    k,
    nLatents,
    lr: 1e-4,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    batchSize: 1024,
    epochs: 1,
    kAux: 2 * k,
    auxkCoef: 1 / 32,
    deadSteps: 266,
    clip: 1,
    seed: 0,
    medianRows: 1e4,
    ...overrides
  };
  const int = (name, min) => {
    const v = c[name];
    if (!Number.isInteger(v) || v < min) throw new SaeError("E_ARG", `train: ${name} must be an integer \u2265 ${min}, got ${v}`);
  };
  int("nLatents", 1);
  int("k", 1);
  if (c.k >= c.nLatents) throw new SaeError("E_ARG", `train: k=${c.k} must be below nLatents=${c.nLatents}`);
  int("kAux", 0);
  if (c.kAux > c.nLatents) throw new SaeError("E_ARG", `train: kAux=${c.kAux} exceeds nLatents=${c.nLatents}`);
  int("batchSize", 1);
  int("epochs", 1);
  int("deadSteps", 0);
  int("medianRows", 1);
  int("seed", 0);
  for (const name of ["lr", "beta1", "beta2", "eps", "auxkCoef", "clip"]) {
    if (!Number.isFinite(c[name]) || c[name] < 0) throw new SaeError("E_ARG", `train: ${name} must be a finite number \u2265 0, got ${c[name]}`);
  }
  if (c.beta1 >= 1 || c.beta2 >= 1) throw new SaeError("E_ARG", "train: betas must be below 1");
  return c;
}

// src/train/init.ts
function rng(seed) {
  let s = seed >>> 0;
  const split = () => {
    s = s + 2654435769 >>> 0;
    let z = s;
    z = Math.imul(z ^ z >>> 16, 2246822507) >>> 0;
    z = Math.imul(z ^ z >>> 13, 3266489909) >>> 0;
    return (z ^ z >>> 16) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  return () => {
    const r = Math.imul((Math.imul(b, 5) << 7 | Math.imul(b, 5) >>> 25) >>> 0, 9) >>> 0;
    const t = b << 9 >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11 | d >>> 21) >>> 0;
    return r / 4294967296;
  };
}
function coordinateMedian(x2, rows, d) {
  const out = new Float32Array(d);
  const col = new Float32Array(rows);
  for (let p = 0; p < d; p++) {
    for (let r = 0; r < rows; r++) col[r] = x2[r * d + p];
    col.sort();
    out[p] = col[rows - 1 >> 1];
  }
  return out;
}
function initWeights(x2, rows, d, n, seed, medianRows) {
  const r = rng(seed);
  const bound = Math.sqrt(6 / (n + d));
  const dec = new Float32Array(d * n);
  for (let i = 0; i < dec.length; i++) dec[i] = (r() * 2 - 1) * bound;
  const enc = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = 0; p < d; p++) s += dec[p * n + i] ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let p = 0; p < d; p++) {
      dec[p * n + i] = dec[p * n + i] * inv;
      enc[i * d + p] = dec[p * n + i];
    }
  }
  return {
    nInputs: d,
    nLatents: n,
    preBias: coordinateMedian(x2, Math.min(rows, medianRows), d),
    encoderWeight: enc,
    latentBias: new Float32Array(n),
    decoderWeight: dec
  };
}

// src/train/state.ts
var PARAM_NAMES = ["preBias", "encoderWeight", "decoderWeight", "latentBias"];
function newState(params) {
  const copy = (a) => a.slice();
  const zeros = () => ({
    preBias: new Float32Array(params.preBias.length),
    encoderWeight: new Float32Array(params.encoderWeight.length),
    decoderWeight: new Float32Array(params.decoderWeight.length),
    latentBias: new Float32Array(params.latentBias.length)
  });
  return {
    nInputs: params.nInputs,
    nLatents: params.nLatents,
    params: {
      ...params,
      preBias: copy(params.preBias),
      encoderWeight: copy(params.encoderWeight),
      latentBias: copy(params.latentBias),
      decoderWeight: copy(params.decoderWeight)
    },
    m: zeros(),
    v: zeros(),
    sinceActive: new Int32Array(params.nLatents),
    step: 0
  };
}

// src/train/trainers.ts
import { transfer as transfer2 } from "comlink";

// src/kernels/wasm.ts
import { instantiate } from "@assemblyscript/loader";
var WasmKernels = class {
  isa;
  exports;
  /** An instance attached to memory another thread allocates in: it must never allocate itself. */
  attached;
  constructor(isa, exports, attached = false) {
    this.isa = isa;
    this.exports = exports;
    this.attached = attached;
  }
  /** Allocates 16-byte aligned bytes in Wasm memory; E_WASM when the 4 GiB address space is full. */
  alloc(bytes) {
    if (this.attached) throw new SaeError("E_WASM", "a worker's kernel instance shares memory and must not allocate");
    try {
      return this.exports.mem_alloc(Math.max(16, bytes)) >>> 0;
    } catch (cause) {
      throw new SaeError("E_WASM", `Wasm memory: could not allocate ${bytes} bytes (memory now ${this.exports.memory.buffer.byteLength} bytes)`, { cause });
    }
  }
  /** Several allocations, all or none: if one fails, those made before it are freed. */
  allocAll(...sizes) {
    const ptrs = [];
    try {
      for (const bytes of sizes) ptrs.push(this.alloc(bytes));
    } catch (e) {
      for (const ptr of ptrs) this.free(ptr);
      throw e;
    }
    return ptrs;
  }
  free(ptr) {
    if (ptr) this.exports.mem_free(ptr);
  }
  /** A fresh Float32Array view (views die whenever memory grows, so never keep one across an alloc). */
  f32(ptr, length) {
    return new Float32Array(this.exports.memory.buffer, ptr, length);
  }
  i32(ptr, length) {
    return new Int32Array(this.exports.memory.buffer, ptr, length);
  }
};
async function toInstantiable(source) {
  if (source instanceof URL) return fetch(source);
  if (typeof source.then === "function") return await source;
  return source;
}
async function loadKernels(isa, source, shared) {
  const memory = shared?.memory;
  try {
    const { exports } = await instantiate(await toInstantiable(source), {
      env: {
        ...memory ? { memory } : {},
        abort(_msg, _file, line, col) {
          throw new SaeError("E_WASM", `Wasm kernel aborted at ${line}:${col}`);
        }
      }
    });
    return new WasmKernels(isa, exports, shared?.attached ?? false);
  } catch (cause) {
    if (cause instanceof SaeError) throw cause;
    throw new SaeError("E_WASM", `could not instantiate the ${isa} kernel module: ${cause?.message ?? cause}`, { cause });
  }
}

// src/kernels/wasm-binary.ts
var SIMD_WASM_BASE64 = "AGFzbQEAAAABuAEVYAd/f39/f39/AGAEf39/fwBgCH9/f39/f39/AGACf38AYAZ/f39/f38AYAh/f39/f39/fwF/YAF/AX9gB39/f39/f38Bf2AFf39/f38AYAJ/fwF/YAAAYAN/f34AYAJ/fwF8YAl/f39/f39/f38AYAN/f38AYAd/f39/f3x/AGALf39/f399fX19fX0AYAl/f39/f39/f38Bf2ABfwBgBH9/f38Bf2ANf39/f39/f39/f39/fwF/Ag0BA2VudgVhYm9ydAABAyAfAwMHCAkKCwAADAQCDQACAQEODwIQBREABgUEEgYTFAUGAQEQgIAEBgYBfwFBAAsHhAMWCW1lbV9hbGxvYwAdCG1lbV9mcmVlABwNZjMyX3RvcGtfaGVhcAAWD2YzMl9lbmNvZGVfdG9wawAfHWYzMl9lbmNvZGVfdG9wa19zY3JhdGNoX2J5dGVzAB4MZjMyX3JhbmtfZG90ABoaZjMyX3JhbmtfZG90X3NjcmF0Y2hfYnl0ZXMAGRFmMzJfZGVjb2RlX3NwYXJzZQAXEGYzMl9kZWNvZGVfZGVuc2UAGA9mMzJfc3BhcnNlX2RvdHMADhJmMzJfc3BhcnNlX3NjYXR0ZXIADRNmMzJfc3BhcnNlX3N1bV9jb2xzAAwQZjMyX3Byb2plY3Rfcm93cwAQEmYzMl9ub3JtYWxpemVfcm93cwASCWYzMl9zdW1zcQAKCGYzMl9hZGFtABUPZjMyX3BhY2tfcGFuZWxzABENZjMyX2NvbF9tZWFucwAUDmYzMl9yb3dfZXJyb3JzAA8NZjMyX25tc2VfZ3JhZAATDGYzMl9zdW1fcm93cwALBm1lbW9yeQIADAEECsNUH8MBAQR/IAEoAgBBfHEiA0GAAkkEfyADQQR2BUEfQfz///8DIAMgA0H8////A08bIgNnayIEQQdrIQIgAyAEQQRrdkEQcwshBCABKAIIIQUgASgCBCIDBEAgAyAFNgIICyAFBEAgBSADNgIECyABIAAgAkEEdCAEakECdGoiASgCYEYEQCABIAU2AmAgBUUEQCAAIAJBAnRqIgEoAgRBfiAEd3EhAyABIAM2AgQgA0UEQCAAIAAoAgBBfiACd3E2AgALCwsLtgIBBX8gAUEEaiIGIAEoAgAiA0F8cWoiBCgCACICQQFxBEAgACAEEAEgASADQQRqIAJBfHFqIgM2AgAgASgCAEF8cSAGaiIEKAIAIQILIANBAnEEQCABQQRrKAIAIgEoAgAhBiAAIAEQASABIAZBBGogA0F8cWoiAzYCAAsgBCACQQJyNgIAIARBBGsgATYCACAAIANBfHEiAkGAAkkEfyACQQR2BUEfQfz///8DIAIgAkH8////A08bIgJnayIDQQdrIQUgAiADQQRrdkEQcwsiAiAFQQR0akECdGooAmAhAyABQQA2AgQgASADNgIIIAMEQCADIAE2AgQLIAAgBUEEdCACakECdGogATYCYCAAIAAoAgBBASAFdHI2AgAgACAFQQJ0aiIAIAAoAgRBASACdHI2AgQL4wYEAn0EfwN+AXsDQCABIAJIIAUgC0pxBEAgAyALQQJ0aioCACIHIAeTQwAAAABcIAcgB1wgBhsEQEF/DwsgASIJQQFqIQEgBCALakF/c60gB0MAAAAAkrwiCkF/cyAKQYCAgIB4ciAKQYCAgIB4cRutQiCGhCENA0AgCUEASgRAIAAgCUEBa0EBdSIKQQN0aikDACIOIA1WBEAgACAJQQN0aiAONwMAIAohCQwCCwsLIAAgCUEDdGogDTcDACALQQFqIQsMAQsLIAApAwBCIIinIgJB/////wdxIAJBf3MgAkGAgICAeHEbviEHA0AgC0EEaiAFTARAIAMgC0ECdGr9AAQAIhAgB/0T/UQgECAQ/eUB/QwAAAAAAAAAAAAAAAAAAAAA/UIgECAQ/UIgBhv9UP2kASEKA0AgCgRAIApoIQIgCiAKQQFrcSEKIAMgAiALakECdGoqAgAiCCAIk0MAAAAAXCAIIAhcIAYbBEBBfw8LIAcgCF0EQCAEIAtqIAJqQX9zrSAIQwAAAACSvCICQX9zIAJBgICAgHhyIAJBgICAgHhxG61CIIaEIQ9BACEJA0ACQCAJQQF0QQFqIgIgAU4NACAAIAJBA3RqKQMAIQ0gAkEBaiIMIAFIBEAgACAMQQN0aikDACIOIA1UBEAgDiENIAwhAgsLIA0gD1oNACAAIAlBA3RqIA03AwAgAiEJDAELCyAAIAlBA3RqIA83AwAgACkDAEIgiKciAkH/////B3EgAkF/cyACQYCAgIB4cRu+IQcLDAELCyALQQRqIQsMAQsLA0AgBSALSgRAIAMgC0ECdGoqAgAiCCAIk0MAAAAAXCAIIAhcIAYbBEBBfw8LIAcgCF0EQCAEIAtqQX9zrSAIQwAAAACSvCICQX9zIAJBgICAgHhyIAJBgICAgHhxG61CIIaEIQ9BACEJA0ACQCAJQQF0QQFqIgIgAU4NACAAIAJBA3RqKQMAIQ0gAkEBaiIKIAFIBEAgACAKQQN0aikDACIOIA1UBEAgDiENIAohAgsLIA0gD1oNACAAIAlBA3RqIA03AwAgAiEJDAELCyAAIAlBA3RqIA83AwAgACkDAEIgiKciAkH/////B3EgAkF/cyACQYCAgIB4cRu+IQcLIAtBAWohCwwBCwsgAQuDAgMEfwN+AX0gASEGA0AgBkEASgRAIAZBAWsiCEECdCIBIANqIAApAwAiCUIgiKciBUH/////B3EgBUF/cyAFQYCAgIB4cRu+IgxDAAAAACAMQwAAAABeQQEgBBsbOAIAIAEgAmogCadBf3M2AgAgCEEASgRAIAAgCEEDdGopAwAhC0EAIQUDQAJAIAggBUEBdEEBaiIBTA0AIAAgAUEDdGopAwAhCSABQQFqIgcgCEgEQCAAIAdBA3RqKQMAIgogCVQEQCAKIQkgByEBCwsgCSALWg0AIAAgBUEDdGogCTcDACABIQUMAQsLIAAgBUEDdGogCzcDAAsgBkEBayEGDAELCwupAQEBfyABQYACSQRAIAFBBHYhAQUgAUH+////AUkEQCABQQFBGyABZ2t0akEBayEBCyABQR8gAWdrIgJBBGt2QRBzIQEgAkEHayECCyAAIAJBAnRqKAIEQX8gAXRxIgEEfyAAIAFoIAJBBHRqQQJ0aigCYAUgACgCAEF/IAJBAWp0cSIBBH8gACAAIAFoIgBBAnRqKAIEaCAAQQR0akECdGooAmAFQQALCwuQAQECfz8AIgBBAEwEf0EBIABrQABBAEgFQQALBEAAC0GQCUEANgIAQbAVQQA2AgADQCABQRdJBEAgAUECdEGQCWpBADYCBEEAIQADQCAAQRBJBEAgAUEEdCAAakECdEGQCWpBADYCYCAAQQFqIQAMAQsLIAFBAWohAQwBCwtBkAlBtBU/AKxCEIYQB0GQCSQAC4YBAQN/IAFBE2pBcHFBBGshASAAKAKgDCIDBEAgAUEQayIFIANGBEAgAygCACEEIAUhAQsLIAKnQXBxIAFrIgNBFEkEQA8LIAEgBEECcSADQQhrIgNBAXJyNgIAIAFBADYCBCABQQA2AgggAUEEaiADaiIDQQI2AgAgACADNgKgDCAAIAEQAguvBAIPewJ/IAQgAiAGGyIX/QAEACEIIBf9AAQQIQkgBUECdCIFIARqIAIgBhsiF/0ABAAhCiAX/QAEECELIAQgBUEBdGogAiAGGyIX/QAEACEMIBf9AAQQIQ0gBCAFQQNsaiACIAYbIhf9AAQAIQ4gF/0ABBAhDyAEIAVBAnRqIAIgBhsiF/0ABAAhECAX/QAEECERIAQgBUEFbGogAiAGGyIC/QAEACESIAL9AAQQIRMDQCADIBZKBEAgAP0JAgAiFCAB/QAEACIH/eYBIAj95AEhCCAUIAH9AAQQIhT95gEgCf3kASEJIAD9CQIEIhUgB/3mASAK/eQBIQogFSAU/eYBIAv95AEhCyAA/QkCCCIVIAf95gEgDP3kASEMIBUgFP3mASAN/eQBIQ0gAP0JAgwiFSAH/eYBIA795AEhDiAVIBT95gEgD/3kASEPIAD9CQIQIhUgB/3mASAQ/eQBIRAgFSAU/eYBIBH95AEhESAA/QkCFCIVIAf95gEgEv3kASESIBUgFP3mASAT/eQBIRMgAEEUaiEAIAFBIGohASAWQQFqIRYMAQsLIAQgCP0LBAAgBCAJ/QsEECAEIAVqIgAgCv0LBAAgACAL/QsEECAEIAVBAXRqIgAgDP0LBAAgACAN/QsEECAEIAVBA2xqIgAgDv0LBAAgACAP/QsEECAEIAVBAnRqIgAgEP0LBAAgACAR/QsEECAEIAVBBWxqIgAgEv0LBAAgACAT/QsEEAvYAwINewJ/IAQgAiAGGyIV/QAEACEIIBX9AAQQIQkgBUECdCIFIARqIAIgBhsiFf0ABAAhCiAV/QAEECELIAQgBUEBdGogAiAGGyIV/QAEACEMIBX9AAQQIQ0gBCAFQQNsaiACIAYbIhX9AAQAIQ4gFf0ABBAhDyAEIAVBAnRqIAIgBhsiAv0ABAAhECAC/QAEECERA0AgAyAUSgRAIAD9CQIAIhIgAf0ABAAiB/3mASAI/eQBIQggEiAB/QAEECIS/eYBIAn95AEhCSAA/QkCBCITIAf95gEgCv3kASEKIBMgEv3mASAL/eQBIQsgAP0JAggiEyAH/eYBIAz95AEhDCATIBL95gEgDf3kASENIAD9CQIMIhMgB/3mASAO/eQBIQ4gEyAS/eYBIA/95AEhDyAA/QkCECITIAf95gEgEP3kASEQIBMgEv3mASAR/eQBIREgAEEUaiEAIAFBIGohASAUQQFqIRQMAQsLIAQgCP0LBAAgBCAJ/QsEECAEIAVqIgAgCv0LBAAgACAL/QsEECAEIAVBAXRqIgAgDP0LBAAgACAN/QsEECAEIAVBA2xqIgAgDv0LBAAgACAP/QsEECAEIAVBAnRqIgAgEP0LBAAgACAR/QsEEAuXAQMCfwF8AnsDQCACQQRqIgMgAUwEQCAFIAAgAkECdGr9AAQAIgb9XyIFIAX98gEgBiAG/Q0ICQoLDA0ODwABAgMEBQYH/V8iBSAF/fIB/fAB/fABIQUgAyECDAELCyAF/SEAIAX9IQGgIQQDQCABIAJKBEAgBCAAIAJBAnRqKgIAuyIEIASioCEEIAJBAWohAgwBCwsgBAtaAQV/A0AgASAHSgRAIAAgAiAHbEECdGohCCADIQYDQCAEIAZKBEAgBkECdCIJIAVqIgogCioCACAIIAlqKgIAkjgCACAGQQFqIQYMAQsLIAdBAWohBwwBCwsL9wIDCH8BewF9IAVBAnQiDiAHakEAIAYgBWtBAnT8CwADQCACIApKBEAgCkECdCIIIAFqKgIAIhFDAAAAAFwEQCADIAAgCGooAgAgBGxBAnRqIA5qIQsgByAOaiEMIAYgBWshDSAR/RMhEEEAIQgDQCAIQRBqIgkgDUwEQCAIQQJ0IgggDGoiDyAQIAggC2oiCP0ABAD95gEgD/0ABAD95AH9CwQAIA8gECAI/QAEEP3mASAP/QAEEP3kAf0LBBAgDyAQIAj9AAQg/eYBIA/9AAQg/eQB/QsEICAPIBAgCP0ABDD95gEgD/0ABDD95AH9CwQwIAkhCAwBCwsDQCAIQQRqIgkgDUwEQCAIQQJ0IgggDGoiDyAQIAggC2r9AAQA/eYBIA/9AAQA/eQB/QsEACAJIQgMAQsLA0AgCCANSARAIAhBAnQiCSAMaiIPIBEgCSALaioCAJQgDyoCAJI4AgAgCEEBaiEIDAELCwsgCkEBaiEKDAELCwuIAwMHfwF7AX0DQCACIAtKBEAgBCAFIAtsQQJ0aiENQQAhDANAIAMgDEoEQCADIAtsIAxqQQJ0IgkgAGooAgAiCiAHTiAIIApKcSABIAlqKgIAIhFDAAAAAFxxBEAgBiAFIApsQQJ0aiEOIBH9EyEQQQAhCQNAIAlBEGoiCiAFTARAIAlBAnQiCSAOaiIPIBAgCSANaiIJ/QAEAP3mASAP/QAEAP3kAf0LBAAgDyAQIAn9AAQQ/eYBIA/9AAQQ/eQB/QsEECAPIBAgCf0ABCD95gEgD/0ABCD95AH9CwQgIA8gECAJ/QAEMP3mASAP/QAEMP3kAf0LBDAgCiEJDAELCwNAIAlBBGoiCiAFTARAIAlBAnQiCSAOaiIPIBAgCSANav0ABAD95gEgD/0ABAD95AH9CwQAIAohCQwBCwsDQCAFIAlKBEAgCUECdCIKIA5qIg8gESAKIA1qKgIAlCAPKgIAkjgCACAJQQFqIQkMAQsLCyAMQQFqIQwMAQsLIAtBAWohCwwBCwsLgAIDB38BfQF7A0AgASANSgRAIAQgBSANbEECdGohC0EAIQwDQCACIAxKBEAgAyACIA1sIAxqQQJ0IgkgAGooAgAgBWxBAnRqIQr9DAAAAAAAAAAAAAAAAAAAAAAhD0EAIQcDQCAHQQRqIgggBUwEQCAHQQJ0IgcgCmr9AAQAIAcgC2r9AAQA/eYBIA/95AEhDyAIIQcMAQsLIA/9HwAgD/0fAZIgD/0fApIgD/0fA5IhDgNAIAUgB0oEQCAOIAdBAnQiCCAKaioCACAIIAtqKgIAlJIhDiAHQQFqIQcMAQsLIAYgCWogDjgCACAMQQFqIQwMAQsLIA1BAWohDQwBCwsLuQECA38DfANAIAQgCUoEQEQAAAAAAAAAACELRAAAAAAAAAAAIQxBACEIA0AgBSAISgRAIAsgBSAJbCAIakECdCIKIABqKgIAuyADBHwgASAKaioCALsgAiAKaioCALuhBSABIApqKgIAuwsiDaEiCyALoqAhCyAMIAYgCEEDdGorAwAgDaEiDCAMoqAhDCAIQQFqIQgMAQsLIAcgCUEEdGoiCCALOQMAIAggDDkDCCAJQQFqIQkMAQsLC+IDAwZ/AXsBfQNAIAIgBkoEQCADIAZsQQJ0IgcgAGohCCABIAdqIQn9DAAAAAAAAAAAAAAAAAAAAAAhCkEAIQQDQCAEQQRqIgUgA0wEQCAEQQJ0IgQgCGr9AAQAIAQgCWr9AAQA/eYBIAr95AEhCiAFIQQMAQsLIAr9HwAgCv0fAZIgCv0fApIgCv0fA5IhCwNAIAMgBEoEQCALIARBAnQiBSAIaioCACAFIAlqKgIAlJIhCyAEQQFqIQQMAQsLIAAgB2ohCCABIAdqIQcgC4wiC/0TIQpBACEEA0AgBEEQaiIFIANMBEAgBEECdCIEIAdqIgkgCiAEIAhqIgT9AAQA/eYBIAn9AAQA/eQB/QsEACAJIAogBP0ABBD95gEgCf0ABBD95AH9CwQQIAkgCiAE/QAEIP3mASAJ/QAEIP3kAf0LBCAgCSAKIAT9AAQw/eYBIAn9AAQw/eQB/QsEMCAFIQQMAQsLA0AgBEEEaiIFIANMBEAgBEECdCIEIAdqIgkgCiAEIAhq/QAEAP3mASAJ/QAEAP3kAf0LBAAgBSEEDAELCwNAIAMgBEoEQCAEQQJ0IgUgB2oiCSALIAUgCGoqAgCUIAkqAgCSOAIAIARBAWohBAwBCwsgBkEBaiEGDAELCwtrAQR/A0AgASAFSgRAIAMgBUEHcSIEIAUgBGsgAmxqQQJ0aiEGIAAgAiAFbEECdGohB0EAIQQDQCACIARKBEAgBiAEQQV0aiAHIARBAnRqKgIAOAIAIARBAWohBAwBCwsgBUEBaiEFDAELCwumAgMFfwJ7AX0DQCABIAVKBEAgAiAFbEECdCIGIABqIQf9DAAAAAAAAAAAAAAAAAAAAAAhCEEAIQMDQCADQQRqIgQgAkwEQCADQQJ0IAdq/QAEACIJIAn95gEgCP3kASEIIAQhAwwBCwsgCP0fACAI/R8BkiAI/R8CkiAI/R8DkiEKA0AgAiADSgRAIAogA0ECdCAHaioCACIKIAqUkiEKIANBAWohAwwBCwtDAACAPyAKkSIKlf0TIQhBACEDA0AgA0EEaiIEIAJMBEAgACAGaiADQQJ0aiIDIAP9AAQAIAj95gH9CwQAIAQhAwwBCwsDQCACIANKBEAgACAGaiADQQJ0aiIEIAQqAgAgCpU4AgAgA0EBaiEDDAELCyAFQQFqIQUMAQsLC1UBAn8DQCAEIAhKBEAgCEECdCIHIAZqIAUgACAHaioCALsgAwR8IAEgB2oqAgC7IAIgB2oqAgC7oQUgASAHaioCALsLoaK2OAIAIAhBAWohCAwBCwsLggECAn8BfANAIAUgBkgEQEQAAAAAAAAAACEKQQAhCANAIAMgCEoEQCAEIAhsIAVqQQJ0IQkgCiACBHwgACAJaioCALsgASAJaioCALuhBSAAIAlqKgIAuwugIQogCEEBaiEIDAELCyAHIAVBA3RqIAogA7ejOQMAIAVBAWohBQwBCwsL9QIDBH8KewJ9IAX9EyEWIAb9EyEVIAf9EyEUQwAAgD8gBpP9EyETQwAAgD8gB5P9EyESIAj9EyERIAn9EyEQIAr9EyEPA0AgC0EEaiIMIARMBEAgC0ECdCILIAFq/QAEACAW/eYBIRggFSACIAtqIg39AAQA/eYBIBMgGP3mAf3kASEXIBQgAyALaiIO/QAEAP3mASASIBggGP3mAf3mAf3kASEYIA0gF/0LBAAgDiAY/QsEACAAIAtqIgsgC/0ABAAgESAX/eYBIBj94wEgEP3nASAP/eQB/ecB/eUB/QsEACAMIQsMAQsLA0AgBCALSgRAIAtBAnQiDCABaioCACAFlCEaIAYgAiAMaiINKgIAlEMAAIA/IAaTIBqUkiEZIAcgAyAMaiIOKgIAlEMAAIA/IAeTIBqUIBqUkiEaIA0gGTgCACAOIBo4AgAgACAMaiIMIAwqAgAgCCAZlCAakSAJlSAKkpWTOAIAIAtBAWohCwwBCwsLVgECfwNAIAEgCEoEQCAHQQAgAyAAIAIgCGxBAnRqQQAgAkEAEANBAEgEQCAIDwsgByADIAMgCGxBAnQiCSAFaiAGIAlqIAQQBCAIQQFqIQgMAQsLQX8L/gMDCH8BewF9IAZBAnQhDgNAIAIgDEoEQCAIIAwgDmxqIg1BACAO/AsAQQAhCwNAIAMgC0oEQCADIAxsIAtqQQJ0IgkgAGooAgAiCiAHTwRAIAwPCyABIAlqKgIAIhJDAAAAAFwEQCAEIAogDmxqIQ8gEv0TIRFBACEJA0AgCUEQaiIKIAZMBEAgCUECdCIJIA1qIhAgESAJIA9qIgn9AAQA/eYBIBD9AAQA/eQB/QsEACAQIBEgCf0ABBD95gEgEP0ABBD95AH9CwQQIBAgESAJ/QAEIP3mASAQ/QAEIP3kAf0LBCAgECARIAn9AAQw/eYBIBD9AAQw/eQB/QsEMCAKIQkMAQsLA0AgCUEEaiIKIAZMBEAgCUECdCIJIA1qIhAgESAJIA9q/QAEAP3mASAQ/QAEAP3kAf0LBAAgCiEJDAELCwNAIAYgCUoEQCAJQQJ0IgogDWoiECASIAogD2oqAgCUIBAqAgCSOAIAIAlBAWohCQwBCwsLIAtBAWohCwwBCwtBACEJA0AgCUEEaiIKIAZMBEAgCUECdCIJIA1qIgsgC/0ABAAgBSAJav0ABAD95AH9CwQAIAohCQwBCwsDQCAGIAlKBEAgCUECdCIKIA1qIgsgCyoCACAFIApqKgIAkjgCACAJQQFqIQkMAQsLIAxBAWohDAwBCwtBfwvuAwMJfwF7AX0gBUECdCEMA0AgASALSgRAIAYgCyAMbGoiCkEAIAz8CwAgACACIAtsQQJ0aiEOQQAhCQNAIAIgCUoEQCAOIAlBAnRqKgIAIhFDAAAAAFwEQCADIAkgDGxqIQ0gEf0TIRBBACEHA0AgB0EQaiIIIAVMBEAgB0ECdCIHIApqIg8gECAHIA1qIgf9AAQA/eYBIA/9AAQA/eQB/QsEACAPIBAgB/0ABBD95gEgD/0ABBD95AH9CwQQIA8gECAH/QAEIP3mASAP/QAEIP3kAf0LBCAgDyAQIAf9AAQw/eYBIA/9AAQw/eQB/QsEMCAIIQcMAQsLA0AgB0EEaiIIIAVMBEAgB0ECdCIHIApqIg8gECAHIA1q/QAEAP3mASAP/QAEAP3kAf0LBAAgCCEHDAELCwNAIAUgB0oEQCAHQQJ0IgggCmoiDyARIAggDWoqAgCUIA8qAgCSOAIAIAdBAWohBwwBCwsLIAlBAWohCQwBCwtBACEHA0AgB0EEaiIIIAVMBEAgB0ECdCIHIApqIgkgCf0ABAAgBCAHav0ABAD95AH9CwQAIAghBwwBCwsDQCAFIAdKBEAgB0ECdCIIIApqIgkgCSoCACAEIAhqKgIAkjgCACAHQQFqIQcMAQsLIAtBAWohCwwBCwsLCwAgAEEDdEGACGoLnQECBH8BfCAFQYAIaiEJA0AgASAISgRAIAAgCEGAAiABIAhrIgsgC0GAAkobIgsgAiADIAUQGyAJIAogBCAFIAggC0EAEAMiCkEASARAQQAhAANAIAAgC0gEQCAFIABBAnRqKgIAuyIMIAxiBEAgACAIag8LIABBAWohAAwBCwsgCA8LIAhBgAJqIQgMAQsLIAkgBCAGIAdBABAEQX8LzwUDBX8FewV9IANBAnQhCQNAIAhBBGogAkwEQCAAIAEgCGogCWxqIQr9DAAAAAAAAAAAAAAAAAAAAAAhDP0MAAAAAAAAAAAAAAAAAAAAACEN/QwAAAAAAAAAAAAAAAAAAAAAIQ79DAAAAAAAAAAAAAAAAAAAAAAhC0EAIQYDQCAGQQRqIgcgA0wEQCAGQQJ0IgYgBGr9AAQAIQ8gBiAKav0ABAAgD/3mASAM/eQBIQwgCSAKaiAGav0ABAAgD/3mASAN/eQBIQ0gCiAJQQF0aiAGav0ABAAgD/3mASAO/eQBIQ4gCiAJQQNsaiAGav0ABAAgD/3mASAL/eQBIQsgByEGDAELCyAM/R8AIAz9HwGSIAz9HwKSIAz9HwOSIRIgDf0fACAN/R8BkiAN/R8CkiAN/R8DkiETIA79HwAgDv0fAZIgDv0fApIgDv0fA5IhFCAL/R8AIAv9HwGSIAv9HwKSIAv9HwOSIRADQCADIAZKBEAgBkECdCIHIARqKgIAIREgEiAHIApqKgIAIBGUkiESIBMgCSAKaiAHaioCACARlJIhEyAUIAogCUEBdGogB2oqAgAgEZSSIRQgECAKIAlBA2xqIAdqKgIAIBGUkiEQIAZBAWohBgwBCwsgBSAIQQJ0aiIGIBI4AgAgBiATOAIEIAYgFDgCCCAGIBA4AgwgCEEEaiEIDAELCwNAIAIgCEoEQCAAIAEgCGogCWxqIQr9DAAAAAAAAAAAAAAAAAAAAAAhC0EAIQYDQCAGQQRqIgcgA0wEQCAGQQJ0IgYgCmr9AAQAIAQgBmr9AAQA/eYBIAv95AEhCyAHIQYMAQsLIAv9HwAgC/0fAZIgC/0fApIgC/0fA5IhEANAIAMgBkoEQCAQIAZBAnQiByAKaioCACAEIAdqKgIAlJIhECAGQQFqIQYMAQsLIAUgCEECdGogEDgCACAIQQFqIQgMAQsLC0gBAX8gAEGMCU8EQCMARQRAEAYLIABBBGshASAAQQ9xQQEgABsEf0EBBSABKAIAQQFxCxogASABKAIAQQFyNgIAIwAgARACCwvCAgEEfyMARQRAEAYLIwAhAiAAQfz///8DSwRAQaAIQeAIQc0DQR0QAAALIAIgAEEMTQR/QQwFIABBE2pBcHFBBGsLIgMQBSIARQRAIANBgAJPBH8gA0H+////AUkEfyADQQFBGyADZ2t0akEBawUgAwsFIAMLQQQgAigCoAw/ACIAQRB0QQRrR3RqQf//A2pBgIB8cUEQdiEBIAAgASAAIAFKG0AAQQBIBEAgAUAAQQBIBEAACwsgAiAAQRB0PwCsQhCGEAcgAiADEAUhAAsgACgCABogAiAAEAEgACgCACIBQXxxIANrIgRBEE8EQCAAIAMgAUECcXI2AgAgAEEEaiADaiIBIARBBGtBAXI2AgAgAiABEAIFIAAgAUF+cTYCACAAQQRqIAAoAgBBfHFqIgEgASgCAEF9cTYCAAsgAEEEags0ACAAIAJsQQN0IABBAnRqIABBBGpBBW1BBWwgAWxBAnRBD2pBcHEgA0EUbEEPakFwcWpqC4cSAhh/C3sgDCABQQRqQQVtIhBBBWwgAmxBAnRBD2pBcHFqIhggB0EUbEEPakFwcWoiGyABIAZsQQN0aiEcA0AgDiAQSARAIAwgAiAObEEUbGohEUEAIQ0DQCANQQVIBEAgDkEFbCANaiIPIAFIBEAgACACIA9sQQJ0aiESQQAhDwNAIAIgD0oEQCARIA9BBWwgDWpBAnRqIBIgD0ECdGoqAgA4AgAgD0EBaiEPDAELCwVBACEPA0AgAiAPSgRAIBEgD0EFbCANakECdGpDAAAAADgCACAPQQFqIQ8MAQsLCyANQQFqIQ0MAQsLIA5BAWohDgwBCwsgHEEAIAFBAnT8CwAgAkEFdCEVIAFBBGpBBW0hICAJQQFGIR0DQCAFIBdKBEAgByAFIBdrIgAgACAHShsiIUEHakEIbSEZQQAhFgNAIBYgIEgEQCAMIAIgFmxBFGxqISJBBSABIBZBBWxrIgAgAEEFShshGkEAIRMDQCACIBNKBEAgIiATQRRsaiENIAMgF0EIbSIAIBVsaiATQQV0aiEeIAQgAEEFdGohHyAIIAIgE2siACAAIAhKGyEUIBNBAEohI0EAIQ8gGkEBRgRAA0AgD0EEaiIAIBlMBEAgDSEJQQAhEiAPQQV0Ig4gGGoiJCAOIB9qICMbIg79AAQAISYgDv0ABBAhJyAO/QAEICEoIA79AAQwISUgDv0ABEAhKSAO/QAEUCEqIA79AARgISsgDv0ABHAhLCAVIB4gDyAVbGoiEWohDyARIBVBAXRqIRAgESAVQQNsaiEOA0AgEiAUSARAIAn9CQIAIi0gEf0ABAD95gEgJv3kASEmIC0gEf0ABBD95gEgJ/3kASEnIC0gD/0ABAD95gEgKP3kASEoIC0gD/0ABBD95gEgJf3kASElIC0gEP0ABAD95gEgKf3kASEpIC0gEP0ABBD95gEgKv3kASEqIC0gDv0ABAD95gEgK/3kASErIC0gDv0ABBD95gEgLP3kASEsIAlBFGohCSARQSBqIREgD0EgaiEPIBBBIGohECAOQSBqIQ4gEkEBaiESDAELCyAkICb9CwQAICQgJ/0LBBAgJCAo/QsEICAkICX9CwQwICQgKf0LBEAgJCAq/QsEUCAkICv9CwRgICQgLP0LBHAgACEPDAELCwsDQCAPIBlIBEAgHiAPIBVsaiEJIA9BBXQiACAfaiEQIAAgGGohEgJAAkACQAJAAkACQAJAIBpBAmsOBQQDAgEABQsgDSAJIBAgFCASIAcgIxAIDAULIA0gCSAQIBQgEiAHICMQCQwECyANIQBBACERIBIgECAjGyIO/QAEACEmIA79AAQQIScgB0ECdCIOIBJqIBAgIxsiJP0ABAAhKCAk/QAEECElIBIgDkEBdGogECAjGyIk/QAEACEpICT9AAQQISogEiAOQQNsaiAQICMbIhD9AAQAISsgEP0ABBAhLANAIBEgFEgEQCAA/QkCACIuIAn9AAQAIi395gEgJv3kASEmIC4gCf0ABBAiLv3mASAn/eQBIScgAP0JAgQiLyAt/eYBICj95AEhKCAvIC795gEgJf3kASElIAD9CQIIIi8gLf3mASAp/eQBISkgLyAu/eYBICr95AEhKiAA/QkCDCIvIC395gEgK/3kASErIC8gLv3mASAs/eQBISwgAEEUaiEAIAlBIGohCSARQQFqIREMAQsLIBIgJv0LBAAgEiAn/QsEECAOIBJqIgAgKP0LBAAgACAl/QsEECASIA5BAXRqIgAgKf0LBAAgACAq/QsEECASIA5BA2xqIgAgK/0LBAAgACAs/QsEEAwDCyANIQAgCSEOQQAhESASIBAgIxsiCf0ABAAhJyAJ/QAEECEoIAdBAnQiCSASaiAQICMbIiT9AAQAISUgJP0ABBAhKSASIAlBAXRqIBAgIxsiEP0ABAAhKiAQ/QAEECErA0AgESAUSARAIAD9CQIAIiYgDv0ABAAiLP3mASAn/eQBIScgJiAO/QAEECIm/eYBICj95AEhKCAA/QkCBCItICz95gEgJf3kASElIC0gJv3mASAp/eQBISkgAP0JAggiLSAs/eYBICr95AEhKiAtICb95gEgK/3kASErIABBFGohACAOQSBqIQ4gEUEBaiERDAELCyASICf9CwQAIBIgKP0LBBAgCSASaiIAICX9CwQAIAAgKf0LBBAgEiAJQQF0aiIAICr9CwQAIAAgK/0LBBAMAgsgDSEOIBIgECAjGyIA/QAEACElIAD9AAQQISYgB0ECdCIRIBJqIBAgIxsiAP0ABAAhJyAA/QAEECEoQQAhAANAIAAgFEgEQCAO/QkCACIpIAn9AAQAIir95gEgJf3kASElICkgCf0ABBAiKf3mASAm/eQBISYgDv0JAgQiKyAq/eYBICf95AEhJyArICn95gEgKP3kASEoIA5BFGohDiAJQSBqIQkgAEEBaiEADAELCyASICX9CwQAIBIgJv0LBBAgESASaiIAICf9CwQAIAAgKP0LBBAMAQsgDSEOIBIgECAjGyIA/QAEACElIAD9AAQQISZBACEAA0AgACAUSARAIA79CQIAIicgCf0ABAD95gEgJf3kASElICcgCf0ABBD95gEgJv3kASEmIA5BFGohDiAJQSBqIQkgAEEBaiEADAELCyASICX9CwQAIBIgJv0LBBALIA9BAWohDwwBCwsgCCATaiETDAELCyAaQQAgBhshAEEAIQ4DQCAAIA5KBEAgGCAHIA5sQQJ0aiENIB0EQEEAIQkDQCAJIBlBA3RIBEAgDSAJQQJ0aiIP/QAEACElIA8gJSAl/QwAAAAAAAAAAAAAAAAAAAAA/ekBICUgJf1C/VL9CwQAIAlBBGohCQwBCwsLIBwgFkEFbCAOaiIJQQJ0aiEPIBsgBiAJbEEDdGogDygCACAGIA0gFyAhQQEQAyINQQBIBEAgCQ8LIA8gDTYCACAOQQFqIQ4MAQsLIBZBAWohFgwBCwsgByAXaiEXDAELC0EAIQIDQCABIAJKBEAgGyACIAZsQQJ0IgBBAXRqIAYgACAKaiAAIAtqIB1FEAQgAkEBaiECDAELC0F/CwtvBABBjAgLATwAQZgICy8CAAAAKAAAAEEAbABsAG8AYwBhAHQAaQBvAG4AIAB0AG8AbwAgAGwAYQByAGcAZQBBzAgLATwAQdgICyUCAAAAHgAAAH4AbABpAGIALwByAHQALwB0AGwAcwBmAC4AdABz";
var RELAXED_WASM_BASE64 = "AGFzbQEAAAABuAEVYAR/f39/AGAHf39/f39/fwBgCH9/f39/f39/AGACf38AYAZ/f39/f38AYAh/f39/f39/fwF/YAF/AX9gB39/f39/f38Bf2AFf39/f38AYAJ/fwF/YAAAYAN/f34AYAJ/fwF8YAl/f39/f39/f38AYAN/f38AYAd/f39/f3x/AGALf39/f399fX19fX0AYAl/f39/f39/f38Bf2ABfwBgBH9/f38Bf2ANf39/f39/f39/f39/fwF/Ag0BA2VudgVhYm9ydAAAAx8eAwMHCAkKCwEMBAINAQIAAA4PAhAFEQEGBQQSBhMUBQYBARCAgAQGBgF/AUEACweEAxYJbWVtX2FsbG9jABwIbWVtX2ZyZWUAGw1mMzJfdG9wa19oZWFwABUPZjMyX2VuY29kZV90b3BrAB4dZjMyX2VuY29kZV90b3BrX3NjcmF0Y2hfYnl0ZXMAHQxmMzJfcmFua19kb3QAGRpmMzJfcmFua19kb3Rfc2NyYXRjaF9ieXRlcwAYEWYzMl9kZWNvZGVfc3BhcnNlABYQZjMyX2RlY29kZV9kZW5zZQAXD2YzMl9zcGFyc2VfZG90cwANEmYzMl9zcGFyc2Vfc2NhdHRlcgAME2YzMl9zcGFyc2Vfc3VtX2NvbHMACxBmMzJfcHJvamVjdF9yb3dzAA8SZjMyX25vcm1hbGl6ZV9yb3dzABEJZjMyX3N1bXNxAAkIZjMyX2FkYW0AFA9mMzJfcGFja19wYW5lbHMAEA1mMzJfY29sX21lYW5zABMOZjMyX3Jvd19lcnJvcnMADg1mMzJfbm1zZV9ncmFkABIMZjMyX3N1bV9yb3dzAAoGbWVtb3J5AgAMAQQKulIewwEBBH8gASgCAEF8cSIDQYACSQR/IANBBHYFQR9B/P///wMgAyADQfz///8DTxsiA2drIgRBB2shAiADIARBBGt2QRBzCyEEIAEoAgghBSABKAIEIgMEQCADIAU2AggLIAUEQCAFIAM2AgQLIAEgACACQQR0IARqQQJ0aiIBKAJgRgRAIAEgBTYCYCAFRQRAIAAgAkECdGoiASgCBEF+IAR3cSEDIAEgAzYCBCADRQRAIAAgACgCAEF+IAJ3cTYCAAsLCwu2AgEFfyABQQRqIgYgASgCACIDQXxxaiIEKAIAIgJBAXEEQCAAIAQQASABIANBBGogAkF8cWoiAzYCACABKAIAQXxxIAZqIgQoAgAhAgsgA0ECcQRAIAFBBGsoAgAiASgCACEGIAAgARABIAEgBkEEaiADQXxxaiIDNgIACyAEIAJBAnI2AgAgBEEEayABNgIAIAAgA0F8cSICQYACSQR/IAJBBHYFQR9B/P///wMgAiACQfz///8DTxsiAmdrIgNBB2shBSACIANBBGt2QRBzCyICIAVBBHRqQQJ0aigCYCEDIAFBADYCBCABIAM2AgggAwRAIAMgATYCBAsgACAFQQR0IAJqQQJ0aiABNgJgIAAgACgCAEEBIAV0cjYCACAAIAVBAnRqIgAgACgCBEEBIAJ0cjYCBAvjBgQCfQR/A34BewNAIAEgAkggBSALSnEEQCADIAtBAnRqKgIAIgcgB5NDAAAAAFwgByAHXCAGGwRAQX8PCyABIglBAWohASAEIAtqQX9zrSAHQwAAAACSvCIKQX9zIApBgICAgHhyIApBgICAgHhxG61CIIaEIQ0DQCAJQQBKBEAgACAJQQFrQQF1IgpBA3RqKQMAIg4gDVYEQCAAIAlBA3RqIA43AwAgCiEJDAILCwsgACAJQQN0aiANNwMAIAtBAWohCwwBCwsgACkDAEIgiKciAkH/////B3EgAkF/cyACQYCAgIB4cRu+IQcDQCALQQRqIAVMBEAgAyALQQJ0av0ABAAiECAH/RP9RCAQIBD95QH9DAAAAAAAAAAAAAAAAAAAAAD9QiAQIBD9QiAGG/1Q/aQBIQoDQCAKBEAgCmghAiAKIApBAWtxIQogAyACIAtqQQJ0aioCACIIIAiTQwAAAABcIAggCFwgBhsEQEF/DwsgByAIXQRAIAQgC2ogAmpBf3OtIAhDAAAAAJK8IgJBf3MgAkGAgICAeHIgAkGAgICAeHEbrUIghoQhD0EAIQkDQAJAIAlBAXRBAWoiAiABTg0AIAAgAkEDdGopAwAhDSACQQFqIgwgAUgEQCAAIAxBA3RqKQMAIg4gDVQEQCAOIQ0gDCECCwsgDSAPWg0AIAAgCUEDdGogDTcDACACIQkMAQsLIAAgCUEDdGogDzcDACAAKQMAQiCIpyICQf////8HcSACQX9zIAJBgICAgHhxG74hBwsMAQsLIAtBBGohCwwBCwsDQCAFIAtKBEAgAyALQQJ0aioCACIIIAiTQwAAAABcIAggCFwgBhsEQEF/DwsgByAIXQRAIAQgC2pBf3OtIAhDAAAAAJK8IgJBf3MgAkGAgICAeHIgAkGAgICAeHEbrUIghoQhD0EAIQkDQAJAIAlBAXRBAWoiAiABTg0AIAAgAkEDdGopAwAhDSACQQFqIgogAUgEQCAAIApBA3RqKQMAIg4gDVQEQCAOIQ0gCiECCwsgDSAPWg0AIAAgCUEDdGogDTcDACACIQkMAQsLIAAgCUEDdGogDzcDACAAKQMAQiCIpyICQf////8HcSACQX9zIAJBgICAgHhxG74hBwsgC0EBaiELDAELCyABC4MCAwR/A34BfSABIQYDQCAGQQBKBEAgBkEBayIIQQJ0IgEgA2ogACkDACIJQiCIpyIFQf////8HcSAFQX9zIAVBgICAgHhxG74iDEMAAAAAIAxDAAAAAF5BASAEGxs4AgAgASACaiAJp0F/czYCACAIQQBKBEAgACAIQQN0aikDACELQQAhBQNAAkAgCCAFQQF0QQFqIgFMDQAgACABQQN0aikDACEJIAFBAWoiByAISARAIAAgB0EDdGopAwAiCiAJVARAIAohCSAHIQELCyAJIAtaDQAgACAFQQN0aiAJNwMAIAEhBQwBCwsgACAFQQN0aiALNwMACyAGQQFrIQYMAQsLC6kBAQF/IAFBgAJJBEAgAUEEdiEBBSABQf7///8BSQRAIAFBAUEbIAFna3RqQQFrIQELIAFBHyABZ2siAkEEa3ZBEHMhASACQQdrIQILIAAgAkECdGooAgRBfyABdHEiAQR/IAAgAWggAkEEdGpBAnRqKAJgBSAAKAIAQX8gAkEBanRxIgEEfyAAIAAgAWgiAEECdGooAgRoIABBBHRqQQJ0aigCYAVBAAsLC5ABAQJ/PwAiAEEATAR/QQEgAGtAAEEASAVBAAsEQAALQZAJQQA2AgBBsBVBADYCAANAIAFBF0kEQCABQQJ0QZAJakEANgIEQQAhAANAIABBEEkEQCABQQR0IABqQQJ0QZAJakEANgJgIABBAWohAAwBCwsgAUEBaiEBDAELC0GQCUG0FT8ArEIQhhAHQZAJJAALhgEBA38gAUETakFwcUEEayEBIAAoAqAMIgMEQCABQRBrIgUgA0YEQCADKAIAIQQgBSEBCwsgAqdBcHEgAWsiA0EUSQRADwsgASAEQQJxIANBCGsiA0EBcnI2AgAgAUEANgIEIAFBADYCCCABQQRqIANqIgNBAjYCACAAIAM2AqAMIAAgARACC4sEAg97An8gBCACIAYbIhf9AAQAIQggF/0ABBAhCSAFQQJ0IgUgBGogAiAGGyIX/QAEACEKIBf9AAQQIQsgBCAFQQF0aiACIAYbIhf9AAQAIQwgF/0ABBAhDSAEIAVBA2xqIAIgBhsiF/0ABAAhDiAX/QAEECEPIAQgBUECdGogAiAGGyIX/QAEACEQIBf9AAQQIREgBCAFQQVsaiACIAYbIgL9AAQAIRIgAv0ABBAhEwNAIAMgFkoEQCAA/QkCACIUIAH9AAQAIgcgCP2FAiEIIBQgAf0ABBAiFCAJ/YUCIQkgAP0JAgQiFSAHIAr9hQIhCiAVIBQgC/2FAiELIAD9CQIIIhUgByAM/YUCIQwgFSAUIA39hQIhDSAA/QkCDCIVIAcgDv2FAiEOIBUgFCAP/YUCIQ8gAP0JAhAiFSAHIBD9hQIhECAVIBQgEf2FAiERIAD9CQIUIhUgByAS/YUCIRIgFSAUIBP9hQIhEyAAQRhqIQAgAUEgaiEBIBZBAWohFgwBCwsgBCAI/QsEACAEIAn9CwQQIAQgBWoiACAK/QsEACAAIAv9CwQQIAQgBUEBdGoiACAM/QsEACAAIA39CwQQIAQgBUEDbGoiACAO/QsEACAAIA/9CwQQIAQgBUECdGoiACAQ/QsEACAAIBH9CwQQIAQgBUEFbGoiACAS/QsEACAAIBP9CwQQC5cBAwJ/AXwCewNAIAJBBGoiAyABTARAIAUgACACQQJ0av0ABAAiBv1fIgUgBf3yASAGIAb9DQgJCgsMDQ4PAAECAwQFBgf9XyIFIAX98gH98AH98AEhBSADIQIMAQsLIAX9IQAgBf0hAaAhBANAIAEgAkoEQCAEIAAgAkECdGoqAgC7IgQgBKKgIQQgAkEBaiECDAELCyAEC1oBBX8DQCABIAdKBEAgACACIAdsQQJ0aiEIIAMhBgNAIAQgBkoEQCAGQQJ0IgkgBWoiCiAKKgIAIAggCWoqAgCSOAIAIAZBAWohBgwBCwsgB0EBaiEHDAELCwvoAgMIfwF7AX0gBUECdCIOIAdqQQAgBiAFa0ECdPwLAANAIAIgCkoEQCAKQQJ0IgggAWoqAgAiEUMAAAAAXARAIAMgACAIaigCACAEbEECdGogDmohCyAHIA5qIQwgBiAFayENIBH9EyEQQQAhCANAIAhBEGoiCSANTARAIAhBAnQiCCAMaiIPIBAgCCALaiII/QAEACAP/QAEAP2FAv0LBAAgDyAQIAj9AAQQIA/9AAQQ/YUC/QsEECAPIBAgCP0ABCAgD/0ABCD9hQL9CwQgIA8gECAI/QAEMCAP/QAEMP2FAv0LBDAgCSEIDAELCwNAIAhBBGoiCSANTARAIAhBAnQiCCAMaiIPIBAgCCALav0ABAAgD/0ABAD9hQL9CwQAIAkhCAwBCwsDQCAIIA1IBEAgCEECdCIJIAxqIg8gESAJIAtqKgIAlCAPKgIAkjgCACAIQQFqIQgMAQsLCyAKQQFqIQoMAQsLC/kCAwd/AXsBfQNAIAIgC0oEQCAEIAUgC2xBAnRqIQ1BACEMA0AgAyAMSgRAIAMgC2wgDGpBAnQiCSAAaigCACIKIAdOIAggCkpxIAEgCWoqAgAiEUMAAAAAXHEEQCAGIAUgCmxBAnRqIQ4gEf0TIRBBACEJA0AgCUEQaiIKIAVMBEAgCUECdCIJIA5qIg8gECAJIA1qIgn9AAQAIA/9AAQA/YUC/QsEACAPIBAgCf0ABBAgD/0ABBD9hQL9CwQQIA8gECAJ/QAEICAP/QAEIP2FAv0LBCAgDyAQIAn9AAQwIA/9AAQw/YUC/QsEMCAKIQkMAQsLA0AgCUEEaiIKIAVMBEAgCUECdCIJIA5qIg8gECAJIA1q/QAEACAP/QAEAP2FAv0LBAAgCiEJDAELCwNAIAUgCUoEQCAJQQJ0IgogDmoiDyARIAogDWoqAgCUIA8qAgCSOAIAIAlBAWohCQwBCwsLIAxBAWohDAwBCwsgC0EBaiELDAELCwv9AQMHfwF9AXsDQCABIA1KBEAgBCAFIA1sQQJ0aiELQQAhDANAIAIgDEoEQCADIAIgDWwgDGpBAnQiCSAAaigCACAFbEECdGohCv0MAAAAAAAAAAAAAAAAAAAAACEPQQAhBwNAIAdBBGoiCCAFTARAIAdBAnQiByAKav0ABAAgByALav0ABAAgD/2FAiEPIAghBwwBCwsgD/0fACAP/R8BkiAP/R8CkiAP/R8DkiEOA0AgBSAHSgRAIA4gB0ECdCIIIApqKgIAIAggC2oqAgCUkiEOIAdBAWohBwwBCwsgBiAJaiAOOAIAIAxBAWohDAwBCwsgDUEBaiENDAELCwu5AQIDfwN8A0AgBCAJSgRARAAAAAAAAAAAIQtEAAAAAAAAAAAhDEEAIQgDQCAFIAhKBEAgCyAFIAlsIAhqQQJ0IgogAGoqAgC7IAMEfCABIApqKgIAuyACIApqKgIAu6EFIAEgCmoqAgC7CyINoSILIAuioCELIAwgBiAIQQN0aisDACANoSIMIAyioCEMIAhBAWohCAwBCwsgByAJQQR0aiIIIAs5AwAgCCAMOQMIIAlBAWohCQwBCwsL0AMDBn8BewF9A0AgAiAGSgRAIAMgBmxBAnQiByAAaiEIIAEgB2ohCf0MAAAAAAAAAAAAAAAAAAAAACEKQQAhBANAIARBBGoiBSADTARAIARBAnQiBCAIav0ABAAgBCAJav0ABAAgCv2FAiEKIAUhBAwBCwsgCv0fACAK/R8BkiAK/R8CkiAK/R8DkiELA0AgAyAESgRAIAsgBEECdCIFIAhqKgIAIAUgCWoqAgCUkiELIARBAWohBAwBCwsgACAHaiEIIAEgB2ohByALjCIL/RMhCkEAIQQDQCAEQRBqIgUgA0wEQCAEQQJ0IgQgB2oiCSAKIAQgCGoiBP0ABAAgCf0ABAD9hQL9CwQAIAkgCiAE/QAEECAJ/QAEEP2FAv0LBBAgCSAKIAT9AAQgIAn9AAQg/YUC/QsEICAJIAogBP0ABDAgCf0ABDD9hQL9CwQwIAUhBAwBCwsDQCAEQQRqIgUgA0wEQCAEQQJ0IgQgB2oiCSAKIAQgCGr9AAQAIAn9AAQA/YUC/QsEACAFIQQMAQsLA0AgAyAESgRAIARBAnQiBSAHaiIJIAsgBSAIaioCAJQgCSoCAJI4AgAgBEEBaiEEDAELCyAGQQFqIQYMAQsLC2sBBH8DQCABIAVKBEAgAyAFQQdxIgQgBSAEayACbGpBAnRqIQYgACACIAVsQQJ0aiEHQQAhBANAIAIgBEoEQCAGIARBBXRqIAcgBEECdGoqAgA4AgAgBEEBaiEEDAELCyAFQQFqIQUMAQsLC6MCAwV/AnsBfQNAIAEgBUoEQCACIAVsQQJ0IgYgAGohB/0MAAAAAAAAAAAAAAAAAAAAACEIQQAhAwNAIANBBGoiBCACTARAIANBAnQgB2r9AAQAIgkgCSAI/YUCIQggBCEDDAELCyAI/R8AIAj9HwGSIAj9HwKSIAj9HwOSIQoDQCACIANKBEAgCiADQQJ0IAdqKgIAIgogCpSSIQogA0EBaiEDDAELC0MAAIA/IAqRIgqV/RMhCEEAIQMDQCADQQRqIgQgAkwEQCAAIAZqIANBAnRqIgMgA/0ABAAgCP3mAf0LBAAgBCEDDAELCwNAIAIgA0oEQCAAIAZqIANBAnRqIgQgBCoCACAKlTgCACADQQFqIQMMAQsLIAVBAWohBQwBCwsLVQECfwNAIAQgCEoEQCAIQQJ0IgcgBmogBSAAIAdqKgIAuyADBHwgASAHaioCALsgAiAHaioCALuhBSABIAdqKgIAuwuhorY4AgAgCEEBaiEIDAELCwuCAQICfwF8A0AgBSAGSARARAAAAAAAAAAAIQpBACEIA0AgAyAISgRAIAQgCGwgBWpBAnQhCSAKIAIEfCAAIAlqKgIAuyABIAlqKgIAu6EFIAAgCWoqAgC7C6AhCiAIQQFqIQgMAQsLIAcgBUEDdGogCiADt6M5AwAgBUEBaiEFDAELCwv1AgMEfwp7An0gBf0TIRYgBv0TIRUgB/0TIRRDAACAPyAGk/0TIRNDAACAPyAHk/0TIRIgCP0TIREgCf0TIRAgCv0TIQ8DQCALQQRqIgwgBEwEQCALQQJ0IgsgAWr9AAQAIBb95gEhGCAVIAIgC2oiDf0ABAD95gEgEyAY/eYB/eQBIRcgFCADIAtqIg79AAQA/eYBIBIgGCAY/eYB/eYB/eQBIRggDSAX/QsEACAOIBj9CwQAIAAgC2oiCyAL/QAEACARIBf95gEgGP3jASAQ/ecBIA/95AH95wH95QH9CwQAIAwhCwwBCwsDQCAEIAtKBEAgC0ECdCIMIAFqKgIAIAWUIRogBiACIAxqIg0qAgCUQwAAgD8gBpMgGpSSIRkgByADIAxqIg4qAgCUQwAAgD8gB5MgGpQgGpSSIRogDSAZOAIAIA4gGjgCACAAIAxqIgwgDCoCACAIIBmUIBqRIAmVIAqSlZM4AgAgC0EBaiELDAELCwtWAQJ/A0AgASAISgRAIAdBACADIAAgAiAIbEECdGpBACACQQAQA0EASARAIAgPCyAHIAMgAyAIbEECdCIJIAVqIAYgCWogBBAEIAhBAWohCAwBCwtBfwvvAwMIfwF7AX0gBkECdCEOA0AgAiAMSgRAIAggDCAObGoiDUEAIA78CwBBACELA0AgAyALSgRAIAMgDGwgC2pBAnQiCSAAaigCACIKIAdPBEAgDA8LIAEgCWoqAgAiEkMAAAAAXARAIAQgCiAObGohDyAS/RMhEUEAIQkDQCAJQRBqIgogBkwEQCAJQQJ0IgkgDWoiECARIAkgD2oiCf0ABAAgEP0ABAD9hQL9CwQAIBAgESAJ/QAEECAQ/QAEEP2FAv0LBBAgECARIAn9AAQgIBD9AAQg/YUC/QsEICAQIBEgCf0ABDAgEP0ABDD9hQL9CwQwIAohCQwBCwsDQCAJQQRqIgogBkwEQCAJQQJ0IgkgDWoiECARIAkgD2r9AAQAIBD9AAQA/YUC/QsEACAKIQkMAQsLA0AgBiAJSgRAIAlBAnQiCiANaiIQIBIgCiAPaioCAJQgECoCAJI4AgAgCUEBaiEJDAELCwsgC0EBaiELDAELC0EAIQkDQCAJQQRqIgogBkwEQCAJQQJ0IgkgDWoiCyAL/QAEACAFIAlq/QAEAP3kAf0LBAAgCiEJDAELCwNAIAYgCUoEQCAJQQJ0IgogDWoiCyALKgIAIAUgCmoqAgCSOAIAIAlBAWohCQwBCwsgDEEBaiEMDAELC0F/C98DAwl/AXsBfSAFQQJ0IQwDQCABIAtKBEAgBiALIAxsaiIKQQAgDPwLACAAIAIgC2xBAnRqIQ5BACEJA0AgAiAJSgRAIA4gCUECdGoqAgAiEUMAAAAAXARAIAMgCSAMbGohDSAR/RMhEEEAIQcDQCAHQRBqIgggBUwEQCAHQQJ0IgcgCmoiDyAQIAcgDWoiB/0ABAAgD/0ABAD9hQL9CwQAIA8gECAH/QAEECAP/QAEEP2FAv0LBBAgDyAQIAf9AAQgIA/9AAQg/YUC/QsEICAPIBAgB/0ABDAgD/0ABDD9hQL9CwQwIAghBwwBCwsDQCAHQQRqIgggBUwEQCAHQQJ0IgcgCmoiDyAQIAcgDWr9AAQAIA/9AAQA/YUC/QsEACAIIQcMAQsLA0AgBSAHSgRAIAdBAnQiCCAKaiIPIBEgCCANaioCAJQgDyoCAJI4AgAgB0EBaiEHDAELCwsgCUEBaiEJDAELC0EAIQcDQCAHQQRqIgggBUwEQCAHQQJ0IgcgCmoiCSAJ/QAEACAEIAdq/QAEAP3kAf0LBAAgCCEHDAELCwNAIAUgB0oEQCAHQQJ0IgggCmoiCSAJKgIAIAQgCGoqAgCSOAIAIAdBAWohBwwBCwsgC0EBaiELDAELCwsLACAAQQN0QYAIagudAQIEfwF8IAVBgAhqIQkDQCABIAhKBEAgACAIQYACIAEgCGsiCyALQYACShsiCyACIAMgBRAaIAkgCiAEIAUgCCALQQAQAyIKQQBIBEBBACEAA0AgACALSARAIAUgAEECdGoqAgC7IgwgDGIEQCAAIAhqDwsgAEEBaiEADAELCyAIDwsgCEGAAmohCAwBCwsgCSAEIAYgB0EAEARBfwvABQMFfwV7BX0gA0ECdCEJA0AgCEEEaiACTARAIAAgASAIaiAJbGohCv0MAAAAAAAAAAAAAAAAAAAAACEM/QwAAAAAAAAAAAAAAAAAAAAAIQ39DAAAAAAAAAAAAAAAAAAAAAAhDv0MAAAAAAAAAAAAAAAAAAAAACELQQAhBgNAIAZBBGoiByADTARAIAZBAnQiBiAEav0ABAAhDyAGIApq/QAEACAPIAz9hQIhDCAJIApqIAZq/QAEACAPIA39hQIhDSAKIAlBAXRqIAZq/QAEACAPIA79hQIhDiAKIAlBA2xqIAZq/QAEACAPIAv9hQIhCyAHIQYMAQsLIAz9HwAgDP0fAZIgDP0fApIgDP0fA5IhEiAN/R8AIA39HwGSIA39HwKSIA39HwOSIRMgDv0fACAO/R8BkiAO/R8CkiAO/R8DkiEUIAv9HwAgC/0fAZIgC/0fApIgC/0fA5IhEANAIAMgBkoEQCAGQQJ0IgcgBGoqAgAhESASIAcgCmoqAgAgEZSSIRIgEyAJIApqIAdqKgIAIBGUkiETIBQgCiAJQQF0aiAHaioCACARlJIhFCAQIAogCUEDbGogB2oqAgAgEZSSIRAgBkEBaiEGDAELCyAFIAhBAnRqIgYgEjgCACAGIBM4AgQgBiAUOAIIIAYgEDgCDCAIQQRqIQgMAQsLA0AgAiAISgRAIAAgASAIaiAJbGohCv0MAAAAAAAAAAAAAAAAAAAAACELQQAhBgNAIAZBBGoiByADTARAIAZBAnQiBiAKav0ABAAgBCAGav0ABAAgC/2FAiELIAchBgwBCwsgC/0fACAL/R8BkiAL/R8CkiAL/R8DkiEQA0AgAyAGSgRAIBAgBkECdCIHIApqKgIAIAQgB2oqAgCUkiEQIAZBAWohBgwBCwsgBSAIQQJ0aiAQOAIAIAhBAWohCAwBCwsLSAEBfyAAQYwJTwRAIwBFBEAQBgsgAEEEayEBIABBD3FBASAAGwR/QQEFIAEoAgBBAXELGiABIAEoAgBBAXI2AgAjACABEAILC8ICAQR/IwBFBEAQBgsjACECIABB/P///wNLBEBBoAhB4AhBzQNBHRAAAAsgAiAAQQxNBH9BDAUgAEETakFwcUEEawsiAxAFIgBFBEAgA0GAAk8EfyADQf7///8BSQR/IANBAUEbIANna3RqQQFrBSADCwUgAwtBBCACKAKgDD8AIgBBEHRBBGtHdGpB//8DakGAgHxxQRB2IQEgACABIAAgAUobQABBAEgEQCABQABBAEgEQAALCyACIABBEHQ/AKxCEIYQByACIAMQBSEACyAAKAIAGiACIAAQASAAKAIAIgFBfHEgA2siBEEQTwRAIAAgAyABQQJxcjYCACAAQQRqIANqIgEgBEEEa0EBcjYCACACIAEQAgUgACABQX5xNgIAIABBBGogACgCAEF8cWoiASABKAIAQX1xNgIACyAAQQRqCzQAIAAgAmxBA3QgAEECdGogAEEFakEGbUEGbCABbEECdEEPakFwcSADQRhsQQ9qQXBxamoL3xQCGH8NeyAMIAFBBWpBBm0iEEEGbCACbEECdEEPakFwcWoiGCAHQRhsQQ9qQXBxaiIbIAEgBmxBA3RqIRwDQCAOIBBIBEAgDCACIA5sQRhsaiERQQAhDQNAIA1BBkgEQCAOQQZsIA1qIg8gAUgEQCAAIAIgD2xBAnRqIRJBACEPA0AgAiAPSgRAIBEgD0EGbCANakECdGogEiAPQQJ0aioCADgCACAPQQFqIQ8MAQsLBUEAIQ8DQCACIA9KBEAgESAPQQZsIA1qQQJ0akMAAAAAOAIAIA9BAWohDwwBCwsLIA1BAWohDQwBCwsgDkEBaiEODAELCyAcQQAgAUECdPwLACACQQV0IRUgAUEFakEGbSEgIAlBAUYhHQNAIAUgF0oEQCAHIAUgF2siACAAIAdKGyIhQQdqQQhtIRlBACEWA0AgFiAgSARAIAwgAiAWbEEYbGohIkEGIAEgFkEGbGsiACAAQQZKGyEaQQAhEwNAIAIgE0oEQCAiIBNBGGxqIQ0gAyAXQQhtIgAgFWxqIBNBBXRqIR4gBCAAQQV0aiEfIAggAiATayIAIAAgCEobIRQgE0EASiEjQQAhDyAaQQFGBEADQCAPQQRqIgAgGUwEQCANIQlBACESIA9BBXQiDiAYaiIkIA4gH2ogIxsiDv0ABAAhJiAO/QAEECEnIA79AAQgISggDv0ABDAhJSAO/QAEQCEpIA79AARQISsgDv0ABGAhLCAO/QAEcCEtIBUgHiAPIBVsaiIRaiEPIBEgFUEBdGohECARIBVBA2xqIQ4DQCASIBRIBEAgCf0JAgAiKiAR/QAEACAm/YUCISYgKiAR/QAEECAn/YUCIScgKiAP/QAEACAo/YUCISggKiAP/QAEECAl/YUCISUgKiAQ/QAEACAp/YUCISkgKiAQ/QAEECAr/YUCISsgKiAO/QAEACAs/YUCISwgKiAO/QAEECAt/YUCIS0gCUEYaiEJIBFBIGohESAPQSBqIQ8gEEEgaiEQIA5BIGohDiASQQFqIRIMAQsLICQgJv0LBAAgJCAn/QsEECAkICj9CwQgICQgJf0LBDAgJCAp/QsEQCAkICv9CwRQICQgLP0LBGAgJCAt/QsEcCAAIQ8MAQsLCwNAIA8gGUgEQCAeIA8gFWxqIQkgD0EFdCIAIB9qIRAgACAYaiESAkACQAJAAkACQAJAAkAgGkECaw4FBAMCAQAFCyANIAkgECAUIBIgByAjEAgMBQsgDSEAQQAhESASIBAgIxsiDv0ABAAhKCAO/QAEECElIAdBAnQiDiASaiAQICMbIiT9AAQAISkgJP0ABBAhKyASIA5BAXRqIBAgIxsiJP0ABAAhLCAk/QAEECEqIBIgDkEDbGogECAjGyIk/QAEACEtICT9AAQQISYgEiAOQQJ0aiAQICMbIhD9AAQAIScgEP0ABBAhLgNAIBEgFEgEQCAA/QkCACIwIAn9AAQAIi8gKP2FAiEoIDAgCf0ABBAiMCAl/YUCISUgAP0JAgQiMSAvICn9hQIhKSAxIDAgK/2FAiErIAD9CQIIIjEgLyAs/YUCISwgMSAwICr9hQIhKiAA/QkCDCIxIC8gLf2FAiEtIDEgMCAm/YUCISYgAP0JAhAiMSAvICf9hQIhJyAxIDAgLv2FAiEuIABBGGohACAJQSBqIQkgEUEBaiERDAELCyASICj9CwQAIBIgJf0LBBAgDiASaiIAICn9CwQAIAAgK/0LBBAgEiAOQQF0aiIAICz9CwQAIAAgKv0LBBAgEiAOQQNsaiIAIC39CwQAIAAgJv0LBBAgEiAOQQJ0aiIAICf9CwQAIAAgLv0LBBAMBAsgDSEAQQAhESASIBAgIxsiDv0ABAAhJiAO/QAEECEnIAdBAnQiDiASaiAQICMbIiT9AAQAISggJP0ABBAhJSASIA5BAXRqIBAgIxsiJP0ABAAhKSAk/QAEECErIBIgDkEDbGogECAjGyIQ/QAEACEsIBD9AAQQISoDQCARIBRIBEAgAP0JAgAiLSAJ/QAEACIuICb9hQIhJiAtIAn9AAQQIi0gJ/2FAiEnIAD9CQIEIi8gLiAo/YUCISggLyAtICX9hQIhJSAA/QkCCCIvIC4gKf2FAiEpIC8gLSAr/YUCISsgAP0JAgwiLyAuICz9hQIhLCAvIC0gKv2FAiEqIABBGGohACAJQSBqIQkgEUEBaiERDAELCyASICb9CwQAIBIgJ/0LBBAgDiASaiIAICj9CwQAIAAgJf0LBBAgEiAOQQF0aiIAICn9CwQAIAAgK/0LBBAgEiAOQQNsaiIAICz9CwQAIAAgKv0LBBAMAwsgDSEAIAkhDkEAIREgEiAQICMbIgn9AAQAIScgCf0ABBAhKCAHQQJ0IgkgEmogECAjGyIk/QAEACElICT9AAQQISkgEiAJQQF0aiAQICMbIhD9AAQAISsgEP0ABBAhLANAIBEgFEgEQCAA/QkCACImIA79AAQAIiogJ/2FAiEnICYgDv0ABBAiJiAo/YUCISggAP0JAgQiLSAqICX9hQIhJSAtICYgKf2FAiEpIAD9CQIIIi0gKiAr/YUCISsgLSAmICz9hQIhLCAAQRhqIQAgDkEgaiEOIBFBAWohEQwBCwsgEiAn/QsEACASICj9CwQQIAkgEmoiACAl/QsEACAAICn9CwQQIBIgCUEBdGoiACAr/QsEACAAICz9CwQQDAILIA0hDiASIBAgIxsiAP0ABAAhJSAA/QAEECEmIAdBAnQiESASaiAQICMbIgD9AAQAIScgAP0ABBAhKEEAIQADQCAAIBRIBEAgDv0JAgAiKSAJ/QAEACIqICX9hQIhJSApIAn9AAQQIikgJv2FAiEmIA79CQIEIisgKiAn/YUCIScgKyApICj9hQIhKCAOQRhqIQ4gCUEgaiEJIABBAWohAAwBCwsgEiAl/QsEACASICb9CwQQIBEgEmoiACAn/QsEACAAICj9CwQQDAELIA0hDiASIBAgIxsiAP0ABAAhJSAA/QAEECEmQQAhAANAIAAgFEgEQCAO/QkCACInIAn9AAQAICX9hQIhJSAnIAn9AAQQICb9hQIhJiAOQRhqIQ4gCUEgaiEJIABBAWohAAwBCwsgEiAl/QsEACASICb9CwQQCyAPQQFqIQ8MAQsLIAggE2ohEwwBCwsgGkEAIAYbIQBBACEOA0AgACAOSgRAIBggByAObEECdGohDSAdBEBBACEJA0AgCSAZQQN0SARAIA0gCUECdGoiD/0ABAAhJSAPICUgJf0MAAAAAAAAAAAAAAAAAAAAAP3pASAlICX9Qv1S/QsEACAJQQRqIQkMAQsLCyAcIBZBBmwgDmoiCUECdGohDyAbIAYgCWxBA3RqIA8oAgAgBiANIBcgIUEBEAMiDUEASARAIAkPCyAPIA02AgAgDkEBaiEODAELCyAWQQFqIRYMAQsLIAcgF2ohFwwBCwtBACECA0AgASACSgRAIBsgAiAGbEECdCIAQQF0aiAGIAAgCmogACALaiAdRRAEIAJBAWohAgwBCwtBfwsLbwQAQYwICwE8AEGYCAsvAgAAACgAAABBAGwAbABvAGMAYQB0AGkAbwBuACAAdABvAG8AIABsAGEAcgBnAGUAQcwICwE8AEHYCAslAgAAAB4AAAB+AGwAaQBiAC8AcgB0AC8AdABsAHMAZgAuAHQAcw==";
var SIMD_SHARED_WASM_BASE64 = "AGFzbQEAAAABuAEVYAd/f39/f39/AGAEf39/fwBgCH9/f39/f39/AGACf38AYAZ/f39/f38AYAh/f39/f39/fwF/YAF/AX9gB39/f39/f38Bf2AFf39/f38AYAJ/fwF/YAAAYAN/f34AYAJ/fwF8YAl/f39/f39/f38AYAN/f38AYAd/f39/f3x/AGALf39/f399fX19fX0AYAl/f39/f39/f38Bf2ABfwBgBH9/f38Bf2ANf39/f39/f39/f39/fwF/Ah4CA2VudgVhYm9ydAABA2VudgZtZW1vcnkCAxCAgAQDIB8DAwcICQoLAAAMBAINAAIBAQ4PAhAFEQAGBQQSBhMUBgYBfwFBAAsHhAMWCW1lbV9hbGxvYwAdCG1lbV9mcmVlABwNZjMyX3RvcGtfaGVhcAAWD2YzMl9lbmNvZGVfdG9wawAfHWYzMl9lbmNvZGVfdG9wa19zY3JhdGNoX2J5dGVzAB4MZjMyX3JhbmtfZG90ABoaZjMyX3JhbmtfZG90X3NjcmF0Y2hfYnl0ZXMAGRFmMzJfZGVjb2RlX3NwYXJzZQAXEGYzMl9kZWNvZGVfZGVuc2UAGA9mMzJfc3BhcnNlX2RvdHMADhJmMzJfc3BhcnNlX3NjYXR0ZXIADRNmMzJfc3BhcnNlX3N1bV9jb2xzAAwQZjMyX3Byb2plY3Rfcm93cwAQEmYzMl9ub3JtYWxpemVfcm93cwASCWYzMl9zdW1zcQAKCGYzMl9hZGFtABUPZjMyX3BhY2tfcGFuZWxzABENZjMyX2NvbF9tZWFucwAUDmYzMl9yb3dfZXJyb3JzAA8NZjMyX25tc2VfZ3JhZAATDGYzMl9zdW1fcm93cwALBm1lbW9yeQIADAECCsFUH8MBAQR/IAEoAgBBfHEiA0GAAkkEfyADQQR2BUEfQfz///8DIAMgA0H8////A08bIgNnayIEQQdrIQIgAyAEQQRrdkEQcwshBCABKAIIIQUgASgCBCIDBEAgAyAFNgIICyAFBEAgBSADNgIECyABIAAgAkEEdCAEakECdGoiASgCYEYEQCABIAU2AmAgBUUEQCAAIAJBAnRqIgEoAgRBfiAEd3EhAyABIAM2AgQgA0UEQCAAIAAoAgBBfiACd3E2AgALCwsLtgIBBX8gAUEEaiIGIAEoAgAiA0F8cWoiBCgCACICQQFxBEAgACAEEAEgASADQQRqIAJBfHFqIgM2AgAgASgCAEF8cSAGaiIEKAIAIQILIANBAnEEQCABQQRrKAIAIgEoAgAhBiAAIAEQASABIAZBBGogA0F8cWoiAzYCAAsgBCACQQJyNgIAIARBBGsgATYCACAAIANBfHEiAkGAAkkEfyACQQR2BUEfQfz///8DIAIgAkH8////A08bIgJnayIDQQdrIQUgAiADQQRrdkEQcwsiAiAFQQR0akECdGooAmAhAyABQQA2AgQgASADNgIIIAMEQCADIAE2AgQLIAAgBUEEdCACakECdGogATYCYCAAIAAoAgBBASAFdHI2AgAgACAFQQJ0aiIAIAAoAgRBASACdHI2AgQL4wYEAn0EfwN+AXsDQCABIAJIIAUgC0pxBEAgAyALQQJ0aioCACIHIAeTQwAAAABcIAcgB1wgBhsEQEF/DwsgASIJQQFqIQEgBCALakF/c60gB0MAAAAAkrwiCkF/cyAKQYCAgIB4ciAKQYCAgIB4cRutQiCGhCENA0AgCUEASgRAIAAgCUEBa0EBdSIKQQN0aikDACIOIA1WBEAgACAJQQN0aiAONwMAIAohCQwCCwsLIAAgCUEDdGogDTcDACALQQFqIQsMAQsLIAApAwBCIIinIgJB/////wdxIAJBf3MgAkGAgICAeHEbviEHA0AgC0EEaiAFTARAIAMgC0ECdGr9AAQAIhAgB/0T/UQgECAQ/eUB/QwAAAAAAAAAAAAAAAAAAAAA/UIgECAQ/UIgBhv9UP2kASEKA0AgCgRAIApoIQIgCiAKQQFrcSEKIAMgAiALakECdGoqAgAiCCAIk0MAAAAAXCAIIAhcIAYbBEBBfw8LIAcgCF0EQCAEIAtqIAJqQX9zrSAIQwAAAACSvCICQX9zIAJBgICAgHhyIAJBgICAgHhxG61CIIaEIQ9BACEJA0ACQCAJQQF0QQFqIgIgAU4NACAAIAJBA3RqKQMAIQ0gAkEBaiIMIAFIBEAgACAMQQN0aikDACIOIA1UBEAgDiENIAwhAgsLIA0gD1oNACAAIAlBA3RqIA03AwAgAiEJDAELCyAAIAlBA3RqIA83AwAgACkDAEIgiKciAkH/////B3EgAkF/cyACQYCAgIB4cRu+IQcLDAELCyALQQRqIQsMAQsLA0AgBSALSgRAIAMgC0ECdGoqAgAiCCAIk0MAAAAAXCAIIAhcIAYbBEBBfw8LIAcgCF0EQCAEIAtqQX9zrSAIQwAAAACSvCICQX9zIAJBgICAgHhyIAJBgICAgHhxG61CIIaEIQ9BACEJA0ACQCAJQQF0QQFqIgIgAU4NACAAIAJBA3RqKQMAIQ0gAkEBaiIKIAFIBEAgACAKQQN0aikDACIOIA1UBEAgDiENIAohAgsLIA0gD1oNACAAIAlBA3RqIA03AwAgAiEJDAELCyAAIAlBA3RqIA83AwAgACkDAEIgiKciAkH/////B3EgAkF/cyACQYCAgIB4cRu+IQcLIAtBAWohCwwBCwsgAQuDAgMEfwN+AX0gASEGA0AgBkEASgRAIAZBAWsiCEECdCIBIANqIAApAwAiCUIgiKciBUH/////B3EgBUF/cyAFQYCAgIB4cRu+IgxDAAAAACAMQwAAAABeQQEgBBsbOAIAIAEgAmogCadBf3M2AgAgCEEASgRAIAAgCEEDdGopAwAhC0EAIQUDQAJAIAggBUEBdEEBaiIBTA0AIAAgAUEDdGopAwAhCSABQQFqIgcgCEgEQCAAIAdBA3RqKQMAIgogCVQEQCAKIQkgByEBCwsgCSALWg0AIAAgBUEDdGogCTcDACABIQUMAQsLIAAgBUEDdGogCzcDAAsgBkEBayEGDAELCwupAQEBfyABQYACSQRAIAFBBHYhAQUgAUH+////AUkEQCABQQFBGyABZ2t0akEBayEBCyABQR8gAWdrIgJBBGt2QRBzIQEgAkEHayECCyAAIAJBAnRqKAIEQX8gAXRxIgEEfyAAIAFoIAJBBHRqQQJ0aigCYAUgACgCAEF/IAJBAWp0cSIBBH8gACAAIAFoIgBBAnRqKAIEaCAAQQR0akECdGooAmAFQQALCwuQAQECfz8AIgBBAEwEf0EBIABrQABBAEgFQQALBEAAC0GQCUEANgIAQbAVQQA2AgADQCABQRdJBEAgAUECdEGQCWpBADYCBEEAIQADQCAAQRBJBEAgAUEEdCAAakECdEGQCWpBADYCYCAAQQFqIQAMAQsLIAFBAWohAQwBCwtBkAlBtBU/AKxCEIYQB0GQCSQAC4YBAQN/IAFBE2pBcHFBBGshASAAKAKgDCIDBEAgAUEQayIFIANGBEAgAygCACEEIAUhAQsLIAKnQXBxIAFrIgNBFEkEQA8LIAEgBEECcSADQQhrIgNBAXJyNgIAIAFBADYCBCABQQA2AgggAUEEaiADaiIDQQI2AgAgACADNgKgDCAAIAEQAguvBAIPewJ/IAQgAiAGGyIX/QAEACEIIBf9AAQQIQkgBUECdCIFIARqIAIgBhsiF/0ABAAhCiAX/QAEECELIAQgBUEBdGogAiAGGyIX/QAEACEMIBf9AAQQIQ0gBCAFQQNsaiACIAYbIhf9AAQAIQ4gF/0ABBAhDyAEIAVBAnRqIAIgBhsiF/0ABAAhECAX/QAEECERIAQgBUEFbGogAiAGGyIC/QAEACESIAL9AAQQIRMDQCADIBZKBEAgAP0JAgAiFCAB/QAEACIH/eYBIAj95AEhCCAUIAH9AAQQIhT95gEgCf3kASEJIAD9CQIEIhUgB/3mASAK/eQBIQogFSAU/eYBIAv95AEhCyAA/QkCCCIVIAf95gEgDP3kASEMIBUgFP3mASAN/eQBIQ0gAP0JAgwiFSAH/eYBIA795AEhDiAVIBT95gEgD/3kASEPIAD9CQIQIhUgB/3mASAQ/eQBIRAgFSAU/eYBIBH95AEhESAA/QkCFCIVIAf95gEgEv3kASESIBUgFP3mASAT/eQBIRMgAEEUaiEAIAFBIGohASAWQQFqIRYMAQsLIAQgCP0LBAAgBCAJ/QsEECAEIAVqIgAgCv0LBAAgACAL/QsEECAEIAVBAXRqIgAgDP0LBAAgACAN/QsEECAEIAVBA2xqIgAgDv0LBAAgACAP/QsEECAEIAVBAnRqIgAgEP0LBAAgACAR/QsEECAEIAVBBWxqIgAgEv0LBAAgACAT/QsEEAvYAwINewJ/IAQgAiAGGyIV/QAEACEIIBX9AAQQIQkgBUECdCIFIARqIAIgBhsiFf0ABAAhCiAV/QAEECELIAQgBUEBdGogAiAGGyIV/QAEACEMIBX9AAQQIQ0gBCAFQQNsaiACIAYbIhX9AAQAIQ4gFf0ABBAhDyAEIAVBAnRqIAIgBhsiAv0ABAAhECAC/QAEECERA0AgAyAUSgRAIAD9CQIAIhIgAf0ABAAiB/3mASAI/eQBIQggEiAB/QAEECIS/eYBIAn95AEhCSAA/QkCBCITIAf95gEgCv3kASEKIBMgEv3mASAL/eQBIQsgAP0JAggiEyAH/eYBIAz95AEhDCATIBL95gEgDf3kASENIAD9CQIMIhMgB/3mASAO/eQBIQ4gEyAS/eYBIA/95AEhDyAA/QkCECITIAf95gEgEP3kASEQIBMgEv3mASAR/eQBIREgAEEUaiEAIAFBIGohASAUQQFqIRQMAQsLIAQgCP0LBAAgBCAJ/QsEECAEIAVqIgAgCv0LBAAgACAL/QsEECAEIAVBAXRqIgAgDP0LBAAgACAN/QsEECAEIAVBA2xqIgAgDv0LBAAgACAP/QsEECAEIAVBAnRqIgAgEP0LBAAgACAR/QsEEAuXAQMCfwF8AnsDQCACQQRqIgMgAUwEQCAFIAAgAkECdGr9AAQAIgb9XyIFIAX98gEgBiAG/Q0ICQoLDA0ODwABAgMEBQYH/V8iBSAF/fIB/fAB/fABIQUgAyECDAELCyAF/SEAIAX9IQGgIQQDQCABIAJKBEAgBCAAIAJBAnRqKgIAuyIEIASioCEEIAJBAWohAgwBCwsgBAtaAQV/A0AgASAHSgRAIAAgAiAHbEECdGohCCADIQYDQCAEIAZKBEAgBkECdCIJIAVqIgogCioCACAIIAlqKgIAkjgCACAGQQFqIQYMAQsLIAdBAWohBwwBCwsL9wIDCH8BewF9IAVBAnQiDiAHakEAIAYgBWtBAnT8CwADQCACIApKBEAgCkECdCIIIAFqKgIAIhFDAAAAAFwEQCADIAAgCGooAgAgBGxBAnRqIA5qIQsgByAOaiEMIAYgBWshDSAR/RMhEEEAIQgDQCAIQRBqIgkgDUwEQCAIQQJ0IgggDGoiDyAQIAggC2oiCP0ABAD95gEgD/0ABAD95AH9CwQAIA8gECAI/QAEEP3mASAP/QAEEP3kAf0LBBAgDyAQIAj9AAQg/eYBIA/9AAQg/eQB/QsEICAPIBAgCP0ABDD95gEgD/0ABDD95AH9CwQwIAkhCAwBCwsDQCAIQQRqIgkgDUwEQCAIQQJ0IgggDGoiDyAQIAggC2r9AAQA/eYBIA/9AAQA/eQB/QsEACAJIQgMAQsLA0AgCCANSARAIAhBAnQiCSAMaiIPIBEgCSALaioCAJQgDyoCAJI4AgAgCEEBaiEIDAELCwsgCkEBaiEKDAELCwuIAwMHfwF7AX0DQCACIAtKBEAgBCAFIAtsQQJ0aiENQQAhDANAIAMgDEoEQCADIAtsIAxqQQJ0IgkgAGooAgAiCiAHTiAIIApKcSABIAlqKgIAIhFDAAAAAFxxBEAgBiAFIApsQQJ0aiEOIBH9EyEQQQAhCQNAIAlBEGoiCiAFTARAIAlBAnQiCSAOaiIPIBAgCSANaiIJ/QAEAP3mASAP/QAEAP3kAf0LBAAgDyAQIAn9AAQQ/eYBIA/9AAQQ/eQB/QsEECAPIBAgCf0ABCD95gEgD/0ABCD95AH9CwQgIA8gECAJ/QAEMP3mASAP/QAEMP3kAf0LBDAgCiEJDAELCwNAIAlBBGoiCiAFTARAIAlBAnQiCSAOaiIPIBAgCSANav0ABAD95gEgD/0ABAD95AH9CwQAIAohCQwBCwsDQCAFIAlKBEAgCUECdCIKIA5qIg8gESAKIA1qKgIAlCAPKgIAkjgCACAJQQFqIQkMAQsLCyAMQQFqIQwMAQsLIAtBAWohCwwBCwsLgAIDB38BfQF7A0AgASANSgRAIAQgBSANbEECdGohC0EAIQwDQCACIAxKBEAgAyACIA1sIAxqQQJ0IgkgAGooAgAgBWxBAnRqIQr9DAAAAAAAAAAAAAAAAAAAAAAhD0EAIQcDQCAHQQRqIgggBUwEQCAHQQJ0IgcgCmr9AAQAIAcgC2r9AAQA/eYBIA/95AEhDyAIIQcMAQsLIA/9HwAgD/0fAZIgD/0fApIgD/0fA5IhDgNAIAUgB0oEQCAOIAdBAnQiCCAKaioCACAIIAtqKgIAlJIhDiAHQQFqIQcMAQsLIAYgCWogDjgCACAMQQFqIQwMAQsLIA1BAWohDQwBCwsLuQECA38DfANAIAQgCUoEQEQAAAAAAAAAACELRAAAAAAAAAAAIQxBACEIA0AgBSAISgRAIAsgBSAJbCAIakECdCIKIABqKgIAuyADBHwgASAKaioCALsgAiAKaioCALuhBSABIApqKgIAuwsiDaEiCyALoqAhCyAMIAYgCEEDdGorAwAgDaEiDCAMoqAhDCAIQQFqIQgMAQsLIAcgCUEEdGoiCCALOQMAIAggDDkDCCAJQQFqIQkMAQsLC+IDAwZ/AXsBfQNAIAIgBkoEQCADIAZsQQJ0IgcgAGohCCABIAdqIQn9DAAAAAAAAAAAAAAAAAAAAAAhCkEAIQQDQCAEQQRqIgUgA0wEQCAEQQJ0IgQgCGr9AAQAIAQgCWr9AAQA/eYBIAr95AEhCiAFIQQMAQsLIAr9HwAgCv0fAZIgCv0fApIgCv0fA5IhCwNAIAMgBEoEQCALIARBAnQiBSAIaioCACAFIAlqKgIAlJIhCyAEQQFqIQQMAQsLIAAgB2ohCCABIAdqIQcgC4wiC/0TIQpBACEEA0AgBEEQaiIFIANMBEAgBEECdCIEIAdqIgkgCiAEIAhqIgT9AAQA/eYBIAn9AAQA/eQB/QsEACAJIAogBP0ABBD95gEgCf0ABBD95AH9CwQQIAkgCiAE/QAEIP3mASAJ/QAEIP3kAf0LBCAgCSAKIAT9AAQw/eYBIAn9AAQw/eQB/QsEMCAFIQQMAQsLA0AgBEEEaiIFIANMBEAgBEECdCIEIAdqIgkgCiAEIAhq/QAEAP3mASAJ/QAEAP3kAf0LBAAgBSEEDAELCwNAIAMgBEoEQCAEQQJ0IgUgB2oiCSALIAUgCGoqAgCUIAkqAgCSOAIAIARBAWohBAwBCwsgBkEBaiEGDAELCwtrAQR/A0AgASAFSgRAIAMgBUEHcSIEIAUgBGsgAmxqQQJ0aiEGIAAgAiAFbEECdGohB0EAIQQDQCACIARKBEAgBiAEQQV0aiAHIARBAnRqKgIAOAIAIARBAWohBAwBCwsgBUEBaiEFDAELCwumAgMFfwJ7AX0DQCABIAVKBEAgAiAFbEECdCIGIABqIQf9DAAAAAAAAAAAAAAAAAAAAAAhCEEAIQMDQCADQQRqIgQgAkwEQCADQQJ0IAdq/QAEACIJIAn95gEgCP3kASEIIAQhAwwBCwsgCP0fACAI/R8BkiAI/R8CkiAI/R8DkiEKA0AgAiADSgRAIAogA0ECdCAHaioCACIKIAqUkiEKIANBAWohAwwBCwtDAACAPyAKkSIKlf0TIQhBACEDA0AgA0EEaiIEIAJMBEAgACAGaiADQQJ0aiIDIAP9AAQAIAj95gH9CwQAIAQhAwwBCwsDQCACIANKBEAgACAGaiADQQJ0aiIEIAQqAgAgCpU4AgAgA0EBaiEDDAELCyAFQQFqIQUMAQsLC1UBAn8DQCAEIAhKBEAgCEECdCIHIAZqIAUgACAHaioCALsgAwR8IAEgB2oqAgC7IAIgB2oqAgC7oQUgASAHaioCALsLoaK2OAIAIAhBAWohCAwBCwsLggECAn8BfANAIAUgBkgEQEQAAAAAAAAAACEKQQAhCANAIAMgCEoEQCAEIAhsIAVqQQJ0IQkgCiACBHwgACAJaioCALsgASAJaioCALuhBSAAIAlqKgIAuwugIQogCEEBaiEIDAELCyAHIAVBA3RqIAogA7ejOQMAIAVBAWohBQwBCwsL9QIDBH8KewJ9IAX9EyEWIAb9EyEVIAf9EyEUQwAAgD8gBpP9EyETQwAAgD8gB5P9EyESIAj9EyERIAn9EyEQIAr9EyEPA0AgC0EEaiIMIARMBEAgC0ECdCILIAFq/QAEACAW/eYBIRggFSACIAtqIg39AAQA/eYBIBMgGP3mAf3kASEXIBQgAyALaiIO/QAEAP3mASASIBggGP3mAf3mAf3kASEYIA0gF/0LBAAgDiAY/QsEACAAIAtqIgsgC/0ABAAgESAX/eYBIBj94wEgEP3nASAP/eQB/ecB/eUB/QsEACAMIQsMAQsLA0AgBCALSgRAIAtBAnQiDCABaioCACAFlCEaIAYgAiAMaiINKgIAlEMAAIA/IAaTIBqUkiEZIAcgAyAMaiIOKgIAlEMAAIA/IAeTIBqUIBqUkiEaIA0gGTgCACAOIBo4AgAgACAMaiIMIAwqAgAgCCAZlCAakSAJlSAKkpWTOAIAIAtBAWohCwwBCwsLVgECfwNAIAEgCEoEQCAHQQAgAyAAIAIgCGxBAnRqQQAgAkEAEANBAEgEQCAIDwsgByADIAMgCGxBAnQiCSAFaiAGIAlqIAQQBCAIQQFqIQgMAQsLQX8L/gMDCH8BewF9IAZBAnQhDgNAIAIgDEoEQCAIIAwgDmxqIg1BACAO/AsAQQAhCwNAIAMgC0oEQCADIAxsIAtqQQJ0IgkgAGooAgAiCiAHTwRAIAwPCyABIAlqKgIAIhJDAAAAAFwEQCAEIAogDmxqIQ8gEv0TIRFBACEJA0AgCUEQaiIKIAZMBEAgCUECdCIJIA1qIhAgESAJIA9qIgn9AAQA/eYBIBD9AAQA/eQB/QsEACAQIBEgCf0ABBD95gEgEP0ABBD95AH9CwQQIBAgESAJ/QAEIP3mASAQ/QAEIP3kAf0LBCAgECARIAn9AAQw/eYBIBD9AAQw/eQB/QsEMCAKIQkMAQsLA0AgCUEEaiIKIAZMBEAgCUECdCIJIA1qIhAgESAJIA9q/QAEAP3mASAQ/QAEAP3kAf0LBAAgCiEJDAELCwNAIAYgCUoEQCAJQQJ0IgogDWoiECASIAogD2oqAgCUIBAqAgCSOAIAIAlBAWohCQwBCwsLIAtBAWohCwwBCwtBACEJA0AgCUEEaiIKIAZMBEAgCUECdCIJIA1qIgsgC/0ABAAgBSAJav0ABAD95AH9CwQAIAohCQwBCwsDQCAGIAlKBEAgCUECdCIKIA1qIgsgCyoCACAFIApqKgIAkjgCACAJQQFqIQkMAQsLIAxBAWohDAwBCwtBfwvuAwMJfwF7AX0gBUECdCEMA0AgASALSgRAIAYgCyAMbGoiCkEAIAz8CwAgACACIAtsQQJ0aiEOQQAhCQNAIAIgCUoEQCAOIAlBAnRqKgIAIhFDAAAAAFwEQCADIAkgDGxqIQ0gEf0TIRBBACEHA0AgB0EQaiIIIAVMBEAgB0ECdCIHIApqIg8gECAHIA1qIgf9AAQA/eYBIA/9AAQA/eQB/QsEACAPIBAgB/0ABBD95gEgD/0ABBD95AH9CwQQIA8gECAH/QAEIP3mASAP/QAEIP3kAf0LBCAgDyAQIAf9AAQw/eYBIA/9AAQw/eQB/QsEMCAIIQcMAQsLA0AgB0EEaiIIIAVMBEAgB0ECdCIHIApqIg8gECAHIA1q/QAEAP3mASAP/QAEAP3kAf0LBAAgCCEHDAELCwNAIAUgB0oEQCAHQQJ0IgggCmoiDyARIAggDWoqAgCUIA8qAgCSOAIAIAdBAWohBwwBCwsLIAlBAWohCQwBCwtBACEHA0AgB0EEaiIIIAVMBEAgB0ECdCIHIApqIgkgCf0ABAAgBCAHav0ABAD95AH9CwQAIAghBwwBCwsDQCAFIAdKBEAgB0ECdCIIIApqIgkgCSoCACAEIAhqKgIAkjgCACAHQQFqIQcMAQsLIAtBAWohCwwBCwsLCwAgAEEDdEGACGoLnQECBH8BfCAFQYAIaiEJA0AgASAISgRAIAAgCEGAAiABIAhrIgsgC0GAAkobIgsgAiADIAUQGyAJIAogBCAFIAggC0EAEAMiCkEASARAQQAhAANAIAAgC0gEQCAFIABBAnRqKgIAuyIMIAxiBEAgACAIag8LIABBAWohAAwBCwsgCA8LIAhBgAJqIQgMAQsLIAkgBCAGIAdBABAEQX8LzwUDBX8FewV9IANBAnQhCQNAIAhBBGogAkwEQCAAIAEgCGogCWxqIQr9DAAAAAAAAAAAAAAAAAAAAAAhDP0MAAAAAAAAAAAAAAAAAAAAACEN/QwAAAAAAAAAAAAAAAAAAAAAIQ79DAAAAAAAAAAAAAAAAAAAAAAhC0EAIQYDQCAGQQRqIgcgA0wEQCAGQQJ0IgYgBGr9AAQAIQ8gBiAKav0ABAAgD/3mASAM/eQBIQwgCSAKaiAGav0ABAAgD/3mASAN/eQBIQ0gCiAJQQF0aiAGav0ABAAgD/3mASAO/eQBIQ4gCiAJQQNsaiAGav0ABAAgD/3mASAL/eQBIQsgByEGDAELCyAM/R8AIAz9HwGSIAz9HwKSIAz9HwOSIRIgDf0fACAN/R8BkiAN/R8CkiAN/R8DkiETIA79HwAgDv0fAZIgDv0fApIgDv0fA5IhFCAL/R8AIAv9HwGSIAv9HwKSIAv9HwOSIRADQCADIAZKBEAgBkECdCIHIARqKgIAIREgEiAHIApqKgIAIBGUkiESIBMgCSAKaiAHaioCACARlJIhEyAUIAogCUEBdGogB2oqAgAgEZSSIRQgECAKIAlBA2xqIAdqKgIAIBGUkiEQIAZBAWohBgwBCwsgBSAIQQJ0aiIGIBI4AgAgBiATOAIEIAYgFDgCCCAGIBA4AgwgCEEEaiEIDAELCwNAIAIgCEoEQCAAIAEgCGogCWxqIQr9DAAAAAAAAAAAAAAAAAAAAAAhC0EAIQYDQCAGQQRqIgcgA0wEQCAGQQJ0IgYgCmr9AAQAIAQgBmr9AAQA/eYBIAv95AEhCyAHIQYMAQsLIAv9HwAgC/0fAZIgC/0fApIgC/0fA5IhEANAIAMgBkoEQCAQIAZBAnQiByAKaioCACAEIAdqKgIAlJIhECAGQQFqIQYMAQsLIAUgCEECdGogEDgCACAIQQFqIQgMAQsLC0gBAX8gAEGMCU8EQCMARQRAEAYLIABBBGshASAAQQ9xQQEgABsEf0EBBSABKAIAQQFxCxogASABKAIAQQFyNgIAIwAgARACCwvAAgEEfyMARQRAEAYLIwAhAiAAQfz///8DSwRAQaAIQeAIQc0DQR0QAAALIAIgAEEMTQR/QQwFIABBE2pBcHFBBGsLIgMQBSIARQRAPwAiACADQYACTwR/IANB/v///wFJBH8gA0EBQRsgA2drdGpBAWsFIAMLBSADC0EEIAIoAqAMIABBEHRBBGtHdGpB//8DakGAgHxxQRB2IgEgACABShtAAEEASARAIAFAAEEASARAAAsLIAIgAEEQdD8ArEIQhhAHIAIgAxAFIQALIAAoAgAaIAIgABABIAAoAgAiAUF8cSADayIEQRBPBEAgACADIAFBAnFyNgIAIABBBGogA2oiASAEQQRrQQFyNgIAIAIgARACBSAAIAFBfnE2AgAgAEEEaiAAKAIAQXxxaiIBIAEoAgBBfXE2AgALIABBBGoLNAAgACACbEEDdCAAQQJ0aiAAQQRqQQVtQQVsIAFsQQJ0QQ9qQXBxIANBFGxBD2pBcHFqaguHEgIYfwt7IAwgAUEEakEFbSIQQQVsIAJsQQJ0QQ9qQXBxaiIYIAdBFGxBD2pBcHFqIhsgASAGbEEDdGohHANAIA4gEEgEQCAMIAIgDmxBFGxqIRFBACENA0AgDUEFSARAIA5BBWwgDWoiDyABSARAIAAgAiAPbEECdGohEkEAIQ8DQCACIA9KBEAgESAPQQVsIA1qQQJ0aiASIA9BAnRqKgIAOAIAIA9BAWohDwwBCwsFQQAhDwNAIAIgD0oEQCARIA9BBWwgDWpBAnRqQwAAAAA4AgAgD0EBaiEPDAELCwsgDUEBaiENDAELCyAOQQFqIQ4MAQsLIBxBACABQQJ0/AsAIAJBBXQhFSABQQRqQQVtISAgCUEBRiEdA0AgBSAXSgRAIAcgBSAXayIAIAAgB0obIiFBB2pBCG0hGUEAIRYDQCAWICBIBEAgDCACIBZsQRRsaiEiQQUgASAWQQVsayIAIABBBUobIRpBACETA0AgAiATSgRAICIgE0EUbGohDSADIBdBCG0iACAVbGogE0EFdGohHiAEIABBBXRqIR8gCCACIBNrIgAgACAIShshFCATQQBKISNBACEPIBpBAUYEQANAIA9BBGoiACAZTARAIA0hCUEAIRIgD0EFdCIOIBhqIiQgDiAfaiAjGyIO/QAEACEmIA79AAQQIScgDv0ABCAhKCAO/QAEMCElIA79AARAISkgDv0ABFAhKiAO/QAEYCErIA79AARwISwgFSAeIA8gFWxqIhFqIQ8gESAVQQF0aiEQIBEgFUEDbGohDgNAIBIgFEgEQCAJ/QkCACItIBH9AAQA/eYBICb95AEhJiAtIBH9AAQQ/eYBICf95AEhJyAtIA/9AAQA/eYBICj95AEhKCAtIA/9AAQQ/eYBICX95AEhJSAtIBD9AAQA/eYBICn95AEhKSAtIBD9AAQQ/eYBICr95AEhKiAtIA79AAQA/eYBICv95AEhKyAtIA79AAQQ/eYBICz95AEhLCAJQRRqIQkgEUEgaiERIA9BIGohDyAQQSBqIRAgDkEgaiEOIBJBAWohEgwBCwsgJCAm/QsEACAkICf9CwQQICQgKP0LBCAgJCAl/QsEMCAkICn9CwRAICQgKv0LBFAgJCAr/QsEYCAkICz9CwRwIAAhDwwBCwsLA0AgDyAZSARAIB4gDyAVbGohCSAPQQV0IgAgH2ohECAAIBhqIRICQAJAAkACQAJAAkACQCAaQQJrDgUEAwIBAAULIA0gCSAQIBQgEiAHICMQCAwFCyANIAkgECAUIBIgByAjEAkMBAsgDSEAQQAhESASIBAgIxsiDv0ABAAhJiAO/QAEECEnIAdBAnQiDiASaiAQICMbIiT9AAQAISggJP0ABBAhJSASIA5BAXRqIBAgIxsiJP0ABAAhKSAk/QAEECEqIBIgDkEDbGogECAjGyIQ/QAEACErIBD9AAQQISwDQCARIBRIBEAgAP0JAgAiLiAJ/QAEACIt/eYBICb95AEhJiAuIAn9AAQQIi795gEgJ/3kASEnIAD9CQIEIi8gLf3mASAo/eQBISggLyAu/eYBICX95AEhJSAA/QkCCCIvIC395gEgKf3kASEpIC8gLv3mASAq/eQBISogAP0JAgwiLyAt/eYBICv95AEhKyAvIC795gEgLP3kASEsIABBFGohACAJQSBqIQkgEUEBaiERDAELCyASICb9CwQAIBIgJ/0LBBAgDiASaiIAICj9CwQAIAAgJf0LBBAgEiAOQQF0aiIAICn9CwQAIAAgKv0LBBAgEiAOQQNsaiIAICv9CwQAIAAgLP0LBBAMAwsgDSEAIAkhDkEAIREgEiAQICMbIgn9AAQAIScgCf0ABBAhKCAHQQJ0IgkgEmogECAjGyIk/QAEACElICT9AAQQISkgEiAJQQF0aiAQICMbIhD9AAQAISogEP0ABBAhKwNAIBEgFEgEQCAA/QkCACImIA79AAQAIiz95gEgJ/3kASEnICYgDv0ABBAiJv3mASAo/eQBISggAP0JAgQiLSAs/eYBICX95AEhJSAtICb95gEgKf3kASEpIAD9CQIIIi0gLP3mASAq/eQBISogLSAm/eYBICv95AEhKyAAQRRqIQAgDkEgaiEOIBFBAWohEQwBCwsgEiAn/QsEACASICj9CwQQIAkgEmoiACAl/QsEACAAICn9CwQQIBIgCUEBdGoiACAq/QsEACAAICv9CwQQDAILIA0hDiASIBAgIxsiAP0ABAAhJSAA/QAEECEmIAdBAnQiESASaiAQICMbIgD9AAQAIScgAP0ABBAhKEEAIQADQCAAIBRIBEAgDv0JAgAiKSAJ/QAEACIq/eYBICX95AEhJSApIAn9AAQQIin95gEgJv3kASEmIA79CQIEIisgKv3mASAn/eQBIScgKyAp/eYBICj95AEhKCAOQRRqIQ4gCUEgaiEJIABBAWohAAwBCwsgEiAl/QsEACASICb9CwQQIBEgEmoiACAn/QsEACAAICj9CwQQDAELIA0hDiASIBAgIxsiAP0ABAAhJSAA/QAEECEmQQAhAANAIAAgFEgEQCAO/QkCACInIAn9AAQA/eYBICX95AEhJSAnIAn9AAQQ/eYBICb95AEhJiAOQRRqIQ4gCUEgaiEJIABBAWohAAwBCwsgEiAl/QsEACASICb9CwQQCyAPQQFqIQ8MAQsLIAggE2ohEwwBCwsgGkEAIAYbIQBBACEOA0AgACAOSgRAIBggByAObEECdGohDSAdBEBBACEJA0AgCSAZQQN0SARAIA0gCUECdGoiD/0ABAAhJSAPICUgJf0MAAAAAAAAAAAAAAAAAAAAAP3pASAlICX9Qv1S/QsEACAJQQRqIQkMAQsLCyAcIBZBBWwgDmoiCUECdGohDyAbIAYgCWxBA3RqIA8oAgAgBiANIBcgIUEBEAMiDUEASARAIAkPCyAPIA02AgAgDkEBaiEODAELCyAWQQFqIRYMAQsLIAcgF2ohFwwBCwtBACECA0AgASACSgRAIBsgAiAGbEECdCIAQQF0aiAGIAAgCmogACALaiAdRRAEIAJBAWohAgwBCwtBfwsLjQECAEGMCAtAPAAAAAAAAAAAAAAAAgAAACgAAABBAGwAbABvAGMAYQB0AGkAbwBuACAAdABvAG8AIABsAGEAcgBnAGUAAAAAAABBzAgLQDwAAAAAAAAAAAAAAAIAAAAeAAAAfgBsAGkAYgAvAHIAdAAvAHQAbABzAGYALgB0AHMAAAAAAAAAAAAAAAAAAAA=";
var RELAXED_SHARED_WASM_BASE64 = "AGFzbQEAAAABuAEVYAR/f39/AGAHf39/f39/fwBgCH9/f39/f39/AGACf38AYAZ/f39/f38AYAh/f39/f39/fwF/YAF/AX9gB39/f39/f38Bf2AFf39/f38AYAJ/fwF/YAAAYAN/f34AYAJ/fwF8YAl/f39/f39/f38AYAN/f38AYAd/f39/f3x/AGALf39/f399fX19fX0AYAl/f39/f39/f38Bf2ABfwBgBH9/f38Bf2ANf39/f39/f39/f39/fwF/Ah4CA2VudgVhYm9ydAAAA2VudgZtZW1vcnkCAxCAgAQDHx4DAwcICQoLAQwEAg0BAgAADg8CEAURAQYFBBIGExQGBgF/AUEACweEAxYJbWVtX2FsbG9jABwIbWVtX2ZyZWUAGw1mMzJfdG9wa19oZWFwABUPZjMyX2VuY29kZV90b3BrAB4dZjMyX2VuY29kZV90b3BrX3NjcmF0Y2hfYnl0ZXMAHQxmMzJfcmFua19kb3QAGRpmMzJfcmFua19kb3Rfc2NyYXRjaF9ieXRlcwAYEWYzMl9kZWNvZGVfc3BhcnNlABYQZjMyX2RlY29kZV9kZW5zZQAXD2YzMl9zcGFyc2VfZG90cwANEmYzMl9zcGFyc2Vfc2NhdHRlcgAME2YzMl9zcGFyc2Vfc3VtX2NvbHMACxBmMzJfcHJvamVjdF9yb3dzAA8SZjMyX25vcm1hbGl6ZV9yb3dzABEJZjMyX3N1bXNxAAkIZjMyX2FkYW0AFA9mMzJfcGFja19wYW5lbHMAEA1mMzJfY29sX21lYW5zABMOZjMyX3Jvd19lcnJvcnMADg1mMzJfbm1zZV9ncmFkABIMZjMyX3N1bV9yb3dzAAoGbWVtb3J5AgAMAQIKuFIewwEBBH8gASgCAEF8cSIDQYACSQR/IANBBHYFQR9B/P///wMgAyADQfz///8DTxsiA2drIgRBB2shAiADIARBBGt2QRBzCyEEIAEoAgghBSABKAIEIgMEQCADIAU2AggLIAUEQCAFIAM2AgQLIAEgACACQQR0IARqQQJ0aiIBKAJgRgRAIAEgBTYCYCAFRQRAIAAgAkECdGoiASgCBEF+IAR3cSEDIAEgAzYCBCADRQRAIAAgACgCAEF+IAJ3cTYCAAsLCwu2AgEFfyABQQRqIgYgASgCACIDQXxxaiIEKAIAIgJBAXEEQCAAIAQQASABIANBBGogAkF8cWoiAzYCACABKAIAQXxxIAZqIgQoAgAhAgsgA0ECcQRAIAFBBGsoAgAiASgCACEGIAAgARABIAEgBkEEaiADQXxxaiIDNgIACyAEIAJBAnI2AgAgBEEEayABNgIAIAAgA0F8cSICQYACSQR/IAJBBHYFQR9B/P///wMgAiACQfz///8DTxsiAmdrIgNBB2shBSACIANBBGt2QRBzCyICIAVBBHRqQQJ0aigCYCEDIAFBADYCBCABIAM2AgggAwRAIAMgATYCBAsgACAFQQR0IAJqQQJ0aiABNgJgIAAgACgCAEEBIAV0cjYCACAAIAVBAnRqIgAgACgCBEEBIAJ0cjYCBAvjBgQCfQR/A34BewNAIAEgAkggBSALSnEEQCADIAtBAnRqKgIAIgcgB5NDAAAAAFwgByAHXCAGGwRAQX8PCyABIglBAWohASAEIAtqQX9zrSAHQwAAAACSvCIKQX9zIApBgICAgHhyIApBgICAgHhxG61CIIaEIQ0DQCAJQQBKBEAgACAJQQFrQQF1IgpBA3RqKQMAIg4gDVYEQCAAIAlBA3RqIA43AwAgCiEJDAILCwsgACAJQQN0aiANNwMAIAtBAWohCwwBCwsgACkDAEIgiKciAkH/////B3EgAkF/cyACQYCAgIB4cRu+IQcDQCALQQRqIAVMBEAgAyALQQJ0av0ABAAiECAH/RP9RCAQIBD95QH9DAAAAAAAAAAAAAAAAAAAAAD9QiAQIBD9QiAGG/1Q/aQBIQoDQCAKBEAgCmghAiAKIApBAWtxIQogAyACIAtqQQJ0aioCACIIIAiTQwAAAABcIAggCFwgBhsEQEF/DwsgByAIXQRAIAQgC2ogAmpBf3OtIAhDAAAAAJK8IgJBf3MgAkGAgICAeHIgAkGAgICAeHEbrUIghoQhD0EAIQkDQAJAIAlBAXRBAWoiAiABTg0AIAAgAkEDdGopAwAhDSACQQFqIgwgAUgEQCAAIAxBA3RqKQMAIg4gDVQEQCAOIQ0gDCECCwsgDSAPWg0AIAAgCUEDdGogDTcDACACIQkMAQsLIAAgCUEDdGogDzcDACAAKQMAQiCIpyICQf////8HcSACQX9zIAJBgICAgHhxG74hBwsMAQsLIAtBBGohCwwBCwsDQCAFIAtKBEAgAyALQQJ0aioCACIIIAiTQwAAAABcIAggCFwgBhsEQEF/DwsgByAIXQRAIAQgC2pBf3OtIAhDAAAAAJK8IgJBf3MgAkGAgICAeHIgAkGAgICAeHEbrUIghoQhD0EAIQkDQAJAIAlBAXRBAWoiAiABTg0AIAAgAkEDdGopAwAhDSACQQFqIgogAUgEQCAAIApBA3RqKQMAIg4gDVQEQCAOIQ0gCiECCwsgDSAPWg0AIAAgCUEDdGogDTcDACACIQkMAQsLIAAgCUEDdGogDzcDACAAKQMAQiCIpyICQf////8HcSACQX9zIAJBgICAgHhxG74hBwsgC0EBaiELDAELCyABC4MCAwR/A34BfSABIQYDQCAGQQBKBEAgBkEBayIIQQJ0IgEgA2ogACkDACIJQiCIpyIFQf////8HcSAFQX9zIAVBgICAgHhxG74iDEMAAAAAIAxDAAAAAF5BASAEGxs4AgAgASACaiAJp0F/czYCACAIQQBKBEAgACAIQQN0aikDACELQQAhBQNAAkAgCCAFQQF0QQFqIgFMDQAgACABQQN0aikDACEJIAFBAWoiByAISARAIAAgB0EDdGopAwAiCiAJVARAIAohCSAHIQELCyAJIAtaDQAgACAFQQN0aiAJNwMAIAEhBQwBCwsgACAFQQN0aiALNwMACyAGQQFrIQYMAQsLC6kBAQF/IAFBgAJJBEAgAUEEdiEBBSABQf7///8BSQRAIAFBAUEbIAFna3RqQQFrIQELIAFBHyABZ2siAkEEa3ZBEHMhASACQQdrIQILIAAgAkECdGooAgRBfyABdHEiAQR/IAAgAWggAkEEdGpBAnRqKAJgBSAAKAIAQX8gAkEBanRxIgEEfyAAIAAgAWgiAEECdGooAgRoIABBBHRqQQJ0aigCYAVBAAsLC5ABAQJ/PwAiAEEATAR/QQEgAGtAAEEASAVBAAsEQAALQZAJQQA2AgBBsBVBADYCAANAIAFBF0kEQCABQQJ0QZAJakEANgIEQQAhAANAIABBEEkEQCABQQR0IABqQQJ0QZAJakEANgJgIABBAWohAAwBCwsgAUEBaiEBDAELC0GQCUG0FT8ArEIQhhAHQZAJJAALhgEBA38gAUETakFwcUEEayEBIAAoAqAMIgMEQCABQRBrIgUgA0YEQCADKAIAIQQgBSEBCwsgAqdBcHEgAWsiA0EUSQRADwsgASAEQQJxIANBCGsiA0EBcnI2AgAgAUEANgIEIAFBADYCCCABQQRqIANqIgNBAjYCACAAIAM2AqAMIAAgARACC4sEAg97An8gBCACIAYbIhf9AAQAIQggF/0ABBAhCSAFQQJ0IgUgBGogAiAGGyIX/QAEACEKIBf9AAQQIQsgBCAFQQF0aiACIAYbIhf9AAQAIQwgF/0ABBAhDSAEIAVBA2xqIAIgBhsiF/0ABAAhDiAX/QAEECEPIAQgBUECdGogAiAGGyIX/QAEACEQIBf9AAQQIREgBCAFQQVsaiACIAYbIgL9AAQAIRIgAv0ABBAhEwNAIAMgFkoEQCAA/QkCACIUIAH9AAQAIgcgCP2FAiEIIBQgAf0ABBAiFCAJ/YUCIQkgAP0JAgQiFSAHIAr9hQIhCiAVIBQgC/2FAiELIAD9CQIIIhUgByAM/YUCIQwgFSAUIA39hQIhDSAA/QkCDCIVIAcgDv2FAiEOIBUgFCAP/YUCIQ8gAP0JAhAiFSAHIBD9hQIhECAVIBQgEf2FAiERIAD9CQIUIhUgByAS/YUCIRIgFSAUIBP9hQIhEyAAQRhqIQAgAUEgaiEBIBZBAWohFgwBCwsgBCAI/QsEACAEIAn9CwQQIAQgBWoiACAK/QsEACAAIAv9CwQQIAQgBUEBdGoiACAM/QsEACAAIA39CwQQIAQgBUEDbGoiACAO/QsEACAAIA/9CwQQIAQgBUECdGoiACAQ/QsEACAAIBH9CwQQIAQgBUEFbGoiACAS/QsEACAAIBP9CwQQC5cBAwJ/AXwCewNAIAJBBGoiAyABTARAIAUgACACQQJ0av0ABAAiBv1fIgUgBf3yASAGIAb9DQgJCgsMDQ4PAAECAwQFBgf9XyIFIAX98gH98AH98AEhBSADIQIMAQsLIAX9IQAgBf0hAaAhBANAIAEgAkoEQCAEIAAgAkECdGoqAgC7IgQgBKKgIQQgAkEBaiECDAELCyAEC1oBBX8DQCABIAdKBEAgACACIAdsQQJ0aiEIIAMhBgNAIAQgBkoEQCAGQQJ0IgkgBWoiCiAKKgIAIAggCWoqAgCSOAIAIAZBAWohBgwBCwsgB0EBaiEHDAELCwvoAgMIfwF7AX0gBUECdCIOIAdqQQAgBiAFa0ECdPwLAANAIAIgCkoEQCAKQQJ0IgggAWoqAgAiEUMAAAAAXARAIAMgACAIaigCACAEbEECdGogDmohCyAHIA5qIQwgBiAFayENIBH9EyEQQQAhCANAIAhBEGoiCSANTARAIAhBAnQiCCAMaiIPIBAgCCALaiII/QAEACAP/QAEAP2FAv0LBAAgDyAQIAj9AAQQIA/9AAQQ/YUC/QsEECAPIBAgCP0ABCAgD/0ABCD9hQL9CwQgIA8gECAI/QAEMCAP/QAEMP2FAv0LBDAgCSEIDAELCwNAIAhBBGoiCSANTARAIAhBAnQiCCAMaiIPIBAgCCALav0ABAAgD/0ABAD9hQL9CwQAIAkhCAwBCwsDQCAIIA1IBEAgCEECdCIJIAxqIg8gESAJIAtqKgIAlCAPKgIAkjgCACAIQQFqIQgMAQsLCyAKQQFqIQoMAQsLC/kCAwd/AXsBfQNAIAIgC0oEQCAEIAUgC2xBAnRqIQ1BACEMA0AgAyAMSgRAIAMgC2wgDGpBAnQiCSAAaigCACIKIAdOIAggCkpxIAEgCWoqAgAiEUMAAAAAXHEEQCAGIAUgCmxBAnRqIQ4gEf0TIRBBACEJA0AgCUEQaiIKIAVMBEAgCUECdCIJIA5qIg8gECAJIA1qIgn9AAQAIA/9AAQA/YUC/QsEACAPIBAgCf0ABBAgD/0ABBD9hQL9CwQQIA8gECAJ/QAEICAP/QAEIP2FAv0LBCAgDyAQIAn9AAQwIA/9AAQw/YUC/QsEMCAKIQkMAQsLA0AgCUEEaiIKIAVMBEAgCUECdCIJIA5qIg8gECAJIA1q/QAEACAP/QAEAP2FAv0LBAAgCiEJDAELCwNAIAUgCUoEQCAJQQJ0IgogDmoiDyARIAogDWoqAgCUIA8qAgCSOAIAIAlBAWohCQwBCwsLIAxBAWohDAwBCwsgC0EBaiELDAELCwv9AQMHfwF9AXsDQCABIA1KBEAgBCAFIA1sQQJ0aiELQQAhDANAIAIgDEoEQCADIAIgDWwgDGpBAnQiCSAAaigCACAFbEECdGohCv0MAAAAAAAAAAAAAAAAAAAAACEPQQAhBwNAIAdBBGoiCCAFTARAIAdBAnQiByAKav0ABAAgByALav0ABAAgD/2FAiEPIAghBwwBCwsgD/0fACAP/R8BkiAP/R8CkiAP/R8DkiEOA0AgBSAHSgRAIA4gB0ECdCIIIApqKgIAIAggC2oqAgCUkiEOIAdBAWohBwwBCwsgBiAJaiAOOAIAIAxBAWohDAwBCwsgDUEBaiENDAELCwu5AQIDfwN8A0AgBCAJSgRARAAAAAAAAAAAIQtEAAAAAAAAAAAhDEEAIQgDQCAFIAhKBEAgCyAFIAlsIAhqQQJ0IgogAGoqAgC7IAMEfCABIApqKgIAuyACIApqKgIAu6EFIAEgCmoqAgC7CyINoSILIAuioCELIAwgBiAIQQN0aisDACANoSIMIAyioCEMIAhBAWohCAwBCwsgByAJQQR0aiIIIAs5AwAgCCAMOQMIIAlBAWohCQwBCwsL0AMDBn8BewF9A0AgAiAGSgRAIAMgBmxBAnQiByAAaiEIIAEgB2ohCf0MAAAAAAAAAAAAAAAAAAAAACEKQQAhBANAIARBBGoiBSADTARAIARBAnQiBCAIav0ABAAgBCAJav0ABAAgCv2FAiEKIAUhBAwBCwsgCv0fACAK/R8BkiAK/R8CkiAK/R8DkiELA0AgAyAESgRAIAsgBEECdCIFIAhqKgIAIAUgCWoqAgCUkiELIARBAWohBAwBCwsgACAHaiEIIAEgB2ohByALjCIL/RMhCkEAIQQDQCAEQRBqIgUgA0wEQCAEQQJ0IgQgB2oiCSAKIAQgCGoiBP0ABAAgCf0ABAD9hQL9CwQAIAkgCiAE/QAEECAJ/QAEEP2FAv0LBBAgCSAKIAT9AAQgIAn9AAQg/YUC/QsEICAJIAogBP0ABDAgCf0ABDD9hQL9CwQwIAUhBAwBCwsDQCAEQQRqIgUgA0wEQCAEQQJ0IgQgB2oiCSAKIAQgCGr9AAQAIAn9AAQA/YUC/QsEACAFIQQMAQsLA0AgAyAESgRAIARBAnQiBSAHaiIJIAsgBSAIaioCAJQgCSoCAJI4AgAgBEEBaiEEDAELCyAGQQFqIQYMAQsLC2sBBH8DQCABIAVKBEAgAyAFQQdxIgQgBSAEayACbGpBAnRqIQYgACACIAVsQQJ0aiEHQQAhBANAIAIgBEoEQCAGIARBBXRqIAcgBEECdGoqAgA4AgAgBEEBaiEEDAELCyAFQQFqIQUMAQsLC6MCAwV/AnsBfQNAIAEgBUoEQCACIAVsQQJ0IgYgAGohB/0MAAAAAAAAAAAAAAAAAAAAACEIQQAhAwNAIANBBGoiBCACTARAIANBAnQgB2r9AAQAIgkgCSAI/YUCIQggBCEDDAELCyAI/R8AIAj9HwGSIAj9HwKSIAj9HwOSIQoDQCACIANKBEAgCiADQQJ0IAdqKgIAIgogCpSSIQogA0EBaiEDDAELC0MAAIA/IAqRIgqV/RMhCEEAIQMDQCADQQRqIgQgAkwEQCAAIAZqIANBAnRqIgMgA/0ABAAgCP3mAf0LBAAgBCEDDAELCwNAIAIgA0oEQCAAIAZqIANBAnRqIgQgBCoCACAKlTgCACADQQFqIQMMAQsLIAVBAWohBQwBCwsLVQECfwNAIAQgCEoEQCAIQQJ0IgcgBmogBSAAIAdqKgIAuyADBHwgASAHaioCALsgAiAHaioCALuhBSABIAdqKgIAuwuhorY4AgAgCEEBaiEIDAELCwuCAQICfwF8A0AgBSAGSARARAAAAAAAAAAAIQpBACEIA0AgAyAISgRAIAQgCGwgBWpBAnQhCSAKIAIEfCAAIAlqKgIAuyABIAlqKgIAu6EFIAAgCWoqAgC7C6AhCiAIQQFqIQgMAQsLIAcgBUEDdGogCiADt6M5AwAgBUEBaiEFDAELCwv1AgMEfwp7An0gBf0TIRYgBv0TIRUgB/0TIRRDAACAPyAGk/0TIRNDAACAPyAHk/0TIRIgCP0TIREgCf0TIRAgCv0TIQ8DQCALQQRqIgwgBEwEQCALQQJ0IgsgAWr9AAQAIBb95gEhGCAVIAIgC2oiDf0ABAD95gEgEyAY/eYB/eQBIRcgFCADIAtqIg79AAQA/eYBIBIgGCAY/eYB/eYB/eQBIRggDSAX/QsEACAOIBj9CwQAIAAgC2oiCyAL/QAEACARIBf95gEgGP3jASAQ/ecBIA/95AH95wH95QH9CwQAIAwhCwwBCwsDQCAEIAtKBEAgC0ECdCIMIAFqKgIAIAWUIRogBiACIAxqIg0qAgCUQwAAgD8gBpMgGpSSIRkgByADIAxqIg4qAgCUQwAAgD8gB5MgGpQgGpSSIRogDSAZOAIAIA4gGjgCACAAIAxqIgwgDCoCACAIIBmUIBqRIAmVIAqSlZM4AgAgC0EBaiELDAELCwtWAQJ/A0AgASAISgRAIAdBACADIAAgAiAIbEECdGpBACACQQAQA0EASARAIAgPCyAHIAMgAyAIbEECdCIJIAVqIAYgCWogBBAEIAhBAWohCAwBCwtBfwvvAwMIfwF7AX0gBkECdCEOA0AgAiAMSgRAIAggDCAObGoiDUEAIA78CwBBACELA0AgAyALSgRAIAMgDGwgC2pBAnQiCSAAaigCACIKIAdPBEAgDA8LIAEgCWoqAgAiEkMAAAAAXARAIAQgCiAObGohDyAS/RMhEUEAIQkDQCAJQRBqIgogBkwEQCAJQQJ0IgkgDWoiECARIAkgD2oiCf0ABAAgEP0ABAD9hQL9CwQAIBAgESAJ/QAEECAQ/QAEEP2FAv0LBBAgECARIAn9AAQgIBD9AAQg/YUC/QsEICAQIBEgCf0ABDAgEP0ABDD9hQL9CwQwIAohCQwBCwsDQCAJQQRqIgogBkwEQCAJQQJ0IgkgDWoiECARIAkgD2r9AAQAIBD9AAQA/YUC/QsEACAKIQkMAQsLA0AgBiAJSgRAIAlBAnQiCiANaiIQIBIgCiAPaioCAJQgECoCAJI4AgAgCUEBaiEJDAELCwsgC0EBaiELDAELC0EAIQkDQCAJQQRqIgogBkwEQCAJQQJ0IgkgDWoiCyAL/QAEACAFIAlq/QAEAP3kAf0LBAAgCiEJDAELCwNAIAYgCUoEQCAJQQJ0IgogDWoiCyALKgIAIAUgCmoqAgCSOAIAIAlBAWohCQwBCwsgDEEBaiEMDAELC0F/C98DAwl/AXsBfSAFQQJ0IQwDQCABIAtKBEAgBiALIAxsaiIKQQAgDPwLACAAIAIgC2xBAnRqIQ5BACEJA0AgAiAJSgRAIA4gCUECdGoqAgAiEUMAAAAAXARAIAMgCSAMbGohDSAR/RMhEEEAIQcDQCAHQRBqIgggBUwEQCAHQQJ0IgcgCmoiDyAQIAcgDWoiB/0ABAAgD/0ABAD9hQL9CwQAIA8gECAH/QAEECAP/QAEEP2FAv0LBBAgDyAQIAf9AAQgIA/9AAQg/YUC/QsEICAPIBAgB/0ABDAgD/0ABDD9hQL9CwQwIAghBwwBCwsDQCAHQQRqIgggBUwEQCAHQQJ0IgcgCmoiDyAQIAcgDWr9AAQAIA/9AAQA/YUC/QsEACAIIQcMAQsLA0AgBSAHSgRAIAdBAnQiCCAKaiIPIBEgCCANaioCAJQgDyoCAJI4AgAgB0EBaiEHDAELCwsgCUEBaiEJDAELC0EAIQcDQCAHQQRqIgggBUwEQCAHQQJ0IgcgCmoiCSAJ/QAEACAEIAdq/QAEAP3kAf0LBAAgCCEHDAELCwNAIAUgB0oEQCAHQQJ0IgggCmoiCSAJKgIAIAQgCGoqAgCSOAIAIAdBAWohBwwBCwsgC0EBaiELDAELCwsLACAAQQN0QYAIagudAQIEfwF8IAVBgAhqIQkDQCABIAhKBEAgACAIQYACIAEgCGsiCyALQYACShsiCyACIAMgBRAaIAkgCiAEIAUgCCALQQAQAyIKQQBIBEBBACEAA0AgACALSARAIAUgAEECdGoqAgC7IgwgDGIEQCAAIAhqDwsgAEEBaiEADAELCyAIDwsgCEGAAmohCAwBCwsgCSAEIAYgB0EAEARBfwvABQMFfwV7BX0gA0ECdCEJA0AgCEEEaiACTARAIAAgASAIaiAJbGohCv0MAAAAAAAAAAAAAAAAAAAAACEM/QwAAAAAAAAAAAAAAAAAAAAAIQ39DAAAAAAAAAAAAAAAAAAAAAAhDv0MAAAAAAAAAAAAAAAAAAAAACELQQAhBgNAIAZBBGoiByADTARAIAZBAnQiBiAEav0ABAAhDyAGIApq/QAEACAPIAz9hQIhDCAJIApqIAZq/QAEACAPIA39hQIhDSAKIAlBAXRqIAZq/QAEACAPIA79hQIhDiAKIAlBA2xqIAZq/QAEACAPIAv9hQIhCyAHIQYMAQsLIAz9HwAgDP0fAZIgDP0fApIgDP0fA5IhEiAN/R8AIA39HwGSIA39HwKSIA39HwOSIRMgDv0fACAO/R8BkiAO/R8CkiAO/R8DkiEUIAv9HwAgC/0fAZIgC/0fApIgC/0fA5IhEANAIAMgBkoEQCAGQQJ0IgcgBGoqAgAhESASIAcgCmoqAgAgEZSSIRIgEyAJIApqIAdqKgIAIBGUkiETIBQgCiAJQQF0aiAHaioCACARlJIhFCAQIAogCUEDbGogB2oqAgAgEZSSIRAgBkEBaiEGDAELCyAFIAhBAnRqIgYgEjgCACAGIBM4AgQgBiAUOAIIIAYgEDgCDCAIQQRqIQgMAQsLA0AgAiAISgRAIAAgASAIaiAJbGohCv0MAAAAAAAAAAAAAAAAAAAAACELQQAhBgNAIAZBBGoiByADTARAIAZBAnQiBiAKav0ABAAgBCAGav0ABAAgC/2FAiELIAchBgwBCwsgC/0fACAL/R8BkiAL/R8CkiAL/R8DkiEQA0AgAyAGSgRAIBAgBkECdCIHIApqKgIAIAQgB2oqAgCUkiEQIAZBAWohBgwBCwsgBSAIQQJ0aiAQOAIAIAhBAWohCAwBCwsLSAEBfyAAQYwJTwRAIwBFBEAQBgsgAEEEayEBIABBD3FBASAAGwR/QQEFIAEoAgBBAXELGiABIAEoAgBBAXI2AgAjACABEAILC8ACAQR/IwBFBEAQBgsjACECIABB/P///wNLBEBBoAhB4AhBzQNBHRAAAAsgAiAAQQxNBH9BDAUgAEETakFwcUEEawsiAxAFIgBFBEA/ACIAIANBgAJPBH8gA0H+////AUkEfyADQQFBGyADZ2t0akEBawUgAwsFIAMLQQQgAigCoAwgAEEQdEEEa0d0akH//wNqQYCAfHFBEHYiASAAIAFKG0AAQQBIBEAgAUAAQQBIBEAACwsgAiAAQRB0PwCsQhCGEAcgAiADEAUhAAsgACgCABogAiAAEAEgACgCACIBQXxxIANrIgRBEE8EQCAAIAMgAUECcXI2AgAgAEEEaiADaiIBIARBBGtBAXI2AgAgAiABEAIFIAAgAUF+cTYCACAAQQRqIAAoAgBBfHFqIgEgASgCAEF9cTYCAAsgAEEEags0ACAAIAJsQQN0IABBAnRqIABBBWpBBm1BBmwgAWxBAnRBD2pBcHEgA0EYbEEPakFwcWpqC98UAhh/DXsgDCABQQVqQQZtIhBBBmwgAmxBAnRBD2pBcHFqIhggB0EYbEEPakFwcWoiGyABIAZsQQN0aiEcA0AgDiAQSARAIAwgAiAObEEYbGohEUEAIQ0DQCANQQZIBEAgDkEGbCANaiIPIAFIBEAgACACIA9sQQJ0aiESQQAhDwNAIAIgD0oEQCARIA9BBmwgDWpBAnRqIBIgD0ECdGoqAgA4AgAgD0EBaiEPDAELCwVBACEPA0AgAiAPSgRAIBEgD0EGbCANakECdGpDAAAAADgCACAPQQFqIQ8MAQsLCyANQQFqIQ0MAQsLIA5BAWohDgwBCwsgHEEAIAFBAnT8CwAgAkEFdCEVIAFBBWpBBm0hICAJQQFGIR0DQCAFIBdKBEAgByAFIBdrIgAgACAHShsiIUEHakEIbSEZQQAhFgNAIBYgIEgEQCAMIAIgFmxBGGxqISJBBiABIBZBBmxrIgAgAEEGShshGkEAIRMDQCACIBNKBEAgIiATQRhsaiENIAMgF0EIbSIAIBVsaiATQQV0aiEeIAQgAEEFdGohHyAIIAIgE2siACAAIAhKGyEUIBNBAEohI0EAIQ8gGkEBRgRAA0AgD0EEaiIAIBlMBEAgDSEJQQAhEiAPQQV0Ig4gGGoiJCAOIB9qICMbIg79AAQAISYgDv0ABBAhJyAO/QAEICEoIA79AAQwISUgDv0ABEAhKSAO/QAEUCErIA79AARgISwgDv0ABHAhLSAVIB4gDyAVbGoiEWohDyARIBVBAXRqIRAgESAVQQNsaiEOA0AgEiAUSARAIAn9CQIAIiogEf0ABAAgJv2FAiEmICogEf0ABBAgJ/2FAiEnICogD/0ABAAgKP2FAiEoICogD/0ABBAgJf2FAiElICogEP0ABAAgKf2FAiEpICogEP0ABBAgK/2FAiErICogDv0ABAAgLP2FAiEsICogDv0ABBAgLf2FAiEtIAlBGGohCSARQSBqIREgD0EgaiEPIBBBIGohECAOQSBqIQ4gEkEBaiESDAELCyAkICb9CwQAICQgJ/0LBBAgJCAo/QsEICAkICX9CwQwICQgKf0LBEAgJCAr/QsEUCAkICz9CwRgICQgLf0LBHAgACEPDAELCwsDQCAPIBlIBEAgHiAPIBVsaiEJIA9BBXQiACAfaiEQIAAgGGohEgJAAkACQAJAAkACQAJAIBpBAmsOBQQDAgEABQsgDSAJIBAgFCASIAcgIxAIDAULIA0hAEEAIREgEiAQICMbIg79AAQAISggDv0ABBAhJSAHQQJ0Ig4gEmogECAjGyIk/QAEACEpICT9AAQQISsgEiAOQQF0aiAQICMbIiT9AAQAISwgJP0ABBAhKiASIA5BA2xqIBAgIxsiJP0ABAAhLSAk/QAEECEmIBIgDkECdGogECAjGyIQ/QAEACEnIBD9AAQQIS4DQCARIBRIBEAgAP0JAgAiMCAJ/QAEACIvICj9hQIhKCAwIAn9AAQQIjAgJf2FAiElIAD9CQIEIjEgLyAp/YUCISkgMSAwICv9hQIhKyAA/QkCCCIxIC8gLP2FAiEsIDEgMCAq/YUCISogAP0JAgwiMSAvIC39hQIhLSAxIDAgJv2FAiEmIAD9CQIQIjEgLyAn/YUCIScgMSAwIC79hQIhLiAAQRhqIQAgCUEgaiEJIBFBAWohEQwBCwsgEiAo/QsEACASICX9CwQQIA4gEmoiACAp/QsEACAAICv9CwQQIBIgDkEBdGoiACAs/QsEACAAICr9CwQQIBIgDkEDbGoiACAt/QsEACAAICb9CwQQIBIgDkECdGoiACAn/QsEACAAIC79CwQQDAQLIA0hAEEAIREgEiAQICMbIg79AAQAISYgDv0ABBAhJyAHQQJ0Ig4gEmogECAjGyIk/QAEACEoICT9AAQQISUgEiAOQQF0aiAQICMbIiT9AAQAISkgJP0ABBAhKyASIA5BA2xqIBAgIxsiEP0ABAAhLCAQ/QAEECEqA0AgESAUSARAIAD9CQIAIi0gCf0ABAAiLiAm/YUCISYgLSAJ/QAEECItICf9hQIhJyAA/QkCBCIvIC4gKP2FAiEoIC8gLSAl/YUCISUgAP0JAggiLyAuICn9hQIhKSAvIC0gK/2FAiErIAD9CQIMIi8gLiAs/YUCISwgLyAtICr9hQIhKiAAQRhqIQAgCUEgaiEJIBFBAWohEQwBCwsgEiAm/QsEACASICf9CwQQIA4gEmoiACAo/QsEACAAICX9CwQQIBIgDkEBdGoiACAp/QsEACAAICv9CwQQIBIgDkEDbGoiACAs/QsEACAAICr9CwQQDAMLIA0hACAJIQ5BACERIBIgECAjGyIJ/QAEACEnIAn9AAQQISggB0ECdCIJIBJqIBAgIxsiJP0ABAAhJSAk/QAEECEpIBIgCUEBdGogECAjGyIQ/QAEACErIBD9AAQQISwDQCARIBRIBEAgAP0JAgAiJiAO/QAEACIqICf9hQIhJyAmIA79AAQQIiYgKP2FAiEoIAD9CQIEIi0gKiAl/YUCISUgLSAmICn9hQIhKSAA/QkCCCItICogK/2FAiErIC0gJiAs/YUCISwgAEEYaiEAIA5BIGohDiARQQFqIREMAQsLIBIgJ/0LBAAgEiAo/QsEECAJIBJqIgAgJf0LBAAgACAp/QsEECASIAlBAXRqIgAgK/0LBAAgACAs/QsEEAwCCyANIQ4gEiAQICMbIgD9AAQAISUgAP0ABBAhJiAHQQJ0IhEgEmogECAjGyIA/QAEACEnIAD9AAQQIShBACEAA0AgACAUSARAIA79CQIAIikgCf0ABAAiKiAl/YUCISUgKSAJ/QAEECIpICb9hQIhJiAO/QkCBCIrICogJ/2FAiEnICsgKSAo/YUCISggDkEYaiEOIAlBIGohCSAAQQFqIQAMAQsLIBIgJf0LBAAgEiAm/QsEECARIBJqIgAgJ/0LBAAgACAo/QsEEAwBCyANIQ4gEiAQICMbIgD9AAQAISUgAP0ABBAhJkEAIQADQCAAIBRIBEAgDv0JAgAiJyAJ/QAEACAl/YUCISUgJyAJ/QAEECAm/YUCISYgDkEYaiEOIAlBIGohCSAAQQFqIQAMAQsLIBIgJf0LBAAgEiAm/QsEEAsgD0EBaiEPDAELCyAIIBNqIRMMAQsLIBpBACAGGyEAQQAhDgNAIAAgDkoEQCAYIAcgDmxBAnRqIQ0gHQRAQQAhCQNAIAkgGUEDdEgEQCANIAlBAnRqIg/9AAQAISUgDyAlICX9DAAAAAAAAAAAAAAAAAAAAAD96QEgJSAl/UL9Uv0LBAAgCUEEaiEJDAELCwsgHCAWQQZsIA5qIglBAnRqIQ8gGyAGIAlsQQN0aiAPKAIAIAYgDSAXICFBARADIg1BAEgEQCAJDwsgDyANNgIAIA5BAWohDgwBCwsgFkEBaiEWDAELCyAHIBdqIRcMAQsLQQAhAgNAIAEgAkoEQCAbIAIgBmxBAnQiAEEBdGogBiAAIApqIAAgC2ogHUUQBCACQQFqIQIMAQsLQX8LC40BAgBBjAgLQDwAAAAAAAAAAAAAAAIAAAAoAAAAQQBsAGwAbwBjAGEAdABpAG8AbgAgAHQAbwBvACAAbABhAHIAZwBlAAAAAAAAQcwIC0A8AAAAAAAAAAAAAAACAAAAHgAAAH4AbABpAGIALwByAHQALwB0AGwAcwBmAC4AdABzAAAAAAAAAAAAAAAAAAAA";

// src/kernels/wasm-embedded.ts
function decodeBase64(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
var embedded;
function embeddedWasm() {
  embedded ??= {
    simd: decodeBase64(SIMD_WASM_BASE64),
    relaxed: decodeBase64(RELAXED_WASM_BASE64),
    simdShared: decodeBase64(SIMD_SHARED_WASM_BASE64),
    relaxedShared: decodeBase64(RELAXED_SHARED_WASM_BASE64)
  };
  return embedded;
}
function embeddedModule(isa, shared = false) {
  const e = embeddedWasm();
  return isa === "relaxed-simd" ? shared ? e.relaxedShared : e.relaxed : shared ? e.simdShared : e.simd;
}
function detectIsa() {
  if (typeof WebAssembly !== "object") return void 0;
  const { simd, relaxed } = embeddedWasm();
  if (WebAssembly.validate(relaxed)) return "relaxed-simd";
  if (WebAssembly.validate(simd)) return "simd";
  return void 0;
}
function sharedModuleValid(isa) {
  return typeof WebAssembly === "object" && WebAssembly.validate(embeddedModule(isa, true));
}

// src/runtime/detect.ts
function runtimeKey() {
  const g = globalThis;
  if (typeof g.Deno === "object") return "deno";
  if (typeof g.Bun === "object") return "bun";
  if (g.navigator?.userAgent === "Cloudflare-Workers") return "workerd";
  if (g.process?.versions?.node) return "node";
  if (typeof g.window === "object" && typeof g.document === "object") return "browser";
  if (typeof g.WorkerGlobalScope === "function") return "webworker";
  return "unknown";
}
function detect() {
  const g = globalThis;
  const runtime = runtimeKey();
  const workers = runtime === "node" || runtime !== "workerd" && typeof g.Worker === "function";
  const isolated = runtime === "browser" || runtime === "webworker" ? g.crossOriginIsolated === true : true;
  const sharedMemory = typeof SharedArrayBuffer === "function" && isolated && runtime !== "workerd";
  const webgpu = g.navigator?.gpu !== void 0;
  return Object.freeze({ runtime, workers, sharedMemory, webgpu });
}
var cached;
function caps() {
  cached ??= detect();
  return cached;
}

// src/runtime/workers.ts
async function nodeModule(name) {
  return await import(
    /* @vite-ignore */
    name
  );
}
async function cores() {
  if (caps().runtime === "node") {
    const os = await nodeModule("node:os");
    return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  }
  return Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
}
function nodeEndpoint(port) {
  const listeners = /* @__PURE__ */ new WeakMap();
  return {
    postMessage: (m, t) => port.postMessage(m, t),
    addEventListener: (_, h) => {
      const l = (data) => "handleEvent" in h ? h.handleEvent({ data }) : h({ data });
      port.on("message", l);
      listeners.set(h, l);
    },
    removeEventListener: (_, h) => {
      const l = listeners.get(h);
      if (l) port.off("message", l);
    }
  };
}
async function spawnNode(code) {
  const { Worker: Worker2 } = await nodeModule("node:worker_threads");
  const w = new Worker2(code, { eval: true });
  let ended = false;
  let death;
  const die = (reason) => {
    if (!ended) {
      ended = true;
      death?.(reason);
    }
  };
  w.on("error", (e) => die(`worker failed: ${e?.message ?? String(e)}`));
  w.on("exit", (code2) => die(`worker exited with code ${String(code2)}`));
  return {
    endpoint: nodeEndpoint(w),
    onDeath: (cb) => {
      death = cb;
    },
    terminate: async () => {
      ended = true;
      await w.terminate();
    },
    kill: async () => {
      await w.terminate();
    },
    hold: (busy) => busy ? w.ref() : w.unref()
  };
}
function spawnWeb(code) {
  const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  const w = new Worker(url, { type: "module" });
  let ended = false;
  let death;
  w.addEventListener("error", (e) => {
    e.preventDefault?.();
    if (!ended) {
      ended = true;
      death?.(`worker failed: ${e.message ?? "error"}`);
    }
  });
  return {
    endpoint: w,
    onDeath: (cb) => {
      death = cb;
    },
    terminate: async () => {
      ended = true;
      w.terminate();
      URL.revokeObjectURL(url);
    },
    // Web Workers report no exit, so a kill is announced the way a crash would be.
    kill: async () => {
      w.terminate();
      if (!ended) {
        ended = true;
        death?.("worker terminated");
      }
    },
    hold: (busy) => {
      const b = w;
      if (busy) b.ref?.();
      else b.unref?.();
    }
  };
}
async function spawnWorker(code) {
  return caps().runtime === "node" ? spawnNode(code) : spawnWeb(code);
}

// src/worker/pool.ts
import { wrap } from "comlink";

// src/worker/protocol.ts
import { transfer } from "comlink";
function unwrap(r) {
  if (r.ok) return r.value;
  const code = r.error.code === "E_INTERNAL" ? "E_WORKER" : r.error.code;
  const e = new SaeError(code, r.error.code === "E_INTERNAL" ? `worker: ${r.error.message}` : r.error.message);
  if (r.error.stack) e.stack = r.error.stack;
  throw e;
}

// src/worker/pool.ts
function aborted(signal) {
  return new SaeError(
    "E_ABORTED",
    `aborted before it started${signal.reason !== void 0 ? `: ${String(signal.reason instanceof Error ? signal.reason.message : signal.reason)}` : ""}`
  );
}
var WorkerPool = class _WorkerPool {
  constructor(code, inits, options) {
    this.code = code;
    this.inits = inits;
    this.maxQueue = options.maxQueue ?? 64;
  }
  code;
  inits;
  slots = [];
  queue = [];
  roomWaiters = [];
  /** Places in the queue promised to woken waiters that have not pushed their task yet. */
  reserved = 0;
  maxQueue;
  disposed = false;
  /** Workers started to replace ones that died. */
  replaced = 0;
  /** Starts one worker per init message (worker i gets inits[i]) and waits until all are ready. */
  static async start(code, inits, options = {}) {
    const pool = new _WorkerPool(code, inits, options);
    try {
      await Promise.all(inits.map((_, i) => pool.spawn(i)));
    } catch (e) {
      await pool.dispose();
      throw e;
    }
    return pool;
  }
  get size() {
    return this.slots.length;
  }
  /** Tasks waiting for a worker now. */
  get queued() {
    return this.queue.length;
  }
  async spawn(index) {
    const handle = await spawnWorker(this.code);
    const api = wrap(handle.endpoint);
    const slot = { index, handle, api, busy: true, dead: false };
    this.slots[index] = slot;
    handle.onDeath((reason) => this.died(slot, reason));
    const ready = new Promise((resolve, reject) => {
      slot.fail = reject;
      api.init(this.inits[index]).then((r) => {
        unwrap(r);
        resolve();
      }, reject);
    });
    await ready;
    slot.fail = void 0;
    this.idle(slot);
    this.pump();
  }
  died(slot, reason) {
    slot.dead = true;
    slot.busy = true;
    slot.fail?.(new SaeError("E_WORKER", `worker ${slot.index} died during a call (${reason})`));
    slot.fail = void 0;
    if (this.disposed || this.slots[slot.index] !== slot) return;
    this.replaced++;
    this.spawn(slot.index).catch((e) => {
      if (this.slots.every((s) => s.busy)) for (const t of this.queue.splice(0)) t.reject(e);
    });
  }
  /**
   * Queues `run` for the next free worker. When the queue is full the call waits for room first;
   * an aborted signal removes a task that has not started.
   */
  async run(run, signal) {
    if (this.disposed) throw new SaeError("E_DISPOSED", "this model was disposed");
    if (this.queue.length + this.reserved >= this.maxQueue || this.roomWaiters.length) {
      await new Promise((r) => this.roomWaiters.push(r));
      this.reserved--;
      if (this.disposed) throw new SaeError("E_DISPOSED", "this model was disposed");
    }
    if (signal?.aborted) {
      this.room();
      throw aborted(signal);
    }
    return new Promise((resolve, reject) => {
      const task = { run, resolve, reject, signal };
      if (signal) {
        task.onAbort = () => {
          const i = this.queue.indexOf(task);
          if (i >= 0) {
            this.queue.splice(i, 1);
            this.room();
            reject(aborted(signal));
          }
        };
        signal.addEventListener("abort", task.onAbort, { once: true });
      }
      this.queue.push(task);
      this.pump();
    });
  }
  /** A slot with nothing to do no longer keeps the process alive; a dead one stays busy for good. */
  idle(slot) {
    if (slot.dead) return;
    slot.busy = false;
    slot.handle.hold(false);
  }
  room() {
    while (this.roomWaiters.length && this.queue.length + this.reserved < this.maxQueue) {
      this.reserved++;
      this.roomWaiters.shift()();
    }
  }
  pump() {
    for (const slot of this.slots) {
      if (!slot || slot.busy || slot.dead || this.queue.length === 0) continue;
      const task = this.queue.shift();
      this.room();
      if (task.onAbort) task.signal.removeEventListener("abort", task.onAbort);
      slot.busy = true;
      slot.handle.hold(true);
      const done = () => {
        if (slot.fail === fail2) slot.fail = void 0;
        this.idle(slot);
        this.pump();
      };
      let settled = false;
      const fail2 = (e) => {
        if (!settled) {
          settled = true;
          task.reject(e);
        }
      };
      slot.fail = fail2;
      task.run(slot.api).then(
        (v) => {
          if (!settled) {
            settled = true;
            task.resolve(v);
          }
          done();
        },
        (e) => {
          fail2(e instanceof SaeError ? e : new SaeError("E_WORKER", `worker ${slot.index}: ${e?.message ?? String(e)}`));
          done();
        }
      );
    }
  }
  /** Terminates every worker; queued and running calls reject with E_DISPOSED. */
  async dispose() {
    if (this.disposed) return;
    this.disposed = true;
    const gone = new SaeError("E_DISPOSED", "this model was disposed");
    for (const t of this.queue.splice(0)) t.reject(gone);
    for (const s of this.slots) s?.fail?.(gone);
    this.reserved += this.roomWaiters.length;
    for (const r of this.roomWaiters.splice(0)) r();
    await Promise.all(this.slots.map((s) => s?.handle.terminate()));
  }
  /** The underlying workers (tests kill one to check that the pool recovers). */
  handles() {
    return this.slots.map((s) => s.handle);
  }
};

// src/worker/worker-code.ts
var WORKER_CODE = '"use strict";(()=>{var Ae=Symbol("Comlink.proxy"),Je=Symbol("Comlink.endpoint"),er=Symbol("Comlink.releaseProxy"),ie=Symbol("Comlink.finalizer"),Q=Symbol("Comlink.thrown"),we=e=>typeof e=="object"&&e!==null||typeof e=="function",rr={canHandle:e=>we(e)&&e[Ae],serialize(e){let{port1:o,port2:n}=new MessageChannel;return te(e,o),[n,[n]]},deserialize(e){return e.start(),ar(e)}},tr={canHandle:e=>we(e)&&Q in e,serialize({value:e}){let o;return e instanceof Error?o={isError:!0,value:{message:e.message,name:e.name,stack:e.stack}}:o={isError:!1,value:e},[o,[]]},deserialize(e){throw e.isError?Object.assign(new Error(e.value.message),e.value):e.value}},Ee=new Map([["proxy",rr],["throw",tr]]);function nr(e,o){for(let n of e)if(o===n||n==="*"||n instanceof RegExp&&n.test(o))return!0;return!1}function te(e,o=globalThis,n=["*"]){o.addEventListener("message",function a(t){if(!t||!t.data)return;if(!nr(n,t.origin)){console.warn(`Invalid origin \'${t.origin}\' for comlink proxy`);return}let{id:r,type:s,path:i}=Object.assign({path:[]},t.data),u=(t.data.argumentList||[]).map(M),c;try{let l=i.slice(0,-1).reduce((m,h)=>m[h],e),d=i.reduce((m,h)=>m[h],e);switch(s){case"GET":c=d;break;case"SET":l[i.slice(-1)[0]]=M(t.data.value),c=!0;break;case"APPLY":c=d.apply(l,u);break;case"CONSTRUCT":{let m=new d(...u);c=ur(m)}break;case"ENDPOINT":{let{port1:m,port2:h}=new MessageChannel;te(e,h),c=ue(m,[m])}break;case"RELEASE":c=void 0;break;default:return}}catch(l){c={value:l,[Q]:0}}Promise.resolve(c).catch(l=>({value:l,[Q]:0})).then(l=>{let[d,m]=re(l);o.postMessage(Object.assign(Object.assign({},d),{id:r}),m),s==="RELEASE"&&(o.removeEventListener("message",a),_e(o),ie in e&&typeof e[ie]=="function"&&e[ie]())}).catch(l=>{let[d,m]=re({value:new TypeError("Unserializable return value"),[Q]:0});o.postMessage(Object.assign(Object.assign({},d),{id:r}),m)})}),o.start&&o.start()}function or(e){return e.constructor.name==="MessagePort"}function _e(e){or(e)&&e.close()}function ar(e,o){let n=new Map;return e.addEventListener("message",function(t){let{data:r}=t;if(!r||!r.id)return;let s=n.get(r.id);if(s)try{s(r)}finally{n.delete(r.id)}}),ce(e,n,[],o)}function Z(e){if(e)throw new Error("Proxy has been released and is not useable")}function ke(e){return U(e,new Map,{type:"RELEASE"}).then(()=>{_e(e)})}var J=new WeakMap,ee="FinalizationRegistry"in globalThis&&new FinalizationRegistry(e=>{let o=(J.get(e)||0)-1;J.set(e,o),o===0&&ke(e)});function sr(e,o){let n=(J.get(o)||0)+1;J.set(o,n),ee&&ee.register(e,o,e)}function ir(e){ee&&ee.unregister(e)}function ce(e,o,n=[],a=function(){}){let t=!1,r=new Proxy(a,{get(s,i){if(Z(t),i===er)return()=>{ir(r),ke(e),o.clear(),t=!0};if(i==="then"){if(n.length===0)return{then:()=>r};let u=U(e,o,{type:"GET",path:n.map(c=>c.toString())}).then(M);return u.then.bind(u)}return ce(e,o,[...n,i])},set(s,i,u){Z(t);let[c,l]=re(u);return U(e,o,{type:"SET",path:[...n,i].map(d=>d.toString()),value:c},l).then(M)},apply(s,i,u){Z(t);let c=n[n.length-1];if(c===Je)return U(e,o,{type:"ENDPOINT"}).then(M);if(c==="bind")return ce(e,o,n.slice(0,-1));let[l,d]=ge(u);return U(e,o,{type:"APPLY",path:n.map(m=>m.toString()),argumentList:l},d).then(M)},construct(s,i){Z(t);let[u,c]=ge(i);return U(e,o,{type:"CONSTRUCT",path:n.map(l=>l.toString()),argumentList:u},c).then(M)}});return sr(r,e),r}function cr(e){return Array.prototype.concat.apply([],e)}function ge(e){let o=e.map(re);return[o.map(n=>n[0]),cr(o.map(n=>n[1]))]}var Se=new WeakMap;function ue(e,o){return Se.set(e,o),e}function ur(e){return Object.assign(e,{[Ae]:!0})}function re(e){for(let[o,n]of Ee)if(n.canHandle(e)){let[a,t]=n.serialize(e);return[{type:"HANDLER",name:o,value:a},t]}return[{type:"RAW",value:e},Se.get(e)||[]]}function M(e){switch(e.type){case"HANDLER":return Ee.get(e.name).deserialize(e.value);case"RAW":return e.value}}function U(e,o,n,a){return new Promise(t=>{let r=lr();o.set(r,t),e.start&&e.start(),e.postMessage(Object.assign({id:r},n),a)})}function lr(){return new Array(4).fill(0).map(()=>Math.floor(Math.random()*Number.MAX_SAFE_INTEGER).toString(16)).join("-")}function dr(){let e=globalThis;return typeof e.Deno=="object"?"deno":typeof e.Bun=="object"?"bun":e.navigator?.userAgent==="Cloudflare-Workers"?"workerd":e.process?.versions?.node?"node":typeof e.window=="object"&&typeof e.document=="object"?"browser":typeof e.WorkerGlobalScope=="function"?"webworker":"unknown"}function mr(){let e=globalThis,o=dr(),n=o==="node"||o!=="workerd"&&typeof e.Worker=="function",a=o==="browser"||o==="webworker"?e.crossOriginIsolated===!0:!0,t=typeof SharedArrayBuffer=="function"&&a&&o!=="workerd",r=e.navigator?.gpu!==void 0;return Object.freeze({runtime:o,workers:n,sharedMemory:t,webgpu:r})}var Re;function ve(){return Re??=mr(),Re}async function fr(e){return await import(e)}function pr(e){let o=new WeakMap;return{postMessage:(n,a)=>e.postMessage(n,a),addEventListener:(n,a)=>{let t=r=>"handleEvent"in a?a.handleEvent({data:r}):a({data:r});e.on("message",t),o.set(a,t)},removeEventListener:(n,a)=>{let t=o.get(a);t&&e.off("message",t)}}}async function Fe(){let e=globalThis;if(ve().runtime!=="node"&&e.self)return e.self;let{parentPort:o}=await fr("node:worker_threads");return pr(o)}var S=class extends Error{code;fix;problem;constructor(o,n,a){let t=a?.fix;super(t?`${n}; pass { ${t.option}: ${t.example??"\\u2026"} }`:n,a?.cause===void 0?void 0:{cause:a.cause}),this.name="SaeError",this.code=o,this.fix=t,this.problem=n}};function K(e,o,n,a=new Float32Array(o*n)){for(let t=0;t<o;t++)for(let r=0;r<n;r++)a[r*o+t]=e[t*n+r];return a}async function le(e,o,n){let a=new Float32Array(o*n);for await(let{row0:t,data:r}of e)a.set(r,t*n);return a}function We(e,o,n,a,t,r,s){let i=new Int32Array(n);for(let u=0;u<o;u++){let c=e.subarray(u*n,(u+1)*n);for(let l=0;l<n;l++){if(Number.isNaN(c[l]))throw new S("E_NONFINITE",`top-k: NaN at row ${u}, column ${l}`);i[l]=l}i.sort((l,d)=>c[d]-c[l]||l-d);for(let l=0;l<a;l++){let d=i[l],m=c[d];r[u*a+l]=d,s[u*a+l]=t?m>0?m:0:m+0}}}function Ie(e,o,n,a,t){let{nInputs:r,nLatents:s}=e,i=new Float32Array(s),u=new Float64Array(r),c=new Int32Array(n*a),l=new Float32Array(n*a);for(let d=0;d<n;d++){for(let m=0;m<r;m++)u[m]=o[d*r+m]-e.preBias[m];for(let m=0;m<s;m++){let h=0,A=m*r;for(let F=0;F<r;F++)h+=u[F]*e.encoderWeight[A+F];let v=h+e.latentBias[m];if(i[m]=t==="relu-topk"?Math.max(v,0):v,!Number.isFinite(Math.fround(v)))throw new S("E_NONFINITE",`encode: a pre-activation of row ${d} overflowed float32 (inputs or weights too large)`)}We(i,1,s,a,t==="topk-relu",c.subarray(d*a),l.subarray(d*a))}return{indices:c,values:l,k:a,batch:n}}function Te(e,o){let{nInputs:n,nLatents:a}=e,{batch:t,k:r,indices:s,values:i}=o,u=new Float32Array(t*n),c=new Float64Array(n);for(let l=0;l<t;l++){c.fill(0);for(let d=0;d<r;d++){let m=s[l*r+d],h=i[l*r+d];if(h!==0)for(let A=0;A<n;A++)c[A]+=h*e.decoderWeight[A*a+m]}for(let d=0;d<n;d++)u[l*n+d]=c[d]+e.preBias[d]}return u}function xe(e,o,n){let{nInputs:a,nLatents:t}=e,r=new Float32Array(n*a);for(let s=0;s<n;s++)for(let i=0;i<a;i++){let u=0,c=i*t;for(let l=0;l<t;l++)u+=o[s*t+l]*e.decoderWeight[c+l];r[s*a+i]=u+e.preBias[i]}return r}var br="Operation requires compiling with --exportTable",hr="Operation requires compiling with --exportRuntime",H=()=>{throw Error(hr)},yr=typeof BigUint64Array<"u",X=Symbol(),gr=192,Be=1024,Ar=new TextDecoder("utf-16le",{fatal:!0});Object.hasOwn=Object.hasOwn||function(e,o){return Object.prototype.hasOwnProperty.call(e,o)};function Pe(e,o){let n=new Uint32Array(e)[o+-4>>>2]>>>1,a=new Uint16Array(e,o,n);if(n<=gr)return String.fromCharCode(...a);try{return Ar.decode(a)}catch{let t="",r=0;for(;n-r>Be;)t+=String.fromCharCode(...a.subarray(r,r+=Be));return t+String.fromCharCode(...a.subarray(r))}}function Ne(e){let o={};function n(t,r){return t?Pe(t.buffer,r):"<yet unknown>"}let a=e.env=e.env||{};return a.abort=a.abort||function(r,s,i,u){let c=o.memory||a.memory;throw Error(`abort: ${n(c,r)} at ${n(c,s)}:${i}:${u}`)},a.trace=a.trace||function(r,s,...i){let u=o.memory||a.memory;console.log(`trace: ${n(u,r)}${s?" ":""}${i.slice(0,s).join(", ")}`)},a.seed=a.seed||Date.now,e.Math=e.Math||Math,e.Date=e.Date||Date,o}function De(e,o){let n=o.exports,a=n.memory,t=n.table,r=n.__new||H,s=n.__pin||H,i=n.__unpin||H,u=n.__collect||H,c=n.__rtti_base,l=c?f=>f[c>>>2]:H;e.__new=r,e.__pin=s,e.__unpin=i,e.__collect=u;function d(f){let p=new Uint32Array(a.buffer);if((f>>>=0)>=l(p))throw Error(`invalid id: ${f}`);return p[(c+4>>>2)+f]}function m(f){let p=d(f);if(!(p&7))throw Error(`not an array: ${f}, flags=${p}`);return p}function h(f){return 31-Math.clz32(f>>>6&31)}function A(f){if(f==null)return 0;let p=f.length,y=r(p<<1,2),b=new Uint16Array(a.buffer);for(let _=0,N=y>>>1;_<p;++_)b[N+_]=f.charCodeAt(_);return y}e.__newString=A;function v(f){if(f==null)return 0;let p=new Uint8Array(f),y=r(p.length,1);return new Uint8Array(a.buffer).set(p,y),y}e.__newArrayBuffer=v;function F(f){if(!f)return null;let p=a.buffer;if(new Uint32Array(p)[f+-8>>>2]!==2)throw Error(`not a string: ${f}`);return Pe(p,f)}e.__getString=F;function w(f,p,y){let b=a.buffer;if(y)switch(f){case 2:return new Float32Array(b);case 3:return new Float64Array(b)}else switch(f){case 0:return new(p?Int8Array:Uint8Array)(b);case 1:return new(p?Int16Array:Uint16Array)(b);case 2:return new(p?Int32Array:Uint32Array)(b);case 3:return new(p?BigInt64Array:BigUint64Array)(b)}throw Error(`unsupported align: ${f}`)}function T(f,p=0){let y=p,b=m(f),_=h(b),N=typeof y!="number",B=N?y.length:y,j=r(B<<_,b&4?f:1),se;if(b&4)se=j;else{s(j);let D=r(b&2?16:12,f);i(j);let O=new Uint32Array(a.buffer);O[D+0>>>2]=j,O[D+4>>>2]=j,O[D+8>>>2]=B<<_,b&2&&(O[D+12>>>2]=B),se=D}if(N){let D=w(_,b&2048,b&4096),O=j>>>_;if(b&16384)for(let q=0;q<B;++q)D[O+q]=y[q];else D.set(y,O)}return se}e.__newArray=T;function x(f){let p=new Uint32Array(a.buffer),y=p[f+-8>>>2],b=m(y),_=h(b),N=b&4?f:p[f+4>>>2],B=b&2?p[f+12>>>2]:p[N+-4>>>2]>>>_;return w(_,b&2048,b&4096).subarray(N>>>=_,N+B)}e.__getArrayView=x;function C(f){let p=x(f),y=p.length,b=new Array(y);for(let _=0;_<y;_++)b[_]=p[_];return b}e.__getArray=C;function W(f){let p=a.buffer,y=new Uint32Array(p)[f+-4>>>2];return p.slice(f,f+y)}e.__getArrayBuffer=W;function E(f){if(!t)throw Error(br);let p=new Uint32Array(a.buffer)[f>>>2];return t.get(p)}e.__getFunction=E;function R(f,p,y){return new f(g(f,p,y))}function g(f,p,y){let b=a.buffer,_=new Uint32Array(b);return new f(b,_[y+4>>>2],_[y+8>>>2]>>>p)}function k(f,p,y){e[`__get${p}`]=R.bind(null,f,y),e[`__get${p}View`]=g.bind(null,f,y)}return[Int8Array,Uint8Array,Uint8ClampedArray,Int16Array,Uint16Array,Int32Array,Uint32Array,Float32Array,Float64Array].forEach(f=>{k(f,f.name,31-Math.clz32(f.BYTES_PER_ELEMENT))}),yr&&[BigUint64Array,BigInt64Array].forEach(f=>{k(f,f.name.slice(3),3)}),e.memory=e.memory||a,e.table=e.table||t,_r(n,e)}function Oe(e){return typeof Response<"u"&&e instanceof Response}function wr(e){return e instanceof WebAssembly.Module}async function de(e,o={}){if(Oe(e=await e))return Er(e,o);let n=wr(e)?e:await WebAssembly.compile(e),a=Ne(o),t=await WebAssembly.instantiate(n,o),r=De(a,t);return{module:n,instance:t,exports:r}}async function Er(e,o={}){if(!WebAssembly.instantiateStreaming)return de(Oe(e=await e)?e.arrayBuffer():e,o);let n=Ne(o),a=await WebAssembly.instantiateStreaming(e,o),t=De(n,a.instance);return{...a,exports:t}}function _r(e,o={}){let n=e.__argumentsLength?a=>{e.__argumentsLength.value=a}:e.__setArgumentsLength||e.__setargc||(()=>{});for(let a of Object.keys(e)){let t=e[a],r=a.split("."),s=o;for(;r.length>1;){let c=r.shift();Object.hasOwn(s,c)||(s[c]={}),s=s[c]}let i=r[0],u=i.indexOf("#");if(u>=0){let c=i.substring(0,u),l=s[c];if(typeof l>"u"||!l.prototype){let d=function(...m){return d.wrap(d.prototype.constructor(0,...m))};d.prototype={valueOf(){return this[X]}},d.wrap=function(m){return Object.create(d.prototype,{[X]:{value:m,writable:!1}})},l&&Object.getOwnPropertyNames(l).forEach(m=>Object.defineProperty(d,m,Object.getOwnPropertyDescriptor(l,m))),s[c]=d}if(i=i.substring(u+1),s=s[c].prototype,/^(get|set):/.test(i)){if(!Object.hasOwn(s,i=i.substring(4))){let d=e[a.replace("set:","get:")],m=e[a.replace("get:","set:")];Object.defineProperty(s,i,{get(){return d(this[X])},set(h){m(this[X],h)},enumerable:!0})}}else i==="constructor"?(s[i]=function(...d){return n(d.length),t(...d)}).original=t:(s[i]=function(...d){return n(d.length),t(this[X],...d)}).original=t}else/^(get|set):/.test(i)?Object.hasOwn(s,i=i.substring(4))||Object.defineProperty(s,i,{get:e[a.replace("set:","get:")],set:e[a.replace("get:","set:")],enumerable:!0}):typeof t=="function"&&t!==n?(s[i]=(...c)=>(n(c.length),t(...c))).original=t:s[i]=t}return o}var me=class{isa;exports;attached;constructor(o,n,a=!1){this.isa=o,this.exports=n,this.attached=a}alloc(o){if(this.attached)throw new S("E_WASM","a worker\'s kernel instance shares memory and must not allocate");try{return this.exports.mem_alloc(Math.max(16,o))>>>0}catch(n){throw new S("E_WASM",`Wasm memory: could not allocate ${o} bytes (memory now ${this.exports.memory.buffer.byteLength} bytes)`,{cause:n})}}allocAll(...o){let n=[];try{for(let a of o)n.push(this.alloc(a))}catch(a){for(let t of n)this.free(t);throw a}return n}free(o){o&&this.exports.mem_free(o)}f32(o,n){return new Float32Array(this.exports.memory.buffer,o,n)}i32(o,n){return new Int32Array(this.exports.memory.buffer,o,n)}},kr=1024;function Sr(e,o,n){let a=Math.max(1,Math.min(o,kr));for(;a>1&&n(a)>e;)a=Math.max(1,a>>1);if(n(a)>e)throw new S("E_WASM",`one row needs ${n(1)} bytes of scratch; only ${e} are available`);return a}function G(e,o,n,a){let t=Sr(e.budget,o,n);e.begin();for(let r=0;r<o;r+=t)a(r,Math.min(t,o-r))}var ne=class{constructor(o,n){this.ptr=o;this.budget=n}ptr;budget;next=0;slots=new Map;begin(){this.next=0,this.slots.clear()}get(o,n){let a=this.slots.get(o);if(a!==void 0)return a;let t=this.ptr+this.next;if(this.next+=n+15&-16,this.next>this.budget)throw new S("E_WASM",`scratch arena of ${this.budget} bytes exhausted`);return this.slots.set(o,t),t}},V=class{constructor(o){this.kernels=o}kernels;budget=1/0;slots=new Map;begin(){}get(o,n){let a=this.slots.get(o);if(a&&a.bytes>=n)return a.ptr;a&&this.kernels.free(a.ptr);let t=this.kernels.alloc(n);return this.slots.set(o,{ptr:t,bytes:n}),t}dispose(){for(let o of this.slots.values())this.kernels.free(o.ptr);this.slots.clear()}};async function Rr(e){return e instanceof URL?fetch(e):typeof e.then=="function"?await e:e}async function $(e,o,n){let a=n?.memory;try{let{exports:t}=await de(await Rr(o),{env:{...a?{memory:a}:{},abort(r,s,i,u){throw new S("E_WASM",`Wasm kernel aborted at ${i}:${u}`)}}});return new me(e,t,n?.attached??!1)}catch(t){throw t instanceof S?t:new S("E_WASM",`could not instantiate the ${e} kernel module: ${t?.message??t}`,{cause:t})}}var I=8,vr=256*1024,Fr=512;function Y(e,o){let n=Math.max(1,Math.floor(vr/(e*I*4)));return Math.min(n,Math.ceil(o/I))*I}function fe(e){return Math.ceil(e/Math.ceil(e/Fr))}function Me(e,o,n,a=Y(o,n),t=fe(o)){if(a%I!==0||a<I)throw new S("E_ARG",`block size must be a positive multiple of ${I}, got ${a}`);let r=Math.ceil(n/I)*I,[s,i]=e.allocAll(r*o*4,r*4);return e.f32(s,r*o).fill(0),e.f32(i,r).fill(0),{d:o,n,w:s,bias:i,nc:a,kc:t}}function $e(e,o,n,a,t,r){let{d:s,n:i}=o,u=a.length/s,c=e.f32(o.w,Math.ceil(i/I)*I*s),l=e.f32(o.bias,i);for(let d=0;d<u;d++){let m=n+d,h=(m-m%I)*s+m%I,A=0;for(let v=0;v<s;v++){let F=a[d*s+v];c[h+v*I]=F,A+=F*t[v]}if(l[m]=r[m]-A,!Number.isFinite(l[m]))throw new S("E_NONFINITE",`latent_bias \\u2212 encoder.weight\\xB7pre_bias overflows float32 at latent ${m}`)}}function Le(e,o){let{d:n,n:a}=o,t=e.f32(o.w,Math.ceil(a/I)*I*n),r=new Float32Array(a*n);for(let s=0;s<a;s++){let i=(s-s%I)*n+s%I;for(let u=0;u<n;u++)r[s*n+u]=t[i+u*I]}return r}function pe(e,o){e.free(o.w),e.free(o.bias)}var Wr={"topk-relu":0,"relu-topk":1};function Ce(e,o,n,a,t,r,s){let{d:i,n:u,nc:c}=n,l=new Int32Array(t*r),d=new Float32Array(t*r),m=e.exports;return G(o,t,h=>h*(i+2*r)*4+(m.f32_encode_topk_scratch_bytes(h,i,r,c)>>>0)+64,(h,A)=>{let v=o.get("encode.x",A*i*4),F=o.get("encode.idx",A*r*4),w=o.get("encode.val",A*r*4),T=o.get("encode.scratch",m.f32_encode_topk_scratch_bytes(A,i,r,c)>>>0);e.f32(v,A*i).set(a.subarray(h*i,(h+A)*i));let x=m.f32_encode_topk(v,A,i,n.w,n.bias,u,r,c,n.kc,Wr[s],F,w,T);if(x>=0)throw new S("E_NONFINITE",`encode: a pre-activation of row ${h+x} overflowed float32 (inputs or weights too large)`);l.set(e.i32(F,A*r),h*r),d.set(e.f32(w,A*r),h*r)}),{indices:l,values:d,k:r,batch:t}}function je(e,o,n,a){let[t,r]=e.allocAll(n*o*4,o*4);return e.f32(r,o).set(a),{d:o,n,wt:t,preBias:r}}function Ue(e,o,n,a){let{d:t,n:r}=o,s=e.f32(o.wt,r*t),i=a.length/r;for(let u=0;u<i;u++){let c=n+u;for(let l=0;l<r;l++)s[l*t+c]=a[u*r+l]}}function Ve(e,o){let{d:n,n:a}=o;return K(e.f32(o.wt,a*n),a,n)}function be(e,o){e.free(o.wt),e.free(o.preBias)}function Ke(e,o,n,a){let{batch:t,k:r}=a,{d:s,n:i}=n,u=new Float32Array(t*s);return G(o,t,c=>c*(2*r+s)*4+48,(c,l)=>{let d=o.get("decode.idx",l*r*4),m=o.get("decode.val",l*r*4),h=o.get("decode.out",l*s*4);e.i32(d,l*r).set(a.indices.subarray(c*r,(c+l)*r)),e.f32(m,l*r).set(a.values.subarray(c*r,(c+l)*r));let A=e.exports.f32_decode_sparse(d,m,l,r,n.wt,n.preBias,s,i,h);if(A>=0)throw new S("E_INDEX",`codes: row ${c+A} holds an index outside [0, nLatents=${i})`);u.set(e.f32(h,l*s),c*s)}),u}function He(e,o,n,a,t){let{d:r,n:s}=n,i=new Float32Array(t*r);return G(o,t,u=>u*(s+r)*4+32,(u,c)=>{let l=o.get("decode.z",c*s*4),d=o.get("decode.out",c*r*4);e.f32(l,c*s).set(a.subarray(u*s,(u+c)*s)),e.exports.f32_decode_dense(l,c,s,n.wt,n.preBias,r,d),i.set(e.f32(d,c*r),u*r)}),i}async function Xe(e){let{nInputs:o,nLatents:n}=e,a={nInputs:o,nLatents:n,preBias:e.preBias,latentBias:e.latentBias,encoderWeight:await le(e.encoderRows(),n,o),decoderWeight:await le(e.decoderRows(),o,n)};return{name:"ref",weights:()=>a,encode:(t,r,s,i)=>Ie(a,t,r,s,i),decodeSparse:t=>Te(a,t),decodeDense:(t,r)=>xe(a,t,r),dispose:()=>{}}}async function Ge(e,o,n){let{nInputs:a,nLatents:t,preBias:r,latentBias:s}=o,i,u;try{i=Me(e,a,t),u=je(e,a,t,r);let c={enc:i,dec:u,preBias:r,latentBias:s};n?.(c);for await(let{row0:l,data:d}of o.encoderRows())$e(e,i,l,d,r,s);for await(let{row0:l,data:d}of o.decoderRows())Ue(e,u,l,d);return c}catch(c){throw i&&pe(e,i),u&&be(e,u),c}}function he(e,o,n,a){let{enc:t,dec:r,preBias:s,latentBias:i}=o;return{name:e.isa==="relaxed-simd"?"wasm-relaxed-simd":"wasm-simd",weights:()=>({nInputs:t.d,nLatents:t.n,preBias:s,latentBias:i,encoderWeight:Le(e,t),decoderWeight:Ve(e,r)}),encode:(u,c,l,d)=>Ce(e,n,t,u,c,l,d),decodeSparse:u=>Ke(e,n,r,u),decodeDense:(u,c)=>He(e,n,r,u,c),dispose:()=>{a&&(n instanceof V&&n.dispose(),pe(e,t),be(e,r))}}}async function P(e,o){try{let n=await e(),a={ok:!0,value:n};return o?ue(a,o(n)):a}catch(n){let a=n;return{ok:!1,error:{code:a?.name==="SaeError"&&a.code?a.code:"E_INTERNAL",message:a?.message??String(n),...a?.stack?{stack:a.stack}:{}}}}}function Ye(){let e,o=0,n="topk-relu",a=()=>{if(!e)throw new S("E_WORKER","worker used before init");return e};return{init:t=>P(async()=>{if(o=t.k,n=t.order,t.mode==="shared"){let r=await $(t.isa,t.module,{memory:t.memory,attached:!0});e=he(r,t,new ne(t.arena.ptr,t.arena.bytes),!1)}else{let r=t.weights,s={...r,encoderRows:async function*(){yield{row0:0,data:r.encoderWeight}},decoderRows:async function*(){yield{row0:0,data:r.decoderWeight}}};if(t.backend==="ref"||!t.module)e=await Xe(s);else{let i=await $(t.backend==="wasm-relaxed-simd"?"relaxed-simd":"simd",t.module);e=he(i,await Ge(i,s),new V(i),!0)}}return e.name}),encode:(t,r,s)=>P(()=>{let i=a().encode(t,r,s??o,n);return{indices:i.indices,values:i.values}},i=>[i.indices.buffer,i.values.buffer]),decode:(t,r,s,i)=>P(()=>a().decodeSparse({indices:t,values:r,k:i,batch:s}),u=>[u.buffer]),decodeDense:(t,r)=>P(()=>a().decodeDense(t,r),s=>[s.buffer]),weights:()=>P(()=>a().weights())}}var ye=8,L=64,ze=["E","Wt","lb","pb","mE","vE","mWt","vWt","mlb","vlb","mpb","vpb","gE","gWt","glb","gpb","P","PA","lbA","ED","DEAD","zeros","MEAN","ERR","SQ","X","XR","XH","EH","GX","GE","IDX","VAL","DV","AIDX","AVAL","ADV","TMP","SCR"];function Ir(e,o,n,a){let t=Math.ceil(n/ye)*ye,r=a.batchSize,s=a.k,i=Math.min(a.kAux,n),u=d=>e.exports.f32_encode_topk_scratch_bytes(r,o,d,Y(o,n))>>>0,[c,l]=[n*o,r*o];return{E:c,Wt:c,lb:t,pb:o,mE:c,vE:c,mWt:c,vWt:c,mlb:t,vlb:t,mpb:o,vpb:o,gE:c,gWt:c,glb:t,gpb:o,P:t*o,PA:t*o,lbA:t,ED:c,DEAD:n,zeros:o,MEAN:4*o,ERR:8*r,SQ:4*Math.ceil(n/L),X:l,XR:l,XH:l,EH:l,GX:l,GE:l,IDX:r*s,VAL:r*s,DV:r*s,AIDX:r*i,AVAL:r*i,ADV:r*i,TMP:l,SCR:Math.ceil(Math.max(u(s),u(Math.max(1,i)))/4)}}function oe(e,o,n,a){let t=Math.ceil(e/a),r=s=>Math.min(e,Math.floor(t*s/n)*a);return[r(o),r(o+1)]}var z=class e{constructor(o,n,a,t,r,s){this.kernels=o;this.bufs=n;this.scratches=a;this.cfg=t;this.d=r,this.n=s}kernels;bufs;scratches;cfg;d;n;static attach(o,n){return new e(o,n.bufs,n.scratches,n.cfg,n.d,n.n)}f(o){let n=this.bufs[o];return this.kernels.f32(n.ptr,n.len)}i(o){let n=this.bufs[o];return this.kernels.i32(n.ptr,n.len)}f64(o){let n=this.bufs[o];return new Float64Array(this.kernels.exports.memory.buffer,n.ptr,n.len>>1)}p(o){return this.bufs[o].ptr}stage(o,n,a,t){let{d:r,n:s,kernels:i,cfg:u}=this,c=i.exports,l=u.batchSize,[d,m]=oe(l,n,a,1),[h,A]=oe(s,n,a,L),[v,F]=oe(r,n,a,4),w=(W,E,R=d)=>this.p(W)+R*E*4,T=(W,E=h)=>this.p(W)+E*r*4,x=a===1&&this.scratches.length===0?this.p("SCR"):this.scratches[n].ptr,C=(W,E,R,g,k,f)=>{if(m>d&&c.f32_encode_topk(w("X",r),m-d,r,this.p(W),this.p(E),R,g,Y(r,R),fe(r),0,w(k,g),w(f,g),x)>=0)throw new S("E_NONFINITE","trainer: pre-activations overflowed float32; training has diverged")};switch(o){case"prepare":{let W=this.f("X"),E=this.f("XR"),R=this.f("pb");for(let g=d;g<m;g++)for(let k=0,f=g*r;k<r;k++)W[f+k]=E[f+k]-R[k];c.f32_pack_panels(T("E"),A-h,r,T("P"));return}case"forward":return C("P","lb",s,u.k,"IDX","VAL");case"auxPack":{let[W]=t,[E,R]=oe(W,n,a,ye),g=this.f("E"),k=this.f("ED"),f=this.f("lb"),p=this.f("lbA"),y=this.i("DEAD");for(let b=E;b<R;b++)k.set(g.subarray(y[b]*r,(y[b]+1)*r),b*r),p[b]=f[y[b]];c.f32_pack_panels(T("ED",E),R-E,r,T("PA",E));return}case"decode":{let[W,E]=t;if(E>0){C("PA","lbA",W,E,"AIDX","AVAL");let R=this.i("AIDX"),g=this.i("DEAD");for(let k=d*E;k<m*E;k++)R[k]=g[R[k]];c.f32_decode_sparse(w("AIDX",E),w("AVAL",E),m-d,E,this.p("Wt"),this.p("zeros"),r,s,w("EH",r))}else this.f("EH").fill(0,d*r,m*r);c.f32_decode_sparse(w("IDX",u.k),w("VAL",u.k),m-d,u.k,this.p("Wt"),this.p("pb"),r,s,w("XH",r));return}case"means":c.f32_col_means(this.p("XR"),0,0,l,r,v,F,this.p("MEAN")),c.f32_col_means(this.p("XR"),this.p("XH"),1,l,r,v,F,this.p("MEAN")+r*8);return;case"errors":c.f32_row_errors(w("XH",r),w("XR",r),0,0,m-d,r,this.p("MEAN"),this.p("ERR")+d*16),c.f32_row_errors(w("EH",r),w("XR",r),w("XH",r),1,m-d,r,this.p("MEAN")+r*8,this.p("ERR")+(l+d)*16);return;case"grads":{let[W,E,R]=t;c.f32_nmse_grad(w("XH",r),w("XR",r),0,0,(m-d)*r,W,w("GX",r)),c.f32_nmse_grad(w("EH",r),w("XR",r),w("XH",r),1,(m-d)*r,E,w("GE",r));let g=(k,f,p,y,b)=>{c.f32_sparse_dots(w(k,b),m-d,b,this.p("Wt"),w(y,r),r,w(p,b));let _=this.f(f),N=this.f(p);for(let B=d*b;B<m*b;B++)_[B]>0||(N[B]=0)};g("IDX","VAL","DV","GX",u.k),R>0&&g("AIDX","AVAL","ADV","GE",R);return}case"backward":{let[W]=t;this.f("gE").fill(0,h*r,A*r),this.f("gWt").fill(0,h*r,A*r);let E=[["IDX","VAL","DV","GX",u.k]];W>0&&E.push(["AIDX","AVAL","ADV","GE",W]);for(let[p,y,,b,_]of E)c.f32_sparse_scatter(this.p(p),this.p(y),l,_,this.p(b),r,this.p("gWt"),h,A);for(let[p,,y,,b]of E)c.f32_sparse_scatter(this.p(p),this.p(y),l,b,this.p("X"),r,this.p("gE"),h,A);c.f32_project_rows(T("Wt"),T("gWt"),A-h,r);let R=this.f64("SQ"),g=Math.ceil(s/L);for(let p=h;p<A;p+=L){let y=Math.min(L,A-p);R[p/L]=c.f32_sumsq(T("gE",p),y*r),R[g+p/L]=c.f32_sumsq(T("gWt",p),y*r)}let k=this.f("gpb"),f=this.f("TMP");k.fill(0,v,F),c.f32_sum_rows(this.p("GX"),l,r,v,F,this.p("gpb"));for(let[p,,y,,b]of E){c.f32_sparse_sum_cols(this.p(p),this.p(y),l*b,this.p("E"),r,v,F,this.p("TMP"));for(let _=v;_<F;_++)k[_]-=f[_]}return}case"update":{let[W,E,R]=t,g=(k,f,p,y,b,_)=>c.f32_adam(this.p(k)+b*4,this.p(f)+b*4,this.p(p)+b*4,this.p(y)+b*4,_-b,W,u.beta1,u.beta2,E,R,u.eps);g("E","gE","mE","vE",h*r,A*r),g("Wt","gWt","mWt","vWt",h*r,A*r),c.f32_normalize_rows(T("Wt"),A-h,r),n===0&&(g("lb","glb","mlb","vlb",0,this.bufs.lb.len),g("pb","gpb","mpb","vpb",0,r));return}}}async stepWith(o,n,a,t){let{d:r,n:s,kernels:i,cfg:u}=this,c=u.batchSize;this.f("XR").set(o.subarray(0,c*r)),await t("prepare",[]),await t("forward",[]);let l=n.map(g=>g+1);for(let g of this.i("IDX"))l[g]=1;let d=this.i("DEAD"),m=0;for(let g=0;g<s;g++)l[g]>u.deadSteps&&(d[m++]=g);let h=Math.min(u.kAux,m);h>0&&await t("auxPack",[m]),await t("decode",[m,h]),await t("means",[]),await t("errors",[]);let A=this.f64("ERR"),v=g=>{let k=0,f=0;for(let p=g;p<g+c;p++)k+=A[2*p],f+=A[2*p+1];return{num:k,den:f}},F=v(0),w=v(c);for(let[g,k]of[[F,"input"],[w,"residual"]])if(!(g.den>0))throw new S("E_ARG",`train: the ${k} of this batch has zero variance; nmse is undefined (use more rows, or rows that differ)`);await t("grads",[2/F.den,u.auxkCoef*2/w.den,h]);let T=this.f("glb").fill(0);for(let[g,k,f]of h>0?[["IDX","DV",u.k],["AIDX","ADV",h]]:[["IDX","DV",u.k]]){let p=this.i(g),y=this.f(k);for(let b=0;b<c*f;b++)T[p[b]]+=y[b]}await t("backward",[h]);let x=0;for(let g of this.f64("SQ"))x+=g;x+=i.exports.f32_sumsq(this.p("glb"),this.bufs.glb.len)+i.exports.f32_sumsq(this.p("gpb"),r);let C=u.clip/(Math.sqrt(x)+1e-6),W=a+1;await t("update",[Math.min(1,C),u.lr/(1-u.beta1**W),Math.sqrt(1-u.beta2**W)]);let E=F.num/F.den,R=w.num/w.den;return{losses:{loss:E+u.auxkCoef*R,mse:E,auxLoss:R,dead:m},after:l}}},ae=class e extends z{constructor(n,a,t,r,s){super(n,a,t,r,s.nInputs,s.nLatents);this.state=s}state;static create(n,a,t,r=0){if(n.isa!=="simd")throw new S("E_ARG","the trainer runs the plain-SIMD module so that its results do not depend on the runtime");let{nInputs:s,nLatents:i}=a,u=Ir(n,s,i,t),c=Object.fromEntries(ze.map(h=>[h,{ptr:n.alloc(Math.max(1,u[h])*4),len:u[h]}])),l=Math.ceil(t.batchSize/Math.max(1,r)),d=Array.from({length:r},()=>({ptr:n.alloc(n.exports.f32_encode_topk_scratch_bytes(l,s,Math.max(t.k,Math.min(t.kAux,i)),Y(s,i))>>>0),len:0})),m=new e(n,c,d,t,a);for(let h of ze)m.f(h).fill(0);return m.load(),m}layout(){return{d:this.d,n:this.n,cfg:this.cfg,bufs:this.bufs,scratches:this.scratches}}load(){let{d:n,n:a}=this,t=this.state,r=(s,i)=>K(s,n,a,i);this.f("E").set(t.params.encoderWeight),this.f("mE").set(t.m.encoderWeight),this.f("vE").set(t.v.encoderWeight),r(t.params.decoderWeight,this.f("Wt")),r(t.m.decoderWeight,this.f("mWt")),r(t.v.decoderWeight,this.f("vWt")),this.f("lb").set(t.params.latentBias),this.f("mlb").set(t.m.latentBias),this.f("vlb").set(t.v.latentBias),this.f("pb").set(t.params.preBias),this.f("mpb").set(t.m.preBias),this.f("vpb").set(t.v.preBias)}sync(){let{d:n,n:a}=this,t=this.state,r=(s,i)=>K(s,a,n,i);t.params.encoderWeight.set(this.f("E")),t.m.encoderWeight.set(this.f("mE")),t.v.encoderWeight.set(this.f("vE")),r(this.f("Wt"),t.params.decoderWeight),r(this.f("mWt"),t.m.decoderWeight),r(this.f("vWt"),t.v.decoderWeight),t.params.latentBias.set(this.f("lb").subarray(0,a)),t.m.latentBias.set(this.f("mlb").subarray(0,a)),t.v.latentBias.set(this.f("vlb").subarray(0,a)),t.params.preBias.set(this.f("pb")),t.m.preBias.set(this.f("mpb")),t.v.preBias.set(this.f("vpb"))}async step(n,a){if(a!==this.cfg.batchSize)throw new S("E_SHAPE",`trainer: batch ${a} is not the configured ${this.cfg.batchSize}`);let t=this.state,r=await this.stepWith(n,t.sinceActive,t.step,(s,i)=>this.stage(s,0,1,i));return t.sinceActive.set(r.after),t.step++,r.losses}dispose(){for(let n of[...Object.values(this.bufs),...this.scratches])this.kernels.free(n.ptr)}};function qe(){let e,o,n=()=>{if(!e)throw new S("E_WORKER","worker not initialised for training");return e},a=()=>{if(!o)throw new S("E_WORKER","worker not initialised for training");return o};return{init:t=>P(async()=>(t.mode==="train"?e=z.attach(await $("simd",t.module,{memory:t.memory,attached:!0}),t.layout):o={trainer:ae.create(await $("simd",t.module),t.state,t.cfg),state:t.state,cfg:t.cfg},"trainer")),trainStage:(t,r,s,i)=>P(()=>(n().stage(t,r,s,i),null)),trainStep:t=>P(()=>{let r=a();return r.trainer.step(t,r.cfg.batchSize)}),trainState:()=>P(()=>{let t=a();return t.trainer.sync(),t.state})}}var Ze=Ye(),Qe=qe(),Tr=e=>e.mode==="train"||e.mode==="train-private";Fe().then(e=>te({...Ze,...Qe,init:o=>Tr(o)?Qe.init(o):Ze.init(o)},e));})();\n/*! Bundled license information:\n\ncomlink/dist/esm/comlink.mjs:\n  (**\n   * @license\n   * Copyright 2019 Google LLC\n   * SPDX-License-Identifier: Apache-2.0\n   *)\n*/\n';

// src/train/step.ref.ts
function topIndices(row, k) {
  const idx = Int32Array.from({ length: row.length }, (_, i) => i);
  idx.sort((a, b) => row[b] - row[a] || a - b);
  return idx.subarray(0, k);
}
function nmse(r, t, batch, d, what) {
  const mean = new Float64Array(d);
  for (let b = 0; b < batch; b++) for (let p = 0; p < d; p++) mean[p] += t[b * d + p] / batch;
  let num = 0, den = 0;
  for (let i = 0; i < batch * d; i++) {
    num += (r[i] - t[i]) ** 2;
    den += (mean[i % d] - t[i]) ** 2;
  }
  if (!(den > 0)) throw new SaeError("E_ARG", `train: the ${what} of this batch has zero variance; nmse is undefined (use more rows, or rows that differ)`);
  const grad = new Float64Array(batch * d);
  for (let i = 0; i < batch * d; i++) grad[i] = 2 * (r[i] - t[i]) / den;
  return { value: num / den, grad };
}
function lossAndGrads(p, cfg, sinceActive, x2, batch, residual) {
  const { nInputs: d, nLatents: n } = p;
  const { k, kAux } = cfg;
  const W = p.decoderWeight, E = p.encoderWeight;
  const xc = new Float64Array(batch * d);
  const pre = new Float64Array(batch * n);
  for (let b = 0; b < batch; b++) {
    for (let q = 0; q < d; q++) xc[b * d + q] = x2[b * d + q] - p.preBias[q];
    for (let i = 0; i < n; i++) {
      let s = p.latentBias[i];
      for (let q = 0; q < d; q++) s += E[i * d + q] * xc[b * d + q];
      pre[b * n + i] = s;
    }
  }
  const sel = Array.from({ length: batch }, (_, b) => topIndices(pre.subarray(b * n, (b + 1) * n), k));
  const after = new Int32Array(n);
  for (let i = 0; i < n; i++) after[i] = sinceActive[i] + 1;
  for (const s of sel) for (const i of s) after[i] = 1;
  const dead = new Float64Array(n);
  let deadCount = 0;
  for (let i = 0; i < n; i++)
    if (after[i] > cfg.deadSteps) {
      dead[i] = 1;
      deadCount++;
    }
  const xs = Float64Array.from(x2.subarray(0, batch * d));
  const xhat = new Float64Array(batch * d);
  const aux = new Float64Array(batch * d);
  const auxSel = [];
  const auxPre = new Float64Array(n);
  for (let b = 0; b < batch; b++) {
    for (let q = 0; q < d; q++) xhat[b * d + q] = p.preBias[q];
    for (const i of sel[b]) {
      const v = Math.max(0, pre[b * n + i]);
      if (v) for (let q = 0; q < d; q++) xhat[b * d + q] += v * W[q * n + i];
    }
    for (let i = 0; i < n; i++) auxPre[i] = pre[b * n + i] * dead[i];
    const ai = topIndices(auxPre, kAux).slice();
    auxSel.push(ai);
    for (const i of ai) {
      const a = Math.max(0, auxPre[i]);
      if (a) for (let q = 0; q < d; q++) aux[b * d + q] += a * W[q * n + i];
    }
  }
  const main = nmse(xhat, xs, batch, d, "input");
  const resid = residual ?? new Float64Array(batch * d);
  if (!residual) for (let i = 0; i < batch * d; i++) resid[i] = xs[i] - xhat[i];
  const side = nmse(aux, resid, batch, d, "residual");
  const gx = main.grad, ge = side.grad;
  for (let i = 0; i < batch * d; i++) ge[i] *= cfg.auxkCoef;
  const grads = {
    preBias: new Float64Array(d),
    encoderWeight: new Float64Array(n * d),
    decoderWeight: new Float64Array(d * n),
    latentBias: new Float64Array(n)
  };
  const gpre = new Float64Array(n);
  for (let b = 0; b < batch; b++) {
    gpre.fill(0);
    for (let q = 0; q < d; q++) grads.preBias[q] += gx[b * d + q];
    const through = (i, v, g, mask) => {
      let dv = 0;
      for (let q = 0; q < d; q++) {
        grads.decoderWeight[q * n + i] += Math.max(0, v) * g[b * d + q];
        dv += W[q * n + i] * g[b * d + q];
      }
      if (v > 0) gpre[i] += dv * mask;
    };
    for (const i of sel[b]) through(i, pre[b * n + i], gx, 1);
    for (const i of auxSel[b]) through(i, pre[b * n + i] * dead[i], ge, dead[i]);
    for (let i = 0; i < n; i++) {
      const g = gpre[i];
      if (!g) continue;
      grads.latentBias[i] += g;
      for (let q = 0; q < d; q++) {
        grads.encoderWeight[i * d + q] += g * xc[b * d + q];
        grads.preBias[q] -= g * E[i * d + q];
      }
    }
  }
  return { loss: main.value + cfg.auxkCoef * side.value, mse: main.value, auxLoss: side.value, dead: deadCount, grads, after, residual: resid };
}
function applyUpdate(state, cfg, grads) {
  const p = state.params;
  const { nInputs: d, nLatents: n } = state;
  const W = p.decoderWeight, G = grads.decoderWeight;
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let q = 0; q < d; q++) dot += W[q * n + i] * G[q * n + i];
    for (let q = 0; q < d; q++) G[q * n + i] -= dot * W[q * n + i];
  }
  let sq = 0;
  for (const name of PARAM_NAMES) for (const g of grads[name]) sq += g * g;
  const coef = cfg.clip / (Math.sqrt(sq) + 1e-6);
  if (coef < 1)
    for (const name of PARAM_NAMES) {
      const g = grads[name];
      for (let i = 0; i < g.length; i++) g[i] *= coef;
    }
  state.step++;
  const bc1 = 1 - cfg.beta1 ** state.step, bc2 = Math.sqrt(1 - cfg.beta2 ** state.step);
  const stepSize = cfg.lr / bc1;
  for (const name of PARAM_NAMES) {
    const w = p[name], g = grads[name], m = state.m[name], v = state.v[name];
    for (let i = 0; i < w.length; i++) {
      m[i] = cfg.beta1 * m[i] + (1 - cfg.beta1) * g[i];
      v[i] = cfg.beta2 * v[i] + (1 - cfg.beta2) * g[i] * g[i];
      w[i] = w[i] - stepSize * m[i] / (Math.sqrt(v[i]) / bc2 + cfg.eps);
    }
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let q = 0; q < d; q++) s += W[q * n + i] ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let q = 0; q < d; q++) W[q * n + i] = W[q * n + i] * inv;
  }
}
function stepRef(state, cfg, x2, batch) {
  const r = lossAndGrads(state.params, cfg, state.sinceActive, x2, batch);
  applyUpdate(state, cfg, r.grads);
  state.sinceActive.set(r.after);
  return { loss: r.loss, mse: r.mse, auxLoss: r.auxLoss, dead: r.dead };
}

// src/gpu/device.ts
var USAGE_STORAGE = 128 | 8 | 4;
var USAGE_UNIFORM = 64 | 8;
var USAGE_READ = 1 | 8;
var MAP_READ = 1;
var gridGroups = (count, size) => Math.max(1, Math.min(65535, Math.ceil(count / size)));
var GpuContext = class _GpuContext {
  constructor(device, adapter) {
    this.device = device;
    this.adapter = adapter;
    void device.lost.then((info) => {
      this.lostReason = info.message || info.reason || "device lost";
    });
  }
  device;
  adapter;
  lostReason;
  /**
   * A device from `gpu` (or navigator.gpu) with the adapter's full buffer limits, or undefined
   * where there is no adapter, or only a software one and `software` is false.
   */
  static async open(gpu, software) {
    const g = gpu ?? globalThis.navigator?.gpu;
    if (!g) return void 0;
    const adapter = await g.requestAdapter({ powerPreference: "high-performance" });
    if (!adapter) return void 0;
    const info = adapter.info;
    const fallback = !!info?.isFallbackAdapter;
    if (!software && fallback) return void 0;
    const limits = adapter.limits;
    const device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
        maxStorageBuffersPerShaderStage: Math.min(8, limits.maxStorageBuffersPerShaderStage)
      }
    });
    return new _GpuContext(device, { vendor: info?.vendor ?? "", architecture: info?.architecture ?? "", description: info?.description ?? "", fallback });
  }
  /**
   * open() for `who` ("backend 'gpu'"): any adapter where `required` (else E_NO_GPU, naming
   * `instead`), otherwise a hardware adapter or undefined.
   */
  static async acquire(gpu, required, who, instead) {
    const ctx = await _GpuContext.open(gpu, required);
    if (!ctx && required)
      throw new SaeError("E_NO_GPU", `${who}: this runtime has no WebGPU adapter (navigator.gpu missing or requestAdapter() gave none); use ${instead}`);
    return ctx;
  }
  /** Why the device was lost, if it was. */
  get lost() {
    return this.lostReason;
  }
  /** Throws E_GPU_LOST once the device is gone. */
  live() {
    if (this.lostReason !== void 0) throw new SaeError("E_GPU_LOST", `the GPU device was lost: ${this.lostReason}`);
  }
  /** Compiles a kernel (entry point `main`), with values for its `override` constants. */
  pipeline(code, constants) {
    return this.device.createComputePipeline({ layout: "auto", compute: { module: this.device.createShaderModule({ code }), entryPoint: "main", constants } });
  }
  buffer(bytes, usage = USAGE_STORAGE) {
    return this.device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 4) * 4), usage });
  }
  /** A storage buffer holding `a`. */
  upload(a) {
    const buf = this.buffer(a.byteLength);
    this.device.queue.writeBuffer(buf, 0, a.buffer, a.byteOffset, a.byteLength);
    return buf;
  }
  /** A uniform buffer holding `bytes`. */
  uniform(bytes) {
    const buf = this.buffer(Math.max(32, bytes.byteLength), USAGE_UNIFORM);
    this.device.queue.writeBuffer(buf, 0, bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return buf;
  }
  /** Records `commands` on a new encoder: consecutive kernels share a compute pass, copies sit between passes. */
  record(commands) {
    const enc = this.device.createCommandEncoder();
    let pass;
    for (const c of commands) {
      if ("copy" in c) {
        pass?.end();
        pass = void 0;
        enc.copyBufferToBuffer(c.copy, 0, c.to, 0, c.bytes);
        continue;
      }
      pass ??= enc.beginComputePass();
      pass.setPipeline(c.pipeline);
      pass.setBindGroup(
        0,
        this.device.createBindGroup({
          layout: c.pipeline.getBindGroupLayout(0),
          entries: c.bindings.map((b, binding) => ({ binding, resource: "buffer" in b ? b : { buffer: b } }))
        })
      );
      pass.dispatchWorkgroups(...c.groups);
    }
    pass?.end();
    return enc;
  }
  /**
   * Records `commands`, submits them, then copies each (buffer, bytes) out through `staging`
   * buffers. A validation error (a bug here, never silently wrong numbers) is E_GPU.
   */
  async run(commands, outs) {
    this.device.pushErrorScope("validation");
    const enc = this.record(commands);
    for (const o of outs) enc.copyBufferToBuffer(o.src, 0, o.staging, 0, Math.ceil(o.bytes / 4) * 4);
    this.device.queue.submit([enc.finish()]);
    const invalid = this.device.popErrorScope();
    try {
      await Promise.all(outs.map((o) => o.staging.mapAsync(MAP_READ)));
    } catch (cause) {
      const err2 = await invalid.catch(() => null);
      if (err2 && this.lostReason === void 0) throw new SaeError("E_GPU", `WebGPU rejected the work: ${err2.message}`, { cause });
      throw new SaeError("E_GPU_LOST", `the GPU device was lost: ${this.lostReason ?? cause?.message}`, { cause });
    }
    const err = await invalid;
    if (err) {
      for (const o of outs) o.staging.unmap();
      throw new SaeError("E_GPU", `WebGPU rejected the work: ${err.message}`);
    }
    return outs.map((o) => {
      const copy = o.staging.getMappedRange(0, Math.ceil(o.bytes / 4) * 4).slice(0, o.bytes);
      o.staging.unmap();
      return copy;
    });
  }
  /** Runs `make` under a validation scope; a validation error destroys the device and becomes E_GPU. */
  async validated(what, make) {
    this.device.pushErrorScope("validation");
    const made = make();
    const err = await this.device.popErrorScope();
    if (err) {
      this.device.destroy();
      throw new SaeError("E_GPU", `${what}: ${err.message}`);
    }
    return made;
  }
  /** Loses the device as a driver reset would (tests of the fallbacks). */
  destroy() {
    this.device.destroy();
  }
};
var OnDevice = class {
  constructor(gpu, what) {
    this.gpu = gpu;
    this.what = what;
  }
  gpu;
  what;
  disposed = false;
  get adapter() {
    return this.gpu.adapter;
  }
  /** Why the device was lost, if it was (the owner's user then falls back to Wasm). */
  get lost() {
    return this.gpu.lost;
  }
  /** Throws E_DISPOSED or E_GPU_LOST where the device can no longer be used. */
  live() {
    if (this.disposed) throw new SaeError("E_DISPOSED", `this ${this.what} was disposed`);
    this.gpu.live();
  }
  /** Loses the device as a driver reset would (tests of the fallbacks). */
  simulateLoss() {
    this.gpu.destroy();
  }
  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    this.gpu.destroy();
  }
};

// src/train/step.wgsl.ts
var T = (
  /* wgsl */
  `
struct T { B: u32, d: u32, n: u32, k: u32, ka: u32, deadSteps: u32, E: u32, p0: u32,
  auxkCoef: f32, clip: f32, beta1: f32, beta2: f32, stepSize: f32, bc2: f32, eps: f32, p1: f32 }
@group(0) @binding(0) var<uniform> t: T;
`
);
var WG_SUM = (size, type = "f32") => (
  /* wgsl */
  `
var<workgroup> part: array<${type}, ${size}>;
fn wgSum(l: u32, v: ${type}) -> ${type} {
  part[l] = v;
  workgroupBarrier();
  for (var h = ${size / 2}u; h > 0u; h >>= 1u) {
    if (l < h) { part[l] += part[l + h]; }
    workgroupBarrier();
  }
  let total = part[0];
  workgroupBarrier();
  return total;
}
`
);
var STATS = (atomicDead) => (
  /* wgsl */
  `
struct Stats { mainNum: f32, mainDen: f32, auxNum: f32, auxDen: f32, sq: f32, coef: f32, ok: u32, badRow: u32, dead: ${atomicDead ? "atomic<u32>" : "u32"} }
`
);
var CENTER_WGSL = (
  /* wgsl */
  `${T}@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> preBias: array<f32>;
@group(0) @binding(3) var<storage, read_write> xc: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  if (g.x >= t.d || g.y >= t.B) { return; }
  let o = g.y * t.d + g.x;
  xc[o] = x[o] - preBias[g.x];
}
`
);
var DEAD_AGE_WGSL = (
  /* wgsl */
  `${T}@group(0) @binding(1) var<storage, read> since: array<u32>;
@group(0) @binding(2) var<storage, read_write> after: array<u32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) ng: vec3u) {
  for (var i = g.x; i < t.n; i += ng.x * 64u) { after[i] = since[i] + 1u; }
}
`
);
var DEAD_HIT_WGSL = (
  /* wgsl */
  `${T}@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<storage, read_write> after: array<u32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) ng: vec3u) {
  for (var e = g.x; e < t.B * t.k; e += ng.x * 64u) {
    let i = idx[e];
    if (i < t.n) { after[i] = 1u; }
  }
}
`
);
var AUX_MASK_WGSL = (
  /* wgsl */
  `${T}${STATS(true)}@group(0) @binding(1) var<storage, read> after: array<u32>;
@group(0) @binding(2) var<storage, read_write> pre: array<u32>;
@group(0) @binding(3) var<storage, read_write> stats: Stats;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let i = g.x;
  let b = g.y;
  if (i >= t.n || b >= t.B) { return; }
  let dead = after[i] > t.deadSteps;
  if (!dead) { pre[b * t.n + i] = 0u; }
  if (dead && b == 0u) { atomicAdd(&stats.dead, 1u); }
}
`
);
var NMSE_COLUMNS_WGSL = (
  /* wgsl */
  `${T}@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> xh: array<f32>;
@group(0) @binding(3) var<storage, read> eh: array<f32>;
@group(0) @binding(4) var<storage, read_write> cols: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let q = g.x;
  if (q >= t.d) { return; }
  var mx = 0.0;
  var mr = 0.0;
  for (var b = 0u; b < t.B; b++) {
    let o = b * t.d + q;
    mx += x[o];
    mr += x[o] - xh[o];
  }
  mx /= f32(t.B);
  mr /= f32(t.B);
  var n1 = 0.0; var d1 = 0.0; var n2 = 0.0; var d2 = 0.0;
  for (var b = 0u; b < t.B; b++) {
    let o = b * t.d + q;
    let r = x[o] - xh[o];
    n1 += r * r;
    d1 += (mx - x[o]) * (mx - x[o]);
    n2 += (eh[o] - r) * (eh[o] - r);
    d2 += (mr - r) * (mr - r);
  }
  cols[4u * q] = n1; cols[4u * q + 1u] = d1; cols[4u * q + 2u] = n2; cols[4u * q + 3u] = d2;
}
`
);
var NMSE_TOTAL_WGSL = (
  /* wgsl */
  `${T}${STATS(false)}@group(0) @binding(1) var<storage, read> cols: array<vec4f>;
@group(0) @binding(2) var<storage, read> status: array<u32>;
@group(0) @binding(3) var<storage, read_write> stats: Stats;

${WG_SUM(256, "vec4f")}
var<workgroup> bad: atomic<u32>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) l: vec3u) {
  if (l.x == 0u) { atomicStore(&bad, 0xffffffffu); }
  workgroupBarrier();
  var s = vec4f(0.0);
  for (var q = l.x; q < t.d; q += 256u) { s += cols[q]; }
  for (var b = l.x; b < t.B; b += 256u) { if (status[b] != 0u) { atomicMin(&bad, b); } }
  let r = wgSum(l.x, s);
  if (l.x == 0u) {
    let badRow = atomicLoad(&bad);
    stats.mainNum = r.x; stats.mainDen = r.y; stats.auxNum = r.z; stats.auxDen = r.w;
    stats.badRow = badRow;
    stats.ok = select(0u, 1u, badRow == 0xffffffffu && r.y > 0.0 && r.w > 0.0);
  }
}
`
);
var NMSE_GRAD_WGSL = (
  /* wgsl */
  `${T}${STATS(false)}@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> xh: array<f32>;
@group(0) @binding(3) var<storage, read> eh: array<f32>;
@group(0) @binding(4) var<storage, read_write> grad: array<f32>;
@group(0) @binding(5) var<storage, read> stats: Stats;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  if (g.x >= t.d || g.y >= t.B) { return; }
  let o = g.y * t.d + g.x;
  grad[o] = (2.0 / stats.mainDen) * (xh[o] - x[o]);
  grad[t.B * t.d + o] = (t.auxkCoef * 2.0 / stats.auxDen) * (eh[o] - (x[o] - xh[o]));
}
`
);
var ENTRY_GRAD_WGSL = (
  /* wgsl */
  `${T}@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<storage, read_write> ent: array<f32>;
@group(0) @binding(3) var<storage, read> wt: array<f32>;
@group(0) @binding(4) var<storage, read> grad: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) ng: vec3u) {
  for (var e = g.x; e < t.E; e += ng.x * 64u) {
    var dv = 0.0;
    let i = idx[e];
    if (ent[e] > 0.0 && i < t.n) {
      let main = e < t.B * t.k;
      let row = select((e - t.B * t.k) / max(t.ka, 1u), e / t.k, main);
      let go = select(t.B * t.d, 0u, main) + row * t.d;
      for (var p = 0u; p < t.d; p++) { dv += wt[i * t.d + p] * grad[go + p]; }
    }
    ent[t.E + e] = dv;
  }
}
`
);
var LIST_WGSL = (
  /* wgsl */
  `${T}@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<storage, read> ent: array<f32>;
@group(0) @binding(3) var<storage, read_write> lists: array<u32>;
override FILL: bool;

var<workgroup> tile: array<u32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(local_invocation_id) l: vec3u) {
  let i = g.x;
  var c = 0u;
  if (FILL && i < t.n) { c = lists[i]; }
  for (var e0 = 0u; e0 < t.E; e0 += 256u) {
    let e = e0 + l.x;
    tile[l.x] = select(0xffffffffu, idx[min(e, t.E - 1u)], e < t.E && ent[min(e, t.E - 1u)] > 0.0);
    workgroupBarrier();
    if (i < t.n) {
      for (var j = 0u; j < 256u; j++) {
        if (tile[j] == i) {
          if (FILL) { lists[t.n + 1u + c] = e0 + j; }
          c++;
        }
      }
    }
    workgroupBarrier();
  }
  if (!FILL && i < t.n) { lists[i] = c; }
}
`
);
var OFFSETS_WGSL = (
  /* wgsl */
  `${T}@group(0) @binding(1) var<storage, read_write> lists: array<u32>;

var<workgroup> sums: array<u32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) l: vec3u) {
  let per = (t.n + 255u) / 256u;
  let a = min(t.n, l.x * per);
  let z = min(t.n, a + per);
  var s = 0u;
  for (var i = a; i < z; i++) { s += lists[i]; }
  sums[l.x] = s;
  workgroupBarrier();
  for (var h = 1u; h < 256u; h <<= 1u) {
    var v = 0u;
    if (l.x >= h) { v = sums[l.x - h]; }
    workgroupBarrier();
    sums[l.x] += v;
    workgroupBarrier();
  }
  var run = sums[l.x] - s;
  for (var i = a; i < z; i++) {
    let c = lists[i];
    lists[i] = run;
    run += c;
  }
  workgroupBarrier();
  if (l.x == 255u) { lists[t.n] = sums[255]; }
}
`
);
var LATENT_GRADS_WGSL = (
  /* wgsl */
  `${T}@group(0) @binding(1) var<storage, read> lists: array<u32>;
@group(0) @binding(2) var<storage, read> ent: array<f32>;
@group(0) @binding(3) var<storage, read> grad: array<f32>;
@group(0) @binding(4) var<storage, read> xc: array<f32>;
@group(0) @binding(5) var<storage, read_write> gWt: array<f32>;
@group(0) @binding(6) var<storage, read_write> gE: array<f32>;
@group(0) @binding(7) var<storage, read_write> gLb: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let p = g.x;
  let i = g.y;
  if (p >= t.d || i >= t.n) { return; }
  var gw = 0.0; var ge = 0.0; var gl = 0.0;
  for (var s = lists[i]; s < lists[i + 1u]; s++) {
    let e = lists[t.n + 1u + s];
    let main = e < t.B * t.k;
    let row = select((e - t.B * t.k) / max(t.ka, 1u), e / t.k, main);
    let dv = ent[t.E + e];
    gw += ent[e] * grad[select(t.B * t.d, 0u, main) + row * t.d + p];
    ge += dv * xc[row * t.d + p];
    gl += dv;
  }
  gWt[i * t.d + p] = gw;
  gE[i * t.d + p] = ge;
  if (p == 0u) { gLb[i] = gl; }
}
`
);
var PRE_BIAS_GRAD_WGSL = (
  /* wgsl */
  `${T}@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<storage, read> ent: array<f32>;
@group(0) @binding(3) var<storage, read> enc: array<f32>;
@group(0) @binding(4) var<storage, read> grad: array<f32>;
@group(0) @binding(5) var<storage, read_write> gPb: array<f32>;

fn through(p: u32, e0: u32, e1: u32) -> f32 {
  var s = 0.0;
  for (var e = e0; e < e1; e++) {
    let dv = ent[t.E + e];
    if (dv != 0.0) { s += dv * enc[idx[e] * t.d + p]; }
  }
  return s;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let p = g.x;
  if (p >= t.d) { return; }
  var acc = 0.0;
  for (var b = 0u; b < t.B; b++) { acc += grad[b * t.d + p]; }
  acc -= through(p, 0u, t.B * t.k);
  acc -= through(p, t.B * t.k, t.E);
  gPb[p] = acc;
}
`
);
var PROJECT_WGSL = (
  /* wgsl */
  `${T}@group(0) @binding(1) var<storage, read> wt: array<f32>;
@group(0) @binding(2) var<storage, read_write> gWt: array<f32>;
${WG_SUM(64)}
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) l: vec3u) {
  let o = wg.x * t.d;
  var s = 0.0;
  for (var p = l.x; p < t.d; p += 64u) { s += wt[o + p] * gWt[o + p]; }
  let dot = wgSum(l.x, s);
  for (var p = l.x; p < t.d; p += 64u) { gWt[o + p] -= dot * wt[o + p]; }
}
`
);
var SUMSQ_WGSL = (
  /* wgsl */
  `@group(0) @binding(0) var<storage, read> grad: array<f32>;
@group(0) @binding(1) var<storage, read_write> partial: array<f32>;
${WG_SUM(256)}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) l: vec3u, @builtin(num_workgroups) ng: vec3u) {
  var s = 0.0;
  for (var j = g.x; j < arrayLength(&grad); j += ng.x * 256u) { s += grad[j] * grad[j]; }
  let total = wgSum(l.x, s);
  if (l.x == 0u) { partial[wg.x] = total; }
}
`
);
var CLIP_WGSL = (
  /* wgsl */
  `${T}${STATS(false)}@group(0) @binding(1) var<storage, read> partial: array<f32>;
@group(0) @binding(2) var<storage, read_write> stats: Stats;
${WG_SUM(256)}
@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) l: vec3u) {
  var s = 0.0;
  for (var j = l.x; j < arrayLength(&partial); j += 256u) { s += partial[j]; }
  let sq = wgSum(l.x, s);
  if (l.x == 0u) {
    stats.sq = sq;
    stats.coef = min(1.0, t.clip / (sqrt(sq) + 1e-6));
  }
}
`
);
var ADAM_WGSL = (
  /* wgsl */
  `${T}${STATS(false)}@group(0) @binding(1) var<storage, read_write> w: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;
@group(0) @binding(5) var<storage, read> stats: Stats;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) ng: vec3u) {
  if (stats.ok == 0u) { return; }
  for (var j = g.x; j < arrayLength(&w); j += ng.x * 256u) {
    let gr = grad[j] * stats.coef;
    let mm = t.beta1 * m[j] + (1.0 - t.beta1) * gr;
    let vv = t.beta2 * v[j] + (1.0 - t.beta2) * (gr * gr);
    m[j] = mm;
    v[j] = vv;
    w[j] = w[j] - (t.stepSize * mm) / (sqrt(vv) / t.bc2 + t.eps);
  }
}
`
);
var RENORM_WGSL = (
  /* wgsl */
  `${T}${STATS(false)}@group(0) @binding(1) var<storage, read_write> wt: array<f32>;
@group(0) @binding(2) var<storage, read> stats: Stats;
@group(0) @binding(3) var<storage, read> after: array<u32>;
@group(0) @binding(4) var<storage, read_write> since: array<u32>;
${WG_SUM(64)}
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) l: vec3u) {
  let o = wg.x * t.d;
  var s = 0.0;
  for (var p = l.x; p < t.d; p += 64u) { s += wt[o + p] * wt[o + p]; }
  let sq = wgSum(l.x, s);
  // The test sits after the barriers, which must be reached by the whole workgroup.
  if (stats.ok == 0u) { return; }
  let inv = 1.0 / sqrt(sq);
  for (var p = l.x; p < t.d; p += 64u) { wt[o + p] *= inv; }
  if (l.x == 0u) { since[wg.x] = after[wg.x]; }
}
`
);

// src/gpu/wgsl.ts
var DIMS = (
  /* wgsl */
  `
struct Dims { rows: u32, d: u32, n: u32, k: u32, reluFirst: u32, at: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> dims: Dims;
`
);
var GEMM_WGSL = (
  /* wgsl */
  `${DIMS}@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> pre: array<f32>;

// Tiles stored depth-major: [kk * 64 + row].
var<workgroup> xs: array<f32, 1024>;
var<workgroup> ws: array<f32, 1024>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) l: vec3u) {
  let row0 = wg.y * 64u;
  let col0 = wg.x * 64u;
  let tid = l.y * 16u + l.x;
  // Each thread loads 4 consecutive depths of one row of each tile.
  let lr = tid / 4u;
  let lc = (tid % 4u) * 4u;
  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  for (var k0 = 0u; k0 < dims.d; k0 += 16u) {
    for (var e = 0u; e < 4u; e++) {
      let gc = k0 + lc + e;
      let gr = row0 + lr;
      let gw = col0 + lr;
      // Out-of-range reads are clamped by min() and then discarded by select.
      xs[(lc + e) * 64u + lr] = select(0.0, x[min(gr * dims.d + gc, arrayLength(&x) - 1u)], gr < dims.rows && gc < dims.d);
      ws[(lc + e) * 64u + lr] = select(0.0, w[min(gw * dims.d + gc, arrayLength(&w) - 1u)], gw < dims.n && gc < dims.d);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < 16u; kk++) {
      let ao = kk * 64u + l.y * 4u;
      let bo = kk * 64u + l.x * 4u;
      let b = vec4f(ws[bo], ws[bo + 1u], ws[bo + 2u], ws[bo + 3u]);
      acc0 = fma(vec4f(xs[ao]), b, acc0);
      acc1 = fma(vec4f(xs[ao + 1u]), b, acc1);
      acc2 = fma(vec4f(xs[ao + 2u]), b, acc2);
      acc3 = fma(vec4f(xs[ao + 3u]), b, acc3);
    }
    workgroupBarrier();
  }
  let accs = array<vec4f, 4>(acc0, acc1, acc2, acc3);
  for (var i = 0u; i < 4u; i++) {
    let r = row0 + l.y * 4u + i;
    if (r >= dims.rows) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let c = col0 + l.x * 4u + j;
      if (c < dims.n) { pre[r * dims.n + c] = accs[i][j] + bias[c]; }
    }
  }
}
`
);
var TOPK_WGSL = (
  /* wgsl */
  `${DIMS}@group(0) @binding(1) var<storage, read_write> pre: array<u32>;
@group(0) @binding(2) var<storage, read_write> outIdx: array<u32>;
@group(0) @binding(3) var<storage, read_write> outVal: array<f32>;
@group(0) @binding(4) var<storage, read_write> status: array<u32>;

var<workgroup> bv: array<f32, 256>;
var<workgroup> bi: array<u32, 256>;
var<workgroup> bad: atomic<u32>;

const NONE = 0xffffffffu;
const TAKEN = 0xffffffffu;

fn better(v: f32, i: u32, w: f32, j: u32) -> bool {
  if (i == NONE) { return false; }
  if (j == NONE) { return true; }
  return v > w || (v == w && i < j);
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) l: vec3u) {
  let row = wg.x;
  let base = row * dims.n;
  let t = l.x;
  if (t == 0u) { atomicStore(&bad, 0u); }
  workgroupBarrier();
  for (var j = t; j < dims.n; j += 256u) {
    let bits = pre[base + j];
    if ((bits & 0x7f800000u) == 0x7f800000u) { atomicStore(&bad, 1u); }
    else if (dims.reluFirst == 1u) { pre[base + j] = bitcast<u32>(max(bitcast<f32>(bits), 0.0)); }
  }
  let flagged = workgroupUniformLoad(&bad);
  if (flagged != 0u) {
    if (t == 0u) { status[row] = 1u; }
    return;
  }
  storageBarrier();
  for (var r = 0u; r < dims.k; r++) {
    var v = 0.0;
    var i = NONE;
    for (var j = t; j < dims.n; j += 256u) {
      let bits = pre[base + j];
      if (bits == TAKEN) { continue; }
      let u = bitcast<f32>(bits);
      if (better(u, j, v, i)) { v = u; i = j; }
    }
    bv[t] = v;
    bi[t] = i;
    workgroupBarrier();
    for (var s = 128u; s > 0u; s >>= 1u) {
      if (t < s && better(bv[t + s], bi[t + s], bv[t], bi[t])) { bv[t] = bv[t + s]; bi[t] = bi[t + s]; }
      workgroupBarrier();
    }
    if (t == 0u) {
      let o = dims.at + row * dims.k + r;
      outIdx[o] = bi[0];
      outVal[o] = max(bv[0], 0.0) + 0.0;
      pre[base + bi[0]] = TAKEN;
    }
    storageBarrier();
    workgroupBarrier();
  }
}
`
);
var DECODE_SPARSE_WGSL = (
  /* wgsl */
  `${DIMS}@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<storage, read> val: array<f32>;
@group(0) @binding(3) var<storage, read> wt: array<f32>;
@group(0) @binding(4) var<storage, read> preBias: array<f32>;
@group(0) @binding(5) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let p = g.x;
  let row = g.y;
  if (p >= dims.d || row >= dims.rows) { return; }
  var s = preBias[p];
  for (var j = 0u; j < dims.k; j++) {
    let o = dims.at + row * dims.k + j;
    s = fma(val[o], wt[idx[o] * dims.d + p], s);
  }
  out[row * dims.d + p] = s;
}
`
);
var DECODE_DENSE_WGSL = (
  /* wgsl */
  `${DIMS}@group(0) @binding(1) var<storage, read> z: array<f32>;
@group(0) @binding(2) var<storage, read> wt: array<f32>;
@group(0) @binding(3) var<storage, read> preBias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let p = g.x;
  let row = g.y;
  if (p >= dims.d || row >= dims.rows) { return; }
  var s = preBias[p];
  for (var i = 0u; i < dims.n; i++) {
    let zi = z[row * dims.n + i];
    if (zi != 0.0) { s = fma(zi, wt[i * dims.d + p], s); }
  }
  out[row * dims.d + p] = s;
}
`
);

// src/train/step.gpu.ts
var NO_ROW = 4294967295;
var PARTIALS = 256;
function scratch(gpu, state, E, B2) {
  const d = state.nInputs, n = state.nLatents;
  return {
    since: gpu.upload(Uint32Array.from(state.sinceActive)),
    after: gpu.buffer(n * 4),
    x: gpu.buffer(B2 * d * 4),
    xc: gpu.buffer(B2 * d * 4),
    pre: gpu.buffer(B2 * n * 4),
    preAux: gpu.buffer(B2 * n * 4),
    idx: gpu.buffer(E * 4),
    ent: gpu.buffer(2 * E * 4),
    status: gpu.buffer(B2 * 4),
    xh: gpu.buffer(B2 * d * 4),
    eh: gpu.buffer(B2 * d * 4),
    grad: gpu.buffer(2 * B2 * d * 4),
    cols: gpu.buffer(4 * d * 4),
    lists: gpu.buffer((n + 1 + E) * 4),
    partial: gpu.buffer(4 * PARTIALS * 4),
    stats: gpu.buffer(48),
    zeros: gpu.buffer(d * 4),
    statsRead: gpu.buffer(48, USAGE_READ)
  };
}
var GpuTrainer = class _GpuTrainer extends OnDevice {
  constructor(gpu, state, cfg) {
    super(gpu, "GPU trainer");
    this.state = state;
    this.cfg = cfg;
    const d = state.nInputs, n = state.nLatents, B2 = cfg.batchSize, k = cfg.k, ka = cfg.kAux, E = B2 * (k + ka);
    const p = state.params;
    const host = (s) => ({
      preBias: gpu.upload(s.preBias),
      encoderWeight: gpu.upload(s.encoderWeight),
      decoderWeight: gpu.upload(transpose(s.decoderWeight, d, n)),
      latentBias: gpu.upload(s.latentBias)
    });
    this.params = host(p);
    this.m = host(state.m);
    this.v = host(state.v);
    this.grads = { preBias: gpu.buffer(d * 4), encoderWeight: gpu.buffer(n * d * 4), decoderWeight: gpu.buffer(n * d * 4), latentBias: gpu.buffer(n * 4) };
    this.b = scratch(gpu, state, B2 * (k + ka), cfg.batchSize);
    const dims = (k2, at) => gpu.uniform(Uint32Array.of(B2, d, n, k2, 0, at, 0, 0));
    this.dims = {
      t: gpu.uniform(new Uint32Array(16)),
      gemm: dims(0, 0),
      topMain: dims(k, 0),
      topAux: dims(ka, B2 * k),
      decMain: dims(k, 0),
      decAux: dims(ka, B2 * k)
    };
    this.kernels = {
      gemm: gpu.pipeline(GEMM_WGSL),
      topk: gpu.pipeline(TOPK_WGSL),
      decode: gpu.pipeline(DECODE_SPARSE_WGSL),
      center: gpu.pipeline(CENTER_WGSL),
      deadAge: gpu.pipeline(DEAD_AGE_WGSL),
      deadHit: gpu.pipeline(DEAD_HIT_WGSL),
      auxMask: gpu.pipeline(AUX_MASK_WGSL),
      nmseColumns: gpu.pipeline(NMSE_COLUMNS_WGSL),
      nmseTotal: gpu.pipeline(NMSE_TOTAL_WGSL),
      nmseGrad: gpu.pipeline(NMSE_GRAD_WGSL),
      entryGrad: gpu.pipeline(ENTRY_GRAD_WGSL),
      listCount: gpu.pipeline(LIST_WGSL, { FILL: 0 }),
      listFill: gpu.pipeline(LIST_WGSL, { FILL: 1 }),
      offsets: gpu.pipeline(OFFSETS_WGSL),
      latentGrads: gpu.pipeline(LATENT_GRADS_WGSL),
      preBiasGrad: gpu.pipeline(PRE_BIAS_GRAD_WGSL),
      project: gpu.pipeline(PROJECT_WGSL),
      sumsq: gpu.pipeline(SUMSQ_WGSL),
      clip: gpu.pipeline(CLIP_WGSL),
      adam: gpu.pipeline(ADAM_WGSL),
      renorm: gpu.pipeline(RENORM_WGSL)
    };
    this.commands = this.plan(d, n, B2, k, ka, E);
  }
  state;
  cfg;
  kernels;
  params;
  m;
  v;
  grads;
  b;
  dims;
  commands;
  /** The step's work, recorded the same way every step (only the uniform T and the batch change). */
  plan(d, n, B2, k, ka, E) {
    const K2 = this.kernels, b = this.b, t = this.dims.t, P = this.params, G = this.grads;
    const cols = Math.ceil(d / 64);
    const c = (kernel, bindings, groups) => ({ pipeline: K2[kernel], bindings, groups });
    return [
      // Forward: centre, pre-activations, a copy for AuxK, the top-k.
      c("center", [t, b.x, P.preBias, b.xc], [cols, B2]),
      c("gemm", [this.dims.gemm, b.xc, P.encoderWeight, P.latentBias, b.pre], [Math.ceil(n / 64), Math.ceil(B2 / 64)]),
      { copy: b.pre, to: b.preAux, bytes: B2 * n * 4 },
      c("topk", [this.dims.topMain, b.pre, b.idx, b.ent, b.status], [B2]),
      // Dead latents after this batch, and AuxK among them.
      c("deadAge", [t, b.since, b.after], [gridGroups(n, 64)]),
      c("deadHit", [t, b.idx, b.after], [gridGroups(B2 * k, 64)]),
      c("auxMask", [t, b.after, b.preAux, b.stats], [Math.ceil(n / 64), B2]),
      ...ka > 0 ? [c("topk", [this.dims.topAux, b.preAux, b.idx, b.ent, b.status], [B2])] : [],
      // Reconstructions, the loss and its gradient in x̂ and ê.
      c("decode", [this.dims.decMain, b.idx, b.ent, P.decoderWeight, P.preBias, b.xh], [cols, B2]),
      c("decode", [this.dims.decAux, b.idx, b.ent, P.decoderWeight, b.zeros, b.eh], [cols, B2]),
      c("nmseColumns", [t, b.x, b.xh, b.eh, b.cols], [cols]),
      c("nmseTotal", [t, b.cols, b.status, b.stats], [1]),
      c("nmseGrad", [t, b.x, b.xh, b.eh, b.grad, b.stats], [cols, B2]),
      // Backward through the selected latents only.
      c("entryGrad", [t, b.idx, b.ent, P.decoderWeight, b.grad], [gridGroups(E, 64)]),
      c("listCount", [t, b.idx, b.ent, b.lists], [Math.ceil(n / 256)]),
      c("offsets", [t, b.lists], [1]),
      c("listFill", [t, b.idx, b.ent, b.lists], [Math.ceil(n / 256)]),
      c("latentGrads", [t, b.lists, b.ent, b.grad, b.xc, G.decoderWeight, G.encoderWeight, G.latentBias], [cols, n]),
      c("preBiasGrad", [t, b.idx, b.ent, P.encoderWeight, b.grad, G.preBias], [cols]),
      // Update: projection, global-norm clip, Adam, unit decoder columns (the last two skipped if the step was cancelled).
      c("project", [t, P.decoderWeight, G.decoderWeight], [n]),
      ...PARAM_NAMES.map(
        (name, j) => c("sumsq", [G[name], { buffer: b.partial, offset: j * PARTIALS * 4, size: PARTIALS * 4 }], [Math.min(PARTIALS, Math.ceil(G[name].size / 4 / 256))])
      ),
      c("clip", [t, b.partial, b.stats], [1]),
      ...PARAM_NAMES.map((name) => c("adam", [t, P[name], G[name], this.m[name], this.v[name], b.stats], [gridGroups(G[name].size / 4, 256)])),
      c("renorm", [t, P.decoderWeight, b.stats, b.after, b.since], [n])
    ];
  }
  /**
   * Uploads the state. Required (trainer 'gpu'): any adapter, else E_NO_GPU; otherwise (trainer
   * 'auto') a hardware adapter or undefined. E_ARG when a buffer exceeds the adapter's limits.
   */
  static async create(state, cfg, options) {
    const gpu = await GpuContext.acquire(options.gpu, options.required, "trainer 'gpu'", "trainer 'wasm'");
    if (!gpu) return void 0;
    const d = state.nInputs, n = state.nLatents, B2 = cfg.batchSize;
    const limit = gpu.device.limits.maxStorageBufferBindingSize;
    const tooBig = [
      ["the encoder", n * d * 4],
      ["the batch's pre-activations", B2 * n * 4],
      ["the batch's gradients", 2 * B2 * d * 4],
      ["the entry lists", (n + 1 + B2 * (cfg.k + cfg.kAux)) * 4]
    ];
    const problem = B2 > 65535 ? `batchSize ${B2} exceeds 65535 rows` : n > 65535 ? `nLatents ${n} exceeds 65535` : tooBig.filter(([, bytes]) => bytes > limit).map(([what, bytes]) => `${what} (${bytes} bytes) exceeds this adapter's storage binding limit (${limit})`)[0];
    if (problem) {
      gpu.destroy();
      throw new SaeError("E_ARG", `trainer 'gpu': ${problem}; use trainer 'wasm'`);
    }
    return gpu.validated("trainer 'gpu'", () => new _GpuTrainer(gpu, state, cfg));
  }
  /** One step on x [batchSize, d]; state.step advances, the rest of the state stays on the device until sync(). */
  async step(x2) {
    this.live();
    const { cfg, state } = this;
    const d = state.nInputs, n = state.nLatents, B2 = cfg.batchSize, q = this.gpu.device.queue;
    const t = state.step + 1;
    const u = new ArrayBuffer(64), ui = new Uint32Array(u), uf = new Float32Array(u);
    ui.set([B2, d, n, cfg.k, cfg.kAux, cfg.deadSteps, B2 * (cfg.k + cfg.kAux), 0]);
    uf.set([cfg.auxkCoef, cfg.clip, cfg.beta1, cfg.beta2, cfg.lr / (1 - cfg.beta1 ** t), Math.sqrt(1 - cfg.beta2 ** t), cfg.eps, 0], 8);
    q.writeBuffer(this.dims.t, 0, u);
    q.writeBuffer(this.b.x, 0, x2.buffer, x2.byteOffset, B2 * d * 4);
    q.writeBuffer(this.b.status, 0, new Uint32Array(B2));
    q.writeBuffer(this.b.stats, 0, new Uint32Array(12));
    const [out] = await this.gpu.run(this.commands, [{ src: this.b.stats, bytes: 36, staging: this.b.statsRead }]);
    const f = new Float32Array(out), i = new Uint32Array(out);
    const [mainNum, mainDen, auxNum, auxDen] = f;
    if (i[7] !== NO_ROW) throw new SaeError("E_NONFINITE", `trainer: pre-activations of batch row ${i[7]} overflowed float32; training has diverged`);
    for (const [den, what] of [
      [mainDen, "input"],
      [auxDen, "residual"]
    ]) {
      if (!(den > 0)) throw new SaeError("E_ARG", `train: the ${what} of this batch has zero variance; nmse is undefined (use more rows, or rows that differ)`);
    }
    state.step++;
    const mse = mainNum / mainDen, auxLoss = auxNum / auxDen;
    return { loss: mse + cfg.auxkCoef * auxLoss, mse, auxLoss, dead: i[8] };
  }
  /** Device → state: weights, Adam moments and dead counters (for checkpoints and results). */
  async sync() {
    this.live();
    const { state } = this, d = state.nInputs, n = state.nLatents;
    const quads = [
      [state.params, this.params],
      [state.m, this.m],
      [state.v, this.v]
    ];
    const outs = [...quads.flatMap(([, dev]) => PARAM_NAMES.map((name) => dev[name])), this.b.since].map((src) => ({
      src,
      bytes: src.size,
      staging: this.gpu.buffer(src.size, USAGE_READ)
    }));
    try {
      const got = await this.gpu.run([], outs);
      let j = 0;
      for (const [host] of quads) {
        for (const name of PARAM_NAMES) {
          const a = new Float32Array(got[j++], 0, host[name].length);
          host[name].set(name === "decoderWeight" ? transpose(a, n, d) : a);
        }
      }
      state.sinceActive.set(new Int32Array(got[j], 0, n));
    } finally {
      for (const o of outs) o.staging.destroy();
    }
  }
};

// src/kernels/encode.ts
var NR = 8;
var BLOCK_BYTES = 256 * 1024;
var DEPTH_CHUNK = 512;
function blockLatents(d, n) {
  const panels = Math.max(1, Math.floor(BLOCK_BYTES / (d * NR * 4)));
  return Math.min(panels, Math.ceil(n / NR)) * NR;
}
function blockDepth(d) {
  return Math.ceil(d / Math.ceil(d / DEPTH_CHUNK));
}

// src/train/step.wasm.ts
var NR2 = 8;
var LATENT_BLOCK = 64;
var BUFFERS = [
  "E",
  "Wt",
  "lb",
  "pb",
  "mE",
  "vE",
  "mWt",
  "vWt",
  "mlb",
  "vlb",
  "mpb",
  "vpb",
  "gE",
  "gWt",
  "glb",
  "gpb",
  "P",
  "PA",
  "lbA",
  "ED",
  "DEAD",
  "zeros",
  "MEAN",
  "ERR",
  "SQ",
  "X",
  "XR",
  "XH",
  "EH",
  "GX",
  "GE",
  "IDX",
  "VAL",
  "DV",
  "AIDX",
  "AVAL",
  "ADV",
  "TMP",
  "SCR"
];
function bufferSizes(kernels, d, n, cfg) {
  const nPad = Math.ceil(n / NR2) * NR2, B2 = cfg.batchSize, k = cfg.k, ka = Math.min(cfg.kAux, n);
  const scratch2 = (kk) => kernels.exports.f32_encode_topk_scratch_bytes(B2, d, kk, blockLatents(d, n)) >>> 0;
  const [nd, Bd] = [n * d, B2 * d];
  return {
    E: nd,
    Wt: nd,
    lb: nPad,
    pb: d,
    mE: nd,
    vE: nd,
    mWt: nd,
    vWt: nd,
    mlb: nPad,
    vlb: nPad,
    mpb: d,
    vpb: d,
    gE: nd,
    gWt: nd,
    glb: nPad,
    gpb: d,
    P: nPad * d,
    PA: nPad * d,
    lbA: nPad,
    ED: nd,
    DEAD: n,
    zeros: d,
    MEAN: 4 * d,
    ERR: 8 * B2,
    SQ: 4 * Math.ceil(n / LATENT_BLOCK),
    X: Bd,
    XR: Bd,
    XH: Bd,
    EH: Bd,
    GX: Bd,
    GE: Bd,
    IDX: B2 * k,
    VAL: B2 * k,
    DV: B2 * k,
    AIDX: B2 * ka,
    AVAL: B2 * ka,
    ADV: B2 * ka,
    TMP: Bd,
    SCR: Math.ceil(Math.max(scratch2(k), scratch2(Math.max(1, ka))) / 4)
  };
}
function share(total, part, parts, unit) {
  const units = Math.ceil(total / unit);
  const at = (p) => Math.min(total, Math.floor(units * p / parts) * unit);
  return [at(part), at(part + 1)];
}
var TrainerPhases = class _TrainerPhases {
  constructor(kernels, bufs, scratches, cfg, d, n) {
    this.kernels = kernels;
    this.bufs = bufs;
    this.scratches = scratches;
    this.cfg = cfg;
    this.d = d;
    this.n = n;
  }
  kernels;
  bufs;
  scratches;
  cfg;
  d;
  n;
  /** Phases over buffers another thread allocated in this (shared) memory: what a worker runs. */
  static attach(kernels, layout) {
    return new _TrainerPhases(kernels, layout.bufs, layout.scratches, layout.cfg, layout.d, layout.n);
  }
  f(name) {
    const b = this.bufs[name];
    return this.kernels.f32(b.ptr, b.len);
  }
  i(name) {
    const b = this.bufs[name];
    return this.kernels.i32(b.ptr, b.len);
  }
  f64(name) {
    const b = this.bufs[name];
    return new Float64Array(this.kernels.exports.memory.buffer, b.ptr, b.len >> 1);
  }
  p(name) {
    return this.bufs[name].ptr;
  }
  /**
   * One stage on share `part` of `parts` (part = the encode scratch it uses; one share: this
   * thread's). args: auxPack, decode [dead, ka]; grads [sMain, sSide, ka]; backward [ka];
   * update [scale, stepSize, bc2].
   */
  stage(stage, part, parts, args) {
    const { d, n, kernels, cfg } = this;
    const ex = kernels.exports;
    const B2 = cfg.batchSize;
    const [r0, r1] = share(B2, part, parts, 1);
    const [l0, l1] = share(n, part, parts, LATENT_BLOCK);
    const [q0, q1] = share(d, part, parts, 4);
    const row = (name, width, r = r0) => this.p(name) + r * width * 4;
    const lat = (name, l = l0) => this.p(name) + l * d * 4;
    const scratch2 = parts === 1 && this.scratches.length === 0 ? this.p("SCR") : this.scratches[part].ptr;
    const encode = (panels, bias, latents, kk, idx, val) => {
      if (r1 > r0 && ex.f32_encode_topk(row("X", d), r1 - r0, d, this.p(panels), this.p(bias), latents, kk, blockLatents(d, latents), blockDepth(d), 0, row(idx, kk), row(val, kk), scratch2) >= 0)
        throw new SaeError("E_NONFINITE", "trainer: pre-activations overflowed float32; training has diverged");
    };
    switch (stage) {
      case "prepare": {
        const X = this.f("X"), XR = this.f("XR"), pb = this.f("pb");
        for (let b = r0; b < r1; b++) for (let q = 0, o = b * d; q < d; q++) X[o + q] = XR[o + q] - pb[q];
        ex.f32_pack_panels(lat("E"), l1 - l0, d, lat("P"));
        return;
      }
      case "forward":
        return encode("P", "lb", n, cfg.k, "IDX", "VAL");
      case "auxPack": {
        const [dead] = args;
        const [j0, j1] = share(dead, part, parts, NR2);
        const E = this.f("E"), ED = this.f("ED"), lb = this.f("lb"), lbA = this.f("lbA"), D2 = this.i("DEAD");
        for (let j = j0; j < j1; j++) {
          ED.set(E.subarray(D2[j] * d, (D2[j] + 1) * d), j * d);
          lbA[j] = lb[D2[j]];
        }
        ex.f32_pack_panels(lat("ED", j0), j1 - j0, d, lat("PA", j0));
        return;
      }
      case "decode": {
        const [dead, ka] = args;
        if (ka > 0) {
          encode("PA", "lbA", dead, ka, "AIDX", "AVAL");
          const ai = this.i("AIDX"), D2 = this.i("DEAD");
          for (let j = r0 * ka; j < r1 * ka; j++) ai[j] = D2[ai[j]];
          ex.f32_decode_sparse(row("AIDX", ka), row("AVAL", ka), r1 - r0, ka, this.p("Wt"), this.p("zeros"), d, n, row("EH", d));
        } else this.f("EH").fill(0, r0 * d, r1 * d);
        ex.f32_decode_sparse(row("IDX", cfg.k), row("VAL", cfg.k), r1 - r0, cfg.k, this.p("Wt"), this.p("pb"), d, n, row("XH", d));
        return;
      }
      case "means":
        ex.f32_col_means(this.p("XR"), 0, 0, B2, d, q0, q1, this.p("MEAN"));
        ex.f32_col_means(this.p("XR"), this.p("XH"), 1, B2, d, q0, q1, this.p("MEAN") + d * 8);
        return;
      case "errors":
        ex.f32_row_errors(row("XH", d), row("XR", d), 0, 0, r1 - r0, d, this.p("MEAN"), this.p("ERR") + r0 * 16);
        ex.f32_row_errors(row("EH", d), row("XR", d), row("XH", d), 1, r1 - r0, d, this.p("MEAN") + d * 8, this.p("ERR") + (B2 + r0) * 16);
        return;
      case "grads": {
        const [sMain, sSide, ka] = args;
        ex.f32_nmse_grad(row("XH", d), row("XR", d), 0, 0, (r1 - r0) * d, sMain, row("GX", d));
        ex.f32_nmse_grad(row("EH", d), row("XR", d), row("XH", d), 1, (r1 - r0) * d, sSide, row("GE", d));
        const dpre = (idx, val, dv, g, kk) => {
          ex.f32_sparse_dots(row(idx, kk), r1 - r0, kk, this.p("Wt"), row(g, d), d, row(dv, kk));
          const V = this.f(val), DV = this.f(dv);
          for (let j = r0 * kk; j < r1 * kk; j++) if (!(V[j] > 0)) DV[j] = 0;
        };
        dpre("IDX", "VAL", "DV", "GX", cfg.k);
        if (ka > 0) dpre("AIDX", "AVAL", "ADV", "GE", ka);
        return;
      }
      case "backward": {
        const [ka] = args;
        this.f("gE").fill(0, l0 * d, l1 * d);
        this.f("gWt").fill(0, l0 * d, l1 * d);
        const sets = [["IDX", "VAL", "DV", "GX", cfg.k]];
        if (ka > 0) sets.push(["AIDX", "AVAL", "ADV", "GE", ka]);
        for (const [idx, val, , g, kk] of sets) ex.f32_sparse_scatter(this.p(idx), this.p(val), B2, kk, this.p(g), d, this.p("gWt"), l0, l1);
        for (const [idx, , dv, , kk] of sets) ex.f32_sparse_scatter(this.p(idx), this.p(dv), B2, kk, this.p("X"), d, this.p("gE"), l0, l1);
        ex.f32_project_rows(lat("Wt"), lat("gWt"), l1 - l0, d);
        const SQ = this.f64("SQ"), blocks = Math.ceil(n / LATENT_BLOCK);
        for (let l = l0; l < l1; l += LATENT_BLOCK) {
          const rows = Math.min(LATENT_BLOCK, l1 - l);
          SQ[l / LATENT_BLOCK] = ex.f32_sumsq(lat("gE", l), rows * d);
          SQ[blocks + l / LATENT_BLOCK] = ex.f32_sumsq(lat("gWt", l), rows * d);
        }
        const gpb = this.f("gpb"), T2 = this.f("TMP");
        gpb.fill(0, q0, q1);
        ex.f32_sum_rows(this.p("GX"), B2, d, q0, q1, this.p("gpb"));
        for (const [idx, , dv, , kk] of sets) {
          ex.f32_sparse_sum_cols(this.p(idx), this.p(dv), B2 * kk, this.p("E"), d, q0, q1, this.p("TMP"));
          for (let q = q0; q < q1; q++) gpb[q] -= T2[q];
        }
        return;
      }
      case "update": {
        const [scale, stepSize, bc2] = args;
        const adam = (w, g, m, v, from, to) => ex.f32_adam(this.p(w) + from * 4, this.p(g) + from * 4, this.p(m) + from * 4, this.p(v) + from * 4, to - from, scale, cfg.beta1, cfg.beta2, stepSize, bc2, cfg.eps);
        adam("E", "gE", "mE", "vE", l0 * d, l1 * d);
        adam("Wt", "gWt", "mWt", "vWt", l0 * d, l1 * d);
        ex.f32_normalize_rows(lat("Wt"), l1 - l0, d);
        if (part === 0) {
          adam("lb", "glb", "mlb", "vlb", 0, this.bufs.lb.len);
          adam("pb", "gpb", "mpb", "vpb", 0, d);
        }
        return;
      }
    }
  }
  /**
   * One step on the batch x, its stages through `run`. `since` is the dead-latent counter before
   * this batch and `step` the optimiser steps so far; the counter after the batch comes back.
   */
  async stepWith(x2, since, step, run) {
    const { d, n, kernels, cfg } = this;
    const B2 = cfg.batchSize;
    const T2 = globalThis.__st ??= {};
    const run0 = run;
    let tc = performance.now();
    run = async (stage, args) => {
      T2.coord = (T2.coord ?? 0) + performance.now() - tc;
      const t0 = performance.now();
      await run0(stage, args);
      T2[stage] = (T2[stage] ?? 0) + performance.now() - t0;
      tc = performance.now();
    };
    this.f("XR").set(x2.subarray(0, B2 * d));
    await run("prepare", []);
    await run("forward", []);
    const after = since.map((c) => c + 1);
    for (const i of this.i("IDX")) after[i] = 1;
    const D2 = this.i("DEAD");
    let dead = 0;
    for (let i = 0; i < n; i++) if (after[i] > cfg.deadSteps) D2[dead++] = i;
    const ka = Math.min(cfg.kAux, dead);
    if (ka > 0) await run("auxPack", [dead]);
    await run("decode", [dead, ka]);
    await run("means", []);
    await run("errors", []);
    const ERR = this.f64("ERR");
    const total = (from) => {
      let num = 0, den = 0;
      for (let b = from; b < from + B2; b++) {
        num += ERR[2 * b];
        den += ERR[2 * b + 1];
      }
      return { num, den };
    };
    const main = total(0), side = total(B2);
    for (const [sums, what] of [
      [main, "input"],
      [side, "residual"]
    ]) {
      if (!(sums.den > 0)) throw new SaeError("E_ARG", `train: the ${what} of this batch has zero variance; nmse is undefined (use more rows, or rows that differ)`);
    }
    await run("grads", [2 / main.den, cfg.auxkCoef * 2 / side.den, ka]);
    const glb = this.f("glb").fill(0);
    for (const [idx, dv, kk] of ka > 0 ? [["IDX", "DV", cfg.k], ["AIDX", "ADV", ka]] : [["IDX", "DV", cfg.k]]) {
      const I = this.i(idx), DV = this.f(dv);
      for (let j = 0; j < B2 * kk; j++) glb[I[j]] += DV[j];
    }
    await run("backward", [ka]);
    let sq = 0;
    for (const v of this.f64("SQ")) sq += v;
    sq += kernels.exports.f32_sumsq(this.p("glb"), this.bufs.glb.len) + kernels.exports.f32_sumsq(this.p("gpb"), d);
    const coef = cfg.clip / (Math.sqrt(sq) + 1e-6);
    const t = step + 1;
    await run("update", [Math.min(1, coef), cfg.lr / (1 - cfg.beta1 ** t), Math.sqrt(1 - cfg.beta2 ** t)]);
    const mse = main.num / main.den, aux = side.num / side.den;
    return { losses: { loss: mse + cfg.auxkCoef * aux, mse, auxLoss: aux, dead }, after };
  }
};
var WasmTrainer = class _WasmTrainer extends TrainerPhases {
  constructor(kernels, bufs, scratches, cfg, state) {
    super(kernels, bufs, scratches, cfg, state.nInputs, state.nLatents);
    this.state = state;
  }
  state;
  /**
   * Allocates the buffers and copies the state in (natural layouts; the decoder transposed to
   * [n, d]); `workers` extra encode scratches serve the forward phase's parallel row ranges.
   */
  static create(kernels, state, cfg, workers = 0) {
    if (kernels.isa !== "simd") throw new SaeError("E_ARG", "the trainer runs the plain-SIMD module so that its results do not depend on the runtime");
    const { nInputs: d, nLatents: n } = state;
    const sizes = bufferSizes(kernels, d, n, cfg);
    const bufs = Object.fromEntries(BUFFERS.map((name) => [name, { ptr: kernels.alloc(Math.max(1, sizes[name]) * 4), len: sizes[name] }]));
    const part = Math.ceil(cfg.batchSize / Math.max(1, workers));
    const scratches = Array.from({ length: workers }, () => ({
      ptr: kernels.alloc(kernels.exports.f32_encode_topk_scratch_bytes(part, d, Math.max(cfg.k, Math.min(cfg.kAux, n)), blockLatents(d, n)) >>> 0),
      len: 0
    }));
    const t = new _WasmTrainer(kernels, bufs, scratches, cfg, state);
    for (const name of BUFFERS) t.f(name).fill(0);
    t.load();
    return t;
  }
  /** The buffers' places, for workers attaching to the same (shared) memory. */
  layout() {
    return { d: this.d, n: this.n, cfg: this.cfg, bufs: this.bufs, scratches: this.scratches };
  }
  /** state → Wasm. */
  load() {
    const { d, n } = this;
    const s = this.state;
    const tr = (src, dst) => transpose(src, d, n, dst);
    this.f("E").set(s.params.encoderWeight);
    this.f("mE").set(s.m.encoderWeight);
    this.f("vE").set(s.v.encoderWeight);
    tr(s.params.decoderWeight, this.f("Wt"));
    tr(s.m.decoderWeight, this.f("mWt"));
    tr(s.v.decoderWeight, this.f("vWt"));
    this.f("lb").set(s.params.latentBias);
    this.f("mlb").set(s.m.latentBias);
    this.f("vlb").set(s.v.latentBias);
    this.f("pb").set(s.params.preBias);
    this.f("mpb").set(s.m.preBias);
    this.f("vpb").set(s.v.preBias);
  }
  /** Wasm → state (for checkpoints and results). */
  sync() {
    const { d, n } = this;
    const s = this.state;
    const tr = (src, dst) => transpose(src, n, d, dst);
    s.params.encoderWeight.set(this.f("E"));
    s.m.encoderWeight.set(this.f("mE"));
    s.v.encoderWeight.set(this.f("vE"));
    tr(this.f("Wt"), s.params.decoderWeight);
    tr(this.f("mWt"), s.m.decoderWeight);
    tr(this.f("vWt"), s.v.decoderWeight);
    s.params.latentBias.set(this.f("lb").subarray(0, n));
    s.m.latentBias.set(this.f("mlb").subarray(0, n));
    s.v.latentBias.set(this.f("vlb").subarray(0, n));
    s.params.preBias.set(this.f("pb"));
    s.m.preBias.set(this.f("mpb"));
    s.v.preBias.set(this.f("vpb"));
  }
  /** One step on x [batch, d] (batch = the configured batch size), all stages on this thread. */
  async step(x2, batch) {
    if (batch !== this.cfg.batchSize) throw new SaeError("E_SHAPE", `trainer: batch ${batch} is not the configured ${this.cfg.batchSize}`);
    const st = this.state;
    const r = await this.stepWith(x2, st.sinceActive, st.step, (stage, args) => this.stage(stage, 0, 1, args));
    st.sinceActive.set(r.after);
    st.step++;
    return r.losses;
  }
  /** Frees the buffers. */
  dispose() {
    for (const b of [...Object.values(this.bufs), ...this.scratches]) this.kernels.free(b.ptr);
  }
};

// src/train/trainers.ts
var RefTrainer = class {
  constructor(state, cfg) {
    this.state = state;
    this.cfg = cfg;
  }
  state;
  cfg;
  kind = "ref";
  async step(x2) {
    return stepRef(this.state, this.cfg, x2, this.cfg.batchSize);
  }
  async sync() {
  }
  async dispose() {
  }
};
var InThreadTrainer = class _InThreadTrainer {
  constructor(fast, cfg) {
    this.fast = fast;
    this.cfg = cfg;
  }
  fast;
  cfg;
  kind = "wasm";
  static async create(state, cfg, wasm) {
    return new _InThreadTrainer(WasmTrainer.create(await loadKernels("simd", wasm ?? embeddedModule("simd")), state, cfg), cfg);
  }
  async step(x2) {
    return this.fast.step(x2, this.cfg.batchSize);
  }
  async sync() {
    this.fast.sync();
  }
  async dispose() {
    this.fast.dispose();
  }
};
var SharedPoolTrainer = class {
  constructor(fast, pool, state, cfg) {
    this.fast = fast;
    this.pool = pool;
    this.state = state;
    this.cfg = cfg;
  }
  fast;
  pool;
  state;
  cfg;
  kind = "wasm";
  async step(x2) {
    const { state, pool } = this;
    const parts = pool.size;
    const run = async (stage, args) => {
      await Promise.all(Array.from({ length: parts }, (_, w) => pool.run(async (api) => unwrap(await api.trainStage(stage, w, parts, args)))));
    };
    const r = await this.fast.stepWith(x2, state.sinceActive, state.step, run);
    state.sinceActive.set(r.after);
    state.step++;
    return r.losses;
  }
  async sync() {
    this.fast.sync();
  }
  async dispose() {
    await this.pool.dispose();
    this.fast.dispose();
  }
};
var SoloPoolTrainer = class {
  constructor(pool, state, cfg) {
    this.pool = pool;
    this.state = state;
    this.cfg = cfg;
  }
  pool;
  state;
  cfg;
  kind = "wasm";
  async step(x2) {
    const copy = x2.slice(0, this.cfg.batchSize * this.state.nInputs);
    const losses = await this.pool.run(async (api) => unwrap(await api.trainStep(transfer2(copy, [copy.buffer]))));
    this.state.step++;
    return losses;
  }
  async sync() {
    const s = await this.pool.run(async (api) => unwrap(await api.trainState()));
    for (const name of PARAM_NAMES) {
      this.state.params[name].set(s.params[name]);
      this.state.m[name].set(s.m[name]);
      this.state.v[name].set(s.v[name]);
    }
    this.state.sinceActive.set(s.sinceActive);
    this.state.step = s.step;
  }
  async dispose() {
    await this.pool.dispose();
  }
};
var REPLAY_BYTES = 256 << 20;
var GpuFallbackTrainer = class {
  constructor(gpu, state, cfg, wasm, again) {
    this.gpu = gpu;
    this.state = state;
    this.cfg = cfg;
    this.wasm = wasm;
    this.again = again;
    this.syncedStep = state.step;
  }
  gpu;
  state;
  cfg;
  wasm;
  again;
  fallback;
  syncedStep;
  replay = [];
  replayBytes = 0;
  get kind() {
    return this.fallback?.kind ?? "gpu";
  }
  async step(x2, at) {
    if (this.fallback) return this.fallback.step(x2, at);
    const losses = await this.onGpu(
      () => this.gpu.step(x2),
      () => this.fallback.step(x2, at)
    );
    if (!this.fallback) await this.remember(x2, at);
    return losses;
  }
  async sync() {
    if (this.fallback) return this.fallback.sync();
    await this.onGpu(
      async () => {
        await this.gpu.sync();
        this.syncedStep = this.state.step;
        this.replay = [];
        this.replayBytes = 0;
      },
      () => this.fallback.sync()
    );
  }
  async dispose() {
    this.gpu.dispose();
    await this.fallback?.dispose();
  }
  /** `f` on the device; on its loss, the fallback takes over and `instead` runs there. */
  async onGpu(f, instead) {
    try {
      return await f();
    } catch (e) {
      if (!isSaeError(e, "E_GPU_LOST")) throw e;
    }
    const wasm = Boolean(detectIsa() || this.wasm);
    console.warn(
      `sae.js: the GPU device was lost during training (${this.gpu.lost ?? "unknown reason"}); continuing on the ${wasm ? "Wasm" : "reference"} trainer from step ${this.syncedStep}, replaying ${this.replay.length} batch(es)`
    );
    this.gpu.dispose();
    this.state.step = this.syncedStep;
    const fallback = wasm ? await InThreadTrainer.create(this.state, this.cfg, this.wasm) : new RefTrainer(this.state, this.cfg);
    for (const r of this.replay) await fallback.step("x" in r ? r.x : await this.again(r.at), "at" in r ? r.at : { epoch: 0, batch: 0 });
    this.replay = [];
    this.fallback = fallback;
    return instead();
  }
  async remember(x2, at) {
    if (this.again) {
      this.replay.push({ at });
      return;
    }
    this.replay.push({ x: x2.slice(0, this.cfg.batchSize * this.state.nInputs) });
    this.replayBytes += this.cfg.batchSize * this.state.nInputs * 4;
    if (this.replayBytes > REPLAY_BYTES) await this.sync();
  }
};
async function openTrainer(state, cfg, options, again) {
  const asked = options.trainer ?? "auto";
  if (!["auto", "gpu", "wasm", "ref"].includes(asked))
    throw new SaeError("E_ARG", `train: trainer must be 'auto', 'gpu', 'wasm' or 'ref', got '${String(asked)}'`);
  if (asked === "gpu" || asked === "auto" && (options.gpu || caps().webgpu)) {
    const gpu = await GpuTrainer.create(state, cfg, { gpu: options.gpu, required: asked === "gpu" });
    if (gpu) return { trainer: new GpuFallbackTrainer(gpu, state, cfg, options.wasm, again), gpuAdapter: gpu.adapter };
  }
  const kind = asked === "ref" || asked === "auto" && !(options.wasm || detectIsa()) ? "ref" : "wasm";
  const want = options.workers ?? "auto";
  if (want !== "auto" && (!Number.isInteger(want) || want < 0))
    throw new SaeError("E_ARG", `train: workers must be 'auto', 0 or a positive integer, got ${String(want)}`);
  if (kind === "ref") return { trainer: new RefTrainer(state, cfg) };
  const count = options.wasm || !caps().workers ? 0 : want === "auto" ? await cores() : want;
  if (count === 0) return { trainer: await InThreadTrainer.create(state, cfg, options.wasm) };
  if (!(options.share !== false && caps().sharedMemory && sharedModuleValid("simd"))) {
    const pool = await WorkerPool.start(WORKER_CODE, [{ mode: "train-private", module: embeddedModule("simd"), state, cfg }]);
    return { trainer: new SoloPoolTrainer(pool, state, cfg) };
  }
  const module = embeddedModule("simd", true);
  const memory = new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true });
  const fast = WasmTrainer.create(await loadKernels("simd", module, { memory, attached: false }), state, cfg, count);
  const inits = Array.from({ length: count }, () => ({ mode: "train", module, memory, layout: fast.layout() }));
  try {
    return { trainer: new SharedPoolTrainer(fast, await WorkerPool.start(WORKER_CODE, inits), state, cfg) };
  } catch (e) {
    fast.dispose();
    throw e;
  }
}

// src/train/train.ts
function memoryRows(data) {
  const { x: x2, rows, nInputs: d } = data;
  if (!Number.isInteger(d) || d < 1 || x2.length !== rows * d)
    throw new SaeError("E_SHAPE", `train: data must be [rows=${rows}, nInputs=${d}], got ${x2.length} values`);
  checkFinite(x2, d, "train data");
  return {
    rows,
    d,
    async gather(idx, out) {
      idx.forEach((r, i) => {
        out.set(x2.subarray(r * d, (r + 1) * d), i * d);
      });
    }
  };
}
function fileRows(f) {
  const { rows, cols: d } = f;
  return {
    rows,
    d,
    ...f.groups && f.groups.length > 1 ? { groups: f.groups } : {},
    async gather(idx, out) {
      for (let i = 0; i < idx.length; i++) {
        const r = idx[i];
        const row = await f.read(r, 1);
        checkFinite(row, d, "train data", r);
        out.set(row, i * d);
      }
    }
  };
}
function epochOrder(rows, seed, epoch) {
  const r = rng(seed * 2654435761 + epoch * 2246822519 >>> 0);
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
var SHUFFLE_WINDOW = CACHED_GROUPS;
function groupedEpochOrder(groups, seed, epoch) {
  const total = groups.reduce((a, g) => a + g.rows, 0);
  const gOrder = epochOrder(groups.length, seed, epoch);
  const order = new Int32Array(total);
  const r = rng(seed * 668265263 + epoch * 374761393 + 1 >>> 0);
  let at = 0;
  for (let w = 0; w < groups.length; w += SHUFFLE_WINDOW) {
    const from = at;
    for (const gi of gOrder.subarray(w, w + SHUFFLE_WINDOW)) {
      const g = groups[gi];
      for (let i = 0; i < g.rows; i++) order[at++] = g.start + i;
    }
    for (let i = at - 1; i > from; i--) {
      const j = from + Math.floor(r() * (i - from + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
  return order;
}
var CKPT_FORMAT = "saejs-train-1";
var MAX_DIM = 1 << 20;
var MAX_POSITION = 2 ** 40;
function wholeField(meta, name, max, min = 0) {
  const v = meta[name];
  if (v === void 0 || !/^\d{1,15}$/.test(v) || Number(v) > max || Number(v) < min) {
    throw new SaeError(
      "E_FORMAT",
      `resume: the checkpoint's ${name} is ${v === void 0 ? "missing" : `'${v.slice(0, 24)}'`}; expected a whole number in [${min}, ${max}]`
    );
  }
  return Number(v);
}
async function fingerprintOf(src) {
  const span = src.groups ? [src.groups[0], src.groups.at(-1)] : [{ start: 0, rows: src.rows }];
  const picks = Math.min(
    64,
    span.reduce((a, g) => a + g.rows, 0)
  );
  const each = Math.ceil(picks / span.length);
  const idx = Int32Array.from(
    span.flatMap((g) => Array.from({ length: Math.min(each, g.rows) }, (_, i) => g.start + Math.floor(i * g.rows / Math.min(each, g.rows))))
  );
  const rows = new Float32Array(idx.length * src.d);
  await src.gather(idx, rows);
  return `${src.rows} rows, sha256 ${await sha256Hex(new Uint8Array(rows.buffer), 24)}`;
}
function checkpointParts(state, config, cursor, data) {
  const p = state.params;
  const shape = { preBias: [p.nInputs], encoderWeight: [p.nLatents, p.nInputs], decoderWeight: [p.nInputs, p.nLatents], latentBias: [p.nLatents] };
  const key = TORCH_NAMES;
  const tensors = PARAM_NAMES.flatMap((name) => [
    { name: key[name], shape: shape[name], data: p[name] },
    { name: `adam.m.${key[name]}`, shape: shape[name], data: state.m[name] },
    { name: `adam.v.${key[name]}`, shape: shape[name], data: state.v[name] }
  ]);
  tensors.push({ name: "since_active", shape: [p.nLatents], data: Float32Array.from(state.sinceActive) });
  return writeSafetensors(tensors, {
    format: CKPT_FORMAT,
    layout: "release",
    k: String(config.k),
    d: String(p.nInputs),
    n: String(p.nLatents),
    config: JSON.stringify(config),
    step: String(state.step),
    epoch: String(cursor.epoch),
    batch: String(cursor.batch),
    ...data ? { data } : {}
  });
}
async function readCheckpoint(source) {
  const ra = await openSource(source);
  try {
    const ck = await openSafetensors(ra);
    if (ck.metadata.format !== CKPT_FORMAT)
      throw new SaeError("E_FORMAT", `resume: not a sae.js training checkpoint (format '${ck.metadata.format ?? "none"}')`);
    let config;
    try {
      const c = JSON.parse(ck.metadata.config ?? "");
      config = trainConfig(c.k, c.nLatents, c);
    } catch (cause) {
      throw new SaeError("E_FORMAT", `resume: the checkpoint's config is not a valid training config (${cause.message})`, { cause });
    }
    const d = wholeField(ck.metadata, "d", MAX_DIM, 1), n = wholeField(ck.metadata, "n", MAX_DIM, 2);
    if (n !== config.nLatents) throw new SaeError("E_FORMAT", `resume: the checkpoint's n=${n} disagrees with its config's nLatents=${config.nLatents}`);
    const shapes = { pre_bias: [d], latent_bias: [n], "encoder.weight": [n, d], "decoder.weight": [d, n], since_active: [n] };
    const get = async (name) => {
      const t = ck.tensors.get(name);
      if (!t) throw new SaeError("E_FORMAT", `resume: the checkpoint lacks '${name}'`);
      const want = shapes[name.replace(/^adam\.[mv]\./, "")];
      if (t.shape.length !== want.length || t.shape.some((v, i) => v !== want[i])) {
        throw new SaeError(
          "E_FORMAT",
          `resume: '${name}' has shape (${t.shape.join(", ")}), but the checkpoint says d=${d}, n=${n}: expected (${want.join(", ")})`
        );
      }
      return t.read().then((a) => a.slice());
    };
    const params = {
      nInputs: d,
      nLatents: n,
      preBias: await get("pre_bias"),
      encoderWeight: await get("encoder.weight"),
      decoderWeight: await get("decoder.weight"),
      latentBias: await get("latent_bias")
    };
    const state = newState(params);
    const key = TORCH_NAMES;
    for (const name of PARAM_NAMES) {
      state.m[name].set(await get(`adam.m.${key[name]}`));
      state.v[name].set(await get(`adam.v.${key[name]}`));
    }
    state.sinceActive.set(await get("since_active"));
    state.step = wholeField(ck.metadata, "step", MAX_POSITION);
    const cursor = { epoch: wholeField(ck.metadata, "epoch", MAX_POSITION), batch: wholeField(ck.metadata, "batch", MAX_POSITION) };
    for (const v of state.sinceActive)
      if (!Number.isInteger(v) || v < 0) throw new SaeError("E_FORMAT", "resume: the checkpoint's since_active counters are not whole numbers \u2265 0");
    return { state, config, cursor, data: ck.metadata.data };
  } finally {
    await ra.close();
  }
}
async function train(data, config, options = {}) {
  const cfg = trainConfig(config.k, config.nLatents, config);
  if (options.checkpoint) await removeStaleTemps(options.checkpoint.path);
  if ("stream" in data) return trainStream(data.stream, data.nInputs, cfg, options);
  const src = "x" in data ? memoryRows(data) : fileRows(data);
  const { rows, d } = src;
  if (rows < cfg.batchSize) throw new SaeError("E_ARG", `train: ${rows} rows are fewer than one batch of ${cfg.batchSize}`);
  const head = Math.min(rows, cfg.medianRows);
  const perEpoch = Math.floor(rows / cfg.batchSize);
  const fingerprint = await fingerprintOf(src);
  let shuffled = { epoch: -1, order: new Int32Array(0) };
  const gatherAt = async (at, out) => {
    if (shuffled.epoch !== at.epoch)
      shuffled = { epoch: at.epoch, order: src.groups ? groupedEpochOrder(src.groups, cfg.seed, at.epoch) : epochOrder(rows, cfg.seed, at.epoch) };
    await src.gather(shuffled.order.subarray(at.batch * cfg.batchSize, (at.batch + 1) * cfg.batchSize), out);
    return out;
  };
  const firstRows = async () => {
    const first = new Float32Array(head * d);
    await src.gather(
      Int32Array.from({ length: head }, (_, i) => i),
      first
    );
    return { x: first, rows: head };
  };
  const again = (at) => gatherAt(at, new Float32Array(cfg.batchSize * d));
  const run = await Run.start(d, cfg, options, firstRows, { fingerprint, perEpoch, again });
  const xb = new Float32Array(cfg.batchSize * d);
  return run.loop(async (cursor) => {
    if (cursor.batch >= perEpoch) cursor = { epoch: cursor.epoch + 1, batch: 0 };
    if (cursor.epoch >= cfg.epochs) return void 0;
    return { x: await gatherAt(cursor, xb), at: cursor, epochEnd: cursor.batch + 1 === perEpoch };
  }, perEpoch * cfg.epochs);
}
async function trainStream(batches, d, cfg, options) {
  if (cfg.epochs !== 1) throw new SaeError("E_ARG", "train: an iterable of batches is one pass; epochs must be 1 (iterate again to train longer)");
  const it = batches[Symbol.asyncIterator]();
  const buffered = [];
  const next = async () => {
    const b = buffered.shift() ?? (await it.next()).value;
    if (b === void 0) return void 0;
    if (!(b instanceof Float32Array) || b.length !== cfg.batchSize * d)
      throw new SaeError("E_SHAPE", `train: each batch must be a Float32Array of batchSize \xD7 nInputs = ${cfg.batchSize * d} values, got ${b?.length}`);
    checkFinite(b, d, "train batch");
    return b;
  };
  const run = await Run.start(d, cfg, options, async () => {
    while (buffered.length * cfg.batchSize < cfg.medianRows) {
      const r = await it.next();
      if (r.done) break;
      buffered.push(r.value);
    }
    if (!buffered.length) throw new SaeError("E_ARG", "train: the iterable yielded no batch");
    const x2 = new Float32Array(buffered.length * cfg.batchSize * d);
    buffered.forEach((b, i) => {
      x2.set(b.subarray(0, cfg.batchSize * d), i * cfg.batchSize * d);
    });
    return { x: x2, rows: Math.min(buffered.length * cfg.batchSize, cfg.medianRows) };
  });
  for (let i = 0; i < run.cursor.batch; i++)
    if (await next() === void 0) throw new SaeError("E_ARG", "resume: the iterable ended before the checkpoint's position");
  return run.loop(async (cursor) => {
    const x2 = await next();
    return x2 ? { x: x2, at: cursor, epochEnd: false } : void 0;
  }, 0);
}
var Run = class _Run {
  constructor(cfg, options, state, cursor, trainer, gpuAdapter, fingerprint) {
    this.cfg = cfg;
    this.options = options;
    this.state = state;
    this.cursor = cursor;
    this.trainer = trainer;
    this.gpuAdapter = gpuAdapter;
    this.fingerprint = fingerprint;
  }
  cfg;
  options;
  state;
  cursor;
  trainer;
  gpuAdapter;
  fingerprint;
  /** The step of the last checkpoint written. */
  savedAt = -1;
  /**
   * The run's state, fresh or from `options.resume` (checked against this data: width, settings,
   * fingerprint, position), on the trainer the options ask for. `again` reads the batch at a
   * position once more (data in memory or a file; a stream cannot): a GPU run replays with it.
   */
  static async start(d, cfg, options, firstRows, data = {}) {
    let state, cursor = { epoch: 0, batch: 0 };
    if (options.resume !== void 0) {
      const ck = await readCheckpoint(options.resume);
      const { epochs: _a, ...mine } = cfg;
      const { epochs: _b, ...theirs } = ck.config;
      if (JSON.stringify(mine) !== JSON.stringify(theirs))
        throw new SaeError("E_ARG", `resume: the checkpoint was trained with other settings (${JSON.stringify(theirs)})`);
      if (ck.state.nInputs !== d) throw new SaeError("E_SHAPE", `resume: the checkpoint has nInputs=${ck.state.nInputs}, the data ${d}`);
      if (ck.data && data.fingerprint && ck.data !== data.fingerprint && !options.resumeOtherData) {
        throw new SaeError(
          "E_ARG",
          `resume: the checkpoint was trained on other data (${ck.data}; this data: ${data.fingerprint}); resume it on the same rows, or continue anyway on purpose`,
          { fix: { option: "resumeOtherData", example: "true" } }
        );
      }
      if (ck.cursor.epoch > cfg.epochs || ck.cursor.epoch === cfg.epochs && ck.cursor.batch > 0) {
        throw new SaeError(
          "E_ARG",
          `resume: the checkpoint has trained ${ck.cursor.epoch} epoch(s) and ${ck.cursor.batch} batch(es), more than the ${cfg.epochs} epoch(s) asked for; ask for at least ${ck.cursor.epoch + (ck.cursor.batch > 0 ? 1 : 0)}`,
          { fix: { option: "epochs", example: String(ck.cursor.epoch + (ck.cursor.batch > 0 ? 1 : 0)) } }
        );
      }
      if (data.perEpoch !== void 0 && ck.cursor.batch > data.perEpoch) {
        throw new SaeError(
          "E_ARG",
          `resume: the checkpoint stands at batch ${ck.cursor.batch} of an epoch, but this data has ${data.perEpoch} batches per epoch`
        );
      }
      state = ck.state;
      cursor = ck.cursor;
    } else {
      let init = options.init;
      if (!init) {
        const first = await firstRows();
        init = initWeights(first.x, first.rows, d, cfg.nLatents, cfg.seed, cfg.medianRows);
      }
      if (init.nInputs !== d || init.nLatents !== cfg.nLatents)
        throw new SaeError("E_SHAPE", `train: init is ${init.nInputs}\xD7${init.nLatents}, expected ${d}\xD7${cfg.nLatents}`);
      state = newState(init);
    }
    const { trainer, gpuAdapter } = await openTrainer(state, cfg, options, data.again);
    return new _Run(cfg, options, state, cursor, trainer, gpuAdapter, data.fingerprint);
  }
  async save(at) {
    if (!this.options.checkpoint) return;
    await this.trainer.sync();
    await writeFileAtomic(this.options.checkpoint.path, checkpointParts(this.state, this.cfg, at, this.fingerprint));
    this.savedAt = this.state.step;
  }
  /**
   * Steps until `next` has no batch: next(cursor) gives the batch at (or after) the cursor, where
   * it is in the run, and whether it ends an epoch (a checkpoint then follows).
   */
  async loop(next, totalSteps) {
    const { cfg, options, state, trainer } = this;
    const history = [];
    const every = options.checkpoint?.every ?? 0;
    try {
      for (; ; ) {
        if (options.signal?.aborted) {
          await this.save(this.cursor);
          throw new SaeError("E_ABORTED", `train: aborted at step ${state.step}${options.checkpoint ? `; resume from ${options.checkpoint.path}` : ""}`);
        }
        const b = await next(this.cursor);
        if (!b) break;
        const losses = await trainer.step(b.x, b.at);
        history.push(losses);
        this.cursor = { epoch: b.at.epoch, batch: b.at.batch + 1 };
        options.onProgress?.({ ...losses, step: state.step, epoch: b.at.epoch, totalSteps });
        if (b.epochEnd) await this.save({ epoch: b.at.epoch + 1, batch: 0 });
        else if (every && state.step % every === 0) await this.save(this.cursor);
      }
      if (this.savedAt !== state.step) await this.save(this.cursor);
      await trainer.sync();
    } finally {
      await trainer.dispose();
    }
    return {
      weights: state.params,
      config: cfg,
      steps: state.step,
      history,
      trainer: trainer.kind,
      ...this.gpuAdapter ? { gpuAdapter: this.gpuAdapter } : {}
    };
  }
};

// bench/util.ts
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = Math.imul(s, 1664525) + 1013904223 >>> 0;
    return s / 4294967296 - 0.5;
  };
}
function randomUnitRows(rows, d, seed) {
  const r = lcg(seed);
  const out = new Float32Array(rows * d);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let q = 0; q < d; q++) {
      const v = r();
      out[i * d + q] = v;
      s += v * v;
    }
    const inv = 1 / Math.sqrt(s);
    for (let q = 0; q < d; q++) out[i * d + q] *= inv;
  }
  return out;
}

// .scratch/prof2.ts
var D = 1536;
var N = 3072;
var K = 16;
var B = 1024;
var steps = 6;
var x = randomUnitRows(B * (steps + 1), D, 5);
for (const workers of [1, 2, 1, 2]) {
  globalThis.__st = {};
  const times = [];
  await train({ x, rows: B * (steps + 1), nInputs: D }, { k: K, nLatents: N, batchSize: B, medianRows: B }, { workers, onProgress: () => {
    times.push(performance.now());
    if (times.length === 1) globalThis.__st = {};
  } });
  const st = globalThis.__st;
  const per = (times.at(-1) - times[0]) / (times.length - 1);
  console.log(workers, per.toFixed(1), "ms/step", Object.entries(st).map(([k, v]) => `${k} ${(v / (times.length - 1)).toFixed(1)}`).join(" "));
}
