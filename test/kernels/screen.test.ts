// The integer-screened encode (assembly/screen.ts) against the float32 GEMM + top-k it must equal bit
// for bit: odd shapes (depth not even, latents not a multiple of 8, k = 1 and k = n), exact and
// one-ulp ties, rows that are latents, zero rows and latents, and rows too large to bound, which go
// back to the float32 path and report what it reports.
import { beforeAll, describe, expect, it } from "vitest";
import { embeddedModule } from "../../src/kernels/wasm-embedded.js";
import { encodeWasm, packEncoder, SCREEN_MAX_ROWS, type PackedEncoder } from "../../src/kernels/encode.js";
import { loadKernels, Workspace, type WasmIsa, type WasmKernels } from "../../src/kernels/wasm.js";
import { Sae } from "../../src/sae.js";
import { SaeModel } from "../../src/model.js";
import { isSaeError } from "../../src/core/errors.js";
import type { Codes } from "../../src/core/model.js";
import { prng, randomArray } from "../fixtures/formula.js";

const bytes = (c: Codes) => Buffer.concat([Buffer.from(c.indices.buffer), Buffer.from(c.values.buffer)]);

/** Encoder rows in groups of four: a row, its exact copy, the row nudged by one ulp, a random row. */
function tiedEncoder(n: number, d: number, seed: number): Float32Array {
  const e = randomArray(n * d, seed);
  const bits = new Uint32Array(e.buffer);
  for (let l = 0; l + 2 < n; l += 4) {
    e.copyWithin((l + 1) * d, l * d, (l + 1) * d);
    for (let p = 0; p < d; p++) bits[(l + 2) * d + p] = bits[l * d + p]! + 1;
  }
  return e;
}

describe.each(["relaxed-simd", "simd"] as WasmIsa[])("the integer screen (%s)", (isa) => {
  let kern: WasmKernels;
  beforeAll(async () => {
    kern = await loadKernels(isa, embeddedModule(isa));
  });

  const both = (enc: Float32Array, d: number, n: number, bias: Float32Array): [PackedEncoder, PackedEncoder] => {
    const zeros = new Float32Array(d);
    return [packEncoder(kern, d, n, enc, zeros, bias), packEncoder(kern, d, n, enc, zeros, bias, undefined, undefined, true)];
  };

  it.each([
    { d: 33, n: 300, ks: [1, 7, 300] },
    { d: 96, n: 512, ks: [1, 24, 512] },
    { d: 1, n: 9, ks: [1, 9] },
  ])("equals the float32 encode bit for bit, ties included (d=$d, n=$n)", ({ d, n, ks }) => {
    const enc = tiedEncoder(n, d, d + n);
    const bias = randomArray(n, 3).map((v) => v * 0.1);
    bias.fill(0, 0, Math.min(n, 64)); // ties survive the bias on the first latents
    const [plain, screened] = both(enc, d, n, bias);
    const ws = new Workspace(kern);
    const rows = 8;
    const x = randomArray(rows * d, 4);
    x.set(enc.subarray(0, d), 0); // a row equal to latent 0: it ties with its copy, beats its nudge
    x.set(
      enc.subarray(4 * d, 5 * d).map((v) => -v),
      d,
    );
    x.fill(0, 2 * d, 3 * d); // a zero row: every score is its bias
    for (const k of ks) {
      for (let r0 = 0; r0 < rows; r0 += SCREEN_MAX_ROWS) {
        const xr = x.subarray(r0 * d, (r0 + SCREEN_MAX_ROWS) * d);
        const want = encodeWasm(kern, ws, plain, xr, SCREEN_MAX_ROWS, k, "topk-relu");
        expect(bytes(encodeWasm(kern, ws, screened, xr, SCREEN_MAX_ROWS, k, "topk-relu")).equals(bytes(want)), `k=${k} rows ${r0}..`).toBe(true);
        // The kernel itself ran the screen (−1), not the float32 fallback (−2).
        const ex = kern.exports;
        const s = screened.screen!;
        const [xp, ip, vp, sp] = kern.allocAll(
          SCREEN_MAX_ROWS * d * 4,
          SCREEN_MAX_ROWS * k * 4,
          SCREEN_MAX_ROWS * k * 4,
          ex.i16_encode_topk_scratch_bytes(SCREEN_MAX_ROWS, d, n, k, s.nc),
        );
        kern.f32(xp!, SCREEN_MAX_ROWS * d).set(xr);
        expect(ex.i16_encode_topk(xp!, SCREEN_MAX_ROWS, d, screened.w, s.q, s.stats, screened.bias, n, k, s.nc, ip!, vp!, sp!)).toBe(-1);
        expect(Array.from(kern.i32(ip!, SCREEN_MAX_ROWS * k))).toEqual(Array.from(want.indices));
        for (const p of [xp, ip, vp, sp]) kern.free(p!);
      }
    }
    ws.dispose();
  });

  it("a zero latent and a latent too small for a 12-bit scale are scored exactly too", () => {
    const d = 20,
      n = 16;
    const enc = randomArray(n * d, 8);
    enc.fill(0, 3 * d, 4 * d);
    enc.fill(1e-44, 5 * d, 6 * d); // its scale underflows to 0: the whole latent is residual
    const bias = new Float32Array(n);
    bias[3] = 0.5; // the zero latent wins on its bias
    const [plain, screened] = both(enc, d, n, bias);
    const ws = new Workspace(kern);
    const x = randomArray(2 * d, 9).map((v) => v * 0.01);
    for (const k of [1, 4, 16])
      expect(bytes(encodeWasm(kern, ws, screened, x, 2, k, "topk-relu")).equals(bytes(encodeWasm(kern, ws, plain, x, 2, k, "topk-relu")))).toBe(true);
    ws.dispose();
  });

  it("rows so large that float32 could overflow go to the float32 path, which reports E_NONFINITE as before", () => {
    const d = 8,
      n = 16;
    const enc = randomArray(n * d, 10).map((v) => v * 1e20);
    const [plain, screened] = both(enc, d, n, new Float32Array(n));
    const ws = new Workspace(kern);
    const huge = randomArray(d, 11).map((v) => v * 1e20);
    const fails = (e: PackedEncoder) => {
      try {
        encodeWasm(kern, ws, e, huge, 1, 2, "topk-relu");
        return "no error";
      } catch (err) {
        return isSaeError(err, "E_NONFINITE") ? (err as Error).message : String(err);
      }
    };
    expect(fails(screened)).toMatch(/overflowed float32/);
    expect(fails(screened)).toBe(fails(plain));
    // Large but finite: the screen declines (−2) and the float32 path answers.
    const big = huge.map((v) => v * 1e-12);
    expect(bytes(encodeWasm(kern, ws, screened, big, 1, 2, "topk-relu")).equals(bytes(encodeWasm(kern, ws, plain, big, 1, 2, "topk-relu")))).toBe(true);
    ws.dispose();
  });
});

