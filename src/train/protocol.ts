// The training side of the thread contract: how a training worker starts, and the phases of a
// step it runs (see WasmTrainer). The generic parts (replies, init) are the worker layer's.
import type { Reply, WorkerApi } from "../worker/protocol.js";
import type { TrainConfig } from "./config.js";
import type { TrainState } from "./state.js";
import type { StepLosses } from "./step.ref.js";
import type { Stage, TrainerLayout } from "./step.wasm.js";

/** A training worker: attaches to the trainer's buffers in the main thread's shared memory. */
export interface TrainInit {
  readonly mode: "train";
  readonly module: Uint8Array;
  readonly memory: WebAssembly.Memory;
  readonly layout: TrainerLayout;
}

/** A training worker with its own trainer and copy of the state (runtimes without SharedArrayBuffer). */
export interface TrainPrivateInit {
  readonly mode: "train-private";
  readonly module: Uint8Array;
  readonly state: TrainState;
  readonly cfg: TrainConfig;
}

export type TrainWorkerInit = TrainInit | TrainPrivateInit;

/** What a training worker exposes through Comlink. */
export interface TrainApi extends WorkerApi<TrainWorkerInit> {
  /** Share `part` of `parts` of one stage of a step (see TrainerPhases.stage); any worker may run any share. */
  trainStage(stage: Stage, part: number, parts: number, args: readonly number[]): Promise<Reply<null>>;
  /** A whole step on a private trainer, and its state (for checkpoints and the result). */
  trainStep(x: Float32Array): Promise<Reply<StepLosses>>;
  trainState(): Promise<Reply<TrainState>>;
}
