// The ways of running the release's training step, behind one interface: the dense reference,
// the Wasm trainer on this thread, its phases in a pool of workers over one shared memory, a
// single worker with its own copy (no shared memory), and the WebGPU trainer, which falls back
// to one of the others when its device is lost. The run (train.ts) keeps the cursor and the
// checkpoints; a trainer keeps the weights where it computes and brings them to `state` in sync().
import { transfer } from "comlink";
import { isSaeError, SaeError } from "../core/errors.js";
import type { GpuAdapterSummary, GpuLike } from "../gpu/types.js";
import { loadKernels } from "../kernels/wasm.js";
import { detectIsa, embeddedModule, sharedModuleValid } from "../kernels/wasm-embedded.js";
import { caps } from "../runtime/detect.js";
import { cores } from "../runtime/workers.js";
import { WorkerPool } from "../worker/pool.js";
import { unwrap } from "../worker/protocol.js";
import { WORKER_CODE } from "../worker/worker-code.js";
import type { TrainConfig } from "./config.js";
import type { TrainApi, TrainWorkerInit } from "./protocol.js";
import { PARAM_NAMES, type TrainState } from "./state.js";
import type { StepLosses } from "./step.ref.js";
import { stepRef, updateThreshold } from "./step.ref.js";
import { GpuTrainer } from "./step.gpu.js";
import { type RunStage, WasmTrainer } from "./step.wasm.js";

/** Where a batch sits in a run: its epoch and its index in that epoch. */
export interface Cursor {
  epoch: number;
  batch: number;
}

export interface Trainer {
  /** What computes the step now (after a GPU loss, the trainer that took over). */
  readonly kind: "gpu" | "wasm" | "ref";
  /** One optimiser step on the batch x (at position `at` of the run); `state.step` advances. */
  step(x: Float32Array, at: Cursor): Promise<StepLosses>;
  /** Brings the run's `state` up to date with wherever this trainer keeps the weights. */
  sync(): Promise<void>;
  dispose(): Promise<void>;
}

/** The dense float64 reference, on this thread. */
export class RefTrainer implements Trainer {
  readonly kind = "ref";
  constructor(
    private readonly state: TrainState,
    private readonly cfg: TrainConfig,
  ) {}
  async step(x: Float32Array): Promise<StepLosses> {
    return stepRef(this.state, this.cfg, x, this.cfg.batchSize);
  }
  async sync(): Promise<void> {}
  async dispose(): Promise<void> {}
}

/** The Wasm trainer on this thread (workers: 0, or a runtime without workers). */
export class InThreadTrainer implements Trainer {
  readonly kind = "wasm";
  constructor(
    private readonly fast: WasmTrainer,
    private readonly cfg: TrainConfig,
  ) {}
  static async create(state: TrainState, cfg: TrainConfig, wasm?: WebAssembly.Module): Promise<InThreadTrainer> {
    return new InThreadTrainer(WasmTrainer.create(await loadKernels("simd", wasm ?? embeddedModule("simd")), state, cfg), cfg);
  }
  async step(x: Float32Array): Promise<StepLosses> {
    return this.fast.step(x, this.cfg.batchSize);
  }
  async sync(): Promise<void> {
    this.fast.sync();
  }
  async dispose(): Promise<void> {
    this.fast.dispose();
  }
}

/**
 * The Wasm trainer's buffers in one shared memory, owned here; the workers attach to them and each
 * stage of a step runs as one share per worker (share w in encode scratch w), the parts that need
 * the whole batch here between stages.
 */
export class SharedPoolTrainer implements Trainer {
  readonly kind = "wasm";
  constructor(
    private readonly fast: WasmTrainer,
    private readonly pool: WorkerPool<TrainApi, TrainWorkerInit>,
    private readonly state: TrainState,
    private readonly cfg: TrainConfig,
  ) {}
  async step(x: Float32Array): Promise<StepLosses> {
    const { state, pool } = this;
    const parts = pool.size;
    const run: RunStage = async (stage, args) => {
      await Promise.all(Array.from({ length: parts }, (_, w) => pool.run(async (api) => unwrap(await api.trainStage(stage, w, parts, args)))));
    };
    const r = await this.fast.stepWith(x, state.sinceActive, state.step, run);
    state.sinceActive.set(r.after);
    if (this.cfg.arch !== "topk") state.threshold = updateThreshold(state.threshold, state.step, r.minSelected, this.cfg.thresholdRate);
    state.step++;
    return r.losses;
  }
  async sync(): Promise<void> {
    this.fast.sync();
  }
  async dispose(): Promise<void> {
    await this.pool.dispose();
    this.fast.dispose();
  }
}

