// The embedding column of a Parquet row group straight into a Float32Array: the one shape that
// matters for throughput (a list of float, double or float16 values; PLAIN, dictionary or
// BYTE_STREAM_SPLIT; data pages v1 and v2), decoded page by page with hyparquet's own page header,
// decompression and level decoders, but with levels in typed arrays and no per-row JS arrays. hyparquet's general reader assembles every row as a JS
// array of numbers: ~4,000 rows/s at d=1536, slower than the encoder it feeds (measured in
// docs/performance.md); this path is several times faster. Anything else (other encodings, nesting)
// returns undefined and goes through hyparquet's general reader.
// see: https://parquet.apache.org/docs/file-format/nestedencoding/
import { SaeError } from "../core/errors.js";
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
  data_page_header_v2?: {
    num_values: number;
    num_nulls: number;
    num_rows: number;
    encoding: string;
    definition_levels_byte_length: number;
    repetition_levels_byte_length: number;
    is_compressed?: boolean;
  };
}
interface Internals {
  parquetHeader(r: Reader): PageHeader;
  decompressPage(bytes: Uint8Array, size: number, codec: string, compressors: unknown): Uint8Array;
  readRleBitPackedHybrid(r: Reader, width: number, out: Uint8Array | Int32Array, length?: number): void;
}

/** The schema path of a list column from the root: repetition types and the leaf's physical type. */
export interface ListPath {
  /** Repetition of each node below the root, outermost first (list group, repeated group, element). */
  readonly repetition: readonly string[];
  readonly leaf: { type?: string; type_length?: number; logical_type?: { type: string } };
}

/** A column chunk's place in the file, from the row group's metadata. */
export interface ChunkMeta {
  readonly codec: string;
  readonly start: number;
  readonly bytes: number;
}

/** No real page is this large (writers cut pages at about 1 MB); a header claiming more is corrupt. */
const MAX_PAGE = 256 << 20;

const internals = async (): Promise<Internals> => {
  const [column, datapage, encoding] = await Promise.all([
    optionalModule<Pick<Internals, "parquetHeader">>("hyparquet/src/column.js", "reading Parquet"),
    optionalModule<Pick<Internals, "decompressPage">>("hyparquet/src/datapage.js", "reading Parquet"),
    optionalModule<Pick<Internals, "readRleBitPackedHybrid">>("hyparquet/src/encoding.js", "reading Parquet"),
  ]);
  return { parquetHeader: column.parquetHeader, decompressPage: datapage.decompressPage, readRleBitPackedHybrid: encoding.readRleBitPackedHybrid };
};

const bitWidth = (max: number) => 32 - Math.clz32(max);

/**
 * Decodes one row group's list column into [rows, width] float32, or returns undefined where the
 * column is not a single list of PLAIN floats (the caller then uses hyparquet's reader).
 */
