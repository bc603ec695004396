// Labelling every live feature of an SAE over a corpus, offline or through a chat endpoint, in
// chunks whose results go to a progress file as they are done: a run stopped by Ctrl-C, a crash or
// the call budget carries on where it stopped when started again with the same inputs.
import { SaeError } from "../core/errors.js";
import { saeFingerprint, sha256Hex, type FingerprintedSae } from "../core/hash.js";
import type { Embedder } from "../embed/embedder.js";
import { readFileIfPresent, writeFileAtomic } from "../runtime/fs.js";
import type { LabelSet } from "./file.js";
import { type ChatClient, labelFeature, labelPrompt, PROMPT_VERSION, scorePrompt } from "./llm.js";
import { evenly, type FeatureLabel, LABEL_SETTINGS, type LabelCorpus, labelMethodOf, liveFeaturesOf, OfflineLabeller } from "./offline.js";

/** What an LLM run will cost, for the user to confirm before any call. */
export interface LlmEstimate {
  readonly features: number;
  readonly calls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly model: string;
}

export interface LabelRunOptions {
  readonly sae: FingerprintedSae;
  readonly corpus: LabelCorpus;
  /** The corpus's embedder (candidates and the AUC score); one of another width is not used. */
  readonly embedder?: Embedder;
  readonly heldOutEvery?: number;
  /** Label these features (default: every feature active in the corpus). */
  readonly features?: readonly number[];
  /** Label through a chat endpoint (the release's protocol) instead of offline. */
  readonly llm?: {
    readonly chat: ChatClient;
    /** Stop after this many calls (the rest is labelled by the next run). */
    readonly maxCalls?: number;
    /** Asked with the estimate before the first call; false stops the run (E_ABORTED). */
    readonly confirm: (e: LlmEstimate) => Promise<boolean>;
  };
  /**
   * Where finished labels are kept while the run goes on, read back by the next run with the same
   * SAE, corpus, embedder and settings (kept after the run: a cache of the labels).
   */
  readonly progressFile?: string;
  /** Or a folder for it (which must exist), the file named by the SAE's and the corpus's fingerprints and the embedder. */
  readonly cacheDir?: string;
  /** Or a store of its own for them (an index keeps them in its database). */
  readonly progress?: LabelProgress;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  /** Told, before any work, of the labels a stopped run left (`kept` of `total` features): this run labels the rest. */
  readonly onResume?: (kept: number, total: number) => void;
}

/**
 * Where finished labels wait for the end of a run, under a key naming the run's inputs: a run with
 * other inputs finds none. Each `add` must be atomic, so that a stop leaves whole chunks.
 */
export interface LabelProgress {
  load(key: string): Promise<readonly FeatureLabel[]>;
  /** The chunk just finished; `all` holds every label so far (a store that rewrites everything takes that). */
  add(key: string, chunk: readonly FeatureLabel[], all: ReadonlyMap<number, FeatureLabel>): Promise<void>;
}

/** Progress in a JSON file, written whole and atomically after each chunk. */
export function progressFileStore(path: string): LabelProgress {
  return {
    async load(key) {
      const bytes = await readFileIfPresent(path);
      try {
        const old = bytes && (JSON.parse(new TextDecoder().decode(bytes)) as { key?: string; features?: FeatureLabel[] });
        if (old && old.key === key && Array.isArray(old.features)) return old.features;
      } catch {} // an unreadable progress file is started over
      return [];
    },
    async add(key, _chunk, all) {
      await writeFileAtomic(path, new TextEncoder().encode(JSON.stringify({ key, features: [...all.values()] })));
    },
  };
}

export interface LabelRun {
  readonly set: LabelSet;
  /** Features still unlabelled (the call budget ran out). */
  readonly remaining: number;
  /** Features whose labels came from the progress a stopped run left, not labelled again. */
  readonly kept: number;
  readonly calls: number;
}

const CHUNK = 64;

