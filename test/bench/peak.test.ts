// The peak probe's pure parts (cpuinfo parsing, the VNNI decision, the stability and warm-up rules,
// the yardstick check) on fixed inputs, and one short real run of the probes.
import { describe, expect, it } from "vitest";
import { describePeaks, measurePeaks, ofPeak, parseCpuInfo, settled, steadyBest, v8CpuFeatures, vnniLowering } from "../../bench/peak.js";

// Abridged /proc/cpuinfo texts: the fields the parser reads, as Linux writes them.
const ZEN3 = `processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 25
model\t\t: 1
model name\t: AMD EPYC 7B13 64-Core Processor
flags\t\t: fpu vme sse sse2 ssse3 fma cx16 sse4_1 sse4_2 popcnt aes avx f16c avx2 bmi2 sha_ni vaes
`;
const ALDER_LAKE = `model name\t: 12th Gen Intel(R) Core(TM) i7-12700K
flags\t\t: fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 avx_vnni
`;
const ICE_LAKE_SERVER = `model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz
flags\t\t: sse4_1 sse4_2 avx fma avx2 avx512f avx512bw avx512vl avx512_vnni
`;
const SAPPHIRE_RAPIDS = `model name\t: Intel(R) Xeon(R) Platinum 8488C
flags\t\t: sse4_1 sse4_2 avx fma avx2 avx512f avx512_vnni avx_vnni amx_int8
`;
const GRAVITON3 = `processor\t: 0
BogoMIPS\t: 2100.00
Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics asimddp sve i8mm bf16
`;

// Feature lines as `node --v8-options` prints them first.
const V8_12_4 = "SSE3=1 SSSE3=1 SSE4_1=1 SSE4_2=1 SAHF=1 AVX=1 AVX2=1 FMA3=1 BMI1=1 BMI2=1 LZCNT=1 POPCNT=1 ATOM=0\nThe following syntax...";
const V8_13_6 = (vnni: 0 | 1, int8: 0 | 1 = 0) =>
  `SSE3=1 SSSE3=1 SSE4_1=1 SSE4_2=1 SAHF=1 AVX=1 AVX2=1 AVX_VNNI=${vnni} AVX_VNNI_INT8=${int8} FMA3=1 F16C=1 BMI1=1 BMI2=1 LZCNT=1 POPCNT=1 ATOM=0\nThe following syntax...`;

