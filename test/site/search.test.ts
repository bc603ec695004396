// Search through the codes over a site's static files: the codes score is q · x̂ (checked against a
// dense decode), the re-ranked search finds the exact dense steered search's top 10 (recall ≥ 0.95
// at 10^4 documents, the same list when the candidates cover the corpus and vectors are f32), the
// files are deterministic and atomic, and hostile or truncated files are refused with E_FORMAT.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Sae } from "../../src/sae.js";
import { SearchIndex } from "../../src/kernels/rank.js";
import { steeredSearch } from "../../src/explore/steer.js";
import { bytesSource } from "../../src/io/blob.js";
import { openFile } from "../../src/runtime/fs.js";
import { buildSiteFiles, writeSiteFiles } from "../../src/site/write.js";
import { siteSteeredSearch, SiteSearch, topRows } from "../../src/site/search.js";
import { refused } from "../io/budget.js";
import { centres, documents, randomSae } from "./corpus.js";

const opener = (files: Map<string, Uint8Array>) => async (f: string) => {
  const b = files.get(f);
  if (!b) throw new Error(`no file ${f}`);
  return bytesSource(b, f);
};

/** q · x̂ in float64 from a dense decode of each document's codes. */
function denseScores(
  w: { decoderWeight: Float32Array; preBias: Float32Array; nInputs: number; nLatents: number },
  idx: Int32Array,
  val: Float32Array,
  k: number,
  q: Float32Array,
): Float64Array {
  const d = w.nInputs,
    n = w.nLatents,
    rows = idx.length / k;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let p = 0; p < d; p++) {
      let x = w.preBias[p]!;
      for (let j = 0; j < k; j++) x += val[r * k + j]! * w.decoderWeight[p * n + idx[r * k + j]!]!;
      s += q[p]! * x;
    }
    out[r] = s;
  }
  return out;
}

