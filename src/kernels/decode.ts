// Wasm decoders over the decoder transposed once to [n, d] (assembly/sparse.ts). Oracle: decode.ref.ts.
import type { Codes } from "../core/model.js";
import { SaeError } from "../core/errors.js";
import { transpose } from "../core/shapes.js";
import { forEachChunk, type Scratch, type WasmKernels } from "./wasm.js";

/** decoder.weightᵀ [n, d] and pre_bias [d] in Wasm memory. */
export interface PackedDecoder {
  readonly d: number;
  readonly n: number;
  readonly wt: number;
  readonly preBias: number;
}

/** Allocates decoder.weightᵀ [n, d] and pre_bias in Wasm memory, for packDecoderRows. */
export function allocDecoder(kernels: WasmKernels, d: number, n: number, preBiasValues: Float32Array): PackedDecoder {
  const [wt, preBias] = kernels.allocAll(n * d * 4, d * 4) as [number, number];
  kernels.f32(preBias, d).set(preBiasValues);
  return { d, n, wt, preBias };
}

/** Transposes rows row0.. of decoder.weight [d, n] into the [n, d] copy. */
export function packDecoderRows(kernels: WasmKernels, dec: PackedDecoder, row0: number, rows: Float32Array): void {
  const { d, n } = dec;
  const tv = kernels.f32(dec.wt, n * d);
  const count = rows.length / n;
  for (let r = 0; r < count; r++) {
    const p = row0 + r;
    for (let i = 0; i < n; i++) tv[i * d + p] = rows[r * n + i]!;
  }
}

/** allocDecoder + packDecoderRows for a whole decoder; the caller frees via freeDecoder. */
export function packDecoder(kernels: WasmKernels, d: number, n: number, dec: Float32Array, preBiasValues: Float32Array): PackedDecoder {
  const packed = allocDecoder(kernels, d, n, preBiasValues);
  packDecoderRows(kernels, packed, 0, dec);
  return packed;
}

/** decoder.weight [d, n] rebuilt from the transposed copy. */
export function unpackDecoder(kernels: WasmKernels, dec: PackedDecoder): Float32Array {
  const { d, n } = dec;
  return transpose(kernels.f32(dec.wt, n * d), n, d);
}

export function freeDecoder(kernels: WasmKernels, dec: PackedDecoder): void {
  kernels.free(dec.wt);
  kernels.free(dec.preBias);
}

/** Sparse decode: codes [batch, k] → x̂ [batch, d]. */
export function decodeSparseWasm(kernels: WasmKernels, ws: Scratch, dec: PackedDecoder, codes: Codes): Float32Array {
  const { batch, k } = codes;
  const { d, n } = dec;
  const out = new Float32Array(batch * d);
  forEachChunk(
    ws,
    batch,
    (r) => r * (2 * k + d) * 4 + 48,
    (r0, rows) => {
      const ip = ws.get("decode.idx", rows * k * 4);
      const vp = ws.get("decode.val", rows * k * 4);
      const op = ws.get("decode.out", rows * d * 4);
      kernels.i32(ip, rows * k).set(codes.indices.subarray(r0 * k, (r0 + rows) * k));
      kernels.f32(vp, rows * k).set(codes.values.subarray(r0 * k, (r0 + rows) * k));
      const bad = kernels.exports.f32_decode_sparse(ip, vp, rows, k, dec.wt, dec.preBias, d, n, op);
      if (bad >= 0) throw new SaeError("E_INDEX", `codes: row ${r0 + bad} holds an index outside [0, nLatents=${n})`);
      out.set(kernels.f32(op, rows * d), r0 * d);
    },
  );
  return out;
}

/** Dense decode: z [batch, n] → x̂ [batch, d]. */
export function decodeDenseWasm(kernels: WasmKernels, ws: Scratch, dec: PackedDecoder, z: Float32Array, batch: number): Float32Array {
  const { d, n } = dec;
  const out = new Float32Array(batch * d);
  forEachChunk(
    ws,
    batch,
    (r) => r * (n + d) * 4 + 32,
    (r0, rows) => {
      const zp = ws.get("decode.z", rows * n * 4);
      const op = ws.get("decode.out", rows * d * 4);
      kernels.f32(zp, rows * n).set(z.subarray(r0 * n, (r0 + rows) * n));
      kernels.exports.f32_decode_dense(zp, rows, n, dec.wt, dec.preBias, d, op);
      out.set(kernels.f32(op, rows * d), r0 * d);
    },
  );
  return out;
}
