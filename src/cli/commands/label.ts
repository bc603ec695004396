// `saejs label`: every live feature of an SAE labelled over a corpus, offline or by an LLM, resumable.
import { labelSetJson, labelSetParquet } from "../../label/file.js";
import { ChatClient } from "../../label/llm.js";
import { LABEL_SETTINGS } from "../../label/offline.js";
import { labelAll } from "../../label/run.js";
import { removeFile, writeFileAtomic } from "../../runtime/fs.js";
import { num, str, UsageError } from "../args.js";
import { command } from "../command.js";
import { as, COLUMN_GROUP, EMBEDDER_GROUP, FLAGS, SAE_GROUP, table, TEXTS_GROUP } from "../flags.js";
import { requireOut, withModel } from "../inputs.js";
import { confirmEstimate, labelCorpusOf, labelEmbedder, scoreText } from "../label.js";
import { progress, terminalSafe } from "../progress.js";
export const labelCommand = command({
  usage: `saejs label <sae> <embeddings> [--texts FILE] --out labels.(json|parquet) [options]`,
  about: `  Labels every live feature of the SAE over a corpus. Offline (default): short phrases from the
  feature's top documents, contrasted with its hard negatives (class-based TF-IDF), chosen by how
  well their embedding separates the documents where the feature is active (maximal marginal
  relevance for variety). A fifth of the corpus is held out: each label is scored there by the AUC
  of its embedding's similarity (active documents against the rest); "clean" = AUC ≥ 0.9 over ≥ 5
  held-out documents, density < 0.2. Resumable: a stopped run carries on from <out>.partial.json.
  'saejs explore', 'saejs index' and 'saejs features' show the labels with --labels FILE.`,
  flags: table(
    as("out", "the labels (.json or .parquet)"),
    TEXTS_GROUP,
    COLUMN_GROUP,
    as(
      "llm",
      "label through an OpenAI-compatible chat endpoint instead (the release's\nprotocol: 5 top documents and 5 hard negatives; scored by F1 and Pearson on 3\nheld-out positives and 3 negatives, and by the AUC above). The calls and\ntokens are estimated and must be confirmed (a terminal asks; else --yes)",
    ),
    as("llm-base-url", "the endpoint (env OPENAI_BASE_URL; default https://api.openai.com/v1)"),
    as("llm-model", "the chat model (env SAEJS_LABEL_MODEL; default gpt-4o-mini); key: env OPENAI_API_KEY"),
    as("max-calls", "spend at most N calls; the next run labels the rest"),
    FLAGS.yes,
    as("hold-out-every", "hold out one row in N to score labels (0: score none)", String(LABEL_SETTINGS.heldOutEvery)),
    SAE_GROUP,
    as("embedder", `${FLAGS.embedder.help}\n(the model of the corpus's embeddings: candidates are embedded with it)`),
    EMBEDDER_GROUP,
  ),
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
        onResume: (kept, total) => {
          if (!io.quiet) io.stderr.write(terminalSafe(`saejs: carrying on from ${progressFile}: ${kept} of ${total} features labelled\n`));
          bar.resumed(kept);
        },
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
      return {
        out,
        labels: set.features.length,
        method: set.method,
        embedder: set.embedder,
        meanAuc,
        clean,
        remaining: run.remaining,
        kept: run.kept,
        calls: run.calls,
      };
    });
  },
});
