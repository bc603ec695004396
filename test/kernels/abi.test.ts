// The training and ranking kernels through the raw Wasm ABI, each on buffers followed by sentinels
// (an out-of-bounds write fails the test) and against a plain-TS formula, at sizes that exercise
// the SIMD bodies and their scalar tails (d and counts not multiples of 4), in both modules.
import { beforeAll, describe, expect, it } from "vitest";
import { embeddedModule } from "../../src/kernels/wasm-embedded.js";
import { loadKernels, type WasmIsa, type WasmKernels } from "../../src/kernels/wasm.js";
import { rankByDot } from "../../src/kernels/rank.ref.js";
import { prng, randomArray } from "../fixtures/formula.js";
import { SentinelArena } from "./tester.js";

const ISAS: WasmIsa[] = ["simd", "relaxed-simd"];
const SHAPES = [
  { batch: 1, d: 1, n: 3, k: 1 },
  { batch: 3, d: 7, n: 13, k: 2 },
  { batch: 5, d: 33, n: 40, k: 6 },
];

/** Puts arrays into sentinel-guarded Wasm buffers and reads them back after a call. */
function buffers(kern: WasmKernels) {
  const arena = new SentinelArena(kern);
  return {
    arena,
    f32(name: string, a: Float32Array) {
      const p = arena.alloc(name, Math.max(4, a.length * 4));
      kern.f32(p, a.length).set(a);
      return { p, read: () => kern.f32(p, a.length).slice() };
    },
    i32(name: string, a: Int32Array) {
      const p = arena.alloc(name, Math.max(4, a.length * 4));
      kern.i32(p, a.length).set(a);
      return { p, read: () => kern.i32(p, a.length).slice() };
    },
  };
}

