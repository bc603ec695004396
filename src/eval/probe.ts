// Sparse probing on embeddings (SAEBench's sparse probing, issue 31): for each class of a label
// column, one against the rest, a logistic regression on the dense embedding, and per SAE on the
// single best latent, the best 5 and every latent; F1 and AUC on rows held out by a hash of their text.
//
// The fit: L-BFGS or Newton on f(w, b) = (1/N) Σᵢ cᵢ·logloss(yᵢ, x̃ᵢ·w + b) + (l2/2)‖w‖², where
// x̃ⱼ = xⱼ / sⱼ with sⱼ the feature's RMS over the training rows (1 for a feature that is zero on
// all of them), cᵢ = N / (2·N_class(yᵢ)) balances the classes, and the bias is not regularised.
// With l2 > 0 the objective is strictly convex in w and the optimum unique, so any solver that
// converges agrees with any other (test/fixtures/eval/make_probe_golden.py: NumPy's Newton).
import { SaeError } from "../core/errors.js";
import type { Codes } from "../core/model.js";
import { auc } from "../label/score.js";
import type { ClassProbes, LatentProbe, ProbeScore, SaeSuite, SuiteResult } from "./types.js";

/** Rows of features in compressed sparse row form: row r holds indices/values[indptr[r] .. indptr[r + 1]). */
export interface SparseRows {
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

export interface LogisticOptions {
  /** L2 penalty on the weights of the RMS-scaled features (not the bias); default 1e-3. */
  readonly l2?: number;
  /** Solver iterations at most; default 2000 (L-BFGS) — Newton stops within a few dozen. */
  readonly maxIter?: number;
  /** Converged when ‖∇f‖₂ ≤ tol·(1 + |f|); default 1e-6. */
  readonly tol?: number;
}

export interface LogisticModel {
  /** Weights of the scaled features x̃ⱼ = xⱼ / scaleⱼ. */
  readonly w: Float64Array;
  readonly b: number;
  /** Each feature's RMS over the training rows (1 where it is 0 there). */
  readonly scale: Float64Array;
  /** The objective at the solution, its gradient's norm and the iterations taken. */
  readonly loss: number;
  readonly gradNorm: number;
  readonly iterations: number;
}

export interface ProbeOptions extends LogisticOptions {
  /** A class is probed with at least this many positives among the training rows; default 10. */
  readonly minTrain?: number;
  /** … and at least this many among the held-out rows; default 3. */
  readonly minTest?: number;
  /** At most this many classes are probed, the most frequent; the rest are listed as skipped (`capped`). Default 32. */
  readonly maxClasses?: number;
}

export const PROBE_DEFAULTS = { l2: 1e-3, maxIter: 2000, tol: 1e-6, every: 5, minTrain: 10, minTest: 3, maxClasses: 32 } as const;

/** A label column's value is a class name, or holds one for a pattern to find: longer values are refused (is it the text column?). */
export const MAX_LABEL_VALUE = 4096;

// Newton's (dims + 1)² Hessian is cheap up to here; past it L-BFGS needs only products with the rows.
const NEWTON_MAX_DIMS = 64;
const LBFGS_MEMORY = 20;

// ---------------------------------------------------------------------------------------------
// The split and the labels

/** FNV-1a, 32 bits, of a string's UTF-8 bytes. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h >>> 0;
}

/** Row i held out when hash(key i) % every === 0 (FNV-1a 32 of the UTF-8 text; deterministic, independent of order). */
export function splitByHash(keys: readonly string[], every: number = PROBE_DEFAULTS.every): Uint8Array {
  if (!Array.isArray(keys)) throw new SaeError("E_ARG", "splitByHash: keys must be an array of strings (one per row, e.g. the texts)");
  if (!Number.isInteger(every) || every < 2)
    throw new SaeError("E_ARG", `splitByHash: every must be an integer ≥ 2 (one row in every is held out), got ${every}`, {
      fix: { option: "every", example: "5" },
    });
  const test = new Uint8Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (typeof key !== "string") throw new SaeError("E_ARG", `splitByHash: key ${i} is ${key === null ? "null" : typeof key}, not a string`);
    test[i] = fnv1a32(key) % every === 0 ? 1 : 0;
  }
  return test;
}

/**
 * Class of each row from a label column: `pattern`'s first match (its first capture group when it
 * has one, else the whole match), or without a pattern the whole trimmed value; "", null or no
 * match → null (the row is left out of every probe).
 */
export function labelsOf(values: readonly (string | null)[], pattern?: RegExp): (string | null)[] {
  if (!Array.isArray(values)) throw new SaeError("E_ARG", "labelsOf: values must be an array (the label column, one value a row)");
  if (pattern !== undefined && !(pattern instanceof RegExp)) throw new SaeError("E_ARG", "labelsOf: pattern must be a RegExp");
  // A global or sticky RegExp keeps lastIndex between calls; a copy without those flags does not.
  const re = pattern === undefined ? undefined : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ""));
  return values.map((v, i) => {
    if (v === null || v === undefined) return null;
    if (typeof v !== "string") throw new SaeError("E_ARG", `labelsOf: value ${i} is ${typeof v}, not a string or null`);
    // Bounds the pattern's work per value and the class names a report lists.
    if (v.length > MAX_LABEL_VALUE)
      throw new SaeError(
        "E_ARG",
        `labelsOf: value ${i} has ${v.length} characters, more than a label's ${MAX_LABEL_VALUE}; a label column holds short class names (is it the text column?)`,
      );
    let s: string | undefined = v;
    if (re) {
      const m = re.exec(v);
      s = m ? (m.length > 1 && m[1] !== undefined ? m[1] : m[0]) : undefined;
    }
    const t = s?.trim();
    return t ? t : null;
  });
}

// ---------------------------------------------------------------------------------------------
// Sparse rows

