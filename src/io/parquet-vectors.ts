// The embedding column of a Parquet row group as float32 rows, page by page: the one shape that
// matters for throughput (a list of float, double or float16 values; PLAIN, dictionary or
// BYTE_STREAM_SPLIT; data pages v1 and v2). Decoded with hyparquet's own page header parser and
// decompression, levels by a bounded decoder into typed arrays, no per-row JS arrays, and
// one page in memory at a time: hyparquet's general reader assembles every row of a row group as
// a JS array of numbers (~4,000 rows/s at d=1536, slower than the encoder it feeds, and memory in
// proportion to the row group: pandas writes row groups of a million rows). Other shapes return
// undefined and go through hyparquet's general reader.
// see: https://parquet.apache.org/docs/file-format/nestedencoding/
import { SaeError } from "../core/errors.js";
import type { RandomAccess } from "../core/access.js";
import { optionalModule } from "../runtime/optional.js";
import { toFloat32 } from "./tensor.js";
import type { VectorChunk } from "./table.js";

interface Reader {
  view: DataView;
  offset: number;
}
interface PageHeader {
  type: string;
  uncompressed_page_size: number;
  compressed_page_size: number;
  data_page_header?: { num_values: number; encoding: string };
  dictionary_page_header?: { num_values: number };
  data_page_header_v2?: {
    num_values: number;
    encoding: string;
    definition_levels_byte_length: number;
    repetition_levels_byte_length: number;
    is_compressed?: boolean;
  };
}
interface Internals {
  parquetHeader(r: Reader): PageHeader;
  decompressPage(bytes: Uint8Array, size: number, codec: string, compressors: unknown): Uint8Array;
}

/** The schema path of a list column below the root: repetition of each node, and the leaf. */
export interface ListPath {
  readonly repetition: readonly string[];
  readonly leaf: { type?: string; type_length?: number; logical_type?: { type: string } };
}

/** A column chunk: where it lies in the file and how it is compressed. */
export interface ChunkMeta {
  readonly codec: string;
  readonly start: number;
  readonly bytes: number;
}

/** Where the decoded rows belong: the row group's rows and first row, and the column's name. */
export interface GroupInfo {
  readonly rows: number;
  readonly rowStart: number;
  readonly column: string;
}

/** No real page is this large (writers cut pages at about 1 MB); a header claiming more is corrupt. */
const MAX_PAGE = 256 << 20;
/** Entries (values and nulls) a page may hold: 64 M, over twice DuckDB's largest (28 M); the count sizes level arrays before anything is decoded. */
const MAX_ENTRIES = 1 << 26;
/** The widest embedding read: the widest models give 16,384; a list longer than this is not an embedding row. */
export const MAX_WIDTH = 1 << 16;
/**
 * Entries (values and nulls) a column chunk may decode to: 65,536, plus 32 per byte it stores.
 * Real embeddings store a byte or more per value (float, float16, or a dictionary index of a few
 * bits beside its levels); runs of RLE levels and indices cost no bytes at all, so without this a
 * 200-byte chunk decodes to gigabytes. A column of one value repeated (zeros) past it is refused.
 */
export const listEntryBudget = (chunkBytes: number) => (1 << 16) + 32 * chunkBytes;
/** Bytes read for a page header at first; a header with large statistics gets a second, larger read. */
const HEADER_READ = 16 << 10;

const internals = async (): Promise<Internals> => {
  const [column, datapage] = await Promise.all([
    optionalModule<Pick<Internals, "parquetHeader">>("hyparquet/src/column.js", "reading Parquet"),
    optionalModule<Pick<Internals, "decompressPage">>("hyparquet/src/datapage.js", "reading Parquet"),
  ]);
  return { parquetHeader: column.parquetHeader, decompressPage: datapage.decompressPage };
};

const bitWidth = (max: number) => 32 - Math.clz32(max);

/**
 * The RLE/bit-packed hybrid encoding (levels, dictionary indices) of bytes[offset, offset+length),
 * decoded into `out` where given, and checked: every run inside the bytes, no repeated run past
 * `count` values, and (`atLeast`) no fewer than `count` in all. hyparquet's decoder trusts run
 * lengths, writing past its array (a JS array then grows by gigabytes); this one never reads or
 * writes out of bounds (bit-packed runs, padded by some writers past the count, are clipped).
 */
