// End to end: `saejs site` over 200 real arXiv abstracts (embedded with USE lite and an SAE trained
// by the CLI), served as static files and driven in headless Chromium. A typed query finds astro-ph
// papers; steered searches in each mode, and a slider moved in the page, rank as Node's in-memory
// steered search does; a feature page shows its top documents; a category filter keeps only that
// category; a reload comes from the service worker's cache, the embedder's model included.
// Chromium missing is named (a failure under SAEJS_REQUIRE_ALL_RUNTIMES=1).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { readRecords } from "../../src/io/texts.js";
import { parseNpy } from "../../src/io/npy.js";
import { loadSae } from "../../src/load.js";
import { SearchIndex } from "../../src/kernels/rank.js";
import { steer, steeredSearch, type SteerMode } from "../../src/explore/steer.js";
import type { ExplorerData } from "../../src/explore/site.js";
import { serveApp } from "../browser/harness.js";
import { available, CHROMIUM, withChromium } from "../chromium.js";
import { UseLiteEmbedder } from "../../src/embed/use.js";
import { saejs, type Ran } from "../cli-runner.js";

const ARXIV = resolve("../shared/data/arxiv/arxiv-2007-first2000.csv");
/** The exact settings: every document re-ranked (--candidates all) on its f32 embedding, so the site's top 10 is the in-memory search's. */
const ASTRO = 50,
  OTHER = 150;
const QUERY = "gravitational lensing of galaxy clusters";

let dir: string;
const f = (name: string) => join(dir, name);
/** The corpus as written: title, text and category (the first category's archive) by row. */
const corpus: { title: string; text: string; category: string }[] = [];
const ran: Record<string, Ran & { ms: number }> = {};

async function timed(name: string, ...args: string[]): Promise<void> {
  const t0 = performance.now();
  const r = await saejs(dir, ...args);
  ran[name] = { ...r, ms: performance.now() - t0 };
  if (r.code !== 0) throw new Error(`saejs ${args.join(" ")} exited ${r.code}:\n${r.stderr}`);
}

