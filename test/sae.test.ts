// The in-thread façade: backend choice and a typed error naming the problem for every bad input.
import { describe, expect, it } from "vitest";
import { Sae } from "../src/sae.js";
import { SaeError, isSaeError, type SaeErrorCode } from "../src/core/errors.js";
import { bestBackend } from "../src/kernels/backend.js";
import { embeddedWasm } from "../src/kernels/wasm-embedded.js";
import { randomArray, randomWeights } from "./fixtures/formula.js";

async function expectSaeError(f: () => unknown, code: SaeErrorCode, message: RegExp) {
  let err: unknown;
  try {
    await f();
  } catch (e) {
    err = e;
  }
  expect(err, "expected a SaeError").toBeInstanceOf(SaeError);
  expect((err as SaeError).code).toBe(code);
  expect((err as SaeError).message).toMatch(message);
  expect(isSaeError(err, code)).toBe(true);
}

describe("Sae", () => {
  const w = randomWeights(16, 40, 1);

  it("auto picks relaxed SIMD here, and the choice is visible", async () => {
    const sae = await Sae.create(w, { k: 4 });
    expect(sae.backend).toBe("wasm-relaxed-simd");
    expect(bestBackend()).toBe("wasm-relaxed-simd");
    sae.dispose();
  });

  it("loads from a precompiled WebAssembly.Module (the edge-runtime path), from bytes and from a URL", async () => {
    const module = new WebAssembly.Module(embeddedWasm().simd);
    const a = await Sae.create(w, { k: 4, wasm: { simd: module } });
    expect(a.backend).toBe("wasm-simd");
    const b = await Sae.create(w, { k: 4, backend: "wasm-simd", wasm: { simd: embeddedWasm().simd.slice() } });
    const url = new URL(`data:application/wasm;base64,${Buffer.from(embeddedWasm().simd).toString("base64")}`);
    const c = await Sae.create(w, { k: 4, backend: "wasm-simd", wasm: { simd: url } });
    const x = randomArray(3 * 16, 2);
    expect(a.encode(x)).toEqual(b.encode(x));
    expect(c.encode(x)).toEqual(b.encode(x));
    a.dispose();
    b.dispose();
    c.dispose();
  });

  it("encode → decode → reconstruct round trip, codes sorted descending", async () => {
    const sae = await Sae.create(w, { k: 5 });
    const x = randomArray(7 * 16, 3);
    const codes = sae.encode(x, 7);
    expect(codes.batch).toBe(7);
    for (let r = 0; r < 7; r++) for (let t = 1; t < 5; t++) expect(codes.values[r * 5 + t - 1]).toBeGreaterThanOrEqual(codes.values[r * 5 + t]!);
    expect(sae.reconstruct(x)).toEqual(sae.decode(codes));
    const dense = new Float32Array(7 * 40);
    for (let i = 0; i < codes.indices.length; i++) dense[Math.floor(i / 5) * 40 + codes.indices[i]!] += codes.values[i]!;
    const a = sae.decodeDense(dense),
      b = sae.decode(codes);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 5);
    sae.dispose();
  });

  it("an empty batch is valid", async () => {
    const sae = await Sae.create(w, { k: 2 });
    const codes = sae.encode(new Float32Array(0));
    expect(codes.batch).toBe(0);
    expect(sae.decode(codes).length).toBe(0);
    sae.dispose();
  });

  it("bad inputs get typed errors that name the problem", async () => {
    const sae = await Sae.create(w, { k: 3 });
    await expectSaeError(() => sae.encode(new Float32Array(17)), "E_SHAPE", /length 17 is not a multiple of nInputs=16/);
    await expectSaeError(() => sae.encode(new Float32Array(32), 3), "E_SHAPE", /batch=3 but length 32 holds 2 rows/);
    const x = randomArray(3 * 16, 4);
    x[2 * 16 + 5] = NaN;
    await expectSaeError(() => sae.encode(x), "E_NONFINITE", /x: NaN at row 2, column 5/);
    x[2 * 16 + 5] = -Infinity;
    await expectSaeError(() => sae.encode(x), "E_NONFINITE", /x: -Infinity at row 2, column 5/);
    const codes = { indices: new Int32Array([1, 2, 40, 3, 4, 5]), values: new Float32Array(6), k: 3, batch: 2 };
    await expectSaeError(() => sae.decode(codes), "E_INDEX", /index 40 at row 0, slot 2 is outside \[0, nLatents=40\)/);
    await expectSaeError(() => sae.decode({ ...codes, indices: new Int32Array(5) }), "E_SHAPE", /expected 2×3 = 6 indices/);
    await expectSaeError(
      () => sae.decode({ ...codes, indices: new Int32Array(6), values: new Float32Array([0, 0, 0, 0, NaN, 0]) }),
      "E_NONFINITE",
      /codes.values: NaN at row 1, column 1/,
    );
    await expectSaeError(() => sae.decodeDense(new Float32Array(41)), "E_SHAPE", /z: length 41 is not a multiple of nInputs=40/);
    sae.dispose();
    await expectSaeError(() => sae.encode(new Float32Array(16)), "E_DISPOSED", /disposed/);
  });

  it("bad k, weights and backends are refused at create", async () => {
    await expectSaeError(() => Sae.create(w, { k: 0 }), "E_ARG", /k must be an integer in \[1, nLatents=40\], got 0/);
    await expectSaeError(() => Sae.create(w, { k: 41 }), "E_ARG", /got 41/);
    await expectSaeError(() => Sae.create(w, { k: 2.5 }), "E_ARG", /got 2.5/);
    const enc = w.encoderWeight.slice();
    enc[3 * 16 + 2] = Infinity;
    await expectSaeError(() => Sae.create({ ...w, encoderWeight: enc }, { k: 2 }), "E_NONFINITE", /encoder.weight: Infinity at row 3, column 2/);
    await expectSaeError(() => Sae.create({ ...w, latentBias: new Float32Array(39) }, { k: 2 }), "E_SHAPE", /latent_bias: expected \[40\] = 40 values, got 39/);
    await expectSaeError(() => Sae.create({ ...w, decoderWeight: new Float32Array(10) }, { k: 2 }), "E_SHAPE", /decoder.weight: expected \[16, 40\]/);
    await expectSaeError(
      () => Sae.create(w, { k: 2, backend: "gpu" as never }),
      "E_ARG",
      /unknown backend 'gpu'; expected one of auto, wasm-relaxed-simd, wasm-simd, ref/,
    );
  });

  it("a pre-activation overflowing float32 is an error naming the row, not a silent answer", async () => {
    const d = 8,
      n = 16;
    const big = {
      nInputs: d,
      nLatents: n,
      preBias: new Float32Array(d),
      encoderWeight: new Float32Array(n * d).fill(3e37),
      latentBias: new Float32Array(n),
      decoderWeight: new Float32Array(d * n),
    };
    const x = new Float32Array(3 * d);
    x.fill(-20, d, 2 * d); // row 1: 8 · (−20) · 3e37 = −4.8e39
    for (const backend of ["wasm-simd", "wasm-relaxed-simd"] as const) {
      const sae = await Sae.create(big, { k: 2, backend });
      await expectSaeError(() => sae.encode(x), "E_NONFINITE", /a pre-activation of row 1 overflowed float32/);
      sae.dispose();
    }
    // Folding pre_bias into the bias must not overflow either.
    await expectSaeError(
      () => Sae.create({ ...big, preBias: new Float32Array(d).fill(3) }, { k: 2, backend: "wasm-simd" }),
      "E_NONFINITE",
      /overflows float32 at latent 0/,
    );
  });
});
