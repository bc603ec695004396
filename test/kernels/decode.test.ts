import { describe, expect, it, beforeAll } from "vitest";
import { decodeDenseRef, decodeSparseRef } from "../../src/kernels/decode.ref.js";
import { decodeSparseWasm, freeDecoder, packDecoder } from "../../src/kernels/decode.js";
import { loadKernels, Workspace, type WasmIsa, type WasmKernels } from "../../src/kernels/wasm.js";
import { embeddedModule } from "../../src/kernels/wasm-embedded.js";
import type { Codes } from "../../src/core/model.js";
import { decodeRaw, relError } from "./tester.js";
import { prng, randomArray, randomWeights } from "../fixtures/formula.js";

const ISAS: WasmIsa[] = ["simd", "relaxed-simd"];
const TOL = 1e-5;

function randomCodes(batch: number, k: number, n: number, seed: number): Codes {
  const r = prng(seed);
  const indices = new Int32Array(batch * k).map(() => Math.floor(r() * n));
  const values = new Float32Array(batch * k).map(() => (r() < 0.2 ? 0 : r() * 2));
  return { indices, values, k, batch };
}

describe.each(ISAS)("decoders (%s) vs reference", (isa) => {
  let kern: WasmKernels;
  beforeAll(async () => {
    kern = await loadKernels(isa, embeddedModule(isa));
  });

  // d around the 4- and 16-lane steps of the axpy, so every tail runs.
  const shapes: [number, number, number][] = [];
  for (const batch of [1, 3, 17]) for (const d of [1, 3, 4, 7, 16, 17, 64, 1536]) for (const n of [1, 5, 257]) shapes.push([batch, d, n]);

  it.each(shapes)("sparse and dense, B=%i d=%i n=%i", (batch, d, n) => {
    const w = randomWeights(d, n, d + n);
    for (const k of new Set([1, Math.min(4, n), n])) {
      const codes = randomCodes(batch, k, n, batch * k);
      expect(relError(decodeRaw(kern, w, codes), decodeSparseRef(w, codes))).toBeLessThanOrEqual(TOL);
    }
    const z = randomArray(batch * n, d).map((v) => Math.max(v, 0));
    expect(relError(decodeRaw(kern, w, { z, batch }), decodeDenseRef(w, z, batch))).toBeLessThanOrEqual(TOL);
  });

  it("repeated indices add up, as scatter-add would", () => {
    const w = randomWeights(64, 16, 3);
    const codes: Codes = { indices: new Int32Array([5, 5, 5, 2]), values: new Float32Array([1, 2, 3, 0.5]), k: 4, batch: 1 };
    expect(relError(decodeRaw(kern, w, codes), decodeSparseRef(w, codes))).toBeLessThanOrEqual(TOL);
  });

  it("an index outside [0, n) is reported with its row, nothing read out of bounds", () => {
    const w = randomWeights(8, 16, 4);
    for (const bad of [16, -1, 0x7fffffff]) {
      const codes: Codes = { indices: new Int32Array([1, 2, 3, bad]), values: new Float32Array([1, 1, 1, 1]), k: 2, batch: 2 };
      const dec = packDecoder(kern, w.nInputs, w.nLatents, w.decoderWeight, w.preBias);
      const ws = new Workspace(kern);
      expect(() => decodeSparseWasm(kern, ws, dec, codes)).toThrow(/row 1 holds an index outside \[0, nLatents=16\)/);
      ws.dispose();
      freeDecoder(kern, dec);
    }
  });
});
