// Variable-width codes on top of the fixed-k top-k kernels: a thresholded (JumpReLU) encode, and
// encodes restricted to a prefix of the latents (Matryoshka widths). Both call a backend's top-k
// encode at a starting K and re-encode only the rows that may hold more at 2K, up to n; rows are
// encoded independently, so a row's codes do not depend on the batch it came in.
import { SaeError } from "../core/errors.js";
import type { ActivationOrder, Codes } from "../core/model.js";

/** Row-wise top-k encode of x [rows, d] (a backend's, already bound to its weights and order). */
export type TopEncode = (x: Float32Array, rows: number, k: number) => Codes;

/**
 * Codes whose rows have their own length: row r's entries are offsets[r]..offsets[r+1] of
 * indices/values, sorted by value descending (ties: lower index first), every value > 0.
 */
export interface RaggedCodes {
  readonly batch: number;
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/**
 * The threshold the packed encoder subtracts from each latent's bias: max(θ_j, 0). JumpReLU keeps
 * pre_j where pre_j > θ_j and pre_j > 0 (SAELens relu(pre)·(pre > θ)), i.e. where pre_j > max(θ_j, 0);
 * shifting by it (never by a negative θ) keeps the float32 error of (pre − t) + t within one
 * rounding of pre itself, since 0 ≤ t < pre for every kept entry.
 */
export function thresholdShift(threshold: Float32Array): Float32Array {
  const t = new Float32Array(threshold.length);
  for (let j = 0; j < t.length; j++) t[j] = Math.max(threshold[j]!, 0);
  return t;
}

/**
 * Runs `top` at K on the rows listed (all at first), then again at 2K on those whose K-th entry
 * `more` says may have a successor that counts, until K = n. `take` gets each row's final codes.
 */
function widening(
  top: TopEncode,
  x: Float32Array,
  rows: number,
  d: number,
  n: number,
  kStart: number,
  more: (c: Codes, r: number) => boolean,
  take: (row: number, c: Codes, r: number) => void,
): void {
  let k = Math.min(Math.max(1, kStart), n);
  let todo: number[] = Array.from({ length: rows }, (_, r) => r);
  let xs = x;
  while (todo.length > 0) {
    const c = top(xs, todo.length, k);
    const again: number[] = [];
    for (let r = 0; r < todo.length; r++) {
      if (k < n && more(c, r)) again.push(todo[r]!);
      else take(todo[r]!, c, r);
    }
    if (again.length === 0) break;
    xs = new Float32Array(again.length * d);
    for (let r = 0; r < again.length; r++) xs.set(x.subarray(again[r]! * d, (again[r]! + 1) * d), r * d);
    todo = again;
    k = Math.min(2 * k, n);
  }
}

/**
 * JumpReLU codes of x [rows, d], every active latent of every row (never truncated). `top` must
 * encode with the latent bias shifted by `shift` (thresholdShift(θ)) in the order 'topk-relu', so
 * that its values are relu(pre − t): an entry is active where that is > 0, and its value is pre,
 * restored as (pre − t) + t. Only latents j < width are kept (a Matryoshka prefix; JumpReLU has no
 * competition between latents, so this is the full codes restricted).
 */
export function encodeActive(top: TopEncode, x: Float32Array, rows: number, d: number, n: number, kStart: number, shift: Float32Array, width = n): RaggedCodes {
  const perRow: { idx: Int32Array; val: Float32Array }[] = new Array(rows);
  widening(
    top,
    x,
    rows,
    d,
    n,
    kStart,
    // The last entry still passed the threshold: the row may have more.
    (c, r) => c.values[r * c.k + c.k - 1]! > 0,
    (row, c, r) => {
      let count = 0;
      for (let t = 0; t < c.k; t++) {
        const v = c.values[r * c.k + t]!;
        if (!(v > 0)) break; // sorted: the rest are not active either
        if (c.indices[r * c.k + t]! < width) count++;
      }
      const idx = new Int32Array(count);
      const val = new Float32Array(count);
      for (let t = 0, o = 0; o < count; t++) {
        const j = c.indices[r * c.k + t]!;
        if (j >= width) continue;
        idx[o] = j;
        // Rounded once from the exact sum of two float32s.
        val[o] = c.values[r * c.k + t]! + shift[j]!;
        o++;
      }
      sortRow(idx, val);
      perRow[row] = { idx, val };
    },
  );
  const offsets = new Int32Array(rows + 1);
  for (let r = 0; r < rows; r++) offsets[r + 1] = offsets[r]! + perRow[r]!.idx.length;
  const indices = new Int32Array(offsets[rows]!);
  const values = new Float32Array(offsets[rows]!);
  for (let r = 0; r < rows; r++) {
    indices.set(perRow[r]!.idx, offsets[r]!);
    values.set(perRow[r]!.val, offsets[r]!);
  }
  return { batch: rows, offsets, indices, values };
}

/** Sorts one row's entries by value descending, ties by index ascending (the restored values may reorder). */
function sortRow(idx: Int32Array, val: Float32Array): void {
  const order = Array.from(idx, (_, i) => i).sort((a, b) => val[b]! - val[a]! || idx[a]! - idx[b]!);
  const i2 = Int32Array.from(order, (o) => idx[o]!);
  const v2 = Float32Array.from(order, (o) => val[o]!);
  idx.set(i2);
  val.set(v2);
}

/**
 * Top-k codes over latents j < width only (x [rows, d] → [rows, k]): the backend's top-k at
 * growing K, filtered to the prefix, until each row has k of them. The kernels order a row by its
 * selection key (the raw pre-activation, or the ReLU'd one for 'relu-topk'), so the first k
 * entries under the width are exactly the top k of the prefix, runners-up included.
 */
export function encodeTopWidth(top: TopEncode, x: Float32Array, rows: number, d: number, n: number, k: number, width: number): Codes {
  const indices = new Int32Array(rows * k);
  const values = new Float32Array(rows * k);
  const under = (c: Codes, r: number) => {
    let m = 0;
    for (let t = 0; t < c.k; t++) if (c.indices[r * c.k + t]! < width) m++;
    return m;
  };
  // Expected share of the prefix among the top K: start where k of them are likely.
  const kStart = Math.min(n, Math.ceil((k * n) / width));
  widening(
    top,
    x,
    rows,
    d,
    n,
    kStart,
    (c, r) => under(c, r) < k,
    (row, c, r) => {
      for (let t = 0, o = 0; t < c.k && o < k; t++) {
        const j = c.indices[r * c.k + t]!;
        if (j >= width) continue;
        indices[row * k + o] = j;
        values[row * k + o] = c.values[r * c.k + t]!;
        o++;
      }
    },
  );
  return { indices, values, k, batch: rows };
}

/** Ragged codes one after another (the runs of a batch split across workers). */
export function concatRagged(parts: readonly RaggedCodes[]): RaggedCodes {
  if (parts.length === 1) return parts[0]!;
  const batch = parts.reduce((a, p) => a + p.batch, 0);
  const offsets = new Int32Array(batch + 1);
  const total = parts.reduce((a, p) => a + p.indices.length, 0);
  const indices = new Int32Array(total);
  const values = new Float32Array(total);
  let r0 = 0;
  for (const p of parts) {
    const base = offsets[r0]!;
    for (let r = 1; r <= p.batch; r++) offsets[r0 + r] = base + p.offsets[r]!;
    indices.set(p.indices, base);
    values.set(p.values, base);
    r0 += p.batch;
  }
  return { batch, offsets, indices, values };
}

/**
 * Fixed-width codes from ragged ones: `k` entries a row (default the widest row, at least 1),
 * each row's active entries first, then value-0 padding with the lowest latents (< width) that are
 * not active in the row, ascending; a row longer than `k` keeps its first k (top-k of the
 * activations, for encodeTop). Padding depends only on the row and k, never on the batch.
 */
export function padRagged(r: RaggedCodes, width: number, k?: number): Codes {
  let widest = 1;
  for (let i = 0; i < r.batch; i++) widest = Math.max(widest, r.offsets[i + 1]! - r.offsets[i]!);
  const w = k ?? widest;
  const indices = new Int32Array(r.batch * w);
  const values = new Float32Array(r.batch * w);
  const seen = new Uint8Array(width);
  for (let i = 0; i < r.batch; i++) {
    const a = r.offsets[i]!,
      count = Math.min(r.offsets[i + 1]! - a, w);
    for (let t = 0; t < count; t++) {
      indices[i * w + t] = r.indices[a + t]!;
      values[i * w + t] = r.values[a + t]!;
      seen[r.indices[a + t]!] = 1;
    }
    for (let t = count, j = 0; t < w; t++, j++) {
      while (seen[j]) j++;
      indices[i * w + t] = j;
    }
    for (let t = 0; t < count; t++) seen[r.indices[a + t]!] = 0;
  }
  return { indices, values, k: w, batch: r.batch };
}

/** Fixed-width codes as ragged ones, every entry kept (value-0 padding too). */
function raggedOf(c: Codes): RaggedCodes {
  return { batch: c.batch, offsets: Int32Array.from({ length: c.batch + 1 }, (_, r) => r * c.k), indices: c.indices, values: c.values };
}

/**
 * Batches of codes of different widths (a thresholded SAE's) as one: every row padded to the widest
 * with entries of value 0 on latents not in the row (index ascending), so that no row is cut.
 */
export function widestCodes(parts: readonly Codes[]): Codes {
  const k = Math.max(1, ...parts.map((c) => c.k));
  let top = 0;
  for (const c of parts) for (const i of c.indices) top = Math.max(top, i);
  return padRagged(concatRagged(parts.map(raggedOf)), top + k + 1, k);
}

/** What a call asks for: encode (top undefined) or encodeTop's k, over latents j < width. */
export interface EncodeRequest {
  readonly top?: number;
  readonly width: number;
}

/**
 * One encode call's rows on a backend: a thresholded model (one with a shift) gives ragged codes
 * (padRagged makes them a batch's), a top-k model fixed-width codes.
 */
export function encodeRows(
  b: { readonly shift?: Float32Array; encode(x: Float32Array, rows: number, k: number, order: ActivationOrder): Codes },
  x: Float32Array,
  rows: number,
  dims: { d: number; n: number; k: number; order: ActivationOrder },
  req: EncodeRequest,
): Codes | RaggedCodes {
  const { d, n, k, order } = dims;
  if (b.shift) return encodeActive((xs, r, kk) => b.encode(xs, r, kk, "topk-relu"), x, rows, d, n, k, b.shift, req.width);
  const top = req.top ?? k;
  if (req.width >= n) return b.encode(x, rows, top, order);
  return encodeTopWidth((xs, r, kk) => b.encode(xs, r, kk, order), x, rows, d, n, top, req.width);
}

/** Fixed-width codes for the caller: ragged ones padded (to encodeTop's k where asked), others as they are. */
export function toCodes(c: Codes | RaggedCodes, req: EncodeRequest): Codes {
  return "offsets" in c ? padRagged(c, req.width, req.top) : c;
}

/** Checks a Matryoshka width (a prefix of the latents to encode with): a whole number in [1, n]. */
export function checkWidth(width: number | undefined, n: number): number {
  if (width === undefined) return n;
  if (!Number.isInteger(width) || width < 1 || width > n)
    throw new SaeError(
      "E_ARG",
      `width must be a whole number of latents in [1, nLatents=${n}] (a Matryoshka prefix such as one of sae.widths), got ${String(width)}`,
    );
  return width;
}
