// The top-k SAE as plain data: the release's four tensors, their shapes, and the codes an encode returns.
import { preview, SaeError, type SaeErrorCode } from "./errors.js";
import { checkFinite } from "./shapes.js";

/**
 * Parameters exactly as the release's state dict names them (OpenAI sparse_autoencoder layout).
 * nInputs = d, nLatents = n; every array is row-major float32.
 */
export interface SaeWeights {
  readonly nInputs: number;
  readonly nLatents: number;
  /** pre_bias [nInputs]: subtracted from the input, added back to the output. */
  readonly preBias: Float32Array;
  /** encoder.weight [nLatents, nInputs]: row i is latent i's encoder direction. */
  readonly encoderWeight: Float32Array;
  /** latent_bias [nLatents]: added to the pre-activations. */
  readonly latentBias: Float32Array;
  /** decoder.weight [nInputs, nLatents]: column i is latent i's dictionary direction. */
  readonly decoderWeight: Float32Array;
  /**
   * threshold [nLatents], JumpReLU's (and a trained BatchTopK's θ, one value repeated): when
   * present, a latent is active in a row where its pre-activation exceeds both its threshold and 0,
   * so a row has any number of active latents rather than k.
   */
  readonly threshold?: Float32Array;
}

/**
 * Where the ReLU goes. The release (and OpenAI's TopK) selects the k largest raw pre-activations
 * and then applies ReLU, so a selected value may be 0; dictionary_learning applies ReLU first.
 */
export type ActivationOrder = "topk-relu" | "relu-topk";

/**
 * Sparse codes of a batch: indices/values [batch, k], each row sorted by value descending, ties by
 * index ascending, indices distinct within a row. A row's active latents are its entries with a
 * value above 0. A top-k SAE gives k entries a row (some may be 0: the release applies ReLU after
 * selecting); a thresholded one (JumpReLU, BatchTopK, Matryoshka) gives each row as many as pass
 * the threshold, so k is the widest row of the batch and narrower rows end in entries of value 0.
 */
export interface Codes {
  readonly indices: Int32Array;
  readonly values: Float32Array;
  readonly k: number;
  readonly batch: number;
}

/** Checks one tensor's type and length; throws E_SHAPE naming it. */
export function checkShape(name: string, a: Float32Array, rows: number, cols: number): void {
  if (!(a instanceof Float32Array)) throw new SaeError("E_SHAPE", `${name}: expected a Float32Array`);
  if (a.length !== rows * cols) {
    const shape = rows === 1 ? `[${cols}]` : `[${rows}, ${cols}]`;
    throw new SaeError("E_SHAPE", `${name}: expected ${shape} = ${rows * cols} values, got ${a.length}`);
  }
}

/** Checks one tensor's length and finiteness; throws E_SHAPE / E_NONFINITE naming it. */
export function checkTensor(name: string, a: Float32Array, rows: number, cols: number): void {
  checkShape(name, a, rows, cols);
  checkFinite(a, cols, name);
}

/**
 * Checks Matryoshka's nested prefix widths: whole numbers, strictly ascending, the last = nLatents.
 * `code` is E_ARG for an option, E_LAYOUT for widths a file states; the message shows a few of
 * them, however many a hostile file lists.
 */
export function checkWidths(widths: readonly number[], nLatents: number, what = "widths", code: SaeErrorCode = "E_ARG"): void {
  const ok =
    Array.isArray(widths) &&
    widths.length > 0 &&
    widths.every((m, i) => Number.isInteger(m) && m >= 1 && (i === 0 || m > widths[i - 1]!)) &&
    widths[widths.length - 1] === nLatents;
  if (!ok)
    throw new SaeError(
      code,
      `${what} must be whole numbers ascending strictly and ending at n=${nLatents} (e.g. ${defaultExample(nLatents)}), got ${preview(widths)}`,
    );
}

function defaultExample(n: number): string {
  return [Math.max(1, Math.floor(n / 16)), Math.max(1, Math.floor(n / 4)), n].join(",");
}

/** Checks the dimensions. */
export function checkDims(d: number, n: number): void {
  if (!Number.isInteger(d) || d < 1) throw new SaeError("E_SHAPE", `nInputs must be a positive integer, got ${d}`);
  if (!Number.isInteger(n) || n < 1) throw new SaeError("E_SHAPE", `nLatents must be a positive integer, got ${n}`);
}

/** Checks every shape and that all weights are finite; throws E_SHAPE / E_NONFINITE naming the tensor. */
export function validateWeights(w: SaeWeights): void {
  const { nInputs: d, nLatents: n } = w;
  checkDims(d, n);
  checkTensor("pre_bias", w.preBias, 1, d);
  checkTensor("encoder.weight", w.encoderWeight, n, d);
  checkTensor("latent_bias", w.latentBias, 1, n);
  checkTensor("decoder.weight", w.decoderWeight, d, n);
  if (w.threshold !== undefined) checkTensor("threshold", w.threshold, 1, n);
}

