// f32x4 helpers shared by the kernels; one source compiles to plain SIMD and to relaxed SIMD.
// see: https://github.com/WebAssembly/relaxed-simd/blob/main/proposals/relaxed-simd/Overview.md

/** a*b + c: one fused instruction in the relaxed build, mul then add otherwise. */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** y[0..d) += a · w[0..d), sixteen lanes per step then the tail. */
@inline export function axpy(a: f32, w: usize, y: usize, d: i32): void {
  const av = f32x4.splat(a);
  let p = 0;
  for (; p + 16 <= d; p += 16) {
    const o = <usize>p << 2;
    v128.store(y + o, madd(av, v128.load(w + o), v128.load(y + o)));
    v128.store(y + o, madd(av, v128.load(w + o, 16), v128.load(y + o, 16)), 16);
    v128.store(y + o, madd(av, v128.load(w + o, 32), v128.load(y + o, 32)), 32);
    v128.store(y + o, madd(av, v128.load(w + o, 48), v128.load(y + o, 48)), 48);
  }
  for (; p + 4 <= d; p += 4) {
    const o = <usize>p << 2;
    v128.store(y + o, madd(av, v128.load(w + o), v128.load(y + o)));
  }
  for (; p < d; p++) {
    const o = <usize>p << 2;
    store<f32>(y + o, a * load<f32>(w + o) + load<f32>(y + o));
  }
}
