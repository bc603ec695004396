import { describe, expect, it, beforeAll } from "vitest";
import { encodeRef } from "../../src/kernels/encode.ref.js";
import { blockLatents } from "../../src/kernels/encode.js";
import { loadKernels, type WasmIsa, type WasmKernels } from "../../src/kernels/wasm.js";
import { detectIsa, embeddedModule } from "../../src/kernels/wasm-embedded.js";
import { encodeRaw, expectCodesClose, preActivations } from "./tester.js";
import { randomArray, randomWeights } from "../fixtures/formula.js";

const ISAS: WasmIsa[] = ["simd", "relaxed-simd"];
// Relative to the row's largest Σ|terms|: a dot product's float32 error scales with that, not
// with its result, which cancellation can make arbitrarily small.
const TOL = 1e-5;

it("this runtime runs the relaxed-SIMD kernels (vitest passes --experimental-wasm-relaxed-simd)", () => {
  expect(detectIsa()).toBe("relaxed-simd");
});

describe.each(ISAS)("encode GEMM + top-k (%s) vs encodeRef", (isa) => {
  let kern: WasmKernels;
  beforeAll(async () => {
    kern = await loadKernels(isa, embeddedModule(isa));
  });

  // Edge shapes of the issue: every row tail (B mod 5 and mod 6), depth tail and panel tail.
  const shapes: [number, number, number][] = [];
  for (const batch of [1, 3, 17]) for (const d of [1, 7, 64, 1536]) for (const n of [1, 5, 257, 3072]) shapes.push([batch, d, n]);

  it.each(shapes)("B=%i d=%i n=%i, k ∈ {1, n}", (batch, d, n) => {
    const w = randomWeights(d, n, d * 31 + n);
    const x = randomArray(batch * d, batch + d + n);
    const { pre, maxTerms } = preActivations(w, x, batch);
    for (const k of new Set([1, n])) {
      const got = encodeRaw(kern, w, x, batch, k, "topk-relu");
      expectCodesClose(got, encodeRef(w, x, batch, k, "topk-relu"), pre, n, TOL, maxTerms);
    }
  });

  it.each([8, 16, 24, 1024])("cache blocks of %i latents give the same codes", (nc) => {
    const w = randomWeights(64, 257, 5);
    const x = randomArray(13 * 64, 6);
    const want = encodeRaw(kern, w, x, 13, 20, "topk-relu", blockLatents(64, 257));
    const got = encodeRaw(kern, w, x, 13, 20, "topk-relu", nc);
    expect(Array.from(got.indices)).toEqual(Array.from(want.indices));
    expect(Array.from(got.values)).toEqual(Array.from(want.values));
  });

  it("a row's codes are bit-identical whatever batch it is encoded in (every tile shape sums alike)", () => {
    const d = 64,
      n = 257,
      batch = 17,
      k = 9;
    const w = randomWeights(d, n, 12);
    const x = randomArray(batch * d, 13);
    const whole = encodeRaw(kern, w, x, batch, k, "topk-relu");
    for (const split of [1, 2, 3, 4, 5, 7]) {
      for (let r0 = 0; r0 < batch; r0 += split) {
        const rows = Math.min(split, batch - r0);
        const part = encodeRaw(kern, w, x.subarray(r0 * d, (r0 + rows) * d), rows, k, "topk-relu");
        expect(Array.from(part.indices)).toEqual(Array.from(whole.indices.subarray(r0 * k, (r0 + rows) * k)));
        expect(Array.from(part.values)).toEqual(Array.from(whole.values.subarray(r0 * k, (r0 + rows) * k)));
      }
    }
  });

  it("equal pre-activations across cache blocks: the lowest indices win, in order", () => {
    const d = 7,
      n = 3072;
    const w = randomWeights(d, n, 2);
    (w.encoderWeight as Float32Array).fill(0);
    (w.latentBias as Float32Array).fill(0.25);
    const x = randomArray(5 * d, 3);
    for (const k of [1, 100, 3072]) {
      const got = encodeRaw(kern, w, x, 5, k, "topk-relu", 16);
      for (let r = 0; r < 5; r++) expect(Array.from(got.indices.subarray(r * k, r * k + k))).toEqual(Array.from({ length: k }, (_, i) => i));
      expect(got.values.every((v) => v === 0.25)).toBe(true);
    }
  });

  it("ReLU before top-k (dictionary_learning order)", () => {
    const w = randomWeights(64, 257, 8);
    // A negative latent bias leaves fewer than k positive pre-activations in some rows.
    const lb = w.latentBias as Float32Array;
    lb.fill(-0.6);
    const x = randomArray(11 * 64, 9);
    const { pre, maxTerms } = preActivations(w, x, 11, "relu-topk");
    for (const k of [1, 8, 64, 257]) {
      const got = encodeRaw(kern, w, x, 11, k, "relu-topk");
      expectCodesClose(got, encodeRef(w, x, 11, k, "relu-topk"), pre, 257, TOL, maxTerms);
    }
  });
});
