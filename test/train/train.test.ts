// train() and evaluate(): determinism, abort and exact resume from an atomic checkpoint, recovery
// of a planted dictionary, the card's metrics, and clear errors for bad input.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { train, type TrainData } from "../../src/train/train.js";
import { evaluate } from "../../src/train/metrics.js";
import { coordinateMedian } from "../../src/train/init.js";
import { Sae } from "../../src/sae.js";
import { isSaeError } from "../../src/core/errors.js";
import { prng } from "../fixtures/formula.js";
import { relError } from "../kernels/tester.js";

/** Rows that are sparse positive mixes of `m` planted unit directions plus small noise. */
function planted(rows: number, d: number, m: number, active: number, seed: number): { data: TrainData; dirs: Float32Array } {
  const r = prng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const dirs = new Float32Array(m * d);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let p = 0; p < d; p++) {
      const v = gauss();
      dirs[j * d + p] = v;
      s += v * v;
    }
    for (let p = 0; p < d; p++) dirs[j * d + p]! /= Math.sqrt(s);
  }
  const x = new Float32Array(rows * d);
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < active; a++) {
      const j = Math.floor(r() * m),
        c = 0.5 + r();
      for (let p = 0; p < d; p++) x[i * d + p]! += c * dirs[j * d + p]!;
    }
    for (let p = 0; p < d; p++) x[i * d + p]! += 0.01 * gauss();
  }
  return { data: { x, rows, nInputs: d }, dirs };
}