/** What identifies a corpus cheaply: its texts, and its embeddings at up to 1,024 evenly spaced rows. */
export async function corpusFingerprint(corpus: LabelCorpus): Promise<string> {
  const rows = corpus.texts.length,
    d = corpus.d,
    step = Math.max(1, Math.floor(rows / 1024));
  const picked = new Float32Array(Math.ceil(rows / step) * d);
  for (let r = 0, j = 0; r < rows; r += step, j++) picked.set(corpus.x.subarray(r * d, (r + 1) * d), j * d);
  return sha256Hex(`${rows}|${d}|${await sha256Hex(corpus.texts.join("\u0000"))}|${await sha256Hex(new Uint8Array(picked.buffer))}`, 32);
}
const tokens = (s: string) => Math.ceil(s.length / 4);

/** Held-out texts for the detection test: 3 positives and 3 negatives, a fixed pick. */
function detectionSet(labeller: OfflineLabeller, i: number): { positives: number[]; negatives: number[] } {
  const { positives, negatives } = labeller.heldOut(i);
  return { positives: evenly(positives, 3), negatives: evenly(negatives, 3) };
}

export async function labelAll(o: LabelRunOptions): Promise<LabelRun> {
  const { corpus, sae } = o;
  const fingerprint = await saeFingerprint(sae);
  const heldOutEvery = o.heldOutEvery ?? LABEL_SETTINGS.heldOutEvery;
  const offline = labelMethodOf(o.embedder, corpus.d);
  // The labeller (a pass over the corpus) is made only if some feature is not in the progress file.
  let labeller: OfflineLabeller | undefined;
  try {
    const live = o.features ?? liveFeaturesOf(corpus.codes, corpus.nLatents);
    const method: FeatureLabel["method"] = o.llm ? "llm" : offline;
    const header = {
      format: "saejs-labels" as const,
      version: 1 as const,
      sae: { fingerprint, nInputs: sae.nInputs, nLatents: sae.nLatents, k: sae.k },
      corpus: { rows: corpus.texts.length, fingerprint: await corpusFingerprint(corpus) },
      embedder: offline === "offline" ? o.embedder!.name : null,
      method,
      ...(o.llm ? { model: o.llm.chat.model } : {}),
      heldOutEvery,
    };
    // The progress file is taken only if it was made with the same inputs.
    const key = JSON.stringify({ ...header, prompt: o.llm ? PROMPT_VERSION : null, settings: LABEL_SETTINGS });
    let progressFile = o.progressFile;
    if (o.cacheDir) {
      const name = `${header.sae.fingerprint.slice(0, 12)}${header.corpus.fingerprint.slice(0, 12)}${header.embedder ?? "terms"}`;
      progressFile = `${o.cacheDir}/labels-${name.replace(/[^A-Za-z0-9._-]/g, "_")}.json`;
    }
    const store = o.progress ?? (progressFile ? progressFileStore(progressFile) : undefined);
    const done = new Map<number, FeatureLabel>();
    const wanted = new Set(live);
    for (const l of store ? await store.load(key) : []) if (wanted.has(l.feature)) done.set(l.feature, l);
    // Saves one after another (chunks may finish out of order), so the last write holds every label.
    let saved: Promise<void> = Promise.resolve();
    const save = (chunk: readonly FeatureLabel[]) => {
      for (const l of chunk) done.set(l.feature, l);
      saved = saved.then(() => store?.add(key, chunk, done));
      return saved;
    };
    const todo = live.filter((i) => !done.has(i));
    const kept = live.length - todo.length;
    // Said before the labeller is made (a pass over the corpus): the progress shows where the run
    // carries on from at once, not after a wait that looks like starting again.
    if (kept && todo.length) o.onResume?.(kept, live.length);
    o.onProgress?.(kept, live.length);
    if (todo.length) labeller = await OfflineLabeller.create(corpus, { ...(o.embedder ? { embedder: o.embedder } : {}), heldOutEvery });
    let calls = 0;
    if (!o.llm) {
      // Two chunks at a time: while the embedder's workers embed one chunk's phrases, this thread
      // scores the other's (a label does not depend on which features share its call).
      // A lane that fails stops the other at its next chunk, and both have stopped before the
      // labeller is disposed.
      let next = 0,
        failed = false;
      const stopped = () => new SaeError("E_ABORTED", `labelling stopped after ${done.size} of ${live.length} features; run it again to carry on`);
      const lane = async () => {
        try {
          while (next < todo.length && !failed) {
            if (o.signal?.aborted) throw stopped();
            const chunk = todo.slice(next, next + CHUNK);
            next += CHUNK;
            const labels = await labeller!.label(chunk, o.signal ? { signal: o.signal } : {});
            // A chunk that ends after a stop is not kept: the run stops where its progress said it was.
            if (o.signal?.aborted) throw stopped();
            await save(labels);
            o.onProgress?.(done.size, live.length);
          }
        } catch (e) {
          failed = true;
          throw e;
        }
      };
      // (Without an embedder labelling never waits, so one lane: two would only coarsen the progress.)
      const lanes = await Promise.allSettled(labeller?.method === "offline" ? [lane(), lane()] : [lane()]);
      for (const r of lanes) if (r.status === "rejected") throw r.reason;
    } else if (labeller) {
      const lab = labeller;
      const { chat, maxCalls = Number.POSITIVE_INFINITY, confirm } = o.llm;
      const text = (r: number) => corpus.texts[r]!;
      const inputs = todo.map((i) => {
        const ev = lab.evidence(i, 5, 5),
          det = detectionSet(lab, i);
        return { i, top: ev.top.map(text), negatives: ev.negatives.map(text), heldPositives: det.positives.map(text), heldNegatives: det.negatives.map(text) };
      });
      const perFeature = (f: (typeof inputs)[number]) => (f.heldPositives.length ? 2 : 1);
      const planned = inputs.reduce((s, f) => s + perFeature(f), 0);
      const estimate: LlmEstimate = {
        features: inputs.length,
        calls: Math.min(planned, maxCalls),
        promptTokens: inputs.reduce(
          (s, f) =>
            s +
            tokens(labelPrompt(f.top, f.negatives)) +
            (f.heldPositives.length ? tokens(scorePrompt("x".repeat(48), [...f.heldPositives, ...f.heldNegatives])) : 0),
          0,
        ),
        completionTokens: inputs.reduce((s, f) => s + 16 + (f.heldPositives.length ? 24 : 0), 0),
        model: chat.model,
      };
      if (inputs.length && !(await confirm(estimate))) throw new SaeError("E_ABORTED", "LLM labelling not confirmed; nothing was sent");
      for (const f of inputs) {
        if (o.signal?.aborted) throw new SaeError("E_ABORTED", `labelling stopped after ${done.size} of ${live.length} features; run it again to carry on`);
        if (calls + perFeature(f) > maxCalls) break;
        const density = lab.density(f.i);
        const r = await labelFeature(chat, { feature: f.i, density, ...f }, o.signal, f.heldPositives.length > 0);
        calls += perFeature(f);
        const scored = await lab.scoreLabel(f.i, r.label, o.signal);
        await save([
          {
            feature: f.i,
            label: r.label,
            phrases: [r.label],
            method: "llm",
            auc: scored.auc,
            heldPositives: scored.positives,
            f1: f.heldPositives.length ? r.f1 : null,
            pearson: f.heldPositives.length ? r.pearson : null,
            clean: f.heldPositives.length > 0 && r.clean,
          },
        ]);
        o.onProgress?.(done.size, live.length);
      }
    }
    const features = live.filter((i) => done.has(i)).map((i) => done.get(i)!);
    return { set: { ...header, features }, remaining: live.length - features.length, kept, calls };
  } finally {
    labeller?.dispose();
  }
}
