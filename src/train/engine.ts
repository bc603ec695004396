// The worker side of training: a WasmTrainer attached to the main thread's shared memory (shares
// of a step's stages run on any worker), or a private trainer with its own copy of the state.
import { SaeError } from "../core/errors.js";
import { loadKernels } from "../kernels/wasm.js";
import { reply } from "../worker/protocol.js";
import type { TrainConfig } from "./config.js";
import type { TrainApi } from "./protocol.js";
import type { TrainState } from "./state.js";
import { TrainerPhases, WasmTrainer } from "./step.wasm.js";

export function createTrainEngine(): TrainApi {
  let trainer: TrainerPhases | undefined;
  let own: { trainer: WasmTrainer; state: TrainState; cfg: TrainConfig } | undefined;
  const attached = () => {
    if (!trainer) throw new SaeError("E_WORKER", "worker not initialised for training");
    return trainer;
  };
  const privately = () => {
    if (!own) throw new SaeError("E_WORKER", "worker not initialised for training");
    return own;
  };
  return {
    init: (init) =>
      reply(async () => {
        if (init.mode === "train") trainer = TrainerPhases.attach(await loadKernels("simd", init.module, { memory: init.memory, attached: true }), init.layout);
        else own = { trainer: WasmTrainer.create(await loadKernels("simd", init.module), init.state, init.cfg), state: init.state, cfg: init.cfg };
        return "trainer";
      }),
    trainStage: (stage, part, parts, args) =>
      reply(() => {
        attached().stage(stage, part, parts, args);
        return null;
      }),
    trainStep: (x) =>
      reply(() => {
        const o = privately();
        return o.trainer.step(x, o.cfg.batchSize);
      }),
    trainState: () =>
      reply(() => {
        const o = privately();
        o.trainer.sync();
        return o.state;
      }),
  };
}
