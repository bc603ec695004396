// `saejs neuronpedia`: the SAE's features in Neuronpedia's export layout, to publish them.
import { join } from "node:path";
import { DecoderDirections } from "../../explore/pages.js";
import { gzip, neuronpediaBatches } from "../../explore/neuronpedia.js";
import { ensureDir, writeFileAtomic } from "../../runtime/fs.js";
import { num, str, UsageError } from "../args.js";
import { command } from "../command.js";
import { as, COLUMN_GROUP, EMBEDDER_GROUP, FLAGS, SAE_GROUP, table, TEXTS_GROUP } from "../flags.js";
import { checkOutDir, idsOf, sourceRow, withModel } from "../inputs.js";
import { labelCorpusOf, labelsOf } from "../label.js";
export const neuronpediaCommand = command({
  usage: `saejs neuronpedia <sae> <embeddings> [--texts FILE] --out DIR --model-id ID --source-id ID [--labels FILE]`,
  about: `  Writes the SAE's features in Neuronpedia's export layout, to publish them:
  DIR/<model-id>/<source-id>/{features,activations,explanations}/batch-<b>.jsonl.gz. Features hold
  density, the activation histogram, the nearest features by decoder cosine and the most correlated
  ones; activations the top documents (a document is one "token" valued at its activation);
  explanations the labels (--labels, else the offline labeller's) with their scores in the notes.`,
  flags: table(
    as("out", "the folder to write the export into"),
    TEXTS_GROUP,
    COLUMN_GROUP,
    as("model-id", "Neuronpedia's model id: the embedding model (e.g. text-embedding-3-small)"),
    as("source-id", "this SAE's id (e.g. csLG-k64-n9216)"),
    FLAGS.labels,
    as("batch", "features per file", "128"),
    as("top", "documents per feature", "20"),
    SAE_GROUP,
    EMBEDDER_GROUP,
  ),
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
});
