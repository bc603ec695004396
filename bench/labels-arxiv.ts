// The offline labeller on real abstracts, shared by `npm run repro -- labels` (the README's label
// results, with the term labels of before as the baseline) and `npm run bench -- labels` (the time a
// user waits for `saejs label`: the labeller's create + label, per 1,000 features). Both: an SAE
// (k=16, n=1024) trained on 4,800 abstracts of both arXiv files, labels made from those and scored
// on the other 779 (AUC of the label's embedding similarity separating documents where the feature
// is active from the rest). --smoke: the first 300 abstracts of the 2007 file (embedded once, cached
// under BENCH_DIR), 240 to label (batches of 64), n=64, six features; the real embedder embeds every candidate.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UseLiteEmbedder } from "../src/embed/use.js";
import { embedCached } from "../src/embed/cache.js";
import { writeNpy } from "../src/io/npy.js";
import { readTexts } from "../src/io/texts.js";
import { writeFileAtomic } from "../src/runtime/fs.js";
import { cores } from "../src/runtime/workers.js";
import { train } from "../src/train/train.js";
import { Sae } from "../src/sae.js";
import { saveSae } from "../src/load.js";
import { featureStats, hardNegatives } from "../src/explore/features.js";
import { labelAll } from "../src/label/run.js";
import { wordCount } from "../src/label/text.js";
import { activeRows, CSV_2007, heldOutAucs, heldOutSplit, splitRows } from "./arxiv-data.js";
import { BENCH_DIR } from "./util.js";

/** What `npm run bench -- labels` reports. */
export interface LabelsResult {
  /** Features labelled (the live ones; --smoke: six of them). */
  features: number;
  /** labelAll, what `saejs label` runs (the labeller made, then chunks of features two at a time), as a user waits for it. */
  seconds: number;
  secondsPer1000: number;
  /** Mean held-out AUC over the features scored (active on ≥ 1 held-out abstract, a non-empty label), and their count. */
  heldOutAuc: number;
  scored: number;
  /** Share of the scored features with held-out AUC ≥ 0.85. */
  share085: number;
  maxChars: number;
  maxWords: number;
  /** Worker threads the embedder runs on ("auto": one per core). */
  embedderWorkers: number;
  embedder: string;
  abstracts: { train: number; heldOut: number };
  sae: { k: number; n: number };
}

const SMOKE = { abstracts: 300, train: 240, n: 64, batch: 64, features: 6 };
const STOP = new Set(
  (
    "the of and a an to in is are was were be by for with as on at or from that which this these those it its into " +
    "their other such used any one two more most some all not but can may also than when where who whom whose has have had " +
    "being been very about between within without under over each per usually especially etc e g i"
  ).split(" "),
);

function terms(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[a-z][a-z-]{2,}/g) ?? []).filter((w) => !STOP.has(w)));
}

/** The term labels of before (the baseline): the terms most over-represented in the top texts relative to the hard negatives. */
function offlineLabel(topTexts: string[], negativeTexts: string[], maxTerms = 3): string[] {
  const df = (texts: string[]) => {
    const m = new Map<string, number>();
    for (const t of texts) for (const w of terms(t)) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  };
  const pos = df(topTexts),
    neg = df(negativeTexts);
  const P = Math.max(1, topTexts.length),
    N = Math.max(1, negativeTexts.length);
  return [...pos.entries()]
    .filter(([, c]) => c >= Math.min(2, P))
    .map(([w, c]) => ({ w, score: (c + 0.5) / (P + 1) - ((neg.get(w) ?? 0) + 0.5) / (N + 1) }))
    .sort((a, b) => b.score - a.score || a.w.localeCompare(b.w))
    .slice(0, maxTerms)
    .map((e) => e.w);
}

/** --smoke's corpus: the first 300 abstracts of the 2007 file, embedded once (cached under BENCH_DIR/labels), split as the full run is. */
async function smokeSplit(log: (s: string) => void) {
  if (!existsSync(CSV_2007)) throw new Error(`${CSV_2007} not found: the repository expects ../shared beside it`);
  const all = readTexts("a.csv", readFileSync(CSV_2007, "utf8"), "abstract")
    .slice(0, SMOKE.abstracts)
    .map((a) => a.replace(/\s+/g, " ").trim());
  const e = new UseLiteEmbedder();
  const dir = join(BENCH_DIR, "labels");
  mkdirSync(dir, { recursive: true });
  const { x: xAll } = await embedCached(all, e, { cacheDir: dir, log });
  return { all, xAll, e, d: e.dim, ...splitRows(all, xAll, e.dim, SMOKE.train) };
}

