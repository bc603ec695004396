// An SAE index on Postgres: a corpus's documents, embeddings and codes, searched by (steered) dot
// product through pgvector: HNSW for speed, a sequential scan for the exact ranking. Queries may be
// free text (embedded as the corpus was), a vector, or steered feature by feature.
import { SaeError } from "../core/errors.js";
import type { Embedder } from "../embed/embedder.js";
import { HttpEmbedder } from "../embed/http.js";
import { UseLiteEmbedder } from "../embed/use.js";
import { queryCodes, steer as steerQuery, steerModeOf, type SteerableSae, type Steering, type SteerMode } from "../explore/steer.js";
import { checkFinite } from "../core/shapes.js";
import { buildIndex, featureNeighbours, saeFingerprint, type BuildOptions, type BuildTimes } from "./ingest.js";
import { DecoderDirections } from "../explore/pages.js";
import { env } from "../runtime/env.js";
import { checkSchemaName, parseVector, readMeta, vectorText, type IndexMeta } from "./schema.js";
import { checkTimeout, openSql, STATEMENT_TIMEOUT_MS, type DbTarget, type Queryable, type Sql } from "./sql.js";

export type { SteerMode };

export interface IndexHit {
  /** The corpus row (0-based). */
  readonly row: number;
  readonly id: string;
  readonly title: string | null;
  readonly text: string | null;
  /** Dot product of the document's embedding with the (steered) query vector. */
  readonly score: number;
}

export interface FeatureInfo {
  readonly index: number;
  readonly count: number;
  readonly density: number;
  readonly meanAct: number;
  readonly maxAct: number;
  readonly label: string | null;
  /** The label's held-out AUC (see saejs/label). */
  readonly labelScore: number | null;
  /** How the label was made, its LLM detection scores, and whether it is clean. */
  readonly labelInfo: { method: string; f1: number | null; pearson: number | null; heldPositives: number; clean: boolean } | null;
}

export interface SearchOptions {
  /** Latent → value (edit, clamp) or coefficient (add). */
  steer?: Steering | Record<number, number>;
  mode?: SteerMode;
  /** A condition on the documents' columns (id, title, text, metadata jsonb), e.g. "metadata->>'year' >= '2020'". */
  where?: string;
  /** Metadata that must match (JSON containment, e.g. { categories: "astro-ph" }), passed as a parameter. */
  filter?: Record<string, string | number | boolean>;
  limit?: number;
  /** The exact ranking (a full scan) instead of HNSW's approximate one. */
  exact?: boolean;
  /** HNSW's candidate list (pgvector's hnsw.ef_search; default 200, at least limit): larger finds more of the exact top, slower. */
  efSearch?: number;
  /** How long the ranking query may run, in ms (default: the index's, 30 s): stopped past that (a server, or a folder opened in Node; not PGlite on the calling thread). */
  statementTimeout?: number;
  /** Stops the search: the embedding, and the ranking query (a server cancels it, a folder opened in Node stops its worker; PGlite on the calling thread only between statements). */
  signal?: AbortSignal;
}

export interface SearchResult {
  hits: IndexHit[];
  /** The query's features after steering (value > 0), with their statistics over the corpus. */
  features: (FeatureInfo & { value: number })[];
  /** The (steered) vector the documents were ranked by. */
  vector: Float32Array;
}

export interface OpenOptions {
  /** The Postgres schema of the index (default saejs). */
  schema?: string;
  /** The SAE (else loaded from where the index says it came from, on first need, and checked). */
  sae?: SteerableSae;
  /** The query embedder (else the one the index records). */
  embedder?: Embedder;
  /** How long a query over users' SQL (search's where, readOnly) may run, in ms (default: env SAEJS_STATEMENT_TIMEOUT, else 30,000). */
  statementTimeout?: number;
}

/** HNSW's default candidate list: recall@10 ≥ 0.95 at 10^5 documents where 100 gave 0.92, for about the same time (npm run bench -- index). */
const EF_SEARCH = 200;

/** pgvector's range of hnsw.ef_search (spliced into SET). */
function checkEf(ef: number): number {
  if (!Number.isInteger(ef) || ef < 1 || ef > 1000)
    throw new SaeError("E_ARG", `search: efSearch must be an integer in [1, 1000] (pgvector's range), got ${ef}`);
  return ef;
}

