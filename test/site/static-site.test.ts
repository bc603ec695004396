// The static site's folder as `saejs site` writes it (src/cli/site.ts), without a browser: every
// file the page reads, the SAE stored as float32 or float16 (the error measured, the fingerprint of
// the model as the page loads it), the documents and filters read back, the service worker named by
// the build, and only the embedder's files a site needs.
import { describe, expect, it } from "vitest";
import { saeFingerprint } from "../../src/core/hash.js";
import { buildExplorerData, type ExplorerData } from "../../src/explore/site.js";
import { bytesSource } from "../../src/io/blob.js";
import { loadSae } from "../../src/load.js";
import { Sae } from "../../src/sae.js";
import { SiteDocs, filterMask } from "../../src/site/docs.js";
import { SiteSearch } from "../../src/site/search.js";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { staticSiteFiles, writeSite, type SiteFiles } from "../../src/cli/site.js";
import { concat } from "../../src/io/zip-write.js";
import { refused } from "../io/budget.js";
import { centres, documents, randomSae } from "./corpus.js";

const d = 16,
  n = 64,
  k = 4,
  rows = 120;
const w = randomSae(d, n, 3);
const x = documents(centres(12, d, 4), d, 0, rows, 5);
const docs = Array.from({ length: rows }, (_, i) => ({
  title: `Paper ${i}\nwith a line break`,
  text: `text of paper ${i} ✓`,
  meta: { topic: ["lensing", "neutrinos", "topology"][i % 3]!, year: 2000 + (i % 2), id: `id-${i}` },
}));
const bytes = (f: Uint8Array | Uint8Array[]) => (Array.isArray(f) ? concat(f) : f);

async function site(weights: "f32" | "f16", embedder: "none" | "use-lite" = "none"): Promise<{ files: SiteFiles; explorer: ExplorerData; sae: Sae }> {
  const sae = await Sae.create(w, { k });
  const explorer = await buildExplorerData(sae, docs, x, { labels: { method: "offline", features: [] } as never });
  const { files } = await staticSiteFiles({
    explorer,
    docs,
    x,
    codes: sae.encode(x, rows),
    sae: { ...sae, nInputs: d, nLatents: n, k, order: sae.order, weights: async () => sae.weights },
    weights,
    embedder: { kind: embedder, name: embedder },
  });
  return { files, explorer: JSON.parse(new TextDecoder().decode(bytes(files.get("data/explorer.json")!))) as ExplorerData, sae };
}

