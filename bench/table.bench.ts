// `npm run bench -- table [--smoke]`: the README's Performance table, every figure from one run on
// this machine. Each bench runs in a child process, one after another (`node dist/bench/run.js
// <name> --json`, encode with --quick, under this Node and again under the official Node 24 where
// `npm run nodes` installed it); their JSON results go to bench-results/table-<date>.json and the
// table, with the machine and each peer's setup named, to stdout as Markdown. A child that fails
// is named in the table with its stderr's last line (an uncaught exception's error line), and the run exits 1 at the end.
// --smoke: every child with --smoke (figures that say nothing of speed; Node 24 only if installed).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, totalmem } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { nodeBinary } from "../test/runtime/nodes.js";
import type { LabelsResult } from "./labels-arxiv.js";
import type { Platform } from "./peak.js";
import type { BenchOptions } from "./util.js";

type Json = Record<string, unknown>;

/** One child's outcome: its result, or why there is none (`absent`: not run, e.g. Node 24 not installed; not a failure). */
export interface ChildOutcome {
  command: string;
  seconds: number;
  result?: Json;
  failed?: string;
  absent?: string;
  /** The child's stderr (its log under --json; the last 20,000 characters). */
  stderr: string;
}

/** The children, in the order they run: key, bench name, flags beyond --json (names.ts's TABLE_CHILDREN, and encode again under Node 24). */
function children(smoke: boolean): { key: string; name: string; flags: string[] }[] {
  const size = smoke ? ["--smoke"] : [];
  return [
    { key: "peak", name: "peak", flags: size },
    { key: "encode", name: "encode", flags: smoke ? size : ["--quick"] },
    { key: "encode-node24", name: "encode", flags: [...(smoke ? size : ["--quick"]), "--node", "24"] },
    { key: "train", name: "train", flags: size },
    { key: "pool", name: "pool", flags: size },
    { key: "load", name: "load", flags: size },
    { key: "embed", name: "embed", flags: size },
    { key: "labels", name: "labels", flags: size },
  ];
}

const STDERR_KEPT = 20_000;

/**
 * Stderr's last line that says why: an uncaught exception's "…Error: message" line where there is
 * one (Node ends such a stderr with its stack, the error's fields and "Node.js v20…"), else the last
 * line that is not one of those.
 */
export function whyFailed(stderr: string): string {
  const lines = stderr
    .split("\n")
    .filter((l) => l.trim())
    .reverse();
  const error = lines.find((l) => /^[A-Za-z]*Error( \[\w+\])?: /.test(l));
  if (error) return error.trim();
  return lines.find((l) => !/^Node\.js v\d/.test(l) && !/^\s+at /.test(l) && !/^\s*[}\]^]\s*$/.test(l))?.trim() ?? "(nothing on stderr)";
}

function runChild(script: string, name: string, flags: string[], timeoutMs: number): Promise<ChildOutcome> {
  const args = [script, name, "--json", ...flags];
  const command = `node dist/bench/run.js ${[name, "--json", ...flags].join(" ")}`;
  process.stderr.write(`\n── table: ${command}\n`);
  const t = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [...process.execArgv, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "",
      stderr = "";
    child.stdout.on("data", (b: Buffer) => {
      stdout += b.toString();
    });
    // Its log goes on to ours as it comes (a long bench shows its progress) and is kept for the JSON.
    child.stderr.on("data", (b: Buffer) => {
      process.stderr.write(b);
      stderr = (stderr + b.toString()).slice(-STDERR_KEPT);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const seconds = +((performance.now() - t) / 1000).toFixed(1);
      const lastErr = whyFailed(stderr);
      const base = { command, seconds, stderr };
      if (timedOut) return done({ ...base, failed: `killed after ${timeoutMs / 1000} s; last stderr line: ${lastErr}` });
      if (code !== 0) return done({ ...base, failed: `exit ${code ?? signal}: ${lastErr}` });
      try {
        const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as Json;
        if (result.bench !== name) return done({ ...base, failed: `its JSON names bench ${String(result.bench)}, not ${name}` });
        done({ ...base, result });
      } catch {
        done({ ...base, failed: `exit 0 but stdout's last line is not JSON; last stderr line: ${lastErr}` });
      }
    });
  });
}

// ---- the figures, read from each bench's JSON (field names as its bench file returns them) ----

