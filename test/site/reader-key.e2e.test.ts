// A site over a corpus embedded by an HTTP service (`saejs site --embedder http`): the page asks the
// reader for their own key, keeps it in their browser, and sends it only to that service (a local
// OpenAI-compatible server on 127.0.0.1 that answers CORS preflights as the real API does). The
// builder's key never reaches the site's files. Chromium missing is named.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSae } from "../../src/load.js";
import { Sae } from "../../src/sae.js";
import { serveApp, type AppServer } from "../browser/harness.js";
import { available, CHROMIUM, withChromium } from "../chromium.js";
import { randomSae } from "./corpus.js";

const D = 16,
  DOCS = 40;
const TOPICS = ["lensing", "neutrinos", "topology", "cryptography"];
const texts = Array.from({ length: DOCS }, (_, i) => `${TOPICS[i % 4]} paper number ${i} about ${TOPICS[i % 4]}`);

/** A unit vector from the text's characters: the same text, the same vector (so a document's own text finds it first). */
function vectorOf(text: string): number[] {
  const v = Array.from({ length: D }, (_, q) =>
    Math.sin((q + 1) * 0.37 + [...text].reduce((s, c, i) => s + c.charCodeAt(0) * ((i % 7) + 1) * (q + 3), 0) * 1e-3),
  );
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

let dir: string, embedServer: Server, embedUrl: string, site: AppServer | undefined;
/** What the embedding service saw: the key, the page's origin (undefined from the CLI), the texts. */
const seen: { auth?: string; origin?: string; input: string[] }[] = [];
const preflights: { origin?: string; headers?: string }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-site-key-"));
  embedServer = createServer((req, res) => {
    const cors = {
      "access-control-allow-origin": req.headers.origin ?? "*",
      "access-control-allow-headers": "authorization, content-type",
      "access-control-allow-methods": "POST",
    };
    if (req.method === "OPTIONS") {
      preflights.push({ origin: req.headers.origin, headers: req.headers["access-control-request-headers"] });
      res.writeHead(204, cors).end();
      return;
    }
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw) as { input: string[]; model: string };
      seen.push({ auth: req.headers.authorization, origin: req.headers.origin, input: body.input });
      if (req.headers.authorization !== "Bearer reader-key" && req.headers.authorization !== "Bearer build-key") {
        res.writeHead(401, { ...cors, "content-type": "application/json" }).end(JSON.stringify({ error: { message: "Incorrect API key provided" } }));
        return;
      }
      const data = body.input.map((t, index) => ({ index, embedding: vectorOf(t) }));
      res.writeHead(200, { ...cors, "content-type": "application/json" }).end(JSON.stringify({ data }));
    });
  });
  await new Promise<void>((ok) => embedServer.listen(0, "127.0.0.1", ok));
  embedUrl = `http://127.0.0.1:${(embedServer.address() as { port: number }).port}/v1`;
  const sae = await Sae.create(randomSae(D, 64, 5), { k: 4 });
  await saveSae(sae, join(dir, "sae.safetensors"), "safetensors");
  sae.dispose();
  writeFileSync(join(dir, "corpus.jsonl"), texts.map((text, i) => JSON.stringify({ title: `Paper ${i}`, text, topic: TOPICS[i % 4] })).join("\n"));
  const cli = resolve("dist/cli.js");
  const args = ["site", "corpus.jsonl", "--sae", "sae.safetensors", "--embedder", "http", "--base-url", embedUrl, "--model", "local-16", "--dim", String(D)];
  await promisify(execFile)(process.execPath, [cli, ...args, "--api-key", "build-key", "--out", "site", "--vectors", "f32", "--quiet"], { cwd: dir });
}, 120_000);

