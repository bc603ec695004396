// `saejs eval`: the release card's metrics of one or several SAEs on embeddings, and with --suite
// the evaluation suite (retrieval through the SAE, sparse probing, labels) and its report.
import { basename } from "node:path";
import { runInNewContext } from "node:vm";
import { SaeError } from "../../core/errors.js";
import { saeFingerprint } from "../../core/hash.js";
import { embedCached } from "../../embed/cache.js";
import type { Embedder } from "../../embed/embedder.js";
import { readBeir } from "../../eval/beir.js";
import { DEFAULT_LABEL_SAMPLE } from "../../eval/labels.js";
import { labelsOf, MAX_LABEL_VALUE, PROBE_DEFAULTS } from "../../eval/probe.js";
import { suiteReportHtml } from "../../eval/report.js";
import { evaluateSuite, type SuiteData, type SuiteSae } from "../../eval/suite.js";
import type { SuiteResult } from "../../eval/types.js";
import { type LabelSet, readLabelSet } from "../../label/file.js";
import { labelFileBytes } from "../label.js";
import type { loadSae } from "../../load.js";
import { ensureDir, writeFileAtomic } from "../../runtime/fs.js";
import { evaluate, type Metrics } from "../../train/metrics.js";
import { num, type Parsed, str, UsageError } from "../args.js";
import { command } from "../command.js";
import { as, COLUMN_GROUP, EMBEDDER_GROUP, FLAGS, SAE_GROUP, table } from "../flags.js";
import { alignTexts, checkOutFile, embedderOf, embeddingsOf, type Io, loadModel, textsOf } from "../inputs.js";
import { terminalSafe } from "../progress.js";

type Model = Awaited<ReturnType<typeof loadSae>>;

const CARD_HEAD = "| SAE | k | n | nMSE | log FD (live) | log FD (all) | act mean | dead share |\n|---|---|---|---|---|---|---|---|";
const cardRow = (name: string, m: Metrics, k: number, n: number) =>
  `| ${name} | ${k} | ${n} | ${m.nmse.toFixed(4)} | ${m.logFdLive.toFixed(4)} | ${m.logFdAll.toFixed(4)} | ${m.actMean.toFixed(4)} | ${(m.deadShare * 100).toFixed(1)} % |`;

/** At most this many SAEs side by side (each is held in memory while the suite runs). */
const MAX_SAES = 32;
/** --label-pattern runs on every value within this time in all (a pattern that backtracks without end is stopped). */
const PATTERN_BUDGET_MS = 10_000;

