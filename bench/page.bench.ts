// sae.js in a web page, as a developer ships it: the test app (test/browser/app) built from the
// packed package by Vite and by esbuild, opened in headless Chromium. Measures the gzipped bytes
// the page downloads as each capability is first used (the app's chunks and wasm; not the SAE's
// weights, data or USE lite's model files), the time from navigation to the first encode of a
// release-size SAE (1536 × 9216, k = 64, from the local server), to the first embedded query, and
// on a second visit (model files in the HTTP cache) to a query embedded and encoded. --smoke: the
// same phases with a 64 × 256 SAE, a 512 × 64 one for the query and an index of 50 documents.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { serializeWeights } from "../src/io/save.js";
import { CHROMIUM, withChromium } from "../test/chromium.js";
import { BUNDLERS, buildApps, serveApp, USE_LITE_FILES } from "../test/browser/harness.js";
import { makeTables } from "../test/io/tables.js";
import { machine, randomSae, type BenchOptions } from "./util.js";

interface Phase {
  label: string;
  cap: string;
  ctx: object;
}

export async function benchPage(o: BenchOptions): Promise<object> {
  if (!CHROMIUM) throw new Error("the page bench needs Chromium (apt-get install -y chromium)");
  const app = await buildApps("browser-bench");
  const fixtures = join(app.dir, "fixtures");
  mkdirSync(fixtures, { recursive: true });
  const tables = await makeTables(fixtures);
  tables.duck.closeSync();
  const [d, n, k, useN, indexRows] = o.smoke ? [64, 256, 16, 64, 50] : [1536, 9216, 64, 4096, 300];
  const release = join(fixtures, "csLG_64_9216_128.safetensors");
  writeFileSync(release, Buffer.concat(serializeWeights({ weights: randomSae(d, n, 1), k, order: "topk-relu" }, "safetensors")));
  const useSae = join(fixtures, "use-lite-sae.safetensors");
  writeFileSync(useSae, Buffer.concat(serializeWeights({ weights: randomSae(512, useN, 2), k: Math.min(32, useN / 2), order: "topk-relu" }, "safetensors")));
  const extra = {
    "/fixtures/csLG_64_9216_128.safetensors": release,
    "/fixtures/papers.parquet": tables.parquet.zstd,
    "/fixtures/use-lite-sae.safetensors": useSae,
    ...USE_LITE_FILES,
  };
  const worker = (bundler: string) => (bundler === "esbuild" ? { worker: "./embed-worker.js" } : {});
  const phases = (bundler: string): Phase[] => [
    { label: "(a) encode only", cap: "encode", ctx: { sae: "/fixtures/csLG_64_9216_128.safetensors", rows: 1 } },
    { label: "(b) + Parquet", cap: "tables", ctx: { parquet: "/fixtures/papers.parquet" } },
    { label: "(c) + embedder", cap: "embed", ctx: { texts: ["dark matter halos of dwarf galaxies"], ...worker(bundler) } },
    { label: "(d) + index", cap: "index", ctx: { step: "build", rows: indexRows } },
  ];
  // A second visit, the model files in the HTTP cache: a query embedded and encoded (512-d SAE, n 4096, k 32).
  const secondVisit = (bundler: string): Phase => ({
    label: "second visit: query",
    cap: "query",
    ctx: { text: "dark matter halos of dwarf galaxies", sae: "/fixtures/use-lite-sae.safetensors", ...worker(bundler) },
  });
  o.log(`page bench: ${machine()}, Chromium ${CHROMIUM}; tarball ${(app.tarball.bytes / 1024).toFixed(0)} KiB`);
  const results: Record<string, unknown>[] = [];
  for (const bundler of BUNDLERS) {
    const server = await serveApp(app.out[bundler], extra);
    try {
      await withChromium(async (ctx) => {
        const page = await ctx.newPage();
        // Every response's body, gzipped as a server would send it (level 6), fixtures aside.
        const files = new Map<string, Promise<number>>();
        page.on("response", (res) => {
          const path = new URL(res.url()).pathname;
          // Data and model weights are not the app's code: the SAE, tables, USE lite's graph, shards and vocabulary.
          if (path.startsWith("/fixtures/") || /^\/use-lite\/(?!.*\.wasm$)/.test(path) || !res.url().startsWith(server.url)) return;
          const body = res.body().then((b) => gzipSync(b, { level: 6 }).length);
          // A response still arriving when the page closes, after the last phase was measured, has
          // no body left to read: unhandled, its rejection ended the bench (exit 1) after its table.
          body.catch(() => {});
          files.set(path, body);
        });
        const gzipped = async () => (await Promise.all(files.values())).reduce((a, b) => a + b, 0);
        await page.goto(server.url);
        await page.waitForFunction(() => (globalThis as { appReady?: unknown }).appReady !== undefined, null, { timeout: 60_000 });
        const run = async (p: Phase) => {
          const r = (await page.evaluate(
            ([n, c]) => (globalThis as unknown as { runCap(n: string, c: object): Promise<Record<string, unknown>> }).runCap(n, c),
            [p.cap, p.ctx] as const,
          )) as Record<string, unknown>;
          if (r.error) throw new Error(`${bundler} ${p.label}: ${r.error}`);
          await page.waitForLoadState("networkidle");
          const row = {
            bundler,
            phase: p.label,
            gzipKB: +((await gzipped()) / 1024).toFixed(1),
            files: files.size,
            ...pick(r, ["at", "loadMs", "encodeMs", "buildMs"]),
          };
          results.push(row);
          o.log(`${bundler.padEnd(8)} ${p.label.padEnd(20)} ${row.gzipKB.toFixed(1).padStart(8)} KB gzipped (${row.files} files)${timing(r, indexRows)}`);
        };
        for (const p of phases(bundler)) await run(p);
        files.clear();
        await page.reload();
        await page.waitForFunction(() => (globalThis as { appReady?: unknown }).appReady !== undefined, null, { timeout: 60_000 });
        await run(secondVisit(bundler));
      });
    } finally {
      await server.close();
    }
  }
  return { bench: "page", machine: machine(), chromium: CHROMIUM, tarballKB: app.tarball.bytes / 1024, results };
}

function pick(r: Record<string, unknown>, keys: string[]): Record<string, number> {
  return Object.fromEntries(keys.filter((k) => typeof r[k] === "number").map((k) => [k, Math.round(r[k] as number)]));
}

function timing(r: Record<string, unknown>, indexRows: number): string {
  const at = typeof r.at === "number" ? Math.round(r.at) : undefined;
  const parts: string[] = [];
  if (at !== undefined && typeof r.loadMs === "number")
    parts.push(`first encode ${at} ms after navigation (load ${Math.round(r.loadMs)} ms, encode ${Math.round(r.encodeMs as number)} ms)`);
  else if (at !== undefined && r.vectors) parts.push(`first embedded query ${at} ms after navigation (the phases above included)`);
  else if (at !== undefined && r.indices) parts.push(`query embedded and encoded ${at} ms after navigation`);
  if (typeof r.buildMs === "number") parts.push(`index of ${indexRows} documents built in ${Math.round(r.buildMs)} ms`);
  return parts.length ? `; ${parts.join("; ")}` : "";
}
