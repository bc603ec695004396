// `saejs index` and `saejs search --db` as a user runs them, over real arXiv abstracts: a Parquet
// written by DuckDB (title, abstract, categories, USE lite embeddings), an SAE trained on it, an
// index in a PGlite folder; free-text search finds astrophysics, exact mode equals the in-memory
// search, Ctrl-C and a killed process leave an index the next run completes.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseNpy } from "../../src/io/npy.js";
import { parseCsv } from "../../src/io/texts.js";
import { CLI, interrupt, lastJson, saejs } from "../cli-runner.js";

const ARXIV = join(process.cwd(), "..", "shared", "data", "arxiv", "arxiv-2007-first2000.csv");
/** Rows of the April 2007 file embedded here: enough for every field to appear, seconds to embed. */
const ROWS = 240;

let dir: string, papers: { title: string; categories: string }[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-index-cli-"));
  const [header, ...records] = parseCsv(readFileSync(ARXIV, "utf8"));
  const col = (name: string) => header!.indexOf(name);
  const rows = records
    .slice(0, ROWS)
    .map((r, i) => ({ id: i, title: r[col("title")]!.replace(/\s+/g, " "), abstract: r[col("abstract")]!.trim(), categories: r[col("categories")]! }));
  papers = rows;
  writeFileSync(join(dir, "abstracts.jsonl"), rows.map((r) => JSON.stringify(r)).join("\n"));
  const e = await saejs(dir, "embed", "abstracts.jsonl", "--text-column", "abstract", "--out", "abstracts.npy", "--quiet");
  expect(e.stderr).toBe("");
  const x = (await parseNpy(readFileSync(join(dir, "abstracts.npy")))).data as Float32Array;
  writeFileSync(
    join(dir, "embeddings.jsonl"),
    rows.map((_, i) => JSON.stringify({ id: i, embedding: Array.from(x.subarray(i * 512, (i + 1) * 512)) })).join("\n"),
  );
  const db = await DuckDBInstance.create(":memory:");
  const duck = await db.connect();
  await duck.run(
    `COPY (SELECT a.id, a.title, a.abstract, a.categories, e.embedding::FLOAT[] AS embedding
       FROM read_json('${join(dir, "abstracts.jsonl")}') a JOIN read_json('${join(dir, "embeddings.jsonl")}') e USING (id) ORDER BY a.id)
     TO '${join(dir, "papers.parquet")}' (FORMAT parquet, ROW_GROUP_SIZE 100)`,
  );
  duck.closeSync();
  const t = await saejs(
    dir,
    "train",
    "papers.parquet",
    "--k",
    "8",
    "--n",
    "128",
    "--epochs",
    "40",
    "--batch",
    "32",
    "--lr",
    "1e-3",
    "--out",
    "sae.safetensors",
    "--quiet",
  );
  expect(t.code, t.stderr).toBe(0);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const QUERY = "gravitational lensing of distant galaxies";
const INDEX_PAPERS = [
  "index",
  "papers.parquet",
  "--sae",
  "sae.safetensors",
  "--db",
  "idx",
  "--text-column",
  "abstract",
  "--title-column",
  "title",
  "--id-column",
  "id",
  "--embedder",
  "use",
];

describe("saejs index and search --db over real abstracts", () => {
  it("indexes the Parquet (texts, titles, ids, metadata), and says so when run again", async () => {
    const r = await saejs(dir, ...INDEX_PAPERS, "--json");
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r.stdout);
    expect(out).toMatchObject({ documents: ROWS, added: ROWS, embedder: "use-lite-512" });
    expect(out.liveFeatures).toBeGreaterThan(20);
    const again = await saejs(dir, ...INDEX_PAPERS);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout + again.stderr).toContain("already complete");
  });

  it("a free-text query finds astrophysics papers, with the query's labelled features", async () => {
    const r = await saejs(dir, "search", "--db", "idx", QUERY, "--json");
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r.stdout);
    expect(out.query).toBe(QUERY);
    expect(out.hits).toHaveLength(10);
    expect(Object.keys(out.hits[0])).toEqual(expect.arrayContaining(["id", "score", "title"]));
    const astro = out.hits.filter((h: { row: number }) => papers[h.row]!.categories.includes("astro-ph")).length;
    // 17 % of these papers are astro-ph; the query's neighbours are mostly that.
    expect(astro).toBeGreaterThanOrEqual(7);
    expect(out.hits[0].title).toBe(papers[out.hits[0].row]!.title);
    expect(out.features.length).toBeGreaterThan(0);
    expect(out.features.every((f: { label: string }) => typeof f.label === "string")).toBe(true);
    // People's output: features, then documents with ids and titles.
    const human = await saejs(dir, "search", "--db", "idx", QUERY, "--limit", "3");
    expect(human.stdout).toMatch(/query features/);
    expect(human.stdout).toContain(`[${out.hits[0].id}]`);
  });

  it("--exact equals the in-memory search of the same corpus, steered too", async () => {
    for (const steer of [[], ["--steer", "3=2.5", "--steer-mode", "add"]]) {
      const db = lastJson((await saejs(dir, "search", "--db", "idx", QUERY, "--exact", "--limit", "10", "--json", ...steer)).stdout);
      const mem = await saejs(dir, "search", "sae.safetensors", "papers.parquet", QUERY, "--text-column", "abstract", "--top", "10", "--json", ...steer);
      expect(mem.code, mem.stderr).toBe(0);
      const m = lastJson(mem.stdout);
      const want = steer.length ? m.steered : m.results;
      expect(db.hits.map((h: { row: number }) => h.row)).toEqual(want.map((h: { doc: number }) => h.doc));
      for (const [i, h] of (db.hits as { score: number }[]).entries()) expect(h.score).toBeCloseTo(want[i].score, 5);
    }
  });

  it("--where filters on metadata; a bad condition is E_DB with Postgres's words", async () => {
    const r = lastJson((await saejs(dir, "search", "--db", "idx", QUERY, "--where", "metadata->>'categories' LIKE 'math%'", "--json")).stdout);
    expect(r.hits.length).toBeGreaterThan(0);
    expect(r.hits.every((h: { row: number }) => papers[h.row]!.categories.startsWith("math"))).toBe(true);
    const bad = await saejs(dir, "search", "--db", "idx", QUERY, "--where", "no_such_column = 1");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/saejs: E_DB: .*no_such_column/);
  });

  it("typed errors: no index there, an incomplete one, a missing --sae", async () => {
    const none = await saejs(dir, "search", "--db", "nowhere", QUERY);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/E_DB: nowhere: no index there.*saejs index .*--db nowhere/);
    const usage = await saejs(dir, "index", "papers.parquet", "--db", "x");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--sae is required");
    const noEmbedder = await saejs(dir, "index", "papers.parquet", "--sae", "sae.safetensors", "--db", "plain", "--text-column", "abstract", "--no-labels");
    expect(noEmbedder.code, noEmbedder.stderr).toBe(0);
    const q = await saejs(dir, "search", "--db", "plain", QUERY);
    expect(q.code).toBe(1);
    expect(q.stderr).toMatch(/records no embedder.*--embedder use/);
  });
});

