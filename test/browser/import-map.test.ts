// No bundler: a plain <script type="module"> page whose import map names sae.js's browser build
// and the optional packages it wants (the README's recipe). What the map names loads; what it
// leaves out is refused with the fix for this setting (the map, or configure({ modules })), and
// configure({ modules }) then hands the package in. Never a false "not installed".
import { afterAll, beforeAll, expect, it } from "vitest";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readEmbeddings } from "../../src/index.js";
import { available, CHROMIUM, withChromium } from "../chromium.js";
import { makeTables } from "../io/tables.js";
import { type AppServer, packInto, ROOT, serveApp } from "./harness.js";

const dir = join(ROOT, "test-output", "import-map-app");
let server: AppServer;
let expected: { rows: number; cols: number; first: number[] };

const IMPORTS = {
  saejs: "/node_modules/saejs/dist/browser.js",
  "saejs/io": "/node_modules/saejs/dist/browser/io.js",
  hyparquet: "/deps/hyparquet/src/index.js",
  "hyparquet/src/": "/deps/hyparquet/src/",
  "hyparquet-compressors": "/deps/hyparquet-compressors/src/index.js",
  fzstd: "/deps/fzstd/esm/index.mjs",
  hysnappy: "/deps/hysnappy/js/index.js",
  // apache-arrow's own imports, for the module configure() hands in below.
  tslib: "/deps/tslib/tslib.es6.mjs",
  flatbuffers: "/deps/flatbuffers/mjs/flatbuffers.js",
  "json-with-bigint": "/deps/json-with-bigint/json-with-bigint.js",
};

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>import map</title>
<script type="importmap">${JSON.stringify({ imports: IMPORTS })}</script></head><body>
<script type="module">
import { configure, readEmbeddings } from "saejs";
const attempt = async (f) => { try { return await f(); } catch (e) { return { code: e.code, message: e.message }; } };
const summary = (e) => (e.rows ? { rows: e.rows, cols: e.cols, first: [...e.data.subarray(0, 4)] } : e);
const parquet = summary(await attempt(() => readEmbeddings("/fixtures/papers.parquet", { column: "embedding" })));
const arrowBefore = await attempt(() => readEmbeddings("/fixtures/papers.arrow", { column: "embedding" }));
configure({ modules: { "apache-arrow": () => import("/deps/apache-arrow/Arrow.dom.mjs") } });
const arrowAfter = summary(await attempt(() => readEmbeddings("/fixtures/papers.arrow", { column: "embedding" })));
globalThis.result = { parquet, arrowBefore, arrowAfter };
</script></body></html>`;

beforeAll(async () => {
  if (!CHROMIUM) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "fixtures"), { recursive: true });
  packInto(dir);
  const tables = await makeTables(join(dir, "fixtures"));
  tables.duck.closeSync();
  writeFileSync(join(dir, "index.html"), PAGE);
  const e = await readEmbeddings(tables.parquet.zstd, { column: "embedding" });
  expected = { rows: e.rows, cols: e.cols, first: [...e.data.subarray(0, 4)] };
  server = await serveApp(
    dir,
    { "/fixtures/papers.parquet": tables.parquet.zstd, "/fixtures/papers.arrow": tables.arrowFile },
    { "/deps/": join(ROOT, "node_modules") },
  );
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

it("loads what the import map names, and says how to hand in what it leaves out", async () => {
  if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
  await withChromium(async (ctx) => {
    const page = await ctx.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => (globalThis as { result?: unknown }).result !== undefined, null, { timeout: 60_000 });
    const r = (await page.evaluate(() => (globalThis as { result?: unknown }).result)) as Record<string, { code?: string; message?: string }>;
    expect(r.parquet).toEqual(expected);
    expect(r.arrowBefore!.code).toBe("E_DEPENDENCY");
    expect(r.arrowBefore!.message).toContain("reading Arrow IPC files needs the optional package 'apache-arrow'");
    expect(r.arrowBefore!.message).toContain('add "apache-arrow" to the import map');
    expect(r.arrowBefore!.message).toContain("configure({ modules:");
    expect(r.arrowBefore!.message).not.toContain("not installed");
    expect(r.arrowAfter).toEqual(expected);
  });
}, 120_000);
