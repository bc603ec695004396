// Retrieval preserved: rank a corpus for each query four ways (the original embeddings, the SAE's
// reconstructions, the codes through the decoder, the codes alone) and score the rankings with
// nDCG@10, recall@100 and MRR@10 against judged relevance. Definitions: src/eval/types.ts.
import { SaeError } from "../core/errors.js";
import type { Codes, SaeCodec } from "../core/model.js";
import { checkCodes, checkFinite } from "../core/shapes.js";
import { SearchIndex } from "../kernels/rank.js";
import { bestFirst } from "../core/top.js";
import { SAE_SCORINGS, type RetrievalScores, type SaeRetrieval, type SaeRetrievalScoring } from "./types.js";

/** Queries over a corpus of `rows` documents, each query with its judged relevant documents. */
export interface RetrievalTask {
  /** "titles", or "beir:<folder name>". */
  readonly name: string;
  /** [queries, d] embeddings. */
  readonly queries: Float32Array;
  readonly d: number;
  readonly queryIds: readonly string[];
  /** Per query: corpus row → graded relevance (> 0); every query has ≥ 1 relevant row. */
  readonly relevant: readonly ReadonlyMap<number, number>[];
}

/** How deep rankings go: recall@100 needs the top 100. */
export const RANK_DEPTH = 100;

/**
 * Checks a task against a corpus of `rows` documents, so that the suite can trust it: a name, a
 * whole d, queries [queryIds.length, d] finite, ids distinct, every query with ≥ 1 judged row in
 * [0, rows) of finite relevance > 0. Throws E_SHAPE / E_NONFINITE / E_ARG naming the part.
 */
export function checkRetrievalTask(task: RetrievalTask, rows: number): void {
  if (typeof task !== "object" || task === null) throw new SaeError("E_ARG", "retrieval task: expected { name, queries, d, queryIds, relevant }");
  const what = `retrieval task '${typeof task.name === "string" ? task.name.slice(0, 80) : "?"}'`;
  if (typeof task.name !== "string" || task.name === "") throw new SaeError("E_ARG", "retrieval task: the name must be a non-empty string");
  const { d, queries, queryIds, relevant } = task;
  if (!Number.isInteger(d) || d < 1) throw new SaeError("E_SHAPE", `${what}: d must be a positive integer, got ${d}`);
  if (!Number.isInteger(rows) || rows < 1) throw new SaeError("E_SHAPE", `${what}: the corpus must have at least one row, got ${rows}`);
  if (!(queries instanceof Float32Array)) throw new SaeError("E_SHAPE", `${what}: queries must be a Float32Array [queries, d]`);
  if (!Array.isArray(queryIds) || !Array.isArray(relevant)) throw new SaeError("E_SHAPE", `${what}: queryIds and relevant must be arrays, one item per query`);
  const n = queryIds.length;
  if (n === 0) throw new SaeError("E_ARG", `${what}: no query has a relevant document, so there is nothing to score; give queries with judgements`);
  if (relevant.length !== n) throw new SaeError("E_SHAPE", `${what}: ${n} query ids but ${relevant.length} relevance maps; give one per query`);
  if (queries.length !== n * d)
    throw new SaeError(
      "E_SHAPE",
      `${what}: ${n} queries of d=${d} need ${n * d} values, the query embeddings hold ${queries.length} (embed each query once, with the corpus's embedder)`,
    );
  checkFinite(queries, d, `${what}: query embeddings`);
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const id = queryIds[i];
    if (typeof id !== "string") throw new SaeError("E_ARG", `${what}: query id ${i} is not a string`);
    if (seen.has(id)) throw new SaeError("E_ARG", `${what}: query id '${id.slice(0, 80)}' appears twice; ids must be distinct`);
    seen.add(id);
    const rel = relevant[i];
    if (!(rel instanceof Map)) throw new SaeError("E_SHAPE", `${what}: relevant[${i}] must be a Map of corpus row → relevance`);
    if (rel.size === 0) throw new SaeError("E_ARG", `${what}: query '${id.slice(0, 80)}' has no relevant document; leave such queries out of the task`);
    for (const [row, g] of rel) {
      if (!Number.isInteger(row) || row < 0 || row >= rows)
        throw new SaeError("E_INDEX", `${what}: query '${id.slice(0, 80)}' judges row ${row}, outside the corpus's rows [0, ${rows})`);
      if (typeof g !== "number" || !Number.isFinite(g) || g <= 0)
        throw new SaeError("E_ARG", `${what}: query '${id.slice(0, 80)}' gives row ${row} relevance ${g}; relevance must be a finite number > 0`);
    }
  }
}

