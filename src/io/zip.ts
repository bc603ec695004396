// ZIP reader for .pth and .npz: central directory (ZIP64 too), stored and deflated entries, CRC-32
// checked. Hostile archives are refused: lying sizes, overlapping or out-of-range entries, unsafe
// names, and inflation past the declared size (deflate bombs) or past a size limit.
// see: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
import { SaeError } from "../core/errors.js";
import { env } from "../runtime/env.js";
import type { RandomAccess } from "./source.js";

export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

export interface ZipLimits {
  /** Largest uncompressed entry accepted (default 4 GiB). */
  maxEntryBytes?: number;
  /** Most entries accepted (default 65,536). */
  maxEntries?: number;
  /**
   * Largest compression ratio of a deflated entry over 1 MiB read whole (default 100, or the
   * environment's SAEJS_ZIP_MAX_RATIO). Weights, embeddings and codes deflate less than 10×;
   * past 100× an entry is nearly all one value, and a small file would fill memory (deflate
   * reaches 1,032×: 1 MB of zeros inflates to 1 GB). Raise it to read such an entry anyway.
   */
  maxRatio?: number;
}

/** The default ceiling of an entry's compression ratio (see ZipLimits.maxRatio). */
export const MAX_ZIP_RATIO = 100;
/** Entries up to this size are read whatever their ratio: they cost nothing. */
const RATIO_FREE_BYTES = 1 << 20;

function maxRatioOf(limits: ZipLimits): number {
  if (limits.maxRatio !== undefined) return limits.maxRatio;
  const v = env("SAEJS_ZIP_MAX_RATIO");
  if (v === undefined || v.trim() === "") return MAX_ZIP_RATIO;
  const n = Number(v);
  if (!(n >= 1)) throw new SaeError("E_ARG", `SAEJS_ZIP_MAX_RATIO must be a number ≥ 1 (a compression ratio), got '${v}'`);
  return n;
}

const EOCD = 0x06054b50,
  EOCD64 = 0x06064b50,
  EOCD64_LOCATOR = 0x07064b50,
  CENTRAL = 0x02014b50,
  LOCAL = 0x04034b50;

function fail(msg: string): never {
  throw new SaeError("E_FORMAT", `zip: ${msg}`);
}

let crcTables: Uint32Array[] | undefined;

