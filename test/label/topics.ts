// A small corpus of six topics in plain sentences, embedded with the default embedder (USE lite),
// and an SAE whose features are the topics: feature t's encoder and decoder direction is the mean
// embedding of topic t's sentences minus the mean of all (k = 1). Real embeddings, known features.
import type { SaeWeights } from "../../src/core/model.js";
import { UseLiteEmbedder } from "../../src/embed/use.js";

export const TOPIC_PHRASES: Record<string, string[]> = {
  astronomy: ["distant galaxies", "the telescope", "dark matter halos", "star formation", "gravitational lensing", "the cosmic microwave background"],
  cooking: ["the recipe", "roasted vegetables", "a sourdough bread", "olive oil", "the oven", "fresh herbs and garlic"],
  music: ["the symphony orchestra", "jazz improvisation", "a string quartet", "the piano sonata", "melody and harmony", "the concert hall"],
  finance: ["interest rates", "the stock market", "bond yields", "central bank policy", "inflation expectations", "corporate earnings"],
  medicine: ["clinical trials", "the patients", "cancer treatment", "vaccine efficacy", "hospital admissions", "chronic disease"],
  sailing: ["the regatta", "wind and tides", "the yacht crew", "a racing dinghy", "the harbour", "ocean navigation"],
};
const FRAMES = [
  (a: string, b: string) => `We report new results on ${a} and ${b}.`,
  (a: string, b: string) => `This note reviews ${a}, with a discussion of ${b}.`,
  (a: string, b: string) => `Recent work on ${a} sheds light on ${b}.`,
  (a: string, b: string) => `A short account of ${a} and what it tells us about ${b}.`,
];

export const TOPICS = Object.keys(TOPIC_PHRASES);

/** `perTopic` sentences per topic, interleaved (row r is topic r mod 6). */
export function topicTexts(perTopic = 40): { texts: string[]; topic: number[] } {
  const texts: string[] = [],
    topic: number[] = [];
  for (let j = 0; j < perTopic; j++)
    TOPICS.forEach((name, t) => {
      const p = TOPIC_PHRASES[name]!;
      texts.push(FRAMES[j % FRAMES.length]!(p[j % p.length]!, p[(j * 5 + 1) % p.length]!));
      topic.push(t);
    });
  return { texts, topic };
}

export async function topicCorpus(perTopic = 40) {
  const { texts, topic } = topicTexts(perTopic);
  const embedder = new UseLiteEmbedder();
  const d = embedder.dim,
    n = TOPICS.length;
  const x = await embedder.embed(texts);
  const all = new Float64Array(d),
    per = Array.from({ length: n }, () => new Float64Array(d));
  texts.forEach((_, r) => {
    for (let p = 0; p < d; p++) {
      all[p]! += x[r * d + p]! / texts.length;
      per[topic[r]!]![p]! += x[r * d + p]! / perTopic;
    }
  });
  const enc = new Float32Array(n * d),
    dec = new Float32Array(d * n);
  per.forEach((m, t) => {
    const v = m.map((a, p) => a - all[p]!);
    const norm = Math.hypot(...v);
    v.forEach((a, p) => {
      enc[t * d + p] = (a / norm) * 10;
      dec[p * n + t] = a / norm;
    });
  });
  const weights: SaeWeights = {
    nInputs: d,
    nLatents: n,
    preBias: Float32Array.from(all),
    latentBias: new Float32Array(n),
    encoderWeight: enc,
    decoderWeight: dec,
  };
  return { texts, topic, x, d, weights, embedder };
}
