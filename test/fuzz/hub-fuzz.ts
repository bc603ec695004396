// The Hub client's answers, fuzzed: each input is a script of HTTP responses that a local server
// plays back in order to whatever the client asks (HEAD, resolve GETs, listings, redirect hops),
// mutated from honest and hostile seeds (redirect chains, Link pages, missing headers, odd
// statuses). The client must end in the verified file or a SaeError; the token must never reach
// the second server (another origin) that some scripts redirect to.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hubCachedFile } from "../../src/io/hub.js";
import { prng } from "../fixtures/formula.js";
import type { FuzzTarget } from "./fuzz.js";

const TOKEN = "hf_fuzz_secret";
const REPO = "acme/fuzz";
const COMMIT = createHash("sha1").update(REPO).digest("hex");
const FILE = (() => {
  const r = prng(3);
  return Uint8Array.from({ length: 3000 }, () => Math.floor(r() * 256));
})();
const SHA = createHash("sha256").update(FILE).digest("hex");

/** Serves FILE honestly at /file (Range, ETag); `auth` records whether any request carried the token. */
function serveFile(req: IncomingMessage, res: ServerResponse) {
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
  const start = range ? Math.min(Number(range[1]), FILE.length) : 0;
  const end = range?.[2] ? Math.min(FILE.length, Number(range[2]) + 1) : FILE.length;
  const h: Record<string, string> = { ETag: `"${SHA}"`, "Content-Length": String(Math.max(0, end - start)), "Accept-Ranges": "bytes" };
  if (range) h["Content-Range"] = `bytes ${start}-${end - 1}/${FILE.length}`;
  res.writeHead(range ? 206 : 200, h);
  res.end(req.method === "HEAD" ? undefined : FILE.subarray(start, end));
}

interface Scripted {
  status: number;
  headers: [string, string][];
  body: string;
}

/** The script: responses separated by a line "---"; each is a status line, header lines, a blank line and the body. */
function parse(text: string, fill: (s: string) => string): Scripted[] {
  return text
    .split("\n---\n")
    .slice(0, 12)
    .map((r) => {
      const [head = "", ...rest] = r.split("\n\n");
      const [statusLine = "", ...lines] = head.split("\n");
      const status = Number.parseInt(statusLine, 10);
      return {
        status: status >= 200 && status <= 599 ? status : 200,
        headers: lines.map((l) => [l.slice(0, l.indexOf(":")).trim(), fill(l.slice(l.indexOf(":") + 1).trim())] as [string, string]).filter(([k]) => k),
        body: fill(rest.join("\n\n")),
      };
    });
}

let servers: Promise<{ hub: string; other: string; set(s: Scripted[]): void; leaked(): boolean }> | undefined;

function start() {
  servers ??= (async () => {
    let script: Scripted[] = [];
    let next = 0;
    let leaked = false;
    const listen = async (handle: (req: IncomingMessage, res: ServerResponse) => void) => {
      const s: Server = createServer(handle);
      s.keepAliveTimeout = 100;
      await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
      s.unref();
      return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    };
    const other = await listen((req, res) => {
      if (req.headers.authorization?.includes(TOKEN)) leaked = true;
      serveFile(req, res);
    });
    const hub = await listen((req, res) => {
      if (req.url === "/file") return serveFile(req, res);
      const r = script[next++];
      if (!r) {
        res.writeHead(404, { "X-Error-Code": "EntryNotFound" });
        return res.end();
      }
      try {
        res.writeHead(r.status, [...r.headers.flat(), "Content-Length", String(Buffer.byteLength(r.body))]);
        res.end(req.method === "HEAD" ? undefined : r.body);
      } catch {
        res.destroy(); // a header Node will not send: the connection breaks
      }
    });
    return {
      hub,
      other,
      set(s: Scripted[]) {
        script = s;
        next = 0;
        leaked = false;
      },
      leaked: () => leaked,
    };
  })();
  return servers;
}

const lfsHead = `302\nX-Repo-Commit: {commit}\nX-Linked-Etag: "{sha}"\nX-Linked-Size: {size}\nETag: "abc"\nLocation: {base}/file\n\n`;
const SEEDS = [
  // An honest LFS file: HEAD, then the client's resolve GET redirected to the file.
  `${lfsHead}\n---\n${lfsHead}`,
  // The file on another origin that calls itself CloudFront.
  `${lfsHead}\n---\n302\nLocation: {other}/file\nX-Cache: Hit from cloudfront\n\n`,
  // A missing file: 404, then listing pages that link on.
  `404\nX-Error-Code: EntryNotFound\n\n{}\n---\n200\nContent-Type: application/json\nLink: <{base}/api/models/acme/fuzz/tree/main?cursor=1>; rel="next"\n\n[{"type":"file","path":"a.pth"}]\n---\n200\nContent-Type: application/json\nLink: <{other}/api/x>; rel="next"\n\n[]`,
  // A redirect chain through the Hub, one hop to file://, and one to a relative path.
  `${lfsHead}\n---\n302\nLocation: {base}/hop1\n\n\n---\n307\nLocation: /hop2\n\n\n---\n302\nLocation: file:///etc/passwd\n\n`,
  // Gated, and a 500 with JSON.
  `401\nX-Error-Code: GatedRepo\nX-Error-Message: gated\n\n{"error":"gated"}\n---\n500\nContent-Type: application/json\n\n{"error":"boom"}`,
  // The resolve GET answered directly, without ETag or Content-Range.
  `${lfsHead}\n---\n206\nContent-Type: application/octet-stream\n\nx`,
].map((s) => new TextEncoder().encode(s));

let cases = 0;

export const hubTarget: FuzzTarget = {
  name: "hub",
  seeds: SEEDS,
  async run(bytes) {
    const s = await start();
    const fill = (t: string) =>
      t
        .replaceAll("{base}", s.hub)
        .replaceAll("{other}", s.other)
        .replaceAll("{commit}", COMMIT)
        .replaceAll("{sha}", SHA)
        .replaceAll("{size}", String(FILE.length));
    s.set(parse(new TextDecoder().decode(bytes), fill));
    const cacheDir = mkdtempSync(join(tmpdir(), `saejs-hubfuzz-${cases++}-`));
    let failure: unknown;
    try {
      const path = await hubCachedFile(`hf://${REPO}/model.pth`, {
        endpoint: s.hub,
        cacheDir,
        token: TOKEN,
        limits: { deadlineMs: 300, connectMs: 300, idleMs: 300 },
      });
      // Success only with the announced bytes (verified by SHA-256 where the script names the real one).
      if (readFileSync(path).length === 0) throw new Error(`${path}: an empty file taken as the model`);
    } catch (e) {
      failure = e;
    }
    rmSync(cacheDir, { recursive: true, force: true });
    // A leak fails the case whatever its outcome.
    if (s.leaked()) throw new Error("the token reached another origin");
    if (failure) throw failure;
  },
};
