// A small corpus with planted features for the explorer tests: 12 topics, each one of orthonormal
// directions in 32-d; a document is two topics with weights plus a little noise, its text names them. The SAE
// is the planted dictionary itself (encoder = decoderᵀ, no biases) plus 4 unused latents.
import type { SaeWeights } from "../../src/core/model.js";
import { prng } from "../fixtures/formula.js";

export const TOPICS = [
  "astronomy",
  "music",
  "cooking",
  "chemistry",
  "football",
  "poetry",
  "geology",
  "finance",
  "medicine",
  "sailing",
  "robotics",
  "gardening",
];

export function plantedCorpus(docs = 300, d = 32): { weights: SaeWeights; x: Float32Array; texts: { title: string; text: string }[] } {
  const rnd = prng(5),
    t = TOPICS.length,
    n = t + 4;
  // Gram–Schmidt over random vectors: orthonormal topic directions.
  const dirs: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const v = Float64Array.from({ length: d }, () => rnd() - 0.5);
    for (const u of dirs) {
      const c = v.reduce((s, a, p) => s + a * u[p]!, 0);
      v.forEach((_, p) => {
        v[p]! -= c * u[p]!;
      });
    }
    const norm = Math.hypot(...v);
    dirs.push(v.map((a) => a / norm));
  }
  const enc = new Float32Array(n * d),
    dec = new Float32Array(d * n);
  dirs.forEach((v, i) => {
    v.forEach((a, p) => {
      enc[i * d + p] = a;
      dec[p * n + i] = a;
    });
  });
  const x = new Float32Array(docs * d);
  const texts = Array.from({ length: docs }, (_, r) => {
    const a = r % t,
      b = (a + 1 + (Math.floor(r / t) % (t - 1))) % t;
    const wa = 0.6 + 0.4 * rnd(),
      wb = 0.3 + 0.3 * rnd();
    for (let p = 0; p < d; p++) x[r * d + p] = wa * dirs[a]![p]! + wb * dirs[b]![p]! + 0.02 * (rnd() - 0.5);
    return { title: `${TOPICS[a]} with ${TOPICS[b]} ${r}`, text: `A note on ${TOPICS[a]}, touching on ${TOPICS[b]} (document ${r}).` };
  });
  return {
    weights: { nInputs: d, nLatents: n, preBias: new Float32Array(d), latentBias: new Float32Array(n), encoderWeight: enc, decoderWeight: dec },
    x,
    texts,
  };
}

/** A planted corpus as an index's batch source: rows [from, end) in batches of `size`, titles and texts beside. */
export function plantedBatches(
  corpus: { x: Float32Array; texts: { title: string; text: string }[] },
  d: number,
  from: number,
  size: number,
): AsyncIterable<{ start: number; rows: number; embeddings: Float32Array; titles: string[]; texts: string[] }> {
  const rows = corpus.x.length / d;
  return (async function* () {
    for (let start = from; start < rows; start += size) {
      const r = Math.min(size, rows - start);
      yield {
        start,
        rows: r,
        embeddings: corpus.x.slice(start * d, (start + r) * d),
        titles: corpus.texts.slice(start, start + r).map((t) => t.title),
        texts: corpus.texts.slice(start, start + r).map((t) => t.text),
      };
    }
  })();
}
