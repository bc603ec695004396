// Parquet through hyparquet (pure JS: Node, browsers, edge) and its decompressors (snappy, gzip,
// zstd, brotli, lz4), loaded on first use. Byte ranges come from a RandomAccess, so a file on disk,
// behind HTTP or in a Blob is read one row group's column chunk at a time, never whole.
// see: https://parquet.apache.org/docs/file-format/
import { SaeError } from "../core/errors.js";
import type { RandomAccess } from "../core/access.js";
import { optionalModule } from "../runtime/optional.js";
import {
  checkTexts,
  flattenRows,
  joinPieces,
  textBudget,
  onePiece,
  type ColumnarTable,
  type ColumnKind,
  type TableColumn,
  type TableGroup,
  type VectorChunk,
} from "./table.js";
import { checkPages, listEntryBudget, listVectorPages, MAX_WIDTH, type ChunkMeta, type ListPath } from "./parquet-vectors.js";

/** The parts of hyparquet used here, typed here so that its types stay out of sae.js's own. */
interface SchemaElement {
  name: string;
  type?: string;
  type_length?: number;
  repetition_type?: string;
  converted_type?: string;
  logical_type?: { type: string };
}
interface SchemaTree {
  children: SchemaTree[];
  element: SchemaElement;
}
interface FileMetaData {
  num_rows: bigint;
  row_groups: {
    num_rows: bigint;
    columns: {
      meta_data?: {
        path_in_schema: string[];
        codec: string;
        num_values: bigint;
        data_page_offset: bigint;
        dictionary_page_offset?: bigint;
        total_compressed_size: bigint;
      };
    }[];
  }[];
}
interface AsyncBuffer {
  byteLength: number;
  slice(start: number, end?: number): Promise<ArrayBuffer>;
}
interface Hyparquet {
  parquetMetadataAsync(file: AsyncBuffer): Promise<FileMetaData>;
  parquetSchema(metadata: FileMetaData): SchemaTree;
  parquetRead(options: {
    file: AsyncBuffer;
    metadata: FileMetaData;
    columns: string[];
    rowStart: number;
    rowEnd: number;
    compressors: unknown;
    onComplete(rows: unknown[][]): void;
  }): Promise<void>;
}

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // PAR1

export function isParquet(head: Uint8Array): boolean {
  return head.length >= 4 && MAGIC.every((b, i) => head[i] === b);
}

const FLOAT_LEAF: Record<string, string> = { FLOAT: "float", DOUBLE: "double" };

/** Rows of a row group read at once through hyparquet's general reader (texts, ids): a JS value each. */
const MAX_GENERAL_ROWS = 1 << 24;

/** A footer larger than this is refused: one with 100,000 column chunks takes about 20 MB. */
const MAX_FOOTER = 64 << 20;
/**
 * Structs a footer may hold: one per 3 bytes of it, and 1 M in all. hyparquet builds a JS object of
 * ~150 bytes for each, and an empty struct costs one byte: 3 MB of them took 443 MB. Real footers
 * spend 15 bytes or more per struct (a row group's column chunk is 3 structs in 50-300 bytes).
 */
const footerStructBudget = (bytes: number) => Math.min(1 << 20, 4096 + Math.floor(bytes / 3));
/** Thrift values of any kind a footer may hold (each at least a byte; a JS value of 8-50 bytes). */
const MAX_FOOTER_VALUES = 8 << 20;
/** Thrift nesting deeper than this is no Parquet footer (the deepest, a schema's logical type, is 4). */
const MAX_FOOTER_DEPTH = 32;

/**
 * Walks a footer's Thrift compact encoding without building anything, before hyparquet builds it:
 * counts its values and nesting against the bounds above, and checks every length lies inside it.
 * see: https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md
 */
