// The main job (`npm start` = `saejs demo`): embed the bundled corpus with the default embedder
// (cached on disk), train a top-k SAE on it, print the card-shaped metric row and the features with
// the highest density and the most distinctive ones (offline labels, top texts), and write a
// self-contained HTML report. Fully offline.
import { Sae } from "../sae.js";
import { defaultCorpus, type CorpusText } from "../corpus/wordnet.js";
import { UseLiteEmbedder } from "../embed/use.js";
import type { Embedder } from "../embed/embedder.js";
import { embedCached } from "../embed/cache.js";
import { writeFileAtomic } from "../runtime/fs.js";
import { saveSae } from "../load.js";
import { train } from "../train/train.js";
import { evaluate, type Metrics } from "../train/metrics.js";
import { distinctiveFeatures, featureStats, hardNegatives, logDensityHistogram } from "../explore/features.js";
import { featurePages } from "../explore/pages.js";
import { activationMatrix, featureFamilies } from "../explore/families.js";
import { type FeatureLabel, OfflineLabeller } from "../label/offline.js";
import { renderReport, type ReportFeature } from "./report.js";

export interface DemoOptions {
  /** Use every n-th text so that at most `limit` remain (CI keeps the run short). */
  limit?: number;
  /** Where embeddings are cached (default .saejs-cache in the working directory). */
  cacheDir?: string;
  /** The report's path (default saejs-report.html in the working directory). */
  out?: string;
  /** Where the trained SAE and the corpus go, for `saejs explore` (default saejs-demo.safetensors, saejs-demo-corpus.jsonl). */
  modelOut?: string;
  corpusOut?: string;
  embedder?: Embedder;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface DemoResult {
  texts: number;
  metrics: Metrics;
  report: string;
  model: string;
  corpus: string;
  /** The command that opens the explorer on this run's SAE and corpus. */
  explore: string;
  embeddingsCached: boolean;
  frequent: ReportFeature[];
  distinctive: ReportFeature[];
}

/** The SAE the demo trains: small enough for a 2-core machine in well under a minute. */
export const DEMO_SAE = { k: 8, nLatents: 1024, batchSize: 256, epochs: 40, lr: 1e-3, deadSteps: 100, seed: 1 };

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const log = options.log ?? (() => {});
  let corpus: CorpusText[] = await defaultCorpus();
  if (options.limit && corpus.length > options.limit) {
    const step = corpus.length / options.limit;
    corpus = Array.from({ length: options.limit }, (_, i) => corpus[Math.floor(i * step)]!);
  }
  const texts = corpus.map((c) => c.text);
  const embedder = options.embedder ?? new UseLiteEmbedder();
  const d = embedder.dim;
  log(`sae.js demo: ${texts.length} WordNet science and technology glosses, embedder ${embedder.name}`);

  const {
    x,
    path: embeddingsPath,
    cached,
  } = await embedCached(texts, embedder, {
    log,
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });

  // Train with the release's recipe at demo size (a larger learning rate: minutes, not days).
  const t1 = performance.now();
  const run = await train(
    { x, rows: texts.length, nInputs: d },
    { ...DEMO_SAE, medianRows: texts.length },
    {
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (p) => {
        if (p.step % 100 === 0 || p.step === p.totalSteps) log(`training step ${p.step}/${p.totalSteps}: nMSE ${p.mse.toFixed(4)}, dead ${p.dead}`);
      },
    },
  );
  log(`trained k=${DEMO_SAE.k}, n=${DEMO_SAE.nLatents} in ${((performance.now() - t1) / 1000).toFixed(1)} s`);

