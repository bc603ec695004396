// `saejs label`: every live feature of an SAE labelled over a corpus, offline or through an
// OpenAI-compatible endpoint (estimated and confirmed first), resumable, written as JSON or Parquet;
// and the labels every other command shows (`--labels FILE`, or the offline labeller).
import { createInterface } from "node:readline/promises";
import { SaeError } from "../core/errors.js";
import { saeFingerprint } from "../core/hash.js";
import type { Embedder } from "../embed/embedder.js";
import { checkLabelFileSize, labelSetJson, labelSetParquet, readLabelSet, type LabelSet } from "../label/file.js";
import { ChatClient } from "../label/llm.js";
import { type FeatureLabel, type LabelCorpus, LABEL_SETTINGS } from "../label/offline.js";
import { labelAll, type LlmEstimate } from "../label/run.js";
import { loadSae } from "../load.js";
import { basename, join } from "node:path";
import { ensureDir, openFile, removeFile, writeFileAtomic } from "../runtime/fs.js";
import { DecoderDirections } from "../explore/pages.js";
import { gzip, neuronpediaBatches } from "../explore/neuronpedia.js";
import { need, num, str, UsageError, type Parsed } from "./args.js";
import {
  type Command,
  type Io,
  alignTexts,
  checkOutDir,
  COLUMN_FLAGS,
  idsOf,
  sourceRow,
  EMBEDDER,
  EMBEDDER_FLAGS,
  embedderOf,
  embeddingsOf,
  flags,
  MODEL,
  requireOut,
  SAE_FLAGS,
  TEXTS_FLAGS,
  textsFileOf,
  textsOf,
  withModel,
} from "./inputs.js";
import { progress, terminalSafe } from "./progress.js";
import type { TextRows } from "../io/texts.js";

type Model = Awaited<ReturnType<typeof loadSae>>;

/**
 * The embedder of precomputed corpus embeddings, for labels: --embedder as given (else the default),
 * used only where its width is the SAE's; else labels come from terms alone, and the user is told.
 */
export function labelEmbedder(p: Parsed, d: number, io: Io): Embedder | undefined {
  const e = embedderOf(p);
  if (e.dim === d) return e;
  io.stderr.write(
    terminalSafe(
      `saejs: labels from terms alone: the embedder ${e.name} gives ${e.dim}-d vectors and the SAE reads ${d}-d; ` +
        "name the model of the corpus's embeddings with --embedder (e.g. --embedder http --model …) for labels chosen and scored by similarity\n",
    ),
  );
  return undefined;
}

/** --labels FILE, checked against the SAE (its fingerprint): the labels every command shows. */
export async function labelsFileOf(p: Parsed, sae: Model): Promise<LabelSet | undefined> {
  const path = str(p, "labels");
  if (!path) return undefined;
  // Its size is checked against the SAE's features before a byte is read.
  const ra = await openFile(path);
  let bytes: Uint8Array;
  try {
    checkLabelFileSize(ra.size, path, sae.nLatents);
    bytes = await ra.read(0, ra.size);
  } finally {
    await ra.close();
  }
  return readLabelSet(bytes, path, { fingerprint: await saeFingerprint(sae), nLatents: sae.nLatents });
}

/**
 * The labels a command shows: --labels FILE where given, else the offline labeller's, cached in
 * .saejs-cache by SAE, corpus and embedder (of every live feature, or of `features`): made once,
 * whichever command asks first, and the same in all of them.
 */
export async function labelsOf(
  p: Parsed,
  sae: Model,
  corpus: LabelCorpus,
  io: Io,
  o: { features?: readonly number[]; embedder?: Embedder } = {},
): Promise<LabelSet> {
  const file = await labelsFileOf(p, sae);
  if (file) return file;
  const embedder = o.embedder ?? labelEmbedder(p, sae.nInputs, io);
  await ensureDir(".saejs-cache");
  const bar = progress("labels", io.stderr, io.quiet);
  const run = await labelAll({
    sae,
    corpus,
    ...(embedder ? { embedder } : {}),
    ...(o.features ? { features: o.features } : {}),
    cacheDir: ".saejs-cache",
    signal: io.signal,
    onProgress: (done, total) => bar.update(done, total),
  });
  bar.done(`${run.set.features.length} labels (${run.set.method}; cached in .saejs-cache)`);
  return run.set;
}

