// hf:// in real Chromium: a page on one origin, the Hub (test/hub/server.ts) on another, as in
// life. sae.js's browser build reads by range requests, keeps blocks in the Cache API, and a
// reload asks the Hub for the revision's commit only; the errors are Node's, word for word. Then
// the Cache API as a store others write to, and a Hub or proxy that answers ranges wrongly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as esbuild from "esbuild";
import type { Page } from "playwright-core";
import { loadSae } from "../../src/load.js";
import { openHub } from "../../src/io/hub.js";
import { readEmbeddings } from "../../src/io/embeddings.js";
import { randomArray } from "../fixtures/formula.js";
import { available, CHROMIUM, withChromium } from "../chromium.js";
import { type HubServer, startHub } from "./server.js";
import { saeFile, smallParquet } from "./fixtures.js";

const OUT = resolve("test-output/hub-browser");
const D = 64;
const N = 18_000; // 9.3 MB of safetensors: ten 1 MiB blocks, and over the 8 MiB a whole-file answer may be
const SAE = "hf://acme/sae/sae.safetensors";
const PARQUET = "hf://datasets/acme/papers/data/train.parquet";
const X = Array.from(randomArray(2 * D, 9));
let hub: HubServer, other: HubServer, page: Server, pageUrl: string, tmp: string;
let sae: Uint8Array, parquet: Uint8Array, commit: string;
let node: { weights: string[]; indices: number[]; values: number[]; k: number };

const hex = (a: Float32Array) =>
  createHash("sha256")
    .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    .digest("hex");

