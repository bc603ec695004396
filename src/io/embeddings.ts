// Embeddings wherever users keep them: a .npy (or one array of an .npz), a Parquet file, an Arrow
// IPC file or stream, or a Hugging Face `save_to_disk` folder of Arrow shards. Whole, or as row
// batches for data larger than memory. The format is told by the first bytes, never the extension.
import { SaeError } from "../core/errors.js";
import { concatFloats } from "../core/shapes.js";
import type { RandomAccess } from "../core/access.js";
import { fs, isDirectory } from "../runtime/fs.js";
import { isNpy, openNpyRows, openNpz, readNpy } from "./npy.js";
import { isParquet, openParquet } from "./parquet.js";
import { openArrow } from "./arrow.js";
import { openSource, type SaeSource } from "./source.js";
import { pickColumn, type ColumnarTable, type TableGroup } from "./table.js";

/** Embeddings [rows, cols] opened for row batches: files larger than memory are read as needed. */
export interface EmbeddingRows {
  readonly rows: number;
  readonly cols: number;
  /** The stored type: a NumPy dtype ("<f4", "<f2") or a column type ("list<float>"). */
  readonly dtype: string;
  /**
   * Where rows come in groups that are decoded whole (Parquet row groups, Arrow record batches):
   * training then shuffles within windows of groups instead of across the whole file.
   */
  readonly groups?: readonly TableGroup[];
  /** Rows [start, start + count) as float32. */
  read(start: number, count: number): Promise<Float32Array>;
  /** Consecutive batches of at most `batch` rows (fewer at a row group's end). */
  batches(batch: number): AsyncIterable<{ start: number; rows: number; data: Float32Array }>;
  close(): Promise<void>;
}

export interface EmbeddingOptions {
  /** The Parquet or Arrow column of embeddings (default: the one list-of-floats column, or 'embedding'). */
  column?: string;
  /** The array of an .npz holding several. */
  array?: string;
}

/** Column names taken without being named, where a file has several vector columns. */
const EMBEDDING_NAMES = ["embedding", "embeddings", "vector", "emb"];

/** Decoded groups kept at once: a training window, or a batch spanning a group boundary. */
export const CACHED_GROUPS = 4;

const ARROW_FILE = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // ARROW1

/** Arrow IPC: the file format's magic, or a stream's first message (continuation marker 0xFFFFFFFF). */
function isArrow(head: Uint8Array): boolean {
  return (
    (head.length >= 6 && ARROW_FILE.every((b, i) => head[i] === b)) ||
    (head.length >= 8 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff)
  );
}

/** Shards a `save_to_disk` folder may list: datasets writes shards of up to 500 MB, so 64 K is 32 TB. */
const MAX_SHARDS = 1 << 16;
/** A state.json is a few hundred bytes a shard. */
const MAX_STATE = 64 << 20;

/**
 * A Hugging Face `save_to_disk` folder: state.json names its Arrow shards, each a file directly in
 * the folder (no path, no symbolic link out of it), each once, at most MAX_SHARDS of them.
 */
async function openSavedDataset(dir: string): Promise<ColumnarTable> {
  const f = await fs();
  const realpath = (f as unknown as { realpath(p: string): Promise<string> }).realpath;
  let files: string[];
  try {
    if ((await f.stat(`${dir}/state.json`)).size > MAX_STATE) throw new Error(`state.json is larger than ${MAX_STATE} bytes`);
    const state = JSON.parse(await f.readFile(`${dir}/state.json`, "utf8")) as { _data_files?: { filename?: unknown }[] };
    if (!Array.isArray(state._data_files)) throw new Error("no _data_files list");
    if (state._data_files.length > MAX_SHARDS) throw new Error(`it lists ${state._data_files.length} data files, more than the ${MAX_SHARDS} read`);
    const seen = new Set<string>();
    files = state._data_files.map((d) => {
      const name = (d as { filename?: unknown } | null)?.filename;
      if (typeof name !== "string" || /[\\/\0]|^\.\.?$/.test(name))
        throw new Error(`a data file named ${JSON.stringify(name)?.slice(0, 100)}; each must be a file name in the folder`);
      // Listed twice, a shard's rows would be read twice (and 100,000 times, for hours).
      if (seen.has(name)) throw new Error(`${JSON.stringify(name).slice(0, 100)} is listed twice`);
      seen.add(name);
      return name;
    });
    const root = await realpath(dir);
    for (const name of files) {
      const real = await realpath(`${dir}/${name}`).catch(() => undefined);
      if (real !== undefined && !(real.startsWith(root) && "/\\".includes(real[root.length] ?? "")))
        throw new Error(`${JSON.stringify(name).slice(0, 100)} is a link to ${real.slice(0, 200)}, outside the folder`);
    }
  } catch (cause) {
    throw new SaeError(
      "E_FORMAT",
      `${dir}: a folder of embeddings must be a Hugging Face save_to_disk dataset (state.json listing its .arrow files) (${(cause as Error).message})`,
      {
        cause,
      },
    );
  }
  const shards = files.map((name) => ({
    name: `${dir}/${name}`,
    async load() {
      const ra = await openSource(`${dir}/${name}`);
      try {
        return await ra.read(0, ra.size);
      } finally {
        await ra.close();
      }
    },
  }));
  return openArrow(shards, dir);
}

