// Retrieval metrics and rankings: a hand-computed case, NumPy's figures on real embeddings
// (test/fixtures/eval/make_retrieval_golden.py), plain-TS brute-force rankings, and the codes
// scoring's identity q · x̂ = q·b_dec + Σ z (W_decᵀ q) on a real Sae.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isSaeError, type SaeErrorCode } from "../../src/core/errors.js";
import type { Codes } from "../../src/core/model.js";
import {
  checkRetrievalTask,
  denseRetrieval,
  rankByCosine,
  rankByDot,
  rankSparse,
  type RetrievalTask,
  retrievalScores,
  saeRetrieval,
  titleTask,
  topRows,
} from "../../src/eval/retrieval.js";
import { Sae } from "../../src/sae.js";
import { prng, randomArray, randomWeights } from "../fixtures/formula.js";

const HERE = dirname(fileURLToPath(import.meta.url));

async function expectSaeError(f: () => unknown, code: SaeErrorCode, message: RegExp) {
  let err: unknown;
  try {
    await f();
  } catch (e) {
    err = e;
  }
  expect(isSaeError(err, code), `expected SaeError ${code}, got ${String(err)}`).toBe(true);
  expect((err as Error).message).toMatch(message);
}

/** Brute force in float64: every row's score, one full sort, lower row on ties. */
function refRank(scores: (row: number) => number, rows: number, top: number): { order: number[]; score: number[] } {
  const s = Array.from({ length: rows }, (_, r) => scores(r));
  const order = s
    .map((_, r) => r)
    .sort((a, b) => s[b]! - s[a]! || a - b)
    .slice(0, top);
  return { order, score: s };
}

function dot(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, d: number): number {
  let s = 0;
  for (let p = 0; p < d; p++) s += a[ao + p]! * b[bo + p]!;
  return s;
}

function cosine(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, d: number): number {
  const na = Math.sqrt(dot(a, ao, a, ao, d)),
    nb = Math.sqrt(dot(b, bo, b, bo, d));
  return na === 0 || nb === 0 ? 0 : dot(a, ao, b, bo, d) / (na * nb);
}

/**
 * A float32 kernel may swap documents whose float64 scores differ by less than its rounding: the
 * same rows must appear, and any position that differs must hold rows of (nearly) equal score.
 */
function expectSameRanking(got: ArrayLike<number>, want: number[], score: number[], tol = 1e-5) {
  expect(got.length).toBe(want.length);
  for (let j = 0; j < want.length; j++) {
    if (got[j] === want[j]) continue;
    expect(Math.abs(score[got[j]!]! - score[want[j]!]!), `rank ${j + 1}: row ${got[j]} for ${want[j]}`).toBeLessThan(tol);
  }
}

