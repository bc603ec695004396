// A BEIR retrieval set from its folder (corpus.jsonl, queries.jsonl, qrels/<split>.tsv), read as a
// stream of lines under byte budgets, and the retrieval task it makes over embeddings of its corpus.
// see: https://github.com/beir-cellar/beir (the folder layout of every BEIR data set)
import { listSome, preview, SaeError } from "../core/errors.js";
import { fs, ioError, openFile } from "../runtime/fs.js";
import { checkRetrievalTask, type RetrievalTask } from "./retrieval.js";

export interface BeirSet {
  /** The folder's name (the task is "beir:<name>"). */
  readonly name: string;
  /** corpus.jsonl's _id of each line, in file order: row i of the embeddings is document i. */
  readonly corpusIds: readonly string[];
  /** queries.jsonl, in file order. */
  readonly queries: readonly { id: string; text: string }[];
  /** query-id → corpus-id → score, as qrels/<split>.tsv gives them (scores ≤ 0 mean judged not relevant). */
  readonly qrels: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** What readBeir will read; a hostile or mistaken folder fails fast rather than filling memory. */
export interface BeirLimits {
  /** Bytes of corpus.jsonl (default 2 GiB: every BEIR corpus fits); queries.jsonl and the qrels file get a quarter each. */
  readonly maxBytes?: number;
  /** Bytes of one line (default 16 MiB). */
  readonly maxLineBytes?: number;
  /** Documents of corpus.jsonl (default 10,000,000: MS MARCO has 8.8 M). */
  readonly maxDocuments?: number;
}

const GiB = 2 ** 30,
  MiB = 2 ** 20;

function sizeOf(bytes: number): string {
  return bytes >= GiB ? `${(bytes / GiB).toFixed(1)} GiB` : bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${bytes} bytes`;
}

function positive(v: number | undefined, fallback: number, what: string): number {
  if (v === undefined) return fallback;
  if (!Number.isSafeInteger(v) || v < 1) throw new SaeError("E_ARG", `readBeir: ${what} must be a positive integer, got ${preview(v)}`);
  return v;
}

/**
 * The lines of a file, numbered from 1, decoded as UTF-8 (a BOM and each line's \r dropped), read
 * in 1 MiB chunks: never more than one line is held besides the chunk. Refuses a file over
 * `maxBytes` before reading it, a line over `maxLineBytes`, and bytes that are not UTF-8.
 */
async function* linesOf(path: string, shown: string, maxBytes: number, maxLine: number, budgetOption: string): AsyncGenerator<{ text: string; line: number }> {
  const file = await openFile(path);
  try {
    if (file.size > maxBytes)
      throw new SaeError(
        "E_ARG",
        `${shown}: ${sizeOf(file.size)}, more than the budget of ${sizeOf(maxBytes)}; check that it is the right file, or raise the budget`,
        {
          fix: { option: budgetOption, example: String(2 ** Math.ceil(Math.log2(file.size))) },
        },
      );
    const utf8 = new TextDecoder("utf-8", { fatal: true });
    const chunk = new Uint8Array(MiB);
    let part: Uint8Array[] = [],
      partBytes = 0,
      line = 0;
    const finish = (): { text: string; line: number } => {
      line++;
      let bytes: Uint8Array;
      if (part.length === 1) bytes = part[0]!;
      else {
        bytes = new Uint8Array(partBytes);
        let at = 0;
        for (const p of part) {
          bytes.set(p, at);
          at += p.length;
        }
      }
      part = [];
      partBytes = 0;
      let text: string;
      try {
        text = utf8.decode(bytes);
      } catch {
        throw new SaeError("E_FORMAT", `${shown}: line ${line} is not valid UTF-8`);
      }
      if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.endsWith("\r")) text = text.slice(0, -1);
      return { text, line };
    };
    const take = (bytes: Uint8Array) => {
      if (partBytes + bytes.length > maxLine)
        throw new SaeError(
          "E_FORMAT",
          `${shown}: line ${line + 1} is longer than ${sizeOf(maxLine)}; the file is not line-delimited as expected, or raise the budget`,
          {
            fix: { option: "maxLineBytes", example: String(2 * maxLine) },
          },
        );
      // Copied: the chunk buffer is reused for the next read.
      if (bytes.length) part.push(bytes.slice());
      partBytes += bytes.length;
    };
    for (let offset = 0; offset < file.size; ) {
      const n = Math.min(chunk.length, file.size - offset);
      const got = await file.read(offset, n, chunk);
      offset += n;
      let from = 0;
      for (;;) {
        const nl = got.indexOf(0x0a, from);
        if (nl < 0 || nl >= n) break;
        take(got.subarray(from, nl));
        yield finish();
        from = nl + 1;
      }
      take(got.subarray(from, n));
    }
    if (partBytes > 0) yield finish();
  } finally {
    await file.close();
  }
}

/** One JSONL record: an object (the message shows a bounded preview of anything else). */
function record(text: string, shown: string, line: number): Record<string, unknown> {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    throw new SaeError("E_FORMAT", `${shown}: line ${line} is not JSON (${String((e as Error)?.message ?? e).slice(0, 120)})`);
  }
  if (typeof o !== "object" || o === null || Array.isArray(o)) throw new SaeError("E_FORMAT", `${shown}: line ${line} is ${preview(o)}, not a JSON object`);
  return o as Record<string, unknown>;
}

/** A record's _id: a non-empty string (a whole number is taken as its decimal string, as some exports write them). */
function idOf(o: Record<string, unknown>, shown: string, line: number): string {
  const id = o._id;
  if (typeof id === "string" && id !== "") return id;
  if (typeof id === "number" && Number.isSafeInteger(id)) return String(id);
  throw new SaeError("E_FORMAT", `${shown}: line ${line} has no string "_id" (got ${preview(id)}); every BEIR record names itself with "_id"`);
}

async function statOf(path: string): Promise<{ isDirectory(): boolean; size: number } | undefined> {
  try {
    return await (await fs()).stat(path);
  } catch (e) {
    if ((e as { code?: string })?.code === "ENOENT") return undefined;
    throw ioError(path, "cannot read", e);
  }
}

async function needFile(path: string, what: string): Promise<void> {
  const st = await statOf(path);
  if (!st) throw new SaeError("E_IO", `${path}: no such file; a BEIR folder holds ${what}`);
  if (st.isDirectory()) throw new SaeError("E_IO", `${path}: is a folder, not ${what}`);
}

/**
 * Reads a BEIR folder: corpus.jsonl (_id, title, text; only the ids are kept: the embeddings are
 * made beforehand, row i for line i), queries.jsonl (_id, text), qrels/<split>.tsv (query-id,
 * corpus-id, score; a header line). Refuses, naming the file and line: a missing file (E_IO),
 * a file over its budget, a line that is not a JSON object or not three tab-separated fields, a
 * repeated id or judgement, and judgements naming a query or document that the files lack.
 */
export async function readBeir(dir: string, split = "test", limits: BeirLimits = {}): Promise<BeirSet> {
  if (typeof dir !== "string" || dir === "") throw new SaeError("E_ARG", "readBeir: give the BEIR folder's path");
  if (typeof split !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(split) || split.length > 100)
    throw new SaeError("E_ARG", `readBeir: the split must be a plain file name such as test, dev or train, got ${preview(split)}`);
  const maxBytes = positive(limits.maxBytes, 2 * GiB, "maxBytes"),
    maxLine = positive(limits.maxLineBytes, 16 * MiB, "maxLineBytes"),
    maxDocs = positive(limits.maxDocuments, 10_000_000, "maxDocuments");
  const root = dir.replace(/[\\/]+$/, "") || dir;
  const st = await statOf(root);
  if (!st) throw new SaeError("E_IO", `${dir}: no such folder; give a BEIR data set's folder (corpus.jsonl, queries.jsonl, qrels/)`);
  if (!st.isDirectory()) throw new SaeError("E_IO", `${dir}: is a file; give the BEIR data set's folder (corpus.jsonl, queries.jsonl, qrels/)`);
  const name = root.split(/[\\/]/).pop() || root;
  const corpusPath = `${root}/corpus.jsonl`,
    queriesPath = `${root}/queries.jsonl`,
    qrelsPath = `${root}/qrels/${split}.tsv`;
  await needFile(corpusPath, "corpus.jsonl (one document a line)");
  await needFile(queriesPath, "queries.jsonl (one query a line)");
  if (!(await statOf(qrelsPath))) {
    let have: string[] = [];
    try {
      have = (await (await fs()).readdir(`${root}/qrels`)).filter((f) => f.endsWith(".tsv")).map((f) => f.slice(0, -4));
    } catch {
      // no qrels folder: said below
    }
    throw new SaeError(
      "E_IO",
      `${qrelsPath}: no such file; ${have.length ? `the splits here are ${listSome(have, 8)}` : "the folder has no qrels/*.tsv"}: choose one of them as the split`,
      { fix: { option: "split", example: have[0] ?? "test" } },
    );
  }
  await needFile(qrelsPath, `qrels/${split}.tsv`);

  const corpusIds: string[] = [];
  const docLine = new Map<string, number>();
  for await (const { text, line } of linesOf(corpusPath, "corpus.jsonl", maxBytes, maxLine, "maxBytes")) {
    if (text.trim() === "") continue;
    const id = idOf(record(text, "corpus.jsonl", line), "corpus.jsonl", line);
    const before = docLine.get(id);
    if (before !== undefined)
      throw new SaeError("E_FORMAT", `corpus.jsonl: line ${line} repeats the _id ${preview(id)} of line ${before}; document ids must be distinct`);
    if (corpusIds.length >= maxDocs)
      throw new SaeError("E_ARG", `corpus.jsonl: more than ${maxDocs.toLocaleString("en-US")} documents; take a smaller corpus, or raise the budget`, {
        fix: { option: "maxDocuments", example: String(2 * maxDocs) },
      });
    docLine.set(id, line);
    corpusIds.push(id);
  }
  if (corpusIds.length === 0) throw new SaeError("E_FORMAT", "corpus.jsonl: no documents");

  const queries: { id: string; text: string }[] = [];
  const queryLine = new Map<string, number>();
  const side = Math.max(1, Math.floor(maxBytes / 4));
  for await (const { text, line } of linesOf(queriesPath, "queries.jsonl", side, maxLine, "maxBytes")) {
    if (text.trim() === "") continue;
    const o = record(text, "queries.jsonl", line);
    const id = idOf(o, "queries.jsonl", line);
    if (typeof o.text !== "string") throw new SaeError("E_FORMAT", `queries.jsonl: line ${line} has no string "text" (got ${preview(o.text)})`);
    const before = queryLine.get(id);
    if (before !== undefined)
      throw new SaeError("E_FORMAT", `queries.jsonl: line ${line} repeats the _id ${preview(id)} of line ${before}; query ids must be distinct`);
    queryLine.set(id, line);
    queries.push({ id, text: o.text });
  }

  const shown = `qrels/${split}.tsv`;
  const qrels = new Map<string, Map<string, number>>();
  const unknownDocs: { line: number; id: string }[] = [],
    unknownQueries: { line: number; id: string }[] = [];
  let first = true;
  for await (const { text, line } of linesOf(qrelsPath, shown, side, maxLine, "maxBytes")) {
    if (text.trim() === "") continue;
    const f = text.split("\t");
    if (f.length !== 3)
      throw new SaeError(
        "E_FORMAT",
        `${shown}: line ${line} has ${f.length} tab-separated fields, expected 3 (query-id, corpus-id, score)${f.length === 4 ? "; TREC qrels (4 columns) are not BEIR's: drop the second column" : ""}`,
      );
    const [q, doc, s] = f as [string, string, string];
    const score = s.trim() === "" ? Number.NaN : Number(s);
    if (first) {
      first = false;
      // The header (query-id, corpus-id, score); a file without one starts with a judgement.
      if (!Number.isFinite(score)) continue;
    }
    if (!Number.isFinite(score)) throw new SaeError("E_FORMAT", `${shown}: line ${line}: the score ${preview(s)} is not a number`);
    if (q === "" || doc === "") throw new SaeError("E_FORMAT", `${shown}: line ${line}: an empty query-id or corpus-id`);
    if (!queryLine.has(q)) unknownQueries.push({ line, id: q });
    if (!docLine.has(doc)) unknownDocs.push({ line, id: doc });
    let m = qrels.get(q);
    if (!m) {
      m = new Map();
      qrels.set(q, m);
    }
    if (m.has(doc))
      throw new SaeError("E_FORMAT", `${shown}: line ${line} judges query ${preview(q)} against document ${preview(doc)} a second time; one score per pair`);
    m.set(doc, score);
  }
  const unknown = (list: { line: number; id: string }[], file: string, what: string) => {
    if (!list.length) return;
    const e = list[0]!;
    throw new SaeError(
      "E_FORMAT",
      `${shown}: line ${e.line} names the ${what} ${preview(e.id)}, which ${file} does not hold${list.length > 1 ? ` (and ${list.length - 1} more lines name unknown ${what}s)` : ""}; the qrels and ${file} come from different versions of the set: use one folder's files together`,
    );
  };
  unknown(unknownDocs, "corpus.jsonl", "document");
  unknown(unknownQueries, "queries.jsonl", "query");
  if (qrels.size === 0) throw new SaeError("E_FORMAT", `${shown}: no judgements (only a header, or nothing)`);
  return { name, corpusIds, queries, qrels };
}

/** The queries a task over `set` asks, in queries.jsonl order: those with ≥ 1 relevant judgement (score > 0). */
export function beirQueriesToEmbed(set: BeirSet): readonly { id: string; text: string }[] {
  return set.queries.filter((q) => {
    const m = set.qrels.get(q.id);
    if (!m) return false;
    for (const s of m.values()) if (s > 0) return true;
    return false;
  });
}

/**
 * The task over embeddings row-aligned with corpus.jsonl (rows must equal the corpus count),
 * queries embedded by the caller: one row per query of beirQueriesToEmbed(set), in its order.
 * Relevance is the qrels score; scores ≤ 0 (judged not relevant) are left out.
 */
export function beirTask(set: BeirSet, rows: number, queryEmbeddings: Float32Array, d: number): RetrievalTask {
  if (typeof set !== "object" || set === null || !Array.isArray(set.corpusIds) || !Array.isArray(set.queries) || !(set.qrels instanceof Map))
    throw new SaeError("E_ARG", "beirTask: expected a BEIR set as readBeir returns it");
  const n = set.corpusIds.length;
  if (rows !== n)
    throw new SaeError(
      "E_SHAPE",
      `beir:${set.name}: the embeddings have ${rows} rows but corpus.jsonl has ${n} documents; embed every document of corpus.jsonl, in file order`,
    );
  if (!Number.isInteger(d) || d < 1) throw new SaeError("E_SHAPE", `beir:${set.name}: d must be a positive integer, got ${d}`);
  const row = new Map<string, number>();
  set.corpusIds.forEach((id, i) => {
    if (row.has(id)) throw new SaeError("E_FORMAT", `beir:${set.name}: the corpus id ${preview(id)} appears twice`);
    row.set(id, i);
  });
  const asked = beirQueriesToEmbed(set);
  if (asked.length === 0)
    throw new SaeError(
      "E_ARG",
      `beir:${set.name}: no query of queries.jsonl has a relevant document (score > 0) in the qrels; choose a split that judges these queries`,
    );
  if (!(queryEmbeddings instanceof Float32Array) || queryEmbeddings.length !== asked.length * d)
    throw new SaeError(
      "E_SHAPE",
      `beir:${set.name}: ${asked.length} queries to embed (those with a relevant document, beirQueriesToEmbed) need ${asked.length} × ${d} = ${asked.length * d} values, got ${queryEmbeddings?.length}; embed exactly those queries, in that order, with the corpus's embedder`,
    );
  const relevant = asked.map((q) => {
    const m = new Map<number, number>();
    for (const [doc, s] of set.qrels.get(q.id)!) {
      if (!(s > 0)) continue;
      const r = row.get(doc);
      if (r === undefined) throw new SaeError("E_FORMAT", `beir:${set.name}: the qrels name the document ${preview(doc)}, which the corpus does not hold`);
      m.set(r, s);
    }
    return m;
  });
  const task: RetrievalTask = { name: `beir:${set.name}`, queries: queryEmbeddings, d, queryIds: asked.map((q) => q.id), relevant };
  checkRetrievalTask(task, rows);
  return task;
}