export function checkFooter(b: Uint8Array, name: string): void {
  const structBudget = footerStructBudget(b.length);
  let at = 0,
    values = 0,
    structs = 0;
  const fail = (why: string): never => {
    throw new SaeError("E_FORMAT", `${name}: the Parquet footer ${why}; the file is corrupt or built to exhaust memory`);
  };
  const varint = () => {
    let v = 0,
      mul = 1;
    for (;;) {
      if (at >= b.length) fail("is cut off");
      const x = b[at++]!;
      v += (x & 0x7f) * mul;
      if (!(x & 0x80)) return v;
      mul *= 128;
      if (mul > 2 ** 63) fail("holds a malformed number");
    }
  };
  const count = () => {
    if (++values > MAX_FOOTER_VALUES) fail(`holds more than ${MAX_FOOTER_VALUES} values`);
  };
  const element = (type: number, depth: number): void => {
    count();
    switch (type) {
      case 1:
      case 2:
        return; // booleans: in the field header (a list's booleans take a byte each, below)
      case 3:
        at++;
        return;
      case 4:
      case 5:
      case 6:
        varint();
        return;
      case 7:
        at += 8;
        return;
      case 8: {
        const n = varint();
        if (n > b.length - at) fail(`holds a ${n}-byte string past its end`);
        at += n;
        return;
      }
      case 9:
      case 10: {
        if (depth > MAX_FOOTER_DEPTH) fail(`nests deeper than ${MAX_FOOTER_DEPTH}`);
        if (at >= b.length) fail("is cut off");
        const head = b[at++]!;
        const n = head >> 4 === 15 ? varint() : head >> 4;
        const elem = head & 15;
        if (type === 10) {
          // A map: keys and values, types in one byte.
          if (!n) return;
          const kv = b[at++] ?? fail("is cut off");
          for (let i = 0; i < n; i++) {
            element(kv >> 4, depth + 1);
            element(kv & 15, depth + 1);
          }
          return;
        }
        for (let i = 0; i < n; i++) {
          if (elem === 1 || elem === 2) {
            count();
            at++;
          } else element(elem, depth + 1);
          if (at > b.length) fail("is cut off");
        }
        return;
      }
      case 12: {
        if (depth > MAX_FOOTER_DEPTH) fail(`nests deeper than ${MAX_FOOTER_DEPTH}`);
        if (++structs > structBudget) fail(`holds more than ${structBudget} structs in ${b.length} bytes`);
        for (;;) {
          if (at >= b.length) fail("is cut off");
          const head = b[at++]!;
          if (!(head & 15)) return;
          if (!(head >> 4)) varint(); // a field id in full
          element(head & 15, depth + 1);
          if (at > b.length) fail("is cut off");
        }
      }
      default:
        fail(`holds a value of unknown type ${type}`);
    }
  };
  element(12, 0);
}

/** A top-level column's kind from its schema subtree (3-level and legacy 2-level lists). */
function classify(node: SchemaTree): { kind: ColumnKind; type: string } {
  const el = node.element;
  const leafType = (e: SchemaElement) => (e.type === "FIXED_LEN_BYTE_ARRAY" && e.logical_type?.type === "FLOAT16" ? "halffloat" : FLOAT_LEAF[e.type ?? ""]);
  if (!node.children.length) {
    if (el.repetition_type === "REPEATED") {
      const f = leafType(el);
      return f ? { kind: "vector", type: `repeated ${f}` } : { kind: "other", type: `repeated ${el.type}` };
    }
    const lt = el.logical_type?.type,
      ct = el.converted_type;
    if (el.type === "BYTE_ARRAY" && (ct === "UTF8" || lt === "STRING")) return { kind: "text", type: "string" };
    if ((el.type === "INT32" || el.type === "INT64") && (!ct || /^U?INT_/.test(ct)) && (!lt || lt === "INTEGER"))
      return { kind: "integer", type: el.type.toLowerCase() };
    return { kind: "other", type: (lt ?? ct ?? el.type ?? "group").toLowerCase() };
  }
  const isList = el.converted_type === "LIST" || el.logical_type?.type === "LIST";
  const rep = node.children[0];
  if (isList && node.children.length === 1 && rep) {
    const leaf = rep.children.length === 1 ? rep.children[0] : rep.children.length === 0 ? rep : undefined;
    if (leaf && !leaf.children.length) {
      const f = leafType(leaf.element);
      if (f) return { kind: "vector", type: `list<${f}>` };
      const t = `list<${(leaf.element.type ?? "?").toLowerCase()}>`;
      return { kind: leaf.element.type === "INT32" || leaf.element.type === "INT64" ? "integer-list" : "other", type: t };
    }
  }
  return { kind: "other", type: (el.logical_type?.type ?? el.converted_type ?? "struct").toLowerCase() };
}

/** The nodes from a top-level list column down to its leaf, where it is a list of primitives. */
function listPath(node: SchemaTree): ListPath | undefined {
  const nodes: SchemaElement[] = [];
  for (let n: SchemaTree | undefined = node; n; n = n.children.length === 1 ? n.children[0] : undefined) {
    nodes.push(n.element);
    if (!n.children.length) return { repetition: nodes.map((e) => e.repetition_type ?? "REQUIRED"), leaf: n.element };
  }
  return undefined;
}

/** A hyparquet failure on a corrupt or unsupported file, as E_FORMAT naming the file. */
function parquetError(name: string | undefined, cause: unknown): SaeError {
  if (cause instanceof SaeError) return cause;
  return new SaeError("E_FORMAT", `${name ?? "parquet"}: not a readable Parquet file (${String((cause as Error)?.message ?? cause).slice(0, 200)})`, { cause });
}

