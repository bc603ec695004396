// The release's training step as a dense plain-TS reference, in float64: the oracle the
// fast trainer is checked against, itself checked against PyTorch and by finite differences.
//   loss = nmse(x̂, x) + auxkCoef · nmse(ê, x − x̂), nmse(r, x) = mean((r − x)²) / mean((mean_batch(x) − x)²)
//   ê = Σ relu(a_j) · decoder[:, ia_j] over the top kAux of pre · dead (no pre_bias)
// then: project decoder gradients off their columns → clip the global norm → Adam → unit columns.
// BatchTopK selects the batch's B·k largest relu(pre) instead of each row's k (Bussmann et al. 2024);
// Matryoshka's main loss is the mean of the nmse's of the prefix reconstructions x̂_m = pre_bias +
// Σ_{j<m} z_j W[:, j] over its widths m (Bussmann et al. 2025). Both track θ (updateThreshold).
import { SaeError } from "../core/errors.js";
import type { TrainConfig } from "./config.js";
import { PARAM_NAMES, type ParamName, type TrainState } from "./state.js";

export interface StepLosses {
  /** The total loss the step minimised. */
  loss: number;
  /** nmse(x̂, x): the card's MSE on this batch. */
  mse: number;
  /** nmse(ê, x − x̂) of the AuxK term (before its coefficient). */
  auxLoss: number;
  /** Latents dead at this step (the AuxK candidates). */
  dead: number;
}

/**
 * θ after a step whose smallest positive selected activation was `minSelected` (NaN: none, θ
 * unchanged), `step` the optimiser steps before it: the first step's value, then an exponential
 * moving average at `rate`. (SAELens starts its average from 0; starting from the first value
 * keeps short runs from being biased toward 0.) Both trainers call this, in float64.
 */
export function updateThreshold(theta: number, step: number, minSelected: number, rate: number): number {
  if (Number.isNaN(minSelected)) return theta;
  return step === 0 ? minSelected : (1 - rate) * theta + rate * minSelected;
}

/**
 * BatchTopK's selection: the `count` largest positive entries of relu(pre) [batch, n] over the
 * whole batch (ties: the earlier row, then the lower index), as each row's latents in value order.
 * Entries of value 0 that the spec lets into the selection contribute nothing and are left out.
 */
function batchIndices(pre: Float64Array, batch: number, n: number, count: number): Int32Array[] {
  const flat: number[] = [];
  for (let f = 0; f < batch * n; f++) if (pre[f]! > 0) flat.push(f);
  flat.sort((a, b) => pre[b]! - pre[a]! || a - b);
  const rows: number[][] = Array.from({ length: batch }, () => []);
  for (const f of flat.slice(0, count)) rows[Math.floor(f / n)]!.push(f % n);
  return rows.map((r) => Int32Array.from(r));
}

/** Each latent's Matryoshka group: g for m_{g−1} ≤ j < m_g. */
export function groupsOf(widths: readonly number[], n: number): Int32Array {
  const g = new Int32Array(n);
  for (let j = 0, at = 0; j < n; j++) {
    while (j >= widths[at]!) at++;
    g[j] = at;
  }
  return g;
}

export type Grads = Record<ParamName, Float64Array>;

/** Parameters in float32 (training) or float64 (finite-difference checks). */
export interface ParamView {
  readonly nInputs: number;
  readonly nLatents: number;
  readonly preBias: Float32Array | Float64Array;
  readonly encoderWeight: Float32Array | Float64Array;
  readonly latentBias: Float32Array | Float64Array;
  readonly decoderWeight: Float32Array | Float64Array;
}

/** Indices of the `k` largest values of row[0..n), best first (ties: lower index). */
function topIndices(row: Float64Array, k: number): Int32Array {
  const idx = Int32Array.from({ length: row.length }, (_, i) => i);
  idx.sort((a, b) => row[b]! - row[a]! || a - b);
  return idx.subarray(0, k);
}

/** mean((r − t)²) / mean((mean_batch(t) − t)²) over [batch, d] (a ratio of sums), and its gradient in r. */
function nmse(r: Float64Array, t: Float64Array, batch: number, d: number, what: string): { value: number; grad: Float64Array } {
  const mean = new Float64Array(d);
  for (let b = 0; b < batch; b++) for (let p = 0; p < d; p++) mean[p]! += t[b * d + p]! / batch;
  let num = 0,
    den = 0;
  for (let i = 0; i < batch * d; i++) {
    num += (r[i]! - t[i]!) ** 2;
    den += (mean[i % d]! - t[i]!) ** 2;
  }
  if (!(den > 0)) throw new SaeError("E_ARG", `train: the ${what} of this batch has zero variance; nmse is undefined (use more rows, or rows that differ)`);
  const grad = new Float64Array(batch * d);
  for (let i = 0; i < batch * d; i++) grad[i] = (2 * (r[i]! - t[i]!)) / den;
  return { value: num / den, grad };
}

