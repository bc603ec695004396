// Every bench family of `npm run bench` (bench/names.ts, which run.ts's table must match) in its
// --smoke form, from the built dist/bench/run.js: it exits 0, its last stdout line is its JSON,
// which names the bench and holds finite figures where figures belong, and every peer it would
// print is there or named as missing. Speeds are not asserted: the sizes are the tiniest.
// The benches run in three lanes at once (most of their time is child processes, PGlite's initdb
// and Chromium); index and site share one lane, as they share the cached arXiv centres. `table
// --smoke` runs its children (names.ts's TABLE_CHILDREN) itself: their checks read its run's
// results and its children's stderr instead of running each bench a second time.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { BENCH_NAMES, type BenchName, TABLE_CHILDREN } from "../../bench/names.js";
import { available, CHROMIUM } from "../chromium.js";

type Json = Record<string, unknown>;
interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Lanes run one after another within, at once across; a bench not named here joins the last. */
const LANES: BenchName[][] = [["page", "stream", "explore", "gpu"], ["index", "site"], ["table"]];
const laneOf = (name: BenchName) => LANES.findIndex((l) => l.includes(name));
const tails: Promise<unknown>[] = LANES.map(() => Promise.resolve());
const seconds: Record<string, number> = {};

const fromTable = (name: BenchName): name is (typeof TABLE_CHILDREN)[number] => (TABLE_CHILDREN as readonly string[]).includes(name);
let tableRun: Promise<Run> | undefined;

/** A bench's --smoke run: its own process, or, for the table's children, its part of the table's run. */
function smoke(name: BenchName): Promise<Run> {
  if (name !== "table" && !fromTable(name)) return ownRun(name);
  // One table run for the table's test and its children's.
  tableRun ??= ownRun("table");
  if (name === "table") return tableRun;
  return tableRun.then((t) => {
    const child = (JSON.parse(t.stdout.trim().split("\n").at(-1) || "{}") as { children?: Record<string, Json> }).children?.[name];
    if (!child)
      return { code: null, stdout: "", stderr: `table --smoke (exit ${t.code}) has no result for ${name}:\n${t.stderr.slice(-3000)}`, seconds: t.seconds };
    seconds[`table:${name}`] = child.seconds as number;
    return {
      code: child.failed ? 1 : 0,
      stdout: child.result ? JSON.stringify(child.result) : "",
      stderr: `${child.command} (in table --smoke)${child.failed ? `: ${child.failed}` : ""}\n${child.stderr as string}`,
      seconds: child.seconds as number,
    };
  });
}

function ownRun(name: BenchName): Promise<Run> {
  const lane = laneOf(name) >= 0 ? laneOf(name) : LANES.length - 1;
  const run = tails[lane]!.then(
    () =>
      new Promise<Run>((resolve) => {
        const t = performance.now();
        // The table runs seven benches one after another, each within 170 s.
        const timeout = name === "table" ? 360_000 : 170_000;
        execFile(process.execPath, ["dist/bench/run.js", name, "--smoke", "--json"], { maxBuffer: 1 << 26, timeout }, (e, stdout, stderr) => {
          seconds[name] = +((performance.now() - t) / 1000).toFixed(1);
          resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr, seconds: seconds[name] });
        });
      }),
  );
  tails[lane] = run;
  return run;
}

/** Asserts that the value at each dotted path of o is a finite number. */
function finite(o: unknown, ...paths: string[]): void {
  for (const path of paths) {
    const v = path.split(".").reduce<unknown>((x, k) => (x as Json | undefined)?.[k], o);
    expect(Number.isFinite(v), `${path} = ${JSON.stringify(v)}`).toBe(true);
  }
}

