// .npy read (every dtype and order NumPy wrote), write, and streaming by byte range.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openEmbeddings, readEmbeddings } from "../../src/io/embeddings.js";
import { parseNpy, writeNpy } from "../../src/io/npy.js";
import { codesToNpz } from "../../src/io/save.js";
import { openCheckpoint } from "../../src/io/checkpoint.js";
import { CHECKPOINTS, quantized, randomArray } from "../fixtures/formula.js";

const X = quantized(5, 5, 16).map((v) => v * 16);

describe("npy", () => {
  it.each(["x.f4.npy", "x.f8.npy", "x.f2.npy", "x.fortran.npy"])("NumPy's %s reads to the same [5, 16] float32 values", async (name) => {
    const e = await readEmbeddings(join(CHECKPOINTS, "arrays", name));
    expect([e.rows, e.cols]).toEqual([5, 16]);
    expect(Array.from(e.data)).toEqual(Array.from(X));
  });

  it("writes float32 and int32 arrays that read back identically", async () => {
    const f = randomArray(3 * 7, 1);
    const back = await parseNpy(writeNpy(f, [3, 7]));
    expect(back).toMatchObject({ dtype: "<f4", shape: [3, 7] });
    expect(Array.from(back.data)).toEqual(Array.from(f));
    const i = Int32Array.from({ length: 10 }, (_, j) => j * 1000 - 3);
    const bi = await parseNpy(writeNpy(i, [10]));
    expect(bi).toMatchObject({ dtype: "<i4", shape: [10] });
    expect(Array.from(bi.data)).toEqual(Array.from(i));
    expect(() => writeNpy(f, [4, 7])).toThrow(/do not fill shape/);
  });

  it("codes go out as an .npz of int32 indices and float32 values", async () => {
    const codes = { indices: Int32Array.of(3, 1, 0, 2), values: Float32Array.of(0.5, 0.25, 2, 1), k: 2, batch: 2 };
    const npz = await openCheckpoint(codesToNpz(codes));
    expect(npz.tensors.get("indices")).toMatchObject({ dtype: "i32", shape: [2, 2] });
    expect(Array.from(await npz.tensors.get("indices")!.read())).toEqual([3, 1, 0, 2]);
    expect(Array.from(await npz.tensors.get("values")!.read())).toEqual([0.5, 0.25, 2, 1]);
  });

  it("streams row batches of a file by byte range, from a path and from a Blob", async () => {
    const rows = 10_007,
      cols = 24;
    const data = randomArray(rows * cols, 5);
    const dir = mkdtempSync(join(tmpdir(), "saejs-npy-"));
    try {
      const path = join(dir, "emb.npy");
      writeFileSync(path, writeNpy(data, [rows, cols]));
      for (const source of [path, new Blob([readFileSync(path)])]) {
        const f = await openEmbeddings(source);
        expect([f.rows, f.cols]).toEqual([rows, cols]);
        const seen = new Float32Array(rows * cols);
        let batches = 0;
        for await (const b of f.batches(1000)) {
          expect(b.rows).toBe(Math.min(1000, rows - b.start));
          seen.set(b.data, b.start * cols);
          batches++;
        }
        expect(batches).toBe(11);
        expect(seen).toEqual(data);
        expect(Array.from(await f.read(5000, 2))).toEqual(Array.from(data.subarray(5000 * cols, 5002 * cols)));
        await expect(f.read(rows - 1, 2)).rejects.toThrow(/outside \[0, 10007\)/);
        await f.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("streaming refuses Fortran order and integer arrays with a reason", async () => {
    await expect(openEmbeddings(join(CHECKPOINTS, "arrays", "x.fortran.npy"))).rejects.toThrow(/streaming needs C order/);
    await expect(openEmbeddings(writeNpy(new Int32Array(4), [2, 2]))).rejects.toThrow(/expected float embeddings, got <i4/);
  });
});