describe("retrievalScores", () => {
  it("matches a hand-computed case (graded relevance, ideal from the judged relevances)", () => {
    // Query 0: rows 2 (rel 3) and 4 (rel 1) at ranks 2 and 4.
    //   DCG = 3/log2(3) + 1/log2(5) = 1.8927893 + 0.4306766 = 2.3234658
    //   IDCG = 3/log2(2) + 1/log2(3) = 3 + 0.6309298 = 3.6309298 → nDCG = 0.6399093
    //   recall@100 = 2/2 = 1, MRR@10 = 1/2.
    // Query 1: row 5 (rel 1) at rank 6: nDCG = 1/log2(7) = 0.3562072, recall 1, MRR 1/6.
    // Query 2: rows 0, 1 (rel 2) and 3 (rel 1) at ranks 2, 1, 3: ideal order, nDCG 1, recall 1, MRR 1.
    const rankings = [
      [0, 2, 1, 4, 3, 5],
      [0, 1, 2, 3, 4, 5],
      [1, 0, 3, 2, 4, 5],
    ];
    const relevant = [
      new Map([
        [2, 3],
        [4, 1],
      ]),
      new Map([[5, 1]]),
      new Map([
        [0, 2],
        [1, 2],
        [3, 1],
      ]),
    ];
    const m = retrievalScores(rankings, relevant, 6);
    expect(m.queries).toBe(3);
    expect(m.ndcg10).toBeCloseTo((0.6399093 + 0.3562072 + 1) / 3, 6); // 0.6653722
    expect(m.recall100).toBe(1);
    expect(m.mrr10).toBeCloseTo((1 / 2 + 1 / 6 + 1) / 3, 12); // 0.5555556
    // One query alone.
    const one = retrievalScores([rankings[0]!], [relevant[0]!]);
    expect(one.ndcg10).toBeCloseTo(0.6399093, 6);
    expect(one.mrr10).toBe(0.5);
  });

  it("cuts nDCG and MRR at rank 10 and recall at 100", () => {
    // 150 rows ranked in order; relevant rows at rank 11 and 120: nothing in the top 10, one of two in the top 100.
    const ranking = Int32Array.from({ length: 150 }, (_, i) => i);
    const m = retrievalScores(
      [ranking],
      [
        new Map([
          [10, 1],
          [119, 1],
        ]),
      ],
      150,
    );
    expect(m).toEqual({ ndcg10: 0, recall100: 0.5, mrr10: 0, queries: 1 });
    // At rank 10 exactly: counted, 1/log2(11) over an ideal of 1; MRR 1/10.
    const at10 = retrievalScores([ranking], [new Map([[9, 1]])], 150);
    expect(at10.ndcg10).toBeCloseTo(1 / Math.log2(11), 12);
    expect(at10.mrr10).toBeCloseTo(0.1, 12);
  });

  it("agrees with NumPy on real rankings (300 arXiv titles → abstracts, two judgements)", () => {
    const g = JSON.parse(readFileSync(join(HERE, "../fixtures/eval/retrieval.json"), "utf8")) as {
      rows: number;
      rankings: number[][];
      tasks: Record<string, { qrels: [number, number][][]; perQuery: Record<"ndcg10" | "recall100" | "mrr10", number[]>; mean: Record<string, number> }>;
    };
    expect(g.rankings.length).toBe(300);
    for (const name of ["titles", "graded"]) {
      const t = g.tasks[name]!;
      const relevant = t.qrels.map((pairs) => new Map(pairs));
      const m = retrievalScores(g.rankings, relevant, g.rows);
      expect(m.queries).toBe(300);
      for (const k of ["ndcg10", "recall100", "mrr10"] as const) expect(m[k], `${name} ${k}`).toBeCloseTo(t.mean[k]!, 12);
      for (let i = 0; i < 300; i++) {
        const one = retrievalScores([g.rankings[i]!], [relevant[i]!], g.rows);
        for (const k of ["ndcg10", "recall100", "mrr10"] as const) expect(one[k], `${name} query ${i} ${k}`).toBeCloseTo(t.perQuery[k][i]!, 12);
      }
    }
    // The figures are not trivially 0 or 1: the test can tell a wrong formula.
    expect(g.tasks.graded!.mean.ndcg10).toBeGreaterThan(0.2);
    expect(g.tasks.graded!.mean.ndcg10).toBeLessThan(0.8);
  });

  it("refuses rankings it cannot score honestly", async () => {
    const rel = [new Map([[0, 1]])];
    await expectSaeError(() => retrievalScores([[0, 1]], [...rel, ...rel]), "E_SHAPE", /1 rankings for 2 queries/);
    await expectSaeError(() => retrievalScores([], []), "E_ARG", /no queries/);
    await expectSaeError(() => retrievalScores([[0, 0, 1]], rel), "E_ARG", /lists row 0 twice/);
    await expectSaeError(() => retrievalScores([[0, 7]], rel, 2), "E_INDEX", /holds 7 at rank 2.*\[0, 2\)/);
    await expectSaeError(() => retrievalScores([[0, 1]], rel, 5), "E_SHAPE", /2 rows, at least 5/);
    await expectSaeError(() => retrievalScores([[0, 1]], [new Map()]), "E_ARG", /no relevant document/);
    await expectSaeError(() => retrievalScores([[0, 1]], [new Map([[0, 0]])]), "E_ARG", /relevance 0/);
    await expectSaeError(() => retrievalScores([[0, 1]], [new Map([[0, Number.NaN]])]), "E_ARG", /relevance NaN/);
  });
});

