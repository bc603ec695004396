// The browser as a web developer meets it: the packed package in a Vite app and in an esbuild
// bundle (test/browser/harness.ts), each opened in Chromium, every capability run in the page or
// its workers and compared with Node computing the same thing. A second visit in the same profile
// shows what the browser kept (OPFS). Chromium missing is named (and fails CI).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { loadSae, Sae, serializeSae } from "../../src/index.js";
import { codesParquetWriter, openTable, readEmbeddings, serializeWeights, tableTexts } from "../../src/io/index.js";
import { train } from "../../src/train/index.js";
import { UseLiteEmbedder } from "../../src/embed/index.js";
import { available, CHROMIUM, withChromium } from "../chromium.js";
import { randomWeights } from "../fixtures/formula.js";
import { makeTables } from "../io/tables.js";
import { formulaRows } from "./app/src/caps/rows.js";
import { type AppServer, BUNDLERS, type BuiltApp, buildApps, ROOT, serveApp, serveViteDev, USE_LITE_FILES } from "./harness.js";
import { openHub } from "../../src/io/hub.js";
import { SaeIndex } from "../../src/db/index.js";
import { batches, K, probe, type Probe, weights } from "../db/browser/corpus.js";
import { sameAnswers } from "../db/browser/same-answers.js";
import { type HubServer, startHub } from "../hub/server.js";

const sha = (b: Uint8Array | Float32Array) =>
  createHash("sha256")
    .update(new Uint8Array(b.buffer, b.byteOffset, b.byteLength))
    .digest("hex");
const concat = (parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const RELEASE = join(ROOT, "test/fixtures/checkpoints/csLG_4_48_8.pth");
/** Documents in the index capability: enough for steered search and a feature page, quick to build. */
const INDEX_ROWS = 300;
const EMBED_TEXTS = ["the flow of electric charge through a conductor", "a sweet dessert made with sugar and eggs", "😀 e\u0301te\u0301 ﬁnite a:b"];

let app: BuiltApp;
let hub: HubServer;
/** hf:// URLs the page reads from the test Hub (another origin), and those it must refuse as Node does. */
const HF = {
  sae: "hf://acme/release/csLG_4_48_8.pth",
  parquet: "hf://datasets/acme/papers/papers.parquet",
  refuse: ["hf://acme/gated/csLG_4_48_8.pth", "hf://acme/release/missing.pth", "hf://acme/release@v9/csLG_4_48_8.pth"],
};
let fixtures: Record<string, string>;
const node: Record<string, unknown> = {};

beforeAll(async () => {
  if (!CHROMIUM) return;
  app = await buildApps();
  const dir = join(app.dir, "fixtures");
  mkdirSync(dir, { recursive: true });
  const tables = await makeTables(dir);
  tables.duck.closeSync();
  const tableSae = join(dir, "table-sae.safetensors");
  writeFileSync(tableSae, concat(serializeWeights({ weights: randomWeights(24, 64, 7), k: 8, order: "topk-relu" }, "safetensors")));
  fixtures = {
    "/fixtures/csLG_4_48_8.pth": RELEASE,
    "/fixtures/papers.parquet": tables.parquet.zstd,
    "/fixtures/papers.arrow": tables.arrowFile,
    "/fixtures/table-sae.safetensors": tableSae,
    ...USE_LITE_FILES,
  };

  // What Node computes from the same inputs.
  const release = await loadSae(RELEASE);
  const codes = await release.encode({ data: formulaRows(64, release.nInputs), rows: 64, cols: release.nInputs });
  node.encode = { indices: [...codes.indices], values: [...codes.values] };
  await release.dispose();
  const read = async (path: string) => {
    const e = await readEmbeddings(path, { column: "embedding" });
    const table = await openTable(path);
    const titles = (await tableTexts(table, "title")).texts;
    await table.close();
    return { rows: e.rows, cols: e.cols, sha: sha(e.data), titles: sha(new TextEncoder().encode(JSON.stringify(titles))) };
  };
  node.parquet = await read(tables.parquet.zstd);
  node.arrow = await read(tables.arrowFile);
  const sae = await loadSae(tableSae);
  const tableCodes = await sae.encode(await readEmbeddings(tables.parquet.zstd, { column: "embedding" }));
  await sae.dispose();
  const parts: Uint8Array[] = [];
  const writer = await codesParquetWriter(async (b) => void parts.push(b), 8);
  await writer.write(tableCodes);
  await writer.finish();
  node.codesParquet = sha(concat(parts));
  const trained = await train({ x: formulaRows(256, 16), rows: 256, nInputs: 16 }, { k: 4, nLatents: 32, batchSize: 32, epochs: 2, lr: 1e-3 }, { workers: 0 });
  const embedder = new UseLiteEmbedder({ workers: 1 });
  node.embed = [...(await embedder.embed(EMBED_TEXTS))];
  node.trained = sha(concat(await serializeSae(await Sae.create(trained.weights, { k: 4 }), "safetensors")));
  // The index capability's corpus, built by Node's PGlite in memory.
  const w = weights();
  const index = await SaeIndex.build("memory://", {
    corpus: { name: "synthetic", rows: INDEX_ROWS },
    batches: batches(w, INDEX_ROWS, 100),
    sae: await Sae.create(w, { k: K }),
    saeRecord: { source: "synthetic" },
    labels: false,
  });
  node.index = await probe(index, w);
  await index.close();

  // The Hub on another origin, as huggingface.co is to an app; Node's refusals of the same answers.
  const pth = new Uint8Array(readFileSync(RELEASE));
  hub = await startHub({
    "acme/release": { files: { "csLG_4_48_8.pth": pth, "README.md": new TextEncoder().encode("# SAEs\n") } },
    "acme/gated": { files: { "csLG_4_48_8.pth": pth }, gated: true, tokens: ["hf_good"] },
    "acme/papers": { type: "dataset", files: { "papers.parquet": new Uint8Array(readFileSync(tables.parquet.zstd)) } },
  });
  node.refusals = [];
  for (const url of HF.refuse) {
    const why = await openHub(url, { endpoint: hub.url, cacheDir: join(app.dir, "hf-cache") }).then(
      () => "loaded",
      (e) => `${e.code}: ${e.message}`,
    );
    (node.refusals as string[]).push(why);
  }
}, 300_000);

afterAll(async () => {
  await hub?.close();
  if (app) rmSync(app.dir, { recursive: true, force: true });
});

async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as { appReady?: unknown }).appReady !== undefined, null, { timeout: 60_000 });
}