describe("saejs site's folder", () => {
  it("holds every file the page reads, the explorer's data marked as a site, a service worker named by the build", async () => {
    const { files, explorer, sae } = await site("f32");
    expect([...files.keys()].filter((f) => !f.startsWith("chunks/")).sort()).toEqual(
      [
        "data/codes.bin",
        "data/docs.bin",
        "data/docs.idx",
        "data/explorer.json",
        "data/meta.bin",
        "data/model.safetensors",
        "data/search.json",
        "data/slots.bin",
        "data/titles.txt",
        "data/vectors.bin",
        "explorer.js",
        "index.html",
        "sw.js",
      ].sort(),
    );
    expect(explorer.source).toBe("site");
    const block = explorer.site!;
    expect(block.build).toMatch(/^[0-9a-f]{16}$/);
    expect(new TextDecoder().decode(bytes(files.get("sw.js")!))).toMatch(new RegExp(`^const SAEJS_BUILD = "${block.build}";`));
    expect(new TextDecoder().decode(bytes(files.get("index.html")!))).toContain(`<meta name="saejs-site" content="${block.build}">`);
    // float32 weights: exact, and the fingerprint is the SAE's own.
    expect(block.model).toEqual({ url: "data/model.safetensors", dtype: "f32", maxAbsError: 0, fingerprint: await saeFingerprint(sae) });
    const loaded = await loadSae(bytes(files.get("data/model.safetensors")!), { workers: 0 });
    expect((await loaded.weights()).decoderWeight).toEqual(w.decoderWeight);
    await loaded.dispose();
    // Titles one per line (a line break inside one is a space), row for row.
    const titles = new TextDecoder().decode(bytes(files.get("data/titles.txt")!)).split("\n");
    expect(titles).toHaveLength(rows);
    expect(titles[7]).toBe("Paper 7 with a line break");
    // Same inputs, same build id.
    expect((await site("f32")).explorer.site!.build).toBe(block.build);
    sae.dispose();
  });

  it("float16 weights: half the bytes, the largest rounding error stated, the fingerprint of the model the page loads", async () => {
    const f32 = await site("f32"),
      f16 = await site("f16");
    const m = f16.explorer.site!.model;
    expect(m.dtype).toBe("f16");
    const b16 = bytes(f16.files.get("data/model.safetensors")!).length,
      b32 = bytes(f32.files.get("data/model.safetensors")!).length;
    expect(b16).toBeLessThan(0.55 * b32);
    const loaded = await loadSae(bytes(f16.files.get("data/model.safetensors")!), { workers: 0 });
    const got = await loaded.weights();
    let err = 0;
    for (const [a, b] of [
      [got.decoderWeight, w.decoderWeight],
      [got.encoderWeight, w.encoderWeight],
      [got.preBias, w.preBias],
      [got.latentBias, w.latentBias],
    ] as const)
      for (let i = 0; i < a.length; i++) err = Math.max(err, Math.abs(a[i]! - b[i]!));
    expect(err).toBe(m.maxAbsError);
    expect(m.maxAbsError).toBeGreaterThan(0);
    expect(m.maxAbsError).toBeLessThan(1e-3);
    expect(await saeFingerprint(loaded)).toBe(m.fingerprint);
    expect(m.fingerprint).not.toBe(f32.explorer.site!.model.fingerprint);
    await loaded.dispose();
    f32.sae.dispose();
    f16.sae.dispose();
  });

  it("documents and filters read back by row; a field of many values is shown but not a filter", async () => {
    const { files, explorer, sae } = await site("f32");
    const src = (f: string) => bytesSource(bytes(files.get(f)!), f);
    const store = await SiteDocs.open(src("data/docs.idx"), src("data/docs.bin"), rows, explorer.site!.docs.idx);
    expect(await store.get([5, 0, 5])).toEqual([docs[5], docs[0], docs[5]]);
    await refused(() => store.get([rows]), "E_ARG", /no document 120/);
    // topic (3 values) and year (2) are filters; id (one per document) is not.
    expect(explorer.site!.filters.map((f) => f.name)).toEqual(["topic", "year"]);
    const topic = explorer.site!.filters[0]!;
    const mask = filterMask(bytes(files.get("data/meta.bin")!), topic, rows, "neutrinos");
    expect(Array.from(mask).flatMap((v, i) => (v ? [i] : []))).toEqual(docs.flatMap((doc, i) => (doc.meta.topic === "neutrinos" ? [i] : [])));
    // The search within the filter returns only its documents.
    const search = await SiteSearch.open(async (f) => src(`data/${f}`), sae.weights);
    const hits = await search.search(x.slice(0, d), { top: 10, allow: mask });
    expect(hits).toHaveLength(10);
    expect(hits.every((h) => docs[h.doc]!.meta.topic === "neutrinos")).toBe(true);
    await search.close();
    sae.dispose();
  });

  it("a site with typed queries carries the default embedder's model files and its worker; one without carries none", async () => {
    const withUse = await site("f32", "use-lite");
    const names = [...withUse.files.keys()];
    for (const f of ["embed-worker.js", "use-lite/model.json", "use-lite/vocab.json", "use-lite/group1-shard7of7", "use-lite/tfjs-backend-wasm-simd.wasm"])
      expect(names, f).toContain(f);
    withUse.sae.dispose();
    const without = await site("f32", "none");
    expect([...without.files.keys()].some((f) => f.startsWith("use-lite/") || f === "embed-worker.js")).toBe(false);
    without.sae.dispose();
  });

  it("a rewrite removes the files the last one wrote and this one has not, and keeps the folder's others", async () => {
    const dir = mkdtempSync(join(tmpdir(), "saejs-site-rewrite-"));
    try {
      writeFileSync(join(dir, "CNAME"), "papers.example.org\n");
      const withUse = await site("f32", "use-lite");
      await writeSite(withUse.files, dir);
      expect(existsSync(join(dir, "use-lite/model.json"))).toBe(true);
      const without = await site("f32", "none");
      await writeSite(without.files, dir);
      expect(existsSync(join(dir, "use-lite/model.json"))).toBe(false);
      expect(existsSync(join(dir, "embed-worker.js"))).toBe(false);
      expect(readFileSync(join(dir, "CNAME"), "utf8")).toBe("papers.example.org\n");
      for (const f of without.files.keys()) expect(existsSync(join(dir, f)), f).toBe(true);
      // A list that names a path out of the folder is not followed.
      writeFileSync(join(dir, ".saejs-files.json"), JSON.stringify(["../outside.txt", "/etc/passwd", "CNAME/../CNAME"]));
      await writeSite(without.files, dir);
      expect(existsSync(join(dir, "CNAME"))).toBe(true);
      withUse.sae.dispose();
      without.sae.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses documents, codes and embeddings that do not line up", async () => {
    const sae = await Sae.create(w, { k });
    const explorer = (await site("f32")).explorer;
    const base = {
      explorer,
      docs,
      x,
      codes: sae.encode(x, rows),
      sae: { ...sae, nInputs: d, nLatents: n, k, order: sae.order, weights: async () => sae.weights },
      weights: "f32" as const,
      embedder: { kind: "none" as const, name: "none" },
    };
    await refused(() => staticSiteFiles({ ...base, docs: docs.slice(1) }), "E_SHAPE", /119 documents, 120 rows of codes and 120 embeddings: they must line up/);
    await refused(() => staticSiteFiles({ ...base, x: x.slice(d) }), "E_SHAPE", /must line up/);
    await refused(
      () => staticSiteFiles({ ...base, docs: docs.map((doc, i) => (i === 3 ? { ...doc, text: 5 as never } : doc)) }),
      "E_ARG",
      /document 3 needs a string title and text/,
    );
    sae.dispose();
  });
});
