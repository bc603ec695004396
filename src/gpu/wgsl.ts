// WGSL kernels of the WebGPU backend: a tiled GEMM with the effective bias fused, a
// workgroup-per-row top-k, and the sparse and dense decoders. Same contracts as the Wasm kernels:
// top-k rows best first, lower index on ties, -0 == +0; non-finite pre-activations reported by row.

/**
 * Binding 0 of every kernel: the call's shape (32 bytes). `at` offsets the top-k output and the
 * sparse decoder's input in their arrays (the trainer keeps main and AuxK entries in one array).
 */
const DIMS = /* wgsl */ `
struct Dims { rows: u32, d: u32, n: u32, k: u32, reluFirst: u32, at: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> dims: Dims;
`;

/**
 * pre [rows, n] = x [rows, d] · Wᵀ + bias, W = encoder.weight [n, d]. A 64×64 tile per workgroup,
 * 4 rows × 4 adjacent latents per thread held in four vec4 accumulators (no indexed private
 * arrays, which some compilers, SwiftShader's among them, keep in memory).
 */
export const GEMM_WGSL = /* wgsl */ `${DIMS}@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> pre: array<f32>;

// Tiles stored depth-major: [kk * 64 + row].
var<workgroup> xs: array<f32, 1024>;
var<workgroup> ws: array<f32, 1024>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) l: vec3u) {
  let row0 = wg.y * 64u;
  let col0 = wg.x * 64u;
  let tid = l.y * 16u + l.x;
  // Each thread loads 4 consecutive depths of one row of each tile.
  let lr = tid / 4u;
  let lc = (tid % 4u) * 4u;
  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  for (var k0 = 0u; k0 < dims.d; k0 += 16u) {
    for (var e = 0u; e < 4u; e++) {
      let gc = k0 + lc + e;
      let gr = row0 + lr;
      let gw = col0 + lr;
      // Out-of-range reads are clamped by min() and then discarded by select.
      xs[(lc + e) * 64u + lr] = select(0.0, x[min(gr * dims.d + gc, arrayLength(&x) - 1u)], gr < dims.rows && gc < dims.d);
      ws[(lc + e) * 64u + lr] = select(0.0, w[min(gw * dims.d + gc, arrayLength(&w) - 1u)], gw < dims.n && gc < dims.d);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < 16u; kk++) {
      let ao = kk * 64u + l.y * 4u;
      let bo = kk * 64u + l.x * 4u;
      let b = vec4f(ws[bo], ws[bo + 1u], ws[bo + 2u], ws[bo + 3u]);
      acc0 = fma(vec4f(xs[ao]), b, acc0);
      acc1 = fma(vec4f(xs[ao + 1u]), b, acc1);
      acc2 = fma(vec4f(xs[ao + 2u]), b, acc2);
      acc3 = fma(vec4f(xs[ao + 3u]), b, acc3);
    }
    workgroupBarrier();
  }
  let accs = array<vec4f, 4>(acc0, acc1, acc2, acc3);
  for (var i = 0u; i < 4u; i++) {
    let r = row0 + l.y * 4u + i;
    if (r >= dims.rows) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let c = col0 + l.x * 4u + j;
      if (c < dims.n) { pre[r * dims.n + c] = accs[i][j] + bias[c]; }
    }
  }
}
`;

/**
 * Per-row top-k, one workgroup of 256 per row: k rounds of a workgroup argmax (value, then lower
 * index), each winner knocked out of the row. The row is read as bits: WGSL may assume floats are
 * never NaN or ∞, so the finiteness test and the knocked-out mark (all ones, a NaN pattern) are
 * integer compares. ReLU comes first for the 'relu-topk' order. status[row] = 1 flags a
 * non-finite pre-activation.
 */
