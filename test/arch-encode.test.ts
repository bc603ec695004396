// Thresholded (JumpReLU) encode and Matryoshka widths against a float64 oracle, on every placement:
// variable-width codes, never truncated, padded with value-0 entries; width restricts to a prefix.
import { describe, expect, it } from "vitest";
import { Sae } from "../src/sae.js";
import { SaeModel } from "../src/model.js";
import { SaeError, type SaeErrorCode } from "../src/core/errors.js";
import type { Codes, SaeWeights } from "../src/core/model.js";
import { randomArray, randomWeights } from "./fixtures/formula.js";

const D = 24,
  N = 96,
  K = 4;

/** pre = (x − pre_bias)·Wᵀ + b in float64; JumpReLU keeps pre where pre > θ and pre > 0. */
function oracle(w: SaeWeights, x: Float32Array, rows: number, width = w.nLatents): { idx: number[]; val: number[] }[] {
  const out = [];
  for (let r = 0; r < rows; r++) {
    const act: [number, number][] = [];
    for (let j = 0; j < width; j++) {
      let s = w.latentBias[j]!;
      for (let p = 0; p < D; p++) s += (x[r * D + p]! - w.preBias[p]!) * w.encoderWeight[j * D + p]!;
      if (s > w.threshold![j]! && s > 0) act.push([j, s]);
    }
    act.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    out.push({ idx: act.map((a) => a[0]), val: act.map((a) => a[1]) });
  }
  return out;
}

/** Thresholds so that rows have very different counts: some latents never fire, some always. */
function thresholded(seed: number): SaeWeights {
  const w = randomWeights(D, N, seed);
  const threshold = new Float32Array(N);
  for (let j = 0; j < N; j++) threshold[j] = j % 7 === 0 ? -0.5 : j % 5 === 0 ? 5 : (j % 3) * 0.05;
  // Latent bias raised for a third of the latents so that some rows pass far more than k.
  const latentBias = w.latentBias.slice();
  for (let j = 0; j < N; j += 3) latentBias[j] = latentBias[j]! + 0.3;
  return { ...w, latentBias, threshold };
}

function expectMatches(codes: Codes, want: { idx: number[]; val: number[] }[]) {
  const widest = Math.max(1, ...want.map((w) => w.idx.length));
  expect(codes.k).toBe(widest);
  expect(codes.batch).toBe(want.length);
  want.forEach((row, r) => {
    const idx = Array.from(codes.indices.subarray(r * codes.k, (r + 1) * codes.k));
    const val = Array.from(codes.values.subarray(r * codes.k, (r + 1) * codes.k));
    expect(idx.slice(0, row.idx.length)).toEqual(row.idx);
    // 1e-5 of the row's max (a floor for prefixes of one or two small activations: float32 GEMM error scales with |x||W|).
    const max = Math.max(0.1, ...row.val);
    row.val.forEach((v, t) => {
      expect(Math.abs(val[t]! - v)).toBeLessThanOrEqual(1e-5 * max);
    });
    // Padding: value 0, distinct latents not active in the row.
    expect(val.slice(row.idx.length).every((v) => v === 0)).toBe(true);
    expect(new Set(idx).size).toBe(codes.k);
  });
}

async function expectError(f: () => unknown, code: SaeErrorCode, message: RegExp) {
  let err: unknown;
  try {
    await f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SaeError);
  expect((err as SaeError).code).toBe(code);
  expect((err as SaeError).message).toMatch(message);
}

