// The reference trainer against real PyTorch (test/fixtures/make_training_golden.py): 20 steps of
// the release's loop from the same init on the same batches; and its backward by finite differences.
import { beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { parseNpy } from "../../src/io/npy.js";
import type { SaeWeights } from "../../src/core/model.js";
import { trainConfig } from "../../src/train/config.js";
import { newState } from "../../src/train/state.js";
import { lossAndGrads, stepRef } from "../../src/train/step.ref.js";
import { WasmTrainer } from "../../src/train/step.wasm.js";
import { loadKernels } from "../../src/kernels/wasm.js";
import { embeddedModule } from "../../src/kernels/wasm-embedded.js";
import { relError } from "../kernels/tester.js";

const DIR = join(process.cwd(), "test", "fixtures", "training");
const load = async (name: string) => (await parseNpy(readFileSync(join(DIR, `${name}.npy`)))).data;
const D = 64,
  N = 256,
  K = 8,
  BATCH = 64,
  STEPS = 20;
const cfg = trainConfig(K, N, { batchSize: BATCH, deadSteps: 5 });

async function weights(prefix: "init" | "final"): Promise<SaeWeights> {
  return {
    nInputs: D,
    nLatents: N,
    preBias: (await load(`${prefix}.pre_bias`)) as Float32Array,
    encoderWeight: (await load(`${prefix}.encoder.weight`)) as Float32Array,
    latentBias: (await load(`${prefix}.latent_bias`)) as Float32Array,
    decoderWeight: (await load(`${prefix}.decoder.weight`)) as Float32Array,
  };
}

describe("reference trainer vs PyTorch, 20 steps", () => {
  let data: Float32Array, order: Int32Array, losses: Float32Array, dead: Int32Array, init: SaeWeights, final: SaeWeights;
  beforeAll(async () => {
    data = (await load("data")) as Float32Array;
    order = (await load("order")) as Int32Array;
    losses = (await load("losses")) as Float32Array;
    dead = (await load("dead")) as Int32Array;
    init = await weights("init");
    final = await weights("final");
  });

  const batchAt = (step: number) => {
    const x = new Float32Array(BATCH * D);
    for (let b = 0; b < BATCH; b++) x.set(data.subarray(order[step * BATCH + b]! * D, (order[step * BATCH + b]! + 1) * D), b * D);
    return x;
  };

  it("per-step losses within 1e-5, dead counts equal, parameters within 1e-4 relative", () => {
    const state = newState(init);
    let maxLossErr = 0;
    for (let s = 0; s < STEPS; s++) {
      const r = stepRef(state, cfg, batchAt(s), BATCH);
      maxLossErr = Math.max(maxLossErr, Math.abs(r.loss - losses[s * 3]!), Math.abs(r.mse - losses[s * 3 + 1]!), Math.abs(r.auxLoss - losses[s * 3 + 2]!));
      expect(r.dead).toBe(dead[s]);
    }
    expect(maxLossErr).toBeLessThan(1e-5);
    const errs = {
      preBias: relError(state.params.preBias, final.preBias),
      encoderWeight: relError(state.params.encoderWeight, final.encoderWeight),
      latentBias: relError(state.params.latentBias, final.latentBias),
      decoderWeight: relError(state.params.decoderWeight, final.decoderWeight),
    };
    console.log(`reference trainer vs PyTorch after ${STEPS} steps: max relative error ${JSON.stringify(errs)}, max loss error ${maxLossErr.toExponential(2)}`);
    for (const e of Object.values(errs)) expect(e).toBeLessThan(1e-4);
  });

  it("the Wasm trainer: per-step losses within 1e-5, parameters within 1e-4 relative of PyTorch's and close to the reference", async () => {
    const kern = await loadKernels("simd", embeddedModule("simd"));
    const state = newState(init),
      ref = newState(init);
    const trainer = WasmTrainer.create(kern, state, cfg);
    let maxLossErr = 0;
    for (let s = 0; s < STEPS; s++) {
      const r = await trainer.step(batchAt(s), BATCH);
      stepRef(ref, cfg, batchAt(s), BATCH);
      maxLossErr = Math.max(maxLossErr, Math.abs(r.loss - losses[s * 3]!), Math.abs(r.mse - losses[s * 3 + 1]!), Math.abs(r.auxLoss - losses[s * 3 + 2]!));
      expect(r.dead).toBe(dead[s]);
    }
    trainer.sync();
    trainer.dispose();
    expect(maxLossErr).toBeLessThan(1e-5);
    const errs: Record<string, number> = {};
    for (const k of ["preBias", "encoderWeight", "latentBias", "decoderWeight"] as const) {
      errs[k] = relError(state.params[k], final[k]);
      expect(relError(state.params[k], ref.params[k])).toBeLessThan(1e-4);
    }
    console.log(`Wasm trainer vs PyTorch after ${STEPS} steps: max relative error ${JSON.stringify(errs)}, max loss error ${maxLossErr.toExponential(2)}`);
    for (const e of Object.values(errs)) expect(e).toBeLessThan(1e-4);
  });

  it("the reference backward matches finite differences of its loss", () => {
    // A state where latents have died, so that the AuxK term has gradients too.
    const state = newState(init);
    for (let s = 0; s < 9; s++) stepRef(state, cfg, batchAt(s), BATCH);
    const x = batchAt(9);
    // In float64, so that steps small enough never to flip a top-k selection still resolve; the
    // AuxK target is held at its value, as the detach in the release's loss holds it.
    const q = state.params;
    const p = {
      ...q,
      preBias: Float64Array.from(q.preBias),
      encoderWeight: Float64Array.from(q.encoderWeight),
      latentBias: Float64Array.from(q.latentBias),
      decoderWeight: Float64Array.from(q.decoderWeight),
    };
    const base = lossAndGrads(p, cfg, state.sinceActive, x, BATCH);
    expect(base.dead).toBeGreaterThan(0);
    const probes: [keyof typeof base.grads, Float64Array][] = [
      ["preBias", p.preBias],
      ["encoderWeight", p.encoderWeight],
      ["decoderWeight", p.decoderWeight],
      ["latentBias", p.latentBias],
    ];
    let checked = 0;
    for (const [name, arr] of probes) {
      const g = base.grads[name];
      const idx = Array.from(g.keys())
        .sort((a, b) => Math.abs(g[b]!) - Math.abs(g[a]!))
        .slice(0, 6);
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
    expect(checked).toBe(24);
  });
});
