// The commands of `saejs`: each a help text and a run over parsed arguments. In --json mode a
// command's result is printed as one JSON line; otherwise it prints for people.
import { access, constants, readFile, stat } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { SaeError } from "../core/errors.js";
import { transpose, type Matrix } from "../core/shapes.js";
import { loadSae, saveSae, serializeSae, codesToNpz } from "../load.js";
import { openCheckpoint } from "../io/checkpoint.js";
import { openEmbeddings, openTable, readEmbeddings } from "../io/embeddings.js";
import { writeNpy } from "../io/npy.js";
import { embedCached } from "../embed/cache.js";
import { buildExplorerData } from "../explore/site.js";
import type { LabelResult } from "../explore/llm.js";
import { serveSite, siteFiles, writeSite } from "./explore.js";
import { readTextRows, type TextRows } from "../io/texts.js";
import { ioError, writeFileAtomic } from "../runtime/fs.js";
import { bestBackend } from "../kernels/backend.js";
import { train } from "../train/train.js";
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

/** Texts of a file with --column and --skip-empty as given (a column on plain text is an error). */
async function textsOf(path: string, p: Parsed, column = str(p, "column")): Promise<TextRows> {
  return readTextRows(basename(path), await readInput(path), { ...(column !== undefined ? { column } : {}), skipEmpty: p.flags.has("skip-empty") });
}

/** The source row of text i (where --skip-empty left some out, the row in the file). */
const sourceRow = (t: TextRows, i: number) => t.kept?.[i] ?? i;

/** Embeddings from a file, which must be `d` wide (never reshaped). */
async function embeddingsOf(path: string, d: number): Promise<Matrix> {
  const m = await readEmbeddings(path);
  if (m.cols !== d)
    throw new SaeError(
      "E_SHAPE",
      `${path}: ${m.rows} × ${m.cols} embeddings, but the SAE reads ${d}-d inputs (d=${d}); use embeddings made with the SAE's embedder`,
    );
  return m;
}

