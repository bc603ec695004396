// The thresholded path as a user runs it, with the built CLI on real arXiv abstracts (USE lite
// embeddings): `saejs train --arch batchtopk` → `saejs info` (JumpReLU, θ) → `saejs encode` to .npz
// and .parquet (rows with different numbers of active latents, none cut at k; as the library's
// encode) → `saejs convert --to saelens` (the folder loads back with the same codes) → `saejs index`
// into PGlite and `saejs search --db`, whose features are the query's active latents only.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Codes } from "../src/core/model.js";
import { parseNpy, writeNpy } from "../src/io/npy.js";
import type { BackendName } from "../src/kernels/backend.js";
import { parseCsv } from "../src/io/texts.js";
import { openCheckpoint } from "../src/io/checkpoint.js";
import { loadSae } from "../src/load.js";
import type { SaeModel } from "../src/model.js";
import { readCodes } from "../src/cli/inputs.js";
import { SaeIndex } from "../src/db/sae-index.js";
import { lastJson, saejs } from "./cli-runner.js";

const ARXIV = join(process.cwd(), "..", "shared", "data", "arxiv", "arxiv-2007-first2000.csv");
const ROWS = 240,
  K = 8,
  N = 128;
const QUERY = "gravitational lensing of distant galaxies";

let dir: string, x: Float32Array, q: Float32Array, d: number, backend: BackendName, sae: SaeModel, codes: Codes;
const f = (name: string) => join(dir, name);

async function cli(...args: string[]): Promise<string> {
  const r = await saejs(dir, ...args);
  if (r.code !== 0) throw new Error(`saejs ${args.join(" ")} exited ${r.code}:\n${r.stderr}`);
  return r.stdout;
}

/** Row r's active entries (value > 0) as [latent, value], in the codes' order. */
const active = (c: Codes, r: number) =>
  Array.from({ length: c.k }, (_, j) => [c.indices[r * c.k + j]!, c.values[r * c.k + j]!] as const).filter(([, v]) => v > 0);

beforeAll(async () => {
  if (!existsSync(ARXIV)) throw new Error(`${ARXIV} is missing: the e2e test runs on real abstracts (CI runs with ../shared beside the clone)`);
  dir = mkdtempSync(join(tmpdir(), "saejs-arch-e2e-"));
  const [header, ...records] = parseCsv(readFileSync(ARXIV, "utf8"));
  const col = (name: string) => header!.indexOf(name);
  const rows = records.slice(0, ROWS).map((r, i) => ({ id: i, title: r[col("title")]!.replace(/\s+/g, " "), abstract: r[col("abstract")]!.trim() }));
  writeFileSync(f("abstracts.jsonl"), `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`);
  // One embed run for the abstracts and the query (the last line): the test knows the query's vector as the index's embedder gives it.
  writeFileSync(f("texts.jsonl"), `${[...rows, { id: ROWS, title: "query", abstract: QUERY }].map((r) => JSON.stringify(r)).join("\n")}\n`);
  await cli("embed", "texts.jsonl", "--text-column", "abstract", "--out", "all.npy", "--quiet");
  const npy = await parseNpy(readFileSync(f("all.npy")));
  d = npy.shape[1]!;
  x = (npy.data as Float32Array).slice(0, ROWS * d);
  q = (npy.data as Float32Array).slice(ROWS * d);
  writeFileSync(f("x.npy"), writeNpy(x, [ROWS, d]));
  // 240 rows in batches of 32 for 40 epochs: 280 steps (the CLI warns that it is short).
  const train = lastJson(
    await cli(
      "train",
      "x.npy",
      "--arch",
      "batchtopk",
      "--k",
      String(K),
      "--n",
      String(N),
      "--epochs",
      "40",
      "--batch",
      "32",
      "--lr",
      "1e-3",
      "--out",
      "sae.safetensors",
      "--quiet",
      "--json",
    ),
  );
  expect(train).toMatchObject({ arch: "batchtopk", steps: 280 });
  expect(train.threshold).toBeGreaterThan(0);
  // The library on the kernel backend the CLI picks here (relaxed SIMD's fused multiply-adds round otherwise).
  backend = lastJson(await cli("info", "--json")).backend;
  sae = await loadSae(f("sae.safetensors"), { workers: 0, backend });
  codes = await sae.encode(x);
}, 300_000);

