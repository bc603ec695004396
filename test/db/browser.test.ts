// SaeIndex in a real browser: an esbuild bundle of a page (sae.js's browser build, PGlite and
// pgvector bundled, their Wasm and data files copied beside it), served on 127.0.0.1 and driven in
// Chromium. It builds documents (200; 10,000 for the README's figures) in IndexedDB, the page reloads (same profile), the index
// opens again and answers steered search and a feature page as the same index built in Node does;
// the same in OPFS from a dedicated worker; then the refusals (missing, foreign, newer, odd names,
// a second opening). Prints the build, reopen and search times, storage and bytes downloaded.
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { dirname, extname, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SaeIndex } from "../../src/db/sae-index.js";
import { Sae } from "../../src/sae.js";
import { available, CHROMIUM, withChromium } from "../chromium.js";
import { batches, K, probe, type Probe, weights } from "./browser/corpus.js";
import { sameAnswers } from "./browser/same-answers.js";

// 10,000 for the figures in the README (SAEJS_DB_BROWSER_ROWS=10000, about 5 minutes); fewer by default.
const ROWS = Number(process.env.SAEJS_DB_BROWSER_ROWS ?? 200);
const BATCH = 1000;
const OUT = resolve("test-output/db-browser");
const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".data": "application/octet-stream",
  ".gz": "application/gzip",
};

let server: Server | undefined;
let url = "";
/** Requests served: path → gzipped bytes (what a server compressing on the fly sends; .tar.gz as is). */
const served = new Map<string, number>();
let node: Probe;

async function bundle(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const saejs: esbuild.Plugin = {
    name: "saejs-dist",
    setup(b) {
      b.onResolve({ filter: /^saejs(\/db)?$/ }, (a) => ({ path: resolve(a.path === "saejs" ? "dist/browser.js" : "dist/browser/db.js") }));
    },
  };
  await esbuild.build({
    entryPoints: { page: "test/db/browser/page.ts", worker: "test/db/browser/worker.ts" },
    outdir: OUT,
    bundle: true,
    splitting: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "error",
    plugins: [saejs],
    // PGlite's Node branch imports node:module, the Hub client's Node files fs, os…: never run in a browser.
    external: ["node:*", "fs", "fs/promises", "os", "path", "stream", "stream/promises", "url", "crypto"],
  });
  // PGlite and pgvector find these with new URL("./…", import.meta.url): esbuild leaves that to the app, so they sit beside the bundle.
  const req = createRequire(import.meta.url);
  const pglite = dirname(req.resolve("@electric-sql/pglite"));
  for (const f of ["pglite.wasm", "pglite.data", "initdb.wasm"]) copyFileSync(join(pglite, f), join(OUT, f));
  copyFileSync(join(dirname(req.resolve("@electric-sql/pglite-pgvector")), "vector.tar.gz"), join(OUT, "vector.tar.gz"));
}

function serve(): Promise<void> {
  const html = '<!doctype html><meta charset="utf-8"><title>saejs db</title><script type="module" src="./page.js"></script>';
  const gz = new Map<string, number>();
  server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    let body: Buffer;
    try {
      body = path === "/" ? Buffer.from(html) : readFileSync(join(OUT, path.replace(/^\/+/, "").replace(/\.\.+/g, "")));
    } catch {
      res.writeHead(404).end();
      return;
    }
    if (!gz.has(path)) gz.set(path, path.endsWith(".gz") ? body.length : gzipSync(body).length);
    served.set(path, gz.get(path)!);
    res.writeHead(200, {
      "content-type": TYPES[extname(path) || ".html"] ?? "application/octet-stream",
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-embedder-policy": "require-corp",
    });
    res.end(body);
  });
  return new Promise((r) => server!.listen(0, "127.0.0.1", () => r()));
}

