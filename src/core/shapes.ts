// Shape and value checks run before any kernel: a bad input fails here with a message, never inside Wasm.
import { SaeError } from "./errors.js";

/** Checks that `x` holds whole rows of `nInputs` and returns the row count. */
export function rowsOf(x: ArrayLike<number>, nInputs: number, what = "x"): number {
  if (nInputs <= 0 || x.length % nInputs !== 0) {
    throw new SaeError("E_SHAPE", `${what}: length ${x.length} is not a multiple of nInputs=${nInputs}`);
  }
  return x.length / nInputs;
}

/** Checks that `x` is [batch, cols] when a batch is given, else infers batch from the length. */
export function checkBatch(x: ArrayLike<number>, cols: number, batch: number | undefined, what = "x"): number {
  const rows = rowsOf(x, cols, what);
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 0 || batch !== rows)) {
    throw new SaeError("E_SHAPE", `${what}: batch=${batch} but length ${x.length} holds ${rows} rows of ${cols}`);
  }
  return rows;
}

/** Throws E_NONFINITE naming the first NaN or ±Inf of a [rows, cols] matrix by row and column. */
export function checkFinite(x: ArrayLike<number>, cols: number, what = "x"): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v - v !== 0) {
      const row = Math.floor(i / cols);
      throw new SaeError("E_NONFINITE", `${what}: ${v} at row ${row}, column ${i - row * cols}`);
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