/** labelsOf by feature. */
export async function labelsFor(p: Parsed, sae: Model, corpus: LabelCorpus, features: readonly number[], io: Io, embedder?: Embedder) {
  const set = await labelsOf(p, sae, corpus, io, { features, ...(embedder ? { embedder } : {}) });
  return new Map(set.features.map((l) => [l.feature, l]));
}

/** --compare: a second SAE's decoder, for the cross-width view; it must read the same embeddings. */
export async function compareSae(path: string, d: number): Promise<{ name: string; nLatents: number; decoderWeight: Float32Array }> {
  const other = await loadSae(path, { workers: 0 });
  try {
    if (other.nInputs !== d)
      throw new SaeError("E_SHAPE", `--compare ${path} reads ${other.nInputs}-d inputs, this SAE ${d}-d; compare SAEs over the same embeddings`);
    return { name: basename(path), nLatents: other.nLatents, decoderWeight: (await other.weights()).decoderWeight };
  } finally {
    await other.dispose();
  }
}

/** The corpus of a command taking <sae> <embeddings> [--texts]: texts, embeddings and codes, row for row. */
export async function labelCorpusOf(p: Parsed, sae: Model, io: Io): Promise<LabelCorpus & { rows: TextRows; textsFile: string }> {
  const emb = need(p, 1, "embeddings"),
    textsFile = await textsFileOf(p, emb);
  const x = await embeddingsOf(emb, sae.nInputs, p);
  const t = await textsOf(textsFile, p);
  alignTexts(t, textsFile, x, emb);
  const codes = await sae.encode(x, undefined, { signal: io.signal });
  return { texts: t.texts, x: x.data, d: x.cols, codes, nLatents: sae.nLatents, rows: t, textsFile };
}

/** " · AUC 0.93 clean" beside a label (LLM labels: F1 and Pearson too). */
export function scoreText(l: FeatureLabel | undefined): string {
  if (!l) return "";
  const parts = [
    ...(l.auc !== null ? [`AUC ${l.auc.toFixed(2)}`] : []),
    ...(l.f1 !== undefined && l.f1 !== null ? [`F1 ${l.f1.toFixed(2)}`] : []),
    ...(l.pearson !== undefined && l.pearson !== null ? [`r ${l.pearson.toFixed(2)}`] : []),
    ...(l.clean ? ["clean"] : []),
  ];
  return parts.length ? `  (${parts.join(", ")})` : "";
}

const fmt = (v: number) => v.toLocaleString("en-US");

/** Asks on a terminal; elsewhere only --yes confirms. */
async function confirmEstimate(e: LlmEstimate, p: Parsed, io: Io, endpoint: string): Promise<boolean> {
  const line =
    `LLM labels: ${fmt(e.features)} features → ${fmt(e.calls)} calls to ${e.model} at ${endpoint}, ` +
    `about ${fmt(e.promptTokens)} prompt and ${fmt(e.completionTokens)} completion tokens`;
  io.stderr.write(`${terminalSafe(line)}\n`);
  if (p.flags.has("yes")) return true;
  const stdin = process.stdin as NodeJS.ReadStream;
  if (!stdin.isTTY) throw new SaeError("E_ARG", `${line}: not confirmed; pass --yes to go ahead (or --max-calls N to spend at most N calls)`);
  const rl = createInterface({ input: stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question("go ahead? [y/N] ")).trim());
  } finally {
    rl.close();
  }
}

