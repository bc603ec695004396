// A Hugging Face Hub on 127.0.0.1 for tests, speaking the protocol the Hub speaks to its clients:
//   HEAD/GET /{repo}/resolve/{revision}/{path}: LFS files redirect (302) to a content URL, with
//     X-Repo-Commit, X-Linked-Etag (the SHA-256), X-Linked-Size; small files answer 200 directly
//     with the git blob id as ETag; Range requests get 206 and Content-Range.
//   401/403/404 with X-Error-Code (GatedRepo, RepoNotFound, RevisionNotFound, EntryNotFound).
//   GET /api/{models|datasets}/{repo}[/revision/{rev}] (model info, siblings) and /tree/{rev} (files).
// Every answer carries the Hub's CORS headers (the caller's Origin allowed, the Hub's list of
// exposed headers) and OPTIONS preflights are answered, so that a page on another origin reads it
// as it reads huggingface.co. Datasets live under /datasets/. `breakAfter` cuts the next content responses after some bytes
// (an interrupted download); `misbehave` makes it a hostile or broken Hub on purpose; `log`
// records every request.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface HubRepo {
  type?: "model" | "dataset";
  files: Record<string, Uint8Array>;
  /** Gated: readable only with one of `tokens` (401 without a token, 403 with another). */
  gated?: boolean;
  /** Private: as gated, but a stranger is told the repo does not exist. */
  private?: boolean;
  tokens?: string[];
  /** Revisions (branch or tag names) → commit; main is made up when absent. */
  refs?: Record<string, string>;
}

/** What a broken or hostile Hub does; each is off until `misbehave` turns it on. */
export interface Misbehaviour {
  /** The file listing (/api/…/tree) links a next page forever. */
  endlessPages: boolean;
  /** The file listing's body never ends. */
  endlessListing: boolean;
  /** Content responses send one byte every `trickleMs`. */
  trickleMs: number;
  /** Content responses send their body in 1 KiB pieces, one every `slowMs` (a slow but honest CDN). */
  slowMs: number;
  /** A GET of /resolve/ never answers (its HEAD does). */
  getHangs: boolean;
  /** A GET of /resolve/ answers this status (its HEAD does not): a mirror that resolves only branch names, a failing Hub. */
  getStatus: number;
  /** The CDN's answers lack this header. */
  cdnWithout: "ETag" | "Content-Range";
  /** A GET of /resolve/ redirects to itself. */
  redirectLoop: boolean;
  /** A GET of /resolve/ redirects here (file:///etc/passwd, another server's URL). */
  redirectTo: string;
  /** Extra headers on the CDN's answers (X-Cache: Hit from cloudfront). */
  cdnHeaders: Record<string, string>;
  /** The ETag the resolve endpoint names for LFS files ('.', '..'). */
  etag: string;
  /** The CDN answers a range request with 200 and the whole file. */
  ignoreRange: boolean;
  /** The CDN's Content-Range starts this many bytes off (its body is the range asked for). */
  rangeOff: number;
  /** The CDN's answers carry this ETag (the file changed, or another CDN). */
  cdnEtag: string;
}

export interface HubServer {
  url: string;
  /** Turns misbehaviours on (and all others off); `misbehave()` makes it an honest Hub again. */
  misbehave(m?: Partial<Misbehaviour>): void;
  log: { method: string; path: string; range?: string; auth?: string }[];
  /** Cut the next `times` content responses after `bytes` bytes. */
  breakAfter(bytes: number, times?: number): void;
  /** Send `bytes` bytes of the next content response, then nothing more, leaving it open. */
  stallAfter(bytes: number): void;
  close(): Promise<void>;
}

const LFS_MIN = 1024;
/** What huggingface.co lists in Access-Control-Expose-Headers (seen on its resolve and API answers). */
const EXPOSED =
  "X-Repo-Commit,X-Request-Id,X-Error-Code,X-Error-Message,X-Total-Count,ETag,Link,Accept-Ranges,Content-Range,X-Linked-Size,X-Linked-ETag,X-Xet-Hash";
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
/** git's blob id: sha1 of "blob <size>\0" + content. */
const gitOid = (b: Uint8Array) =>
  createHash("sha1")
    .update(Buffer.concat([Buffer.from(`blob ${b.length}\0`), b]))
    .digest("hex");

