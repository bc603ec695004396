// An opened PGlite index in a worker thread (Node), so that users' SQL can be stopped. PGlite runs
// a statement to its end on the thread that called it and ignores statement_timeout (Wasm has no
// timer inside a running statement), so a `--where "pg_sleep(60) IS NULL"` on the calling thread
// would hang the command and every request of the explorer's server. Here the database lives in a
// worker that owns it; the narrow Sql interface is proxied over messages, one statement at a time,
// and a statement that outlives its deadline or whose AbortSignal fires ends the worker
// (terminate()): the call is refused at once as E_DB naming the timeout, or E_ABORTED, and the next
// call reopens the folder in a fresh worker. Only opened (read) indexes run here, never the
// builder, so a stopped worker leaves nothing half-written (Postgres recovers an unclean stop).
//
// Why a worker and not a child process: the same thread primitive the kernels use
// (runtime/workers.ts), a ~0.2 s stop, and nothing to find on disk: the worker's code is the string
// below, which loads PGlite with require() from where this module lives.
//
// Where there are no Node worker threads (browsers, Deno, Bun, edge) an index runs on the calling
// thread (sql.ts fromPglite): its AbortSignal is checked between statements, and a running
// statement cannot be interrupted.
import { SaeError } from "../core/errors.js";
import { spawnWorker, type WorkerHandle } from "../runtime/workers.js";
import { checkTimeout, dbError } from "./db-errors.js";
import type { Queryable, Row, Sql, TransactionOptions } from "./connection.js";

/** The worker: opens PGlite (with pgvector) on the folder, then answers each statement in turn. */
const WORKER_SOURCE = `"use strict";
const { parentPort } = require("node:worker_threads");
const { createRequire } = require("node:module");
const fail = (e) => ({ message: (e && e.message) || String(e), code: e && e.code, detail: e && e.detail, hint: e && e.hint });
async function main({ base, dataDir }) {
  const load = createRequire(base);
  let db;
  try {
    const { PGlite } = load("@electric-sql/pglite");
    const { vector } = load("@electric-sql/pglite-pgvector");
    db = await PGlite.create({ dataDir, extensions: { vector } });
  } catch (e) {
    parentPort.postMessage({ open: fail(e) });
    return;
  }
  parentPort.on("message", async (m) => {
    try {
      if (m.op === "close") {
        await db.close();
        parentPort.postMessage({ id: m.id, rows: [] });
      } else if (m.op === "exec") {
        await db.exec(m.text);
        parentPort.postMessage({ id: m.id, rows: [] });
      } else parentPort.postMessage({ id: m.id, rows: (await db.query(m.text, m.params)).rows });
    } catch (e) {
      parentPort.postMessage({ id: m.id, error: fail(e) });
    }
  });
  parentPort.postMessage({ open: null });
}
`;

interface Reply {
  id?: number;
  rows?: Row[];
  error?: { message: string; code?: string; detail?: string; hint?: string };
  open?: { message: string; code?: string } | null;
}

interface Live {
  handle: WorkerHandle;
  /** Statements sent, by id. */
  pending: Map<number, { resolve(rows: Row[]): void; reject(e: unknown): void }>;
}

/** A deadline and a signal for one statement. */
interface Bound {
  timeoutMs?: number;
  signal?: AbortSignal;
}

const aborted = () => new SaeError("E_ABORTED", "the query was cancelled (its signal aborted)");
const timedOut = (ms: number) =>
  new SaeError(
    "E_DB",
    `the query ran past its statement timeout of ${ms} ms and was stopped; narrow the where condition, or raise the limit (statementTimeout, SAEJS_STATEMENT_TIMEOUT ms)`,
  );

