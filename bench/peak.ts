// The 128-bit Wasm SIMD peaks of one core in this runtime, the yardstick for the encode bench:
// loops of twelve independent accumulator chains with no memory traffic, compiled here with
// AssemblyScript (a dev dependency), timed for about 0.2 s each, best of five.
// f32 FMA (relaxed madd: the CPU's 128-bit peak; the plain-SIMD module, without FMA, is held to it
// too), the int8 dot product (i32x4.relaxed_dot_i8x16_i7x16_add_s, 16 multiply-adds) and the
// plain-SIMD i16 one (i32x4.dot_i16x8_s + add, 8): what integer kernels could gain at best.

const CHAINS = 12;

function probe(name: string, init: string, op: (acc: string) => string, fold: string): string {
  const accs = Array.from({ length: CHAINS }, (_, j) => `a${j}`);
  return `export function ${name}(iters: i32, seed: i32): i32 {
  ${init}
  ${accs.map((a, j) => `let ${a} = i32x4.splat(seed + ${j});`).join("\n  ")}
  for (let i = 0; i < iters; i++) {
    ${accs.map((a) => `${a} = ${op(a)};`).join("\n    ")}
  }
  return ${accs.map((a) => fold.replaceAll("ACC", a)).join(" + ")};
}`;
}

const SOURCE = [
  probe("fma", "const m = f32x4.splat(0.9999); const c = f32x4.splat(0.0001);", (a) => `f32x4.relaxed_madd(${a}, m, c)`, "i32x4.extract_lane(ACC, 0)"),
  probe(
    "dot8",
    "const x = i8x16.splat(<i8>(seed - 3)); const y = i8x16.splat(<i8>(seed + 5));",
    (a) => `i32x4.relaxed_dot_i8x16_i7x16_add_s(x, y, ${a})`,
    "i32x4.extract_lane(ACC, 0)",
  ),
  probe(
    "dot16",
    "const x = i16x8.splat(<i16>(seed - 3)); const y = i16x8.splat(<i16>(seed + 5));",
    (a) => `i32x4.add(${a}, i32x4.dot_i16x8_s(x, y))`,
    "i32x4.extract_lane(ACC, 0)",
  ),
].join("\n\n");

/** Operations one iteration of a probe performs (a multiply-add counts 2). */
const OPS_PER_ITER = { fma: CHAINS * 4 * 2, dot8: CHAINS * 16 * 2, dot16: CHAINS * 8 * 2 } as const;

export interface Peaks {
  /** f32 GFLOP/s with fused multiply-add (relaxed SIMD). */
  fmaGflops: number;
  /** int8 dot products, giga multiply-adds × 2 per second (relaxed SIMD). */
  dot8Gops: number;
  /** i16 dot products then adds, × 2 per second (plain SIMD). */
  dot16Gops: number;
}

/**
 * Measures the peaks: calls grown to about `callMs` each, the best of `best` (--smoke: 5 ms, one);
 * E_* errors from the compiler or a runtime without relaxed SIMD propagate.
 */
export async function measurePeaks({ callMs = 200, best: rounds = 5 }: { callMs?: number; best?: number } = {}): Promise<Peaks> {
  const { default: asc } = await import("assemblyscript/asc");
  const out = await asc.compileString(SOURCE, { optimizeLevel: 3, enable: ["simd", "relaxed-simd"], runtime: "stub" });
  if (out.error || !out.binary) throw new Error(`peak probes: ${out.error?.message ?? "no binary"}\n${out.stderr.toString()}`);
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(new Uint8Array(out.binary)), { env: { abort() {} } });
  const ex = instance.exports as Record<keyof typeof OPS_PER_ITER, (iters: number, seed: number) => number>;
  const rate = (name: keyof typeof OPS_PER_ITER) => {
    const f = ex[name];
    let iters = 1 << 16;
    f(iters, 1);
    // Grow to about callMs per call, then the best of `rounds`.
    for (let t = 0; t < callMs; iters *= 2) {
      const s = performance.now();
      f(iters, 1);
      t = performance.now() - s;
      if (t >= callMs) break;
    }
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < rounds; i++) {
      const s = performance.now();
      f(iters, 2);
      best = Math.min(best, performance.now() - s);
    }
    return +((iters * OPS_PER_ITER[name]) / best / 1e6).toFixed(1);
  };
  return { fmaGflops: rate("fma"), dot8Gops: rate("dot8"), dot16Gops: rate("dot16") };
}
