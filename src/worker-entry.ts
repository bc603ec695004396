// The worker script's entry point: bundled by scripts/build.mjs into a self-contained script that
// the pool starts from a string (no file system, no separate URL to serve). One script serves both
// concerns, inference and training; its init message says which a worker runs.
import { expose } from "comlink";
import { parentEndpoint } from "./runtime/workers.js";
import { createEngine } from "./worker/engine.js";
import type { EngineInit } from "./worker/protocol.js";
import { createTrainEngine } from "./train/engine.js";
import type { TrainWorkerInit } from "./train/protocol.js";

const inference = createEngine(),
  training = createTrainEngine();
const isTraining = (init: EngineInit | TrainWorkerInit): init is TrainWorkerInit => init.mode === "train" || init.mode === "train-private";

void parentEndpoint().then((ep) =>
  expose(
    {
      ...inference,
      ...training,
      init: (init: EngineInit | TrainWorkerInit) => (isTraining(init) ? training.init(init) : inference.init(init)),
    },
    ep,
  ),
);