describe("rankings", () => {
  const d = 24,
    rows = 130,
    nq = 9;
  const corpus = randomArray(rows * d, 11);
  corpus.fill(0, 5 * d, 6 * d); // row 5 is zero: cosine 0 with every query
  corpus.set(corpus.subarray(7 * d, 8 * d), 40 * d); // row 40 = row 7: an exact tie, row 7 first
  const queries = randomArray(nq * d, 12);

  it("rankByCosine: the brute-force cosine ranking, zero rows at 0, ties to the lower row", async () => {
    const got = await rankByCosine(corpus, queries, d);
    expect(got.length).toBe(nq);
    for (let i = 0; i < nq; i++) {
      const want = refRank((r) => cosine(corpus, r * d, queries, i * d, d), rows, 100);
      expectSameRanking(got[i]!, want.order, want.score);
      const at = Array.from(got[i]!);
      if (at.includes(40)) expect(at.indexOf(7)).toBe(at.indexOf(40) - 1);
    }
    // Shorter rankings, and top past the corpus size.
    expect((await rankByCosine(corpus, queries, d, 3))[0]!.length).toBe(3);
    expect((await rankByCosine(corpus.subarray(0, 4 * d), queries, d, 100))[0]!.length).toBe(4);
  });

  it("rankByDot: the brute-force dot ranking (norms count)", async () => {
    const scaled = corpus.map((v, i) => v * (1 + (Math.floor(i / d) % 5))); // rows of different lengths
    const got = await rankByDot(scaled, queries, d, 50);
    for (let i = 0; i < nq; i++) {
      const want = refRank((r) => dot(scaled, r * d, queries, i * d, d), rows, 50);
      expectSameRanking(got[i]!, want.order, want.score);
    }
    // Dot and cosine differ here: the test tells them apart.
    const cos = await rankByCosine(scaled, queries, d, 50);
    expect(got.some((r, i) => r.some((v, j) => v !== cos[i]![j]))).toBe(true);
  });

  it("rankSparse: brute-force cosine over active latents (value > 0), repeated indices summed", () => {
    const n = 30,
      k = 4,
      rand = prng(3);
    const make = (batch: number): Codes => {
      const indices = new Int32Array(batch * k),
        values = new Float32Array(batch * k);
      for (let t = 0; t < batch * k; t++) {
        indices[t] = Math.floor(rand() * n);
        values[t] = rand() < 0.2 ? 0 : rand() * 2;
      }
      return { indices, values, k, batch };
    };
    const docs = make(60),
      qs = make(7);
    docs.values.fill(0, 3 * k, 4 * k); // row 3 has no active latent
    const dense = (c: Codes, r: number) => {
      const v = new Float64Array(n);
      for (let t = r * k; t < (r + 1) * k; t++) if (c.values[t]! > 0) v[c.indices[t]!]! += c.values[t]!;
      return v;
    };
    const got = rankSparse(docs, qs, n, 100);
    for (let i = 0; i < qs.batch; i++) {
      const q = dense(qs, i);
      const want = refRank((r) => cosine(dense(docs, r), 0, q, 0, n), 60, 100);
      expectSameRanking(got[i]!, want.order, want.score, 1e-12);
      expect(got[i]!.length).toBe(60);
    }
    // A query with nothing active scores every row 0: rows in order.
    const empty: Codes = { indices: new Int32Array(k), values: new Float32Array(k), k, batch: 1 };
    expect(Array.from(rankSparse(docs, empty, n, 5)[0]!)).toEqual([0, 1, 2, 3, 4]);
  });

  it("topRows: best first, lower row on ties, bounded by the row count", () => {
    const s = Float64Array.from([0.5, 0.9, 0.5, -1, 0.9, 0.1]);
    expect(Array.from(topRows(s, 4))).toEqual([1, 4, 0, 2]);
    expect(Array.from(topRows(s, 10))).toEqual([1, 4, 0, 2, 5, 3]);
    const r = prng(9);
    const big = Float64Array.from({ length: 500 }, () => Math.round(r() * 20)); // many ties
    const want = Array.from(big.keys()).sort((a, b) => big[b]! - big[a]! || a - b);
    expect(Array.from(topRows(big, 100))).toEqual(want.slice(0, 100));
  });

  it("refuses bad shapes and values", async () => {
    await expectSaeError(() => rankByCosine(corpus, queries.subarray(1), d), "E_SHAPE", /queries hold/);
    await expectSaeError(() => rankByCosine(corpus.subarray(1), queries, d), "E_SHAPE", /not whole rows/);
    await expectSaeError(() => rankByDot(new Float32Array(0), queries, d), "E_SHAPE", /at least one/);
    const bad = queries.slice();
    bad[d + 3] = Number.NaN;
    await expectSaeError(() => rankByCosine(corpus, bad, d), "E_NONFINITE", /row 1, column 3/);
    await expectSaeError(() => rankByDot(corpus, queries, d, 0), "E_ARG", /top must be a positive integer/);
    const codes: Codes = { indices: Int32Array.from([0, 31]), values: Float32Array.from([1, 1]), k: 2, batch: 1 };
    await expectSaeError(() => rankSparse(codes, codes, 30), "E_INDEX", /31/);
  });
});