export const evalCommand = command({
  usage: `saejs eval <sae…> <embeddings.(npy|npz|parquet|arrow)> [--column NAME] [--k N]
       saejs eval <sae…> <embeddings> --suite [--texts FILE] [--title-column NAME] [--label-column NAME]
                  [--beir DIR] [--labels FILE,…] [--report report.html] [--json]`,
  about: `  The release card's metrics of each SAE: nMSE, log10 feature density (live latents; all with 1e-10),
  act mean, dead share. With --suite, the evaluation suite for embedding SAEs, side by side:
  reconstruction (and L0's distribution, dense latents); retrieval preserved — nDCG@10, recall@100,
  MRR@10 with the original embeddings, the SAE's reconstructions, the codes alone (q · x̂, the site's
  score) and codes against codes — on a title task (--title-column: each title retrieves its own
  row) and/or a BEIR folder (--beir: corpus.jsonl in the embeddings' row order); sparse probing of
  a label column (the best latent, the best 5 and all latents against a probe on the embedding;
  logistic regression, one row in 5 held out by a hash of its text); and the held-out AUCs of
  labels (--labels, or made offline on a sample of features). --report writes the HTML report.`,
  flags: table(
    COLUMN_GROUP,
    SAE_GROUP,
    FLAGS.suite,
    FLAGS.texts,
    FLAGS["text-column"],
    FLAGS["skip-empty"],
    as("title-column", "with --suite: the texts' column of titles; each title is a query for its own row"),
    as(
      "label-column",
      `with --suite: the texts' column of classes to probe for (e.g. arXiv categories);\nthe ${PROBE_DEFAULTS.maxClasses} most frequent classes with enough rows are probed, the rest listed as left out;\nvalues of more than ${MAX_LABEL_VALUE} characters are refused`,
    ),
    as(
      "label-pattern",
      `a row's class: the first match in its --label-column value (e.g. '^[^ .]+'\nfor the arXiv archive of 'math.CO cs.DM'); default the whole value. The pattern\nruns on each value: one that backtracks past ${PATTERN_BUDGET_MS / 1000} s in all is stopped`,
    ),
    FLAGS.beir,
    FLAGS["beir-split"],
    as("labels", "with --suite: labels from 'saejs label', one file per SAE (comma-separated;\neach matched to its SAE by fingerprint)"),
    as(
      "label-features",
      "with --suite: where an SAE has no --labels file, label this many of its\nlive features offline on the way (evenly spread; 0: none)",
      String(DEFAULT_LABEL_SAMPLE),
    ),
    as("report", "with --suite: write the HTML report here (tables and SVG plots)"),
    as("embedder", `${FLAGS.embedder.help}\n(the corpus's model: titles and BEIR queries are embedded with it)`),
    EMBEDDER_GROUP,
  ),
  maxArgs: MAX_SAES + 1,
  async run(p, io) {
    if (p.positional.length < 2) throw new UsageError("give one or more SAEs, then the embeddings: saejs eval <sae…> <embeddings>");
    const paths = p.positional.slice(0, -1),
      emb = p.positional.at(-1)!;
    const suiteOnly = ["texts", "title-column", "label-column", "label-pattern", "beir", "beir-split", "labels", "label-features", "report", "embedder"].filter(
      (f) => p.flags.has(f),
    );
    if (!p.flags.has("suite") && suiteOnly.length) throw new UsageError(`--${suiteOnly[0]} is for the suite: add --suite`);
    const report = str(p, "report");
    if (report !== undefined) {
      if (!/\.html?$/i.test(report)) throw new UsageError(`--report must end in .html, got '${report}'`);
      await checkOutFile(report);
    }
    const models: Model[] = [];
    try {
      for (const path of paths) models.push(await loadModel(path, p));
      const d = models[0]!.nInputs;
      for (const [i, m] of models.entries())
        if (m.nInputs !== d)
          throw new SaeError("E_SHAPE", `${paths[i]} reads ${m.nInputs}-d inputs but ${paths[0]} ${d}-d; SAEs side by side must read the same embeddings`);
      const x = await embeddingsOf(emb, d, p);
      if (!p.flags.has("suite")) return await card(paths, models, x.data, io);
      return await suite(p, io, paths, models, emb, x, report);
    } finally {
      for (const m of models) await m.dispose();
    }
  },
});

/** Today's card: one table row per SAE; --json keeps the one-SAE shape of earlier versions. */
async function card(paths: string[], models: Model[], x: Float32Array, io: Io) {
  io.say(CARD_HEAD);
  const out = [];
  for (const [i, m] of models.entries()) {
    const metrics = await evaluate(m, x);
    io.say(cardRow(basename(paths[i]!), metrics, m.k, m.nLatents));
    const { density: _d, ...rest } = metrics;
    out.push({ sae: paths[i]!, k: m.k, n: m.nLatents, ...rest });
  }
  return out.length === 1 ? out[0]! : { saes: out };
}