/** One worker that trains alone on its own copy of the state (no shared memory here). */
export class SoloPoolTrainer implements Trainer {
  readonly kind = "wasm";
  constructor(
    private readonly pool: WorkerPool<TrainApi, TrainWorkerInit>,
    private readonly state: TrainState,
    private readonly cfg: TrainConfig,
  ) {}
  async step(x: Float32Array): Promise<StepLosses> {
    const copy = x.slice(0, this.cfg.batchSize * this.state.nInputs);
    const losses = await this.pool.run(async (api) => unwrap(await api.trainStep(transfer(copy, [copy.buffer]))));
    this.state.step++;
    return losses;
  }
  async sync(): Promise<void> {
    const s = await this.pool.run(async (api) => unwrap(await api.trainState()));
    for (const name of PARAM_NAMES) {
      this.state.params[name].set(s.params[name]);
      this.state.m[name].set(s.m[name]);
      this.state.v[name].set(s.v[name]);
    }
    this.state.sinceActive.set(s.sinceActive);
    this.state.step = s.step;
    this.state.threshold = s.threshold;
  }
  async dispose(): Promise<void> {
    await this.pool.dispose();
  }
}

/** Where a GPU run's batches since the last read-back can be found again: by position, or a copy. */
type Replay = { at: Cursor } | { x: Float32Array };

/** Batch copies a GPU run keeps for a replay before it reads the state back to drop them. */
const REPLAY_BYTES = 256 << 20;

/**
 * The WebGPU trainer, and what happens when its device is lost: it says so once (onWarning), moves to the
 * Wasm trainer (the reference where Wasm SIMD is missing) from the state last read back, replays
 * the batches since, and carries on there. To replay, it keeps each batch's position (`again`
 * reads it back) or, for a stream, a copy, reading the state back past REPLAY_BYTES of copies.
 */
export class GpuFallbackTrainer implements Trainer {
  private fallback: Trainer | undefined;
  private syncedStep: number;
  private replay: Replay[] = [];
  private replayBytes = 0;

  constructor(
    private readonly gpu: GpuTrainer,
    private readonly state: TrainState,
    private readonly cfg: TrainConfig,
    private readonly wasm: WebAssembly.Module | undefined,
    /** Reads the batch at a position again (data in memory or a file; a stream cannot). */
    private readonly again: ((at: Cursor) => Promise<Float32Array>) | undefined,
    private readonly onWarning: ((message: string) => void) | undefined,
  ) {
    this.syncedStep = state.step;
  }

  get kind(): "gpu" | "wasm" | "ref" {
    return this.fallback?.kind ?? "gpu";
  }

  async step(x: Float32Array, at: Cursor): Promise<StepLosses> {
    if (this.fallback) return this.fallback.step(x, at);
    const losses = await this.onGpu(
      () => this.gpu.step(x),
      () => this.fallback!.step(x, at),
    );
    if (!this.fallback) await this.remember(x, at);
    return losses;
  }

  async sync(): Promise<void> {
    if (this.fallback) return this.fallback.sync();
    await this.onGpu(
      async () => {
        await this.gpu.sync();
        this.syncedStep = this.state.step;
        this.replay = [];
        this.replayBytes = 0;
      },
      () => this.fallback!.sync(),
    );
  }

  async dispose(): Promise<void> {
    this.gpu.dispose();
    await this.fallback?.dispose();
  }

  /** `f` on the device; on its loss, the fallback takes over and `instead` runs there. */
  private async onGpu<T>(f: () => Promise<T>, instead: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (!isSaeError(e, "E_GPU_LOST")) throw e;
    }
    const wasm = Boolean(detectIsa() || this.wasm);
    this.onWarning?.(
      `the GPU device was lost during training (${this.gpu.lost ?? "unknown reason"}); continuing on the ${wasm ? "Wasm" : "reference"} trainer from step ${this.syncedStep}, replaying ${this.replay.length} batch(es)`,
    );
    this.gpu.dispose();
    this.state.step = this.syncedStep;
    const fallback: Trainer = wasm ? await InThreadTrainer.create(this.state, this.cfg, this.wasm) : new RefTrainer(this.state, this.cfg);
    for (const r of this.replay) await fallback.step("x" in r ? r.x : await this.again!(r.at), "at" in r ? r.at : { epoch: 0, batch: 0 });
    this.replay = [];
    this.fallback = fallback;
    return instead();
  }

  private async remember(x: Float32Array, at: Cursor): Promise<void> {
    if (this.again) {
      this.replay.push({ at });
      return;
    }
    this.replay.push({ x: x.slice(0, this.cfg.batchSize * this.state.nInputs) });
    this.replayBytes += this.cfg.batchSize * this.state.nInputs * 4;
    if (this.replayBytes > REPLAY_BYTES) await this.sync();
  }
}

