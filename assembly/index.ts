// The Wasm ABI of sae.js: every export here is called from src/kernels/*.ts.
export { mem_alloc, mem_free } from "./mem";
export { f32_topk__wasmsimd_heap } from "./topk";
export { f32_encode_topk__wasmsimd, f32_encode_topk_scratch_bytes } from "./matmul";
export * from "./ukernels";
export { f32_decode_sparse__wasmsimd, f32_decode_dense__wasmsimd } from "./sparse";