/** Opens a Parquet file: its footer is read now, row groups when asked for. */
export async function openParquet(ra: RandomAccess): Promise<ColumnarTable> {
  const hp = await optionalModule<Hyparquet>("hyparquet", "reading Parquet");
  // Snappy by hyparquet's own decoder: the Wasm one of hyparquet-compressors keeps its memory at the
  // largest page ever read (DuckDB writes pages of 100 MB), for the life of the process.
  const { SNAPPY: _wasmSnappy, ...compressors } = (
    await optionalModule<{ compressors: Record<string, unknown> }>("hyparquet-compressors", "reading compressed Parquet")
  ).compressors;
  const file: AsyncBuffer = {
    byteLength: ra.size,
    async slice(start, end = ra.size) {
      const b = await ra.read(start, end - start);
      return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? (b.buffer as ArrayBuffer) : (b.slice().buffer as ArrayBuffer);
    },
  };
  const file_ = ra.name ?? "parquet";
  if (ra.size < 12) throw new SaeError("E_FORMAT", `${file_}: not a readable Parquet file (${ra.size} bytes is too short for one)`);
  const tail = (await ra.read(ra.size - 8, 8)).slice();
  if (!isParquet(tail.subarray(4))) throw new SaeError("E_FORMAT", `${file_}: not a readable Parquet file (it does not end with PAR1: truncated?)`);
  const footerLength = new DataView(tail.buffer).getUint32(0, true);
  if (footerLength > ra.size - 12 || footerLength > MAX_FOOTER)
    throw new SaeError(
      "E_FORMAT",
      `${file_}: not a readable Parquet file (its footer claims ${footerLength} bytes of a ${ra.size}-byte file; at most ${MAX_FOOTER} are read)`,
    );
  checkFooter(await ra.read(ra.size - 8 - footerLength, footerLength), file_);
  let metadata: FileMetaData, schema: SchemaTree;
  try {
    metadata = await hp.parquetMetadataAsync(file);
    schema = hp.parquetSchema(metadata);
  } catch (e) {
    throw parquetError(ra.name, e);
  }
  const columns: TableColumn[] = schema.children.map((c) => ({ name: c.element.name, ...classify(c) }));
  const groups: TableGroup[] = [];
  /** The footer's row group behind each group (empty ones are left out), found in O(1). */
  const groupMeta: FileMetaData["row_groups"] = [];
  let start = 0;
  for (const [i, g] of metadata.row_groups.entries()) {
    const rows = Number(g.num_rows);
    if (!Number.isSafeInteger(rows) || rows < 0) throw new SaeError("E_FORMAT", `${file_}: row group ${i} claims ${g.num_rows} rows`);
    // Every row has an entry in every column, and entries cost bytes: rows beyond what a group's
    // columns say they hold, or their bytes could hold (listEntryBudget), are a lie that sizes arrays.
    let stored = 0;
    for (const c of g.columns) {
      const m = c.meta_data;
      if (!m) continue;
      stored += Math.max(0, Number(m.total_compressed_size));
      if (!(Number(m.num_values) >= rows))
        throw new SaeError(
          "E_FORMAT",
          `${file_}: row group ${i} claims ${rows} rows but its column '${m.path_in_schema.join(".")}' holds ${m.num_values} values; the file is corrupt`,
        );
    }
    if (rows > listEntryBudget(stored))
      throw new SaeError(
        "E_FORMAT",
        `${file_}: row group ${i} claims ${rows} rows in ${stored} bytes of columns (at most 65,536 plus 32 per byte); the file is corrupt`,
      );
    if (rows > 0) {
      groups.push({ start, rows });
      groupMeta.push(g);
    }
    start += rows;
    if (!Number.isSafeInteger(start)) throw new SaeError("E_FORMAT", `${file_}: the row groups claim more than 2^53 rows`);
  }
  if (BigInt(start) !== BigInt(metadata.num_rows))
    throw new SaeError("E_FORMAT", `${ra.name ?? "parquet"}: the row groups hold ${start} rows but the footer says ${metadata.num_rows}; the file is corrupt`);
  const column = (name: string) => {
    const c = columns.find((x) => x.name === name);
    if (!c) throw new SaeError("E_ARG", `${ra.name ?? "parquet"}: no column '${name}'`);
    return c;
  };
  const readRows = async (g: number, name: string): Promise<unknown[]> => {
    const grp = groups[g];
    if (!grp) throw new SaeError("E_ARG", `${ra.name ?? "parquet"}: no row group ${g} (there are ${groups.length})`);
    let rows: unknown[][] | undefined;
    try {
      // hyparquet trusts page sizes (a negative one loops forever) and value counts (it allocates by
      // them): they are checked first. A flat column holds a value per row; a list, up to 65,536.
      if (grp.rows > MAX_GENERAL_ROWS)
        throw new SaeError(
          "E_FORMAT",
          `${ra.name ?? "parquet"}: row group ${g} claims ${grp.rows} rows, more than the ${MAX_GENERAL_ROWS} read at once for column '${name}'`,
        );
      const flat = column(name).kind === "text" || column(name).kind === "integer";
      const node = schema.children.find((c) => c.element.name === name)!;
      const reps = listPath(node)?.repetition ?? [node.element.repetition_type ?? "REQUIRED"];
      const levels = { maxRep: reps.filter((r) => r === "REPEATED").length, maxDef: reps.filter((r) => r !== "REQUIRED").length };
      for (const chunk of chunksOf(g, name)) await checkPages(ra, chunk, flat ? grp.rows : grp.rows * MAX_WIDTH, levels, compressors);
      // The footer cut to this row group: hyparquet walks every row group on each read (20,000 of
      // one row each took 55 s).
      const one = { ...metadata, num_rows: BigInt(grp.rows), row_groups: [groupMeta[g]!] };
      await hp.parquetRead({
        file,
        metadata: one,
        columns: [name],
        rowStart: 0,
        rowEnd: grp.rows,
        compressors,
        onComplete: (r) => {
          rows = r;
        },
      });
    } catch (e) {
      throw parquetError(ra.name, e);
    }
    if (!rows || rows.length !== grp.rows)
      throw new SaeError("E_FORMAT", `${ra.name ?? "parquet"}: row group ${g} decoded to ${rows?.length ?? 0} rows, its header says ${grp.rows}`);
    return rows.map((r) => r[0]);
  };
  /** Where each leaf column chunk of a top-level column lies in row group g, checked to lie inside the file. */
  const chunksOf = (g: number, name: string): ChunkMeta[] => {
    const metas = (groupMeta[g]?.columns ?? []).flatMap((c) => (c.meta_data?.path_in_schema[0] === name ? [c.meta_data] : []));
    return metas.map((meta) => {
      const data = Number(meta.data_page_offset),
        dict = meta.dictionary_page_offset === undefined ? data : Number(meta.dictionary_page_offset);
      const start = dict > 0 && dict < data ? dict : data,
        bytes = Number(meta.total_compressed_size);
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(bytes) || start < 0 || bytes < 0 || start + bytes > ra.size)
        throw new SaeError("E_FORMAT", `${ra.name ?? "parquet"}: column '${name}' of row group ${g} lies outside the file`);
      return { codec: meta.codec, start, bytes };
    });
  };
  /** A float list column's row group page by page, or undefined where that path does not apply. */
  const pagePieces = async (g: number, name: string): Promise<AsyncIterable<VectorChunk> | undefined> => {
    const grp = groups[g];
    const node = schema.children.find((c) => c.element.name === name);
    const path = node && listPath(node);
    const chunks = chunksOf(g, name);
    if (!grp || !path || chunks.length !== 1) return undefined;
    return listVectorPages(ra, path, chunks[0]!, { rows: grp.rows, rowStart: grp.start, column: name }, compressors);
  };
  /** hyparquet's and this module's errors on a corrupt file as E_FORMAT naming it. */
  async function* named(pieces: AsyncIterable<VectorChunk>): AsyncIterable<VectorChunk> {
    try {
      yield* pieces;
    } catch (e) {
      throw parquetError(ra.name, e);
    }
  }
  const pieces = async (g: number, name: string): Promise<AsyncIterable<VectorChunk>> => {
    const c = column(name);
    if (c.kind !== "vector" && c.kind !== "integer-list")
      throw new SaeError("E_FORMAT", `${ra.name ?? "parquet"}: column '${name}' is ${c.type}, not a list of floats`);
    const fast = c.kind === "vector" ? await pagePieces(g, name).catch((e) => Promise.reject(parquetError(ra.name, e))) : undefined;
    return named(fast ?? onePiece(readRows(g, name).then((rows) => flattenRows(rows, name, groups[g]!.start))));
  };
  return {
    name: ra.name,
    format: "parquet",
    rows: start,
    bytes: ra.size,
    columns,
    groups,
    vectors: async (g, name) => joinPieces(await pieces(g, name)),
    vectorPieces(g, name) {
      return {
        async *[Symbol.asyncIterator]() {
          yield* await pieces(g, name);
        },
      };
    },
    async strings(g, name) {
      const kind = column(name).kind;
      if (kind !== "text" && kind !== "integer")
        throw new SaeError("E_FORMAT", `${ra.name ?? "parquet"}: column '${name}' is ${column(name).type}, not text or integers`);
      const texts = (await readRows(g, name)).map((v) => (v === null || v === undefined ? null : String(v)));
      checkTexts(texts, file_, name, groups[g]!.start, textBudget(chunksOf(g, name).reduce((a, c) => a + c.bytes, 0)));
      return texts;
    },
    close: () => ra.close(),
  };
}
