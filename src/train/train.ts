// train(): the release's procedure (SPEC §3) over a data set: seeded init, an epoch-seeded shuffle,
// batches of batchSize rows, checkpoints written atomically with the optimiser state, exact resume.
import { SaeError } from "../core/errors.js";
import type { SaeWeights } from "../core/model.js";
import { checkFinite } from "../core/shapes.js";
import { trainConfig, type TrainConfig } from "./config.js";
import { initWeights, rng } from "./init.js";
import { newState, PARAM_NAMES, type TrainState } from "./state.js";
import { stepRef, type StepLosses } from "./step.ref.js";
import { WasmTrainer } from "./step.wasm.js";
import { loadKernels } from "../kernels/wasm.js";
import { detectIsa, embeddedModule } from "../kernels/wasm-embedded.js";
import { writeSafetensors, openSafetensors } from "../io/safetensors.js";
import { openSource, type SaeSource } from "../io/source.js";
import { writeFileAtomic } from "../runtime/fs.js";

/** Embeddings in memory, [rows, nInputs] row-major. */
export interface TrainData {
  readonly x: Float32Array;
  readonly rows: number;
  readonly nInputs: number;
}

export interface TrainProgress extends StepLosses {
  step: number;
  epoch: number;
  /** Steps in the whole run. */
  totalSteps: number;
}

export interface TrainOptions {
  onProgress?: (p: TrainProgress) => void;
  /** Stops between steps; with `checkpoint`, the state is saved first so that `resume` continues it. */
  signal?: AbortSignal;
  /** Write a checkpoint every `every` steps (and at each epoch's end) to `path`, atomically. */
  checkpoint?: { path: string; every?: number };
  /** A checkpoint to continue from (the same data and settings; `epochs` may grow). */
  resume?: SaeSource;
  /** Initial weights instead of the release's initialisation (tests start from PyTorch's). */
  init?: SaeWeights;
  /** 'wasm' (default where Wasm SIMD runs): the sparse SIMD trainer; 'ref': the dense reference. */
  trainer?: "wasm" | "ref";
}

export interface TrainResult {
  weights: SaeWeights;
  config: TrainConfig;
  steps: number;
  /** Losses of every step. */
  history: StepLosses[];
}

/** Position in the run: the next batch is batch `batch` of epoch `epoch`. */
interface Cursor { epoch: number; batch: number }

/** The row order of an epoch: a Fisher–Yates shuffle seeded by (seed, epoch). */
export function epochOrder(rows: number, seed: number, epoch: number): Int32Array {
  const r = rng((seed * 0x9e3779b1 + epoch * 0x85ebca77) >>> 0);
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = order[i]!; order[i] = order[j]!; order[j] = t;
  }
  return order;
}

const CKPT_FORMAT = "saejs-train-1";

function checkpointParts(state: TrainState, config: TrainConfig, cursor: Cursor): Uint8Array[] {
  const p = state.params;
  const shape = { preBias: [p.nInputs], encoderWeight: [p.nLatents, p.nInputs], decoderWeight: [p.nInputs, p.nLatents], latentBias: [p.nLatents] };
  const key = { preBias: "pre_bias", encoderWeight: "encoder.weight", decoderWeight: "decoder.weight", latentBias: "latent_bias" };
  const tensors = PARAM_NAMES.flatMap((name) => [
    { name: key[name], shape: shape[name], data: p[name] },
    { name: `adam.m.${key[name]}`, shape: shape[name], data: state.m[name] },
    { name: `adam.v.${key[name]}`, shape: shape[name], data: state.v[name] },
  ]);
  tensors.push({ name: "since_active", shape: [p.nLatents], data: Float32Array.from(state.sinceActive) });
  return writeSafetensors(tensors, {
    format: CKPT_FORMAT, layout: "release", k: String(config.k), d: String(p.nInputs), n: String(p.nLatents),
    config: JSON.stringify(config), step: String(state.step), epoch: String(cursor.epoch), batch: String(cursor.batch),
  });
}

async function readCheckpoint(source: SaeSource): Promise<{ state: TrainState; config: TrainConfig; cursor: Cursor }> {
  const ra = await openSource(source);
  try {
    const ck = await openSafetensors(ra);
    if (ck.metadata.format !== CKPT_FORMAT) throw new SaeError("E_FORMAT", `resume: not a sae.js training checkpoint (format '${ck.metadata.format ?? "none"}')`);
    let config: TrainConfig;
    try { config = JSON.parse(ck.metadata.config ?? ""); } catch { throw new SaeError("E_FORMAT", "resume: the checkpoint's config is not valid JSON"); }
    const get = async (name: string) => {
      const t = ck.tensors.get(name);
      if (!t) throw new SaeError("E_FORMAT", `resume: the checkpoint lacks '${name}'`);
      return t.read().then((a) => a.slice());
    };
    const d = Number(ck.metadata.d), n = Number(ck.metadata.n);
    const params: SaeWeights = { nInputs: d, nLatents: n, preBias: await get("pre_bias"), encoderWeight: await get("encoder.weight"), decoderWeight: await get("decoder.weight"), latentBias: await get("latent_bias") };
    const state = newState(params);
    const key = { preBias: "pre_bias", encoderWeight: "encoder.weight", decoderWeight: "decoder.weight", latentBias: "latent_bias" } as const;
    for (const name of PARAM_NAMES) {
      state.m[name].set(await get(`adam.m.${key[name]}`));
      state.v[name].set(await get(`adam.v.${key[name]}`));
    }
    state.sinceActive.set(await get("since_active"));
    state.step = Number(ck.metadata.step);
    const cursor = { epoch: Number(ck.metadata.epoch), batch: Number(ck.metadata.batch) };
    if (![state.step, cursor.epoch, cursor.batch, d, n].every(Number.isInteger)) throw new SaeError("E_FORMAT", "resume: the checkpoint's position is corrupt");
    return { state, config, cursor };
  } finally {
    await ra.close();
  }
}

