// Plain-TS oracles for decoding: x̂ = Σ_j v_j · decoder.weight[:, i_j] + pre_bias, in float64.
import type { Codes, SaeWeights } from "../core/model.js";

/** Sparse decode: codes [batch, k] → x̂ [batch, nInputs]. Indices must already be checked. */
export function decodeSparseRef(w: SaeWeights, codes: Codes): Float32Array {
  const { nInputs: d, nLatents: n } = w;
  const { batch, k, indices, values } = codes;
  const out = new Float32Array(batch * d);
  const acc = new Float64Array(d);
  for (let r = 0; r < batch; r++) {
    acc.fill(0);
    for (let t = 0; t < k; t++) {
      const i = indices[r * k + t]!;
      const v = values[r * k + t]!;
      if (v === 0) continue;
      for (let p = 0; p < d; p++) acc[p]! += v * w.decoderWeight[p * n + i]!;
    }
    for (let p = 0; p < d; p++) out[r * d + p] = acc[p]! + w.preBias[p]!;
  }
  return out;
}

/** Dense decode: z [batch, nLatents] → x̂ [batch, nInputs]. */
export function decodeDenseRef(w: SaeWeights, z: Float32Array, batch: number): Float32Array {
  const { nInputs: d, nLatents: n } = w;
  const out = new Float32Array(batch * d);
  for (let r = 0; r < batch; r++) {
    for (let p = 0; p < d; p++) {
      let s = 0;
      const o = p * n;
      for (let i = 0; i < n; i++) s += z[r * n + i]! * w.decoderWeight[o + i]!;
      out[r * d + p] = s + w.preBias[p]!;
    }
  }
  return out;
}
