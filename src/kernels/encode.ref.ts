// Plain-TS oracle for encode: pre = (x − pre_bias)·Wᵀ + latent_bias in float64, then top-k and ReLU.
import { SaeError } from "../core/errors.js";
import type { ActivationOrder, Codes, SaeWeights } from "../core/model.js";
import { topkRef } from "./topk.ref.js";

/**
 * Encodes x [batch, nInputs] into codes [batch, k] (with `shift`, of pre − shift: kernels/sparse.ts). Pre-activations are summed in float64 and
 * rounded once to float32, so this is the accurate side of every comparison; one that overflows
 * float32 is E_NONFINITE (naming the row), as in the Wasm kernels.
 */
export function encodeRef(w: SaeWeights, x: Float32Array, batch: number, k: number, order: ActivationOrder, shift?: Float32Array): Codes {
  const { nInputs: d, nLatents: n } = w;
  const pre = new Float32Array(n);
  const centred = new Float64Array(d);
  const indices = new Int32Array(batch * k);
  const values = new Float32Array(batch * k);
  for (let r = 0; r < batch; r++) {
    for (let p = 0; p < d; p++) centred[p] = x[r * d + p]! - w.preBias[p]!;
    for (let j = 0; j < n; j++) {
      let s = 0;
      const o = j * d;
      for (let p = 0; p < d; p++) s += centred[p]! * w.encoderWeight[o + p]!;
      const v = s + w.latentBias[j]! - (shift ? shift[j]! : 0);
      pre[j] = order === "relu-topk" ? Math.max(v, 0) : v;
      // As the Wasm kernels do: a pre-activation beyond float32 is an error, never an Infinity in the codes.
      if (!Number.isFinite(Math.fround(v)))
        throw new SaeError("E_NONFINITE", `encode: a pre-activation of row ${r} overflowed float32 (inputs or weights too large)`);
    }
    topkRef(pre, 1, n, k, order === "topk-relu", indices.subarray(r * k), values.subarray(r * k));
  }
  return { indices, values, k, batch };
}