export const labelCommand: Command = {
  help: `saejs label <sae> <embeddings> [--texts FILE] --out labels.(json|parquet) [options]
  Labels every live feature of the SAE over a corpus. Offline (default): short phrases from the
  feature's top documents, contrasted with its hard negatives (class-based TF-IDF), chosen by how
  well their embedding separates the documents where the feature is active (maximal marginal
  relevance for variety). A fifth of the corpus is held out: each label is scored there by the AUC
  of its embedding's similarity (active documents against the rest); "clean" = AUC ≥ 0.9 over ≥ 5
  held-out documents, density < 0.2. Resumable: a stopped run carries on from <out>.partial.json.
  'saejs explore', 'saejs index' and 'saejs features' show the labels with --labels FILE.
${TEXTS_FLAGS}
${COLUMN_FLAGS}
  --llm                 label through an OpenAI-compatible chat endpoint instead (the release's
                        protocol: 5 top documents and 5 hard negatives; scored by F1 and Pearson on 3
                        held-out positives and 3 negatives, and by the AUC above). The calls and
                        tokens are estimated and must be confirmed (a terminal asks; else --yes)
  --llm-base-url URL    the endpoint (env OPENAI_BASE_URL; default https://api.openai.com/v1)
  --llm-model NAME      the chat model (env SAEJS_LABEL_MODEL; default gpt-4o-mini); key: env OPENAI_API_KEY
  --max-calls N         spend at most N calls; the next run labels the rest
  --yes                 confirm the estimate without asking
  --hold-out-every N    hold out one row in N to score labels (default ${LABEL_SETTINGS.heldOutEvery}; 0: score none)
${SAE_FLAGS}
${EMBEDDER_FLAGS}
                        (the model of the corpus's embeddings: candidates are embedded with it)`,
  flags: flags(`out texts text-column id-column column llm-base-url llm-model max-calls hold-out-every ${MODEL} ${EMBEDDER}`, "skip-empty llm yes"),
  maxArgs: 2,
  async run(p, io) {
    const out = await requireOut(p);
    const parquet = /\.parquet$/i.test(out);
    if (!parquet && !/\.json$/i.test(out)) throw new UsageError(`--out must end in .json or .parquet, got '${out}'`);
    const heldOutEvery = num(p, "hold-out-every", LABEL_SETTINGS.heldOutEvery, { min: 0 })!;
    if (heldOutEvery === 1) throw new UsageError("--hold-out-every must be 0 (score nothing) or at least 2");
    const maxCalls = num(p, "max-calls", undefined, { min: 1 });
    const llm = p.flags.has("llm");
    if (!llm && (maxCalls !== undefined || p.flags.has("llm-model") || p.flags.has("llm-base-url")))
      throw new UsageError("--max-calls, --llm-model and --llm-base-url are for LLM labels: add --llm");
    return withModel(p, async (sae) => {
      const corpus = await labelCorpusOf(p, sae, io);
      const embedder = labelEmbedder(p, sae.nInputs, io);
      const chat = llm
        ? new ChatClient({
            ...(str(p, "llm-base-url") ? { baseUrl: str(p, "llm-base-url")! } : {}),
            ...(str(p, "llm-model") ? { model: str(p, "llm-model")! } : {}),
          })
        : undefined;
      const bar = progress("label", io.stderr, io.quiet);
      const progressFile = `${out}.partial.json`;
      const run = await labelAll({
        sae,
        corpus,
        ...(embedder ? { embedder } : {}),
        heldOutEvery,
        ...(chat
          ? {
              llm: {
                chat,
                ...(maxCalls ? { maxCalls } : {}),
                confirm: (e) => confirmEstimate(e, p, io, chat.endpoint),
              },
            }
          : {}),
        progressFile,
        signal: io.signal,
        onProgress: (done, total) => bar.update(done, total),
      });
      const { set } = run;
      await writeFileAtomic(out, parquet ? await labelSetParquet(set) : labelSetJson(set));
      if (!run.remaining) await removeFile(progressFile);
      const scored = set.features.filter((l) => l.auc !== null);
      const meanAuc = scored.length ? scored.reduce((s, l) => s + l.auc!, 0) / scored.length : null;
      const clean = set.features.filter((l) => l.clean).length;
      bar.done(
        `wrote ${out}: ${set.features.length} labels (${set.method}${set.embedder ? `, ${set.embedder}` : ""})` +
          (meanAuc !== null ? `; mean held-out AUC ${meanAuc.toFixed(3)} over ${scored.length}, ${clean} clean` : "; unscored") +
          (run.remaining ? `; ${run.remaining} features left after ${run.calls} calls: run the same command again to carry on` : ""),
      );
      for (const l of set.features.slice(0, 5)) io.say(`  #${l.feature}  "${l.label}"${scoreText(l)}`);
      return { out, labels: set.features.length, method: set.method, embedder: set.embedder, meanAuc, clean, remaining: run.remaining, calls: run.calls };
    });
  },
};