interface EncodeRow {
  impl: string;
  d: number;
  n: number;
  k: number;
  batch: number;
  gflops: number;
  ms: number;
}
interface EncodeJson {
  rows: EncodeRow[];
  peak?: { fmaGflops: number };
  platform: Platform;
  missing: string[];
  setups?: Record<string, string>;
}
interface TrainJson {
  shape: { d: number; n: number; k: number; batch: number };
  rows: { impl: string; arch: string; threads: number; samplesPerSec: number }[];
  missing: string[];
  pytorch?: { torch: string; blas: string };
}
interface PoolJson {
  shape: { d: number; n: number; k: number; batch: number };
  scaling: number;
  latencyB1InThreadMs: number;
  latencyB1PoolMs: number;
  roundTripMs: number;
  roundTripIdleMs: number;
}
interface LoadJson {
  fileMB: number;
  ms: number;
  peakExtraMB: number;
}
interface EmbedJson {
  abstracts: number;
  runs: { workers: number | "auto"; threads: number; seconds: number; secondsPer1000: number }[];
  ratio: number;
  identical: boolean;
}
type LabelsJson = LabelsResult;
interface PeakJson {
  fmaGflops: number;
  dot8Gops: number;
  dot16Gops: number;
  unsteady: string[];
  platform: Platform;
}

const num = (v: number, digits = 0) => v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** "Node 20.20.2" from a platform's runtime ("node v20.20.2, V8 …"). */
const nodeName = (pl: Platform | undefined, fallback: string) => {
  const m = /^node v(\S+?),/.exec(pl?.runtime ?? "");
  return m ? `Node ${m[1]}` : fallback;
};
/** "family 6 model 207" from /proc/cpuinfo (VMs often give the CPU a generic name); "" elsewhere. */
function cpuModel(): string {
  try {
    const info = readFileSync("/proc/cpuinfo", "utf8");
    const field = (key: string) => new RegExp(`^${key}\\s*:\\s*(.*)$`, "m").exec(info)?.[1]?.trim();
    return field("cpu family") ? `family ${field("cpu family")} model ${field("model")}` : "";
  } catch {
    return "";
  }
}

