// The fast trainer: the release's step with Wasm SIMD kernels that exploit sparsity —
// the forward is step 1's GEMM + top-k, and only the k (+ k_aux) selected latents of each row get
// gradient (assembly/train.ts); Adam, the projection and the renormalisation are dense SIMD loops.
// Checked against step.ref.ts and PyTorch. Uses the plain-SIMD module, never relaxed: fused
// multiply-adds would make the weights depend on the runtime.
import { SaeError } from "../core/errors.js";
import { transpose } from "../core/shapes.js";
import { blockDepth, blockLatents } from "../kernels/encode.js";
import type { WasmKernels } from "../kernels/wasm.js";
import type { TrainConfig } from "./config.js";
import type { StepLosses } from "./step.ref.js";
import type { TrainState } from "./state.js";

const NR = 8;

/** One buffer in Wasm memory: its address and its length in elements. */
interface Buf {
  ptr: number;
  len: number;
}

/**
 * The trainer's buffers, by name (the compiler checks every use). Weights and Adam moments:
 * E encoder [n, d], Wt decoder transposed [n, d], lb latent bias, pb pre-bias (m…, v…: Adam's
 * moments; g…: gradients). P / PA the encoder (all latents / dead ones) packed into panels, ED and
 * lbA the dead latents' rows and biases. X the batch centred, XR raw, XH its reconstruction, EH the
 * AuxK reconstruction of the residual, GX / GE their loss gradients, MEAN scratch of the loss.
 * IDX/VAL (AIDX/AVAL) the selected (auxiliary) latents and values, DV (ADV) their gradients,
 * TMP a row of scratch, zeros a zero pre-bias, SCR the encode scratch of the calling thread.
 */
const BUFFERS = [
  "E",
  "Wt",
  "lb",
  "pb",
  "mE",
  "vE",
  "mWt",
  "vWt",
  "mlb",
  "vlb",
  "mpb",
  "vpb",
  "gE",
  "gWt",
  "glb",
  "gpb",
  "P",
  "PA",
  "lbA",
  "ED",
  "zeros",
  "MEAN",
  "X",
  "XR",
  "XH",
  "EH",
  "GX",
  "GE",
  "IDX",
  "VAL",
  "DV",
  "AIDX",
  "AVAL",
  "ADV",
  "TMP",
  "SCR",
] as const;
type BufName = (typeof BUFFERS)[number];

/** Elements of each buffer. */
function bufferSizes(kernels: WasmKernels, d: number, n: number, cfg: TrainConfig): Record<BufName, number> {
  const nPad = Math.ceil(n / NR) * NR,
    B = cfg.batchSize,
    k = cfg.k,
    ka = Math.min(cfg.kAux, n);
  const scratch = (kk: number) => kernels.exports.f32_encode_topk_scratch_bytes(B, d, kk, blockLatents(d, n)) >>> 0;
  const [nd, Bd] = [n * d, B * d];
  return {
    E: nd,
    Wt: nd,
    lb: nPad,
    pb: d,
    mE: nd,
    vE: nd,
    mWt: nd,
    vWt: nd,
    mlb: nPad,
    vlb: nPad,
    mpb: d,
    vpb: d,
    gE: nd,
    gWt: nd,
    glb: nPad,
    gpb: d,
    P: nPad * d,
    PA: nPad * d,
    lbA: nPad,
    ED: nd,
    zeros: d,
    MEAN: 2 * d,
    X: Bd,
    XR: Bd,
    XH: Bd,
    EH: Bd,
    GX: Bd,
    GE: Bd,
    IDX: B * k,
    VAL: B * k,
    DV: B * k,
    AIDX: B * ka,
    AVAL: B * ka,
    ADV: B * ka,
    TMP: Bd,
    SCR: Math.ceil(Math.max(scratch(k), scratch(Math.max(1, ka))) / 4),
  };
}

/** Where a trainer's buffers lie in Wasm memory: enough for a worker to attach to a shared one. */
export interface TrainerLayout {
  readonly d: number;
  readonly n: number;
  readonly cfg: TrainConfig;
  readonly bufs: Record<BufName, Buf>;
  /** One encode scratch per worker, for the forward phase's row ranges. */
  readonly scratches: readonly Buf[];
}

/**
 * A step in three phases, so that a pool can split the middle one: prepare (centre the batch,
 * pack the encoder), forward (GEMM + top-k over a range of rows, with the scratch named), finish
 * (dead latents, AuxK, loss, backward, update). All state lives in Wasm memory, so in a shared
 * memory any worker can run any phase; forward rows are independent and the rest runs on one
 * worker in a fixed order, so the weights come out the same for any number of workers.
 */