async function suite(
  p: Parsed,
  io: Io,
  paths: string[],
  models: Model[],
  emb: string,
  x: { data: Float32Array; rows: number; cols: number },
  report: string | undefined,
): Promise<SuiteResult> {
  const d = x.cols;
  const textsPath = str(p, "texts");
  const titleColumn = str(p, "title-column"),
    labelColumn = str(p, "label-column");
  if ((titleColumn || labelColumn) && !textsPath) throw new UsageError("--title-column and --label-column name columns of --texts: give --texts FILE");
  if (p.flags.has("label-pattern") && !labelColumn) throw new UsageError("--label-pattern applies to --label-column: give --label-column NAME");
  let pattern: RegExp | undefined;
  if (p.flags.has("label-pattern")) {
    try {
      pattern = new RegExp(str(p, "label-pattern")!, "u");
    } catch (e) {
      throw new UsageError(`--label-pattern is not a regular expression: ${(e as Error).message}`);
    }
  }
  const data: { -readonly [K in keyof SuiteData]: SuiteData[K] } = { x: x.data, d, embeddingsName: basename(emb) };
  if (textsPath) {
    const t = await textsOf(textsPath, p);
    alignTexts(t, textsPath, { data: x.data, rows: x.rows, cols: d }, emb);
    const kept = t.kept && new Set(t.kept);
    const column = async (name: string, flag: string) =>
      (await textsOf(textsPath, p, name, flag, { allowEmpty: true })).texts.filter((_, i) => !kept || kept.has(i));
    data.texts = t.texts;
    data.textsName = basename(textsPath);
    if (titleColumn) data.titles = await column(titleColumn, "title-column");
    if (labelColumn) {
      const values = await column(labelColumn, "label-column");
      const classes = classesOf(values, pattern);
      // A pattern that misses some rows leaves them in no class: say how many, never drop them unsaid.
      const missed = classes.filter((c, i) => c === null && (values[i] ?? "").trim() !== "").length;
      if (missed && pattern)
        io.say(`--label-pattern matched nothing in ${missed} of ${values.length} rows' ${labelColumn}; they are in no class (check the pattern)`);
      data.labels = { column: labelColumn, values: classes };
    }
  }
  const beir = str(p, "beir");
  if (beir) data.beir = await readBeir(beir, str(p, "beir-split") ?? "test");
  const needsEmbedder = data.titles !== undefined || data.beir !== undefined;
  const labelFeatures = num(p, "label-features", DEFAULT_LABEL_SAMPLE, { min: 0 })!;
  const wantsLabels = labelFeatures > 0 && data.texts !== undefined;
  const embedder = needsEmbedder || wantsLabels ? cachedEmbedder(embedderOf(p)) : undefined;
  if (embedder && embedder.dim !== d && (needsEmbedder || p.flags.has("embedder")))
    throw new SaeError(
      "E_SHAPE",
      `the embedder ${embedder.name} makes ${embedder.dim}-d vectors but ${emb} is ${d}-d; name the corpus's own model with --embedder (e.g. --embedder http --model …)`,
    );
  const labelSets = await labelFiles(str(p, "labels"), paths, models);
  if (wantsLabels && embedder && embedder.dim !== d && labelSets.some((l) => !l))
    io.say(
      `labels: not made — the default embedder is ${embedder.dim}-d and ${emb} ${d}-d; name the corpus's model with --embedder, or give --labels (--label-features 0 says no labels)`,
    );
  await ensureDir(".saejs-cache");
  const saes: SuiteSae[] = models.map((model, i) => ({
    name: basename(paths[i]!),
    model,
    arch: model.info.arch,
    ...(labelSets[i] ? { labels: labelSets[i]! } : {}),
  }));
  const result = await evaluateSuite(saes, data, {
    ...(embedder && embedder.dim === d ? { embedder } : {}),
    labelFeatures,
    labelCacheDir: ".saejs-cache",
    signal: io.signal,
    onStep: (what) => {
      if (!io.quiet) io.stderr.write(terminalSafe(`saejs eval: ${what}\n`));
    },
  });
  io.say(`suite of ${models.length} SAE${models.length > 1 ? "s" : ""} in ${result.seconds.toFixed(1)} s`);
  for (const line of suiteTables(result)) io.say(line);
  const skipped = [
    ...(result.retrieval.length ? [] : ["retrieval (give --texts with --title-column, or --beir DIR)"]),
    ...(result.probing ? [] : ["sparse probing (give --texts with --label-column)"]),
    ...(result.saes.some((s) => s.labels) ? [] : ["labels (give --texts, or --labels files)"]),
  ];
  if (skipped.length) io.say(`not run: ${skipped.join("; ")}`);
  if (report) {
    await writeFileAtomic(report, new TextEncoder().encode(suiteReportHtml(result)));
    io.say(`report: ${report}`);
  }
  return result;
}

