// The SAE index on Postgres: PGlite in-process, and pg against PGlite served over the wire protocol
// (pglite-socket). Exact search equals the in-memory ranking; HNSW finds nearly all of it; feature
// statistics equal featureStats; builds resume and refuse another SAE or corpus.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { Sae } from "../../src/sae.js";
import { SaeIndex } from "../../src/db/sae-index.js";
import type { IndexBatch } from "../../src/db/ingest.js";
import { CopyRows } from "../../src/db/copy.js";
import { featureStats } from "../../src/explore/features.js";
import { steerEdit } from "../../src/explore/steer.js";
import { rankByDot } from "../../src/kernels/rank.ref.js";
import { plantedCorpus, TOPICS } from "../explore/planted.js";

const { weights, x, texts } = plantedCorpus(600, 32);
const d = 32,
  rows = x.length / d;

function batchesOf(from: number, size = 128, stopAfter = Infinity): AsyncIterable<IndexBatch> {
  return (async function* () {
    let yielded = 0;
    for (let start = from; start < rows; start += size) {
      if (yielded++ >= stopAfter) throw new Error("killed");
      const r = Math.min(size, rows - start);
      yield {
        start,
        rows: r,
        embeddings: x.slice(start * d, (start + r) * d),
        ids: Array.from({ length: r }, (_, j) => `doc-${start + j}`),
        titles: texts.slice(start, start + r).map((t) => t.title),
        texts: texts.slice(start, start + r).map((t) => t.text),
        metadata: Array.from({ length: r }, (_, j) => ({ parity: (start + j) % 2 === 0 ? "even" : "odd", n: start + j })),
      };
    }
  })();
}

let sae: Sae;
const dirs: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), "saejs-db-"));
  dirs.push(dir);
  return join(dir, "index");
};

