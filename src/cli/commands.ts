// The commands of `saejs`: each a help text and a run over parsed arguments. In --json mode a
// command's result is printed as one JSON line; otherwise it prints for people.
import { access, constants, readFile, stat } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { SaeError } from "../core/errors.js";
import { concatFloats, transpose, type Matrix } from "../core/shapes.js";
import type { Codes } from "../core/model.js";
import { loadSae, saveSae, serializeSae, codesToNpz } from "../load.js";
import { openCheckpoint } from "../io/checkpoint.js";
import { isTableSource, openEmbeddings, openTable, readEmbeddings, type EmbeddingRows } from "../io/embeddings.js";
import { pickColumn, tableTexts, type ColumnarTable } from "../io/table.js";
import { codesParquetWriter, type CodesIdColumn } from "../io/codes-parquet.js";
import { writeNpy } from "../io/npy.js";
import { embedCached } from "../embed/cache.js";
import { buildExplorerData } from "../explore/site.js";
import type { LabelResult } from "../explore/llm.js";
import { serveSite, siteFiles, writeSite } from "./explore.js";
import { readTextRows, type TextOptions, type TextRows } from "../io/texts.js";
import { ioError, openAtomicWriter, writeFileAtomic } from "../runtime/fs.js";
import { bestBackend } from "../kernels/backend.js";
import { SHUFFLE_WINDOW, train } from "../train/train.js";
import type { GpuLike } from "../gpu/types.js";
import { evaluate } from "../train/metrics.js";

/** WebGPU in Node through the optional `webgpu` package (Dawn), where it is installed. */
async function nodeGpu(): Promise<GpuLike | undefined> {
  try {
    const m = await import("webgpu");
    Object.assign(globalThis, m.globals);
    return m.create([]);
  } catch {
    return undefined;
  }
}
import { featureStats, hardNegatives, offlineLabel } from "../explore/features.js";
import { steerAdd, steerClamp, steerEdit } from "../explore/steer.js";
import { SearchIndex } from "../explore/search-index.js";
import { UseLiteEmbedder } from "../embed/use.js";
import { HttpEmbedder } from "../embed/http.js";
import type { Embedder } from "../embed/embedder.js";
import { runDemo } from "../demo/demo.js";
import { Sae } from "../sae.js";
import { need, num, str, UsageError, type FlagSpec, type Parsed } from "./args.js";
import { progress } from "./progress.js";

export interface Io {
  json: boolean;
  quiet: boolean;
  signal: AbortSignal;
  /** Human output (silent in --json mode). */
  say(line: string): void;
  stderr: { isTTY?: boolean; write(s: string): unknown };
}

export interface Command {
  readonly help: string;
  /** The flags it takes (beyond --json, --quiet, --verbose, --help): anything else is a usage error. */
  readonly flags: FlagSpec;
  /** Positional arguments it takes at most. */
  readonly maxArgs: number;
  /** A server whose normal end is Ctrl-C: that ends it with exit 0 (any other command: 130). */
  readonly servesUntilInterrupt?: boolean;
  run(p: Parsed, io: Io): Promise<object | undefined>;
}

const flags = (values: string, booleans = ""): FlagSpec => ({ values: values.split(" ").filter(Boolean), booleans: booleans.split(" ").filter(Boolean) });
const MODEL = "k workers";
const EMBEDDER = "embedder base-url model api-key dim";

const EMBEDDER_FLAGS = `  --embedder use|http   use: Universal Sentence Encoder lite, offline (default); http: an
                        OpenAI-compatible service (--base-url, --model, --api-key, --dim or env
                        OPENAI_BASE_URL, SAEJS_EMBED_MODEL, OPENAI_API_KEY)`;
const COLUMN_FLAGS = `  --column NAME         the embeddings' column of a Parquet or Arrow file (default: its one list-of-floats
                        column, or 'embedding')`;
const TEXTS_FLAGS = `  --texts FILE          the texts of the embeddings, row for row (.txt, .csv, .tsv, .jsonl, .json,
                        .parquet, .arrow); default: the embeddings' file where it is a table
  --text-column NAME    the texts' CSV/TSV column, JSON(L) field or table column (default text)
  --id-column NAME      a table column of ids shown for each document (default: the row number)
  --skip-empty          leave out empty texts (as in 'saejs embed')`;
const SAE_FLAGS = `  --k N                 active latents, where the checkpoint does not say`;

function embedderOf(p: Parsed): Embedder {
  const kind = str(p, "embedder", "use");
  if (kind === "use") return new UseLiteEmbedder();
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
async function readInput(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    throw ioError(path, "cannot read", e);
  }
}

