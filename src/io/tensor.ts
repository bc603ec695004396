// Tensors as files hold them: a dtype, a shape and bytes, read lazily and converted to float32.
import { SaeError } from "../core/errors.js";

export type DType = "f32" | "f64" | "f16" | "bf16" | "i64" | "i32" | "i16" | "i8" | "u8" | "bool";

export const ITEM_BYTES: Record<DType, number> = { f32: 4, f64: 8, f16: 2, bf16: 2, i64: 8, i32: 4, i16: 2, i8: 1, u8: 1, bool: 1 };

/** A named tensor of a checkpoint; `read()` fetches and converts it when it is needed. */
export interface LazyTensor {
  readonly name: string;
  /** The dtype stored in the file (values always arrive as float32). */
  readonly dtype: DType;
  readonly shape: readonly number[];
  read(): Promise<Float32Array>;
  /**
   * The tensor as consecutive chunks of whole rows (first dimension), read by byte range where the
   * file allows, so that a large tensor never sits in memory whole. A chunk may share a buffer
   * with the next: use or copy it before asking for another. Absent: use read().
   */
  rows?(chunkBytes: number): AsyncIterable<Float32Array>;
}

/**
 * Row chunks of about `chunkBytes` of a tensor: by range where it can, else the whole tensor at once.
 * 2 MB: each chunk is garbage once copied into Wasm memory, and fewer bytes wait for the collector
 * (the 151 MB release checkpoint loads at 1.26× its size in peak memory, against 1.34–1.64× with 8 MB).
 */
export async function* tensorRows(t: LazyTensor, chunkBytes = 2 << 20): AsyncIterable<Float32Array> {
  if (t.rows) yield* t.rows(chunkBytes);
  else yield await t.read();
}

/** Splits [0, rows) into runs of whole rows of about chunkBytes each. */
export function* rowRuns(rows: number, rowBytes: number, chunkBytes: number): Iterable<[number, number]> {
  const per = Math.max(1, Math.floor(chunkBytes / Math.max(1, rowBytes)));
  for (let r = 0; r < rows; r += per) yield [r, Math.min(per, rows - r)];
}

/** A checkpoint file opened for reading: its tensors, its metadata and notes on conversions. */
export interface Checkpoint {
  readonly format: "pth" | "safetensors" | "npz" | "npy";
  readonly tensors: ReadonlyMap<string, LazyTensor>;
  /** String metadata: safetensors __metadata__, or cfg.json fields flattened by the caller. */
  readonly metadata: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new SaeError("E_FORMAT", `tensor: bad dimension ${d} in shape [${shape.join(", ")}]`);
    n *= d;
    if (!Number.isSafeInteger(n)) throw new SaeError("E_FORMAT", `tensor: shape [${shape.join(", ")}] has too many elements`);
  }
  return n;
}

const f16Table = new Float32Array(65536);
let f16Ready = false;

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/**
 * Converts `count` elements of `dtype` starting at element `start` of little-endian bytes to
 * float32. float32 data that is aligned is returned as a view, not a copy.
 */
export function toFloat32(bytes: Uint8Array, dtype: DType, count = bytes.length / ITEM_BYTES[dtype]): Float32Array {
  const need = count * ITEM_BYTES[dtype];
  if (bytes.length < need) throw new SaeError("E_FORMAT", `tensor: ${count} ${dtype} values need ${need} bytes, got ${bytes.length}`);
  if (dtype === "f32") {
    if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, count);
    return new Float32Array(bytes.slice(0, need).buffer);
  }
  const out = new Float32Array(count);
  const v = new DataView(bytes.buffer, bytes.byteOffset, need);
  switch (dtype) {
    case "f64":
      for (let i = 0; i < count; i++) out[i] = v.getFloat64(i * 8, true);
      break;
    case "f16":
      if (!f16Ready) {
        for (let h = 0; h < 65536; h++) f16Table[h] = halfToFloat(h);
        f16Ready = true;
      }
      for (let i = 0; i < count; i++) out[i] = f16Table[v.getUint16(i * 2, true)]!;
      break;
    case "bf16": {
      const u = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) u[i] = v.getUint16(i * 2, true) << 16;
      break;
    }
    case "i64":
      for (let i = 0; i < count; i++) out[i] = Number(v.getBigInt64(i * 8, true));
      break;
    case "i32":
      for (let i = 0; i < count; i++) out[i] = v.getInt32(i * 4, true);
      break;
    case "i16":
      for (let i = 0; i < count; i++) out[i] = v.getInt16(i * 2, true);
      break;
    case "i8":
      for (let i = 0; i < count; i++) out[i] = v.getInt8(i);
      break;
    case "u8":
    case "bool":
      for (let i = 0; i < count; i++) out[i] = v.getUint8(i);
      break;
  }
  return out;
}

/**
 * Copies a strided view out of a flat storage: element (i0, i1, …) is storage[offset + Σ i_j·stride_j].
 * Contiguous row-major views come back without a copy.
 */
export function gatherStrided<T extends Float32Array | Int32Array>(storage: T, offset: number, shape: readonly number[], stride: readonly number[]): T {
  const n = numel(shape);
  if (n === 0) return storage.subarray(0, 0) as T;
  let maxIndex = offset;
  for (let j = 0; j < shape.length; j++) {
    if (!Number.isSafeInteger(stride[j]!) || stride[j]! < 0) throw new SaeError("E_FORMAT", `tensor: bad stride ${stride[j]}`);
    maxIndex += (shape[j]! - 1) * stride[j]!;
  }
  if (offset < 0 || maxIndex >= storage.length) {
    throw new SaeError(
      "E_FORMAT",
      `tensor: view (offset ${offset}, shape [${shape}], stride [${stride}]) reaches element ${maxIndex} of a ${storage.length}-element storage`,
    );
  }
  let contiguous = true;
  for (let j = shape.length - 1, expect = 1; j >= 0; j--) {
    if (shape[j]! !== 1 && stride[j]! !== expect) contiguous = false;
    expect *= shape[j]!;
  }
  if (contiguous) return storage.subarray(offset, offset + n) as T;
  const out = new (storage.constructor as { new (n: number): T })(n);
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  let src = offset;
  for (let i = 0; i < n; i++) {
    out[i] = storage[src]!;
    for (let j = rank - 1; j >= 0; j--) {
      idx[j]!++;
      src += stride[j]!;
      if (idx[j]! < shape[j]!) break;
      src -= idx[j]! * stride[j]!;
      idx[j] = 0;
    }
  }
  return out;
}

/** float32 → IEEE half bits, rounded to nearest even (as pgvector's float-to-half cast rounds). */
export function toHalfBits(v: number): number {
  const f = new Float32Array([v]),
    u = new Uint32Array(f.buffer)[0]!;
  const sign = (u >>> 16) & 0x8000,
    exp = (u >>> 23) & 0xff,
    man = u & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (man ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // too large: pgvector refuses these before here
  if (e <= 0) {
    if (e < -10) return sign;
    const m = man | 0x800000,
      shift = 14 - e;
    const half = m >>> shift,
      rest = m & ((1 << shift) - 1),
      mid = 1 << (shift - 1);
    return sign | (half + (rest > mid || (rest === mid && half & 1) ? 1 : 0));
  }
  const half = (e << 10) | (man >>> 13),
    rest = man & 0x1fff;
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0));
}
