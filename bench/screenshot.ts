// `npm run screenshot`: regenerates the README's explorer screenshot (docs/explorer.png) from
// `npm start`'s output: serves saejs-demo.safetensors + saejs-demo-corpus.jsonl, runs a steered
// search for a query document (argument 1, default "meiosis") and moves its first slider to 0.
import { existsSync, mkdirSync } from "node:fs";
import { withChromium } from "../test/chromium.js";
import { startExplorer } from "../test/explore/start.js";

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
