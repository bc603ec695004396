// Parquet through hyparquet (pure JS: Node, browsers, edge) and its decompressors (snappy, gzip,
// zstd, brotli, lz4), loaded on first use. Byte ranges come from a RandomAccess, so a file on disk,
// behind HTTP or in a Blob is read one row group's column chunk at a time, never whole.
// see: https://parquet.apache.org/docs/file-format/
import { SaeError } from "../core/errors.js";
import type { RandomAccess } from "../core/access.js";
import { optionalModule } from "../runtime/optional.js";
import { flattenRows, joinPieces, onePiece, type ColumnarTable, type ColumnKind, type TableColumn, type TableGroup, type VectorChunk } from "./table.js";
import { checkPages, listVectorPages, type ChunkMeta, type ListPath } from "./parquet-vectors.js";

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
      meta_data?: { path_in_schema: string[]; codec: string; data_page_offset: bigint; dictionary_page_offset?: bigint; total_compressed_size: bigint };
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
  let metadata: FileMetaData, schema: SchemaTree;
  try {
    metadata = await hp.parquetMetadataAsync(file);
    schema = hp.parquetSchema(metadata);
  } catch (e) {
    throw parquetError(ra.name, e);
  }
  const columns: TableColumn[] = schema.children.map((c) => ({ name: c.element.name, ...classify(c) }));
  const groups: TableGroup[] = [];
  let start = 0;
  for (const g of metadata.row_groups) {
    const rows = Number(g.num_rows);
    if (!Number.isSafeInteger(rows) || rows < 0) throw new SaeError("E_FORMAT", `${ra.name ?? "parquet"}: a row group claims ${g.num_rows} rows`);
    if (rows > 0) groups.push({ start, rows });
    start += rows;
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
      for (const chunk of chunksOf(g, name)) await checkPages(ra, chunk, flat ? grp.rows : grp.rows * 65536, levels, compressors);
      await hp.parquetRead({
        file,
        metadata,
        columns: [name],
        rowStart: grp.start,
        rowEnd: grp.start + grp.rows,
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
    const metas = (metadata.row_groups.filter((r) => Number(r.num_rows) > 0)[g]?.columns ?? []).flatMap((c) =>
      c.meta_data?.path_in_schema[0] === name ? [c.meta_data] : [],
    );
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
      return (await readRows(g, name)).map((v) => (v === null || v === undefined ? null : String(v)));
    },
    close: () => ra.close(),
  };
}
