// `saejs site` refusing what it cannot build, as a user's shell sees it (the built CLI): no --sae, no
// --out, --weights ref with a local SAE, an unknown storage setting, an SAE of another width than
// the embeddings or the embedder, embeddings that do not line up with the corpus. The storage
// settings are refused before any work: the corpus is not embedded (no .saejs-cache appears).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Sae } from "../../src/sae.js";
import { saveSae } from "../../src/load.js";
import { writeNpy } from "../../src/io/npy.js";
import { randomArray } from "../fixtures/formula.js";
import { saejs as run } from "../cli-runner.js";

let dir: string;
const f = (name: string) => join(dir, name);
const saejs = (...args: string[]) => run(dir, ...args);
const ROWS = 30;

/** A random SAE over d-dimensional inputs (decoder the encoder's transpose). */
async function saveRandomSae(path: string, d: number, n: number, k: number): Promise<void> {
  const enc = randomArray(n * d, 3);
  const dec = new Float32Array(d * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) dec[j * n + i] = enc[i * d + j]!;
  const sae = await Sae.create(
    { nInputs: d, nLatents: n, preBias: randomArray(d, 4), encoderWeight: enc, latentBias: randomArray(n, 5), decoderWeight: dec },
    { k, backend: "ref" },
  );
  await saveSae(sae, path, "safetensors");
  sae.dispose();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-site-cli-"));
  await saveRandomSae(f("sae8.safetensors"), 8, 32, 4);
  // USE lite's width: without --embeddings the corpus would be embedded.
  await saveRandomSae(f("sae512.safetensors"), 512, 16, 4);
  writeFileSync(f("e8.npy"), writeNpy(randomArray(ROWS * 8, 7), [ROWS, 8]));
  writeFileSync(f("e9.npy"), writeNpy(randomArray(ROWS * 9, 7), [ROWS, 9]));
  writeFileSync(f("e8-40.npy"), writeNpy(randomArray(40 * 8, 7), [40, 8]));
  writeFileSync(
    f("corpus.jsonl"),
    Array.from({ length: ROWS }, (_, i) =>
      JSON.stringify({ title: `paper ${i}`, text: `abstract number ${i} about topic ${i % 3}`, category: `c${i % 3}` }),
    ).join("\n"),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("saejs site refuses", () => {
  it("without --sae or --out: a usage error (exit 2) naming the flag", async () => {
    const noSae = await saejs("site", "corpus.jsonl", "--embeddings", "e8.npy", "--out", "site");
    expect(noSae.code, noSae.stderr).toBe(2);
    expect(noSae.stderr).toMatch(/^saejs site: --sae is required: the SAE checkpoint whose features the site shows$/m);
    const noOut = await saejs("site", "corpus.jsonl", "--sae", "sae8.safetensors", "--embeddings", "e8.npy");
    expect(noOut.code, noOut.stderr).toBe(2);
    expect(noOut.stderr).toMatch(/^saejs site: --out is required: the folder the site is written to$/m);
    const noCorpus = await saejs("site", "--sae", "sae8.safetensors", "--out", "site");
    expect(noCorpus.code, noCorpus.stderr).toBe(2);
    expect(noCorpus.stderr).toMatch(/a corpus of texts/);
    expect(existsSync(f("site"))).toBe(false);
  });

  it("--weights ref with a local SAE, and unknown --weights, --vectors, --values: before the corpus is embedded", async () => {
    for (const [args, message] of [
      [
        ["--weights", "ref"],
        /^saejs site: --weights ref keeps a URL in the site, but the SAE is a local file \(sae512\.safetensors\); give an hf:\/\/ or https:\/\/ SAE, or --weights f32 or f16$/m,
      ],
      [["--weights", "f8"], /^saejs site: --weights must be f32, f16 or ref, got 'f8'$/m],
      [["--weights", "F16"], /^saejs site: --weights must be f32, f16 or ref, got 'F16'$/m],
      [["--vectors", "f64"], /^saejs site: --vectors must be f16, i8 or f32, got 'f64'$/m],
      [["--values", "i8"], /^saejs site: --values must be f16 or f32, got 'i8'$/m],
    ] as const) {
      const r = await saejs("site", "corpus.jsonl", "--sae", "sae512.safetensors", "--out", "site", ...args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(f(".saejs-cache")), `${args.join(" ")}: refused after embedding the corpus`).toBe(false);
      expect(existsSync(f("site/index.html"))).toBe(false);
    }
    // explore --out writes the same site: the same checks.
    const r = await saejs("explore", "sae512.safetensors", "corpus.jsonl", "--out", "site", "--weights", "f8");
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^saejs explore: --weights must be f32, f16 or ref, got 'f8'$/m);
    expect(existsSync(f(".saejs-cache"))).toBe(false);
  });

  it("an SAE of another width than the embeddings or the embedder (E_SHAPE), and embeddings that do not line up with the corpus", async () => {
    const wide = await saejs("site", "corpus.jsonl", "--sae", "sae8.safetensors", "--embeddings", "e9.npy", "--out", "site");
    expect(wide.code, wide.stderr).toBe(1);
    expect(wide.stderr).toMatch(
      /^saejs: E_SHAPE: e9\.npy: 30 × 9 embeddings, but the SAE reads 8-d inputs \(d=8\); use embeddings made with the SAE's embedder$/m,
    );
    const embedder = await saejs("site", "corpus.jsonl", "--sae", "sae8.safetensors", "--out", "site");
    expect(embedder.code, embedder.stderr).toBe(1);
    expect(embedder.stderr).toMatch(/^saejs: E_SHAPE: the embedder use-lite-512 gives 512-d vectors but the SAE reads 8-d inputs; pass --embeddings$/m);
    const typed = await saejs("site", "corpus.jsonl", "--sae", "sae8.safetensors", "--embeddings", "e8.npy", "--embedder", "use", "--out", "site");
    expect(typed.code, typed.stderr).toBe(1);
    expect(typed.stderr).toMatch(/^saejs: E_SHAPE: the embedder use-lite-512 gives 512-d vectors but the SAE reads 8-d inputs$/m);
    const rows = await saejs("site", "corpus.jsonl", "--sae", "sae8.safetensors", "--embeddings", "e8-40.npy", "--out", "site");
    expect(rows.code, rows.stderr).toBe(1);
    expect(rows.stderr).toMatch(/^saejs: E_SHAPE: corpus\.jsonl holds 30 texts but e8-40\.npy 40 rows; they must line up row for row$/m);
    expect(existsSync(f("site/index.html"))).toBe(false);
  });

  it("an --out that is a file (E_IO), before any work", async () => {
    writeFileSync(f("afile"), "x");
    const r = await saejs("site", "corpus.jsonl", "--sae", "sae8.safetensors", "--embeddings", "e8.npy", "--out", "afile");
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^saejs: E_IO: afile: is a file; give a folder for the output$/m);
  });
});