const close = (got: ArrayLike<number>, want: ArrayLike<number>, rel = 1e-5) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++)
    expect(Math.abs(got[i]! - want[i]!), `element ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(rel * (1 + Math.abs(want[i]!)));
};

function selection(batch: number, k: number, n: number, seed: number): Int32Array {
  const r = prng(seed);
  return Int32Array.from({ length: batch * k }, () => Math.floor(r() * n));
}

describe.each(ISAS)("raw ABI of the training and ranking kernels (%s)", (isa) => {
  let kern: WasmKernels;
  beforeAll(async () => {
    kern = await loadKernels(isa, embeddedModule(isa));
  });

  it.each(SHAPES)("sparse dots and scatter of the selected latents (%o)", ({ batch, d, n, k }) => {
    const rows = randomArray(n * d, 1),
      g = randomArray(batch * d, 2),
      c = randomArray(batch * k, 3);
    c[0] = 0; // a zero coefficient is skipped, not added
    const idx = selection(batch, k, n, 4);
    const b = buffers(kern);
    try {
      const [ip, rp, gp, cp] = [b.i32("idx", idx), b.f32("rows", rows), b.f32("g", g), b.f32("c", c)];
      const out = b.f32("out", new Float32Array(batch * k)),
        grad = b.f32("grad", randomArray(n * d, 5));
      const grad0 = grad.read();
      kern.exports.f32_sparse_dots(ip.p, batch, k, rp.p, gp.p, d, out.p);
      // Two latent ranges, one after the other, build what one range over all latents does.
      const cut = n >> 1;
      kern.exports.f32_sparse_scatter(ip.p, cp.p, batch, k, gp.p, d, grad.p, cut, n);
      kern.exports.f32_sparse_scatter(ip.p, cp.p, batch, k, gp.p, d, grad.p, 0, cut);
      b.arena.check();
      const dots = new Float32Array(batch * k),
        want = Float64Array.from(grad0);
      for (let r = 0; r < batch; r++) {
        for (let j = 0; j < k; j++) {
          const i = idx[r * k + j]!;
          let s = 0;
          for (let q = 0; q < d; q++) s += rows[i * d + q]! * g[r * d + q]!;
          dots[r * k + j] = s;
          const cj = c[r * k + j]!;
          if (cj !== 0) for (let q = 0; q < d; q++) want[i * d + q]! += cj * g[r * d + q]!;
        }
      }
      close(out.read(), dots);
      close(grad.read(), want);
    } finally {
      b.arena.free();
    }
  });

  it.each(SHAPES)("projection off the unit columns, and renormalisation (%o)", ({ d, n }) => {
    const w = randomArray(n * d, 6),
      g = randomArray(n * d, 7);
    const b = buffers(kern);
    try {
      const wp = b.f32("w", w),
        gp = b.f32("grad", g);
      kern.exports.f32_project_rows(wp.p, gp.p, n, d);
      kern.exports.f32_normalize_rows(wp.p, n, d);
      b.arena.check();
      const projected = Float64Array.from(g),
        unit = new Float64Array(n * d);
      for (let i = 0; i < n; i++) {
        let dot = 0,
          sq = 0;
        for (let q = 0; q < d; q++) {
          dot += w[i * d + q]! * g[i * d + q]!;
          sq += w[i * d + q]! ** 2;
        }
        for (let q = 0; q < d; q++) {
          projected[i * d + q]! -= dot * w[i * d + q]!;
          unit[i * d + q] = w[i * d + q]! / Math.sqrt(sq);
        }
      }
      close(gp.read(), projected, 1e-4);
      close(wp.read(), unit);
    } finally {
      b.arena.free();
    }
  });

  it.each([1, 3, 4, 17, 1000])("sum of squares in float64, Adam as torch computes it (%i values)", (count) => {
    const x = randomArray(count, 8),
      grad = randomArray(count, 9),
      m = randomArray(count, 10, 0.1),
      v = randomArray(count, 11, 0.01).map(Math.abs);
    const w = randomArray(count, 12);
    const b = buffers(kern);
    try {
      const xp = b.f32("x", x);
      const want = x.reduce((s, a) => s + a * a, 0);
      expect(Math.abs(kern.exports.f32_sumsq(xp.p, count) - want)).toBeLessThanOrEqual(1e-9 * (1 + want));
      const [wp, gp, mp, vp] = [b.f32("w", w), b.f32("grad", grad), b.f32("m", m), b.f32("v", v)];
      const [scale, b1, b2, stepSize, bc2, eps] = [0.7, 0.9, 0.999, 1e-3 / (1 - 0.9 ** 3), Math.sqrt(1 - 0.999 ** 3), 1e-8];
      kern.exports.f32_adam(wp.p, gp.p, mp.p, vp.p, count, scale, b1, b2, stepSize, bc2, eps);
      b.arena.check();
      const [wantW, wantM, wantV] = [new Float64Array(count), new Float64Array(count), new Float64Array(count)];
      for (let i = 0; i < count; i++) {
        const g = grad[i]! * scale;
        wantM[i] = b1 * m[i]! + (1 - b1) * g;
        wantV[i] = b2 * v[i]! + (1 - b2) * g * g;
        wantW[i] = w[i]! - (stepSize * wantM[i]!) / (Math.sqrt(wantV[i]!) / bc2 + eps);
      }
      close(mp.read(), wantM);
      close(vp.read(), wantV);
      close(wp.read(), wantW, 1e-4);
    } finally {
      b.arena.free();
    }
  });

  it.each(SHAPES)("panels, nMSE with its gradient, and row sums (%o)", ({ batch, d, n }) => {
    const src = randomArray(n * d, 13);
    const r = randomArray(batch * d, 14),
      t = randomArray(batch * d, 15),
      u = randomArray(batch * d, 16);
    const bb = buffers(kern);
    try {
      const padded = Math.ceil(n / 8) * 8;
      const sp = bb.f32("src", src),
        panels = bb.f32("panels", new Float32Array(padded * d));
      kern.exports.f32_pack_panels(sp.p, n, d, panels.p);
      const got = panels.read();
      for (let i = 0; i < n; i++) for (let q = 0; q < d; q++) expect(got[(i - (i & 7)) * d + q * 8 + (i & 7)]).toBe(src[i * d + q]);
      if (batch > 1) {
        const [rp, tp, up] = [bb.f32("r", r), bb.f32("t", t), bb.f32("u", u)];
        const grad = bb.f32("grad", new Float32Array(batch * d)),
          mean = bb.arena.alloc("mean", d * 8);
        // The three passes as a pool splits them: columns in two ranges, rows in two, then the gradient.
        const errs = bb.arena.alloc("errs", batch * 16);
        const cols = Math.min(4, d),
          half = batch >> 1;
        kern.exports.f32_col_means(tp.p, up.p, 1, batch, d, cols, d, mean);
        kern.exports.f32_col_means(tp.p, up.p, 1, batch, d, 0, cols, mean);
        kern.exports.f32_row_errors(rp.p, tp.p, up.p, 1, half, d, mean, errs);
        const at = half * d * 4;
        kern.exports.f32_row_errors(rp.p + at, tp.p + at, up.p + at, 1, batch - half, d, mean, errs + half * 16);
        const sums = new Float64Array(kern.exports.memory.buffer, errs, 2 * batch);
        let gotNum = 0,
          gotDen = 0;
        for (let b = 0; b < batch; b++) {
          gotNum += sums[2 * b]!;
          gotDen += sums[2 * b + 1]!;
        }
        kern.exports.f32_nmse_grad(rp.p, tp.p, up.p, 1, batch * d, (0.5 * 2) / gotDen, grad.p);
        const got = gotNum / gotDen;
        const target = Float64Array.from(t, (v, i) => v - u[i]!);
        const mu = new Float64Array(d);
        for (let b = 0; b < batch; b++) for (let q = 0; q < d; q++) mu[q]! += target[b * d + q]! / batch;
        let num = 0,
          den = 0;
        for (let i = 0; i < batch * d; i++) {
          num += (r[i]! - target[i]!) ** 2;
          den += (mu[i % d]! - target[i]!) ** 2;
        }
        expect(Math.abs(got - num / den)).toBeLessThanOrEqual(1e-9 * (num / den));
        close(
          grad.read(),
          Float64Array.from(r, (v, i) => (0.5 * 2 * (v - target[i]!)) / den),
        );
        // A target without variance has exactly zero spread (the trainer refuses it).
        const flat = bb.f32("flat", new Float32Array(batch * d).fill(3));
        kern.exports.f32_col_means(flat.p, 0, 0, batch, d, 0, d, mean);
        kern.exports.f32_row_errors(rp.p, flat.p, 0, 0, batch, d, mean, errs);
        for (let b = 0; b < batch; b++) expect(new Float64Array(kern.exports.memory.buffer, errs, 2 * batch)[2 * b + 1]).toBe(0);
      }
      const out = bb.f32("out", randomArray(d, 17));
      const out0 = out.read();
      const rowsP = bb.f32("rows", r).p;
      kern.exports.f32_sum_rows(rowsP, batch, d, d >> 1, d, out.p);
      kern.exports.f32_sum_rows(rowsP, batch, d, 0, d >> 1, out.p);
      // A sparse combination of the rows, column range by column range, equals the whole one.
      const sel = Int32Array.from({ length: 2 * batch }, (_, j) => j % batch),
        coefs = randomArray(2 * batch, 18);
      coefs[1] = 0;
      const [selP, coefP] = [bb.i32("sel", sel).p, bb.f32("coefs", coefs).p];
      const whole = bb.f32("whole", new Float32Array(d)),
        parts = bb.f32("parts", new Float32Array(d));
      kern.exports.f32_sparse_sum_cols(selP, coefP, 2 * batch, rowsP, d, 0, d, whole.p);
      kern.exports.f32_sparse_sum_cols(selP, coefP, 2 * batch, rowsP, d, 0, d >> 1, parts.p);
      kern.exports.f32_sparse_sum_cols(selP, coefP, 2 * batch, rowsP, d, d >> 1, d, parts.p);
      bb.arena.check();
      // (The plain-SIMD module's, which the trainer runs: the relaxed one fuses in the SIMD body only.)
      if (isa === "simd") expect(Array.from(parts.read())).toEqual(Array.from(whole.read()));
      const combo = new Float64Array(d);
      for (let j = 0; j < 2 * batch; j++) for (let q = 0; q < d; q++) combo[q]! += coefs[j]! * r[sel[j]! * d + q]!;
      close(whole.read(), combo);
      // Rows added in order in float32: exactly what Math.fround of each partial sum gives.
      const want = Float32Array.from(out0);
      for (let b = 0; b < batch; b++) for (let q = 0; q < d; q++) want[q] = Math.fround(want[q]! + r[b * d + q]!);
      expect(Array.from(out.read())).toEqual(Array.from(want));
    } finally {
      bb.arena.free();
    }
  });

  it.each([
    { rows: 1, d: 3, top: 1 },
    { rows: 257, d: 5, top: 10 },
    { rows: 1000, d: 33, top: 1000 },
  ])("ranking by dot product: the plain ranking, best first, lower row on ties (%o)", ({ rows, d, top }) => {
    const corpus = randomArray(rows * d, 18),
      v = randomArray(d, 19);
    corpus.copyWithin(d, 0, d); // rows 0 and 1 tie
    const b = buffers(kern);
    try {
      const cp = b.f32("corpus", corpus),
        vp = b.f32("v", v);
      const scratch = b.arena.alloc("scratch", kern.exports.f32_rank_dot_scratch_bytes(top) >>> 0);
      const ip = b.i32("outIdx", new Int32Array(top)),
        sp = b.f32("outVal", new Float32Array(top));
      expect(kern.exports.f32_rank_dot(cp.p, rows, d, vp.p, top, scratch, ip.p, sp.p)).toBe(-1);
      b.arena.check();
      const want = rankByDot(corpus, d, v, top);
      const idx = ip.read(),
        val = sp.read();
      // Indices equal except where two scores are within float32 rounding of each other.
      want.forEach((h, j) => {
        if (idx[j] !== h.doc) expect(Math.abs(val[j]! - h.score)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(h.score)));
      });
      close(
        val,
        want.map((h) => h.score),
      );
      if (rows > 1 && top > 1 && want[0]!.doc <= 1 && want[1]!.doc <= 1) expect([idx[0], idx[1]]).toEqual([0, 1]);
    } finally {
      b.arena.free();
    }
  });
});
