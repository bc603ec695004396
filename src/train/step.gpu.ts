// The training step on WebGPU: the whole state (weights, Adam moments, dead counters) lives on the
// device, a step is one submission, and only its 36 bytes of losses come back. Same phases and
// sums, in the same order, as the Wasm trainer (step.wasm.ts); checked against the reference and
// PyTorch in test/gpu. A step that cannot be taken (non-finite pre-activation, zero variance)
// changes nothing on the device and throws, as the Wasm trainer does.
/// <reference types="@webgpu/types" />
import { SaeError } from "../core/errors.js";
import { transpose } from "../core/shapes.js";
import type { TrainConfig } from "./config.js";
import { PARAM_NAMES, type ParamName, type TrainState } from "./state.js";
import type { StepLosses } from "./step.ref.js";
import { GpuContext, OnDevice, USAGE_READ, gridGroups, type Binding, type Command, type GpuLike } from "../gpu/device.js";
import {
  ADAM_WGSL,
  AUX_MASK_WGSL,
  CENTER_WGSL,
  CLIP_WGSL,
  DEAD_AGE_WGSL,
  DEAD_HIT_WGSL,
  ENTRY_GRAD_WGSL,
  LATENT_GRADS_WGSL,
  LIST_WGSL,
  NMSE_COLUMNS_WGSL,
  NMSE_GRAD_WGSL,
  NMSE_TOTAL_WGSL,
  OFFSETS_WGSL,
  PRE_BIAS_GRAD_WGSL,
  PROJECT_WGSL,
  RENORM_WGSL,
  SUMSQ_WGSL,
} from "./step.wgsl.js";
import { DECODE_SPARSE_WGSL, GEMM_WGSL, TOPK_WGSL } from "../gpu/wgsl.js";

const NO_ROW = 0xffffffff;
/** Partial sums per gradient in the norm (one per workgroup of SUMSQ, at most). */
const PARTIALS = 256;

type Quad = Record<ParamName, GPUBuffer>;

/** The step's working buffers on the device. */
function scratch(gpu: GpuContext, state: TrainState, E: number, B: number) {
  const d = state.nInputs,
    n = state.nLatents;
  return {
    since: gpu.upload(Uint32Array.from(state.sinceActive)),
    after: gpu.buffer(n * 4),
    x: gpu.buffer(B * d * 4),
    xc: gpu.buffer(B * d * 4),
    pre: gpu.buffer(B * n * 4),
    preAux: gpu.buffer(B * n * 4),
    idx: gpu.buffer(E * 4),
    ent: gpu.buffer(2 * E * 4),
    status: gpu.buffer(B * 4),
    xh: gpu.buffer(B * d * 4),
    eh: gpu.buffer(B * d * 4),
    grad: gpu.buffer(2 * B * d * 4),
    cols: gpu.buffer(4 * d * 4),
    lists: gpu.buffer((n + 1 + E) * 4),
    partial: gpu.buffer(4 * PARTIALS * 4),
    stats: gpu.buffer(48),
    zeros: gpu.buffer(d * 4),
    statsRead: gpu.buffer(48, USAGE_READ),
  };
}