const call = <T>(page: Page, op: string, ...args: unknown[]) =>
  page.evaluate(
    ([op, args]) => (globalThis as unknown as { __db: Record<string, (...a: unknown[]) => Promise<unknown>> }).__db[op as string]!(...(args as unknown[])),
    [op, args] as const,
  ) as Promise<T>;
const inWorker = <T>(page: Page, op: string, ...args: unknown[]) =>
  page.evaluate(
    ([op, args]) => (globalThis as unknown as { __worker(op: string, ...a: unknown[]): Promise<unknown> }).__worker(op as string, ...(args as unknown[])),
    [op, args] as const,
  ) as Promise<T>;

async function open(page: Page): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as { __ready?: boolean }).__ready === true, null, { timeout: 60_000 });
}

type Reopened = { openMs: number; probe: Probe; searchMs: number; exactMs: number };
type Built = { buildMs: number; closeMs: number; seconds: { ingest: number; finish: number; labels: number } };
type Refusal = { ok: true } | { code: string; message: string };

const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;

describe("SaeIndex in Chromium (PGlite on IndexedDB and OPFS)", () => {
  beforeAll(async () => {
    if (!CHROMIUM) return; // each test names it skipped (available())
    await bundle();
    await serve();
    url = `http://127.0.0.1:${(server!.address() as { port: number }).port}/`;
    // The same index in Node: PGlite in memory.
    const w = weights();
    const sae = await Sae.create(w, { k: K });
    const t0 = performance.now();
    const index = await SaeIndex.build("memory://", {
      corpus: { name: "synthetic", rows: ROWS },
      batches: batches(w, ROWS, BATCH),
      sae,
      saeRecord: { source: "synthetic" },
      labels: false,
    });
    console.log(`node: built ${ROWS} documents in memory:// in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    node = await probe(index, w);
    await index.close();
  }, 600_000);
  afterAll(() => server?.close());

  it(`builds ${ROWS} documents in IndexedDB, reopens them after a reload, and answers as Node does`, async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      page.on("pageerror", (e) => console.log("page error:", e.message));
      await open(page);
      served.clear();
      const built = await call<Built>(page, "build", "idb://corpus", ROWS, BATCH);
      const downloaded = [...served].filter(([p]) => p !== "/");
      await page.reload();
      await page.waitForFunction(() => (globalThis as { __ready?: boolean }).__ready === true, null, { timeout: 60_000 });
      const again = await call<Reopened>(page, "reopen", "idb://corpus");
      sameAnswers(again.probe, node);
      const storage = await call<{ usage: number; quota: number; details: Record<string, number> }>(page, "estimate");
      expect(await call<string[]>(page, "idbNames")).toContain("/pglite/corpus");
      console.log(
        [
          `idb: built ${ROWS} documents in ${(built.buildMs / 1000).toFixed(1)} s (ingest ${built.seconds.ingest.toFixed(1)} s, statistics and HNSW ${built.seconds.finish.toFixed(1)} s; close ${(built.closeMs / 1000).toFixed(1)} s)`,
          `idb: reopened after a reload in ${(again.openMs / 1000).toFixed(2)} s; steered search (HNSW) median of 20: ${again.searchMs.toFixed(0)} ms; exact: ${again.exactMs.toFixed(0)} ms`,
          `idb: storage used ${mb(storage.usage)} of ${mb(storage.quota)} (${JSON.stringify(storage.details)})`,
          `downloaded (gzipped, .tar.gz as is): ${downloaded.map(([p, b]) => `${p} ${(b / 1024).toFixed(0)} KB`).join(", ")}; total ${mb(downloaded.reduce((s, [, b]) => s + b, 0))}`,
        ].join("\n"),
      );
    });
  }, 900_000);

  it("builds and reopens in OPFS from a dedicated worker; refused on the page", async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      await open(page);
      const onPage = await call<Refusal>(page, "refuse", "opfs-ahp://corpus");
      expect(onPage).toMatchObject({ code: "E_ARG", message: expect.stringMatching(/only in a dedicated worker.*idb:\/\//) });
      const missing = await inWorker<Refusal>(page, "refuse", "opfs-ahp://corpus");
      expect(missing).toMatchObject({ code: "E_DB", message: expect.stringMatching(/no index there/) });
      const built = await inWorker<Built>(page, "build", "opfs-ahp://corpus", ROWS, BATCH);
      await page.reload();
      await page.waitForFunction(() => (globalThis as { __ready?: boolean }).__ready === true, null, { timeout: 60_000 });
      const again = await inWorker<Reopened>(page, "reopen", "opfs-ahp://corpus");
      sameAnswers(again.probe, node);
      const storage = await call<{ usage: number }>(page, "estimate");
      expect(await call<string[]>(page, "opfsNames")).toContain("corpus");
      console.log(
        [
          `opfs: built ${ROWS} documents in ${(built.buildMs / 1000).toFixed(1)} s (ingest ${built.seconds.ingest.toFixed(1)} s, statistics and HNSW ${built.seconds.finish.toFixed(1)} s)`,
          `opfs: reopened after a reload in ${(again.openMs / 1000).toFixed(2)} s; steered search (HNSW) median of 20: ${again.searchMs.toFixed(0)} ms; exact: ${again.exactMs.toFixed(0)} ms; storage used ${mb(storage.usage)}`,
        ].join("\n"),
      );
    });
  }, 900_000);

  it("refuses what is not an index: missing, foreign, newer, odd names, a second opening", async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      await open(page);
      // Missing: refused, and nothing created by asking.
      expect(await call<Refusal>(page, "refuse", "idb://nothing")).toMatchObject({ code: "E_DB", message: expect.stringMatching(/no index there/) });
      expect(await call<string[]>(page, "idbNames")).not.toContain("/pglite/nothing");
      // Another program's IndexedDB database under PGlite's name for it: with a store of its own, and with PGlite's store but no database in it.
      await call(page, "foreignIdb", "theirs", false);
      await call(page, "foreignIdb", "lookalike", true);
      for (const name of ["theirs", "lookalike"])
        expect(await call<Refusal>(page, "refuse", `idb://${name}`)).toMatchObject({
          code: "E_DB",
          message: expect.stringMatching(/not an index.*something else/),
        });
      // A PGlite database that holds no index.
      await call(page, "plain", "idb://plain");
      expect(await call<Refusal>(page, "refuse", "idb://plain")).toMatchObject({ code: "E_DB", message: expect.stringMatching(/holds no sae\.js index/) });
      // An index written by a newer sae.js.
      await call(page, "build", "idb://newer", 200, 100);
      await call(page, "bumpSchema", "idb://newer");
      expect(await call<Refusal>(page, "refuse", "idb://newer")).toMatchObject({ code: "E_DB", message: expect.stringMatching(/newer sae\.js.*update saejs/) });
      // Names that are paths, empty, PGlite's own folders, or odd.
      for (const target of ["idb://", "idb://a/b", "idb://../x", "idb://..", "idb://data", "idb://bin", "idb://a b", "idb://é", "opfs-ahp://../x"])
        expect(await call<Refusal>(page, "refuse", target), target).toMatchObject({ code: "E_ARG" });
      // A folder: no file system here.
      expect(await call<Refusal>(page, "refuse", "./index")).toMatchObject({ code: "E_ARG", message: expect.stringMatching(/no file system.*idb:\/\//) });
      // One opening at a time (another tab or worker of the origin included).
      await call(page, "build", "idb://small", 200, 100);
      expect(await call<Refusal>(page, "twice", "idb://small")).toMatchObject({ code: "E_IO", message: expect.stringMatching(/in use by another tab/) });
      const other = await ctx.newPage();
      await open(other);
      expect(await call<Refusal>(other, "refuse", "idb://small")).toMatchObject({ ok: true });
    });
  }, 600_000);
});