/**
 * Each row's class (labelsOf), the user's pattern run under a time budget: a regex that backtracks
 * without end (`(a+)+$`) would otherwise hang the command. The classes go on without the pattern.
 */
function classesOf(values: (string | null)[], pattern: RegExp | undefined): (string | null)[] {
  if (!pattern) return values;
  try {
    return runInNewContext("run()", { run: () => labelsOf(values, pattern) }, { timeout: PATTERN_BUDGET_MS }) as (string | null)[];
  } catch (e) {
    if ((e as { code?: string }).code !== "ERR_SCRIPT_EXECUTION_TIMEOUT") throw e;
    throw new SaeError(
      "E_ARG",
      `--label-pattern ran for more than ${PATTERN_BUDGET_MS / 1000} s on the label column's ${values.length} values (a pattern that backtracks, like '(a+)+$'?); simplify it, e.g. anchor it and avoid nested repetition`,
    );
  }
}

/** Titles and queries embedded once per list (in .saejs-cache), then read back on the next run. */
function cachedEmbedder(e: Embedder): Embedder {
  return {
    name: e.name,
    dim: e.dim,
    ...(e.identity ? { identity: e.identity } : {}),
    embed: async (texts, options) => (await embedCached([...texts], e, { ...(options?.signal ? { signal: options.signal } : {}) })).x,
  };
}

/** --labels a.json,b.json: each file read, checked, and given to the SAE whose fingerprint it names. */
async function labelFiles(list: string | undefined, paths: string[], models: Model[]): Promise<(LabelSet | undefined)[]> {
  const out: (LabelSet | undefined)[] = models.map(() => undefined);
  if (!list) return out;
  const prints = await Promise.all(models.map((m) => saeFingerprint(m)));
  const files = list.split(",").map((s) => s.trim());
  if (files.some((f) => !f)) throw new UsageError("--labels lists files separated by commas; one is empty");
  for (const file of files) {
    const bytes = await labelFileBytes(file, Math.max(...models.map((m) => m.nLatents)));
    const set = readLabelSet(bytes, file);
    // Every SAE of this fingerprint (the same checkpoint given twice) takes the file.
    const mine = prints.flatMap((f, i) => (f === set.sae.fingerprint ? [i] : []));
    if (!mine.length)
      throw new SaeError(
        "E_ARG",
        `${file} labels an SAE that is not among ${paths.map((q) => basename(q)).join(", ")} (by fingerprint); give each SAE's own labels`,
      );
    for (const i of mine) {
      if (out[i]) throw new UsageError(`--labels gives two files for ${paths[i]}`);
      out[i] = readLabelSet(bytes, file, { fingerprint: prints[i]!, nLatents: models[i]!.nLatents });
    }
  }
  return out;
}

/** A figure with `digits` decimals, or "—" where it could not be computed (never "NaN"). */
const fx = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : "—");
const f3 = (v: number) => fx(v, 3);
const whole = (v: number) => (Number.isFinite(v) ? String(v) : "—");
/** A drop (dense − SAE) in points, signed as in the report: + is worse than the original embeddings. */
const pts = (v: number) => {
  if (!Number.isFinite(v)) return "—";
  const p = Math.abs(v * 100).toFixed(1);
  return p === "0.0" ? p : `${v > 0 ? "+" : "−"}${p}`;
};
/** A list of classes left out, the first 20 named. */
const listed = (l: readonly { label: string; rows: number }[]) =>
  `${l
    .slice(0, 20)
    .map((s) => `${s.label} (${s.rows})`)
    .join(", ")}${l.length > 20 ? ` and ${l.length - 20} more` : ""}`;