/**
 * The trainer the options ask for: 'gpu' (any adapter, else E_NO_GPU), 'auto' (a hardware WebGPU
 * adapter where one is offered, else Wasm, else the reference), 'wasm' or 'ref'; Wasm runs in one
 * worker per core over a shared memory where the runtime allows, in one worker with its own copy
 * where it does not, or on this thread (workers: 0).
 */
export async function openTrainer(
  state: TrainState,
  cfg: TrainConfig,
  options: TrainOptionsForTrainer,
  again: ((at: Cursor) => Promise<Float32Array>) | undefined,
): Promise<{ trainer: Trainer; gpuAdapter?: GpuAdapterSummary }> {
  const asked = options.trainer ?? "auto";
  if (!["auto", "gpu", "wasm", "ref"].includes(asked))
    throw new SaeError("E_ARG", `train: trainer must be 'auto', 'gpu', 'wasm' or 'ref', got '${String(asked)}'`);
  // The WGSL step is the release's per-row top-k; 'auto' takes Wasm for the batch-wide archs.
  if (asked === "gpu" && cfg.arch !== "topk")
    throw new SaeError("E_ARG", `train: the WebGPU trainer trains top-k only; use --trainer wasm for batchtopk/matryoshka (arch '${cfg.arch}')`);
  if (cfg.arch === "topk" && (asked === "gpu" || (asked === "auto" && (options.gpu || caps().webgpu)))) {
    const gpu = await GpuTrainer.create(state, cfg, { gpu: options.gpu, required: asked === "gpu" });
    if (gpu) return { trainer: new GpuFallbackTrainer(gpu, state, cfg, options.wasm, again, options.onWarning), gpuAdapter: gpu.adapter };
  }
  // 'auto' without Wasm SIMD takes the reference; 'wasm' by name then fails with E_NO_SIMD.
  const kind = asked === "ref" || (asked === "auto" && !(options.wasm || detectIsa())) ? "ref" : "wasm";
  const want = options.workers ?? "auto";
  if (want !== "auto" && (!Number.isInteger(want) || want < 0))
    throw new SaeError("E_ARG", `train: workers must be 'auto', 0 or a positive integer, got ${String(want)}`);
  if (kind === "ref") return { trainer: new RefTrainer(state, cfg) };
  const count = options.wasm || !caps().workers ? 0 : want === "auto" ? await cores() : want;
  if (count === 0) return { trainer: await InThreadTrainer.create(state, cfg, options.wasm) };
  if (!(options.share !== false && caps().sharedMemory && sharedModuleValid("simd"))) {
    // No shared memory: one worker trains on its own copy, so the caller's thread still never computes.
    const pool = await WorkerPool.start<TrainApi, TrainWorkerInit>(WORKER_CODE, [{ mode: "train-private", module: embeddedModule("simd"), state, cfg }]);
    return { trainer: new SoloPoolTrainer(pool, state, cfg) };
  }
  // The trainer's buffers in one shared memory; workers attach and run the phases.
  const module = embeddedModule("simd", true);
  const memory = new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true });
  const fast = WasmTrainer.create(await loadKernels("simd", module, { memory, attached: false }), state, cfg, count);
  const inits: TrainWorkerInit[] = Array.from({ length: count }, () => ({ mode: "train" as const, module, memory, layout: fast.layout() }));
  try {
    return { trainer: new SharedPoolTrainer(fast, await WorkerPool.start<TrainApi, TrainWorkerInit>(WORKER_CODE, inits), state, cfg) };
  } catch (e) {
    fast.dispose();
    throw e;
  }
}

/** The options openTrainer reads (TrainOptions' trainer part). */
export interface TrainOptionsForTrainer {
  trainer?: "auto" | "gpu" | "wasm" | "ref";
  gpu?: GpuLike;
  workers?: "auto" | number;
  wasm?: WebAssembly.Module;
  share?: boolean;
  onWarning?: (message: string) => void;
}
