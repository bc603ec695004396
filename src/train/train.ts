// train(): the release's procedure over a data set: seeded init, an epoch-seeded shuffle,
// batches of batchSize rows, checkpoints written atomically with the optimiser state, exact resume.
import { SaeError, isSaeError } from "../core/errors.js";
import { TORCH_NAMES, type SaeWeights } from "../core/model.js";
import { checkFinite } from "../core/shapes.js";
import { trainConfig, type TrainConfig } from "./config.js";
import { initWeights, rng } from "./init.js";
import { newState, PARAM_NAMES, type TrainState } from "./state.js";
import { stepRef, type StepLosses } from "./step.ref.js";
import { WasmTrainer } from "./step.wasm.js";
import { loadKernels } from "../kernels/wasm.js";
import { detectIsa, embeddedModule, sharedModuleValid } from "../kernels/wasm-embedded.js";
import { transfer } from "comlink";
import { caps } from "../runtime/detect.js";
import { cores } from "../runtime/workers.js";
import { WorkerPool } from "../worker/pool.js";
import { unwrap } from "../worker/protocol.js";
import type { TrainApi, TrainWorkerInit } from "./protocol.js";
import { WORKER_CODE } from "../worker/worker-code.js";
import { writeSafetensors, openSafetensors } from "../io/safetensors.js";
import { openSource, type SaeSource } from "../io/source.js";
import type { NpyRows } from "../io/npy.js";
import { removeStaleTemps, writeFileAtomic } from "../runtime/fs.js";
import { GpuTrainer } from "./step.gpu.js";
import type { GpuAdapterSummary, GpuLike } from "../gpu/types.js";

/** Embeddings in memory, [rows, nInputs] row-major. */
export interface TrainData {
  readonly x: Float32Array;
  readonly rows: number;
  readonly nInputs: number;
}

/**
 * Training data: embeddings in memory; a .npy opened with openEmbeddings (larger than memory: each
 * batch's shuffled rows are read by byte range); or `stream`, an async iterable of batches
 * [batchSize, d] in its own order (one pass; the first batches, up to medianRows rows, seed pre_bias).
 */
export type TrainSource = TrainData | NpyRows | { readonly stream: AsyncIterable<Float32Array>; readonly nInputs: number };

/** Random access to rows by index, whatever holds them. */
interface RowAccess {
  readonly rows: number;
  readonly d: number;
  /** Rows idx[0..] into out [idx.length, d]. */
  gather(idx: Int32Array, out: Float32Array): Promise<void>;
}

function memoryRows(data: TrainData): RowAccess {
  const { x, rows, nInputs: d } = data;
  if (!Number.isInteger(d) || d < 1 || x.length !== rows * d)
    throw new SaeError("E_SHAPE", `train: data must be [rows=${rows}, nInputs=${d}], got ${x.length} values`);
  checkFinite(x, d, "train data");
  return {
    rows,
    d,
    async gather(idx, out) {
      idx.forEach((r, i) => {
        out.set(x.subarray(r * d, (r + 1) * d), i * d);
      });
    },
  };
}

function fileRows(f: NpyRows): RowAccess {
  const { rows, cols: d } = f;
  return {
    rows,
    d,
    async gather(idx, out) {
      for (let i = 0; i < idx.length; i++) {
        const r = idx[i]!;
        const row = await f.read(r, 1);
        checkFinite(row, d, "train data", r);
        out.set(row, i * d);
      }
    },
  };
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
  /**
   * Continue a checkpoint on data other than it was trained on (its rows and a hash of sampled
   * rows are recorded and checked on resume; a mismatch is refused unless this is set).
   */
  resumeOtherData?: boolean;
  /** Initial weights instead of the release's initialisation (tests start from PyTorch's). */
  init?: SaeWeights;
  /**
   * 'auto' (default): WebGPU where `gpu` (or navigator.gpu) gives a hardware adapter, else Wasm.
   * 'gpu': the WGSL trainer on any adapter (software ones too), else E_NO_GPU. 'wasm': the sparse
   * SIMD trainer. 'ref': the dense float64 reference. On GPU device loss the run says so once and
   * continues on Wasm from the last state read back (a checkpoint, or the start), replaying the
   * batches since.
   */
  trainer?: "auto" | "gpu" | "wasm" | "ref";
  /** WebGPU to use instead of navigator.gpu (in Node: `create([])` of the `webgpu` package). */
  gpu?: GpuLike;
  /**
   * Worker threads for the Wasm trainer: 'auto' (default: one per core where workers can share
   * memory), a count, or 0 for the calling thread. The weights come out the same for any count.
   */
  workers?: "auto" | number;
  /** The plain-SIMD kernel module, precompiled, where the runtime cannot compile bytes (workerd). */
  wasm?: WebAssembly.Module;
  /** Share one memory between workers where the runtime allows (default true); else one worker trains alone. */
  share?: boolean;
}