describe("saejs site over a Parquet corpus written by DuckDB", () => {
  it("takes the embeddings column and keeps the other columns as each document's fields; few-valued ones become filters", { timeout: 120_000 }, async () => {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const duck = await (await DuckDBInstance.create(":memory:")).connect();
    const vec = (i: number) => `[${Array.from({ length: 8 }, (_, j) => `${Math.sin(i * 7 + j).toFixed(4)}`).join(", ")}]::FLOAT[8]`;
    await duck.run(
      `create table papers as select i::bigint as id, 'Paper ' || i as title, 'Abstract number ' || i as abstract,
        (['astro-ph', 'hep-th', 'math'])[1 + i % 3] as category, 2006 + i % 2 as year, ${vec(0)} as embedding from range(${ROWS}) t(i)`,
    );
    for (let i = 0; i < ROWS; i++) await duck.run(`update papers set embedding = ${vec(i)} where id = ${i}`);
    await duck.run(`copy (select * from papers order by id) to '${f("papers.parquet")}' (format parquet, row_group_size 16)`);
    duck.closeSync();
    const r = await saejs("site", "papers.parquet", "--sae", "sae8.safetensors", "--text-column", "abstract", "--title-column", "title", "--out", "psite");
    expect(r.code, r.stderr).toBe(0);
    const block = JSON.parse(readFileSync(f("psite/data/explorer.json"), "utf8")).site;
    expect(block.filters.map((x: { name: string; values: string[] }) => [x.name, x.values])).toEqual([
      ["category", ["astro-ph", "hep-th", "math"]],
      ["year", ["2006", "2007"]],
    ]);
    // Row 17 (the second row group) as the page reads it: its fields beside its title and text.
    const idx = new Uint32Array(Uint8Array.from(readFileSync(f("psite/data/docs.idx"))).buffer);
    const doc = JSON.parse(readFileSync(f("psite/data/docs.bin")).subarray(idx[17], idx[18]).toString("utf8"));
    expect(doc).toEqual({ title: "Paper 17", text: "Abstract number 17", meta: { id: 17, category: "math", year: 2007 } });
  });
});
