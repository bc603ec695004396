// An SAE index of a thresholded SAE's codes (issue 30): batches of different k, value-0 padding,
// a document with no active latent. Postings and sparse codes hold only active entries; feature
// statistics equal featureStats; the labeller reads every active latent of a document (no cut at k).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Sae } from "../../src/sae.js";
import { SaeIndex } from "../../src/db/sae-index.js";
import type { IndexBatch } from "../../src/db/ingest.js";
import { featureStats } from "../../src/explore/features.js";
import { plantedCorpus, TOPICS } from "../explore/planted.js";
import { indexExplorerData } from "../../src/cli/explore-db.js";
import { matryoshkaTree } from "../../src/explore/matryoshka.js";

const { weights, x: px, texts: pt } = plantedCorpus(200, 32);
const d = 32;
// The last document is the zero vector: nothing passes a threshold there.
const x = new Float32Array(px.length + d);
x.set(px);
const texts = [...pt, { title: "empty", text: "A note on nothing at all." }];
const rows = texts.length;

const SIZE = 4;
function batchesOf(from: number, size = SIZE): AsyncIterable<IndexBatch> {
  return (async function* () {
    for (let start = from; start < rows; start += size) {
      const r = Math.min(size, rows - start);
      yield {
        start,
        rows: r,
        embeddings: x.slice(start * d, (start + r) * d),
        titles: texts.slice(start, start + r).map((t) => t.title),
        texts: texts.slice(start, start + r).map((t) => t.text),
      };
    }
  })();
}

describe("SaeIndex of a thresholded SAE", () => {
  let index: SaeIndex, sae: Sae;
  beforeAll(async () => {
    // The real thresholded Matryoshka model (θ = 0.45 everywhere, widths [4, 8, 16]); k=1 nominally:
    // rows have up to 2 active latents, which the labeller must all see.
    sae = await Sae.create({ ...weights, threshold: new Float32Array(weights.nLatents).fill(0.45) }, { k: 1, widths: [4, 8, 16] });
    index = await SaeIndex.build("memory://", { corpus: { name: "planted", rows }, batches: (from) => batchesOf(from), sae, saeRecord: { source: "planted" } });
  });
  afterAll(() => index?.close());

  it("the batches differ in k, and some rows have more active latents than the nominal k", () => {
    const ks = Array.from({ length: Math.ceil(rows / SIZE) }, (_, b) => sae.encode(x.slice(b * SIZE * d, Math.min(rows, (b + 1) * SIZE) * d)).k);
    expect(new Set(ks).size).toBeGreaterThan(1);
    const all = sae.encode(x);
    expect(all.k).toBeGreaterThan(1);
  });

  it("postings and sparse codes hold the active entries only", async () => {
    const all = sae.encode(x);
    const active = Array.from(all.values).filter((v) => v > 0).length;
    const [p] = await index.sql.query<{ c: number; z: number }>("SELECT count(*)::int AS c, count(*) FILTER (WHERE value <= 0)::int AS z FROM saejs.postings");
    expect(p).toEqual({ c: active, z: 0 });
    const empty = await index.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM saejs.postings WHERE row = ${rows - 1}`);
    expect(empty[0]!.n).toBe(0);
    const sv = await index.sql.query<{ c: string }>(`SELECT codes::text AS c FROM saejs.documents WHERE row = ${rows - 1}`);
    expect(sv[0]!.c).toBe(`{}/${weights.nLatents}`);
  });

  it("feature statistics equal featureStats over the whole corpus's codes; labels name the planted topics", async () => {
    const st = featureStats(sae.encode(x), weights.nLatents, 10);
    const f = await index.features();
    for (const g of f) {
      expect(g.count).toBe(st.counts[g.index]);
      expect(g.density).toBeCloseTo(st.density[g.index]!, 12);
      expect(g.meanAct).toBeCloseTo(st.meanAct[g.index]!, 5);
    }
    // Labels come from codes rebuilt from the postings: with a cut at k=1 a document's second topic would be lost.
    for (const [i, topic] of TOPICS.entries()) expect(f[i]!.label).toContain(topic);
  });

  it("a query's features are its active latents", async () => {
    const r = await index.search(x.slice(0, d), { exact: true });
    expect(r.features.length).toBeGreaterThan(0);
    expect(r.features.every((f) => f.value > 0)).toBe(true);
    const own = sae.encode(x.slice(0, d), 1);
    expect(r.features.map((f) => f.index)).toEqual(Array.from(own.indices).filter((_, j) => own.values[j]! > 0));
    const none = await index.search(new Float32Array(d), { exact: true });
    expect(none.features).toEqual([]);
  });

  it("the explorer's data of the index carries the SAE's architecture and its Matryoshka tree", async () => {
    const data = await indexExplorerData(index, "t");
    expect(data.sae.architecture).toBe("jumprelu");
    expect(data.matryoshka).toEqual(await matryoshkaTree(weights.decoderWeight, d, weights.nLatents, [4, 8, 16]));
  });
});
