// What the commands share: the embedder from flags, and inputs read and
// checked before any long work (texts, tables and their columns, embeddings, codes, the model).
import { access, constants, readFile, realpath, stat } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import { SaeError } from "../core/errors.js";
import type { Matrix } from "../core/shapes.js";
import type { Codes } from "../core/model.js";
import { sourceKind } from "../core/source-kind.js";
import { loadSae } from "../load.js";
import { openCheckpoint } from "../io/checkpoint.js";
import { isTableSource, openEmbeddings, openTable, readEmbeddings, type EmbeddingRows } from "../io/embeddings.js";
import { pickColumn, tableTexts, type ColumnarTable } from "../io/table.js";
import type { CodesIdColumn } from "../io/codes-parquet.js";
import { widestCodes } from "../kernels/sparse.js";
import { readTextRows, type TextOptions, type TextRows } from "../io/texts.js";
import { ioError } from "../runtime/fs.js";

import { UseLiteEmbedder } from "../embed/use.js";
import { HttpEmbedder } from "../embed/http.js";
import type { Embedder } from "../embed/embedder.js";
import { need, num, str, UsageError, type Parsed } from "./args.js";

export interface Io {
  json: boolean;
  quiet: boolean;
  signal: AbortSignal;
  /** Human output (silent in --json mode). */
  say(line: string): void;
  stderr: { isTTY?: boolean; write(s: string): unknown };
}

export function embedderOf(p: Parsed): Embedder {
  const kind = str(p, "embedder", "use");
  if (kind === "use") {
    const workers = str(p, "workers");
    if (workers === undefined || workers === "auto") return new UseLiteEmbedder();
    // 0 (the SAE on this thread) runs the embedder here too.
    return new UseLiteEmbedder({ workers: Math.max(1, num(p, "workers", undefined, { min: 0 })!) });
  }
  if (kind === "http") {
    const o: ConstructorParameters<typeof HttpEmbedder>[0] = {};
    const base = str(p, "base-url"),
      model = str(p, "model"),
      key = str(p, "api-key"),
      dim = num(p, "dim", undefined, { min: 1 });
    if (base) o.baseUrl = base;
    if (model) o.model = model;
    if (key) o.apiKey = key;
    if (dim) o.dim = dim;
    return new HttpEmbedder(o);
  }
  throw new UsageError(`--embedder must be 'use' or 'http', got '${kind}'`);
}

/** A text file's contents by the user's path; E_IO names the path. */
export async function readInput(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    throw ioError(path, "cannot read", e);
  }
}

/** Checks, before any long work, that `path` can be written as a file: not a folder, in a writable folder that exists. */
export async function checkOutFile(path: string): Promise<string> {
  const st = await stat(path).catch(() => undefined);
  if (st?.isDirectory()) throw new SaeError("E_IO", `${path}: is a folder; give a file name to write`);
  const dir = dirname(resolve(path));
  const dst = await stat(dir).catch(() => undefined);
  if (!dst?.isDirectory()) throw new SaeError("E_IO", `${path}: cannot write: the folder ${dirname(path)} does not exist`);
  await access(dir, constants.W_OK).catch((e) => {
    throw ioError(path, `cannot write in ${dirname(path)}`, e);
  });
  return path;
}

/** Checks, before any long work, that `path` can hold a folder of output: writable if it exists, else its parent. */
export async function checkOutDir(path: string): Promise<string> {
  const st = await stat(path).catch(() => undefined);
  if (st && !st.isDirectory()) throw new SaeError("E_IO", `${path}: is a file; give a folder for the output`);
  const target = st ? path : dirname(resolve(path));
  const tst = st ?? (await stat(target).catch(() => undefined));
  if (!tst?.isDirectory()) throw new SaeError("E_IO", `${path}: cannot create it: the folder ${dirname(path)} does not exist`);
  await access(target, constants.W_OK).catch((e) => {
    throw ioError(path, "cannot write there", e);
  });
  return path;
}

/** What a command writes, from its flags: files, and folders it fills (an index's database, a site); each with the flag that names it. */
interface Writes {
  files: [path: string, flag: string][];
  dirs: [path: string, flag: string][];
}
const given = (p: Parsed, flag: string, def?: (p: Parsed) => string | undefined): [string, string][] => {
  const v = str(p, flag) ?? def?.(p);
  return v ? [[v, flag]] : [];
};
const isUrl = (s: string) => sourceKind(s) !== "path";
const outFile = (p: Parsed): Writes => ({ files: given(p, "out"), dirs: [] });