/**
 * Trains the SAE on the training split, labels its live features with the offline labeller and
 * scores the labels on the held-out split. With `baseline` (the repro), the term labels of before
 * too, and the repro's table and examples; with `save`, the explorer's files (see repro.ts).
 */
export async function labelsArxiv(log: (s: string) => void, options: { save?: string; smoke?: boolean; baseline?: boolean } = {}): Promise<LabelsResult> {
  const { save, smoke = false, baseline = false } = options;
  const { all, xAll, e, d, trainRows, heldRows, tr, ho } = smoke ? await smokeSplit(log) : await heldOutSplit(log);
  const k = 16,
    n = smoke ? SMOKE.n : 1024,
    batchSize = smoke ? SMOKE.batch : 256;
  const run = await train(
    { x: tr.x, rows: trainRows.length, nInputs: d },
    { k, nLatents: n, batchSize, epochs: 30, lr: 1e-3, deadSteps: 100, seed: 1, medianRows: trainRows.length },
  );
  const sae = await Sae.create(run.weights, { k });
  const codes = sae.encode(tr.x),
    heldCodes = sae.encode(ho.x);
  if (save) {
    // For the explorer (README's feature page): this SAE, a wider one on the same abstracts, and all abstracts.
    mkdirSync(save, { recursive: true });
    await saveSae(sae, join(save, `sae-k${k}-n${n}.safetensors`), "safetensors");
    const wide = await train(
      { x: tr.x, rows: trainRows.length, nInputs: d },
      { k, nLatents: 4 * n, batchSize: 256, epochs: 30, lr: 1e-3, deadSteps: 100, seed: 1, medianRows: trainRows.length },
    );
    const w = await Sae.create(wide.weights, { k });
    await saveSae(w, join(save, `sae-k${k}-n${4 * n}.safetensors`), "safetensors");
    w.dispose();
    const title = (t: string) => (t.length > 90 ? `${t.slice(0, 90).replace(/\s+\S*$/, "")}…` : t);
    await writeFileAtomic(
      join(save, "abstracts.jsonl"),
      new TextEncoder().encode(`${all.map((t) => JSON.stringify({ title: title(t), text: t })).join("\n")}\n`),
    );
    await writeFileAtomic(join(save, "abstracts.npy"), writeNpy(xAll, [all.length, d]));
    log(`saved to ${save}/: sae-k${k}-n${n}.safetensors, sae-k${k}-n${4 * n}.safetensors, abstracts.jsonl, abstracts.npy`);
  }

  const stats = featureStats(codes, n, 10);
  const allLive = Array.from({ length: n }, (_, i) => i).filter((i) => stats.top[i]!.some((t) => t.value > 0));
  // --smoke: a handful, spread over the live ones.
  const live = smoke ? allLive.filter((_, j) => j % Math.ceil(allLive.length / SMOKE.features) === 0).slice(0, SMOKE.features) : allLive;
  // Before: the term labels of the previous release (10 top documents, 5 hard negatives, 3 terms).
  const t0 = performance.now();
  const before = baseline
    ? live.map((i) => {
        const top = stats.top[i]!.filter((t) => t.value > 0).map((t) => t.doc);
        return offlineLabel(
          top.map((r) => tr.texts[r]!),
          hardNegatives(i, top, codes, tr.x, d, 5).map((r) => tr.texts[r]!),
          3,
        ).join(" / ");
      })
    : [];
  const tBefore = performance.now() - t0;
  const t1 = performance.now();
  const labelled = await labelAll({ sae, corpus: { texts: tr.texts, x: tr.x, d, codes, nLatents: n }, embedder: e, heldOutEvery: 0, features: live });
  const tAfter = performance.now() - t1;
  sae.dispose();
  const byFeature = new Map(labelled.set.features.map((l) => [l.feature, l]));
  const after = live.map((i) => byFeature.get(i)!);

  // Held-out: each label embedded, its cosine similarity to each held-out abstract, AUC of active vs not.
  const activeHeld = activeRows(heldCodes, n);
  const score = (labelsOf: string[]) => heldOutAucs(e, labelsOf, live, activeHeld, ho.x, d);
  const aAfter = await score(after.map((l) => l.label));
  const aBefore = baseline ? await score(before) : aAfter;
  const scored = live.map((_, j) => j).filter((j) => Number.isFinite(aBefore[j]!) && Number.isFinite(aAfter[j]!));
  const mean = (a: number[]) => scored.reduce((s, j) => s + a[j]!, 0) / scored.length;
  const share = (a: number[]) => scored.filter((j) => a[j]! >= 0.85).length / scored.length;
  const words = after.map((l) => wordCount(l.label));
  const embedderWorkers = await cores();
  await e.dispose();
  const seconds = tAfter / 1000;
  const result: LabelsResult = {
    features: live.length,
    seconds: +seconds.toFixed(2),
    secondsPer1000: +((seconds / live.length) * 1000).toFixed(1),
    heldOutAuc: +mean(aAfter).toFixed(4),
    scored: scored.length,
    share085: +share(aAfter).toFixed(4),
    maxChars: Math.max(0, ...after.map((l) => l.label.length)),
    maxWords: Math.max(0, ...words),
    embedderWorkers,
    embedder: e.name,
    abstracts: { train: trainRows.length, heldOut: heldRows.length },
    sae: { k, n },
  };
  if (!baseline) return result;

  log(
    `arxiv, both files: ${all.length} abstracts (${e.name}); SAE k=${k}, n=${n} trained on ${trainRows.length}, labels scored on ${heldRows.length} held out`,
  );
  log(`live features ${live.length}; scored (active on ≥ 1 held-out abstract, both labels non-empty) ${scored.length}`);
  log("| labeller | mean held-out AUC | share ≥ 0.85 | words (median / max) | time |");
  log("|---|---|---|---|---|");
  const med = (w: number[]) => [...w].sort((a, b) => a - b)[Math.floor(w.length / 2)]!;
  const wBefore = before.map((l) => wordCount(l));
  log(
    `| terms (before) | ${mean(aBefore).toFixed(3)} | ${(share(aBefore) * 100).toFixed(1)} % | ${med(wBefore)} / ${Math.max(...wBefore)} | ${(tBefore / 1000).toFixed(1)} s |`,
  );
  log(
    `| offline (after) | ${mean(aAfter).toFixed(3)} | ${(share(aAfter) * 100).toFixed(1)} % | ${med(words)} / ${Math.max(...words)} | ${(tAfter / 1000).toFixed(1)} s |`,
  );
  log("");
  log("examples (before → after, held-out AUC):");
  for (const j of scored.filter((_, t) => t % Math.ceil(scored.length / 12) === 0))
    log(`  #${live[j]}: "${before[j]}" (${aBefore[j]!.toFixed(2)}) → "${after[j]!.label}" (${aAfter[j]!.toFixed(2)})`);
  return result;
}

/** `npm run bench -- labels`: the labeller as a user waits for it, and the quality of what it made. */
export async function benchLabels(opts: { smoke?: boolean; log: (s: string) => void }): Promise<{ bench: "labels" } & LabelsResult> {
  const r = await labelsArxiv(opts.log, { smoke: !!opts.smoke });
  opts.log(
    `labels (${opts.smoke ? "smoke: " : ""}${r.abstracts.train} abstracts to label from, ${r.abstracts.heldOut} held out, SAE k=${r.sae.k} n=${r.sae.n}, ${r.embedder} on ${r.embedderWorkers} worker(s)): ${r.features} features in ${r.seconds.toFixed(1)} s = ${r.secondsPer1000} s per 1,000; held-out AUC mean ${r.heldOutAuc.toFixed(3)} over ${r.scored}, ${(r.share085 * 100).toFixed(1)} % ≥ 0.85; labels at most ${r.maxChars} characters, ${r.maxWords} words`,
  );
  return { bench: "labels", ...r };
}
