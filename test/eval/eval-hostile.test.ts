// The suite's input surfaces under hostile input: reports handed to --suite-report (huge, malformed,
// deeply nested, lying about fingerprints, carrying a script), label columns (thousands of classes, a
// pattern that backtracks, long values), --labels lists, odd embeddings and metrics that are NaN.
// Each must end in a typed SaeError (or a usage error) within a time budget, never E_INTERNAL or a hang.
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Parsed } from "../../src/cli/args.js";
import { suiteOfReport, suiteReportOf } from "../../src/cli/suite-report.js";
import { SaeError } from "../../src/core/errors.js";
import { saeFingerprint } from "../../src/core/hash.js";
import { denseProbes, labelsOf, MAX_LABEL_VALUE, splitByHash } from "../../src/eval/probe.js";
import { checkSuiteResult, suiteReportHtml } from "../../src/eval/report.js";
import type { SuiteResult } from "../../src/eval/types.js";
import { type LabelSet, labelSetJson } from "../../src/label/file.js";
import { loadSae } from "../../src/load.js";
import { writeNpy } from "../../src/io/npy.js";
import { lastJson, saejs } from "../cli-runner.js";
import { suiteFixture } from "./report-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "saejs-eval-hostile-"));
const f = (name: string) => join(dir, name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error a call throws (sync or async), or undefined. */
async function thrown(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  return undefined;
}

async function refuses(run: () => unknown, code: string, words: RegExp) {
  const e = await thrown(run);
  expect(e, String(e)).toBeInstanceOf(SaeError);
  expect((e as SaeError).code).toBe(code);
  expect((e as SaeError).message).toMatch(words);
}

/** A report page as `saejs eval --suite --report` writes it, of `result`. */
const page = (r: unknown) =>
  `<!doctype html><html><body><script type="application/json" id="saejs-suite">${JSON.stringify(r).replace(/</g, "\\u003c")}</script></body></html>`;

const parsed = (report: string): Parsed => ({ positional: [], flags: new Map([["suite-report", report]]), all: new Map() });

// A small random corpus: 2,000 rows of 16-d, an SAE trained on it by the CLI.
const ROWS = 2000,
  D = 16;
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}
const x = (() => {
  const r = rng(7);
  return Float32Array.from({ length: ROWS * D }, r);
})();
const npy = (name: string, data: Float32Array, rows: number) => writeFileSync(f(name), writeNpy(data, [rows, D]));

let fingerprint: string;

beforeAll(async () => {
  npy("emb.npy", x, ROWS);
  // 50 classes of 40 rows: more than are probed; "a…!" values for the pattern that backtracks; one value too long for a class.
  const lines = Array.from({ length: ROWS }, (_, i) =>
    JSON.stringify({
      text: `row ${i}`,
      many: `class-${i % 50}`,
      few: `c${i % 3}`,
      aaa: `${"a".repeat(48)}!`,
      long: i === 7 ? "x".repeat(MAX_LABEL_VALUE + 1) : "short",
    }),
  );
  writeFileSync(f("t.jsonl"), `${lines.join("\n")}\n`);
  const r = await saejs(dir, "train", "emb.npy", "--k", "4", "--n", "32", "--epochs", "2", "--batch", "64", "--seed", "1", "--out", "s.safetensors", "--quiet");
  expect(r.code, r.stderr).toBe(0);
  const sae = await loadSae(f("s.safetensors"));
  fingerprint = await saeFingerprint(sae);
  await sae.dispose();
}, 120_000);

