// BatchTopK and Matryoshka-BatchTopK training against plain PyTorch with autograd
// (test/fixtures/make_arch_golden.py): from the top-k golden's init and data, on each architecture's
// batch order, the reference trainer's step-1 losses, gradients and parameters, its 20-step
// trajectory with θ, and the Wasm trainer on the same trajectory; and the reference backward by
// finite differences where AuxK fires.
import { beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { parseNpy } from "../../src/io/npy.js";
import type { SaeWeights } from "../../src/core/model.js";
import { trainConfig, type TrainArch } from "../../src/train/config.js";
import { newState, PARAM_NAMES, type ParamName } from "../../src/train/state.js";
import { lossAndGrads, stepRef } from "../../src/train/step.ref.js";
import { WasmTrainer } from "../../src/train/step.wasm.js";
import { loadKernels } from "../../src/kernels/wasm.js";
import { embeddedModule } from "../../src/kernels/wasm-embedded.js";
import { relError } from "../kernels/tester.js";

const FIXTURES = join(process.cwd(), "test", "fixtures");
const load = async (dir: string, name: string) => (await parseNpy(readFileSync(join(FIXTURES, dir, `${name}.npy`)))).data;
const D = 64,
  N = 256,
  K = 8,
  BATCH = 64,
  STEPS = 20;
/** The PyTorch names of the parameters, as the fixtures' files are named. */
const TORCH: Record<ParamName, string> = {
  preBias: "pre_bias",
  encoderWeight: "encoder.weight",
  decoderWeight: "decoder.weight",
  latentBias: "latent_bias",
};
const meta = JSON.parse(readFileSync(join(FIXTURES, "arch", "meta.json"), "utf8")) as Record<string, { widths: number[] }>;

async function weights(dir: string, prefix: string): Promise<SaeWeights> {
  const w = { nInputs: D, nLatents: N } as SaeWeights;
  for (const k of PARAM_NAMES) (w as unknown as Record<string, Float32Array>)[k] = (await load(dir, `${prefix}.${TORCH[k]}`)) as Float32Array;
  return w;
}

describe.each(["batchtopk", "matryoshka"] as const)("%s: reference and Wasm trainers vs PyTorch autograd", (arch: TrainArch) => {
  const dir = join("arch", arch);
  const widths = meta[arch]!.widths;
  const cfg = trainConfig(K, N, { arch, widths, batchSize: BATCH, deadSteps: 5 });
  // losses and θ are float64 in the files; parseNpy reads them as float32 (rounding ~1e-8, far inside the tolerances).
  let data: Float32Array, order: Int32Array, losses: Float32Array, dead: Int32Array, theta: Float32Array;
  let init: SaeWeights, after1: SaeWeights, final: SaeWeights, grads1: SaeWeights;
  beforeAll(async () => {
    data = (await load("training", "data")) as Float32Array;
    init = await weights("training", "init");
    order = (await load(dir, "order")) as Int32Array;
    losses = (await load(dir, "losses")) as Float32Array;
    dead = (await load(dir, "dead")) as Int32Array;
    theta = (await load(dir, "theta")) as Float32Array;
    after1 = await weights(dir, "after1");
    final = await weights(dir, "final");
    grads1 = await weights(dir, "grads1");
    expect([order.length, losses.length, dead.length, theta.length]).toEqual([STEPS * BATCH, STEPS * 3, STEPS, STEPS]);
  });

  const batchAt = (step: number) => {
    const x = new Float32Array(BATCH * D);
    for (let b = 0; b < BATCH; b++) x.set(data.subarray(order[step * BATCH + b]! * D, (order[step * BATCH + b]! + 1) * D), b * D);
    return x;
  };
  const lossErr = (r: { loss: number; mse: number; auxLoss: number }, s: number) =>
    Math.max(Math.abs(r.loss - losses[s * 3]!), Math.abs(r.mse - losses[s * 3 + 1]!), Math.abs(r.auxLoss - losses[s * 3 + 2]!));

  it("the configuration is the fixture's", () => {
    expect(cfg.widths).toEqual(arch === "matryoshka" ? [16, 64, 256] : []);
    expect(cfg.thresholdRate).toBe(0.01);
    expect(cfg.kAux).toBe(2 * K);
  });

  it("step 1: losses within 1e-5, gradients (before projection and clip) within 1e-5 relative, parameters within 1e-4 relative, θ", () => {
    const state = newState(init);
    const g = lossAndGrads(state.params, cfg, state.sinceActive, batchAt(0), BATCH);
    expect(lossErr(g, 0)).toBeLessThan(1e-5);
    expect(g.dead).toBe(dead[0]);
    const gradErrs: Record<string, number> = {};
    for (const k of PARAM_NAMES) gradErrs[k] = relError(grads1[k], g.grads[k]);
    const r = stepRef(state, cfg, batchAt(0), BATCH);
    expect(lossErr(r, 0)).toBeLessThan(1e-5);
    expect(state.step).toBe(1);
    // θ after the first step is that step's smallest positive selected value (not an EMA from 0).
    expect(Math.abs(state.threshold - theta[0]!)).toBeLessThan(1e-6);
    const paramErrs: Record<string, number> = {};
    for (const k of PARAM_NAMES) paramErrs[k] = relError(state.params[k], after1[k]);
    console.log(`${arch} step 1 vs PyTorch: gradients ${JSON.stringify(gradErrs)}, parameters ${JSON.stringify(paramErrs)}`);
    for (const e of Object.values(gradErrs)) expect(e).toBeLessThan(1e-5);
    for (const e of Object.values(paramErrs)) expect(e).toBeLessThan(1e-4);
  });

  it("20 steps of the reference trainer: losses within 1e-5, dead counts equal, θ within 1e-5, parameters within 1e-4 relative", () => {
    const state = newState(init);
    let maxLossErr = 0,
      maxThetaErr = 0;
    for (let s = 0; s < STEPS; s++) {
      const r = stepRef(state, cfg, batchAt(s), BATCH);
      maxLossErr = Math.max(maxLossErr, lossErr(r, s));
      maxThetaErr = Math.max(maxThetaErr, Math.abs(state.threshold - theta[s]!));
      expect(r.dead, `step ${s + 1}`).toBe(dead[s]);
    }
    expect(dead.some((c) => c > 0)).toBe(true);
    const errs: Record<string, number> = {};
    for (const k of PARAM_NAMES) errs[k] = relError(state.params[k], final[k]);
    console.log(
      `${arch} reference trainer vs PyTorch after ${STEPS} steps: max relative error ${JSON.stringify(errs)}, max loss error ${maxLossErr.toExponential(2)}, max θ error ${maxThetaErr.toExponential(2)}`,
    );
    expect(maxLossErr).toBeLessThan(1e-5);
    expect(maxThetaErr).toBeLessThan(1e-5);
    for (const e of Object.values(errs)) expect(e).toBeLessThan(1e-4);
  });

  it("20 steps of the Wasm trainer: losses within 1e-5, dead counts equal, θ within 1e-5, parameters within 1e-4 relative of PyTorch's and of the reference", async () => {
    const kern = await loadKernels("simd", embeddedModule("simd"));
    const state = newState(init),
      ref = newState(init);
    const trainer = WasmTrainer.create(kern, state, cfg);
    let maxLossErr = 0,
      maxThetaErr = 0;
    try {
      for (let s = 0; s < STEPS; s++) {
        const r = await trainer.step(batchAt(s), BATCH);
        stepRef(ref, cfg, batchAt(s), BATCH);
        // θ is read after sync(), whether the trainer keeps it in the state as it goes or copies it out there.
        trainer.sync();
        maxLossErr = Math.max(maxLossErr, lossErr(r, s));
        maxThetaErr = Math.max(maxThetaErr, Math.abs(state.threshold - theta[s]!));
        expect(r.dead, `step ${s + 1}`).toBe(dead[s]);
      }
    } finally {
      trainer.dispose();
    }
    expect(maxLossErr).toBeLessThan(1e-5);
    expect(maxThetaErr).toBeLessThan(1e-5);
    expect(Math.abs(state.threshold - ref.threshold)).toBeLessThan(1e-6);
    const errs: Record<string, number> = {};
    for (const k of PARAM_NAMES) {
      errs[k] = relError(state.params[k], final[k]);
      expect(relError(state.params[k], ref.params[k])).toBeLessThan(1e-4);
    }
    console.log(
      `${arch} Wasm trainer vs PyTorch after ${STEPS} steps: max relative error ${JSON.stringify(errs)}, max loss error ${maxLossErr.toExponential(2)}, max θ error ${maxThetaErr.toExponential(2)}`,
    );
    for (const e of Object.values(errs)) expect(e).toBeLessThan(1e-4);
  });

  it("the reference backward matches finite differences of its loss where AuxK fires", () => {
    const state = newState(init);
    for (let s = 0; s < 9; s++) stepRef(state, cfg, batchAt(s), BATCH);
    const x = batchAt(9);
    // float64 parameters, and the AuxK target held at its value (as the detach holds it).
    const q = state.params;
    const p = {
      ...q,
      preBias: Float64Array.from(q.preBias),
      encoderWeight: Float64Array.from(q.encoderWeight),
      latentBias: Float64Array.from(q.latentBias),
      decoderWeight: Float64Array.from(q.decoderWeight),
    };
    const base = lossAndGrads(p, cfg, state.sinceActive, x, BATCH);
    expect(base.dead).toBe(dead[9]);
    expect(base.dead).toBeGreaterThan(0);
    // A dead latent's bias is reached only through AuxK: some must have a gradient.
    const deadWithGrad = Array.from(base.after.keys()).filter((i) => base.after[i]! > cfg.deadSteps && base.grads.latentBias[i] !== 0);
    expect(deadWithGrad.length).toBeGreaterThan(0);
    let checked = 0;
    for (const name of PARAM_NAMES) {
      const arr = p[name],
        g = base.grads[name];
      // The largest gradients, and the dead latents' biases (AuxK only).
      const idx = Array.from(g.keys())
        .sort((a, b) => Math.abs(g[b]!) - Math.abs(g[a]!))
        .slice(0, 6);
      if (name === "latentBias") idx.push(...deadWithGrad);
      for (const i of idx) {
        const h = 1e-6;
        const keep = arr[i]!;
        arr[i] = keep + h;
        const up = lossAndGrads(p, cfg, state.sinceActive, x, BATCH, base.residual).loss;
        arr[i] = keep - h;
        const down = lossAndGrads(p, cfg, state.sinceActive, x, BATCH, base.residual).loss;
        arr[i] = keep;
        const fd = (up - down) / (2 * h);
        expect(Math.abs(fd - g[i]!), `${name}[${i}]: finite difference ${fd} vs backward ${g[i]}`).toBeLessThan(1e-5 * Math.abs(g[i]!) + 1e-9);
        checked++;
      }
    }
    expect(checked).toBe(24 + deadWithGrad.length);
  });
});
