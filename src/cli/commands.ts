// The commands of `saejs`: each a help text and a run over parsed arguments. In --json mode a
// command's result is printed as one JSON line; otherwise it prints for people.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { SaeError } from "../core/errors.js";
import { loadSae, saveSae, serializeSae, codesToNpz } from "../load.js";
import { openCheckpoint, openEmbeddings, readEmbeddings } from "../io/checkpoint.js";
import { writeNpy } from "../io/npy.js";
import { embedCached } from "../embed/cache.js";
import { buildExplorerData } from "../explore/site.js";
import type { LabelResult } from "../explore/llm.js";
import { serveSite, siteFiles, writeSite } from "./explore.js";
import { readTexts } from "../io/texts.js";
import { writeFileAtomic } from "../runtime/fs.js";
import { bestBackend } from "../kernels/backend.js";
import { train } from "../train/train.js";
import type { GpuLike } from "../gpu/device.js";
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
import { need, num, str, UsageError, type Parsed } from "./args.js";
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
  run(p: Parsed, io: Io): Promise<object | void>;
}

const EMBEDDER_FLAGS = `  --embedder use|http   use: Universal Sentence Encoder lite, offline (default); http: an
                        OpenAI-compatible service (--base-url, --model, --api-key, --dim or env
                        OPENAI_BASE_URL, SAEJS_EMBED_MODEL, OPENAI_API_KEY)`;
const SAE_FLAGS = `  --k N                 active latents, where the checkpoint does not say`;

function embedderOf(p: Parsed): Embedder {
  const kind = str(p, "embedder", "use");
  if (kind === "use") return new UseLiteEmbedder();
  if (kind === "http") {
    const o: ConstructorParameters<typeof HttpEmbedder>[0] = {};
    const base = str(p, "base-url"), model = str(p, "model"), key = str(p, "api-key"), dim = num(p, "dim", undefined, { min: 1 });
    if (base) o.baseUrl = base;
    if (model) o.model = model;
    if (key) o.apiKey = key;
    if (dim) o.dim = dim;
    return new HttpEmbedder(o);
  }
  throw new UsageError(`--embedder must be 'use' or 'http', got '${kind}'`);
}

