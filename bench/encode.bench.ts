// Encode throughput, side by side in one run: sae.js (reference, Wasm SIMD, relaxed SIMD) and the
// peers of bench/peers.ts on release shapes (d=1536). Prints a table; --json ends with one line
// {"bench":"encode","rows":[...]}. --quick runs d=1536, n=12288, k=128, B=1 and 256 only; --smoke
// d=64, n=256, k=16, B=1 and 8 (every impl, the screen's batch limit and js-naive's row cap met).
import { Sae } from "../src/sae.js";
import { encodeWasm, packEncoder, SCREEN_MAX_ROWS } from "../src/kernels/encode.js";
import { loadKernels, Workspace } from "../src/kernels/wasm.js";
import { embeddedModule } from "../src/kernels/wasm-embedded.js";
import { foldedBias, type SaeWeights } from "../src/core/model.js";
import { describePeaks, measurePeaks, ofPeak, platform, type Peaks, type Platform } from "./peak.js";
import { jsNaive, onnxruntimeNode, onnxruntimeWeb, tfjsWasm, type EncoderImpl, type EncoderProblem } from "./peers.js";
import { Timer, randomUnitRows, randomSae, machine, peerMissing, type BenchOptions } from "./util.js";

export interface EncodeRow {
  impl: string;
  threads: number;
  d: number;
  n: number;
  k: number;
  batch: number;
  gflops: number;
  embPerSec: number;
  /** Median milliseconds per call of `batch` rows (B=1: the latency). */
  ms: number;
  /** Rows actually timed per call, where an impl is too slow for the whole batch. */
  rowsTimed?: number;
}

function saeImpl(sae: Sae, impl: string, maxRows?: number): EncoderImpl {
  return {
    impl,
    threads: 1,
    ...(maxRows ? { maxRows } : {}),
    encode: (x, batch) => sae.encode(x.subarray(0, batch * sae.nInputs), batch),
    dispose: () => sae.dispose(),
  };
}

/** Share of encode time spent in the top-k epilogue: encode vs the same GEMM with k = 0. */
async function topkShare(w: SaeWeights, k: number, batch: number, timer: Timer): Promise<number> {
  const kern = await loadKernels("relaxed-simd", embeddedModule("relaxed-simd")).catch(() => loadKernels("simd", embeddedModule("simd")));
  const ws = new Workspace(kern);
  const enc = packEncoder(kern, w.nInputs, w.nLatents, w.encoderWeight, w.preBias, w.latentBias);
  const x = randomUnitRows(batch, w.nInputs, 99);
  const full = await timer.median(() => encodeWasm(kern, ws, enc, x, batch, k, "topk-relu"));
  const gemm = await timer.median(() => encodeWasm(kern, ws, enc, x, batch, 0, "topk-relu"));
  return Math.max(0, (full - gemm) / full);
}

