// Sparse probing (src/eval/probe.ts) against NumPy: the logistic fit's weights on a dense and a
// sparse set (test/fixtures/eval/make_probe_golden.py, Newton to |grad| < 1e-13), the split's hash,
// and whole dense/SAE probes with their latents, F1 and AUC; a separable case against its closed
// form; determinism; and the refusals.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isSaeError, type SaeErrorCode } from "../../src/core/errors.js";
import type { Codes } from "../../src/core/model.js";
import {
  decisionValues,
  denseProbes,
  fitLogistic,
  fnv1a32,
  labelsOf,
  probeScore,
  rankLatents,
  saeProbes,
  sparseRowsOf,
  splitByHash,
  type SparseRows,
} from "../../src/eval/probe.js";

interface Score {
  f1: number;
  auc: number;
}
interface Golden {
  dense: {
    rows: number;
    dims: number;
    x: number[];
    y: number[];
    keys: string[];
    test: number[];
    fits: ({ l2: number; w: number[]; b: number; scale: number[]; testLogits: number[] } & Score)[];
  };
  sparse: {
    rows: number;
    dims: number;
    indptr: number[];
    indices: number[];
    values: number[];
    y: number[];
    test: number[];
    w: number[];
    b: number;
    scale: number[];
  } & Score;
  probe: {
    rows: number;
    d: number;
    nLatents: number;
    k: number;
    x: number[];
    labels: (string | null)[];
    keys: string[];
    indices: number[];
    values: number[];
    classes: { label: string; trainPositives: number; testPositives: number; dense: Score }[];
    skipped: { label: string; rows: number }[];
    saeClasses: { label: string; top1: Score & { latents: number[] }; top5: Score & { latents: number[] }; all: Score }[];
  };
}

const golden = JSON.parse(readFileSync(new URL("../fixtures/eval/probe-golden.json", import.meta.url), "utf8")) as Golden;

/** Each value within `rel` of NumPy's, relative to the vector's largest magnitude. */
function expectClose(got: ArrayLike<number>, want: readonly number[], rel: number): void {
  expect(got.length).toBe(want.length);
  const big = Math.max(...want.map(Math.abs));
  for (let i = 0; i < want.length; i++) {
    if (Math.abs(got[i]! - want[i]!) > rel * big) expect.fail(`entry ${i}: ${got[i]} vs NumPy ${want[i]} (tolerance ${rel * big})`);
  }
}

function rowsWhere<T extends ArrayLike<number>>(x: T, dims: number, mask: readonly number[], keep: number): Float32Array {
  const out: number[] = [];
  mask.forEach((m, r) => {
    if (m === keep) for (let j = 0; j < dims; j++) out.push(x[r * dims + j]!);
  });
  return Float32Array.from(out);
}

function csrWhere(g: Golden["sparse"], keep: number): { x: SparseRows; rows: number } {
  const indptr = [0],
    indices: number[] = [],
    values: number[] = [];
  g.test.forEach((m, r) => {
    if (m !== keep) return;
    for (let j = g.indptr[r]!; j < g.indptr[r + 1]!; j++) {
      indices.push(g.indices[j]!);
      values.push(g.values[j]!);
    }
    indptr.push(indices.length);
  });
  return { x: { indptr: Int32Array.from(indptr), indices: Int32Array.from(indices), values: Float32Array.from(values) }, rows: indptr.length - 1 };
}

function expectSaeError(fn: () => unknown, code: SaeErrorCode, message?: RegExp): void {
  try {
    fn();
  } catch (e) {
    if (!isSaeError(e, code)) throw e;
    if (message) expect((e as Error).message).toMatch(message);
    return;
  }
  expect.fail(`expected SaeError ${code}`);
}

const probeCodes = (): Codes => ({
  indices: Int32Array.from(golden.probe.indices),
  values: Float32Array.from(golden.probe.values),
  k: golden.probe.k,
  batch: golden.probe.rows,
});