export interface TrainResult {
  weights: SaeWeights;
  config: TrainConfig;
  steps: number;
  /** Which trainer ran the last step: 'gpu', 'wasm' or 'ref' (after a GPU loss: 'wasm'). */
  trainer: "gpu" | "wasm" | "ref";
  /** The WebGPU adapter, where the run started on the GPU. */
  gpuAdapter?: GpuAdapterSummary;
  /** Losses of every step. */
  history: StepLosses[];
}

/** Position in the run: the next batch is batch `batch` of epoch `epoch`. */
interface Cursor {
  epoch: number;
  batch: number;
}

/** The row order of an epoch: a Fisher–Yates shuffle seeded by (seed, epoch). */
export function epochOrder(rows: number, seed: number, epoch: number): Int32Array {
  const r = rng((seed * 0x9e3779b1 + epoch * 0x85ebca77) >>> 0);
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

const CKPT_FORMAT = "saejs-train-1";

/** Largest d or n a checkpoint may declare (far beyond any SAE; keeps a corrupt header from allocating). */
const MAX_DIM = 1 << 20;
/** Largest step, epoch or batch position a checkpoint may declare. */
const MAX_POSITION = 2 ** 40;

/** A metadata field that must be a whole number in [0, max]: digits only, so "1e300" or "-1" never pass. */
function wholeField(meta: Record<string, string>, name: string, max: number, min = 0): number {
  const v = meta[name];
  if (v === undefined || !/^\d{1,15}$/.test(v) || Number(v) > max || Number(v) < min) {
    throw new SaeError(
      "E_FORMAT",
      `resume: the checkpoint's ${name} is ${v === undefined ? "missing" : `'${v.slice(0, 24)}'`}; expected a whole number in [${min}, ${max}]`,
    );
  }
  return Number(v);
}

/**
 * What a run trains on, recorded in checkpoints: the row count and a SHA-256 of up to 64 rows
 * spread over the data, so that resuming on other data with the same width is caught.
 */
async function fingerprintOf(src: RowAccess): Promise<string> {
  const picks = Math.min(64, src.rows);
  const idx = Int32Array.from({ length: picks }, (_, i) => Math.floor((i * src.rows) / picks));
  const rows = new Float32Array(picks * src.d);
  await src.gather(idx, rows);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(rows.buffer)));
  return `${src.rows} rows, sha256 ${Array.from(digest.subarray(0, 12), (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function checkpointParts(state: TrainState, config: TrainConfig, cursor: Cursor, data: string | undefined): Uint8Array[] {
  const p = state.params;
  const shape = { preBias: [p.nInputs], encoderWeight: [p.nLatents, p.nInputs], decoderWeight: [p.nInputs, p.nLatents], latentBias: [p.nLatents] };
  const key = TORCH_NAMES;
  const tensors = PARAM_NAMES.flatMap((name) => [
    { name: key[name], shape: shape[name], data: p[name] },
    { name: `adam.m.${key[name]}`, shape: shape[name], data: state.m[name] },
    { name: `adam.v.${key[name]}`, shape: shape[name], data: state.v[name] },
  ]);
  tensors.push({ name: "since_active", shape: [p.nLatents], data: Float32Array.from(state.sinceActive) });
  return writeSafetensors(tensors, {
    format: CKPT_FORMAT,
    layout: "release",
    k: String(config.k),
    d: String(p.nInputs),
    n: String(p.nLatents),
    config: JSON.stringify(config),
    step: String(state.step),
    epoch: String(cursor.epoch),
    batch: String(cursor.batch),
    ...(data ? { data } : {}),
  });
}

async function readCheckpoint(source: SaeSource): Promise<{ state: TrainState; config: TrainConfig; cursor: Cursor; data: string | undefined }> {
  const ra = await openSource(source);
  try {
    const ck = await openSafetensors(ra);
    if (ck.metadata.format !== CKPT_FORMAT)
      throw new SaeError("E_FORMAT", `resume: not a sae.js training checkpoint (format '${ck.metadata.format ?? "none"}')`);
    let config: TrainConfig;
    try {
      const c = JSON.parse(ck.metadata.config ?? "");
      config = trainConfig(c.k, c.nLatents, c);
    } catch (cause) {
      throw new SaeError("E_FORMAT", `resume: the checkpoint's config is not a valid training config (${(cause as Error).message})`, { cause });
    }
    const d = wholeField(ck.metadata, "d", MAX_DIM, 1),
      n = wholeField(ck.metadata, "n", MAX_DIM, 2);
    if (n !== config.nLatents) throw new SaeError("E_FORMAT", `resume: the checkpoint's n=${n} disagrees with its config's nLatents=${config.nLatents}`);
    const shapes: Record<string, number[]> = { pre_bias: [d], latent_bias: [n], "encoder.weight": [n, d], "decoder.weight": [d, n], since_active: [n] };
    const get = async (name: string) => {
      const t = ck.tensors.get(name);
      if (!t) throw new SaeError("E_FORMAT", `resume: the checkpoint lacks '${name}'`);
      const want = shapes[name.replace(/^adam\.[mv]\./, "")]!;
      if (t.shape.length !== want.length || t.shape.some((v, i) => v !== want[i])) {
        throw new SaeError(
          "E_FORMAT",
          `resume: '${name}' has shape (${t.shape.join(", ")}), but the checkpoint says d=${d}, n=${n}: expected (${want.join(", ")})`,
        );
      }
      return t.read().then((a) => a.slice());
    };
    const params: SaeWeights = {
      nInputs: d,
      nLatents: n,
      preBias: await get("pre_bias"),
      encoderWeight: await get("encoder.weight"),
      decoderWeight: await get("decoder.weight"),
      latentBias: await get("latent_bias"),
    };
    const state = newState(params);
    const key = TORCH_NAMES;
    for (const name of PARAM_NAMES) {
      state.m[name].set(await get(`adam.m.${key[name]}`));
      state.v[name].set(await get(`adam.v.${key[name]}`));
    }
    state.sinceActive.set(await get("since_active"));
    state.step = wholeField(ck.metadata, "step", MAX_POSITION);
    const cursor = { epoch: wholeField(ck.metadata, "epoch", MAX_POSITION), batch: wholeField(ck.metadata, "batch", MAX_POSITION) };
    for (const v of state.sinceActive)
      if (!Number.isInteger(v) || v < 0) throw new SaeError("E_FORMAT", "resume: the checkpoint's since_active counters are not whole numbers ≥ 0");
    return { state, config, cursor, data: ck.metadata.data };
  } finally {
    await ra.close();
  }
}