export async function benchEncode(opts: BenchOptions): Promise<{
  bench: "encode";
  rows: EncodeRow[];
  topkShare: number;
  peak?: Peaks;
  platform: Platform;
  yardstickWrong?: string[];
  cpu: string;
  date: string;
  missing: string[];
  /** Each peer's setup as it ran (package version, execution provider, threads). */
  setups: Record<string, string>;
}> {
  const d = opts.smoke ? 64 : 1536;
  const pl = platform();
  // The yardstick: this core's 128-bit FMA peak (the plain-SIMD module, which cannot fuse, is held to it too).
  const peak = await measurePeaks(opts.smoke ? { callMs: 5, maxCalls: 2 } : {}).catch((e: Error) => {
    opts.log(`peak not measured: ${e.message.split("\n")[0]}`);
    return undefined;
  });
  if (peak) for (const line of describePeaks(peak, pl)) opts.log(line);
  else opts.log(`runtime: ${pl.runtime}; CPU: ${pl.cpu}; vector extensions: ${pl.extensions.join(" ") || "none read"}`);
  // A GEMM above the peak means the peak is wrong: no percentage is printed from it, and it says so.
  const yardstickWrong: string[] = [];
  const percentOfPeak = (impl: string, gflops: number, where: string) => {
    if (!peak || !impl.startsWith("saejs-wasm")) return "";
    const v = ofPeak(gflops, peak.fmaGflops);
    if (!v.yardstickWrong) return ` (${v.percent} % of peak)`;
    yardstickWrong.push(`${impl} ${where}: ${gflops.toFixed(1)} GFLOP/s > peak ${peak.fmaGflops}`);
    return ` (ABOVE the ${peak.fmaGflops} GFLOP/s "peak": the peak probe is wrong here, no % given)`;
  };

  const grid = opts.smoke
    ? [{ n: 256, k: 16, batches: [1, 8] }]
    : opts.quick
      ? [{ n: 12288, k: 128, batches: [1, 256] }]
      : [3072, 12288].flatMap((n) => [16, 128].map((k) => ({ n, k, batches: [1, 32, 256, 1024] })));
  // The top-k share is measured on this shape.
  const shareAt = opts.smoke ? { n: 256, k: 16, batch: 8 } : { n: 12288, k: 128, batch: 256 };
  const timer = Timer.of(opts, opts.quick ? 1.5 : 1.0);
  const rows: EncodeRow[] = [];
  const missing = new Set<string>();
  const setups: Record<string, string> = {};
  let share = 0;
  for (const { n, k, batches } of grid) {
    const w = randomSae(d, n, n + k);
    const problem: EncoderProblem = { d, n, k, encoderWeight: w.encoderWeight, bias: foldedBias(w) };
    const makers: [string, () => Promise<EncoderImpl> | EncoderImpl][] = [
      ["js-naive", () => jsNaive(problem)],
      ["saejs-ref", async () => saeImpl(await Sae.create(w, { k, backend: "ref" }), "saejs-ref", 4)],
      ["saejs-wasm", async () => saeImpl(await Sae.create(w, { k, backend: "wasm-simd" }), "saejs-wasm")],
      ["saejs-wasm-relaxed", async () => saeImpl(await Sae.create(w, { k, backend: "wasm-relaxed-simd" }), "saejs-wasm-relaxed")],
      // The integer screen (screen: true) runs for calls of at most SCREEN_MAX_ROWS rows; timed there only.
      ["saejs-wasm-relaxed-screen", async () => saeImpl(await Sae.create(w, { k, backend: "wasm-relaxed-simd", screen: true }), "saejs-wasm-relaxed-screen")],
      ["onnxruntime-web", () => onnxruntimeWeb(problem)],
      ["tfjs-wasm", () => tfjsWasm(problem)],
      ["onnxruntime-node", () => onnxruntimeNode(problem, !opts.smoke)],
    ];
    const xMax = randomUnitRows(Math.max(...batches), d, 7);
    for (const [name, make] of makers) {
      if (opts.only && !opts.only.includes(name)) continue;
      let impl: EncoderImpl;
      try {
        impl = await make();
      } catch (e) {
        missing.add(peerMissing(opts.log, name, e, "npm install (a devDependency of sae.js)"));
        continue;
      }
      if (impl.setup) setups[impl.impl] = impl.setup;
      for (const batch of batches) {
        if (name.endsWith("-screen") && batch > SCREEN_MAX_ROWS) continue;
        const rowsTimed = Math.min(batch, impl.maxRows ?? batch);
        const ms = (await timer.median(() => impl.encode(xMax, rowsTimed))) * (batch / rowsTimed);
        const row: EncodeRow = {
          impl: impl.impl,
          threads: impl.threads,
          d,
          n,
          k,
          batch,
          gflops: +((2 * batch * d * n) / ms / 1e6).toFixed(2),
          embPerSec: Math.round(batch / (ms / 1000)),
          ms: +ms.toFixed(3),
          ...(rowsTimed < batch ? { rowsTimed } : {}),
        };
        rows.push(row);
        opts.log(
          `${row.impl.padEnd(20)} d=${d} n=${String(n).padEnd(5)} k=${String(k).padEnd(3)} B=${String(batch).padEnd(4)} ${row.gflops.toFixed(1).padStart(6)} GFLOP/s ${String(row.embPerSec).padStart(8)} emb/s ${row.ms.toFixed(2).padStart(9)} ms${rowsTimed < batch ? ` (timed ${rowsTimed} rows)` : ""}${percentOfPeak(row.impl, row.gflops, `n=${n} k=${k} B=${batch}`)}`,
        );
      }
      await impl.dispose();
    }
    if (n === shareAt.n && k === shareAt.k) share = await topkShare(w, k, shareAt.batch, timer);
  }
  opts.log(`top-k epilogue share of saejs encode time (n=${shareAt.n}, k=${shareAt.k}, B=${shareAt.batch}): ${(share * 100).toFixed(1)} %`);
  if (yardstickWrong.length) {
    opts.log(
      `PEAK PROBE WRONG: ${yardstickWrong.length} GEMM figure(s) above the measured peak (${yardstickWrong.join("; ")}); do not quote "% of peak" from this run`,
    );
  }
  return {
    bench: "encode",
    rows,
    topkShare: +share.toFixed(4),
    ...(peak ? { peak } : {}),
    platform: pl,
    ...(yardstickWrong.length ? { yardstickWrong } : {}),
    cpu: machine(),
    date: new Date().toISOString().slice(0, 10),
    missing: [...missing],
    setups,
  };
}