export function rleHybrid(
  bytes: Uint8Array,
  offset: number,
  length: number,
  width: number,
  count: number,
  out?: Uint8Array | Int32Array,
  atLeast = true,
): void {
  const end = offset + length;
  if (offset < 0 || length < 0 || end > bytes.length || width > 32) throw new SaeError("E_FORMAT", "levels or indices lie outside their page");
  const byteWidth = (width + 7) >> 3;
  let at = offset,
    seen = 0;
  while (seen < count && at < end) {
    let header = 0,
      shift = 0,
      b: number;
    do {
      if (at >= end || shift > 28) throw new SaeError("E_FORMAT", "a run header of levels or indices is cut off");
      b = bytes[at++]!;
      header |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    header >>>= 0;
    if (header & 1) {
      // Bit-packed: groups of 8 values, `width` bits each.
      const values = (header >>> 1) * 8;
      const bits = values * width;
      if (at + Math.ceil(bits / 8) > end) throw new SaeError("E_FORMAT", "bit-packed levels or indices run past their page");
      if (out)
        for (let i = 0; i < values && seen + i < out.length; i++) {
          let v = 0;
          for (let k = 0; k < width; k++) {
            const bit = i * width + k;
            v |= ((bytes[at + (bit >> 3)]! >> (bit & 7)) & 1) << k;
          }
          out[seen + i] = v;
        }
      at += Math.ceil(bits / 8);
      seen += values;
    } else {
      const values = header >>> 1;
      if (at + byteWidth > end) throw new SaeError("E_FORMAT", "a run of levels or indices is cut off");
      let v = 0;
      for (let k = 0; k < byteWidth; k++) v |= bytes[at + k]! << (8 * k);
      at += byteWidth;
      // A repeated run costs no bytes, so its length is the lie that matters: hyparquet writes all of it.
      if (seen + values > count + 7) throw new SaeError("E_FORMAT", `a run of levels or indices claims ${values} values where the page holds ${count}`);
      if (out) out.fill(v, Math.min(seen, out.length), Math.min(seen + values, out.length));
      seen += values;
    }
  }
  if (atLeast && seen < count) throw new SaeError("E_FORMAT", `levels hold ${seen} values where the page holds ${count}`);
}

/** One data page: levels and the values present, as float32. */
interface Page {
  readonly n: number;
  readonly rep: Uint8Array;
  readonly def: Uint8Array;
  readonly floats: Float32Array;
}

/**
 * Rows from pages' levels and values: a new row where the repetition level is 0, a value where the
 * definition level is the maximum. Every row must hold as many values as the first. A row may
 * continue on the next page: the open row is held until the next row starts or the chunk ends.
 */
class RowAssembler {
  private width = -1;
  /** Rows started so far (the open row is row − 1). */
  private row = 0;
  /** The open row's values, in pieces. */
  private open: Float32Array[] = [];
  private openLength = 0;

  constructor(
    private readonly g: GroupInfo,
    private readonly levels: { maxDef: number; dRep: number; outerOptional: boolean },
  ) {}

  private fail(row: number, code: "E_FORMAT" | "E_SHAPE", what: string): never {
    throw new SaeError(code, `column '${this.g.column}': row ${this.g.rowStart + row} ${what}`);
  }

  /** Checks a completed row's length (the first sets the width). */
  private check(row: number, length: number): void {
    if (this.width < 0) {
      if (length === 0) this.fail(row, "E_SHAPE", "is an empty list");
      this.width = length;
    } else if (length !== this.width) this.fail(row, "E_SHAPE", `has ${length} values, the rows before it ${this.width}; embeddings must all be one width`);
  }

  /** Takes a page; returns the rows it completed, [rows, width] each. */
  push(p: Page): VectorChunk[] {
    const { maxDef, dRep, outerOptional } = this.levels;
    // Every entry must be a value: find the first that is not and name its row.
    for (let i = 0, row = this.row - 1, at = this.openLength; i < p.n; i++) {
      if (p.rep[i] === 0) {
        row++;
        at = 0;
      }
      const d = p.def[i]!;
      if (d !== maxDef) {
        if (row < 0) break; // reported below
        this.fail(
          row,
          "E_FORMAT",
          d < dRep ? (d === 0 && outerOptional ? "is null; every row needs an embedding" : "is an empty list") : `has a null at position ${at}`,
        );
      }
      at++;
    }
    const starts: number[] = [];
    for (let i = 0; i < p.n; i++) if (p.rep[i] === 0) starts.push(i);
    if (this.row === 0 && p.n > 0 && starts[0] !== 0) throw new SaeError("E_FORMAT", `column '${this.g.column}': the first value continues a row`);
    if (this.row + starts.length > this.g.rows)
      throw new SaeError("E_FORMAT", `column '${this.g.column}': the row group holds more rows than its ${this.g.rows}`);
    // The open row's pieces are copies: a decompressor may reuse the page's buffer for the next page.
    // A row that runs on for pages is refused as soon as it is longer than a row can be.
    let longest = this.openLength + (starts[0] ?? p.n);
    for (let j = 0; j < starts.length; j++) longest = Math.max(longest, (starts[j + 1] ?? p.n) - starts[j]!);
    const cap = this.width > 0 ? this.width : MAX_WIDTH;
    if (longest > cap)
      this.fail(
        Math.max(this.row - 1, 0),
        "E_SHAPE",
        this.width > 0
          ? `is longer than the rows before it (${this.width}); embeddings must all be one width`
          : `holds more than ${MAX_WIDTH} values; no embedding is that wide`,
      );
    if (!starts.length) {
      this.open.push(p.floats.slice(0, p.n));
      this.openLength += p.n;
      return [];
    }
    // Values are entries now: rows are the segments between starts. The first closes the open row
    // (a copy); the rest lie contiguous in the page's values and go out as one view, not copied.
    const out: VectorChunk[] = [];
    if (this.row > 0) {
      const closing = this.emit(this.row - 1, [...this.open, p.floats.subarray(0, starts[0])]);
      out.push(closing);
    }
    for (let j = 0; j + 1 < starts.length; j++) this.check(this.row + j, starts[j + 1]! - starts[j]!);
    if (starts.length > 1) out.push({ data: p.floats.subarray(starts[0], starts.at(-1)), width: this.width });
    this.row += starts.length;
    this.open = [p.floats.slice(starts.at(-1), p.n)];
    this.openLength = p.n - starts.at(-1)!;
    return out;
  }

  /** One row from its pieces, checked and copied. */
  private emit(row: number, parts: Float32Array[]): VectorChunk {
    this.check(
      row,
      parts.reduce((a, x) => a + x.length, 0),
    );
    const data = new Float32Array(this.width);
    let at = 0;
    for (const x of parts) {
      data.set(x, at);
      at += x.length;
    }
    return { data, width: this.width };
  }

  /** The last row, and the check that the group held as many rows as it says. */
  finish(): VectorChunk | undefined {
    if (this.row !== this.g.rows)
      throw new SaeError("E_FORMAT", `column '${this.g.column}': the row group decoded to ${this.row} rows, its header says ${this.g.rows}`);
    const last = this.row > 0 ? this.emit(this.row - 1, this.open) : undefined;
    this.open = [];
    return last;
  }
}

/** A chunk whose pages claim more entries than its bytes or rows allow (listEntryBudget, MAX_WIDTH). */
function entryBudgetError(column: string, entries: number, bytes: number, rows: number): SaeError {
  return new SaeError(
    "E_FORMAT",
    `column '${column}': its pages claim ${entries} values in ${bytes} bytes for ${rows} rows, more than such a chunk can hold (at most ${MAX_WIDTH} a row, and 65,536 plus 32 per stored byte); the file is corrupt or built to decompress into gigabytes`,
  );
}

/** The page header at `at` within `chunk`, and the offset of the page's bytes (hyparquet's parser, errors typed). */
async function pageHeader(ra: RandomAccess, hp: Internals, chunk: ChunkMeta, at: number): Promise<{ h: PageHeader; body: number }> {
  const left = chunk.start + chunk.bytes - at;
  for (const size of [HEADER_READ, 1 << 20]) {
    const b = await ra.read(at, Math.min(size, left));
    const r: Reader = { view: new DataView(b.buffer, b.byteOffset, b.byteLength), offset: 0 };
    try {
      const h = hp.parquetHeader(r);
      return { h, body: at + r.offset };
    } catch (e) {
      if (size >= left || !(e instanceof RangeError)) throw new SaeError("E_FORMAT", `a page header at byte ${at} does not parse (${(e as Error).message})`);
    }
  }
  throw new SaeError("E_FORMAT", `a page header at byte ${at} is larger than 1 MB`);
}

/** A page's sizes and value count, checked before anything is read or allocated by them. */
function checkPage(h: PageHeader, at: number, body: number, chunk: ChunkMeta): void {
  if (!Number.isSafeInteger(h.compressed_page_size) || h.compressed_page_size < 0 || body + h.compressed_page_size > chunk.start + chunk.bytes)
    throw new SaeError("E_FORMAT", `a page at byte ${at} runs past its column chunk`);
  if (!Number.isSafeInteger(h.uncompressed_page_size) || h.uncompressed_page_size < 0 || h.uncompressed_page_size > MAX_PAGE)
    throw new SaeError("E_FORMAT", `a page claims ${h.uncompressed_page_size} bytes`);
  const n = h.data_page_header?.num_values ?? h.data_page_header_v2?.num_values ?? h.dictionary_page_header?.num_values ?? 0;
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_ENTRIES) throw new SaeError("E_FORMAT", `a page claims ${n} values (at most ${MAX_ENTRIES} are read)`);
  // A dictionary is PLAIN values, each at least a bit: more than its bytes can hold is a lie.
  if (h.type === "DICTIONARY_PAGE" && n > h.uncompressed_page_size * 8)
    throw new SaeError("E_FORMAT", `a dictionary page claims ${n} values in ${h.uncompressed_page_size} bytes`);
}

