// End to end in headless Chromium: `saejs explore` serves the planted corpus; the page loads,
// a feature opens, a search runs, a slider moves and the steered results change. Writes
// test-output/explorer-e2e.png. Chromium missing is named (a failure under SAEJS_REQUIRE_ALL_RUNTIMES=1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Sae } from "../../src/sae.js";
import { saveSae } from "../../src/load.js";
import { writeNpy } from "../../src/io/npy.js";
import type { Page } from "playwright-core";
import { available, CHROMIUM, withChromium } from "../chromium.js";
import { plantedCorpus } from "./planted.js";
import { startExplorer } from "./start.js";

const SHOT = resolve("test-output/explorer-e2e.png");
let dir: string, child: ChildProcess | undefined, url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-explorer-"));
  const { weights, x, texts } = plantedCorpus();
  const sae = await Sae.create(weights, { k: 2 });
  await saveSae(sae, join(dir, "model.safetensors"), "safetensors");
  sae.dispose();
  writeFileSync(join(dir, "corpus.jsonl"), texts.map((t) => JSON.stringify(t)).join("\n"));
  writeFileSync(join(dir, "emb.npy"), writeNpy(x, [texts.length, weights.nInputs]));
  ({ child, url } = await startExplorer(["model.safetensors", "corpus.jsonl", "--embeddings", "emb.npy", "--title-column", "title", "--port", "0"], dir));
}, 60_000);

