// Parquet and Arrow fixtures from independent writers: DuckDB (Parquet, several row groups and
// codecs) and Arrow JS (IPC file and stream). The rows come from one SQL formula; the .npy beside
// them holds the same float32 values, so every reader path can be compared with it.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import * as arrow from "apache-arrow";
import { writeNpy } from "../../src/io/npy.js";

export const ROWS = 5000;
export const DIM = 24;
/** DuckDB writes row groups in multiples of its vector size, 2048 rows. */
export const GROUP = 2048;

/** The embedding of row i, as DuckDB computes it in SQL (float32). */
const VALUE_SQL = `list_transform(range(${DIM}), j -> ((((i * 37 + j * 11) % 101) - 50) / 16.0)::float)`;

export interface TableFixtures {
  /** The rows as float32 [ROWS, DIM], and titles/ids, as DuckDB holds them. */
  x: Float32Array;
  titles: string[];
  ids: number[];
  npy: string;
  /** Parquet by codec: list<float> embedding, id BIGINT, title and abstract VARCHAR, GROUP-row row groups. */
  parquet: Record<string, string>;
  /**
   * Page encodings the fast path decodes, each read back by DuckDB for comparison: PLAIN (v1 pages),
   * BYTE_STREAM_SPLIT and RLE_DICTIONARY (v2 pages); the base files above are PLAIN_DICTIONARY.
   */
  encodings: Record<"plain v1" | "byte_stream_split v2" | "rle_dictionary v2", string>;
  /** double[] and FLOAT[DIM] (fixed-size) embedding columns. */
  parquetDouble: string;
  parquetFixed: string;
  /** Arrow IPC via Arrow JS, record batches of GROUP rows: file, stream; float16 fixed-size lists. */
  arrowFile: string;
  arrowStream: string;
  arrowHalf: string;
  /** A `save_to_disk`-style folder: state.json and two stream shards. */
  savedDataset: string;
  duck: DuckDBConnection;
}

export const CODECS = ["snappy", "zstd", "gzip", "brotli", "uncompressed"] as const;