/**
 * Walks a column chunk's page headers and checks each page's sizes and counts (hyparquet's reader
 * trusts them: a negative page size sends it back to an earlier offset, forever). Returns the
 * values the data pages hold.
 */
export async function checkPages(
  ra: RandomAccess,
  chunk: ChunkMeta,
  maxValues: number,
  levels: { maxRep: number; maxDef: number },
  compressors: unknown,
): Promise<number> {
  const hp = await internals();
  let values = 0;
  const dictionaryIndices = (page: Uint8Array, encoding: string | undefined, n: number) => {
    if ((encoding === "PLAIN_DICTIONARY" || encoding === "RLE_DICTIONARY") && page.length) rleHybrid(page, 1, page.length - 1, page[0]!, n, undefined, false);
  };
  for (let at = chunk.start; at < chunk.start + chunk.bytes; ) {
    const { h, body } = await pageHeader(ra, hp, chunk, at);
    checkPage(h, at, body, chunk);
    const raw = h.type === "DATA_PAGE" || h.type === "DATA_PAGE_V2" ? await ra.read(body, h.compressed_page_size) : undefined;
    // The runs of levels and dictionary indices, which hyparquet's decoder trusts.
    if (raw && h.type === "DATA_PAGE" && h.data_page_header) {
      const n = h.data_page_header.num_values;
      const page = hp.decompressPage(raw, h.uncompressed_page_size, chunk.codec, compressors);
      const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
      let pos = 0;
      for (const max of [levels.maxRep, levels.maxDef]) {
        if (!max) continue;
        if (pos + 4 > page.length) throw new SaeError("E_FORMAT", "a page's levels are cut off");
        const length = view.getUint32(pos, true);
        rleHybrid(page, pos + 4, length, bitWidth(max), n);
        pos += 4 + length;
      }
      dictionaryIndices(page.subarray(pos), h.data_page_header.encoding, n);
    } else if (raw && h.type === "DATA_PAGE_V2" && h.data_page_header_v2) {
      const v2 = h.data_page_header_v2;
      if (levels.maxRep) rleHybrid(raw, 0, v2.repetition_levels_byte_length, bitWidth(levels.maxRep), v2.num_values);
      if (levels.maxDef) rleHybrid(raw, v2.repetition_levels_byte_length, v2.definition_levels_byte_length, bitWidth(levels.maxDef), v2.num_values);
      const levelBytes = v2.repetition_levels_byte_length + v2.definition_levels_byte_length;
      const size = h.uncompressed_page_size - levelBytes;
      const rest = raw.subarray(levelBytes);
      dictionaryIndices(v2.is_compressed !== false && size ? hp.decompressPage(rest, size, chunk.codec, compressors) : rest, v2.encoding, v2.num_values);
    }
    if (h.type === "DATA_PAGE" || h.type === "DATA_PAGE_V2") values += h.data_page_header?.num_values ?? h.data_page_header_v2?.num_values ?? 0;
    // The general reader makes a JS array entry per value: more values than the rows can hold is a lie, refused before it costs memory.
    if (values > maxValues) throw new SaeError("E_FORMAT", `a column chunk's pages claim more than the ${maxValues} values its rows can hold`);
    if (levels.maxRep && values > listEntryBudget(chunk.bytes))
      throw new SaeError(
        "E_FORMAT",
        `a list column chunk's pages claim ${values} values in ${chunk.bytes} bytes (at most 65,536 plus 32 per stored byte); the file is corrupt or built to decompress into gigabytes`,
      );
    at = body + h.compressed_page_size;
  }
  return values;
}

