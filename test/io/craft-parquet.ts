// Parquet files built byte by byte: page headers, levels and footers that no writer would produce
// (runs that cost no bytes, counts that disagree, footers of empty structs), to test the reader's
// bounds. Thrift compact protocol, Parquet's footer and page header structs.
// see: https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md
// see: https://github.com/apache/parquet-format/blob/master/src/main/thrift/parquet.thrift

import { concat } from "../../src/io/zip-write.js";

/** A Thrift value: its compact type and what it holds. */
export type T = { t: 5 | 6; v: number | bigint } | { t: 8; v: string | Uint8Array } | { t: 9; elem: number; v: T[] } | { t: 12; v: Fields } | { t: 1 | 2 };
export type Fields = Record<number, T>;

export const i32 = (v: number): T => ({ t: 5, v });
export const i64 = (v: number | bigint): T => ({ t: 6, v });
export const bin = (v: string | Uint8Array): T => ({ t: 8, v });
export const struct = (v: Fields): T => ({ t: 12, v });
export const list = (elem: number, v: T[]): T => ({ t: 9, elem, v });
export const bool = (b: boolean): T => ({ t: b ? 1 : 2 });

export function varint(out: number[], v: number | bigint): void {
  let x = BigInt(v);
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
}
const zigzag = (v: number | bigint) => {
  const x = BigInt(v);
  return x >= 0n ? x * 2n : -x * 2n - 1n;
};

function write(out: number[], x: T): void {
  if (x.t === 5 || x.t === 6) varint(out, zigzag(x.v));
  else if (x.t === 8) {
    const b = typeof x.v === "string" ? new TextEncoder().encode(x.v) : x.v;
    varint(out, b.length);
    for (const c of b) out.push(c);
  } else if (x.t === 9) {
    if (x.v.length < 15) out.push((x.v.length << 4) | x.elem);
    else {
      out.push(0xf0 | x.elem);
      varint(out, x.v.length);
    }
    for (const e of x.v) write(out, e);
  } else if (x.t === 12) {
    let last = 0;
    for (const id of Object.keys(x.v)
      .map(Number)
      .sort((a, b) => a - b)) {
      const f = x.v[id]!;
      if (id > last && id - last <= 15) out.push(((id - last) << 4) | f.t);
      else {
        out.push(f.t);
        varint(out, zigzag(id));
      }
      last = id;
      write(out, f);
    }
    out.push(0);
  }
}

export function thrift(fields: Fields): Uint8Array {
  const out: number[] = [];
  write(out, struct(fields));
  return Uint8Array.from(out);
}

/** An RLE run of `count` copies of `value` (bit width ≤ 8: one byte of value). */
export function rleRun(out: number[], count: number, value: number, width: number): void {
  varint(out, count * 2);
  for (let k = 0; k < (width + 7) >> 3; k++) out.push((value >> (8 * k)) & 0xff);
}

/** Levels of a v1 data page: a 4-byte length, then runs. */
export function levels(runs: [count: number, value: number][], width: number): number[] {
  const body: number[] = [];
  for (const [c, v] of runs) rleRun(body, c, v, width);
  return [body.length & 0xff, (body.length >> 8) & 0xff, 0, 0, ...body];
}

export const ENC = { PLAIN: 0, PLAIN_DICTIONARY: 2, RLE: 3, RLE_DICTIONARY: 8 } as const;

/** A page: its header (DATA_PAGE v1 of `values` entries, or a dictionary page) and its bytes. */
export function dataPage(values: number, encoding: number, body: Uint8Array | number[]): Uint8Array {
  const b = Uint8Array.from(body);
  const h = thrift({
    1: i32(0),
    2: i32(b.length),
    3: i32(b.length),
    5: struct({ 1: i32(values), 2: i32(encoding), 3: i32(ENC.RLE), 4: i32(ENC.RLE) }),
  });
  return concat([h, b]);
}
export function dictionaryPage(values: number, body: Uint8Array | number[]): Uint8Array {
  const b = Uint8Array.from(body);
  const h = thrift({ 1: i32(2), 2: i32(b.length), 3: i32(b.length), 7: struct({ 1: i32(values), 2: i32(ENC.PLAIN) }) });
  return concat([h, b]);
}

const PAR1 = new TextEncoder().encode("PAR1");

/** The schema of one list<float> column 'embedding' (3-level list), or one string column 'text'. */
export type Kind = "list" | "text";
const SCHEMA: Record<Kind, T[]> = {
  list: [
    struct({ 4: bin("schema"), 5: i32(1) }),
    struct({ 3: i32(1), 4: bin("embedding"), 5: i32(1), 6: i32(3) }),
    struct({ 3: i32(2), 4: bin("list"), 5: i32(1) }),
    struct({ 1: i32(4), 3: i32(1), 4: bin("element") }),
  ],
  text: [struct({ 4: bin("schema"), 5: i32(1) }), struct({ 1: i32(6), 3: i32(1), 4: bin("text"), 6: i32(0) })],
};

export interface CraftGroup {
  rows: number | bigint;
  /** The column chunk's pages (a dictionary page first where there is one). */
  pages: Uint8Array[];
  /** The chunk's num_values (default: the data pages' entries as claimed by `entries`, else rows). */
  values?: number | bigint;
  /** Reuse the chunk of an earlier group instead of writing one. */
  sameChunkAs?: number;
}

/**
 * A Parquet file of one column and these row groups. `extra` adds fields to FileMetaData (an
 * unknown field id holds anything); `numRows` overrides the footer's total.
 */
export function craftParquet(kind: Kind, groups: CraftGroup[], o: { extra?: Fields; numRows?: number | bigint } = {}): Uint8Array {
  const parts: Uint8Array[] = [PAR1];
  let at = 4;
  const where: { start: number; bytes: number }[] = [];
  for (const g of groups) {
    if (g.sameChunkAs !== undefined) {
      where.push(where[g.sameChunkAs]!);
      continue;
    }
    const bytes = concat(g.pages);
    where.push({ start: at, bytes: bytes.length });
    parts.push(bytes);
    at += bytes.length;
  }
  const path = kind === "list" ? [bin("embedding"), bin("list"), bin("element")] : [bin("text")];
  const rowGroups = groups.map((g, i) => {
    const w = where[i]!;
    const meta: Fields = {
      1: i32(kind === "list" ? 4 : 6),
      2: list(5, [i32(ENC.PLAIN), i32(ENC.RLE), i32(ENC.RLE_DICTIONARY)]),
      3: list(8, path),
      4: i32(0),
      5: i64(g.values ?? g.rows),
      6: i64(w.bytes),
      7: i64(w.bytes),
      9: i64(w.start),
    };
    return struct({ 1: list(12, [struct({ 2: i64(w.start), 3: struct(meta) })]), 2: i64(w.bytes), 3: i64(g.rows) });
  });
  const total = o.numRows ?? groups.reduce((a, g) => a + BigInt(g.rows), 0n);
  const footer = thrift({ 1: i32(1), 2: list(12, SCHEMA[kind]), 3: i64(total), 4: list(12, rowGroups), ...o.extra });
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, footer.length, true);
  parts.push(footer, len, PAR1);
  return concat(parts);
}