/**
 * Loss and gradients for one batch x [batch, d], without changing anything. `sinceActive` is
 * the counter before this batch; the counter after it (hits reset to 1, others +1) is returned.
 * The AuxK target x − x̂ is detached, as in the release; `residual` pins it to given values (a
 * finite-difference check must hold it fixed to differentiate what the gradient differentiates).
 */
export function lossAndGrads(
  p: ParamView,
  cfg: TrainConfig,
  sinceActive: Int32Array,
  x: Float32Array,
  batch: number,
  residual?: Float64Array,
): StepLosses & { grads: Grads; after: Int32Array; residual: Float64Array; minSelected: number } {
  const { nInputs: d, nLatents: n } = p;
  const { k, kAux } = cfg;
  const W = p.decoderWeight,
    E = p.encoderWeight;
  const xc = new Float64Array(batch * d);
  const pre = new Float64Array(batch * n);
  for (let b = 0; b < batch; b++) {
    for (let q = 0; q < d; q++) xc[b * d + q] = x[b * d + q]! - p.preBias[q]!;
    for (let i = 0; i < n; i++) {
      let s = p.latentBias[i]!;
      for (let q = 0; q < d; q++) s += E[i * d + q]! * xc[b * d + q]!;
      pre[b * n + i] = s;
    }
  }
  const sel =
    cfg.arch === "topk" ? Array.from({ length: batch }, (_, b) => topIndices(pre.subarray(b * n, (b + 1) * n), k)) : batchIndices(pre, batch, n, batch * k);
  let minSelected = Number.NaN;
  for (let b = 0; b < batch; b++)
    for (const i of sel[b]!) {
      const v = pre[b * n + i]!;
      if (v > 0 && !(v >= minSelected)) minSelected = v;
    }
  const after = new Int32Array(n);
  for (let i = 0; i < n; i++) after[i] = sinceActive[i]! + 1;
  for (const s of sel) for (const i of s) after[i] = 1;
  const dead = new Float64Array(n);
  let deadCount = 0;
  for (let i = 0; i < n; i++)
    if (after[i]! > cfg.deadSteps) {
      dead[i] = 1;
      deadCount++;
    }

  const xs = Float64Array.from(x.subarray(0, batch * d));
  const xhat = new Float64Array(batch * d);
  const aux = new Float64Array(batch * d);
  const auxSel: Int32Array[] = [];
  const auxPre = new Float64Array(n);
  for (let b = 0; b < batch; b++) {
    for (let q = 0; q < d; q++) xhat[b * d + q] = p.preBias[q]!;
    for (const i of sel[b]!) {
      const v = Math.max(0, pre[b * n + i]!);
      if (v) for (let q = 0; q < d; q++) xhat[b * d + q]! += v * W[q * n + i]!;
    }
    for (let i = 0; i < n; i++) auxPre[i] = pre[b * n + i]! * dead[i]!;
    const ai = topIndices(auxPre, kAux).slice();
    auxSel.push(ai);
    for (const i of ai) {
      const a = Math.max(0, auxPre[i]!);
      if (a) for (let q = 0; q < d; q++) aux[b * d + q]! += a * W[q * n + i]!;
    }
  }
  const full = nmse(xhat, xs, batch, d, "input");
  // The main loss and, per Matryoshka group g, d main / d x̂ seen by its latents: the suffix sum over
  // the prefixes that hold them, (1/G) Σ_{g' ≥ g} ∂nmse(x̂_{m_g'})/∂x̂_{m_g'} (one group otherwise).
  let main = full;
  let groupGrad = [full.grad];
  const groupOf = cfg.arch === "matryoshka" ? groupsOf(cfg.widths, n) : new Int32Array(n);
  if (cfg.arch === "matryoshka") {
    const G = cfg.widths.length;
    const parts = cfg.widths.map((m) => {
      const xp = new Float64Array(batch * d);
      for (let b = 0; b < batch; b++) {
        for (let q = 0; q < d; q++) xp[b * d + q] = p.preBias[q]!;
        for (const i of sel[b]!) {
          const v = Math.max(0, pre[b * n + i]!);
          if (v && i < m) for (let q = 0; q < d; q++) xp[b * d + q]! += v * W[q * n + i]!;
        }
      }
      return nmse(xp, xs, batch, d, "input");
    });
    groupGrad = parts.map((part) => part.grad.map((g) => g / G));
    for (let g = G - 2; g >= 0; g--) for (let i = 0; i < batch * d; i++) groupGrad[g]![i]! += groupGrad[g + 1]![i]!;
    main = { value: parts.reduce((a, part) => a + part.value, 0) / G, grad: groupGrad[0]! };
  }
  const resid = residual ?? new Float64Array(batch * d);
  if (!residual) for (let i = 0; i < batch * d; i++) resid[i] = xs[i]! - xhat[i]!;
  const side = nmse(aux, resid, batch, d, "residual");
  const gx = main.grad,
    ge = side.grad;
  for (let i = 0; i < batch * d; i++) ge[i]! *= cfg.auxkCoef;

  const grads: Grads = {
    preBias: new Float64Array(d),
    encoderWeight: new Float64Array(n * d),
    decoderWeight: new Float64Array(d * n),
    latentBias: new Float64Array(n),
  };
  const gpre = new Float64Array(n);
  for (let b = 0; b < batch; b++) {
    gpre.fill(0);
    for (let q = 0; q < d; q++) grads.preBias[q]! += gx[b * d + q]!;
    const through = (i: number, v: number, g: Float64Array, mask: number) => {
      // ReLU passes gradient only where its input was positive (PyTorch: none at 0).
      let dv = 0;
      for (let q = 0; q < d; q++) {
        grads.decoderWeight[q * n + i]! += Math.max(0, v) * g[b * d + q]!;
        dv += W[q * n + i]! * g[b * d + q]!;
      }
      if (v > 0) gpre[i]! += dv * mask;
    };
    for (const i of sel[b]!) through(i, pre[b * n + i]!, groupGrad[groupOf[i]!]!, 1);
    for (const i of auxSel[b]!) through(i, pre[b * n + i]! * dead[i]!, ge, dead[i]!);
    for (let i = 0; i < n; i++) {
      const g = gpre[i]!;
      if (!g) continue;
      grads.latentBias[i]! += g;
      for (let q = 0; q < d; q++) {
        grads.encoderWeight[i * d + q]! += g * xc[b * d + q]!;
        grads.preBias[q]! -= g * E[i * d + q]!;
      }
    }
  }
  return {
    loss: main.value + cfg.auxkCoef * side.value,
    mse: full.value,
    auxLoss: side.value,
    dead: deadCount,
    grads,
    after,
    residual: resid,
    minSelected,
  };
}