/**
 * What a file that is not embeddings looks like, by its first bytes, and what to do with it: texts
 * (CSV, TSV, JSON lines, a JSON array, plain text) are embedded first.
 */
function notEmbeddings(name: string, head: Uint8Array): SaeError {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(head);
  const firstLine = text.split(/\r?\n/)[0]!.slice(0, 80);
  const printable =
    head.length > 0 && head.subarray(0, 200).every((b) => b >= 0x20 || b === 9 || b === 10 || b === 13) && !text.slice(0, 200).includes("\ufffd");
  const looks = !printable
    ? undefined
    : /^\s*\{/.test(text)
      ? "JSON lines"
      : /^\s*\[/.test(text)
        ? "a JSON array"
        : firstLine.includes("\t")
          ? "TSV text"
          : firstLine.includes(",")
            ? "CSV text"
            : "plain text";
  const kinds = "embeddings are a .npy, .npz, Parquet or Arrow IPC file of vectors";
  if (!looks) return new SaeError("E_FORMAT", `${name}: not embeddings (its first bytes match no format sae.js reads); ${kinds}`);
  const column = looks === "plain text" ? "" : " --text-column COLUMN";
  return new SaeError(
    "E_FORMAT",
    `${name}: not embeddings: it looks like ${looks} (it begins ${JSON.stringify(firstLine)}); ${kinds}. To make embeddings from its texts: saejs embed ${name}${column} --out emb.npy`,
  );
}

/** A Parquet or Arrow table from any source, or undefined (and the source closed) when it is neither. */
export async function openTableAccess(ra: RandomAccess): Promise<ColumnarTable | undefined> {
  const head = await ra.read(0, Math.min(ra.size, 8));
  if (isParquet(head)) return openParquet(ra);
  if (isArrow(head)) return openArrow([{ name: ra.name ?? "arrow", load: () => ra.read(0, ra.size) }], ra.name, () => ra.close());
  return undefined;
}

/** Whether `source` is a Parquet or Arrow IPC file (by its first bytes) or a `save_to_disk` folder. */
export async function isTableSource(source: SaeSource): Promise<boolean> {
  if (typeof source === "string" && (await isDirectory(source))) return true;
  let ra: RandomAccess;
  try {
    ra = await openSource(source);
  } catch {
    return false; // the reader that follows names the problem
  }
  try {
    const head = await ra.read(0, Math.min(ra.size, 8));
    return isParquet(head) || isArrow(head);
  } finally {
    await ra.close();
  }
}

/**
 * `source` opened once as a table when it is one (a Parquet or Arrow file, a `save_to_disk`
 * folder), else undefined with nothing left open: a caller that takes either tables or other
 * files reads the file's head and footer once (each open of an hf:// file is a request).
 */
export async function openTableIfAny(source: SaeSource): Promise<ColumnarTable | undefined> {
  if (typeof source === "string" && (await isDirectory(source))) return openSavedDataset(source);
  let ra: RandomAccess;
  try {
    ra = await openSource(source);
  } catch {
    return undefined; // the reader that follows names the problem
  }
  const t = await openTableAccess(ra).catch(async (e) => {
    await ra.close();
    throw e;
  });
  if (!t) await ra.close();
  return t;
}

/** Opens a Parquet file, an Arrow IPC file or stream, or a `save_to_disk` folder, as a table. */
export async function openTable(source: SaeSource): Promise<ColumnarTable> {
  if (typeof source === "string" && (await isDirectory(source))) return openSavedDataset(source);
  const ra = await openSource(source);
  const t = await openTableAccess(ra).catch(async (e) => {
    await ra.close();
    throw e;
  });
  if (t) return t;
  await ra.close();
  throw new SaeError("E_FORMAT", `${ra.name ?? "file"}: neither Parquet nor Arrow IPC`);
}

/** A table's vector column as EmbeddingRows, reading groups on demand (the last few kept decoded). */
export async function tableRows(t: ColumnarTable, options: EmbeddingOptions = {}): Promise<EmbeddingRows> {
  const column = pickColumn(t, "vector", options.column, "column", EMBEDDING_NAMES);
  const type = t.columns.find((c) => c.name === column)!.type;
  if (!t.rows) throw new SaeError("E_SHAPE", `${t.name ?? t.format}: no rows; there must be at least one embedding`);
  const cache = new Map<number, Float32Array>();
  let cols = 0;
  /** Group g's vectors, checked to be as wide as the groups before. */
  const decode = async (g: number): Promise<Float32Array> => {
    const v = await t.vectors(g, column);
    if (cols && v.width !== cols)
      throw new SaeError(
        "E_SHAPE",
        `${t.name ?? t.format}: column '${column}' is ${v.width} wide from row ${t.groups[g]!.start}, ${cols} wide before; embeddings must all be one width`,
      );
    cols = v.width;
    return v.data;
  };
  /** Group g through the cache of the last CACHED_GROUPS groups read. */
  const group = async (g: number): Promise<Float32Array> => {
    const hit = cache.get(g);
    if (hit) cache.delete(g);
    const data = hit ?? (await decode(g));
    cache.set(g, data);
    if (cache.size > CACHED_GROUPS) cache.delete(cache.keys().next().value!);
    return data;
  };
  // The width from the first piece of the first group (a page, not the whole group).
  const first = t.vectorPieces(0, column)[Symbol.asyncIterator]();
  try {
    const piece = await first.next();
    if (piece.done) throw new SaeError("E_FORMAT", `${t.name ?? t.format}: the first row group of '${column}' holds no rows`);
    cols = piece.value.width;
  } finally {
    await first.return?.();
  }
  const groupOf = (row: number) => {
    let lo = 0,
      hi = t.groups.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (t.groups[mid]!.start <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const read = async (start: number, count: number) => {
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > t.rows) {
      throw new SaeError("E_ARG", `${t.name ?? t.format}: rows [${start}, ${start + count}) are outside [0, ${t.rows})`);
    }
    let out: Float32Array;
    try {
      out = new Float32Array(count * cols);
    } catch (cause) {
      throw new SaeError(
        "E_ARG",
        `${t.name ?? t.format}: ${count} rows of ${cols} floats (${((count * cols * 4) / 2 ** 30).toFixed(1)} GB) do not fit in memory at once; read them in batches (openEmbeddings(...).batches)`,
        { cause },
      );
    }
    let row = start;
    while (row < start + count) {
      const g = groupOf(row);
      const grp = t.groups[g]!;
      const data = await group(g);
      const end = Math.min(start + count, grp.start + grp.rows);
      out.set(data.subarray((row - grp.start) * cols, (end - grp.start) * cols), (row - start) * cols);
      row = end;
    }
    return out;
  };
  return {
    rows: t.rows,
    get cols() {
      return cols;
    },
    dtype: type,
    groups: t.groups,
    read,
    // Group by group as each is decoded (Parquet: page by page), never a whole group held unless the
    // cache already has it: memory stays at a batch and a page, whatever the row groups' size.
    async *batches(batch: number) {
      if (!Number.isInteger(batch) || batch < 1) throw new SaeError("E_ARG", `batch must be a positive integer, got ${batch}`);
      for (let g = 0; g < t.groups.length; g++) {
        const grp = t.groups[g]!;
        const cached = cache.get(g);
        const pieces = cached ? [{ data: cached, width: cols }] : t.vectorPieces(g, column);
        let start = grp.start;
        const pending: Float32Array[] = [];
        let pendingRows = 0;
        const flush = (): { start: number; rows: number; data: Float32Array } => {
          const b = { start, rows: pendingRows, data: concatFloats(pending) };
          start += pendingRows;
          pending.length = 0;
          pendingRows = 0;
          return b;
        };
        for await (const piece of pieces) {
          if (cols && piece.width !== cols)
            throw new SaeError(
              "E_SHAPE",
              `${t.name ?? t.format}: column '${column}' is ${piece.width} wide from row ${start + pendingRows}, ${cols} wide before; embeddings must all be one width`,
            );
          cols = piece.width;
          const rows = piece.data.length / cols;
          for (let s = 0; s < rows; ) {
            const take = Math.min(batch - pendingRows, rows - s);
            pending.push(piece.data.subarray(s * cols, (s + take) * cols));
            pendingRows += take;
            s += take;
            if (pendingRows === batch) yield flush();
          }
        }
        if (pendingRows) yield flush();
      }
    },
    async close() {
      cache.clear();
      await t.close();
    },
  };
}

/**
 * Opens embeddings for row batches by byte range or row group: a 2-D float .npy, a Parquet or
 * Arrow file (the `column` of embeddings), or a `save_to_disk` folder. Files larger than memory.
 */
export async function openEmbeddings(source: SaeSource, options: EmbeddingOptions = {}): Promise<EmbeddingRows> {
  if (typeof source === "string" && (await isDirectory(source))) {
    const t = await openSavedDataset(source);
    return tableRows(t, options).catch(closing(t));
  }
  const ra = await openSource(source);
  try {
    const t = await openTableAccess(ra);
    if (t) return await tableRows(t, options);
    if (options.column !== undefined)
      throw new SaeError("E_ARG", `${ra.name ?? "file"}: a column ('${options.column}') names embeddings in a Parquet or Arrow file; this is not one`);
    const head = await ra.read(0, Math.min(ra.size, 256));
    if (!isNpy(head)) throw notEmbeddings(ra.name ?? "file", head);
    return await openNpyRows(ra);
  } catch (e) {
    await ra.close().catch(() => {});
    throw e;
  }
}

/**
 * Embeddings [rows, cols] in memory from a .npy, one array of an .npz (`array`, where it holds
 * several), a Parquet or Arrow file (`column`), or a `save_to_disk` folder.
 */
export async function readEmbeddings(source: SaeSource, options: EmbeddingOptions | string = {}): Promise<{ rows: number; cols: number; data: Float32Array }> {
  const o = typeof options === "string" ? { array: options } : options;
  if (typeof source === "string" && (await isDirectory(source))) {
    const t = await openSavedDataset(source);
    return readAllRows(await tableRows(t, o).catch(closing(t)));
  }
  const ra = await openSource(source);
  let table: ColumnarTable | undefined;
  try {
    table = await openTableAccess(ra);
  } catch (e) {
    await ra.close();
    throw e;
  }
  if (table) return readAllRows(await tableRows(table, o).catch(closing(table)));
  try {
    if (o.column !== undefined)
      throw new SaeError("E_ARG", `${ra.name ?? "file"}: a column ('${o.column}') names embeddings in a Parquet or Arrow file; this is not one`);
    const head = await ra.read(0, Math.min(ra.size, 256));
    let shape: readonly number[], data: Float32Array;
    if (isNpy(head)) {
      const a = await readNpy(ra);
      shape = a.shape;
      data = a.data instanceof Float32Array ? a.data : Float32Array.from(a.data);
    } else if (head[0] === 0x50 && head[1] === 0x4b) {
      const npz = await openNpz(ra);
      const names = [...npz.tensors.keys()];
      const pick = o.array ?? (names.length === 1 ? names[0] : undefined);
      const t = pick === undefined ? undefined : npz.tensors.get(pick);
      if (!t) throw new SaeError("E_ARG", `npz: ${o.array ? `no array '${o.array}'` : "several arrays"}; choose one of ${names.join(", ")}`);
      shape = t.shape;
      data = await t.read();
    } else {
      throw notEmbeddings(ra.name ?? "file", head);
    }
    if (shape.length !== 2) throw new SaeError("E_SHAPE", `embeddings: expected a 2-D [rows, dim] array, got shape (${shape.join(", ")})`);
    if (shape[0] === 0 || shape[1] === 0) throw new SaeError("E_SHAPE", `embeddings: ${shape[0]} × ${shape[1]}: there must be at least one row and one column`);
    return { rows: shape[0]!, cols: shape[1]!, data };
  } finally {
    await ra.close();
  }
}

/** A rejection handler that closes `t` and rethrows. */
const closing = (t: ColumnarTable) => async (e: unknown) => {
  await t.close().catch(() => {});
  throw e;
};

async function readAllRows(r: EmbeddingRows): Promise<{ rows: number; cols: number; data: Float32Array }> {
  try {
    return { rows: r.rows, cols: r.cols, data: await r.read(0, r.rows) };
  } finally {
    await r.close();
  }
}