/**
 * Trains a top-k SAE on `data` with the release's recipe; every setting in `config`
 * is configurable and saved in checkpoints. Same seed and data give the same weight bytes.
 */
export async function train(
  data: TrainSource,
  config: Partial<TrainConfig> & { k: number; nLatents: number },
  options: TrainOptions = {},
): Promise<TrainResult> {
  const cfg = trainConfig(config.k, config.nLatents, config);
  // Temp files of a checkpoint write that a killed process left behind.
  if (options.checkpoint) await removeStaleTemps(options.checkpoint.path);
  if ("stream" in data) return trainStream(data.stream, data.nInputs, cfg, options);
  const src = "x" in data ? memoryRows(data) : fileRows(data);
  const { rows, d } = src;
  if (rows < cfg.batchSize) throw new SaeError("E_ARG", `train: ${rows} rows are fewer than one batch of ${cfg.batchSize}`);
  const head = Math.min(rows, cfg.medianRows);
  const perEpoch = Math.floor(rows / cfg.batchSize);
  const fingerprint = await fingerprintOf(src);
  const run = await Run.start(
    d,
    cfg,
    options,
    async () => {
      const first = new Float32Array(head * d);
      await src.gather(
        Int32Array.from({ length: head }, (_, i) => i),
        first,
      );
      return { x: first, rows: head };
    },
    { fingerprint, perEpoch },
  );
  run.fingerprint = fingerprint;
  let shuffled: { epoch: number; order: Int32Array } = { epoch: -1, order: new Int32Array(0) };
  const gatherAt = async (at: Cursor, out: Float32Array) => {
    if (shuffled.epoch !== at.epoch) shuffled = { epoch: at.epoch, order: epochOrder(rows, cfg.seed, at.epoch) };
    await src.gather(shuffled.order.subarray(at.batch * cfg.batchSize, (at.batch + 1) * cfg.batchSize), out);
    return out;
  };
  const xb = new Float32Array(cfg.batchSize * d);
  return run.loop(
    async (cursor) => {
      if (cursor.batch >= perEpoch) cursor = { epoch: cursor.epoch + 1, batch: 0 };
      // A checkpoint written at the last epoch's end is a finished run: nothing more to do.
      if (cursor.epoch >= cfg.epochs) return undefined;
      return { x: await gatherAt(cursor, xb), at: cursor, epochEnd: cursor.batch + 1 === perEpoch };
    },
    perEpoch * cfg.epochs,
    (at) => gatherAt(at, new Float32Array(cfg.batchSize * d)),
  );
}

