// The Wasm ABI of sae.js: every export here is called from src/kernels/*.ts.
export { mem_alloc, mem_free } from "./mem";
export { f32_topk__wasmsimd_heap } from "./topk";
export { f32_encode_topk__wasmsimd, f32_encode_topk_scratch_bytes } from "./matmul";
export * from "./ukernels";
export { f32_rank_dot__wasmsimd, f32_rank_dot_scratch_bytes } from "./rank";
export { f32_decode_sparse__wasmsimd, f32_decode_dense__wasmsimd } from "./sparse";
export {
  f32_sparse_dots__wasmsimd, f32_sparse_scatter__wasmsimd, f32_project_rows__wasmsimd, f32_normalize_rows__wasmsimd,
  f32_sumsq__wasmsimd, f32_adam__wasmsimd, f32_pack_panels, f32_nmse__wasm, f32_sum_rows__wasm,
} from "./train";
