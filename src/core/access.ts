// A file as byte ranges: what every parser reads and every runtime adapter (file system, Blob,
// fetch, bytes) provides. Here in core so that adapters and parsers depend on it, not on each other.

/** A file as byte ranges: reads past the end are an E_FORMAT error, never a short read. */
export interface RandomAccess {
  /** File name where known (a path's or File's): release checkpoints carry k in it. */
  readonly name: string | undefined;
  readonly size: number;
  /** Bytes [offset, offset + length); with `into`, file-backed sources fill and return its start instead of allocating. */
  read(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}