beforeAll(async () => {
  if (!existsSync(ARXIV)) throw new Error(`${ARXIV} is missing: the e2e test runs on real abstracts (CI runs with ../shared beside the clone)`);
  dir = mkdtempSync(join(tmpdir(), "saejs-site-e2e-"));
  const records = readRecords("arxiv.csv", readFileSync(ARXIV, "utf8"))!;
  let astro = 0,
    other = 0;
  for (const r of records) {
    const category = String(r.categories).trim().split(/\s+/)[0]!.split(".")[0]!;
    if (category === "astro-ph" ? astro++ >= ASTRO : other++ >= OTHER) continue;
    const clean = (s: unknown) => String(s).replace(/\s+/g, " ").trim();
    corpus.push({ title: clean(r.title), text: clean(r.abstract), category });
  }
  writeFileSync(f("corpus.jsonl"), `${corpus.map((d) => JSON.stringify(d)).join("\n")}\n`);
  // The CLI as a user runs it, in the temp folder (its .saejs-cache goes there).
  await timed("embed", "embed", "corpus.jsonl", "--out", "x.npy", "--quiet");
  await timed("train", "train", "x.npy", "--out", "sae.safetensors", "--k", "8", "--n", "256", "--epochs", "100", "--batch", "64", "--lr", "1e-3", "--quiet");
  await timed(
    "site",
    "site",
    "corpus.jsonl",
    "--sae",
    "sae.safetensors",
    "--embeddings",
    "x.npy",
    "--embedder",
    "use",
    "--title-column",
    "title",
    "--out",
    "site",
    "--vectors",
    "f32",
    "--values",
    "f32",
    "--candidates",
    "all",
  );
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("saejs site over real abstracts", () => {
  it("embeds, trains and writes the site: every file of the page, the search, the texts and the embedder", () => {
    expect(corpus.length).toBe(ASTRO + OTHER);
    expect(corpus.filter((d) => d.category === "astro-ph").length).toBe(ASTRO);
    expect(ran.site!.stdout).toMatch(/^wrote the site to site\/: \d+ files, [\d.]+ MB/);
    for (const file of [
      "index.html",
      "sw.js",
      "explorer.js",
      "embed-worker.js",
      "use-lite/model.json",
      "use-lite/vocab.json",
      "use-lite/group1-shard7of7",
      "use-lite/tfjs-backend-wasm-simd.wasm",
      "data/search.json",
      "data/codes.bin",
      "data/vectors.bin",
      "data/slots.bin",
      "data/docs.bin",
      "data/docs.idx",
      "data/meta.bin",
      "data/model.safetensors",
      "data/explorer.json",
      "data/titles.txt",
    ])
      expect(existsSync(f(`site/${file}`)), file).toBe(true);
    const explorer = JSON.parse(readFileSync(f("site/data/explorer.json"), "utf8")) as ExplorerData;
    expect(explorer.docs).toBe(corpus.length);
    expect(explorer.site!.vectors).toBe("f32");
    expect(explorer.site!.candidates).toBe("all");
    expect(explorer.site!.embedder.kind).toBe("use-lite");
    expect(explorer.site!.filters.map((x) => x.name)).toEqual(["category"]);
    expect(readFileSync(f("site/data/titles.txt"), "utf8").split("\n")).toEqual(corpus.map((d) => d.title));
    console.log(`site e2e: embed ${ms("embed")}, train ${ms("train")}, site ${ms("site")}`);
  });

  it("in Chromium: a typed query, steered searches as Node's, a slider, a feature page, a filter, a reload from the cache", async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    const explorer = JSON.parse(readFileSync(f("site/data/explorer.json"), "utf8")) as ExplorerData;
    const x = await parseNpy(readFileSync(f("x.npy")));
    const d = x.shape[1]!;
    const X = x.data as Float32Array;
    const sae = await loadSae(f("sae.safetensors"), { workers: 0 });
    const index = await SearchIndex.create(X, d);
    const server = await serveApp(f("site"));
    const row = (r: number) => X.slice(r * d, (r + 1) * d);
    try {
      await withChromium(async (ctx) => {
        const page = await ctx.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(e.message));
        const t0 = performance.now();
        await page.goto(`${server.url}#search`);
        await waitReady(page);

        // A typed query: the embedder starts in a Web Worker, the top results are astrophysics.
        await page.fill("#qtext", QUERY);
        await page.click("#qgo");
        await page.waitForFunction(() => document.querySelectorAll("#base li").length === 10, null, { timeout: 120_000 });
        const typed = await docsOf(page, "#base li");
        const cats = typed.map((r) => corpus[r]!.category);
        expect(cats[0], `top result ${typed[0]}: ${corpus[typed[0]!]!.title}`).toBe("astro-ph");
        expect(cats.slice(0, 5).filter((c) => c === "astro-ph").length).toBeGreaterThanOrEqual(4);
        expect(await page.locator("#base li").first().textContent()).toContain("category: astro-ph");
        // The typed query's steered list follows once the sliders are the query's own features.
        await page.waitForFunction(() => document.querySelectorAll("#steered li").length === 10, null, { timeout: 60_000 });
        const firstVisit = { ms: performance.now() - t0, bytes: server.bytes!, requests: server.requests.length };
        // The page's embedder (TensorFlow.js in a Web Worker) embeds as Node's does: the same ranking.
        const embedder = new UseLiteEmbedder({ workers: 1 });
        const v = await embedder.embed([QUERY]).finally(() => embedder.dispose());
        expectSameRanking(await pageSearch(page, { text: QUERY }), index.search(v, 10), "the typed query");
        expect(typed).toEqual(index.search(v, 10).map((h) => h.doc));

        // Steered searches through the page's hook, each mode, against Node's in-memory steered search.
        const q = corpus.findIndex((c) => c.category === "astro-ph");
        const own = await sae.encode(row(q), 1);
        const strongest = own.indices[0]!;
        const added = [...Array(explorer.sae.nLatents).keys()]
          .filter((i) => !Array.from(own.indices).includes(i) && explorer.features.top[i]!.length > 0)
          .sort((a, b) => explorer.features.density[b]! - explorer.features.density[a]! || a - b)[0]!;
        const steering = new Map([
          [strongest, 2 * own.values[0]!],
          [added, 2 * explorer.features.maxAct[added]!],
        ]);
        const unsteered = await pageSearch(page, { doc: q });
        const plain = index.search(row(q), 10);
        expectSameRanking(unsteered, plain, "the unsteered document query");
        for (const mode of ["edit", "add", "clamp"] as SteerMode[]) {
          const got = await pageSearch(page, { doc: q, steer: [...steering], mode });
          const want = (await steeredSearch(sae, index, row(q), { steering, mode, top: 10 })).steered!;
          expectSameRanking(got, want, `mode ${mode}`);
          // The steering moves the ranking, so that the comparison says something.
          expect(
            want.map((h) => h.doc),
            `mode ${mode} changes the top 10`,
          ).not.toEqual(plain.map((h) => h.doc));
        }

        // A slider in the page: the query document found by its title, its strongest feature raised.
        // Unmoved, the sliders are the query's own features: the steered list ranks its decoded codes.
        const ownRanking = async (allow?: (r: number) => boolean) => {
          const { vector } = await steer(sae, row(q), new Map(), "edit");
          return index
            .search(vector, corpus.length)
            .filter((h) => !allow || allow(h.doc))
            .slice(0, 10)
            .map((h) => h.doc);
        };
        await page.fill("#qfind", corpus[q]!.title.slice(0, 30).toLowerCase());
        await page.locator(`#matches button[data-doc="${q}"]`).click();
        await page.waitForFunction((r) => document.querySelector("#query li")?.getAttribute("data-doc") === String(r), q);
        const before = await ownRanking();
        await showsDocs(
          page,
          "#base li",
          plain.map((h) => h.doc),
          "the document query's own results",
        );
        await showsDocs(page, "#steered li", before, "the unmoved sliders' steered results");
        const slider = page.locator(`#sliders .slider[data-f="${strongest}"] input[type=range]`);
        expect(await slider.count(), `a slider for feature ${strongest}`).toBe(1);
        const value = await slider.evaluate((el: HTMLInputElement) => {
          el.value = el.max; // the top of its range: twice its value or 1.5 × its largest activation
          el.dispatchEvent(new Event("input", { bubbles: true }));
          return Number(el.value);
        });
        const slid = (await steeredSearch(sae, index, row(q), { steering: new Map([[strongest, value]]), mode: "edit", top: 10 })).steered!.map((h) => h.doc);
        expect(slid, "raising the slider changes the ranking").not.toEqual(before);
        await showsDocs(page, "#steered li", slid, `the slider of feature ${strongest} at ${value}`);
        expect(await page.textContent("#steer-info")).toMatch(new RegExp(`steered in [\\d.]+ ms · steered codes: .*#${strongest} ${value.toFixed(2)}`));

        // The filter: only cond-mat papers, ranked as Node ranks them among cond-mat papers (the
        // query runs again: its sliders are its own features once more).
        const cat = "cond-mat";
        const inCat = (r: number) => corpus[r]!.category === cat;
        await page.selectOption("#sfilter", JSON.stringify(["category", cat]));
        const filtered = index
          .search(row(q), corpus.length)
          .filter((h) => inCat(h.doc))
          .slice(0, 10)
          .map((h) => h.doc);
        await showsDocs(page, "#base li", filtered, `the query's results among ${cat}`);
        await showsDocs(page, "#steered li", await ownRanking(inCat), `the steered results among ${cat}`);
        for (const li of await page.locator("#base li").allTextContents()) expect(li).toContain(`category: ${cat}`);

        // A feature page: its top documents' titles, read by range, are the corpus's.
        const feature = [...Array(explorer.sae.nLatents).keys()].find((i) => explorer.features.top[i]!.length >= 5)!;
        await page.goto(`${server.url}#feature/${feature}`);
        await page.waitForSelector("#ftitle", { timeout: 30_000 });
        expect(await page.textContent("#ftitle")).toMatch(new RegExp(`^#${feature} · `));
        const top = explorer.features.top[feature]!;
        expect(await page.locator("#ftop li").count()).toBe(top.length);
        expect(await page.locator("#ftop li .doc-title").allTextContents()).toEqual(top.map((r) => corpus[r]!.title));
        expect(await docsOf(page, "#fneg li")).toEqual(explorer.features.hardNegatives[feature]);

        // A reload comes from the service worker's cache: no large file again, the embedder's model neither.
        await page.goto(`${server.url}#search`);
        await waitReady(page);
        const mark = { bytes: server.bytes!, requests: server.requests.length };
        // The first visit's page is controlled by sw.js; a marker tells the reloaded page from it.
        expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${server.url}sw.js`);
        await page.evaluate(() => Object.assign(globalThis, { saejsBeforeReload: true }));
        const t1 = performance.now();
        await page.reload();
        await waitReady(page);
        expect(await page.evaluate(() => "saejsBeforeReload" in globalThis)).toBe(false);
        await page.fill("#qtext", QUERY);
        await page.click("#qgo");
        await page.waitForFunction(() => document.querySelectorAll("#base li").length === 10, null, { timeout: 120_000 });
        const reloadMs = performance.now() - t1;
        expect(await docsOf(page, "#base li")).toEqual(typed);
        const again = server.requests.slice(mark.requests);
        const reloadBytes = server.bytes! - mark.bytes;
        console.log(
          `site e2e: first visit to 10 typed results ${(firstVisit.ms / 1000).toFixed(1)} s, ${(firstVisit.bytes / 1e6).toFixed(1)} MB in ${firstVisit.requests} requests; ` +
            `reload and typed query ${(reloadMs / 1000).toFixed(1)} s, ${reloadBytes} B in ${again.length} requests (${[...new Set(again)].join(" ")})`,
        );
        for (const big of ["/data/codes.bin", "/data/model.safetensors", "/data/vectors.bin", "/explorer.js", "/embed-worker.js"])
          expect(again).not.toContain(big);
        expect(again.filter((p) => p.startsWith("/use-lite/") || p.startsWith("/chunks/"))).toEqual([]);
        expect(reloadBytes).toBeLessThan(50_000);

        expect(errors).toEqual([]);
      });
    } finally {
      await server.close();
      await sae.dispose();
    }
  }, 300_000);
});

function ms(name: string): string {
  return `${(ran[name]!.ms / 1000).toFixed(1)} s`;
}

type Probe = {
  saejsExplorer?: {
    ready: boolean;
    error?: string;
    search(o: object): Promise<{ hits: { doc: number; score: number }[] }>;
  };
};

async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const p = (globalThis as Probe).saejsExplorer;
      return p?.ready || p?.error;
    },
    null,
    { timeout: 60_000 },
  );
  expect(await page.evaluate(() => (globalThis as Probe).saejsExplorer!.error)).toBeUndefined();
}

/** Waits until the list shows these documents in this order; else fails showing what it shows. */
async function showsDocs(page: Page, selector: string, want: readonly number[], what: string): Promise<void> {
  try {
    await page.waitForFunction(
      ([sel, w]) =>
        Array.from(document.querySelectorAll(sel))
          .map((e) => Number(e.getAttribute("data-doc")))
          .join() === w,
      [selector, want.join()] as const,
      { timeout: 60_000 },
    );
  } catch {
    expect(await docsOf(page, selector), what).toEqual(want);
  }
}

async function docsOf(page: Page, selector: string): Promise<number[]> {
  return page.$$eval(selector, (els) => els.map((e) => Number(e.getAttribute("data-doc"))));
}

async function pageSearch(
  page: Page,
  o: { doc?: number; text?: string; steer?: [number, number][]; mode?: SteerMode },
): Promise<{ doc: number; score: number }[]> {
  return (await page.evaluate((o) => (globalThis as Probe).saejsExplorer!.search(o), o)).hits;
}

/** The same documents in the same order, and the same scores to float32 rounding. */
function expectSameRanking(got: readonly { doc: number; score: number }[], want: readonly { doc: number; score: number }[], what: string): void {
  expect(
    got.map((h) => h.doc),
    what,
  ).toEqual(want.map((h) => h.doc));
  for (let i = 0; i < want.length; i++)
    expect(Math.abs(got[i]!.score - want[i]!.score), `${what}: score ${i}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(want[i]!.score)));
}
