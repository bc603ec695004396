// The SAE index on Postgres at scale: ingest docs/s, steered-query latency p50/p95 and recall@10
// of HNSW against the exact ranking, disk and peak memory, at 10^4 and 10^5 documents (--sizes to
// choose, e.g. --sizes 1e4,1e5,1e6) for d=512 and d=1536, on PGlite in-process, through the wire
// protocol (pg → pglite-socket), and on a Postgres server with --db postgres://…. Beside it, the
// peer a user would otherwise pick: the same steered search brute force in memory (SearchIndex).
//
// The corpora have real structure: real arXiv abstracts embedded with USE lite (512-d; lifted to
// 1536-d by a fixed random projection) are the centres; a document mixes two centres and noise.
// The SAE has random weights (n=4096, k=32): its speed is a trained one's, its codes are as sparse.
// --smoke: 300 documents around 8 embedded abstracts at d=512, n=64, k=8, 3 queries, on PGlite
// and through the wire.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { SaeModel } from "../src/model.js";
import { SaeIndex } from "../src/db/sae-index.js";
import type { IndexBatch } from "../src/db/ingest.js";
import { SearchIndex } from "../src/kernels/rank.js";
import { steerEdit } from "../src/explore/steer.js";
import { BENCH_DIR, CENTRES, centres, centresFile, docs, machine, pct, randomSae, SMOKE_CENTRES, type BenchOptions } from "./util.js";

/** SAE latents and k, steered queries per configuration, documents per ingest batch. */
const shape = (smoke?: boolean) => (smoke ? { N: 64, K: 8, QUERIES: 3, BATCH: 128 } : { N: 4096, K: 32, QUERIES: 50, BATCH: 1024 });
/** pgvector's hnsw.ef_search values measured: sae.js's default is 200. */
const EF_SEARCH = [100, 200, 400, 1000];
const DIR = join(BENCH_DIR, "index");
const run = promisify(execFile);

interface Config {
  d: number;
  rows: number;
  /** pglite (in-process), wire (pg → pglite-socket in this process), or a postgres:// URL. */
  via: string;
  /** Keep the index (and reuse one a run with --keep left): queries again without building again. */
  keep?: boolean;
  smoke?: boolean;
}

