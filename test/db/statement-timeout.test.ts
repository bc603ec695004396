// Users' SQL on an index folder is stopped, not waited for: PGlite ignores statement_timeout and
// runs a statement to its end on its thread, so an opened index runs it in a worker thread that a
// deadline or an AbortSignal ends. `saejs search --db --where "pg_sleep(10) IS NULL"` under a 1 s
// timeout and an aborted search each refuse within seconds (not the 10 s
// of the sleep), and the index answers the next search as before.
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Sae } from "../../src/sae.js";
import { saveSae } from "../../src/load.js";
import { SaeIndex } from "../../src/db/sae-index.js";
import { plantedBatches, plantedCorpus } from "../explore/planted.js";
import { refused } from "../io/budget.js";
import { saejsWith } from "../cli-runner.js";

const { weights, x, texts } = plantedCorpus(300, 32);
const d = 32,
  rows = x.length / d;
/** A refusal's budget: the 1 s timeout, the worker's stop, and a loaded 2-core machine; the sleep is 10 s. */
const PROMPT_MS = 6000;
const SLEEP = "pg_sleep(10) IS NULL";
const batches = (from: number) => plantedBatches({ x, texts }, d, from, 100);

let dir: string, sae: Sae, embedder: Server, embedderUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-timeout-"));
  sae = await Sae.create(weights, { k: 2 });
  await saveSae(sae, join(dir, "sae.safetensors"), "safetensors");
  const built = await SaeIndex.build(join(dir, "idx"), {
    corpus: { name: "planted", rows },
    batches,
    sae,
    saeRecord: { source: join(dir, "sae.safetensors") },
    labels: false,
  });
  await built.close();
  // An OpenAI-style embeddings service answering every text with the corpus's first row.
  embedder = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ data: [{ index: 0, embedding: Array.from(x.subarray(0, d)) }] }));
    });
  });
  embedder.listen(0, "127.0.0.1");
  await once(embedder, "listening");
  embedderUrl = `http://127.0.0.1:${(embedder.address() as { port: number }).port}/v1`;
}, 120_000);

afterAll(async () => {
  embedder?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("users' SQL on an index folder is stopped at its deadline", () => {
  it("saejs search --db --where 'pg_sleep(10) …' under SAEJS_STATEMENT_TIMEOUT=1000 is E_DB naming the timeout within seconds", async () => {
    const args = ["search", "--db", "idx", "a query", "--embedder", "http", "--base-url", embedderUrl, "--dim", String(d), "--sae", "sae.safetensors"];
    // The command's own time (start, the SAE, opening the folder) is measured apart: a loaded machine takes seconds.
    let t = performance.now();
    const base = await saejsWith(dir, {}, ...args, "--json");
    const baseMs = performance.now() - t;
    expect(base.code, base.stderr).toBe(0);
    t = performance.now();
    const r = await saejsWith(dir, { SAEJS_STATEMENT_TIMEOUT: "1000" }, ...args, "--where", SLEEP);
    const ms = performance.now() - t;
    console.log(`saejs search --db: ${baseMs.toFixed(0)} ms; --where "${SLEEP}" (timeout 1000 ms): exit ${r.code} after ${ms.toFixed(0)} ms`);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/E_DB: .*statement timeout of 1000 ms/);
    expect(ms - baseMs).toBeLessThan(PROMPT_MS);
    // The folder is whole: the next search answers the same.
    const ok = await saejsWith(dir, {}, ...args, "--json");
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout.trim().split("\n").at(-1)!).hits).toEqual(JSON.parse(base.stdout.trim().split("\n").at(-1)!).hits);
  }, 60_000);

  it("a statement past the timeout is E_DB; an aborted signal stops a running one as E_ABORTED; the index reopens and searches after each", async () => {
    const index = await SaeIndex.open(join(dir, "idx"), { statementTimeout: 1000, sae });
    try {
      const q = x.slice(0, d);
      const before = (await index.search(q, { exact: true })).hits.map((h) => h.row);
      expect(before).toHaveLength(10);
      await refused(() => index.search(q, { where: SLEEP }), "E_DB", /ran past its statement timeout of 1000 ms and was stopped/, PROMPT_MS);
      expect((await index.search(q, { exact: true })).hits.map((h) => h.row)).toEqual(before);
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 300);
      await refused(() => index.search(q, { where: SLEEP, statementTimeout: 60_000, signal: stop.signal }), "E_ABORTED", /cancelled/, PROMPT_MS);
      expect((await index.search(q, { exact: true })).hits.map((h) => h.row)).toEqual(before);
      // readOnly: users' SQL under the same deadline.
      await refused(() => index.readOnly((tx) => tx.query("SELECT pg_sleep(10)")), "E_DB", /statement timeout of 1000 ms/, PROMPT_MS);
      expect(await index.readOnly((tx) => tx.query("SELECT count(*)::int AS n FROM saejs.documents"))).toEqual([{ n: rows }]);
    } finally {
      await index.close();
    }
  }, 60_000);
});
