// ZIP writer for .pth and .npz output: stored entries, each data start 64-byte aligned (as
// torch.save writes them, so readers may map tensors in place), CRC-32 filled in.
import { SaeError } from "../core/errors.js";
import { crc32 } from "./zip.js";

const ALIGN = 64;

/** Builds a stored ZIP from named parts; returns the file as a list of chunks to write in order. */
export function writeZip(entries: { name: string; data: Uint8Array }[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  const enc = new TextEncoder();
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = enc.encode(name);
    // Padding in an extra field (id 'FB', as torch uses) so that the data starts on a 64-byte boundary.
    const base = offset + 30 + nameBytes.length;
    const pad = (ALIGN - ((base + 4) % ALIGN)) % ALIGN;
    const extraLen = 4 + pad;
    const crc = crc32(data);
    if (data.length >= 0xffffffff || offset >= 0xffffffff) throw new SaeError("E_ARG", "zip: entries over 4 GiB are not supported by this writer");
    const local = new Uint8Array(30 + nameBytes.length + extraLen);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true); // UTF-8 names
    lv.setUint16(8, 0, true); // stored
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, nameBytes.length, true);
    lv.setUint16(28, extraLen, true);
    local.set(nameBytes, 30);
    lv.setUint16(30 + nameBytes.length, 0x4246, true);
    lv.setUint16(32 + nameBytes.length, pad, true);
    const cd = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    cd.set(nameBytes, 46);
    central.push(cd);
    out.push(local, data);
    offset += local.length + data.length;
  }
  const cdSize = central.reduce((a, c) => a + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return [...out, ...central, end];
}

/** Concatenates chunks (for callers that want one buffer). */
export function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
