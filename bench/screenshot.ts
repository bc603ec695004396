// `npm run screenshot`: regenerates the README's explorer screenshot (docs/explorer.png) from
// `npm start`'s output: serves saejs-demo.safetensors + saejs-demo-corpus.jsonl, runs a steered
// search for a query document (argument 1, default "meiosis") and moves its first slider to 0.
// `npm run screenshot -- feature DIR WORDS`: the README's feature page (docs/feature-page.png) from
// `npm run repro -- labels --save DIR`: the arXiv SAE beside its 4× wider one, the first feature
// whose label holds WORDS.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { withChromium } from "../test/chromium.js";
import { startExplorer } from "../test/explore/start.js";

if (process.argv[2] === "feature") {
  const dir = process.argv[3] ?? ".scratch/arxiv",
    words = process.argv[4] ?? "lensing";
  const files = ["sae-k16-n1024.safetensors", "sae-k16-n4096.safetensors", "abstracts.jsonl", "abstracts.npy"].map((f) => join(dir, f));
  for (const f of files) if (!existsSync(f)) throw new Error(`${f} is missing: run 'npm run repro -- labels --save ${dir}' first`);
  const args = [files[0]!, files[2]!, "--embeddings", files[3]!, "--embedder", "use", "--compare", files[1]!, "--title-column", "title", "--port", "0"];
  const { child, url } = await startExplorer(args, ".");
  try {
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(url);
      await page.waitForSelector("#flist tr");
      await page.fill("#ffilter", words);
      await page.locator("#flist tr").first().click();
      await page.waitForSelector("#ftitle");
      mkdirSync("docs", { recursive: true });
      await page.screenshot({ path: "docs/feature-page.png", fullPage: true });
    });
    console.log("wrote docs/feature-page.png");
  } finally {
    child.kill("SIGINT");
  }
  process.exit(0);
}

for (const f of ["saejs-demo.safetensors", "saejs-demo-corpus.jsonl"]) if (!existsSync(f)) throw new Error(`${f} is missing: run 'npm start' first`);
const { child, url } = await startExplorer(["saejs-demo.safetensors", "saejs-demo-corpus.jsonl", "--title-column", "title", "--port", "0"], ".");
type Probe = { saejsExplorer: { ready: boolean; searches: number } };
try {
  await withChromium(async (ctx) => {
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${url}#search`);
    await page.waitForFunction(() => (globalThis as unknown as Probe).saejsExplorer?.ready);
    await page.fill("#qfind", process.argv[2] ?? "meiosis");
    await page.locator("#matches button").first().click();
    await page.waitForFunction(() => (globalThis as unknown as Probe).saejsExplorer.searches >= 1);
    const n = await page.evaluate(() => (globalThis as unknown as Probe).saejsExplorer.searches);
    await page
      .locator("#sliders input[type=range]")
      .first()
      .evaluate((el: HTMLInputElement) => {
        el.value = "0";
        el.dispatchEvent(new Event("input", { bubbles: true }));
      });
    await page.waitForFunction((m) => (globalThis as unknown as Probe).saejsExplorer.searches > m, n);
    mkdirSync("docs", { recursive: true });
    await page.screenshot({ path: "docs/explorer.png" });
  });
  console.log("wrote docs/explorer.png");
} finally {
  child.kill("SIGINT");
}