/** A failed or absent child, in a cell (encode-node24 is "Node 24" there). */
const notThere = (key: string, o: ChildOutcome) => {
  const name = key === "encode-node24" ? "Node 24" : key;
  return o.failed ? `**FAILED** (${name}: ${o.failed})` : `${name}: ${o.absent}`;
};
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The README's Performance section (header lines, the table, the targets) from the children's results. */
export function tableMarkdown(out: Record<string, ChildOutcome>, meta: { date: string; smoke: boolean; seconds: number }): string[] {
  const get = <T>(key: string) => out[key]?.result as T | undefined;
  const peak = get<PeakJson>("peak"),
    enc = get<EncodeJson>("encode"),
    enc24 = get<EncodeJson>("encode-node24"),
    tr = get<TrainJson>("train"),
    pool = get<PoolJson>("pool"),
    load = get<LoadJson>("load"),
    emb = get<EmbedJson>("embed"),
    lab = get<LabelsJson>("labels");
  const pl = peak?.platform ?? enc?.platform;
  const lines: string[] = [];
  const o24 = out["encode-node24"]!;
  const runtime24 = enc24 ? `the encode rows again under ${enc24.platform.runtime}` : o24.failed ? "encode under Node 24 failed" : `Node 24: ${o24.absent}`;
  const cpu = pl ? `${pl.cpu} (${[cpuModel(), pl.extensions.join(" ") || "no vector extensions read"].filter(Boolean).join("; ")})` : "an unnamed CPU";
  lines.push(
    `Measured ${meta.date} in one run of \`npm run bench -- table${meta.smoke ? " --smoke" : ""}\` (${num(meta.seconds / 60, 1)} min)` +
      `${meta.smoke ? ", **smoke sizes: the figures say nothing of speed**" : ""}, on ${cpu}, ` +
      `${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; ${pl?.runtime ?? "runtime unknown"}; ${runtime24}.`,
  );
  lines.push("");
  lines.push(
    peak
      ? `One core's 128-bit Wasm SIMD peak, \`npm run bench -- peak\`: **f32 FMA ${peak.fmaGflops} GFLOP/s**, int8 dot ${peak.dot8Gops} GOP/s, i16 dot ${peak.dot16Gops}${peak.unsteady.length ? ` (unsteady, floors: ${peak.unsteady.join(", ")})` : ""}.`
      : `One core's peak: ${notThere("peak", out.peak!)}.`,
  );
  lines.push("");
  const peers: string[] = [];
  for (const impl of ["onnxruntime-web", "onnxruntime-node"]) {
    const setup = enc?.setups?.[impl];
    const missing = enc?.missing.find((m) => m.startsWith(`${impl}:`));
    peers.push(setup ?? missing ?? `${impl}: not run (encode ${out.encode?.failed ? "failed" : "gave no setup"})`);
  }
  if (tr?.pytorch)
    peers.push(`PyTorch ${tr.pytorch.torch}, BLAS ${tr.pytorch.blas}, 1 and 2 threads (torch.set_num_threads, OPENBLAS_NUM_THREADS, OMP_NUM_THREADS)`);
  else peers.push(tr?.missing.find((m) => m.startsWith("pytorch-cpu:")) ?? `pytorch-cpu: not run (train ${out.train?.failed ? "failed" : "named nothing"})`);
  lines.push(`Peers, as they ran: ${peers.join("; ")}.`);
  lines.push("");
  lines.push("| where | command | sae.js | the peer a user would pick, same run |");
  lines.push("|---|---|---|---|");
  const row = (...cells: string[]) => lines.push(`| ${cells.map(cell).join(" | ")} |`);

  // Encode, batch and B=1, under each Node.
  const encodes: [string, ChildOutcome, EncodeJson | undefined][] = [
    ["encode", out.encode!, enc],
    ["encode-node24", out["encode-node24"]!, enc24],
  ];
  const at = (r: EncodeJson, impl: string, batch: number) => r.rows.find((x) => x.impl === impl && x.batch === batch);
  const big = enc ? Math.max(...enc.rows.map((x) => x.batch)) : 0;
  const shape = enc?.rows[0] ? `d=${enc.rows[0].d}, n=${num(enc.rows[0].n)}, k=${enc.rows[0].k}` : "";
  const batchCells: string[] = [],
    batchPeers: string[] = [],
    oneCells: string[] = [],
    onePeers: string[] = [];
  for (const [key, o, r] of encodes) {
    const node = nodeName(r?.platform, key === "encode" ? "this Node" : "Node 24");
    if (!r) {
      batchCells.push(notThere(key, o));
      oneCells.push(notThere(key, o));
      continue;
    }
    const B = Math.max(...r.rows.map((x) => x.batch));
    const rel = at(r, "saejs-wasm-relaxed", B),
      plain = at(r, "saejs-wasm", B);
    const fma = r.peak?.fmaGflops;
    const pct = (g: number) => (fma ? `${Math.round((100 * g) / fma)} %` : "no peak measured");
    batchCells.push(
      `${node}: relaxed SIMD ${rel ? `**${num(rel.gflops, 1)} GFLOP/s** (${pct(rel.gflops)} of the FMA peak${fma ? `, ${fma} in that run` : ""})` : "no row"}, plain SIMD ${plain ? `${num(plain.gflops, 1)} (${pct(plain.gflops)})` : "no row"}`,
    );
    const peerAt = (impl: string, batch: number, ours: EncodeRow | undefined, lower: boolean) => {
      const p = at(r, impl, batch);
      if (!p) return r.missing.find((m) => m.startsWith(`${impl}:`)) ?? `${impl}: no row`;
      if (!ours) return lower ? `${impl} ${num(p.ms, 2)} ms` : `${impl} ${num(p.gflops, 1)}`;
      // Batch: GFLOP/s (higher is better); B=1: ms (lower is better); the ratio is sae.js's speed-up.
      return lower
        ? `${impl} ${num(p.ms, 2)} ms (sae.js with the screen **${num(p.ms / ours.ms, 2)}×**)`
        : `${impl} ${num(p.gflops, 1)} (sae.js **${num(ours.gflops / p.gflops, 2)}×**)`;
    };
    batchPeers.push(`${node}: ${["onnxruntime-web", "onnxruntime-node"].map((i) => peerAt(i, B, rel, false)).join("; ")}`);
    const screen = at(r, "saejs-wasm-relaxed-screen", 1),
      rel1 = at(r, "saejs-wasm-relaxed", 1),
      plain1 = at(r, "saejs-wasm", 1);
    const ms = (x: EncodeRow | undefined) => (x ? `${num(x.ms, 2)} ms` : "no row");
    oneCells.push(`${node}: \`screen: true\` **${ms(screen)}**; without it ${ms(rel1)} (relaxed) / ${ms(plain1)} (plain)`);
    onePeers.push(`${node}: ${["onnxruntime-node", "onnxruntime-web"].map((i) => peerAt(i, 1, screen, true)).join("; ")}`);
  }
  const encodeCmd = `\`npm run bench -- encode ${meta.smoke ? "--smoke" : "--quick"}\` (and \`--node 24\`)`;
  row(`encode ${shape}, B=${big}, one thread`, encodeCmd, batchCells.join("<br>"), batchPeers.join("<br>") || "");
  row(`one query (B=1) at that size, one thread`, "same run", oneCells.join("<br>"), onePeers.join("<br>") || "");

  // Training.
  let trainRatio: number | undefined;
  if (tr) {
    const ours = (w: number) => tr.rows.find((x) => x.impl === "saejs-wasm" && x.arch === "topk" && x.threads === w);
    const torch = (w: number) => tr.rows.find((x) => x.impl === "pytorch-cpu" && x.arch === "topk" && x.threads === w);
    const [o1, o2, p1, p2] = [ours(1), ours(2), torch(1), torch(2)];
    trainRatio = o1 && o2 ? o2.samplesPerSec / o1.samplesPerSec : undefined;
    const s = tr.shape;
    row(
      `training d=${s.d}, n=${num(s.n)}, k=${s.k}, batch ${num(s.batch)}`,
      `\`npm run bench -- train${meta.smoke ? " --smoke" : ""}\``,
      o1 && o2
        ? `1 worker ${num(o1.samplesPerSec)} samples/s, 2 workers **${num(o2.samplesPerSec)}** (${num(trainRatio!, 2)}×)`
        : "no top-k rows for 1 and 2 workers",
      p1 && p2 && tr.pytorch && o1 && o2
        ? `PyTorch ${tr.pytorch.torch}, 1 / 2 threads: ${num(p1.samplesPerSec)} / ${num(p2.samplesPerSec)} (sae.js **${num(o1.samplesPerSec / p1.samplesPerSec, 2)}×** / ${num(o2.samplesPerSec / p2.samplesPerSec, 2)}×)`
        : (tr.missing.find((m) => m.startsWith("pytorch-cpu:")) ?? "pytorch-cpu: no rows"),
    );
  } else row("training", "`npm run bench -- train`", notThere("train", out.train!), "");

  // Embedding.
  if (emb) {
    const [one, auto] = emb.runs;
    row(
      `embedding ${num(emb.abstracts)} arXiv abstracts (USE lite), per 1,000`,
      `\`npm run bench -- embed${meta.smoke ? " --smoke" : ""}\` (\`--workers 1\`, then the default)`,
      one && auto
        ? `${num(one.secondsPer1000, 1)} s → **${num(auto.secondsPer1000, 1)} s** on ${auto.threads} worker${auto.threads > 1 ? "s" : ""} (${num(emb.ratio, 2)}×), ${emb.identical ? "identical bytes" : "**different bytes**"}; the model's load included`
        : "no runs",
      "",
    );
  } else row("embedding arXiv abstracts (USE lite)", "`npm run bench -- embed`", notThere("embed", out.embed!), "");

  // Labels.
  if (lab)
    row(
      `labelling ${num(lab.features)} live features of an SAE (k=${lab.sae.k}, n=${num(lab.sae.n)}) on ${num(lab.abstracts.train)} arXiv abstracts, offline`,
      `\`npm run bench -- labels${meta.smoke ? " --smoke" : ""}\``,
      `**${num(lab.secondsPer1000, 1)} s per 1,000 features** (${num(lab.seconds, 1)} s in all: create + label), held-out AUC ${num(lab.heldOutAuc, 3)} on ${num(lab.abstracts.heldOut)} abstracts (${num(lab.share085 * 100, 1)} % of ${num(lab.scored)} ≥ 0.85), labels ≤ ${lab.maxWords} words, ${lab.maxChars} characters; USE lite on ${lab.embedderWorkers} worker${lab.embedderWorkers > 1 ? "s" : ""}`,
      "",
    );
  else row("labelling features, offline", "`npm run bench -- labels`", notThere("labels", out.labels!), "");

  // Load.
  if (load)
    row(
      `loading the ${num(load.fileMB, 1)} MB ${meta.smoke ? "smoke" : "release-size"} \`.pth\``,
      `\`npm run bench -- load${meta.smoke ? " --smoke" : ""}\``,
      `**${num(load.ms)} ms**, peak extra memory ${num(load.peakExtraMB, 1)} MB = **${num(load.peakExtraMB / load.fileMB, 2)}×** the file`,
      "",
    );
  else row("loading a `.pth`", "`npm run bench -- load`", notThere("load", out.load!), "");

  // Pool.
  if (pool) {
    const s = pool.shape;
    row(
      `one query (B=1) through the worker pool (d=${s.d}, n=${num(s.n)}, k=${s.k})`,
      `\`npm run bench -- pool${meta.smoke ? " --smoke" : ""}\``,
      `round trip ${num(pool.roundTripMs, 3)} ms (${num(pool.roundTripIdleMs, 3)} ms after 2 ms idle); B=1 ${num(pool.latencyB1InThreadMs, 2)} ms in the calling thread, ${num(pool.latencyB1PoolMs, 2)} ms through the pool; B=${num(s.batch)}: 1 → 2 workers ${num(pool.scaling, 2)}×`,
      "",
    );
  } else row("one query (B=1) through the worker pool", "`npm run bench -- pool`", notThere("pool", out.pool!), "");

  // The issue's targets, said outright.
  lines.push("");
  const targets: string[] = [];
  targets.push(
    lab
      ? `labels ≤ 60 s per 1,000 features: ${lab.secondsPer1000 <= 60 ? "met" : "**not met**"} (${num(lab.secondsPer1000, 1)} s)`
      : "labels ≤ 60 s per 1,000 features: not measured",
  );
  targets.push(
    trainRatio !== undefined
      ? `training 1 → 2 workers ≥ 1.8×: ${trainRatio >= 1.8 ? "met" : "**not met**"} (${num(trainRatio, 2)}×)`
      : "training 1 → 2 workers ≥ 1.8×: not measured",
  );
  targets.push(
    enc24 ? `Node 24 beside Node 20: yes (${enc24.platform.runtime})` : `Node 24 beside Node 20: **no** (${notThere("encode-node24", out["encode-node24"]!)})`,
  );
  lines.push(`Targets (issue 32)${meta.smoke ? ", at smoke sizes (not meaningful)" : ""}: ${targets.join("; ")}.`);
  const failed = Object.entries(out).filter(([, o]) => o.failed);
  if (failed.length) {
    lines.push("");
    lines.push(
      `**${failed.length} bench${failed.length > 1 ? "es" : ""} failed**: ${failed.map(([k, o]) => `${k} (\`${o.command}\`, ${o.failed})`).join("; ")}.`,
    );
  }
  return lines;
}

export async function benchTable(opts: BenchOptions): Promise<object> {
  // Progress to stderr always: stdout is the Markdown alone (then, with --json, the JSON line).
  const progress = (line: string) => console.error(line);
  const smoke = !!opts.smoke;
  const script = process.argv[1]!;
  // dist/bench/run.js → the repository (where test/runtime/nodes and bench-results are).
  const root = resolve(dirname(script), "..", "..");
  const date = new Date().toISOString().slice(0, 10);
  const t0 = performance.now();
  const out: Record<string, ChildOutcome> = {};
  // --smoke: each child within what the smoke test allows; a full bench (train's three rounds) takes its time.
  const timeoutMs = smoke ? 170_000 : 3_600_000;
  for (const c of children(smoke)) {
    if (c.flags.includes("--node")) {
      const bin = nodeBinary(root, "24");
      if (!existsSync(bin)) {
        const command = `node dist/bench/run.js ${[c.name, "--json", ...c.flags].join(" ")}`;
        out[c.key] = { command, seconds: 0, absent: `not installed (no ${relative(root, bin)}; \`npm run nodes\` installs it)`, stderr: "" };
        progress(`table: ${c.key}: Node 24 ${out[c.key]!.absent}`);
        continue;
      }
    }
    out[c.key] = await runChild(script, c.name, c.flags, timeoutMs);
    const o = out[c.key]!;
    progress(`table: ${c.key} ${o.failed ? `FAILED (${o.failed})` : "done"} in ${o.seconds} s`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const markdown = tableMarkdown(out, { date, smoke, seconds });
  const failed = Object.entries(out)
    .filter(([, o]) => o.failed)
    .map(([k, o]) => `${k}: ${o.failed}`);
  const dir = join(root, "bench-results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `table-${date}${smoke ? "-smoke" : ""}.json`);
  const result = { bench: "table", date, smoke, seconds: +seconds.toFixed(1), children: out, markdown: markdown.join("\n"), failed, file };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  // The Markdown goes to stdout (before run.ts's JSON line, under --json); progress went to stderr.
  console.log(markdown.join("\n"));
  progress(`table: results in ${file}`);
  if (failed.length) {
    progress(`table: ${failed.length} bench(es) failed: ${failed.join("; ")}`);
    // After run.ts has printed the JSON: the table is out, and the run still says it failed.
    process.exitCode = 1;
  }
  return result;
}