/** Every command that writes, and where (defaults included). The demo reads only its bundled corpus. */
const WRITES: Record<string, (p: Parsed) => Writes> = {
  embed: (p) => ({
    files: [
      ...given(p, "out"),
      ...(p.flags.has("skip-empty") ? given(p, "out").map(([o]): [string, string] => [`${o.replace(/\.npy$/i, "")}.rows.npy`, "out"]) : []),
    ],
    dirs: [],
  }),
  train: (p) => ({ files: [...given(p, "out"), ...given(p, "checkpoint", (q) => (str(q, "out") ? `${str(q, "out")}.ckpt` : undefined))], dirs: [] }),
  encode: outFile,
  decode: outFile,
  convert: outFile,
  label: (p) => ({ files: [...given(p, "out"), ...given(p, "out").map(([o]): [string, string] => [`${o}.partial.json`, "out"])], dirs: [] }),
  explore: (p) => ({ files: [], dirs: given(p, "out") }),
  site: (p) => ({ files: [], dirs: given(p, "out") }),
  neuronpedia: (p) => ({ files: [], dirs: given(p, "out") }),
  index: (p) => ({ files: [], dirs: given(p, "db").filter(([d]) => !isUrl(d)) }),
};
/** Flags that name files a command reads (besides its positional arguments). */
const INPUT_FLAGS = ["texts", "embeddings", "labels", "compare", "resume", "sae"];
/** Pairs that may name one file: train continues a checkpoint and keeps writing it. */
const SAME_ALLOWED = new Set(["--resume→checkpoint"]);

/** A path's identity: its real path (of the folder where the file does not exist yet) and, where it exists, device and inode. */
async function identity(path: string): Promise<{ real: string; id?: string }> {
  const st = await stat(path).catch(() => undefined);
  const real =
    (await realpath(path).catch(() => undefined)) ??
    join((await realpath(dirname(resolve(path))).catch(() => undefined)) ?? dirname(resolve(path)), basename(path));
  return { real, ...(st?.ino ? { id: `${st.dev}:${st.ino}` } : {}) };
}

/**
 * Refuses, before any work, an output that is one of the inputs: the same path, a symbolic link
 * to it or a hard link of it (compared by real path and by device and inode), or a folder the
 * command fills that holds an input. Writing would replace the data the command reads.
 */
export async function checkOutputsApart(command: string, p: Parsed): Promise<void> {
  const writes = WRITES[command]?.(p);
  if (!writes) return;
  const inputs = [
    ...p.positional.map((path, i) => ({ what: `argument ${i + 1}`, path })),
    ...INPUT_FLAGS.flatMap((f) => (p.all.get(f) ?? []).map((path) => ({ what: `--${f}`, path }))),
  ].filter((x) => !isUrl(x.path));
  const ids = await Promise.all(inputs.map(async (x) => ({ ...x, ...(await identity(x.path)) })));
  const same = (o: { real: string; id?: string }, x: { real: string; id?: string }) => o.real === x.real || (o.id !== undefined && o.id === x.id);
  for (const [path, flag] of writes.files) {
    const o = await identity(path);
    for (const x of ids)
      if (!SAME_ALLOWED.has(`${x.what}→${flag}`) && same(o, x))
        throw new SaeError(
          "E_ARG",
          `${path} (--${flag}) is the input ${x.path} (${x.what})${resolve(path) !== resolve(x.path) ? `, the same file through a link` : ""}: writing it would replace the data the command reads; give --${flag} another file name`,
        );
  }
  for (const [path, flag] of writes.dirs) {
    const o = await identity(path);
    for (const x of ids)
      if (same(o, x) || x.real.startsWith(o.real + sep))
        throw new SaeError(
          "E_ARG",
          `${path} (--${flag}, the folder ${command} writes) holds the input ${x.path} (${x.what}): writing there could replace the data the command reads; give --${flag} another folder`,
        );
  }
}

/** Text columns taken without being named, where a table has several. */
export const TEXT_NAMES = ["text", "abstract", "content", "body", "sentence", "title"];

/**
 * Texts of a file with --text-column and --skip-empty as given: a text file (a column on plain
 * text is an error), or a column of a Parquet or Arrow table.
 */
export async function textsOf(
  path: string,
  p: Parsed,
  column = str(p, "text-column"),
  flag = "text-column",
  rules: TextOptions = { skipEmpty: p.flags.has("skip-empty") },
): Promise<TextRows> {
  if (await isTableSource(path)) {
    const t = await openTable(path);
    try {
      return await tableTexts(t, pickColumn(t, "text", column, flag, TEXT_NAMES), rules);
    } finally {
      await t.close();
    }
  }
  return readTextRows(basename(path), await readInput(path), { ...(column !== undefined ? { column } : {}), ...rules });
}

