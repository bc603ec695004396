// The static search files of a site: a small JSON manifest, the codes of every document (the hot
// part, loaded whole) and the documents' embeddings for re-ranking (read by range, a row at a time).
// Layouts, all little-endian:
//   codes.bin   indices [rows, k] (u16 where n ≤ 65,536, else u32), then values [rows, k] (f16 or f32);
//               k is the codes' width: the SAE's k, or for a thresholded SAE its widest row, narrower
//               rows padded with entries of value 0 (inactive: readers skip them)
//   vectors.bin rows of rowBytes: f32 × d, f16 × d, or i8: a float32 scale then int8 × d (x ≈ scale · q),
//               in the order slots.bin gives (u32 [rows]: each document's row in vectors.bin)
import { SaeError, preview } from "../core/errors.js";

export const SITE_FORMAT = "saejs-site-search";
export const SITE_VERSION = 1;

export type IndexDType = "u16" | "u32";
export type ValueDType = "f16" | "f32";
export type VectorDType = "f32" | "f16" | "i8";

/** search.json: everything the reader needs to check the binary files before it reads them. */
export interface SiteManifest {
  format: typeof SITE_FORMAT;
  version: typeof SITE_VERSION;
  /** Embedding width (the SAE's nInputs), latents (nLatents), active latents per document, documents. */
  d: number;
  n: number;
  k: number;
  rows: number;
  codes: {
    file: string;
    bytes: number;
    indices: { dtype: IndexDType; offset: number; bytes: number };
    /** maxAbsError: the largest |stored − original| over every value, measured when written (0 for f32). */
    values: { dtype: ValueDType; offset: number; bytes: number; maxAbsError: number };
  };
  vectors: {
    file: string;
    bytes: number;
    dtype: VectorDType;
    rowBytes: number;
    /** The largest |stored − original| over every element, measured when written (0 for f32). */
    maxAbsError: number;
    /**
     * Where each document's row sits in the file: u32 [rows], a permutation (absent: in document
     * order). The writer keeps documents of the same strongest latent together, so that a query's
     * candidates lie in few runs and take few range requests.
     */
    slots?: { file: string; bytes: number };
  };
  /** How the re-rank scores: the dot product, as SearchIndex ranks. */
  score: "dot";
}

/** The manifest is small: a larger file is not one. */
export const MANIFEST_MAX_BYTES = 1 << 20;
const MAX_ROWS = 2 ** 31 - 1;
const MAX_D = 1 << 16;
const MAX_N = 1 << 24;

export const INDEX_BYTES: Record<IndexDType, number> = { u16: 2, u32: 4 };
export const VALUE_BYTES: Record<ValueDType, number> = { f16: 2, f32: 4 };

export function vectorRowBytes(dtype: VectorDType, d: number): number {
  return dtype === "f32" ? 4 * d : dtype === "f16" ? 2 * d : 4 + d;
}

/** The index dtype the writer picks: 16-bit where every latent fits. */
export function indexDTypeFor(n: number): IndexDType {
  return n <= 65536 ? "u16" : "u32";
}

function bad(what: string, got: unknown, expected: string): SaeError {
  return new SaeError("E_FORMAT", `site manifest: ${what} must be ${expected}, got ${preview(got)}`);
}

function int(o: Record<string, unknown>, key: string, what: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min || v > max) throw bad(`${what}.${key}`, v, `an integer in [${min}, ${max}]`);
  return v;
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw bad(what, v, "an object");
  return v as Record<string, unknown>;
}

function oneOf<T extends string>(v: unknown, what: string, choices: readonly T[]): T {
  if (!choices.includes(v as T)) throw bad(what, v, `one of ${choices.join(", ")}`);
  return v as T;
}

function fileName(v: unknown, what: string): string {
  // A name beside the manifest, never a path out of its folder or a URL elsewhere.
  if (typeof v !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(v) || v.includes("..")) throw bad(what, v, "a plain file name");
  return v;
}

function error(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw bad(what, v, "a finite number ≥ 0");
  return v;
}