export async function makeTables(dir: string): Promise<TableFixtures> {
  const db = await DuckDBInstance.create(":memory:");
  const duck = await db.connect();
  await duck.run("set threads = 1"); // row groups of exactly GROUP rows
  await duck.run(
    `create table papers as select i::bigint as id, 'Paper ' || i as title, 'Abstract of paper number ' || i as abstract, ${VALUE_SQL} as embedding from range(${ROWS}) t(i)`,
  );
  const rows = (await duck.runAndReadAll("select id, title, embedding from papers order by id")).getRows();
  const x = new Float32Array(ROWS * DIM);
  rows.forEach((r, i) => {
    x.set((r[2] as { items: number[] }).items, i * DIM);
  });
  const titles = rows.map((r) => String(r[1]));
  const ids = rows.map((r) => Number(r[0]));
  const npy = join(dir, "papers.npy");
  writeFileSync(npy, writeNpy(x, [ROWS, DIM]));
  const parquet: Record<string, string> = {};
  for (const codec of CODECS) {
    parquet[codec] = join(dir, `papers.${codec}.parquet`);
    await duck.run(`copy (select * from papers order by id) to '${parquet[codec]}' (format parquet, row_group_size ${GROUP}, compression ${codec})`);
  }
  // Many distinct values (DuckDB then writes PLAIN, or BYTE_STREAM_SPLIT with v2 pages), and few.
  const distinct = "list_transform(embedding, v -> (v + id / 8192.0)::float)";
  const encodings = {
    "plain v1": [join(dir, "papers.plain.parquet"), distinct, "v1"],
    "byte_stream_split v2": [join(dir, "papers.bss.parquet"), distinct, "v2"],
    "rle_dictionary v2": [join(dir, "papers.dict2.parquet"), "embedding", "v2"],
  } as const;
  for (const [path, expr, version] of Object.values(encodings))
    await duck.run(
      `copy (select id, ${expr} as embedding from papers order by id) to '${path}' (format parquet, row_group_size ${GROUP}, parquet_version ${version})`,
    );
  const parquetDouble = join(dir, "papers.double.parquet");
  await duck.run(
    `copy (select id, list_transform(embedding, v -> v::double) as embedding from papers order by id) to '${parquetDouble}' (format parquet, row_group_size ${GROUP})`,
  );
  const parquetFixed = join(dir, "papers.fixed.parquet");
  await duck.run(
    `copy (select id, embedding::float[${DIM}] as embedding from papers order by id) to '${parquetFixed}' (format parquet, row_group_size ${GROUP})`,
  );

  const batches = (type: arrow.DataType, from = 0, to = ROWS) => {
    const out: arrow.RecordBatch[] = [];
    for (let s = from; s < to; s += GROUP) {
      const e = Math.min(to, s + GROUP);
      const emb = arrow.vectorFromArray(
        Array.from({ length: e - s }, (_, i) => Array.from(x.subarray((s + i) * DIM, (s + i + 1) * DIM))),
        type,
      );
      const t = new arrow.Table({
        id: arrow.vectorFromArray(ids.slice(s, e), new arrow.Int32()),
        title: arrow.vectorFromArray(titles.slice(s, e), new arrow.Utf8()),
        embedding: emb,
      });
      out.push(...t.batches);
    }
    return new arrow.Table(out);
  };
  const list32 = new arrow.List(new arrow.Field("item", new arrow.Float32(), true));
  const arrowFile = join(dir, "papers.arrow");
  writeFileSync(arrowFile, arrow.tableToIPC(batches(list32), "file"));
  const arrowStream = join(dir, "papers.arrows");
  writeFileSync(arrowStream, arrow.tableToIPC(batches(list32), "stream"));
  const arrowHalf = join(dir, "papers.f16.arrow");
  writeFileSync(arrowHalf, arrow.tableToIPC(batches(new arrow.FixedSizeList(DIM, new arrow.Field("item", new arrow.Float16(), true))), "file"));
  const savedDataset = join(dir, "saved");
  mkdirSync(savedDataset);
  const half = 2 * GROUP;
  writeFileSync(join(savedDataset, "data-00000-of-00002.arrow"), arrow.tableToIPC(batches(list32, 0, half), "stream"));
  writeFileSync(join(savedDataset, "data-00001-of-00002.arrow"), arrow.tableToIPC(batches(list32, half, ROWS), "stream"));
  writeFileSync(
    join(savedDataset, "state.json"),
    JSON.stringify({ _data_files: [{ filename: "data-00000-of-00002.arrow" }, { filename: "data-00001-of-00002.arrow" }], _split: "train" }),
  );
  return {
    x,
    titles,
    ids,
    npy,
    parquet,
    encodings: Object.fromEntries(Object.entries(encodings).map(([k, v]) => [k, v[0]])) as TableFixtures["encodings"],
    parquetDouble,
    parquetFixed,
    arrowFile,
    arrowStream,
    arrowHalf,
    savedDataset,
    duck,
  };
}

/** The first index where two float arrays differ (-1: none); vitest's deep equality is slow on large arrays. */
export function firstDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** A Parquet file's embedding column as DuckDB reads it, float32 row-major. */
export async function duckVectors(duck: DuckDBConnection, path: string): Promise<Float32Array> {
  const rows = (await duck.runAndReadAll(`select embedding from '${path}' order by id`)).getRows();
  return Float32Array.from(rows.flatMap((r) => (r[0] as { items: number[] }).items));
}

/** The page encodings DuckDB wrote for a file's embedding column. */
export async function encodingsOf(duck: DuckDBConnection, path: string): Promise<string[]> {
  const rows = (await duck.runAndReadAll(`select distinct encodings from parquet_metadata('${path}') where path_in_schema like 'embedding%'`)).getRows();
  return rows.map((r) => String(r[0]));
}
