// Sparse codes as Parquet, written row group by row group through hyparquet-writer (loaded on first
// use): an id column (the source's, or the row number), `indices` list<int32> and `values`
// list<float>, so DuckDB, Polars and pandas read them directly. Bytes go to a sink as each row
// group is done, so codes of any number of rows are written in bounded memory. Codes of a
// thresholded SAE (JumpReLU, BatchTopK, Matryoshka) vary in width from batch to batch: such a file
// (`variable`) holds each row group as wide as its batch's widest row, narrower rows ending in
// entries of value 0, which are padding and never active (metadata saejs.width = "variable").
import { SaeError } from "../core/errors.js";
import type { Codes } from "../core/model.js";
import { optionalModule } from "../runtime/optional.js";

/** The id column of the codes: the source's (integers or strings), or "row" (the 0-based source row). */
export interface CodesIdColumn {
  readonly name: string;
  readonly kind: "integer" | "text";
}

interface ByteWriter {
  index: number;
  offset: number;
  getBytes(): Uint8Array;
}
interface HyparquetWriter {
  ByteWriter: new () => ByteWriter;
  ParquetWriter: new (o: {
    writer: ByteWriter;
    schema: object[];
    kvMetadata?: { key: string; value: string }[];
  }) => {
    write(o: { columnData: { name: string; data: unknown[] }[]; rowGroupSize: number }): void | Promise<void>;
    finish(): void | Promise<void>;
  };
}

export interface CodesParquetWriter {
  /** Appends one row group: the codes of `codes.batch` rows and their ids (default: row numbers continuing from the last). */
  write(codes: Codes, ids?: readonly (string | number | bigint | null)[]): Promise<void>;
  /** Writes the footer; the file is complete once the sink has taken these last bytes. */
  finish(): Promise<void>;
  readonly rows: number;
}

const list = (name: string, type: string) => [
  { name, repetition_type: "REQUIRED", converted_type: "LIST", num_children: 1 },
  { name: "list", repetition_type: "REPEATED", num_children: 1 },
  { name: "element", type, repetition_type: "REQUIRED" },
];

/**
 * A Parquet writer of codes of width k; `sink` takes the file's bytes in order. With `variable`
 * (a thresholded SAE's codes), k is the model's nominal k, recorded only, and each batch may be of
 * any width: a row group is as wide as its batch's codes, zero-valued entries being padding.
 */
export async function codesParquetWriter(
  sink: (bytes: Uint8Array) => Promise<void>,
  k: number,
  options: { id?: CodesIdColumn; metadata?: Record<string, string>; variable?: boolean } = {},
): Promise<CodesParquetWriter> {
  const variable = options.variable === true;
  const hw = await optionalModule<HyparquetWriter>("hyparquet-writer", "writing codes as Parquet");
  const id = options.id ?? { name: "row", kind: "integer" };
  if (id.name === "indices" || id.name === "values") throw new SaeError("E_ARG", `the id column cannot be named '${id.name}'; it is one of the codes' columns`);
  const writer = new hw.ByteWriter();
  const schema = [
    { name: "schema", num_children: 3 },
    id.kind === "integer"
      ? { name: id.name, type: "INT64", repetition_type: "OPTIONAL" }
      : { name: id.name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
    ...list("indices", "INT32"),
    ...list("values", "FLOAT"),
  ];
  const kv = Object.entries({ ...options.metadata, k: String(k), ...(variable ? { width: "variable" } : {}) }).map(([key, value]) => ({
    key: `saejs.${key}`,
    value,
  }));
  const pw = new hw.ParquetWriter({ writer, schema, kvMetadata: kv });
  let rows = 0;
  const drain = async () => {
    const bytes = writer.getBytes().slice();
    writer.index = 0;
    if (bytes.length) await sink(bytes);
  };
  return {
    get rows() {
      return rows;
    },
    async write(codes, ids) {
      if (!variable && codes.k !== k)
        throw new SaeError(
          "E_SHAPE",
          `codes: k=${codes.k}, but this file holds k=${k} (codes of a thresholded SAE vary in width: write them with variable: true)`,
        );
      const w = codes.k,
        n = codes.batch;
      if (!Number.isInteger(w) || w < 1 || codes.indices.length !== n * w || codes.values.length !== n * w)
        throw new SaeError("E_SHAPE", `codes: ${n} rows × k=${w} need ${n * w} indices and values, got ${codes.indices.length} and ${codes.values.length}`);
      if (n === 0) return;
      if (ids && ids.length !== n) throw new SaeError("E_SHAPE", `codes: ${n} rows but ${ids.length} ids; they must line up row for row`);
      const idData: unknown[] = ids
        ? id.kind === "integer"
          ? ids.map((v) => (v === null ? null : BigInt(v)))
          : ids.map((v) => (v === null ? null : String(v)))
        : Array.from({ length: n }, (_, i) => BigInt(rows + i));
      const indices: number[][] = new Array(n),
        values: number[][] = new Array(n);
      for (let r = 0; r < n; r++) {
        indices[r] = Array.from(codes.indices.subarray(r * w, (r + 1) * w));
        values[r] = Array.from(codes.values.subarray(r * w, (r + 1) * w));
      }
      await pw.write({
        columnData: [
          { name: id.name, data: idData },
          { name: "indices", data: indices },
          { name: "values", data: values },
        ],
        rowGroupSize: n,
      });
      rows += n;
      await drain();
    },
    async finish() {
      await pw.finish();
      await drain();
    },
  };
}