describe("the screen option", () => {
  const w = {
    nInputs: 12,
    nLatents: 40,
    preBias: randomArray(12, 1),
    latentBias: randomArray(40, 2),
    encoderWeight: randomArray(480, 3),
    decoderWeight: randomArray(480, 4),
  };

  it("gives the codes of the plain model for 1 to 8 rows (the screen for one or two, the GEMM above)", async () => {
    const plain = await Sae.create(w, { k: 5 }),
      screened = await Sae.create(w, { k: 5, screen: true });
    const r = prng(5);
    for (const rows of [1, 2, 3, 4, 5, 8]) {
      const x = Float32Array.from({ length: rows * 12 }, () => r() - 0.5);
      expect(bytes(screened.encode(x, rows)).equals(bytes(plain.encode(x, rows))), `${rows} rows`).toBe(true);
    }
    plain.dispose();
    screened.dispose();
  });

  it.each([
    { workers: 2, share: true },
    { workers: 1, share: false },
  ])("through the worker pool ($workers workers, shared weights: $share): the codes of the plain model", async (o) => {
    const plain = await Sae.create(w, { k: 5 }),
      pooled = await SaeModel.fromWeights(w, { k: 5, screen: true, ...o });
    expect(pooled.sharing).toBe(o.share ? "shared" : "copied");
    const r = prng(6);
    for (const rows of [1, 2, 3]) {
      const x = Float32Array.from({ length: rows * 12 }, () => r() - 0.5);
      expect(bytes(await pooled.encode(x)).equals(bytes(plain.encode(x, rows))), `${rows} rows`).toBe(true);
    }
    plain.dispose();
    await pooled.dispose();
  });

  it.each([
    [{ screen: "yes" }, /screen must be true or false/],
    [{ screen: true, order: "relu-topk" }, /screen applies to order 'topk-relu'/],
    [{ screen: true, backend: "ref" }, /screen needs a Wasm backend, not 'ref'/],
  ])("refuses %o", async (extra, message) => {
    await expect(Sae.create(w, { k: 5, ...(extra as object) })).rejects.toThrow(message);
  });
});