export class GpuTrainer extends OnDevice {
  private readonly kernels: Record<string, GPUComputePipeline>;
  private readonly params: Quad;
  private readonly m: Quad;
  private readonly v: Quad;
  private readonly grads: Quad;
  private readonly b: ReturnType<typeof scratch>;
  private readonly dims: Record<"t" | "gemm" | "topMain" | "topAux" | "decMain" | "decAux", GPUBuffer>;
  private readonly commands: Command[];
  private constructor(
    gpu: GpuContext,
    private readonly state: TrainState,
    private readonly cfg: TrainConfig,
  ) {
    super(gpu, "GPU trainer");
    const d = state.nInputs,
      n = state.nLatents,
      B = cfg.batchSize,
      k = cfg.k,
      ka = cfg.kAux,
      E = B * (k + ka);
    const p = state.params;
    const host = (s: { preBias: Float32Array; encoderWeight: Float32Array; decoderWeight: Float32Array; latentBias: Float32Array }): Quad => ({
      preBias: gpu.upload(s.preBias),
      encoderWeight: gpu.upload(s.encoderWeight),
      decoderWeight: gpu.upload(transpose(s.decoderWeight, d, n)),
      latentBias: gpu.upload(s.latentBias),
    });
    this.params = host(p);
    this.m = host(state.m);
    this.v = host(state.v);
    this.grads = { preBias: gpu.buffer(d * 4), encoderWeight: gpu.buffer(n * d * 4), decoderWeight: gpu.buffer(n * d * 4), latentBias: gpu.buffer(n * 4) };
    this.b = scratch(gpu, state, B * (k + ka), cfg.batchSize);
    const dims = (k: number, at: number) => gpu.uniform(Uint32Array.of(B, d, n, k, 0, at, 0, 0));
    this.dims = {
      t: gpu.uniform(new Uint32Array(16)),
      gemm: dims(0, 0),
      topMain: dims(k, 0),
      topAux: dims(ka, B * k),
      decMain: dims(k, 0),
      decAux: dims(ka, B * k),
    };
    this.kernels = {
      gemm: gpu.pipeline(GEMM_WGSL),
      topk: gpu.pipeline(TOPK_WGSL),
      decode: gpu.pipeline(DECODE_SPARSE_WGSL),
      center: gpu.pipeline(CENTER_WGSL),
      deadAge: gpu.pipeline(DEAD_AGE_WGSL),
      deadHit: gpu.pipeline(DEAD_HIT_WGSL),
      auxMask: gpu.pipeline(AUX_MASK_WGSL),
      nmseColumns: gpu.pipeline(NMSE_COLUMNS_WGSL),
      nmseTotal: gpu.pipeline(NMSE_TOTAL_WGSL),
      nmseGrad: gpu.pipeline(NMSE_GRAD_WGSL),
      entryGrad: gpu.pipeline(ENTRY_GRAD_WGSL),
      listCount: gpu.pipeline(LIST_WGSL, { FILL: 0 }),
      listFill: gpu.pipeline(LIST_WGSL, { FILL: 1 }),
      offsets: gpu.pipeline(OFFSETS_WGSL),
      latentGrads: gpu.pipeline(LATENT_GRADS_WGSL),
      preBiasGrad: gpu.pipeline(PRE_BIAS_GRAD_WGSL),
      project: gpu.pipeline(PROJECT_WGSL),
      sumsq: gpu.pipeline(SUMSQ_WGSL),
      clip: gpu.pipeline(CLIP_WGSL),
      adam: gpu.pipeline(ADAM_WGSL),
      renorm: gpu.pipeline(RENORM_WGSL),
    };
    this.commands = this.plan(d, n, B, k, ka, E);
  }