/** Checks, before any long work, that `path` can be written as a file: not a folder, in a writable folder that exists. */
async function checkOutFile(path: string): Promise<string> {
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
async function checkOutDir(path: string): Promise<string> {
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

/** Text columns taken without being named, where a table has several. */
const TEXT_NAMES = ["text", "abstract", "content", "body", "sentence", "title"];

/**
 * Texts of a file with --text-column and --skip-empty as given: a text file (a column on plain
 * text is an error), or a column of a Parquet or Arrow table.
 */
async function textsOf(
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
async function tableHasVectors(path: string, p: Parsed): Promise<boolean> {
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
function idColumn(t: ColumnarTable, name: string | undefined): CodesIdColumn {
  const col = pickColumn(t, "id", name, "id-column");
  return { name: col, kind: t.columns.find((c) => c.name === col)!.kind === "integer" ? "integer" : "text" };
}

/** --id-column of a table: its values as strings and whether they are integers (for the codes file). */
async function idsOf(path: string, p: Parsed): Promise<{ column: CodesIdColumn; ids: string[] } | undefined> {
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
async function idStreamOf(path: string, p: Parsed) {
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
const sourceRow = (t: TextRows, i: number) => t.kept?.[i] ?? i;

const widthError = (path: string, rows: number, cols: number, d: number) =>
  new SaeError("E_SHAPE", `${path}: ${rows} × ${cols} embeddings, but the SAE reads ${d}-d inputs (d=${d}); use embeddings made with the SAE's embedder`);

/** --column, which names the embeddings' column of a table (texts have --text-column). */
async function columnOf(path: string, p: Parsed): Promise<string | undefined> {
  const column = str(p, "column");
  if (column !== undefined && !(await isTableSource(path)))
    throw new UsageError(`--column names the embeddings' column of a Parquet or Arrow file, and ${path} is not one (a texts file's column is --text-column)`);
  return column;
}

/** Embeddings from a file (--column names a Parquet or Arrow column), which must be `d` wide (never reshaped). */
async function embeddingsOf(path: string, d: number, p: Parsed): Promise<Matrix> {
  const column = await columnOf(path, p);
  const m = await readEmbeddings(path, column !== undefined ? { column } : {});
  if (m.cols !== d) throw widthError(path, m.rows, m.cols, d);
  return m;
}

/** Embeddings opened for row batches (--column as in embeddingsOf), `d` wide where d is given. */
async function embeddingRowsOf(path: string, p: Parsed, d?: number): Promise<EmbeddingRows> {
  const column = await columnOf(path, p);
  const rows = await openEmbeddings(path, column !== undefined ? { column } : {});
  if (d !== undefined && rows.cols !== d) {
    await rows.close();
    throw widthError(path, rows.rows, rows.cols, d);
  }
  return rows;
}

/** --texts, or the embeddings' own file where it is a table (texts beside the embeddings). */
async function textsFileOf(p: Parsed, embeddings: string): Promise<string> {
  const t = str(p, "texts") ?? ((await isTableSource(embeddings)) ? embeddings : undefined);
  if (!t)
    throw new UsageError("--texts is required: the texts of the embeddings, row for row (unless the embeddings are a Parquet or Arrow file that holds them)");
  return t;
}

/** Texts that line up with embeddings row for row. */
function alignTexts(t: TextRows, textsPath: string, m: Matrix, embPath: string): void {
  if (t.texts.length !== m.rows)
    throw new SaeError(
      "E_SHAPE",
      `${textsPath} holds ${t.texts.length} texts${t.kept ? " (after --skip-empty)" : ""} but ${embPath} ${m.rows} rows; they must line up row for row`,
    );
}

/** Codes from an .npz (indices, values [rows, k]) or a codes.parquet (list columns indices and values). */
async function readCodes(path: string): Promise<Codes> {
  if (await isTableSource(path)) {
    const t = await openTable(path);
    try {
      const idx: Float32Array[] = [],
        val: Float32Array[] = [];
      let k: number | undefined;
      const names = t.columns.map((c) => c.name);
      if (!names.includes("indices") || !names.includes("values"))
        throw new SaeError("E_FORMAT", `${path}: not codes from 'saejs encode' (no list columns 'indices' and 'values'; columns: ${names.join(", ")})`);
      for (let g = 0; g < t.groups.length; g++) {
        const i = await t.vectors(g, "indices"),
          v = await t.vectors(g, "values");
        k ??= i.width;
        if (i.width !== k || v.width !== k)
          throw new SaeError(
            "E_SHAPE",
            `${path}: rows from ${t.groups[g]!.start} hold ${i.width} indices and ${v.width} values; every row must hold k=${k} of each`,
          );
        idx.push(i.data);
        val.push(v.data);
      }
      const indices = Int32Array.from(concatFloats(idx), (x, j) => {
        if (!Number.isInteger(x) || x < 0) throw new SaeError("E_INDEX", `${path}: index ${x} at position ${j} is not a latent index`);
        return x;
      });
      return { indices, values: concatFloats(val), k: k ?? 0, batch: t.rows };
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

/** Runs f with the SAE named by positional argument 0 (k from --k where the file lacks it), then frees it. */
async function withModel<T>(p: Parsed, f: (sae: Awaited<ReturnType<typeof loadSae>>) => Promise<T>): Promise<T> {
  const k = num(p, "k", undefined, { min: 1 });
  const sae = await loadSae(need(p, 0, "an SAE checkpoint"), { ...(k ? { k } : {}), workers: num(p, "workers", undefined, { min: 0 }) ?? "auto" });
  try {
    return await f(sae);
  } finally {
    await sae.dispose();
  }
}

/** --out, checked writable before any work. */
async function requireOut(p: Parsed): Promise<string> {
  const out = str(p, "out");
  if (!out) throw new UsageError("--out is required");
  return checkOutFile(out);
}

/** Rows per encode call when streaming a file: large enough to keep every worker busy. */
const ENCODE_BATCH = 1024;

/** Fewer training steps than this rarely give a usable SAE. */
const FEW_STEPS = 1000;

/** The warning for a short run, with settings that give about FEW_STEPS steps on this many rows. */
export function fewStepsWarning(rows: number, epochs: number, batch: number, steps: number): string {
  const b = Math.max(16, Math.min(batch, 2 ** Math.floor(Math.log2(Math.max(16, rows / 8)))));
  const perEpoch = Math.max(1, Math.floor(rows / b));
  const e = Math.ceil(FEW_STEPS / perEpoch);
  return (
    `saejs train: warning: ${rows} rows in batches of ${batch} for ${epochs} epoch(s) is only ${steps} step(s); ` +
    `an SAE needs about ${FEW_STEPS} or more. For this data try --batch ${b} --epochs ${e}${b < 1024 ? " --lr 1e-3" : ""} (${perEpoch * e} steps)`
  );
}

/** A corpus's codes, per-feature statistics and offline labels (made once per feature, on demand). */
async function corpusFeatures(sae: Awaited<ReturnType<typeof loadSae>>, x: Matrix, texts: string[], perFeature: number, signal: AbortSignal) {
  const codes = await sae.encode(x, undefined, { signal });
  const stats = featureStats(codes, sae.nLatents, perFeature);
  const labels = new Map<number, string[]>();
  const label = (i: number): string[] => {
    let l = labels.get(i);
    if (!l) {
      const top = stats.top[i]!.filter((s) => s.value > 0);
      const neg = hardNegatives(
        i,
        top.map((s) => s.doc),
        codes,
        x.data,
        x.cols,
        5,
      );
      l = top.length
        ? offlineLabel(
            top.map((s) => texts[s.doc]!),
            neg.map((d) => texts[d]!),
            3,
          )
        : [];
      labels.set(i, l);
    }
    return l;
  };
  return { codes, stats, label };
}

const row = (m: { nmse: number; logFdLive: number; logFdAll: number; actMean: number; deadShare: number }, k: number, n: number) =>
  `| k | n | nMSE | log FD (live) | log FD (all) | act mean | dead share |\n|---|---|---|---|---|---|---|\n| ${k} | ${n} | ${m.nmse.toFixed(4)} | ${m.logFdLive.toFixed(4)} | ${m.logFdAll.toFixed(4)} | ${m.actMean.toFixed(4)} | ${(m.deadShare * 100).toFixed(1)} % |`;

export const COMMANDS: Record<string, Command> = {
  demo: {
    help: `saejs demo [--limit N] [--out report.html]
  The main job: embed the bundled corpus, train an SAE, print labelled features, write a report.
  Embeds the bundled WordNet science corpus offline (cached), trains a top-k SAE, prints its
  metrics and labelled features, and writes an HTML report.
  --limit N     use at most N texts (env SAEJS_DEMO_LIMIT)
  --out PATH    the report (default saejs-report.html)`,
    flags: flags("limit out"),
    maxArgs: 0,
    async run(p, io) {
      const envLimit = process.env.SAEJS_DEMO_LIMIT;
      if (envLimit !== undefined && !/^\d+$/.test(envLimit.trim())) throw new UsageError(`SAEJS_DEMO_LIMIT must be an integer ≥ 50, got '${envLimit}'`);
      const limit = num(p, "limit", envLimit ? Number(envLimit) : undefined, { min: 50 });
      const out = await checkOutFile(str(p, "out", "saejs-report.html")!);
      await checkOutFile("saejs-demo.safetensors");
      const r = await runDemo({ ...(limit ? { limit } : {}), out, signal: io.signal, log: io.say });
      const { density: _d, ...metrics } = r.metrics;
      return {
        texts: r.texts,
        report: r.report,
        model: r.model,
        corpus: r.corpus,
        explore: r.explore,
        embeddingsCached: r.embeddingsCached,
        metrics,
        frequent: r.frequent.map((f) => ({ index: f.index, density: f.density, label: f.label })),
        distinctive: r.distinctive.map((f) => ({ index: f.index, density: f.density, label: f.label })),
      };
    },
  },
  embed: {
    help: `saejs embed <texts.(txt|csv|tsv|jsonl|json|parquet|arrow)> --out embeddings.npy [--text-column text] [--skip-empty]
  Embeds one text per line, a CSV/TSV column, a JSON(L) field or a Parquet/Arrow string column
  into a float32 .npy [texts, dim]. Row i of the output is row i of the input; an empty text is an
  error naming its row.
  --text-column NAME    the CSV/TSV column, JSON(L) field or table column (default text; not for
                        .txt; a table's one string column is taken without it); --column is the same
  --skip-empty          leave out empty texts, and write the kept source rows (0-based, int32)
                        to <out>.rows.npy so that the embeddings can be matched to the source
${EMBEDDER_FLAGS}`,
    flags: flags(`out column text-column ${EMBEDDER}`, "skip-empty"),
    maxArgs: 1,
    async run(p, io) {
      const input = need(p, 0, "a texts file"),
        out = await requireOut(p);
      if (p.flags.has("column") && p.flags.has("text-column")) throw new UsageError("--column and --text-column are the same here; give one");
      const t = await textsOf(input, p, str(p, "text-column") ?? str(p, "column"), p.flags.has("column") ? "column" : "text-column");
      const rowsOut = t.kept ? await checkOutFile(`${out.replace(/\.npy$/i, "")}.rows.npy`) : undefined;
      const e = embedderOf(p);
      const bar = progress("embed", io.stderr, io.quiet);
      const x = await e.embed(t.texts, { signal: io.signal, onProgress: (d, n) => bar.update(d, n) });
      await writeFileAtomic(out, writeNpy(x, [t.texts.length, e.dim]));
      if (rowsOut) await writeFileAtomic(rowsOut, writeNpy(Int32Array.from(t.kept!), [t.kept!.length]));
      bar.done(`wrote ${out}: ${t.texts.length} × ${e.dim} (${e.name})${rowsOut ? `; ${rowsOut}: the source row of each` : ""}`);
      return { out, rows: t.texts.length, dim: e.dim, embedder: e.name, ...(rowsOut ? { keptRows: rowsOut } : {}) };
    },
  },
  train: {
    help: `saejs train <embeddings.(npy|parquet|arrow)> --out sae.safetensors --k 16 --n 1024 [options]
  Trains a top-k SAE with the release's recipe on embeddings streamed from disk (Parquet and
  Arrow by row group: rows are shuffled within windows of ${SHUFFLE_WINDOW} row groups taken in a shuffled order).
${COLUMN_FLAGS}
  --epochs N (1) --batch N (1024) --lr X (1e-4) --seed N (0) --dead-steps N (266) --workers N|auto
  --checkpoint PATH   checkpoints (default <out>.ckpt); Ctrl-C stops cleanly and keeps it
  --every N           checkpoint every N steps as well as at each epoch's end
  --resume PATH       continue a checkpoint exactly (on the same data: its rows and a hash of
                      sampled rows are checked; --resume-other-data continues on other data)
  --trainer auto|gpu|wasm|ref   auto (default): WebGPU on a hardware adapter where the optional
                      'webgpu' package finds one, else Wasm; gpu: any adapter, else an error
  A run of fewer than ${FEW_STEPS} steps gets a warning with settings that fit the data.`,
    flags: flags("out column k n epochs batch lr seed dead-steps workers checkpoint every resume trainer", "resume-other-data"),
    maxArgs: 1,
    async run(p, io) {
      const input = need(p, 0, "an embeddings file"),
        out = await requireOut(p);
      const k = num(p, "k", undefined, { min: 1 }),
        n = num(p, "n", undefined, { min: 2 });
      if (!k || !n) throw new UsageError("--k and --n are required");
      const cfg = {
        k,
        nLatents: n,
        epochs: num(p, "epochs", 1, { min: 1 })!,
        batchSize: num(p, "batch", 1024, { min: 1 })!,
        lr: num(p, "lr", 1e-4, { min: 0, integer: false })!,
        seed: num(p, "seed", 0, { min: 0 })!,
        deadSteps: num(p, "dead-steps", 266, { min: 0 })!,
      };
      const checkpoint = await checkOutFile(str(p, "checkpoint", `${out}.ckpt`)!);
      const every = num(p, "every", undefined, { min: 1 });
      const resume = str(p, "resume");
      const trainer = str(p, "trainer", "auto")!;
      if (!["auto", "gpu", "wasm", "ref"].includes(trainer)) throw new UsageError(`--trainer must be auto, gpu, wasm or ref, got '${trainer}'`);
      const gpu = trainer === "auto" || trainer === "gpu" ? await nodeGpu() : undefined;
      const data = await embeddingRowsOf(input, p);
      const steps = cfg.epochs * Math.floor(data.rows / cfg.batchSize);
      if (steps < FEW_STEPS) io.stderr.write(`${fewStepsWarning(data.rows, cfg.epochs, cfg.batchSize, steps)}\n`);
      const bar = progress("train", io.stderr, io.quiet);
      try {
        const r = await train(data, cfg, {
          signal: io.signal,
          checkpoint: { path: checkpoint, ...(every ? { every } : {}) },
          ...(resume ? { resume } : {}),
          resumeOtherData: p.flags.has("resume-other-data"),
          workers: num(p, "workers", undefined, { min: 0 }) ?? "auto",
          trainer: trainer as "auto",
          ...(gpu ? { gpu } : {}),
          onProgress: (s) => bar.update(s.step, s.totalSteps, `nMSE ${s.mse.toFixed(4)} dead ${s.dead}`),
        });
        const sae = await Sae.create(r.weights, { k, backend: "ref" });
        await saveSae(sae, out, out.endsWith(".pth") ? "pth" : "safetensors", { training: JSON.stringify(r.config) });
        sae.dispose();
        const last = r.history.at(-1);
        bar.done(
          `wrote ${out} after ${r.steps} steps on the ${r.trainer} trainer${last ? ` (last batch nMSE ${last.mse.toFixed(4)})` : ""}; checkpoint ${checkpoint}`,
        );
        return { out, checkpoint, steps: r.steps, trainer: r.trainer, lastMse: last?.mse ?? null };
      } catch (e) {
        if ((e as SaeError)?.code === "E_ABORTED") bar.done(`interrupted: resume with --resume ${checkpoint}`);
        throw e;
      } finally {
        await data.close();
      }
    },
  },
  eval: {
    help: `saejs eval <sae> <embeddings.(npy|npz|parquet|arrow)> [--column NAME] [--k N]
  The release card's metrics: nMSE, log10 feature density (live latents; all with 1e-10), act mean, dead share.
${COLUMN_FLAGS}
${SAE_FLAGS}`,
    flags: flags(`column ${MODEL}`),
    maxArgs: 2,
    async run(p, io) {
      const emb = need(p, 1, "embeddings");
      return withModel(p, async (sae) => {
        const m = await evaluate(sae, await embeddingsOf(emb, sae.nInputs, p));
        io.say(row(m, sae.k, sae.nLatents));
        const { density: _d, ...metrics } = m;
        return { k: sae.k, n: sae.nLatents, ...metrics };
      });
    },
  },
  encode: {
    help: `saejs encode <sae> <embeddings.(npy|npz|parquet|arrow)> --out codes.(npz|parquet) [--column NAME] [--id-column NAME] [--k N]
  Sparse codes: indices int32 [rows, k] and values float32 [rows, k], each row's sorted by value.
  codes.parquet: the columns indices list<int32> and values list<float> beside an id column (the
  source's --id-column, else 'row', the 0-based source row), written row group by row group as
  the input streams in, so inputs larger than memory encode in bounded memory. DuckDB, Polars
  and pandas read it directly. codes.npz: the arrays 'indices' and 'values', built in memory.
${COLUMN_FLAGS}
  --id-column NAME      a Parquet/Arrow column of ids (integers or strings) to carry into codes.parquet
${SAE_FLAGS}`,
    flags: flags(`out column id-column ${MODEL}`),
    maxArgs: 2,
    async run(p, io) {
      const out = await requireOut(p),
        emb = need(p, 1, "embeddings");
      const parquet = /\.parquet$/i.test(out);
      if (!parquet && !/\.npz$/i.test(out)) throw new UsageError("--out must end in .npz or .parquet");
      if (p.flags.has("id-column") && !parquet) throw new UsageError("--id-column goes into codes.parquet; an .npz holds only indices and values");
      return withModel(p, async (sae) => {
        const ids = await idStreamOf(emb, p);
        const x = await embeddingRowsOf(emb, p, sae.nInputs).catch(async (e) => {
          await ids?.close();
          throw e;
        });
        const { rows, k } = { rows: x.rows, k: sae.k };
        if (ids && ids.rows !== rows) throw new SaeError("E_SHAPE", `${emb}: ${ids.rows} ids but ${rows} embeddings`);
        const bar = progress("encode", io.stderr, io.quiet);
        const file = parquet ? await openAtomicWriter(out) : undefined;
        try {
          const sink = parquet
            ? await codesParquetWriter((b) => file!.write(b), k, {
                ...(ids ? { id: ids.column } : {}),
                metadata: { d: String(sae.nInputs), n: String(sae.nLatents), source: basename(emb) },
              })
            : undefined;
          const all = sink ? undefined : { indices: new Int32Array(rows * k), values: new Float32Array(rows * k) };
          // The next batch is read and decoded while the workers encode this one.
          const batches = x.batches(ENCODE_BATCH)[Symbol.asyncIterator]();
          let next = batches.next();
          for (;;) {
            const b = await next;
            if (b.done) break;
            next = batches.next();
            next.catch(() => {}); // surfaced when awaited
            const codes = await sae.encode(b.value.data, undefined, { signal: io.signal });
            if (sink) await sink.write(codes, await ids?.slice(b.value.start, b.value.rows));
            else {
              all!.indices.set(codes.indices, b.value.start * k);
              all!.values.set(codes.values, b.value.start * k);
            }
            bar.update(b.value.start + b.value.rows, rows);
          }
          if (sink) {
            await sink.finish();
            await file!.commit();
          } else await writeFileAtomic(out, codesToNpz({ ...all!, k, batch: rows }));
        } catch (e) {
          await file?.abort();
          throw e;
        } finally {
          await x.close();
          await ids?.close();
        }
        bar.done(`wrote ${out}: ${rows} rows × k=${k}`);
        return { out, rows, k };
      });
    },
  },
  decode: {
    help: `saejs decode <sae> <codes.(npz|parquet)> --out reconstructions.npy [--k N]
  Reconstructions [rows, d] from codes written by 'saejs encode' (either format).
${SAE_FLAGS}`,
    flags: flags(`out ${MODEL}`),
    maxArgs: 2,
    async run(p, io) {
      const out = await requireOut(p),
        codesPath = need(p, 1, "codes (.npz or .parquet)");
      return withModel(p, async (sae) => {
        const codes = await readCodes(codesPath);
        const xhat = await sae.decode(codes);
        await writeFileAtomic(out, writeNpy(xhat, [codes.batch, sae.nInputs]));
        io.say(`wrote ${out}: ${codes.batch} × ${sae.nInputs}`);
        return { out, rows: codes.batch, dim: sae.nInputs };
      });
    },
  },
  features: {
    help: `saejs features <sae> <embeddings> [--texts FILE] [--show 10] [--top 5] [--sort density|distinctive]
  Features with their density, offline label (terms separating top texts from hard negatives) and top texts.
${TEXTS_FLAGS}
${COLUMN_FLAGS}
${SAE_FLAGS}`,
    flags: flags(`texts text-column id-column column show top sort ${MODEL}`, "skip-empty"),
    maxArgs: 2,
    async run(p, io) {
      const emb = need(p, 1, "embeddings"),
        tfile = await textsFileOf(p, emb);
      const sort = str(p, "sort", "density");
      if (sort !== "density" && sort !== "distinctive") throw new UsageError(`--sort must be 'density' or 'distinctive', got '${sort}'`);
      const show = num(p, "show", 10, { min: 1 })!,
        perFeature = num(p, "top", 5, { min: 1 })!;
      return withModel(p, async (sae) => {
        const x = await embeddingsOf(emb, sae.nInputs, p);
        const t = await textsOf(tfile, p);
        alignTexts(t, tfile, x, emb);
        const idCol = await idsOf(tfile, p);
        const corpus = await corpusFeatures(sae, x, t.texts, perFeature, io.signal);
        const { stats } = corpus;
        const ids = Array.from({ length: sae.nLatents }, (_, i) => i).filter((i) => stats.counts[i]! > 0);
        if (sort === "distinctive") ids.sort((a, b) => stats.meanAct[b]! - stats.meanAct[a]! || a - b);
        else ids.sort((a, b) => stats.density[b]! - stats.density[a]! || a - b);
        const features = ids.slice(0, show).map((i) => {
          const top = stats.top[i]!.filter((s) => s.value > 0);
          const label = corpus.label(i);
          io.say(`#${i}  density ${(stats.density[i]! * 100).toFixed(2)} %  "${label.join(" / ")}"`);
          for (const s of top.slice(0, 3)) io.say(`    · ${t.texts[s.doc]!.slice(0, 160)}`);
          return {
            index: i,
            density: stats.density[i]!,
            meanAct: stats.meanAct[i]!,
            label,
            top: top.map((s) => ({ doc: sourceRow(t, s.doc), ...(idCol ? { id: idCol.ids[sourceRow(t, s.doc)] } : {}), value: s.value })),
          };
        });
        return { features };
      });
    },
  },
  search: {
    help: `saejs search <sae> <embeddings> [--texts FILE] "query" [--top 5] [--steer I=V ...]
  Semantic search over embedded texts, with the query's active features, optionally steered.
  The query is embedded with the corpus's embedder and documents are ranked by dot product.
  Each active feature of the query is shown with its label and its activations over the corpus
  (mean and max): steering values in that range move a query the way real documents differ.
  --steer I=V         steer latent I (repeatable): with --steer-mode edit (default) set its value
                      in the query's codes (0 removes it); add: add V·decoder[:, I] to the query;
                      clamp: clamp its pre-activation to V and redo the top-k
${TEXTS_FLAGS}
${COLUMN_FLAGS}
${SAE_FLAGS}
${EMBEDDER_FLAGS}`,
    flags: flags(`texts text-column id-column column top steer steer-mode ${MODEL} ${EMBEDDER}`, "skip-empty"),
    maxArgs: 3,
    async run(p, io) {
      const emb = need(p, 1, "embeddings"),
        query = need(p, 2, "a query"),
        tfile = await textsFileOf(p, emb);
      if (!query.trim()) throw new UsageError("the query is empty");
      const top = num(p, "top", 5, { min: 1 })!;
      const steerArgs = p.all.get("steer") ?? [];
      const steer = new Map(
        steerArgs.map((a) => {
          const m = /^(\d+)=([+-]?\d*\.?\d+(?:e[+-]?\d+)?)$/i.exec(a);
          if (!m) throw new UsageError(`--steer takes LATENT=VALUE, e.g. 123=+10, got '${a}'`);
          return [Number(m[1]), Number(m[2])] as [number, number];
        }),
      );
      const mode = str(p, "steer-mode", "edit")!;
      if (!["edit", "add", "clamp"].includes(mode)) throw new UsageError(`--steer-mode must be edit, add or clamp, got '${mode}'`);
      return withModel(p, async (sae) => {
        for (const i of steer.keys()) if (i >= sae.nLatents) throw new UsageError(`--steer ${i}=…: the SAE has latents 0…${sae.nLatents - 1}`);
        const x = await embeddingsOf(emb, sae.nInputs, p);
        const t = await textsOf(tfile, p);
        alignTexts(t, tfile, x, emb);
        const ids = await idsOf(tfile, p);
        const e = embedderOf(p);
        if (e.dim !== x.cols)
          throw new SaeError(
            "E_SHAPE",
            `the embedder ${e.name} gives ${e.dim}-d vectors, the corpus ${emb} is ${x.cols}-d; use the embedder the corpus was embedded with`,
          );
        const q = await e.embed([query], { signal: io.signal });
        const corpus = await corpusFeatures(sae, x, t.texts, 10, io.signal);
        const index = await SearchIndex.create(x.data, x.cols);
        try {
          const hit = (s: { doc: number; score: number }) => ({
            doc: sourceRow(t, s.doc),
            ...(ids ? { id: ids.ids[sourceRow(t, s.doc)]! } : {}),
            score: s.score,
            text: t.texts[s.doc]!,
          });
          const shown = (r: { id?: string; text: string }) => `${r.id !== undefined ? `[${r.id}]  ` : ""}${r.text.slice(0, 150)}`;
          const results = index.search(q, top).map(hit);
          const codes = await sae.encode(q);
          const features = Array.from(codes.indices, (i, j) => ({ index: i, value: codes.values[j]! }))
            .filter((f) => f.value > 0)
            .map((f) => ({
              ...f,
              label: corpus.label(f.index),
              corpusMean: corpus.stats.meanAct[f.index]!,
              corpusMax: corpus.stats.maxAct[f.index]!,
              corpusDensity: corpus.stats.density[f.index]!,
            }));
          io.say(
            features.length ? "query features (value; over the corpus: mean, max activation → sensible --steer values):" : "query features: (none active)",
          );
          for (const f of features) {
            io.say(
              `  #${f.index}  ${f.value.toFixed(3)}  "${f.label.join(" / ") || "(fires on no corpus text)"}"  corpus mean ${f.corpusMean.toFixed(3)}, max ${f.corpusMax.toFixed(3)}  → --steer ${f.index}=0 removes it, ${f.index}=${f.corpusMax.toFixed(2)} as strong as the corpus's strongest`,
            );
          }
          if (!steer.size) {
            for (const r of results) io.say(`${r.score.toFixed(4)}  ${shown(r)}`);
            return { query, features, results };
          }
          const v =
            mode === "edit"
              ? (await steerEdit(sae, q, steer)).vector
              : mode === "add"
                ? await steerAdd(sae, q, steer)
                : (await steerClamp(sae, q, steer)).vector;
          // Where each steered hit ranked before: one full ranking of the unsteered query.
          const before = new Map(index.search(q, x.rows).map((s, rank) => [s.doc, rank + 1]));
          const steered = index.search(v, top).map((s) => ({ ...hit(s), wasRank: before.get(s.doc)! }));
          io.say(`steered (${mode}: ${steerArgs.join(", ")}):`);
          for (const r of steered) io.say(`${r.score.toFixed(4)}  (was #${r.wasRank})  ${shown(r)}`);
          return { query, features, results, steer: Object.fromEntries(steer), mode, steered };
        } finally {
          index.dispose();
        }
      });
    },
  },
  explore: {
    help: `saejs explore <sae> <corpus.(txt|csv|tsv|jsonl|json|parquet|arrow)> [--embeddings FILE] [--out DIR] [--port 8765]
  The feature explorer in the browser: features with labels and density, top documents and hard
  negatives, the density histogram, family trees, and steered search with sliders. Serves it on
  127.0.0.1 until Ctrl-C, or with --out writes a static site for any static host (no CDN, offline).
  --embeddings FILE     the corpus's embeddings [texts, d] (.npy, .parquet, .arrow); without it, a
                        table corpus's own embeddings column is used where it has one, else the
                        corpus is embedded (cached)
  --text-column text    CSV/TSV column, JSON(L) field or table column of the text; --title-column NAME for a title
${COLUMN_FLAGS}
  --labels FILE         an LLM label cache (written by labelFeatures) shown beside the offline labels
  --title TEXT          the page title
  --port N (8765; 0: any free one)   --host ADDR (127.0.0.1)
  --skip-empty          leave out empty texts (as in 'saejs embed')
${SAE_FLAGS}
${EMBEDDER_FLAGS}`,
    flags: flags(`embeddings out port host column text-column title-column labels title ${MODEL} ${EMBEDDER}`, "skip-empty"),
    maxArgs: 2,
    servesUntilInterrupt: true,
    async run(p, io) {
      const out = str(p, "out");
      if (out) await checkOutDir(out);
      const port = num(p, "port", 8765, { min: 0 })!;
      if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
      const corpusPath = need(p, 1, "a corpus of texts");
      const labelsPath = str(p, "labels");
      let labels: Record<string, LabelResult> | undefined;
      if (labelsPath) {
        try {
          labels = (JSON.parse(await readInput(labelsPath)) as { labels?: Record<string, LabelResult> }).labels;
        } catch (e) {
          if (e instanceof SaeError) throw e;
          throw new SaeError("E_FORMAT", `${labelsPath}: not JSON (${(e as Error).message})`);
        }
        if (!labels || typeof labels !== "object") throw new SaeError("E_FORMAT", `${labelsPath}: not a label cache (no "labels" object)`);
      }
      const files = await withModel(p, async (sae) => {
        const t = await textsOf(corpusPath, p);
        const list = t.texts;
        const titleColumn = str(p, "title-column"),
          kept = t.kept && new Set(t.kept);
        const titles = titleColumn
          ? (await textsOf(corpusPath, p, titleColumn, "title-column", { allowEmpty: true })).texts.filter((_, i) => !kept || kept.has(i))
          : list.map((s) => (s.length > 60 ? `${s.slice(0, 60).replace(/\s+\S*$/, "")}…` : s));
        let x: Float32Array,
          embedder = "precomputed";
        const embPath = str(p, "embeddings") ?? ((await tableHasVectors(corpusPath, p)) ? corpusPath : undefined);
        if (embPath) {
          const e = await embeddingsOf(embPath, sae.nInputs, p);
          alignTexts(t, corpusPath, e, embPath);
          x = e.data;
        } else {
          const e = embedderOf(p);
          if (e.dim !== sae.nInputs)
            throw new SaeError("E_SHAPE", `the embedder ${e.name} gives ${e.dim}-d vectors but the SAE reads ${sae.nInputs}-d inputs; pass --embeddings`);
          x = (await embedCached(list, e, { log: io.quiet ? undefined : io.say, signal: io.signal })).x;
          embedder = e.name;
        }
        const bar = progress("explore", io.stderr, io.quiet);
        const docs = list.map((text, i) => ({ title: titles[i]!, text }));
        const explorer = await buildExplorerData(sae, docs, x, {
          title: str(p, "title", `sae.js explorer: ${basename(corpusPath)}`)!,
          embedder,
          signal: io.signal,
          ...(labels ? { labels } : {}),
          onProgress: (stage, done, total) => bar.update(done, total, stage),
        });
        bar.done(`${sae.nLatents} features over ${list.length} documents: ${explorer.families.length} families, ${explorer.histogram.dead} never fired`);
        return siteFiles({
          explorer,
          docs,
          model: await serializeSae(sae, "safetensors"),
          embeddings: writeNpy(x, [list.length, sae.nInputs]),
        });
      });
      if (out) {
        await writeSite(files, out);
        io.say(`wrote the explorer to ${out}/ (${[...files.keys()].join(", ")}); serve it with any static file server`);
        return { out, files: [...files.keys()] };
      }
      const { server, url } = await serveSite(files, { host: str(p, "host", "127.0.0.1")!, port });
      // In --json mode the one JSON line comes at exit, so the address goes to stderr now.
      if (io.json) io.stderr.write(`explorer: ${url}\n`);
      else io.say(`explorer: ${url}  (Ctrl-C stops it)`);
      await new Promise((resolve) => (io.signal.aborted ? resolve(undefined) : io.signal.addEventListener("abort", resolve, { once: true })));
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      return { url };
    },
  },
  convert: {
    help: `saejs convert <checkpoint> --out <file.pth|file.safetensors> [--k N]
  Converts any supported checkpoint to the release layout as .pth or safetensors.
  Reads release .pth, safetensors, npz, SAELens, sparsify and dictionary_learning checkpoints.
  Both outputs keep k: safetensors in its metadata, .pth in a record PyTorch ignores.
${SAE_FLAGS}`,
    flags: flags(`out ${MODEL}`),
    maxArgs: 1,
    async run(p, io) {
      const out = await requireOut(p);
      const format = out.endsWith(".pth") || out.endsWith(".pt") ? "pth" : out.endsWith(".safetensors") ? "safetensors" : undefined;
      if (!format) throw new UsageError("--out must end in .pth, .pt or .safetensors");
      return withModel(p, async (sae) => {
        await saveSae(sae, out, format);
        io.say(`wrote ${out} (${sae.info.layout} ${sae.info.format} → release ${format}, k=${sae.k})`);
        return { out, from: sae.info, k: sae.k };
      });
    },
  },
  info: {
    help: `saejs info [<checkpoint>] [--k N]
  Without a file: the kernel backend this runtime selects. With one: its format, layout, k, shape and dtypes.`,
    flags: flags(MODEL),
    maxArgs: 1,
    async run(p, io) {
      if (!p.positional[0]) {
        io.say(`backend: ${bestBackend()}`);
        return { backend: bestBackend() };
      }
      return withModel(p, async (sae) => {
        const i = sae.info;
        io.say(
          `${p.positional[0]}: ${i.format}, layout ${i.layout}, d=${sae.nInputs}, n=${sae.nLatents}, k=${i.k} (from ${i.kSource}), ReLU ${sae.order === "topk-relu" ? "after" : "before"} top-k`,
        );
        for (const note of i.notes) io.say(`  ${note}`);
        return { ...i, nInputs: sae.nInputs, nLatents: sae.nLatents, order: sae.order, backend: sae.backend };
      });
    },
  },
  bench: {
    help: `saejs bench [--batch 256]
  Encode speed of a release-size SAE (d=1536, n=12288, k=128) on this machine, in-thread.
  (The side-by-side benchmarks against other libraries are 'npm run bench' in the repository.)`,
    flags: flags("batch"),
    maxArgs: 0,
    async run(p, io) {
      const d = 1536,
        n = 12288,
        k = 128,
        batch = num(p, "batch", 256, { min: 1 })!;
      let s = 7;
      const rnd = () => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return (s / 4294967296 - 0.5) * 0.05;
      };
      const enc = Float32Array.from({ length: n * d }, rnd),
        dec = transpose(enc, n, d);
      const sae = await Sae.create(
        { nInputs: d, nLatents: n, preBias: new Float32Array(d), encoderWeight: enc, latentBias: new Float32Array(n), decoderWeight: dec },
        { k },
      );
      const x = Float32Array.from({ length: batch * d }, rnd);
      sae.encode(x);
      const t = performance.now();
      sae.encode(x);
      const ms = performance.now() - t;
      const r = {
        backend: sae.backend,
        d,
        n,
        k,
        batch,
        ms: +ms.toFixed(1),
        embPerSec: Math.round(batch / (ms / 1000)),
        gflops: +((2 * batch * d * n) / ms / 1e6).toFixed(1),
      };
      sae.dispose();
      io.say(`${r.backend}: ${batch} embeddings in ${r.ms} ms = ${r.embPerSec} embeddings/s, ${r.gflops} GFLOP/s`);
      return r;
    },
  },
};
