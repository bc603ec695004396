import { basename } from "node:path";
import { SaeError } from "../core/errors.js";
import { transpose } from "../core/shapes.js";
import { saveSae, serializeSae } from "../load.js";
import { codesToNpz } from "../io/save.js";
import { codesParquetWriter } from "../io/codes-parquet.js";
import { writeNpy } from "../io/npy.js";
import { embedCached } from "../embed/cache.js";
import { buildExplorerData } from "../explore/site.js";
import { serveSite, siteFiles, writeSite, type SiteApi, type SiteFiles } from "./explore.js";
import { embedApi, indexApi, indexExplorerData } from "./explore-db.js";
import { SaeIndex } from "../db/sae-index.js";
import type { Embedder } from "../embed/embedder.js";
import { openAtomicWriter, writeFileAtomic } from "../runtime/fs.js";
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
import { distinctiveFeatures, featureStats } from "../explore/features.js";
import { steerAdd, steerClamp, steerEdit } from "../explore/steer.js";
import { SearchIndex } from "../kernels/rank.js";
import { runDemo } from "../demo/demo.js";
import { Sae } from "../sae.js";
import { need, num, NUMBER_FLAGS, parseNumber, str, UsageError } from "./args.js";
import {
  type Command,
  COLUMN_FLAGS,
  EMBEDDER,
  EMBEDDER_FLAGS,
  ENCODE_BATCH,
  MODEL,
  SAE_FLAGS,
  TEXTS_FLAGS,
  alignTexts,
  checkOutDir,
  checkOutFile,
  embedderOf,
  embeddingRowsOf,
  embeddingsOf,
  flags,
  idStreamOf,
  idsOf,
  kRecord,
  readCodes,
  requireOut,
  sourceRow,
  tableHasVectors,
  textsFileOf,
  textsOf,
  withModel,
} from "./inputs.js";
import { oneLine, progress } from "./progress.js";
import { compareSae, labelCommand, neuronpediaCommand, labelCorpusOf, labelsFor, labelsOf, scoreText } from "./label.js";
import { DB_SEARCH_FLAGS, indexCommand, searchDb, steerFlags } from "./db.js";

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
      const limit = num(p, "limit", envLimit ? parseNumber("limit", envLimit.trim(), { ...NUMBER_FLAGS.limit!, min: 50 }) : undefined, { min: 50 });
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
    flags: flags(`out column text-column workers ${EMBEDDER}`, "skip-empty"),
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
      if (p.flags.has("override-k")) throw new UsageError("--override-k applies to a checkpoint's k; train sets k with --k");
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
                metadata: { d: String(sae.nInputs), n: String(sae.nLatents), source: basename(emb), ...kRecord(sae) },
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
          } else {
            const { checkpoint_k } = kRecord(sae);
            await writeFileAtomic(out, codesToNpz({ ...all!, k, batch: rows }, { k, ...(checkpoint_k ? { checkpoint_k: Number(checkpoint_k) } : {}) }));
          }
        } catch (e) {
          await file?.abort();
          throw e;
        } finally {
          await x.close();
          await ids?.close();
        }
        const overrides = sae.info.fileK !== undefined && sae.info.fileK !== k;
        bar.done(`wrote ${out}: ${rows} rows × k=${k}${overrides ? ` (--override-k: the checkpoint says k=${sae.info.fileK})` : ""}`);
        return { out, rows, k, ...(overrides ? { checkpointK: sae.info.fileK } : {}) };
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
    help: `saejs features <sae> <embeddings> [--texts FILE] [--show 10] [--top 5] [--sort density|distinctive] [--labels FILE]
  Features with their density, label and its held-out score, and top texts. Labels come from
  --labels (written by 'saejs label') or the offline labeller, made once per feature whatever
  --show and --top say. distinctive: the strongest specific features (on ≤ 5 % of the documents
  and on at least 5 of them, or 0.1 % of a large corpus).
${TEXTS_FLAGS}
${COLUMN_FLAGS}
  --labels FILE         labels from 'saejs label' (checked to be this SAE's)
${SAE_FLAGS}
${EMBEDDER_FLAGS}
                        (the model of the embeddings, for the offline labels)`,
    flags: flags(`texts text-column id-column column show top sort labels ${MODEL} ${EMBEDDER}`, "skip-empty"),
    maxArgs: 2,
    async run(p, io) {
      const sort = str(p, "sort", "density");
      if (sort !== "density" && sort !== "distinctive") throw new UsageError(`--sort must be 'density' or 'distinctive', got '${sort}'`);
      const show = num(p, "show", 10, { min: 1 })!,
        perFeature = num(p, "top", 5, { min: 1 })!;
      return withModel(p, async (sae) => {
        const corpus = await labelCorpusOf(p, sae, io);
        const t = corpus.rows;
        const idCol = await idsOf(corpus.textsFile, p);
        const stats = featureStats(corpus.codes, sae.nLatents, perFeature);
        const rows = corpus.texts.length;
        const ids =
          sort === "distinctive"
            ? distinctiveFeatures(stats.counts, stats.meanAct, rows)
            : Array.from({ length: sae.nLatents }, (_, i) => i)
                .filter((i) => stats.counts[i]! > 0)
                .sort((a, b) => stats.density[b]! - stats.density[a]! || a - b);
        const shown = ids.slice(0, show);
        const labels = await labelsFor(p, sae, corpus, shown, io);
        const features = shown.map((i) => {
          const top = stats.top[i]!.filter((s) => s.value > 0);
          const l = labels.get(i);
          io.say(`#${i}  density ${(stats.density[i]! * 100).toFixed(2)} %  "${oneLine(l?.label ?? "", 200)}"${scoreText(l)}`);
          for (const s of top.slice(0, 3)) io.say(`    · ${oneLine(t.texts[s.doc]!, 160)}`);
          return {
            index: i,
            density: stats.density[i]!,
            meanAct: stats.meanAct[i]!,
            label: l?.label ?? "",
            auc: l?.auc ?? null,
            clean: l?.clean ?? false,
            top: top.map((s) => ({ doc: sourceRow(t, s.doc), ...(idCol ? { id: idCol.ids[sourceRow(t, s.doc)] } : {}), value: s.value })),
          };
        });
        return { features };
      });
    },
  },
  search: {
    help: `saejs search <sae> <embeddings> [--texts FILE] "query" [--top 5] [--steer I=V ...]
       saejs search --db <dir|postgres://…> "query" [--exact] [--limit N] [--where SQL] [--steer I=V ...]
  Semantic search over embedded texts, with the query's active features, optionally steered.
  The query is embedded with the corpus's embedder and documents are ranked by dot product.
  Each active feature of the query is shown with its label and its activations over the corpus
  (mean and max): steering values in that range move a query the way real documents differ.
  --steer I=V         steer latent I (repeatable): with --steer-mode edit (default) set its value
                      in the query's codes (0 removes it); add: add V·decoder[:, I] to the query;
                      clamp: clamp its pre-activation to V and redo the top-k
${DB_SEARCH_FLAGS}
${TEXTS_FLAGS}
${COLUMN_FLAGS}
${SAE_FLAGS}
${EMBEDDER_FLAGS}`,
    flags: flags(`texts text-column id-column column labels top limit steer steer-mode db schema sae where ef-search ${MODEL} ${EMBEDDER}`, "skip-empty exact"),
    maxArgs: 3,
    async run(p, io) {
      if (p.flags.has("db")) return searchDb(p, io);
      for (const f of ["exact", "where", "schema", "sae", "ef-search"]) if (p.flags.has(f)) throw new UsageError(`--${f} applies to an index: give --db`);
      const emb = need(p, 1, "embeddings"),
        query = need(p, 2, "a query"),
        tfile = await textsFileOf(p, emb);
      if (!query.trim()) throw new UsageError("the query is empty");
      const top = num(p, "limit", undefined, { min: 1 }) ?? num(p, "top", 5, { min: 1 })!;
      const steerArgs = p.all.get("steer") ?? [];
      const steer = steerFlags(p);
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
        const corpusCodes = await sae.encode(x, undefined, { signal: io.signal });
        const stats = featureStats(corpusCodes, sae.nLatents, 1);
        const index = await SearchIndex.create(x.data, x.cols);
        try {
          const hit = (s: { doc: number; score: number }) => ({
            doc: sourceRow(t, s.doc),
            ...(ids ? { id: ids.ids[sourceRow(t, s.doc)]! } : {}),
            score: s.score,
            text: t.texts[s.doc]!,
          });
          const shown = (r: { id?: string; text: string }) => `${r.id !== undefined ? `[${oneLine(r.id, 40)}]  ` : ""}${oneLine(r.text, 150)}`;
          const results = index.search(q, top).map(hit);
          const codes = await sae.encode(q);
          const active = Array.from(codes.indices).filter((_, j) => codes.values[j]! > 0);
          const labels = await labelsFor(p, sae, { texts: t.texts, x: x.data, d: x.cols, codes: corpusCodes, nLatents: sae.nLatents }, active, io, e);
          const features = Array.from(codes.indices, (i, j) => ({ index: i, value: codes.values[j]! }))
            .filter((f) => f.value > 0)
            .map((f) => ({
              ...f,
              label: labels.get(f.index)?.label ?? "",
              corpusMean: stats.meanAct[f.index]!,
              corpusMax: stats.maxAct[f.index]!,
              corpusDensity: stats.density[f.index]!,
            }));
          io.say(
            features.length ? "query features (value; over the corpus: mean, max activation → sensible --steer values):" : "query features: (none active)",
          );
          for (const f of features) {
            io.say(
              `  #${f.index}  ${f.value.toFixed(3)}  "${oneLine(f.label, 200) || "(fires on no corpus text)"}"  corpus mean ${f.corpusMean.toFixed(3)}, max ${f.corpusMax.toFixed(3)}  → --steer ${f.index}=0 removes it, ${f.index}=${f.corpusMax.toFixed(2)} as strong as the corpus's strongest`,
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
  index: indexCommand,
  label: labelCommand,
  neuronpedia: neuronpediaCommand,
  explore: {
    help: `saejs explore <sae> <corpus.(txt|csv|tsv|jsonl|json|parquet|arrow)> [--embeddings FILE] [--out DIR] [--port 8765]
       saejs explore --db <dir|postgres://…> [--port 8765]
  The feature explorer in the browser: features with labels and density, top documents and hard
  negatives, the density histogram, family trees, and steered search with sliders. Serves it on
  127.0.0.1 until Ctrl-C, or with --out writes a static site for any static host (no CDN, offline).
  --embeddings FILE     the corpus's embeddings [texts, d] (.npy, .parquet, .arrow); without it, a
                        table corpus's own embeddings column is used where it has one, else the
                        corpus is embedded (cached)
  --text-column text    CSV/TSV column, JSON(L) field or table column of the text; --title-column NAME for a title
${COLUMN_FLAGS}
  --labels FILE         labels from 'saejs label' (offline or LLM; checked to be this SAE's); without
                        it, the offline labeller's (the same as 'saejs label' makes)
  --compare SAE         a second SAE over the same embeddings: each feature's page lists its
                        nearest features there by decoder cosine (the 16 → 32 → 64 splitting)
  --title TEXT          the page title
  --port N (8765; 0: any free one)   --host ADDR (127.0.0.1)
  --skip-empty          leave out empty texts (as in 'saejs embed')
  --db DIR|URL          explore an index built by 'saejs index' instead: pages come from SQL through
                        the server (the corpus never loads into the page); --schema NAME its schema
  Typed queries are embedded by the server (with the corpus's embedder: --embedder where the
  corpus came with embeddings), so an API key never reaches the page; a static site (--out) has none.
${SAE_FLAGS}
${EMBEDDER_FLAGS}`,
    flags: flags(`embeddings out port host column text-column title-column labels compare title db schema ${MODEL} ${EMBEDDER}`, "skip-empty"),
    maxArgs: 2,
    servesUntilInterrupt: true,
    async run(p, io) {
      const out = str(p, "out");
      if (out) await checkOutDir(out);
      const port = num(p, "port", 8765, { min: 0 })!;
      if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
      const serve = async (files: SiteFiles, api: SiteApi) => {
        const { server, url } = await serveSite(files, { host: str(p, "host", "127.0.0.1")!, port, api });
        // In --json mode the one JSON line comes at exit, so the address goes to stderr now.
        if (io.json) io.stderr.write(`explorer: ${url}\n`);
        else io.say(`explorer: ${url}  (Ctrl-C stops it)`);
        await new Promise((resolve) => (io.signal.aborted ? resolve(undefined) : io.signal.addEventListener("abort", resolve, { once: true })));
        await new Promise((resolve) => server.close(resolve));
        server.closeAllConnections();
        return { url };
      };
      const db = str(p, "db");
      if (db) {
        if (p.positional.length) throw new UsageError("with --db, the SAE and the corpus come from the index: give no arguments");
        if (out) throw new UsageError("an explorer over an index needs its server (pages come from SQL): drop --out");
        const index = await SaeIndex.open(db, {
          ...(str(p, "schema") ? { schema: str(p, "schema")! } : {}),
          ...(p.flags.has("embedder") ? { embedder: embedderOf(p) } : {}),
        });
        try {
          const explorer = await indexExplorerData(index, str(p, "title", `sae.js explorer: ${index.meta.corpus.name}`)!);
          return await serve(await siteFiles({ explorer }), indexApi(index));
        } finally {
          await index.close();
        }
      }
      const corpusPath = need(p, 1, "a corpus of texts");
      let queryEmbedder: Embedder | undefined;
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
          queryEmbedder = e;
        }
        // Embeddings given: typed queries need the model that made them named (--embedder).
        if (embPath && p.flags.has("embedder")) {
          queryEmbedder = embedderOf(p);
          if (queryEmbedder.dim !== sae.nInputs)
            throw new SaeError("E_SHAPE", `the embedder ${queryEmbedder.name} gives ${queryEmbedder.dim}-d vectors but the SAE reads ${sae.nInputs}-d inputs`);
          embedder = queryEmbedder.name;
        }
        // Labels: the file's, else the offline labeller's (cached), with phrases embedded by the corpus's embedder where known.
        const labels = await labelsOf(
          p,
          sae,
          { texts: list, x, d: sae.nInputs, codes: await sae.encode(x, undefined, { signal: io.signal }), nLatents: sae.nLatents },
          io,
          queryEmbedder ? { embedder: queryEmbedder } : {},
        );
        const comparePath = str(p, "compare");
        const compare = comparePath ? await compareSae(comparePath, sae.nInputs) : undefined;
        const bar = progress("explore", io.stderr, io.quiet);
        const docs = list.map((text, i) => ({ title: titles[i]!, text }));
        const explorer = await buildExplorerData(sae, docs, x, {
          title: str(p, "title", `sae.js explorer: ${basename(corpusPath)}`)!,
          embedder,
          signal: io.signal,
          labels,
          ...(compare ? { compare } : {}),
          onProgress: (stage, done, total) => bar.update(done, total, stage),
        });
        bar.done(`${sae.nLatents} features over ${list.length} documents: ${explorer.families.length} families, ${explorer.histogram.dead} never fired`);
        if (queryEmbedder && !out) explorer.api = ["embed"];
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
      return serve(files, queryEmbedder ? embedApi(queryEmbedder) : {});
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
        const { checkpoint_k } = kRecord(sae);
        await saveSae(sae, out, format, checkpoint_k ? { k_override_of: checkpoint_k } : {});
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
