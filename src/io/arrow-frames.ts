// The message framing of Arrow IPC, checked before apache-arrow reads it: each message's length
// prefix, its flatbuffer header's type and body length, all inside the file. apache-arrow trusts
// them: a file footer whose block points at a message of another type makes its reader loop
// forever, and a negative length moves its stream reader backwards. A file's footer is checked the
// same way: every block it lists must hold a message of the block's kind inside the file.
// see: https://arrow.apache.org/docs/format/Columnar.html#encapsulated-message-format
import { SaeError } from "../core/errors.js";

const SCHEMA = 1,
  DICTIONARY_BATCH = 2,
  RECORD_BATCH = 3;

type Field = (i: number, size: number) => number | undefined;

/** A flatbuffer's root table: where field i lies (undefined when absent), every offset bounds-checked. */
function rootTable(buf: DataView, what: string): Field {
  if (buf.byteLength < 8) throw new SaeError("E_FORMAT", `arrow: ${what} is too short`);
  return tableAt(buf, buf.getUint32(0, true), what);
}

/** The table at `table` (a position in buf). */
function tableAt(buf: DataView, table: number, what: string): Field {
  const bad = (why: string): never => {
    throw new SaeError("E_FORMAT", `arrow: ${what} ${why}`);
  };
  const len = buf.byteLength;
  if (table + 4 > len) bad("points outside itself");
  const vtable = table - buf.getInt32(table, true);
  if (vtable < 0 || vtable + 4 > len) bad("has a field table outside itself");
  const vtableSize = buf.getUint16(vtable, true);
  if (vtableSize < 4 || vtable + vtableSize > len) bad("has a field table outside itself");
  return (i, size) => {
    if (4 + 2 * i + 2 > vtableSize) return undefined;
    const off = buf.getUint16(vtable + 4 + 2 * i, true);
    if (!off) return undefined;
    if (table + off + size > len) bad(`has field ${i} outside itself`);
    return table + off;
  };
}

/** The element count of the vector field `f` points at, checked to fit in buf (elements of `size` bytes). */
function vectorLength(buf: DataView, f: number | undefined, size: number, what: string): { start: number; count: number } | undefined {
  if (f === undefined) return undefined;
  const start = f + buf.getUint32(f, true);
  if (start + 4 > buf.byteLength) throw new SaeError("E_FORMAT", `arrow: ${what} lies outside its message`);
  const count = buf.getUint32(start, true);
  if (start + 4 + count * size > buf.byteLength) throw new SaeError("E_FORMAT", `arrow: ${what} claims ${count} entries, more than its message holds`);
  return { start: start + 4, count };
}

/** Schema fields nest (lists hold a child field); nothing real nests deeper than this. */
const MAX_DEPTH = 64;

/**
 * A schema's fields, their children and metadata lists, each fitting the message (apache-arrow
 * builds an object per entry, recursively), nested at most MAX_DEPTH deep.
 */
function checkSchema(buf: DataView, table: number, what: string): void {
  const schema = tableAt(buf, table, what);
  vectorLength(buf, schema(2, 4), 4, `${what}'s metadata`);
  let visited = 0;
  const fields = (f: number | undefined, depth: number) => {
    const v = vectorLength(buf, f, 4, `${what}'s fields`);
    if (!v) return;
    if (depth > MAX_DEPTH) throw new SaeError("E_FORMAT", `arrow: ${what}'s fields nest deeper than ${MAX_DEPTH}`);
    for (let i = 0; i < v.count; i++) {
      if (++visited > buf.byteLength / 4) throw new SaeError("E_FORMAT", `arrow: ${what}'s fields refer to each other in a cycle`);
      const at = v.start + 4 * i;
      const field = tableAt(buf, at + buf.getUint32(at, true), `${what}'s field`);
      vectorLength(buf, field(6, 4), 4, `${what}'s field metadata`);
      fields(field(5, 4), depth + 1);
    }
  };
  fields(schema(1, 4), 0);
}

/**
 * A record batch header's vectors (nodes, buffers, variadic counts) fit its message, and no node
 * claims more values than the body could hold (apache-arrow builds an object per node and sizes
 * arrays by the lengths).
 */