/** Exact mode ranks this many more by Postgres's float32 scores, then re-scores them in float64. */
const EXACT_MARGIN = 32;

export class SaeIndex {
  private saeModel: Promise<SteerableSae> | undefined;
  /** Decoder directions, for the nearest features on feature pages (made on first use). */
  private directions: Promise<DecoderDirections> | undefined;
  private ownedSae: { dispose(): Promise<void> } | undefined;
  private queryEmbedder: Embedder | undefined;
  /** The statement timeout of user SQL, in ms. */
  readonly statementTimeout: number;

  private constructor(
    /** The connection: run any SQL over the index's tables (schema `schema`). */
    readonly sql: Sql,
    readonly schema: string,
    readonly meta: IndexMeta,
    options: OpenOptions,
  ) {
    if (options.sae) this.saeModel = Promise.resolve(options.sae);
    this.queryEmbedder = options.embedder;
    const fromEnv = env("SAEJS_STATEMENT_TIMEOUT");
    this.statementTimeout = checkTimeout(options.statementTimeout ?? (fromEnv ? Number(fromEnv) : STATEMENT_TIMEOUT_MS));
  }

  /** Opens an existing index (a folder, memory://, postgres://…, or an open PGlite or pg.Pool); never creates one. */
  static async open(db: DbTarget, options: OpenOptions = {}): Promise<SaeIndex> {
    const s = checkSchemaName(options.schema ?? "saejs");
    const sql = await openSql(db);
    try {
      const meta = await readMeta(sql, s);
      if (!meta) throw new SaeError("E_DB", `${sql.where} holds no sae.js index in schema '${s}'; build one with 'saejs index' (or SaeIndex.build)`);
      if (!meta.complete)
        throw new SaeError(
          "E_DB",
          `the index in ${sql.where} is incomplete (${meta.ingested} of ${meta.corpus.rows} rows in); run 'saejs index' again to finish it`,
        );
      const index = new SaeIndex(sql, s, meta, options);
      if (options.sae) await index.checkSae(options.sae);
      return index;
    } catch (e) {
      await sql.close();
      throw e;
    }
  }

  /** Builds (or finishes) an index, then opens it with the same SAE. */
  static async build(
    db: DbTarget,
    options: BuildOptions & { schema?: string; embedder?: BuildOptions["embedder"] },
  ): Promise<SaeIndex & { added: number; labelled: number; seconds: BuildTimes }> {
    const s = checkSchemaName(options.schema ?? "saejs");
    const sql = await openSql(db, { create: true });
    try {
      const meta = await buildIndex(sql, s, options);
      return Object.assign(new SaeIndex(sql, s, meta, { sae: options.sae }), { added: meta.added, labelled: meta.labelled, seconds: meta.seconds });
    } catch (e) {
      await sql.close();
      throw e;
    }
  }

  private async checkSae(sae: SteerableSae): Promise<SteerableSae> {
    const f = await saeFingerprint(sae);
    if (f !== this.meta.sae.fingerprint)
      throw new SaeError(
        "E_DB",
        `this index was built with another SAE (${this.meta.sae.source}: d=${this.meta.sae.d}, n=${this.meta.sae.n}, k=${this.meta.sae.k}); the one given is d=${sae.nInputs}, n=${sae.nLatents}, k=${sae.k}`,
      );
    return sae;
  }

  /** The SAE: the one given, or loaded from the source the index records (and checked to be the same). */
  sae(): Promise<SteerableSae> {
    this.saeModel ??= (async () => {
      const { loadSae } = await import("../load.js");
      const m = await loadSae(this.meta.sae.source, { k: this.meta.sae.k }).catch((e: unknown) => {
        this.saeModel = undefined;
        throw new SaeError("E_DB", `cannot load the index's SAE from ${this.meta.sae.source} (${(e as Error).message}); pass it (--sae, or { sae })`, {
          cause: e,
        });
      });
      this.ownedSae = m;
      return this.checkSae(m);
    })();
    return this.saeModel;
  }

