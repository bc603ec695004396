// Writes a site's search files (format.ts) from every document's codes and embeddings: the same
// inputs give the same bytes, and each file appears whole or not at all (temp file, then rename).
import { SaeError } from "../core/errors.js";
import type { Codes } from "../core/model.js";
import { checkFinite, checkIndices } from "../core/shapes.js";
import { toFloat32, toHalfBits } from "../io/tensor.js";
import { writeFileAtomic } from "../runtime/fs.js";
import { indexDTypeFor, SITE_FORMAT, SITE_VERSION, vectorRowBytes, type SiteManifest, type ValueDType, type VectorDType } from "./format.js";

export interface SiteFilesOptions {
  /** Code values: f16 (default; the error is measured and stated) or f32 (exact). */
  values?: ValueDType;
  /** Re-rank embeddings: f16 (default), i8 with a per-row scale, or f32 (exact). */
  vectors?: VectorDType;
}

/** The largest finite float16; values that round past it would be stored as ∞. */
const HALF_MAX = 65504;

/**
 * `x` as float16 bytes and the largest |stored − original|; a value past float16's range is
 * E_NONFINITE naming `what` and the option that stores it as f32 instead.
 */
export function halves(x: Float32Array, what: string, option: string): { bytes: Uint8Array; maxAbsError: number } {
  const out = new Uint8Array(x.length * 2),
    v = new DataView(out.buffer);
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(x[i]!) > HALF_MAX)
      throw new SaeError("E_NONFINITE", `site: ${what} ${x[i]} is out of range for float16; store them as f32`, {
        fix: { option, example: '"f32"' },
      });
    v.setUint16(i * 2, toHalfBits(x[i]!), true);
  }
  const back = toFloat32(out, "f16", x.length);
  let err = 0;
  for (let i = 0; i < x.length; i++) err = Math.max(err, Math.abs(back[i]! - x[i]!));
  return { bytes: out, maxAbsError: err };
}

function int8Rows(x: Float32Array, rows: number, d: number): { bytes: Uint8Array; maxAbsError: number } {
  const rb = 4 + d,
    out = new Uint8Array(rows * rb),
    v = new DataView(out.buffer);
  let err = 0;
  for (let r = 0; r < rows; r++) {
    let m = 0;
    for (let p = 0; p < d; p++) m = Math.max(m, Math.abs(x[r * d + p]!));
    // The scale is stored as float32 and used as stored, so the error below is the reader's.
    const scale = Math.fround(m / 127) || 1;
    v.setFloat32(r * rb, scale, true);
    for (let p = 0; p < d; p++) {
      const q = Math.max(-127, Math.min(127, Math.round(x[r * d + p]! / scale)));
      v.setInt8(r * rb + 4 + p, q);
      err = Math.max(err, Math.abs(Math.fround(scale * q) - x[r * d + p]!));
    }
  }
  return { bytes: out, maxAbsError: err };
}

/**
 * Each document's slot in vectors.bin: documents ordered by their strongest latent, then their
 * second, so that those a query's codes score highest (which share its strong latents) lie close
 * together and a re-rank reads them in few ranges.
 */
export function localitySlots(codes: Codes): Uint32Array {
  const { k, batch: rows } = codes;
  const first = new Int32Array(rows),
    second = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let a = -1,
      b = -1;
    for (let j = r * k; j < (r + 1) * k; j++) {
      const v = codes.values[j]!;
      // Only active entries place a document: a value of 0 (a thresholded SAE's padding) says nothing.
      if (!(v > 0)) continue;
      if (a < 0 || v > codes.values[a]!) {
        b = a;
        a = j;
      } else if (b < 0 || v > codes.values[b]!) b = j;
    }
    first[r] = a < 0 ? -1 : codes.indices[a]!;
    second[r] = b < 0 ? -1 : codes.indices[b]!;
  }
  const order = Array.from({ length: rows }, (_, r) => r).sort((x, y) => first[x]! - first[y]! || second[x]! - second[y]! || x - y);
  const slots = new Uint32Array(rows);
  for (const [slot, doc] of order.entries()) slots[doc] = slot;
  return slots;
}

/** Rows of `x` [rows, d] moved to their slots. */
function permuteRows(x: Float32Array, d: number, slots: Uint32Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let r = 0; r < slots.length; r++) out.set(x.subarray(r * d, (r + 1) * d), slots[r]! * d);
  return out;
}

/**
 * The search files in memory: the manifest and each binary file's bytes, by file name.
 * @param codes [rows, k] every document's codes (Sae.encode's output over the corpus): one width for
 *   the whole site, a thresholded SAE's widest row, narrower rows padded with value 0 (which the
 *   codes score skips, adding 0)
 * @param embeddings [rows, d] row-major f32: the documents' embeddings, as the exact search ranks them
 */