describe("codes score", () => {
  it("equals q · x̂ from a dense decode: within float32 rounding of u with f32 values, plus the stated error bound with f16; u32 indices past 65,536 latents", async () => {
    for (const [d, n, k, rows] of [
      [24, 300, 6, 150],
      [4, 70_000, 3, 40],
    ] as const) {
      const w = randomSae(d, n, 3);
      const sae = await Sae.create(w, { k, backend: "ref" });
      const x = documents(centres(20, d, 4), d, 0, rows, 1);
      const codes = sae.encode(x, rows);
      const q = documents(centres(20, d, 4), d, 0, 1, 9);
      const dense = denseScores(w, codes.indices, codes.values, k, q);
      for (const values of ["f32", "f16"] as const) {
        const { manifest, files } = buildSiteFiles(codes, x, sae, { values });
        expect(manifest.codes.indices.dtype).toBe(n <= 65536 ? "u16" : "u32");
        const site = await SiteSearch.open(opener(files), w);
        const got = site.codeScores(q);
        // The stored values: |Σ_j (ẑ_j − z_j) u_j| ≤ maxAbsError · Σ_j |u_j| ≤ maxAbsError · k (|u_j| ≤ |q| |W_:,j| = 1 here).
        // u in float32 (d-term dots): |Δu_j| ≤ d · 2⁻²⁴ · Σ_p |q_p W_pj| ≤ d · 6e-8, times Σ_j |z_j|.
        let zsum = 0;
        for (let j = 0; j < k * rows; j++) zsum = Math.max(zsum, codes.values[j]! * k);
        const bound = (values === "f32" ? 0 : manifest.codes.values.maxAbsError * k) + d * 6e-8 * zsum;
        if (values === "f16") expect(manifest.codes.values.maxAbsError).toBeGreaterThan(0);
        for (let r = 0; r < rows; r++) expect(Math.abs(got[r]! - dense[r]!)).toBeLessThanOrEqual(bound + 1e-9 * (1 + Math.abs(dense[r]!)));
        await site.close();
      }
    }
  });

  it("topRows keeps the highest scores, ties to the lower row", () => {
    const s = Float64Array.from([3, 1, 3, 2, 5, 3]);
    expect(topRows(s, 3).sort((a, b) => a - b)).toEqual([0, 2, 4]);
    expect(topRows(s, 6).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe("steered search over the site files against the exact dense search (d=512, n=4096, k=32, 10^4 documents)", async () => {
  const d = 512,
    n = 4096,
    k = 32,
    rows = 10_000,
    queries = 30;
  const w = randomSae(d, n, 11);
  const sae = await Sae.create(w, { k });
  const x = documents(centres(1000, d, 5), d, 0, rows, 1);
  const codes = sae.encode(x, rows);
  const qs = documents(centres(1000, d, 5), d, 0, queries, 99);
  const index = await SearchIndex.create(x, d);
  const steerings = Array.from({ length: queries }, (_, i) => {
    const c = sae.encode(qs.subarray(i * d, (i + 1) * d), 1);
    return new Map([[c.indices[1]!, 2 * c.values[1]!]]);
  });
  afterAll(() => {
    index.dispose();
    sae.dispose();
  });

  it("recall@10 ≥ 0.95 with the defaults (f16 codes and vectors, 300 candidates), and with i8 vectors", { timeout: 120_000 }, async () => {
    for (const vectors of ["f16", "i8"] as const) {
      const site = await SiteSearch.open(opener(buildSiteFiles(codes, x, sae, { vectors }).files), w);
      let found = 0;
      for (let i = 0; i < queries; i++) {
        const q = qs.subarray(i * d, (i + 1) * d);
        const exact = await steeredSearch(sae, index, q, { steering: steerings[i], top: 10 });
        const got = await siteSteeredSearch(sae, site, q, { steering: steerings[i], top: 10 });
        const truth = new Set(exact.steered!.map((h) => h.doc));
        found += got.steered!.filter((h) => truth.has(h.doc)).length;
      }
      expect(found / (10 * queries), `vectors ${vectors}`).toBeGreaterThanOrEqual(0.95);
      await site.close();
    }
  });

  it("the same top 10, in order and to float32 rounding in score, when the candidates cover every document and vectors are f32", {
    timeout: 120_000,
  }, async () => {
    const site = await SiteSearch.open(opener(buildSiteFiles(codes, x, sae, { vectors: "f32", values: "f32" }).files), w);
    for (let i = 0; i < 10; i++) {
      const q = qs.subarray(i * d, (i + 1) * d);
      for (const mode of ["edit", "add", "clamp"] as const) {
        const exact = await steeredSearch(sae, index, q, { steering: steerings[i], mode, top: 10 });
        const got = await siteSteeredSearch(sae, site, q, { steering: steerings[i], mode, top: 10, candidates: rows });
        expect(got.steered!.map((h) => h.doc)).toEqual(exact.steered!.map((h) => h.doc));
        expect(got.results.map((h) => h.doc)).toEqual(exact.results.map((h) => h.doc));
        for (const [j, h] of got.steered!.entries()) expect(Math.abs(h.score - exact.steered![j]!.score)).toBeLessThan(1e-5);
      }
    }
    await site.close();
  });
});

describe("the files", () => {
  const d = 16,
    n = 64,
    k = 4,
    rows = 50;
  const w = randomSae(d, n, 21);
  const x = documents(centres(8, d, 22), d, 0, rows, 23);

  it("are the same bytes for the same inputs, written atomically (no temp files), and read back from disk", async () => {
    const sae = await Sae.create(w, { k, backend: "ref" });
    const codes = sae.encode(x, rows);
    const a = buildSiteFiles(codes, x, sae),
      b = buildSiteFiles(codes, x, sae);
    for (const [f, bytes] of a.files) expect(b.files.get(f)).toEqual(bytes);
    const dir = mkdtempSync(join(tmpdir(), "saejs-site-"));
    try {
      await writeSiteFiles(dir, codes, x, sae);
      expect(readdirSync(dir).sort()).toEqual(["codes.bin", "search.json", "slots.bin", "vectors.bin"]);
      for (const [f, bytes] of a.files) expect(new Uint8Array(readFileSync(join(dir, f)))).toEqual(bytes);
      const site = await SiteSearch.open((f) => openFile(join(dir, f)), w);
      const q = x.slice(0, d);
      expect((await site.search(q, { top: 3 }))[0]!.doc).toBe(0);
      await site.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the writer refuses codes and embeddings that do not fit each other or the SAE", async () => {
    const sae = await Sae.create(w, { k, backend: "ref" });
    const codes = sae.encode(x, rows);
    await refused(() => buildSiteFiles(codes, x.subarray(0, d * (rows - 1)), sae), "E_SHAPE", /embeddings hold 784 values, expected 50 documents × 16/);
    await refused(() => buildSiteFiles({ ...codes, indices: codes.indices.map((i) => (i === codes.indices[0] ? n : i)) }, x, sae), "E_INDEX", /outside/);
    const nan = x.slice();
    nan[5] = Number.NaN;
    await refused(() => buildSiteFiles(codes, nan, sae), "E_NONFINITE", /embeddings/);
    const big = codes.values.slice();
    big[0] = 1e6;
    await refused(() => buildSiteFiles({ ...codes, values: big }, x, sae), "E_NONFINITE", /out of range for float16.*values: "f32"/);
    await refused(() => buildSiteFiles(codes, x, sae, { vectors: "bf16" as "f16" }), "E_ARG", /vectors must be/);
  });

  describe("hostile and truncated files are refused with E_FORMAT, within the budget", async () => {
    const sae = await Sae.create(w, { k, backend: "ref" });
    const { files } = buildSiteFiles(sae.encode(x, rows), x, sae);
    const manifest = JSON.parse(new TextDecoder().decode(files.get("search.json")));
    const withManifest = (m: unknown, extra: Record<string, Uint8Array> = {}) =>
      new Map([...files, ["search.json", new TextEncoder().encode(typeof m === "string" ? m : JSON.stringify(m))], ...Object.entries(extra)]);
    // biome-ignore lint/suspicious/noExplicitAny: a hostile manifest is any shape
    const edit = (f: (m: any) => void) => {
      const m = structuredClone(manifest);
      f(m);
      return m;
    };

    it("a manifest with any field wrong", async () => {
      const cases: [unknown, RegExp][] = [
        ["not json", /not JSON/],
        ["[1,2]", /the manifest must be an object/],
        [edit((m) => (m.format = "other")), /format must be 'saejs-site-search'/],
        [edit((m) => (m.version = 2)), /version must be 1/],
        [edit((m) => (m.d = 0)), /manifest\.d must be an integer/],
        [edit((m) => (m.d = 17)), /vectors\.rowBytes must be 34 for f16 × 17|codes/],
        [edit((m) => (m.n = "64")), /manifest\.n must be/],
        [edit((m) => (m.k = 65)), /manifest\.k must be an integer in \[1, 64\]/],
        [edit((m) => (m.rows = 1e12)), /manifest\.rows must be/],
        [edit((m) => (m.rows = 2 ** 31 - 1)), /codes\.indices\.bytes must be rows × k × 2/],
        [edit((m) => (m.codes.indices.dtype = "u8")), /codes\.indices\.dtype must be one of u16, u32/],
        [edit((m) => (m.codes.values.dtype = "f64")), /codes\.values\.dtype/],
        [edit((m) => (m.codes.values.offset = 0)), /codes offsets/],
        [edit((m) => (m.codes.values.maxAbsError = -1)), /maxAbsError must be a finite number/],
        [edit((m) => (m.codes.bytes += 1)), /codes\.bytes must be/],
        [edit((m) => (m.codes.file = "../../etc/passwd")), /codes\.file must be a plain file name/],
        [edit((m) => (m.codes.file = "https://evil.example/x")), /codes\.file must be a plain file name/],
        [edit((m) => (m.vectors.file = m.codes.file)), /vectors\.file must be another file/],
        [edit((m) => (m.vectors.dtype = "i8")), /vectors\.rowBytes must be 20 for i8 × 16/],
        [edit((m) => (m.vectors.bytes = 1)), /vectors\.bytes must be rows × rowBytes/],
        [edit((m) => (m.score = "cosine")), /score must be 'dot'/],
        [edit((m) => (m.vectors = null)), /vectors must be an object/],
        [edit((m) => (m.vectors.slots.bytes = 4)), /vectors\.slots\.bytes must be rows × 4 = 200/],
        [edit((m) => (m.vectors.slots.file = "../slots.bin")), /vectors\.slots\.file must be a plain file name/],
        [edit((m) => (m.vectors.slots.file = m.vectors.file)), /vectors\.slots\.file must be a file of its own/],
      ];
      for (const [m, re] of cases) await refused(() => SiteSearch.open(opener(withManifest(m)), w), "E_FORMAT", re);
      await refused(() => SiteSearch.open(opener(withManifest(" ".repeat((1 << 20) + 1))), w), "E_FORMAT", /more than a manifest's/);
    });

    it("binary files truncated, padded, or holding latents past n or non-finite values", async () => {
      const codesBin = files.get("codes.bin")!,
        vectorsBin = files.get("vectors.bin")!;
      await refused(
        () => SiteSearch.open(opener(withManifest(manifest, { "codes.bin": codesBin.subarray(0, codesBin.length - 1) })), w),
        "E_FORMAT",
        /codes\.bin has 799 bytes, the manifest says 800/,
      );
      await refused(
        () => SiteSearch.open(opener(withManifest(manifest, { "vectors.bin": new Uint8Array(vectorsBin.length + 2) })), w),
        "E_FORMAT",
        /vectors\.bin has 1602 bytes/,
      );
      const badIdx = codesBin.slice();
      new DataView(badIdx.buffer).setUint16(2 * 7, n, true);
      await refused(
        () => SiteSearch.open(opener(withManifest(manifest, { "codes.bin": badIdx })), w),
        "E_FORMAT",
        /latent 64 for document 1, outside \[0, 64\)/,
      );
      const badVal = codesBin.slice();
      new DataView(badVal.buffer).setUint16(rows * k * 2 + 2 * 9, 0x7c00, true); // +∞ in float16
      await refused(() => SiteSearch.open(opener(withManifest(manifest, { "codes.bin": badVal })), w), "E_FORMAT", /holds value Infinity for document 2/);
      // A non-finite stored embedding surfaces when its row is read for a re-rank.
      const badVec = vectorsBin.slice();
      for (let r = 0; r < rows; r++) new DataView(badVec.buffer).setUint16(r * 2 * d, 0x7e00, true); // NaN in float16
      const site = await SiteSearch.open(opener(withManifest(manifest, { "vectors.bin": badVec })), w);
      await refused(() => site.search(x.slice(0, d)), "E_FORMAT", /vectors\.bin holds a non-finite value in document/);
      // slots.bin: a permutation of the rows, whole.
      const slotsBin = files.get("slots.bin")!;
      const twice = slotsBin.slice();
      new DataView(twice.buffer).setUint32(4 * 3, new DataView(slotsBin.buffer).getUint32(4 * 5, true), true);
      await refused(
        () => SiteSearch.open(opener(withManifest(manifest, { "slots.bin": twice })), w),
        "E_FORMAT",
        /gives document 5 row \d+, out of range or taken twice/,
      );
      const past = slotsBin.slice();
      new DataView(past.buffer).setUint32(0, rows, true);
      await refused(() => SiteSearch.open(opener(withManifest(manifest, { "slots.bin": past })), w), "E_FORMAT", /gives document 0 row 50, out of range/);
      await refused(
        () => SiteSearch.open(opener(withManifest(manifest, { "slots.bin": slotsBin.subarray(4) })), w),
        "E_FORMAT",
        /slots\.bin has 196 bytes, the manifest says 200/,
      );
    });

    it("a decoder of another shape, a bad query, bad options", async () => {
      await refused(() => SiteSearch.open(opener(files), randomSae(d, n + 1, 1)), "E_SHAPE", /for an SAE of 16 inputs and 64 latents, this one has 16 and 65/);
      const site = await SiteSearch.open(opener(files), w);
      await refused(() => site.search(new Float32Array(d + 1)), "E_SHAPE", /16 float32 values, got 17/);
      await refused(() => site.search(Float32Array.from({ length: d }, (_, i) => (i ? 0 : Number.NaN))), "E_NONFINITE", /query/);
      await refused(() => site.search(x.slice(0, d), { top: 0 }), "E_ARG", /top must be a positive integer/);
      await refused(() => site.search(x.slice(0, d), { top: 10, candidates: 5 }), "E_ARG", /candidates must be an integer ≥ top \(10\), got 5/);
      await refused(() => site.readRows([3, 2]), "E_ARG", /ascending documents in \[0, 50\), got 2 at 1/);
      await refused(() => site.readRows([rows]), "E_ARG", /got 50 at 0/);
    });
  });
});