export class TrainerPhases {
  protected readonly d: number;
  protected readonly n: number;

  protected constructor(
    protected readonly kernels: WasmKernels,
    protected readonly bufs: Record<BufName, Buf>,
    protected readonly scratches: readonly Buf[],
    protected readonly cfg: TrainConfig,
    d: number,
    n: number,
  ) {
    this.d = d;
    this.n = n;
  }

  /** Phases over buffers another thread allocated in this (shared) memory: what a worker runs. */
  static attach(kernels: WasmKernels, layout: TrainerLayout): TrainerPhases {
    return new TrainerPhases(kernels, layout.bufs, layout.scratches, layout.cfg, layout.d, layout.n);
  }

  protected f(name: BufName): Float32Array {
    const b = this.bufs[name];
    return this.kernels.f32(b.ptr, b.len);
  }

  protected i(name: BufName): Int32Array {
    const b = this.bufs[name];
    return this.kernels.i32(b.ptr, b.len);
  }

  protected p(name: BufName): number {
    return this.bufs[name].ptr;
  }

  /** Phase 1: the batch, raw and centred on pre_bias, and the encoder packed into panels. */
  prepare(x: Float32Array): void {
    const { d, n, kernels } = this;
    const pb = this.f("pb");
    const X = this.f("X");
    this.f("XR").set(x.subarray(0, this.cfg.batchSize * d));
    for (let b = 0; b < this.cfg.batchSize; b++) for (let q = 0, o = b * d; q < d; q++) X[o + q] = x[o + q]! - pb[q]!;
    kernels.exports.f32_pack_panels(this.p("E"), n, d, this.p("P"));
  }

  /** Phase 2: GEMM + top-k for rows [r0, r0 + rows), in worker `worker`'s scratch (the calling thread's without one). */
  forward(r0: number, rows: number, worker?: number): void {
    const { d, n, kernels, cfg } = this;
    const k = cfg.k;
    const o = (name: BufName, width: number) => this.p(name) + r0 * width * 4;
    const scratch = worker === undefined ? this.p("SCR") : this.scratches[worker]!.ptr;
    if (
      kernels.exports.f32_encode_topk(
        o("X", d),
        rows,
        d,
        this.p("P"),
        this.p("lb"),
        n,
        k,
        blockLatents(d, n),
        blockDepth(d),
        0,
        o("IDX", k),
        o("VAL", k),
        scratch,
      ) >= 0
    ) {
      throw new SaeError("E_NONFINITE", "trainer: pre-activations overflowed float32; training has diverged");
    }
  }

