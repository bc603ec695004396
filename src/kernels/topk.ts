// Wasm per-row top-k (assembly/topk.ts), the same selection the encode epilogue runs. Oracle: topk.ref.ts.
import { SaeError } from "../core/errors.js";
import type { Scratch, WasmKernels } from "./wasm.js";

/** Same contract as topkRef: x [batch, n] → outIdx/outVal [batch, k], best first, lower index on ties. */
export function topkWasm(
  kernels: WasmKernels,
  ws: Scratch,
  x: Float32Array,
  batch: number,
  n: number,
  k: number,
  relu: boolean,
  outIdx: Int32Array,
  outVal: Float32Array,
): void {
  ws.begin();
  const xp = ws.get("topk.x", batch * n * 4);
  const ip = ws.get("topk.idx", batch * k * 4);
  const vp = ws.get("topk.val", batch * k * 4);
  const hp = ws.get("topk.heap", k * 8);
  kernels.f32(xp, batch * n).set(x.subarray(0, batch * n));
  const bad = kernels.exports.f32_topk_heap(xp, batch, n, k, relu ? 1 : 0, ip, vp, hp);
  if (bad >= 0) throw new SaeError("E_NONFINITE", `top-k: NaN in row ${bad}`);
  outIdx.set(kernels.i32(ip, batch * k));
  outVal.set(kernels.f32(vp, batch * k));
}