  /** The step's work, recorded the same way every step (only the uniform T and the batch change). */
  private plan(d: number, n: number, B: number, k: number, ka: number, E: number): Command[] {
    const K = this.kernels,
      b = this.b,
      t = this.dims.t,
      P = this.params,
      G = this.grads;
    const cols = Math.ceil(d / 64);
    const c = (kernel: string, bindings: Binding[], groups: [number, number?, number?]): Command => ({ pipeline: K[kernel]!, bindings, groups });
    return [
      // Forward: centre, pre-activations, a copy for AuxK, the top-k.
      c("center", [t, b.x, P.preBias, b.xc], [cols, B]),
      c("gemm", [this.dims.gemm, b.xc, P.encoderWeight, P.latentBias, b.pre], [Math.ceil(n / 64), Math.ceil(B / 64)]),
      { copy: b.pre, to: b.preAux, bytes: B * n * 4 },
      c("topk", [this.dims.topMain, b.pre, b.idx, b.ent, b.status], [B]),
      // Dead latents after this batch, and AuxK among them.
      c("deadAge", [t, b.since, b.after], [gridGroups(n, 64)]),
      c("deadHit", [t, b.idx, b.after], [gridGroups(B * k, 64)]),
      c("auxMask", [t, b.after, b.preAux, b.stats], [Math.ceil(n / 64), B]),
      ...(ka > 0 ? [c("topk", [this.dims.topAux, b.preAux, b.idx, b.ent, b.status], [B])] : []),
      // Reconstructions, the loss and its gradient in x̂ and ê.
      c("decode", [this.dims.decMain, b.idx, b.ent, P.decoderWeight, P.preBias, b.xh], [cols, B]),
      c("decode", [this.dims.decAux, b.idx, b.ent, P.decoderWeight, b.zeros, b.eh], [cols, B]),
      c("nmseColumns", [t, b.x, b.xh, b.eh, b.cols], [cols]),
      c("nmseTotal", [t, b.cols, b.status, b.stats], [1]),
      c("nmseGrad", [t, b.x, b.xh, b.eh, b.grad, b.stats], [cols, B]),
      // Backward through the selected latents only.
      c("entryGrad", [t, b.idx, b.ent, P.decoderWeight, b.grad], [gridGroups(E, 64)]),
      c("listCount", [t, b.idx, b.ent, b.lists], [Math.ceil(n / 256)]),
      c("offsets", [t, b.lists], [1]),
      c("listFill", [t, b.idx, b.ent, b.lists], [Math.ceil(n / 256)]),
      c("latentGrads", [t, b.lists, b.ent, b.grad, b.xc, G.decoderWeight, G.encoderWeight, G.latentBias], [cols, n]),
      c("preBiasGrad", [t, b.idx, b.ent, P.encoderWeight, b.grad, G.preBias], [cols]),
      // Update: projection, global-norm clip, Adam, unit decoder columns (the last two skipped if the step was cancelled).
      c("project", [t, P.decoderWeight, G.decoderWeight], [n]),
      ...PARAM_NAMES.map((name, j) =>
        c("sumsq", [G[name], { buffer: b.partial, offset: j * PARTIALS * 4, size: PARTIALS * 4 }], [Math.min(PARTIALS, Math.ceil(G[name].size / 4 / 256))]),
      ),
      c("clip", [t, b.partial, b.stats], [1]),
      ...PARAM_NAMES.map((name) => c("adam", [t, P[name], G[name], this.m[name], this.v[name], b.stats], [gridGroups(G[name].size / 4, 256)])),
      c("renorm", [t, P.decoderWeight, b.stats, b.after, b.since], [n]),
    ];
  }

  /**
   * Uploads the state. Required (trainer 'gpu'): any adapter, else E_NO_GPU; otherwise (trainer
   * 'auto') a hardware adapter or undefined. E_ARG when a buffer exceeds the adapter's limits.
   */
  static async create(state: TrainState, cfg: TrainConfig, options: { gpu?: GpuLike; required: boolean }): Promise<GpuTrainer | undefined> {
    if (cfg.arch !== "topk")
      throw new SaeError("E_ARG", `train: the WebGPU trainer trains top-k only; use --trainer wasm for batchtopk/matryoshka (arch '${cfg.arch}')`);
    const gpu = await GpuContext.acquire(options.gpu, options.required, "trainer 'gpu'", "trainer 'wasm'");
    if (!gpu) return undefined;
    const d = state.nInputs,
      n = state.nLatents,
      B = cfg.batchSize;
    const limit = gpu.device.limits.maxStorageBufferBindingSize;
    const tooBig = [
      ["the encoder", n * d * 4],
      ["the batch's pre-activations", B * n * 4],
      ["the batch's gradients", 2 * B * d * 4],
      ["the entry lists", (n + 1 + B * (cfg.k + cfg.kAux)) * 4],
    ] as const;
    const problem =
      B > 65535
        ? `batchSize ${B} exceeds 65535 rows`
        : n > 65535
          ? `nLatents ${n} exceeds 65535`
          : tooBig
              .filter(([, bytes]) => bytes > limit)
              .map(([what, bytes]) => `${what} (${bytes} bytes) exceeds this adapter's storage binding limit (${limit})`)[0];
    if (problem) {
      gpu.destroy();
      throw new SaeError("E_ARG", `trainer 'gpu': ${problem}; use trainer 'wasm'`);
    }
    return gpu.validated("trainer 'gpu'", () => new GpuTrainer(gpu, state, cfg));
  }

