// microbench: 4 rows x 8 latents int8 tile, depth d (multiple of 4)
export function dot_tile(a: usize, w: usize, d: i32, iters: i32, out: usize): void {
  for (let it = 0; it < iters; it++) {
    let c00 = i32x4.splat(0), c01 = i32x4.splat(0), c10 = i32x4.splat(0), c11 = i32x4.splat(0);
    let c20 = i32x4.splat(0), c21 = i32x4.splat(0), c30 = i32x4.splat(0), c31 = i32x4.splat(0);
    let c40 = i32x4.splat(0), c41 = i32x4.splat(0), c50 = i32x4.splat(0), c51 = i32x4.splat(0);
    let ap = a; let wp = w;
    for (let p = 0; p < d; p += 4) {
      const w0 = v128.load(wp); const w1 = v128.load(wp, 16);
      const a0 = v128.load32_splat(ap, 0);
      c00 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w0, a0, c00); c01 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w1, a0, c01);
      const a1 = v128.load32_splat(ap, 4);
      c10 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w0, a1, c10); c11 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w1, a1, c11);
      const a2 = v128.load32_splat(ap, 8);
      c20 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w0, a2, c20); c21 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w1, a2, c21);
      const a3 = v128.load32_splat(ap, 12);
      c30 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w0, a3, c30); c31 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w1, a3, c31);
      const a4 = v128.load32_splat(ap, 16);
      c40 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w0, a4, c40); c41 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w1, a4, c41);
      const a5 = v128.load32_splat(ap, 20);
      c50 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w0, a5, c50); c51 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w1, a5, c51);
      ap += 24; wp += 32;
    }
    v128.store(out, i32x4.add(i32x4.add(i32x4.add(c00, c01), i32x4.add(c10, c11)), i32x4.add(i32x4.add(i32x4.add(c20, c21), i32x4.add(c30, c31)), i32x4.add(i32x4.add(c40, c41), i32x4.add(c50, c51)))));
  }
}
export function f32_tile(a: usize, w: usize, d: i32, iters: i32, out: usize): void {
  for (let it = 0; it < iters; it++) {
    let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
    let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
    let c40 = f32x4.splat(0), c41 = f32x4.splat(0), c50 = f32x4.splat(0), c51 = f32x4.splat(0);
    let ap = a; let wp = w;
    for (let p = 0; p < d; p++) {
      const w0 = v128.load(wp); const w1 = v128.load(wp, 16);
      const a0 = v128.load32_splat(ap, 0);
      c00 = f32x4.relaxed_madd(a0, w0, c00); c01 = f32x4.relaxed_madd(a0, w1, c01);
      const a1 = v128.load32_splat(ap, 4);
      c10 = f32x4.relaxed_madd(a1, w0, c10); c11 = f32x4.relaxed_madd(a1, w1, c11);
      const a2 = v128.load32_splat(ap, 8);
      c20 = f32x4.relaxed_madd(a2, w0, c20); c21 = f32x4.relaxed_madd(a2, w1, c21);
      const a3 = v128.load32_splat(ap, 12);
      c30 = f32x4.relaxed_madd(a3, w0, c30); c31 = f32x4.relaxed_madd(a3, w1, c31);
      const a4 = v128.load32_splat(ap, 16);
      c40 = f32x4.relaxed_madd(a4, w0, c40); c41 = f32x4.relaxed_madd(a4, w1, c41);
      const a5 = v128.load32_splat(ap, 20);
      c50 = f32x4.relaxed_madd(a5, w0, c50); c51 = f32x4.relaxed_madd(a5, w1, c51);
      ap += 24; wp += 32;
    }
    v128.store(out, f32x4.add(f32x4.add(f32x4.add(c00, c01), f32x4.add(c10, c11)), f32x4.add(f32x4.add(f32x4.add(c20, c21), f32x4.add(c30, c31)), f32x4.add(f32x4.add(c40, c41), f32x4.add(c50, c51)))));
  }
}
