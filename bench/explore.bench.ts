// The explorer: time to first paint in headless Chromium for an n=4096 SAE over 10,000 documents
// (target ≤ 2 s), and steered-search latency (steer the query's codes, decode, rank) over
// 100,000 documents of d=512 (target ≤ 50 ms), with the plain-JS ranking beside it. --smoke: d=64,
// n=128, 100 documents in the site, 500 searched, one page load.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SaeModel } from "../src/model.js";
import { Sae } from "../src/sae.js";
import { serializeSae } from "../src/load.js";
import { writeNpy } from "../src/io/npy.js";
import { buildExplorerData } from "../src/explore/site.js";
import { SearchIndex } from "../src/kernels/rank.js";
import { steerEdit } from "../src/explore/steer.js";
import { rankByDot } from "../src/kernels/rank.ref.js";
import { serveSite, siteFiles } from "../src/cli/explore.js";
import { writeSite } from "../src/cli/site.js";
import { CHROMIUM, withChromium } from "../test/chromium.js";
import { Timer, randomSae, randomUnitRows, type BenchOptions } from "./util.js";

/** Sizes: d, n, k, documents in the site, documents searched, page loads. */
const sizes = (o: BenchOptions) =>
  o.smoke
    ? { D: 64, n: 128, k: 8, siteDocs: 100, searchDocs: 500, loads: 1 }
    : { D: 512, n: 4096, k: 32, siteDocs: 10_000, searchDocs: 100_000, loads: o.quick ? 3 : 5 };

function syntheticTexts(rows: number): { title: string; text: string }[] {
  const words = Array.from({ length: 600 }, (_, i) => `w${((i * 2654435761) >>> 0).toString(36).slice(0, 6)}`);
  let s = 11;
  const pick = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return words[s % words.length]!;
  };
  return Array.from({ length: rows }, (_, r) => ({ title: `document ${r}`, text: Array.from({ length: 24 }, pick).join(" ") }));
}

async function firstPaint(opts: BenchOptions): Promise<object> {
  const { D, n, k, siteDocs: docs, loads } = sizes(opts);
  const sae = await Sae.create(randomSae(D, n, 3), { k });
  const x = randomUnitRows(docs, D, 4),
    texts = syntheticTexts(docs);
  const t0 = performance.now();
  const explorer = await buildExplorerData(sae, texts, x, { title: "bench", embedder: "random" });
  const buildMs = performance.now() - t0;
  const files = await siteFiles({ explorer, docs: texts, model: await serializeSae(sae, "safetensors"), embeddings: writeNpy(x, [docs, D]) });
  sae.dispose();
  const dir = mkdtempSync(join(tmpdir(), "saejs-explore-bench-"));
  await writeSite(files, dir); // the same bytes a static host would serve
  const bytes = [...files.values()].reduce((s, b) => s + (Array.isArray(b) ? b.reduce((t, c) => t + c.length, 0) : b.length), 0);
  opts.log(`site for n=${n}, ${docs} documents: built in ${(buildMs / 1000).toFixed(1)} s, ${(bytes / 1e6).toFixed(1)} MB`);
  if (!CHROMIUM) {
    rmSync(dir, { recursive: true, force: true });
    opts.log("first paint: SKIPPED, chromium missing (apt-get install -y chromium)");
    return { n, docs, buildMs: Math.round(buildMs), firstPaintMs: null, skipped: "chromium missing" };
  }
  const { server, url } = await serveSite(files, { port: 0 });
  const paints: number[] = [],
    ready: number[] = [];
  try {
    await withChromium(async (ctx) => {
      for (let i = 0; i < loads; i++) {
        const page = await ctx.newPage();
        await page.goto(url);
        await page.waitForFunction(
          () => {
            const p = (globalThis as { saejsExplorer?: { ready: boolean; error?: string } }).saejsExplorer;
            return p?.ready || p?.error;
          },
          null,
          { timeout: 60_000 },
        );
        const p = await page.evaluate(() => (globalThis as unknown as { saejsExplorer: { firstPaint: number; error?: string } }).saejsExplorer);
        if (p.error) throw new Error(`explorer: ${p.error}`);
        paints.push(p.firstPaint);
        ready.push(await page.evaluate(() => performance.now()));
        await page.close();
      }
    });
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const med = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1]!;
  opts.log(
    `first paint (navigation → feature list painted): median ${med(paints).toFixed(0)} ms of ${paints.map((v) => v.toFixed(0)).join(", ")} (target ≤ 2000); SAE and index ready by ${med(ready).toFixed(0)} ms`,
  );
  return { n, docs, buildMs: Math.round(buildMs), siteMB: +(bytes / 1e6).toFixed(1), firstPaintMs: Math.round(med(paints)), readyMs: Math.round(med(ready)) };
}

async function steeredSearch(opts: BenchOptions): Promise<object> {
  const { D, n, k, searchDocs: docs } = sizes(opts);
  const corpus = randomUnitRows(docs, D, 5);
  const model = await SaeModel.fromWeights(randomSae(D, n, 6), { k, workers: "auto" });
  const index = await SearchIndex.create(corpus, D);
  const timer = Timer.of(opts, opts.quick ? 2 : 4);
  const q = corpus.slice(0, D);
  const codes = await model.encode(q);
  const steer = new Map([
    [codes.indices[0]!, 0],
    [codes.indices[1]!, 2 * codes.values[1]!],
    [(codes.indices[0]! + 7) % n, 1],
  ]);
  const steerMs = await timer.median(async () => index.search((await steerEdit(model, q, steer)).vector, 10));
  const rankMs = await timer.median(() => index.search(q, 10));
  const jsMs = await timer.median(() => rankByDot(corpus, D, q, 10));
  opts.log(
    `steered search over ${docs} documents, d=${D} (n=${n}, k=${k}, ${model.workers} workers): ${steerMs.toFixed(1)} ms (target ≤ 50), of which ranking ${rankMs.toFixed(1)} ms (${index.backend}); plain-JS ranking ${jsMs.toFixed(1)} ms → ${(jsMs / rankMs).toFixed(1)}×`,
  );
  index.dispose();
  await model.dispose();
  return { docs, d: D, n, k, steeredMs: +steerMs.toFixed(2), rankMs: +rankMs.toFixed(2), plainJsRankMs: +jsMs.toFixed(2), backend: index.backend };
}

export async function benchExplore(opts: BenchOptions): Promise<object> {
  return { bench: "explore", firstPaint: await firstPaint(opts), steeredSearch: await steeredSearch(opts) };
}