/** One pass over an async iterable of batches, in its own order. */
async function trainStream(batches: AsyncIterable<Float32Array>, d: number, cfg: TrainConfig, options: TrainOptions): Promise<TrainResult> {
  if (cfg.epochs !== 1) throw new SaeError("E_ARG", "train: an iterable of batches is one pass; epochs must be 1 (iterate again to train longer)");
  const it = batches[Symbol.asyncIterator]();
  const buffered: Float32Array[] = [];
  const next = async (): Promise<Float32Array | undefined> => {
    const b = buffered.shift() ?? ((await it.next()).value as Float32Array | undefined);
    if (b === undefined) return undefined;
    if (!(b instanceof Float32Array) || b.length !== cfg.batchSize * d)
      throw new SaeError("E_SHAPE", `train: each batch must be a Float32Array of batchSize × nInputs = ${cfg.batchSize * d} values, got ${b?.length}`);
    checkFinite(b, d, "train batch");
    return b;
  };
  const run = await Run.start(d, cfg, options, async () => {
    // pre_bias from the first batches, up to medianRows rows; they are trained on afterwards.
    while (buffered.length * cfg.batchSize < cfg.medianRows) {
      const r = await it.next();
      if (r.done) break;
      buffered.push(r.value);
    }
    if (!buffered.length) throw new SaeError("E_ARG", "train: the iterable yielded no batch");
    const x = new Float32Array(buffered.length * cfg.batchSize * d);
    buffered.forEach((b, i) => {
      x.set(b.subarray(0, cfg.batchSize * d), i * cfg.batchSize * d);
    });
    return { x, rows: Math.min(buffered.length * cfg.batchSize, cfg.medianRows) };
  });
  // On resume, skip the batches the checkpoint has already seen.
  for (let i = 0; i < run.cursor.batch; i++)
    if ((await next()) === undefined) throw new SaeError("E_ARG", "resume: the iterable ended before the checkpoint's position");
  return run.loop(async (cursor) => {
    const x = await next();
    return x ? { x, at: cursor, epochEnd: false } : undefined;
  }, 0);
}

/** Where a GPU run's batches since the last read-back can be found again: by position, or a copy. */
type Replay = { at: Cursor } | { x: Float32Array };

/** Batch copies a GPU run keeps for a replay before it reads the state back to drop them. */
const REPLAY_BYTES = 256 << 20;

/** A run's state, trainer and checkpointing, shared by both drivers. */
class Run {
  private constructor(
    private readonly cfg: TrainConfig,
    private readonly options: TrainOptions,
    readonly state: TrainState,
    public cursor: Cursor,
    private fast: WasmTrainer | undefined,
    private readonly pool: WorkerPool<TrainApi, TrainWorkerInit> | undefined,
    /** A worker that trains alone on its own copy (no shared memory here). */
    private readonly solo = false,
    private gpu?: GpuTrainer,
  ) {
    this.gpuAdapter = gpu?.adapter;
  }