/** The update after backward: projection, clip, Adam (PyTorch's formula), unit decoder columns. */
export function applyUpdate(state: TrainState, cfg: TrainConfig, grads: Grads): void {
  const p = state.params;
  const { nInputs: d, nLatents: n } = state;
  const W = p.decoderWeight,
    G = grads.decoderWeight;
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let q = 0; q < d; q++) dot += W[q * n + i]! * G[q * n + i]!;
    for (let q = 0; q < d; q++) G[q * n + i]! -= dot * W[q * n + i]!;
  }
  let sq = 0;
  for (const name of PARAM_NAMES) for (const g of grads[name]) sq += g * g;
  const coef = cfg.clip / (Math.sqrt(sq) + 1e-6);
  if (coef < 1)
    for (const name of PARAM_NAMES) {
      const g = grads[name];
      for (let i = 0; i < g.length; i++) g[i]! *= coef;
    }
  state.step++;
  const bc1 = 1 - cfg.beta1 ** state.step,
    bc2 = Math.sqrt(1 - cfg.beta2 ** state.step);
  const stepSize = cfg.lr / bc1;
  for (const name of PARAM_NAMES) {
    const w = p[name],
      g = grads[name],
      m = state.m[name],
      v = state.v[name];
    for (let i = 0; i < w.length; i++) {
      m[i] = cfg.beta1 * m[i]! + (1 - cfg.beta1) * g[i]!;
      v[i] = cfg.beta2 * v[i]! + (1 - cfg.beta2) * g[i]! * g[i]!;
      w[i] = w[i]! - (stepSize * m[i]!) / (Math.sqrt(v[i]!) / bc2 + cfg.eps);
    }
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let q = 0; q < d; q++) s += W[q * n + i]! ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let q = 0; q < d; q++) W[q * n + i] = W[q * n + i]! * inv;
  }
}

/** One full reference step on x [batch, d]: forward, backward, update, dead counters. */
export function stepRef(state: TrainState, cfg: TrainConfig, x: Float32Array, batch: number): StepLosses {
  const r = lossAndGrads(state.params, cfg, state.sinceActive, x, batch);
  if (cfg.arch !== "topk") state.threshold = updateThreshold(state.threshold, state.step, r.minSelected, cfg.thresholdRate);
  applyUpdate(state, cfg, r.grads);
  state.sinceActive.set(r.after);
  return { loss: r.loss, mse: r.mse, auxLoss: r.auxLoss, dead: r.dead };
}