  /** The embedder of free-text queries: the one given, else the one the corpus was embedded with. */
  embedder(): Embedder {
    if (this.queryEmbedder) {
      if (this.queryEmbedder.dim !== this.meta.sae.d)
        throw new SaeError(
          "E_SHAPE",
          `the embedder ${this.queryEmbedder.name} gives ${this.queryEmbedder.dim}-d vectors; this index holds ${this.meta.sae.d}-d embeddings`,
        );
      const rec = this.meta.embedder;
      if (rec && rec.name !== this.queryEmbedder.name)
        throw new SaeError(
          "E_ARG",
          `this index was embedded with ${rec.name}; a query embedded with ${this.queryEmbedder.name} would be compared with vectors of another model`,
        );
      return this.queryEmbedder;
    }
    const rec = this.meta.embedder;
    if (!rec)
      throw new SaeError(
        "E_ARG",
        "this index was built from precomputed embeddings and records no embedder: name the one that made them (--embedder, or { embedder }), or search with a vector",
        { fix: { option: "embedder", example: "use" } },
      );
    this.queryEmbedder =
      rec.kind === "use"
        ? new UseLiteEmbedder()
        : new HttpEmbedder({ dim: rec.dim, ...(rec.baseUrl ? { baseUrl: rec.baseUrl } : {}), ...(rec.model ? { model: rec.model } : {}) });
    return this.queryEmbedder;
  }

  /** A query's embedding: text through the embedder, a vector checked for width and finiteness. */
  async embed(query: string | Float32Array, signal?: AbortSignal): Promise<Float32Array> {
    if (typeof query === "string") {
      if (!query.trim()) throw new SaeError("E_ARG", "search: the query is empty");
      return this.embedder().embed([query], signal ? { signal } : {});
    }
    if (!(query instanceof Float32Array)) throw new SaeError("E_ARG", "search: the query must be a string or a Float32Array");
    if (query.length !== this.meta.sae.d) throw new SaeError("E_SHAPE", `search: the query has ${query.length} values, the index is ${this.meta.sae.d}-d`);
    checkFinite(query, query.length, "query");
    return query;
  }

  /** Documents ranked by dot product with the query, steered feature by feature. */
  async search(query: string | Float32Array, options: SearchOptions = {}): Promise<SearchResult> {
    const limit = options.limit ?? 10;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new SaeError("E_ARG", `search: limit must be an integer in [1, 10000], got ${limit}`);
    const mode = steerModeOf(options.mode ?? "edit", "search: mode");
    // HNSW returns at most ef_search rows: it must be at least the limit.
    if (!options.exact && limit > 1000)
      throw new SaeError("E_ARG", "search: HNSW returns at most 1,000 documents (pgvector's ef_search limit); ask for fewer, or search exactly");
    const ef = Math.max(checkEf(options.efSearch ?? EF_SEARCH), limit);
    const steer: Steering = options.steer instanceof Map ? options.steer : new Map(Object.entries(options.steer ?? {}).map(([i, v]) => [Number(i), v]));
    const q = await this.embed(query, options.signal);
    const sae = await this.sae();
    const steered = steer.size ? await steerQuery(sae, q, steer, mode) : { vector: q };
    const vector = steered.vector;
    const codes = steered.codes ?? (await queryCodes(sae, vector));
    const hits = await this.rank(vector, limit, { ...options, efSearch: ef });
    const active = Array.from(codes.indices, (index, j) => ({ index, value: codes.values[j]! })).filter((f) => f.value > 0);
    const stats = new Map((await this.features(active.map((f) => f.index))).map((f) => [f.index, f]));
    return { hits, features: active.map((f) => ({ ...stats.get(f.index)!, value: f.value })), vector };
  }