afterAll(async () => {
  await site?.close();
  embedServer?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a site whose corpus an HTTP service embedded", () => {
  it("holds neither key nor the embedder's model files: the service's address and model only", () => {
    const files = (d: string, p = ""): string[] =>
      readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? files(join(d, f), `${p}${f}/`) : [`${p}${f}`]));
    const all = files(join(dir, "site"));
    expect(all.some((f) => f.startsWith("use-lite/") || f === "embed-worker.js")).toBe(false);
    for (const f of all) expect(readFileSync(join(dir, "site", f)).includes("build-key"), f).toBe(false);
    const block = JSON.parse(readFileSync(join(dir, "site/data/explorer.json"), "utf8")).site;
    expect(block.embedder).toEqual({ kind: "http", name: `http:local-16:${D}`, baseUrl: embedUrl, model: "local-16", dim: D });
    // The CLI embedded the corpus with the builder's key.
    expect(seen.every((s) => s.auth === "Bearer build-key" && s.origin === undefined)).toBe(true);
  });

  it("asks the reader for their key, keeps it in the browser, and sends it only to the service", { timeout: 180_000 }, async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    site = await serveApp(join(dir, "site"));
    seen.length = 0;
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      await page.goto(`${site!.url}#search`);
      await page.waitForFunction(
        () =>
          (globalThis as { saejsExplorer?: { ready: boolean; error?: string } }).saejsExplorer?.ready ||
          (globalThis as { saejsExplorer?: { error?: string } }).saejsExplorer?.error,
        null,
        {
          timeout: 120_000,
        },
      );
      expect(await page.evaluate(() => (globalThis as { saejsExplorer?: { error?: string } }).saejsExplorer?.error)).toBeUndefined();
      expect(await page.getAttribute("#apikey", "placeholder")).toContain(embedUrl);
      // No key yet: the page says what to do, and nothing was sent.
      await page.fill("#qtext", texts[6]!);
      await page.click("#qgo");
      await page.waitForFunction(() => /enter your API key/.test(document.getElementById("steer-info")?.textContent ?? ""), null, { timeout: 30_000 });
      expect(seen).toEqual([]);
      // A wrong key: the service's refusal is shown.
      await page.fill("#apikey", "wrong-key");
      await page.click("#keysave");
      await page.click("#qgo");
      await page.waitForFunction(() => /401/.test(document.getElementById("steer-info")?.textContent ?? ""), null, { timeout: 30_000 });
      expect(seen.map((s) => s.auth)).toContain("Bearer wrong-key");
      await page.fill("#apikey", "reader-key");
      await page.click("#keysave");
      await page.click("#qgo");
      await page.waitForFunction(() => document.querySelectorAll("#base li").length >= 10, null, { timeout: 60_000 });
      // The document with the query's own text comes first.
      expect(await page.getAttribute("#base li:first-child", "data-doc")).toBe("6");
      const origin = new URL(site!.url).origin;
      const withReader = seen.filter((s) => s.auth === "Bearer reader-key");
      expect(withReader.length).toBeGreaterThan(0);
      expect(withReader.every((s) => s.origin === origin && s.input.length === 1 && s.input[0] === texts[6])).toBe(true);
      expect(preflights.some((p) => p.origin === origin && /authorization/i.test(p.headers ?? ""))).toBe(true);
      // Kept in this browser only: in localStorage, never in a request to the site's host.
      expect(await page.evaluate((u) => localStorage.getItem(`saejs-api-key ${u}`), embedUrl)).toBe("reader-key");
      expect(site!.requests.some((r) => r.includes("key"))).toBe(false);
      // After a reload the key is still there: a typed query needs no prompt.
      await page.reload();
      await page.waitForFunction(() => (globalThis as { saejsExplorer?: { ready: boolean } }).saejsExplorer?.ready, null, { timeout: 60_000 });
      await page.fill("#qtext", texts[9]!);
      await page.click("#qgo");
      await page.waitForFunction(() => document.querySelector("#base li:first-child")?.getAttribute("data-doc") === "9", null, { timeout: 60_000 });
    });
  });
});