  /** One step on x [batchSize, d]; state.step advances, the rest of the state stays on the device until sync(). */
  async step(x: Float32Array): Promise<StepLosses> {
    this.live();
    const { cfg, state } = this;
    const d = state.nInputs,
      n = state.nLatents,
      B = cfg.batchSize,
      q = this.gpu.device.queue;
    const t = state.step + 1;
    const u = new ArrayBuffer(64),
      ui = new Uint32Array(u),
      uf = new Float32Array(u);
    ui.set([B, d, n, cfg.k, cfg.kAux, cfg.deadSteps, B * (cfg.k + cfg.kAux), 0]);
    uf.set([cfg.auxkCoef, cfg.clip, cfg.beta1, cfg.beta2, cfg.lr / (1 - cfg.beta1 ** t), Math.sqrt(1 - cfg.beta2 ** t), cfg.eps, 0], 8);
    q.writeBuffer(this.dims.t, 0, u);
    q.writeBuffer(this.b.x, 0, x.buffer, x.byteOffset, B * d * 4);
    q.writeBuffer(this.b.status, 0, new Uint32Array(B));
    q.writeBuffer(this.b.stats, 0, new Uint32Array(12));
    const [out] = await this.gpu.run(this.commands, [{ src: this.b.stats, bytes: 36, staging: this.b.statsRead }]);
    const f = new Float32Array(out!),
      i = new Uint32Array(out!);
    const [mainNum, mainDen, auxNum, auxDen] = f;
    if (i[7] !== NO_ROW) throw new SaeError("E_NONFINITE", `trainer: pre-activations of batch row ${i[7]} overflowed float32; training has diverged`);
    for (const [den, what] of [
      [mainDen!, "input"],
      [auxDen!, "residual"],
    ] as const) {
      if (!(den > 0)) throw new SaeError("E_ARG", `train: the ${what} of this batch has zero variance; nmse is undefined (use more rows, or rows that differ)`);
    }
    state.step++;
    const mse = mainNum! / mainDen!,
      auxLoss = auxNum! / auxDen!;
    return { loss: mse + cfg.auxkCoef * auxLoss, mse, auxLoss, dead: i[8]! };
  }

  /** Device → state: weights, Adam moments and dead counters (for checkpoints and results). */
  async sync(): Promise<void> {
    this.live();
    const { state } = this,
      d = state.nInputs,
      n = state.nLatents;
    const quads = [
      [state.params, this.params],
      [state.m, this.m],
      [state.v, this.v],
    ] as const;
    const outs = [...quads.flatMap(([, dev]) => PARAM_NAMES.map((name) => dev[name])), this.b.since].map((src) => ({
      src,
      bytes: src.size,
      staging: this.gpu.buffer(src.size, USAGE_READ),
    }));
    try {
      const got = await this.gpu.run([], outs);
      let j = 0;
      for (const [host] of quads) {
        for (const name of PARAM_NAMES) {
          const a = new Float32Array(got[j++]!, 0, host[name].length);
          host[name].set(name === "decoderWeight" ? transpose(a, n, d) : a);
        }
      }
      state.sinceActive.set(new Int32Array(got[j]!, 0, n));
    } finally {
      for (const o of outs) o.staging.destroy();
    }
  }
}