/**
 * Weights whose two large tensors arrive as consecutive chunks of whole rows, so that a loader
 * can stream a file into the backend without ever holding a tensor whole (a release checkpoint
 * is 151 MB). R is a chunk: plain rows here, rows with their position once checked.
 */
export interface RowParts<R> {
  readonly nInputs: number;
  readonly nLatents: number;
  readonly preBias: Float32Array;
  readonly latentBias: Float32Array;
  /** A thresholded (JumpReLU) model's θ [nLatents]; see SaeWeights.threshold. */
  readonly threshold?: Float32Array;
  /** encoder.weight [nLatents, nInputs] as row chunks. */
  encoderRows(): AsyncIterable<R>;
  /** decoder.weight [nInputs, nLatents] as row chunks. */
  decoderRows(): AsyncIterable<R>;
}

export type WeightParts = RowParts<Float32Array>;

/** One chunk holding a whole array. */
export async function* wholeRows(a: Float32Array | Promise<Float32Array>): AsyncIterable<Float32Array> {
  yield await a;
}

/**
 * Weights in memory as parts, their shapes checked now (values are checked as the backend
 * takes the rows): what Sae.create and SaeModel.fromWeights build from.
 */
export function weightParts(w: SaeWeights): WeightParts {
  checkDims(w.nInputs, w.nLatents);
  checkShape("encoder.weight", w.encoderWeight, w.nLatents, w.nInputs);
  checkShape("decoder.weight", w.decoderWeight, w.nInputs, w.nLatents);
  return { ...w, encoderRows: () => wholeRows(w.encoderWeight), decoderRows: () => wholeRows(w.decoderWeight) };
}

/** Each weight's name in the release's PyTorch state dict. */
export const TORCH_NAMES = { preBias: "pre_bias", encoderWeight: "encoder.weight", decoderWeight: "decoder.weight", latentBias: "latent_bias" } as const;

/**
 * latent_bias − encoder.weight·pre_bias in float64: the bias of an encoder that takes x itself
 * rather than x − pre_bias (the Wasm packing folds it the same way as it streams rows).
 */
export function foldedBias(w: Pick<SaeWeights, "nInputs" | "nLatents" | "encoderWeight" | "preBias" | "latentBias">): Float32Array {
  const { nInputs: d, nLatents: n } = w;
  const b = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < d; p++) s += w.encoderWeight[j * d + p]! * w.preBias[p]!;
    b[j] = w.latentBias[j]! - s;
    if (!Number.isFinite(b[j]!)) throw new SaeError("E_NONFINITE", `latent_bias − encoder.weight·pre_bias overflows float32 at latent ${j}`);
  }
  return b;
}

/**
 * Checks row chunks of a [rows, cols] tensor as they pass: whole rows, finite values (the error
 * names the tensor's row and column), and the right total; yields each chunk with its first row.
 */
export async function* checkedRows(
  name: string,
  chunks: AsyncIterable<Float32Array>,
  rows: number,
  cols: number,
): AsyncIterable<{ row0: number; data: Float32Array }> {
  let row0 = 0;
  for await (const data of chunks) {
    if (data.length % cols !== 0 || row0 + data.length / cols > rows) {
      throw new SaeError("E_SHAPE", `${name}: expected [${rows}, ${cols}] = ${rows * cols} values, got ${row0 * cols + data.length} or more`);
    }
    checkFinite(data, cols, name, row0);
    yield { row0, data };
    row0 += data.length / cols;
  }
  if (row0 !== rows) throw new SaeError("E_SHAPE", `${name}: expected [${rows}, ${cols}] = ${rows * cols} values, got ${row0 * cols}`);
}

/** Gathers checked row chunks into one [rows, cols] array (copying: chunks may share a buffer). */
export async function collectRows(chunks: AsyncIterable<{ row0: number; data: Float32Array }>, rows: number, cols: number): Promise<Float32Array> {
  const out = new Float32Array(rows * cols);
  for await (const { row0, data } of chunks) out.set(data, row0 * cols);
  return out;
}

/** What encodes and decodes: an in-thread Sae or a SaeModel (its workers), for code that takes either. */
export interface SaeCodec {
  readonly nInputs: number;
  readonly nLatents: number;
  /** 'jumprelu' where the model encodes with thresholds (codes of variable width), 'topk' or absent otherwise. */
  readonly architecture?: "topk" | "jumprelu";
  encode(x: Float32Array): Codes | Promise<Codes>;
  decode(codes: Codes): Float32Array | Promise<Float32Array>;
}
