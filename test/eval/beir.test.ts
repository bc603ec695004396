// BEIR folders: the layout read right (header, order, ids), the task built from them, and every
// refusal the contract names, including hostile files (huge lines, deep JSON, bad bytes).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { isSaeError, type SaeErrorCode } from "../../src/core/errors.js";
import { beirQueriesToEmbed, beirTask, readBeir } from "../../src/eval/beir.js";
import { denseRetrieval } from "../../src/eval/retrieval.js";

const TINY = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/eval/beir-tiny");
const TMP = mkdtempSync(join(tmpdir(), "saejs-beir-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

async function expectSaeError(f: () => unknown, code: SaeErrorCode, message: RegExp): Promise<Error> {
  let err: unknown;
  try {
    await f();
  } catch (e) {
    err = e;
  }
  expect(isSaeError(err, code), `expected SaeError ${code}, got ${String(err).slice(0, 300)}`).toBe(true);
  expect((err as Error).message).toMatch(message);
  // Whatever a file holds, the message stays short: a hostile file cannot blow it up.
  expect((err as Error).message.length).toBeLessThan(600);
  return err as Error;
}

const jsonl = (rows: object[]) => `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`;
let dirs = 0;
/** A BEIR folder from parts (strings or bytes); the default parts make a valid set of 3 docs and 2 queries. */
function folder(parts: { corpus?: string | Uint8Array; queries?: string | Uint8Array; qrels?: string | Uint8Array; split?: string } = {}): string {
  const dir = join(TMP, `set${dirs++}`);
  mkdirSync(join(dir, "qrels"), { recursive: true });
  writeFileSync(
    join(dir, "corpus.jsonl"),
    parts.corpus ??
      jsonl([
        { _id: "a", text: "x" },
        { _id: "b", text: "y" },
        { _id: "c", text: "z" },
      ]),
  );
  writeFileSync(
    join(dir, "queries.jsonl"),
    parts.queries ??
      jsonl([
        { _id: "q1", text: "one" },
        { _id: "q2", text: "two" },
      ]),
  );
  writeFileSync(join(dir, "qrels", `${parts.split ?? "test"}.tsv`), parts.qrels ?? "query-id\tcorpus-id\tscore\nq1\ta\t1\nq2\tc\t2\n");
  return dir;
}

describe("readBeir", () => {
  it("reads the tiny folder: ids in file order, the header skipped, scores as given", async () => {
    const set = await readBeir(TINY);
    expect(set.name).toBe("beir-tiny");
    expect(set.corpusIds).toEqual(["d1", "d2", "d3", "d4", "d5", "d6"]);
    expect(set.queries.map((q) => q.id)).toEqual(["q1", "q2", "q3", "q4", "q5"]);
    expect(set.queries[1]!.text).toBe("how do stars shine");
    expect([...set.qrels].map(([q, m]) => [q, [...m]])).toEqual([
      [
        "q1",
        [
          ["d1", 2],
          ["d2", 1],
        ],
      ],
      [
        "q2",
        [
          ["d3", 2],
          ["d4", 1],
          ["d6", 0],
        ],
      ],
      ["q3", [["d5", 1]]],
      ["q4", [["d2", 0]]],
    ]);
    const dev = await readBeir(`${TINY}/`, "dev");
    expect(dev.name).toBe("beir-tiny");
    expect([...dev.qrels.keys()]).toEqual(["q2"]);
  });

  it("takes CRLF lines, a BOM, blank lines, numeric ids, no header and non-ASCII ids", async () => {
    const dir = folder({
      corpus: '\uFEFF{"_id": 10, "text": "x"}\r\n\r\n{"_id": "é—ü", "text": "y"}\r\n',
      queries: '{"_id": "q", "text": "?"}',
      qrels: "q\t10\t1\r\nq\té—ü\t3\n",
    });
    const set = await readBeir(dir);
    expect(set.corpusIds).toEqual(["10", "é—ü"]);
    expect([...set.qrels.get("q")!]).toEqual([
      ["10", 1],
      ["é—ü", 3],
    ]);
  });

  it("reads lines across its 1 MiB chunks (a 2.6 MB corpus, multi-byte characters at every offset)", async () => {
    const rows = Array.from({ length: 9000 }, (_, i) => ({ _id: `d${i}`, title: "ü".repeat(i % 7), text: "é€𝄞".repeat(40 + (i % 13)) }));
    const dir = folder({ corpus: jsonl(rows), qrels: "q1\td8999\t1\n" });
    const set = await readBeir(dir);
    expect(set.corpusIds.length).toBe(9000);
    expect(set.corpusIds[4567]).toBe("d4567");
    expect(set.corpusIds[8999]).toBe("d8999");
  });

  it("refuses judgements naming a document or a query the files lack", async () => {
    const e = await expectSaeError(
      () => readBeir(folder({ qrels: "query-id\tcorpus-id\tscore\nq1\ta\t1\nq1\tzz\t1\nq2\tyy\t1\n" })),
      "E_FORMAT",
      /qrels\/test\.tsv: line 3 names the document "zz", which corpus\.jsonl does not hold \(and 1 more lines name unknown documents\)/,
    );
    expect(e.message).toMatch(/different versions of the set/);
    await expectSaeError(() => readBeir(folder({ qrels: "q9\ta\t1\n" })), "E_FORMAT", /line 1 names the query "q9", which queries\.jsonl does not hold/);
  });

  it("refuses repeated ids and judgements", async () => {
    await expectSaeError(
      () => readBeir(folder({ corpus: jsonl([{ _id: "a" }, { _id: "b" }, { _id: "a" }]) })),
      "E_FORMAT",
      /corpus\.jsonl: line 3 repeats the _id "a" of line 1/,
    );
    await expectSaeError(
      () =>
        readBeir(
          folder({
            queries: jsonl([
              { _id: "q1", text: "" },
              { _id: "q1", text: "again" },
            ]),
          }),
        ),
      "E_FORMAT",
      /queries\.jsonl: line 2 repeats the _id "q1"/,
    );
    await expectSaeError(() => readBeir(folder({ qrels: "q1\ta\t1\nq1\ta\t2\n" })), "E_FORMAT", /line 2 judges query "q1" against document "a" a second time/);
  });

  it("refuses malformed lines, naming the line", async () => {
    await expectSaeError(() => readBeir(folder({ corpus: '{"_id": "a"}\n{"_id": "b",\n' })), "E_FORMAT", /corpus\.jsonl: line 2 is not JSON/);
    await expectSaeError(() => readBeir(folder({ corpus: '{"_id": "a"}\n[1, 2]\n' })), "E_FORMAT", /line 2 is \[1, 2\], not a JSON object/);
    await expectSaeError(() => readBeir(folder({ corpus: '{"_id": "a"}\n{"id": "b"}\n' })), "E_FORMAT", /line 2 has no string "_id" \(got undefined\)/);
    await expectSaeError(() => readBeir(folder({ corpus: '{"_id": 1.5}\n' })), "E_FORMAT", /line 1 has no string "_id" \(got 1\.5\)/);
    await expectSaeError(() => readBeir(folder({ queries: '{"_id": "q1"}\n' })), "E_FORMAT", /queries\.jsonl: line 1 has no string "text"/);
    await expectSaeError(
      () => readBeir(folder({ qrels: "query-id\tcorpus-id\tscore\nq1 a 1\n" })),
      "E_FORMAT",
      /line 2 has 1 tab-separated fields, expected 3/,
    );
    await expectSaeError(() => readBeir(folder({ qrels: "q1\t0\ta\t1\n" })), "E_FORMAT", /4 tab-separated fields.*TREC qrels/);
    await expectSaeError(
      () => readBeir(folder({ qrels: "query-id\tcorpus-id\tscore\nq1\ta\thigh\n" })),
      "E_FORMAT",
      /line 2: the score "high" is not a number/,
    );
    await expectSaeError(() => readBeir(folder({ qrels: "query-id\tcorpus-id\tscore\n" })), "E_FORMAT", /no judgements/);
    await expectSaeError(() => readBeir(folder({ corpus: "\n\n" })), "E_FORMAT", /corpus\.jsonl: no documents/);
  });

  it("refuses missing files and folders with E_IO, naming the path and the splits there are", async () => {
    await expectSaeError(() => readBeir(join(TMP, "nowhere")), "E_IO", /nowhere: no such folder/);
    await expectSaeError(() => readBeir(join(TINY, "corpus.jsonl")), "E_IO", /is a file; give the BEIR data set's folder/);
    await expectSaeError(
      () => readBeir(TINY, "train"),
      "E_IO",
      /qrels\/train\.tsv: no such file; the splits here are (dev, test|test, dev).*split: "?dev|split/,
    );
    const dir = folder();
    rmSync(join(dir, "queries.jsonl"));
    await expectSaeError(() => readBeir(dir), "E_IO", /queries\.jsonl: no such file; a BEIR folder holds queries\.jsonl/);
    const noQrels = folder();
    rmSync(join(noQrels, "qrels"), { recursive: true });
    await expectSaeError(() => readBeir(noQrels), "E_IO", /the folder has no qrels\/\*\.tsv/);
    const corpusDir = folder();
    rmSync(join(corpusDir, "corpus.jsonl"));
    mkdirSync(join(corpusDir, "corpus.jsonl"));
    await expectSaeError(() => readBeir(corpusDir), "E_IO", /corpus\.jsonl: is a folder/);
    await expectSaeError(() => readBeir(TINY, "../../etc/passwd"), "E_ARG", /the split must be a plain file name/);
    await expectSaeError(() => readBeir(""), "E_ARG", /give the BEIR folder's path/);
  });

  it("holds files to budgets: bytes, line length, documents", async () => {
    const dir = folder();
    await expectSaeError(() => readBeir(dir, "test", { maxBytes: 20 }), "E_ARG", /corpus\.jsonl: \d+ bytes, more than the budget of 20 bytes.*maxBytes: 128/);
    await expectSaeError(() => readBeir(dir, "test", { maxLineBytes: 10 }), "E_FORMAT", /corpus\.jsonl: line 1 is longer than 10 bytes.*maxLineBytes/);
    await expectSaeError(() => readBeir(dir, "test", { maxDocuments: 2 }), "E_ARG", /more than 2 documents.*maxDocuments/);
    await expectSaeError(() => readBeir(dir, "test", { maxBytes: -1 }), "E_ARG", /maxBytes must be a positive integer/);
  });

  it("hostile: a 20 MiB line fails at the 16 MiB line budget; deep JSON and huge ids give short messages; bad bytes", async () => {
    const huge = `{"_id": "a", "text": "${"x".repeat(20 * 2 ** 20)}"}\n`;
    await expectSaeError(() => readBeir(folder({ corpus: huge })), "E_FORMAT", /line 1 is longer than 16\.0 MiB/);
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}\n`;
    await expectSaeError(() => readBeir(folder({ corpus: deep })), "E_FORMAT", /line 1 is \[\[\[…1 items\]\]\], not a JSON object/);
    const deepId = `{"_id": ${"[".repeat(100_000)}${"]".repeat(100_000)}}\n`;
    await expectSaeError(() => readBeir(folder({ corpus: deepId })), "E_FORMAT", /line 1 has no string "_id"/);
    const longId = "i".repeat(2 ** 20);
    await expectSaeError(() => readBeir(folder({ corpus: jsonl([{ _id: longId }, { _id: longId }]) })), "E_FORMAT", /line 2 repeats the _id "i+… of line 1/);
    await expectSaeError(() => readBeir(folder({ qrels: `q1\t${longId}\t1\n` })), "E_FORMAT", /names the document "i+…, which/);
    const bad = new Uint8Array([...new TextEncoder().encode('{"_id": "a"}\n{"_id": "'), 0xff, 0xfe, ...new TextEncoder().encode('"}\n')]);
    await expectSaeError(() => readBeir(folder({ corpus: bad })), "E_FORMAT", /corpus\.jsonl: line 2 is not valid UTF-8/);
  });
});

describe("beirTask", () => {
  it("asks the queries with a relevant document, in file order; relevance from the qrels, zeros left out", async () => {
    const set = await readBeir(TINY);
    const asked = beirQueriesToEmbed(set);
    expect(asked.map((q) => q.id)).toEqual(["q1", "q2", "q3"]);
    const d = 6;
    const q = new Float32Array(3 * d);
    const task = beirTask(set, 6, q, d);
    expect(task.name).toBe("beir:beir-tiny");
    expect(task.queryIds).toEqual(["q1", "q2", "q3"]);
    expect(task.relevant.map((m) => [...m])).toEqual([
      [
        [0, 2],
        [1, 1],
      ],
      [
        [2, 2],
        [3, 1],
      ],
      [[4, 1]],
    ]);
  });

  it("scores as computed by hand over one-hot embeddings", async () => {
    const set = await readBeir(TINY);
    const d = 6;
    const x = new Float32Array(6 * d);
    for (let r = 0; r < 6; r++) x[r * d + r] = 1; // document r = e_r
    // q1 → e_1 (d2, rel 1, first; d1 rel 2 at rank 2 among the rest by lower row);
    // q2 → e_2 (d3, rel 2, first; d4 rel 1 ranks 4th: rows 0, 1 come before it at score 0);
    // q3 → e_4 (d5 first).
    const q = new Float32Array(3 * d);
    q[0 * d + 1] = 1;
    q[1 * d + 2] = 1;
    q[2 * d + 4] = 1;
    const m = await denseRetrieval(beirTask(set, 6, q, d), x);
    const l2 = Math.log2;
    // q1: ranking 1, 0, 2, …: DCG = 1/l2(2) + 2/l2(3); IDCG = 2/l2(2) + 1/l2(3).
    const n1 = (1 + 2 / l2(3)) / (2 + 1 / l2(3));
    // q2: ranking 2, 0, 1, 3, …: DCG = 2 + 1/l2(5); IDCG = 2 + 1/l2(3).
    const n2 = (2 + 1 / l2(5)) / (2 + 1 / l2(3));
    expect(m.ndcg10).toBeCloseTo((n1 + n2 + 1) / 3, 12);
    expect(m.mrr10).toBe(1);
    expect(m.recall100).toBe(1);
    expect(m.queries).toBe(3);
  });

  it("refuses embeddings that do not fit the set", async () => {
    const set = await readBeir(TINY);
    await expectSaeError(() => beirTask(set, 5, new Float32Array(3 * 4), 4), "E_SHAPE", /5 rows but corpus\.jsonl has 6 documents/);
    await expectSaeError(() => beirTask(set, 6, new Float32Array(4 * 4), 4), "E_SHAPE", /3 queries to embed .* need 3 × 4 = 12 values, got 16/);
    await expectSaeError(() => beirTask(set, 6, new Float32Array(3 * 4), 0), "E_SHAPE", /d must be a positive integer/);
    const nan = new Float32Array(3 * 4);
    nan[5] = Number.NaN;
    await expectSaeError(() => beirTask(set, 6, nan, 4), "E_NONFINITE", /NaN at row 1, column 1/);
    const unjudged = { ...set, qrels: new Map([["q4", new Map([["d2", 0]])]]) };
    await expectSaeError(() => beirTask(unjudged, 6, new Float32Array(0), 4), "E_ARG", /no query of queries\.jsonl has a relevant document/);
    const stray = { ...set, qrels: new Map([["q1", new Map([["d9", 1]])]]) };
    await expectSaeError(() => beirTask(stray, 6, new Float32Array(4), 4), "E_FORMAT", /qrels name the document "d9", which the corpus does not hold/);
    const twice = { ...set, corpusIds: ["d1", "d1", "d3", "d4", "d5", "d6"] };
    await expectSaeError(() => beirTask(twice, 6, new Float32Array(3 * 4), 4), "E_FORMAT", /"d1" appears twice/);
  });
});