export const TOPK_WGSL = /* wgsl */ `${DIMS}@group(0) @binding(1) var<storage, read_write> pre: array<u32>;
@group(0) @binding(2) var<storage, read_write> outIdx: array<u32>;
@group(0) @binding(3) var<storage, read_write> outVal: array<f32>;
@group(0) @binding(4) var<storage, read_write> status: array<u32>;

var<workgroup> bv: array<f32, 256>;
var<workgroup> bi: array<u32, 256>;
var<workgroup> bad: atomic<u32>;

const NONE = 0xffffffffu;
const TAKEN = 0xffffffffu;

fn better(v: f32, i: u32, w: f32, j: u32) -> bool {
  if (i == NONE) { return false; }
  if (j == NONE) { return true; }
  return v > w || (v == w && i < j);
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) l: vec3u) {
  let row = wg.x;
  let base = row * dims.n;
  let t = l.x;
  if (t == 0u) { atomicStore(&bad, 0u); }
  workgroupBarrier();
  for (var j = t; j < dims.n; j += 256u) {
    let bits = pre[base + j];
    if ((bits & 0x7f800000u) == 0x7f800000u) { atomicStore(&bad, 1u); }
    else if (dims.reluFirst == 1u) { pre[base + j] = bitcast<u32>(max(bitcast<f32>(bits), 0.0)); }
  }
  let flagged = workgroupUniformLoad(&bad);
  if (flagged != 0u) {
    if (t == 0u) { status[row] = 1u; }
    return;
  }
  storageBarrier();
  for (var r = 0u; r < dims.k; r++) {
    var v = 0.0;
    var i = NONE;
    for (var j = t; j < dims.n; j += 256u) {
      let bits = pre[base + j];
      if (bits == TAKEN) { continue; }
      let u = bitcast<f32>(bits);
      if (better(u, j, v, i)) { v = u; i = j; }
    }
    bv[t] = v;
    bi[t] = i;
    workgroupBarrier();
    for (var s = 128u; s > 0u; s >>= 1u) {
      if (t < s && better(bv[t + s], bi[t + s], bv[t], bi[t])) { bv[t] = bv[t + s]; bi[t] = bi[t + s]; }
      workgroupBarrier();
    }
    if (t == 0u) {
      let o = dims.at + row * dims.k + r;
      outIdx[o] = bi[0];
      outVal[o] = max(bv[0], 0.0) + 0.0;
      pre[base + bi[0]] = TAKEN;
    }
    storageBarrier();
    workgroupBarrier();
  }
}
`;

/** x̂ [rows, d] = pre_bias + Σ_j values[row, j] · decoderᵀ[indices[row, j]], one thread per output. */
export const DECODE_SPARSE_WGSL = /* wgsl */ `${DIMS}@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<storage, read> val: array<f32>;
@group(0) @binding(3) var<storage, read> wt: array<f32>;
@group(0) @binding(4) var<storage, read> preBias: array<f32>;
@group(0) @binding(5) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let p = g.x;
  let row = g.y;
  if (p >= dims.d || row >= dims.rows) { return; }
  var s = preBias[p];
  for (var j = 0u; j < dims.k; j++) {
    let o = dims.at + row * dims.k + j;
    s = fma(val[o], wt[idx[o] * dims.d + p], s);
  }
  out[row * dims.d + p] = s;
}
`;

/** x̂ [rows, d] = pre_bias + z [rows, n] · decoderᵀ, one thread per output. */
export const DECODE_DENSE_WGSL = /* wgsl */ `${DIMS}@group(0) @binding(1) var<storage, read> z: array<f32>;
@group(0) @binding(2) var<storage, read> wt: array<f32>;
@group(0) @binding(3) var<storage, read> preBias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let p = g.x;
  let row = g.y;
  if (p >= dims.d || row >= dims.rows) { return; }
  var s = preBias[p];
  for (var i = 0u; i < dims.n; i++) {
    let zi = z[row * dims.n + i];
    if (zi != 0.0) { s = fma(zi, wt[i * dims.d + p], s); }
  }
  out[row * dims.d + p] = s;
}
`;
