// The fast trainer: the release's step with Wasm SIMD kernels that exploit sparsity —
// the forward is step 1's GEMM + top-k, and only the k (+ k_aux) selected latents of each row get
// gradient (assembly/train.ts); Adam, the projection and the renormalisation are dense SIMD loops.
// Checked against step.ref.ts and PyTorch. Uses the plain-SIMD module, never relaxed: fused
// multiply-adds would make the weights depend on the runtime.
// BatchTopK and Matryoshka: each row's C best relu(pre) are candidates, the batch's B·k best of
// them are selected on the calling thread (exact: a row whose C-th candidate is selected has C grown
// and the forward redone), and the selection is kept as segments per (row, Matryoshka group).
import { SaeError } from "../core/errors.js";
import { transpose } from "../core/shapes.js";
import { blockDepth, blockLatents } from "../kernels/encode.js";
import type { WasmKernels } from "../kernels/wasm.js";
import type { TrainConfig } from "./config.js";
import { groupsOf, type StepLosses, updateThreshold } from "./step.ref.js";
import type { TrainState } from "./state.js";

const NR = 8;
/** f32_encode_topk's order argument: relu before the selection (assembly/matmul.ts ORDER_RELU_TOPK). */
const ORDER_RELU_TOPK = 1;
/** Latents per block of the gradient norm's partial sums, and the unit of a share of latents. */
const LATENT_BLOCK = 64;

/** One buffer in Wasm memory: its address and its length in elements. */
interface Buf {
  ptr: number;
  len: number;
}

/**
 * The trainer's buffers, by name (the compiler checks every use). Weights and Adam moments:
 * E encoder [n, d], Wt decoder transposed [n, d], lb latent bias, pb pre-bias (m…, v…: Adam's
 * moments; g…: gradients). P / PA the encoder (all latents / dead ones) packed into panels, ED and
 * lbA the dead latents' rows and biases, DEAD their indices. X the batch centred, XR raw, XH its
 * reconstruction, EH the AuxK reconstruction of the residual, GX / GE their loss gradients; MEAN
 * the two losses' column means and ERR each row's sums (float64). IDX/VAL (AIDX/AVAL) the selected
 * (auxiliary) latents and values, DV (ADV) their gradients, TMP a row of scratch, SQ the squared
 * gradient norm by block of latents (float64), zeros a zero pre-bias, SCR the encode scratch of
 * the calling thread. BatchTopK and Matryoshka: IDX/VAL/DV hold the selection (only entries > 0) in
 * segments per (row, group), OFF their offsets [B·G + 1]; MP the G prefix reconstructions, then
 * their loss gradients' suffix sums, MERR their rows' sums (float64); DYN the candidates' width C,
 * their index and value buffers and each share's encode scratch (allocated as C grows).
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
  "DEAD",
  "zeros",
  "MEAN",
  "ERR",
  "SQ",
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
  "OFF",
  "MP",
  "MERR",
  "DYN",
] as const;
type BufName = (typeof BUFFERS)[number];

/** Elements of each buffer. */
function bufferSizes(kernels: WasmKernels, d: number, n: number, cfg: TrainConfig, workers: number): Record<BufName, number> {
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
    DEAD: n,
    zeros: d,
    MEAN: 4 * d,
    ERR: 8 * B,
    SQ: 4 * Math.ceil(n / LATENT_BLOCK),
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
    ...(cfg.arch === "topk"
      ? { OFF: 0, MP: 0, MERR: 0, DYN: 0 }
      : {
          OFF: B * groupCount(cfg) + 1,
          MP: cfg.arch === "matryoshka" ? groupCount(cfg) * Bd : 0,
          MERR: 4 * B * groupCount(cfg),
          DYN: 3 + Math.max(1, workers),
        }),
  };
}

/** BatchTopK's first candidate width: room for rows with up to 4k selected before any redo. */
function initialWidth(k: number, n: number): number {
  return Math.min(n, 4 * k);
}