const DISCOUNT = Array.from({ length: 10 }, (_, r) => 1 / Math.log2(r + 2));

/**
 * Metric means over the queries given each query's ranking (corpus rows, best first, ≥ min(100,
 * rows) long). With `rows` the rankings are checked against the corpus (length, rows in range);
 * without it a ranking shorter than 100 is taken as the whole corpus.
 */
export function retrievalScores(rankings: readonly ArrayLike<number>[], relevant: readonly ReadonlyMap<number, number>[], rows?: number): RetrievalScores {
  if (rankings.length !== relevant.length)
    throw new SaeError("E_SHAPE", `retrieval scores: ${rankings.length} rankings for ${relevant.length} queries; give one per query`);
  if (rankings.length === 0) throw new SaeError("E_ARG", "retrieval scores: no queries; a task needs at least one query with a relevant document");
  if (rows !== undefined && (!Number.isInteger(rows) || rows < 1))
    throw new SaeError("E_SHAPE", `retrieval scores: rows must be a positive integer, got ${rows}`);
  const need = rows === undefined ? 1 : Math.min(RANK_DEPTH, rows);
  let ndcg = 0,
    recall = 0,
    mrr = 0;
  for (let i = 0; i < rankings.length; i++) {
    const ranking = rankings[i]!,
      rel = relevant[i]!;
    if (ranking.length < need) throw new SaeError("E_SHAPE", `retrieval scores: query ${i}'s ranking has ${ranking.length} rows, at least ${need} are needed`);
    let ideal = 0,
      judged = 0;
    const gains: number[] = [];
    for (const [row, g] of rel) {
      if (typeof g !== "number" || !Number.isFinite(g) || g <= 0)
        throw new SaeError("E_ARG", `retrieval scores: query ${i} gives row ${row} relevance ${g}; relevance must be a finite number > 0`);
      gains.push(g);
      judged++;
    }
    if (judged === 0) throw new SaeError("E_ARG", `retrieval scores: query ${i} has no relevant document; leave it out of the task`);
    gains.sort((a, b) => b - a);
    for (let r = 0; r < Math.min(10, gains.length); r++) ideal += gains[r]! * DISCOUNT[r]!;
    const depth = Math.min(RANK_DEPTH, ranking.length);
    const seen = new Set<number>();
    let dcg = 0,
      hits = 0,
      first = 0;
    for (let r = 0; r < depth; r++) {
      const row = ranking[r]!;
      if (!Number.isInteger(row) || row < 0 || (rows !== undefined && row >= rows))
        throw new SaeError(
          "E_INDEX",
          `retrieval scores: query ${i}'s ranking holds ${row} at rank ${r + 1}, not a corpus row${rows === undefined ? "" : ` in [0, ${rows})`}`,
        );
      // A row twice would count its gain twice: a ranking lists each document once.
      if (seen.has(row)) throw new SaeError("E_ARG", `retrieval scores: query ${i}'s ranking lists row ${row} twice`);
      seen.add(row);
      const g = rel.get(row);
      if (g === undefined) continue;
      hits++;
      if (r < 10) {
        dcg += g * DISCOUNT[r]!;
        if (first === 0) first = r + 1;
      }
    }
    ndcg += dcg / ideal;
    recall += hits / judged;
    mrr += first === 0 ? 0 : 1 / first;
  }
  const q = rankings.length;
  return { ndcg10: ndcg / q, recall100: recall / q, mrr10: mrr / q, queries: q };
}

function checkTop(top: number, what: string): void {
  if (!Number.isInteger(top) || top < 1) throw new SaeError("E_ARG", `${what}: top must be a positive integer, got ${top}`);
}

/** Rows scaled to unit length in float64 (a zero row stays zero, so it scores 0 against anything). */
function unit(x: Float32Array, d: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let o = 0; o < x.length; o += d) {
    let s = 0;
    for (let p = 0; p < d; p++) s += x[o + p]! * x[o + p]!;
    if (s === 0) continue;
    const inv = 1 / Math.sqrt(s);
    for (let p = 0; p < d; p++) out[o + p] = x[o + p]! * inv;
  }
  return out;
}