/** CRC-32 (IEEE 802.3), as ZIP stores it; slicing-by-8, eight bytes per step (a 151 MB checkpoint is checked in ~0.1 s). */
export function crc32(data: Uint8Array, crc = 0): number {
  if (!crcTables) {
    const t0 = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let j = 0; j < 8; j++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t0[i] = c >>> 0;
    }
    crcTables = [t0];
    for (let k = 1; k < 8; k++) {
      const prev = crcTables[k - 1]!,
        t = new Uint32Array(256);
      for (let i = 0; i < 256; i++) t[i] = (prev[i]! >>> 8) ^ t0[prev[i]! & 0xff]!;
      crcTables.push(t);
    }
  }
  const [t0, t1, t2, t3, t4, t5, t6, t7] = crcTables as [
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
  ];
  let c = ~crc >>> 0;
  let i = 0;
  const n = data.length;
  for (; i + 8 <= n; i += 8) {
    const a = (c ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24))) >>> 0;
    c =
      t7[a & 0xff]! ^
      t6[(a >>> 8) & 0xff]! ^
      t5[(a >>> 16) & 0xff]! ^
      t4[a >>> 24]! ^
      t3[data[i + 4]!]! ^
      t2[data[i + 5]!]! ^
      t1[data[i + 6]!]! ^
      t0[data[i + 7]!]!;
  }
  for (; i < n; i++) c = t0[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

function safeName(name: string): boolean {
  return (
    name.length > 0 &&
    !name.startsWith("/") &&
    !name.includes("\\") &&
    !/^[a-zA-Z]:/.test(name) &&
    !name.split("/").some((seg) => seg === ".." || seg === ".") &&
    !name.includes("\0")
  );
}

/**
 * Inflates raw deflate data, refusing output beyond `expected` bytes. The whole entry goes into one
 * buffer of its declared size (no second copy); with `prefix`, inflation stops once that many
 * bytes are out, so a header can be read without inflating a large member.
 */
async function inflate(data: Uint8Array, expected: number, name: string, prefix?: number): Promise<Uint8Array> {
  if (typeof DecompressionStream === "undefined") fail(`${name} is deflated and this runtime has no DecompressionStream`);
  const want = prefix === undefined ? expected : Math.min(prefix, expected);
  const out = new Uint8Array(want);
  let done = 0;
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  const reader = stream.getReader();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (cause) {
        fail(`${name}: corrupt deflate stream (${(cause as Error).message})`);
      }
      if (chunk.done) break;
      if (prefix === undefined && done + chunk.value.length > expected) fail(`${name} inflates past its declared size of ${expected} bytes`);
      out.set(chunk.value.subarray(0, want - done), done);
      done += Math.min(chunk.value.length, want - done);
      if (prefix !== undefined && done >= want) return out;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  if (done !== want) fail(`${name} inflates to ${done} bytes, not its declared ${expected}`);
  return out;
}

export class ZipReader {
  private constructor(
    private readonly ra: RandomAccess,
    readonly entries: readonly ZipEntry[],
    private readonly dataOffsets: Map<string, number>,
    private readonly maxRatio: number,
  ) {}

  /** Reads and validates the central directory and every local header. */
  static async open(ra: RandomAccess, limits: ZipLimits = {}): Promise<ZipReader> {
    const maxEntryBytes = limits.maxEntryBytes ?? 2 ** 32;
    const maxEntries = limits.maxEntries ?? 65536;
    const maxRatio = maxRatioOf(limits);
    const size = ra.size;
    if (size < 22) fail("file too short for a ZIP end record");
    const tailLen = Math.min(size, 22 + 65535);
    const tail = await ra.read(size - tailLen, tailLen);
    const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tv.getUint32(i, true) === EOCD && i + 22 + tv.getUint16(i + 20, true) === tailLen) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) fail("no end-of-central-directory record (not a ZIP, or truncated)");
    let count = tv.getUint16(eocd + 10, true);
    let cdSize = tv.getUint32(eocd + 12, true);
    let cdOffset = tv.getUint32(eocd + 16, true);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const loc = eocd - 20;
      if (loc < 0 || tv.getUint32(loc, true) !== EOCD64_LOCATOR) fail("ZIP64 sizes without a ZIP64 locator");
      const recOffset = Number(tv.getBigUint64(loc + 8, true));
      const rec = await ra.read(recOffset, 56);
      const rv = new DataView(rec.buffer, rec.byteOffset, 56);
      if (rv.getUint32(0, true) !== EOCD64) fail("bad ZIP64 end record");
      count = Number(rv.getBigUint64(32, true));
      cdSize = Number(rv.getBigUint64(40, true));
      cdOffset = Number(rv.getBigUint64(48, true));
    }
    if (count > maxEntries) fail(`${count} entries exceed the limit of ${maxEntries}`);
    if (cdOffset + cdSize > size) fail(`central directory (${cdSize} bytes at ${cdOffset}) runs past the end of the ${size}-byte file`);
    const cd = await ra.read(cdOffset, cdSize);
    const cv = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
    const entries: ZipEntry[] = [];
    const names = new Set<string>();
    /** Where each name's bytes sit in the central directory, to compare with its local header's. */
    const nameBytesOf = new Map<string, [number, number]>();
    const nameDecoder = new TextDecoder("utf-8", { fatal: false });
    let p = 0;
    for (let i = 0; i < count; i++) {
      const p0 = p;
      if (p + 46 > cdSize || cv.getUint32(p, true) !== CENTRAL) fail(`central directory entry ${i} is malformed`);
      const flags = cv.getUint16(p + 8, true);
      const method = cv.getUint16(p + 10, true);
      const crc = cv.getUint32(p + 16, true);
      let csize = cv.getUint32(p + 20, true);
      let usize = cv.getUint32(p + 24, true);
      const nameLen = cv.getUint16(p + 28, true),
        extraLen = cv.getUint16(p + 30, true),
        commentLen = cv.getUint16(p + 32, true);
      let local = cv.getUint32(p + 42, true);
      if (p + 46 + nameLen + extraLen + commentLen > cdSize) fail(`central directory entry ${i} runs past the directory`);
      const name = nameDecoder.decode(cd.subarray(p + 46, p + 46 + nameLen));
      // ZIP64 extended information: the 64-bit values, in this order, for fields saturated at 0xffffffff.
      let e = p + 46 + nameLen;
      const extraEnd = e + extraLen;
      while (e + 4 <= extraEnd) {
        const id = cv.getUint16(e, true),
          len = cv.getUint16(e + 2, true);
        if (e + 4 + len > extraEnd) fail(`${name}: extra field runs past its entry`);
        if (id === 0x0001) {
          let q = e + 4;
          const next = () => {
            if (q + 8 > e + 4 + len) fail(`${name}: short ZIP64 extra field`);
            const v = Number(cv.getBigUint64(q, true));
            q += 8;
            return v;
          };
          if (usize === 0xffffffff) usize = next();
          if (csize === 0xffffffff) csize = next();
          if (local === 0xffffffff) local = next();
        }
        e += 4 + len;
      }
      p += 46 + nameLen + extraLen + commentLen;
      if (!safeName(name)) fail(`unsafe entry name ${JSON.stringify(name)}`);
      if (names.has(name)) fail(`duplicate entry ${JSON.stringify(name)}`);
      names.add(name);
      if (flags & 1) fail(`${name} is encrypted`);
      if (method !== 0 && method !== 8) fail(`${name} uses compression method ${method}; only stored (0) and deflated (8) are supported`);
      if (method === 0 && csize !== usize) fail(`${name} is stored but its sizes differ (${csize} vs ${usize})`);
      if (usize > maxEntryBytes) fail(`${name} declares ${usize} bytes uncompressed, over the limit of ${maxEntryBytes}`);
      entries.push({ name, method, crc32: crc, compressedSize: csize, size: usize, localHeaderOffset: local });
      nameBytesOf.set(name, [p0 + 46, nameLen]);
    }
    // Local headers: each must agree with the directory, and entries must not overlap.
    // Read in windows of the file, in offset order, so that an archive of many small entries costs
    // a few reads rather than one or two awaited reads per entry.
    const dataOffsets = new Map<string, number>();
    const spans: [number, number, string][] = [];
    const WINDOW = 1 << 20;
    let winStart = 0,
      win: Uint8Array = new Uint8Array(0);
    // Makes [at, at + length) part of the window; returns where it starts in `win`.
    const ensure = async (at: number, length: number): Promise<number> => {
      if (at < winStart || at + length > winStart + win.length) {
        winStart = at;
        win = await ra.read(at, Math.min(cdOffset - at, Math.max(length, WINDOW)));
        wv = new DataView(win.buffer, win.byteOffset, win.byteLength);
      }
      return at - winStart;
    };
    let wv = new DataView(win.buffer);
    // The same, without an await, when it is already in the window (nearly every entry).
    const at0 = (at: number, length: number): number | undefined => (at >= winStart && at + length <= winStart + win.length ? at - winStart : undefined);
    for (const en of [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)) {
      const [cdNameAt, cdNameLen] = nameBytesOf.get(en.name)!;
      if (en.localHeaderOffset + 30 + cdNameLen > cdOffset) fail(`${en.name}: local header at ${en.localHeaderOffset} is outside the data area`);
      const h = at0(en.localHeaderOffset, 30 + cdNameLen) ?? (await ensure(en.localHeaderOffset, 30 + cdNameLen));
      if (wv.getUint32(h, true) !== LOCAL) fail(`${en.name}: no local header at ${en.localHeaderOffset}`);
      const nameLen = wv.getUint16(h + 26, true),
        extraLen = wv.getUint16(h + 28, true);
      let same = nameLen === cdNameLen;
      for (let i = 0; same && i < nameLen; i++) same = win[h + 30 + i] === cd[cdNameAt + i];
      if (!same) fail(`${en.name}: local header names another entry`);
      if (wv.getUint16(h + 8, true) !== en.method) fail(`${en.name}: local header disagrees with the directory on the method`);
      const start = en.localHeaderOffset + 30 + nameLen + extraLen;
      const end = start + en.compressedSize;
      if (end > cdOffset) fail(`${en.name}: data (${en.compressedSize} bytes at ${start}) runs into the central directory`);
      dataOffsets.set(en.name, start);
      spans.push([en.localHeaderOffset, end, en.name]);
    }
    spans.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) {
      if (spans[i]![0] < spans[i - 1]![1]) fail(`entries ${spans[i - 1]![2]} and ${spans[i]![2]} overlap`);
    }
    return new ZipReader(ra, entries, dataOffsets, maxRatio);
  }

  private byName: Map<string, ZipEntry> | undefined;

  get(name: string): ZipEntry | undefined {
    this.byName ??= new Map(this.entries.map((e) => [e.name, e]));
    return this.byName.get(name);
  }

  /** Byte offset of an entry's data in the file (stored entries can be read in place by range). */
  dataOffset(entry: ZipEntry): number {
    return this.dataOffsets.get(entry.name)!;
  }

  /**
   * A stored entry's bytes [start, start + length) by range, without the CRC check (which needs
   * the whole entry): callers that read every byte use readRuns.
   */
  async readRange(entry: ZipEntry, start: number, length: number, into?: Uint8Array): Promise<Uint8Array> {
    if (entry.method !== 0) fail(`${entry.name}: ranges of deflated entries cannot be read`);
    if (start < 0 || length < 0 || start + length > entry.size) fail(`${entry.name}: range [${start}, ${start + length}) is outside its ${entry.size} bytes`);
    return this.ra.read(this.dataOffset(entry) + start, length, into);
  }

  /**
   * A stored entry read whole as consecutive byte runs, its CRC-32 checked after the last. One
   * buffer serves every run: a run is valid only until the next is requested.
   */
  async *readRuns(entry: ZipEntry, runs: Iterable<[number, number]>): AsyncIterable<Uint8Array> {
    let crc = 0,
      next = 0;
    const list = [...runs];
    const buf = new Uint8Array(Math.max(0, ...list.map(([, l]) => l)));
    for (const [start, length] of list) {
      if (start !== next) fail(`${entry.name}: runs must be consecutive`);
      const b = await this.readRange(entry, start, length, buf);
      crc = crc32(b, crc);
      next = start + length;
      if (next === entry.size && crc !== entry.crc32)
        fail(`${entry.name}: CRC-32 mismatch (stored ${entry.crc32.toString(16)}, computed ${crc.toString(16)}): the file is corrupt`);
      yield b;
    }
    if (next !== entry.size) fail(`${entry.name}: read ${next} of ${entry.size} bytes`);
  }

  /** The entry's first `length` bytes (fewer if it is shorter), inflating no more than that; not CRC-checked. */
  async readPrefix(entry: ZipEntry, length: number): Promise<Uint8Array> {
    const n = Math.min(length, entry.size);
    if (entry.method === 0) return this.readRange(entry, 0, n);
    // Deflate needs input from the start; a prefix of the output comes from a prefix of the input,
    // but how much is unknown, so the whole compressed entry is read (its size is the file's own).
    return inflate(await this.ra.read(this.dataOffset(entry), entry.compressedSize), entry.size, entry.name, n);
  }

  /**
   * The entry's bytes, inflated if deflated, CRC-32 checked. A deflated entry of more than 1 MiB
   * that would inflate more than maxRatio times is refused from its sizes, before it is read.
   */
  async read(entry: ZipEntry): Promise<Uint8Array> {
    if (entry.method === 8 && entry.size > RATIO_FREE_BYTES && entry.size > this.maxRatio * entry.compressedSize) {
      const ratio = Math.ceil(entry.size / Math.max(1, entry.compressedSize));
      fail(
        `${entry.name} inflates ${ratio}× (${entry.compressedSize} bytes to ${entry.size}): more than the ${this.maxRatio}× sae.js reads, as weights, ` +
          `embeddings and codes deflate less than 10×; if the file is yours, save it uncompressed (np.savez, not savez_compressed) or set SAEJS_ZIP_MAX_RATIO=${ratio}`,
      );
    }
    const raw = await this.ra.read(this.dataOffset(entry), entry.compressedSize);
    const data = entry.method === 0 ? raw : await inflate(raw, entry.size, entry.name);
    const crc = crc32(data);
    if (crc !== entry.crc32) fail(`${entry.name}: CRC-32 mismatch (stored ${entry.crc32.toString(16)}, computed ${crc.toString(16)}): the file is corrupt`);
    return data;
  }
}
