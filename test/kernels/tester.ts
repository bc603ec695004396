// One tester for every kernel family (after XNNPACK's microkernel testers and ggml's
// test-backend-ops): run the raw Wasm ABI on buffers followed by sentinels, check the sentinels,
// and compare with the plain-TS reference under a per-op tolerance.
import { expect } from "vitest";
import type { ActivationOrder, Codes, SaeWeights } from "../../src/core/model.js";
import type { WasmKernels } from "../../src/kernels/wasm.js";
import { packEncoder, freeEncoder } from "../../src/kernels/encode.js";
import { packDecoder, freeDecoder } from "../../src/kernels/decode.js";

const SENTINEL_BYTES = 64;
const SENTINEL = 0xa5;

/** Wasm buffers each followed by 64 sentinel bytes; check() fails the test if any was written. */
export class SentinelArena {
  private readonly bufs: { ptr: number; bytes: number; name: string }[] = [];
  constructor(private readonly kernels: WasmKernels) {}

  alloc(name: string, bytes: number): number {
    const ptr = this.kernels.alloc(bytes + SENTINEL_BYTES);
    this.bufs.push({ ptr, bytes, name });
    new Uint8Array(this.kernels.exports.memory.buffer, ptr + bytes, SENTINEL_BYTES).fill(SENTINEL);
    return ptr;
  }

  check(): void {
    for (const b of this.bufs) {
      const tail = new Uint8Array(this.kernels.exports.memory.buffer, b.ptr + b.bytes, SENTINEL_BYTES);
      const bad = tail.findIndex((v) => v !== SENTINEL);
      expect(bad, `sentinel after ${b.name} overwritten at +${bad}`).toBe(-1);
    }
  }

  free(): void {
    for (const b of this.bufs) this.kernels.free(b.ptr);
    this.bufs.length = 0;
  }
}

/** f32_encode_topk through the raw ABI with sentinels after x, outputs and scratch. */
export function encodeRaw(
  kernels: WasmKernels,
  w: SaeWeights,
  x: Float32Array,
  batch: number,
  k: number,
  order: ActivationOrder,
  nc?: number,
  kc?: number,
): Codes {
  const { nInputs: d, nLatents: n } = w;
  const enc = packEncoder(kernels, d, n, w.encoderWeight, w.preBias, w.latentBias, nc, kc);
  const arena = new SentinelArena(kernels);
  try {
    const ex = kernels.exports;
    const xp = arena.alloc("x", batch * d * 4);
    const ip = arena.alloc("indices", batch * k * 4);
    const vp = arena.alloc("values", batch * k * 4);
    const sp = arena.alloc("scratch", ex.f32_encode_topk_scratch_bytes(batch, d, k, enc.nc) >>> 0);
    kernels.f32(xp, batch * d).set(x);
    const bad = ex.f32_encode_topk(xp, batch, d, enc.w, enc.bias, n, k, enc.nc, enc.kc, order === "topk-relu" ? 0 : 1, ip, vp, sp);
    expect(bad).toBe(-1);
    arena.check();
    return { indices: kernels.i32(ip, batch * k).slice(), values: kernels.f32(vp, batch * k).slice(), k, batch };
  } finally {
    arena.free();
    freeEncoder(kernels, enc);
  }
}

/** f32_decode_sparse / f32_decode_dense through the raw ABI with sentinels. */
export function decodeRaw(kernels: WasmKernels, w: SaeWeights, input: Codes | { z: Float32Array; batch: number }): Float32Array {
  const { nInputs: d, nLatents: n } = w;
  const dec = packDecoder(kernels, d, n, w.decoderWeight, w.preBias);
  const arena = new SentinelArena(kernels);
  try {
    const ex = kernels.exports;
    const batch = input.batch;
    const op = arena.alloc("out", batch * d * 4);
    if ("z" in input) {
      const zp = arena.alloc("z", batch * n * 4);
      kernels.f32(zp, batch * n).set(input.z);
      ex.f32_decode_dense(zp, batch, n, dec.wt, dec.preBias, d, op);
    } else {
      const { k } = input;
      const ip = arena.alloc("indices", batch * k * 4);
      const vp = arena.alloc("values", batch * k * 4);
      kernels.i32(ip, batch * k).set(input.indices);
      kernels.f32(vp, batch * k).set(input.values);
      expect(ex.f32_decode_sparse(ip, vp, batch, k, dec.wt, dec.preBias, d, n, op)).toBe(-1);
    }
    arena.check();
    return kernels.f32(op, batch * d).slice();
  } finally {
    arena.free();
    freeDecoder(kernels, dec);
  }
}

/**
 * Exact pre-activations [batch, n] in float64 (after ReLU when the order puts it first), and per
 * row the two error scales: the largest |pre|, and the largest Σ|terms| of a dot product (the
 * scale float32 rounding errors grow with, which matters where the terms cancel).
 */
export function preActivations(w: SaeWeights, x: Float32Array, batch: number, order: ActivationOrder = "topk-relu") {
  const { nInputs: d, nLatents: n } = w;
  const pre = new Float64Array(batch * n);
  const maxAbs = new Float64Array(batch);
  const maxTerms = new Float64Array(batch);
  for (let r = 0; r < batch; r++) {
    for (let j = 0; j < n; j++) {
      let s = 0,
        m = Math.abs(w.latentBias[j]!);
      for (let p = 0; p < d; p++) {
        const t = (x[r * d + p]! - w.preBias[p]!) * w.encoderWeight[j * d + p]!;
        s += t;
        m += Math.abs(t);
      }
      const v = s + w.latentBias[j]!;
      pre[r * n + j] = order === "relu-topk" ? Math.max(v, 0) : v;
      maxAbs[r] = Math.max(maxAbs[r]!, Math.abs(v));
      maxTerms[r] = Math.max(maxTerms[r]!, m);
    }
  }
  return { pre, maxAbs, maxTerms };
}

/**
 * Codes agree with the reference up to float error: values (sorted) within tol · scale[row]; an
 * index may differ from the reference's only where the two latents' exact pre-activations are
 * within 2·tol·scale of each other (a near-tie). Returns how many slots were near-ties.
 */
export function expectCodesClose(got: Codes, want: Codes, pre: Float64Array, n: number, tol: number, scale: Float64Array): { nearTies: number } {
  expect(got.batch).toBe(want.batch);
  expect(got.k).toBe(want.k);
  const { k, batch } = want;
  let nearTies = 0;
  for (let r = 0; r < batch; r++) {
    const eps = tol * Math.max(scale[r]!, 1e-30);
    for (let t = 0; t < k; t++) {
      const o = r * k + t;
      const gv = got.values[o]!,
        wv = want.values[o]!;
      if (!(Math.abs(gv - wv) <= eps)) expect.fail(`row ${r} slot ${t}: value ${gv} vs ${wv} (tolerance ${eps})`);
      const gi = got.indices[o]!,
        wi = want.indices[o]!;
      if (gi !== wi) {
        const gap = Math.abs(pre[r * n + gi]! - pre[r * n + wi]!);
        if (!(gap <= 2 * eps)) expect.fail(`row ${r} slot ${t}: index ${gi} vs ${wi}, pre-activations ${gap} apart (not a near-tie)`);
        nearTies++;
      }
    }
  }
  return { nearTies };
}

/** max |a − b| / max |b|: the error measure for reconstructions. */
export function relError(a: Float32Array, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let num = 0,
    den = 1e-30;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return num / den;
}
