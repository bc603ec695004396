// The labels every command shows (`--labels FILE`, or the offline labeller's, cached), the corpus of
// a command taking <sae> <embeddings> [--texts], and the LLM estimate `saejs label` asks to confirm.
import { createInterface } from "node:readline/promises";
import { SaeError } from "../core/errors.js";
import { saeFingerprint } from "../core/hash.js";
import type { Embedder } from "../embed/embedder.js";
import { checkLabelFileSize, readLabelSet, type LabelSet } from "../label/file.js";
import type { FeatureLabel, LabelCorpus } from "../label/offline.js";
import { labelAll, type LlmEstimate } from "../label/run.js";
import { loadSae } from "../load.js";
import { basename } from "node:path";
import { ensureDir, openFile } from "../runtime/fs.js";
import { need, str, type Parsed } from "./args.js";
import { type Io, alignTexts, embedderOf, embeddingsOf, textsFileOf, textsOf } from "./inputs.js";
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

/** A labels file's bytes, its size checked against an SAE of `nLatents` features before a byte is read. */
export async function labelFileBytes(path: string, nLatents: number): Promise<Uint8Array> {
  const ra = await openFile(path);
  try {
    checkLabelFileSize(ra.size, path, nLatents);
    return await ra.read(0, ra.size);
  } finally {
    await ra.close();
  }
}

/** --labels FILE, checked against the SAE (its fingerprint): the labels every command shows. */
export async function labelsFileOf(p: Parsed, sae: Model): Promise<LabelSet | undefined> {
  const path = str(p, "labels");
  if (!path) return undefined;
  const bytes = await labelFileBytes(path, sae.nLatents);
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
    onResume: (kept) => bar.resumed(kept),
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
export async function confirmEstimate(e: LlmEstimate, p: Parsed, io: Io, endpoint: string): Promise<boolean> {
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
