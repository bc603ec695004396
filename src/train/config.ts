// Training settings with their defaults; every one is saved in checkpoints.
import { SaeError } from "../core/errors.js";

export interface TrainConfig {
  /** Active latents per row. */
  k: number;
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
    if (!Number.isInteger(v) || v < min) throw new SaeError("E_ARG", `train: ${name} must be an integer ≥ ${min}, got ${v}`);
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
  return c;
}