  /** GPU runs: the step the host state was last read back at, and the batches since. */
  private syncedStep = 0;
  private replay: Replay[] = [];
  private replayBytes = 0;
  private again: ((at: Cursor) => Promise<Float32Array>) | undefined;
  private readonly gpuAdapter: GpuAdapterSummary | undefined;

  /** The step of the last checkpoint written. */
  private savedAt = -1;

  /** What the data is (checkpoints record it; a resume checks it): see fingerprintOf. */
  fingerprint: string | undefined;

  /**
   * The run's state, fresh or from `options.resume` (checked against this data: width, settings,
   * fingerprint, position), on the trainer the options ask for.
   */
  static async start(
    d: number,
    cfg: TrainConfig,
    options: TrainOptions,
    firstRows: () => Promise<{ x: Float32Array; rows: number }>,
    data: { fingerprint?: string; perEpoch?: number } = {},
  ): Promise<Run> {
    let state: TrainState,
      cursor: Cursor = { epoch: 0, batch: 0 };
    if (options.resume !== undefined) {
      const ck = await readCheckpoint(options.resume);
      const { epochs: _a, ...mine } = cfg;
      const { epochs: _b, ...theirs } = ck.config;
      if (JSON.stringify(mine) !== JSON.stringify(theirs))
        throw new SaeError("E_ARG", `resume: the checkpoint was trained with other settings (${JSON.stringify(theirs)})`);
      if (ck.state.nInputs !== d) throw new SaeError("E_SHAPE", `resume: the checkpoint has nInputs=${ck.state.nInputs}, the data ${d}`);
      if (ck.data && data.fingerprint && ck.data !== data.fingerprint && !options.resumeOtherData) {
        throw new SaeError(
          "E_ARG",
          `resume: the checkpoint was trained on other data (${ck.data}; this data: ${data.fingerprint}); resume it on the same rows, or continue anyway on purpose`,
          { fix: { option: "resumeOtherData", example: "true" } },
        );
      }
      if (ck.cursor.epoch > cfg.epochs || (ck.cursor.epoch === cfg.epochs && ck.cursor.batch > 0)) {
        throw new SaeError(
          "E_ARG",
          `resume: the checkpoint has trained ${ck.cursor.epoch} epoch(s) and ${ck.cursor.batch} batch(es), more than the ${cfg.epochs} epoch(s) asked for; ask for at least ${ck.cursor.epoch + (ck.cursor.batch > 0 ? 1 : 0)}`,
          { fix: { option: "epochs", example: String(ck.cursor.epoch + (ck.cursor.batch > 0 ? 1 : 0)) } },
        );
      }
      if (data.perEpoch !== undefined && ck.cursor.batch > data.perEpoch) {
        throw new SaeError(
          "E_ARG",
          `resume: the checkpoint stands at batch ${ck.cursor.batch} of an epoch, but this data has ${data.perEpoch} batches per epoch`,
        );
      }
      state = ck.state;
      cursor = ck.cursor;
    } else {
      let init = options.init;
      if (!init) {
        const first = await firstRows();
        init = initWeights(first.x, first.rows, d, cfg.nLatents, cfg.seed, cfg.medianRows);
      }
      if (init.nInputs !== d || init.nLatents !== cfg.nLatents)
        throw new SaeError("E_SHAPE", `train: init is ${init.nInputs}×${init.nLatents}, expected ${d}×${cfg.nLatents}`);
      state = newState(init);
    }
    const asked = options.trainer ?? "auto";
    if (!["auto", "gpu", "wasm", "ref"].includes(asked))
      throw new SaeError("E_ARG", `train: trainer must be 'auto', 'gpu', 'wasm' or 'ref', got '${String(asked)}'`);
    if (asked === "gpu" || (asked === "auto" && (options.gpu || caps().webgpu))) {
      const gpu = await GpuTrainer.create(state, cfg, { gpu: options.gpu, required: asked === "gpu" });
      if (gpu) {
        const run = new Run(cfg, options, state, cursor, undefined, undefined, false, gpu);
        run.syncedStep = state.step;
        return run;
      }
    }
    // 'auto' without Wasm SIMD takes the reference; 'wasm' by name then fails with E_NO_SIMD.
    const kind = asked === "ref" || (asked === "auto" && !(options.wasm || detectIsa())) ? "ref" : "wasm";
    const want = options.workers ?? "auto";
    if (want !== "auto" && (!Number.isInteger(want) || want < 0))
      throw new SaeError("E_ARG", `train: workers must be 'auto', 0 or a positive integer, got ${String(want)}`);
    const canShare = !options.wasm && options.share !== false && caps().workers && caps().sharedMemory && sharedModuleValid("simd");
    const count = kind !== "wasm" || options.wasm || !caps().workers ? 0 : want === "auto" ? await cores() : want;
    if (count > 0 && !canShare) {
      // No shared memory: one worker trains on its own copy, so the caller's thread still never computes.
      const pool = await WorkerPool.start<TrainApi, TrainWorkerInit>(WORKER_CODE, [{ mode: "train-private", module: embeddedModule("simd"), state, cfg }]);
      return new Run(cfg, options, state, cursor, undefined, pool, true);
    }
    if (count === 0) {
      const fast = kind === "wasm" ? WasmTrainer.create(await loadKernels("simd", options.wasm ?? embeddedModule("simd")), state, cfg) : undefined;
      return new Run(cfg, options, state, cursor, fast, undefined);
    }
    // The trainer's buffers in one shared memory; workers attach and run the phases.
    const module = embeddedModule("simd", true);
    const memory = new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true });
    const fast = WasmTrainer.create(await loadKernels("simd", module, { memory, attached: false }), state, cfg, count);
    const inits: TrainWorkerInit[] = Array.from({ length: count }, () => ({ mode: "train" as const, module, memory, layout: fast.layout() }));
    let pool: WorkerPool<TrainApi, TrainWorkerInit>;
    try {
      pool = await WorkerPool.start<TrainApi, TrainWorkerInit>(WORKER_CODE, inits);
    } catch (e) {
      fast.dispose();
      throw e;
    }
    return new Run(cfg, options, state, cursor, fast, pool);
  }

  /** One step: in this thread, or its phases in the pool (forward rows split across workers). */
  private async step(x: Float32Array): Promise<StepLosses> {
    const { cfg, state, pool } = this;
    if (this.gpu) return this.gpu.step(x);
    if (!pool) return this.fast ? this.fast.step(x, cfg.batchSize) : stepRef(state, cfg, x, cfg.batchSize);
    if (this.solo) {
      const copy = x.slice(0, cfg.batchSize * state.nInputs);
      const losses = await pool.run(async (api) => unwrap(await api.trainStep(transfer(copy, [copy.buffer]))));
      state.step++;
      return losses;
    }
    const copy = x.slice(0, cfg.batchSize * state.nInputs);
    await pool.run(async (api) => unwrap(await api.trainPrepare(transfer(copy, [copy.buffer]))));
    const parts = pool.size,
      B = cfg.batchSize;
    await Promise.all(
      Array.from({ length: parts }, (_, w) => {
        const r0 = Math.floor((B * w) / parts),
          r1 = Math.floor((B * (w + 1)) / parts);
        return r1 > r0 ? pool.run(async (api) => unwrap(await api.trainForward(r0, r1 - r0, `SCR${w}`))) : undefined;
      }),
    );
    const since = state.sinceActive.slice();
    const r = await pool.run(async (api) => unwrap(await api.trainFinish(transfer(since, [since.buffer]), state.step)));
    state.sinceActive.set(r.after);
    state.step++;
    return r.losses;
  }

  /** Brings the state in `this.state` up to date with wherever the trainer keeps it. */
  private async sync(): Promise<void> {
    if (this.gpu) {
      await this.gpu.sync();
      this.syncedStep = this.state.step;
      this.replay = [];
      this.replayBytes = 0;
    } else if (this.fast) this.fast.sync();
    else if (this.solo) {
      const s = await this.pool!.run(async (api) => unwrap(await api.trainState()));
      for (const name of PARAM_NAMES) {
        this.state.params[name].set(s.params[name]);
        this.state.m[name].set(s.m[name]);
        this.state.v[name].set(s.v[name]);
      }
      this.state.sinceActive.set(s.sinceActive);
      this.state.step = s.step;
    }
  }

  private async save(at: Cursor): Promise<void> {
    if (!this.options.checkpoint) return;
    await this.sync();
    await writeFileAtomic(this.options.checkpoint.path, checkpointParts(this.state, this.cfg, at, this.fingerprint));
    this.savedAt = this.state.step;
  }

  /**
   * `f` on the GPU trainer; on device loss, says so once, moves to the Wasm trainer (or the
   * reference where Wasm SIMD is missing) from the state last read back, replays the batches
   * since, and runs `f` again there.
   */
  private async gpuSafe<T>(f: () => Promise<T>): Promise<T> {
    if (!this.gpu) return f();
    try {
      return await f();
    } catch (e) {
      if (!isSaeError(e, "E_GPU_LOST")) throw e;
    }
    const { cfg, state } = this;
    console.warn(
      `sae.js: the GPU device was lost during training (${this.gpu.lost ?? "unknown reason"}); continuing on the ${detectIsa() || this.options.wasm ? "Wasm" : "reference"} trainer from step ${this.syncedStep}, replaying ${this.replay.length} batch(es)`,
    );
    this.gpu.dispose();
    this.gpu = undefined;
    state.step = this.syncedStep;
    if (detectIsa() || this.options.wasm) this.fast = WasmTrainer.create(await loadKernels("simd", this.options.wasm ?? embeddedModule("simd")), state, cfg);
    for (const r of this.replay) {
      const x = "x" in r ? r.x : await this.again!(r.at);
      await this.step(x);
    }
    this.replay = [];
    return f();
  }

  /** Remembers a GPU step's batch for a replay; past REPLAY_BYTES of copies, reads the state back instead. */
  private async remember(b: { x: Float32Array; at: Cursor }): Promise<void> {
    if (!this.gpu) return;
    if (this.again) return void this.replay.push({ at: b.at });
    this.replay.push({ x: b.x.slice(0, this.cfg.batchSize * this.state.nInputs) });
    this.replayBytes += this.cfg.batchSize * this.state.nInputs * 4;
    if (this.replayBytes > REPLAY_BYTES) await this.gpuSafe(() => this.sync());
  }

  /**
   * Steps until `next` has no batch: next(cursor) gives the batch at (or after) the cursor, where
   * it is in the run, and whether it ends an epoch (a checkpoint then follows). `again` reads the
   * batch at a position into a new array (data in memory or a file; a stream cannot).
   */
  async loop(
    next: (cursor: Cursor) => Promise<{ x: Float32Array; at: Cursor; epochEnd: boolean } | undefined>,
    totalSteps: number,
    again?: (at: Cursor) => Promise<Float32Array>,
  ): Promise<TrainResult> {
    this.again = again;
    const { cfg, options, state } = this;
    const history: StepLosses[] = [];
    const every = options.checkpoint?.every ?? 0;
    try {
      for (;;) {
        if (options.signal?.aborted) {
          await this.gpuSafe(() => this.save(this.cursor));
          throw new SaeError("E_ABORTED", `train: aborted at step ${state.step}${options.checkpoint ? `; resume from ${options.checkpoint.path}` : ""}`);
        }
        const b = await next(this.cursor);
        if (!b) break;
        const losses = await this.gpuSafe(() => this.step(b.x));
        await this.remember(b);
        history.push(losses);
        this.cursor = { epoch: b.at.epoch, batch: b.at.batch + 1 };
        options.onProgress?.({ ...losses, step: state.step, epoch: b.at.epoch, totalSteps });
        if (b.epochEnd) await this.gpuSafe(() => this.save({ epoch: b.at.epoch + 1, batch: 0 }));
        else if (every && state.step % every === 0) await this.gpuSafe(() => this.save(this.cursor));
      }
      if (this.savedAt !== state.step) await this.gpuSafe(() => this.save(this.cursor)); // the end of a pass is an epoch's end
      await this.gpuSafe(() => this.sync());
    } finally {
      await this.pool?.dispose();
      this.fast?.dispose();
      this.gpu?.dispose();
    }
    const trainer = this.gpu ? "gpu" : this.fast || this.pool ? "wasm" : "ref";
    return { weights: state.params, config: cfg, steps: state.step, history, trainer, ...(this.gpuAdapter ? { gpuAdapter: this.gpuAdapter } : {}) };
  }
}
