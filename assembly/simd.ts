// f32x4 helpers shared by the kernels; one source compiles to plain SIMD and to relaxed SIMD.
// see: https://github.com/WebAssembly/relaxed-simd/blob/main/proposals/relaxed-simd/Overview.md

/** a*b + c: one fused instruction in the relaxed build, mul then add otherwise. */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
