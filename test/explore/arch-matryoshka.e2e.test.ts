// End to end as a user runs it: `saejs train --arch matryoshka --widths 4,8,16` on the planted
// corpus's embeddings, then `saejs explore` (served) and `saejs site` (static files) of that SAE;
// in headless Chromium a feature's page shows its coarse-to-fine tree (group, parent, children,
// each linked), the tree matryoshkaTree computes from the trained file's decoder.
// Chromium missing is named (a failure under SAEJS_REQUIRE_ALL_RUNTIMES=1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { writeNpy } from "../../src/io/npy.js";
import { loadSae } from "../../src/load.js";
import { matryoshkaChildren, matryoshkaTreeOf, type MatryoshkaTree } from "../../src/explore/matryoshka.js";
import { serveApp } from "../browser/harness.js";
import { available, CHROMIUM, withChromium } from "../chromium.js";
import { saejs } from "../cli-runner.js";
import { plantedCorpus } from "./planted.js";
import { startExplorer } from "./start.js";

const widths = [4, 8, 16];
const dir = mkdtempSync(join(tmpdir(), "saejs-matryoshka-"));
let child: ChildProcess | undefined, close: (() => Promise<void>) | undefined;
let served: string, site: string, tree: MatryoshkaTree;

async function cli(...args: string[]): Promise<string> {
  const r = await saejs(dir, ...args);
  if (r.code !== 0) throw new Error(`saejs ${args.join(" ")} exited ${r.code}:\n${r.stderr}`);
  return r.stdout;
}

beforeAll(async () => {
  const { x, texts, weights } = plantedCorpus(300);
  writeFileSync(join(dir, "corpus.jsonl"), `${texts.map((t) => JSON.stringify(t)).join("\n")}\n`);
  writeFileSync(join(dir, "emb.npy"), writeNpy(x, [texts.length, weights.nInputs]));
  // 300 rows in batches of 32 for 100 epochs: 900 steps, a few seconds on Wasm.
  await cli(
    "train",
    "emb.npy",
    "--out",
    "sae.safetensors",
    "--arch",
    "matryoshka",
    "--widths",
    widths.join(","),
    "--k",
    "2",
    "--n",
    "16",
    "--batch",
    "32",
    "--epochs",
    "100",
    "--lr",
    "1e-3",
    "--quiet",
  );
  expect(await cli("info", "sae.safetensors")).toMatch(/arch matryoshka.*JumpReLU.*widths 4,8,16/);
  const sae = await loadSae(join(dir, "sae.safetensors"), { workers: 0 });
  try {
    expect(sae.widths).toEqual(widths);
    tree = (await matryoshkaTreeOf(sae))!;
  } finally {
    await sae.dispose();
  }
  await cli("site", "corpus.jsonl", "--sae", "sae.safetensors", "--embeddings", "emb.npy", "--title-column", "title", "--out", "site", "--quiet");
  ({ child, url: served } = await startExplorer(["sae.safetensors", "corpus.jsonl", "--embeddings", "emb.npy", "--title-column", "title", "--port", "0"], dir));
  // The static site as it is deployed: its folder served with range requests.
  const app = await serveApp(join(dir, "site"));
  close = () => app.close();
  site = app.url;
}, 120_000);

afterAll(async () => {
  child?.kill("SIGKILL");
  await close?.();
  rmSync(dir, { recursive: true, force: true });
});

/** Waits for feature i's page and checks its tree section against the computed tree. */
async function checkFeature(page: Page, i: number): Promise<void> {
  await page.waitForFunction((f) => document.getElementById("ftitle")?.textContent?.startsWith(`#${f} ·`) === true, i, { timeout: 30_000 });
  const g = widths.findIndex((m) => i < m);
  expect(await page.locator("#mgroup").textContent()).toContain(`group ${g + 1} of 3`);
  const parent = tree.parent[i]!;
  if (parent < 0) expect(await page.locator("#mparent").textContent()).toContain("coarsest");
  else expect(await page.locator("#mparent a").getAttribute("href")).toBe(`#feature/${parent}`);
  const kids = matryoshkaChildren(tree.parent)[i]!;
  expect(await page.locator("#mchildren a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual(kids.map((j) => `#feature/${j}`));
}

describe("the explorer's Matryoshka tree of a CLI-trained SAE", () => {
  it("served and as a static site: a feature's page shows its parent and children, and the links go to their pages", async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    // A middle-group feature with children: it has a parent and children both.
    const kids = matryoshkaChildren(tree.parent);
    const mid = [4, 5, 6, 7].find((i) => kids[i]!.length > 0)!;
    expect(mid).toBeDefined();
    await withChromium(async (ctx) => {
      for (const url of [served, site]) {
        const page = await ctx.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(e.message));
        await page.goto(`${url}#feature/${mid}`);
        await checkFeature(page, mid);
        expect(await page.locator("#subtitle").textContent()).toContain("Matryoshka widths 4, 8, 16");
        // Down to a child, back up through its parent link, up again to the coarsest group.
        const child = kids[mid]![0]!;
        await page.locator("#mchildren a").first().click();
        await checkFeature(page, child);
        await page.locator("#mparent a").click();
        await checkFeature(page, mid);
        await page.locator("#mparent a").click();
        await checkFeature(page, tree.parent[mid]!);
        expect(errors).toEqual([]);
        await page.close();
      }
    });
  }, 90_000);
});
