// Shape and value checks run before any kernel: a bad input fails here with a message, never inside Wasm.
import { SaeError } from "./errors.js";

/** Checks that `x` holds whole rows of `nInputs` and returns the row count. */
export function rowsOf(x: ArrayLike<number>, nInputs: number, what = "x"): number {
  if (nInputs <= 0 || x.length % nInputs !== 0) {
    throw new SaeError("E_SHAPE", `${what}: length ${x.length} is not a multiple of nInputs=${nInputs}`);
  }
  return x.length / nInputs;
}

/** A row-major f32 matrix that knows its width, as readEmbeddings returns it. */
export interface Matrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/**
 * What the kernels accept as [rows, cols] input: a Matrix (its width is checked), a Float32Array
 * (rows inferred from the length), or any array-like of numbers (copied to a Float32Array).
 */
export type RowsInput = Float32Array | Matrix | ArrayLike<number>;

function isMatrix(x: RowsInput): x is Matrix {
  return typeof x === "object" && x !== null && !ArrayBuffer.isView(x) && !Array.isArray(x) && "data" in x && "cols" in x;
}

/**
 * Checks that `x` is [batch, cols] (batch inferred when not given) and returns its rows as a
 * Float32Array. A Matrix of another width is refused, never reshaped; plain arrays are copied.
 */
export function toRows(x: RowsInput, cols: number, batch: number | undefined, what = "x"): { data: Float32Array; rows: number } {
  if (x === null || typeof x !== "object")
    throw new SaeError("E_SHAPE", `${what}: expected a Float32Array, an array of numbers or { data, rows, cols }, got ${x === null ? "null" : typeof x}`);
  let data: Float32Array;
  if (isMatrix(x)) {
    if (x.cols !== cols)
      throw new SaeError(
        "E_SHAPE",
        `${what}: ${x.rows} rows × ${x.cols} columns, but ${cols} columns are needed (the SAE's d=${cols}); use embeddings made for this SAE`,
      );
    if (!(x.data instanceof Float32Array) || x.data.length !== x.rows * x.cols)
      throw new SaeError("E_SHAPE", `${what}: data must be a Float32Array of rows × cols = ${x.rows * x.cols} values`);
    batch ??= x.rows;
    data = x.data;
  } else if (x instanceof Float32Array) {
    data = x;
  } else {
    if (typeof (x as ArrayLike<number>).length !== "number")
      throw new SaeError("E_SHAPE", `${what}: expected a Float32Array, an array of numbers or { data, rows, cols }`);
    for (let i = 0; i < x.length; i++) {
      if (typeof x[i] !== "number") throw new SaeError("E_SHAPE", `${what}: element ${i} is ${typeof x[i]}, not a number`);
    }
    data = Float32Array.from(x);
  }
  const rows = rowsOf(data, cols, what);
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 0 || batch !== rows)) {
    throw new SaeError("E_SHAPE", `${what}: batch=${batch} but length ${data.length} holds ${rows} rows of ${cols}`);
  }
  return { data, rows };
}

/**
 * Throws E_NONFINITE naming the first NaN or ±Inf of a [rows, cols] matrix by row and column;
 * `row0` is the first row's number where `x` is a part of a larger matrix.
 */
export function checkFinite(x: ArrayLike<number>, cols: number, what = "x", row0 = 0): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v - v !== 0) {
      const row = Math.floor(i / cols);
      throw new SaeError("E_NONFINITE", `${what}: ${v} at row ${row0 + row}, column ${i - row * cols}`);
    }
  }
}

/** Checks 1 ≤ k ≤ n. */
export function checkK(k: number, nLatents: number): void {
  if (!Number.isInteger(k) || k < 1 || k > nLatents) {
    throw new SaeError("E_ARG", `k must be an integer in [1, nLatents=${nLatents}], got ${k}`);
  }
}

/** Throws E_INDEX for the first latent index outside [0, n) of a [batch, k] code matrix. */
export function checkIndices(indices: Int32Array, k: number, nLatents: number): void {
  for (let i = 0; i < indices.length; i++) {
    const ix = indices[i]!;
    if (ix < 0 || ix >= nLatents) {
      const row = Math.floor(i / k);
      throw new SaeError("E_INDEX", `codes: index ${ix} at row ${row}, slot ${i - row * k} is outside [0, nLatents=${nLatents})`);
    }
  }
}

/**
 * The transpose of a row-major [rows, cols] matrix, into `out` (a new array by default). The
 * release stores decoder.weight as [d, n]; the kernels keep one latent's column contiguous.
 */
export function transpose(a: ArrayLike<number>, rows: number, cols: number, out: Float32Array = new Float32Array(rows * cols)): Float32Array {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c]!;
  return out;
}

/**
 * Checks codes before any kernel decodes them: Int32Array indices and Float32Array values of
 * batch × k (whole numbers, k ≥ 1), every index in [0, n), every value finite.
 */
export function checkCodes(codes: { indices: unknown; values: unknown; k: number; batch: number }, nLatents: number): void {
  const { batch, k, indices, values } = codes;
  if (!(indices instanceof Int32Array) || !(values instanceof Float32Array)) {
    throw new SaeError("E_SHAPE", "codes: expected indices as Int32Array and values as Float32Array");
  }
  if (!Number.isInteger(k) || k < 1 || !Number.isInteger(batch) || batch < 0) {
    throw new SaeError("E_SHAPE", `codes: k=${k} and batch=${batch} must be integers, k ≥ 1, batch ≥ 0`);
  }
  if (indices.length !== batch * k || values.length !== batch * k) {
    throw new SaeError("E_SHAPE", `codes: expected ${batch}×${k} = ${batch * k} indices and values, got ${indices.length} and ${values.length}`);
  }
  checkIndices(indices, k, nLatents);
  checkFinite(values, k, "codes.values");
}

/** Float arrays one after another in one array (the array itself where there is only one). */
export function concatFloats(parts: readonly Float32Array[]): Float32Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
