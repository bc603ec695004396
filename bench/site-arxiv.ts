// `npm run repro -- site [--save DIR]`: both files of ../shared/data/arxiv (5,579 real abstracts) as
// a static site, driven in Chromium over a local static server: a typed query, its top 10's arXiv
// categories, what a cold and a second visit transfer, and the README's screenshot (docs/site.png).
// The corpus, its embeddings (USE lite, cached) and an SAE (k=16, n=1024, trained here once) are
// written to DIR (default .scratch/arxiv-site), the site to DIR/site by the CLI as a user runs it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseCsv } from "../src/io/texts.js";
import { UseLiteEmbedder } from "../src/embed/use.js";
import { embedCached } from "../src/embed/cache.js";
import { writeNpy } from "../src/io/npy.js";
import { writeFileAtomic } from "../src/runtime/fs.js";
import { train } from "../src/train/train.js";
import { Sae } from "../src/sae.js";
import { saveSae } from "../src/load.js";
import { serveApp } from "../test/browser/harness.js";
import { withChromium } from "../test/chromium.js";

const DATA = join(process.cwd(), "..", "shared", "data", "arxiv");
const QUERY = "gravitational lensing of galaxy clusters";

interface Row {
  title: string;
  text: string;
  category: string;
}

/** Both files' rows: the 2007 papers with their titles and primary archive, the topic file's with its topic. */
function corpus(): Row[] {
  const rows: Row[] = [];
  const read = (file: string) => {
    const path = join(DATA, file);
    if (!existsSync(path)) throw new Error(`${path} not found: the repository expects ../shared beside it`);
    const [header, ...records] = parseCsv(readFileSync(path, "utf8"));
    return records.map((r) => Object.fromEntries(header!.map((h, j) => [h, r[j] ?? ""])));
  };
  const clean = (s: string) => s.replace(/\s+/g, " ").trim();
  for (const r of read("arxiv-2007-first2000.csv"))
    rows.push({ title: clean(r.title!), text: clean(r.abstract!), category: clean(r.categories!).split(" ")[0]!.split(".")[0]! });
  for (const r of read("arxiv-topics-3579.csv")) {
    const text = clean(r.abstract!);
    rows.push({ title: text.length > 90 ? `${text.slice(0, 90).replace(/\s+\S*$/, "")}…` : text, text, category: r.query! });
  }
  return rows;
}

const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

export async function arxivSite(log: (s: string) => void, dir = ".scratch/arxiv-site"): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const rows = corpus();
  await writeFileAtomic(join(dir, "corpus.jsonl"), new TextEncoder().encode(`${rows.map((r) => JSON.stringify(r)).join("\n")}\n`));
  const e = new UseLiteEmbedder();
  const { x } = await embedCached(
    rows.map((r) => r.text),
    e,
    { log },
  );
  await writeFileAtomic(join(dir, "abstracts.npy"), writeNpy(x, [rows.length, e.dim]));
  const saePath = join(dir, "sae-k16-n1024.safetensors");
  if (!existsSync(saePath)) {
    log("training an SAE (k=16, n=1024, 30 epochs) on all 5,579 abstracts…");
    const run = await train(
      { x, rows: rows.length, nInputs: e.dim },
      { k: 16, nLatents: 1024, batchSize: 256, epochs: 30, lr: 1e-3, deadSteps: 100, seed: 1, medianRows: rows.length },
    );
    const sae = await Sae.create(run.weights, { k: 16 });
    await saveSae(sae, saePath, "safetensors");
    sae.dispose();
  }
  await e.dispose?.();
  // The site, as a user makes it.
  const site = join(dir, "site");
  rmSync(site, { recursive: true, force: true });
  const args = [
    "site",
    "corpus.jsonl",
    "--sae",
    "sae-k16-n1024.safetensors",
    "--embeddings",
    "abstracts.npy",
    "--embedder",
    "use",
    "--title",
    "arXiv abstracts",
    "--out",
    "site",
  ];
  log(`(in ${dir}) saejs ${args.join(" ")}`);
  const t0 = performance.now();
  log(execFileSync(process.execPath, [resolve("dist/cli.js"), ...args, "--quiet"], { cwd: dir, encoding: "utf8" }).trim());
  log(`built in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  const srv = await serveApp(site);
  try {
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      await page.setViewportSize({ width: 1280, height: 1560 });
      const t = performance.now();
      await page.goto(`${srv.url}#search`);
      await page.waitForFunction(() => (globalThis as { saejsExplorer?: { ready: boolean } }).saejsExplorer?.ready, null, { timeout: 120_000 });
      const ready = { ms: performance.now() - t, bytes: srv.bytes };
      await page.fill("#qtext", QUERY);
      await page.click("#qgo");
      await page.waitForFunction(() => document.querySelectorAll("#base li").length >= 10, null, { timeout: 120_000 });
      const first = { ms: performance.now() - t, bytes: srv.bytes };
      const top = (await page.$$eval("#base li", (ls) => ls.map((l) => Number(l.getAttribute("data-doc"))))).slice(0, 10);
      log(
        `cold visit: page ready (SAE, codes, document index) ${(ready.ms / 1000).toFixed(1)} s, ${mb(ready.bytes)}; first typed result ${(first.ms / 1000).toFixed(1)} s, ${mb(first.bytes)} in all`,
      );
      log(`"${QUERY}": top 10 categories ${top.map((r) => rows[r]!.category).join(", ")}`);
      for (const r of top.slice(0, 5)) log(`  ${rows[r]!.category}  ${rows[r]!.title.slice(0, 100)}`);
      // Steer: the query's strongest feature up, as a reader drags its slider.
      const slider = page.locator("#sliders input[type=range]").first();
      await slider.evaluate((el: HTMLInputElement) => {
        el.value = String(Number(el.max) * 0.9);
        el.dispatchEvent(new Event("input", { bubbles: true }));
      });
      await page.waitForTimeout(1500);
      mkdirSync("docs", { recursive: true });
      await page.screenshot({ path: "docs/site.png", fullPage: false });
      log("wrote docs/site.png");
      const before = srv.bytes,
        asked = srv.requests.length;
      await page.reload();
      await page.waitForFunction(() => (globalThis as { saejsExplorer?: { ready: boolean } }).saejsExplorer?.ready, null, { timeout: 120_000 });
      log(`second visit: ${srv.bytes - before} bytes over ${srv.requests.length - asked} requests (${srv.requests.slice(asked).join(", ")})`);
    });
  } finally {
    await srv.close();
  }
}
