// Arrow IPC (file and stream formats: .arrow, .feather v2, and the shards of a Hugging Face
// `save_to_disk` folder) through apache-arrow, loaded on first use. Each record batch is a group.
// IPC has no index of batches that a stream can seek to, so a shard is read whole when one of its
// batches is needed, and one shard at a time is held (datasets writes shards of at most 500 MB).
// see: https://arrow.apache.org/docs/format/Columnar.html#serialization-and-interprocess-communication-ipc
import { SaeError } from "../core/errors.js";
import { optionalModule } from "../runtime/optional.js";
import { toFloat32 } from "./tensor.js";
import { checkIpcFile, checkIpcStream } from "./arrow-frames.js";
import { checkTexts, onePiece, textBudget, type ColumnarTable, type ColumnKind, type TableColumn, type TableGroup, type VectorChunk } from "./table.js";

/** The parts of apache-arrow used here, typed here so that its types stay out of sae.js's own. */
interface ArrowType {
  typeId: number;
  precision?: number;
  listSize?: number;
  children?: { type: ArrowType }[];
  /** A dictionary-encoded column's value type. */
  dictionary?: ArrowType;
  toString(): string;
}
interface ArrowData {
  length: number;
  offset: number;
  nullCount: number;
  type: ArrowType;
  values: ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number };
  valueOffsets: Int32Array | BigInt64Array;
  children: ArrowData[];
  getValid(i: number): boolean;
}
interface ArrowVector {
  data: ArrowData[];
  get(i: number): unknown;
}
interface RecordBatch {
  numRows: number;
  getChildAt(i: number): ArrowVector | null;
}
interface Schema {
  fields: { name: string; type: ArrowType }[];
}
interface ArrowModule {
  RecordBatchReader: { from(bytes: Uint8Array): { open(): { schema: Schema | undefined } & Iterable<RecordBatch> } };
}

// apache-arrow's Type enum, as numbers (stable in the format).
const T = { Dictionary: -1, Int: 2, Float: 3, Utf8: 5, List: 12, FixedSizeList: 16, LargeUtf8: 20, LargeList: 21 } as const;

function classify(t: ArrowType): { kind: ColumnKind; type: string } {
  const child = t.children?.[0]?.type;
  const isList = t.typeId === T.List || t.typeId === T.LargeList || t.typeId === T.FixedSizeList;
  if (isList && child?.typeId === T.Float) return { kind: "vector", type: t.toString() };
  if (isList && child?.typeId === T.Int) return { kind: "integer-list", type: t.toString() };
  if (t.typeId === T.Utf8 || t.typeId === T.LargeUtf8) return { kind: "text", type: t.toString() };
  // Dictionary-encoded strings (pandas categoricals): each row shares its dictionary's string, so
  // the texts' sizes are checked against the file's bytes (checkTexts), not the dictionary's.
  const d = t.typeId === T.Dictionary ? t.dictionary?.typeId : undefined;
  if (d === T.Utf8 || d === T.LargeUtf8) return { kind: "text", type: t.toString() };
  if (t.typeId === T.Int) return { kind: "integer", type: t.toString() };
  return { kind: "other", type: t.toString() };
}

/** A numeric child array's values [from, to) as float32 (half floats converted). */
function floats(child: ArrowData, from: number, to: number): Float32Array {
  const v = child.values;
  const p = child.type.precision;
  const a = child.offset + from,
    b = child.offset + to;
  if (!(from >= 0 && from <= to && b <= v.length))
    throw new SaeError("E_FORMAT", `arrow: a list's values [${from}, ${to}) lie outside its ${v.length - child.offset} values`);
  if (child.type.typeId === T.Float && p === 0) return toFloat32(new Uint8Array(v.buffer, v.byteOffset + a * 2, (b - a) * 2), "f16", b - a);
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) return Float32Array.from(v.subarray(a, b), Number);
  return Float32Array.from((v as Float32Array).subarray(a, b));
}

/** Rows of a list column as float32 [rows, width]: nulls and ragged rows named by their row. */
export function arrowVectors(data: ArrowData, column: string, rowStart: number): VectorChunk {
  const n = data.length;
  const child = data.children[0]!;
  const firstNull = () => {
    for (let i = 0; i < n; i++) if (!data.getValid(i)) return i;
    return -1;
  };
  if (data.nullCount > 0) throw new SaeError("E_FORMAT", `column '${column}': row ${rowStart + firstNull()} is null; every row needs an embedding`);
  if (child.nullCount > 0) throw new SaeError("E_FORMAT", `column '${column}': a row holds a null value (${child.nullCount} nulls inside the lists)`);
  if (data.type.typeId === T.FixedSizeList) {
    const w = data.type.listSize!;
    if (w === 0) throw new SaeError("E_SHAPE", `column '${column}': lists of size 0`);
    return { data: floats(child, data.offset * w, (data.offset + n) * w), width: w };
  }
  const off = data.valueOffsets;
  if (!off || data.offset + n >= off.length) throw new SaeError("E_FORMAT", `column '${column}': the list offsets end before its ${n} rows`);
  const at = (i: number) => Number(off[data.offset + i]);
  const w = at(1) - at(0);
  for (let i = 0; i < n; i++) {
    const len = at(i + 1) - at(i);
    if (len !== w)
      throw new SaeError("E_SHAPE", `column '${column}': row ${rowStart + i} has ${len} values, the rows before it ${w}; embeddings must all be one width`);
  }
  if (w === 0) throw new SaeError("E_SHAPE", `column '${column}': row ${rowStart} is an empty list`);
  return { data: floats(child, at(0), at(n)), width: w };
}

/** One IPC file or stream: `load` gives its bytes each time they are needed. */
export interface ArrowShard {
  readonly name: string;
  load(): Promise<Uint8Array>;
}

