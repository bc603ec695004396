// NumPy .npy reader: version 1–3 headers, little-endian <f4 <f8 <f2 <i4 <i8, C order.
// see: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
import { SaeError } from "../core/errors.js";

export type NpyDtype = "<f4" | "<f8" | "<f2" | "<i4" | "<i8";

/** A parsed array: float dtypes arrive as Float32Array, integer ones as Int32Array (range-checked). */
export interface NpyArray {
  readonly dtype: NpyDtype;
  readonly shape: number[];
  readonly data: Float32Array | Int32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ITEMSIZE: Record<NpyDtype, number> = { "<f4": 4, "<f8": 8, "<f2": 2, "<i4": 4, "<i8": 8 };

function fail(msg: string): never {
  throw new SaeError("E_FORMAT", `npy: ${msg}`);
}

/** Parses the header dict, e.g. {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }. */
function parseHeader(text: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) fail(`malformed header ${JSON.stringify(text.slice(0, 120))}`);
  const shape = shapeText.split(",").map((s) => s.trim()).filter((s) => s.length > 0).map((s) => {
    if (!/^\d+$/.test(s)) fail(`bad dimension '${s}' in shape`);
    return Number(s);
  });
  return { descr, fortran: fortran === "True", shape };
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** Parses a whole .npy file held in memory. */
export function parseNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail("not a .npy file (bad magic)");
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) { headerLen = view.getUint16(8, true); start = 10; }
  else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail("truncated header");
    headerLen = view.getUint32(8, true); start = 12;
  } else fail(`unsupported format version ${major}`);
  if (start + headerLen > bytes.length) fail(`header length ${headerLen} runs past the end of the ${bytes.length}-byte file`);
  const header = parseHeader(new TextDecoder().decode(bytes.subarray(start, start + headerLen)));
  if (!(header.descr in ITEMSIZE)) fail(`unsupported dtype '${header.descr}'; expected one of ${Object.keys(ITEMSIZE).join(", ")}`);
  if (header.fortran && header.shape.length > 1) fail("Fortran-order arrays are not supported here");
  const dtype = header.descr as NpyDtype;
  const count = header.shape.reduce((a, b) => a * b, 1);
  const size = ITEMSIZE[dtype];
  const offset = start + headerLen;
  if (!Number.isSafeInteger(count * size) || offset + count * size > bytes.length) {
    fail(`shape (${header.shape.join(", ")}) of ${dtype} needs ${count * size} bytes but ${bytes.length - offset} follow the header`);
  }
  const body = new DataView(bytes.buffer, bytes.byteOffset + offset, count * size);
  let data: Float32Array | Int32Array;
  if (dtype === "<i4" || dtype === "<i8") {
    data = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const v = dtype === "<i4" ? body.getInt32(i * 4, true) : Number(body.getBigInt64(i * 8, true));
      if (v < -0x80000000 || v > 0x7fffffff) fail(`value ${v} at ${i} does not fit int32`);
      data[i] = v;
    }
  } else {
    data = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      data[i] = dtype === "<f4" ? body.getFloat32(i * 4, true) : dtype === "<f8" ? body.getFloat64(i * 8, true) : halfToFloat(body.getUint16(i * 2, true));
    }
  }
  return { dtype, shape: header.shape, data };
}