function shapes(corpus: Float32Array, queries: Float32Array, d: number, what: string): { rows: number; nq: number } {
  if (!Number.isInteger(d) || d < 1) throw new SaeError("E_SHAPE", `${what}: d must be a positive integer, got ${d}`);
  if (!(corpus instanceof Float32Array) || !(queries instanceof Float32Array))
    throw new SaeError("E_SHAPE", `${what}: corpus and queries must be Float32Arrays`);
  if (corpus.length === 0 || corpus.length % d !== 0)
    throw new SaeError("E_SHAPE", `${what}: the corpus holds ${corpus.length} values, not whole rows of d=${d} (and at least one)`);
  if (queries.length % d !== 0) throw new SaeError("E_SHAPE", `${what}: the queries hold ${queries.length} values, not whole rows of d=${d}`);
  checkFinite(corpus, d, `${what}: corpus`);
  checkFinite(queries, d, `${what}: queries`);
  return { rows: corpus.length / d, nq: queries.length / d };
}

async function rankThrough(corpus: Float32Array, queries: Float32Array, d: number, nq: number, top: number): Promise<Int32Array[]> {
  const index = await SearchIndex.create(corpus, d);
  try {
    const out: Int32Array[] = [];
    for (let i = 0; i < nq; i++) out.push(Int32Array.from(index.search(queries.subarray(i * d, (i + 1) * d), top), (h) => h.doc));
    return out;
  } finally {
    index.dispose();
  }
}

/** Top `top` rows per query by cosine (rows and queries normalised; a zero row scores 0), through the Wasm SearchIndex. Ties: lower row first. */
export async function rankByCosine(corpus: Float32Array, queries: Float32Array, d: number, top = RANK_DEPTH): Promise<Int32Array[]> {
  const { nq } = shapes(corpus, queries, d, "rank by cosine");
  checkTop(top, "rank by cosine");
  return rankThrough(unit(corpus, d), unit(queries, d), d, nq, top);
}

/** The same by raw dot product (the codes score is q · x̂ = q·b_dec + Σ z (W_decᵀ q), i.e. a dot with the reconstruction). */
export async function rankByDot(corpus: Float32Array, queries: Float32Array, d: number, top = RANK_DEPTH): Promise<Int32Array[]> {
  const { nq } = shapes(corpus, queries, d, "rank by dot");
  checkTop(top, "rank by dot");
  return rankThrough(corpus, queries, d, nq, top);
}

/** Each row's active entries (value > 0) merged by latent (a repeated index adds up, as a decode would) and scaled to unit length. */
function unitSparse(codes: Codes, nLatents: number): { start: Int32Array; idx: Int32Array; val: Float64Array } {
  const { batch, k } = codes;
  const start = new Int32Array(batch + 1);
  const idx: number[] = [],
    val: number[] = [];
  const acc = new Float64Array(nLatents);
  const touched: number[] = [];
  for (let r = 0; r < batch; r++) {
    for (let t = r * k; t < (r + 1) * k; t++) {
      const v = codes.values[t]!;
      if (!(v > 0)) continue;
      const j = codes.indices[t]!;
      if (acc[j] === 0) touched.push(j);
      acc[j]! += v;
    }
    let s = 0;
    for (const j of touched) s += acc[j]! * acc[j]!;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (const j of touched) {
      idx.push(j);
      val.push(acc[j]! * inv);
      acc[j] = 0;
    }
    touched.length = 0;
    start[r + 1] = idx.length;
  }
  return { start, idx: Int32Array.from(idx), val: Float64Array.from(val) };
}

/** The `top` best rows of `scores`, best first, lower row on ties. */
export function topRows(scores: Float64Array, top: number): Int32Array {
  return bestFirst(scores, Math.min(top, scores.length));
}

