// `saejs features`: features with density, label and score, and their top texts.
import { distinctiveFeatures, featureStats } from "../../explore/features.js";
import { num, str, UsageError } from "../args.js";
import { command } from "../command.js";
import { as, COLUMN_GROUP, EMBEDDER_GROUP, FLAGS, SAE_GROUP, table, TEXTS_GROUP } from "../flags.js";
import { idsOf, sourceRow, withModel } from "../inputs.js";
import { labelCorpusOf, labelsFor, scoreText } from "../label.js";
import { oneLine } from "../progress.js";
export const featuresCommand = command({
  usage: `saejs features <sae> <embeddings> [--texts FILE] [--show 10] [--top 5] [--sort density|distinctive] [--labels FILE]`,
  about: `  Features with their density, label and its held-out score, and top texts. Labels come from
  --labels (written by 'saejs label') or the offline labeller, made once per feature whatever
  --show and --top say. distinctive: the strongest specific features (on ≤ 5 % of the documents
  and on at least 5 of them, or 0.1 % of a large corpus).`,
  flags: table(
    TEXTS_GROUP,
    COLUMN_GROUP,
    as("show", "features to show", "10"),
    as("top", "top texts per feature", "5"),
    as("sort", "density: the densest first; distinctive: the strongest specific ones", "density"),
    FLAGS.labels,
    SAE_GROUP,
    as("embedder", `${FLAGS.embedder.help}\n(the model of the embeddings, for the offline labels)`),
    EMBEDDER_GROUP,
  ),
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
});
