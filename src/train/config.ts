// Training settings with their defaults; every one is saved in checkpoints.
import { SaeError } from "../core/errors.js";
import { checkWidths } from "../core/model.js";

/** Matryoshka's prefixes when none are given: n/16, n/4 and n (those below 1 or repeated dropped). */
export function defaultWidths(n: number): number[] {
  return [...new Set([Math.floor(n / 16), Math.floor(n / 4), n])].filter((m) => m >= 1);
}

/**
 * What is trained: the release's per-row top-k; BatchTopK (the batch's B·k largest activations,
 * Bussmann et al. 2024); or Matryoshka-BatchTopK (BatchTopK whose loss sums the reconstructions of
 * nested prefixes of the latents, Bussmann et al. 2025). The last two encode with a threshold θ.
 */
export type TrainArch = "topk" | "batchtopk" | "matryoshka";
export const TRAIN_ARCHS: readonly TrainArch[] = ["topk", "batchtopk", "matryoshka"];

export interface TrainConfig {
  /** Active latents per row (BatchTopK, Matryoshka: on average over a batch). */
  k: number;
  /** The architecture (default 'topk', the release's). */
  arch: TrainArch;
  /**
   * Matryoshka only: the nested prefix widths m₁ < … < mₙ = nLatents; latents [0, m₁) are the
   * coarsest group. Empty for the other architectures.
   */
  widths: number[];
  /**
   * BatchTopK and Matryoshka: θ, the inference threshold, is an exponential moving average of each
   * step's smallest positive selected activation at this rate (SAELens's topk_threshold_lr, 0.01),
   * started from the first step's value.
   */
  thresholdRate: number;
  /** Latents n. */
  nLatents: number;
  /** Adam learning rate (release: 1e-4), betas and epsilon (PyTorch defaults). */
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Rows per step (release: 1024), reshuffled each epoch by a seeded PRNG. */
  batchSize: number;
  epochs: number;
  /** AuxK: k_aux latents (release: 2k) among the dead, weighted 1/32 in the loss. */
  kAux: number;
  auxkCoef: number;
  /** A latent is dead after this many steps outside every row's top-k (release: 266). */
  deadSteps: number;
  /** Global gradient-norm clip (release: 1.0). */
  clip: number;
  /** Seed of the initialisation and the batch order. */
  seed: number;
  /** pre_bias starts as the coordinate-wise median of this many first rows (release: 10,000). */
  medianRows: number;
}

/** The release's recipe for a given k and n; `overrides` replace any setting. */
export function trainConfig(k: number, nLatents: number, overrides: Partial<TrainConfig> = {}): TrainConfig {
  const c: TrainConfig = {
    k,
    nLatents,
    arch: "topk",
    widths: [],
    thresholdRate: 0.01,
    lr: 1e-4,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    batchSize: 1024,
    epochs: 1,
    kAux: 2 * k,
    auxkCoef: 1 / 32,
    deadSteps: 266,
    clip: 1.0,
    seed: 0,
    medianRows: 10_000,
    ...overrides,
  };
  const int = (name: keyof TrainConfig, min: number) => {
    const v = c[name];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw new SaeError("E_ARG", `train: ${name} must be an integer ≥ ${min}, got ${v}`);
  };
  int("nLatents", 1);
  int("k", 1);
  if (c.k >= c.nLatents) throw new SaeError("E_ARG", `train: k=${c.k} must be below nLatents=${c.nLatents}`);
  int("kAux", 0);
  if (c.kAux > c.nLatents) throw new SaeError("E_ARG", `train: kAux=${c.kAux} exceeds nLatents=${c.nLatents}`);
  int("batchSize", 1);
  int("epochs", 1);
  int("deadSteps", 0);
  int("medianRows", 1);
  int("seed", 0);
  for (const name of ["lr", "beta1", "beta2", "eps", "auxkCoef", "clip"] as const) {
    if (!Number.isFinite(c[name]) || c[name] < 0) throw new SaeError("E_ARG", `train: ${name} must be a finite number ≥ 0, got ${c[name]}`);
  }
  if (c.beta1 >= 1 || c.beta2 >= 1) throw new SaeError("E_ARG", "train: betas must be below 1");
  if (!TRAIN_ARCHS.includes(c.arch)) throw new SaeError("E_ARG", `train: arch must be one of ${TRAIN_ARCHS.join(", ")}, got '${String(c.arch).slice(0, 40)}'`);
  // A number, not one JavaScript would coerce ("0.5" > 0 holds): a checkpoint's config is JSON.
  if (!(typeof c.thresholdRate === "number" && c.thresholdRate > 0 && c.thresholdRate <= 1))
    throw new SaeError("E_ARG", `train: thresholdRate must be in (0, 1], got ${c.thresholdRate}`);
  if (c.arch === "matryoshka") {
    if (!Array.isArray(c.widths) || c.widths.length === 0) c.widths = defaultWidths(c.nLatents);
    checkWidths(c.widths, c.nLatents, "train: widths");
    c.widths = [...c.widths];
  } else if (!Array.isArray(c.widths) || c.widths.length > 0)
    throw new SaeError("E_ARG", `train: widths are Matryoshka's nested prefixes; arch '${c.arch}' takes none (use arch 'matryoshka' or drop widths)`);
  return c;
}
