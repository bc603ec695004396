// Columnar files (Parquet, Arrow IPC) as one shape: columns with a kind, rows in groups (Parquet
// row groups, Arrow record batches) read one group at a time, so a file larger than memory streams.
// The format adapters (parquet.ts, arrow.ts) say what a column is; the checks every reader shares
// (nulls, ragged rows, the column a user meant) live here.
import { listSome, SaeError } from "../core/errors.js";
import { concatFloats } from "../core/shapes.js";
import { keepTexts, type TextOptions, type TextRows } from "./texts.js";

/** What a column holds, as far as sae.js is concerned. */
export type ColumnKind = "vector" | "integer-list" | "text" | "integer" | "other";

export interface TableColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  /** The stored type in the format's words, for messages: "list<float>", "fixed_size_list<halffloat>[512]". */
  readonly type: string;
}

/** Rows [start, start + rows) of a table: a Parquet row group or an Arrow record batch. */
export interface TableGroup {
  readonly start: number;
  readonly rows: number;
}

/** Vectors of one group, row-major float32 [rows, width]. */
export interface VectorChunk {
  readonly data: Float32Array;
  readonly width: number;
}

export interface ColumnarTable {
  readonly name: string | undefined;
  readonly format: "parquet" | "arrow";
  readonly rows: number;
  readonly columns: readonly TableColumn[];
  readonly groups: readonly TableGroup[];
  /** A vector (or integer-list) column's group g as float32; a null or ragged row is an error naming its row. */
  vectors(g: number, column: string): Promise<VectorChunk>;
  /** The same rows in consecutive pieces as they are decoded (Parquet: page by page), for streaming in bounded memory. */
  vectorPieces(g: number, column: string): AsyncIterable<VectorChunk>;
  /** A text or integer column's group g as strings (null where the row is null). */
  strings(g: number, column: string): Promise<(string | null)[]>;
  close(): Promise<void>;
}

/** Names a table's columns for messages: "embedding (list<float>), title (string)". */
function columnList(t: ColumnarTable): string {
  return listSome(
    t.columns.map((c) => `${c.name} (${c.type})`),
    12,
  );
}

/**
 * The column a user meant: `name` where given (it must exist and be of `kind`), else the one
 * column of that kind, else one of `preferred` names. Anything else is an error listing the columns.
 */
export function pickColumn(
  t: ColumnarTable,
  kind: "vector" | "text" | "id",
  name: string | undefined,
  flag: string,
  preferred: readonly string[] = [],
): string {
  const fits = (c: TableColumn) => (kind === "id" ? c.kind === "integer" || c.kind === "text" : c.kind === kind);
  const what = kind === "vector" ? "a list of floats (embeddings)" : kind === "text" ? "strings" : "integers or strings (ids)";
  const file = t.name ?? t.format;
  if (name !== undefined) {
    const c = t.columns.find((x) => x.name === name);
    if (!c) throw new SaeError("E_ARG", `${file}: no column '${name}'; columns: ${columnList(t)}`, { fix: { option: flag } });
    if (!fits(c)) throw new SaeError("E_FORMAT", `${file}: column '${name}' is ${c.type}, not ${what}; columns: ${columnList(t)}`);
    return name;
  }
  const candidates = t.columns.filter(fits);
  if (candidates.length === 1) return candidates[0]!.name;
  const named = preferred.map((p) => candidates.find((c) => c.name === p)).find((c) => c);
  if (named) return named.name;
  throw new SaeError(
    "E_ARG",
    `${file}: ${candidates.length ? `${candidates.length} columns hold ${what}` : `no column holds ${what}`}; name one. Columns: ${columnList(t)}`,
    { fix: { option: flag, example: candidates[0] ? `"${candidates[0].name}"` : '"embedding"' } },
  );
}

/**
 * Row-major float32 from per-row lists (arrays or typed arrays): every row must be a list of
 * `width` numbers (the first row's length where width is not known yet), none of them null.
 */
export function flattenRows(values: ArrayLike<unknown>, column: string, rowStart: number, width?: number): VectorChunk {
  const n = values.length;
  let w = width;
  let out: Float32Array | undefined;
  for (let i = 0; i < n; i++) {
    const v = values[i] as ArrayLike<number | null> | null | undefined;
    const row = rowStart + i;
    if (v === null || v === undefined) throw new SaeError("E_FORMAT", `column '${column}': row ${row} is null; every row needs an embedding`);
    if (typeof v !== "object" || typeof v.length !== "number") throw new SaeError("E_FORMAT", `column '${column}': row ${row} is not a list of numbers`);
    w ??= v.length;
    if (v.length !== w)
      throw new SaeError("E_SHAPE", `column '${column}': row ${row} has ${v.length} values, the rows before it ${w}; embeddings must all be one width`);
    if (w === 0) throw new SaeError("E_SHAPE", `column '${column}': row ${row} is an empty list`);
    out ??= new Float32Array(n * w);
    const base = i * w;
    for (let j = 0; j < w; j++) {
      const x = v[j];
      if (x === null || x === undefined) throw new SaeError("E_FORMAT", `column '${column}': row ${row} has a null at position ${j}`);
      out[base + j] = x;
    }
  }
  return { data: out ?? new Float32Array(0), width: w ?? 0 };
}

/** Texts of a table's column, with the same row rules as text files (readTextRows). */
export async function tableTexts(t: ColumnarTable, column: string, options: TextOptions = {}): Promise<TextRows> {
  const raw: { text: string; at: number }[] = [];
  for (let g = 0; g < t.groups.length; g++) {
    const start = t.groups[g]!.start;
    (await t.strings(g, column)).forEach((s, i) => {
      if (s === null && !options.allowEmpty) throw new SaeError("E_FORMAT", `${t.name ?? t.format}: column '${column}', row ${start + i} is null`);
      raw.push({ text: s ?? "", at: start + i });
    });
  }
  return keepTexts(t.name ?? t.format, raw, (at) => `row ${at}, column '${column}'`, options);
}

/** Pieces of one row group joined into one chunk. */
export async function joinPieces(pieces: AsyncIterable<VectorChunk>): Promise<VectorChunk> {
  const all: VectorChunk[] = [];
  for await (const p of pieces) all.push(p);
  return { data: concatFloats(all.map((p) => p.data)), width: all[0]?.width ?? 0 };
}

/** One chunk as the only piece of its group. */
export async function* onePiece(chunk: Promise<VectorChunk>): AsyncIterable<VectorChunk> {
  yield await chunk;
}
