// Search over a site's static files (src/site): at 10^4 and 10^5 documents (d=512, n=4096, k=32,
// the index bench's corpus structure), the codes-scored candidates re-ranked with stored embeddings
// against the exact dense steered search (SearchIndex): recall@10 for several candidate counts and
// vector dtypes, warm query p50/p95 (steering excluded: it is the same for both), bytes per document.
import { Sae } from "../src/sae.js";
import { SearchIndex } from "../src/kernels/rank.js";
import { steerEdit } from "../src/explore/steer.js";
import { bytesSource } from "../src/io/blob.js";
import { buildSiteFiles } from "../src/site/write.js";
import { SiteSearch } from "../src/site/search.js";
import type { VectorDType } from "../src/site/format.js";
import { centres, documents, randomSae } from "../test/site/corpus.js";
import type { BenchOptions } from "./util.js";

const D = 512,
  N = 4096,
  K = 32,
  QUERIES = 50,
  CANDIDATES = [10, 20, 50, 100, 200, 500];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

export async function benchSite(o: BenchOptions): Promise<object> {
  const sizes = o.quick ? [10_000] : [10_000, 100_000];
  const sae = await Sae.create(randomSae(D, N, 11), { k: K });
  const w = sae.weights;
  const C = centres(1000, D, 5);
  const out: object[] = [];
  for (const rows of sizes) {
    const x = documents(C, D, 0, rows, 1);
    const codes = sae.encode(x, rows);
    const qs = documents(C, D, 0, QUERIES, 99);
    const steered: Float32Array[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const q = qs.subarray(i * D, (i + 1) * D);
      const c = sae.encode(q, 1);
      steered.push((await steerEdit(sae, q, new Map([[c.indices[1]!, 2 * c.values[1]!]]))).vector);
    }
    const exact = await SearchIndex.create(x, D);
    const truth = steered.map((v) => new Set(exact.search(v, 10).map((h) => h.doc)));
    exact.dispose();
    for (const vectors of ["f16", "i8"] as VectorDType[]) {
      const { manifest, files } = buildSiteFiles(codes, x, sae, { vectors });
      const site = await SiteSearch.open(async (f) => bytesSource(files.get(f)!, f), w);
      const perDoc = Object.fromEntries([...files].map(([f, b]) => [f, +(b.length / rows).toFixed(2)]));
      for (const cand of CANDIDATES) {
        const lat: number[] = [];
        let found = 0;
        for (let rep = 0; rep < 2; rep++)
          for (let i = 0; i < QUERIES; i++) {
            const t = performance.now();
            const hits = await site.search(steered[i]!, { top: 10, candidates: cand });
            lat.push(performance.now() - t);
            if (rep === 1) found += hits.filter((h) => truth[i]!.has(h.doc)).length;
          }
        const warm = lat.slice(QUERIES);
        const r = { rows, vectors, candidates: cand, recall10: found / (10 * QUERIES), p50Ms: +pct(warm, 0.5).toFixed(2), p95Ms: +pct(warm, 0.95).toFixed(2) };
        o.log(`${rows} docs, vectors ${vectors}, ${cand} candidates: recall@10 ${r.recall10.toFixed(3)}, p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms`);
        out.push(r);
      }
      o.log(
        `${rows} docs, vectors ${vectors}: bytes per document ${JSON.stringify(perDoc)}; values max error ${manifest.codes.values.maxAbsError.toExponential(2)}, vectors max error ${manifest.vectors.maxAbsError.toExponential(2)}`,
      );
      out.push({ rows, vectors, bytesPerDoc: perDoc, valuesMaxAbsError: manifest.codes.values.maxAbsError, vectorsMaxAbsError: manifest.vectors.maxAbsError });
      await site.close();
    }
  }
  sae.dispose();
  return { bench: "site", d: D, n: N, k: K, queries: QUERIES, results: out };
}