/**
 * Trains a top-k SAE on `data` with the release's recipe (SPEC §3); every setting in `config`
 * is configurable and saved in checkpoints. Same seed and data give the same weight bytes.
 */
export async function train(data: TrainData, config: Partial<TrainConfig> & { k: number; nLatents: number }, options: TrainOptions = {}): Promise<TrainResult> {
  const { x, rows, nInputs: d } = data;
  if (!Number.isInteger(d) || d < 1 || x.length !== rows * d) throw new SaeError("E_SHAPE", `train: data must be [rows=${rows}, nInputs=${d}], got ${x.length} values`);
  checkFinite(x, d, "train data");
  const cfg = trainConfig(config.k, config.nLatents, config);
  if (rows < cfg.batchSize) throw new SaeError("E_ARG", `train: ${rows} rows are fewer than one batch of ${cfg.batchSize}`);
  let state: TrainState, cursor: Cursor = { epoch: 0, batch: 0 };
  if (options.resume !== undefined) {
    const ck = await readCheckpoint(options.resume);
    const { epochs: _a, ...mine } = cfg;
    const { epochs: _b, ...theirs } = ck.config;
    if (JSON.stringify(mine) !== JSON.stringify(theirs)) throw new SaeError("E_ARG", `resume: the checkpoint was trained with other settings (${JSON.stringify(theirs)})`);
    if (ck.state.nInputs !== d) throw new SaeError("E_SHAPE", `resume: the checkpoint has nInputs=${ck.state.nInputs}, the data ${d}`);
    state = ck.state;
    cursor = ck.cursor;
  } else {
    const init = options.init ?? initWeights(x, rows, d, cfg.nLatents, cfg.seed, cfg.medianRows);
    if (init.nInputs !== d || init.nLatents !== cfg.nLatents) throw new SaeError("E_SHAPE", `train: init is ${init.nInputs}×${init.nLatents}, expected ${d}×${cfg.nLatents}`);
    state = newState(init);
  }
  const perEpoch = Math.floor(rows / cfg.batchSize);
  const totalSteps = perEpoch * cfg.epochs;
  const history: StepLosses[] = [];
  const every = options.checkpoint?.every ?? 0;
  const save = async (at: Cursor) => {
    if (!options.checkpoint) return;
    fast?.sync();
    await writeFileAtomic(options.checkpoint.path, checkpointParts(state, cfg, at));
  };
  const xb = new Float32Array(cfg.batchSize * d);
  const kind = options.trainer ?? (detectIsa() ? "wasm" : "ref");
  let fast: WasmTrainer | undefined;
  if (kind === "wasm") fast = WasmTrainer.create(await loadKernels("simd", embeddedModule("simd")), state, cfg);
  else if (kind !== "ref") throw new SaeError("E_ARG", `train: trainer must be 'wasm' or 'ref', got '${String(kind)}'`);
  const step = (x: Float32Array) => (fast ? fast.step(x, cfg.batchSize) : stepRef(state, cfg, x, cfg.batchSize));
  try {
    for (; cursor.epoch < cfg.epochs; cursor = { epoch: cursor.epoch + 1, batch: 0 }) {
      const order = epochOrder(rows, cfg.seed, cursor.epoch);
      for (let b = cursor.batch; b < perEpoch; b++) {
        if (options.signal?.aborted) {
          await save({ epoch: cursor.epoch, batch: b });
          throw new SaeError("E_ABORTED", `train: aborted at step ${state.step}${options.checkpoint ? `; resume from ${options.checkpoint.path}` : ""}`);
        }
        for (let r = 0; r < cfg.batchSize; r++) {
          const src = order[b * cfg.batchSize + r]! * d;
          xb.set(x.subarray(src, src + d), r * d);
        }
        const losses = step(xb);
        history.push(losses);
        options.onProgress?.({ ...losses, step: state.step, epoch: cursor.epoch, totalSteps });
        if (every && state.step % every === 0 && b + 1 < perEpoch) await save({ epoch: cursor.epoch, batch: b + 1 });
      }
      await save({ epoch: cursor.epoch + 1, batch: 0 });
    }
    fast?.sync();
  } finally {
    fast?.dispose();
  }
  return { weights: state.params, config: cfg, steps: state.step, history };
}
