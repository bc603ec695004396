// `npm run repro -- arxiv`: the README's results on real abstracts. Embeds
// ../shared/data/arxiv/arxiv-topics-3579.csv with the default embedder (cached), trains top-k SAEs
// for k ∈ {16, 32, 64} × n ∈ {1024, 2048, 4096}, and reports the card-shaped metrics and, per
// topic, the best single feature's F1 at predicting that topic. The data stays outside the package.
// `npm run repro -- labels`: the offline labeller on both files (5,579 abstracts): an SAE (k=16,
// n=1024) trained on 4,800 of them, labels made from those, scored on the other 779 (AUC of the
// label's embedding similarity separating documents where the feature is active from the rest),
// against the term labels of before. With --save DIR, also writes that SAE, one 4× wider and all
// abstracts there, for the explorer (the README's feature page). Shared with `npm run bench -- labels` (bench/labels-arxiv.ts).
// `npm run repro -- arch [--save DIR]`: top-k, BatchTopK and Matryoshka on the same split (bench/arch-arxiv.ts).
// `npm run repro -- site [--save DIR]`: both files as a static site in Chromium (bench/site-arxiv.ts).
// `npm run repro -- suite [--save DIR]`: the evaluation suite on the 2007 file through the CLI (bench/suite-arxiv.ts).
import { readFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { readTexts } from "../src/io/texts.js";
import { UseLiteEmbedder } from "../src/embed/use.js";
import { parseNpy, writeNpy } from "../src/io/npy.js";
import { writeFileAtomic } from "../src/runtime/fs.js";
import { train } from "../src/train/train.js";
import { evaluate } from "../src/train/metrics.js";
import { Sae } from "../src/sae.js";
import type { Codes } from "../src/core/model.js";
import { CSV } from "./arxiv-data.js";
import { labelsArxiv } from "./labels-arxiv.js";
import { archArxiv } from "./arch-arxiv.js";
import { arxivSite } from "./site-arxiv.js";
import { arxivSuite } from "./suite-arxiv.js";

/** For each topic, the best F1 of any single feature's "active on this document" at predicting it. */
function bestF1PerTopic(codes: Codes, n: number, topics: string[]): Record<string, { f1: number; feature: number }> {
  const { indices, k, batch } = codes;
  const names = [...new Set(topics)].sort();
  const active = new Int32Array(n),
    both = new Map<string, Int32Array>(names.map((t) => [t, new Int32Array(n)]));
  const topicCount = new Map<string, number>();
  for (let doc = 0; doc < batch; doc++) {
    const t = topics[doc]!;
    topicCount.set(t, (topicCount.get(t) ?? 0) + 1);
    const seen = new Set<number>();
    for (let j = 0; j < k; j++) seen.add(indices[doc * k + j]!);
    for (const i of seen) {
      active[i]!++;
      both.get(t)![i]!++;
    }
  }
  const out: Record<string, { f1: number; feature: number }> = {};
  for (const t of names) {
    let best = { f1: 0, feature: -1 };
    const tp = both.get(t)!,
      pos = topicCount.get(t)!;
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      const f1 = (2 * tp[i]!) / (active[i]! + pos);
      if (f1 > best.f1) best = { f1, feature: i };
    }
    out[t] = best;
  }
  return out;
}

async function arxiv(log: (s: string) => void): Promise<void> {
  if (!existsSync(CSV)) throw new Error(`${CSV} not found: the repository expects ../shared beside it`);
  const content = readFileSync(CSV, "utf8");
  const abstracts = readTexts("topics.csv", content, "abstract").map((a) => a.replace(/\s+/g, " ").trim());
  const topics = readTexts("topics.csv", content, "query");
  const e = new UseLiteEmbedder();
  const cache = join(".saejs-cache", `arxiv-topics-${abstracts.length}-${e.name}.npy`);
  let x: Float32Array;
  if (existsSync(cache)) x = (await parseNpy(readFileSync(cache))).data as Float32Array;
  else {
    const t0 = performance.now();
    x = await e.embed(abstracts, {
      onProgress: (d, t) => {
        if (d % 512 === 0 || d === t) log(`embedding ${d}/${t} (${(d / ((performance.now() - t0) / 1000)).toFixed(1)}/s)`);
      },
    });
    mkdirSync(".saejs-cache", { recursive: true });
    await writeFileAtomic(cache, writeNpy(x, [abstracts.length, e.dim]));
  }
  const rows: string[] = [];
  const f1Rows: Record<string, string[]> = {};
  const names = [...new Set(topics)].sort();
  for (const k of [16, 32, 64]) {
    for (const n of [1024, 2048, 4096]) {
      const t = performance.now();
      const run = await train(
        { x, rows: abstracts.length, nInputs: e.dim },
        { k, nLatents: n, batchSize: 256, epochs: 30, lr: 1e-3, deadSteps: 100, seed: 1, medianRows: abstracts.length },
      );
      const sae = await Sae.create(run.weights, { k });
      const m = await evaluate(sae, x);
      const best = bestF1PerTopic(sae.encode(x), n, topics);
      sae.dispose();
      rows.push(
        `| ${k} | ${n} | ${m.nmse.toFixed(4)} | ${m.logFdLive.toFixed(4)} | ${m.logFdAll.toFixed(4)} | ${m.actMean.toFixed(4)} | ${(m.deadShare * 100).toFixed(1)} % |`,
      );
      for (const name of names) {
        f1Rows[name] ??= [];
        f1Rows[name].push(best[name]!.f1.toFixed(2));
      }
      log(`k=${k} n=${n}: nMSE ${m.nmse.toFixed(4)}, trained in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  }
  log("");
  log(`arxiv-topics-3579.csv: ${abstracts.length} abstracts, ${e.name}; 30 epochs of batch 256, lr 1e-3, AuxK dead after 100 steps, seed 1`);
  log("| k | n | nMSE | log FD (live) | log FD (all) | act mean | dead share |");
  log("|---|---|---|---|---|---|---|");
  for (const r of rows) log(r);
  log("");
  log("best single feature's F1 per topic (columns: k/n)");
  log(`| topic | ${[16, 32, 64].flatMap((k) => [1024, 2048, 4096].map((n) => `${k}/${n}`)).join(" | ")} |`);
  log(`|---|${"---|".repeat(9)}`);
  for (const name of names) log(`| ${name} (${topics.filter((t) => t === name).length}) | ${f1Rows[name]!.join(" | ")} |`);
}

const what = process.argv[2];
if (what === "arxiv") await arxiv((s) => console.log(s));
else if (what === "labels") {
  const save = process.argv[3] === "--save" ? process.argv[4] : undefined;
  await labelsArxiv((s) => console.log(s), { ...(save ? { save } : {}), baseline: true });
} else if (what === "suite") await arxivSuite((s) => console.log(s), process.argv[3] === "--save" ? process.argv[4] : undefined);
else if (what === "arch") await archArxiv((s) => console.log(s), process.argv[3] === "--save" ? process.argv[4] : undefined);
else if (what === "site") await arxivSite((s) => console.log(s), process.argv[3] === "--save" ? process.argv[4] : undefined);
else {
  console.error("usage: npm run repro -- arxiv | labels [--save DIR] | arch [--save DIR] | site [--save DIR] | suite [--save DIR]");
  process.exit(2);
}