  const sae = await Sae.create(run.weights, { k: DEMO_SAE.k });
  try {
    const metrics = await evaluate(sae, x);
    const codes = sae.encode(x);
    const stats = featureStats(codes, DEMO_SAE.nLatents, 10);
    const order = Array.from({ length: DEMO_SAE.nLatents }, (_, i) => i);
    const frequentIds = [...order].sort((a, b) => stats.density[b]! - stats.density[a]! || a - b).slice(0, 5);
    const distinctiveIds = distinctiveFeatures(stats.counts, stats.meanAct, texts.length).slice(0, 5);
    // The same labels 'saejs label' and the explorer make for this SAE and corpus.
    const labeller = await OfflineLabeller.create({ texts, x, d, codes, nLatents: DEMO_SAE.nLatents }, { embedder });
    const labels = new Map<number, FeatureLabel>();
    try {
      for (const l of await labeller.label([...frequentIds, ...distinctiveIds])) labels.set(l.feature, l);
    } finally {
      labeller.dispose();
    }
    const pages = await featurePages(codes, DEMO_SAE.nLatents, run.weights.decoderWeight, d);
    const families = featureFamilies(activationMatrix(codes, DEMO_SAE.nLatents), texts.length, DEMO_SAE.nLatents);
    const describe = (i: number): ReportFeature => {
      const top = stats.top[i]!.filter((t) => t.value > 0);
      const negatives = hardNegatives(
        i,
        top.map((t) => t.doc),
        codes,
        x,
        d,
        5,
      );
      const l = labels.get(i)!;
      return {
        index: i,
        density: stats.density[i]!,
        meanAct: stats.meanAct[i]!,
        label: l.label,
        auc: l.auc,
        clean: l.clean,
        top: top.map((t) => ({ text: texts[t.doc]!, headword: corpus[t.doc]!.headword, value: t.value })),
        negatives: negatives.map((n) => ({ text: texts[n]!, headword: corpus[n]!.headword })),
        histogram: pages.histogram(i),
        nearest: pages.nearest(i).map((e) => ({ ...e, label: labelOf(e.feature) })),
        cooccurring: pages.cooccurring(i).map((e) => ({ ...e, label: labelOf(e.feature) })),
        families: families.filter((f) => f.parent === i || f.members.includes(i)).map((f) => ({ parent: f.parent, members: f.members.length })),
      };
    };
    const labelOf = (i: number) => labels.get(i)?.label ?? "";
    const frequent = frequentIds.map(describe);
    const distinctive = distinctiveIds.map(describe);

    const row =
      `| k | n | corpus | nMSE | log FD (live) | log FD (all) | act mean | dead share |\n|---|---|---|---|---|---|---|---|\n` +
      `| ${DEMO_SAE.k} | ${DEMO_SAE.nLatents} | WordNet sci/tech (${texts.length}) | ${metrics.nmse.toFixed(4)} | ${metrics.logFdLive.toFixed(4)} | ${metrics.logFdAll.toFixed(4)} | ${metrics.actMean.toFixed(4)} | ${(metrics.deadShare * 100).toFixed(1)} % |`;
    log("");
    for (const line of row.split("\n")) log(line);
    for (const [title, list] of [
      ["features with the highest density", frequent],
      ["most distinctive features", distinctive],
    ] as const) {
      log("");
      log(`${title}:`);
      for (const f of list) {
        log(
          `  #${f.index}  density ${(f.density * 100).toFixed(2)} %  "${f.label}"${f.auc !== null ? `  (held-out AUC ${f.auc.toFixed(2)}${f.clean ? ", clean" : ""})` : ""}`,
        );
        for (const t of f.top.slice(0, 3)) log(`      · ${t.headword}: ${t.text}`);
      }
    }
    const report = options.out ?? "saejs-report.html";
    await writeFileAtomic(
      report,
      new TextEncoder().encode(
        renderReport({
          title: "sae.js demo: features of WordNet science and technology glosses",
          settings: `${texts.length} glosses embedded with ${embedder.name}; top-k SAE k=${DEMO_SAE.k}, n=${DEMO_SAE.nLatents}, ${DEMO_SAE.epochs} epochs of batch ${DEMO_SAE.batchSize}, Adam lr ${DEMO_SAE.lr}, AuxK dead after ${DEMO_SAE.deadSteps} steps.`,
          metrics,
          k: DEMO_SAE.k,
          n: DEMO_SAE.nLatents,
          histogram: logDensityHistogram(metrics.density),
          sections: [
            { title: "Features with the highest density", features: frequent },
            { title: "Most distinctive features", features: distinctive },
          ],
        }),
      ),
    );
    const model = options.modelOut ?? "saejs-demo.safetensors",
      corpusPath = options.corpusOut ?? "saejs-demo-corpus.jsonl";
    await saveSae(sae, model, "safetensors", { corpus: `WordNet science and technology glosses (${texts.length})`, embedder: embedder.name });
    await writeFileAtomic(corpusPath, new TextEncoder().encode(`${corpus.map((c) => JSON.stringify({ title: c.headword, text: c.text })).join("\n")}\n`));
    const explore = `npx saejs explore ${model} ${corpusPath} --title-column title`;
    log("");
    log(`report: ${report}`);
    log(`model: ${model}, corpus: ${corpusPath} (embeddings cached in ${embeddingsPath})`);
    log(`explore the features in your browser (top documents, families, steered search):`);
    log(`  ${explore}`);
    return { texts: texts.length, metrics, report, model, corpus: corpusPath, explore, embeddingsCached: cached, frequent, distinctive };
  } finally {
    sae.dispose();
  }
}
