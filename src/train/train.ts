// train(): the release's procedure over a data set: seeded init, an epoch-seeded shuffle,
// batches of batchSize rows, checkpoints written atomically with the optimiser state, exact resume.
import { SaeError } from "../core/errors.js";
import { TORCH_NAMES, type SaeWeights } from "../core/model.js";
import { sha256Hex } from "../core/hash.js";
import { checkFinite } from "../core/shapes.js";
import type { GpuAdapterSummary, GpuLike } from "../gpu/types.js";
import { CACHED_GROUPS, type EmbeddingRows } from "../io/embeddings.js";
import { openSafetensors, writeSafetensors } from "../io/safetensors.js";
import { openSource, type SaeSource } from "../io/source.js";
import { removeStaleTemps, writeFileAtomic } from "../runtime/fs.js";
import { trainConfig, type TrainConfig } from "./config.js";
import { initWeights, rng } from "./init.js";
import { newState, PARAM_NAMES, type TrainState } from "./state.js";
import type { StepLosses } from "./step.ref.js";
import { openTrainer, type Cursor, type Trainer } from "./trainers.js";

/** Embeddings in memory, [rows, nInputs] row-major. */
export interface TrainData {
  readonly x: Float32Array;
  readonly rows: number;
  readonly nInputs: number;
}

/**
 * Training data: embeddings in memory; a file opened with openEmbeddings (larger than memory: a
 * .npy's shuffled rows are read by byte range; a Parquet or Arrow file's rows are shuffled within
 * windows of a few row groups taken in shuffled order, so each group is decoded once an epoch); or `stream`, an async iterable of batches
 * [batchSize, d] in its own order (one pass; the first batches, up to medianRows rows, seed pre_bias).
 */
export type TrainSource = TrainData | EmbeddingRows | { readonly stream: AsyncIterable<Float32Array>; readonly nInputs: number };

