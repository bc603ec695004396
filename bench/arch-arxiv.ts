// `npm run repro -- arch [--save DIR]`: the three architectures on the real abstracts at equal n.
// Top-k, BatchTopK and Matryoshka-BatchTopK (n=1024, k ∈ {8, 16, 32}, two seeds each) trained on the
// 4,800 abstracts of the label split, measured on the 779 held out: nMSE against mean L0 (a table and
// docs/arch-nmse-l0.svg), dead share, Matryoshka's inner prefixes, the offline labels' held-out AUC
// at k=16, and sae.js's samples/s. With Debian's python3-torch, the same recipes in plain PyTorch
// (bench/torch_train.py) on the same rows at k=16, for the nMSE / dead-share agreement (speed
// against PyTorch is `npm run bench -- train`'s).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Codes } from "../src/core/model.js";
import { lineChart } from "../src/eval/svg.js";
import { writeNpy } from "../src/io/npy.js";
import { OfflineLabeller } from "../src/label/offline.js";
import { saveSae } from "../src/load.js";
import { Sae } from "../src/sae.js";
import type { TrainArch } from "../src/train/config.js";
import { evaluate } from "../src/train/metrics.js";
import { train } from "../src/train/train.js";
import { activeRows, heldOutAucs, heldOutSplit } from "./arxiv-data.js";

const ARCHS: readonly TrainArch[] = ["topk", "batchtopk", "matryoshka"];
const KS = [8, 16, 32];
const SEEDS = [1, 2];
const N = 1024;
/** The label split's recipe (bench/repro.ts labels): 30 epochs of batch 256, lr 1e-3, AuxK dead after 100 steps. */
const RECIPE = { batchSize: 256, epochs: 30, lr: 1e-3, deadSteps: 100 } as const;

interface Run {
  arch: TrainArch;
  k: number;
  seed: number;
  nmse: number;
  meanL0: number;
  deadShare: number;
  samplesPerSec: number;
  /** Matryoshka: held-out nMSE at each inner prefix width. */
  prefixes?: { width: number; nmse: number; meanL0: number }[];
  threshold?: number;
}

/** Codes with every latent at or past `width` set to 0: a thresholded model's encode at that width. */
function codesAt(codes: Codes, width: number): Codes {
  const values = codes.values.slice();
  for (let j = 0; j < values.length; j++) if (codes.indices[j]! >= width) values[j] = 0;
  return { ...codes, values };
}

function nmseOf(xhat: Float32Array, x: Float32Array, d: number): number {
  const rows = x.length / d,
    mean = new Float64Array(d);
  for (let i = 0; i < x.length; i++) mean[i % d]! += x[i]! / rows;
  let num = 0,
    den = 0;
  for (let i = 0; i < x.length; i++) {
    num += (xhat[i]! - x[i]!) ** 2;
    den += (mean[i % d]! - x[i]!) ** 2;
  }
  return num / den;
}

const meanOf = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

/** nMSE (y) against mean L0 (x), one line per architecture, each point the mean of the seeds (labelled by k). */
function svgPlot(points: Map<TrainArch, { l0: number; nmse: number; k: number }[]>): string {
  return lineChart({
    title: `Held-out nMSE vs mean L0 (n = ${N})`,
    xLabel: "mean L0 (active latents per held-out abstract)",
    yLabel: "held-out nMSE",
    series: [...points].map(([arch, ps]) => ({ name: arch, points: ps.map((p) => ({ x: p.l0, y: p.nmse, label: `k=${p.k}` })) })),
    // As before: k in the tooltips only, the points of one k sit too close for text.
    showLabels: false,
    width: 560,
    height: 360,
  });
}