describe("thresholded encode", () => {
  const w = thresholded(3);
  const rows = 40;
  const x = randomArray(rows * D, 9, 1.5);
  // A row of zeros after the pre_bias: one whose latents may mostly stay below θ.
  x.fill(0, 0, D);
  for (let p = 0; p < D; p++) x[p] = w.preBias[p]! - 3 * w.encoderWeight[p]!;
  const want = oracle(w, x, rows);

  it("the oracle's rows differ in count, with one over 2k and one at most small", () => {
    const counts = want.map((r) => r.idx.length);
    expect(Math.max(...counts)).toBeGreaterThan(2 * K);
    expect(new Set(counts).size).toBeGreaterThan(3);
  });

  for (const backend of ["ref", "wasm-simd", "wasm-relaxed-simd"] as const) {
    it(`Sae (${backend}) gives every active latent with pre as its value`, async () => {
      const sae = await Sae.create(w, { k: K, backend });
      expect(sae.architecture).toBe("jumprelu");
      expectMatches(sae.encode(x), want);
      // Rows are the same in any batch: one row alone.
      const one = sae.encode(x.subarray(5 * D, 6 * D));
      expect(Array.from(one.indices.subarray(0, want[5]!.idx.length))).toEqual(want[5]!.idx);
      sae.dispose();
    });
  }

  it("weights give back latent_bias and threshold bit for bit; a top-k model has none", async () => {
    const sae = await Sae.create(w, { k: K });
    expect(sae.weights.latentBias).toEqual(w.latentBias);
    expect(sae.weights.threshold).toEqual(w.threshold);
    expect(sae.threshold).toEqual(w.threshold);
    const plain = await Sae.create(randomWeights(D, N, 3), { k: K });
    expect(plain.architecture).toBe("topk");
    expect(plain.threshold).toBeUndefined();
  });

  it("workers 0, 2 shared and 2 copied give identical codes", async () => {
    const base = await SaeModel.fromWeights(w, { k: K, workers: 0 });
    const shared = await SaeModel.fromWeights(w, { k: K, workers: 2 });
    const copied = await SaeModel.fromWeights(w, { k: K, workers: 2, share: false });
    try {
      expect(shared.sharing).toBe("shared");
      expect(copied.sharing).toBe("copied");
      const a = await base.encode(x);
      expectMatches(a, want);
      expect(await shared.encode(x)).toEqual(a);
      expect(await copied.encode(x)).toEqual(a);
      expect(await shared.encode(x, undefined, { width: 50 })).toEqual(await base.encode(x, undefined, { width: 50 }));
      expect(shared.architecture).toBe("jumprelu");
      expect((await copied.weights()).threshold).toEqual(w.threshold);
      expect((await shared.weights()).threshold).toEqual(w.threshold);
    } finally {
      await Promise.all([base.dispose(), shared.dispose(), copied.dispose()]);
    }
  });

  it("width restricts to latents j < width, and reconstruct decodes those", async () => {
    const sae = await Sae.create(w, { k: K, widths: [24, 48, N] });
    expect(sae.widths).toEqual([24, 48, N]);
    for (const m of [1, 24, 50, N]) {
      const c = sae.encode(x, undefined, { width: m });
      expectMatches(c, oracle(w, x, rows, m));
      expect(Array.from(c.indices).every((j) => j < m)).toBe(true);
      expect(sae.reconstruct(x, undefined, { width: m })).toEqual(sae.decode(c));
    }
  });

  it("screen (the integer pre-pass for one or two rows) gives the same codes", async () => {
    const plain = await Sae.create(w, { k: K });
    const screened = await Sae.create(w, { k: K, screen: true });
    for (let r = 0; r < rows; r++) expect(screened.encode(x.subarray(r * D, (r + 1) * D))).toEqual(plain.encode(x.subarray(r * D, (r + 1) * D)));
  });

  it("encodeTop of a thresholded model: each row's k largest activations, padded", async () => {
    const sae = await Sae.create(w, { k: K });
    const c = sae.encodeTop(x, 3);
    expect(c.k).toBe(3);
    want.forEach((row, r) => {
      expect(Array.from(c.indices.subarray(r * 3, r * 3 + Math.min(3, row.idx.length)))).toEqual(row.idx.slice(0, 3));
    });
  });

  it("a batch where no latent fires gives k = 1 and value 0", async () => {
    const t = new Float32Array(N).fill(1e6);
    const sae = await Sae.create({ ...w, threshold: t }, { k: K });
    const c = sae.encode(x.subarray(0, 3 * D));
    expect(c.k).toBe(1);
    expect(Array.from(c.values)).toEqual([0, 0, 0]);
  });

  it("refuses a threshold of the wrong shape, NaN or −inf; a bad width; the GPU backend", async () => {
    await expectError(() => Sae.create({ ...w, threshold: new Float32Array(N - 1) }, { k: K }), "E_SHAPE", /threshold/);
    const nan = w.threshold!.slice();
    nan[7] = Number.NaN;
    await expectError(() => Sae.create({ ...w, threshold: nan }, { k: K }), "E_NONFINITE", /threshold/);
    const inf = w.threshold!.slice();
    inf[2] = Number.NEGATIVE_INFINITY;
    await expectError(() => SaeModel.fromWeights({ ...w, threshold: inf }, { k: K, workers: 0 }), "E_NONFINITE", /threshold/);
    const sae = await Sae.create(w, { k: K });
    for (const width of [0, N + 1, 2.5]) await expectError(() => sae.encode(x, undefined, { width }), "E_ARG", /width/);
    await expectError(() => sae.encodeTop(x, 5, undefined, { width: 4 }), "E_ARG", /width/);
    await expectError(() => Sae.create(w, { k: K, widths: [10, 5, N] }), "E_ARG", /widths/);
    await expectError(() => SaeModel.fromWeights(w, { k: K, backend: "gpu" }), "E_ARG", /gpu.*thresholded|thresholded/);
  });
});

describe("width on a top-k model", () => {
  for (const order of ["topk-relu", "relu-topk"] as const) {
    it(`${order}: the top k among latents j < width, as if the SAE had only those`, async () => {
      const w = randomWeights(D, N, 5);
      const x = randomArray(30 * D, 4);
      const sae = await Sae.create(w, { k: K, order });
      for (const m of [8, 30, N]) {
        const prefix: SaeWeights = {
          ...w,
          nLatents: m,
          encoderWeight: w.encoderWeight.slice(0, m * D),
          latentBias: w.latentBias.slice(0, m),
          decoderWeight: new Float32Array(D * m),
        };
        const small = await Sae.create(prefix, { k: K, order, backend: "ref" });
        const a = sae.encode(x, undefined, { width: m });
        const b = small.encode(x);
        expect(a.indices).toEqual(b.indices);
        for (let i = 0; i < a.values.length; i++) expect(Math.abs(a.values[i]! - b.values[i]!)).toBeLessThan(1e-5);
      }
    });
  }
});