/** Random access to rows by index, whatever holds them. */
interface RowAccess {
  readonly rows: number;
  readonly d: number;
  /** Rows idx[0..] into out [idx.length, d]. */
  gather(idx: Int32Array, out: Float32Array): Promise<void>;
  /** Groups decoded whole (Parquet row groups): shuffled by window, read a window at a time. */
  readonly groups?: readonly { start: number; rows: number }[];
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

function fileRows(f: EmbeddingRows): RowAccess {
  const { rows, cols: d } = f;
  return {
    rows,
    d,
    ...(f.groups && f.groups.length > 1 ? { groups: f.groups } : {}),
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
   * SIMD trainer. 'ref': the dense float64 reference. On GPU device loss the run says so once (onWarning) and
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
  /**
   * Told what went wrong but did not stop the run (a GPU device lost, the run continuing on Wasm),
   * one sentence each. A library does not print: without this the warning is dropped; the CLI
   * prints it on stderr. `console.warn` is a fine value.
   */
  onWarning?: (message: string) => void;
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
  /** Matryoshka: the nested prefix widths the weights were trained for. */
  widths?: number[];
}

/** Position in the run: the next batch is batch `batch` of epoch `epoch`. */

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

/** Row groups shuffled together: rows mix across this many groups, and as many stay decoded. */
export const SHUFFLE_WINDOW = CACHED_GROUPS;

/**
 * The row order of an epoch over data in row groups: the groups in a shuffled order (seeded by
 * seed and epoch), and the rows of each window of SHUFFLE_WINDOW consecutive groups shuffled
 * together. Every row comes once; a window's groups are each decoded once.
 */
export function groupedEpochOrder(groups: readonly { start: number; rows: number }[], seed: number, epoch: number): Int32Array {
  const total = groups.reduce((a, g) => a + g.rows, 0);
  const gOrder = epochOrder(groups.length, seed, epoch);
  const order = new Int32Array(total);
  const r = rng((seed * 0x27d4eb2f + epoch * 0x165667b1 + 1) >>> 0);
  let at = 0;
  for (let w = 0; w < groups.length; w += SHUFFLE_WINDOW) {
    const from = at;
    for (const gi of gOrder.subarray(w, w + SHUFFLE_WINDOW)) {
      const g = groups[gi]!;
      for (let i = 0; i < g.rows; i++) order[at++] = g.start + i;
    }
    for (let i = at - 1; i > from; i--) {
      const j = from + Math.floor(r() * (i - from + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
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
  // Rows spread over the data; for data in row groups, spread over the first and last group only (one decode each).
  const span = src.groups ? [src.groups[0]!, src.groups.at(-1)!] : [{ start: 0, rows: src.rows }];
  const picks = Math.min(
    64,
    span.reduce((a, g) => a + g.rows, 0),
  );
  const each = Math.ceil(picks / span.length);
  const idx = Int32Array.from(
    span.flatMap((g) => Array.from({ length: Math.min(each, g.rows) }, (_, i) => g.start + Math.floor((i * g.rows) / Math.min(each, g.rows)))),
  );
  const rows = new Float32Array(idx.length * src.d);
  await src.gather(idx, rows);
  return `${src.rows} rows, sha256 ${await sha256Hex(new Uint8Array(rows.buffer), 24)}`;
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
    // θ in float64, exactly (String round-trips a number), so that a resumed run continues it bit for bit.
    ...(config.arch !== "topk" ? { threshold: String(state.threshold) } : {}),
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
    if (config.arch !== "topk") {
      // Checkpoints before the batch-wide archs are top-k ones (their config has no arch), so this is always written.
      const t = ck.metadata.threshold;
      const theta = t !== undefined && /^[0-9.e+-]{1,32}$/i.test(t) ? Number(t) : Number.NaN;
      if (!(Number.isFinite(theta) && theta >= 0))
        throw new SaeError("E_FORMAT", `resume: the checkpoint's threshold is ${t === undefined ? "missing" : `'${t.slice(0, 24)}'`}; expected a number ≥ 0`);
      state.threshold = theta;
    }
    const cursor = { epoch: wholeField(ck.metadata, "epoch", MAX_POSITION), batch: wholeField(ck.metadata, "batch", MAX_POSITION) };
    for (const v of state.sinceActive)
      if (!Number.isInteger(v) || v < 0) throw new SaeError("E_FORMAT", "resume: the checkpoint's since_active counters are not whole numbers ≥ 0");
    return { state, config, cursor, data: ck.metadata.data };
  } finally {
    await ra.close();
  }
}

/** Copies of the n × d weights a run holds: weights, Adam moments, gradients and packed panels (the Wasm trainer's buffers). */
const WEIGHT_COPIES = 12;
/** The Wasm trainer's memory at most (32-bit Wasm: 4 GiB). */
const TRAIN_MEMORY = 4 * 2 ** 30;

/** Refuses, before any allocation, an SAE whose training state cannot fit (a typo of n would otherwise allocate for a minute). */
function checkFits(d: number, cfg: TrainConfig): void {
  const bytes = WEIGHT_COPIES * 4 * cfg.nLatents * d + 4 * cfg.batchSize * (d + 2 * cfg.nLatents);
  if (bytes > TRAIN_MEMORY) {
    const maxN = Math.floor(TRAIN_MEMORY / (4 * (WEIGHT_COPIES * d + 2 * cfg.batchSize)));
    throw new SaeError(
      "E_ARG",
      `train: nLatents=${cfg.nLatents} over ${d}-d inputs in batches of ${cfg.batchSize} needs about ${(bytes / 2 ** 30).toFixed(1)} GiB of weights, Adam moments and gradients; training memory holds 4 GiB: use nLatents ≤ ${maxN}`,
    );
  }
}

/**
 * Trains a top-k SAE on `data` with the release's recipe (or, with `arch`, a BatchTopK or
 * Matryoshka-BatchTopK one, whose weights carry the threshold θ); every setting in `config`
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
  checkFits(d, cfg);
  if (rows < cfg.batchSize) throw new SaeError("E_ARG", `train: ${rows} rows are fewer than one batch of ${cfg.batchSize}`);
  const head = Math.min(rows, cfg.medianRows);
  const perEpoch = Math.floor(rows / cfg.batchSize);
  const fingerprint = await fingerprintOf(src);
  let shuffled: { epoch: number; order: Int32Array } = { epoch: -1, order: new Int32Array(0) };
  const gatherAt = async (at: Cursor, out: Float32Array) => {
    if (shuffled.epoch !== at.epoch)
      shuffled = { epoch: at.epoch, order: src.groups ? groupedEpochOrder(src.groups, cfg.seed, at.epoch) : epochOrder(rows, cfg.seed, at.epoch) };
    await src.gather(shuffled.order.subarray(at.batch * cfg.batchSize, (at.batch + 1) * cfg.batchSize), out);
    return out;
  };
  const firstRows = async () => {
    const first = new Float32Array(head * d);
    await src.gather(
      Int32Array.from({ length: head }, (_, i) => i),
      first,
    );
    return { x: first, rows: head };
  };
  const again = (at: Cursor) => gatherAt(at, new Float32Array(cfg.batchSize * d));
  const run = await Run.start(d, cfg, options, firstRows, { fingerprint, perEpoch, again });
  const xb = new Float32Array(cfg.batchSize * d);
  return run.loop(async (cursor) => {
    if (cursor.batch >= perEpoch) cursor = { epoch: cursor.epoch + 1, batch: 0 };
    // A checkpoint written at the last epoch's end is a finished run: nothing more to do.
    if (cursor.epoch >= cfg.epochs) return undefined;
    return { x: await gatherAt(cursor, xb), at: cursor, epochEnd: cursor.batch + 1 === perEpoch };
  }, perEpoch * cfg.epochs);
}

/** One pass over an async iterable of batches, in its own order. */
async function trainStream(batches: AsyncIterable<Float32Array>, d: number, cfg: TrainConfig, options: TrainOptions): Promise<TrainResult> {
  if (cfg.epochs !== 1) throw new SaeError("E_ARG", "train: an iterable of batches is one pass; epochs must be 1 (iterate again to train longer)");
  checkFits(d, cfg);
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

/** A run: its state, cursor and checkpoints, over the trainer the options chose (trainers.ts). */
class Run {
  private constructor(
    private readonly cfg: TrainConfig,
    private readonly options: TrainOptions,
    readonly state: TrainState,
    public cursor: Cursor,
    private readonly trainer: Trainer,
    private readonly gpuAdapter: GpuAdapterSummary | undefined,
    /** What the data is (checkpoints record it; a resume checks it): see fingerprintOf. */
    private readonly fingerprint: string | undefined,
  ) {}

  /** The step of the last checkpoint written. */
  private savedAt = -1;

  /**
   * The run's state, fresh or from `options.resume` (checked against this data: width, settings,
   * fingerprint, position), on the trainer the options ask for. `again` reads the batch at a
   * position once more (data in memory or a file; a stream cannot): a GPU run replays with it.
   */
  static async start(
    d: number,
    cfg: TrainConfig,
    options: TrainOptions,
    firstRows: () => Promise<{ x: Float32Array; rows: number }>,
    data: { fingerprint?: string; perEpoch?: number; again?: (at: Cursor) => Promise<Float32Array> } = {},
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
    const { trainer, gpuAdapter } = await openTrainer(state, cfg, options, data.again);
    return new Run(cfg, options, state, cursor, trainer, gpuAdapter, data.fingerprint);
  }

  private async save(at: Cursor): Promise<void> {
    if (!this.options.checkpoint) return;
    await this.trainer.sync();
    await writeFileAtomic(this.options.checkpoint.path, checkpointParts(this.state, this.cfg, at, this.fingerprint));
    this.savedAt = this.state.step;
  }

  /**
   * Steps until `next` has no batch: next(cursor) gives the batch at (or after) the cursor, where
   * it is in the run, and whether it ends an epoch (a checkpoint then follows).
   */
  async loop(next: (cursor: Cursor) => Promise<{ x: Float32Array; at: Cursor; epochEnd: boolean } | undefined>, totalSteps: number): Promise<TrainResult> {
    const { cfg, options, state, trainer } = this;
    const history: StepLosses[] = [];
    const every = options.checkpoint?.every ?? 0;
    try {
      for (;;) {
        if (options.signal?.aborted) {
          await this.save(this.cursor);
          throw new SaeError("E_ABORTED", `train: aborted at step ${state.step}${options.checkpoint ? `; resume from ${options.checkpoint.path}` : ""}`);
        }
        const b = await next(this.cursor);
        if (!b) break;
        const losses = await trainer.step(b.x, b.at);
        history.push(losses);
        this.cursor = { epoch: b.at.epoch, batch: b.at.batch + 1 };
        options.onProgress?.({ ...losses, step: state.step, epoch: b.at.epoch, totalSteps });
        if (b.epochEnd) await this.save({ epoch: b.at.epoch + 1, batch: 0 });
        else if (every && state.step % every === 0) await this.save(this.cursor);
      }
      if (this.savedAt !== state.step) await this.save(this.cursor); // the end of a pass is an epoch's end
      await trainer.sync();
    } finally {
      await trainer.dispose();
    }
    // BatchTopK and Matryoshka encode as JumpReLU with θ, the same for every latent.
    const weights = cfg.arch === "topk" ? state.params : { ...state.params, threshold: new Float32Array(state.nLatents).fill(state.threshold) };
    return {
      weights,
      config: cfg,
      ...(cfg.arch === "matryoshka" ? { widths: [...cfg.widths] } : {}),
      steps: state.step,
      history,
      trainer: trainer.kind,
      ...(this.gpuAdapter ? { gpuAdapter: this.gpuAdapter } : {}),
    };
  }
}
