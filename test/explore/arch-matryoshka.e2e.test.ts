// End to end in headless Chromium: a Matryoshka SAE's feature pages show its coarse-to-fine tree
// (group, parent, children, each linked) in the served explorer and in a static site. The SAE is
// the planted corpus's with widths [4, 8, 16]; the tree the page must show is matryoshkaTree's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import type { Page } from "playwright-core";
import { Sae } from "../../src/sae.js";
import { serializeWeights } from "../../src/io/save.js";
import { writeNpy } from "../../src/io/npy.js";
import { buildExplorerData, type ExplorerData } from "../../src/explore/site.js";
import { matryoshkaChildren } from "../../src/explore/matryoshka.js";
import { serveSite, siteFiles } from "../../src/cli/explore.js";
import { staticSiteFiles, writeSite } from "../../src/cli/site.js";
import { serveApp } from "../browser/harness.js";
import { available, CHROMIUM, withChromium } from "../chromium.js";
import { plantedCorpus } from "./planted.js";

const widths = [4, 8, 16];
const servers: Server[] = [];
const closers: (() => Promise<void>)[] = [];
const dir = mkdtempSync(join(tmpdir(), "saejs-matryoshka-"));
let served: string, site: string, tree: NonNullable<ExplorerData["matryoshka"]>;

beforeAll(async () => {
  const { weights, x, texts } = plantedCorpus(120);
  const base = await Sae.create(weights, { k: 2 });
  // The model as the inference side gives it: a Sae with its Matryoshka widths.
  const sae = Object.assign(Object.create(base) as Sae, { widths });
  const explorer = await buildExplorerData(sae, texts, x, { title: "matryoshka", embedder: "planted" });
  tree = explorer.matryoshka!;
  const one = await serveSite(
    await siteFiles({
      explorer,
      docs: texts,
      model: serializeWeights({ weights, k: 2, order: base.order }, "safetensors"),
      embeddings: writeNpy(x, [texts.length, weights.nInputs]),
    }),
    { port: 0 },
  );
  const { files } = await staticSiteFiles({
    explorer,
    docs: texts,
    x,
    codes: base.encode(x),
    sae: { nInputs: base.nInputs, nLatents: base.nLatents, k: 2, order: base.order, weights: async () => base.weights },
    weights: "f32",
    embedder: { kind: "none", name: "planted" },
  });
  // A static site as it is deployed: files in a folder, served with range requests.
  await writeSite(files, join(dir, "site"));
  const two = await serveApp(join(dir, "site"));
  servers.push(one.server);
  closers.push(() => two.close());
  served = one.url;
  site = two.url;
}, 60_000);

afterAll(async () => {
  for (const s of servers) s.close();
  for (const c of closers) await c();
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

describe("the explorer's Matryoshka tree", () => {
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
