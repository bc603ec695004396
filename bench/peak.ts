// The 128-bit Wasm SIMD peaks of one core in this runtime, the yardstick for the encode bench:
// loops of twelve independent accumulator chains with no memory traffic, compiled here with
// AssemblyScript (a dev dependency). f32 FMA (relaxed madd: the CPU's 128-bit peak; the plain-SIMD
// module, without FMA, is held to it too), the int8 dot product (i32x4.relaxed_dot_i8x16_i7x16_add_s,
// 16 multiply-adds) and the plain-SIMD i16 one (i32x4.dot_i16x8_s + add, 8): what integer kernels
// could gain at best.
//
// Every operation reads its chain's accumulator and every other operand is a function parameter:
// a constant operand (v128.const) is rematerialised before each use by V8 13 (Node 24: 2 GPR→XMM
// moves and 2 shuffles per FMA, a quarter of the peak), and an operation on loop-invariant operands
// is computed once (V8 12 and 13 merge the twelve i16 dots into one and time only the adds).
// Each probe is warmed by many short calls until it has tiered up (Liftoff → TurboFan; a running
// call never does, Wasm has no OSR), then timed until two calls agree; an unsteady figure is flagged.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";

const CHAINS = 12;

function probe(name: string, params: string, init: string, op: (acc: string) => string): string {
  const accs = Array.from({ length: CHAINS }, (_, j) => `a${j}`);
  return `export function ${name}(iters: i32, seed: i32, ${params}): i32 {
  ${init}
  ${accs.map((a, j) => `let ${a} = i32x4.splat(seed + ${j});`).join("\n  ")}
  for (let i = 0; i < iters; i++) {
    ${accs.map((a) => `${a} = ${op(a)};`).join("\n    ")}
  }
  return ${accs.map((a) => `i32x4.extract_lane(${a}, 0)`).join(" + ")};
}`;
}

// The accumulators start as small integers' bit patterns (denormal floats for one iteration only).
const SOURCE = [
  probe("fma", "mul: f32, add: f32", "const m = f32x4.splat(mul); const c = f32x4.splat(add);", (a) => `f32x4.relaxed_madd(${a}, m, c)`),
  // The accumulator's bytes are the signed i8 operand; the 7-bit one is a splat of w in 0..127.
  probe("dot8", "w: i32", "const y = i8x16.splat(<i8>(w & 127));", (a) => `i32x4.relaxed_dot_i8x16_i7x16_add_s(${a}, y, ${a})`),
  probe("dot16", "w: i32", "const y = i16x8.splat(<i16>w);", (a) => `i32x4.add(${a}, i32x4.dot_i16x8_s(${a}, y))`),
].join("\n\n");

/** Operations one iteration of a probe performs (a multiply-add counts 2). */
const OPS_PER_ITER = { fma: CHAINS * 4 * 2, dot8: CHAINS * 16 * 2, dot16: CHAINS * 8 * 2 } as const;
type ProbeName = keyof typeof OPS_PER_ITER;

export interface Peaks {
  /** f32 GFLOP/s with fused multiply-add (relaxed SIMD). */
  fmaGflops: number;
  /** int8 dot products, giga multiply-adds × 2 per second (relaxed SIMD). */
  dot8Gops: number;
  /** i16 dot products then adds, × 2 per second (plain SIMD). */
  dot16Gops: number;
  /** Probes whose best two timed calls differed by more than STEADY (the machine was busy): their figure is a floor. */
  unsteady: string[];
}

/** Two timed calls within this relative distance make a probe's figure steady. */
export const STEADY = 0.03;

/**
 * The best (shortest) of `times` and whether it is steady: the next best within `tol` of it. A
 * lone best that nothing comes near is a lucky or mismeasured call, not the machine's rate.
 */