export async function fastListVectors(
  bytes: Uint8Array,
  path: ListPath,
  chunk: ChunkMeta,
  rows: number,
  rowStart: number,
  column: string,
  compressors: unknown,
): Promise<VectorChunk | undefined> {
  const leafType = path.leaf.type;
  const itemBytes = leafType === "FLOAT" ? 4 : leafType === "DOUBLE" ? 8 : leafType === "FIXED_LEN_BYTE_ARRAY" && path.leaf.type_length === 2 ? 2 : 0;
  if (!itemBytes || (itemBytes === 2 && path.leaf.logical_type?.type !== "FLOAT16")) return undefined;
  const reps = path.repetition;
  if (reps.filter((r) => r === "REPEATED").length !== 1) return undefined;
  const repAt = reps.indexOf("REPEATED");
  // Definition levels: each non-required node adds one. Below dRep the row's list is null or empty.
  const maxDef = reps.filter((r) => r !== "REQUIRED").length;
  const dRep = reps.slice(0, repAt + 1).filter((r) => r !== "REQUIRED").length;
  const outerOptional = repAt > 0 && reps[0] === "OPTIONAL";
  const hp = await internals();
  const reader: Reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };

  const pages: { n: number; rep: Uint8Array; def: Uint8Array; floats: Float32Array }[] = [];
  let dictionary: Float32Array | undefined;
  // Every entry but a row's first takes a value's bytes, and a null entry is refused anyway, so a
  // page's entry count is bounded by its size: a header claiming more is corrupt (and never allocated).
  const entries = (n: number, size: number) => {
    if (!Number.isSafeInteger(n) || n < 0 || n > size / itemBytes + 65536) throw new SaeError("E_FORMAT", `a page claims ${n} values in ${size} bytes`);
    return n;
  };
  /** `count` values of the leaf type from PLAIN bytes, as float32 (aligned copies). */
  const plain = (b: Uint8Array, count: number): Float32Array => {
    if (b.length < count * itemBytes) throw new SaeError("E_FORMAT", `a page holds ${b.length} bytes for ${count} values`);
    return itemBytes === 4
      ? new Float32Array(b.slice(0, count * 4).buffer)
      : itemBytes === 8
        ? Float32Array.from(new Float64Array(b.slice(0, count * 8).buffer))
        : toFloat32(b, "f16", count);
  };
  while (reader.offset < chunk.bytes) {
    const h = hp.parquetHeader(reader);
    const pageStart = reader.offset;
    if (h.compressed_page_size < 0 || pageStart + h.compressed_page_size > bytes.length) throw new SaeError("E_FORMAT", "a page runs past its column chunk");
    if (h.uncompressed_page_size < 0 || h.uncompressed_page_size > MAX_PAGE) throw new SaeError("E_FORMAT", `a page claims ${h.uncompressed_page_size} bytes`);
    const raw = bytes.subarray(pageStart, pageStart + h.compressed_page_size);
    reader.offset = pageStart + h.compressed_page_size;
    if (h.type === "INDEX_PAGE") continue;
    if (h.type === "DICTIONARY_PAGE") {
      const count = (h as { dictionary_page_header?: { num_values: number } }).dictionary_page_header?.num_values ?? -1;
      if (count < 0 || count * itemBytes > h.uncompressed_page_size) throw new SaeError("E_FORMAT", "a dictionary page's size and count disagree");
      dictionary = plain(hp.decompressPage(raw, h.uncompressed_page_size, chunk.codec, compressors), count);
      continue;
    }
    let n: number, repLevels: Uint8Array, defLevels: Uint8Array, values: Uint8Array, encoding: string;
    if (h.type === "DATA_PAGE" && h.data_page_header) {
      n = entries(h.data_page_header.num_values, h.uncompressed_page_size);
      encoding = h.data_page_header.encoding;
      const page = hp.decompressPage(raw, h.uncompressed_page_size, chunk.codec, compressors);
      const pr: Reader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
      repLevels = new Uint8Array(n);
      hp.readRleBitPackedHybrid(pr, bitWidth(1), repLevels);
      defLevels = new Uint8Array(n);
      if (maxDef) hp.readRleBitPackedHybrid(pr, bitWidth(maxDef), defLevels);
      values = page.subarray(pr.offset);
    } else if (h.type === "DATA_PAGE_V2" && h.data_page_header_v2) {
      const v2 = h.data_page_header_v2;
      n = entries(v2.num_values, h.uncompressed_page_size);
      encoding = v2.encoding;
      const pr: Reader = { view: new DataView(raw.buffer, raw.byteOffset, raw.byteLength), offset: 0 };
      repLevels = new Uint8Array(n);
      hp.readRleBitPackedHybrid(pr, bitWidth(1), repLevels, v2.repetition_levels_byte_length);
      defLevels = new Uint8Array(n);
      if (maxDef) hp.readRleBitPackedHybrid(pr, bitWidth(maxDef), defLevels, v2.definition_levels_byte_length);
      const levelBytes = v2.repetition_levels_byte_length + v2.definition_levels_byte_length;
      values = raw.subarray(levelBytes);
      const size = h.uncompressed_page_size - levelBytes;
      if (v2.is_compressed !== false && size) values = hp.decompressPage(values, size, chunk.codec, compressors);
    } else throw new SaeError("E_FORMAT", `unexpected page type ${h.type}`);
    if (!maxDef) defLevels.fill(0);
    let present = 0;
    for (let i = 0; i < n; i++) if (defLevels[i] === maxDef) present++;
    let floats: Float32Array;
    if (encoding === "PLAIN") floats = plain(values, present);
    else if (encoding === "PLAIN_DICTIONARY" || encoding === "RLE_DICTIONARY") {
      if (!dictionary) throw new SaeError("E_FORMAT", "a dictionary-encoded page without a dictionary page");
      const idx = new Int32Array(present);
      if (present)
        hp.readRleBitPackedHybrid(
          { view: new DataView(values.buffer, values.byteOffset + 1, values.byteLength - 1), offset: 0 },
          values[0]!,
          idx,
          values.length - 1,
        );
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
    pages.push({ n, rep: repLevels, def: defLevels, floats });
  }
  return assemble(pages, { rows, rowStart, column, maxDef, dRep, outerOptional });
}