function checkRecordBatch(meta: DataView, table: number, bodyLength: number, what: string): number {
  const field = tableAt(meta, table, what);
  const lengthAt = field(0, 8);
  const rows = lengthAt === undefined ? 0 : Number(meta.getBigInt64(lengthAt, true));
  if (!(rows >= 0 && rows <= bodyLength * 8 + 65536)) throw new SaeError("E_FORMAT", `arrow: ${what} claims ${rows} rows in a ${bodyLength}-byte body`);
  const nodes = vectorLength(meta, field(1, 4), 16, `${what}'s field nodes`);
  const buffers = vectorLength(meta, field(2, 4), 16, `${what}'s buffers`);
  // apache-arrow cuts each buffer from the body by these numbers: one past the body is a lie.
  for (let i = 0; buffers && i < buffers.count; i++) {
    const offset = Number(meta.getBigInt64(buffers.start + i * 16, true)),
      length = Number(meta.getBigInt64(buffers.start + i * 16 + 8, true));
    if (!(offset >= 0 && length >= 0 && offset + length <= bodyLength))
      throw new SaeError("E_FORMAT", `arrow: ${what}'s buffer ${i} [${offset}, +${length}) lies outside its ${bodyLength}-byte body`);
  }
  vectorLength(meta, field(4, 4), 8, `${what}'s variadic buffer counts`);
  for (let i = 0; nodes && i < nodes.count; i++) {
    const length = Number(meta.getBigInt64(nodes.start + i * 16, true));
    if (!(length >= 0 && length <= bodyLength * 8 + 65536))
      throw new SaeError("E_FORMAT", `arrow: ${what}'s column ${i} claims ${length} values in a ${bodyLength}-byte body`);
  }
  return rows;
}

/** The header type, body length and (record batches) rows of a Message flatbuffer, its header's vectors checked. */
function messageHeader(meta: DataView, at: number): { type: number; bodyLength: number; rows: number } {
  const what = `the message at byte ${at}`;
  const field = rootTable(meta, what);
  const typeAt = field(1, 1);
  const headerAt = field(2, 4);
  const lengthAt = field(3, 8);
  const type = typeAt === undefined ? 0 : meta.getUint8(typeAt);
  const bodyLength = lengthAt === undefined ? 0 : Number(meta.getBigInt64(lengthAt, true));
  const header = headerAt === undefined ? undefined : headerAt + meta.getUint32(headerAt, true);
  if (header === undefined) throw new SaeError("E_FORMAT", `arrow: ${what} has no header`);
  let rows = 0;
  if (type === SCHEMA) checkSchema(meta, header, what);
  else if (type === RECORD_BATCH) rows = checkRecordBatch(meta, header, bodyLength, what);
  else if (type === DICTIONARY_BATCH) {
    const data = tableAt(meta, header, what)(1, 4);
    if (data !== undefined) checkRecordBatch(meta, data + meta.getUint32(data, true), bodyLength, `${what}'s dictionary`);
  }
  return { type, bodyLength, rows };
}

/**
 * Checks the messages of an IPC stream starting at `start` and returns where the stream ends (after
 * its end-of-stream marker, or at the end of the bytes): a schema first, then record and
 * dictionary batches, every length inside the bytes. Each record batch's rows go to `batchRows`.
 */