beforeAll(async () => {
  sae = await Sae.create(weights, { k: 2 });
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const build = (db: string | PGlite, extra: object = {}) =>
  SaeIndex.build(db, { corpus: { name: "planted", rows }, batches: (from) => batchesOf(from), sae, saeRecord: { source: "planted" }, ...extra });

describe("SaeIndex on PGlite", () => {
  let index: SaeIndex;
  beforeAll(async () => {
    index = await build(tmp());
  });
  afterAll(() => index.close());

  it("exact search is the in-memory ranking, ids, titles and scores", async () => {
    for (const doc of [0, 17, 333]) {
      const q = x.slice(doc * d, (doc + 1) * d);
      const r = await index.search(q, { exact: true, limit: 20 });
      const want = rankByDot(x, d, q, 20);
      expect(r.hits.map((h) => h.row)).toEqual(want.map((h) => h.doc));
      expect(r.hits.map((h) => h.score)).toEqual(want.map((h) => h.score));
      expect(r.hits[0]!.id).toBe(`doc-${want[0]!.doc}`);
      expect(r.hits[0]!.title).toBe(texts[want[0]!.doc]!.title);
    }
  });

  it("HNSW recall@10 against exact is at least 0.95", async () => {
    let found = 0;
    for (let doc = 0; doc < 40; doc++) {
      const q = x.slice(doc * d, (doc + 1) * d);
      const approx = new Set((await index.search(q, { limit: 10 })).hits.map((h) => h.row));
      found += rankByDot(x, d, q, 10).filter((h) => approx.has(h.doc)).length;
    }
    expect(found / 400).toBeGreaterThanOrEqual(0.95);
  });

  it("steered exact search ranks by the steered vector; the query's features come with their statistics", async () => {
    const q = x.slice(5 * d, 6 * d);
    const steer = new Map([[3, 2.5]]);
    const r = await index.search(q, { exact: true, steer, mode: "edit", limit: 10 });
    const { vector } = await steerEdit(sae, q, steer);
    expect(r.hits.map((h) => h.row)).toEqual(rankByDot(x, d, vector, 10).map((h) => h.doc));
    expect(r.features.some((f) => f.index === 3 && f.value === 2.5)).toBe(true);
    expect(r.features.every((f) => f.density > 0 && typeof f.label === "string")).toBe(true);
  });

  it("a where condition on metadata filters, in exact and HNSW modes alike", async () => {
    const q = x.slice(8 * d, 9 * d);
    const odd = Array.from({ length: rows }, (_, r) => r).filter((r) => r % 2 === 1);
    const sub = new Float32Array(odd.length * d);
    for (const [j, r] of odd.entries()) sub.set(x.subarray(r * d, (r + 1) * d), j * d);
    const want = rankByDot(sub, d, q, 10).map((h) => odd[h.doc]);
    const exact = await index.search(q, { exact: true, where: "metadata->>'parity' = 'odd'", limit: 10 });
    expect(exact.hits.map((h) => h.row)).toEqual(want);
    // A comment in the condition ends with it: the query around it stands.
    const commented = await index.search(q, { exact: true, where: "metadata->>'parity' = 'odd' -- odd rows only", limit: 10 });
    expect(commented.hits.map((h) => h.row)).toEqual(want);
    const approx = await index.search(q, { where: "metadata->>'parity' = 'odd'", limit: 10 });
    expect(approx.hits.length).toBe(10);
    expect(approx.hits.every((h) => h.row % 2 === 1)).toBe(true);
  });

  it("a where clause cannot write: searches run read-only", async () => {
    await expect(index.search(x.slice(0, d), { where: "(SELECT count(*) FROM (DELETE FROM saejs.documents RETURNING 1) z) > 0" })).rejects.toMatchObject({
      code: "E_DB",
    });
    await expect(index.search(x.slice(0, d), { where: "nonsense_column = 1" })).rejects.toMatchObject({ code: "E_DB", message: /nonsense_column/ });
    expect((await index.sql.query<{ c: number }>("SELECT count(*)::int AS c FROM saejs.documents"))[0]!.c).toBe(rows);
  });

  it("feature statistics equal featureStats over the same codes; top documents come from the postings", async () => {
    const codes = await sae.encode(x, rows);
    const st = featureStats(codes, sae.nLatents, 10);
    const f = await index.features();
    expect(f.length).toBe(sae.nLatents);
    for (const g of f) {
      expect(g.count).toBe(st.counts[g.index]);
      expect(g.density).toBeCloseTo(st.density[g.index]!, 12);
      expect(g.meanAct).toBeCloseTo(st.meanAct[g.index]!, 5);
      expect(g.maxAct).toBeCloseTo(st.maxAct[g.index]!, 6);
    }
    const live = f.find((g) => g.maxAct > 0)!;
    const docs = await index.featureDocs(live.index, { limit: 5 });
    expect(docs.map((h) => h.row)).toEqual(st.top[live.index]!.slice(0, 5).map((t) => t.doc));
    // The planted topics: a feature's label names its topic.
    const topic = TOPICS.find((t) => docs[0]!.text!.includes(t))!;
    expect(live.label).toContain(topic);
  });

  it("refuses bad queries with typed errors", async () => {
    await expect(index.search(new Float32Array(5))).rejects.toMatchObject({ code: "E_SHAPE" });
    await expect(index.search(new Float32Array(d).fill(Number.NaN))).rejects.toMatchObject({ code: "E_NONFINITE" });
    await expect(index.search(x.slice(0, d), { limit: 0 })).rejects.toMatchObject({ code: "E_ARG" });
    await expect(index.search(x.slice(0, d), { steer: { 999: 1 } })).rejects.toMatchObject({ code: "E_INDEX" });
    await expect(index.search("free text")).rejects.toMatchObject({ code: "E_ARG", message: /records no embedder/ });
    await expect(index.featureDocs(-1)).rejects.toMatchObject({ code: "E_INDEX" });
    await expect(index.search(x.slice(0, d), { limit: 2000 })).rejects.toMatchObject({ code: "E_ARG", message: /at most 1,000/ });
    await expect(index.search(x.slice(0, d), { efSearch: 0 })).rejects.toMatchObject({ code: "E_ARG", message: /efSearch/ });
    await expect(index.search(x.slice(0, d), { mode: "nudge" as never, steer: { 1: 1 } })).rejects.toMatchObject({ code: "E_ARG" });
  });
});

describe("building an index", () => {
  it("resumes after a crash mid-way and ends with the index of one run", async () => {
    const dir = tmp();
    await expect(
      SaeIndex.build(dir, {
        corpus: { name: "planted", rows },
        batches: (from) => batchesOf(from, 128, 2),
        sae,
        saeRecord: { source: "planted" },
        labels: false,
      }),
    ).rejects.toThrow("killed");
    const partial = await SaeIndex.open(dir).catch((e) => e);
    expect(partial).toMatchObject({ code: "E_DB", message: /incomplete \(256 of 600 rows in\)/ });
    const index = await build(dir);
    try {
      expect(index.added).toBe(rows - 256);
      const c = await index.sql.query<{ c: number; p: number }>(
        "SELECT (SELECT count(*)::int FROM saejs.documents) AS c, (SELECT count(*)::int FROM saejs.postings) AS p",
      );
      expect(c[0]).toEqual({ c: rows, p: rows * 2 });
    } finally {
      await index.close();
    }
    // Finished: a second run adds nothing.
    const again = await build(dir);
    expect(again.added).toBe(0);
    await again.close();
  });

  it("refuses to resume with another SAE or over another corpus", async () => {
    const dir = tmp();
    await (await build(dir, { labels: false })).close();
    const other = await Sae.create(weights, { k: 3 });
    await expect(
      SaeIndex.build(dir, { corpus: { name: "planted", rows }, batches: (from) => batchesOf(from), sae: other, saeRecord: { source: "other" } }),
    ).rejects.toMatchObject({ code: "E_DB", message: /another SAE/ });
    await expect(
      SaeIndex.build(dir, { corpus: { name: "else", rows }, batches: (from) => batchesOf(from), sae, saeRecord: { source: "x" } }),
    ).rejects.toMatchObject({
      code: "E_DB",
      message: /indexes planted \(600 rows\), not else/,
    });
    await expect(SaeIndex.open(dir, { sae: other })).rejects.toMatchObject({ code: "E_DB", message: /another SAE/ });
    await expect(SaeIndex.open(dir, { schema: "elsewhere" })).rejects.toMatchObject({ code: "E_DB", message: /no sae.js index in schema 'elsewhere'/ });
    await expect(SaeIndex.open(dir, { schema: "Bad;Name" })).rejects.toMatchObject({ code: "E_ARG" });
  });

  it("halfvec storage: exact search ranks by the stored float16 values", async () => {
    const index = await build("memory://", { storage: "halfvec", labels: false });
    try {
      const stored = await index.sql.query<{ e: string }>("SELECT embedding::text AS e FROM saejs.documents ORDER BY row");
      const x16 = new Float32Array(rows * d);
      for (const [i, r] of stored.entries()) x16.set(JSON.parse(r.e), i * d);
      expect(Math.max(...x16.map((v, i) => Math.abs(v - x[i]!)))).toBeLessThan(1e-3);
      const q = x.slice(40 * d, 41 * d);
      expect((await index.search(q, { exact: true, limit: 15 })).hits.map((h) => h.row)).toEqual(rankByDot(x16, d, q, 15).map((h) => h.doc));
    } finally {
      await index.close();
    }
  });
});

describe("binary COPY", () => {
  it("float16 rounding is pgvector's own: halfvec values loaded by COPY equal the same values cast from text", async () => {
    const db = await PGlite.create({ extensions: { vector } });
    try {
      await db.exec("CREATE EXTENSION vector; CREATE TABLE h (i int, v halfvec(8))");
      // Ties to even, subnormals, the largest half, signed zeros, values that round up into the next binade.
      const values = Float32Array.from([
        0.1,
        -2.5e-5,
        65504,
        1 + 2 ** -11,
        1 + 3 * 2 ** -11,
        6e-8,
        -0,
        2047.9999,
        3.3333333,
        1e-7,
        2 ** -14,
        -65519,
        0.000061,
        12345.678,
        -1,
        0.5,
      ]);
      const rows = new CopyRows();
      for (let i = 0; i < 2; i++)
        rows
          .row(2)
          .int4(i)
          .halfvec(values.subarray(i * 8, (i + 1) * 8));
      await db.query("COPY h FROM '/dev/blob' WITH (FORMAT binary)", [], { blob: new Blob([rows.finish() as Uint8Array<ArrayBuffer>]) });
      for (let i = 0; i < 2; i++) {
        const text = (
          await db.query<{ t: string }>("SELECT $1::text::halfvec::text AS t", [
            `[${Array.from(values.subarray(i * 8, (i + 1) * 8), (v) => (Object.is(v, -0) ? "-0" : String(v))).join(",")}]`,
          ])
        ).rows[0]!.t;
        const copied = (await db.query<{ t: string }>("SELECT v::text AS t FROM h WHERE i = $1", [i])).rows[0]!.t;
        expect(copied).toBe(text);
      }
      expect(() => new CopyRows().row(1).halfvec(Float32Array.of(70000))).toThrow(/out of range for float16/);
    } finally {
      await db.close();
    }
  });
});

describe("the same index through a Postgres server (pg over the wire protocol)", () => {
  let db: PGlite, server: PGLiteSocketServer, url: string;
  beforeAll(async () => {
    db = await PGlite.create({ extensions: { vector } });
    server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 8 });
    await server.start();
    url = `postgres://postgres@${server.getServerConn()}/postgres`;
  });
  afterAll(async () => {
    await server.stop();
    await db.close();
  });

  it("builds and searches with the same SQL; exact equals the in-memory ranking; the tables equal PGlite's (COPY) row for row", async () => {
    const index = await build(url, { labels: false });
    const local = await build("memory://", { labels: false });
    try {
      expect(index.sql.kind).toBe("postgres");
      const q = x.slice(99 * d, 100 * d);
      expect((await index.search(q, { exact: true, limit: 10 })).hits.map((h) => h.row)).toEqual(rankByDot(x, d, q, 10).map((h) => h.doc));
      const all = "SELECT row, id, title, text, metadata::text AS m, embedding::text AS e, codes::text AS c FROM saejs.documents ORDER BY row";
      const postings = "SELECT latent, row, value FROM saejs.postings ORDER BY latent, row";
      expect(await index.sql.query(all)).toEqual(await local.sql.query(all));
      expect(await index.sql.query(postings)).toEqual(await local.sql.query(postings));
    } finally {
      await index.close();
      await local.close();
    }
    const reopened = await SaeIndex.open(url, { sae });
    try {
      expect(reopened.meta.corpus).toEqual({ name: "planted", rows });
      expect((await reopened.featureDocs(0, { limit: 3 })).length).toBeGreaterThan(0);
    } finally {
      await reopened.close();
    }
  });

  it("an unreachable server or a wrong password is E_DB naming the server, not the password", async () => {
    const e = await SaeIndex.open("postgres://postgres:hunter2@127.0.0.1:1/postgres").catch((err) => err);
    expect(e).toMatchObject({ code: "E_DB" });
    expect(e.message).toContain("127.0.0.1:1");
    expect(e.message).not.toContain("hunter2");
  });
});