export function buildSiteFiles(
  codes: Codes,
  embeddings: Float32Array,
  sae: { nInputs: number; nLatents: number },
  options: SiteFilesOptions = {},
): { manifest: SiteManifest; files: Map<string, Uint8Array> } {
  const d = sae.nInputs,
    n = sae.nLatents,
    { k, batch: rows } = codes;
  const valuesDType = options.values ?? "f16",
    vectorsDType = options.vectors ?? "f16";
  if (!["f16", "f32"].includes(valuesDType)) throw new SaeError("E_ARG", `site: values must be "f16" or "f32", got '${String(valuesDType)}'`);
  if (!["f16", "f32", "i8"].includes(vectorsDType)) throw new SaeError("E_ARG", `site: vectors must be "f16", "i8" or "f32", got '${String(vectorsDType)}'`);
  if (!Number.isInteger(rows) || rows < 1) throw new SaeError("E_SHAPE", `site: the codes hold ${rows} documents; a site needs at least one`);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new SaeError("E_SHAPE", `site: the codes' k is ${k}, outside [1, ${n}]`);
  if (codes.indices.length !== rows * k || codes.values.length !== rows * k)
    throw new SaeError("E_SHAPE", `site: codes of ${rows} × ${k} need ${rows * k} indices and values, got ${codes.indices.length} and ${codes.values.length}`);
  if (embeddings.length !== rows * d)
    throw new SaeError(
      "E_SHAPE",
      `site: the embeddings hold ${embeddings.length} values, expected ${rows} documents × ${d} = ${rows * d} (one row per document of the codes)`,
    );
  checkIndices(codes.indices, k, n);
  checkFinite(codes.values, k, "code values");
  checkFinite(embeddings, d, "embeddings");

  const idt = indexDTypeFor(n);
  const idx = idt === "u16" ? Uint16Array.from(codes.indices) : Uint32Array.from(codes.indices);
  const vals =
    valuesDType === "f32" ? { bytes: new Uint8Array(Float32Array.from(codes.values).buffer), maxAbsError: 0 } : halves(codes.values, "code value", "values");
  const slots = localitySlots(codes),
    placed = permuteRows(embeddings, d, slots);
  const vecs =
    vectorsDType === "f32"
      ? { bytes: new Uint8Array(placed.buffer), maxAbsError: 0 }
      : vectorsDType === "f16"
        ? halves(placed, "embedding value", "vectors")
        : int8Rows(placed, rows, d);
  const idxBytes = new Uint8Array(idx.buffer);
  // Little-endian on disk: typed arrays are the platform's order, which every runtime sae.js supports has as little.
  const codeBytes = new Uint8Array(idxBytes.length + vals.bytes.length);
  codeBytes.set(idxBytes, 0);
  codeBytes.set(vals.bytes, idxBytes.length);
  const manifest: SiteManifest = {
    format: SITE_FORMAT,
    version: SITE_VERSION,
    d,
    n,
    k,
    rows,
    codes: {
      file: "codes.bin",
      bytes: codeBytes.length,
      indices: { dtype: idt, offset: 0, bytes: idxBytes.length },
      values: { dtype: valuesDType, offset: idxBytes.length, bytes: vals.bytes.length, maxAbsError: vals.maxAbsError },
    },
    vectors: {
      file: "vectors.bin",
      bytes: vecs.bytes.length,
      dtype: vectorsDType,
      rowBytes: vectorRowBytes(vectorsDType, d),
      maxAbsError: vecs.maxAbsError,
      slots: { file: "slots.bin", bytes: rows * 4 },
    },
    score: "dot",
  };
  return {
    manifest,
    files: new Map([
      ["search.json", new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`)],
      ["codes.bin", codeBytes],
      ["vectors.bin", vecs.bytes],
      ["slots.bin", new Uint8Array(slots.buffer)],
    ]),
  };
}

/** Writes search.json, codes.bin, vectors.bin and slots.bin into `dir` (which must exist); the manifest last, so a reader never sees it before its files. */
export async function writeSiteFiles(
  dir: string,
  codes: Codes,
  embeddings: Float32Array,
  sae: { nInputs: number; nLatents: number },
  options: SiteFilesOptions = {},
): Promise<SiteManifest> {
  const { manifest, files } = buildSiteFiles(codes, embeddings, sae, options);
  const join = (name: string) => `${dir.replace(/[\\/]+$/, "")}/${name}`;
  for (const name of ["codes.bin", "vectors.bin", "slots.bin", "search.json"]) await writeFileAtomic(join(name), files.get(name)!);
  return manifest;
}