/**
 * Decodes one row group's list column page by page, reading each page by byte range, and yields
 * rows as they complete; undefined where the column is not a list of floats in an encoding decoded
 * here (the caller then uses hyparquet's reader for the whole group).
 */
export async function listVectorPages(
  ra: RandomAccess,
  path: ListPath,
  chunk: ChunkMeta,
  g: GroupInfo,
  compressors: unknown,
): Promise<AsyncIterable<VectorChunk> | undefined> {
  const leafType = path.leaf.type;
  const itemBytes = leafType === "FLOAT" ? 4 : leafType === "DOUBLE" ? 8 : leafType === "FIXED_LEN_BYTE_ARRAY" && path.leaf.type_length === 2 ? 2 : 0;
  if (!itemBytes || (itemBytes === 2 && path.leaf.logical_type?.type !== "FLOAT16")) return undefined;
  const reps = path.repetition;
  if (reps.filter((r) => r === "REPEATED").length !== 1) return undefined;
  const repAt = reps.indexOf("REPEATED");
  // Definition levels: each non-required node adds one. Below dRep the row's list is null or empty.
  const maxDef = reps.filter((r) => r !== "REQUIRED").length;
  const dRep = reps.slice(0, repAt + 1).filter((r) => r !== "REQUIRED").length;
  const hp = await internals();

  /** `count` values of the leaf type from PLAIN bytes, as float32 (an aligned copy). */
  const plain = (b: Uint8Array, count: number): Float32Array => {
    if (b.length < count * itemBytes) throw new SaeError("E_FORMAT", `a page holds ${b.length} bytes for ${count} values`);
    if (itemBytes === 4) return b.byteOffset % 4 === 0 ? new Float32Array(b.buffer, b.byteOffset, count) : new Float32Array(b.slice(0, count * 4).buffer);
    if (itemBytes === 8) return Float32Array.from(new Float64Array(b.slice(0, count * 8).buffer));
    return toFloat32(b, "f16", count);
  };
  const header = (at: number) => pageHeader(ra, hp, chunk, at);

  /** Levels and values of a data page, or undefined for an encoding not decoded here. */
  const decode = (h: PageHeader, raw: Uint8Array, dictionary: Float32Array | undefined, codec: string): Page | undefined => {
    let n: number, rep: Uint8Array, def: Uint8Array, values: Uint8Array, encoding: string;
    if (h.type === "DATA_PAGE" && h.data_page_header) {
      n = h.data_page_header.num_values; // checked by checkPage
      encoding = h.data_page_header.encoding;
      const page = hp.decompressPage(raw, h.uncompressed_page_size, codec, compressors);
      const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
      let pos = 0;
      const levels = (out: Uint8Array, max: number) => {
        if (pos + 4 > page.length) throw new SaeError("E_FORMAT", "a page's levels are cut off");
        const length = view.getUint32(pos, true);
        rleHybrid(page, pos + 4, length, bitWidth(max), n, out);
        pos += 4 + length;
      };
      rep = new Uint8Array(n);
      levels(rep, 1);
      def = new Uint8Array(n);
      if (maxDef) levels(def, maxDef);
      values = page.subarray(pos);
    } else if (h.type === "DATA_PAGE_V2" && h.data_page_header_v2) {
      const v2 = h.data_page_header_v2;
      n = v2.num_values;
      encoding = v2.encoding;
      rep = new Uint8Array(n);
      rleHybrid(raw, 0, v2.repetition_levels_byte_length, bitWidth(1), n, rep);
      def = new Uint8Array(n);
      if (maxDef) rleHybrid(raw, v2.repetition_levels_byte_length, v2.definition_levels_byte_length, bitWidth(maxDef), n, def);
      const levelBytes = v2.repetition_levels_byte_length + v2.definition_levels_byte_length;
      values = raw.subarray(levelBytes);
      const size = h.uncompressed_page_size - levelBytes;
      if (v2.is_compressed !== false && size) values = hp.decompressPage(values, size, codec, compressors);
    } else throw new SaeError("E_FORMAT", `unexpected page type ${h.type}`);
    let present = 0;
    for (let i = 0; i < n; i++) if (def[i] === maxDef) present++;
    let floats: Float32Array;
    if (encoding === "PLAIN") floats = plain(values, present);
    else if (encoding === "PLAIN_DICTIONARY" || encoding === "RLE_DICTIONARY") {
      if (!dictionary) throw new SaeError("E_FORMAT", "a dictionary-encoded page without a dictionary page");
      const idx = new Int32Array(present);
      if (present) rleHybrid(values, 1, values.length - 1, values[0]!, present, idx);
      floats = new Float32Array(present);
      for (let i = 0; i < present; i++) {
        const at = idx[i]!;
        if (at >= dictionary.length) throw new SaeError("E_FORMAT", `dictionary index ${at} past the dictionary's ${dictionary.length} values`);
        floats[i] = dictionary[at]!;
      }
    } else if (encoding === "BYTE_STREAM_SPLIT") {
      // Byte j of value i is at j·count + i: gather the streams back into values.
      if (values.length < present * itemBytes) throw new SaeError("E_FORMAT", `a page holds ${values.length} bytes for ${present} values`);
      const joined = new Uint8Array(present * itemBytes);
      for (let j = 0; j < itemBytes; j++) for (let i = 0; i < present; i++) joined[i * itemBytes + j] = values[j * present + i]!;
      floats = plain(joined, present);
    } else return undefined;
    return { n, rep, def, floats };
  };

  // The first data page decides whether this path applies; it is decoded again when iterated.
  let dictionary: Float32Array | undefined;
  for (let at = chunk.start; at < chunk.start + chunk.bytes; ) {
    const { h, body } = await header(at);
    checkPage(h, at, body, chunk);
    if (h.type === "DATA_PAGE" || h.type === "DATA_PAGE_V2") {
      const enc = h.data_page_header?.encoding ?? h.data_page_header_v2?.encoding;
      if (enc !== "PLAIN" && enc !== "PLAIN_DICTIONARY" && enc !== "RLE_DICTIONARY" && enc !== "BYTE_STREAM_SPLIT") return undefined;
      break;
    }
    at = body + h.compressed_page_size;
  }
  return {
    async *[Symbol.asyncIterator]() {
      const rows = new RowAssembler(g, { maxDef, dRep, outerOptional: repAt > 0 && reps[0] === "OPTIONAL" });
      let entries = 0;
      const budget = Math.min(listEntryBudget(chunk.bytes), g.rows * MAX_WIDTH);
      for (let at = chunk.start; at < chunk.start + chunk.bytes; ) {
        const { h, body } = await header(at);
        // Every page, not just the first: its count sizes the level and value arrays below.
        checkPage(h, at, body, chunk);
        entries += h.data_page_header?.num_values ?? h.data_page_header_v2?.num_values ?? 0;
        if (entries > budget) throw entryBudgetError(g.column, entries, chunk.bytes, g.rows);
        const raw = await ra.read(body, h.compressed_page_size);
        at = body + h.compressed_page_size;
        if (h.type === "INDEX_PAGE") continue;
        if (h.type === "DICTIONARY_PAGE") {
          const count = h.dictionary_page_header?.num_values ?? -1;
          if (count < 0 || count * itemBytes > h.uncompressed_page_size) throw new SaeError("E_FORMAT", "a dictionary page's size and count disagree");
          dictionary = plain(hp.decompressPage(raw, h.uncompressed_page_size, chunk.codec, compressors), count).slice();
          continue;
        }
        const page = decode(h, raw, dictionary, chunk.codec);
        if (!page) throw new SaeError("E_FORMAT", `column '${g.column}': a page's encoding changes within the column chunk`);
        yield* rows.push(page);
      }
      const last = rows.finish();
      if (last) yield last;
    },
  };
}
