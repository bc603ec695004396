// NumPy .npy and .npz: read (<f4 <f8 <f2 <i4 <i8, C and Fortran order; .npz stored or deflated),
// write (<f4, <i4), and stream row batches of files larger than memory by byte range.
// see: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
import { preview, SaeError } from "../core/errors.js";
import { bytesSource, type RandomAccess } from "./source.js";
import { ZipReader, type ZipEntry } from "./zip.js";
import { gatherStrided, numel, toFloat32, type Checkpoint, type DType, type LazyTensor } from "./tensor.js";

export type NpyDtype = "<f4" | "<f8" | "<f2" | "<i4" | "<i8";

/** A parsed array: float dtypes arrive as Float32Array, integer ones as Int32Array (range-checked). */
export interface NpyArray {
  readonly dtype: NpyDtype;
  readonly shape: number[];
  readonly data: Float32Array | Int32Array;
}

export interface NpyHeader {
  readonly dtype: NpyDtype;
  readonly shape: number[];
  readonly fortran: boolean;
  /** Byte offset of the data. */
  readonly dataOffset: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const DTYPE: Record<NpyDtype, DType> = { "<f4": "f32", "<f8": "f64", "<f2": "f16", "<i4": "i32", "<i8": "i64" };
const ITEMSIZE: Record<NpyDtype, number> = { "<f4": 4, "<f8": 8, "<f2": 2, "<i4": 4, "<i8": 8 };
/** No real header is longer; a longer one is refused before it is read. */
const MAX_HEADER = 1 << 20;

function fail(msg: string): never {
  throw new SaeError("E_FORMAT", `npy: ${msg}`);
}

export function isNpy(head: Uint8Array): boolean {
  return head.length >= 6 && MAGIC.every((b, i) => head[i] === b);
}

/** Parses the header from the file's first bytes (at least 12, more if the header is longer). */
async function readHeader(ra: RandomAccess): Promise<NpyHeader> {
  if (ra.size < 10) fail(`file of ${ra.size} bytes is too short for a header`);
  const pre = await ra.read(0, Math.min(ra.size, 12));
  if (!isNpy(pre)) fail("not a .npy file (bad magic)");
  const major = pre[6]!;
  const view = new DataView(pre.buffer, pre.byteOffset, pre.byteLength);
  let len: number, start: number;
  if (major === 1) {
    len = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (pre.length < 12) fail("truncated header");
    len = view.getUint32(8, true);
    start = 12;
  } else fail(`unsupported format version ${major}`);
  if (len > MAX_HEADER) fail(`header length ${len} is implausibly large`);
  if (start + len > ra.size) fail(`header length ${len} runs past the end of the ${ra.size}-byte file`);
  const text = new TextDecoder().decode(await ra.read(start, len));
  const d = parseHeaderDict(text);
  const keys = [...d.keys()].sort().join(", ");
  if (keys !== "descr, fortran_order, shape") fail(`the header's keys are ${keys || "none"}; NumPy writes exactly descr, fortran_order and shape`);
  const descr = d.get("descr"),
    fortran = d.get("fortran_order"),
    shape = d.get("shape");
  if (typeof descr !== "string") fail("the header's descr is not a string");
  if (typeof fortran !== "boolean") fail("the header's fortran_order is not True or False");
  if (!Array.isArray(shape)) fail("the header's shape is not a tuple of integers");
  if (!(descr in ITEMSIZE)) fail(`unsupported dtype ${preview(descr)}; expected one of ${Object.keys(ITEMSIZE).join(", ")}`);
  const dtype = descr as NpyDtype;
  const count = numel(shape);
  const bytes = count * ITEMSIZE[dtype];
  const dataOffset = start + len;
  if (!Number.isSafeInteger(bytes) || dataOffset + bytes > ra.size) {
    fail(`shape (${shape.join(", ")}) of ${dtype} needs ${bytes} bytes but ${ra.size - dataOffset} follow the header`);
  }
  return { dtype, shape, fortran, dataOffset };
}

type HeaderValue = string | boolean | null | number | number[];

/**
 * The header as the Python literal it is (what numpy's ast.literal_eval reads): a dict of string
 * keys to strings, True/False/None, integers and tuples of integers. A repeated key keeps its last
 * value, as in Python; anything else is refused.
 */
export function parseHeaderDict(text: string): Map<string, HeaderValue> {
  let i = 0;
  const bad = (what: string): never => fail(`malformed header at character ${i}: ${what} (${preview(text.slice(0, 120))})`);
  const space = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const eat = (c: string) => {
    space();
    if (text[i] !== c) bad(`expected '${c}'`);
    i++;
  };
  const str = (): string => {
    space();
    const q = text[i];
    if (q !== "'" && q !== '"') bad("expected a string");
    const end = text.indexOf(q!, i + 1);
    if (end < 0 || text.slice(i + 1, end).includes("\\")) bad("an unterminated or escaped string");
    const v = text.slice(i + 1, end);
    i = end + 1;
    return v;
  };
  const int = (): number => {
    space();
    const m = /^\d{1,16}(?![\d.eEjJ])/.exec(text.slice(i, i + 17));
    if (!m || !Number.isSafeInteger(Number(m[0]))) bad("expected a non-negative integer below 2^53");
    i += m![0].length;
    return Number(m![0]);
  };
  const value = (): HeaderValue => {
    space();
    if (text[i] === "'" || text[i] === '"') return str();
    for (const [word, v] of [
      ["True", true],
      ["False", false],
      ["None", null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    if (text[i] === "(") {
      i++;
      const items: number[] = [];
      let commas = 0;
      for (;;) {
        space();
        if (text[i] === ")") {
          i++;
          break;
        }
        items.push(int());
        space();
        if (text[i] === ",") {
          i++;
          commas++;
          continue;
        }
        if (text[i] === ")") {
          i++;
          break;
        }
        bad("expected ',' or ')' in a tuple");
      }
      // (n) without a comma is an int in Python, not a tuple.
      return items.length === 1 && commas === 0 ? items[0]! : items;
    }
    return int();
  };
  const out = new Map<string, HeaderValue>();
  eat("{");
  for (;;) {
    space();
    if (text[i] === "}") {
      i++;
      break;
    }
    const k = str();
    eat(":");
    out.set(k, value());
    space();
    if (text[i] === ",") {
      i++;
      continue;
    }
    if (text[i] === "}") {
      i++;
      break;
    }
    bad("expected ',' or '}'");
  }
  space();
  if (i !== text.length) bad("text after the dict");
  return out;
}

function decode(raw: Uint8Array, h: NpyHeader): Float32Array | Int32Array {
  const count = numel(h.shape);
  let data: Float32Array | Int32Array;
  if (h.dtype === "<i4" || h.dtype === "<i8") {
    const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    data = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const x = h.dtype === "<i4" ? v.getInt32(i * 4, true) : Number(v.getBigInt64(i * 8, true));
      if (x < -0x80000000 || x > 0x7fffffff) fail(`value ${x} at ${i} does not fit int32`);
      data[i] = x;
    }
  } else {
    data = toFloat32(raw, DTYPE[h.dtype], count);
  }
  if (!h.fortran || h.shape.length < 2) return data;
  // Fortran order: the first index is fastest, so C-order element (i0, i1, …) sits at Σ i_j·Π_{l<j} d_l.
  const strides = h.shape.map((_, j) => h.shape.slice(0, j).reduce((a, b) => a * b, 1));
  return gatherStrided(data, 0, h.shape, strides);
}

/** Reads a whole .npy from a random-access source. */
export async function readNpy(ra: RandomAccess): Promise<NpyArray> {
  const h = await readHeader(ra);
  const raw = await ra.read(h.dataOffset, numel(h.shape) * ITEMSIZE[h.dtype]);
  return { dtype: h.dtype, shape: h.shape, data: decode(raw, h) };
}

/** Parses a whole .npy file held in memory. */
export async function parseNpy(bytes: Uint8Array): Promise<NpyArray> {
  return readNpy(bytesSource(bytes));
}

/** Serialises a C-order array as .npy (version 1.0 header, 64-byte aligned data). */
export function writeNpy(data: Float32Array | Int32Array, shape: number[]): Uint8Array {
  if (numel(shape) !== data.length) throw new SaeError("E_SHAPE", `npy: ${data.length} values do not fill shape (${shape.join(", ")})`);
  const descr = data instanceof Float32Array ? "<f4" : "<i4";
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  header += `${" ".repeat((64 - ((10 + header.length + 1) % 64)) % 64)}\n`;
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

/** A 2-D float .npy opened for row batches: embeddings larger than memory, read by byte range. */
export interface NpyRows {
  readonly rows: number;
  readonly cols: number;
  readonly dtype: NpyDtype;
  /** Rows [start, start + count) as float32. */
  read(start: number, count: number): Promise<Float32Array>;
  /** Consecutive batches of at most `batch` rows. */
  batches(batch: number): AsyncIterable<{ start: number; rows: number; data: Float32Array }>;
  close(): Promise<void>;
}

export async function openNpyRows(ra: RandomAccess): Promise<NpyRows> {
  const h = await readHeader(ra);
  if (h.shape.length !== 2) fail(`expected a 2-D [rows, dim] array, got shape (${h.shape.join(", ")})`);
  if (h.shape[0] === 0 || h.shape[1] === 0)
    throw new SaeError("E_SHAPE", `npy: ${h.shape[0]} × ${h.shape[1]} embeddings: there must be at least one row and one column`);
  if (h.fortran) fail("streaming needs C order; this array is Fortran-ordered (np.ascontiguousarray it, or read it whole)");
  if (h.dtype === "<i4" || h.dtype === "<i8") fail(`expected float embeddings, got ${h.dtype}`);
  const [rows, cols] = h.shape as [number, number];
  const rowBytes = cols * ITEMSIZE[h.dtype];
  const read = async (start: number, count: number) => {
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > rows) {
      throw new SaeError("E_ARG", `npy: rows [${start}, ${start + count}) are outside [0, ${rows})`);
    }
    return toFloat32(await ra.read(h.dataOffset + start * rowBytes, count * rowBytes), DTYPE[h.dtype], count * cols);
  };
  return {
    rows,
    cols,
    dtype: h.dtype,
    read,
    async *batches(batch: number) {
      if (!Number.isInteger(batch) || batch < 1) throw new SaeError("E_ARG", `batch must be a positive integer, got ${batch}`);
      for (let s = 0; s < rows; s += batch) {
        const n = Math.min(batch, rows - s);
        yield { start: s, rows: n, data: await read(s, n) };
      }
    },
    close: () => ra.close(),
  };
}

/**
 * Opens an .npz: each member array becomes a tensor named without its .npy suffix. Only each
 * member's header is read here; a member's data is inflated when its tensor is read, into one
 * buffer, so members nobody reads cost nothing (a member claiming a gigabyte stays unread).
 *
 * What a member may cost: its declared (uncompressed) size must be exactly its header plus the
 * header's shape × dtype, as NumPy writes it, so a member holding more than its header says is
 * refused here, from sizes; its data is inflated only when the caller reads that tensor, whose
 * shape it has seen (a checkpoint's layout, the embeddings it asked for), streamed into a buffer
 * of the declared size and stopped there; and a deflated member of over 1 MiB that inflates more
 * than 100× (ZipLimits.maxRatio, or SAEJS_ZIP_MAX_RATIO to opt in to more) is refused unread.
 */
export async function openNpz(ra: RandomAccess, zip?: ZipReader): Promise<Checkpoint> {
  zip ??= await ZipReader.open(ra);
  const tensors = new Map<string, LazyTensor>();
  for (const entry of zip.entries) {
    if (!entry.name.endsWith(".npy")) fail(`npz member ${entry.name} is not a .npy`);
    const h = await readHeader(memberHeader(zip, entry));
    const holds = h.dataOffset + numel(h.shape) * ITEMSIZE[h.dtype];
    if (entry.size !== holds)
      fail(
        `npz member ${entry.name} declares ${entry.size} bytes, but its header's shape (${h.shape.join(", ")}) of ${h.dtype} and the header make ${holds}: ` +
          "the member holds more than its array (NumPy writes exactly the array); re-save it with np.savez",
      );
    const name = entry.name.slice(0, -4);
    tensors.set(name, {
      name,
      dtype: DTYPE[h.dtype],
      shape: h.shape,
      read: async () => {
        const bytes = await zip.read(entry);
        const data = decode(bytes.subarray(h.dataOffset, h.dataOffset + numel(h.shape) * ITEMSIZE[h.dtype]), h);
        return data instanceof Float32Array ? data : Float32Array.from(data);
      },
    });
  }
  return { format: "npz", tensors, metadata: {}, close: () => ra.close() };
}

/** A member's header bytes as a RandomAccess of the member's size: reads past the header inflate only what they need. */
function memberHeader(zip: ZipReader, entry: ZipEntry): RandomAccess {
  let prefix: Uint8Array = new Uint8Array(0);
  return {
    name: entry.name,
    size: entry.size,
    async read(offset, length) {
      if (offset + length > prefix.length) prefix = await zip.readPrefix(entry, Math.max(offset + length, 256));
      if (offset + length > prefix.length) fail(`${entry.name}: truncated header`);
      return prefix.slice(offset, offset + length);
    },
    close: async () => {},
  };
}