export function checkIpcStream(bytes: Uint8Array, start: number, batchRows: number[] = []): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.length;
  let at = start,
    messages = 0;
  while (at + 4 <= size) {
    let len = dv.getInt32(at, true),
      prefix = 4;
    if (len === -1) {
      if (at + 8 > size) throw new SaeError("E_FORMAT", `arrow: the stream ends inside a message's length at byte ${at}`);
      len = dv.getInt32(at + 4, true);
      prefix = 8;
    }
    if (len === 0) return at + prefix; // end of stream
    if (len < 0 || at + prefix + len > size)
      throw new SaeError("E_FORMAT", `arrow: a message at byte ${at} claims ${len} bytes of header; the file has ${size - at - prefix} left`);
    const { type, bodyLength, rows } = messageHeader(new DataView(bytes.buffer, bytes.byteOffset + at + prefix, len), at);
    if (type === RECORD_BATCH) batchRows.push(rows);
    if (messages === 0 ? type !== SCHEMA : type !== RECORD_BATCH && type !== DICTIONARY_BATCH)
      throw new SaeError(
        "E_FORMAT",
        `arrow: the message at byte ${at} is of type ${type}; expected ${messages === 0 ? "a schema first" : "a record or dictionary batch"}`,
      );
    const end = at + prefix + len + bodyLength;
    if (!Number.isSafeInteger(bodyLength) || bodyLength < 0 || end > size)
      throw new SaeError("E_FORMAT", `arrow: the message at byte ${at} claims a body of ${bodyLength} bytes; the file has ${size - at - prefix - len} left`);
    at = end;
    messages++;
  }
  if (at !== size) throw new SaeError("E_FORMAT", `arrow: ${size - at} stray bytes at the end of the stream`);
  if (!messages) throw new SaeError("E_FORMAT", "arrow: no schema message");
  return at;
}

const MAGIC = "ARROW1";

/**
 * Checks an IPC file: its trailing magic and footer, and for every block the footer lists (record
 * and dictionary batches) that a message of that kind lies there, header and body inside the file.
 * Each record batch's rows go to `batchRows`, in the footer's order.
 */
export function checkIpcFile(bytes: Uint8Array, batchRows: number[] = []): void {
  const size = bytes.length;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (size < 18 || String.fromCharCode(...bytes.subarray(size - 6)) !== MAGIC)
    throw new SaeError("E_FORMAT", "arrow: the file does not end with its magic (truncated?)");
  const footerLength = dv.getInt32(size - 10, true);
  const footerStart = size - 10 - footerLength;
  if (footerLength <= 0 || footerStart < 8) throw new SaeError("E_FORMAT", `arrow: the footer claims ${footerLength} bytes of a ${size}-byte file`);
  const footer = new DataView(bytes.buffer, bytes.byteOffset + footerStart, footerLength);
  const field = rootTable(footer, "the footer");
  const schemaAt = field(1, 4);
  if (schemaAt === undefined) throw new SaeError("E_FORMAT", "arrow: the footer has no schema");
  checkSchema(footer, schemaAt + footer.getUint32(schemaAt, true), "the footer's schema");
  for (const [i, want] of [
    [2, DICTIONARY_BATCH],
    [3, RECORD_BATCH],
  ] as const) {
    const at = field(i, 4);
    if (at === undefined) continue;
    const vector = at + footer.getUint32(at, true);
    if (vector + 4 > footerLength) throw new SaeError("E_FORMAT", "arrow: the footer's block list lies outside it");
    const count = footer.getUint32(vector, true);
    if (vector + 4 + count * 24 > footerLength) throw new SaeError("E_FORMAT", `arrow: the footer lists ${count} blocks, more than it holds`);
    for (let b = 0; b < count; b++) {
      const e = vector + 4 + b * 24;
      const offset = Number(footer.getBigInt64(e, true)),
        metaLength = footer.getInt32(e + 8, true),
        bodyLength = Number(footer.getBigInt64(e + 16, true));
      if (
        !Number.isSafeInteger(offset) ||
        offset < 8 ||
        metaLength < 8 ||
        !Number.isSafeInteger(bodyLength) ||
        bodyLength < 0 ||
        offset + metaLength + bodyLength > footerStart
      )
        throw new SaeError("E_FORMAT", `arrow: block ${b} of the footer lies outside the file's messages`);
      let prefix = 4,
        len = dv.getInt32(offset, true);
      if (len === -1) {
        prefix = 8;
        len = dv.getInt32(offset + 4, true);
      }
      if (len <= 0 || prefix + len > metaLength) throw new SaeError("E_FORMAT", `arrow: block ${b} of the footer does not frame a message`);
      const m = messageHeader(new DataView(bytes.buffer, bytes.byteOffset + offset + prefix, len), offset);
      if (m.type !== want || m.bodyLength !== bodyLength)
        throw new SaeError("E_FORMAT", `arrow: block ${b} of the footer points at a message of type ${m.type} with a ${m.bodyLength}-byte body`);
      if (want === RECORD_BATCH) batchRows.push(m.rows);
    }
  }
}