/** The active entries (value > 0) of codes as sparse rows, ascending latent index within a row. */
export function sparseRowsOf(codes: Codes, nLatents: number): SparseRows {
  checkCodes(codes, nLatents);
  const { indices, values, k, batch } = codes;
  const indptr = new Int32Array(batch + 1);
  let nnz = 0;
  for (let j = 0; j < values.length; j++) if (values[j]! > 0) nnz++;
  const outI = new Int32Array(nnz);
  const outV = new Float32Array(nnz);
  const seen = new Int32Array(nLatents).fill(-1);
  const row: number[] = [];
  let at = 0;
  for (let r = 0; r < batch; r++) {
    row.length = 0;
    for (let j = r * k; j < (r + 1) * k; j++) {
      const ix = indices[j]!;
      // A padding entry may repeat an index (value 0); an active latent must not appear twice.
      if (values[j]! > 0) {
        if (seen[ix] === r) throw new SaeError("E_INDEX", `codes: latent ${ix} is active twice in row ${r}; codes hold each latent at most once a row`);
        seen[ix] = r;
        row.push(j);
      }
    }
    row.sort((a, b) => indices[a]! - indices[b]!);
    for (const j of row) {
      outI[at] = indices[j]!;
      outV[at++] = values[j]!;
    }
    indptr[r + 1] = at;
  }
  return { indptr, indices: outI, values: outV };
}

function checkCodes(codes: Codes, nLatents: number): void {
  if (!Number.isInteger(nLatents) || nLatents < 1) throw new SaeError("E_ARG", `nLatents must be a positive integer, got ${nLatents}`);
  if (codes === null || typeof codes !== "object" || !(codes.indices instanceof Int32Array) || !(codes.values instanceof Float32Array))
    throw new SaeError("E_SHAPE", "codes: expected { indices: Int32Array, values: Float32Array, k, batch } (as SaeCodec.encode returns)");
  const { k, batch } = codes;
  if (!Number.isInteger(k) || k < 0 || !Number.isInteger(batch) || batch < 0)
    throw new SaeError("E_SHAPE", `codes: k and batch must be non-negative integers, got k=${k}, batch=${batch}`);
  if (codes.indices.length !== batch * k || codes.values.length !== batch * k)
    throw new SaeError(
      "E_SHAPE",
      `codes: indices and values must hold batch × k = ${batch * k} entries, got ${codes.indices.length} and ${codes.values.length}`,
    );
  for (let j = 0; j < codes.values.length; j++) {
    const v = codes.values[j]!;
    if (v - v !== 0) throw new SaeError("E_NONFINITE", `codes: value ${v} at row ${Math.floor(j / k)}, entry ${j % k}`);
    const ix = codes.indices[j]!;
    if (ix < 0 || ix >= nLatents) throw new SaeError("E_INDEX", `codes: latent index ${ix} at row ${Math.floor(j / k)} is outside [0, nLatents=${nLatents})`);
  }
}

function isSparse(x: Float32Array | SparseRows): x is SparseRows {
  return !(x instanceof Float32Array) && typeof x === "object" && x !== null && "indptr" in x;
}