describe("saejs index stops and carries on", () => {
  const N = 200_000;
  beforeAll(async () => {
    const db = await DuckDBInstance.create(":memory:");
    const duck = await db.connect();
    await duck.run(
      `COPY (SELECT i AS id, 'doc ' || i AS text, list_transform(range(32), j -> (((i * 31 + j * 7) % 97) / 97.0 - 0.5)::FLOAT) AS embedding FROM range(${N}) t(i))
       TO '${join(dir, "synthetic.parquet")}' (FORMAT parquet)`,
    );
    duck.closeSync();
    const t = await saejs(
      dir,
      "train",
      "synthetic.parquet",
      "--k",
      "4",
      "--n",
      "64",
      "--epochs",
      "1",
      "--batch",
      "256",
      "--out",
      "small.safetensors",
      "--quiet",
    );
    expect(t.code, t.stderr).toBe(0);
  });

  const args = ["index", "synthetic.parquet", "--sae", "small.safetensors", "--db", "resume", "--no-labels"];
  const progressed = (s: string) => /index: ([1-9]\d*)\//.test(s);

  it("after Ctrl-C (exit 130) and after a kill -9, the same command completes the index", async () => {
    const stopped = await interrupt(dir, args, progressed);
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/saejs: interrupted/);
    // kill -9 mid-run: no clean shutdown at all.
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir });
    let err = "";
    await new Promise<void>((resolve) => {
      child.stderr.on("data", (b) => {
        err += b;
        // The first line is where it starts; the second comes with rows added.
        if ((err.match(/index: /g) ?? []).length >= 2) child.kill("SIGKILL");
      });
      child.on("exit", () => resolve());
    });
    const done = await saejs(dir, ...args, "--json");
    expect(done.code, done.stderr).toBe(0);
    const out = lastJson(done.stdout);
    expect(out.documents).toBe(N);
    // The first run got part of the way; the killed one may have died loading rows or building the index.
    expect(out.added).toBeLessThan(N);
    const { SaeIndex } = await import("../../src/db/sae-index.js");
    const index = await SaeIndex.open(join(dir, "resume"));
    try {
      const [c] = await index.sql.query<{ docs: number; rows: number; last: number; postings: number }>(
        "SELECT count(*)::int AS docs, count(DISTINCT row)::int AS rows, max(row) AS last, (SELECT count(*)::int FROM saejs.postings) AS postings FROM saejs.documents",
      );
      expect(c).toEqual({ docs: N, rows: N, last: N - 1, postings: N * 4 });
    } finally {
      await index.close();
    }
    const q = await saejs(dir, "search", "--db", "resume", "--embedder", "use", "anything", "--json");
    // The synthetic corpus is 32-d: a 512-d embedder is refused, named.
    expect(q.code).toBe(1);
    expect(q.stderr).toMatch(/E_SHAPE: .*512-d.*32-d/);
  });

  it("a Parquet over HTTP is fetched once (it was fetched three times: sniffed, opened as a table, opened again for its embeddings)", async () => {
    const db = await DuckDBInstance.create(":memory:");
    const duck = await db.connect();
    await duck.run(`COPY (SELECT * FROM '${join(dir, "synthetic.parquet")}' LIMIT 600) TO '${join(dir, "few.parquet")}' (FORMAT parquet)`);
    duck.closeSync();
    const bytes = readFileSync(join(dir, "few.parquet"));
    const asked: string[] = [];
    const server = createServer((req, res) => {
      asked.push(`${req.method} ${req.url}`);
      res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": bytes.length }).end(req.method === "HEAD" ? undefined : bytes);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/few.parquet`;
      const r = await saejs(dir, "index", url, "--sae", "small.safetensors", "--db", "over-http", "--no-labels", "--json");
      expect(r.code, r.stderr).toBe(0);
      expect(lastJson(r.stdout).documents).toBe(600);
      expect(asked).toEqual(["GET /few.parquet"]);
    } finally {
      server.close();
    }
  });
});

