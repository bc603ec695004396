// The offline labeller: a short phrase that says what a feature fires on, made without a network.
//   1. candidates: the 1–3-word phrases (text.ts) of the feature's strongest documents and of as
//      many more spread over the rest of its activation range;
//   2. class-based TF-IDF: how much more often a phrase is in those documents than in the hard
//      negatives, times its inverse document frequency in the corpus, keeps the best 200;
//   3. similarity in the embedder's space: each candidate is embedded with the corpus's embedder
//      (each distinct phrase once, whichever features share it); a first pass ranks them by how much
//      nearer they are to the mean of the documents where the feature is active than to the mean of
//      the others, and the best 50 are scored by how well their cosine similarity separates those
//      documents (AUC over a fixed sample of the labelling documents, all candidates of a feature in
//      one GEMM);
//   4. maximal marginal relevance shortlists relevant phrases unlike each other, and the label grows
//      from the best one by the shortlisted phrase that most improves its own embedding's AUC, then
//      by one of the few phrases that did best in that round (at most four phrases, eight words,
//      sixty characters).
// The label depends on the corpus, the codes and the embedder only: not on how many documents a
// caller displays, nor on which other features are labelled in the same call. A fifth of the
// corpus (fixed by a hash of the row) is held out: labels are made from the rest and scored on it.
import { SaeError } from "../core/errors.js";
import type { Codes } from "../core/model.js";
import type { Embedder } from "../embed/embedder.js";
import { SearchIndex } from "../kernels/rank.js";
import { turnTaker } from "../runtime/turns.js";
import { auc, aucOfSorted, cosineAt, unitRows } from "./score.js";
import { phrases, wordCount } from "./text.js";

/** What a label is made from: a corpus's texts, its embeddings [rows, d] and its codes under the SAE. */
export interface LabelCorpus {
  readonly texts: readonly string[];
  readonly x: Float32Array;
  readonly d: number;
  readonly codes: Codes;
  readonly nLatents: number;
}

/** A feature's label and its score on held-out documents. */
export interface FeatureLabel {
  readonly feature: number;
  /** The phrases joined by " / "; "" for a feature never active in the labelling documents. */
  readonly label: string;
  readonly phrases: readonly string[];
  /** offline: c-TF-IDF and the embedder; offline-terms: c-TF-IDF alone (no embedder of the corpus's space); llm: an endpoint's. */
  readonly method: "offline" | "offline-terms" | "llm";
  /** AUC of the label's cosine similarity separating held-out documents where the feature is active from the rest; null when unscored. */
  readonly auc: number | null;
  /** Held-out documents where the feature is active (the AUC's positives). */
  readonly heldPositives: number;
  /** The release's detection score (LLM labels): F1 and Pearson on held-out positives and negatives. */
  readonly f1?: number | null;
  readonly pearson?: number | null;
  /** A label to trust: AUC ≥ 0.9 over ≥ 5 held-out positives (or F1 and Pearson ≥ 0.8), density < 0.2. */
  readonly clean: boolean;
}

/** Settings that decide labels; fixed, so that every caller gets the same label. */
export const LABEL_SETTINGS = {
  /** Top documents a label's candidates come from, and hard negatives they are contrasted with. */
  top: 20,
  negatives: 20,
  /** Candidates kept by c-TF-IDF, and then embedded (more of them, scored in the embedder's space, make better labels). */
  candidates: 200,
  /** Phrases in a label, words and characters in all. */
  maxPhrases: 4,
  maxWords: 8,
  maxChars: 60,
  /** MMR's trade-off between relevance and difference from the phrases already picked, and the phrases it shortlists. */
  lambda: 0.7,
  /** Candidates whose AUC is measured, the best by the first pass (the gap between centroids). */
  scored: 50,
  shortlist: 10,
  /** After the first round, a label grows only by the phrases of its best few tries. */
  extend: 3,
  /** The AUC (rounded to 4 digits) a phrase must add to join a label: any. */
  gain: 0,
  /** Active documents and inactive ones over which a candidate's AUC is measured while labelling. */
  positives: 400,
  pool: 1000,
  /** Held-out share of the corpus (1 row in 5), and the held-out documents a score samples at most. */
  heldOutEvery: 5,
  scoreSample: 4000,
  /** The document frequencies of phrases are counted over at most this many labelling documents. */
  dfSample: 20000,
} as const;

