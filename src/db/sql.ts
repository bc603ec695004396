// One way to talk to Postgres, whichever it is: PGlite (Postgres compiled to Wasm, embedded, in a
// folder or in memory) or any server through node-postgres (`pg`). Both packages are optional and
// loaded on first use; the SQL is the same for both.
import { SaeError } from "../core/errors.js";
import { sourceKind } from "../core/source-kind.js";
import { optionalModule } from "../runtime/optional.js";
import { fs, lockFolder } from "../runtime/fs.js";
import { caps } from "../runtime/detect.js";
import { checkTimeout, dbError } from "./db-errors.js";
import { openPgliteWorker } from "./pglite-worker.js";
import { checkStore, lockStore, requireStore, storeName } from "./browser-store.js";
import type { Queryable, Row, Sql, TransactionOptions } from "./connection.js";

export { checkTimeout, dbError, STATEMENT_TIMEOUT_MS } from "./db-errors.js";
export type { Queryable, Row, Sql, TransactionOptions } from "./connection.js";

/** A statement stopped by the timeout or by the signal, named as such (SQLSTATE 57014, query_canceled). */
function cancelled(e: unknown, options: TransactionOptions): unknown {
  if ((e as { cause?: { code?: string } })?.cause?.code !== "57014") return e;
  if (options.signal?.aborted) return new SaeError("E_ABORTED", "the query was cancelled (its signal aborted)", { cause: e });
  return new SaeError(
    "E_DB",
    `the query ran past its statement timeout of ${options.timeoutMs} ms and was cancelled; narrow the where condition, or raise the limit (statementTimeout)`,
    { cause: e },
  );
}

