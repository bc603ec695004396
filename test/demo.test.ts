// The main job on a slice of the bundled corpus: embeddings cached, an SAE trained, metrics, features
// with offline labels, and a self-contained HTML report that holds them.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDemo } from "../src/demo/demo.js";

describe("demo (npm start)", () => {
  it("embeds, trains, reports; a rerun uses the cached embeddings", async () => {
    const dir = mkdtempSync(join(tmpdir(), "saejs-demo-"));
    try {
      const lines: string[] = [];
      const opts = { limit: 300, cacheDir: join(dir, "cache"), out: join(dir, "report.html"), log: (l: string) => lines.push(l) };
      const r = await runDemo(opts);
      expect(r.texts).toBe(300);
      expect(r.embeddingsCached).toBe(false);
      expect(r.metrics.nmse).toBeGreaterThan(0);
      expect(r.metrics.nmse).toBeLessThan(1);
      expect(Number.isFinite(r.metrics.logFdLive)).toBe(true);
      expect(r.frequent.length).toBe(5);
      expect(r.frequent.every((f) => f.top.length > 0 && f.label.length > 0)).toBe(true);
      expect(lines.some((l) => l.startsWith("| 8 | 1024 | WordNet sci/tech (300) |"))).toBe(true);
      const html = readFileSync(r.report, "utf8");
      expect(html).toMatch(/<svg[^>]*aria-label="histogram of log10 feature density"/);
      expect(html).toContain("Features with the highest density");
      for (const f of r.frequent) expect(html).toContain(`#${f.index}`);
      // Each shown feature's page: label and score, activation histogram, nearest and co-occurring features, family.
      const pages = html.split('<section class="f">').slice(1);
      expect(pages).toHaveLength(r.frequent.length + r.distinctive.length);
      for (const page of pages) {
        expect(page).toMatch(/label (AUC \d\.\d\d on held-out texts|unscored)/);
        expect(page).toMatch(/<svg[^>]*aria-label="histogram of the feature's activations"/);
        expect(page).toMatch(/nearest decoder directions: #\d+/);
        expect(page).toMatch(/most often with: /);
        expect(page).toMatch(/family: /);
      }
      expect(readdirSync(join(dir, "cache")).filter((f) => f.endsWith(".npy")).length).toBe(1);
      const again = await runDemo(opts);
      expect(again.embeddingsCached).toBe(true);
      expect(again.metrics.nmse).toBe(r.metrics.nmse); // same seed, same data, same bytes
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