/** The same recipe in plain PyTorch (bench/torch_train.py --data), or why it could not run. */
function torchRun(
  trainNpy: string,
  heldNpy: string,
  shape: { rows: number; d: number },
  arch: TrainArch,
  k: number,
  seed: number,
  threads: number,
): { nmse: number; deadShare: number; meanL0: number; samplesPerSec: number } | string {
  // Positional D N K BATCH STEPS THREADS; STEPS counts after the warm-up step, so the run is 30 epochs as ours.
  const steps = RECIPE.epochs * Math.floor(shape.rows / RECIPE.batchSize) - 1;
  const args = ["bench/torch_train.py", ...[shape.d, N, k, RECIPE.batchSize, steps, threads].map(String)];
  args.push("--arch", arch, "--data", trainNpy, "--eval", heldNpy, "--lr", String(RECIPE.lr), "--dead-steps", String(RECIPE.deadSteps), "--seed", String(seed));
  const r = spawnSync("/usr/bin/python3", args, {
    encoding: "utf8",
    env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) },
    timeout: 1_800_000,
  });
  if (r.status !== 0) return (r.stderr || r.error?.message || "failed").trim().split("\n").pop()!;
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

export async function archArxiv(log: (s: string) => void, save?: string): Promise<void> {
  const { e, d, trainRows, heldRows, tr, ho } = await heldOutSplit(log);
  const runs: Run[] = [];
  const aucs = new Map<TrainArch, { mean: number; scored: number; live: number }>();
  for (const arch of ARCHS)
    for (const k of KS)
      for (const seed of SEEDS) {
        const t0 = performance.now();
        const run = await train({ x: tr.x, rows: trainRows.length, nInputs: d }, { k, nLatents: N, arch, seed, medianRows: trainRows.length, ...RECIPE });
        const seconds = (performance.now() - t0) / 1000;
        const sae = await Sae.create(run.weights, { k });
        const m = await evaluate(sae, ho.x);
        const r: Run = {
          arch,
          k,
          seed,
          nmse: m.nmse,
          meanL0: m.meanL0,
          // Never active on the held-out abstracts, as bench/torch_train.py counts it on its --eval rows.
          deadShare: m.deadShare,
          samplesPerSec: (trainRows.length * RECIPE.epochs) / seconds,
          ...(run.weights.threshold ? { threshold: run.weights.threshold[0]! } : {}),
        };
        if (arch === "matryoshka") {
          const codes = sae.encode(ho.x);
          r.prefixes = run.config.widths.slice(0, -1).map((width) => {
            const at = codesAt(codes, width);
            const l0 = at.values.reduce((s, v) => s + (v > 0 ? 1 : 0), 0) / heldRows.length;
            return { width, nmse: nmseOf(sae.decode(at), ho.x, d), meanL0: l0 };
          });
        }
        if (k === 16 && seed === SEEDS[0]) {
          // Offline labels made on the training abstracts, scored on the held-out ones.
          const codes = sae.encode(tr.x);
          const live = Array.from({ length: N }, (_, i) => i).filter((i) => activeRows(codes, N)[i]!.size > 0);
          const labeller = await OfflineLabeller.create({ texts: tr.texts, x: tr.x, d, codes, nLatents: N }, { embedder: e, heldOutEvery: 0 });
          const labels = (await labeller.label(live)).map((l) => l.label);
          labeller.dispose();
          const a = (await heldOutAucs(e, labels, live, activeRows(sae.encode(ho.x), N), ho.x, d)).filter(Number.isFinite);
          aucs.set(arch, { mean: meanOf(a), scored: a.length, live: live.length });
          if (save) {
            mkdirSync(save, { recursive: true });
            await saveSae(sae, join(save, `arxiv-${arch}-k${k}-n${N}.safetensors`), "safetensors");
          }
        }
        sae.dispose();
        runs.push(r);
        log(
          `${arch} k=${k} seed ${seed}: held-out nMSE ${r.nmse.toFixed(4)}, L0 ${r.meanL0.toFixed(1)}, dead ${(r.deadShare * 100).toFixed(1)} %` +
            `${r.threshold !== undefined ? `, θ ${r.threshold.toFixed(4)}` : ""}, ${Math.round(r.samplesPerSec)} samples/s`,
        );
      }

  log("");
  log(
    `both arXiv files: ${trainRows.length} abstracts to train, ${heldRows.length} held out (${e.name}, d=${d}); n=${N}, 30 epochs of batch 256, lr 1e-3, AuxK dead after 100 steps; means of seeds ${SEEDS.join(" and ")}`,
  );
  log("| arch | k | held-out nMSE | mean L0 | dead share (held-out) | samples/s |");
  log("|---|---|---|---|---|---|");
  const points = new Map<TrainArch, { l0: number; nmse: number; k: number }[]>();
  for (const arch of ARCHS)
    for (const k of KS) {
      const rs = runs.filter((r) => r.arch === arch && r.k === k);
      const nm = rs.map((r) => r.nmse);
      const p = { l0: meanOf(rs.map((r) => r.meanL0)), nmse: meanOf(nm), k };
      (points.get(arch) ?? points.set(arch, []).get(arch)!).push(p);
      log(
        `| ${arch} | ${k} | ${p.nmse.toFixed(4)} (${nm.map((v) => v.toFixed(4)).join(", ")}) | ${p.l0.toFixed(1)} | ${(meanOf(rs.map((r) => r.deadShare)) * 100).toFixed(1)} % | ${Math.round(meanOf(rs.map((r) => r.samplesPerSec)))} |`,
      );
    }
  log("");
  log("Matryoshka's inner prefixes (held-out, seed 1):");
  for (const r of runs.filter((r) => r.arch === "matryoshka" && r.seed === SEEDS[0]))
    log(`  k=${r.k}: ${r.prefixes!.map((p) => `width ${p.width}: nMSE ${p.nmse.toFixed(4)}, L0 ${p.meanL0.toFixed(1)}`).join("; ")}`);
  log("");
  log("offline labels at k=16 (made on the training abstracts, scored on the held-out ones):");
  log("| arch | live features | scored | mean held-out AUC |");
  log("|---|---|---|---|");
  for (const [arch, a] of aucs) log(`| ${arch} | ${a.live} | ${a.scored} | ${a.mean.toFixed(3)} |`);
  mkdirSync("docs", { recursive: true });
  writeFileSync(join("docs", "arch-nmse-l0.svg"), svgPlot(points));
  log("wrote docs/arch-nmse-l0.svg");

  // PyTorch: the same recipes on the same rows, k=16, both seeds.
  const dir = mkdtempSync(join(tmpdir(), "saejs-arch-"));
  try {
    const trainNpy = join(dir, "train.npy"),
      heldNpy = join(dir, "held.npy");
    writeFileSync(trainNpy, writeNpy(tr.x, [trainRows.length, d]));
    writeFileSync(heldNpy, writeNpy(ho.x, [heldRows.length, d]));
    log("");
    log(
      "PyTorch (bench/torch_train.py, the same recipe, two threads; Debian python3-torch, OpenBLAS) against sae.js, k=16, n=1024 (speed: npm run bench -- train):",
    );
    log("| arch | sae.js nMSE (seeds) | PyTorch nMSE (seeds) | Δ nMSE | sae.js dead | PyTorch dead |");
    log("|---|---|---|---|---|---|");
    for (const arch of ARCHS) {
      const ours = runs.filter((r) => r.arch === arch && r.k === 16);
      const theirs: { nmse: number; deadShare: number }[] = [];
      for (const seed of SEEDS) {
        const t = torchRun(trainNpy, heldNpy, { rows: trainRows.length, d }, arch, 16, seed, 2);
        if (typeof t === "string") {
          log(`| ${arch} | — | PyTorch did not run: ${t} |`);
          break;
        }
        theirs.push(t);
      }
      if (theirs.length < SEEDS.length) continue;
      const a = meanOf(ours.map((r) => r.nmse)),
        b = meanOf(theirs.map((r) => r.nmse));
      const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
      log(
        `| ${arch} | ${a.toFixed(4)} (${ours.map((r) => r.nmse.toFixed(4)).join(", ")}) | ${b.toFixed(4)} (${theirs.map((r) => r.nmse.toFixed(4)).join(", ")}) | ` +
          `${(((a - b) / b) * 100).toFixed(1)} % | ${pct(meanOf(ours.map((r) => r.deadShare)))} | ${pct(meanOf(theirs.map((r) => r.deadShare)))} |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
