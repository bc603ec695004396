// The command line on Parquet and Arrow: encode to codes.parquet (read back by DuckDB), decode it,
// eval, features and train, each checked against the same rows as a .npy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Sae } from "../../src/sae.js";
import { saveSae } from "../../src/load.js";
import { openCheckpoint } from "../../src/io/checkpoint.js";
import { parseNpy } from "../../src/io/npy.js";
import { randomArray } from "../fixtures/formula.js";
import { lastJson, saejs } from "../cli-runner.js";
import { DIM, makeTables, ROWS, type TableFixtures } from "./tables.js";

let dir: string, f: TableFixtures;
const N = 64,
  K = 4;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-tables-cli-"));
  f = await makeTables(dir);
  const enc = randomArray(N * DIM, 3);
  const dec = new Float32Array(DIM * N);
  for (let i = 0; i < N; i++) for (let j = 0; j < DIM; j++) dec[j * N + i] = enc[i * DIM + j]!;
  const sae = await Sae.create(
    { nInputs: DIM, nLatents: N, preBias: randomArray(DIM, 4), encoderWeight: enc, latentBias: randomArray(N, 5), decoderWeight: dec },
    { k: K, backend: "ref" },
  );
  await saveSae(sae, join(dir, "sae.safetensors"), "safetensors");
  sae.dispose();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const npz = async (path: string) => {
  const c = await openCheckpoint(readFileSync(path));
  return { indices: Array.from(await c.tensors.get("indices")!.read()), values: Array.from(await c.tensors.get("values")!.read()) };
};

describe("saejs on Parquet and Arrow", () => {
  it("encode papers.parquet --column embedding --out codes.parquet: DuckDB reads the .npy's codes with the ids", async () => {
    const r = await saejs(dir, "encode", "sae.safetensors", f.parquet.zstd!, "--column", "embedding", "--id-column", "id", "--out", "codes.parquet", "--json");
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ rows: ROWS, k: K });
    expect((await saejs(dir, "encode", "sae.safetensors", f.npy, "--out", "codes.npz")).code).toBe(0);
    const want = await npz(join(dir, "codes.npz"));
    const rows = (await f.duck.runAndReadAll(`select id, indices, "values" from '${join(dir, "codes.parquet")}'`)).getRows();
    expect(rows.map((x) => Number(x[0]))).toEqual(f.ids);
    expect(rows.flatMap((x) => (x[1] as { items: number[] }).items)).toEqual(want.indices);
    expect(rows.flatMap((x) => (x[2] as { items: number[] }).items)).toEqual(want.values);
    // Arrow in, the same codes out; and without --id-column the id is the row number.
    expect((await saejs(dir, "encode", "sae.safetensors", f.arrowFile, "--out", "codes-arrow.npz")).code).toBe(0);
    expect(await npz(join(dir, "codes-arrow.npz"))).toEqual(want);
    expect((await saejs(dir, "encode", "sae.safetensors", f.parquet.snappy!, "--out", "rows.parquet")).code).toBe(0);
    const ids = (await f.duck.runAndReadAll(`select "row" from '${join(dir, "rows.parquet")}'`)).getRows();
    expect(ids.map((x) => Number(x[0]))).toEqual(f.ids);
  });

  it("decode reads codes.parquet as it reads codes.npz", async () => {
    expect((await saejs(dir, "decode", "sae.safetensors", "codes.parquet", "--out", "a.npy")).code).toBe(0);
    expect((await saejs(dir, "decode", "sae.safetensors", "codes.npz", "--out", "b.npy")).code).toBe(0);
    const a = await parseNpy(readFileSync(join(dir, "a.npy"))),
      b = await parseNpy(readFileSync(join(dir, "b.npy")));
    expect(a.shape).toEqual([ROWS, DIM]);
    expect(Buffer.compare(Buffer.from(a.data.buffer), Buffer.from(b.data.buffer))).toBe(0);
  });

  it("eval gives the same metrics on the Parquet, the Arrow folder and the .npy", async () => {
    const m = async (path: string) => {
      const r = await saejs(dir, "eval", "sae.safetensors", path, "--json");
      expect(r.code, r.stderr).toBe(0);
      return lastJson(r.stdout);
    };
    const want = await m(f.npy);
    expect(await m(f.parquet.gzip!)).toEqual(want);
    expect(await m(f.savedDataset)).toEqual(want);
  });

  it("features takes texts and ids from the same table", async () => {
    const r = await saejs(dir, "features", "sae.safetensors", f.parquet.brotli!, "--text-column", "abstract", "--id-column", "id", "--show", "3", "--json");
    expect(r.code, r.stderr).toBe(0);
    const top = lastJson(r.stdout).features[0].top[0];
    expect(top.id).toBe(String(top.doc));
  });

  it("trains on Parquet and on Arrow with the same row groups to the same weights", async () => {
    const args = ["--k", String(K), "--n", String(N), "--batch", "256", "--workers", "0", "--trainer", "wasm", "--json"];
    const a = await saejs(dir, "train", f.parquet.zstd!, "--column", "embedding", "--out", "pq.safetensors", ...args);
    expect(a.code, a.stderr).toBe(0);
    const b = await saejs(dir, "train", f.arrowStream, "--out", "ar.safetensors", ...args);
    expect(b.code, b.stderr).toBe(0);
    const w = async (p: string) => (await openCheckpoint(readFileSync(join(dir, p)))).tensors.get("encoder.weight")!.read();
    expect(Array.from(await w("pq.safetensors"))).toEqual(Array.from(await w("ar.safetensors")));
  });

  it("--column on a .npy and a ragged Parquet row are refused with the fix and the row", async () => {
    const r = await saejs(dir, "features", "sae.safetensors", f.npy, "--texts", f.parquet.snappy!, "--column", "title");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--column names the embeddings' column.*--text-column/);
    const ragged = join(dir, "ragged.parquet");
    await f.duck.run(
      `copy (select case when id = 4097 then embedding[1:3] else embedding end as embedding from papers order by id) to '${ragged}' (format parquet)`,
    );
    const e = await saejs(dir, "encode", "sae.safetensors", ragged, "--out", "x.parquet");
    expect(e.code).not.toBe(0);
    expect(e.stderr).toMatch(/E_SHAPE.*row 4097 has 3 values/);
    expect(() => readFileSync(join(dir, "x.parquet"))).toThrow(); // nothing half-written
  });
});