/** Opens Arrow IPC shards as one table: each shard is read once now, for its schema and row counts. */
export async function openArrow(
  shards: readonly ArrowShard[],
  name: string | undefined,
  onClose: () => Promise<void> = async () => {},
): Promise<ColumnarTable> {
  const arrow = await optionalModule<ArrowModule>("apache-arrow", "reading Arrow IPC files");
  /**
   * A shard's schema and its batches' rows from the message headers; its batches decoded only where
   * `decode` (apache-arrow builds every batch's vectors), and then checked against those rows.
   */
  const parse = (shard: ArrowShard, bytes: Uint8Array, decode: boolean) => {
    try {
      const file = bytes.length >= 8 && String.fromCharCode(...bytes.subarray(0, 6)) === "ARROW1";
      const rows: number[] = [];
      if (file) checkIpcFile(bytes, rows);
      const reader = arrow.RecordBatchReader.from(file ? bytes : bytes.subarray(0, checkIpcStream(bytes, 0, rows))).open();
      const schema = reader.schema; // before the batches: a reader read to its end forgets it
      if (!schema) throw new Error("no schema message");
      const batches = decode ? [...reader] : [];
      if (decode && (batches.length !== rows.length || batches.some((b, i) => b.numRows !== rows[i])))
        throw new Error("its batches decode to other row counts than their headers state");
      return { schema, rows, batches };
    } catch (cause) {
      throw new SaeError("E_FORMAT", `${shard.name}: not a readable Arrow IPC file or stream (${String((cause as Error)?.message ?? cause).slice(0, 200)})`, {
        cause,
      });
    }
  };
  if (!shards.length) throw new SaeError("E_FORMAT", `${name ?? "arrow"}: no data files`);
  let columns: TableColumn[] | undefined;
  // The shard last read stays decoded: for a single file, the one read at open serves every batch.
  // Of several shards (a save_to_disk folder), each is read at open for its schema and rows only,
  // and decoded when one of its batches is asked for.
  let held: { shard: number; batches: RecordBatch[] } | undefined;
  const decodeAtOpen = shards.length === 1;
  let schemaText = "";
  const groups: (TableGroup & { shard: number; batch: number })[] = [];
  let start = 0,
    bytes = 0;
  for (let s = 0; s < shards.length; s++) {
    const loaded = await shards[s]!.load();
    bytes += loaded.length;
    const { schema, rows, batches } = parse(shards[s]!, loaded, decodeAtOpen);
    const text = schema.fields.map((f) => `${f.name}: ${f.type}`).join(", ");
    if (!columns) {
      columns = schema.fields.map((f) => ({ name: f.name, ...classify(f.type) }));
      schemaText = text;
    } else if (text !== schemaText) throw new SaeError("E_FORMAT", `${shards[s]!.name}: its columns (${text}) differ from the first shard's (${schemaText})`);
    rows.forEach((n, i) => {
      if (n > 0) groups.push({ start, rows: n, shard: s, batch: i });
      start += n;
    });
    if (decodeAtOpen) held = { shard: s, batches };
  }
  const columnAt = (column: string) => {
    const i = columns!.findIndex((c) => c.name === column);
    if (i < 0) throw new SaeError("E_ARG", `${name ?? "arrow"}: no column '${column}'`);
    return i;
  };
  /** Column `column` of batch g (its shard loaded if another is held). */
  const vectorOf = async (g: number, column: string): Promise<ArrowVector> => {
    const grp = groups[g];
    if (!grp) throw new SaeError("E_ARG", `${name ?? "arrow"}: no record batch ${g} (there are ${groups.length})`);
    if (held?.shard !== grp.shard) {
      const shard = shards[grp.shard]!;
      const { rows, batches } = parse(shard, await shard.load(), true);
      // A shard rewritten since the folder was opened no longer matches the rows counted then.
      if (rows[grp.batch] !== grp.rows) throw new SaeError("E_FORMAT", `${shard.name}: changed since it was opened`);
      held = { shard: grp.shard, batches };
    }
    return held.batches[grp.batch]!.getChildAt(columnAt(column))!;
  };
  const dataOf = async (g: number, column: string): Promise<ArrowData> => {
    const v = await vectorOf(g, column);
    if (v.data.length !== 1) throw new SaeError("E_FORMAT", `${name ?? "arrow"}: column '${column}' of batch ${g} is in ${v.data.length} pieces`);
    return v.data[0]!;
  };
  const vectors = async (g: number, column: string): Promise<VectorChunk> => {
    const c = columns![columnAt(column)]!;
    if (c.kind !== "vector" && c.kind !== "integer-list")
      throw new SaeError("E_FORMAT", `${name ?? "arrow"}: column '${column}' is ${c.type}, not a list of floats`);
    return arrowVectors(await dataOf(g, column), column, groups[g]!.start);
  };
  return {
    name,
    format: "arrow",
    rows: start,
    bytes,
    columns: columns!,
    groups,
    vectors,
    vectorPieces: (g, column) => onePiece(vectors(g, column)),
    async strings(g, column) {
      const c = columns![columnAt(column)]!;
      if (c.kind !== "text" && c.kind !== "integer")
        throw new SaeError("E_FORMAT", `${name ?? "arrow"}: column '${column}' is ${c.type}, not text or integers`);
      const v = await vectorOf(g, column);
      const texts = Array.from({ length: groups[g]!.rows }, (_, i) => {
        const x = v.get(i);
        return x === null || x === undefined ? null : String(x);
      });
      checkTexts(texts, name ?? "arrow", column, groups[g]!.start, textBudget(bytes));
      return texts;
    },
    async close() {
      held = undefined;
      await onClose();
    },
  };
}