/** Cosine of sparse codes (value > 0 entries only) through inverted lists. Ties (and rows sharing no latent: score 0): lower row first. */
export function rankSparse(docs: Codes, queries: Codes, nLatents: number, top = RANK_DEPTH): Int32Array[] {
  if (!Number.isInteger(nLatents) || nLatents < 1) throw new SaeError("E_SHAPE", `rank sparse: nLatents must be a positive integer, got ${nLatents}`);
  checkCodes(docs, nLatents);
  checkCodes(queries, nLatents);
  checkTop(top, "rank sparse");
  if (docs.batch === 0) throw new SaeError("E_SHAPE", "rank sparse: the corpus has no rows");
  const D = unitSparse(docs, nLatents),
    Q = unitSparse(queries, nLatents);
  // Inverted lists: latent → (doc, value), docs ascending.
  const count = new Int32Array(nLatents + 1);
  for (let t = 0; t < D.idx.length; t++) count[D.idx[t]! + 1]!++;
  for (let j = 0; j < nLatents; j++) count[j + 1]! += count[j]!;
  const listDoc = new Int32Array(D.idx.length),
    listVal = new Float64Array(D.idx.length);
  const fill = count.slice(0, nLatents);
  for (let r = 0; r < docs.batch; r++)
    for (let t = D.start[r]!; t < D.start[r + 1]!; t++) {
      const at = fill[D.idx[t]!]!++;
      listDoc[at] = r;
      listVal[at] = D.val[t]!;
    }
  const rows = docs.batch,
    depth = Math.min(top, rows);
  const scores = new Float64Array(rows),
    hit = new Uint8Array(rows),
    touched = new Int32Array(rows);
  const out: Int32Array[] = [];
  for (let q = 0; q < queries.batch; q++) {
    let m = 0;
    for (let t = Q.start[q]!; t < Q.start[q + 1]!; t++) {
      const j = Q.idx[t]!,
        v = Q.val[t]!;
      for (let a = count[j]!; a < count[j + 1]!; a++) {
        const r = listDoc[a]!;
        if (!hit[r]) {
          hit[r] = 1;
          touched[m++] = r;
        }
        scores[r]! += v * listVal[a]!;
      }
    }
    // Rows sharing a latent with the query score > 0 (products of positive values), the rest exactly
    // 0: the best are among the shared, then the others in row order. Select among the shared only.
    let ranked = bestFirst(scores, Math.min(depth, m), hit);
    if (ranked.length && scores[ranked[ranked.length - 1]!] === 0)
      ranked = topRows(scores, depth); // an underflow to 0: rank every row
    else if (ranked.length < depth) {
      const full = new Int32Array(depth);
      full.set(ranked);
      for (let r = 0, at = ranked.length; at < depth; r++) if (!hit[r]) full[at++] = r;
      ranked = full;
    }
    out.push(ranked);
    for (let i = 0; i < m; i++) {
      hit[touched[i]!] = 0;
      scores[touched[i]!] = 0;
    }
  }
  return out;
}

function corpusRows(x: Float32Array, d: number, what: string): number {
  if (!(x instanceof Float32Array)) throw new SaeError("E_SHAPE", `${what}: expected a Float32Array [rows, d]`);
  if (x.length === 0 || x.length % d !== 0)
    throw new SaeError("E_SHAPE", `${what}: ${x.length} values are not whole rows of the task's d=${d}; use embeddings made with the task's embedder`);
  return x.length / d;
}

/** The original embeddings x [rows, d]: cosine of each query with each row. */
export async function denseRetrieval(task: RetrievalTask, x: Float32Array): Promise<RetrievalScores> {
  const rows = corpusRows(x, task?.d, "dense retrieval: the corpus embeddings");
  checkRetrievalTask(task, rows);
  checkFinite(x, task.d, "dense retrieval: the corpus embeddings");
  const rankings = await rankByCosine(x, task.queries, task.d);
  return retrievalScores(rankings, task.relevant, rows);
}

/**
 * Through an SAE: the docs' codes and reconstructions given (the suite encodes the corpus once),
 * queries encoded here. Scorings: "reconstructed" cos(q̂, x̂); "codes" q · x̂, the query as it is
 * against the documents' codes through the decoder; "sparse" cos(z_q, z_x) over active latents.
 * `dense` is the original embeddings' scores on this task, for the drop.
 */
