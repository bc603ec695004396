// Building an index: batches of a corpus encoded by the SAE and written to Postgres, each batch in
// one transaction with the count of rows in, so that after Ctrl-C or a crash the next run carries on
// from the first row not in (and a finished index is left alone). Then feature statistics from the
// postings, the HNSW index, and offline labels.
import { SaeError } from "../core/errors.js";
import { saeFingerprint } from "../core/hash.js";
import type { Codes } from "../core/model.js";
import type { Embedder } from "../embed/embedder.js";
import type { LabelSet } from "../label/file.js";
import type { FeatureLabel, LabelCorpus } from "../label/offline.js";
import { labelAll, type LabelProgress } from "../label/run.js";
import type { SteerableSae } from "../explore/steer.js";
import {
  ensureTables,
  parseVector,
  readMeta,
  sparseText,
  vectorText,
  writeMeta,
  type EmbedderRecord,
  type IndexMeta,
  type SaeRecord,
  type Storage,
} from "./schema.js";
import type { Queryable, Sql } from "./sql.js";
import { CopyRows } from "./copy.js";

/** What building needs of a model: steering's needs and encode (an in-thread Sae or a SaeModel). */
export type IndexableSae = SteerableSae & { encode(x: Float32Array, batch?: number, options?: { signal?: AbortSignal }): Promise<Codes> | Codes };

/** Rows of a corpus, in order: embeddings [rows, d] and, row for row, ids, titles, texts and metadata. */
export interface IndexBatch {
  start: number;
  rows: number;
  embeddings: Float32Array;
  ids?: readonly (string | null)[];
  titles?: readonly (string | null)[];
  texts?: readonly (string | null)[];
  metadata?: readonly Record<string, unknown>[];
}

