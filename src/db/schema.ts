// The index's tables, in a Postgres schema of their own (default `saejs`), version 1:
//   meta       key → JSON: the schema version, the SAE (source, fingerprint, d, n, k), the embedder,
//              the storage type, the corpus, how many rows are in, whether it is complete
//   documents  row (the corpus row, 0-based), id, title, text, metadata JSON, embedding
//              (vector(d) or halfvec(d)), codes (sparsevec(n): the row's active latents)
//   postings   latent → (row, value): every latent of every row's top-k, indexed by (latent, value)
//   features   latent, count, density, mean and max activation, label, label score
//   label_progress  labels of a labelling run under way, kept chunk by chunk (emptied when applied)
// An HNSW index (inner product) over documents.embedding; exact search is a sequential scan.
import { SaeError } from "../core/errors.js";
import type { Queryable, Sql } from "./sql.js";

export const SCHEMA_VERSION = 1;

export type Storage = "vector" | "halfvec";

/** The SAE an index was built with: enough to refuse another one and to load it again. */
export interface SaeRecord {
  /** The checkpoint as given (a path made absolute, or an hf:// or https:// URL). */
  source: string;
  fingerprint: string;
  d: number;
  n: number;
  k: number;
  order: string;
}

/** How queries are embedded: as the corpus was (absent where the corpus came with embeddings and no embedder was named). */
export interface EmbedderRecord {
  kind: "use" | "http";
  name: string;
  dim: number;
  baseUrl?: string;
  model?: string;
}

export interface IndexMeta {
  schema: number;
  sae: SaeRecord;
  embedder: EmbedderRecord | null;
  storage: Storage;
  /** The corpus: a name for messages and its rows. */
  corpus: { name: string; rows: number };
  /** Rows [0, ingested) are in. */
  ingested: number;
  complete: boolean;
  hnsw: { m: number; efConstruction: number };
}

/** A Postgres schema name: lower-case letters, digits and underscores (it is spliced into SQL). */
export function checkSchemaName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new SaeError("E_ARG", `schema '${name}': use lower-case letters, digits and _ (at most 63, not starting with a digit)`);
  return name;
}

export function createSql(s: string, d: number, n: number, storage: Storage): string {
  return `CREATE EXTENSION IF NOT EXISTS vector;
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.meta (key text PRIMARY KEY, value jsonb NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.documents (
  row integer PRIMARY KEY, id text NOT NULL, title text, text text, metadata jsonb NOT NULL DEFAULT '{}',
  embedding ${storage}(${d}) NOT NULL, codes sparsevec(${n}) NOT NULL);
-- Vectors kept in the row, uncompressed (as pgvector advises): a scan reads them without TOAST lookups.
ALTER TABLE ${s}.documents ALTER COLUMN embedding SET STORAGE PLAIN;
CREATE INDEX IF NOT EXISTS documents_id ON ${s}.documents (id);
CREATE TABLE IF NOT EXISTS ${s}.postings (latent integer NOT NULL, row integer NOT NULL, value real NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.features (
  latent integer PRIMARY KEY, count integer NOT NULL, density double precision NOT NULL,
  mean_act double precision NOT NULL, max_act double precision NOT NULL, label text, label_score real, label_info jsonb);
-- label_info came after the first indexes: theirs gain it.
ALTER TABLE ${s}.features ADD COLUMN IF NOT EXISTS label_info jsonb;
-- Labels finished by a labelling run not yet applied (a stopped run's next run carries on from them), under the run's key.
CREATE TABLE IF NOT EXISTS ${s}.label_progress (feature integer PRIMARY KEY, key text NOT NULL, label jsonb NOT NULL);`;
}

/** The meta table as one object, or undefined where the schema holds no index. */
export async function readMeta(db: Queryable, s: string): Promise<IndexMeta | undefined> {
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [`${s}.meta`]);
  if (!exists[0]?.t) return undefined;
  const rows = await db.query<{ key: string; value: unknown }>(`SELECT key, value FROM ${s}.meta`);
  if (!rows.length) return undefined;
  const m = Object.fromEntries(rows.map((r) => [r.key, r.value])) as Partial<IndexMeta>;
  if (typeof m.schema === "number" && m.schema > SCHEMA_VERSION)
    throw new SaeError(
      "E_DB",
      `schema '${s}' holds an index of version ${m.schema}, written by a newer sae.js (this one reads version ${SCHEMA_VERSION}): update saejs to open it`,
    );
  if (m.schema !== SCHEMA_VERSION)
    throw new SaeError(
      "E_DB",
      `schema '${s}' holds an index of version ${m.schema ?? "(none)"}; this sae.js reads version ${SCHEMA_VERSION}: build it again (another --schema, or drop it)`,
    );
  for (const key of ["sae", "storage", "corpus", "ingested", "complete", "hnsw"] as const)
    if (m[key] === undefined) throw new SaeError("E_DB", `schema '${s}': the index's meta lacks '${key}'; it was not written by sae.js, or is damaged`);
  return { embedder: null, ...m } as IndexMeta;
}

export async function writeMeta(db: Queryable, s: string, values: Partial<IndexMeta>): Promise<void> {
  for (const [key, value] of Object.entries(values))
    await db.query(`INSERT INTO ${s}.meta (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
      key,
      JSON.stringify(value),
    ]);
}

/** Creates the tables where missing (one transaction: a crash leaves none or all). */
export async function ensureTables(sql: Sql, s: string, d: number, n: number, storage: Storage): Promise<void> {
  try {
    await sql.exec(`BEGIN;\n${createSql(s, d, n, storage)}\nCOMMIT;`);
  } catch (e) {
    await sql.exec("ROLLBACK").catch(() => {});
    if (e instanceof SaeError && /extension "vector"|permission denied/i.test(e.message))
      throw new SaeError(
        "E_DB",
        `${e.message}; the index needs pgvector ≥ 0.7 installed on the server and the right to CREATE EXTENSION vector (or a superuser to create it once)`,
        {
          cause: e,
        },
      );
    throw e;
  }
}

/** Vectors as pgvector's text form: '[v0,v1,…]' (JSON's numbers: float32 values print so that they parse back exactly). */
export function vectorText(v: Float32Array, start = 0, end = v.length): string {
  return JSON.stringify(Array.from(v.subarray(start, end)));
}

/** A row's codes as sparsevec text: '{i+1:v,…}/n' (1-based), zeros left out. */
export function sparseText(pairs: readonly (readonly [number, number])[], n: number): string {
  return `{${pairs.map(([i, v]) => `${i + 1}:${v}`).join(",")}}/${n}`;
}

/** pgvector's text form back to float32 values. */
export function parseVector(text: string): Float32Array {
  return Float32Array.from(JSON.parse(text) as number[]);
}