beforeAll(async () => {
  if (!CHROMIUM) return;
  tmp = mkdtempSync(join(tmpdir(), "saejs-hub-browser-"));
  sae = await saeFile(D, N, 8, "safetensors");
  parquet = await smallParquet();
  const repos = {
    "acme/sae": { files: { "sae.safetensors": sae, "README.md": new TextEncoder().encode("# SAE\n") }, refs: { v1: "1".repeat(40) } },
    "acme/gated": { files: { "sae.safetensors": sae }, gated: true, tokens: ["hf_good"] },
    "acme/papers": { type: "dataset" as const, files: { "data/train.parquet": parquet } },
  };
  hub = await startHub(repos);
  other = await startHub(repos); // another origin the Hub may redirect to (a CDN)
  commit = createHash("sha1").update("acme/sae").digest("hex"); // the test Hub's main of acme/sae

  // The page: sae.js's browser build with its optional packages bundled, as an app's bundler would.
  mkdirSync(OUT, { recursive: true });
  await esbuild.build({
    entryPoints: ["test/hub/browser-entry.ts"],
    outfile: join(OUT, "app.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "error",
    // @huggingface/hub's "browser" field maps its ESM build to dist/browser, which esbuild does not
    // apply where "exports" names a file; PGlite and TensorFlow.js are not used here.
    alias: { saejs: resolve("dist/browser.js"), "@huggingface/hub": resolve("node_modules/@huggingface/hub/dist/browser/index.mjs") },
    external: ["@electric-sql/*", "@tensorflow/*", "pg"],
  });
  const files: Record<string, [string, string | Buffer]> = {
    "/": ["text/html", '<!doctype html><meta charset="utf-8"><title>hf:// in a browser</title><script type="module" src="./app.js"></script>'],
    "/app.js": ["text/javascript", readFileSync(join(OUT, "app.js"))],
  };
  page = createServer((req, res) => {
    const f = files[req.url ?? ""];
    if (!f) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": f[0] }).end(f[1]);
  });
  await new Promise<void>((r) => page.listen(0, "127.0.0.1", r));
  pageUrl = `http://127.0.0.1:${(page.address() as { port: number }).port}/`;

  // Node's answers, for the page to equal: the same file, and the same refusals of the same Hub.
  const m = await loadSae(sae, { workers: 0 });
  const w = await m.weights();
  const codes = await m.encode(new Float32Array(X));
  node = {
    k: m.info.k,
    weights: [hex(w.preBias), hex(w.encoderWeight), hex(w.latentBias), hex(w.decoderWeight)],
    indices: Array.from(codes.indices),
    values: Array.from(codes.values),
  };
  await m.dispose();
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await other?.close();
  await new Promise((r) => (page ? page.close(r) : r(undefined)));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

type Answer = { ok: boolean; code?: string; message?: string; [k: string]: unknown };
const call = (p: Page, fn: "load" | "embeddings", url: string, hubOptions: Record<string, unknown> = {}) =>
  p.evaluate(
    ([fn, url, o, x]) => (globalThis as unknown as { hubTest: Record<string, (...a: unknown[]) => Promise<unknown>> }).hubTest[fn as string]!(url, o, x),
    [fn, url, { endpoint: hub.url, ...hubOptions }, X] as const,
  ) as Promise<Answer>;
const entries = (p: Page) =>
  p.evaluate(() => (globalThis as unknown as { hubTest: { entries(): Promise<unknown> } }).hubTest.entries()) as Promise<
    { key: string; length: number; headers: Record<string, string> }[]
  >;
const plant = (p: Page, key: string, bytes: number, headers: Record<string, string>, text?: string) =>
  p.evaluate(([k, b, h, t]) => (globalThis as unknown as { hubTest: { plant(...a: unknown[]): Promise<void> } }).hubTest.plant(k, b, h, t), [
    key,
    bytes,
    headers,
    text,
  ] as const);
const clear = (p: Page) => p.evaluate(() => (globalThis as unknown as { hubTest: { clear(): Promise<boolean> } }).hubTest.clear());
const open = async (p: Page) => {
  await p.goto(pageUrl);
  await p.waitForFunction(() => "hubTest" in globalThis, null, { timeout: 60_000 });
};
/** The requests the Hub saw since `from`, as 'METHOD path range'. */
const since = (h: HubServer, from: number) => h.log.slice(from).map((l) => `${l.method} ${l.path}${l.range ? ` ${l.range}` : ""}`);
/** Node's message for the same hf:// URL against the same Hub (the Hugging Face cache path). */
const nodeMessage = async (url: string, token?: string) => {
  try {
    await openHub(url, { endpoint: hub.url, cacheDir: join(tmp, "hf"), ...(token ? { token } : {}) });
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
};

describe("hf:// in Chromium", () => {
  it("loads an SAE by range requests as Node does; a reload asks only for the commit, offline and by commit nothing", async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    await withChromium(async (ctx) => {
      const p = await ctx.newPage();
      await open(p);
      let from = hub.log.length;
      const first = await call(p, "load", SAE);
      expect(first.message, String(first.message)).toBeUndefined();
      expect(first).toMatchObject({ ok: true, ...node });
      const reads = since(hub, from).filter((l) => l.startsWith("GET /cdn/"));
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.every((l) => / bytes=\d+-\d+$/.test(l))).toBe(true);
      const stored = await entries(p);
      expect(stored.filter((e) => e.key.includes("block=")).length).toBe(Math.ceil(sae.length / (1 << 20)));
      expect(stored.some((e) => e.key.includes(`/${commit}/`))).toBe(true);
      expect(stored.every((e) => !e.key.includes("/main/"))).toBe(true); // keyed by commit, never the branch

      // The same profile, a new page load: only the revision's commit is asked for.
      await p.reload();
      await p.waitForFunction(() => "hubTest" in globalThis);
      from = hub.log.length;
      expect(await call(p, "load", SAE)).toMatchObject({ ok: true, ...node });
      expect(since(hub, from)).toEqual(["GET /api/models/acme/sae/revision/main"]);
      // Offline, or by commit: no request at all.
      from = hub.log.length;
      expect(await call(p, "load", SAE, { offline: true })).toMatchObject({ ok: true, ...node });
      expect(await call(p, "load", `hf://acme/sae@${commit}/sae.safetensors`)).toMatchObject({ ok: true, ...node });
      expect(since(hub, from)).toEqual([]);
      // A revision never resolved here, offline: named, nothing asked.
      const miss = await call(p, "load", "hf://acme/sae@v1/sae.safetensors", { offline: true });
      expect(miss).toMatchObject({ ok: false, code: "E_HUB" });
      expect(miss.message).toMatch(
        /offline \(HF_HUB_OFFLINE, or \{ offline: true \}\), and which commit 'v1' names is not in the browser's cache \('saejs-hub-v1'\)/,
      );
      // cache: false reads the Hub each time; clearHubCache() empties the store.
      from = hub.log.length;
      expect(await call(p, "load", SAE, { cache: false })).toMatchObject({ ok: true, ...node });
      expect(since(hub, from).some((l) => l.startsWith("GET /cdn/"))).toBe(true);
      expect(await clear(p)).toBe(true);
      expect(await entries(p)).toEqual([]);

      // A Parquet dataset file, as Node reads it.
      const e = await readEmbeddings(parquet);
      expect(await call(p, "embeddings", PARQUET)).toMatchObject({ ok: true, rows: e.rows, cols: e.cols, data: Array.from(e.data) });
    });
  }, 180_000);

  it("refuses as Node does, word for word: 401 and 403 of a gated repo, a missing file, revision and repo; a token opens it and stays home", async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    await withChromium(async (ctx) => {
      const p = await ctx.newPage();
      await open(p);
      for (const [url, token] of [
        ["hf://acme/gated/sae.safetensors", undefined],
        ["hf://acme/gated/sae.safetensors", "hf_bad"],
        ["hf://acme/sae/missing.safetensors", undefined],
        ["hf://acme/sae@v9/sae.safetensors", undefined],
        ["hf://nobody/nothing/sae.safetensors", "hf_any"],
      ] as const) {
        const expected = await nodeMessage(url, token);
        expect(expected).toMatch(/^hf:\/\//);
        const got = await call(p, "load", url, token ? { token } : {});
        expect(got, url).toMatchObject({ ok: false, code: "E_HUB", message: expected });
      }
      expect(await nodeMessage("hf://acme/gated/sae.safetensors")).toMatch(
        /HTTP 401 .*acme\/gated is gated: accept its terms at .*configure\(\{ hub: \{ token \} \}\)/,
      );
      expect(await nodeMessage("hf://acme/sae/missing.safetensors")).toMatch(/has no file 'missing.safetensors'; its files: sae.safetensors, README.md/);

      // The token opens the gated repo; a redirect to another origin (a CDN) gets no token.
      other.log.length = 0;
      hub.misbehave({ redirectTo: "" });
      const good = await call(p, "load", "hf://acme/gated/sae.safetensors", { token: "hf_good" });
      expect(good).toMatchObject({ ok: true, ...node });
      expect(hub.log.some((l) => l.path.startsWith("/acme/gated/resolve/") && l.auth === "Bearer hf_good")).toBe(true);
      await clear(p);
      const hash = createHash("sha256").update(sae).digest("hex");
      hub.misbehave({ redirectTo: `${other.url}/cdn/${hash}` });
      try {
        expect(await call(p, "load", "hf://acme/gated/sae.safetensors", { token: "hf_good" })).toMatchObject({ ok: true, ...node });
      } finally {
        hub.misbehave();
      }
      expect(other.log.filter((l) => l.method === "GET").length).toBeGreaterThan(0);
      expect(other.log.filter((l) => l.auth)).toEqual([]);
    });
  }, 180_000);

  it("hostile: cached blocks truncated, oversized or of another ETag are fetched again; wrong ranges, whole files, loops and a changed ETag are E_HUB", async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    await withChromium(async (ctx) => {
      const p = await ctx.newPage();
      await open(p);
      expect(await call(p, "load", SAE)).toMatchObject({ ok: true });
      const stored = await entries(p);
      const block = (i: number) => stored.find((e) => e.key.endsWith(`block=${1 << 20}:${i}`))!;
      const meta = stored.find((e) => e.key.endsWith("?meta"))!;
      const etag = block(0).headers["x-saejs-etag"]!;
      const good = { "x-saejs-size": String(sae.length), "x-saejs-etag": etag };
      // Another tab or version of sae.js left: a short block, a long one, one of another ETag, one at the wrong offset.
      await plant(p, block(0).key, 1000, { ...good, "x-saejs-offset": "0" });
      await plant(p, block(1).key, (1 << 20) + 1, { ...good, "x-saejs-offset": String(1 << 20) });
      await plant(p, block(2).key, 1 << 20, { ...good, "x-saejs-etag": "other", "x-saejs-offset": String(2 << 20) });
      await plant(p, block(3).key, 1 << 20, { ...good, "x-saejs-offset": "0" });
      let from = hub.log.length;
      expect(await call(p, "load", SAE)).toMatchObject({ ok: true, ...node });
      // Exactly the four planted blocks are asked for again, nothing else.
      const again = since(hub, from)
        .filter((l) => l.startsWith("GET /cdn/"))
        .map((l) => /bytes=(\d+)-(\d+)$/.exec(l)!.slice(1).map(Number) as [number, number]);
      expect(again.every(([a, b]) => a >= 0 && b < 4 << 20)).toBe(true);
      expect(again.reduce((n, [a, b]) => n + b - a + 1, 0)).toBe(4 << 20);
      // A record of the file that makes no sense is probed again.
      await plant(p, meta.key, 0, { "content-type": "application/json" }, '{"size":-1,"etag":"x"}');
      from = hub.log.length;
      expect(await call(p, "load", SAE)).toMatchObject({ ok: true, ...node });
      expect(since(hub, from).filter((l) => l.includes("/resolve/"))).toEqual([`GET /acme/sae/resolve/${commit}/sae.safetensors bytes=0-0`]);

      /** Refused, by the probe of a file not cached or (`blocks`) by the range read of a file whose size and ETag are. */
      const refused = async (bad: Parameters<HubServer["misbehave"]>[0], pattern: RegExp, blocks = false) => {
        await clear(p);
        if (blocks) {
          expect(await call(p, "load", SAE)).toMatchObject({ ok: true });
          await p.evaluate(async () => {
            const c = await caches.open("saejs-hub-v1");
            for (const k of await c.keys()) if (k.url.includes("block=")) await c.delete(k);
          });
        }
        hub.misbehave(bad);
        try {
          const r = await call(p, "load", SAE);
          expect(r, JSON.stringify(bad)).toMatchObject({ ok: false, code: "E_HUB" });
          expect(r.message).toMatch(pattern);
        } finally {
          hub.misbehave();
        }
      };
      await refused(
        { ignoreRange: true },
        /to a request for bytes 0-\d+ of \d+: the whole file instead of the range \(HTTP 200\); files over 8 MiB are read by range only/,
      );
      await refused(
        { rangeOff: 1 },
        /answered HTTP 206 to a request for bytes 0-0 \(the file's size and ETag\): Content-Range 'bytes 1-1\/\d+', not bytes 0-0/,
      );
      await refused({ rangeOff: 1 }, /answered HTTP 206 to a request for bytes 0-\d+ of \d+: Content-Range 'bytes 1-\d+\/\d+'/, true);
      await refused(
        { cdnWithout: "Content-Range" },
        /to a request for bytes 0-0 \(the file's size and ETag\): no Content-Range \(a browser sees Content-Range only where/,
      );
      await refused({ cdnWithout: "Content-Range" }, /to a request for bytes 0-\d+ of \d+: no Content-Range/, true);
      await refused({ cdnWithout: "ETag" }, /: no ETag \(a browser sees ETag only where/);
      await refused({ redirectLoop: true }, /Failed to fetch \(a browser says no more for an unreachable server, a CORS refusal, a redirect loop/);
      // A small file from a server that ignores Range is taken whole.
      await clear(p);
      hub.misbehave({ ignoreRange: true });
      try {
        expect(await call(p, "embeddings", PARQUET)).toMatchObject({ ok: true, rows: 3, cols: 4 });
      } finally {
        hub.misbehave();
      }
      // The file's ETag changes under a cached record: refused once, the record dropped, then read anew.
      await clear(p);
      expect(await call(p, "load", SAE)).toMatchObject({ ok: true });
      const last = (await entries(p)).find((e) => e.key.endsWith(`block=${1 << 20}:${Math.ceil(sae.length / (1 << 20)) - 1}`))!;
      await p.evaluate((k) => caches.open("saejs-hub-v1").then((c) => c.delete(k)), last.key);
      hub.misbehave({ cdnEtag: "f".repeat(64) });
      try {
        const changed = await call(p, "load", SAE);
        expect(changed.message).toMatch(/the file's ETag is 'f{64}', not '[0-9a-f]{64}' as before; what was cached of it no longer counts, load it again/);
        expect(await call(p, "load", SAE)).toMatchObject({ ok: true, ...node });
      } finally {
        hub.misbehave();
      }
    });
  }, 240_000);

  it("a full quota does not fail the read: the SAE loads uncached and onWarning is told once", async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    await withChromium(async (ctx) => {
      const p = await ctx.newPage();
      await open(p);
      // The browser's own quota, made small for this origin (DevTools protocol), not a stand-in.
      const cdp = await ctx.newCDPSession(p);
      await cdp.send("Storage.overrideQuotaForOrigin" as never, { origin: new URL(pageUrl).origin, quotaSize: 2 << 20 } as never);
      expect(await call(p, "load", SAE)).toMatchObject({ ok: true, ...node });
      const warnings = (await p.evaluate(() => (globalThis as unknown as { hubTest: { warnings: string[] } }).hubTest.warnings)) as string[];
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/storage quota is full: hf:\/\/ files are read without caching them from now on \(clearHubCache\(\) frees/);
    });
  }, 120_000);
});
