// Streaming encode: a Parquet file of embeddings larger than memory (5 GB, d=1536; --quick: 0.5 GB,
// --gb N to choose), written by DuckDB, encoded by the `saejs encode` command line into codes.parquet
// in a fresh process, against the same model's in-memory encode rate in this one. Reports rows/s of
// each, their ratio, and the command's peak RSS (worker threads included). Targets: RSS ≤ 600 MB,
// rate ≥ 80 % of in-memory. --smoke: 600 rows of d=64 (row groups of 256), n=256, k=16.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { Sae } from "../src/sae.js";
import { loadSae, saveSae } from "../src/load.js";
import { randomSae, randomUnitRows, machine, type BenchOptions } from "./util.js";

/**
 * d, n, k; rows per row group (≈ 50 MB of float32 each: pyarrow's and DuckDB's defaults make larger
 * ones); rows encoded in memory for the reference rate, in batches of BATCH.
 */
const shape = (smoke?: boolean) =>
  smoke
    ? { D: 64, N: 256, K: 16, ROW_GROUP: 256, MEMORY_ROWS: 512, BATCH: 128 }
    : { D: 1536, N: 9216, K: 64, ROW_GROUP: 8192, MEMORY_ROWS: 32768, BATCH: 1024 };
const RSS_LIMIT_MB = 600;
const RATE_TARGET = 0.8;

const run = promisify(execFile);

/** The bench's Parquet file of `gb` gigabytes, written once by DuckDB and kept for later runs. */
async function parquetOf(dir: string, gb: number, log: (s: string) => void, smoke?: boolean): Promise<{ path: string; rows: number }> {
  const { D, ROW_GROUP } = shape(smoke);
  const rows = smoke ? 600 : Math.round((gb * 1e9) / (D * 4));
  const path = join(dir, smoke ? `embeddings-smoke-${rows}x${D}.parquet` : `embeddings-${gb}gb.parquet`);
  if (!existsSync(path)) {
    log(`writing ${path} (${rows.toLocaleString("en-US")} rows × ${D} random float32, snappy, row groups of ${ROW_GROUP}) with DuckDB …`);
    const t = performance.now();
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    // Unit-norm-ish rows: uniform in ±0.044 has a norm of about 1 at d=1536.
    await c.run(
      `copy (select i::bigint as id, list_transform(range(${D}), j -> ((random() - 0.5) * 0.0884)::float) as embedding from range(${rows}) t(i)) to '${path}.tmp' (format parquet, row_group_size ${ROW_GROUP}, compression snappy)`,
    );
    renameSync(`${path}.tmp`, path);
    log(`  written in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  return { path, rows };
}

/** Runs in a child process: the in-memory encode rate of the bench's model. */
export async function streamMemoryChild(model: string, smoke: boolean): Promise<void> {
  const { D, MEMORY_ROWS, BATCH } = shape(smoke);
  const sae = await loadSae(model);
  const x = randomUnitRows(MEMORY_ROWS, D, 5);
  await sae.encode(x.subarray(0, BATCH * D));
  const t = performance.now();
  for (let s = 0; s < MEMORY_ROWS; s += BATCH) await sae.encode(x.subarray(s * D, (s + BATCH) * D));
  const rowsPerSec = MEMORY_ROWS / ((performance.now() - t) / 1000);
  console.log(JSON.stringify({ rowsPerSec, backend: sae.backend, peakMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
  await sae.dispose();
}

export async function benchStream(opts: BenchOptions & { gb?: number }): Promise<object> {
  const { D, N, K, MEMORY_ROWS, BATCH } = shape(opts.smoke);
  const gb = opts.gb ?? (opts.quick ? 0.5 : 5);
  const dir = join(tmpdir(), "saejs-bench");
  mkdirSync(dir, { recursive: true });
  const model = join(dir, `stream_${K}_${N}_${D}.safetensors`);
  if (!existsSync(model)) {
    const sae = await Sae.create(randomSae(D, N, 3), { k: K, backend: "ref" });
    await saveSae(sae, model, "safetensors");
    sae.dispose();
  }
  const { path, rows } = await parquetOf(dir, gb, opts.log, opts.smoke);
  const fileGB = statSync(path).size / 1e9;

  // In memory: a fresh plain `node` (as `saejs` runs: no flags, so the same kernels), the model as
  // the command line loads it, batches of BATCH rows already in memory.
  const mem = JSON.parse(
    (await run(process.execPath, ["dist/bench/run.js", "stream-memory-child", model, ...(opts.smoke ? ["--smoke"] : [])], { maxBuffer: 1 << 20 })).stdout
      .trim()
      .split("\n")
      .at(-1)!,
  ) as { rowsPerSec: number; backend: string; peakMB: number };
  const memoryRate = mem.rowsPerSec;
  opts.log(`in memory: ${Math.round(memoryRate)} rows/s (${MEMORY_ROWS} rows, batches of ${BATCH}, ${mem.backend}, workers: auto; peak RSS ${mem.peakMB} MB)`);

  // Streamed: `saejs encode` in a fresh process; its peak RSS reported at exit.
  const out = join(dir, "stream-codes.parquet");
  rmSync(out, { force: true });
  const rss = "data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss '+process.resourceUsage().maxRSS+'\\n'))";
  const t = performance.now();
  const r = await run(
    process.execPath,
    ["--import", rss, "dist/cli.js", "encode", model, path, "--column", "embedding", "--id-column", "id", "--out", out, "--json", "--quiet"],
    {
      maxBuffer: 1 << 24,
    },
  );
  const seconds = (performance.now() - t) / 1000;
  const peakMB = Number(/maxrss (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN) / 1024;
  const result = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { rows: number };
  if (result.rows !== rows) throw new Error(`the command encoded ${result.rows} rows of ${rows}`);
  // DuckDB reads the codes back: every row, k per row.
  const db = await DuckDBInstance.create(":memory:");
  const check = (await (await db.connect()).runAndReadAll(`select count(*), min(len(indices)), max(len(indices)) from '${out}'`)).getRows()[0]!;
  if (Number(check[0]) !== rows || Number(check[1]) !== K || Number(check[2]) !== K) throw new Error(`codes.parquet: ${check.join(", ")}`);
  const streamRate = rows / seconds;
  const ratio = streamRate / memoryRate;
  const summary = {
    bench: "stream",
    cpu: machine(),
    fileGB: +fileGB.toFixed(2),
    rows,
    d: D,
    n: N,
    k: K,
    seconds: +seconds.toFixed(1),
    streamRowsPerSec: Math.round(streamRate),
    memoryRowsPerSec: Math.round(memoryRate),
    backend: mem.backend,
    memoryPeakRssMB: mem.peakMB,
    ratio: +ratio.toFixed(3),
    peakRssMB: Math.round(peakMB),
    meetsTargets: peakMB <= RSS_LIMIT_MB && ratio >= RATE_TARGET,
    codesMB: +(statSync(out).size / 1e6).toFixed(1),
  };
  opts.log(
    `streamed: ${summary.fileGB} GB Parquet → codes.parquet (${summary.codesMB} MB) in ${summary.seconds} s = ${summary.streamRowsPerSec} rows/s, ` +
      `${(ratio * 100).toFixed(1)} % of in-memory (target ≥ ${RATE_TARGET * 100} %); peak RSS ${summary.peakRssMB} MB (target ≤ ${RSS_LIMIT_MB} MB); ${summary.cpu}`,
  );
  rmSync(out, { force: true });
  return summary;
}