describe("the held-out split and the label column", () => {
  it("FNV-1a 32 of the UTF-8 text: the published test vectors, and NumPy's split of multi-byte keys", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
    expect(Array.from(splitByHash(golden.dense.keys))).toEqual(golden.dense.test);
    // About one row in five; the probe set's split is checked through its classes' counts below.
    expect(golden.dense.test.reduce((a, b) => a + b, 0)).toBeGreaterThan(40);
    expect(golden.dense.test.reduce((a, b) => a + b, 0)).toBeLessThan(80);
    // Independent of order: each key decides alone.
    const rev = [...golden.dense.keys].reverse();
    expect(Array.from(splitByHash(rev))).toEqual([...golden.dense.test].reverse());
    expectSaeError(() => splitByHash(["a"], 1), "E_ARG", /every must be an integer ≥ 2/);
    expectSaeError(() => splitByHash([null as unknown as string]), "E_ARG", /key 0 is null/);
  });

  it("labelsOf: the trimmed value, a pattern's first match or its first group; empty or unmatched → null", () => {
    expect(labelsOf([" cs.LG ", "", null, "astro-ph.GA"])).toEqual(["cs.LG", null, null, "astro-ph.GA"]);
    expect(labelsOf(["cs.LG cs.AI", "math.AG", "??"], /[a-z-]+\.[A-Z]+/)).toEqual(["cs.LG", "math.AG", null]);
    expect(labelsOf(["cs.LG cs.AI", "astro-ph.GA", "hep-th"], /^([a-z-]+)/)).toEqual(["cs", "astro-ph", "hep-th"]);
    // A global RegExp's lastIndex does not leak from one row to the next.
    expect(labelsOf(["ab", "ab", "ab"], /b/g)).toEqual(["b", "b", "b"]);
  });

  it("sparseRowsOf: active entries only, ascending latents; a latent active twice in a row is refused", () => {
    const codes: Codes = { indices: Int32Array.from([7, 2, 5, 4, 1, 3]), values: Float32Array.from([3, 2, 0, 1.5, 0, 0]), k: 3, batch: 2 };
    const s = sparseRowsOf(codes, 8);
    expect(Array.from(s.indptr)).toEqual([0, 2, 3]);
    expect(Array.from(s.indices)).toEqual([2, 7, 4]);
    expect(Array.from(s.values)).toEqual([2, 3, 1.5]);
    expectSaeError(() => sparseRowsOf({ ...codes, indices: Int32Array.from([7, 7, 5, 4, 1, 3]) }, 8), "E_INDEX", /latent 7 is active twice in row 0/);
    expectSaeError(() => sparseRowsOf(codes, 6), "E_INDEX", /outside \[0, nLatents=6\)/);
    expectSaeError(() => sparseRowsOf({ ...codes, values: Float32Array.from([Number.NaN, 0, 0, 0, 0, 0]) }, 8), "E_NONFINITE");
    expectSaeError(() => sparseRowsOf({ ...codes, batch: 3 }, 8), "E_SHAPE");
  });
});

