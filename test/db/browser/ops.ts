// What the test asks of the page and of its worker (the same functions in both): build an index,
// open it again, measure, and try the refusals. Every answer is plain JSON for page.evaluate.
import { Sae } from "saejs";
import { openSql, SaeIndex } from "saejs/db";
import type { SaeWeights } from "../../../src/core/model.js";
import { batch, batches, K, probe, QUERY_ROW, STEER } from "./corpus.js";
import { weights } from "./corpus.js";

let w: SaeWeights | undefined;
let sae: Sae | undefined;
async function model(): Promise<{ w: SaeWeights; sae: Sae }> {
  w ??= weights();
  sae ??= await Sae.create(w, { k: K });
  return { w, sae };
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;

/** Runs f; a refusal comes back as its code and message. */
async function attempt(f: () => Promise<unknown>): Promise<{ ok: true } | { code: string; message: string }> {
  try {
    const r = await f();
    if (r && typeof (r as { close?: unknown }).close === "function") await (r as { close(): Promise<void> }).close();
    return { ok: true };
  } catch (e) {
    return { code: (e as { code?: string }).code ?? "(none)", message: String((e as Error)?.message ?? e) };
  }
}

export const ops = {
  async build(target: string, rows: number, size: number) {
    const { w, sae } = await model();
    const t0 = performance.now();
    const index = await SaeIndex.build(target, {
      corpus: { name: "synthetic", rows },
      batches: batches(w, rows, size),
      sae,
      saeRecord: { source: "synthetic" },
      labels: false,
    });
    const buildMs = performance.now() - t0;
    const t1 = performance.now();
    await index.close();
    return { buildMs, closeMs: performance.now() - t1, seconds: index.seconds };
  },

  async reopen(target: string) {
    const { w, sae } = await model();
    const t0 = performance.now();
    const index = await SaeIndex.open(target, { sae });
    const openMs = performance.now() - t0;
    try {
      const p = await probe(index, w);
      const q = batch(w, QUERY_ROW, 1).embeddings;
      const times: number[] = [],
        exact: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        await index.search(q, { steer: { [STEER]: 4 }, limit: 10 });
        times.push(performance.now() - t);
      }
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await index.search(q, { steer: { [STEER]: 4 }, limit: 10, exact: true });
        exact.push(performance.now() - t);
      }
      return { openMs, probe: p, searchMs: median(times), exactMs: median(exact) };
    } finally {
      await index.close();
    }
  },

  /** Opening target (an index, or create: a bare database) refused, or not. */
  refuse(target: string) {
    return attempt(async () => SaeIndex.open(target));
  },

  /** Two openings of one index at once: the second is refused. */
  async twice(target: string) {
    const { sae } = await model();
    const first = await SaeIndex.open(target, { sae });
    try {
      return await attempt(async () => SaeIndex.open(target, { sae }));
    } finally {
      await first.close();
    }
  },

  /** A PGlite database with a table of its own and no index. */
  async plain(target: string) {
    const sql = await openSql(target, { create: true });
    await sql.exec("CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes VALUES (1, 'not an index')");
    await sql.close();
  },

  /** Marks the index as written by a newer sae.js. */
  async bumpSchema(target: string) {
    const sql = await openSql(target);
    await sql.query("UPDATE saejs.meta SET value = '99'::jsonb WHERE key = 'schema'");
    await sql.close();
  },

  /** An IndexedDB database where PGlite would keep idb://name, written by something else. */
  async foreignIdb(name: string, withPgliteStore: boolean) {
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(`/pglite/${name}`, 3);
      req.onupgradeneeded = () => {
        const store = req.result.createObjectStore(withPgliteStore ? "FILE_DATA" : "things");
        store.put({ hello: "world" }, `/pglite/${name}/notes.txt`);
      };
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    });
  },

  async idbNames() {
    return (await indexedDB.databases()).map((d) => d.name ?? "").sort();
  },

  async estimate() {
    const e = await navigator.storage.estimate();
    return { usage: e.usage ?? 0, quota: e.quota ?? 0, details: (e as { usageDetails?: Record<string, number> }).usageDetails ?? {} };
  },

  async opfsNames() {
    const root = await navigator.storage.getDirectory();
    const names: string[] = [];
    for await (const [name] of (root as unknown as { entries(): AsyncIterable<[string, unknown]> }).entries()) names.push(name);
    return names.sort();
  },

  /** Whether the model's kernels run (sanity: the page has loaded). */
  async ready() {
    await model();
    return true;
  },
};

export type Ops = typeof ops;