/** One configuration in a fresh process (its peak RSS is its own). */
export async function indexChild(json: string): Promise<void> {
  const cfg = JSON.parse(json) as Config;
  const { d, rows } = cfg;
  const { N, K, QUERIES, BATCH } = shape(cfg.smoke);
  const C = new Float32Array(readFileSync(centresFile(d, cfg.smoke ? SMOKE_CENTRES : CENTRES)).buffer.slice(0));
  const sae = await SaeModel.fromWeights(randomSae(d, N, 11), { k: K, workers: "auto" });
  const tag = `${d}_${rows}${cfg.smoke ? "_smoke" : ""}`;
  let target: string,
    stop = async () => {};
  const folder = join(DIR, `db-${tag}-${cfg.via.startsWith("postgres") ? "server" : cfg.via}`);
  if (!cfg.keep) rmSync(folder, { recursive: true, force: true });
  if (cfg.via === "pglite") target = folder;
  else if (cfg.via === "wire") {
    const { PGlite } = await import("@electric-sql/pglite");
    const { vector } = await import("@electric-sql/pglite-pgvector");
    const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
    const db = await PGlite.create({ dataDir: folder, extensions: { vector } });
    const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 8 });
    await server.start();
    target = `postgres://postgres@${server.getServerConn()}/postgres`;
    stop = async () => {
      await server.stop();
      await db.close();
    };
  } else target = cfg.via;
  const schema = `bench_${tag}`;
  if (cfg.via.startsWith("postgres")) {
    const pg = (await import("pg")).default;
    const c = new pg.Client({ connectionString: target });
    await c.connect();
    if (!cfg.keep) await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
  // Phases by the build's progress: opening and checking end at the first "index" report.
  const phase: Record<string, number> = {};
  let last = "open",
    t = performance.now();
  const t0 = t;
  const index = await SaeIndex.build(target, {
    schema,
    corpus: { name: `synthetic-${tag}`, rows },
    sae,
    saeRecord: { source: "random" },
    labels: false,
    batches: async function* (from) {
      for (let s = from; s < rows; s += BATCH) {
        const n = Math.min(BATCH, rows - s);
        yield {
          start: s,
          rows: n,
          embeddings: docs(C, d, s, n, 1),
          titles: Array.from({ length: n }, (_, j) => `document ${s + j}`),
          metadata: Array.from({ length: n }, (_, j) => ({ shard: (s + j) % 10 })),
        } satisfies IndexBatch;
      }
    },
    onProgress: (stage) => {
      if (stage !== last) {
        const now = performance.now();
        // Where a run that does not finish got to (the parent shows the last lines).
        console.error(`${tag}: ${last} done in ${((now - t) / 1000).toFixed(1)} s; ${stage} …`);
        phase[last] = (phase[last] ?? 0) + (now - t) / 1000;
        last = stage;
        t = now;
      }
    },
  });
  phase[last] = (phase[last] ?? 0) + (performance.now() - t) / 1000;
  const buildSeconds = (performance.now() - t0) / 1000;

  // Steered queries: a query document of the same distribution, one of its features set to twice its value.
  const qs = docs(C, d, 0, QUERIES, 99);
  const steers: Map<number, number>[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const codes = await sae.encode(qs.subarray(i * d, (i + 1) * d), 1);
    steers.push(new Map([[codes.indices[1]!, 2 * codes.values[1]!]]));
  }
  // The exact ranking first (the truth), then HNSW at two candidate-list sizes.
  const exactLat: number[] = [],
    truth: Set<number>[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const s = performance.now();
    const exact = await index.search(qs.subarray(i * d, (i + 1) * d), { steer: steers[i]!, limit: 10, exact: true });
    exactLat.push(performance.now() - s);
    truth.push(new Set(exact.hits.map((h) => h.row)));
  }
  const approx: Record<number, { p50: number; p95: number; recall10: number }> = {};
  for (const ef of EF_SEARCH) {
    const lat: number[] = [];
    let found = 0;
    for (let i = 0; i < QUERIES; i++) {
      const s = performance.now();
      const r = await index.search(qs.subarray(i * d, (i + 1) * d), { steer: steers[i]!, limit: 10, efSearch: ef });
      lat.push(performance.now() - s);
      found += r.hits.filter((h) => truth[i]!.has(h.row)).length;
    }
    approx[ef] = { p50: +pct(lat, 0.5).toFixed(1), p95: +pct(lat, 0.95).toFixed(1), recall10: +(found / (10 * QUERIES)).toFixed(3) };
  }
  const size = await index.sql.query<{ b: string }>(
    `SELECT sum(pg_total_relation_size(c.oid))::text AS b FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')`,
    [schema],
  );
  await index.close();
  await stop();

  // The peer: the whole corpus in memory, the same steered query, brute force in Wasm.
  let memP50: number | undefined;
  if (rows * d * 4 <= 1 << 30) {
    const all = docs(C, d, 0, rows, 1);
    const mem = await SearchIndex.create(all, d);
    const ml: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const s = performance.now();
      const { vector } = await steerEdit(sae, qs.subarray(i * d, (i + 1) * d), steers[i]!);
      mem.search(vector, 10);
      ml.push(performance.now() - s);
    }
    memP50 = pct(ml, 0.5);
    mem.dispose();
  }
  await sae.dispose();
  console.log(
    JSON.stringify({
      ...cfg,
      via: cfg.via.startsWith("postgres") ? "server" : cfg.via,
      // An index kept from an earlier run (--keep) was not built now.
      ...(index.added
        ? {
            ingestDocsPerSec: Math.round(rows / phase.index!),
            ingestSeconds: +phase.index!.toFixed(1),
            statsSeconds: +(phase.features ?? 0).toFixed(1),
            hnswSeconds: +(phase.hnsw ?? 0).toFixed(1),
            buildSeconds: +buildSeconds.toFixed(1),
          }
        : { ingestDocsPerSec: "kept", hnswSeconds: "kept" }),
      hnsw: approx,
      exactP50: +pct(exactLat, 0.5).toFixed(1),
      memoryP50: memP50 === undefined ? null : +memP50.toFixed(1),
      diskMB: Math.round(Number(size[0]?.b ?? 0) / 1e6),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
  if (!cfg.keep) rmSync(folder, { recursive: true, force: true });
}

export async function benchIndex(opts: BenchOptions & { sizes?: number[]; db?: string; dims?: number[]; keep?: boolean }): Promise<object> {
  mkdirSync(DIR, { recursive: true });
  const { N, K, QUERIES } = shape(opts.smoke);
  const sizes = opts.sizes ?? (opts.smoke ? [300] : opts.quick ? [1e4] : [1e4, 1e5]);
  // --smoke: d=512 alone (1536 differs by its data only; each configuration pays PGlite's 6 s initdb).
  const dims = opts.dims ?? (opts.quick || opts.smoke ? [512] : [512, 1536]);
  for (const d of dims) await centres(d, opts.log, opts.smoke ? SMOKE_CENTRES : CENTRES);
  const smoke = opts.smoke ? { smoke: true } : {};
  const configs: Config[] = [];
  for (const d of dims) for (const rows of sizes) configs.push({ d, rows, via: opts.db ?? "pglite", ...(opts.keep ? { keep: true } : {}), ...smoke });
  if (!opts.db && !opts.quick) configs.push({ d: 512, rows: opts.smoke ? sizes[0]! : 1e5, via: "wire", ...smoke });
  const cpu = machine();
  opts.log(`index bench on ${cpu}: SAE n=${N}, k=${K}; ${QUERIES} steered queries per configuration; HNSW m=16, ef_construction=64`);
  opts.log(
    `| d | documents | via | ingest docs/s | HNSW build s | ${EF_SEARCH.map((ef) => `ef ${ef}: p50 / p95 ms, recall@10`).join(" | ")} | exact p50 ms | in memory p50 ms | disk MB | peak RSS MB |`,
  );
  opts.log(`|${"---|".repeat(9 + EF_SEARCH.length)}`);
  const results: object[] = [];
  for (const c of configs) {
    try {
      const r = await run(process.execPath, [...process.execArgv, "dist/bench/run.js", "index-child", JSON.stringify(c)], {
        maxBuffer: 1 << 24,
        timeout: 4 * 3600_000,
      });
      const o = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Record<string, number | string | null> & {
        hnsw: Record<number, { p50: number; p95: number; recall10: number }>;
      };
      results.push(o);
      const h = (ef: number) => `${o.hnsw[ef]!.p50} / ${o.hnsw[ef]!.p95}, ${o.hnsw[ef]!.recall10}`;
      opts.log(
        `| ${o.d} | ${Number(o.rows).toLocaleString("en-US")} | ${o.via} | ${o.ingestDocsPerSec} | ${o.hnswSeconds} | ${EF_SEARCH.map(h).join(" | ")} | ${o.exactP50} | ${o.memoryP50 ?? "–"} | ${o.diskMB} | ${o.peakRssMB} |`,
      );
    } catch (e) {
      const err = e as { stderr?: string; message: string; signal?: string };
      const why = (err.stderr ?? err.message).trim().split("\n").slice(-3).join(" ").slice(0, 300);
      results.push({ ...c, failed: why });
      opts.log(`| ${c.d} | ${c.rows.toLocaleString("en-US")} | ${c.via} | failed: ${why} |`);
    }
  }
  return { bench: "index", cpu, n: N, k: K, queries: QUERIES, results };
}