/** Parses and checks every field and every size of search.json; E_FORMAT naming the first that is wrong. */
export function parseManifest(bytes: Uint8Array): SiteManifest {
  if (bytes.length > MANIFEST_MAX_BYTES) throw new SaeError("E_FORMAT", `site manifest: ${bytes.length} bytes, more than a manifest's ${MANIFEST_MAX_BYTES}`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new SaeError("E_FORMAT", "site manifest: not JSON (is this search.json, written by saejs?)", { cause });
  }
  const m = obj(json, "the manifest");
  if (m.format !== SITE_FORMAT) throw bad("format", m.format, `'${SITE_FORMAT}'`);
  if (m.version !== SITE_VERSION)
    throw bad("version", m.version, `${SITE_VERSION} (this sae.js reads version ${SITE_VERSION}; rebuild the site or update saejs)`);
  const d = int(m, "d", "manifest", 1, MAX_D),
    n = int(m, "n", "manifest", 1, MAX_N),
    k = int(m, "k", "manifest", 1, n),
    rows = int(m, "rows", "manifest", 1, MAX_ROWS);
  if (m.score !== "dot") throw bad("score", m.score, "'dot'");

  const c = obj(m.codes, "codes"),
    ci = obj(c.indices, "codes.indices"),
    cv = obj(c.values, "codes.values");
  const idt = oneOf(ci.dtype, "codes.indices.dtype", ["u16", "u32"] as const);
  if (idt === "u16" && n > 65536) throw bad("codes.indices.dtype", idt, `u32 for n = ${n} latents`);
  const vdt = oneOf(cv.dtype, "codes.values.dtype", ["f16", "f32"] as const);
  const cells = rows * k;
  const codes = {
    file: fileName(c.file, "codes.file"),
    bytes: int(c, "bytes", "codes", 0, Number.MAX_SAFE_INTEGER),
    indices: {
      dtype: idt,
      offset: int(ci, "offset", "codes.indices", 0, Number.MAX_SAFE_INTEGER),
      bytes: int(ci, "bytes", "codes.indices", 0, Number.MAX_SAFE_INTEGER),
    },
    values: {
      dtype: vdt,
      offset: int(cv, "offset", "codes.values", 0, Number.MAX_SAFE_INTEGER),
      bytes: int(cv, "bytes", "codes.values", 0, Number.MAX_SAFE_INTEGER),
      maxAbsError: error(cv.maxAbsError, "codes.values.maxAbsError"),
    },
  };
  if (codes.indices.bytes !== cells * INDEX_BYTES[idt])
    throw bad("codes.indices.bytes", codes.indices.bytes, `rows × k × ${INDEX_BYTES[idt]} = ${cells * INDEX_BYTES[idt]}`);
  if (codes.values.bytes !== cells * VALUE_BYTES[vdt])
    throw bad("codes.values.bytes", codes.values.bytes, `rows × k × ${VALUE_BYTES[vdt]} = ${cells * VALUE_BYTES[vdt]}`);
  if (codes.indices.offset !== 0 || codes.values.offset !== codes.indices.bytes)
    throw bad("codes offsets", [codes.indices.offset, codes.values.offset], `[0, ${codes.indices.bytes}]`);
  if (codes.bytes !== codes.indices.bytes + codes.values.bytes) throw bad("codes.bytes", codes.bytes, `${codes.indices.bytes + codes.values.bytes}`);

  const v = obj(m.vectors, "vectors");
  const vt = oneOf(v.dtype, "vectors.dtype", ["f32", "f16", "i8"] as const);
  const vectors = {
    file: fileName(v.file, "vectors.file"),
    bytes: int(v, "bytes", "vectors", 0, Number.MAX_SAFE_INTEGER),
    dtype: vt,
    rowBytes: int(v, "rowBytes", "vectors", 1, 4 * MAX_D + 4),
    maxAbsError: error(v.maxAbsError, "vectors.maxAbsError"),
  };
  if (vectors.rowBytes !== vectorRowBytes(vt, d)) throw bad("vectors.rowBytes", vectors.rowBytes, `${vectorRowBytes(vt, d)} for ${vt} × ${d}`);
  if (vectors.bytes !== rows * vectors.rowBytes) throw bad("vectors.bytes", vectors.bytes, `rows × rowBytes = ${rows * vectors.rowBytes}`);
  if (vectors.file === codes.file) throw bad("vectors.file", vectors.file, "another file than codes.file");
  if (v.slots !== undefined) {
    const sl = obj(v.slots, "vectors.slots");
    const slots = { file: fileName(sl.file, "vectors.slots.file"), bytes: int(sl, "bytes", "vectors.slots", 0, Number.MAX_SAFE_INTEGER) };
    if (slots.bytes !== rows * 4) throw bad("vectors.slots.bytes", slots.bytes, `rows × 4 = ${rows * 4}`);
    if (slots.file === codes.file || slots.file === vectors.file) throw bad("vectors.slots.file", slots.file, "a file of its own");
    return { format: SITE_FORMAT, version: SITE_VERSION, d, n, k, rows, codes, vectors: { ...vectors, slots }, score: "dot" };
  }
  return { format: SITE_FORMAT, version: SITE_VERSION, d, n, k, rows, codes, vectors, score: "dot" };
}
