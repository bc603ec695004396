// The Wasm ABI of sae.js: every export here is called from src/ (kernels, the trainer, the search
// index). Names say what a function computes; the module file says how (saejs-simd: plain SIMD;
// saejs-relaxed: relaxed SIMD, fused multiply-adds and 6-row GEMM tiles). The GEMM microkernels
// are internal to matmul.ts and not exported.
export { mem_alloc, mem_free } from "./mem";
export { f32_topk_heap } from "./topk";
export { f32_encode_topk, f32_encode_topk_scratch_bytes, f32_dots_rows, f32_dots_rows_scratch_bytes } from "./matmul";
export { i16_screen_pack, i16_encode_topk, i16_encode_topk_scratch_bytes } from "./screen";
export { f32_rank_dot, f32_rank_dot_scratch_bytes } from "./rank";
export { f32_decode_sparse, f32_decode_dense } from "./sparse";
export {
  f32_sparse_dots, f32_sparse_scatter, f32_sparse_sum_cols, f32_project_rows, f32_normalize_rows,
  f32_sumsq, f32_adam, f32_pack_panels, f32_col_means, f32_row_errors, f32_nmse_grad, f32_sum_rows,
} from "./train";
