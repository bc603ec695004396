// The browser index test's corpus and checks, run alike in Chromium (page and worker) and in Node:
// a seeded SAE (512-d, 1,024 latents, k 16) whose latents are random unit directions, documents
// that mix three of them plus noise, and the answers compared (steered search, a feature page).
// Only + − × ÷ and sqrt here: exact in IEEE arithmetic, so both runtimes make the same floats.
import type { SaeWeights } from "../../../src/core/model.js";
import type { IndexBatch } from "../../../src/db/ingest.js";
import type { SaeIndex } from "../../../src/db/sae-index.js";

export const D = 512,
  N = 1024,
  K = 16;

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Near-Gaussian (a sum of four uniforms), without log or cos. */
const gauss = (rnd: () => number) => rnd() + rnd() + rnd() + rnd() - 2;

function unit(v: Float32Array): Float32Array {
  let s = 0;
  for (const a of v) s += a * a;
  const r = 1 / Math.sqrt(s);
  for (let p = 0; p < v.length; p++) v[p] = v[p]! * r;
  return v;
}

export function weights(): SaeWeights {
  const rnd = prng(11),
    enc = new Float32Array(N * D),
    dec = new Float32Array(D * N);
  for (let i = 0; i < N; i++) {
    const v = unit(Float32Array.from({ length: D }, () => gauss(rnd)));
    enc.set(v, i * D);
    for (let p = 0; p < D; p++) dec[p * N + i] = v[p]!;
  }
  return { nInputs: D, nLatents: N, preBias: new Float32Array(D), latentBias: new Float32Array(N), encoderWeight: enc, decoderWeight: dec };
}

const WORDS = ["amber", "basalt", "cedar", "delta", "ember", "fjord", "garnet", "harbor", "iris", "juniper", "kelp", "lagoon"];

/** Rows [start, start + rows) of the corpus: embeddings from latents' directions, short texts. */
export function batch(w: SaeWeights, start: number, rows: number): IndexBatch {
  const x = new Float32Array(rows * D);
  const titles: string[] = [],
    texts: string[] = [];
  for (let r = 0; r < rows; r++) {
    const row = start + r,
      rnd = prng(1_000_003 * (row + 1));
    const v = x.subarray(r * D, (r + 1) * D);
    const picks = [0, 1, 2].map(() => Math.floor(rnd() * N));
    for (const [j, i] of picks.entries()) {
      const a = (3 - j) * (0.5 + rnd());
      for (let p = 0; p < D; p++) v[p] = v[p]! + a * w.encoderWeight[i * D + p]!;
    }
    for (let p = 0; p < D; p++) v[p] = v[p]! + 0.05 * gauss(rnd);
    titles.push(`${WORDS[picks[0]! % 12]} ${WORDS[picks[1]! % 12]} ${row}`);
    texts.push(`Document ${row} on features ${picks.join(", ")}.`);
  }
  return {
    start,
    rows,
    embeddings: x,
    ids: titles.map((_, r) => `doc-${start + r}`),
    titles,
    texts,
    metadata: titles.map((_, r) => ({ half: start + r < 5000 ? "a" : "b" })),
  };
}

export function batches(w: SaeWeights, total: number, size: number) {
  return (from: number) =>
    (async function* () {
      for (let s = from; s < total; s += size) yield batch(w, s, Math.min(size, total - s));
    })();
}

/** The query: document 7's embedding, steered to feature STEER. */
export const STEER = 5;
export const QUERY_ROW = 7;

/**
 * What both runtimes must agree on, and the HNSW answers (approximate: compared by overlap). The
 * index is taken by its methods: the page's has the package's types, Node's the sources'.
 */
export async function probe(index: Pick<SaeIndex, "search" | "featurePage">, w: SaeWeights) {
  const q = batch(w, QUERY_ROW, 1).embeddings;
  const steer = { [STEER]: 4 };
  const exact = await index.search(q, { steer, exact: true, limit: 10 });
  const hnsw = await index.search(q, { steer, limit: 10 });
  const filtered = await index.search(q, { steer, exact: true, limit: 5, filter: { half: "b" } });
  const page = await index.featurePage(STEER);
  return {
    exact: exact.hits.map((h) => ({ row: h.row, id: h.id, title: h.title, score: h.score })),
    features: exact.features.map((f) => ({ index: f.index, value: f.value, count: f.count, density: f.density })),
    filtered: filtered.hits.map((h) => h.row),
    hnsw: hnsw.hits.map((h) => h.row),
    page: {
      top: page.top.map((t) => ({ row: t.row, value: t.value })),
      negatives: page.negatives.map((t) => t.row),
      histogram: page.histogram,
      cooccurring: page.cooccurring,
      nearest: page.nearest,
    },
  };
}

export type Probe = Awaited<ReturnType<typeof probe>>;
