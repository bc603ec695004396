// Regenerates the README's explorer screenshot (docs/explorer.png) from `npm start`'s output:
// serves saejs-demo.safetensors + saejs-demo-corpus.jsonl, runs a steered search, moves a slider.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

for (const f of ["saejs-demo.safetensors", "saejs-demo-corpus.jsonl"]) if (!existsSync(f)) throw new Error(`${f} is missing: run 'npm start' first`);
const server = spawn(process.execPath, ["dist/cli.js", "explore", "saejs-demo.safetensors", "saejs-demo-corpus.jsonl", "--title-column", "title", "--port", "0", "--quiet"], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (b) => { out += b; const m = /explorer: (http:\/\/\S+)/.exec(out); if (m) resolve(m[1]); });
  server.on("exit", (code) => reject(new Error(`saejs explore exited with ${code}`)));
});
const profile = mkdtempSync(join(tmpdir(), "saejs-shot-"));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium", headless: true, viewport: { width: 1280, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await ctx.newPage();
  await page.goto(`${url}#search`);
  await page.waitForFunction(() => globalThis.saejsExplorer?.ready);
  await page.fill("#qfind", process.argv[2] ?? "meiosis");
  await page.locator("#matches button").first().click();
  await page.waitForFunction(() => globalThis.saejsExplorer.searches >= 1);
  const n = await page.evaluate(() => globalThis.saejsExplorer.searches);
  await page.locator("#sliders input[type=range]").first().evaluate((el) => { el.value = "0"; el.dispatchEvent(new Event("input", { bubbles: true })); });
  await page.waitForFunction((n) => globalThis.saejsExplorer.searches > n, n);
  mkdirSync("docs", { recursive: true });
  await page.screenshot({ path: "docs/explorer.png" });
  console.log("wrote docs/explorer.png");
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
  server.kill("SIGINT");
}