export const neuronpediaCommand: Command = {
  help: `saejs neuronpedia <sae> <embeddings> [--texts FILE] --out DIR --model-id ID --source-id ID [--labels FILE]
  Writes the SAE's features in Neuronpedia's export layout, to publish them:
  DIR/<model-id>/<source-id>/{features,activations,explanations}/batch-<b>.jsonl.gz. Features hold
  density, the activation histogram, the nearest features by decoder cosine and the most correlated
  ones; activations the top documents (a document is one "token" valued at its activation);
  explanations the labels (--labels, else the offline labeller's) with their scores in the notes.
${TEXTS_FLAGS}
${COLUMN_FLAGS}
  --model-id ID         Neuronpedia's model id: the embedding model (e.g. text-embedding-3-small)
  --source-id ID        this SAE's id (e.g. csLG-k64-n9216)
  --labels FILE         labels from 'saejs label' (checked to be this SAE's)
  --batch N             features per file (default 128); --top N documents per feature (default 20)
${SAE_FLAGS}
${EMBEDDER_FLAGS}`,
  flags: flags(`out texts text-column id-column column model-id source-id labels batch top ${MODEL} ${EMBEDDER}`, "skip-empty"),
  maxArgs: 2,
  async run(p, io) {
    const out = str(p, "out");
    if (!out) throw new UsageError("--out is required: the folder to write the export into");
    await checkOutDir(out);
    const modelId = str(p, "model-id"),
      sourceId = str(p, "source-id");
    if (!modelId || !sourceId) throw new UsageError("--model-id and --source-id are required: they name the export's folders on Neuronpedia");
    return withModel(p, async (sae) => {
      const corpus = await labelCorpusOf(p, sae, io);
      const ids = await idsOf(corpus.textsFile, p);
      const labels = await labelsOf(p, sae, corpus, io);
      const directions = await DecoderDirections.fromSae(sae);
      let batches: ReturnType<typeof neuronpediaBatches>;
      try {
        batches = neuronpediaBatches(
          {
            texts: corpus.texts,
            codes: corpus.codes,
            nLatents: sae.nLatents,
            ...(ids ? { ids: corpus.texts.map((_, r) => ids.ids[sourceRow(corpus.rows, r)]!) } : {}),
          },
          directions,
          labels,
          { modelId: modelId!, sourceId: sourceId!, batchSize: num(p, "batch", 128, { min: 1 })!, top: num(p, "top", 20, { min: 1 })! },
        );
      } finally {
        directions.dispose();
      }
      const root = join(out, modelId!, sourceId!);
      let files = 0;
      for (const kind of ["features", "activations", "explanations"] as const) {
        await ensureDir(join(root, kind));
        for (const [b, batch] of batches.entries()) {
          await writeFileAtomic(join(root, kind, `batch-${b}.jsonl.gz`), await gzip(batch[kind].map((l) => `${l}\n`).join("")));
          files++;
        }
      }
      const features = batches.reduce((s, b) => s + b.features.length, 0);
      const explanations = batches.reduce((s, b) => s + b.explanations.length, 0);
      const unlabelled = batches.flatMap((b) => b.unlabelled);
      if (unlabelled.length)
        io.stderr.write(
          `saejs: warning: ${unlabelled.length} of ${features} features have no label, so no explanation on Neuronpedia ` +
            `(#${unlabelled.slice(0, 10).join(", #")}${unlabelled.length > 10 ? ", …" : ""}): they are active only in held-out rows ` +
            "or missing from --labels; 'saejs label --hold-out-every 0' labels them over every row\n",
        );
      io.say(
        `wrote ${root}/: ${features} features in ${batches.length} batch(es) of features, activations and explanations (${labels.method} labels): ` +
          `${explanations} explanations${unlabelled.length ? `, ${unlabelled.length} features unlabelled` : ""}`,
      );
      return { out: root, features, explanations, unlabelled, batches: batches.length, files, labels: labels.method };
    });
  },
};