afterAll(async () => {
  await sae?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a BatchTopK SAE from saejs train, through the CLI", () => {
  it("the file: arch batchtopk, a JumpReLU encode at the θ the run learnt", async () => {
    expect(sae.architecture).toBe("jumprelu");
    const theta = sae.threshold!;
    expect(new Set(theta).size).toBe(1);
    const text = await cli("info", "sae.safetensors");
    expect(text).toMatch(new RegExp(`arch batchtopk, d=${d}, n=${N}, k=${K} .*JumpReLU .*θ = ${Number(theta[0]!.toPrecision(4))} on every latent`));
    const j = lastJson(await cli("info", "sae.safetensors", "--json"));
    expect(j).toMatchObject({ arch: "batchtopk", architecture: "jumprelu", k: K, threshold: { min: theta[0], max: theta[0] } });
  });

  it("the library's encode: rows of different widths, every latent past θ kept (none cut at k)", async () => {
    const counts = Array.from({ length: ROWS }, (_, r) => active(codes, r).length);
    expect(new Set(counts).size).toBeGreaterThan(3);
    expect(Math.max(...counts)).toBeGreaterThan(K);
    expect(codes.k).toBe(Math.max(...counts));
    // Against pre = (x − b_pre)·Wᵀ + b_lat in float64: a row keeps every latent clearly past θ and none clearly below.
    const w = await sae.weights(),
      theta = sae.threshold![0]!;
    for (let r = 0; r < ROWS; r += 7) {
      const on = new Set(active(codes, r).map(([i]) => i));
      for (let i = 0; i < N; i++) {
        let pre = w.latentBias[i]!;
        for (let p = 0; p < d; p++) pre += (x[r * d + p]! - w.preBias[p]!) * w.encoderWeight[i * d + p]!;
        if (Math.abs(pre - Math.max(theta, 0)) < 1e-4) continue;
        expect(on.has(i), `row ${r} latent ${i} pre ${pre}`).toBe(pre > theta && pre > 0);
      }
    }
  });

  it("saejs encode: .npz as the library's codes; .parquet with every row's active latents", async () => {
    await cli("encode", "sae.safetensors", "x.npy", "--out", "codes.npz", "--quiet");
    const npz = await openCheckpoint(f("codes.npz"));
    try {
      const indices = await npz.tensors.get("indices")!.read(),
        values = await npz.tensors.get("values")!.read();
      expect(Int32Array.from(indices)).toEqual(codes.indices);
      expect(values).toEqual(codes.values);
    } finally {
      await npz.close();
    }
    const summary = lastJson(await cli("encode", "sae.safetensors", "x.npy", "--out", "codes.parquet", "--quiet", "--json"));
    expect(summary).toMatchObject({ rows: ROWS, variable: true });
    const pq = await readCodes(f("codes.parquet"));
    expect(pq.batch).toBe(ROWS);
    for (let r = 0; r < ROWS; r++) expect(active(pq, r)).toEqual(active(codes, r));
  });

  it("saejs convert --to saelens: the folder loads back as a JumpReLU SAE with the same codes", async () => {
    await cli("convert", "sae.safetensors", "--to", "saelens", "--out", "saelens", "--quiet");
    const cfg = JSON.parse(readFileSync(f("saelens/cfg.json"), "utf8"));
    expect(cfg).toMatchObject({ architecture: "jumprelu", d_in: d, d_sae: N });
    const back = await loadSae(f("saelens"), { workers: 0, backend });
    try {
      expect(back.architecture).toBe("jumprelu");
      expect(back.threshold).toEqual(sae.threshold);
      const again = await back.encode(x);
      expect(again.k).toBe(codes.k);
      expect(again.indices).toEqual(codes.indices);
      expect(again.values).toEqual(codes.values);
    } finally {
      await back.dispose();
    }
  });

  it("saejs index into PGlite, saejs search --db: postings and the query's features are active latents only", async () => {
    await cli(
      "index",
      "abstracts.jsonl",
      "--sae",
      "sae.safetensors",
      "--db",
      "idx",
      "--embeddings",
      "x.npy",
      "--embedder",
      "use",
      "--text-column",
      "abstract",
      "--title-column",
      "title",
      "--no-labels",
      "--quiet",
    );
    const index = await SaeIndex.open(f("idx"));
    try {
      const [p] = await index.sql.query<{ c: number; z: number }>(
        "SELECT count(*)::int AS c, count(*) FILTER (WHERE value <= 0)::int AS z FROM saejs.postings",
      );
      let on = 0;
      for (let r = 0; r < ROWS; r++) on += active(codes, r).length;
      expect(p).toEqual({ c: on, z: 0 });
    } finally {
      await index.close();
    }
    const r = lastJson(await cli("search", "--db", "idx", QUERY, "--exact", "--json"));
    expect(r.hits.length).toBeGreaterThan(0);
    // The query's codes from its embedding (as `saejs embed` gives it, the index's embedder): the active latents, all of them.
    const own = active(await sae.encode(q, 1), 0);
    expect(own.length).toBeGreaterThan(0);
    expect(r.features.map((g: { index: number }) => g.index)).toEqual(own.map(([i]) => i));
    for (const [j, g] of (r.features as { index: number; value: number }[]).entries()) {
      expect(g.value).toBeGreaterThan(0);
      expect(g.value).toBeCloseTo(own[j]![1], 4);
    }
  });
});