async function texts(path: string, p: Parsed): Promise<string[]> {
  return readTexts(basename(path), await readFile(path, "utf8"), str(p, "column", "text"));
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

function requireOut(p: Parsed): string {
  const out = str(p, "out");
  if (!out) throw new UsageError("--out is required");
  return out;
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
    async run(p, io) {
      const limit = num(p, "limit", process.env.SAEJS_DEMO_LIMIT ? Number(process.env.SAEJS_DEMO_LIMIT) : undefined, { min: 50 });
      const r = await runDemo({ ...(limit ? { limit } : {}), out: str(p, "out", "saejs-report.html")!, signal: io.signal, log: io.say });
      const { density: _d, ...metrics } = r.metrics;
      return { texts: r.texts, report: r.report, model: r.model, corpus: r.corpus, explore: r.explore, embeddingsCached: r.embeddingsCached, metrics, frequent: r.frequent.map((f) => ({ index: f.index, density: f.density, label: f.label })), distinctive: r.distinctive.map((f) => ({ index: f.index, density: f.density, label: f.label })) };
    },
  },
  embed: {
    help: `saejs embed <texts.(txt|csv|jsonl)> --out embeddings.npy [--column text]
  Embeds one text per line, or a CSV column / JSONL field, into a float32 .npy [texts, dim].
${EMBEDDER_FLAGS}`,
    async run(p, io) {
      const input = need(p, 0, "a texts file"), out = requireOut(p);
      const list = await texts(input, p);
      const e = embedderOf(p);
      const bar = progress("embed", io.stderr, io.quiet);
      const x = await e.embed(list, { signal: io.signal, onProgress: (d, t) => bar.update(d, t) });
      await writeFileAtomic(out, writeNpy(x, [list.length, e.dim]));
      bar.done(`wrote ${out}: ${list.length} × ${e.dim} (${e.name})`);
      return { out, rows: list.length, dim: e.dim, embedder: e.name };
    },
  },
  train: {
    help: `saejs train <embeddings.npy> --out sae.safetensors --k 16 --n 1024 [options]
  Trains a top-k SAE with the release's recipe (SPEC §3) on embeddings streamed from disk.
  --epochs N (1) --batch N (1024) --lr X (1e-4) --seed N (0) --dead-steps N (266) --workers N|auto
  --checkpoint PATH   checkpoints (default <out>.ckpt); Ctrl-C stops cleanly and keeps it
  --every N           checkpoint every N steps as well as at each epoch's end
  --resume PATH       continue a checkpoint exactly
  --trainer auto|gpu|wasm|ref   auto (default): WebGPU on a hardware adapter where the optional
                      'webgpu' package finds one, else Wasm; gpu: any adapter, else an error`,
    async run(p, io) {
      const input = need(p, 0, "an embeddings .npy"), out = requireOut(p);
      const k = num(p, "k", undefined, { min: 1 }), n = num(p, "n", undefined, { min: 2 });
      if (!k || !n) throw new UsageError("--k and --n are required");
      const cfg = {
        k, nLatents: n, epochs: num(p, "epochs", 1, { min: 1 })!, batchSize: num(p, "batch", 1024, { min: 1 })!,
        lr: num(p, "lr", 1e-4, { min: 0, integer: false })!, seed: num(p, "seed", 0, { min: 0 })!, deadSteps: num(p, "dead-steps", 266, { min: 0 })!,
      };
      const checkpoint = str(p, "checkpoint", `${out}.ckpt`)!;
      const every = num(p, "every", undefined, { min: 1 });
      const resume = str(p, "resume");
      const trainer = str(p, "trainer", "auto")!;
      if (!["auto", "gpu", "wasm", "ref"].includes(trainer)) throw new UsageError(`--trainer must be auto, gpu, wasm or ref, got '${trainer}'`);
      const gpu = trainer === "auto" || trainer === "gpu" ? await nodeGpu() : undefined;
      const data = await openEmbeddings(input);
      const bar = progress("train", io.stderr, io.quiet);
      try {
        const r = await train(data, cfg, {
          signal: io.signal, checkpoint: { path: checkpoint, ...(every ? { every } : {}) }, ...(resume ? { resume } : {}),
          workers: num(p, "workers", undefined, { min: 0 }) ?? "auto",
          trainer: trainer as "auto", ...(gpu ? { gpu } : {}),
          onProgress: (s) => bar.update(s.step, s.totalSteps, `nMSE ${s.mse.toFixed(4)} dead ${s.dead}`),
        });
        const sae = await Sae.create(r.weights, { k, backend: "ref" });
        await saveSae(sae, out, out.endsWith(".pth") ? "pth" : "safetensors", { training: JSON.stringify(r.config) });
        sae.dispose();
        const last = r.history.at(-1);
        bar.done(`wrote ${out} after ${r.steps} steps on the ${r.trainer} trainer${last ? ` (last batch nMSE ${last.mse.toFixed(4)})` : ""}; checkpoint ${checkpoint}`);
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
  The card's metrics (SPEC §4): nMSE, log10 feature density (live latents; all with 1e-10), act mean, dead share.
${SAE_FLAGS}`,
    async run(p, io) {
      return withModel(p, async (sae) => {
        const { data } = await readEmbeddings(need(p, 1, "embeddings"));
        const m = await evaluate(sae, data);
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
    async run(p, io) {
      const out = requireOut(p);
      return withModel(p, async (sae) => {
        const { data, rows } = await readEmbeddings(need(p, 1, "embeddings"));
        const codes = await sae.encode(data, undefined, { signal: io.signal });
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
    async run(p, io) {
      const out = requireOut(p);
      return withModel(p, async (sae) => {
        const npz = await openCheckpoint(need(p, 1, "codes.npz"));
        const idx = npz.tensors.get("indices"), val = npz.tensors.get("values");
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
${SAE_FLAGS}`,
    async run(p, io) {
      return withModel(p, async (sae) => {
        const { data, rows, cols } = await readEmbeddings(need(p, 1, "embeddings"));
        const tfile = str(p, "texts");
        if (!tfile) throw new UsageError("--texts is required");
        const list = await texts(tfile, p);
        if (list.length !== rows) throw new SaeError("E_SHAPE", `--texts holds ${list.length} texts but the embeddings ${rows} rows`);
        const codes = await sae.encode(data);
        const stats = featureStats(codes, sae.nLatents, num(p, "top", 5, { min: 1 })!);
        const sort = str(p, "sort", "density");
        const ids = Array.from({ length: sae.nLatents }, (_, i) => i).filter((i) => stats.counts[i]! > 0);
        if (sort === "distinctive") ids.sort((a, b) => stats.meanAct[b]! - stats.meanAct[a]! || a - b);
        else if (sort === "density") ids.sort((a, b) => stats.density[b]! - stats.density[a]! || a - b);
        else throw new UsageError(`--sort must be 'density' or 'distinctive', got '${sort}'`);
        const features = ids.slice(0, num(p, "show", 10, { min: 1 })).map((i) => {
          const top = stats.top[i]!.filter((t) => t.value > 0);
          const neg = hardNegatives(i, top.map((t) => t.doc), codes, data, cols, 5);
          const label = offlineLabel(top.map((t) => list[t.doc]!), neg.map((d) => list[d]!), 3);
          io.say(`#${i}  density ${(stats.density[i]! * 100).toFixed(2)} %  "${label.join(" / ")}"`);
          for (const t of top.slice(0, 3)) io.say(`    · ${list[t.doc]!.slice(0, 160)}`);
          return { index: i, density: stats.density[i]!, meanAct: stats.meanAct[i]!, label, top: top.map((t) => ({ doc: t.doc, value: t.value })) };
      });
      return { features };
      });
    },
  },
  search: {
    help: `saejs search <sae> <embeddings.npy> --texts FILE "query" [--top 5] [--column text] [--steer I=V ...]
  Semantic search over embedded texts, with the query's active features, optionally steered.
  The query is embedded with the corpus's embedder and documents are ranked by dot product.
  --steer I=V         steer latent I (repeatable): with --steer-mode edit (default) set its value
                      in the query's codes (0 removes it); add: add V·decoder[:, I] to the query;
                      clamp: clamp its pre-activation to V and redo the top-k
${SAE_FLAGS}
${EMBEDDER_FLAGS}`,
    async run(p, io) {
      return withModel(p, async (sae) => {
        const query = need(p, 2, "a query");
        const { data, rows, cols } = await readEmbeddings(need(p, 1, "embeddings"));
        const tfile = str(p, "texts");
        if (!tfile) throw new UsageError("--texts is required");
        const list = await texts(tfile, p);
        if (list.length !== rows) throw new SaeError("E_SHAPE", `--texts holds ${list.length} texts but the embeddings ${rows} rows`);
        const e = embedderOf(p);
        if (e.dim !== cols) throw new SaeError("E_SHAPE", `the embedder gives ${e.dim}-d vectors, the corpus is ${cols}-d`);
        const q = await e.embed([query], { signal: io.signal });
        const top = num(p, "top", 5, { min: 1 })!;
        const index = await SearchIndex.create(data, cols);
        try {
          const results = index.search(q, top).map((s) => ({ ...s, text: list[s.doc]! }));
          const codes = await sae.encode(q);
          const features = Array.from(codes.indices, (index, j) => ({ index, value: codes.values[j]! })).filter((f) => f.value > 0);
          io.say(`query features: ${features.map((f) => `#${f.index} ${f.value.toFixed(3)}`).join(", ") || "(none active)"}`);
          const steerArgs = p.all.get("steer") ?? [];
          if (!steerArgs.length) {
            for (const r of results) io.say(`${r.score.toFixed(4)}  ${r.text.slice(0, 160)}`);
            return { query, features, results };
          }
          const steer = new Map(steerArgs.map((a) => {
            const m = /^(\d+)=([+-]?\d*\.?\d+(?:e[+-]?\d+)?)$/i.exec(a);
            if (!m) throw new UsageError(`--steer takes LATENT=VALUE, e.g. 123=+10, got '${a}'`);
            return [Number(m[1]), Number(m[2])] as [number, number];
          }));
          const mode = str(p, "steer-mode", "edit");
          const v = mode === "edit" ? (await steerEdit(sae, q, steer)).vector : mode === "add" ? await steerAdd(sae, q, steer) : mode === "clamp" ? (await steerClamp(sae, q, steer)).vector : undefined;
          if (!v) throw new UsageError(`--steer-mode must be edit, add or clamp, got '${mode}'`);
          // Where each steered hit ranked before: one full ranking of the unsteered query.
          const before = new Map(index.search(q, rows).map((s, rank) => [s.doc, rank + 1]));
          const steered = index.search(v, top).map((s) => ({ ...s, text: list[s.doc]!, wasRank: before.get(s.doc)! }));
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
    help: `saejs explore <sae> <corpus.(txt|csv|jsonl)> [--embeddings FILE.npy] [--out DIR] [--port 8765]
  The feature explorer in the browser: features with labels and density, top documents and hard
  negatives, the density histogram, family trees, and steered search with sliders. Serves it on
  127.0.0.1 until Ctrl-C, or with --out writes a static site for any static host (no CDN, offline).
  --embeddings FILE     the corpus's embeddings [texts, d]; without it the corpus is embedded (cached)
  --column text         CSV column / JSONL field of the text; --title-column NAME for a title
  --labels FILE         an LLM label cache (written by labelFeatures) shown beside the offline labels
  --title TEXT          the page title
  --port N (8765; 0: any free one)   --host ADDR (127.0.0.1)
${SAE_FLAGS}
${EMBEDDER_FLAGS}`,
    async run(p, io) {
      const out = str(p, "out");
      const port = num(p, "port", 8765, { min: 0 })!;
      const files = await withModel(p, async (sae) => {
        const corpusPath = need(p, 1, "a corpus of texts");
        const content = await readFile(corpusPath, "utf8");
        const list = readTexts(basename(corpusPath), content, str(p, "column", "text"));
        const titleColumn = str(p, "title-column");
        const titles = titleColumn ? readTexts(basename(corpusPath), content, titleColumn) : list.map((t) => (t.length > 60 ? `${t.slice(0, 60).replace(/\s+\S*$/, "")}…` : t));
        let x: Float32Array, embedder = "precomputed";
        const embPath = str(p, "embeddings");
        if (embPath) {
          const e = await readEmbeddings(embPath);
          if (e.rows !== list.length) throw new SaeError("E_SHAPE", `${embPath} holds ${e.rows} rows but ${corpusPath} ${list.length} texts`);
          if (e.cols !== sae.nInputs) throw new SaeError("E_SHAPE", `${embPath} is ${e.cols}-d but the SAE reads ${sae.nInputs}-d inputs`);
          x = e.data;
        } else {
          const e = embedderOf(p);
          if (e.dim !== sae.nInputs) throw new SaeError("E_SHAPE", `the embedder ${e.name} gives ${e.dim}-d vectors but the SAE reads ${sae.nInputs}-d inputs; pass --embeddings`);
          x = (await embedCached(list, e, { log: io.quiet ? undefined : io.say, signal: io.signal })).x;
          embedder = e.name;
        }
        const labelsPath = str(p, "labels");
        const labels = labelsPath ? (JSON.parse(await readFile(labelsPath, "utf8")) as { labels?: Record<string, LabelResult> }).labels : undefined;
        if (labelsPath && !labels) throw new SaeError("E_FORMAT", `${labelsPath}: not a label cache (no "labels" object)`);
        const bar = progress("explore", io.stderr, io.quiet);
        const docs = list.map((text, i) => ({ title: titles[i]!, text }));
        const explorer = await buildExplorerData(sae, docs, x, {
          title: str(p, "title", `sae.js explorer: ${basename(corpusPath)}`)!, embedder, signal: io.signal,
          ...(labels ? { labels } : {}),
          onProgress: (stage, done, total) => bar.update(done, total, stage),
        });
        bar.done(`${sae.nLatents} features over ${list.length} documents: ${explorer.families.length} families, ${explorer.histogram.dead} never fired`);
        return siteFiles({
          explorer, docs,
          model: await serializeSae(sae, "safetensors"), embeddings: writeNpy(x, [list.length, sae.nInputs]),
        });
      });
      if (out) {
        await writeSite(files, out);
        io.say(`wrote the explorer to ${out}/ (${[...files.keys()].join(", ")}); serve it with any static file server`);
        return { out, files: [...files.keys()] };
      }
      const { server, url } = await serveSite(files, { host: str(p, "host", "127.0.0.1")!, port });
      // In --json mode the one JSON line comes at exit, so the address goes to stderr now.
      if (io.json) io.stderr.write(`explorer: ${url}\n`); else io.say(`explorer: ${url}  (Ctrl-C stops it)`);
      await new Promise((resolve) => io.signal.aborted ? resolve(undefined) : io.signal.addEventListener("abort", resolve, { once: true }));
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      return { url };
    },
  },
  convert: {
    help: `saejs convert <checkpoint> --out <file.pth|file.safetensors> [--k N]
  Converts any supported checkpoint to the release layout as .pth or safetensors.
  Reads release .pth, safetensors, npz, SAELens, sparsify and dictionary_learning checkpoints.
${SAE_FLAGS}`,
    async run(p, io) {
      const out = requireOut(p);
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
    async run(p, io) {
      if (!p.positional[0]) {
        io.say(`backend: ${bestBackend()}`);
        return { backend: bestBackend() };
      }
      return withModel(p, async (sae) => {
        const i = sae.info;
        io.say(`${p.positional[0]}: ${i.format}, layout ${i.layout}, d=${sae.nInputs}, n=${sae.nLatents}, k=${i.k} (from ${i.kSource}), ReLU ${sae.order === "topk-relu" ? "after" : "before"} top-k`);
        for (const note of i.notes) io.say(`  ${note}`);
        return { ...i, nInputs: sae.nInputs, nLatents: sae.nLatents, order: sae.order, backend: sae.backend };
      });
    },
  },
  bench: {
    help: `saejs bench [--batch 256]
  Encode speed of a release-size SAE (d=1536, n=12288, k=128) on this machine, in-thread.
  (The side-by-side benchmarks against other libraries are 'npm run bench' in the repository.)`,
    async run(p, io) {
      const d = 1536, n = 12288, k = 128, batch = num(p, "batch", 256, { min: 1 })!;
      let s = 7;
      const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5) * 0.05;
      const enc = Float32Array.from({ length: n * d }, rnd), dec = new Float32Array(d * n);
      for (let i = 0; i < n; i++) for (let q = 0; q < d; q++) dec[q * n + i] = enc[i * d + q]!;
      const sae = await Sae.create({ nInputs: d, nLatents: n, preBias: new Float32Array(d), encoderWeight: enc, latentBias: new Float32Array(n), decoderWeight: dec }, { k });
      const x = Float32Array.from({ length: batch * d }, rnd);
      sae.encode(x);
      const t = performance.now();
      sae.encode(x);
      const ms = performance.now() - t;
      const r = { backend: sae.backend, d, n, k, batch, ms: +ms.toFixed(1), embPerSec: Math.round(batch / (ms / 1000)), gflops: +((2 * batch * d * n) / ms / 1e6).toFixed(1) };
      sae.dispose();
      io.say(`${r.backend}: ${batch} embeddings in ${r.ms} ms = ${r.embPerSec} embeddings/s, ${r.gflops} GFLOP/s`);
      return r;
    },
  },
};
