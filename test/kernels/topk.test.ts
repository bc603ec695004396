import { describe, expect, it, beforeAll } from "vitest";
import { topkRef } from "../../src/kernels/topk.ref.js";
import { topkWasm } from "../../src/kernels/topk.js";
import { loadKernels, Workspace, type WasmIsa, type WasmKernels } from "../../src/kernels/wasm.js";
import { embeddedModule } from "../../src/kernels/wasm-embedded.js";
import { SentinelArena } from "./tester.js";
import { randomArray } from "../fixtures/formula.js";

const ISAS: WasmIsa[] = ["simd", "relaxed-simd"];

function ref(x: Float32Array, batch: number, n: number, k: number, relu: boolean) {
  const indices = new Int32Array(batch * k),
    values = new Float32Array(batch * k);
  topkRef(x, batch, n, k, relu, indices, values);
  return { indices, values };
}

/** Raw ABI with sentinels after every buffer; top-k must match the reference exactly. */
function raw(kern: WasmKernels, x: Float32Array, batch: number, n: number, k: number, relu: boolean) {
  const arena = new SentinelArena(kern);
  try {
    const xp = arena.alloc("x", batch * n * 4),
      ip = arena.alloc("indices", batch * k * 4);
    const vp = arena.alloc("values", batch * k * 4),
      hp = arena.alloc("heap", k * 8);
    kern.f32(xp, batch * n).set(x);
    const bad = kern.exports.f32_topk_heap(xp, batch, n, k, relu ? 1 : 0, ip, vp, hp);
    arena.check();
    return { bad, indices: kern.i32(ip, batch * k).slice(), values: kern.f32(vp, batch * k).slice() };
  } finally {
    arena.free();
  }
}

function expectSame(x: Float32Array, batch: number, n: number, k: number, relu: boolean, kern: WasmKernels) {
  const want = ref(x, batch, n, k, relu);
  const got = raw(kern, x, batch, n, k, relu);
  expect(got.bad).toBe(-1);
  expect(Array.from(got.indices)).toEqual(Array.from(want.indices));
  // Bitwise, so that −0 and +0 are told apart.
  expect(Array.from(new Uint32Array(got.values.buffer))).toEqual(Array.from(new Uint32Array(want.values.buffer)));
}

describe.each(ISAS)("top-k heap (%s) vs topkRef", (isa) => {
  let kern: WasmKernels;
  beforeAll(async () => {
    kern = await loadKernels(isa, embeddedModule(isa));
  });

  // n around the 4-lane width and its multiples, so every SIMD tail runs.
  const ns = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 257, 3072];
  it.each(ns)("random rows, n=%i, k ∈ {1, 2, n/2, n−1, n}", (n) => {
    const batch = 3;
    const x = randomArray(batch * n, n);
    for (const k of new Set([1, Math.min(2, n), Math.max(1, n >> 1), Math.max(1, n - 1), n])) {
      for (const relu of [true, false]) expectSame(x, batch, n, k, relu, kern);
    }
  });

  it("many equal values: lower index wins", () => {
    const n = 37;
    const x = new Float32Array(2 * n);
    for (let j = 0; j < n; j++) {
      x[j] = j % 3 === 0 ? 1 : 0.5;
      x[n + j] = 2;
    }
    for (const k of [1, 5, 13, 20, 37]) expectSame(x, 2, n, k, true, kern);
    const got = raw(kern, x, 2, n, 5, true);
    expect(Array.from(got.indices.subarray(0, 5))).toEqual([0, 3, 6, 9, 12]);
    expect(Array.from(got.indices.subarray(5, 10))).toEqual([0, 1, 2, 3, 4]);
  });

  it("all-negative rows: values 0 after ReLU, indices still the top-k of the raw values", () => {
    const n = 19;
    const x = new Float32Array(n).map((_, j) => -1 - ((j * 7) % n));
    const got = raw(kern, x, 1, n, 4, true);
    expect(Array.from(got.values)).toEqual([0, 0, 0, 0]);
    expect(Array.from(got.indices)).toEqual([0, 11, 3, 14]); // raw values −1, −2, −3, −4
    expectSame(x, 1, n, 4, false, kern);
  });

  it("−0 and +0 tie (lower index first); ReLU maps −0 to +0", () => {
    const x = new Float32Array([-0, 0, -1, -0, 0, -2, -0]);
    for (const k of [1, 3, 5, 7]) for (const relu of [true, false]) expectSame(x, 1, 7, k, relu, kern);
    const got = raw(kern, x, 1, 7, 3, true);
    expect(Array.from(got.indices)).toEqual([0, 1, 3]);
    expect(Object.is(got.values[0], 0)).toBe(true);
  });

  it("huge magnitudes and infinities", () => {
    const x = new Float32Array([3e38, -3e38, Infinity, -Infinity, 1e-45, -1e-45, 3.4028235e38, 0, 1e30]);
    for (const k of [1, 3, 5, 9]) for (const relu of [true, false]) expectSame(x, 1, 9, k, relu, kern);
  });

  it("reports the row holding a NaN, in the fill phase and the SIMD phase", () => {
    const n = 40;
    for (const at of [1, 30, 39]) {
      const x = randomArray(3 * n, at);
      x[2 * n + at] = NaN;
      expect(raw(kern, x, 3, n, 4, true).bad).toBe(2);
    }
  });

  it("the Workspace wrapper matches and throws E_NONFINITE on NaN", () => {
    const ws = new Workspace(kern);
    const x = randomArray(5 * 33, 9);
    const want = ref(x, 5, 33, 6, true);
    const idx = new Int32Array(30),
      val = new Float32Array(30);
    topkWasm(kern, ws, x, 5, 33, 6, true, idx, val);
    expect(Array.from(idx)).toEqual(Array.from(want.indices));
    x[40] = NaN;
    expect(() => topkWasm(kern, ws, x, 5, 33, 6, true, idx, val)).toThrow(/NaN in row 1/);
    ws.dispose();
  });
});