describe("through an SAE", () => {
  const d = 16,
    n = 48,
    rows = 120;
  const x = randomArray(rows * d, 21);
  // Queries near their documents (row 3i), so that the task has signal.
  const nq = 25;
  const noise = randomArray(nq * d, 22, 0.3);
  const queries = Float32Array.from({ length: nq * d }, (_, t) => x[3 * Math.floor(t / d) * d + (t % d)]! + noise[t]!);
  const task: RetrievalTask = {
    name: "near",
    queries,
    d,
    queryIds: Array.from({ length: nq }, (_, i) => `q${i}`),
    relevant: Array.from({ length: nq }, (_, i) =>
      i % 2
        ? new Map([[3 * i, 1]])
        : new Map([
            [3 * i, 2],
            [3 * i + 1, 1],
          ]),
    ),
  };

  it("codes scoring: q · x̂ equals q·b_dec + Σ z (W_decᵀ q) computed from the weights, and ranks the same", async () => {
    const w = randomWeights(d, n, 5);
    const sae = await Sae.create(w, { k: 6 });
    const codes = sae.encode(x, rows);
    const recon = sae.decode(codes);
    for (let i = 0; i < nq; i++) {
      // W_decᵀ q: decoder.weight is [d, n], column j latent j's direction.
      const wq = new Float64Array(n);
      for (let p = 0; p < d; p++) for (let j = 0; j < n; j++) wq[j]! += w.decoderWeight[p * n + j]! * queries[i * d + p]!;
      const qb = dot(queries, i * d, w.preBias, 0, d);
      const formula = (r: number) => {
        let s = qb;
        for (let t = r * codes.k; t < (r + 1) * codes.k; t++) s += codes.values[t]! * wq[codes.indices[t]!]!;
        return s;
      };
      for (let r = 0; r < rows; r++) expect(dot(queries, i * d, recon, r * d, d)).toBeCloseTo(formula(r), 5);
      const want = refRank(formula, rows, 100);
      expectSameRanking((await rankByDot(recon, queries.subarray(i * d, (i + 1) * d), d))[0]!, want.order, want.score);
    }
    sae.dispose();
  });

  for (const thresholded of [false, true]) {
    it(`saeRetrieval scores each scoring as computed by hand (${thresholded ? "thresholded" : "top-k"} model)`, async () => {
      const w = randomWeights(d, n, 6);
      const sae = await Sae.create(thresholded ? { ...w, threshold: new Float32Array(n).fill(0.05) } : w, { k: 6 });
      expect(sae.architecture).toBe(thresholded ? "jumprelu" : "topk");
      const codes = sae.encode(x, rows);
      const recon = sae.decode(codes);
      const dense = await denseRetrieval(task, x);
      const got = await saeRetrieval(task, { codes, recon }, sae, dense);
      expect(got.task).toBe("near");

      // Independent rankings in float64.
      const qCodes = sae.encode(queries, nq);
      const qRecon = sae.decode(qCodes);
      const sparseVec = (c: Codes, r: number) => {
        const v = new Float64Array(n);
        for (let t = r * c.k; t < (r + 1) * c.k; t++) if (c.values[t]! > 0) v[c.indices[t]!]! += c.values[t]!;
        return v;
      };
      const ref = {
        reconstructed: (i: number) => refRank((r) => cosine(recon, r * d, qRecon, i * d, d), rows, 100).order,
        codes: (i: number) => refRank((r) => dot(recon, r * d, queries, i * d, d), rows, 100).order,
        sparse: (i: number) => refRank((r) => cosine(sparseVec(codes, r), 0, sparseVec(qCodes, i), 0, n), rows, 100).order,
      };
      for (const s of ["reconstructed", "codes", "sparse"] as const) {
        const want = retrievalScores(
          Array.from({ length: nq }, (_, i) => ref[s](i)),
          task.relevant,
          rows,
        );
        expect(got.scores[s].queries).toBe(nq);
        for (const m of ["ndcg10", "recall100", "mrr10"] as const) {
          expect(got.scores[s][m], `${s} ${m}`).toBeCloseTo(want[m], 9);
          expect(got.drop[s][m]).toBeCloseTo(dense[m] - want[m], 9);
        }
      }
      // Dense: the queries sit near their documents.
      expect(dense.mrr10).toBeGreaterThan(0.5);
      sae.dispose();
    });
  }

  it("is deterministic, and refuses mismatched inputs", async () => {
    const sae = await Sae.create(randomWeights(d, n, 7), { k: 4 });
    const codes = sae.encode(x, rows);
    const recon = sae.decode(codes);
    const dense = await denseRetrieval(task, x);
    expect(await saeRetrieval(task, { codes, recon }, sae, dense)).toEqual(await saeRetrieval(task, { codes, recon }, sae, dense));
    await expectSaeError(
      () => saeRetrieval(task, { codes, recon: recon.subarray(d) }, sae, dense),
      "E_SHAPE",
      /119 rows of codes but 120 reconstructions|codes/,
    );
    await expectSaeError(() => saeRetrieval(task, { codes, recon }, sae, { ...dense, queries: 3 }), "E_ARG", /dense scores are over 3 queries/);
    const wide = await Sae.create(randomWeights(d + 1, n, 7), { k: 4 });
    await expectSaeError(() => saeRetrieval(task, { codes, recon }, wide, dense), "E_SHAPE", /SAE takes d=17.*d=16/);
    const nan = x.slice();
    nan[7 * d + 2] = Number.NaN;
    await expectSaeError(() => denseRetrieval(task, nan), "E_NONFINITE", /dense retrieval: the corpus embeddings: NaN at row 7, column 2/);
    await expectSaeError(() => saeRetrieval(task, { codes, recon: nan }, sae, dense), "E_NONFINITE", /the corpus reconstructions: NaN at row 7/);
    await expectSaeError(() => denseRetrieval(task, x.subarray(0, 10 * d)), "E_INDEX", /judges row \d+, outside the corpus's rows \[0, 10\)/);
    sae.dispose();
    wide.dispose();
  });
});

describe("tasks", () => {
  const d = 8,
    rows = 6;
  const titles = ["A title", "", "Another", "   ", "Fourth", "Fifth"];

  it("titleTask: one query per non-empty title, its own row relevant, from either embedding layout", () => {
    const all = randomArray(rows * d, 31);
    const t = titleTask(titles, all, d, rows);
    expect(t.name).toBe("titles");
    expect(t.queryIds).toEqual(["0", "2", "4", "5"]);
    expect(t.relevant.map((m) => [...m])).toEqual([[[0, 1]], [[2, 1]], [[4, 1]], [[5, 1]]]);
    expect(Array.from(t.queries.subarray(d, 2 * d))).toEqual(Array.from(all.subarray(2 * d, 3 * d)));
    // One row per non-empty title (saejs embed --skip-empty): taken as they are.
    const kept = randomArray(4 * d, 32);
    expect(titleTask(titles, kept, d, rows).queries).toBe(kept);
  });

  it("titleTask: retrieval where each title finds its own row scores 1", async () => {
    const x = randomArray(rows * d, 33);
    const m = await denseRetrieval(titleTask(titles, x, d, rows), x);
    expect(m).toEqual({ ndcg10: 1, recall100: 1, mrr10: 1, queries: 4 });
  });

  it("titleTask refuses titles and embeddings that do not line up", async () => {
    const all = randomArray(rows * d, 31);
    await expectSaeError(() => titleTask(titles.slice(1), all, d, rows), "E_SHAPE", /5 titles for 6 corpus rows/);
    await expectSaeError(() => titleTask(titles, all.subarray(0, 5 * d), d, rows), "E_SHAPE", /5 rows of d=8, expected 6 .* or 4/);
    await expectSaeError(() => titleTask(titles, all.subarray(1), d, rows), "E_SHAPE", /not whole rows/);
    await expectSaeError(() => titleTask(["", " "], new Float32Array(0), d, 2), "E_ARG", /every title is empty/);
    const bad = all.slice();
    bad[2 * d] = Number.POSITIVE_INFINITY;
    await expectSaeError(() => titleTask(titles, bad, d, rows), "E_NONFINITE", /Infinity at row 1, column 0/);
  });

  it("checkRetrievalTask names each inconsistency", async () => {
    const ok: RetrievalTask = { name: "t", queries: new Float32Array(2 * d), d, queryIds: ["a", "b"], relevant: [new Map([[0, 1]]), new Map([[1, 2]])] };
    checkRetrievalTask(ok, 2);
    await expectSaeError(() => checkRetrievalTask({ ...ok, queryIds: ["a", "a"] }, 2), "E_ARG", /'a' appears twice/);
    await expectSaeError(() => checkRetrievalTask({ ...ok, queries: new Float32Array(3 * d) }, 2), "E_SHAPE", /need 16 values.*24/);
    await expectSaeError(() => checkRetrievalTask({ ...ok, relevant: [new Map([[0, 1]])] }, 2), "E_SHAPE", /2 query ids but 1 relevance maps/);
    await expectSaeError(() => checkRetrievalTask({ ...ok, relevant: [new Map([[0, 1]]), new Map()] }, 2), "E_ARG", /'b' has no relevant document/);
    await expectSaeError(() => checkRetrievalTask({ ...ok, relevant: [new Map([[0, 1]]), new Map([[2, 1]])] }, 2), "E_INDEX", /judges row 2/);
    await expectSaeError(() => checkRetrievalTask({ ...ok, relevant: [new Map([[0, -1]]), new Map([[1, 1]])] }, 2), "E_ARG", /relevance -1/);
    await expectSaeError(() => checkRetrievalTask({ ...ok, queryIds: [], relevant: [], queries: new Float32Array(0) }, 2), "E_ARG", /no query has a relevant/);
    await expectSaeError(() => checkRetrievalTask({ ...ok, d: 0 }, 2), "E_SHAPE", /d must be a positive integer/);
  });
});