  /**
   * Phase 3: dead latents, AuxK, loss, backward through the selected latents, update. `since` is
   * the dead-latent counter before this batch and `step` the optimiser steps so far; the counter
   * after the batch comes back.
   */
  finish(since: Int32Array, step: number): { losses: StepLosses; after: Int32Array } {
    const { d, n, kernels, cfg } = this;
    const ex = kernels.exports;
    const k = cfg.k;
    const batch = cfg.batchSize;
    const kc = blockDepth(d);
    // Dead latents: steps since each was in some row's top-k, after this batch.
    const after = since.map((c) => c + 1);
    for (const i of this.i("IDX")) after[i] = 1;
    const dead: number[] = [];
    for (let i = 0; i < n; i++) if (after[i]! > cfg.deadSteps) dead.push(i);
    // AuxK: top k_aux of the dead latents' pre-activations, by the same GEMM on their rows alone.
    const ka = Math.min(cfg.kAux, dead.length);
    if (ka > 0) {
      const E = this.f("E"),
        ED = this.f("ED"),
        lb = this.f("lb"),
        lbA = this.f("lbA");
      dead.forEach((i, j) => {
        ED.set(E.subarray(i * d, (i + 1) * d), j * d);
        lbA[j] = lb[i]!;
      });
      ex.f32_pack_panels(this.p("ED"), dead.length, d, this.p("PA"));
      if (
        ex.f32_encode_topk(
          this.p("X"),
          batch,
          d,
          this.p("PA"),
          this.p("lbA"),
          dead.length,
          ka,
          blockLatents(d, dead.length),
          kc,
          0,
          this.p("AIDX"),
          this.p("AVAL"),
          this.p("SCR"),
        ) >= 0
      ) {
        throw new SaeError("E_NONFINITE", "trainer: pre-activations overflowed float32; training has diverged");
      }
      const ai = this.i("AIDX");
      for (let j = 0; j < batch * ka; j++) ai[j] = dead[ai[j]!]!;
    }
    // Reconstructions and the loss, in float64.
    ex.f32_decode_sparse(this.p("IDX"), this.p("VAL"), batch, k, this.p("Wt"), this.p("pb"), d, n, this.p("XH"));
    if (ka > 0) ex.f32_decode_sparse(this.p("AIDX"), this.p("AVAL"), batch, ka, this.p("Wt"), this.p("zeros"), d, n, this.p("EH"));
    else this.f("EH").fill(0);
    const nmse = (r: BufName, t: BufName, u: BufName | undefined, coef: number, grad: BufName, what: string) => {
      const v = ex.f32_nmse(this.p(r), this.p(t), u ? this.p(u) : 0, u ? 1 : 0, batch, d, coef, this.p(grad), this.p("MEAN"));
      if (v < 0) throw new SaeError("E_ARG", `train: the ${what} of this batch has zero variance; nmse is undefined (use more rows, or rows that differ)`);
      return v;
    };
    const main = nmse("XH", "XR", undefined, 1, "GX", "input");
    // The AuxK target x − x̂ is detached: a constant here, as in the release.
    const side = nmse("EH", "XR", "XH", cfg.auxkCoef, "GE", "residual");
    // Backward through the selected latents only.
    for (const name of ["gE", "gWt", "glb", "gpb"] as const) this.f(name).fill(0);
    const glb = this.f("glb"),
      gpb = this.f("gpb");
    const back = (idx: BufName, val: BufName, dv: BufName, g: BufName, kk: number) => {
      ex.f32_sparse_dots(this.p(idx), batch, kk, this.p("Wt"), this.p(g), d, this.p(dv));
      ex.f32_sparse_scatter(this.p(idx), this.p(val), batch, kk, this.p(g), d, this.p("gWt"));
      const I = this.i(idx),
        V = this.f(val),
        DV = this.f(dv);
      // d loss / d pre, in place of the dot products: ReLU passes it only where the value is positive.
      for (let j = 0; j < batch * kk; j++) {
        const gp = V[j]! > 0 ? DV[j]! : 0;
        DV[j] = gp;
        glb[I[j]!]! += gp;
      }
      ex.f32_sparse_scatter(this.p(idx), this.p(dv), batch, kk, this.p("X"), d, this.p("gE"));
      // pre_bias: −Σ gpre · encoder row over the whole batch, as one "row" of batch·kk entries.
      ex.f32_decode_sparse(this.p(idx), this.p(dv), 1, batch * kk, this.p("E"), this.p("zeros"), d, n, this.p("TMP"));
      const T = this.f("TMP");
      for (let q = 0; q < d; q++) gpb[q]! -= T[q]!;
    };
    ex.f32_sum_rows(this.p("GX"), batch, d, this.p("gpb"));
    back("IDX", "VAL", "DV", "GX", k);
    if (ka > 0) back("AIDX", "AVAL", "ADV", "GE", ka);
    // Update: projection, global-norm clip (folded into Adam's scale), Adam, unit decoder columns.
    ex.f32_project_rows(this.p("Wt"), this.p("gWt"), n, d);
    let sq = 0;
    for (const g of ["gE", "gWt", "glb", "gpb"] as const) sq += ex.f32_sumsq(this.p(g), this.bufs[g].len);
    const coef = cfg.clip / (Math.sqrt(sq) + 1e-6);
    const t = step + 1;
    const stepSize = cfg.lr / (1 - cfg.beta1 ** t),
      bc2 = Math.sqrt(1 - cfg.beta2 ** t);
    for (const [w, g, m, v] of [
      ["E", "gE", "mE", "vE"],
      ["Wt", "gWt", "mWt", "vWt"],
      ["lb", "glb", "mlb", "vlb"],
      ["pb", "gpb", "mpb", "vpb"],
    ] as const) {
      ex.f32_adam(this.p(w), this.p(g), this.p(m), this.p(v), this.bufs[w].len, Math.min(1, coef), cfg.beta1, cfg.beta2, stepSize, bc2, cfg.eps);
    }
    ex.f32_normalize_rows(this.p("Wt"), n, d);
    return { losses: { loss: main + cfg.auxkCoef * side, mse: main, auxLoss: side, dead: dead.length }, after };
  }
}

/**
 * The trainer that owns its buffers (allocated here, freed by dispose) and the run's state:
 * copies the state in at creation, back out in sync(), and runs whole steps on this thread.
 */