export async function startHub(repos: Record<string, HubRepo>): Promise<HubServer> {
  const log: HubServer["log"] = [];
  let cut = { bytes: 0, times: 0 };
  let stall = -1;
  let bad: Partial<Misbehaviour> = {};
  const byHash = new Map<string, Uint8Array>();
  for (const r of Object.values(repos)) for (const b of Object.values(r.files)) byHash.set(sha256(b), b);
  const commitOf = (name: string, r: HubRepo, rev: string) => {
    const refs: Record<string, string> = { main: createHash("sha1").update(name).digest("hex"), ...r.refs };
    if (/^[0-9a-f]{40}$/.test(rev) && Object.values(refs).includes(rev)) return rev;
    return refs[rev];
  };
  let base = "";

  const fail = (res: ServerResponse, status: number, code: string, message: string) => {
    res.writeHead(status, { "X-Error-Code": code, "X-Error-Message": message, "Content-Type": "application/json" });
    res.end(JSON.stringify({ error: message }));
  };

  /** The repo if the caller may read it, else the refusal has been sent. */
  const access = (req: IncomingMessage, res: ServerResponse, name: string, type: "model" | "dataset"): HubRepo | undefined => {
    const r = repos[name];
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!r || (r.type ?? "model") !== type || (r.private && !r.tokens?.includes(token ?? ""))) {
      fail(res, token ? 404 : 401, "RepoNotFound", `Repository not found: ${name}`);
      return undefined;
    }
    if (r.gated && !r.tokens?.includes(token ?? "")) {
      fail(res, token ? 403 : 401, "GatedRepo", `Access to model ${name} is restricted. You must have access to it and be authenticated to access it.`);
      return undefined;
    }
    return r;
  };

  /** Sends bytes with Range support, cutting the connection where breakAfter asks. */
  const send = (req: IncomingMessage, res: ServerResponse, bytes: Uint8Array, headers: Record<string, string>) => {
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
    let start = 0,
      end = bytes.length;
    const h: Record<string, string> = { ...headers, "Accept-Ranges": "bytes", "Content-Type": "application/octet-stream" };
    if (bad.cdnWithout === "ETag") delete h.ETag;
    if (bad.cdnEtag && h.ETag) h.ETag = `"${bad.cdnEtag}"`;
    if (range && !bad.ignoreRange) {
      start = Number(range[1]);
      end = range[2] ? Math.min(bytes.length, Number(range[2]) + 1) : bytes.length;
      if (start >= bytes.length) {
        res.writeHead(416, { "Content-Range": `bytes */${bytes.length}` });
        res.end();
        return;
      }
      const off = bad.rangeOff ?? 0;
      if (bad.cdnWithout !== "Content-Range") h["Content-Range"] = `bytes ${start + off}-${end - 1 + off}/${bytes.length}`;
    }
    h["Content-Length"] = String(end - start);
    res.writeHead(range && !bad.ignoreRange ? 206 : 200, h);
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    const body = bytes.subarray(start, end);
    if (bad.trickleMs || bad.slowMs) {
      const piece = bad.trickleMs ? 1 : 1024;
      const every = bad.trickleMs ?? bad.slowMs ?? 0;
      let at = 0;
      const next = () => {
        if (res.destroyed) return;
        if (at >= body.length) return void res.end();
        res.write(body.subarray(at, at + piece));
        at += piece;
        setTimeout(next, every);
      };
      return next();
    }
    if (stall >= 0 && body.length > stall) {
      res.write(body.subarray(0, stall));
      stall = -1;
      return; // never ended: the client must give up by itself
    }
    if (cut.times > 0 && body.length > cut.bytes) {
      cut.times--;
      res.write(body.subarray(0, cut.bytes), () => res.destroy());
      return;
    }
    res.end(body);
  };

  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? "/", base);
    const path = decodeURIComponent(u.pathname);
    log.push({
      method: req.method ?? "",
      path,
      ...(req.headers.range ? { range: req.headers.range } : {}),
      ...(req.headers.authorization ? { auth: req.headers.authorization } : {}),
    });
    // CORS as huggingface.co answers it: the caller's origin, Vary: Origin, its exposed headers.
    if (req.headers.origin) {
      res.setHeader("Access-Control-Allow-Origin", req.headers.origin);
      res.setHeader("Vary", "Origin");
      res.setHeader("Access-Control-Expose-Headers", EXPOSED);
      res.setHeader("Access-Control-Max-Age", "86400");
    }
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
        "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] ?? "",
      });
      return res.end();
    }
    let m = /^\/cdn\/([0-9a-f]{64})$/.exec(path);
    if (m) {
      const b = byHash.get(m[1]!);
      if (!b) return fail(res, 404, "EntryNotFound", "no such object");
      return send(req, res, b, { ETag: `"${m[1]}"`, ...bad.cdnHeaders });
    }
    m = /^\/api\/(models|datasets)\/([^/]+\/[^/]+)(?:\/(revision|tree)\/([^/]+)(?:\/(.*))?)?$/.exec(path);
    if (m) {
      const [, kind, name, what, rev = "main"] = m as unknown as [string, string, string, string | undefined, string | undefined];
      const r = access(req, res, name, kind === "datasets" ? "dataset" : "model");
      if (!r) return;
      const commit = commitOf(name, r, rev);
      if (!commit) return fail(res, 404, "RevisionNotFound", `Invalid rev id: ${rev}`);
      if (what === "tree" && bad.endlessListing) {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.write("[");
        const item = `${JSON.stringify({ type: "file", oid: "0".repeat(40), size: 1, path: "x".repeat(200) })},`.repeat(500);
        const more = () => {
          if (!res.destroyed) res.write(item, () => setImmediate(more));
        };
        return more();
      }
      if (what === "tree" && bad.endlessPages) {
        const page = Number(u.searchParams.get("cursor") ?? 0) + 1;
        res.writeHead(200, { "Content-Type": "application/json", Link: `<${base}${u.pathname}?recursive=true&cursor=${page}>; rel="next"` });
        return res.end("[]");
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      if (what === "tree") {
        return res.end(
          JSON.stringify(
            Object.entries(r.files).map(([p, b]) => ({
              type: "file",
              oid: gitOid(b),
              size: b.length,
              path: p,
              ...(b.length >= LFS_MIN ? { lfs: { oid: sha256(b), size: b.length, pointerSize: 134 } } : {}),
            })),
          ),
        );
      }
      return res.end(
        JSON.stringify({
          id: name,
          sha: commit,
          private: !!r.private,
          gated: r.gated ? "manual" : false,
          siblings: Object.keys(r.files).map((rfilename) => ({ rfilename })),
        }),
      );
    }
    m = /^\/(datasets\/)?([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (m) {
      const [, ds, name, rev, file] = m as unknown as [string, string | undefined, string, string, string];
      const r = access(req, res, name, ds ? "dataset" : "model");
      if (!r) return;
      const commit = commitOf(name, r, rev);
      if (!commit) return fail(res, 404, "RevisionNotFound", `Invalid rev id: ${rev}`);
      const b = r.files[file];
      if (!b) return fail(res, 404, "EntryNotFound", `${file} does not exist on "${rev}"`);
      const common = { "X-Repo-Commit": commit };
      if (req.method === "GET") {
        if (bad.getHangs) return; // never answered
        if (bad.getStatus) return fail(res, bad.getStatus, bad.getStatus === 404 ? "RevisionNotFound" : "", `cannot resolve ${rev}`);
        const to = bad.redirectLoop ? u.href : bad.redirectTo;
        if (to) {
          res.writeHead(302, { ...common, Location: to, "Content-Length": "0" });
          return res.end();
        }
      }
      if (b.length < LFS_MIN) return send(req, res, b, { ...common, ETag: `"${gitOid(b)}"` });
      const hash = sha256(b);
      res.writeHead(302, {
        ...common,
        Location: `${base}/cdn/${hash}`,
        "X-Linked-Etag": `"${bad.etag ?? hash}"`,
        "X-Linked-Size": String(b.length),
        ETag: `"${gitOid(b)}"`,
        "Content-Length": "0",
      });
      return res.end();
    }
    fail(res, 404, "NotFound", `no route ${path}`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    log,
    misbehave(m = {}) {
      bad = m;
    },
    breakAfter(bytes, times = 1) {
      cut = { bytes, times };
    },
    stallAfter(bytes) {
      stall = bytes;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