/** Matryoshka's groups (its widths), one for BatchTopK. */
function groupCount(cfg: TrainConfig): number {
  return cfg.arch === "matryoshka" ? cfg.widths.length : 1;
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

/** The parts of a step that a pool splits between its workers (each one's share, see TrainerPhases.stage). */
export type Stage = "prepare" | "forward" | "auxPack" | "decode" | "means" | "errors" | "grads" | "backward" | "update";

/**
 * Runs a stage over every share and resolves when all are done: on this thread, the one share;
 * in a pool, one share per worker at once.
 */
export type RunStage = (stage: Stage, args: readonly number[]) => Promise<void> | void;

/** Share `part` of `parts` of [0, total), its boundaries on multiples of `unit` (the last ends at total). */
function share(total: number, part: number, parts: number, unit: number): [number, number] {
  const units = Math.ceil(total / unit);
  const at = (p: number) => Math.min(total, Math.floor((units * p) / parts) * unit);
  return [at(part), at(part + 1)];
}

/**
 * A step in stages that a pool splits between its workers: each stage works on one share of the
 * batch's rows, of the latents (in blocks of LATENT_BLOCK) or of the input columns, and every value
 * is computed in the same order whatever the share, so the weights come out byte for byte the
 * same for any number of workers. What needs the whole batch (the dead latents, the losses' sums,
 * the latent-bias gradient, the gradient norm) runs between stages, on the calling thread, in a
 * fixed order. All state lives in Wasm memory, so in a shared memory any worker can run any share.
 */
export class TrainerPhases {
  protected readonly d: number;
  protected readonly n: number;
  /** BatchTopK and Matryoshka: the selection is a batch-wide one, kept in segments (see BUFFERS). */
  protected readonly batchWide: boolean;
  /** Segments per row: Matryoshka's groups, else 1. */
  protected readonly G: number;
  /** Each latent's Matryoshka group (all 0 otherwise). */
  protected readonly groupOf: Int32Array;

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
    this.batchWide = cfg.arch !== "topk";
    this.G = groupCount(cfg);
    this.groupOf = cfg.arch === "matryoshka" ? groupsOf(cfg.widths, n) : new Int32Array(n);
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

  protected f64(name: BufName): Float64Array {
    const b = this.bufs[name];
    return new Float64Array(this.kernels.exports.memory.buffer, b.ptr, b.len >> 1);
  }

  protected p(name: BufName): number {
    return this.bufs[name].ptr;
  }

  /**
   * The latents each row selected, in the order every gradient adds them: the top k (values VAL,
   * d pre DV, loss gradient GX), then, with AuxK on, the top k_aux of the dead (AVAL, ADV, GE).
   */
  private selections(ka: number, denseOnly = false): { idx: BufName; val: BufName; dv: BufName; g: BufName; kk: number }[] {
    const main = { idx: "IDX", val: "VAL", dv: "DV", g: "GX", kk: this.cfg.k } as const;
    const sets: { idx: BufName; val: BufName; dv: BufName; g: BufName; kk: number }[] =
      ka > 0 ? [main, { idx: "AIDX", val: "AVAL", dv: "ADV", g: "GE", kk: ka }] : [main];
    // A batch-wide selection is in segments, which callers walk themselves where denseOnly.
    return denseOnly && this.batchWide ? sets.slice(1) : sets;
  }

  /** Entries of a set: B·kk, or a batch-wide selection's total. */
  private count(idx: BufName, kk: number): number {
    return this.batchWide && idx === "IDX" ? this.i("OFF")[this.cfg.batchSize * this.G]! : this.cfg.batchSize * kk;
  }

  /** Makes room for candidates C wide (DYN); only the trainer that owns the memory can. */
  protected reserve(_c: number): void {
    throw new SaeError("E_WORKER", "trainer: a worker's phases cannot allocate candidates");
  }

  /**
   * BatchTopK's selection from the candidates [B, C]: the B·k largest values (ties: the earlier row,
   * then the lower index; within a row candidates come best first, ties by index, so the order
   * is the batch's), its entries > 0 written as segments (IDX, VAL, OFF). Returns 0, or a wider C
   * when some row's last candidate is selected with a value > 0 (its next ones might be too).
   */
  private selectBatch(): { grow: number; widest: number; minSelected: number } {
    const { cfg, n, G, groupOf } = this;
    const B = cfg.batchSize,
      take = B * cfg.k;
    const dyn = this.i("DYN");
    const C = dyn[0]!;
    const CV = this.kernels.f32(dyn[2]!, B * C),
      CI = this.kernels.i32(dyn[1]!, B * C);
    // t: the take-th largest candidate (rows hold their C ≥ k best, so it is the batch's if no row
    // overflows). Values are ≥ +0 after ReLU, so their bits order as they do: bisect the bits for
    // the largest t with take candidates ≥ t, counting each best-first row by binary search.
    const bits = new Uint32Array(this.kernels.exports.memory.buffer, dyn[2]!, B * C);
    const atLeast = (t: number) => {
      let count = 0;
      for (let b = 0; b < B; b++) {
        let lo = 0,
          hi = C; // row b's first candidate below t lies in [lo, hi]
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (bits[b * C + mid]! >= t) lo = mid + 1;
          else hi = mid;
        }
        count += lo;
      }
      return count;
    };
    let lo = 0,
      hi = 0x7f800000; // atLeast(lo) ≥ take always (B·C candidates ≥ +0); +Inf cannot occur (encode refuses it)
    while (lo < hi) {
      const mid = lo + Math.ceil((hi - lo) / 2);
      if (atLeast(mid) >= take) lo = mid;
      else hi = mid - 1;
    }
    const t = new Float32Array(new Uint32Array([lo]).buffer)[0]!;
    let ties = take;
    for (const v of CV) if (v > t) ties--;
    const IDX = this.i("IDX"),
      VAL = this.f("VAL"),
      OFF = this.i("OFF");
    let total = 0,
      widest = 0,
      minSelected = Number.NaN;
    for (let b = 0; b < B; b++) {
      let m = 0;
      for (; m < C; m++) {
        const v = CV[b * C + m]!;
        if (!(v > t || (v === t && ties-- > 0))) break;
      }
      if (m === C && C < n && CV[b * C + C - 1]! > 0) return { grow: Math.min(n, 2 * C), widest: 0, minSelected };
      // Entries of value 0 contribute nothing: the segments hold the positive ones, by group.
      while (m > 0 && !(CV[b * C + m - 1]! > 0)) m--;
      widest = Math.max(widest, m);
      if (m > 0) minSelected = Math.min(Number.isNaN(minSelected) ? Infinity : minSelected, CV[b * C + m - 1]!);
      for (let g = 0; g < G; g++) {
        OFF[b * G + g] = total;
        for (let j = b * C; j < b * C + m; j++)
          if (groupOf[CI[j]!] === g) {
            IDX[total] = CI[j]!;
            VAL[total++] = CV[j]!;
          }
      }
    }
    OFF[B * G] = total;
    return { grow: 0, widest, minSelected };
  }

  /**
   * One stage on share `part` of `parts` (part = the encode scratch it uses; one share: this
   * thread's). args: auxPack, decode [dead, ka]; grads [sMain, sSide, ka]; backward [ka];
   * update [scale, stepSize, bc2].
   */
  stage(stage: Stage, part: number, parts: number, args: readonly number[]): void {
    const { d, n, kernels, cfg } = this;
    const ex = kernels.exports;
    const B = cfg.batchSize;
    const [r0, r1] = share(B, part, parts, 1);
    const [l0, l1] = share(n, part, parts, LATENT_BLOCK);
    const [q0, q1] = share(d, part, parts, 4);
    const row = (name: BufName, width: number, r = r0) => this.p(name) + r * width * 4;
    const lat = (name: BufName, l = l0) => this.p(name) + l * d * 4;
    const scratch = parts === 1 && this.scratches.length === 0 ? this.p("SCR") : this.scratches[part]!.ptr;
    const encodeAt = (panels: BufName, bias: BufName, latents: number, kk: number, idx: number, val: number, at: number, order: number) => {
      if (
        r1 > r0 &&
        ex.f32_encode_topk(
          row("X", d),
          r1 - r0,
          d,
          this.p(panels),
          this.p(bias),
          latents,
          kk,
          blockLatents(d, latents),
          blockDepth(d),
          order,
          idx + r0 * kk * 4,
          val + r0 * kk * 4,
          at,
        ) >= 0
      )
        throw new SaeError("E_NONFINITE", "trainer: pre-activations overflowed float32; training has diverged");
    };
    const encode = (panels: BufName, bias: BufName, latents: number, kk: number, idx: BufName, val: BufName) =>
      encodeAt(panels, bias, latents, kk, this.p(idx), this.p(val), scratch, 0);
    // The selection's segments (batch-wide archs): row b, group g → entries [OFF[s], OFF[s + 1]), s = b·G + g.
    const G = this.G,
      OFF = this.batchWide ? this.i("OFF") : new Int32Array(0);
    const at = (name: BufName, j: number) => this.p(name) + j * 4;
    // The main loss's gradient that row b's group-g latents see: Matryoshka's suffix sum, else GX.
    const gradRow = (g: number, b: number) => (cfg.arch === "matryoshka" ? this.p("MP") + (g * B + b) * d * 4 : row("GX", d, b));
    switch (stage) {
      case "prepare": {
        // The batch centred on pre_bias, and the encoder packed into panels.
        const X = this.f("X"),
          XR = this.f("XR"),
          pb = this.f("pb");
        for (let b = r0; b < r1; b++) for (let q = 0, o = b * d; q < d; q++) X[o + q] = XR[o + q]! - pb[q]!;
        ex.f32_pack_panels(lat("E"), l1 - l0, d, lat("P"));
        return;
      }
      case "forward": {
        if (!this.batchWide) {
          encode("P", "lb", n, cfg.k, "IDX", "VAL");
          return;
        }
        // Candidates: each row's C best relu(pre), ReLU first so that ties at 0 keep the lower index.
        const dyn = this.i("DYN");
        encodeAt("P", "lb", n, dyn[0]!, dyn[1]!, dyn[2]!, dyn[3 + (parts === 1 && this.scratches.length === 0 ? 0 : part)]!, ORDER_RELU_TOPK);
        return;
      }
      case "auxPack": {
        // The dead latents' encoder rows and biases, packed (the share's rows of them).
        const [dead] = args as [number];
        const [j0, j1] = share(dead, part, parts, NR);
        const E = this.f("E"),
          ED = this.f("ED"),
          lb = this.f("lb"),
          lbA = this.f("lbA"),
          D = this.i("DEAD");
        for (let j = j0; j < j1; j++) {
          ED.set(E.subarray(D[j]! * d, (D[j]! + 1) * d), j * d);
          lbA[j] = lb[D[j]!]!;
        }
        ex.f32_pack_panels(lat("ED", j0), j1 - j0, d, lat("PA", j0));
        return;
      }
      case "decode": {
        // AuxK's top k_aux of the dead latents, then both reconstructions.
        const [dead, ka] = args as [number, number];
        if (ka > 0) {
          encode("PA", "lbA", dead, ka, "AIDX", "AVAL");
          const ai = this.i("AIDX"),
            D = this.i("DEAD");
          for (let j = r0 * ka; j < r1 * ka; j++) ai[j] = D[ai[j]!]!;
          ex.f32_decode_sparse(row("AIDX", ka), row("AVAL", ka), r1 - r0, ka, this.p("Wt"), this.p("zeros"), d, n, row("EH", d));
        } else this.f("EH").fill(0, r0 * d, r1 * d);
        if (!this.batchWide) {
          ex.f32_decode_sparse(row("IDX", cfg.k), row("VAL", cfg.k), r1 - r0, cfg.k, this.p("Wt"), this.p("pb"), d, n, row("XH", d));
          return;
        }
        // Matryoshka: prefix g = prefix g − 1 (pre_bias for the first) + the row's group-g latents; x̂ the last.
        for (let b = r0; b < r1; b++) {
          let prev = this.p("pb");
          for (let g = 0; g < G; g++) {
            const s = b * G + g,
              out = cfg.arch === "matryoshka" ? gradRow(g, b) : row("XH", d, b);
            ex.f32_decode_sparse(at("IDX", OFF[s]!), at("VAL", OFF[s]!), 1, OFF[s + 1]! - OFF[s]!, this.p("Wt"), prev, d, n, out);
            prev = out;
          }
          if (cfg.arch === "matryoshka") this.f("XH").set(this.kernels.f32(prev, d), b * d);
        }
        return;
      }
      case "means":
        // Targets: x for the main loss, x − x̂ for AuxK (detached, as in the release).
        ex.f32_col_means(this.p("XR"), 0, 0, B, d, q0, q1, this.p("MEAN"));
        ex.f32_col_means(this.p("XR"), this.p("XH"), 1, B, d, q0, q1, this.p("MEAN") + d * 8);
        return;
      case "errors":
        ex.f32_row_errors(row("XH", d), row("XR", d), 0, 0, r1 - r0, d, this.p("MEAN"), this.p("ERR") + r0 * 16);
        ex.f32_row_errors(row("EH", d), row("XR", d), row("XH", d), 1, r1 - r0, d, this.p("MEAN") + d * 8, this.p("ERR") + (B + r0) * 16);
        if (cfg.arch === "matryoshka")
          for (let g = 0; g < G; g++) ex.f32_row_errors(gradRow(g, r0), row("XR", d), 0, 0, r1 - r0, d, this.p("MEAN"), this.p("MERR") + (g * B + r0) * 16);
        return;
      case "grads": {
        const [sMain, sSide, ka] = args as [number, number, number];
        if (cfg.arch === "matryoshka") {
          // Each prefix's gradient (1/G of its nmse's) in place, then suffix sums: MP_g ← Σ_{g' ≥ g} MP_g'.
          for (let g = 0; g < G; g++) ex.f32_nmse_grad(gradRow(g, r0), row("XR", d), 0, 0, (r1 - r0) * d, sMain, gradRow(g, r0));
          const MP = this.f("MP");
          for (let g = G - 2; g >= 0; g--) {
            const o = (g * B + r0) * d,
              u = ((g + 1) * B + r0) * d;
            for (let j = 0; j < (r1 - r0) * d; j++) MP[o + j]! += MP[u + j]!;
          }
          this.f("GX").set(MP.subarray(r0 * d, r1 * d), r0 * d);
        } else ex.f32_nmse_grad(row("XH", d), row("XR", d), 0, 0, (r1 - r0) * d, sMain, row("GX", d));
        ex.f32_nmse_grad(row("EH", d), row("XR", d), row("XH", d), 1, (r1 - r0) * d, sSide, row("GE", d));
        // d loss / d pre of each selected latent: its decoder row · the loss gradient, where ReLU passes it.
        if (this.batchWide)
          for (let b = r0; b < r1; b++)
            for (let g = 0; g < G; g++) {
              const s = b * G + g;
              ex.f32_sparse_dots(at("IDX", OFF[s]!), 1, OFF[s + 1]! - OFF[s]!, this.p("Wt"), gradRow(g, b), d, at("DV", OFF[s]!));
            }
        for (const { idx, val, dv, g, kk } of this.selections(ka, true)) {
          ex.f32_sparse_dots(row(idx, kk), r1 - r0, kk, this.p("Wt"), row(g, d), d, row(dv, kk));
          const V = this.f(val),
            DV = this.f(dv);
          for (let j = r0 * kk; j < r1 * kk; j++) if (!(V[j]! > 0)) DV[j] = 0;
        }
        return;
      }
      case "backward": {
        // Gradient rows of the share's latents: decoder from the values, encoder from the d pre's.
        const [ka] = args as [number];
        this.f("gE").fill(0, l0 * d, l1 * d);
        this.f("gWt").fill(0, l0 * d, l1 * d);
        const sets = this.selections(ka);
        // The selected latents then the auxiliary ones, rows in order, for each gradient (segments: one call each).
        for (const { idx, val, g, kk } of sets) {
          if (this.batchWide && idx === "IDX") {
            for (let b = 0; b < B; b++)
              for (let c = 0; c < G; c++) {
                const s = b * G + c;
                ex.f32_sparse_scatter(at("IDX", OFF[s]!), at("VAL", OFF[s]!), 1, OFF[s + 1]! - OFF[s]!, gradRow(c, b), d, this.p("gWt"), l0, l1);
              }
          } else ex.f32_sparse_scatter(this.p(idx), this.p(val), B, kk, this.p(g), d, this.p("gWt"), l0, l1);
        }
        for (const { idx, dv, kk } of sets) {
          if (this.batchWide && idx === "IDX") {
            for (let b = 0; b < B; b++) {
              const [a, e] = [OFF[b * G]!, OFF[(b + 1) * G]!];
              ex.f32_sparse_scatter(at("IDX", a), at("DV", a), 1, e - a, row("X", d, b), d, this.p("gE"), l0, l1);
            }
          } else ex.f32_sparse_scatter(this.p(idx), this.p(dv), B, kk, this.p("X"), d, this.p("gE"), l0, l1);
        }
        ex.f32_project_rows(lat("Wt"), lat("gWt"), l1 - l0, d);
        const SQ = this.f64("SQ"),
          blocks = Math.ceil(n / LATENT_BLOCK);
        for (let l = l0; l < l1; l += LATENT_BLOCK) {
          const rows = Math.min(LATENT_BLOCK, l1 - l);
          SQ[l / LATENT_BLOCK] = ex.f32_sumsq(lat("gE", l), rows * d);
          SQ[blocks + l / LATENT_BLOCK] = ex.f32_sumsq(lat("gWt", l), rows * d);
        }
        // pre_bias, the share's columns: Σ_b GX[b] − Σ gpre · encoder row, over each set of latents.
        const gpb = this.f("gpb"),
          T = this.f("TMP");
        gpb.fill(0, q0, q1);
        ex.f32_sum_rows(this.p("GX"), B, d, q0, q1, this.p("gpb"));
        for (const { idx, dv, kk } of sets) {
          ex.f32_sparse_sum_cols(this.p(idx), this.p(dv), this.count(idx, kk), this.p("E"), d, q0, q1, this.p("TMP"));
          for (let q = q0; q < q1; q++) gpb[q]! -= T[q]!;
        }
        return;
      }
      case "update": {
        const [scale, stepSize, bc2] = args as [number, number, number];
        const adam = (w: BufName, g: BufName, m: BufName, v: BufName, from: number, to: number) =>
          ex.f32_adam(
            this.p(w) + from * 4,
            this.p(g) + from * 4,
            this.p(m) + from * 4,
            this.p(v) + from * 4,
            to - from,
            scale,
            cfg.beta1,
            cfg.beta2,
            stepSize,
            bc2,
            cfg.eps,
          );
        adam("E", "gE", "mE", "vE", l0 * d, l1 * d);
        adam("Wt", "gWt", "mWt", "vWt", l0 * d, l1 * d);
        ex.f32_normalize_rows(lat("Wt"), l1 - l0, d);
        if (part === 0) {
          adam("lb", "glb", "mlb", "vlb", 0, this.bufs.lb.len);
          adam("pb", "gpb", "mpb", "vpb", 0, d);
        }
        return;
      }
    }
  }

  /**
   * One step on the batch x, its stages through `run`. `since` is the dead-latent counter before
   * this batch and `step` the optimiser steps so far; the counter after the batch comes back.
   */
  async stepWith(x: Float32Array, since: Int32Array, step: number, run: RunStage): Promise<{ losses: StepLosses; after: Int32Array; minSelected: number }> {
    const { d, n, kernels, cfg } = this;
    const B = cfg.batchSize;
    this.f("XR").set(x.subarray(0, B * d));
    await run("prepare", []);
    await run("forward", []);
    let minSelected = Number.NaN;
    if (this.batchWide) {
      let sel = this.selectBatch();
      while (sel.grow) {
        this.reserve(sel.grow);
        await run("forward", []);
        sel = this.selectBatch();
      }
      minSelected = sel.minSelected;
      // Rows rarely need more than a quarter of C for long: narrower candidates are cheaper to select.
      const C = this.i("DYN")[0]!;
      if (4 * sel.widest < C && C > initialWidth(cfg.k, n)) this.reserve(Math.max(initialWidth(cfg.k, n), C >> 1));
    } else for (const v of this.f("VAL")) if (v > 0 && !(v >= minSelected)) minSelected = v;
    // Dead latents: steps since each was in some row's top-k (batch-wide: fired, > 0), after this batch.
    const after = since.map((c) => c + 1);
    const IDX = this.i("IDX");
    for (let j = 0; j < this.count("IDX", cfg.k); j++) after[IDX[j]!] = 1;
    const D = this.i("DEAD");
    let dead = 0;
    for (let i = 0; i < n; i++) if (after[i]! > cfg.deadSteps) D[dead++] = i;
    const ka = Math.min(cfg.kAux, dead);
    if (ka > 0) await run("auxPack", [dead]);
    await run("decode", [dead, ka]);
    // The losses: column means, each row's sums, then their totals in row order (float64).
    await run("means", []);
    await run("errors", []);
    const ERR = this.f64("ERR");
    const total = (from: number) => {
      let num = 0,
        den = 0;
      for (let b = from; b < from + B; b++) {
        num += ERR[2 * b]!;
        den += ERR[2 * b + 1]!;
      }
      return { num, den };
    };
    const main = total(0),
      side = total(B);
    for (const [sums, what] of [
      [main, "input"],
      [side, "residual"],
    ] as const) {
      if (!(sums.den > 0))
        throw new SaeError("E_ARG", `train: the ${what} of this batch has zero variance; nmse is undefined (use more rows, or rows that differ)`);
    }
    // Matryoshka: the main loss is the mean of the prefixes' nmse's (their targets, so den, are x's).
    let mainLoss = main.num / main.den;
    if (cfg.arch === "matryoshka") {
      const MERR = this.f64("MERR");
      mainLoss = 0;
      for (let g = 0; g < this.G; g++) {
        let num = 0;
        for (let b = 0; b < B; b++) num += MERR[2 * (g * B + b)]!;
        mainLoss += num / main.den / this.G;
      }
    }
    await run("grads", [2 / main.den / this.G, (cfg.auxkCoef * 2) / side.den, ka]);
    // latent_bias: Σ d pre per latent, the selected then the auxiliary, rows in order.
    const glb = this.f("glb").fill(0);
    for (const { idx, dv, kk } of this.selections(ka)) {
      const I = this.i(idx),
        DV = this.f(dv);
      for (let j = 0; j < this.count(idx, kk); j++) glb[I[j]!]! += DV[j]!;
    }
    await run("backward", [ka]);
    // Global-norm clip folded into Adam's scale: the blocks' sums in order, then the biases'.
    let sq = 0;
    for (const v of this.f64("SQ")) sq += v;
    sq += kernels.exports.f32_sumsq(this.p("glb"), this.bufs.glb.len) + kernels.exports.f32_sumsq(this.p("gpb"), d);
    const coef = cfg.clip / (Math.sqrt(sq) + 1e-6);
    const t = step + 1;
    await run("update", [Math.min(1, coef), cfg.lr / (1 - cfg.beta1 ** t), Math.sqrt(1 - cfg.beta2 ** t)]);
    const mse = main.num / main.den,
      aux = side.num / side.den;
    return { losses: { loss: mainLoss + cfg.auxkCoef * aux, mse, auxLoss: aux, dead }, after, minSelected };
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
    /** Encode scratches' rows: the batch, or with workers each share's most. */
    private readonly shareRows: number,
  ) {
    super(kernels, bufs, scratches, cfg, state.nInputs, state.nLatents);
  }

  /** The candidate buffers (DYN's pointers) and the width they hold. */
  private candidates: { ptrs: number[]; width: number } = { ptrs: [], width: 0 };

  protected override reserve(c: number): void {
    const { d, n, kernels, cfg } = this;
    if (c > this.candidates.width) {
      const B = cfg.batchSize;
      const shares = Math.max(1, this.scratches.length);
      const scratch = kernels.exports.f32_encode_topk_scratch_bytes(this.shareRows, d, c, blockLatents(d, n)) >>> 0;
      const ptrs = kernels.allocAll(B * c * 4, B * c * 4, ...Array.from({ length: shares }, () => scratch));
      for (const p of this.candidates.ptrs) kernels.free(p);
      this.candidates = { ptrs, width: c };
    }
    const dyn = this.i("DYN");
    dyn[0] = c;
    dyn.set(this.candidates.ptrs, 1);
  }

  /**
   * Allocates the buffers and copies the state in (natural layouts; the decoder transposed to
   * [n, d]); `workers` extra encode scratches serve the forward phase's parallel row ranges.
   */
  static create(kernels: WasmKernels, state: TrainState, cfg: TrainConfig, workers = 0): WasmTrainer {
    if (kernels.isa !== "simd") throw new SaeError("E_ARG", "the trainer runs the plain-SIMD module so that its results do not depend on the runtime");
    const { nInputs: d, nLatents: n } = state;
    const sizes = bufferSizes(kernels, d, n, cfg, workers);
    const bufs = Object.fromEntries(BUFFERS.map((name) => [name, { ptr: kernels.alloc(Math.max(1, sizes[name]) * 4), len: sizes[name] }])) as Record<
      BufName,
      Buf
    >;
    const part = Math.ceil(cfg.batchSize / Math.max(1, workers));
    const scratches = Array.from({ length: workers }, () => ({
      ptr: kernels.alloc(kernels.exports.f32_encode_topk_scratch_bytes(part, d, Math.max(cfg.k, Math.min(cfg.kAux, n)), blockLatents(d, n)) >>> 0),
      len: 0,
    }));
    const t = new WasmTrainer(kernels, bufs, scratches, cfg, state, workers > 0 ? part : cfg.batchSize);
    for (const name of BUFFERS) t.f(name).fill(0);
    if (cfg.arch !== "topk") t.reserve(initialWidth(cfg.k, n));
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

  /** One step on x [batch, d] (batch = the configured batch size), all stages on this thread. */
  async step(x: Float32Array, batch: number): Promise<StepLosses> {
    if (batch !== this.cfg.batchSize) throw new SaeError("E_SHAPE", `trainer: batch ${batch} is not the configured ${this.cfg.batchSize}`);
    const st = this.state;
    const r = await this.stepWith(x, st.sinceActive, st.step, (stage, args) => this.stage(stage, 0, 1, args));
    st.sinceActive.set(r.after);
    if (this.cfg.arch !== "topk") st.threshold = updateThreshold(st.threshold, st.step, r.minSelected, this.cfg.thresholdRate);
    st.step++;
    return r.losses;
  }

  /** Frees the buffers. */
  dispose(): void {
    for (const b of [...Object.values(this.bufs), ...this.scratches]) this.kernels.free(b.ptr);
    for (const p of this.candidates.ptrs) this.kernels.free(p);
  }
}