  /** The `limit` documents by dot product with v (the where condition applied), best first. */
  async rank(
    v: Float32Array,
    limit: number,
    options: Pick<SearchOptions, "where" | "filter" | "exact" | "efSearch" | "statementTimeout" | "signal"> = {},
  ): Promise<IndexHit[]> {
    const s = this.schema,
      type = this.meta.storage,
      exact = options.exact === true,
      ef = checkEf(options.efSearch ?? EF_SEARCH);
    const filter = options.filter && Object.keys(options.filter).length ? JSON.stringify(options.filter) : undefined;
    // The user's condition ends its own line, so that a -- comment in it cannot swallow the rest.
    const conds = [options.where?.trim() ? `(${options.where}\n)` : "", filter ? "metadata @> $3::jsonb" : ""].filter(Boolean);
    const cond = conds.length ? `WHERE ${conds.join(" AND ")}` : "";
    return this.sql.transaction(
      async (tx) => {
        if (exact) await tx.query("SET LOCAL enable_indexscan = off");
        else {
          // Approximate mode walks the HNSW graph whatever the planner's estimates (a scan is what --exact is for).
          await tx.query("SET LOCAL enable_seqscan = off");
          await tx.query(`SET LOCAL hnsw.ef_search = ${ef}`);
          // With a filter, keep scanning the graph until `limit` rows pass it (pgvector ≥ 0.8).
          if (cond) await tx.query("SET LOCAL hnsw.iterative_scan = strict_order");
        }
        // Rank first (the distance computed once per row, nothing else read), then fetch the winners' columns.
        const rows = await tx.query<{ row: number; id: string; title: string | null; text: string | null; score: number; e?: string }>(
          `WITH top AS (SELECT row, embedding <#> $1::${type} AS dist FROM ${s}.documents ${cond} ORDER BY dist${exact ? ", row" : ""} LIMIT $2)
           SELECT d.row, d.id, d.title, d.text, -t.dist AS score${exact ? ", d.embedding::text AS e" : ""}
           FROM top t JOIN ${s}.documents d ON d.row = t.row ORDER BY t.dist, t.row`,
          [vectorText(v), exact ? limit + EXACT_MARGIN : limit, ...(filter ? [filter] : [])],
          // (HNSW serves only an ORDER BY of the distance alone: ties by row are for the exact scan.)
        );
        if (!exact) return rows.map(({ row, id, title, text, score }) => ({ row, id, title, text, score }));
        // Postgres sums in float32; re-scored in float64 (as rankByDot does), the ranking is the in-memory one.
        const rescored = rows.map(({ row, id, title, text, e }) => {
          const x = parseVector(e!);
          let score = 0;
          for (let p = 0; p < x.length; p++) score += x[p]! * v[p]!;
          return { row, id, title, text, score };
        });
        return rescored.sort((a, b) => b.score - a.score || a.row - b.row).slice(0, limit);
      },
      { readOnly: true, timeoutMs: options.statementTimeout ?? this.statementTimeout, ...(options.signal ? { signal: options.signal } : {}) },
    );
  }

  /** Statistics and labels of features (all of them, or the ones listed, in that order). */
  async features(which?: readonly number[]): Promise<FeatureInfo[]> {
    const rows = await this.sql.query<{
      latent: number;
      count: number;
      density: number;
      mean_act: number;
      max_act: number;
      label: string | null;
      label_score: number | null;
      label_info?: FeatureInfo["labelInfo"];
    }>(`SELECT * FROM ${this.schema}.features ${which ? "WHERE latent = ANY($1::integer[])" : ""} ORDER BY latent`, which ? [Array.from(which)] : []);
    const by = new Map(
      rows.map((r) => [
        r.latent,
        {
          index: r.latent,
          count: r.count,
          density: r.density,
          meanAct: r.mean_act,
          maxAct: r.max_act,
          label: r.label,
          labelScore: r.label_score,
          labelInfo: r.label_info ?? null,
        },
      ]),
    );
    return which ? which.map((i) => by.get(i) ?? this.noFeature(i)) : [...by.values()];
  }

  private noFeature(i: number): never {
    throw new SaeError("E_INDEX", `feature ${i} is outside [0, ${this.meta.sae.n})`);
  }

  /** The documents where feature i is most active, highest first. */
  async featureDocs(i: number, options: { limit?: number; offset?: number } = {}): Promise<(IndexHit & { value: number })[]> {
    if (!Number.isInteger(i) || i < 0 || i >= this.meta.sae.n) this.noFeature(i);
    const limit = options.limit ?? 10,
      offset = options.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      throw new SaeError("E_ARG", `featureDocs: limit must be an integer in [1, 10000], got ${limit}`);
    if (!Number.isInteger(offset) || offset < 0) throw new SaeError("E_ARG", `featureDocs: offset must be a non-negative integer, got ${offset}`);
    const rows = await this.sql.query<{ row: number; id: string; title: string | null; text: string | null; value: number }>(
      `SELECT d.row, d.id, d.title, d.text, p.value FROM ${this.schema}.postings p JOIN ${this.schema}.documents d ON d.row = p.row
       WHERE p.latent = $1 AND p.value > 0 ORDER BY p.value DESC, p.row LIMIT $2 OFFSET $3`,
      [i, limit, offset],
    );
    return rows.map((r) => ({ ...r, score: r.value }));
  }