describe("fitLogistic agrees with NumPy's Newton on the same objective", () => {
  const g = golden.dense;
  const xTrain = rowsWhere(g.x, g.dims, g.test, 0),
    xTest = rowsWhere(g.x, g.dims, g.test, 1);
  const yTrain = Uint8Array.from(g.y.filter((_, r) => g.test[r] === 0)),
    yTest = Uint8Array.from(g.y.filter((_, r) => g.test[r] === 1));

  for (const fit of g.fits) {
    it(`dense 300×8 with features on scales 0.1…10, l2=${fit.l2}: w, b within 1e-5, the same F1 and AUC`, () => {
      const m = fitLogistic(xTrain, yTrain.length, g.dims, yTrain, { l2: fit.l2, tol: 1e-12 });
      expectClose(m.scale, fit.scale, 1e-12);
      expectClose(m.w, fit.w, 1e-5);
      expect(Math.abs(m.b - fit.b)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fit.b)));
      const z = decisionValues(m, xTest, yTest.length, g.dims);
      expectClose(z, fit.testLogits, 1e-5);
      const s = probeScore(z, yTest);
      expect(s.f1).toBe(fit.f1);
      expect(s.auc).toBe(fit.auc);
    });
  }

  it("at the default tolerance the fit is still within 1e-4 of NumPy's and scores the same", () => {
    const fit = g.fits[0]!;
    const m = fitLogistic(xTrain, yTrain.length, g.dims, yTrain);
    expectClose(m.w, fit.w, 1e-4);
    const s = probeScore(decisionValues(m, xTest, yTest.length, g.dims), yTest);
    expect(s).toEqual({ f1: fit.f1, auc: fit.auc });
  });

  it("sparse 260×100 (L-BFGS past 64 features; 4 columns never active): w, b within 1e-5, the same F1 and AUC", () => {
    const s = golden.sparse;
    const train = csrWhere(s, 0),
      test = csrWhere(s, 1);
    const yTrain = Uint8Array.from(s.y.filter((_, r) => s.test[r] === 0)),
      yTest = Uint8Array.from(s.y.filter((_, r) => s.test[r] === 1));
    const m = fitLogistic(train.x, train.rows, s.dims, yTrain, { tol: 1e-11 });
    expectClose(m.scale, s.scale, 1e-12);
    expectClose(m.w, s.w, 1e-5);
    expect(Math.abs(m.b - s.b)).toBeLessThan(1e-5 * Math.max(1, Math.abs(s.b)));
    for (let j = 96; j < 100; j++) expect(m.w[j]).toBe(0);
    expect(probeScore(decisionValues(m, test.x, test.rows, s.dims), yTest)).toEqual({ f1: s.f1, auc: s.auc });
    // The same problem given dense goes through Newton... no: 100 features is L-BFGS either way; the dense path must agree too.
    const dense = new Float32Array(train.rows * s.dims);
    for (let r = 0; r < train.rows; r++)
      for (let j = train.x.indptr[r]!; j < train.x.indptr[r + 1]!; j++) dense[r * s.dims + train.x.indices[j]!] = train.x.values[j]!;
    expectClose(fitLogistic(dense, train.rows, s.dims, yTrain, { tol: 1e-11 }).w, s.w, 1e-5);
  });

  it("a separable 1-d set: finite weight solving l2·w = σ(−w) (the closed form of its symmetric optimum), b = 0, F1 = AUC = 1", () => {
    // Rows at ±a (a = 2, so the RMS-scaled feature is ±1), as many of each: by symmetry b = 0, and
    // f(w) = softplus(−w) + (l2/2)w², whose stationary point is l2·w = σ(−w).
    const x = Float32Array.from([-2, -2, -2, 2, 2, 2]);
    const y = Uint8Array.from([0, 0, 0, 1, 1, 1]);
    for (const l2 of [1e-3, 0.1]) {
      const m = fitLogistic(x, 6, 1, y, { l2, tol: 1e-12 });
      const w = m.w[0]!;
      expect(Number.isFinite(w)).toBe(true);
      expect(m.scale[0]).toBe(2);
      expect(Math.abs(m.b)).toBeLessThan(1e-12);
      expect(Math.abs(l2 * w - 1 / (1 + Math.exp(w)))).toBeLessThan(1e-12);
      expect(m.gradNorm).toBeLessThan(1e-12);
      // Bisection on the closed form, independently of the solver.
      let lo = 0,
        hi = 100;
      for (let i = 0; i < 200; i++) {
        const mid = (lo + hi) / 2;
        if (l2 * mid - 1 / (1 + Math.exp(mid)) > 0) hi = mid;
        else lo = mid;
      }
      expect(Math.abs(w - lo)).toBeLessThan(1e-9 * lo);
      const s = probeScore(decisionValues(m, Float32Array.from([-0.5, -7, 0.25, 9]), 4, 1), Uint8Array.from([0, 0, 1, 1]));
      expect(s).toEqual({ f1: 1, auc: 1 });
    }
  });

  it("probeScore: F1 at p ≥ 0.5 (logit ≥ 0) and the Mann–Whitney AUC, computed by hand", () => {
    // Positives score 2, 0, −1; negatives 1, −2, −3: predicted positive are 2, 0 (tp) and 1 (fp); fn = 1.
    const s = probeScore([2, 0, -1, 1, -2, -3], Uint8Array.from([1, 1, 1, 0, 0, 0]));
    expect(s.f1).toBe((2 * 2) / (2 * 2 + 1 + 1));
    expect(s.auc).toBe(7 / 9); // pairs ranked right: 2 > all 3, 0 > 2 of them, −1 > 2 of them
    expectSaeError(() => probeScore([1, 2], Uint8Array.from([0, 0])), "E_ARG", /no held-out positives/);
    expectSaeError(() => probeScore([1, 2], Uint8Array.from([1, 1])), "E_ARG", /no held-out negatives/);
  });

  it("is deterministic: the same input gives the same bits (dense Newton, L-BFGS both ways)", () => {
    const s = golden.sparse;
    const train = csrWhere(s, 0);
    const yTrain = Uint8Array.from(s.y.filter((_, r) => s.test[r] === 0));
    const a = fitLogistic(train.x, train.rows, s.dims, yTrain),
      b = fitLogistic(train.x, train.rows, s.dims, yTrain);
    expect(Buffer.from(a.w.buffer)).toEqual(Buffer.from(b.w.buffer));
    expect(Object.is(a.b, b.b)).toBe(true);
    const c = fitLogistic(xTrain, yTrain.length === 0 ? 0 : xTrain.length / g.dims, g.dims, Uint8Array.from(g.y.filter((_, r) => g.test[r] === 0)));
    const d = fitLogistic(xTrain, xTrain.length / g.dims, g.dims, Uint8Array.from(g.y.filter((_, r) => g.test[r] === 0)));
    expect(Buffer.from(c.w.buffer)).toEqual(Buffer.from(d.w.buffer));
  });

  it("refuses what it cannot fit", () => {
    const x = Float32Array.from([1, 2, 3, 4]);
    expectSaeError(() => fitLogistic(x, 4, 1, Uint8Array.from([1, 1, 1, 1])), "E_ARG", /all 4 training rows are positive/);
    expectSaeError(() => fitLogistic(Float32Array.from([1, Number.NaN, 3, 4]), 4, 1, Uint8Array.from([0, 1, 0, 1])), "E_NONFINITE", /NaN at row 1/);
    expectSaeError(() => fitLogistic(x, 4, 1, Uint8Array.from([0, 1, 0])), "E_SHAPE");
    expectSaeError(() => fitLogistic(x, 3, 1, Uint8Array.from([0, 1, 0])), "E_SHAPE", /rows × dims = 3/);
    expectSaeError(() => fitLogistic(x, 4, 1, Uint8Array.from([0, 2, 0, 1])), "E_ARG", /labels are 0 or 1/);
    expectSaeError(() => fitLogistic(x, 4, 1, Uint8Array.from([0, 1, 0, 1]), { l2: 0 }), "E_ARG", /l2 must be a finite number > 0/);
    const bad: SparseRows = { indptr: Int32Array.from([0, 1, 2]), indices: Int32Array.from([0, 5]), values: Float32Array.from([1, 1]) };
    expectSaeError(() => fitLogistic(bad, 2, 3, Uint8Array.from([0, 1])), "E_INDEX", /column 5 is outside/);
    // An unconverged fit is an error, never a silent answer.
    const s = golden.sparse;
    const train = csrWhere(s, 0);
    expectSaeError(
      () => fitLogistic(train.x, train.rows, s.dims, Uint8Array.from(s.y.filter((_, r) => s.test[r] === 0)), { maxIter: 3 }),
      "E_ARG",
      /not converged after 3 iterations/,
    );
  });
});

