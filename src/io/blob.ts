// Sources already in memory or behind a Blob (a File, or the Hub client's Blob of HTTP range reads).
import { SaeError } from "../core/errors.js";
import type { RandomAccess } from "../core/access.js";

export function checkRange(size: number, offset: number, length: number, name?: string): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > size) {
    throw new SaeError(
      "E_FORMAT",
      `${name ?? "file"}: a read of ${length} bytes at ${offset} runs past the end (${size} bytes); the file is truncated or corrupt`,
    );
  }
}

export function bytesSource(bytes: Uint8Array, name?: string): RandomAccess {
  return {
    name,
    size: bytes.length,
    async read(offset, length) {
      checkRange(bytes.length, offset, length, name);
      return bytes.subarray(offset, offset + length);
    },
    async close() {},
  };
}

export function blobSource(blob: Blob, name?: string): RandomAccess {
  return {
    name,
    size: blob.size,
    async read(offset, length) {
      checkRange(blob.size, offset, length, name);
      const b = new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
      if (b.length !== length) throw new SaeError("E_FORMAT", `${name ?? "blob"}: a read of ${length} bytes at ${offset} gave ${b.length}`);
      return b;
    },
    async close() {},
  };
}