/** The terminal's tables: one row per SAE in each section. */
export function suiteTables(r: SuiteResult): string[] {
  const out = ["", "reconstruction:", "| SAE | arch | k | n | nMSE | L0 mean / median / p90 | dead | dense (> 10 %) |", "|---|---|---|---|---|---|---|---|"];
  for (const s of r.saes) {
    const c = s.reconstruction;
    out.push(
      `| ${s.name} | ${s.architecture} | ${s.k} | ${s.nLatents} | ${fx(c.nmse, 4)} | ${fx(c.meanL0, 1)} / ${whole(c.l0.median)} / ${whole(c.l0.p90)} | ${fx(c.deadShare * 100, 1)} % | ${c.denseLatents} |`,
    );
  }
  for (const [t, task] of r.retrieval.entries()) {
    out.push(
      "",
      `retrieval, ${task.task} (${task.queries} queries, ${task.documents} documents): nDCG@10 / recall@100 / MRR@10, and nDCG@10's drop in points (+: worse than the original embeddings)`,
      "| SAE | reconstructed | codes (q · x̂) | sparse (codes · codes) |",
      "|---|---|---|---|",
      `| original embeddings | ${f3(task.dense.ndcg10)} / ${f3(task.dense.recall100)} / ${f3(task.dense.mrr10)} | | |`,
    );
    for (const s of r.saes) {
      const sr = s.retrieval[t]!;
      const cell = (k: "reconstructed" | "codes" | "sparse") =>
        `${f3(sr.scores[k].ndcg10)} / ${f3(sr.scores[k].recall100)} / ${f3(sr.scores[k].mrr10)} (${pts(sr.drop[k].ndcg10)})`;
      out.push(`| ${s.name} | ${cell("reconstructed")} | ${cell("codes")} | ${cell("sparse")} |`);
    }
  }
  if (r.probing) {
    const pr = r.probing;
    out.push(
      "",
      `sparse probing, ${pr.labelColumn} (${pr.classes.length} classes, one row in ${pr.testEvery} held out): mean F1 / AUC`,
      "| SAE | best latent | best 5 | all latents | dense embedding |",
      "|---|---|---|---|---|",
    );
    const pa = (s: { f1: number; auc: number }) => `${f3(s.f1)} / ${f3(s.auc)}`;
    for (const s of r.saes)
      if (s.probing) out.push(`| ${s.name} | ${pa(s.probing.mean.top1)} | ${pa(s.probing.mean.top5)} | ${pa(s.probing.mean.all)} | ${pa(pr.meanDense)} |`);
    const rare = pr.skipped.filter((s) => !s.capped),
      capped = pr.skipped.filter((s) => s.capped);
    if (rare.length) out.push(`(left out: fewer than 10 training or 3 held-out rows of the class: ${listed(rare)})`);
    if (capped.length) out.push(`(left out past the ${pr.classes.length} most frequent classes: ${listed(capped)})`);
  }
  const labelled = r.saes.filter((s) => s.labels);
  if (labelled.length) {
    out.push("", "labels: held-out AUC", "| SAE | source | features | scored | p10 / median / p90 | mean | clean |", "|---|---|---|---|---|---|---|");
    for (const s of labelled) {
      const l = s.labels!;
      out.push(
        `| ${s.name} | ${l.source} | ${l.features} | ${l.scored} | ${f3(l.quantiles.p10)} / ${f3(l.quantiles.median)} / ${f3(l.quantiles.p90)} | ${f3(l.meanAuc)} | ${(l.cleanShare * 100).toFixed(1)} % |`,
      );
    }
  }
  return out;
}