const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe("train", () => {
  const { data } = planted(600, 16, 24, 3, 1);
  const cfg = { k: 4, nLatents: 48, batchSize: 64, epochs: 3, lr: 1e-3, deadSteps: 10, seed: 7 };

  it("the same seed and data give the same weight bytes", async () => {
    const a = await train(data, cfg),
      b = await train(data, cfg);
    expect(a.steps).toBe(27);
    expect(bytes(a.weights.encoderWeight).equals(bytes(b.weights.encoderWeight))).toBe(true);
    expect(bytes(a.weights.decoderWeight).equals(bytes(b.weights.decoderWeight))).toBe(true);
    expect(a.history.at(-1)!.mse).toBeLessThan(a.history[0]!.mse);
  });

  it("training in the worker pool gives the same weight bytes for 0, 1 and 2 workers, shared or alone", async () => {
    const runs = await Promise.all(
      [{ workers: 0 }, { workers: 1 }, { workers: 2 }, { workers: 1, share: false }].map((o) => train(data, { ...cfg, epochs: 1 }, o)),
    );
    for (const r of runs.slice(1)) {
      for (const k of ["preBias", "encoderWeight", "latentBias", "decoderWeight"] as const) {
        expect(bytes(r.weights[k]).equals(bytes(runs[0]!.weights[k])), k).toBe(true);
      }
    }
  });

  it("each stage split between 2 or 3 workers (rows, blocks of 64 latents, columns; AuxK on) gives the bytes of one thread", async () => {
    // d = 18 leaves SIMD tails in every row; 200 latents make four blocks; 70 rows do not divide by 3.
    const wide = planted(420, 18, 40, 3, 9).data;
    const opts = { k: 3, nLatents: 200, batchSize: 70, epochs: 1, deadSteps: 2, kAux: 16, seed: 3 };
    const runs = await Promise.all([0, 2, 3].map((workers) => train(wide, opts, { workers })));
    expect(runs[0]!.history.some((h) => h.dead > 0)).toBe(true);
    for (const r of runs.slice(1)) {
      expect(r.history.map((h) => h.loss)).toEqual(runs[0]!.history.map((h) => h.loss));
      for (const k of ["preBias", "encoderWeight", "latentBias", "decoderWeight"] as const) {
        expect(bytes(r.weights[k]).equals(bytes(runs[0]!.weights[k])), k).toBe(true);
      }
    }
  });

  it("the Wasm trainer (default) and the dense reference trainer follow the same trajectory", async () => {
    const fast = await train(data, cfg),
      ref = await train(data, cfg, { trainer: "ref" });
    for (const k of ["preBias", "encoderWeight", "latentBias", "decoderWeight"] as const) {
      expect(relError(fast.weights[k], ref.weights[k]), k).toBeLessThan(1e-4);
    }
    fast.history.forEach((h, i) => {
      expect(Math.abs(h.loss - ref.history[i]!.loss)).toBeLessThan(1e-5);
    });
  });

  it("abort mid-epoch, resume from the checkpoint: the same final weights as an uninterrupted run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "saejs-train-"));
    try {
      const whole = await train(data, cfg);
      const path = join(dir, "run.safetensors");
      const ac = new AbortController();
      const err = await train(data, cfg, {
        signal: ac.signal,
        checkpoint: { path, every: 4 },
        onProgress: (p) => {
          if (p.step === 13) ac.abort();
        },
      }).catch((e) => e);
      expect(isSaeError(err, "E_ABORTED")).toBe(true);
      expect(err.message).toMatch(/aborted at step 13; resume from/);
      expect(readdirSync(dir)).toEqual(["run.safetensors"]); // written atomically: no temp files
      const resumed = await train(data, cfg, { resume: path, checkpoint: { path } });
      expect(resumed.steps).toBe(27);
      expect(resumed.history.length).toBe(27 - 13);
      for (const k of ["preBias", "encoderWeight", "latentBias", "decoderWeight"] as const) {
        expect(bytes(resumed.weights[k]).equals(bytes(whole.weights[k])), k).toBe(true);
      }
      // The checkpoint of a finished run resumes to no further step; more epochs continue it.
      const again = await train(data, cfg, { resume: path });
      expect([again.steps, again.history.length]).toEqual([27, 0]);
      expect(bytes(again.weights.encoderWeight).equals(bytes(whole.weights.encoderWeight))).toBe(true);
      expect((await train(data, { ...cfg, epochs: 4 }, { resume: path })).steps).toBe(36);
      // The checkpoint also loads as a model.
      const { loadSae } = await import("../../src/load.js");
      const m = await loadSae(path, { workers: 0 });
      expect(m.info.k).toBe(4);
      await m.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("recovers a planted dictionary: ≥ 90 % of directions found with cosine ≥ 0.9", async () => {
    const d = 16,
      m = 24;
    const { data: big, dirs } = planted(4096, d, m, 2, 3);
    const out = await train(big, { k: 2, nLatents: 48, batchSize: 128, epochs: 12, lr: 3e-3, deadSteps: 20, seed: 1 });
    const W = out.weights.decoderWeight;
    let found = 0;
    for (let j = 0; j < m; j++) {
      let best = 0;
      for (let i = 0; i < 48; i++) {
        let c = 0;
        for (let p = 0; p < d; p++) c += dirs[j * d + p]! * W[p * 48 + i]!;
        best = Math.max(best, c);
      }
      if (best >= 0.9) found++;
    }
    console.log(`recovery: ${found}/${m} planted directions with cosine ≥ 0.9 after ${out.steps} steps (final nmse ${out.history.at(-1)!.mse.toFixed(4)})`);
    expect(found / m).toBeGreaterThanOrEqual(0.9);
  });

  it("bad input: each a clear typed error, no partial file left", async () => {
    const dir = mkdtempSync(join(tmpdir(), "saejs-train-bad-"));
    try {
      const nan = data.x.slice();
      nan[5 * 16 + 3] = NaN;
      await expect(train({ ...data, x: nan }, cfg)).rejects.toMatchObject({ code: "E_NONFINITE", message: "train data: NaN at row 5, column 3" });
      await expect(train({ ...data, nInputs: 17 }, cfg)).rejects.toMatchObject({ code: "E_SHAPE" });
      await expect(train({ ...data, rows: 20, x: data.x.subarray(0, 20 * 16) }, cfg)).rejects.toMatchObject({
        code: "E_ARG",
        message: expect.stringMatching(/20 rows are fewer than one batch of 64/),
      });
      await expect(train(data, { ...cfg, k: 48 })).rejects.toMatchObject({ code: "E_ARG", message: expect.stringMatching(/k=48 must be below nLatents=48/) });
      const path = join(dir, "run.safetensors");
      await train(data, { ...cfg, epochs: 1 }, { checkpoint: { path } });
      const good = readFileSync(path);
      const corrupt = good.subarray(0, good.length - 100);
      writeFileSync(join(dir, "cut.safetensors"), corrupt);
      await expect(train(data, cfg, { resume: join(dir, "cut.safetensors") })).rejects.toMatchObject({ code: "E_FORMAT" });
      await expect(train(data, { ...cfg, lr: 5e-4 }, { resume: path })).rejects.toMatchObject({
        code: "E_ARG",
        message: expect.stringMatching(/other settings/),
      });
      expect(readdirSync(dir).sort()).toEqual(["cut.safetensors", "run.safetensors"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("evaluate", () => {
  it("computes the card's metrics as defined (SPEC §4), both log-density readings labelled", async () => {
    const { data } = planted(300, 16, 24, 3, 5);
    const out = await train(data, { k: 4, nLatents: 48, batchSize: 50, epochs: 2, lr: 1e-3, seed: 2 });
    const sae = await Sae.create(out.weights, { k: 4 });
    const mtr = await evaluate(sae, data.x, 64);
    const codes = sae.encode(data.x),
      xhat = sae.decode(codes);
    let err = 0,
      tot = 0;
    const mean = new Float64Array(16);
    for (let i = 0; i < data.x.length; i++) mean[i % 16]! += data.x[i]! / 300;
    for (let i = 0; i < data.x.length; i++) {
      err += (xhat[i]! - data.x[i]!) ** 2;
      tot += (mean[i % 16]! - data.x[i]!) ** 2;
    }
    expect(mtr.nmse).toBeCloseTo(err / tot, 6);
    const counts = new Float64Array(48);
    for (const i of codes.indices) counts[i]!++;
    const live = Array.from(counts).filter((c) => c > 0);
    expect(mtr.deadShare).toBeCloseTo((48 - live.length) / 48, 12);
    expect(mtr.logFdLive).toBeCloseTo(live.reduce((a, c) => a + Math.log10(c / 300), 0) / live.length, 10);
    expect(mtr.logFdAll).toBeCloseTo(Array.from(counts).reduce((a, c) => a + Math.log10(c / 300 + 1e-10), 0) / 48, 10);
    const pos = Array.from(codes.values).filter((v) => v > 0);
    expect(mtr.actMean).toBeCloseTo(pos.reduce((a, v) => a + v, 0) / pos.length, 6);
    expect(Array.from(mtr.density).reduce((a, f) => a + f, 0)).toBeCloseTo(4, 10); // densities sum to k
    sae.dispose();
  });

  it("pre_bias starts at the coordinate-wise median, the lower middle for even counts (torch.median)", () => {
    expect(Array.from(coordinateMedian(Float32Array.of(3, 10, 1, 20, 2, 30, 4, 40), 4, 2))).toEqual([2, 20]);
  });
});

describe("training data sources", () => {
  const { data } = planted(600, 16, 24, 3, 11);
  const cfg = { k: 4, nLatents: 48, batchSize: 64, epochs: 2, lr: 1e-3, seed: 3 };

  it("a .npy streamed from disk trains exactly as the same rows in memory", async () => {
    const { writeNpy } = await import("../../src/io/npy.js");
    const { openEmbeddings } = await import("../../src/io/embeddings.js");
    const dir = mkdtempSync(join(tmpdir(), "saejs-train-npy-"));
    try {
      const path = join(dir, "emb.npy");
      writeFileSync(path, writeNpy(data.x, [data.rows, 16]));
      const file = await openEmbeddings(path);
      const a = await train(file, cfg),
        b = await train(data, cfg);
      await file.close();
      expect(bytes(a.weights.decoderWeight).equals(bytes(b.weights.decoderWeight))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an async iterable of batches trains in its own order, one pass", async () => {
    async function* batches() {
      for (let b = 0; b + 64 <= data.rows; b += 64) yield data.x.slice(b * 16, (b + 64) * 16);
    }
    const out = await train({ stream: batches(), nInputs: 16 }, { ...cfg, epochs: 1 });
    expect(out.steps).toBe(9);
    await expect(train({ stream: batches(), nInputs: 16 }, cfg)).rejects.toMatchObject({
      code: "E_ARG",
      message: expect.stringMatching(/one pass; epochs must be 1/),
    });
    async function* wrong() {
      yield new Float32Array(10);
    }
    await expect(train({ stream: wrong(), nInputs: 16 }, { ...cfg, epochs: 1, medianRows: 1 })).rejects.toMatchObject({ code: "E_SHAPE" });
  });
});