/** The parts of a PGlite instance used here (pass your own, e.g. on IndexedDB or OPFS in a browser). */
type PGliteQuery = (text: string, params?: unknown[], options?: { blob?: Blob }) => Promise<{ rows: Row[] }>;
export interface PGliteLike {
  query: PGliteQuery;
  exec(text: string): Promise<unknown>;
  transaction<T>(f: (tx: { query: PGliteQuery }) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly closed?: boolean;
  readonly dataDir?: string;
}

interface PgClientLike {
  query(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  release(err?: Error | boolean): void;
}
/** The parts of a pg.Pool used here. */
export interface PgPoolLike {
  query(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  connect(): Promise<PgClientLike>;
  end(): Promise<void>;
}

/** A database: a folder for PGlite, `memory://`, `idb://name` or `opfs-ahp://name` in a browser, `postgres://…` for a server, or an open PGlite or pg.Pool. */
export type DbTarget = string | PGliteLike | PgPoolLike;

/** A connection string without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
}

function wrap(
  q: (text: string, params?: unknown[]) => Promise<{ rows: Row[] }>,
  copy: ((target: string, data: Uint8Array) => Promise<unknown>) | undefined,
  where: string,
): Queryable {
  const out: Queryable = {
    async query<R extends Row = Row>(text: string, params: readonly unknown[] = []) {
      try {
        return (await q(text, params as unknown[])).rows as R[];
      } catch (e) {
        throw dbError(e, text, where);
      }
    },
  };
  if (copy)
    out.copyIn = async (target, data) => {
      try {
        await copy(target, data);
      } catch (e) {
        throw dbError(e, `COPY ${target}`, where);
      }
    };
  return out;
}

/** PGlite reads COPY data from a Blob it names /dev/blob. */
const pgliteCopy = (query: PGliteQuery) => (target: string, data: Uint8Array) =>
  query(`COPY ${target} FROM '/dev/blob' WITH (FORMAT binary)`, [], { blob: new Blob([data as Uint8Array<ArrayBuffer>]) });

interface PGliteModule {
  PGlite: { create(options: { dataDir?: string; extensions?: Record<string, unknown> }): Promise<PGliteLike> };
}

/** An embedded Postgres with pgvector: in a folder (created if missing), in memory, or in a browser's storage. */
async function openPglite(target: string): Promise<PGliteLike> {
  const { PGlite } = await optionalModule<PGliteModule>("@electric-sql/pglite", "an embedded index (PGlite)");
  const { vector } = await optionalModule<{ vector: unknown }>("@electric-sql/pglite-pgvector", "an embedded index (pgvector for PGlite)");
  try {
    return await PGlite.create({ ...(target === "memory://" ? {} : { dataDir: target }), extensions: { vector } });
  } catch (e) {
    throw new SaeError(
      "E_DB",
      `${target}: PGlite cannot open it (${(e as Error)?.message ?? e}); is it a PGlite folder of a matching version, not in use by another process?`,
      {
        cause: e,
      },
    );
  }
}

function fromPglite(db: PGliteLike, where: string, owned: boolean): Sql {
  const base = wrap((t, p) => db.query(t, p), pgliteCopy(db.query.bind(db)), where);
  return {
    kind: "pglite",
    where,
    query: base.query,
    copyIn: base.copyIn!,
    async exec(text) {
      try {
        await db.exec(text);
      } catch (e) {
        throw dbError(e, text, where);
      }
    },
    async transaction(f, options = {}) {
      if (options.signal?.aborted) throw new SaeError("E_ABORTED", "the query was cancelled (its signal aborted)");
      return db
        .transaction(async (tx) => {
          const q = wrap((t, p) => tx.query(t, p), pgliteCopy(tx.query.bind(tx)), where);
          if (options.readOnly) await q.query("SET TRANSACTION READ ONLY");
          // Set for what the setting is worth: PGlite runs a statement to its end on this thread.
          if (options.timeoutMs !== undefined) await q.query(`SET LOCAL statement_timeout = ${checkTimeout(options.timeoutMs)}`);
          const signal = options.signal;
          if (!signal) return f(q);
          // Between statements, an aborted signal stops the transaction.
          return f({
            ...q,
            query: (t, p) => {
              if (signal.aborted) return Promise.reject(new SaeError("E_ABORTED", "the query was cancelled (its signal aborted)"));
              return q.query(t, p);
            },
          });
        })
        .catch((e: unknown) => {
          throw cancelled(e, options);
        });
    },
    async close() {
      if (owned && !db.closed) await db.close();
    },
  };
}

function fromPool(pool: PgPoolLike, where: string, owned: boolean): Sql {
  const base = wrap((t, p) => pool.query(t, p), undefined, where);
  return {
    kind: "postgres",
    where,
    query: base.query,
    async exec(text) {
      await base.query(text);
    },
    async transaction(f, options = {}) {
      if (options.signal?.aborted) throw new SaeError("E_ABORTED", "the query was cancelled (its signal aborted)");
      let client: Awaited<ReturnType<PgPoolLike["connect"]>>;
      try {
        client = await pool.connect();
      } catch (e) {
        throw dbError(e, "connect", where);
      }
      const q = wrap((t, p) => client.query(t, p), undefined, where);
      let stop: (() => void) | undefined;
      try {
        await q.query(options.readOnly ? "BEGIN READ ONLY" : "BEGIN");
        if (options.timeoutMs !== undefined) await q.query(`SET LOCAL statement_timeout = ${checkTimeout(options.timeoutMs)}`);
        if (options.signal) {
          // The signal cancels the statement running on this connection, from another one.
          const [{ pid }] = (await q.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")) as [{ pid: number }];
          stop = () => void pool.query("SELECT pg_cancel_backend($1)", [pid]).catch(() => {});
          options.signal.addEventListener("abort", stop, { once: true });
        }
        const out = await f(q);
        await q.query("COMMIT");
        client.release();
        return out;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        client.release();
        throw cancelled(e, options);
      } finally {
        if (stop) options.signal?.removeEventListener("abort", stop);
      }
    },
    async close() {
      if (owned) await pool.end();
    },
  };
}

/**
 * An existing PGlite folder, checked before PGlite touches it: opening a mistyped path would create
 * a fresh, empty database there (tens of MB, seconds) only to find no index in it.
 */
async function checkPgliteFolder(dir: string): Promise<void> {
  const f = await fs();
  const make = `build one with 'saejs index <corpus> --sae <sae> --db ${dir}' (or SaeIndex.build)`;
  let isDir: boolean;
  try {
    isDir = (await f.stat(dir)).isDirectory();
  } catch (e) {
    if ((e as { code?: string }).code === "ENOENT") throw new SaeError("E_DB", `${dir}: no index there (no such folder); ${make}`);
    const why = (e as { code?: string }).code ?? (e as Error)?.message;
    throw new SaeError("E_IO", `${dir}: cannot read the index folder (${why})`, { cause: e });
  }
  if (!isDir) throw new SaeError("E_IO", `${dir}: a file, not an index folder; give the folder 'saejs index … --db' wrote`);
  // Every Postgres data folder (PGlite's too) starts with PG_VERSION.
  const version = await f.readFile(`${dir}/PG_VERSION`, "utf8").catch(() => undefined);
  if (version === undefined) throw new SaeError("E_DB", `${dir}: not an index folder (no PG_VERSION: it holds no PGlite database); ${make}`);
}

export interface OpenSqlOptions {
  /**
   * Create a PGlite folder that is missing (building an index), and run PGlite on this thread; else
   * a missing or foreign folder is refused, and in Node the folder opens in a worker thread.
   */
  create?: boolean;
}

/** Opens a database; a string target is owned (closed by close()), an instance stays the caller's. */
export async function openSql(target: DbTarget, options: OpenSqlOptions = {}): Promise<Sql> {
  if (typeof target === "string") {
    if (!target.trim()) throw new SaeError("E_ARG", "db: an empty target; give a folder, memory:// or postgres://user@host/db");
    const kind = sourceKind(target);
    if (kind === "postgres") {
      const pg = await optionalModule<{ default?: { Pool: new (o: object) => PgPoolLike }; Pool?: new (o: object) => PgPoolLike }>(
        "pg",
        "a Postgres server index",
      );
      const Pool = pg.Pool ?? pg.default!.Pool;
      const pool = new Pool({ connectionString: target, max: 4 });
      // An idle client's error (the server went away) would otherwise be thrown by the pool itself.
      (pool as unknown as { on(e: string, f: (e: Error) => void): void }).on("error", () => {});
      const sql = fromPool(pool, redactUrl(target), true);
      await sql.query("SELECT 1").catch(async (e) => {
        await pool.end().catch(() => {});
        throw e;
      });
      return sql;
    }
    if (kind !== "path" && kind !== "memory" && kind !== "idb" && kind !== "opfs")
      throw new SaeError("E_ARG", `db: '${redactUrl(target)}' is neither a folder, memory://, idb://name, opfs-ahp://name nor postgres://…`);
    const folder = kind === "path";
    const runtime = caps().runtime;
    if (runtime === "workerd")
      throw new SaeError(
        "E_ARG",
        `db: an embedded index (PGlite) cannot run on an edge runtime (it compiles Wasm and loads files at run time); build and search it in Node, Deno, Bun or a browser`,
      );
    if (folder && (runtime === "browser" || runtime === "webworker"))
      throw new SaeError(
        "E_ARG",
        `db: '${target}' is a folder, and a browser has no file system: keep the index in IndexedDB (idb://${/^[A-Za-z0-9._-]+$/.test(target) ? target : "my-index"}), or in OPFS from a worker (opfs-ahp://name), or memory://`,
      );
    let release = async () => {};
    if (kind === "idb" || kind === "opfs") {
      requireStore(target, kind);
      const name = storeName(target, kind);
      // Locked before the check, so that no other tab creates or opens it in between.
      release = await lockStore(target);
      if (!options.create)
        await checkStore(target, kind, name).catch(async (e) => {
          await release();
          throw e;
        });
    }
    if (folder && !options.create) await checkPgliteFolder(target);
    // A folder: one process at a time (PGlite has no lock of its own; two would corrupt it).
    if (folder) release = await lockFolder(target, "the index folder");
    const releaseAndThrow = async (e: unknown): Promise<never> => {
      await release();
      throw e;
    };
    if (folder && !options.create && runtime === "node") {
      // An opened index runs users' SQL: in a worker thread, where a statement can be stopped.
      return holding(await openPgliteWorker(target, import.meta.url).catch(releaseAndThrow), release);
    }
    // (IndexedDB: PGlite copies changed files to IndexedDB after each statement, and waits for it;
    // its relaxedDurability would not wait, and lose a write through index.sql that close() follows.)
    const db = await openPglite(target).catch(releaseAndThrow);
    return holding(fromPglite(db, target, true), release);
  }
  if ("connect" in target && "end" in target) return fromPool(target, "postgres", false);
  if ("exec" in target && "transaction" in target) return fromPglite(target, target.dataDir ?? "pglite", false);
  throw new SaeError("E_ARG", "db: expected a folder, memory://, postgres://…, a PGlite instance or a pg.Pool");
}

/** The connection, its folder's lock released after it closes. */
function holding(sql: Sql, release: () => Promise<void>): Sql {
  const close = sql.close;
  return {
    ...sql,
    async close() {
      await close();
      await release();
    },
  };
}
