// The card's metrics over an evaluation set: normalised MSE, log10 feature density in
// both readings, dead share and mean activation, plus the per-latent density array.
import { SaeError } from "../core/errors.js";
import type { Codes, SaeCodec } from "../core/model.js";
import { toRows, type RowsInput } from "../core/shapes.js";

export interface Metrics {
  /** Σ‖x̂ − x‖² / Σ‖mean(x) − x‖² over the set: the card's "MSE". */
  nmse: number;
  /** Reading (a), primary: mean log10 density over latents that fired at least once. */
  logFdLive: number;
  /** Reading (b): mean log10(density + 1e-10) over all latents. */
  logFdAll: number;
  /** Share of latents that never entered a top-k on the set. */
  deadShare: number;
  /** Mean of the post-ReLU values > 0 among selected latents: the card's "Act Mean". */
  actMean: number;
  /**
   * Per latent: the share of rows whose top-k holds it (even with value 0 after ReLU); for a
   * thresholded model, whose codes hold it with a value above 0 (its padding entries are not selections).
   */
  density: Float64Array;
  /** Mean count of latents with a value above 0 per row: L0. */
  meanL0: number;
  rows: number;
}

/** Accumulates metrics batch by batch, so that sets larger than memory stream through. */
export class MetricsAccumulator {
  private rows = 0;
  private sumErr = 0;
  /** Per coordinate: the mean so far and the sum of squared deviations from it (Chan et al.'s merge). */
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private readonly counts: Float64Array;
  private actSum = 0;
  private actCount = 0;

  constructor(
    private readonly d: number,
    private readonly n: number,
    /** Count a latent only where its value is above 0 (thresholded models' codes end in value-0 padding). */
    private readonly activeOnly = false,
  ) {
    this.mean = new Float64Array(d);
    this.m2 = new Float64Array(d);
    this.counts = new Float64Array(n);
  }

  /** Adds a batch: inputs x, its codes and reconstructions. */
  add(x: Float32Array, codes: Codes, xhat: Float32Array): void {
    const { d } = this;
    const nb = x.length / d;
    if (nb === 0) return;
    for (let i = 0; i < x.length; i++) this.sumErr += (xhat[i]! - x[i]!) ** 2;
    // The batch's variance in two passes (mean, then squared deviations), merged into the running
    // one: no Σx² − n·mean² cancellation, which turns identical rows into noise or negative totals.
    const bm = new Float64Array(d),
      bm2 = new Float64Array(d);
    for (let i = 0; i < x.length; i++) bm[i % d]! += x[i]!;
    for (let p = 0; p < d; p++) bm[p]! /= nb;
    for (let i = 0; i < x.length; i++) bm2[i % d]! += (x[i]! - bm[i % d]!) ** 2;
    const na = this.rows,
      n = na + nb;
    for (let p = 0; p < d; p++) {
      const delta = bm[p]! - this.mean[p]!;
      this.mean[p]! += (delta * nb) / n;
      this.m2[p]! += bm2[p]! + (delta * delta * na * nb) / n;
    }
    for (let i = 0; i < codes.indices.length; i++) {
      const v = codes.values[i]!;
      if (!this.activeOnly || v > 0) this.counts[codes.indices[i]!]!++;
      if (v > 0) {
        this.actSum += v;
        this.actCount++;
      }
    }
    this.rows += codes.batch;
  }

  result(): Metrics {
    const { rows, n } = this;
    if (rows < 2) throw new SaeError("E_ARG", "evaluate: need at least 2 rows");
    let total = 0;
    for (let p = 0; p < this.d; p++) total += this.m2[p]!;
    if (!(total > 0) || !Number.isFinite(total)) {
      throw new SaeError(
        "E_ARG",
        `evaluate: the ${rows} rows have ${total === 0 ? "zero variance (all identical)" : "no finite variance"}, so nMSE is undefined; evaluate on rows that differ`,
      );
    }
    const density = this.counts.map((c) => c / rows);
    let live = 0,
      liveLog = 0,
      allLog = 0;
    for (const f of density) {
      allLog += Math.log10(f + 1e-10);
      if (f > 0) {
        live++;
        liveLog += Math.log10(f);
      }
    }
    return {
      nmse: this.sumErr / total,
      logFdLive: live ? liveLog / live : -Infinity,
      logFdAll: allLog / n,
      deadShare: (n - live) / n,
      actMean: this.actCount ? this.actSum / this.actCount : 0,
      density,
      meanL0: this.actCount / rows,
      rows,
    };
  }
}

/**
 * The card's metrics for `model` on x [rows, nInputs], encoded `batch` rows at a time (through the
 * model's workers when it has them).
 */
export async function evaluate(model: SaeCodec, input: RowsInput, batch = 1024): Promise<Metrics> {
  const d = model.nInputs;
  const { data: x, rows } = toRows(input, d, undefined, "evaluate data");
  const acc = new MetricsAccumulator(d, model.nLatents, model.architecture === "jumprelu");
  for (let r0 = 0; r0 < rows; r0 += batch) {
    const part = x.subarray(r0 * d, Math.min(rows, r0 + batch) * d);
    const codes = await model.encode(part);
    acc.add(part, codes, await model.decode(codes));
  }
  return acc.result();
}
