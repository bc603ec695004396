// The card's metrics over an evaluation set: normalised MSE, log10 feature density in
// both readings, dead share and mean activation, plus the per-latent density array.
import { SaeError } from "../core/errors.js";
import type { Codes } from "../core/model.js";
import { toRows, type RowsInput } from "../core/shapes.js";
import type { Sae } from "../sae.js";
import type { SaeModel } from "../model.js";

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
  /** Per latent: the share of rows whose top-k holds it (even with value 0 after ReLU). */
  density: Float64Array;
  rows: number;
}

/** Accumulates metrics batch by batch, so that sets larger than memory stream through. */
export class MetricsAccumulator {
  private rows = 0;
  private sumErr = 0;
  private readonly sum: Float64Array;
  private readonly sumSq: Float64Array;
  private readonly counts: Float64Array;
  private actSum = 0;
  private actCount = 0;

  constructor(private readonly d: number, private readonly n: number) {
    this.sum = new Float64Array(d);
    this.sumSq = new Float64Array(d);
    this.counts = new Float64Array(n);
  }

  /** Adds a batch: inputs x, its codes and reconstructions. */
  add(x: Float32Array, codes: Codes, xhat: Float32Array): void {
    const { d } = this;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      this.sumErr += (xhat[i]! - v) ** 2;
      this.sum[i % d]! += v;
      this.sumSq[i % d]! += v * v;
    }
    for (let i = 0; i < codes.indices.length; i++) {
      this.counts[codes.indices[i]!]!++;
      const v = codes.values[i]!;
      if (v > 0) { this.actSum += v; this.actCount++; }
    }
    this.rows += codes.batch;
  }

  result(): Metrics {
    const { rows, n } = this;
    if (rows < 2) throw new SaeError("E_ARG", "evaluate: need at least 2 rows");
    // Σ‖mean − x‖² = Σ x² − rows·mean², per coordinate.
    let total = 0;
    for (let p = 0; p < this.d; p++) total += this.sumSq[p]! - (this.sum[p]! * this.sum[p]!) / rows;
    const density = this.counts.map((c) => c / rows);
    let live = 0, liveLog = 0, allLog = 0;
    for (const f of density) {
      allLog += Math.log10(f + 1e-10);
      if (f > 0) { live++; liveLog += Math.log10(f); }
    }
    return {
      nmse: this.sumErr / total,
      logFdLive: live ? liveLog / live : -Infinity,
      logFdAll: allLog / n,
      deadShare: (n - live) / n,
      actMean: this.actCount ? this.actSum / this.actCount : 0,
      density,
      rows,
    };
  }
}

/**
 * The card's metrics for `model` on x [rows, nInputs], encoded `batch` rows at a time (through the
 * model's workers when it has them).
 */
export async function evaluate(model: Sae | SaeModel, input: RowsInput, batch = 1024): Promise<Metrics> {
  const d = model.nInputs;
  const { data: x, rows } = toRows(input, d, undefined, "evaluate data");
  const acc = new MetricsAccumulator(d, model.nLatents);
  for (let r0 = 0; r0 < rows; r0 += batch) {
    const part = x.subarray(r0 * d, Math.min(rows, r0 + batch) * d);
    const codes = await model.encode(part);
    acc.add(part, codes, await model.decode(codes));
  }
  return acc.result();
}