describe("denseProbes and saeProbes agree with NumPy end to end", () => {
  const p = golden.probe;
  const test = splitByHash(p.keys);
  const x = Float32Array.from(p.x);

  it("dense probes: the classes probed, the rare one skipped, F1 and AUC per class as NumPy's", () => {
    const r = denseProbes(x, p.d, p.labels, test, { labelColumn: "category" });
    expect(r.labelColumn).toBe("category");
    expect(r.testEvery).toBe(5);
    expect(r.skipped).toEqual(p.skipped);
    expect(r.classes).toEqual(p.classes);
    expect(r.meanDense.f1).toBeCloseTo(p.classes.reduce((a, c) => a + c.dense.f1, 0) / p.classes.length, 15);
  });

  it("SAE probes: the best latents by |mean(pos) − mean(neg)| on training rows, and the top-1, top-5, all-latent scores as NumPy's", () => {
    const r = saeProbes(
      probeCodes(),
      p.nLatents,
      p.labels,
      test,
      p.classes.map((c) => c.label),
    );
    expect(r.classes).toEqual(p.saeClasses);
    expect(r.mean.all.auc).toBeCloseTo(p.saeClasses.reduce((a, c) => a + c.all.auc, 0) / p.saeClasses.length, 15);
    // Deterministic, bit for bit.
    expect(saeProbes(probeCodes(), p.nLatents, p.labels, test, ["cs.LG"])).toEqual(saeProbes(probeCodes(), p.nLatents, p.labels, test, ["cs.LG"]));
  });

  it("rankLatents: ties go to the lower index", () => {
    const sp: SparseRows = { indptr: Int32Array.from([0, 2, 4, 4]), indices: Int32Array.from([1, 3, 1, 3]), values: Float32Array.from([1, 1, 1, 1]) };
    expect(rankLatents(sp, 3, Uint8Array.from([1, 1, 0]), 5, 3)).toEqual([1, 3, 0]);
  });

  it("refuses a label column with one class, labels of other rows, non-finite features, classes it did not plan", () => {
    const one = p.labels.map((l) => (l === null ? null : "cs.LG"));
    expectSaeError(() => denseProbes(x, p.d, one, test, { labelColumn: "category" }), "E_ARG", /"category" has one class \("cs\.LG"\)/);
    expectSaeError(() => saeProbes(probeCodes(), p.nLatents, one, test, ["cs.LG"]), "E_ARG", /one class \("cs\.LG"\)/);
    expectSaeError(() => denseProbes(x, p.d, p.labels.slice(1), test), "E_SHAPE", /239 labels for 240 rows/);
    expectSaeError(() => denseProbes(x, p.d, p.labels, test.subarray(1)), "E_SHAPE");
    expectSaeError(
      () =>
        denseProbes(
          x,
          p.d,
          p.labels.map(() => null),
          test,
        ),
      "E_ARG",
      /no labelled rows/,
    );
    const nan = x.slice();
    nan[5 * p.d + 3] = Number.POSITIVE_INFINITY;
    expectSaeError(() => denseProbes(nan, p.d, p.labels, test), "E_NONFINITE", /Infinity at row 5, column 3/);
    // No held-out positives: nothing held out at all, so no class qualifies.
    expectSaeError(() => denseProbes(x, p.d, p.labels, new Uint8Array(p.rows)), "E_ARG", /≥ 3 held-out positives \(0 rows held out/);
    expectSaeError(() => saeProbes(probeCodes(), p.nLatents, p.labels, test, ["q-bio"]), "E_ARG", /"q-bio" is not probed/);
  });
});
