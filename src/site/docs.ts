// A site's documents, fetched only for what the page shows, and their metadata for filters:
//   docs.bin  every document as one UTF-8 JSON object {"title","text","meta"?}, back to back
//   docs.idx  u32 little-endian offsets [rows + 1] into docs.bin (f64 where docs.bin passes 4 GiB)
//   meta.bin  per filterable field, u16 value ids [rows] (0xffff: none), fields one after another;
//             the values themselves are listed in explorer.json's site block (FilterField)
import type { RandomAccess } from "../core/access.js";
import { SaeError } from "../core/errors.js";
import type { FilterField } from "../explore/site.js";

export interface SiteDoc {
  title: string;
  text: string;
  meta?: Record<string, string | number | boolean | null>;
}

/** Fields with more distinct values than this (or than half the documents) are shown with each document but not offered as filters. */
export const MAX_FILTER_VALUES = 1000;
const NONE = 0xffff;
const U32_LIMIT = 2 ** 32 - 1;

export type DocIndexDType = "u32" | "f64";

/** docs.bin as parts (one per document), docs.idx, and the filterable fields with meta.bin. */
export function buildDocFiles(docs: readonly SiteDoc[]): {
  docs: Uint8Array[];
  idx: Uint8Array;
  idxDType: DocIndexDType;
  meta: Uint8Array;
  filters: FilterField[];
} {
  if (!docs.length) throw new SaeError("E_SHAPE", "site: the corpus is empty");
  const enc = new TextEncoder();
  const parts = docs.map((d, row) => {
    if (typeof d?.title !== "string" || typeof d.text !== "string") throw new SaeError("E_ARG", `site: document ${row} needs a string title and text`);
    return enc.encode(JSON.stringify(d.meta && Object.keys(d.meta).length ? { title: d.title, text: d.text, meta: d.meta } : { title: d.title, text: d.text }));
  });
  const total = parts.reduce((s, p) => s + p.length, 0);
  const idxDType: DocIndexDType = total > U32_LIMIT ? "f64" : "u32";
  const offsets = idxDType === "u32" ? new Uint32Array(docs.length + 1) : new Float64Array(docs.length + 1);
  for (let r = 0, at = 0; r < parts.length; r++) offsets[r + 1] = at += parts[r]!.length;

  // Filterable fields: a string (or number, boolean) value per document, few distinct values.
  const names = new Set<string>();
  for (const d of docs) for (const k of Object.keys(d.meta ?? {})) names.add(k);
  const filters: FilterField[] = [],
    columns: Uint16Array[] = [];
  for (const name of [...names].sort()) {
    const ids = new Map<string, number>(),
      col = new Uint16Array(docs.length).fill(NONE);
    let ok = true;
    for (let r = 0; r < docs.length && ok; r++) {
      const v = docs[r]!.meta?.[name];
      if (v === undefined || v === null || v === "") continue;
      const s = String(v);
      let id = ids.get(s);
      if (id === undefined) {
        if (ids.size >= MAX_FILTER_VALUES) ok = false;
        else {
          id = ids.size;
          ids.set(s, id);
        }
      }
      if (id !== undefined) col[r] = id;
    }
    // A field of one value filters nothing; one of a value per document or so (an id) is no category.
    if (!ok || ids.size < 2 || ids.size > docs.length / 2) continue;
    filters.push({ name, values: [...ids.keys()], offset: columns.length * docs.length * 2 });
    columns.push(col);
  }
  const meta = new Uint8Array(columns.length * docs.length * 2);
  for (const [i, c] of columns.entries()) meta.set(new Uint8Array(c.buffer), i * docs.length * 2);
  return { docs: parts, idx: new Uint8Array(offsets.buffer), idxDType, meta, filters };
}

/** Reads documents by row: docs.idx loaded whole (4 bytes a document), each text by one range read. */
export class SiteDocs {
  private readonly cache = new Map<number, SiteDoc>();
  private constructor(
    private readonly offsets: Uint32Array | Float64Array,
    private readonly file: RandomAccess,
  ) {}

  get rows(): number {
    return this.offsets.length - 1;
  }

  static async open(idx: RandomAccess, docs: RandomAccess, rows: number, dtype: DocIndexDType): Promise<SiteDocs> {
    const width = dtype === "u32" ? 4 : 8;
    try {
      if (idx.size !== (rows + 1) * width)
        throw new SaeError("E_FORMAT", `site: ${idx.name ?? "docs.idx"} has ${idx.size} bytes, expected ${(rows + 1) * width} for ${rows} documents`);
      const raw = (await idx.read(0, idx.size)).slice();
      const offsets = dtype === "u32" ? new Uint32Array(raw.buffer) : new Float64Array(raw.buffer);
      for (let r = 0; r < rows; r++)
        if (!(offsets[r + 1]! >= offsets[r]!)) throw new SaeError("E_FORMAT", `site: ${idx.name ?? "docs.idx"}: document ${r} ends before it starts`);
      if (offsets[0] !== 0 || offsets[rows] !== docs.size)
        throw new SaeError(
          "E_FORMAT",
          `site: the documents' offsets end at ${offsets[rows]}, ${docs.name ?? "docs.bin"} has ${docs.size} bytes (from another build?)`,
        );
      return new SiteDocs(offsets, docs);
    } finally {
      await idx.close();
    }
  }

  /** The documents of `rows` (any order, repeats allowed), each read once and kept. */
  async get(rows: readonly number[]): Promise<SiteDoc[]> {
    const missing = [...new Set(rows)].filter((r) => {
      if (!Number.isInteger(r) || r < 0 || r >= this.rows) throw new SaeError("E_ARG", `site: no document ${r} (there are ${this.rows})`);
      return !this.cache.has(r);
    });
    const dec = new TextDecoder("utf-8", { fatal: true });
    await Promise.all(
      missing.map(async (r) => {
        const at = this.offsets[r]!,
          bytes = await this.file.read(at, this.offsets[r + 1]! - at);
        let doc: SiteDoc;
        try {
          doc = JSON.parse(dec.decode(bytes)) as SiteDoc;
        } catch (cause) {
          throw new SaeError("E_FORMAT", `site: document ${r} of ${this.file.name ?? "docs.bin"} is not JSON (from another build?)`, { cause });
        }
        if (typeof doc?.title !== "string" || typeof doc.text !== "string") throw new SaeError("E_FORMAT", `site: document ${r} has no title and text`);
        this.cache.set(r, doc);
      }),
    );
    return rows.map((r) => this.cache.get(r)!);
  }

  /** A document already read, if it was. */
  peek(row: number): SiteDoc | undefined {
    return this.cache.get(row);
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

/** Rows whose field holds `value`, as a mask over all rows (meta.bin as written by buildDocFiles). */
export function filterMask(meta: Uint8Array, field: FilterField, rows: number, value: string): Uint8Array {
  const id = field.values.indexOf(value);
  const mask = new Uint8Array(rows);
  if (id < 0) return mask;
  if (field.offset + rows * 2 > meta.length) throw new SaeError("E_FORMAT", `site: meta.bin is too short for the field '${field.name}'`);
  const col = new DataView(meta.buffer, meta.byteOffset + field.offset, rows * 2);
  for (let r = 0; r < rows; r++) mask[r] = col.getUint16(r * 2, true) === id ? 1 : 0;
  return mask;
}