export interface BuildOptions {
  /** The corpus's name (for messages, and to refuse resuming over another corpus) and row count. */
  corpus: { name: string; rows: number };
  /** Batches from a row on (a resumed build starts after the rows already in). */
  batches(from: number): AsyncIterable<IndexBatch>;
  sae: IndexableSae;
  saeRecord: Omit<SaeRecord, "fingerprint" | "d" | "n" | "k" | "order">;
  embedder?: EmbedderRecord | null;
  storage?: Storage;
  hnsw?: { m?: number; efConstruction?: number };
  /** Labels of the live features at the end: made offline (true, the default), taken from a labels file, or none (false). */
  labels?: boolean | LabelSet;
  /** The corpus's embedder, for offline labels chosen and scored by similarity (else from terms alone). */
  labelEmbedder?: Embedder;
  signal?: AbortSignal;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export { saeFingerprint };

/** The SAE record of a model, fingerprint included. */
export async function saeRecordOf(sae: SteerableSae, source: string): Promise<SaeRecord> {
  return { source, fingerprint: await saeFingerprint(sae), d: sae.nInputs, n: sae.nLatents, k: sae.k, order: sae.order };
}

/** Refuses an index made with another SAE, storage or corpus; names what differs and the way out. */
function checkResume(old: IndexMeta, want: Omit<IndexMeta, "ingested" | "complete">, s: string): void {
  const way = `use another --db or --schema, or remove this one (DROP SCHEMA ${s} CASCADE; for a PGlite folder, delete it)`;
  if (old.sae.fingerprint !== want.sae.fingerprint)
    throw new SaeError("E_DB", `schema '${s}' is an index built with another SAE (${old.sae.source}, d=${old.sae.d}, n=${old.sae.n}, k=${old.sae.k}); ${way}`);
  if (old.corpus.name !== want.corpus.name || old.corpus.rows !== want.corpus.rows)
    throw new SaeError(
      "E_DB",
      `schema '${s}' indexes ${old.corpus.name} (${old.corpus.rows} rows), not ${want.corpus.name} (${want.corpus.rows} rows); ${way}`,
    );
  if (old.storage !== want.storage) throw new SaeError("E_DB", `schema '${s}' stores embeddings as ${old.storage}, not ${want.storage}; ${way}`);
}

async function writeBatch(tx: Queryable, s: string, b: IndexBatch, codes: Codes, d: number, n: number, storage: Storage): Promise<void> {
  const rows = b.rows,
    k = codes.k;
  const col = (a: readonly unknown[] | undefined, what: string) => {
    if (a && a.length !== rows) throw new SaeError("E_SHAPE", `rows ${b.start}…: ${a.length} ${what} for ${rows} rows; they must line up row for row`);
    return a;
  };
  col(b.ids, "ids");
  col(b.titles, "titles");
  col(b.texts, "texts");
  col(b.metadata, "metadata objects");
  const pairsOf = (r: number) => {
    const pairs: [number, number][] = [];
    for (let j = r * k; j < (r + 1) * k; j++) if (codes.values[j]! > 0) pairs.push([codes.indices[j]!, codes.values[j]!]);
    return pairs.sort((x, y) => x[0] - y[0]);
  };
  const rowOf = (j: number) => b.start + Math.floor(j / k);
  // Postings of the active entries only: a value of 0 (ReLU after top-k, or a thresholded SAE's
  // padding of a narrower row) is no feature of the document.
  const active: number[] = [];
  for (let j = 0; j < rows * k; j++) if (codes.values[j]! > 0) active.push(j);
  if (tx.copyIn) {
    // PGlite: binary COPY (vectors as text are slow to print here and slow to parse there).
    const docs = new CopyRows(),
      postings = new CopyRows();
    for (let r = 0; r < rows; r++) {
      const row = b.start + r;
      docs
        .row(7)
        .int4(row)
        .text(b.ids?.[r] ?? String(row))
        .text(b.titles?.[r] ?? null)
        .text(b.texts?.[r] ?? null)
        .jsonb(b.metadata?.[r] ?? {});
      const e = b.embeddings.subarray(r * d, (r + 1) * d);
      if (storage === "halfvec") docs.halfvec(e);
      else docs.vector(e);
      docs.sparsevec(pairsOf(r), n);
    }
    for (const j of active) postings.row(3).int4(codes.indices[j]!).int4(rowOf(j)).float4(codes.values[j]!);
    await tx.copyIn(`${s}.documents (row, id, title, text, metadata, embedding, codes)`, docs.finish());
    await tx.copyIn(`${s}.postings (latent, row, value)`, postings.finish());
    return;
  }
  // A server: one INSERT of arrays per table (native Postgres parses vectors fast).
  const at = Array.from({ length: rows }, (_, r) => b.start + r);
  await tx.query(
    `INSERT INTO ${s}.documents (row, id, title, text, metadata, embedding, codes)
     SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::text[], $5::text[]::jsonb[], $6::text[]::${storage}[], $7::text[]::sparsevec[])`,
    [
      at,
      at.map((row, r) => b.ids?.[r] ?? String(row)),
      at.map((_, r) => b.titles?.[r] ?? null),
      at.map((_, r) => b.texts?.[r] ?? null),
      at.map((_, r) => JSON.stringify(b.metadata?.[r] ?? {})),
      at.map((_, r) => vectorText(b.embeddings, r * d, (r + 1) * d)),
      at.map((_, r) => sparseText(pairsOf(r), n)),
    ],
  );
  await tx.query(`INSERT INTO ${s}.postings (latent, row, value) SELECT * FROM unnest($1::integer[], $2::integer[], $3::real[])`, [
    active.map((j) => codes.indices[j]!),
    active.map(rowOf),
    active.map((j) => codes.values[j]!),
  ]);
}

/** Feature statistics from the postings, as featureStats computes them from codes. */
async function writeFeatures(db: Queryable, s: string, n: number, rows: number): Promise<void> {
  await db.query(`DELETE FROM ${s}.features`);
  await db.query(
    `INSERT INTO ${s}.features (latent, count, density, mean_act, max_act)
     SELECT g.i, coalesce(p.c, 0), coalesce(p.c, 0)::float8 / $2, coalesce(p.mean, 0), coalesce(p.max, 0)
     FROM generate_series(0, $1 - 1) AS g(i) LEFT JOIN (
       SELECT latent, count(*) AS c, avg(value::float8) FILTER (WHERE value > 0) AS mean, max(value::float8) FILTER (WHERE value > 0) AS max
       FROM ${s}.postings GROUP BY latent) p ON p.latent = g.i`,
    [n, Math.max(1, rows)],
  );
}

/** Documents for a feature's page and label: its top documents, and its hard negatives (off, nearest the top ones' mean). */
export async function featureNeighbours(db: Sql, s: string, storage: Storage, d: number, i: number, top = 10, negatives = 5) {
  return db.transaction(async (tx) => {
    const tops = await tx.query<{ row: number; id: string; title: string | null; text: string | null; value: number; e: string }>(
      `SELECT d.row, d.id, d.title, d.text, p.value, d.embedding::text AS e FROM ${s}.postings p JOIN ${s}.documents d ON d.row = p.row
       WHERE p.latent = $1 AND p.value > 0 ORDER BY p.value DESC, p.row LIMIT $2`,
      [i, top],
    );
    if (!tops.length) return { top: [], negatives: [] };
    const mean = new Float32Array(d);
    for (const t of tops) {
      const e = parseVector(t.e);
      for (let q = 0; q < d; q++) mean[q]! += e[q]! / tops.length;
    }
    // The filter drops the documents where the feature is on: keep walking the graph past them.
    await tx.query("SET LOCAL hnsw.iterative_scan = strict_order");
    const negs = await tx.query<{ row: number; id: string; title: string | null; text: string | null }>(
      `SELECT row, id, title, text FROM ${s}.documents d WHERE NOT EXISTS (SELECT 1 FROM ${s}.postings p WHERE p.latent = $2 AND p.row = d.row AND p.value > 0)
       ORDER BY d.embedding <#> $1::${storage} LIMIT $3`,
      [vectorText(mean), i, negatives],
    );
    return { top: tops.map(({ e: _e, ...t }) => t), negatives: negs };
  });
}

/** Documents the offline labeller reads at most (a hashed sample of a larger index): bounded memory. */
export const LABEL_ROWS = 100_000;

/** Texts, embeddings and codes of the index's documents (all, or a hashed sample of LABEL_ROWS) for the labeller. */
async function labelCorpusOf(db: Sql, s: string, d: number, n: number, rows: number): Promise<LabelCorpus> {
  const every = rows > LABEL_ROWS ? rows / LABEL_ROWS : 1;
  const pick = every > 1 ? `WHERE (hashint4(row) & 2147483647) % ${Math.ceil(every)} = 0` : "";
  const docs = await db.query<{ row: number; text: string | null; e: string }>(
    `SELECT row, text, embedding::text AS e FROM ${s}.documents ${pick} ORDER BY row`,
  );
  const at = new Map(docs.map((r, j) => [r.row, j]));
  const x = new Float32Array(docs.length * d);
  for (const [j, r] of docs.entries()) x.set(parseVector(r.e), j * d);
  const posts = await db.query<{ row: number; latent: number; value: number }>(
    `SELECT p.row, p.latent, p.value FROM ${s}.postings p ${pick.replace("row", "p.row")} ORDER BY p.row, p.value DESC, p.latent`,
  );
  // As wide as the document with the most active latents (a thresholded SAE's vary; a top-k one's
  // are at most k), so that no document loses one; narrower rows padded with value 0 (inactive).
  const count = new Int32Array(docs.length);
  for (const p of posts) {
    const j = at.get(p.row);
    if (j !== undefined && p.value > 0) count[j]!++;
  }
  const k = count.reduce((m, c) => Math.max(m, c), 1);
  const indices = new Int32Array(docs.length * k),
    values = new Float32Array(docs.length * k),
    filled = new Int32Array(docs.length);
  for (const p of posts) {
    const j = at.get(p.row);
    if (j === undefined || !(p.value > 0)) continue;
    indices[j * k + filled[j]!] = p.latent;
    values[j * k + filled[j]!++] = p.value;
  }
  for (let j = 0; j < docs.length; j++) {
    const seen = new Set(indices.subarray(j * k, j * k + filled[j]!));
    for (let t = filled[j]!, next = 0; t < k; t++) {
      while (seen.has(next)) next++;
      indices[j * k + t] = next++;
    }
  }
  return { texts: docs.map((r) => r.text ?? ""), x, d, codes: { indices, values, k, batch: docs.length }, nLatents: n };
}

/** A labelling run's finished labels, kept in the index chunk by chunk (each chunk one transaction). */
function labelProgressOf(db: Sql, s: string): LabelProgress {
  return {
    async load(key) {
      const rows = await db.query<{ label: FeatureLabel | string }>(`SELECT label FROM ${s}.label_progress WHERE key = $1 ORDER BY feature`, [key]);
      return rows.map((r) => (typeof r.label === "string" ? (JSON.parse(r.label) as FeatureLabel) : r.label));
    },
    async add(key, chunk) {
      await db.transaction(async (tx) => {
        // Another run's labels (another SAE, corpus or settings) are of no use to this one.
        await tx.query(`DELETE FROM ${s}.label_progress WHERE key <> $1`, [key]);
        await tx.query(
          `INSERT INTO ${s}.label_progress (feature, key, label) SELECT * FROM unnest($1::integer[], $2::text[], $3::text[]::jsonb[])
           ON CONFLICT (feature) DO UPDATE SET key = EXCLUDED.key, label = EXCLUDED.label`,
          [chunk.map((l) => l.feature), chunk.map(() => key), chunk.map((l) => JSON.stringify(l))],
        );
      });
    },
  };
}

/** A labels file made for another SAE (the API's own LabelSet, unchecked by a reader) is refused, named. */
function checkLabelSet(set: LabelSet, sae: IndexMeta["sae"]): void {
  if (set.sae.fingerprint !== sae.fingerprint || set.sae.nLatents !== sae.n)
    throw new SaeError(
      "E_DB",
      `these labels were made for another SAE (n=${set.sae.nLatents}, fingerprint ${set.sae.fingerprint.slice(0, 12)}…); this index's is ${sae.source} (n=${sae.n}, fingerprint ${sae.fingerprint.slice(0, 12)}…): label it with labels of its own SAE`,
    );
  for (const l of set.features)
    if (!Number.isInteger(l.feature) || l.feature < 0 || l.feature >= sae.n)
      throw new SaeError("E_DB", `the labels name feature ${l.feature}, outside this index's SAE [0, ${sae.n})`);
}

/**
 * Labels into the features table: from a labels file, or made by the offline labeller over the
 * index's documents (resumable: finished chunks wait in label_progress). Returns how many.
 */
async function writeLabels(
  db: Sql,
  s: string,
  o: { sae: SteerableSae; record: IndexMeta["sae"]; rows: number; labels: LabelSet | true; embedder?: Embedder; signal?: AbortSignal },
  progress: (done: number, total: number) => void,
): Promise<number> {
  const { sae } = o;
  const set =
    o.labels === true
      ? (
          await labelAll({
            sae,
            corpus: await labelCorpusOf(db, s, sae.nInputs, sae.nLatents, o.rows),
            ...(o.embedder ? { embedder: o.embedder } : {}),
            progress: labelProgressOf(db, s),
            ...(o.signal ? { signal: o.signal } : {}),
            onProgress: progress,
          })
        ).set
      : o.labels;
  checkLabelSet(set, o.record);
  const labels = set.features;
  await db.transaction(async (tx) => {
    await tx.query(`UPDATE ${s}.features SET label = NULL, label_score = NULL, label_info = NULL`);
    await tx.query(
      `UPDATE ${s}.features f SET label = l.label, label_score = l.auc, label_info = l.info
       FROM unnest($1::integer[], $2::text[], $3::real[], $4::text[]::jsonb[]) AS l(latent, label, auc, info) WHERE f.latent = l.latent`,
      [
        labels.map((l) => l.feature),
        labels.map((l) => l.label),
        labels.map((l) => l.auc),
        labels.map((l) => JSON.stringify({ method: l.method, f1: l.f1 ?? null, pearson: l.pearson ?? null, heldPositives: l.heldPositives, clean: l.clean })),
      ],
    );
    await tx.query(`DELETE FROM ${s}.label_progress`);
  });
  return labels.length;
}

/** True where some feature of the index has a label. */
async function isLabelled(db: Queryable, s: string): Promise<boolean> {
  return (await db.query<{ l: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${s}.features WHERE label IS NOT NULL) AS l`))[0]!.l;
}

/** Where a build's time went: rows in, statistics and the HNSW graph, labels (seconds each). */
export interface BuildTimes {
  ingest: number;
  finish: number;
  labels: number;
}

/** Writes (or completes) the index in schema `s`; returns its meta once complete. */
export async function buildIndex(sql: Sql, s: string, o: BuildOptions): Promise<IndexMeta & { added: number; labelled: number; seconds: BuildTimes }> {
  const sae = o.sae,
    d = sae.nInputs,
    n = sae.nLatents;
  const storage = o.storage ?? "vector";
  if (storage !== "vector" && storage !== "halfvec") throw new SaeError("E_ARG", `storage must be 'vector' or 'halfvec', got '${String(storage)}'`);
  if (storage === "vector" && d > 2000)
    throw new SaeError("E_ARG", `pgvector's HNSW index takes vectors of at most 2,000 dimensions; these are ${d}-d: store them as halfvec`, {
      fix: { option: "storage", example: "halfvec" },
    });
  const m = o.hnsw?.m ?? 16,
    efc = o.hnsw?.efConstruction ?? 64;
  // pgvector's ranges (the values are spliced into CREATE INDEX).
  if (!Number.isInteger(m) || m < 2 || m > 100) throw new SaeError("E_ARG", `hnsw.m must be an integer in [2, 100], got ${m}`);
  if (!Number.isInteger(efc) || efc < 2 * m || efc > 1000)
    throw new SaeError("E_ARG", `hnsw.efConstruction must be an integer in [2·m, 1000] = [${2 * m}, 1000], got ${efc}`);
  const want = {
    schema: 1,
    sae: { ...(await saeRecordOf(sae, o.saeRecord.source)) },
    embedder: o.embedder ?? null,
    storage,
    corpus: o.corpus,
    hnsw: { m, efConstruction: efc },
  };
  if (o.embedder && o.embedder.dim !== d)
    throw new SaeError("E_SHAPE", `the embedder ${o.embedder.name} gives ${o.embedder.dim}-d vectors but the SAE reads ${d}-d inputs`);
  await ensureTables(sql, s, d, n, storage);
  const old = await readMeta(sql, s);
  if (old) checkResume(old, want, s);
  else await sql.transaction((tx) => writeMeta(tx, s, { ...want, ingested: 0, complete: false }));
  const start = old?.ingested ?? 0;
  const labelIndex = (labels: LabelSet | true) =>
    writeLabels(
      sql,
      s,
      {
        sae,
        record: want.sae,
        rows: o.corpus.rows,
        labels,
        ...(o.labelEmbedder ? { embedder: o.labelEmbedder } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
      },
      (done, all) => o.onProgress?.("labels", done, all),
    );
  if (old?.complete) {
    // A finished index takes labels: a labels file given, or offline ones where it has none yet.
    const t0 = performance.now();
    const give = o.labels === undefined || o.labels === true ? !(await isLabelled(sql, s)) : o.labels;
    const labelled = give === false ? 0 : await labelIndex(give);
    return { ...old, added: 0, labelled, seconds: { ingest: 0, finish: 0, labels: give === false ? 0 : (performance.now() - t0) / 1000 } };
  }
  const total = o.corpus.rows;
  const seconds: BuildTimes = { ingest: 0, finish: 0, labels: 0 };
  let t = performance.now();
  const lap = (stage: keyof BuildTimes) => {
    const now = performance.now();
    seconds[stage] += (now - t) / 1000;
    t = now;
  };
  let at = start;
  o.onProgress?.("index", at, total);
  for await (const b of o.batches(start)) {
    if (o.signal?.aborted) throw new SaeError("E_ABORTED", `indexing aborted after ${at} of ${total} rows; run it again to carry on`);
    if (b.start !== at)
      throw new SaeError(
        "E_ARG",
        `index: batches(${start}) gave a batch from row ${b.start}, expected ${at}: batches must come in order, from the row asked for`,
      );
    if (b.embeddings.length !== b.rows * d) throw new SaeError("E_SHAPE", `rows ${b.start}…: ${b.embeddings.length} values for ${b.rows} rows of ${d}`);
    const codes = await sae.encode(b.embeddings, b.rows, o.signal ? { signal: o.signal } : {});
    await sql.transaction(async (tx) => {
      await writeBatch(tx, s, b, codes, d, n, storage);
      await writeMeta(tx, s, { ingested: at + b.rows });
    });
    at += b.rows;
    o.onProgress?.("index", at, total);
  }
  if (at !== total) throw new SaeError("E_SHAPE", `${o.corpus.name}: ${at} rows arrived, ${total} were announced`);
  lap("ingest");
  o.onProgress?.("features", 0, 1);
  await writeFeatures(sql, s, n, total);
  o.onProgress?.("hnsw", 0, 1);
  await sql.transaction(async (tx) => {
    // The graph builds far faster when it fits in maintenance_work_mem (64 MB by default): at least
    // 512 MB, or what the server is set to where that is more (a server's admin knows its memory).
    const [mem] = await tx.query<{ mb: number }>(
      "SELECT (setting::float8 * CASE unit WHEN 'kB' THEN 1024 WHEN '8kB' THEN 8192 WHEN 'MB' THEN 1048576 ELSE 1 END / 1048576)::int AS mb FROM pg_settings WHERE name = 'maintenance_work_mem'",
    );
    if ((mem?.mb ?? 0) < 512) await tx.query("SET LOCAL maintenance_work_mem = '512MB'");
    await tx.query(`CREATE INDEX IF NOT EXISTS postings_top ON ${s}.postings (latent, value DESC, row)`);
    await tx.query(
      `CREATE INDEX IF NOT EXISTS documents_hnsw ON ${s}.documents USING hnsw (embedding ${storage}_ip_ops) WITH (m = ${want.hnsw.m}, ef_construction = ${want.hnsw.efConstruction})`,
    );
  });
  // Planner statistics: without them a fresh table looks small enough to scan, whatever its size.
  await sql.exec(`ANALYZE ${s}.documents; ANALYZE ${s}.postings; ANALYZE ${s}.features`);
  lap("finish");
  const labelled = o.labels === false ? 0 : await labelIndex(o.labels ?? true);
  lap("labels");
  // The graph's settings as built (a resumed build takes this run's).
  await sql.transaction((tx) => writeMeta(tx, s, { complete: true, hnsw: want.hnsw }));
  return { ...want, ingested: total, complete: true, added: total - start, labelled, seconds };
}