export async function saeRetrieval(
  task: RetrievalTask,
  docs: { codes: Codes; recon: Float32Array },
  sae: SaeCodec,
  dense: RetrievalScores,
): Promise<SaeRetrieval> {
  const d = task?.d;
  if (sae.nInputs !== d)
    throw new SaeError(
      "E_SHAPE",
      `SAE retrieval: the SAE takes d=${sae.nInputs} embeddings, the task '${String(task?.name).slice(0, 80)}' is d=${d}; use an SAE trained on this embedder`,
    );
  const rows = corpusRows(docs?.recon, d, "SAE retrieval: the corpus reconstructions");
  checkRetrievalTask(task, rows);
  checkFinite(docs.recon, d, "SAE retrieval: the corpus reconstructions");
  checkCodes(docs.codes, sae.nLatents);
  if (docs.codes.batch !== rows)
    throw new SaeError("E_SHAPE", `SAE retrieval: ${docs.codes.batch} rows of codes but ${rows} reconstructions; give both for the same corpus`);
  const nq = task.queryIds.length;
  if (dense?.queries !== nq)
    throw new SaeError(
      "E_ARG",
      `SAE retrieval: the dense scores are over ${dense?.queries} queries, the task '${task.name.slice(0, 80)}' has ${nq}; score the dense embeddings on this task`,
    );
  const qCodes = await sae.encode(task.queries);
  if (qCodes.batch !== nq)
    throw new SaeError("E_SHAPE", `SAE retrieval: encoding ${nq} queries gave ${qCodes.batch} rows of codes; the model must encode row for row`);
  const qRecon = await sae.decode(qCodes);
  const rankings: Record<SaeRetrievalScoring, Int32Array[]> = {
    reconstructed: await rankByCosine(docs.recon, qRecon, d),
    codes: await rankByDot(docs.recon, task.queries, d),
    sparse: rankSparse(docs.codes, qCodes, sae.nLatents),
  };
  const scores = {} as Record<SaeRetrievalScoring, RetrievalScores>;
  const drop = {} as Record<SaeRetrievalScoring, { ndcg10: number; recall100: number; mrr10: number }>;
  for (const s of SAE_SCORINGS) {
    const m = retrievalScores(rankings[s], task.relevant, rows);
    scores[s] = m;
    drop[s] = { ndcg10: dense.ndcg10 - m.ndcg10, recall100: dense.recall100 - m.recall100, mrr10: dense.mrr10 - m.mrr10 };
  }
  return { task: task.name, scores, drop };
}

/**
 * The title task: query = title i's embedding, relevant = row i (its own abstract). Rows whose
 * title is empty (or whitespace) are not queries. `titleEmbeddings` is either one row per corpus
 * row [rows, d] (empty titles' rows ignored) or one per non-empty title, in row order (what
 * `saejs embed --skip-empty` writes).
 */
export function titleTask(titles: readonly string[], titleEmbeddings: Float32Array, d: number, rows: number): RetrievalTask {
  if (!Array.isArray(titles)) throw new SaeError("E_ARG", "title task: titles must be an array of strings, one per corpus row");
  if (!Number.isInteger(d) || d < 1) throw new SaeError("E_SHAPE", `title task: d must be a positive integer, got ${d}`);
  if (titles.length !== rows)
    throw new SaeError("E_SHAPE", `title task: ${titles.length} titles for ${rows} corpus rows; give the title column of the same rows as the embeddings`);
  if (!(titleEmbeddings instanceof Float32Array)) throw new SaeError("E_SHAPE", "title task: the title embeddings must be a Float32Array [titles, d]");
  const kept: number[] = [];
  titles.forEach((t, i) => {
    if (typeof t !== "string") throw new SaeError("E_ARG", `title task: title ${i} is ${t === null ? "null" : typeof t}, not a string`);
    if (t.trim() !== "") kept.push(i);
  });
  if (kept.length === 0) throw new SaeError("E_ARG", "title task: every title is empty, so there are no queries; give a title column that has text");
  let queries: Float32Array;
  if (titleEmbeddings.length === rows * d) {
    queries = new Float32Array(kept.length * d);
    kept.forEach((r, i) => {
      queries.set(titleEmbeddings.subarray(r * d, (r + 1) * d), i * d);
    });
  } else if (titleEmbeddings.length === kept.length * d) {
    queries = titleEmbeddings;
  } else {
    const got = titleEmbeddings.length % d === 0 ? `${titleEmbeddings.length / d} rows` : `${titleEmbeddings.length} values (not whole rows)`;
    throw new SaeError(
      "E_SHAPE",
      `title task: the title embeddings hold ${got} of d=${d}, expected ${rows} (one per corpus row) or ${kept.length} (one per non-empty title); embed the title column of the same rows`,
    );
  }
  const task: RetrievalTask = { name: "titles", queries, d, queryIds: kept.map(String), relevant: kept.map((r) => new Map([[r, 1]])) };
  checkRetrievalTask(task, rows);
  return task;
}