export function steadyBest(times: readonly number[], tol = STEADY): { best: number; spread: number; steady: boolean } {
  if (times.length === 0 || times.some((t) => !(t > 0) || !Number.isFinite(t))) {
    throw new RangeError(`steadyBest: times must be positive finite numbers, got [${times.join(", ")}]`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const best = sorted[0]!;
  const spread = sorted.length > 1 ? (sorted[1]! - best) / best : Number.POSITIVE_INFINITY;
  return { best, spread, steady: spread <= tol };
}

/**
 * Whether a warm-up has settled: the last `window` batch times are none of them more than `tol`
 * faster than the best before them (tier-up done: calls stopped getting faster).
 */
export function settled(batchTimes: readonly number[], window = 3, tol = 0.05): boolean {
  if (batchTimes.length <= window) return false;
  const before = Math.min(...batchTimes.slice(0, -window));
  return batchTimes.slice(-window).every((t) => t >= before * (1 - tol));
}

export interface PeakOptions {
  /** Milliseconds each timed call runs (default 100). */
  callMs?: number;
  /** Most timed calls per probe before it is reported unsteady (default 15). */
  maxCalls?: number;
}

type Probe = (iters: number, seed: number) => number;

/** Measures the peaks; E_* errors from the compiler or a runtime without relaxed SIMD propagate. */
export async function measurePeaks(opts: PeakOptions = {}): Promise<Peaks> {
  const callMs = opts.callMs ?? 100;
  const maxCalls = opts.maxCalls ?? 15;
  const { default: asc } = await import("assemblyscript/asc");
  const out = await asc.compileString(SOURCE, { optimizeLevel: 3, enable: ["simd", "relaxed-simd"], runtime: "stub" });
  if (out.error || !out.binary) throw new Error(`peak probes: ${out.error?.message ?? "no binary"}\n${out.stderr.toString()}`);
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(new Uint8Array(out.binary)), { env: { abort() {} } });
  const ex = instance.exports as unknown as {
    fma: (iters: number, seed: number, mul: number, add: number) => number;
    dot8: (iters: number, seed: number, w: number) => number;
    dot16: (iters: number, seed: number, w: number) => number;
  };
  // Operands arrive as arguments so that no compiler can fold them into constants.
  const probes: Record<ProbeName, Probe> = {
    fma: (n, s) => ex.fma(n, s, 0.9999, 0.0001),
    dot8: (n, s) => ex.dot8(n, s, 5),
    dot16: (n, s) => ex.dot16(n, s, 5),
  };
  const unsteady: string[] = [];
  const rate = (name: ProbeName) => {
    const f = probes[name];
    // Tier-up: batches of short calls until they stop getting faster (at most about 1 s).
    const batchTimes: number[] = [];
    const warmStart = performance.now();
    while (!settled(batchTimes) && performance.now() - warmStart < 1000) {
      const s = performance.now();
      for (let c = 0; c < 20; c++) f(1 << 11, c);
      batchTimes.push(performance.now() - s);
    }
    // Calls of about callMs each.
    let iters = 1 << 12;
    for (let t = 0; t < callMs / 4; iters *= 2) {
      const s = performance.now();
      f(iters, 1);
      t = performance.now() - s;
    }
    iters = Math.max(1, Math.round((iters * callMs) / Math.max(1e-3, timeOf(f, iters))));
    const times = [timeOf(f, iters), timeOf(f, iters)];
    while (times.length < Math.max(3, maxCalls) && !(times.length >= 3 && steadyBest(times).steady)) times.push(timeOf(f, iters));
    const verdict = steadyBest(times);
    if (!verdict.steady) unsteady.push(`${name} (best two calls ${(100 * verdict.spread).toFixed(0)} % apart)`);
    return +((iters * OPS_PER_ITER[name]) / verdict.best / 1e6).toFixed(1);
  };
  return { fmaGflops: rate("fma"), dot8Gops: rate("dot8"), dot16Gops: rate("dot16"), unsteady };
}

function timeOf(f: Probe, iters: number): number {
  const s = performance.now();
  f(iters, 2);
  return performance.now() - s;
}

/**
 * The verdict on a GEMM figure against the peak: a GEMM that runs above the peak means the peak is
 * wrong (it is what the GEMM's own instructions can reach at best), never that the GEMM beat it.
 */
export function ofPeak(gflops: number, peakGflops: number): { percent: number; yardstickWrong: boolean } {
  const percent = Math.round((100 * gflops) / peakGflops);
  return { percent, yardstickWrong: gflops > peakGflops * 1.02 };
}

// ---- the runtime, the CPU's vector extensions, VNNI ----

/** The x86 vector extensions worth naming, in order (Linux /proc/cpuinfo flag names). */
export const VECTOR_FLAGS = [
  "sse4_1",
  "sse4_2",
  "avx",
  "avx2",
  "fma",
  "f16c",
  "avx512f",
  "avx512bw",
  "avx512vl",
  "avx512_vnni",
  "avx_vnni",
  "avx_vnni_int8",
  "amx_int8",
] as const;

export interface CpuInfo {
  model: string;
  /** The VECTOR_FLAGS this CPU has, cpuinfo names with "_" as "." after sse4 (sse4.1, as people write them). */
  extensions: string[];
  flags: Set<string>;
}

/** Reads a /proc/cpuinfo text (x86 "flags" or arm64 "Features"); an empty one gives no extensions. */
export function parseCpuInfo(text: string): CpuInfo {
  const field = (key: string) => new RegExp(`^${key}\\s*:\\s*(.*)$`, "m").exec(text)?.[1]?.trim();
  const flags = new Set((field("flags") ?? field("Features") ?? "").split(/\s+/).filter(Boolean));
  const model = field("model name") ?? field("Model") ?? field("Hardware") ?? "unknown CPU";
  const extensions = VECTOR_FLAGS.filter((f) => flags.has(f)).map((f) => f.replace(/^sse4_/, "sse4."));
  // arm64: the dot product (sdot) is what V8 lowers the int8 dot to.
  for (const f of ["asimd", "asimddp", "i8mm"]) if (flags.has(f)) extensions.push(f);
  return { model, extensions, flags };
}

/** What this V8 says of the CPU (`node --v8-options` prints its feature line, e.g. "AVX_VNNI=0"). */
export function v8CpuFeatures(v8Options: string): Map<string, boolean> {
  const line = v8Options.split("\n").find((l) => /\bSSE3=\d/.test(l)) ?? "";
  return new Map([...line.matchAll(/\b([A-Z0-9_]+)=([01])\b/g)].map((m) => [m[1]!, m[2] === "1"] as [string, boolean]));
}

export interface VnniVerdict {
  /** Whether this V8 emits vpdpbusd/vpdpbssd for i32x4.relaxed_dot_i8x16_i7x16_add_s here. */
  lowered: boolean | undefined;
  /** Why, in words. */
  reason: string;
}

/**
 * Whether the int8 dot is lowered to VNNI: V8 emits vpdpbusd (vpdpbssd with AVX-VNNI-INT8) only when
 * its CPU probe finds AVX-VNNI (cpuinfo avx_vnni, CPUID 7.1 EAX bit 4), never for AVX512-VNNI alone,
 * and only from the V8 that knows the feature (its --v8-options feature line has AVX_VNNI=; V8 12.4
 * of Node 22 does not, V8 13.6 of Node 24 does). Without a feature line (not Node, not x64), only
 * the CPU is known.
 */
export function vnniLowering(cpu: CpuInfo, v8Features: Map<string, boolean>, v8Version: string): VnniVerdict {
  const has = (f: string) => cpu.flags.has(f);
  const cpuSays = has("avx_vnni")
    ? "CPU has avx_vnni"
    : has("avx512_vnni")
      ? "CPU has avx512_vnni but lacks avx_vnni, and V8 uses only the latter"
      : "CPU lacks avx_vnni";
  if (v8Features.size === 0) {
    if (cpu.flags.size === 0 || !has("avx")) return { lowered: undefined, reason: "unknown (not an x64 CPU, or no V8 feature line to read)" };
    return { lowered: has("avx_vnni") ? undefined : false, reason: `${has("avx_vnni") ? "unknown" : "no"} (${cpuSays}; this runtime's V8 does not say)` };
  }
  if (!v8Features.has("AVX_VNNI")) {
    return { lowered: false, reason: `no (V8 ${v8Version} predates the AVX-VNNI lowering; ${cpuSays})` };
  }
  if (v8Features.get("AVX_VNNI_INT8")) return { lowered: true, reason: "yes (vpdpbssd: V8 found AVX-VNNI-INT8)" };
  if (v8Features.get("AVX_VNNI")) return { lowered: true, reason: "yes (vpdpbusd: V8 found AVX-VNNI)" };
  return { lowered: false, reason: `no (${cpuSays})` };
}

export interface Platform {
  /** e.g. "node v24.22.3, V8 13.6.233.17-node.63". */
  runtime: string;
  cpu: string;
  extensions: string[];
  vnni: VnniVerdict;
}

/** This process's runtime, CPU and int8-dot lowering, read where it can be. */
export function platform(): Platform {
  let info: CpuInfo;
  try {
    info = parseCpuInfo(readFileSync("/proc/cpuinfo", "utf8"));
  } catch {
    info = { model: cpus()[0]?.model ?? "unknown CPU", extensions: [], flags: new Set() };
  }
  const v8 = process.versions.v8 ?? "unknown";
  const isNode = !("Bun" in globalThis) && !("Deno" in globalThis);
  // The V8 of this very binary, asked with this process's flags (--no-enable-avx-vnni shows there).
  const opts = isNode ? spawnSync(process.execPath, [...process.execArgv, "--v8-options"], { encoding: "utf8", timeout: 10_000 }) : undefined;
  const features = opts?.status === 0 ? v8CpuFeatures(opts.stdout) : new Map<string, boolean>();
  const runtime = isNode ? `node ${process.version}, V8 ${v8}` : `${"Bun" in globalThis ? "bun" : "deno"} ${process.version}, engine ${v8}`;
  return { runtime, cpu: info.model, extensions: info.extensions, vnni: vnniLowering(info, features, v8) };
}

/** The peak bench's lines: the platform, the figures, the int8-vs-i16 ratio that VNNI would double. */
export function describePeaks(p: Peaks, pl: Platform): string[] {
  const ratio = p.dot8Gops / p.dot16Gops;
  return [
    `runtime: ${pl.runtime}; CPU: ${pl.cpu}; vector extensions: ${pl.extensions.join(" ") || "none read"}`,
    `int8 dot: VNNI lowering ${pl.vnni.reason}`,
    `128-bit Wasm SIMD, one core: f32 FMA ${p.fmaGflops} GFLOP/s, int8 dot ${p.dot8Gops} GOP/s, i16 dot ${p.dot16Gops} GOP/s` +
      ` (int8/i16 ${ratio.toFixed(2)}×: about 1× without VNNI, where both are bound by the same multiply ports; about 2× with it)`,
    ...(p.unsteady.length ? [`UNSTEADY (busy machine? figures are floors): ${p.unsteady.join(", ")}`] : []),
  ];
}
