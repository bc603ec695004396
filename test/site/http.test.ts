// The site's files over HTTP range requests from a local static server on 127.0.0.1 (RFC 9110
// ranges, as `npx serve` and Vite's preview answer): the same hits as from bytes, the codes read
// whole, the re-rank rows by range only; servers that ignore ranges or answer a web page refused.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Sae } from "../../src/sae.js";
import { bytesSource } from "../../src/io/blob.js";
import { buildSiteFiles } from "../../src/site/write.js";
import { SiteSearch } from "../../src/site/search.js";
import { httpSiteOpener } from "../../src/site/http.js";
import { refused } from "../io/budget.js";
import { centres, documents, randomSae } from "./corpus.js";

const d = 32,
  n = 256,
  k = 8,
  rows = 2000;
const w = randomSae(d, n, 41);
const x = documents(centres(50, d, 42), d, 0, rows, 43);
let files: Map<string, Uint8Array>;
/** Requests seen: path and Range header. */
const seen: { path: string; range: string | undefined }[] = [];
let mode: "ranges" | "ignore" | "html" = "ranges";
let server: Server, base: string;

beforeAll(async () => {
  const sae = await Sae.create(w, { k, backend: "ref" });
  files = buildSiteFiles(sae.encode(x, rows), x, sae).files;
  server = createServer((req, res) => {
    const path = new URL(req.url!, "http://x").pathname;
    seen.push({ path, range: req.headers.range });
    const body = files.get(path.replace(/^\/site\//, ""));
    if (mode === "html" || !body) {
      res.writeHead(mode === "html" ? 200 : 404, { "content-type": "text/html" }).end("<!doctype html><p>app");
      return;
    }
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? "");
    if (mode === "ignore" || !m) {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length }).end(body);
      return;
    }
    const a = Number(m[1]),
      b = Math.min(Number(m[2]), body.length - 1);
    if (a >= body.length) {
      res.writeHead(416, { "content-range": `bytes */${body.length}` }).end();
      return;
    }
    res
      .writeHead(206, { "content-type": "application/octet-stream", "content-range": `bytes ${a}-${b}/${body.length}`, "content-length": b - a + 1 })
      .end(body.subarray(a, b + 1));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/site/`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

describe("site search over HTTP range requests", () => {
  it("finds the same hits as from bytes, reading vectors.bin only for the candidates' rows", async () => {
    mode = "ranges";
    const local = await SiteSearch.open(async (f) => bytesSource(files.get(f)!, f), w);
    const remote = await SiteSearch.open(httpSiteOpener(base), w);
    for (let i = 0; i < 5; i++) {
      const q = x.slice(i * 97 * d, (i * 97 + 1) * d);
      seen.length = 0;
      const got = await remote.search(q, { top: 5, candidates: 40 });
      expect(got).toEqual(await local.search(q, { top: 5, candidates: 40 }));
      // One range request per run of nearby candidate rows, each inside vectors.bin: at most 40,
      // taking at most 16 KiB of rows between two candidates, never the whole file.
      expect(seen.every((s) => s.path === "/site/vectors.bin" && /^bytes=\d+-\d+$/.test(s.range ?? ""))).toBe(true);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.length).toBeLessThanOrEqual(40);
      const bytes = seen.reduce((t, s) => {
        const [a, b] = s.range!.slice(6).split("-").map(Number);
        return t + b! - a! + 1;
      }, 0);
      expect(bytes).toBeGreaterThanOrEqual(40 * 2 * d);
      expect(bytes).toBeLessThanOrEqual(40 * 2 * d + (40 - seen.length) * 16 * 1024);
      expect(bytes).toBeLessThan(files.get("vectors.bin")!.length);
      // Read once: the same search again takes its rows from memory.
      seen.length = 0;
      expect(await remote.search(q, { top: 5, candidates: 40 })).toEqual(got);
      expect(seen).toEqual([]);
    }
    // A row cache smaller than a search's candidates (10 rows for 40): the same hits, read again each time.
    const small = await SiteSearch.open(httpSiteOpener(base), w, { rowCacheBytes: 10 * 4 * d });
    for (let i = 0; i < 3; i++) {
      const q = x.slice(i * 97 * d, (i * 97 + 1) * d);
      expect(await small.search(q, { top: 5, candidates: 40 })).toEqual(await local.search(q, { top: 5, candidates: 40 }));
    }
    await small.close();
    await refused(() => SiteSearch.open(httpSiteOpener(base), w, { rowCacheBytes: -1 }), "E_ARG", /rowCacheBytes must be an integer ≥ 0, got -1/);
    // vectors.bin read whole, in chunks: afterwards a search asks for nothing and finds the same.
    const progress: number[] = [];
    seen.length = 0;
    await remote.loadVectors({ chunkBytes: 10_000, onProgress: (done) => progress.push(done) });
    expect(remote.vectorsResident).toBe(true);
    const total = files.get("vectors.bin")!.length;
    expect(seen.every((s) => s.path === "/site/vectors.bin")).toBe(true);
    expect(seen).toHaveLength(Math.ceil(total / 10_000));
    expect(Math.max(...progress)).toBe(total);
    seen.length = 0;
    for (let i = 5; i < 9; i++) {
      const q = x.slice(i * 97 * d, (i * 97 + 1) * d);
      expect(await remote.search(q, { top: 5, candidates: 40 })).toEqual(await local.search(q, { top: 5, candidates: 40 }));
    }
    expect(seen).toEqual([]);
    await Promise.all([local.close(), remote.close()]);
  });

  it("refuses a server that ignores ranges, a missing file, and a fallback page", async () => {
    mode = "ignore";
    await refused(() => SiteSearch.open(httpSiteOpener(base), w), "E_IO", /ignored the Range header \(HTTP 200, not 206\)/);
    mode = "ranges";
    await refused(() => SiteSearch.open(httpSiteOpener(base.replace("/site/", "/nothing/")), w), "E_FORMAT", /answered with a web page/);
    mode = "html";
    await refused(() => SiteSearch.open(httpSiteOpener(base), w), "E_FORMAT", /search\.json: the server answered with a web page/);
    mode = "ranges";
  });
});