/** Whether a corpus is a table holding embeddings (the --column named, or any list-of-floats column). */
export async function tableHasVectors(path: string, p: Parsed): Promise<boolean> {
  if (!(await isTableSource(path))) return false;
  if (p.flags.has("column")) return true;
  const t = await openTable(path);
  try {
    return t.columns.some((c) => c.kind === "vector");
  } finally {
    await t.close();
  }
}

/** The --id-column of a table, and whether its ids are integers or strings (as codes.parquet stores them). */
export function idColumn(t: ColumnarTable, name: string | undefined): CodesIdColumn {
  const col = pickColumn(t, "id", name, "id-column");
  return { name: col, kind: t.columns.find((c) => c.name === col)!.kind === "integer" ? "integer" : "text" };
}

/** --id-column of a table: its values as strings and whether they are integers (for the codes file). */
export async function idsOf(path: string, p: Parsed): Promise<{ column: CodesIdColumn; ids: string[] } | undefined> {
  const name = str(p, "id-column");
  if (name === undefined) return undefined;
  if (!(await isTableSource(path))) throw new UsageError(`--id-column names a column of a Parquet or Arrow file; ${path} is not one`);
  const t = await openTable(path);
  try {
    const column = idColumn(t, name);
    return { column, ids: (await tableTexts(t, column.name, { allowEmpty: true })).texts };
  } finally {
    await t.close();
  }
}

/** --id-column of a table read alongside a stream of rows: one row group's ids held at a time. */
export async function idStreamOf(path: string, p: Parsed) {
  if (str(p, "id-column") === undefined) return undefined;
  if (!(await isTableSource(path))) throw new UsageError(`--id-column names a column of a Parquet or Arrow file; ${path} is not one`);
  const t = await openTable(path);
  try {
    const column = idColumn(t, str(p, "id-column"));
    const name = column.name;
    let held: { g: number; ids: (string | null)[] } | undefined;
    return {
      column,
      rows: t.rows,
      /** Ids of rows [start, start + count), read in order. */
      async slice(start: number, count: number): Promise<(string | null)[]> {
        const out: (string | null)[] = [];
        while (out.length < count) {
          const row = start + out.length;
          if (!held || row < t.groups[held.g]!.start || row >= t.groups[held.g]!.start + t.groups[held.g]!.rows) {
            const g = t.groups.findIndex((x) => row >= x.start && row < x.start + x.rows);
            held = { g, ids: await t.strings(g, name) };
          }
          const grp = t.groups[held.g]!;
          out.push(...held.ids.slice(row - grp.start, Math.min(grp.rows, row - grp.start + count - out.length)));
        }
        return out;
      },
      close: () => t.close(),
    };
  } catch (e) {
    await t.close();
    throw e;
  }
}

/** The source row of text i (where --skip-empty left some out, the row in the file). */
export const sourceRow = (t: TextRows, i: number) => t.kept?.[i] ?? i;

export const widthError = (path: string, rows: number, cols: number, d: number) =>
  new SaeError("E_SHAPE", `${path}: ${rows} × ${cols} embeddings, but the SAE reads ${d}-d inputs (d=${d}); use embeddings made with the SAE's embedder`);

/** --column, which names the embeddings' column of a table (texts have --text-column). */
export async function columnOf(path: string, p: Parsed): Promise<string | undefined> {
  const column = str(p, "column");
  if (column !== undefined && !(await isTableSource(path)))
    throw new UsageError(`--column names the embeddings' column of a Parquet or Arrow file, and ${path} is not one (a texts file's column is --text-column)`);
  return column;
}

/** Embeddings from a file (--column names a Parquet or Arrow column), which must be `d` wide (never reshaped). */
export async function embeddingsOf(path: string, d: number, p: Parsed): Promise<Matrix> {
  const column = await columnOf(path, p);
  const m = await readEmbeddings(path, column !== undefined ? { column } : {});
  if (m.cols !== d) throw widthError(path, m.rows, m.cols, d);
  return m;
}

/** Embeddings opened for row batches (--column as in embeddingsOf), `d` wide where d is given. */
export async function embeddingRowsOf(path: string, p: Parsed, d?: number): Promise<EmbeddingRows> {
  const column = await columnOf(path, p);
  const rows = await openEmbeddings(path, column !== undefined ? { column } : {});
  if (d !== undefined && rows.cols !== d) {
    await rows.close();
    throw widthError(path, rows.rows, rows.cols, d);
  }
  return rows;
}

/** --texts, or the embeddings' own file where it is a table (texts beside the embeddings). */
export async function textsFileOf(p: Parsed, embeddings: string): Promise<string> {
  const t = str(p, "texts") ?? ((await isTableSource(embeddings)) ? embeddings : undefined);
  if (!t)
    throw new UsageError("--texts is required: the texts of the embeddings, row for row (unless the embeddings are a Parquet or Arrow file that holds them)");
  return t;
}