/** How labels of a corpus of width d are made with this embedder: "offline" where its width is d, else "offline-terms". */
export function labelMethodOf(embedder: Embedder | undefined, d: number): "offline" | "offline-terms" {
  return embedder && embedder.dim === d ? "offline" : "offline-terms";
}

/** Features active (a positive value) on at least one row of the codes, ascending. */
export function liveFeaturesOf(codes: Codes, nLatents: number): number[] {
  const on = new Uint8Array(nLatents);
  for (let j = 0; j < codes.values.length; j++) if (codes.values[j]! > 0) on[codes.indices[j]!] = 1;
  return Array.from({ length: nLatents }, (_, i) => i).filter((i) => on[i]);
}

/** A well-mixed 32-bit hash of a row number: which rows are held out, and which sampled. */
function mix(row: number, seed: number): number {
  let h = (row ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** True for a row held out of labelling, to score labels on. */
export function isHeldOut(row: number, every: number = LABEL_SETTINGS.heldOutEvery): boolean {
  return every > 0 && mix(row, 0x5ae15) % every === 0;
}

/** `count` of `rows` picked by hash (the same ones whatever else is asked), in row order. */
function sample(rows: readonly number[], count: number, seed: number): number[] {
  if (rows.length <= count) return [...rows];
  return [...rows]
    .sort((a, b) => mix(a, seed) - mix(b, seed) || a - b)
    .slice(0, count)
    .sort((a, b) => a - b);
}

/** `count` of `rows` evenly spaced from the first (all of them when there are no more). */
export function evenly<T>(rows: ArrayLike<T>, count: number): T[] {
  const m = Math.min(count, rows.length);
  return Array.from({ length: m }, (_, j) => rows[Math.floor((j * rows.length) / m)]!);
}

/** AUCs are compared rounded, so that float noise of a batched embedding never flips a choice. */
const q4 = (v: number) => Math.round(v * 1e4) / 1e4;

interface Candidate {
  phrase: string;
  tfidf: number;
  relevance: number;
  unit?: Float32Array;
}

export interface LabelOptions {
  /** The embedder of the corpus's embeddings; without it (or of another width) labels come from c-TF-IDF alone. */
  embedder?: Embedder;
  /** Hold out a row in `heldOutEvery` (default 5) to score labels; 0 labels from every row and scores none. */
  heldOutEvery?: number;
}

/** What create() works out once per corpus; the labeller only reads it. */
interface LabellerParts {
  readonly corpus: LabelCorpus;
  /** Set only when it embeds into the corpus's space (else labels come from c-TF-IDF alone). */
  readonly embedder: Embedder | undefined;
  /** Per feature: labelling rows where it is active, by activation (highest first). */
  readonly active: Int32Array[];
  /** Per feature: held-out rows where it is active, to score its label. */
  readonly held: Int32Array[];
  readonly heldRows: number[];
  /** Labelling rows sampled once, the inactive side of every candidate's AUC. */
  readonly pool: number[];
  /** Document frequency of each phrase over `dfDocs` sampled rows. */
  readonly df: Map<string, number>;
  readonly dfDocs: number;
  /** The corpus's embeddings, each row scaled to unit length. */
  readonly xn: Float32Array;
  /** The labelling rows' unit embeddings: hard negatives (nearest by cosine) and candidates' scores, many at once. */
  readonly index: SearchIndex;
  /** Labelling row of each row of the search index, and the index row of each row (-1: held out). */
  readonly indexRows: Int32Array;
  readonly indexOf: Int32Array;
  readonly heldOutEvery: number;
}

/** The labelling rows a feature's candidates are scored over, and their rows in the search index (positives first). */
interface TrainSample {
  readonly positives: readonly number[];
  readonly negatives: readonly number[];
  /** The pool's rows left out of the negatives (the feature is active there). */
  readonly activeInPool: readonly number[];
  readonly at: Int32Array;
}

export class OfflineLabeller {
  private readonly phraseMemo = new Map<number, Set<string>>();
  private readonly unitMemo = new Map<string, Float32Array>();
  private readonly unitPending = new Map<string, Promise<void>>();

  private readonly corpus: LabelCorpus;
  private readonly embedder: Embedder | undefined;
  private readonly active: Int32Array[];
  private readonly held: Int32Array[];
  private readonly heldRows: number[];
  private readonly pool: number[];
  private readonly df: Map<string, number>;
  private readonly dfDocs: number;
  private readonly xn: Float32Array;
  private readonly index: SearchIndex;
  private readonly indexRows: Int32Array;
  private readonly indexOf: Int32Array;
  readonly heldOutEvery: number;

  private constructor(parts: LabellerParts) {
    this.corpus = parts.corpus;
    this.embedder = parts.embedder;
    this.active = parts.active;
    this.held = parts.held;
    this.heldRows = parts.heldRows;
    this.pool = parts.pool;
    this.df = parts.df;
    this.dfDocs = parts.dfDocs;
    this.xn = parts.xn;
    this.index = parts.index;
    this.indexRows = parts.indexRows;
    this.indexOf = parts.indexOf;
    this.heldOutEvery = parts.heldOutEvery;
  }

  /** How labels are made here: "offline" with an embedder of the corpus's space, else "offline-terms". */
  get method(): "offline" | "offline-terms" {
    return this.embedder ? "offline" : "offline-terms";
  }

  static async create(corpus: LabelCorpus, options: LabelOptions = {}): Promise<OfflineLabeller> {
    const { texts, x, d, codes, nLatents: n } = corpus;
    const rows = texts.length;
    if (!rows) throw new SaeError("E_SHAPE", "labels: the corpus is empty");
    if (x.length !== rows * d) throw new SaeError("E_SHAPE", `labels: ${rows} texts need ${rows} × ${d} embedding values, got ${x.length}`);
    if (codes.batch !== rows) throw new SaeError("E_SHAPE", `labels: the codes have ${codes.batch} rows, the corpus ${rows}`);
    const every = options.heldOutEvery ?? LABEL_SETTINGS.heldOutEvery;
    if (!Number.isInteger(every) || every < 0 || every === 1)
      throw new SaeError("E_ARG", `labels: heldOutEvery must be 0 (score nothing) or an integer ≥ 2, got ${every}`);
    const embedder = labelMethodOf(options.embedder, d) === "offline" ? options.embedder : undefined;

    const held = (r: number) => isHeldOut(r, every);
    const labelling: number[] = [],
      heldRows: number[] = [];
    for (let r = 0; r < rows; r++) (held(r) ? heldRows : labelling).push(r);
    if (!labelling.length) throw new SaeError("E_SHAPE", `labels: all ${rows} rows are held out; the corpus is too small to label`);

    // Postings: the rows where each feature is active (a positive value), highest activation first.
    const lists: { row: number; v: number }[][] = Array.from({ length: n }, () => []);
    const heldLists: number[][] = Array.from({ length: n }, () => []);
    for (let r = 0; r < rows; r++) {
      for (let t = 0; t < codes.k; t++) {
        const v = codes.values[r * codes.k + t]!,
          i = codes.indices[r * codes.k + t]!;
        if (!(v > 0)) continue;
        if (held(r)) heldLists[i]!.push(r);
        else lists[i]!.push({ row: r, v });
      }
    }
    const active = lists.map((l) => Int32Array.from(l.sort((a, b) => b.v - a.v || a.row - b.row).map((e) => e.row)));

    const xn = unitRows(x, d);
    const indexOf = new Int32Array(rows).fill(-1);
    for (const [j, r] of labelling.entries()) indexOf[r] = j;
    const df = new Map<string, number>();
    const dfRows = sample(labelling, LABEL_SETTINGS.dfSample, 0xdf);
    for (const r of dfRows) for (const p of phrases(texts[r]!)) df.set(p, (df.get(p) ?? 0) + 1);
    return new OfflineLabeller({
      corpus,
      embedder,
      active,
      held: heldLists.map((l) => Int32Array.from(l)),
      heldRows,
      pool: sample(labelling, LABEL_SETTINGS.pool, 0x9001),
      df,
      dfDocs: dfRows.length,
      xn,
      index: await SearchIndex.create(labelling.length === rows ? xn : gatherRows(xn, d, labelling), d),
      indexRows: Int32Array.from(labelling),
      indexOf,
      heldOutEvery: every,
    });
  }

  private phrasesOf(row: number): Set<string> {
    let s = this.phraseMemo.get(row);
    if (!s) {
      s = phrases(this.corpus.texts[row]!);
      this.phraseMemo.set(row, s);
    }
    return s;
  }

  /** Off-documents (labelling rows where the feature is not active) nearest the mean embedding of `top`. */
  private hardNegatives(feature: number, top: ArrayLike<number>): number[] {
    const { x, d } = this.corpus;
    const mean = new Float32Array(d);
    for (let j = 0; j < top.length; j++) for (let q = 0; q < d; q++) mean[q]! += x[top[j]! * d + q]! / top.length;
    const on = new Set(this.active[feature]!);
    return this.index
      .search(mean, Math.min(this.index.rows, LABEL_SETTINGS.negatives + on.size))
      .map((h) => this.indexRows[h.doc]!)
      .filter((r) => !on.has(r))
      .slice(0, LABEL_SETTINGS.negatives);
  }

  /** Candidates of a feature by c-TF-IDF: top-document share minus hard-negative share, times the phrase's idf. */
  private candidates(feature: number): Candidate[] {
    const act = this.active[feature]!;
    // The strongest documents, and as many more spread over the rest of its activation range:
    // the label must fit every document where the feature is active, not only the strongest.
    const strong = act.subarray(0, LABEL_SETTINGS.top);
    const top = [...strong, ...evenly(act.subarray(LABEL_SETTINGS.top), LABEL_SETTINGS.top)];
    const neg = this.hardNegatives(feature, strong);
    const pos = new Map<string, number>();
    for (const r of top) for (const p of this.phrasesOf(r)) pos.set(p, (pos.get(p) ?? 0) + 1);
    const negDf = new Map<string, number>();
    for (const r of neg) for (const p of this.phrasesOf(r)) negDf.set(p, (negDf.get(p) ?? 0) + 1);
    const minDf = Math.min(2, top.length);
    const out: Candidate[] = [];
    for (const [phrase, c] of pos) {
      if (c < minDf) continue;
      const contrast = c / top.length - (negDf.get(phrase) ?? 0) / Math.max(1, neg.length);
      const idf = Math.log(1 + this.dfDocs / (1 + (this.df.get(phrase) ?? 0)));
      const tfidf = contrast * idf;
      if (tfidf > 0) out.push({ phrase, tfidf, relevance: 0 });
    }
    return out.sort((a, b) => b.tfidf - a.tfidf || (a.phrase < b.phrase ? -1 : 1)).slice(0, LABEL_SETTINGS.candidates);
  }

  /** Unit embeddings of phrases, memoised; the uncached ones go to the embedder in one call. */
  private async units(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const e = this.embedder!;
    // Phrases another call (labelling other features at the same time) is embedding are awaited, not embedded twice.
    const waits = new Set<Promise<void>>();
    const todo: string[] = [];
    for (const t of new Set(texts)) {
      if (this.unitMemo.has(t)) continue;
      const pending = this.unitPending.get(t);
      if (pending) waits.add(pending);
      else todo.push(t);
    }
    if (todo.length) {
      const embedded = (async () => {
        const v = await e.embed(todo, signal ? { signal } : {});
        if (v.length !== todo.length * e.dim)
          throw new SaeError("E_EMBED", `labels: the embedder gave ${v.length} values for ${todo.length} phrases of ${e.dim}`);
        const u = unitRows(v, e.dim);
        for (const [j, t] of todo.entries()) this.unitMemo.set(t, u.subarray(j * e.dim, (j + 1) * e.dim));
      })();
      for (const t of todo) this.unitPending.set(t, embedded);
      waits.add(embedded);
      embedded
        .finally(() => {
          for (const t of todo) if (this.unitPending.get(t) === embedded) this.unitPending.delete(t);
        })
        .catch(() => {});
    }
    await Promise.all(waits);
    return texts.map((t) => {
      const u = this.unitMemo.get(t);
      if (!u) throw new SaeError("E_EMBED", `labels: the phrase "${t}" was not embedded (another labelling call failed)`);
      return u;
    });
  }

  /** AUCs of each unit vector's similarity over a feature's labelling sample: its active rows against the inactive pool. */
  private trainAucs(units: readonly Float32Array[], sample: TrainSample): number[] {
    const d = this.corpus.d,
      m = units.length;
    if (!m) return [];
    const queries = new Float32Array(m * d);
    for (const [i, u] of units.entries()) queries.set(u, i * d);
    const p = sample.positives.length;
    const s = this.index.scores(queries, sample.at);
    const pos = new Float64Array(p),
      neg = new Float64Array(sample.negatives.length);
    return units.map((_, i) => {
      for (let j = 0; j < p; j++) pos[j] = s[j * m + i]!;
      for (let j = 0; j < neg.length; j++) neg[j] = s[(p + j) * m + i]!;
      // Both buffers are refilled for the next unit, so they are sorted in place.
      return aucOfSorted(pos.sort(), neg.sort());
    });
  }

  /** Σ of the pool's unit rows, once: a feature's negatives are the pool less the few rows where it is active. */
  private poolSum: Float64Array | undefined;

  /** Σ of unit rows `rows`, added to `into` times `w`. */
  private addRows(into: Float64Array, rows: readonly number[], w: number): void {
    const { xn } = this,
      d = this.corpus.d;
    for (const r of rows) for (let q = 0, o = r * d; q < d; q++) into[q]! += w * xn[o + q]!;
  }

  /** The mean unit embedding of a sample's positives minus that of its negatives. */
  private centroidGap(sample: TrainSample): Float32Array {
    const d = this.corpus.d;
    if (!this.poolSum) {
      this.poolSum = new Float64Array(d);
      this.addRows(this.poolSum, this.pool, 1);
    }
    const neg = new Float64Array(this.poolSum);
    this.addRows(neg, sample.activeInPool, -1);
    const gap = new Float64Array(d);
    this.addRows(gap, sample.positives, 1 / Math.max(1, sample.positives.length));
    const w = 1 / Math.max(1, sample.negatives.length);
    for (let q = 0; q < d; q++) gap[q]! -= w * neg[q]!;
    return Float32Array.from(gap);
  }

  /** Labels of `features` (deterministic; each the same whichever others are asked with it), scored on the held-out rows. */
  async label(
    features: readonly number[],
    options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<FeatureLabel[]> {
    const n = this.corpus.nLatents;
    for (const i of features) if (!Number.isInteger(i) || i < 0 || i >= n) throw new SaeError("E_ARG", `labels: no feature ${i}; the SAE has ${n}`);
    const cands = features.map((i) => (this.active[i]!.length ? this.candidates(i) : []));
    options.signal?.throwIfAborted();
    const picked: string[][] = [];
    const turn = turnTaker();
    if (this.embedder) {
      await this.units(
        cands.flatMap((c) => c.map((e) => e.phrase)),
        options.signal,
      );
      // MMR: a shortlist of relevant phrases unlike each other; then the label grows from the most
      // relevant one by the shortlisted phrase that makes its embedding separate best, while that helps.
      const samples = features.map((i) => this.trainSample(i));
      const shortlists: Candidate[][] = [];
      for (let f = 0; f < features.length; f++) {
        await turn();
        const all = cands[f]!;
        for (const c of all) c.unit = this.unitMemo.get(c.phrase)!;
        // A first pass: how much nearer a phrase is to the feature's documents' mean than to the
        // others' (one dot product each); the AUC, which sorts every sampled document's score, only
        // for the best of them.
        const toward = this.centroidGap(samples[f]!);
        const list = all
          .map((c) => ({ c, gap: dot(c.unit!, toward) }))
          .sort((a, b) => b.gap - a.gap || b.c.tfidf - a.c.tfidf || (a.c.phrase < b.c.phrase ? -1 : 1))
          .slice(0, LABEL_SETTINGS.scored)
          .map((e) => e.c);
        const top = Math.max(...list.map((c) => c.tfidf), 0);
        const aucs = this.trainAucs(
          list.map((c) => c.unit!),
          samples[f]!,
        );
        for (const [j, c] of list.entries()) c.relevance = q4(aucs[j]!) + (0.02 * c.tfidf) / (top || 1);
        shortlists.push(mmr(list, (x, y) => dot(x.unit!, y.unit!), LABEL_SETTINGS.shortlist, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY));
        options.onProgress?.(f + 1, features.length * 2);
      }
      const labels = shortlists.map((l) => (l.length ? [l[0]!.phrase] : []));
      const aucs = shortlists.map((l) => (l.length ? q4(l[0]!.relevance) : 0));
      // The phrases a label may still grow by: its shortlist at first; after a round, the few whose
      // tries scored best (a phrase that did not help the shorter label rarely helps a longer one).
      const open = shortlists.map((l) => l.map((c) => c.phrase));
      for (let round = 1; round < LABEL_SETTINGS.maxPhrases; round++) {
        const tries = open.map((phrasesLeft, f) => {
          const have = labels[f]!;
          if (!have.length) return [];
          const text = have.join(" / "),
            used = new Set(have.flatMap((p) => p.split(" ")));
          return phrasesLeft
            .filter(
              (c) =>
                !have.includes(c) &&
                wordCount(text) + wordCount(c) <= LABEL_SETTINGS.maxWords &&
                text.length + 3 + c.length <= LABEL_SETTINGS.maxChars &&
                !c.split(" ").some((w) => used.has(w)),
            )
            .map((c) => [...have, c]);
        });
        await this.units(
          tries.flatMap((t) => t.map((p) => p.join(" / "))),
          options.signal,
        );
        for (const [f, t] of tries.entries()) {
          await turn();
          const tried = this.trainAucs(
            t.map((p) => this.unitMemo.get(p.join(" / "))!),
            samples[f]!,
          ).map(q4);
          // A longer label must earn its words: at least `gain` more AUC than the label it extends.
          const at = tried.reduce((best, a, j) => (a > tried[best]! ? j : best), 0);
          if (t.length && tried[at]! > aucs[f]! + LABEL_SETTINGS.gain) {
            labels[f] = t[at]!;
            aucs[f] = tried[at]!;
            open[f] = t
              .map((p, j) => ({ phrase: p[p.length - 1]!, a: tried[j]! }))
              .sort((x, y) => y.a - x.a)
              .slice(0, LABEL_SETTINGS.extend + 1)
              .map((e) => e.phrase);
          } else open[f] = [];
        }
      }
      // (Every label is a shortlisted phrase or a tried one: its embedding, for its score, is in unitMemo.)
      picked.push(...labels);
    } else {
      for (const list of cands) {
        const top = Math.max(...list.map((c) => c.tfidf), 0);
        for (const c of list) c.relevance = c.tfidf / (top || 1);
        picked.push(mmr(list, (a, b) => jaccard(a.phrase, b.phrase)).map((c) => c.phrase));
      }
    }
    const out: FeatureLabel[] = [];
    for (let f = 0; f < features.length; f++) {
      await turn();
      const i = features[f]!,
        p = picked[f]!,
        label = p.join(" / ");
      const scored = label && this.embedder ? this.heldOutAuc(i, this.unitMemo.get(label)!) : { auc: null, positives: this.held[i]!.length };
      const density = this.density(i);
      out.push({
        feature: i,
        label,
        phrases: p,
        method: this.method,
        auc: scored.auc,
        heldPositives: scored.positives,
        clean: scored.auc !== null && scored.auc >= 0.9 && scored.positives >= 5 && density < 0.2,
      });
      options.onProgress?.(features.length + f + 1, features.length * 2);
    }
    return out;
  }

  /** The labelling rows a candidate's AUC is measured over: active rows (spread over the activation range) and inactive ones. */
  private trainSample(feature: number): TrainSample {
    const act = this.active[feature]!;
    const positives = evenly(act, LABEL_SETTINGS.positives);
    const on = new Set(act);
    // Inactive documents at random, as a score meets them (the hard negatives shaped the candidates already).
    const negatives: number[] = [],
      activeInPool: number[] = [];
    for (const r of this.pool) (on.has(r) ? activeInPool : negatives).push(r);
    return { positives, negatives, activeInPool, at: Int32Array.from([...positives, ...negatives], (r) => this.indexOf[r]!) };
  }

  /** The label's AUC on held-out rows: active against inactive (a hashed sample of at most scoreSample rows). */
  private heldOutAuc(feature: number, u: Float32Array): { auc: number | null; positives: number } {
    const pos = Array.from(this.held[feature]!);
    if (!pos.length) return { auc: null, positives: 0 };
    const on = new Set(pos);
    const neg = sample(
      this.heldRows.filter((r) => !on.has(r)),
      LABEL_SETTINGS.scoreSample,
      0x5c0e,
    );
    const d = this.corpus.d;
    const a = auc(
      sample(pos, LABEL_SETTINGS.scoreSample, 0x5c0f).map((r) => cosineAt(u, this.xn, r, d)),
      neg.map((r) => cosineAt(u, this.xn, r, d)),
    );
    return { auc: Number.isFinite(a) ? a : null, positives: pos.length };
  }

  /** Share of the corpus's rows where a feature is active. */
  density(feature: number): number {
    return (this.active[feature]!.length + this.held[feature]!.length) / this.corpus.texts.length;
  }

  /** The held-out AUC of a label made elsewhere (an LLM's). */
  async scoreLabel(feature: number, label: string, signal?: AbortSignal): Promise<{ auc: number | null; positives: number }> {
    if (!this.embedder || !label) return { auc: null, positives: this.held[feature]!.length };
    const [u] = await this.units([label], signal);
    return this.heldOutAuc(feature, u!);
  }

  /** Held-out rows where a feature is active, and the rest: for an LLM's detection test. */
  heldOut(feature: number): { positives: number[]; negatives: number[] } {
    const pos = Array.from(this.held[feature]!);
    const on = new Set(pos);
    return { positives: pos, negatives: this.heldRows.filter((r) => !on.has(r)) };
  }

  /** Top labelling rows of a feature and its hard negatives: an LLM label's evidence. */
  evidence(feature: number, top = 5, negatives = 5): { top: number[]; negatives: number[] } {
    const act = this.active[feature]!;
    return {
      top: Array.from(act.subarray(0, top)),
      negatives: act.length ? this.hardNegatives(feature, act.subarray(0, LABEL_SETTINGS.top)).slice(0, negatives) : [],
    };
  }

  dispose(): void {
    this.index.dispose();
  }
}

function gatherRows(x: Float32Array, d: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * d);
  for (const [j, r] of rows.entries()) out.set(x.subarray(r * d, (r + 1) * d), j * d);
  return out;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let q = 0; q < a.length; q++) s += a[q]! * b[q]!;
  return s;
}

function jaccard(a: string, b: string): number {
  const A = new Set(a.split(" ")),
    B = new Set(b.split(" "));
  let both = 0;
  for (const w of A) if (B.has(w)) both++;
  return both / (A.size + B.size - both);
}

/**
 * Maximal marginal relevance: the most relevant candidate, then repeatedly the one of best
 * λ·relevance − (1 − λ)·(greatest similarity to a phrase already picked), skipping any that shares
 * a word with one picked, up to maxPhrases phrases, maxWords words and maxChars characters joined by " / ".
 */
function mmr(
  list: Candidate[],
  sim: (a: Candidate, b: Candidate) => number,
  maxPhrases: number = LABEL_SETTINGS.maxPhrases,
  maxWords: number = LABEL_SETTINGS.maxWords,
  maxChars: number = LABEL_SETTINGS.maxChars,
): Candidate[] {
  const { lambda } = LABEL_SETTINGS;
  const rest = [...list]
    .sort((a, b) => b.relevance - a.relevance || b.tfidf - a.tfidf || (a.phrase < b.phrase ? -1 : 1))
    .map((c) => ({ c, words: c.phrase.split(" "), near: 0 }));
  const chosen: Candidate[] = [];
  const used = new Set<string>();
  let words = 0,
    chars = -3;
  while (chosen.length < maxPhrases && rest.length) {
    let at = -1,
      best = -Infinity;
    for (let j = 0; j < rest.length; j++) {
      const e = rest[j]!;
      if (words + e.words.length > maxWords || chars + 3 + e.c.phrase.length > maxChars || e.words.some((w) => used.has(w))) continue;
      // e.near: the greatest similarity to a phrase already picked (at least 0), kept up to date below.
      const score = lambda * e.c.relevance - (1 - lambda) * e.near;
      if (score > best) {
        best = score;
        at = j;
      }
    }
    if (at < 0) break;
    const [e] = rest.splice(at, 1);
    chosen.push(e!.c);
    words += e!.words.length;
    chars += 3 + e!.c.phrase.length;
    for (const w of e!.words) used.add(w);
    for (const r of rest) r.near = Math.max(r.near, sim(r.c, e!.c));
  }
  return chosen;
}
