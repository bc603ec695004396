// `saejs eval --suite` from the built CLI on 240 real arXiv abstracts (../shared/data/arxiv), as a
// user runs it: embed, train two SAEs, the suite with titles, categories and labels, its report;
// a BEIR folder; the card of several SAEs; refusals; and the explorer's link to the report in Chromium.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { suiteOfReport } from "../../src/cli/suite-report.js";
import type { ExplorerData } from "../../src/explore/site.js";
import type { SuiteResult } from "../../src/eval/types.js";
import { parseCsv } from "../../src/io/texts.js";
import { serveApp } from "../browser/harness.js";
import { available, CHROMIUM, withChromium } from "../chromium.js";
import { lastJson, saejs } from "../cli-runner.js";

const CSV = join(process.cwd(), "..", "shared", "data", "arxiv", "arxiv-2007-first2000.csv");
const BEIR = join(process.cwd(), "test", "fixtures", "eval", "beir-tiny");
const ROWS = 240;
const dir = mkdtempSync(join(tmpdir(), "saejs-eval-cli-"));
const f = (name: string) => join(dir, name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SUITE = [
  "--suite",
  "--texts",
  "abstracts.jsonl",
  "--text-column",
  "abstract",
  "--title-column",
  "title",
  "--label-column",
  "categories",
  "--label-pattern",
  "^[^ .]+",
  "--label-features",
  "8",
];
let suite: SuiteResult;

beforeAll(async () => {
  // The first 240 abstracts with their titles and categories, as JSON lines (the CSV's own multi-line fields flattened).
  const [header, ...records] = parseCsv(readFileSync(CSV, "utf8"));
  const clean = (s: string) => s.replace(/\s+/g, " ").trim();
  const rows = records.slice(0, ROWS).map((r) => Object.fromEntries(["title", "abstract", "categories"].map((h) => [h, clean(r[header!.indexOf(h)] ?? "")])));
  writeFileSync(f("abstracts.jsonl"), `${rows.map((r) => JSON.stringify({ ...r, same: "one" })).join("\n")}\n`);
  const ok = async (...args: string[]) => {
    const r = await saejs(dir, ...args);
    expect(r.code, `saejs ${args.join(" ")}: ${r.stderr}`).toBe(0);
    return r;
  };
  await ok("embed", "abstracts.jsonl", "--text-column", "abstract", "--out", "emb.npy", "--quiet");
  const recipe = ["--n", "128", "--epochs", "20", "--batch", "64", "--lr", "1e-3", "--seed", "1", "--quiet"];
  await ok("train", "emb.npy", "--k", "8", ...recipe, "--out", "topk.safetensors");
  await ok("train", "emb.npy", "--k", "8", "--arch", "batchtopk", ...recipe, "--out", "batchtopk.safetensors");
  const r = await ok("eval", "topk.safetensors", "batchtopk.safetensors", "emb.npy", ...SUITE, "--report", "report.html", "--json");
  suite = lastJson(r.stdout) as SuiteResult;
}, 300_000);

describe("saejs eval --suite", () => {
  it("evaluates both SAEs side by side: titles, categories, labels, and a report holding the same figures", async () => {
    expect(suite.saes.map((s) => [s.name, s.architecture, s.k, s.nLatents])).toEqual([
      ["topk.safetensors", "topk", 8, 128],
      ["batchtopk.safetensors", "batchtopk", 8, 128],
    ]);
    expect(suite.data).toEqual({ embeddings: "emb.npy", texts: "abstracts.jsonl", rows: ROWS, d: 512 });
    const titles = suite.retrieval[0]!;
    expect(titles).toMatchObject({ task: "titles", queries: ROWS, documents: ROWS });
    // A title finds its own abstract among 240 most of the time with the original embeddings.
    expect(titles.dense.mrr10).toBeGreaterThan(0.5);
    for (const s of suite.saes) {
      const r = s.retrieval[0]!;
      for (const k of ["reconstructed", "codes", "sparse"] as const) {
        expect(r.scores[k].queries).toBe(ROWS);
        expect(r.drop[k].ndcg10).toBeCloseTo(titles.dense.ndcg10 - r.scores[k].ndcg10, 12);
      }
      expect(s.probing!.classes.length).toBe(suite.probing!.classes.length);
      expect(s.labels).toMatchObject({ source: "made" });
      expect(s.labels!.features).toBeLessThanOrEqual(8);
    }
    // Classes are the categories' archives (math.CO → math); the rarest are named as left out.
    expect(suite.probing!.classes.map((c) => c.label)).toContain("astro-ph");
    for (const c of [...suite.probing!.classes, ...suite.probing!.skipped]) expect(c.label).toMatch(/^[a-z-]+$/);
    // The report embeds the figures --json printed.
    const html = readFileSync(f("report.html"), "utf8");
    expect(JSON.stringify(suiteOfReport(html, "report.html"))).toBe(JSON.stringify(suite));
    expect(html).toContain("batchtopk.safetensors");
  });

  it("takes a second run's titles and labels from .saejs-cache, with the same figures", async () => {
    const r = await saejs(dir, "eval", "topk.safetensors", "batchtopk.safetensors", "emb.npy", ...SUITE, "--json");
    expect(r.code, r.stderr).toBe(0);
    const again = lastJson(r.stdout) as SuiteResult;
    const strip = (s: SuiteResult) => JSON.stringify({ ...s, seconds: 0, saes: s.saes.map((x) => ({ ...x, seconds: 0 })) });
    expect(strip(again)).toBe(strip(suite));
    // The terminal's tables (without --json).
    const text = await saejs(dir, "eval", "topk.safetensors", "batchtopk.safetensors", "emb.npy", ...SUITE, "--quiet");
    expect(text.stdout).toMatch(/retrieval, titles \(240 queries, 240 documents\)/);
    expect(text.stdout).toMatch(/\| batchtopk\.safetensors \| batchtopk \| 8 \| 128 \|/);
    expect(text.stdout).toMatch(/sparse probing, categories \(6 classes/);
    // A pattern that misses some rows says so: '^[a-z-]+\.' matches math.CO but not hep-ph.
    const partial = await saejs(
      dir,
      "eval",
      "topk.safetensors",
      "emb.npy",
      "--suite",
      "--texts",
      "abstracts.jsonl",
      "--text-column",
      "abstract",
      "--label-column",
      "categories",
      "--label-pattern",
      "^[a-z-]+\\.",
      "--label-features",
      "0",
    );
    expect(partial.code, partial.stderr).toBe(0);
    expect(partial.stdout).toMatch(/--label-pattern matched nothing in \d+ of 240 rows' categories/);
  }, 120_000);

  it("prints the card of several SAEs without --suite", async () => {
    const r = await saejs(dir, "eval", "topk.safetensors", "batchtopk.safetensors", "emb.npy");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split("\n").filter((l) => /^\| (topk|batchtopk)\.safetensors \| 8 \| 128 \|/.test(l))).toHaveLength(2);
    const one = lastJson((await saejs(dir, "eval", "topk.safetensors", "emb.npy", "--json")).stdout);
    expect(one).toMatchObject({ k: 8, n: 128 });
    expect(one.nmse).toBeCloseTo(suite.saes[0]!.reconstruction.nmse, 6);
  }, 60_000);

  it("runs a BEIR folder whose corpus.jsonl the embeddings follow, and refuses one they do not", async () => {
    expect((await saejs(dir, "embed", join(BEIR, "corpus.jsonl"), "--out", "beir.npy", "--quiet")).code).toBe(0);
    const r = await saejs(dir, "eval", "topk.safetensors", "beir.npy", "--suite", "--beir", BEIR, "--json");
    expect(r.code, r.stderr).toBe(0);
    const got = lastJson(r.stdout) as SuiteResult;
    expect(got.retrieval.map((t) => t.task)).toEqual(["beir:beir-tiny"]);
    expect(got.retrieval[0]!.dense.ndcg10).toBeGreaterThan(0);
    expect(got.probing).toBeUndefined();
    const bad = await saejs(dir, "eval", "topk.safetensors", "emb.npy", "--suite", "--beir", BEIR);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/E_SHAPE|rows/);
  }, 120_000);

  it("refuses what does not fit, before any work", async () => {
    const cases: [string[], RegExp][] = [
      [["topk.safetensors", "emb.npy", "--title-column", "title"], /add --suite/],
      [["topk.safetensors", "emb.npy", "--suite", "--title-column", "title"], /give --texts/],
      [
        [
          "topk.safetensors",
          "emb.npy",
          "--suite",
          "--texts",
          "abstracts.jsonl",
          "--text-column",
          "abstract",
          "--label-column",
          "categories",
          "--label-pattern",
          "(",
        ],
        /not a regular expression/,
      ],
      [
        [
          "topk.safetensors",
          "emb.npy",
          "--suite",
          "--texts",
          "abstracts.jsonl",
          "--text-column",
          "abstract",
          "--label-column",
          "same",
          "--label-features",
          "0",
        ],
        /one class/,
      ],
      [["topk.safetensors", "emb.npy", "--suite", "--report", "report.txt"], /must end in \.html/],
      [["topk.safetensors"], /one or more SAEs, then the embeddings/],
      [["topk.safetensors", "beir.npy", "--suite", "--texts", "abstracts.jsonl", "--text-column", "abstract"], /line up|rows/],
    ];
    for (const [args, words] of cases) {
      const r = await saejs(dir, "eval", ...args);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).not.toBe(0);
      expect(r.stderr, args.join(" ")).toMatch(words);
    }
  }, 120_000);

  it("links the report from the explorer's header, and refuses a report of other SAEs", async () => {
    const site = ["site", "abstracts.jsonl", "--sae", "topk.safetensors", "--embeddings", "emb.npy", "--text-column", "abstract", "--title-column", "title"];
    const r = await saejs(dir, ...site, "--out", "site", "--suite-report", "report.html", "--no-typed-queries", "--quiet");
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(f("site/suite-report.html"))).toEqual(readFileSync(f("report.html")));
    expect((JSON.parse(readFileSync(f("site/data/explorer.json"), "utf8")) as ExplorerData).suiteReport).toBe("suite-report.html");
    // A report of the other SAE alone is not this one's.
    expect((await saejs(dir, "eval", "batchtopk.safetensors", "emb.npy", "--suite", "--report", "other.html", "--quiet")).code).toBe(0);
    const refused = await saejs(dir, ...site, "--out", "site2", "--suite-report", "other.html");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not this SAE/);
    expect(existsSync(f("site2/index.html"))).toBe(false);

    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    const server = await serveApp(f("site"));
    try {
      await withChromium(async (ctx) => {
        const page = await ctx.newPage();
        await page.goto(server.url);
        const link = page.locator("#suite-link");
        await link.waitFor({ state: "visible", timeout: 60_000 });
        const [report] = await Promise.all([ctx.waitForEvent("page"), link.click()]);
        await report.waitForLoadState();
        expect(await report.locator("body").textContent()).toContain("topk.safetensors");
      });
    } finally {
      await server.close();
    }
  }, 180_000);
});