/** Texts that line up with embeddings row for row. */
export function alignTexts(t: TextRows, textsPath: string, m: Matrix, embPath: string): void {
  if (t.texts.length !== m.rows)
    throw new SaeError(
      "E_SHAPE",
      `${textsPath} holds ${t.texts.length} texts${t.kept ? " (after --skip-empty)" : ""} but ${embPath} ${m.rows} rows; they must line up row for row`,
    );
}

/** Codes from an .npz (indices, values [rows, k]) or a codes.parquet (list columns indices and values). */
export async function readCodes(path: string): Promise<Codes> {
  if (await isTableSource(path)) {
    const t = await openTable(path);
    try {
      const names = t.columns.map((c) => c.name);
      if (!names.includes("indices") || !names.includes("values"))
        throw new SaeError("E_FORMAT", `${path}: not codes from 'saejs encode' (no list columns 'indices' and 'values'; columns: ${names.join(", ")})`);
      const parts: Codes[] = [];
      for (let g = 0; g < t.groups.length; g++) {
        const i = await t.vectors(g, "indices"),
          v = await t.vectors(g, "values");
        if (i.width !== v.width)
          throw new SaeError(
            "E_SHAPE",
            `${path}: rows from ${t.groups[g]!.start} hold ${i.width} indices and ${v.width} values; they must hold as many of each`,
          );
        const indices = Int32Array.from(i.data, (x, j) => {
          if (!Number.isInteger(x) || x < 0)
            throw new SaeError("E_INDEX", `${path}: index ${x} in row ${t.groups[g]!.start + Math.floor(j / i.width)} is not a latent index`);
          return x;
        });
        parts.push({ indices, values: v.data, k: i.width, batch: t.groups[g]!.rows });
      }
      // A thresholded SAE's codes vary in width from row group to row group: narrower rows are
      // padded to the widest with entries of value 0 (inactive).
      if (!parts.length) return { indices: new Int32Array(0), values: new Float32Array(0), k: 0, batch: t.rows };
      return widestCodes(parts);
    } finally {
      await t.close();
    }
  }
  const npz = await openCheckpoint(path);
  try {
    const idx = npz.tensors.get("indices"),
      val = npz.tensors.get("values");
    if (!idx || !val || idx.shape.length !== 2) throw new SaeError("E_FORMAT", "codes: expected an .npz with indices [rows, k] and values [rows, k]");
    const [rows, k] = idx.shape as [number, number];
    return { indices: Int32Array.from(await idx.read()), values: await val.read(), k, batch: rows };
  } finally {
    await npz.close();
  }
}

/**
 * The SAE at `path` with --k and --workers: --k applies where the checkpoint states no k; one
 * that differs from the checkpoint's is refused unless --override-k says it is meant.
 */
export async function loadModel(path: string, p: Parsed): Promise<Awaited<ReturnType<typeof loadSae>>> {
  const k = num(p, "k", undefined, { min: 1 });
  const sae = await loadSae(path, { ...(k ? { k } : {}), workers: num(p, "workers", undefined, { min: 0 }) ?? "auto" });
  const fileK = sae.info.fileK;
  if (k !== undefined && fileK !== undefined && fileK !== k && !p.flags.has("override-k")) {
    await sae.dispose();
    throw new SaeError(
      "E_ARG",
      `${path} was trained with k=${fileK}, but --k says ${k}; drop --k to use k=${fileK}, or add --override-k to use k=${k} (outputs then record both)`,
    );
  }
  return sae;
}

/** How an output records k: the k used, and the checkpoint's where --override-k replaced it. */
export function kRecord(sae: Awaited<ReturnType<typeof loadSae>>): Record<string, string> {
  const fileK = sae.info.fileK;
  return fileK !== undefined && fileK !== sae.k
    ? { k: String(sae.k), k_source: "override", checkpoint_k: String(fileK) }
    : { k: String(sae.k), k_source: sae.info.kSource };
}

/** Runs f with the SAE named by positional argument 0 (see loadModel), then frees it. */
export async function withModel<T>(p: Parsed, f: (sae: Awaited<ReturnType<typeof loadSae>>) => Promise<T>): Promise<T> {
  const sae = await loadModel(need(p, 0, "an SAE checkpoint"), p);
  try {
    return await f(sae);
  } finally {
    await sae.dispose();
  }
}

/** --out, checked writable before any work. */
export async function requireOut(p: Parsed): Promise<string> {
  const out = str(p, "out");
  if (!out) throw new UsageError("--out is required");
  return checkOutFile(out);
}

/** Rows per encode call when streaming a file: large enough to keep every worker busy. */
export const ENCODE_BATCH = 1024;