/**
 * Rows from the pages' levels and values: a new row where the repetition level is 0, a value where
 * the definition level is the maximum. Every row must hold as many values as the first.
 */
function assemble(
  pages: readonly { n: number; rep: Uint8Array; def: Uint8Array; floats: Float32Array }[],
  o: { rows: number; rowStart: number; column: string; maxDef: number; dRep: number; outerOptional: boolean },
): VectorChunk {
  let decoded = 0;
  for (const p of pages) for (let i = 0; i < p.n; i++) if (p.rep[i] === 0) decoded++;
  if (decoded !== o.rows) throw new SaeError("E_FORMAT", `column '${o.column}': the row group decoded to ${decoded} rows, its header says ${o.rows}`);
  // The width is the first row's entry count.
  let width = 0;
  find: for (const p of pages)
    for (let i = 0; i < p.n; i++) {
      if (p.rep[i] === 0 && (width > 0 || p !== pages[0] || i > 0)) break find;
      width++;
    }
  const out = new Float32Array(o.rows * width);
  let row = -1,
    inRow = 0;
  const fail = (code: "E_FORMAT" | "E_SHAPE", what: string): never => {
    throw new SaeError(code, `column '${o.column}': row ${o.rowStart + row} ${what}`);
  };
  const endRow = () => {
    if (row >= 0 && inRow !== width) fail("E_SHAPE", `has ${inRow} values, the rows before it ${width}; embeddings must all be one width`);
  };
  for (const p of pages) {
    let v = 0;
    for (let i = 0; i < p.n; i++) {
      if (p.rep[i] === 0) {
        endRow();
        row++;
        inRow = 0;
        if (row >= o.rows) throw new SaeError("E_FORMAT", `column '${o.column}': the row group holds more rows than its ${o.rows}`);
      } else if (row < 0) throw new SaeError("E_FORMAT", `column '${o.column}': the first value continues a row`);
      const d = p.def[i]!;
      if (d === o.maxDef) {
        if (inRow >= width) fail("E_SHAPE", `has more than ${width} values, the rows before it ${width}; embeddings must all be one width`);
        out[row * width + inRow] = p.floats[v++]!;
        inRow++;
      } else if (d < o.dRep) fail("E_FORMAT", d === 0 && o.outerOptional ? "is null; every row needs an embedding" : "is an empty list");
      else fail("E_FORMAT", `has a null at position ${inRow}`);
    }
  }
  endRow();
  if (row + 1 !== o.rows) throw new SaeError("E_FORMAT", `column '${o.column}': the row group decoded to ${row + 1} rows, its header says ${o.rows}`);
  if (width === 0) throw new SaeError("E_SHAPE", `column '${o.column}': row ${o.rowStart} is an empty list`);
  return { data: out, width };
}
