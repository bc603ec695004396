// What a training run is at one moment: parameters, Adam moments, dead-latent counters, step.
import type { SaeWeights } from "../core/model.js";

/** Parameters in the release's layout, in the order PyTorch's optimiser sees them. */
export const PARAM_NAMES = ["preBias", "encoderWeight", "decoderWeight", "latentBias"] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

export interface TrainState {
  readonly nInputs: number;
  readonly nLatents: number;
  /** The weights being trained (float32, updated in place). */
  readonly params: SaeWeights;
  /** Adam's first and second moments, one array per parameter. */
  readonly m: Record<ParamName, Float32Array>;
  readonly v: Record<ParamName, Float32Array>;
  /** Steps since each latent was last in some row's top-k. */
  readonly sinceActive: Int32Array;
  /** Optimiser steps taken. */
  step: number;
  /** BatchTopK and Matryoshka: θ, the running inference threshold (0 before the first step). */
  threshold: number;
}

/** A fresh state around `params` (copied): zero moments and counters. */
export function newState(params: SaeWeights): TrainState {
  const copy = (a: Float32Array) => a.slice();
  const zeros = () => ({
    preBias: new Float32Array(params.preBias.length),
    encoderWeight: new Float32Array(params.encoderWeight.length),
    decoderWeight: new Float32Array(params.decoderWeight.length),
    latentBias: new Float32Array(params.latentBias.length),
  });
  return {
    nInputs: params.nInputs,
    nLatents: params.nLatents,
    params: {
      ...params,
      preBias: copy(params.preBias),
      encoderWeight: copy(params.encoderWeight),
      latentBias: copy(params.latentBias),
      decoderWeight: copy(params.decoderWeight),
    },
    m: zeros(),
    v: zeros(),
    sinceActive: new Int32Array(params.nLatents),
    step: 0,
    threshold: 0,
  };
}