describe("--suite-report under hostile files", () => {
  const mine = () => {
    const r = suiteFixture(["s.safetensors"]);
    return { ...r, saes: [{ ...r.saes[0]!, fingerprint }] } as SuiteResult;
  };

  it("serves a page rendered from the checked results, not the file's bytes: a script beside the JSON is dropped", async () => {
    const good = mine();
    const html = page(good).replace(
      "<body>",
      `<body><script>fetch("/data/explorer.json").then((r) => r.text()).then(alert)</script><img src=x onerror=alert(1)>`,
    );
    writeFileSync(f("evil.html"), html);
    const sae = await loadSae(f("s.safetensors"));
    try {
      const out = new TextDecoder().decode(await suiteReportOf(parsed(f("evil.html")), sae));
      expect(out).not.toContain("fetch(");
      expect(out).not.toContain("onerror");
      expect(out.match(/<script/g)).toHaveLength(1);
      expect(out).toBe(suiteReportHtml(good));
    } finally {
      await sae.dispose();
    }
  });

  it("refuses embedded results that are malformed, deeply nested, or lie in odd types, with E_FORMAT", () => {
    const good = mine() as unknown as Record<string, unknown>;
    const sae0 = (good.saes as Record<string, unknown>[])[0]!;
    const cases: [string, RegExp][] = [
      ['<script type="application/json" id="saejs-suite">{"format": "saejs-eval-suite", </script>', /not a report/],
      [`<script type="application/json" id="saejs-suite">{"format":"saejs-eval-suite","version":1,"saes":${"[".repeat(200_000)}</script>`, /not a report/],
      [page({ ...good, saes: [{ ...sae0, fingerprint: 12 }] }), /saes\[0\]\.fingerprint must be a string/],
      [page({ ...good, saes: [{ ...sae0, fingerprint: [fingerprint] }] }), /fingerprint must be a string/],
      [page({ ...good, saes: [{ ...sae0, fingerprint: { toString: fingerprint } }] }), /fingerprint must be a string/],
      // The right fingerprint with nothing else: a fake report, not one to serve.
      [page({ ...good, saes: [{ fingerprint }] }), /saes\[0\]\.name must be/],
      [page({ ...good, saes: [{ ...sae0, reconstruction: { ...(sae0.reconstruction as object), nmse: "0.1" } }] }), /reconstruction\.nmse must be a number/],
      [page({ ...good, saes: [{ ...sae0, k: -1 }] }), /saes\[0\]\.k must be a non-negative integer/],
      [page({ ...good, saes: [{ ...sae0, retrieval: [{ task: "titles", scores: 1, drop: 1 }] }] }), /retrieval\[0\]\.scores must be an object/],
      [page({ ...good, saes: Array.from({ length: 65 }, () => sae0) }), /at most 64 entries/],
      [page({ ...good, data: { ...(good.data as object), embeddings: "e".repeat(5000) } }), /at most 4096 characters/],
    ];
    for (const [html, words] of cases) {
      let e: unknown;
      try {
        suiteOfReport(html, "r.html");
      } catch (err) {
        e = err;
      }
      expect(e, String(words)).toBeInstanceOf(SaeError);
      expect((e as SaeError).code).toBe("E_FORMAT");
      expect((e as SaeError).message, String(words)).toMatch(words);
    }
  });

  it("drops fields it does not know (however deep) and reads null figures as missing, rendered as —", () => {
    const good = mine();
    // A field 100,000 arrays deep (JSON.stringify of it would overflow the stack), and nMSE as null.
    const json = JSON.stringify(good)
      .replace(/"nmse":[-\d.e]+/, '"nmse":null')
      .replace('"name":', `"extra":${"[".repeat(100_000)}${"]".repeat(100_000)},"name":`);
    const back = suiteOfReport(`<script type="application/json" id="saejs-suite">${json}</script>`, "r.html");
    expect("extra" in back.saes[0]!).toBe(false);
    expect(Number.isNaN(back.saes[0]!.reconstruction.nmse)).toBe(true);
    const html = suiteReportHtml(back);
    expect(html).not.toMatch(/NaN|undefined|null</);
    expect(html).toContain('title="not a number: the metric could not be computed');
    // The JSON it embeds is the one read, null again.
    expect(JSON.stringify(suiteOfReport(html, "again.html"))).toBe(JSON.stringify(back));
  });

  it("refuses a huge file before reading it, and a report of another SAE", async () => {
    writeFileSync(f("huge.html"), "");
    truncateSync(f("huge.html"), 65 * 1024 * 1024);
    writeFileSync(f("other.html"), page(suiteFixture(["a.safetensors", "b.safetensors", "c.safetensors"])));
    const sae = await loadSae(f("s.safetensors"));
    try {
      await refuses(() => suiteReportOf(parsed(f("huge.html")), sae), "E_FORMAT", /more than a suite report's/);
      await refuses(() => suiteReportOf(parsed(f("other.html")), sae), "E_ARG", /not this SAE/);
    } finally {
      await sae.dispose();
    }
  });

  it("suiteReportHtml refuses a malformed result with the field, not a TypeError", async () => {
    const r = suiteFixture();
    await refuses(
      () => suiteReportHtml({ ...r, saes: [{ ...r.saes[0]!, reconstruction: undefined }] } as unknown as SuiteResult),
      "E_FORMAT",
      /saes\[0\]\.reconstruction/,
    );
    await refuses(() => checkSuiteResult({ ...r, retrieval: [null] }, "x"), "E_FORMAT", /retrieval\[0\] must be an object/);
  });
});

describe("label columns", () => {
  it("probes only the 32 most frequent of many classes, the rest listed as capped", () => {
    const labels = Array.from({ length: ROWS }, (_, i) => `class-${i % 40}`);
    // 40 classes of 50 rows: enough of each to be probed, but only 32 are.
    const t0 = performance.now();
    const p = denseProbes(x, D, labels, splitByHash(labels.map((_, i) => `row ${i}`)));
    expect(p.classes).toHaveLength(32);
    expect(p.skipped.filter((s) => s.capped)).toHaveLength(8);
    expect(performance.now() - t0).toBeLessThan(60_000);
    const html = suiteReportHtml({ ...suiteFixture(), probing: { ...suiteFixture().probing!, skipped: p.skipped } });
    expect(html).toContain("Left out past the 3 most frequent classes");
  });

  it("refuses a value longer than a class name, before any pattern runs on it", async () => {
    await refuses(() => labelsOf(["ok", "y".repeat(MAX_LABEL_VALUE + 1)], /y+/u), "E_ARG", /value 1 has 4097 characters.*text column/);
  });
});

describe("saejs eval --suite under hostile input", () => {
  const evalArgs = ["eval", "s.safetensors", "emb.npy", "--suite", "--texts", "t.jsonl", "--label-features", "0"];

  it("stops a --label-pattern that backtracks without end, with E_ARG", async () => {
    const t0 = performance.now();
    const r = await saejs(dir, ...evalArgs, "--label-column", "aaa", "--label-pattern", "(a+)+$");
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/E_ARG: --label-pattern ran for more than 10 s/);
    expect(performance.now() - t0).toBeLessThan(40_000);
  }, 60_000);

  it("probes the 32 most frequent of 50 classes, lists the rest as capped, and refuses an over-long value", async () => {
    const r = await saejs(dir, ...evalArgs, "--label-column", "many", "--json");
    expect(r.code, r.stderr).toBe(0);
    const pr = (lastJson(r.stdout) as SuiteResult).probing!;
    expect(pr.classes).toHaveLength(32);
    expect(pr.skipped.filter((s) => s.capped).length).toBeGreaterThan(0);
    const text = await saejs(dir, ...evalArgs, "--label-column", "many", "--quiet");
    expect(text.stdout).toMatch(/sparse probing, many \(32 classes/);
    expect(text.stdout).toMatch(/\(left out past the 32 most frequent classes: class-\d+ \(40\)/);
    const long = await saejs(dir, ...evalArgs, "--label-column", "long");
    expect(long.code).toBe(1);
    expect(long.stderr).toMatch(/E_ARG: .*4097 characters/);
  }, 60_000);

  it("agrees in --json and the report where a figure is NaN, and prints — rather than NaN", async () => {
    // Labels whose every AUC is null: the mean AUC and its quantiles cannot be computed.
    const set: LabelSet = {
      format: "saejs-labels",
      version: 1,
      sae: { fingerprint, nInputs: D, nLatents: 32, k: 4 },
      corpus: { rows: ROWS, fingerprint: "0".repeat(16) },
      embedder: null,
      method: "offline-terms",
      heldOutEvery: 0,
      features: [{ feature: 0, label: "zero", phrases: ["zero"], method: "offline-terms", auc: null, heldPositives: 0, clean: false }],
    };
    writeFileSync(f("labels.json"), labelSetJson(set));
    const json = await saejs(dir, ...evalArgs, "--label-column", "few", "--labels", "labels.json", "--report", "nan.html", "--json");
    expect(json.code, json.stderr).toBe(0);
    const got = lastJson(json.stdout) as SuiteResult;
    expect(got.saes[0]!.labels!.meanAuc).toBeNull();
    const html = readFileSync(f("nan.html"), "utf8");
    expect(JSON.stringify(suiteOfReport(html, "nan.html"))).toBe(JSON.stringify(checkSuiteResult(got, "json")));
    expect(html).not.toMatch(/>NaN</);
    const text = await saejs(dir, ...evalArgs, "--label-column", "few", "--labels", "labels.json", "--quiet");
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).not.toMatch(/NaN/);
    expect(text.stdout).toMatch(/\| s\.safetensors \| file \| 1 \| 0 \| — \/ — \/ — \| — \|/);
  }, 60_000);

  it("--labels: one file serves the same SAE given twice; duplicates, empty items, another SAE's file are refused", async () => {
    const twice = await saejs(
      dir,
      "eval",
      "s.safetensors",
      "s.safetensors",
      "emb.npy",
      "--suite",
      "--labels",
      "labels.json",
      "--label-features",
      "0",
      "--json",
    );
    expect(twice.code, twice.stderr).toBe(0);
    expect((lastJson(twice.stdout) as SuiteResult).saes.map((s) => s.labels?.source)).toEqual(["file", "file"]);
    const other = JSON.parse(readFileSync(f("labels.json"), "utf8"));
    writeFileSync(f("other-labels.json"), JSON.stringify({ ...other, sae: { ...other.sae, fingerprint: "f".repeat(32) } }));
    writeFileSync(f("not-labels.json"), JSON.stringify({ hello: 1 }));
    const cases: [string, number, RegExp][] = [
      ["labels.json,labels.json", 2, /two files/],
      ["labels.json,", 2, /one is empty/],
      [",missing.json", 2, /one is empty/],
      ["other-labels.json", 1, /E_ARG: .*not among/],
      ["not-labels.json", 1, /E_FORMAT/],
      ["emb.npy", 1, /E_FORMAT/],
    ];
    for (const [list, code, words] of cases) {
      const r = await saejs(dir, "eval", "s.safetensors", "emb.npy", "--suite", "--labels", list, "--label-features", "0");
      expect(r.code, `${list}: ${r.stderr}`).toBe(code);
      expect(r.stderr, list).toMatch(words);
      expect(r.stderr).not.toMatch(/E_INTERNAL/);
    }
  }, 120_000);

  it("takes a zero row and two rows, refuses NaN, duplicate rows and a d mismatch: never E_INTERNAL", async () => {
    const zero = x.slice();
    zero.fill(0, 0, D);
    npy("zero.npy", zero, ROWS);
    npy("two.npy", x.slice(0, 2 * D), 2);
    const nan = x.slice();
    nan[5 * D + 3] = Number.NaN;
    npy("nan.npy", nan, ROWS);
    npy(
      "dup.npy",
      Float32Array.from({ length: ROWS * D }, (_, i) => x[i % D]!),
      ROWS,
    );
    writeFileSync(f("d8.npy"), writeNpy(x.slice(0, ROWS * 8), [ROWS, 8]));
    const cases: [string[], number, RegExp][] = [
      [["zero.npy"], 0, /suite of 1 SAE/],
      [["two.npy"], 0, /suite of 1 SAE/],
      [["nan.npy"], 1, /E_NONFINITE/],
      [["dup.npy"], 1, /E_ARG: .*zero variance/],
      [["d8.npy"], 1, /E_SHAPE/],
    ];
    for (const [args, code, words] of cases) {
      const r = await saejs(dir, "eval", "s.safetensors", ...args, "--suite");
      expect(r.code, `${args}: ${r.stderr}`).toBe(code);
      expect(r.stdout + r.stderr, args.join(" ")).toMatch(words);
      expect(r.stderr).not.toMatch(/E_INTERNAL/);
    }
  }, 120_000);
});