function checkSparse(x: SparseRows, rows: number, dims: number, what: string): void {
  const { indptr, indices, values } = x;
  if (!(indptr instanceof Int32Array) || !(indices instanceof Int32Array) || !(values instanceof Float32Array))
    throw new SaeError("E_SHAPE", `${what}: sparse rows need indptr and indices as Int32Array and values as Float32Array`);
  if (indptr.length !== rows + 1) throw new SaeError("E_SHAPE", `${what}: indptr has ${indptr.length} entries for ${rows} rows (needs rows + 1)`);
  if (indptr[0] !== 0 || indptr[rows] !== indices.length || indices.length !== values.length)
    throw new SaeError("E_SHAPE", `${what}: indptr must run from 0 to the entry count ${indices.length} (values: ${values.length})`);
  for (let r = 0; r < rows; r++) if (indptr[r + 1]! < indptr[r]!) throw new SaeError("E_SHAPE", `${what}: indptr decreases at row ${r}`);
  for (let j = 0; j < indices.length; j++) {
    const ix = indices[j]!;
    if (ix < 0 || ix >= dims) throw new SaeError("E_INDEX", `${what}: column ${ix} is outside [0, dims=${dims})`);
    const v = values[j]!;
    if (v - v !== 0) throw new SaeError("E_NONFINITE", `${what}: value ${v} at entry ${j}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The design matrix, scaled, as the solvers see it

/**
 * Products of the scaled training rows with vectors: z = X̃v + b and g = X̃ᵀr, X̃ = X·diag(1/scale).
 * Classes (not closures made per fit) so that V8 keeps one optimised copy of each loop across fits.
 * `v` and `g` may be longer than dims (θ with the bias last); only their first dims entries count.
 */
interface Design {
  readonly rows: number;
  readonly dims: number;
  times(v: Float64Array, b: number, z: Float64Array): void;
  timesT(r: Float64Array, g: Float64Array): void;
  /** Row i, scaled, into `out` (dense), for Newton's Hessian. */
  row(i: number, out: Float64Array): void;
}

/** Rows as given (f32) and the scale folded into the vector: half the memory traffic of a scaled f64 copy. */
class DenseDesign implements Design {
  private readonly inv: Float64Array;
  private readonly vs: Float64Array;
  /** x transposed [dims, rows]: Xᵀr as dot products along memory rather than scattered updates. */
  private readonly xt: Float32Array;
  constructor(
    private readonly x: Float32Array,
    readonly rows: number,
    readonly dims: number,
    scale: Float64Array,
  ) {
    this.inv = new Float64Array(dims);
    for (let j = 0; j < dims; j++) this.inv[j] = 1 / scale[j]!;
    this.vs = new Float64Array(dims);
    this.xt = new Float32Array(rows * dims);
    for (let i = 0, o = 0; i < rows; i++) for (let j = 0; j < dims; j++, o++) this.xt[j * rows + i] = x[o]!;
  }
  times(v: Float64Array, b: number, z: Float64Array): void {
    const { x, rows, dims, inv, vs } = this;
    for (let j = 0; j < dims; j++) vs[j] = v[j]! * inv[j]!;
    const d4 = dims - (dims % 4);
    for (let i = 0, o = 0; i < rows; i++, o += dims) {
      // Four partial sums: independent chains the CPU can overlap.
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      let j = 0;
      for (; j < d4; j += 4) {
        s0 += x[o + j]! * vs[j]!;
        s1 += x[o + j + 1]! * vs[j + 1]!;
        s2 += x[o + j + 2]! * vs[j + 2]!;
        s3 += x[o + j + 3]! * vs[j + 3]!;
      }
      for (; j < dims; j++) s0 += x[o + j]! * vs[j]!;
      z[i] = b + (s0 + s1 + (s2 + s3));
    }
  }
  timesT(r: Float64Array, g: Float64Array): void {
    const { xt, rows, dims, inv } = this;
    const r4 = rows - (rows % 4);
    for (let j = 0, o = 0; j < dims; j++, o += rows) {
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      let i = 0;
      for (; i < r4; i += 4) {
        s0 += xt[o + i]! * r[i]!;
        s1 += xt[o + i + 1]! * r[i + 1]!;
        s2 += xt[o + i + 2]! * r[i + 2]!;
        s3 += xt[o + i + 3]! * r[i + 3]!;
      }
      for (; i < rows; i++) s0 += xt[o + i]! * r[i]!;
      g[j] = (s0 + s1 + (s2 + s3)) * inv[j]!;
    }
  }
  row(i: number, out: Float64Array): void {
    for (let j = 0; j < this.dims; j++) out[j] = this.x[i * this.dims + j]! * this.inv[j]!;
  }
}

class SparseDesign implements Design {
  private readonly vs: Float64Array;
  private readonly indptr: Int32Array;
  private readonly indices: Int32Array;
  constructor(
    x: SparseRows,
    readonly rows: number,
    readonly dims: number,
    scale: Float64Array,
  ) {
    this.indptr = x.indptr;
    this.indices = x.indices;
    this.vs = new Float64Array(x.values.length);
    for (let j = 0; j < this.vs.length; j++) this.vs[j] = x.values[j]! / scale[x.indices[j]!]!;
  }
  times(v: Float64Array, b: number, z: Float64Array): void {
    const { indptr, indices, vs, rows } = this;
    for (let i = 0; i < rows; i++) {
      let s = b;
      for (let j = indptr[i]!, e = indptr[i + 1]!; j < e; j++) s += vs[j]! * v[indices[j]!]!;
      z[i] = s;
    }
  }
  timesT(r: Float64Array, g: Float64Array): void {
    const { indptr, indices, vs, rows, dims } = this;
    for (let j = 0; j < dims; j++) g[j] = 0;
    for (let i = 0; i < rows; i++) {
      const ri = r[i]!;
      for (let j = indptr[i]!, e = indptr[i + 1]!; j < e; j++) g[indices[j]!] += vs[j]! * ri;
    }
  }
  row(i: number, out: Float64Array): void {
    for (let j = 0; j < this.dims; j++) out[j] = 0;
    for (let j = this.indptr[i]!; j < this.indptr[i + 1]!; j++) out[this.indices[j]!] = this.vs[j]!;
  }
}

function rmsScale(x: Float32Array | SparseRows, rows: number, dims: number): Float64Array {
  const ss = new Float64Array(dims);
  if (isSparse(x)) {
    for (let j = 0; j < x.values.length; j++) ss[x.indices[j]!] += x.values[j]! ** 2;
  } else {
    for (let i = 0, o = 0; i < rows; i++) for (let j = 0; j < dims; j++, o++) ss[j] += x[o]! ** 2;
  }
  const scale = new Float64Array(dims);
  for (let j = 0; j < dims; j++) scale[j] = ss[j]! > 0 ? Math.sqrt(ss[j]! / rows) : 1;
  return scale;
}

// ---------------------------------------------------------------------------------------------
// The objective

function sigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}

/** The objective's pieces for one problem: labels, class weights (already divided by N), the penalty. */
class Objective {
  readonly c: Float64Array;
  readonly r: Float64Array;
  constructor(
    readonly design: Design,
    readonly y: Uint8Array,
    readonly l2: number,
  ) {
    const n = design.rows;
    let pos = 0;
    for (let i = 0; i < n; i++) pos += y[i]!;
    // cᵢ/N with cᵢ = N / (2·N_class): each class weighs a half of the mean.
    const cPos = 1 / (2 * pos),
      cNeg = 1 / (2 * (n - pos));
    this.c = new Float64Array(n);
    for (let i = 0; i < n; i++) this.c[i] = y[i] ? cPos : cNeg;
    this.r = new Float64Array(n);
  }

  /** f at (w, b) given z = X̃w + b; fills this.r with the loss's derivative in z and g with ∇f (w then b). */
  valueGrad(w: Float64Array, z: Float64Array, g: Float64Array): number {
    const { c, y, r } = this;
    let f = 0,
      gb = 0;
    for (let i = 0; i < z.length; i++) {
      const zi = z[i]!;
      // One exp serves the loss log(1 + e^(∓z)) and σ(z).
      const e = Math.exp(-Math.abs(zi));
      const yi = y[i]!;
      f += c[i]! * ((yi ? zi < 0 : zi > 0) ? Math.abs(zi) + Math.log1p(e) : Math.log1p(e));
      const ri = c[i]! * ((zi >= 0 ? 1 / (1 + e) : e / (1 + e)) - yi);
      r[i] = ri;
      gb += ri;
    }
    const dims = this.design.dims;
    this.design.timesT(r, g);
    let ww = 0;
    for (let j = 0; j < dims; j++) {
      ww += w[j]! * w[j]!;
      g[j] += this.l2 * w[j]!;
    }
    g[dims] = gb;
    return f + 0.5 * this.l2 * ww;
  }

  /** f along w + t·p: its value, slope and curvature at t given z, dz = X̃p_w + p_b. */
  along(t: number, z: Float64Array, dz: Float64Array, ww: number, wp: number, pp: number): { f: number; d1: number; d2: number } {
    const { c, y } = this;
    let f = 0,
      d1 = 0,
      d2 = 0;
    for (let i = 0; i < z.length; i++) {
      const zi = z[i]! + t * dz[i]!;
      const e = Math.exp(-Math.abs(zi));
      const yi = y[i]!;
      const s = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
      f += c[i]! * ((yi ? zi < 0 : zi > 0) ? Math.abs(zi) + Math.log1p(e) : Math.log1p(e));
      const ci = c[i]!,
        dzi = dz[i]!;
      d1 += ci * (s - yi) * dzi;
      d2 += ci * s * (1 - s) * dzi * dzi;
    }
    const l2 = this.l2;
    return { f: f + 0.5 * l2 * (ww + 2 * t * wp + t * t * pp), d1: d1 + l2 * (wp + t * pp), d2: d2 + l2 * pp };
  }
}

/**
 * A step along p from θ: safeguarded Newton on the convex 1-d function φ(t), to a point with
 * sufficient decrease and |φ'(t)| ≤ 0.1·|φ'(0)| (strong Wolfe). Each trial costs O(rows), no product with X.
 */
function lineSearch(obj: Objective, z: Float64Array, dz: Float64Array, w: Float64Array, p: Float64Array, f0: number, g: Float64Array, t0: number): number {
  const dims = obj.design.dims;
  let ww = 0,
    wp = 0,
    pp = 0;
  for (let j = 0; j < dims; j++) {
    ww += w[j]! * w[j]!;
    wp += w[j]! * p[j]!;
    pp += p[j]! * p[j]!;
  }
  const slope0 = dot(g, p); // φ'(0) = ∇f·p
  if (!(slope0 < 0)) return 0;
  let lo = 0,
    hi = Number.POSITIVE_INFINITY,
    t = t0;
  for (let trial = 0; trial < 60; trial++) {
    const { f, d1, d2 } = obj.along(t, z, dz, ww, wp, pp);
    // Near the optimum the decrease falls below f's rounding: there the slope alone decides
    // (Hager and Zhang's approximate Wolfe conditions), so the last digits of w still converge.
    const decrease = f <= f0 + 1e-4 * t * slope0 || f <= f0 + 1e-14 * Math.abs(f0);
    if (decrease && Math.abs(d1) <= 0.1 * -slope0) return t;
    if (d1 > 0 || !decrease) hi = t;
    else lo = t;
    let next = d2 > 0 ? t - d1 / d2 : Number.NaN;
    if (!(next > lo && next < hi)) next = hi === Number.POSITIVE_INFINITY ? Math.max(2 * t, 1e-12) : 0.5 * (lo + hi);
    if (next === t) break;
    t = next;
  }
  // Rounding may stop the search short of the slope condition; any decrease is still progress.
  return obj.along(lo, z, dz, ww, wp, pp).f < f0 ? lo : obj.along(t, z, dz, ww, wp, pp).f < f0 ? t : 0;
}

/** Cholesky solve of the SPD m×m system A x = rhs in place of rhs; false when A is not positive definite. */
function choleskySolve(a: Float64Array, m: number, rhs: Float64Array): boolean {
  for (let j = 0; j < m; j++) {
    let s = a[j * m + j]!;
    for (let k = 0; k < j; k++) s -= a[j * m + k]! ** 2;
    if (!(s > 0)) return false;
    const d = Math.sqrt(s);
    a[j * m + j] = d;
    for (let i = j + 1; i < m; i++) {
      let t = a[i * m + j]!;
      for (let k = 0; k < j; k++) t -= a[i * m + k]! * a[j * m + k]!;
      a[i * m + j] = t / d;
    }
  }
  for (let i = 0; i < m; i++) {
    let s = rhs[i]!;
    for (let k = 0; k < i; k++) s -= a[i * m + k]! * rhs[k]!;
    rhs[i] = s / a[i * m + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = rhs[i]!;
    for (let k = i + 1; k < m; k++) s -= a[k * m + i]! * rhs[k]!;
    rhs[i] = s / a[i * m + i]!;
  }
  return true;
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * L2-regularised logistic regression, class-balanced weights, features scaled by their training
 * RMS; deterministic (the same input gives the same bits). `y` holds 1 (positive) or 0 per row.
 * Newton's method up to 64 features, L-BFGS past that; throws E_ARG when it has not converged
 * within maxIter, never returns an unconverged fit.
 */
export function fitLogistic(x: Float32Array | SparseRows, rows: number, dims: number, y: Uint8Array, o: LogisticOptions = {}): LogisticModel {
  const l2 = o.l2 ?? PROBE_DEFAULTS.l2,
    maxIter = o.maxIter ?? PROBE_DEFAULTS.maxIter,
    tol = o.tol ?? PROBE_DEFAULTS.tol;
  if (!(typeof l2 === "number" && l2 > 0 && Number.isFinite(l2)))
    throw new SaeError("E_ARG", `fitLogistic: l2 must be a finite number > 0 (it makes the optimum unique), got ${l2}`, {
      fix: { option: "l2", example: "1e-3" },
    });
  if (!Number.isInteger(maxIter) || maxIter < 1)
    throw new SaeError("E_ARG", `fitLogistic: maxIter must be a positive integer, got ${maxIter}`, { fix: { option: "maxIter", example: "2000" } });
  if (!(typeof tol === "number" && tol > 0 && Number.isFinite(tol)))
    throw new SaeError("E_ARG", `fitLogistic: tol must be a finite number > 0, got ${tol}`, { fix: { option: "tol", example: "1e-6" } });
  if (!Number.isInteger(rows) || rows < 2) throw new SaeError("E_SHAPE", `fitLogistic: rows must be an integer ≥ 2, got ${rows}`);
  if (!Number.isInteger(dims) || dims < 1) throw new SaeError("E_SHAPE", `fitLogistic: dims must be a positive integer, got ${dims}`);
  if (isSparse(x)) checkSparse(x, rows, dims, "fitLogistic: x");
  else {
    if (!(x instanceof Float32Array))
      throw new SaeError("E_SHAPE", "fitLogistic: x must be a Float32Array [rows, dims] or sparse rows { indptr, indices, values }");
    if (x.length !== rows * dims) throw new SaeError("E_SHAPE", `fitLogistic: x holds ${x.length} values, rows × dims = ${rows * dims} needed`);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (v - v !== 0) throw new SaeError("E_NONFINITE", `fitLogistic: x holds ${v} at row ${Math.floor(i / dims)}, column ${i % dims}`);
    }
  }
  if (!(y instanceof Uint8Array) || y.length !== rows)
    throw new SaeError("E_SHAPE", `fitLogistic: y must be a Uint8Array of ${rows} labels (0 or 1), got ${y?.length}`);
  let pos = 0;
  for (let i = 0; i < rows; i++) {
    if (y[i]! > 1) throw new SaeError("E_ARG", `fitLogistic: y[${i}] = ${y[i]}; labels are 0 or 1`);
    pos += y[i]!;
  }
  if (pos === 0 || pos === rows)
    throw new SaeError("E_ARG", `fitLogistic: all ${rows} training rows are ${pos ? "positive" : "negative"}; a probe needs rows of both classes`);

  const scale = rmsScale(x, rows, dims);
  const design: Design = isSparse(x) ? new SparseDesign(x, rows, dims, scale) : new DenseDesign(x, rows, dims, scale);
  const obj = new Objective(design, y, l2);
  const fit = dims <= NEWTON_MAX_DIMS ? newton(obj, maxIter, tol) : lbfgs(obj, maxIter, tol);
  if (!(fit.gradNorm <= tol * (1 + Math.abs(fit.loss))))
    throw new SaeError(
      "E_ARG",
      `fitLogistic: not converged after ${fit.iterations} iterations (‖gradient‖ ${fit.gradNorm.toExponential(2)} > tol·(1 + |f|) with tol=${tol}); allow more iterations or a larger l2`,
      { fix: { option: "maxIter", example: String(maxIter * 4) } },
    );
  return { w: fit.theta.subarray(0, dims).slice(), b: fit.theta[dims]!, scale, loss: fit.loss, gradNorm: fit.gradNorm, iterations: fit.iterations };
}

interface Fit {
  theta: Float64Array;
  loss: number;
  gradNorm: number;
  iterations: number;
}

function newton(obj: Objective, maxIter: number, tol: number): Fit {
  const { design } = obj;
  const { rows: n, dims } = design;
  const m = dims + 1;
  const theta = new Float64Array(m); // w = 0, b = 0: the optimum of the bias alone, as the classes weigh a half each
  const w = theta.subarray(0, dims);
  const z = new Float64Array(n),
    dz = new Float64Array(n),
    g = new Float64Array(m),
    p = new Float64Array(m),
    h = new Float64Array(m * m),
    xi = new Float64Array(m);
  design.times(w, 0, z);
  let f = obj.valueGrad(w, z, g);
  let it = 0;
  for (; it < maxIter; it++) {
    if (norm(g) <= tol * (1 + Math.abs(f))) break;
    // H = X̃ᵀ diag(cᵢ σ(1 − σ)) X̃ (with the bias as a column of ones) + l2 on the weights.
    h.fill(0);
    xi[dims] = 1;
    for (let i = 0; i < n; i++) {
      const s = sigmoid(z[i]!);
      const di = obj.c[i]! * s * (1 - s);
      if (di === 0) continue;
      design.row(i, xi);
      for (let a = 0; a < m; a++) {
        const da = di * xi[a]!;
        if (da === 0) continue;
        for (let b = 0; b <= a; b++) h[a * m + b] += da * xi[b]!;
      }
    }
    for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) h[b * m + a] = h[a * m + b]!;
    for (let j = 0; j < dims; j++) h[j * m + j] += obj.l2;
    for (let j = 0; j < m; j++) p[j] = -g[j]!;
    // Rounding can leave H without a Cholesky factor when every row is fit with certainty: descend the gradient then.
    if (!choleskySolve(h, m, p)) for (let j = 0; j < m; j++) p[j] = -g[j]!;
    design.times(p, p[dims]!, dz);
    const t = lineSearch(obj, z, dz, w, p, f, g, 1);
    if (t === 0) break;
    for (let j = 0; j < m; j++) theta[j] += t * p[j]!;
    design.times(w, theta[dims]!, z);
    f = obj.valueGrad(w, z, g);
  }
  return { theta, loss: f, gradNorm: norm(g), iterations: it };
}

function lbfgs(obj: Objective, maxIter: number, tol: number): Fit {
  const { design } = obj;
  const { rows: n, dims } = design;
  const m = dims + 1;
  const theta = new Float64Array(m);
  const w = theta.subarray(0, dims);
  const z = new Float64Array(n),
    dz = new Float64Array(n),
    g = new Float64Array(m),
    gNew = new Float64Array(m),
    p = new Float64Array(m);
  const S: Float64Array[] = [],
    Y: Float64Array[] = [],
    rho: number[] = [];
  const alpha = new Float64Array(LBFGS_MEMORY);
  design.times(w, 0, z);
  let f = obj.valueGrad(w, z, g);
  let it = 0;
  for (; it < maxIter; it++) {
    const gn = norm(g);
    if (gn <= tol * (1 + Math.abs(f))) break;
    // Two-loop recursion: p = −H g, H the L-BFGS inverse Hessian from the last pairs.
    for (let j = 0; j < m; j++) p[j] = -g[j]!;
    for (let k = S.length - 1; k >= 0; k--) {
      const a = rho[k]! * dot(S[k]!, p);
      alpha[k] = a;
      const yk = Y[k]!;
      for (let j = 0; j < m; j++) p[j] -= a * yk[j]!;
    }
    if (S.length) {
      const last = S.length - 1;
      const gamma = dot(S[last]!, Y[last]!) / dot(Y[last]!, Y[last]!);
      for (let j = 0; j < m; j++) p[j] *= gamma;
    }
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k]! * dot(Y[k]!, p);
      const sk = S[k]!,
        a = alpha[k]!;
      for (let j = 0; j < m; j++) p[j] += (a - beta) * sk[j]!;
    }
    design.times(p, p[dims]!, dz);
    let t = lineSearch(obj, z, dz, w, p, f, g, S.length ? 1 : 1 / gn);
    if (t === 0 && S.length) {
      // A stale curvature model: forget it and descend the gradient.
      S.length = Y.length = rho.length = 0;
      for (let j = 0; j < m; j++) p[j] = -g[j]!;
      design.times(p, p[dims]!, dz);
      t = lineSearch(obj, z, dz, w, p, f, g, 1 / gn);
    }
    if (t === 0) break;
    const s = S.length === LBFGS_MEMORY ? S.shift()! : new Float64Array(m);
    const yv = Y.length === LBFGS_MEMORY ? Y.shift()! : new Float64Array(m);
    if (rho.length === LBFGS_MEMORY) rho.shift();
    for (let j = 0; j < m; j++) {
      s[j] = t * p[j]!;
      theta[j] += s[j]!;
    }
    // z moves linearly along the step; recomputing it from θ now and then keeps rounding from piling up.
    if (it % 50 === 49) design.times(w, theta[dims]!, z);
    else for (let i = 0; i < n; i++) z[i] += t * dz[i]!;
    f = obj.valueGrad(w, z, gNew);
    for (let j = 0; j < m; j++) yv[j] = gNew[j]! - g[j]!;
    g.set(gNew);
    const sy = dot(s, yv);
    if (sy > 1e-300) {
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
    }
  }
  // The convergence verdict from z computed afresh, not from the running update.
  design.times(w, theta[dims]!, z);
  f = obj.valueGrad(w, z, g);
  return { theta, loss: f, gradNorm: norm(g), iterations: it };
}

/** The fit's decision values x̃·w + b (logits; p = σ(·)) for rows of x in the original feature scale. */
export function decisionValues(model: LogisticModel, x: Float32Array | SparseRows, rows: number, dims: number): Float64Array {
  if (model.w.length !== dims) throw new SaeError("E_SHAPE", `decisionValues: the model has ${model.w.length} weights for ${dims} features`);
  const v = new Float64Array(dims);
  for (let j = 0; j < dims; j++) v[j] = model.w[j]! / model.scale[j]!;
  const out = new Float64Array(rows);
  if (isSparse(x)) {
    checkSparse(x, rows, dims, "decisionValues: x");
    for (let i = 0; i < rows; i++) {
      let s = model.b;
      for (let j = x.indptr[i]!; j < x.indptr[i + 1]!; j++) s += x.values[j]! * v[x.indices[j]!]!;
      out[i] = s;
    }
  } else {
    if (!(x instanceof Float32Array) || x.length !== rows * dims)
      throw new SaeError("E_SHAPE", `decisionValues: x must be a Float32Array of ${rows * dims} values`);
    for (let i = 0, o = 0; i < rows; i++) {
      let s = model.b;
      for (let j = 0; j < dims; j++, o++) s += x[o]! * v[j]!;
      out[i] = s;
    }
  }
  return out;
}

/**
 * F1 of the positive class at p ≥ 0.5 (a decision value ≥ 0) and AUC of the decision values, from
 * held-out rows' decision values and whether each is positive. AUC ranks the logits, not the
 * probabilities, which round to 1 for confident rows and would tie.
 */
export function probeScore(scores: ArrayLike<number>, positive: Uint8Array): ProbeScore {
  if (scores.length !== positive.length) throw new SaeError("E_SHAPE", `probeScore: ${scores.length} scores for ${positive.length} labels`);
  const pos: number[] = [],
    neg: number[] = [];
  let tp = 0,
    fp = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s - s !== 0) throw new SaeError("E_NONFINITE", `probeScore: score ${s} at row ${i}`);
    const hit = s >= 0;
    if (positive[i]) {
      pos.push(s);
      if (hit) tp++;
    } else {
      neg.push(s);
      if (hit) fp++;
    }
  }
  if (!pos.length) throw new SaeError("E_ARG", "probeScore: no held-out positives; hold out more rows (a smaller every) or probe a more frequent class");
  if (!neg.length) throw new SaeError("E_ARG", "probeScore: no held-out negatives; every held-out row is of this class");
  const fn = pos.length - tp;
  return { f1: (2 * tp) / (2 * tp + fp + fn), auc: auc(pos, neg) };
}

// ---------------------------------------------------------------------------------------------
// Probes over a label column

interface ClassPlan {
  /** Labelled training and held-out rows (row numbers), in row order. */
  readonly train: Int32Array;
  readonly test: Int32Array;
  readonly classes: readonly { label: string; trainPositives: number; testPositives: number }[];
  readonly skipped: readonly { label: string; rows: number; capped?: true }[];
  /** Class of each labelled row as an index into the column's classes; the class names. */
  readonly labelOf: (row: number) => string | null;
}

function planClasses(labels: readonly (string | null)[], test: Uint8Array, rows: number, o: ProbeOptions, column = "the label column"): ClassPlan {
  if (!Array.isArray(labels)) throw new SaeError("E_ARG", "labels must be an array (one class or null per row, as labelsOf gives)");
  if (labels.length !== rows)
    throw new SaeError("E_SHAPE", `${labels.length} labels for ${rows} rows of embeddings; give the label column of the same rows, in the same order`);
  if (!(test instanceof Uint8Array) || test.length !== rows)
    throw new SaeError("E_SHAPE", `the held-out split must be a Uint8Array of ${rows} flags (splitByHash of the rows' texts), got ${test?.length}`);
  const minTrain = o.minTrain ?? PROBE_DEFAULTS.minTrain,
    minTest = o.minTest ?? PROBE_DEFAULTS.minTest;
  if (!Number.isInteger(minTrain) || minTrain < 1 || !Number.isInteger(minTest) || minTest < 1)
    throw new SaeError("E_ARG", `minTrain and minTest must be positive integers, got ${minTrain} and ${minTest}`);
  const counts = new Map<string, { train: number; test: number }>();
  const train: number[] = [],
    held: number[] = [];
  for (let r = 0; r < rows; r++) {
    const l = labels[r];
    if (l === null || l === undefined) continue;
    if (typeof l !== "string") throw new SaeError("E_ARG", `label ${r} is ${typeof l}, not a string or null`);
    let c = counts.get(l);
    if (!c) {
      c = { train: 0, test: 0 };
      counts.set(l, c);
    }
    if (test[r]) {
      c.test++;
      held.push(r);
    } else {
      c.train++;
      train.push(r);
    }
  }
  if (counts.size === 0) throw new SaeError("E_ARG", `${column} has no labelled rows (every value empty or unmatched); check the column and its pattern`);
  if (counts.size === 1)
    throw new SaeError(
      "E_ARG",
      `${column} has one class ("${[...counts.keys()][0]!.slice(0, 80)}") on all ${train.length + held.length} labelled rows; probing needs at least two classes — choose another column or a pattern that tells rows apart`,
    );
  // Most frequent first, ties by the label's code units: the same order whatever the row order.
  const order = [...counts.entries()].sort((a, b) => b[1].train + b[1].test - (a[1].train + a[1].test) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const classes: { label: string; trainPositives: number; testPositives: number }[] = [];
  const maxClasses = o.maxClasses ?? PROBE_DEFAULTS.maxClasses;
  if (!Number.isInteger(maxClasses) || maxClasses < 1) throw new SaeError("E_ARG", `maxClasses must be a positive integer, got ${maxClasses}`);
  const skipped: { label: string; rows: number; capped?: true }[] = [];
  for (const [label, c] of order) {
    if (c.train < minTrain || c.test < minTest) skipped.push({ label, rows: c.train + c.test });
    // Each class costs a probe per SAE: thousands of distinct values must not mean thousands of fits.
    else if (classes.length >= maxClasses) skipped.push({ label, rows: c.train + c.test, capped: true });
    else classes.push({ label, trainPositives: c.train, testPositives: c.test });
  }
  if (!classes.length)
    throw new SaeError(
      "E_ARG",
      `no class of ${column} has ≥ ${minTrain} training and ≥ ${minTest} held-out positives (${held.length} rows held out of ${train.length + held.length} labelled); give more rows or fewer, larger classes`,
    );
  for (const c of classes) {
    if (c.trainPositives === train.length || c.testPositives === held.length)
      throw new SaeError(
        "E_ARG",
        `class "${c.label.slice(0, 80)}" holds every ${c.trainPositives === train.length ? "training" : "held-out"} row; a probe needs rows of other classes on both sides of the split`,
      );
  }
  return { train: Int32Array.from(train), test: Int32Array.from(held), classes, skipped, labelOf: (r) => labels[r] ?? null };
}

function yFor(rowsOf: Int32Array, plan: ClassPlan, label: string): Uint8Array {
  const y = new Uint8Array(rowsOf.length);
  for (let i = 0; i < rowsOf.length; i++) y[i] = plan.labelOf(rowsOf[i]!) === label ? 1 : 0;
  return y;
}

function denseRowsAt(x: Float32Array, d: number, at: Int32Array): Float32Array {
  const out = new Float32Array(at.length * d);
  for (let i = 0; i < at.length; i++) out.set(x.subarray(at[i]! * d, (at[i]! + 1) * d), i * d);
  return out;
}

function meanScore(s: readonly ProbeScore[]): ProbeScore {
  let f1 = 0,
    a = 0;
  for (const x of s) {
    f1 += x.f1;
    a += x.auc;
  }
  return { f1: f1 / s.length, auc: a / s.length };
}

function probeOnce(
  xTrain: Float32Array | SparseRows,
  xTest: Float32Array | SparseRows,
  plan: ClassPlan,
  dims: number,
  label: string,
  o: LogisticOptions,
): ProbeScore {
  const model = fitLogistic(xTrain, plan.train.length, dims, yFor(plan.train, plan, label), o);
  return probeScore(decisionValues(model, xTest, plan.test.length, dims), yFor(plan.test, plan, label));
}

export interface DenseProbeOptions extends ProbeOptions {
  /** Named in the result and in errors; default "label". */
  readonly labelColumn?: string;
  /** The split's `every` (splitByHash), recorded in the result; default 5. */
  readonly testEvery?: number;
}

/**
 * Probes on the dense embedding x [rows, d], one per class (against every other labelled row), for
 * every class with ≥ minTrain training and ≥ minTest held-out positives; the rest are listed in
 * `skipped`. Rows with a null label are left out of every probe.
 */
export function denseProbes(
  x: Float32Array,
  d: number,
  labels: (string | null)[],
  test: Uint8Array,
  o: DenseProbeOptions = {},
): NonNullable<SuiteResult["probing"]> {
  if (!Number.isInteger(d) || d < 1) throw new SaeError("E_SHAPE", `d must be a positive integer, got ${d}`);
  if (!(x instanceof Float32Array) || x.length % d !== 0)
    throw new SaeError("E_SHAPE", `embeddings: expected a Float32Array of rows × d=${d} values, got ${x?.length}`);
  const rows = x.length / d;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v - v !== 0) throw new SaeError("E_NONFINITE", `embeddings: ${v} at row ${Math.floor(i / d)}, column ${i % d}`);
  }
  const column = o.labelColumn ?? "label";
  const plan = planClasses(labels, test, rows, o, `the label column "${column.slice(0, 80)}"`);
  const xTrain = denseRowsAt(x, d, plan.train),
    xTest = denseRowsAt(x, d, plan.test);
  const classes = plan.classes.map((c) => ({ ...c, dense: probeOnce(xTrain, xTest, plan, d, c.label, o) }));
  return {
    labelColumn: column,
    testEvery: o.testEvery ?? PROBE_DEFAULTS.every,
    classes,
    meanDense: meanScore(classes.map((c) => c.dense)),
    skipped: plan.skipped,
  };
}

/** The rows `at` of sparse rows, as sparse rows. */
function sparseRowsAt(x: SparseRows, at: Int32Array): SparseRows {
  let nnz = 0;
  for (const r of at) nnz += x.indptr[r + 1]! - x.indptr[r]!;
  const indptr = new Int32Array(at.length + 1),
    indices = new Int32Array(nnz),
    values = new Float32Array(nnz);
  let o = 0;
  for (let i = 0; i < at.length; i++) {
    const r = at[i]!;
    for (let j = x.indptr[r]!; j < x.indptr[r + 1]!; j++, o++) {
      indices[o] = x.indices[j]!;
      values[o] = x.values[j]!;
    }
    indptr[i + 1] = o;
  }
  return { indptr, indices, values };
}

/** The columns `cols` of sparse rows as a dense [rows, cols.length] matrix. */
function denseColumns(x: SparseRows, rows: number, cols: readonly number[], nLatents: number): Float32Array {
  const where = new Int32Array(nLatents).fill(-1);
  cols.forEach((c, i) => {
    where[c] = i;
  });
  const out = new Float32Array(rows * cols.length);
  for (let r = 0; r < rows; r++)
    for (let j = x.indptr[r]!; j < x.indptr[r + 1]!; j++) {
      const at = where[x.indices[j]!]!;
      if (at >= 0) out[r * cols.length + at] = x.values[j]!;
    }
  return out;
}

/**
 * The latents that best tell a class from the rest on the training rows: by |mean(pos) − mean(neg)|
 * of their activations (0 where inactive), largest first, ties lower index.
 */
export function rankLatents(x: SparseRows, rows: number, y: Uint8Array, nLatents: number, top: number): number[] {
  const sPos = new Float64Array(nLatents),
    sNeg = new Float64Array(nLatents);
  let nPos = 0;
  for (let r = 0; r < rows; r++) {
    const s = y[r] ? sPos : sNeg;
    nPos += y[r]!;
    for (let j = x.indptr[r]!; j < x.indptr[r + 1]!; j++) s[x.indices[j]!] += x.values[j]!;
  }
  const nNeg = rows - nPos;
  const diff = new Float64Array(nLatents);
  for (let j = 0; j < nLatents; j++) diff[j] = Math.abs(sPos[j]! / nPos - sNeg[j]! / nNeg);
  const order = Array.from({ length: nLatents }, (_, j) => j).sort((a, b) => diff[b]! - diff[a]! || a - b);
  return order.slice(0, Math.min(top, nLatents));
}

/**
 * Per SAE: for each of `classes` (denseProbes' classes, so that the SAE's probes are on the same
 * problems) the single best latent, the best 5 and all latents, each a probe trained on the
 * training rows and scored on the held-out ones. The latents are chosen on the training rows only.
 */
export function saeProbes(
  codes: Codes,
  nLatents: number,
  labels: (string | null)[],
  test: Uint8Array,
  classes: readonly string[],
  o: ProbeOptions = {},
): NonNullable<SaeSuite["probing"]> {
  const x = sparseRowsOf(codes, nLatents);
  const plan = planClasses(labels, test, codes.batch, o);
  if (!Array.isArray(classes) || classes.length === 0)
    throw new SaeError("E_ARG", "saeProbes: no classes to probe; pass the classes denseProbes chose (result.probing.classes[].label)");
  const known = new Set(plan.classes.map((c) => c.label));
  for (const c of classes) {
    if (!known.has(c))
      throw new SaeError(
        "E_ARG",
        `saeProbes: class "${String(c).slice(0, 80)}" is not probed on these labels (absent, or under ≥ ${o.minTrain ?? PROBE_DEFAULTS.minTrain} training / ≥ ${o.minTest ?? PROBE_DEFAULTS.minTest} held-out positives); pass the classes denseProbes chose on the same labels and split`,
      );
  }
  const xTrain = sparseRowsAt(x, plan.train),
    xTest = sparseRowsAt(x, plan.test);
  const nTrain = plan.train.length,
    nTest = plan.test.length;
  const out: ClassProbes[] = classes.map((label) => {
    const yTrain = yFor(plan.train, plan, label);
    const yTest = yFor(plan.test, plan, label);
    const best = rankLatents(xTrain, nTrain, yTrain, nLatents, 5);
    const onLatents = (latents: number[]): LatentProbe => {
      const model = fitLogistic(denseColumns(xTrain, nTrain, latents, nLatents), nTrain, latents.length, yTrain, o);
      return { ...probeScore(decisionValues(model, denseColumns(xTest, nTest, latents, nLatents), nTest, latents.length), yTest), latents };
    };
    const all = fitLogistic(xTrain, nTrain, nLatents, yTrain, o);
    return {
      label,
      top1: onLatents(best.slice(0, 1)),
      top5: onLatents(best),
      all: probeScore(decisionValues(all, xTest, nTest, nLatents), yTest),
    };
  });
  return {
    classes: out,
    mean: { top1: meanScore(out.map((c) => c.top1)), top5: meanScore(out.map((c) => c.top5)), all: meanScore(out.map((c) => c.all)) },
  };
}