export class WasmTrainer extends TrainerPhases {
  private constructor(
    kernels: WasmKernels,
    bufs: Record<BufName, Buf>,
    scratches: readonly Buf[],
    cfg: TrainConfig,
    private readonly state: TrainState,
  ) {
    super(kernels, bufs, scratches, cfg, state.nInputs, state.nLatents);
  }

  /**
   * Allocates the buffers and copies the state in (natural layouts; the decoder transposed to
   * [n, d]); `workers` extra encode scratches serve the forward phase's parallel row ranges.
   */
  static create(kernels: WasmKernels, state: TrainState, cfg: TrainConfig, workers = 0): WasmTrainer {
    if (kernels.isa !== "simd") throw new SaeError("E_ARG", "the trainer runs the plain-SIMD module so that its results do not depend on the runtime");
    const { nInputs: d, nLatents: n } = state;
    const sizes = bufferSizes(kernels, d, n, cfg);
    const bufs = Object.fromEntries(BUFFERS.map((name) => [name, { ptr: kernels.alloc(Math.max(1, sizes[name]) * 4), len: sizes[name] }])) as Record<
      BufName,
      Buf
    >;
    const part = Math.ceil(cfg.batchSize / Math.max(1, workers));
    const scratches = Array.from({ length: workers }, () => ({
      ptr: kernels.alloc(kernels.exports.f32_encode_topk_scratch_bytes(part, d, cfg.k, blockLatents(d, n)) >>> 0),
      len: 0,
    }));
    const t = new WasmTrainer(kernels, bufs, scratches, cfg, state);
    for (const name of BUFFERS) t.f(name).fill(0);
    t.load();
    return t;
  }

  /** The buffers' places, for workers attaching to the same (shared) memory. */
  layout(): TrainerLayout {
    return { d: this.d, n: this.n, cfg: this.cfg, bufs: this.bufs, scratches: this.scratches };
  }

  /** state → Wasm. */
  private load(): void {
    const { d, n } = this;
    const s = this.state;
    const tr = (src: Float32Array, dst: Float32Array) => transpose(src, d, n, dst);
    this.f("E").set(s.params.encoderWeight);
    this.f("mE").set(s.m.encoderWeight);
    this.f("vE").set(s.v.encoderWeight);
    tr(s.params.decoderWeight, this.f("Wt"));
    tr(s.m.decoderWeight, this.f("mWt"));
    tr(s.v.decoderWeight, this.f("vWt"));
    this.f("lb").set(s.params.latentBias);
    this.f("mlb").set(s.m.latentBias);
    this.f("vlb").set(s.v.latentBias);
    this.f("pb").set(s.params.preBias);
    this.f("mpb").set(s.m.preBias);
    this.f("vpb").set(s.v.preBias);
  }

  /** Wasm → state (for checkpoints and results). */
  sync(): void {
    const { d, n } = this;
    const s = this.state;
    const tr = (src: Float32Array, dst: Float32Array) => transpose(src, n, d, dst);
    s.params.encoderWeight.set(this.f("E"));
    s.m.encoderWeight.set(this.f("mE"));
    s.v.encoderWeight.set(this.f("vE"));
    tr(this.f("Wt"), s.params.decoderWeight);
    tr(this.f("mWt"), s.m.decoderWeight);
    tr(this.f("vWt"), s.v.decoderWeight);
    s.params.latentBias.set(this.f("lb").subarray(0, n));
    s.m.latentBias.set(this.f("mlb").subarray(0, n));
    s.v.latentBias.set(this.f("vlb").subarray(0, n));
    s.params.preBias.set(this.f("pb"));
    s.m.preBias.set(this.f("mpb"));
    s.v.preBias.set(this.f("vpb"));
  }

  /** One step on x [batch, d] (batch = the configured batch size), all phases on this thread. */
  step(x: Float32Array, batch: number): StepLosses {
    if (batch !== this.cfg.batchSize) throw new SaeError("E_SHAPE", `trainer: batch ${batch} is not the configured ${this.cfg.batchSize}`);
    const st = this.state;
    this.prepare(x);
    this.forward(0, batch);
    const r = this.finish(st.sinceActive, st.step);
    st.sinceActive.set(r.after);
    st.step++;
    return r.losses;
  }

  /** Frees the buffers. */
  dispose(): void {
    for (const b of [...Object.values(this.bufs), ...this.scratches]) this.kernels.free(b.ptr);
  }
}