async function cap<T = Record<string, unknown>>(page: Page, name: string, ctx: object = {}): Promise<T> {
  const r = (await page.evaluate(([n, c]) => (globalThis as unknown as { runCap(n: string, c: object): Promise<unknown> }).runCap(n, c), [
    name,
    ctx,
  ] as const)) as T & {
    error?: string;
  };
  expect(r.error, `${name} failed in the page`).toBeUndefined();
  return r;
}

/** The bytes of the next download the page starts while `act` runs. */
async function download(page: Page, act: () => Promise<unknown>): Promise<{ result: unknown; bytes: Uint8Array }> {
  const [dl, result] = await Promise.all([page.waitForEvent("download", { timeout: 120_000 }), act()]);
  return { result, bytes: new Uint8Array(readFileSync((await dl.path())!)) };
}

describe.each(BUNDLERS)("a %s app from the packed package", (bundler) => {
  let server: AppServer;
  beforeAll(async () => {
    if (!CHROMIUM) return;
    server = await serveApp(app.out[bundler], fixtures);
  });
  afterAll(() => server?.close());

  it("every capability in the page and its workers gives Node's bytes; a second visit finds what it kept", async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await openApp(page, server.url);
      expect(await page.evaluate(() => (globalThis as { appReady?: unknown }).appReady)).toMatchObject({ isolated: true });

      // The release's .pth by URL, encoded on the worker pool.
      const enc = await cap<{ indices: number[]; values: number[]; workers: number }>(page, "encode", { sae: "/fixtures/csLG_4_48_8.pth" });
      expect({ indices: enc.indices, values: enc.values }).toEqual(node.encode);
      expect(enc.workers).toBeGreaterThan(0);

      // Parquet and Arrow: by URL, by a path the page resolves against its own URL, and as <input> Files.
      await page.setInputFiles("#file", [fixtures["/fixtures/papers.parquet"], fixtures["/fixtures/papers.arrow"]]);
      const t = await cap<Record<string, unknown>>(page, "tables", { parquet: "/fixtures/papers.parquet", arrow: "/fixtures/papers.arrow" });
      expect(t).toEqual({ parquetUrl: node.parquet, parquetPath: node.parquet, parquetFile: node.parquet, arrowUrl: node.arrow, arrowFile: node.arrow });

      // Codes as Parquet, offered for download: the file Node writes.
      const w = await download(page, () => cap(page, "write-parquet", { sae: "/fixtures/table-sae.safetensors", parquet: "/fixtures/papers.parquet" }));
      expect(sha(w.bytes)).toBe(node.codesParquet);
      expect((w.result as { sha: string }).sha).toBe(node.codesParquet);

      // Training in a worker: the page kept running; the download and the OPFS copy are Node's bytes.
      const tr = await download(page, () => cap(page, "train"));
      expect(sha(tr.bytes)).toBe(node.trained);
      expect((tr.result as { pageTicks: number }).pageTicks).toBeGreaterThan(0);
      expect((tr.result as { parquetSha: string }).parquetSha).toBe((node.parquet as { sha: string }).sha);

      // An index in IndexedDB (PGlite), built now and reopened after the reload below.
      await cap(page, "index", { step: "build", rows: INDEX_ROWS });

      // hf:// from the Hub's origin: Node's codes and table, Node's refusals word for word.
      const hf = { endpoint: hub.url, sae: HF.sae, parquet: HF.parquet, refuse: HF.refuse, clear: true };
      const h = await cap<{ indices: number[]; values: number[]; parquet: unknown; refusals: string[]; cached: number }>(page, "hub", hf);
      expect({ indices: h.indices, values: h.values }).toEqual(node.encode);
      expect(h.parquet).toEqual(node.parquet);
      expect(h.refusals).toEqual(node.refusals);
      expect(h.cached).toBeGreaterThan(0);

      // The default embedder in its worker: Node's vectors (@energetic-ai, TensorFlow.js 4.5) to
      // float32 rounding (4.22's wasm kernels sum in another order: 3e-7 measured, test/embed/use-browser.test.ts).
      const em = await cap<{ vectors: number[]; pageTicks: number }>(page, "embed", {
        texts: EMBED_TEXTS,
        worker: bundler === "esbuild" ? "./embed-worker.js" : undefined,
      });
      const want = node.embed as number[];
      expect(em.vectors.length).toBe(want.length);
      expect(Math.max(...em.vectors.map((v, i) => Math.abs(v - want[i]!)))).toBeLessThan(1e-5);
      expect(em.pageTicks).toBeGreaterThan(0);

      // A second visit (reload, same profile): the trained SAE is still in OPFS; the hf:// files in the Cache API.
      await page.reload();
      await page.waitForFunction(() => (globalThis as { appReady?: unknown }).appReady !== undefined, null, { timeout: 60_000 });
      const again = await cap<{ sha: string; k: number }>(page, "train", { reopen: true });
      expect(again.sha).toBe(node.trained);
      const from = hub.log.length;
      const h2 = await cap<{ indices: number[]; values: number[]; parquet: unknown }>(page, "hub", { ...hf, clear: false, refuse: [] });
      expect({ indices: h2.indices, values: h2.values, parquet: h2.parquet }).toEqual({ ...(node.encode as object), parquet: node.parquet });
      // Only the revisions' commits are asked for (one per repo): no byte of either file.
      expect(hub.log.slice(from).map((l) => `${l.method} ${l.path}`)).toEqual([
        "GET /api/models/acme/release/revision/main",
        "GET /api/datasets/acme/papers/revision/main",
      ]);
      // The index, opened from IndexedDB: steered search and a feature page as Node's.
      const reopened = await cap<{ probe: Probe }>(page, "index", { step: "reopen" });
      sameAnswers(reopened.probe, node.index as Probe);
      expect(errors).toEqual([]);
    });
  }, 300_000);
});

describe("the same app under Vite's dev server", () => {
  it("reads Parquet, encodes and trains in a worker as the builds do", async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    const server = await serveViteDev(app.dir, fixtures);
    try {
      await withChromium(async (ctx) => {
        const page = await ctx.newPage();
        await page.goto(server.url);
        await page.waitForFunction(() => (globalThis as { appReady?: unknown }).appReady !== undefined, null, { timeout: 120_000 });
        const enc = await cap<{ indices: number[]; values: number[] }>(page, "encode", { sae: "/fixtures/csLG_4_48_8.pth" });
        expect({ indices: enc.indices, values: enc.values }).toEqual(node.encode);
        expect(await cap(page, "tables", { parquet: "/fixtures/papers.parquet" })).toEqual({ parquetUrl: node.parquet, parquetPath: node.parquet });
        const tr = await download(page, () => cap(page, "train"));
        expect(sha(tr.bytes)).toBe(node.trained);
      });
    } finally {
      await server.close();
    }
  }, 300_000);
});
