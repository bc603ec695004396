// safetensors read and write: an 8-byte little-endian header length, a JSON header of dtypes,
// shapes and data offsets (plus __metadata__ strings), then the raw little-endian data.
// see: https://github.com/huggingface/safetensors#format
import { preview, SaeError } from "../core/errors.js";
import type { RandomAccess } from "./source.js";
import { ITEM_BYTES, numel, rowRuns, toFloat32, toHalfBits, type Checkpoint, type DType, type LazyTensor } from "./tensor.js";

const DTYPES: Record<string, DType> = {
  F32: "f32",
  F64: "f64",
  F16: "f16",
  BF16: "bf16",
  I64: "i64",
  I32: "i32",
  I16: "i16",
  I8: "i8",
  U8: "u8",
  BOOL: "bool",
};
/** The format's own cap on the header. */
const MAX_HEADER = 100_000_000;
/** The largest header read here: 65,536 tensors of long names fit; an SAE needs a few KB. */
const READ_HEADER = 16 << 20;
/** Most tensors read from one file (as many as a ZIP may hold entries). */
const MAX_TENSORS = 65_536;

function fail(msg: string): never {
  throw new SaeError("E_FORMAT", `safetensors: ${msg}`);
}

/** True when the first bytes look like a safetensors header (a length, then '{'); the length is checked on open. */
export function isSafetensors(head: Uint8Array): boolean {
  if (head.length < 9) return false;
  return new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true) > 1n && head[8] === 0x7b;
}

export async function openSafetensors(ra: RandomAccess): Promise<Checkpoint> {
  if (ra.size < 10) fail(`file of ${ra.size} bytes is too short`);
  const len = Number(new DataView((await ra.read(0, 8)).slice().buffer).getBigUint64(0, true));
  if (len > MAX_HEADER) fail(`header length ${len} exceeds the format's limit of ${MAX_HEADER}`);
  if (len > READ_HEADER) fail(`header of ${len} bytes is larger than sae.js reads (${READ_HEADER}); SAE checkpoints have headers of a few KB`);
  if (len > ra.size - 8) fail(`header length ${len} runs past the end of the ${ra.size}-byte file`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(await ra.read(8, len)));
  } catch (cause) {
    fail(`header is not valid JSON (${(cause as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) fail("header is not a JSON object");
  const count = Object.keys(header).length;
  if (count > MAX_TENSORS + 1) fail(`header lists ${count} tensors, more than the ${MAX_TENSORS} sae.js reads`);
  const dataStart = 8 + len;
  const dataLen = ra.size - dataStart;
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, LazyTensor>();
  const spans: [number, number, string][] = [];
  for (const [name, spec] of Object.entries(header)) {
    if (name === "__metadata__") {
      if (typeof spec !== "object" || spec === null) fail("__metadata__ is not an object");
      for (const [k, v] of Object.entries(spec)) {
        if (typeof v !== "string") fail(`__metadata__.${preview(k)} is not a string`);
        metadata[k] = v;
      }
      continue;
    }
    const s = spec as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = typeof s.dtype === "string" ? DTYPES[s.dtype] : undefined;
    if (!dtype) fail(`tensor ${preview(name)} has unsupported dtype ${preview(s.dtype)}; supported: ${Object.keys(DTYPES).join(", ")}`);
    if (!Array.isArray(s.shape) || !s.shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      fail(`tensor ${preview(name)} has a bad shape ${preview(s.shape)}`);
    const shape = s.shape as number[];
    const off = s.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isSafeInteger(o) && o >= 0))
      fail(`tensor ${preview(name)} has bad data_offsets ${preview(off)}`);
    const [begin, end] = off as [number, number];
    if (begin > end || end > dataLen) fail(`tensor ${preview(name)} data_offsets [${begin}, ${end}] fall outside the ${dataLen} data bytes`);
    const n = numel(shape);
    if (end - begin !== n * ITEM_BYTES[dtype])
      fail(`tensor ${preview(name)} spans ${end - begin} bytes but [${shape}] ${s.dtype} needs ${n * ITEM_BYTES[dtype]}`);
    spans.push([begin, end, name]);
    const rowBytes = shape.length ? (end - begin) / Math.max(1, shape[0]!) : end - begin;
    tensors.set(name, {
      name,
      dtype,
      shape,
      read: async () => toFloat32(await ra.read(dataStart + begin, end - begin), dtype, n),
      async *rows(chunkBytes: number) {
        if (shape.length === 0 || shape[0] === 0) {
          yield toFloat32(await ra.read(dataStart + begin, end - begin), dtype, n);
          return;
        }
        for (const [r0, count] of rowRuns(shape[0]!, rowBytes, chunkBytes)) {
          yield toFloat32(await ra.read(dataStart + begin + r0 * rowBytes, count * rowBytes), dtype, (count * rowBytes) / ITEM_BYTES[dtype]);
        }
      },
    });
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]![0] < spans[i - 1]![1]) fail(`tensors ${preview(spans[i - 1]![2])} and ${preview(spans[i]![2])} overlap`);
  }
  return { format: "safetensors", tensors, metadata, close: () => ra.close() };
}

/**
 * Serialises float32 tensors (row-major) with string metadata, stored as F32 or (rounded to nearest)
 * F16; returns the file's parts.
 */
export function writeSafetensors(
  tensors: { name: string; shape: number[]; data: Float32Array }[],
  metadata: Record<string, string> = {},
  dtype: "F32" | "F16" = "F32",
): Uint8Array[] {
  const width = dtype === "F16" ? 2 : 4;
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    if (t.data.length !== numel(t.shape)) throw new SaeError("E_SHAPE", `safetensors: '${t.name}' has ${t.data.length} values for shape [${t.shape}]`);
    header[t.name] = { dtype, shape: t.shape, data_offsets: [offset, offset + t.data.length * width] };
    offset += t.data.length * width;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8); // 8-byte aligned data
  const headerBytes = new TextEncoder().encode(json);
  const len = new Uint8Array(8);
  new DataView(len.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  const body = (x: Float32Array) =>
    dtype === "F16" ? new Uint8Array(Uint16Array.from(x, toHalfBits).buffer) : new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  return [len, headerBytes, ...tensors.map((t) => body(t.data))];
}