afterAll(() => {
  child?.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** The page's probe (app.ts): ready, error, searches run so far, first paint. */
type Probe = { saejsExplorer?: { ready: boolean; error?: string; searches: number; firstPaint: number } };
const searches = (page: Page) => page.evaluate(() => (globalThis as Probe).saejsExplorer!.searches);
const moreSearchesThan = (page: Page, n: number) => page.waitForFunction((m) => (globalThis as Probe).saejsExplorer!.searches > m, n);

describe("the explorer page", () => {
  it("loads, opens a feature, runs a steered search that a slider changes; Ctrl-C stops the server", async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(url);
      await page.waitForFunction(
        () => {
          const p = (globalThis as Probe).saejsExplorer;
          return p?.ready || p?.error;
        },
        null,
        { timeout: 30_000 },
      );
      const probe = (await page.evaluate(() => (globalThis as Probe).saejsExplorer))!;
      expect(probe.error).toBeUndefined();
      expect(await page.locator("#flist tr").count()).toBeGreaterThan(10);
      expect(await page.locator("#status").textContent()).toMatch(/sae\.js wasm-.*simd, \d+ workers? \(shared memory\)/);

      // Filter the list and open a feature: its top documents are about its topic.
      await page.fill("#ffilter", "astronomy");
      await page.locator("#flist tr").first().click();
      await page.waitForSelector("#ftitle");
      expect(await page.locator("#ftitle").textContent()).toMatch(/^#\d+ · .*astronomy/);
      const top = await page.locator("#ftop li").allTextContents();
      expect(top.length).toBeGreaterThan(3);
      for (const t of top) expect(t).toContain("astronomy");
      expect(await page.locator("#fneg li").count()).toBe(5);

      // A search: find a query document, pick it, get the query's features as sliders.
      await page.click("nav a[href='#search']");
      await page.fill("#qfind", "music with poetry");
      await page.locator("#matches button").first().click();
      await moreSearchesThan(page, 0);
      const sliders = page.locator("#sliders input[type=range]");
      expect(await sliders.count()).toBeGreaterThanOrEqual(1);
      const before = await page.locator("#steered li").allTextContents();
      expect(before[0]).toContain("music");

      // Add a feature, then move the query's strongest one to zero: the results change.
      const s1 = await searches(page);
      await page.fill("#addf", "#11"); // the gardening topic
      await page.press("#addf", "Enter");
      await moreSearchesThan(page, s1);
      const s2 = await searches(page);
      await sliders.first().evaluate((el: HTMLInputElement) => {
        el.value = "0";
        el.dispatchEvent(new Event("input", { bubbles: true }));
      });
      await moreSearchesThan(page, s2);
      await page.waitForTimeout(100);
      const after = await page.locator("#steered li").allTextContents();
      expect(after).not.toEqual(before);
      expect(after[0]).toContain("gardening");

      mkdirSync(resolve("test-output"), { recursive: true });
      await page.screenshot({ path: SHOT, fullPage: true });
      expect(statSync(SHOT).size).toBeGreaterThan(10_000);
      expect(readFileSync(SHOT).subarray(1, 4).toString()).toBe("PNG");
      expect(errors).toEqual([]);
    });
    // Ctrl-C stops the server cleanly.
    const code = await new Promise<number | null>((resolve) => {
      child!.once("exit", resolve);
      child!.kill("SIGINT");
    });
    expect(code).toBe(0);
    child = undefined;
  }, 90_000);

  it("a feature's page: label and score, density, activation histogram, documents, nearest and co-occurring features, family, the other SAE's nearest", async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    // The other SAE: the same dictionary with its latents in reverse order, so feature i's nearest there is n − 1 − i (cosine 1).
    const { weights } = plantedCorpus();
    const n = weights.nLatents,
      d = weights.nInputs;
    const rev = (W: Float32Array, rows: number, cols: number, byRow: boolean) =>
      Float32Array.from(W, (_, j) =>
        byRow ? W[(rows - 1 - Math.floor(j / cols)) * cols + (j % cols)]! : W[Math.floor(j / cols) * cols + (cols - 1 - (j % cols))]!,
      );
    const other = await Sae.create(
      {
        ...weights,
        encoderWeight: rev(weights.encoderWeight, n, d, true),
        decoderWeight: rev(weights.decoderWeight, d, n, false),
        latentBias: weights.latentBias.slice().reverse(),
      },
      { k: 2 },
    );
    await saveSae(other, join(dir, "other.safetensors"), "safetensors");
    other.dispose();
    const started = await startExplorer(
      ["model.safetensors", "corpus.jsonl", "--embeddings", "emb.npy", "--title-column", "title", "--compare", "other.safetensors", "--port", "0"],
      dir,
    );
    try {
      await withChromium(async (ctx) => {
        const page = await ctx.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(e.message));
        await page.goto(`${started.url}#feature/0`);
        await page.waitForSelector("#ftitle");
        expect(await page.locator("#ftitle").textContent()).toMatch(/^#0 · astronomy/);
        expect(await page.locator("#fscore").textContent()).toMatch(/offline-terms label/);
        expect(await page.locator("#fhist svg rect").count()).toBe(12);
        expect(await page.locator("#ftop li").count()).toBeGreaterThan(3);
        expect(await page.locator("#fneg li").count()).toBe(5);
        expect(await page.locator("#fnear li").count()).toBe(5);
        // Astronomy documents touch on music most often (topic 0 is paired with 1 first).
        const co = await page.locator("#fco li").allTextContents();
        expect(co.length).toBeGreaterThan(0);
        expect(co[0]).toMatch(/%/);
        expect(await page.locator("#ffam").count()).toBe(1);
        expect(await page.locator("#fother li").first().textContent()).toMatch(new RegExp(`^#${n - 1} .*cos 1\\.00`));
        // Sorted by distinctiveness the list keeps only specific features (on ≤ 5 % of the documents):
        // every planted topic is on about a sixth of them, so none is.
        await page.click("nav a[href='#features']");
        await page.selectOption("#fsort", "distinctive");
        expect(await page.locator("#flist tr").count()).toBe(0);
        await page.selectOption("#fsort", "score");
        expect(await page.locator("#flist tr").count()).toBeGreaterThan(10);
        expect(errors).toEqual([]);
      });
    } finally {
      started.child.kill("SIGKILL");
    }
  }, 90_000);
});
