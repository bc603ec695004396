// codes.parquet of a thresholded SAE: batches of different widths (each row group as wide as its
// batch's widest row, value-0 padding), read back whole by readCodes at the widest, no row cut.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { codesParquetWriter } from "../../src/io/codes-parquet.js";
import { readCodes } from "../../src/cli/inputs.js";
import { featureStats } from "../../src/explore/features.js";
import { paddedCodes } from "../explore/padded-codes.js";
import { plantedCorpus } from "../explore/planted.js";
import { Sae } from "../../src/sae.js";

const dir = mkdtempSync(join(tmpdir(), "saejs-arch-codes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const batches = [
  paddedCodes([[[3, 0.5]], []]),
  paddedCodes([
    [
      [7, 0.9],
      [1, 0.4],
      [0, 0.1],
    ],
    [[2, 0.3]],
  ]),
  paddedCodes([[], []]),
];

async function write(variable: boolean): Promise<string> {
  const chunks: Uint8Array[] = [];
  const w = await codesParquetWriter(async (b) => void chunks.push(b), 2, { variable });
  for (const c of batches) await w.write(c);
  await w.finish();
  const path = join(dir, `codes-${variable}.parquet`);
  writeFileSync(path, Buffer.concat(chunks));
  return path;
}

describe("codes.parquet of variable width", () => {
  it("writes each batch at its own width and reads back at the widest, padding inactive", async () => {
    expect(batches.map((c) => c.k)).toEqual([1, 3, 1]);
    const codes = await readCodes(await write(true));
    expect(codes.k).toBe(3);
    expect(codes.batch).toBe(6);
    const row = (r: number) => [Array.from(codes.indices.subarray(r * 3, r * 3 + 3)), Array.from(codes.values.subarray(r * 3, r * 3 + 3))];
    expect(row(0)).toEqual([
      [3, 0, 1],
      [0.5, 0, 0],
    ]);
    expect(row(2)).toEqual([
      [7, 1, 0],
      [Math.fround(0.9), Math.fround(0.4), Math.fround(0.1)],
    ]);
    expect(row(5)[1]).toEqual([0, 0, 0]);
    // Every row's latents distinct; padding is never counted.
    for (let r = 0; r < 6; r++) expect(new Set(row(r)[0]).size).toBe(3);
    expect(Array.from(featureStats(codes, 8).counts)).toEqual([1, 1, 1, 1, 0, 0, 0, 1]);
  });

  it("a real thresholded model's codes, written batch by batch, read back with every row's active latents", async () => {
    const { weights, x } = plantedCorpus(40, 32);
    const sae = await Sae.create({ ...weights, threshold: new Float32Array(weights.nLatents).fill(0.45) }, { k: 1 });
    const parts = Array.from({ length: 10 }, (_, b) => sae.encode(x.subarray(b * 4 * 32, (b + 1) * 4 * 32)));
    expect(new Set(parts.map((c) => c.k)).size).toBeGreaterThan(1);
    const chunks: Uint8Array[] = [];
    const w = await codesParquetWriter(async (b) => void chunks.push(b), weights.nLatents, { variable: true });
    for (const c of parts) await w.write(c);
    await w.finish();
    const path = join(dir, "codes-real.parquet");
    writeFileSync(path, Buffer.concat(chunks));
    const codes = await readCodes(path);
    const whole = sae.encode(x);
    expect([codes.batch, codes.k]).toEqual([40, whole.k]);
    // Active entries (value > 0) of each row, in order: as the model's encode of the whole corpus.
    const active = (c: typeof codes, r: number) =>
      Array.from({ length: c.k }, (_, j) => [c.indices[r * c.k + j]!, c.values[r * c.k + j]!]).filter(([, v]) => v > 0);
    for (let r = 0; r < 40; r++) expect(active(codes, r)).toEqual(active(whole, r));
    expect(Array.from(featureStats(codes, weights.nLatents).counts)).toEqual(Array.from(featureStats(whole, weights.nLatents).counts));
  });

  it("a file of fixed k refuses a batch of another width, naming the way out", async () => {
    await expect(write(false)).rejects.toMatchObject({ code: "E_SHAPE", message: /k=1, but this file holds k=2.*variable: true/ });
  });

  it("refuses codes whose arrays do not match their shape", async () => {
    const w = await codesParquetWriter(async () => {}, 2, { variable: true });
    await expect(w.write({ indices: new Int32Array(3), values: new Float32Array(4), k: 2, batch: 2 })).rejects.toMatchObject({ code: "E_SHAPE" });
  });
});
