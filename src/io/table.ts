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
  /** The bytes the table is stored in (all its files), which bound what its texts may decode to. */
  readonly bytes?: number;
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
  const candidates = t.columns.filter(fits);
  // Advice names only columns that would work: where none would, it says so, and what to do instead.
  const none =
    kind === "vector"
      ? `no column holds ${what} (columns: ${columnList(t)}); to make embeddings from a text column: saejs embed ${file} --text-column COLUMN --out emb.npy`
      : `no column holds ${what} (columns: ${columnList(t)})`;
  const fitting = () =>
    `the columns that hold ${what}: ${listSome(
      candidates.map((c) => `${c.name} (${c.type})`),
      12,
    )}`;
  if (name !== undefined) {
    const c = t.columns.find((x) => x.name === name);
    const advice = candidates.length ? fitting() : none;
    if (!c) throw new SaeError("E_ARG", `${file}: no column '${name}'; ${advice}`);
    if (!fits(c)) throw new SaeError("E_FORMAT", `${file}: column '${name}' is ${c.type}, not ${what}; ${advice}`);
    return name;
  }
  if (candidates.length === 1) return candidates[0]!.name;
  const named = preferred.map((p) => candidates.find((c) => c.name === p)).find((c) => c);
  if (named) return named.name;
  if (!candidates.length) throw new SaeError("E_FORMAT", `${file}: ${none}`);
  throw new SaeError("E_ARG", `${file}: ${candidates.length} columns hold ${what}; name one. ${fitting()}`, {
    fix: { option: flag, example: `"${candidates[0]!.name}"` },
  });
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

/**
 * The longest text a table's cell may hold, in UTF-16 code units: 1 M, hundreds of times what an
 * embedding model reads (8,192 tokens at most), and 200 times an arXiv abstract. A longer one is
 * refused, not cut, naming its row: cut or split it before embedding.
 */
export const MAX_TEXT = 1 << 20;
/**
 * What a column's texts may decode to, in all: 16 M code units plus 64 per byte stored (text
 * compresses 3-10 times; dictionary encoding repeats a stored string for free, so a 20 MB string
 * shared by 779 rows of a 1.6 MB file would be 15.6 GB of text).
 */
export const textBudget = (storedBytes: number) => (1 << 24) + 64 * storedBytes;

/**
 * Checks a group's texts against MAX_TEXT and `budget` (code units; the texts before this group
 * counted in `seen`), and returns the new total. Shared strings cost nothing until they are used:
 * this counts their lengths, it copies nothing.
 */
export function checkTexts(values: readonly (string | null)[], file: string, column: string, rowStart: number, budget: number, seen = 0): number {
  let total = seen;
  for (let i = 0; i < values.length; i++) {
    const n = values[i]?.length ?? 0;
    if (n > MAX_TEXT)
      throw new SaeError(
        "E_FORMAT",
        `${file}: column '${column}', row ${rowStart + i} holds a text of ${n} characters; texts are at most ${MAX_TEXT} (an embedding model reads a few thousand tokens): cut or split it before`,
      );
    total += n;
    if (total > budget)
      throw new SaeError(
        "E_FORMAT",
        `${file}: column '${column}' decodes to more than ${budget} characters of text by row ${rowStart + i} (16 M plus 64 per stored byte); the file repeats its strings beyond any real text, or is built to exhaust memory`,
      );
  }
  return total;
}

/** Texts of a table's column, with the same row rules as text files (readTextRows). */
export async function tableTexts(t: ColumnarTable, column: string, options: TextOptions = {}): Promise<TextRows> {
  const raw: { text: string; at: number }[] = [];
  const budget = t.bytes === undefined ? Number.POSITIVE_INFINITY : textBudget(t.bytes);
  let seen = 0;
  for (let g = 0; g < t.groups.length; g++) {
    const start = t.groups[g]!.start;
    const strings = await t.strings(g, column);
    seen = checkTexts(strings, t.name ?? t.format, column, start, budget, seen);
    strings.forEach((s, i) => {
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