/** Texts that line up with embeddings row for row. */
function alignTexts(t: TextRows, textsPath: string, m: Matrix, embPath: string): void {
  if (t.texts.length !== m.rows)
    throw new SaeError(
      "E_SHAPE",
      `${textsPath} holds ${t.texts.length} texts${t.kept ? " (after --skip-empty)" : ""} but ${embPath} ${m.rows} rows; they must line up row for row`,
    );
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
    help: `saejs embed <texts.(txt|csv|tsv|jsonl|json)> --out embeddings.npy [--column text] [--skip-empty]
  Embeds one text per line, or a CSV/TSV column or JSON(L) field, into a float32 .npy [texts, dim].
  Row i of the output is row i of the input; an empty text is an error naming its row.
  --column NAME         the CSV/TSV column or JSON(L) field (default text; not for .txt)
  --skip-empty          leave out empty texts, and write the kept source rows (0-based, int32)
                        to <out>.rows.npy so that the embeddings can be matched to the source
${EMBEDDER_FLAGS}`,
    flags: flags(`out column ${EMBEDDER}`, "skip-empty"),
    maxArgs: 1,
    async run(p, io) {
      const input = need(p, 0, "a texts file"),
        out = await requireOut(p);
      const t = await textsOf(input, p);
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
    help: `saejs train <embeddings.npy> --out sae.safetensors --k 16 --n 1024 [options]
  Trains a top-k SAE with the release's recipe on embeddings streamed from disk.
  --epochs N (1) --batch N (1024) --lr X (1e-4) --seed N (0) --dead-steps N (266) --workers N|auto
  --checkpoint PATH   checkpoints (default <out>.ckpt); Ctrl-C stops cleanly and keeps it
  --every N           checkpoint every N steps as well as at each epoch's end
  --resume PATH       continue a checkpoint exactly (on the same data: its rows and a hash of
                      sampled rows are checked; --resume-other-data continues on other data)
  --trainer auto|gpu|wasm|ref   auto (default): WebGPU on a hardware adapter where the optional
                      'webgpu' package finds one, else Wasm; gpu: any adapter, else an error
  A run of fewer than ${FEW_STEPS} steps gets a warning with settings that fit the data.`,
    flags: flags("out k n epochs batch lr seed dead-steps workers checkpoint every resume trainer", "resume-other-data"),
    maxArgs: 1,
    async run(p, io) {
      const input = need(p, 0, "an embeddings .npy"),
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
      const data = await openEmbeddings(input);
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
    help: `saejs eval <sae> <embeddings.(npy|npz)> [--k N]
  The release card's metrics: nMSE, log10 feature density (live latents; all with 1e-10), act mean, dead share.
${SAE_FLAGS}`,
    flags: flags(MODEL),
    maxArgs: 2,
    async run(p, io) {
      const emb = need(p, 1, "embeddings");
      return withModel(p, async (sae) => {
        const m = await evaluate(sae, await embeddingsOf(emb, sae.nInputs));
        io.say(row(m, sae.k, sae.nLatents));
        const { density: _d, ...metrics } = m;
        return { k: sae.k, n: sae.nLatents, ...metrics };
      });
    },
  },
  encode: {
    help: `saejs encode <sae> <embeddings.(npy|npz)> --out codes.npz [--k N]
  Sparse codes: indices int32 [rows, k] and values float32 [rows, k], rows sorted by value.
${SAE_FLAGS}`,
    flags: flags(`out ${MODEL}`),
    maxArgs: 2,
    async run(p, io) {
      const out = await requireOut(p),
        emb = need(p, 1, "embeddings");
      return withModel(p, async (sae) => {
        const x = await embeddingsOf(emb, sae.nInputs),
          rows = x.rows;
        const codes = await sae.encode(x, undefined, { signal: io.signal });
        await writeFileAtomic(out, codesToNpz(codes));
        io.say(`wrote ${out}: ${rows} rows × k=${codes.k}`);
        return { out, rows, k: codes.k };
      });
    },
  },
  decode: {
    help: `saejs decode <sae> <codes.npz> --out reconstructions.npy [--k N]
  Reconstructions [rows, d] from codes written by 'saejs encode'.
${SAE_FLAGS}`,
    flags: flags(`out ${MODEL}`),
    maxArgs: 2,
    async run(p, io) {
      const out = await requireOut(p),
        codesPath = need(p, 1, "codes.npz");
      return withModel(p, async (sae) => {
        const npz = await openCheckpoint(codesPath);
        const idx = npz.tensors.get("indices"),
          val = npz.tensors.get("values");
        if (!idx || !val || idx.shape.length !== 2) throw new SaeError("E_FORMAT", "codes: expected an .npz with indices [rows, k] and values [rows, k]");
        const [rows, k] = idx.shape as [number, number];
        const xhat = await sae.decode({ indices: Int32Array.from(await idx.read()), values: await val.read(), k, batch: rows });
        await npz.close();
        await writeFileAtomic(out, writeNpy(xhat, [rows, sae.nInputs]));
        io.say(`wrote ${out}: ${rows} × ${sae.nInputs}`);
        return { out, rows, dim: sae.nInputs };
      });
    },
  },
  features: {
    help: `saejs features <sae> <embeddings.npy> --texts FILE [--column text] [--show 10] [--top 5] [--sort density|distinctive]
  Features with their density, offline label (terms separating top texts from hard negatives) and top texts.
  --texts FILE          the texts of the embeddings, row for row (.txt, .csv, .tsv, .jsonl, .json); --column NAME
                        picks the CSV column or JSONL field; --skip-empty as in 'saejs embed'
${SAE_FLAGS}`,
    flags: flags(`texts column show top sort ${MODEL}`, "skip-empty"),
    maxArgs: 2,
    async run(p, io) {
      const emb = need(p, 1, "embeddings"),
        tfile = str(p, "texts");
      if (!tfile) throw new UsageError("--texts is required");
      const sort = str(p, "sort", "density");
      if (sort !== "density" && sort !== "distinctive") throw new UsageError(`--sort must be 'density' or 'distinctive', got '${sort}'`);
      const show = num(p, "show", 10, { min: 1 })!,
        perFeature = num(p, "top", 5, { min: 1 })!;
      return withModel(p, async (sae) => {
        const x = await embeddingsOf(emb, sae.nInputs);
        const t = await textsOf(tfile, p);
        alignTexts(t, tfile, x, emb);
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
            top: top.map((s) => ({ doc: sourceRow(t, s.doc), value: s.value })),
          };
        });
        return { features };
      });
    },
  },
  search: {
    help: `saejs search <sae> <embeddings.npy> --texts FILE "query" [--top 5] [--column text] [--steer I=V ...]
  Semantic search over embedded texts, with the query's active features, optionally steered.
  The query is embedded with the corpus's embedder and documents are ranked by dot product.
  Each active feature of the query is shown with its label and its activations over the corpus
  (mean and max): steering values in that range move a query the way real documents differ.
  --steer I=V         steer latent I (repeatable): with --steer-mode edit (default) set its value
                      in the query's codes (0 removes it); add: add V·decoder[:, I] to the query;
                      clamp: clamp its pre-activation to V and redo the top-k
  --texts FILE        the texts of the embeddings, row for row; --column NAME, --skip-empty as in 'saejs embed'
${SAE_FLAGS}
${EMBEDDER_FLAGS}`,
    flags: flags(`texts column top steer steer-mode ${MODEL} ${EMBEDDER}`, "skip-empty"),
    maxArgs: 3,
    async run(p, io) {
      const emb = need(p, 1, "embeddings"),
        query = need(p, 2, "a query"),
        tfile = str(p, "texts");
      if (!tfile) throw new UsageError("--texts is required");
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
        const x = await embeddingsOf(emb, sae.nInputs);
        const t = await textsOf(tfile, p);
        alignTexts(t, tfile, x, emb);
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
          const hit = (s: { doc: number; score: number }) => ({ doc: sourceRow(t, s.doc), score: s.score, text: t.texts[s.doc]! });
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
            for (const r of results) io.say(`${r.score.toFixed(4)}  ${r.text.slice(0, 160)}`);
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
          for (const r of steered) io.say(`${r.score.toFixed(4)}  (was #${r.wasRank})  ${r.text.slice(0, 150)}`);
          return { query, features, results, steer: Object.fromEntries(steer), mode, steered };
        } finally {
          index.dispose();
        }
      });
    },
  },
  explore: {
    help: `saejs explore <sae> <corpus.(txt|csv|tsv|jsonl|json)> [--embeddings FILE.npy] [--out DIR] [--port 8765]
  The feature explorer in the browser: features with labels and density, top documents and hard
  negatives, the density histogram, family trees, and steered search with sliders. Serves it on
  127.0.0.1 until Ctrl-C, or with --out writes a static site for any static host (no CDN, offline).
  --embeddings FILE     the corpus's embeddings [texts, d]; without it the corpus is embedded (cached)
  --column text         CSV/TSV column or JSON(L) field of the text; --title-column NAME for a title
  --labels FILE         an LLM label cache (written by labelFeatures) shown beside the offline labels
  --title TEXT          the page title
  --port N (8765; 0: any free one)   --host ADDR (127.0.0.1)
  --skip-empty          leave out empty texts (as in 'saejs embed')
${SAE_FLAGS}
${EMBEDDER_FLAGS}`,
    flags: flags(`embeddings out port host column title-column labels title ${MODEL} ${EMBEDDER}`, "skip-empty"),
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
          ? readTextRows(basename(corpusPath), await readInput(corpusPath), { column: titleColumn, allowEmpty: true }).texts.filter(
              (_, i) => !kept || kept.has(i),
            )
          : list.map((s) => (s.length > 60 ? `${s.slice(0, 60).replace(/\s+\S*$/, "")}…` : s));
        let x: Float32Array,
          embedder = "precomputed";
        const embPath = str(p, "embeddings");
        if (embPath) {
          const e = await embeddingsOf(embPath, sae.nInputs);
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