/** Each impl is a row with finite figures or a peer named as missing (in the JSON and on stderr). */
function peers(rows: Json[], missing: string[], stderr: string, impls: string[], figures: string[]): void {
  for (const impl of impls) {
    const mine = rows.filter((r) => r.impl === impl);
    if (mine.length) for (const r of mine) finite(r, ...figures);
    else {
      expect(
        missing.some((m) => m.startsWith(`${impl}:`)),
        `${impl}: neither a row nor named missing (${missing.join("; ")})`,
      ).toBe(true);
      expect(stderr).toContain(`peer ${impl}: not`);
    }
  }
}

const CHECKS: Record<BenchName, (r: Json, stderr: string) => void> = {
  encode: (r, err) => {
    const impls = [
      "js-naive",
      "saejs-ref",
      "saejs-wasm",
      "saejs-wasm-relaxed",
      "saejs-wasm-relaxed-screen",
      "onnxruntime-web",
      "tfjs-wasm",
      "onnxruntime-node",
    ];
    peers(r.rows as Json[], r.missing as string[], err, impls, ["gflops", "embPerSec", "ms"]);
    finite(r, "topkShare", "peak.fmaGflops");
  },
  load: (r) => finite(r, "fileMB", "ms", "peakExtraMB"),
  pool: (r) => {
    expect((r.rows as Json[]).map((x) => x.workers)).toEqual([1, 2]);
    finite(r, "rows.0.embPerSec", "rows.1.embPerSec", "scaling", "latencyB1InThreadMs", "latencyB1PoolMs", "roundTripMs", "roundTripIdleMs");
  },
  train: (r, err) => {
    const rows = r.rows as Json[];
    expect(rows.filter((x) => x.impl === "saejs-wasm")).toHaveLength(6);
    for (const x of rows) finite(x, "samplesPerSec");
    // PyTorch: all six rows, or named as missing.
    const torch = rows.filter((x) => x.impl === "pytorch-cpu").length;
    if (torch !== 6) peers([], r.missing as string[], err, ["pytorch-cpu"], []);
  },
  explore: (r) => {
    finite(r, "steeredSearch.steeredMs", "steeredSearch.rankMs", "steeredSearch.plainJsRankMs", "firstPaint.buildMs");
    if (CHROMIUM) finite(r, "firstPaint.firstPaintMs", "firstPaint.readyMs");
  },
  gpu: (r) => {
    const rows = r.rows as Json[];
    for (const impl of ["saejs-wasm-relaxed-simd", "saejs-wasm-relaxed-simd-2w"])
      finite(
        rows.find((x) => x.impl === impl),
        "ms",
        "embPerSec",
      );
    // WebGPU on a software adapter, or the reason it is not there, by name.
    for (const row of [rows.find((x) => x.impl === "onnxruntime-web-webgpu")])
      expect(Number.isFinite(row?.ms) || typeof row?.notMeasured === "string").toBe(true);
    for (const t of r.train as Json[]) expect(Number.isFinite(t.msPerStep) || typeof t.notMeasured === "string").toBe(true);
    if (!CHROMIUM) return;
    const c = r.chromium as Json;
    expect(c.error).toBeUndefined();
    expect((c.bundle as Json).nodeImports).toEqual([]);
    const crows = c.rows as Json[];
    expect(crows.map((x) => x.impl)).toEqual(["saejs-gpu", expect.stringMatching(/^saejs-wasm/), "onnxruntime-web-webgpu"]);
    for (const x of crows) expect(x.notMeasured === undefined ? Number.isFinite(x.ms) && (x.ms as number) > 0 : typeof x.notMeasured === "string").toBe(true);
  },
  stream: (r) => finite(r, "rows", "seconds", "streamRowsPerSec", "memoryRowsPerSec", "ratio", "peakRssMB", "codesMB"),
  index: (r) => {
    const results = r.results as Json[];
    expect(results.map((x) => x.via)).toEqual(["pglite", "wire"]);
    for (const x of results) {
      expect(x.failed).toBeUndefined();
      finite(x, "ingestDocsPerSec", "hnswSeconds", "exactP50", "memoryP50", "diskMB", "peakRssMB");
      for (const ef of [100, 200, 400, 1000]) finite(x, `hnsw.${ef}.p50`, `hnsw.${ef}.p95`, `hnsw.${ef}.recall10`);
    }
  },
  page: (r) => {
    const results = r.results as Json[];
    expect(results).toHaveLength(10); // two bundlers, five phases each
    for (const x of results) finite(x, "gzipKB", "files");
    for (const x of results.filter((y) => /^\(a\)/.test(y.phase as string))) finite(x, "at", "loadMs", "encodeMs");
    for (const x of results.filter((y) => /^\(d\)/.test(y.phase as string))) finite(x, "buildMs");
  },
  site: (r) => {
    const results = r.results as Json[];
    expect(results.map((x) => [x.d, x.typedQuery])).toEqual([
      [512, true],
      [1536, false],
    ]);
    for (const x of results) {
      expect(x.failed).toBeUndefined();
      finite(x, "readyMs", "firstResultMs", "coldMB", "warmP50Ms", "warmP95Ms", "newQueryP50Ms", "recall10");
    }
  },
  peak: (r) => finite(r, "fmaGflops", "dot8Gops", "dot16Gops"),
  embed: (r) => {
    const runs = r.runs as Json[];
    expect(runs.map((x) => x.workers)).toEqual([1, "auto"]);
    for (const x of runs) finite(x, "threads", "seconds", "secondsPer1000");
    // 40 abstracts are two batches: "auto" runs the worker pool (on a machine of two cores or more).
    expect(r.identical).toBe(true);
    finite(r, "abstracts", "ratio");
  },
  labels: (r) => {
    finite(r, "features", "seconds", "secondsPer1000", "heldOutAuc", "scored", "share085", "maxChars", "maxWords", "embedderWorkers");
    expect(r.features).toBeGreaterThan(0);
    expect(r.maxWords as number).toBeGreaterThan(0);
    expect(r.heldOutAuc as number).toBeGreaterThanOrEqual(0);
    expect(r.heldOutAuc as number).toBeLessThanOrEqual(1);
  },
  table: (r) => {
    const children = r.children as Record<string, Json>;
    for (const name of TABLE_CHILDREN) expect(children[name]?.result, `table: ${name} ${String(children[name]?.failed)}`).toBeDefined();
    expect(r.failed).toEqual([]);
    // Node 24: its encode ran, or it is named as not installed with the command that installs it.
    const n24 = children["encode-node24"]!;
    if (!n24.result) expect(n24.absent).toMatch(/npm run nodes/);
    const md = r.markdown as string;
    expect(md).toContain("| where | command | sae.js | the peer a user would pick, same run |");
    // Seven rows: encode, B=1, training, embedding, labels, load, pool; none failed.
    expect(md.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| where"))).toHaveLength(7);
    expect(md).not.toContain("FAILED");
    expect(md).toMatch(/^Measured \d{4}-\d\d-\d\d in one run/);
    expect(md).toContain("Peers, as they ran: onnxruntime-web ");
    // Every figure is from this run: the JSON file written holds the same results.
    expect(existsSync(r.file as string)).toBe(true);
    expect(JSON.parse(readFileSync(r.file as string, "utf8")).markdown).toBe(md);
  },
};

// Benches that cannot run without Chromium (explore and gpu name it and go on).
const NEEDS_CHROMIUM: readonly string[] = ["page", "site"];

describe.concurrent("every bench runs with --smoke", () => {
  afterAll(() => console.log(`bench --smoke seconds: ${JSON.stringify(seconds)}`));

  for (const name of BENCH_NAMES)
    it.skipIf(NEEDS_CHROMIUM.includes(name) && !available("chromium", !!CHROMIUM, "apt-get install -y chromium"))(
      name,
      async () => {
        const run = await smoke(name);
        const why = `${name} --smoke (exit ${run.code}, ${run.seconds} s):\n${run.stderr.slice(-3000)}`;
        expect(run.code, why).toBe(0);
        const result = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Json;
        expect(result.bench, why).toBe(name);
        CHECKS[name](result, run.stderr);
      },
      420_000,
    );
});