/** Opens the PGlite folder `dataDir` in a worker thread; `base` is the URL require() resolves PGlite from. */
export async function openPgliteWorker(dataDir: string, base: string): Promise<Sql> {
  /** The worker now serving, or being started; none after a stop until the next call. */
  let live: Promise<Live> | undefined;
  let current: Live | undefined;
  let closed = false;
  let nextId = 1;
  /** Bumped each time a worker ends: a transaction begun before it has no connection left. */
  let generation = 0;
  /** One statement or transaction at a time (PGlite has one connection; a transaction must not interleave). */
  let queue: Promise<unknown> = Promise.resolve();

  /** Forgets worker w (stopped or dead) and fails its statement with e. */
  const forget = (w: Live, e: unknown) => {
    if (current === w) {
      current = undefined;
      live = undefined;
      generation++;
    }
    for (const p of w.pending.values()) p.reject(e);
    w.pending.clear();
  };

  const spawn = async (): Promise<Live> => {
    const handle = await spawnWorker(`${WORKER_SOURCE}main(${JSON.stringify({ base, dataDir })});`);
    const w: Live = { handle, pending: new Map() };
    current = w;
    let opened!: { resolve(): void; reject(e: unknown): void };
    const ready = new Promise<void>((resolve, reject) => (opened = { resolve, reject }));
    handle.onDeath((reason) => {
      const e = new SaeError("E_DB", `${dataDir}: the database's worker stopped (${reason})`);
      forget(w, e);
      opened.reject(e);
    });
    handle.endpoint.addEventListener("message", ((ev: MessageEvent<Reply>) => {
      const m = ev.data;
      if (m.open !== undefined) {
        if (m.open === null) return opened.resolve();
        const e = m.open;
        opened.reject(
          e.code === "MODULE_NOT_FOUND"
            ? new SaeError(
                "E_DEPENDENCY",
                `an embedded index (PGlite) needs the optional packages '@electric-sql/pglite' and '@electric-sql/pglite-pgvector' (${e.message})`,
              )
            : new SaeError(
                "E_DB",
                `${dataDir}: PGlite cannot open it (${e.message}); is it a PGlite folder of a matching version, not in use by another process?`,
              ),
        );
        return;
      }
      const p = m.id === undefined ? undefined : w.pending.get(m.id);
      if (!p) return;
      w.pending.delete(m.id!);
      if (m.error) p.reject(m.error);
      else p.resolve(m.rows ?? []);
    }) as EventListener);
    handle.hold(true);
    try {
      await ready;
    } catch (e) {
      forget(w, e);
      await handle.terminate();
      throw e;
    } finally {
      handle.hold(false);
    }
    return w;
  };

  /** Stops worker w now (a statement past its deadline, or aborted): the next call opens a fresh one. */
  const stop = (w: Live, e: unknown) => {
    forget(w, e);
    void w.handle.terminate();
  };

  /** One message to worker w, answered, under a deadline and a signal. */
  const post = async (w: Live, m: { op: "query" | "exec" | "close"; text?: string; params?: readonly unknown[] }, bound: Bound = {}): Promise<Row[]> => {
    const id = nextId++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    w.handle.hold(true);
    try {
      return await new Promise<Row[]>((resolve, reject) => {
        w.pending.set(id, { resolve, reject });
        if (bound.timeoutMs !== undefined) {
          const ms = bound.timeoutMs;
          timer = setTimeout(() => stop(w, timedOut(ms)), ms);
        }
        if (bound.signal) {
          onAbort = () => stop(w, aborted());
          bound.signal.addEventListener("abort", onAbort, { once: true });
        }
        w.handle.endpoint.postMessage({ id, ...m, params: m.params ? [...m.params] : undefined });
      });
    } catch (e) {
      throw dbError(e, m.text ?? m.op, dataDir);
    } finally {
      if (timer) clearTimeout(timer);
      if (onAbort) bound.signal?.removeEventListener("abort", onAbort);
      w.handle.hold(false);
    }
  };

  /** One statement, on the worker (started again if a stop ended the last one). */
  const send = async (m: { op: "query" | "exec"; text: string; params?: readonly unknown[] }, bound: Bound = {}): Promise<Row[]> => {
    if (closed) throw new SaeError("E_DB", `${dataDir}: the index is closed`);
    if (bound.signal?.aborted) throw aborted();
    live ??= spawn();
    const w = await live.catch((e: unknown) => {
      live = undefined;
      throw e;
    });
    if (bound.signal?.aborted) throw aborted();
    return post(w, m, bound);
  };

  /** f with the connection to itself (one at a time). */
  const exclusive = <T>(f: () => Promise<T>): Promise<T> => {
    const run = queue.then(f, f);
    queue = run.catch(() => {});
    return run;
  };

  // Opened now, so that a folder PGlite cannot open is refused at once.
  await send({ op: "query", text: "SELECT 1" });
  return {
    kind: "pglite",
    where: dataDir,
    query: <R extends Row = Row>(text: string, params?: readonly unknown[]) =>
      exclusive(() => send({ op: "query", text, ...(params ? { params } : {}) })) as Promise<R[]>,
    exec: (text) => exclusive(async () => void (await send({ op: "exec", text }))),
    transaction<T>(f: (tx: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      if (options.timeoutMs !== undefined) checkTimeout(options.timeoutMs);
      const bound: Bound = {
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      };
      return exclusive(async () => {
        if (options.signal?.aborted) throw aborted();
        await send({ op: "query", text: options.readOnly ? "BEGIN READ ONLY" : "BEGIN" });
        const mine = generation;
        const tx: Queryable = {
          query: <R extends Row = Row>(text: string, params?: readonly unknown[]) => {
            if (generation !== mine) return Promise.reject(new SaeError("E_DB", `${dataDir}: the transaction was stopped`));
            return send({ op: "query", text, ...(params ? { params } : {}) }, bound) as Promise<R[]>;
          },
        };
        try {
          // Postgres's own limit, for what it is worth (the deadline above is what stops a statement here).
          if (options.timeoutMs !== undefined) await tx.query(`SET LOCAL statement_timeout = ${options.timeoutMs}`);
          const out = await f(tx);
          await send({ op: "query", text: "COMMIT" });
          return out;
        } catch (e) {
          // A stopped worker took its transaction with it: nothing to roll back, and no reason to reopen now.
          if (generation === mine) await send({ op: "query", text: "ROLLBACK" }).catch(() => {});
          throw e;
        }
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await exclusive(async () => {
        const w = live && (await live.catch(() => undefined));
        live = undefined;
        if (!w) return;
        current = undefined;
        await post(w, { op: "close" }).catch(() => {});
        await w.handle.terminate();
      });
    },
  };
}