  /**
   * A feature's page: its top documents and hard negatives (off, yet nearest the top ones), the
   * histogram of its activations, the features most often active with it (over its top 2,000
   * documents) and the nearest features by decoder cosine.
   */
  async featurePage(i: number, options: { top?: number; negatives?: number } = {}) {
    if (!Number.isInteger(i) || i < 0 || i >= this.meta.sae.n) this.noFeature(i);
    const s = this.schema;
    const docs = await featureNeighbours(this.sql, s, this.meta.storage, this.meta.sae.d, i, options.top ?? 10, options.negatives ?? 5);
    const [info] = await this.features([i]);
    const bins = 12,
      histogram = new Array<number>(bins).fill(0);
    if (info!.maxAct > 0)
      for (const r of await this.sql.query<{ b: number; c: number }>(
        `SELECT least(width_bucket(value::float8, 0, $2::float8, ${bins}), ${bins}) AS b, count(*)::int AS c FROM ${s}.postings WHERE latent = $1 AND value > 0 GROUP BY 1`,
        [i, info!.maxAct],
      ))
        histogram[r.b - 1] = r.c;
    const codes = await this.sql.query<{ c: string }>(
      `SELECT d.codes::text AS c FROM ${s}.documents d JOIN (SELECT row FROM ${s}.postings WHERE latent = $1 AND value > 0 ORDER BY value DESC, row LIMIT 2000) t ON t.row = d.row`,
      [i],
    );
    const together = new Map<number, number>();
    for (const { c } of codes)
      for (const m of c.matchAll(/(\d+):([^,}]+)/g)) {
        const j = Number(m[1]) - 1;
        if (j !== i && Number(m[2]) > 0) together.set(j, (together.get(j) ?? 0) + 1);
      }
    const cooccurring = [...together]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, 5)
      .map(([feature, c]) => ({ feature, value: c / codes.length }));
    this.directions ??= this.sae().then((sae) => DecoderDirections.fromSae(sae));
    const nearest = (await this.directions).nearest(i);
    return { ...docs, histogram: { max: info!.maxAct, counts: histogram }, cooccurring, nearest };
  }

  /** Documents whose title or text contains `words` (case-insensitive), to pick a query document. */
  async find(words: string, limit = 8): Promise<{ row: number; id: string; title: string | null; text: string | null }[]> {
    const like = `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.sql.query(`SELECT row, id, title, text FROM ${this.schema}.documents WHERE title ILIKE $1 OR text ILIKE $1 ORDER BY row LIMIT $2`, [
      like,
      limit,
    ]);
  }

  /** The stored embedding of a corpus row. */
  async embedding(row: number): Promise<Float32Array> {
    const r = await this.sql.query<{ e: string }>(`SELECT embedding::text AS e FROM ${this.schema}.documents WHERE row = $1`, [row]);
    if (!r[0]) throw new SaeError("E_INDEX", `row ${row} is not in this index (${this.meta.corpus.rows} rows)`);
    return parseVector(r[0].e);
  }

  /** Documents by row (in that order), for pages that show them. */
  async documents(
    rows: readonly number[],
  ): Promise<{ row: number; id: string; title: string | null; text: string | null; metadata: Record<string, unknown> }[]> {
    const got = await this.sql.query<{ row: number; id: string; title: string | null; text: string | null; metadata: unknown }>(
      `SELECT row, id, title, text, metadata FROM ${this.schema}.documents WHERE row = ANY($1::integer[])`,
      [Array.from(rows)],
    );
    const by = new Map(
      got.map((r) => [r.row, { ...r, metadata: (typeof r.metadata === "string" ? JSON.parse(r.metadata) : r.metadata) as Record<string, unknown> }]),
    );
    return rows.flatMap((r) => (by.has(r) ? [by.get(r)!] : []));
  }

  /** Runs f in a read-only transaction (for queries users write), under the statement timeout. */
  readOnly<T>(f: (tx: Queryable) => Promise<T>, options: { statementTimeout?: number; signal?: AbortSignal } = {}): Promise<T> {
    return this.sql.transaction(f, {
      readOnly: true,
      timeoutMs: options.statementTimeout ?? this.statementTimeout,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  async close(): Promise<void> {
    if (this.directions) (await this.directions.catch(() => undefined))?.dispose();
    await this.ownedSae?.dispose();
    await this.sql.close();
  }
}
