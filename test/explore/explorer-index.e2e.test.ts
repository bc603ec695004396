// The explorer answers typed queries, in headless Chromium: over an SAE index (`saejs explore --db`,
// pages from SQL through the server, a metadata filter) and over a corpus in memory. Queries are
// embedded by the server with an OpenAI-compatible embedder on 127.0.0.1 whose model maps the
// planted topics' names to their directions; its key never reaches the page.
import type { ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { Sae } from "../../src/sae.js";
import { saveSae } from "../../src/load.js";
import { writeNpy } from "../../src/io/npy.js";
import { available, CHROMIUM, withChromium } from "../chromium.js";
import { saejsWith } from "../cli-runner.js";
import { plantedCorpus, TOPICS } from "./planted.js";
import { startExplorer } from "./start.js";

const KEY = "sk-test-never-in-the-page";
const { weights, x, texts } = plantedCorpus();
const d = weights.nInputs,
  n = weights.nLatents;

/** The planted model: a text's embedding is its first named topic's direction plus half of the others'. */
function embedText(t: string): number[] {
  const v = new Array<number>(d).fill(0);
  const named = TOPICS.map((name, i) => ({ i, at: t.toLowerCase().indexOf(name) })).filter((m) => m.at >= 0);
  named.sort((a, b) => a.at - b.at);
  named.forEach((m, j) => {
    for (let p = 0; p < d; p++) v[p]! += (j === 0 ? 1 : 0.5) * weights.decoderWeight[p * n + m.i]!;
  });
  return v;
}

let dir: string, embedServer: Server, baseUrl: string;
const embedCalls: { auth: string | undefined }[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-explorer-index-"));
  const sae = await Sae.create(weights, { k: 2 });
  await saveSae(sae, join(dir, "model.safetensors"), "safetensors");
  sae.dispose();
  writeFileSync(join(dir, "corpus.jsonl"), texts.map((t, r) => JSON.stringify({ ...t, topic: TOPICS[r % TOPICS.length] })).join("\n"));
  writeFileSync(join(dir, "emb.npy"), writeNpy(x, [texts.length, d]));
  embedServer = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      embedCalls.push({ auth: req.headers.authorization });
      if (req.headers.authorization !== `Bearer ${KEY}`)
        return void res.writeHead(401, { "content-type": "application/json" }).end('{"error":{"message":"bad key"}}');
      const body = JSON.parse(raw) as { input: string[] };
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ data: body.input.map((t, index) => ({ index, embedding: embedText(t) })) }));
    });
  });
  await new Promise<void>((r) => embedServer.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(embedServer.address() as { port: number }).port}/v1`;
}, 60_000);

afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
  embedServer.close();
  rmSync(dir, { recursive: true, force: true });
});

const EMBEDDER = () => ["--embedder", "http", "--base-url", baseUrl, "--model", "planted-32", "--dim", String(d)];
type Probe = { saejsExplorer?: { ready: boolean; error?: string; searches: number } };

async function ready(page: Page, url: string, seen: string[]): Promise<void> {
  page.on("request", (r) => seen.push(`${r.url()} ${r.postData() ?? ""}`));
  page.on("response", async (r) => seen.push(await r.text().catch(() => "")));
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as Probe).saejsExplorer?.ready || (globalThis as Probe).saejsExplorer?.error, null, { timeout: 30_000 });
  expect(await page.evaluate(() => (globalThis as Probe).saejsExplorer!.error)).toBeUndefined();
}

const typeQuery = async (page: Page, text: string) => {
  const before = await page.evaluate(() => (globalThis as Probe).saejsExplorer!.searches);
  await page.fill("#qtext", text);
  await page.press("#qtext", "Enter");
  await page.waitForFunction((m) => (globalThis as Probe).saejsExplorer!.searches > m, before);
};

describe("typed queries in the explorer", () => {
  it("over an index: feature pages from SQL, a typed query, a metadata filter, steering", async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    const built = await saejsWith(
      dir,
      { OPENAI_API_KEY: KEY },
      "index",
      "corpus.jsonl",
      "--embeddings",
      "emb.npy",
      "--sae",
      "model.safetensors",
      "--db",
      "idx",
      ...EMBEDDER(),
    );
    expect(built.code, built.stderr).toBe(0);
    const { child, url } = await startExplorer(["--db", "idx", "--port", "0"], dir, { OPENAI_API_KEY: KEY });
    children.push(child);
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      const seen: string[] = [],
        errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await ready(page, url, seen);
      expect(await page.locator("#status").textContent()).toMatch(/Postgres/);
      expect(await page.locator("#flist tr").count()).toBeGreaterThan(10);
      // A feature's page: its documents come from the index.
      await page.fill("#ffilter", "astronomy");
      await page.locator("#flist tr").first().click();
      await page.waitForSelector("#ftop li");
      const top = await page.locator("#ftop li").allTextContents();
      expect(top.length).toBeGreaterThan(3);
      for (const t of top) expect(t).toContain("astronomy");
      expect(await page.locator("#fneg li").count()).toBe(5);
      // The rest of its page, from SQL and the SAE's decoder.
      expect(await page.locator("#fhist svg rect").count()).toBe(12);
      expect(await page.locator("#fnear li").count()).toBe(5);
      expect(await page.locator("#fco li").count()).toBeGreaterThan(0);
      expect(await page.locator("#fscore").textContent()).toMatch(/label/);

      await page.click("nav a[href='#search']");
      await typeQuery(page, "cooking");
      expect(await page.locator("#qshown").textContent()).toContain("cooking");
      const base = await page.locator("#base li").allTextContents();
      expect(base.length).toBe(10);
      expect(base.filter((t) => t.startsWith("cooking")).length).toBeGreaterThanOrEqual(8);
      // Only documents whose topic (metadata) is poetry.
      const s = await page.evaluate(() => (globalThis as Probe).saejsExplorer!.searches);
      await page.selectOption("#fkey", "topic");
      await page.fill("#fval", "poetry");
      await page.dispatchEvent("#fval", "change");
      await page.waitForFunction((m) => (globalThis as Probe).saejsExplorer!.searches > m, s);
      await page.waitForFunction(() => document.querySelector("#base li")?.textContent?.startsWith("poetry"));
      const filtered = await page.locator("#base li").allTextContents();
      for (const t of filtered) expect(t).toMatch(/^poetry with /);
      // Steering: add the music feature (#1); the steered results follow it.
      const s2 = await page.evaluate(() => (globalThis as Probe).saejsExplorer!.searches);
      await page.fill("#addf", "#1");
      await page.press("#addf", "Enter");
      await page.waitForFunction((m) => (globalThis as Probe).saejsExplorer!.searches > m, s2);
      // Within the filter: poetry documents that touch on music come first.
      // (A search started before the feature was added may answer first, unsteered: wait for the steered one.)
      await page
        .waitForFunction(() => document.querySelector("#steered li")?.textContent?.startsWith("poetry with music"), null, { timeout: 15_000 })
        .catch(() => {});
      expect((await page.locator("#steered li").allTextContents())[0]).toMatch(/^poetry with music/);
      expect(errors).toEqual([]);
      expect(seen.join("\n")).not.toContain(KEY);
      expect(seen.some((r) => r.includes(baseUrl))).toBe(false);
    });
    expect(embedCalls.every((c) => c.auth === `Bearer ${KEY}`)).toBe(true);
  }, 120_000);

  it("over a corpus in memory: the server embeds the typed query, the page ranks", async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    const { child, url } = await startExplorer(
      ["model.safetensors", "corpus.jsonl", "--embeddings", "emb.npy", "--title-column", "title", "--port", "0", ...EMBEDDER()],
      dir,
      { OPENAI_API_KEY: KEY },
    );
    children.push(child);
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      const seen: string[] = [];
      await ready(page, url, seen);
      await page.click("nav a[href='#search']");
      await typeQuery(page, "gardening");
      const base = await page.locator("#base li").allTextContents();
      expect(base.filter((t) => t.startsWith("gardening")).length).toBeGreaterThanOrEqual(8);
      expect(seen.join("\n")).not.toContain(KEY);
    });
  }, 120_000);
});
