// The suite's report in headless Chromium, opened from a file: no console errors, the tables show
// the figures, each plot has one circle per point, the embedded JSON reads back equal to the
// result, and an SAE named like an <img onerror> tag renders as text without running. A screenshot
// goes to /tmp/eval-report.png for a look at the layout.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { suiteReportHtml } from "../../src/eval/report.js";
import { available, CHROMIUM, withChromium } from "../chromium.js";
import { suiteFixture } from "./report-fixture.js";

const HOSTILE = `<img src=x onerror="globalThis.pwned=1">`;
const SHOT = "/tmp/eval-report.png";

describe("the suite report in Chromium", () => {
  it("shows the tables and plots, embeds the result, and renders a hostile SAE name as text", async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    const result = suiteFixture([HOSTILE, "topk-k16.safetensors", "batchtopk-k16.safetensors"]);
    const dir = mkdtempSync(join(tmpdir(), "saejs-eval-report-"));
    try {
      const file = join(dir, "report.html");
      writeFileSync(file, suiteReportHtml(result));
      await withChromium(async (ctx) => {
        const page = await ctx.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(e.message));
        page.on("console", (m) => {
          if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
        });
        const requests: string[] = [];
        page.on("request", (r) => requests.push(r.url()));
        await page.goto(pathToFileURL(file).href);
        await page.waitForLoadState("load");

        // The hostile name: no element made from it, no script run, the text shown as given.
        expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
        expect(await page.locator("img").count()).toBe(0);
        const table = (sel: string, nth = 0) =>
          page
            .locator(sel)
            .nth(nth)
            .locator("tbody tr")
            .evaluateAll((trs) => trs.map((tr) => Array.from((tr as HTMLTableRowElement).cells).map((c) => (c.textContent ?? "").trim())));
        const rec = await table("#reconstruction table");
        expect(rec).toEqual([
          [HOSTILE, "topk", "8", "512", "0.3127", "8.000", "8.000", "8.000", "1.17 %", "0.586 %", "-1.872", "0.1843", "4.127"],
          ["topk-k16.safetensors", "topk", "16", "512", "0.2284", "16.00", "16.00", "16.00", "2.54 %", "1.76 %", "-1.643", "0.1327", "5.318"],
          ["batchtopk-k16.safetensors", "batchtopk", "16", "1024", "0.2051", "16.37", "15.00", "25.00", "8.32 %", "0.391 %", "-1.958", "0.1219", "8.906"],
        ]);

        // Retrieval: one table per task, dense first, the drop in points beside each figure.
        expect(await page.locator("#retrieval table").count()).toBe(2);
        const titles = await table("#retrieval table", 0);
        expect(titles[0]).toEqual(["original embeddings", "dense", "0.8123", "", "0.9871", "", "0.7905", ""]);
        const codes = result.saes[0]!.retrieval[0]!;
        expect(titles[2]).toEqual([
          "codes",
          codes.scores.codes.ndcg10.toPrecision(4),
          `+${(codes.drop.codes.ndcg10 * 100).toFixed(2)}`,
          codes.scores.codes.recall100.toPrecision(4),
          `+${(codes.drop.codes.recall100 * 100).toFixed(2)}`,
          codes.scores.codes.mrr10.toPrecision(4),
          `+${(codes.drop.codes.mrr10 * 100).toFixed(2)}`,
        ]);

        // Probing: means visible; per class behind <details>, shown when opened.
        const probing = await table("#probing table.probing");
        expect(probing[0]).toEqual(["dense embedding (d = 384)", "—", "—", "0.8422", "—", "—", "0.9763"]);
        expect(probing[1]![0]).toBe(HOSTILE);
        expect(await page.locator("table.probing-classes").isVisible()).toBe(false);
        await page.click("#probing summary");
        expect(await page.locator("table.probing-classes").isVisible()).toBe(true);
        expect((await table("table.probing-classes")).map((r) => r[0])).toContain("cs.LG");
        // A missing figure's reason is in its tooltip.
        expect(await page.locator("#probing td.na").first().getAttribute("title")).toBe("the dense probe reads every dimension");

        const labels = await table("#labels table");
        expect(labels[0]).toEqual([HOSTILE, "made here", "64", "61", "0.7500", "0.5660", "0.6350", "0.7500", "0.8650", "0.9340", "14.1 %"]);
        expect(labels[1]).toEqual(["topk-k16.safetensors", "not labelled"]);

        // Plots: one circle per point, drawn at a readable size, the hostile name as legend text.
        const plots = await page.$$eval("#plots svg", (ss) =>
          ss.map((s) => ({ circles: s.querySelectorAll("circle").length, width: s.getBoundingClientRect().width, text: s.textContent ?? "" })),
        );
        expect(plots.map((p) => p.circles)).toEqual([3, 9, 9, 9, 1]);
        for (const p of plots) expect(p.width).toBeGreaterThan(400);
        expect(plots[3]!.text).toContain(`${HOSTILE.slice(0, 25)}…`);

        // The embedded JSON reads back equal to the input.
        const back = await page.evaluate(() => JSON.parse(document.getElementById("saejs-suite")!.textContent!));
        expect(back).toEqual(result);

        // Readable at 1280 px: nothing wider than the window.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
        await page.screenshot({ path: SHOT, fullPage: true });
        expect(statSync(SHOT).size).toBeGreaterThan(20_000);
        expect(readFileSync(SHOT).subarray(1, 4).toString()).toBe("PNG");

        // Print: the navigation goes, the tables stay.
        await page.emulateMedia({ media: "print" });
        expect(await page.locator("nav").isVisible()).toBe(false);
        expect(await page.locator("#reconstruction table").isVisible()).toBe(true);

        expect(requests.filter((u) => !u.startsWith("file:"))).toEqual([]);
        expect(errors).toEqual([]);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