describe("an index folder", () => {
  it("is opened by one process at a time: a second is refused naming the first; a dead one's lock is taken over", async () => {
    const { startExplorer } = await import("../explore/start.js");
    const { child } = await startExplorer(["--db", "idx", "--port", "0"], dir);
    try {
      const busy = await saejs(dir, "search", "--db", "idx", QUERY);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toMatch(new RegExp(`E_IO: idx: the index folder is in use by process ${child.pid}`));
    } finally {
      await new Promise((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGINT");
      });
    }
    writeFileSync(join(dir, "idx", ".saejs-lock"), "2147483646"); // no such process
    const after = await saejs(dir, "search", "--db", "idx", QUERY, "--json");
    expect(after.code, after.stderr).toBe(0);
  });

  it("that is a file, or a folder of something else, is a typed error", async () => {
    writeFileSync(join(dir, "a-file"), "not a folder");
    const file = await saejs(dir, "search", "--db", "a-file", QUERY);
    expect(file.code).toBe(1);
    expect(file.stderr).toMatch(/saejs: E_IO: a-file: a file, not an index folder/);
    const junk = join(dir, "junk");
    rmSync(junk, { recursive: true, force: true });
    const { mkdirSync } = await import("node:fs");
    mkdirSync(junk);
    writeFileSync(join(junk, "PG_VERSION"), "99\n");
    writeFileSync(join(junk, "notes.txt"), "hello");
    const other = await saejs(dir, "search", "--db", "junk", QUERY);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/saejs: E_DB: /);
  });
});
