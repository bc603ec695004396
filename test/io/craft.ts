// Builders for hostile files: pickles op by op, and ZIPs whose fields can lie.
import { deflateRawSync } from "node:zlib";
import { crc32 } from "../../src/io/zip.js";
import { concat } from "../../src/io/zip-write.js";

/** A pickle assembled from opcodes and raw bytes. */
export function pickle(...parts: (number | string | Uint8Array)[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === "number") out.push(p);
    else if (typeof p === "string") out.push(...new TextEncoder().encode(p));
    else out.push(...p);
  }
  return Uint8Array.from(out);
}

export const op = {
  PROTO2: [0x80, 2],
  GLOBAL: 0x63,
  REDUCE: 0x52,
  EMPTY_TUPLE: 0x29,
  MARK: 0x28,
  TUPLE: 0x74,
  STOP: 0x2e,
  BUILD: 0x62,
  EMPTY_DICT: 0x7d,
  EMPTY_LIST: 0x5d,
  APPEND: 0x61,
  INST: 0x69,
  OBJ: 0x6f,
  LONG_BINPUT: 0x72,
  BINUNICODE: 0x58,
  NEWOBJ: 0x81,
  SETITEM: 0x73,
} as const;

export interface CraftEntry {
  name: string;
  data: Uint8Array;
  deflate?: boolean;
  /** `data` is already raw deflate (claimSize and claimCrc then describe the inflated bytes). */
  precompressed?: boolean;
  /** Overrides of what the headers claim. */
  claimSize?: number;
  claimCrc?: number;
  localName?: string;
  /** Point this entry's directory record at another entry's local header. */
  sameLocalAs?: number;
}

/** A ZIP whose central directory says what the entries claim (ZIP64 sizes where a claim needs it). */
export function craftZip(entries: CraftEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  const offsets: number[] = [];
  let offset = 0;
  const enc = new TextEncoder();
  entries.forEach((e, _i) => {
    const body = e.deflate && !e.precompressed ? new Uint8Array(deflateRawSync(e.data)) : e.data;
    const name = enc.encode(e.name);
    const localName = enc.encode(e.localName ?? e.name);
    const crc = e.claimCrc ?? crc32(e.data);
    const size = e.claimSize ?? e.data.length;
    const big = size >= 0xffffffff;
    const local = new Uint8Array(30 + localName.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(8, e.deflate || e.precompressed ? 8 : 0, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, big ? 0xffffffff : size, true);
    lv.setUint16(26, localName.length, true);
    local.set(localName, 30);
    offsets.push(offset);
    chunks.push(local, body);
    const extra = big ? new Uint8Array(12) : new Uint8Array(0);
    if (big) {
      const ev = new DataView(extra.buffer);
      ev.setUint16(0, 1, true);
      ev.setUint16(2, 8, true);
      ev.setBigUint64(4, BigInt(size), true);
    }
    const cd = new Uint8Array(46 + name.length + extra.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(10, e.deflate || e.precompressed ? 8 : 0, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, big ? 0xffffffff : size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint16(30, extra.length, true);
    cv.setUint32(42, e.sameLocalAs !== undefined ? offsets[e.sameLocalAs]! : offset, true);
    cd.set(name, 46);
    cd.set(extra, 46 + name.length);
    central.push(cd);
    offset += local.length + body.length;
  });
  const cdSize = central.reduce((a, c) => a + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return concat([...chunks, ...central, end]);
}

/** A .pth holding the given data.pkl (and optional storages). */
export function pthWith(pkl: Uint8Array, storages: Record<string, Uint8Array> = {}): Uint8Array {
  return craftZip([
    { name: "archive/data.pkl", data: pkl },
    ...Object.entries(storages).map(([k, data]) => ({ name: `archive/data/${k}`, data })),
    { name: "archive/version", data: new TextEncoder().encode("3\n") },
  ]);
}