describe("parseCpuInfo", () => {
  it("names the model and the vector extensions, in order, sse4 written with a dot", () => {
    const c = parseCpuInfo(ZEN3);
    expect(c.model).toBe("AMD EPYC 7B13 64-Core Processor");
    expect(c.extensions).toEqual(["sse4.1", "sse4.2", "avx", "avx2", "fma", "f16c"]);
    expect(parseCpuInfo(SAPPHIRE_RAPIDS).extensions).toEqual(["sse4.1", "sse4.2", "avx", "avx2", "fma", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8"]);
  });
  it("reads an arm64 Features line, and gives nothing (not a guess) for an empty text", () => {
    expect(parseCpuInfo(GRAVITON3).extensions).toEqual(["asimd", "asimddp", "i8mm"]);
    const none = parseCpuInfo("");
    expect(none.model).toBe("unknown CPU");
    expect(none.extensions).toEqual([]);
  });
});

describe("VNNI lowering of i32x4.relaxed_dot_i8x16_i7x16_add_s", () => {
  it("reads V8's feature line; a V8 without AVX_VNNI in it does not know the feature", () => {
    expect(v8CpuFeatures(V8_13_6(0)).get("AVX_VNNI")).toBe(false);
    expect(v8CpuFeatures(V8_13_6(1)).get("AVX_VNNI")).toBe(true);
    expect(v8CpuFeatures(V8_12_4).has("AVX_VNNI")).toBe(false);
    expect(v8CpuFeatures("no such line").size).toBe(0);
  });
  it("no on Zen 3: the CPU lacks avx_vnni (Node 24) and V8 12.4 predates the lowering (Node 22)", () => {
    const v24 = vnniLowering(parseCpuInfo(ZEN3), v8CpuFeatures(V8_13_6(0)), "13.6.233.17");
    expect(v24).toEqual({ lowered: false, reason: "no (CPU lacks avx_vnni)" });
    const v22 = vnniLowering(parseCpuInfo(ZEN3), v8CpuFeatures(V8_12_4), "12.4.254.21");
    expect(v22.lowered).toBe(false);
    expect(v22.reason).toMatch(/V8 12\.4\.254\.21 predates/);
  });
  it("yes with AVX-VNNI under a V8 that has it; no under V8 12.4 on the same CPU", () => {
    expect(vnniLowering(parseCpuInfo(ALDER_LAKE), v8CpuFeatures(V8_13_6(1)), "13.6").reason).toBe("yes (vpdpbusd: V8 found AVX-VNNI)");
    expect(vnniLowering(parseCpuInfo(ALDER_LAKE), v8CpuFeatures(V8_13_6(1, 1)), "13.6").reason).toMatch(/vpdpbssd/);
    const old = vnniLowering(parseCpuInfo(ALDER_LAKE), v8CpuFeatures(V8_12_4), "12.4");
    expect(old).toEqual({ lowered: false, reason: "no (V8 12.4 predates the AVX-VNNI lowering; CPU has avx_vnni)" });
  });
  it("no with AVX512-VNNI alone: V8 keys the lowering on AVX-VNNI only", () => {
    const v = vnniLowering(parseCpuInfo(ICE_LAKE_SERVER), v8CpuFeatures(V8_13_6(0)), "13.6");
    expect(v.lowered).toBe(false);
    expect(v.reason).toMatch(/avx512_vnni but lacks avx_vnni/);
  });
  it("says unknown rather than guessing where V8 is silent and the CPU could", () => {
    expect(vnniLowering(parseCpuInfo(ALDER_LAKE), new Map(), "x").lowered).toBeUndefined();
    expect(vnniLowering(parseCpuInfo(ZEN3), new Map(), "x").lowered).toBe(false);
    expect(vnniLowering(parseCpuInfo(GRAVITON3), new Map(), "x").reason).toMatch(/^unknown/);
  });
});

describe("the probe's stability rules", () => {
  it("steadyBest: the best call counts only when the next best is within 3 %", () => {
    expect(steadyBest([10.4, 10, 10.2])).toEqual({ best: 10, spread: expect.closeTo(0.02, 9), steady: true });
    const lone = steadyBest([10, 12, 13, 12.5]);
    expect(lone.best).toBe(10);
    expect(lone.steady).toBe(false);
    expect(steadyBest([10]).steady).toBe(false);
    expect(() => steadyBest([])).toThrow(RangeError);
    expect(() => steadyBest([1, Number.NaN])).toThrow(/positive finite/);
  });
  it("settled: not while calls still get faster (Liftoff → TurboFan), yes once they stop", () => {
    expect(settled([8, 8, 8])).toBe(false); // too few to tell
    expect(settled([8, 7.9, 2, 2, 2])).toBe(false); // tier-up inside the window
    expect(settled([8, 7.9, 2, 2.05, 2.02, 2.01])).toBe(true);
    expect(settled([8, 2, 2.1, 1.5, 2])).toBe(false); // still improving
  });
  it("ofPeak: a GEMM above the peak flags the yardstick, never reads as 346 %", () => {
    expect(ofPeak(36, 48)).toEqual({ percent: 75, yardstickWrong: false });
    expect(ofPeak(43, 12.4).yardstickWrong).toBe(true);
    expect(ofPeak(48.5, 48).yardstickWrong).toBe(false); // within timing noise of the peak
  });
  it("describePeaks names the runtime, the CPU, the extensions and the VNNI verdict, and flags unsteady probes", () => {
    const pl = {
      runtime: "node v24.22.3, V8 13.6.233.17-node.63",
      cpu: "AMD EPYC",
      extensions: ["avx2", "fma"],
      vnni: { lowered: false, reason: "no (CPU lacks avx_vnni)" },
    };
    const lines = describePeaks({ fmaGflops: 48, dot8Gops: 75, dot16Gops: 76, unsteady: ["fma (best two calls 9 % apart)"] }, pl);
    expect(lines[0]).toBe("runtime: node v24.22.3, V8 13.6.233.17-node.63; CPU: AMD EPYC; vector extensions: avx2 fma");
    expect(lines[1]).toBe("int8 dot: VNNI lowering no (CPU lacks avx_vnni)");
    expect(lines[2]).toMatch(/f32 FMA 48 GFLOP\/s, int8 dot 75 GOP\/s, i16 dot 76 GOP\/s \(int8\/i16 0\.99×/);
    expect(lines[3]).toMatch(/^UNSTEADY .*fma/);
  });
});

// Relaxed SIMD is on in Node 22+ and behind a flag in Node 20, which vitest.config.ts passes there.
describe("the probes, briefly", () => {
  it("measure positive, finite peaks with short calls", async () => {
    const p = await measurePeaks({ callMs: 5, maxCalls: 5 });
    for (const v of [p.fmaGflops, p.dot8Gops, p.dot16Gops]) expect(v).toBeGreaterThan(0.1);
    expect(Array.isArray(p.unsteady)).toBe(true);
  });
});
