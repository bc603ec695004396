// WGSL kernels of the GPU training step, the Wasm trainer's phases on the GPU. The
// forward reuses the inference GEMM, top-k and sparse decoder (wgsl.ts). The backward is sparse
// and deterministic without float atomics: each latent's entries (row, selected latent) are
// listed in entry order, so every sum runs in the Wasm trainer's order, whatever the scheduling.
// Entries: B·k main ones (row-major, best first) then B·kAux AuxK ones; values at [0, E) and
// d loss / d pre-activation at [E, 2E) of one array. Gradients: G = [d/dx̂ (B·d) | d/dê (B·d)].

/** Binding 0 of the training kernels (64 bytes); stepSize and bc2 change each step. */
const T = /* wgsl */ `
struct T { B: u32, d: u32, n: u32, k: u32, ka: u32, deadSteps: u32, E: u32, p0: u32,
  auxkCoef: f32, clip: f32, beta1: f32, beta2: f32, stepSize: f32, bc2: f32, eps: f32, p1: f32 }
@group(0) @binding(0) var<uniform> t: T;
`;

/**
 * sum(v) over a workgroup of `size` threads, for f32 or vec4f: every thread gets the total. Call
 * from uniform control flow (it has barriers).
 */
const WG_SUM = (size: number, type = "f32") => /* wgsl */ `
var<workgroup> part: array<${type}, ${size}>;
fn wgSum(l: u32, v: ${type}) -> ${type} {
  part[l] = v;
  workgroupBarrier();
  for (var h = ${size / 2}u; h > 0u; h >>= 1u) {
    if (l < h) { part[l] += part[l + h]; }
    workgroupBarrier();
  }
  let total = part[0];
  workgroupBarrier();
  return total;
}
`;

/** What a step reports and decides: the two nmse ratios, the squared gradient norm, the clip, whether to update. */
const STATS = (atomicDead: boolean) => /* wgsl */ `
struct Stats { mainNum: f32, mainDen: f32, auxNum: f32, auxDen: f32, sq: f32, coef: f32, ok: u32, badRow: u32, dead: ${atomicDead ? "atomic<u32>" : "u32"} }
`;

/** x − pre_bias. */
export const CENTER_WGSL = /* wgsl */ `${T}@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> preBias: array<f32>;
@group(0) @binding(3) var<storage, read_write> xc: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  if (g.x >= t.d || g.y >= t.B) { return; }
  let o = g.y * t.d + g.x;
  xc[o] = x[o] - preBias[g.x];
}
`;

/** Steps since each latent was active, counted through this batch: every latent +1, then 1 for those in a row's top-k. */
export const DEAD_AGE_WGSL = /* wgsl */ `${T}@group(0) @binding(1) var<storage, read> since: array<u32>;
@group(0) @binding(2) var<storage, read_write> after: array<u32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) ng: vec3u) {
  for (var i = g.x; i < t.n; i += ng.x * 64u) { after[i] = since[i] + 1u; }
}
`;

export const DEAD_HIT_WGSL = /* wgsl */ `${T}@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<storage, read_write> after: array<u32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) ng: vec3u) {
  for (var e = g.x; e < t.B * t.k; e += ng.x * 64u) {
    let i = idx[e];
    if (i < t.n) { after[i] = 1u; }
  }
}
`;

/** AuxK candidates: pre-activations of dead latents kept, the others zeroed (as pre · dead in the reference); dead counted. */
export const AUX_MASK_WGSL = /* wgsl */ `${T}${STATS(true)}@group(0) @binding(1) var<storage, read> after: array<u32>;
@group(0) @binding(2) var<storage, read_write> pre: array<u32>;
@group(0) @binding(3) var<storage, read_write> stats: Stats;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let i = g.x;
  let b = g.y;
  if (i >= t.n || b >= t.B) { return; }
  let dead = after[i] > t.deadSteps;
  if (!dead) { pre[b * t.n + i] = 0u; }
  if (dead && b == 0u) { atomicAdd(&stats.dead, 1u); }
}
`;

/** Per column: the batch means of x and of the AuxK target x − x̂, and the four sums of both nmse ratios. */
export const NMSE_COLUMNS_WGSL = /* wgsl */ `${T}@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> xh: array<f32>;
@group(0) @binding(3) var<storage, read> eh: array<f32>;
@group(0) @binding(4) var<storage, read_write> cols: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let q = g.x;
  if (q >= t.d) { return; }
  var mx = 0.0;
  var mr = 0.0;
  for (var b = 0u; b < t.B; b++) {
    let o = b * t.d + q;
    mx += x[o];
    mr += x[o] - xh[o];
  }
  mx /= f32(t.B);
  mr /= f32(t.B);
  var n1 = 0.0; var d1 = 0.0; var n2 = 0.0; var d2 = 0.0;
  for (var b = 0u; b < t.B; b++) {
    let o = b * t.d + q;
    let r = x[o] - xh[o];
    n1 += r * r;
    d1 += (mx - x[o]) * (mx - x[o]);
    n2 += (eh[o] - r) * (eh[o] - r);
    d2 += (mr - r) * (mr - r);
  }
  cols[4u * q] = n1; cols[4u * q + 1u] = d1; cols[4u * q + 2u] = n2; cols[4u * q + 3u] = d2;
}
`;

/** One workgroup: the column sums into the two ratios; a row flagged non-finite, or a zero variance, cancels the update. */
export const NMSE_TOTAL_WGSL = /* wgsl */ `${T}${STATS(false)}@group(0) @binding(1) var<storage, read> cols: array<vec4f>;
@group(0) @binding(2) var<storage, read> status: array<u32>;
@group(0) @binding(3) var<storage, read_write> stats: Stats;

${WG_SUM(256, "vec4f")}
var<workgroup> bad: atomic<u32>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) l: vec3u) {
  if (l.x == 0u) { atomicStore(&bad, 0xffffffffu); }
  workgroupBarrier();
  var s = vec4f(0.0);
  for (var q = l.x; q < t.d; q += 256u) { s += cols[q]; }
  for (var b = l.x; b < t.B; b += 256u) { if (status[b] != 0u) { atomicMin(&bad, b); } }
  let r = wgSum(l.x, s);
  if (l.x == 0u) {
    let badRow = atomicLoad(&bad);
    stats.mainNum = r.x; stats.mainDen = r.y; stats.auxNum = r.z; stats.auxDen = r.w;
    stats.badRow = badRow;
    stats.ok = select(0u, 1u, badRow == 0xffffffffu && r.y > 0.0 && r.w > 0.0);
  }
}
`;

/** d loss / d x̂ = 2(x̂ − x) / den₁ and d loss / d ê = auxkCoef · 2(ê − (x − x̂)) / den₂. */
export const NMSE_GRAD_WGSL = /* wgsl */ `${T}${STATS(false)}@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> xh: array<f32>;
@group(0) @binding(3) var<storage, read> eh: array<f32>;
@group(0) @binding(4) var<storage, read_write> grad: array<f32>;
@group(0) @binding(5) var<storage, read> stats: Stats;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  if (g.x >= t.d || g.y >= t.B) { return; }
  let o = g.y * t.d + g.x;
  grad[o] = (2.0 / stats.mainDen) * (xh[o] - x[o]);
  grad[t.B * t.d + o] = (t.auxkCoef * 2.0 / stats.auxDen) * (eh[o] - (x[o] - xh[o]));
}
`;

/** Per entry: d loss / d pre = decoder column · gradient of its row, where ReLU passed it (value > 0). */
export const ENTRY_GRAD_WGSL = /* wgsl */ `${T}@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<storage, read_write> ent: array<f32>;
@group(0) @binding(3) var<storage, read> wt: array<f32>;
@group(0) @binding(4) var<storage, read> grad: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) ng: vec3u) {
  for (var e = g.x; e < t.E; e += ng.x * 64u) {
    var dv = 0.0;
    let i = idx[e];
    if (ent[e] > 0.0 && i < t.n) {
      let main = e < t.B * t.k;
      let row = select((e - t.B * t.k) / max(t.ka, 1u), e / t.k, main);
      let go = select(t.B * t.d, 0u, main) + row * t.d;
      for (var p = 0u; p < t.d; p++) { dv += wt[i * t.d + p] * grad[go + p]; }
    }
    ent[t.E + e] = dv;
  }
}
`;

/**
 * The entry lists, one thread per latent scanning all entries in order: with FILL false it counts
 * each latent's entries into lists[i]; with FILL true (after the prefix sum made lists[0..n]
 * offsets) it writes their entry numbers at lists[n + 1 + offset…]. Entries with value 0 carry
 * no gradient and are left out.
 */
export const LIST_WGSL = /* wgsl */ `${T}@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<storage, read> ent: array<f32>;
@group(0) @binding(3) var<storage, read_write> lists: array<u32>;
override FILL: bool;

var<workgroup> tile: array<u32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(local_invocation_id) l: vec3u) {
  let i = g.x;
  var c = 0u;
  if (FILL && i < t.n) { c = lists[i]; }
  for (var e0 = 0u; e0 < t.E; e0 += 256u) {
    let e = e0 + l.x;
    tile[l.x] = select(0xffffffffu, idx[min(e, t.E - 1u)], e < t.E && ent[min(e, t.E - 1u)] > 0.0);
    workgroupBarrier();
    if (i < t.n) {
      for (var j = 0u; j < 256u; j++) {
        if (tile[j] == i) {
          if (FILL) { lists[t.n + 1u + c] = e0 + j; }
          c++;
        }
      }
    }
    workgroupBarrier();
  }
  if (!FILL && i < t.n) { lists[i] = c; }
}
`;

/** One workgroup: counts lists[0..n) → offsets lists[0..n] (an exclusive prefix sum, the total last); each thread rewrites only its own chunk. */
export const OFFSETS_WGSL = /* wgsl */ `${T}@group(0) @binding(1) var<storage, read_write> lists: array<u32>;

var<workgroup> sums: array<u32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) l: vec3u) {
  let per = (t.n + 255u) / 256u;
  let a = min(t.n, l.x * per);
  let z = min(t.n, a + per);
  var s = 0u;
  for (var i = a; i < z; i++) { s += lists[i]; }
  sums[l.x] = s;
  workgroupBarrier();
  for (var h = 1u; h < 256u; h <<= 1u) {
    var v = 0u;
    if (l.x >= h) { v = sums[l.x - h]; }
    workgroupBarrier();
    sums[l.x] += v;
    workgroupBarrier();
  }
  var run = sums[l.x] - s;
  for (var i = a; i < z; i++) {
    let c = lists[i];
    lists[i] = run;
    run += c;
  }
  workgroupBarrier();
  if (l.x == 255u) { lists[t.n] = sums[255]; }
}
`;

/**
 * Per latent i and column p, over i's entries in order: decoderᵀ gradient Σ value · d/d(output),
 * encoder gradient Σ gpre · (x − pre_bias), latent-bias gradient Σ gpre.
 */
export const LATENT_GRADS_WGSL = /* wgsl */ `${T}@group(0) @binding(1) var<storage, read> lists: array<u32>;
@group(0) @binding(2) var<storage, read> ent: array<f32>;
@group(0) @binding(3) var<storage, read> grad: array<f32>;
@group(0) @binding(4) var<storage, read> xc: array<f32>;
@group(0) @binding(5) var<storage, read_write> gWt: array<f32>;
@group(0) @binding(6) var<storage, read_write> gE: array<f32>;
@group(0) @binding(7) var<storage, read_write> gLb: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let p = g.x;
  let i = g.y;
  if (p >= t.d || i >= t.n) { return; }
  var gw = 0.0; var ge = 0.0; var gl = 0.0;
  for (var s = lists[i]; s < lists[i + 1u]; s++) {
    let e = lists[t.n + 1u + s];
    let main = e < t.B * t.k;
    let row = select((e - t.B * t.k) / max(t.ka, 1u), e / t.k, main);
    let dv = ent[t.E + e];
    gw += ent[e] * grad[select(t.B * t.d, 0u, main) + row * t.d + p];
    ge += dv * xc[row * t.d + p];
    gl += dv;
  }
  gWt[i * t.d + p] = gw;
  gE[i * t.d + p] = ge;
  if (p == 0u) { gLb[i] = gl; }
}
`;

/** pre_bias gradient: Σ_rows d/dx̂ − Σ_main gpre · encoder row − Σ_aux gpre · encoder row (the Wasm trainer's order). */
export const PRE_BIAS_GRAD_WGSL = /* wgsl */ `${T}@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<storage, read> ent: array<f32>;
@group(0) @binding(3) var<storage, read> enc: array<f32>;
@group(0) @binding(4) var<storage, read> grad: array<f32>;
@group(0) @binding(5) var<storage, read_write> gPb: array<f32>;

fn through(p: u32, e0: u32, e1: u32) -> f32 {
  var s = 0.0;
  for (var e = e0; e < e1; e++) {
    let dv = ent[t.E + e];
    if (dv != 0.0) { s += dv * enc[idx[e] * t.d + p]; }
  }
  return s;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let p = g.x;
  if (p >= t.d) { return; }
  var acc = 0.0;
  for (var b = 0u; b < t.B; b++) { acc += grad[b * t.d + p]; }
  acc -= through(p, 0u, t.B * t.k);
  acc -= through(p, t.B * t.k, t.E);
  gPb[p] = acc;
}
`;

/** Decoder gradients projected off their (unit) columns: g −= (w·g) w, one workgroup per latent. */
export const PROJECT_WGSL = /* wgsl */ `${T}@group(0) @binding(1) var<storage, read> wt: array<f32>;
@group(0) @binding(2) var<storage, read_write> gWt: array<f32>;
${WG_SUM(64)}
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) l: vec3u) {
  let o = wg.x * t.d;
  var s = 0.0;
  for (var p = l.x; p < t.d; p += 64u) { s += wt[o + p] * gWt[o + p]; }
  let dot = wgSum(l.x, s);
  for (var p = l.x; p < t.d; p += 64u) { gWt[o + p] -= dot * wt[o + p]; }
}
`;

/** Σ g² of one gradient, a partial sum per workgroup (the partials bound to this gradient's slice). */
export const SUMSQ_WGSL = /* wgsl */ `@group(0) @binding(0) var<storage, read> grad: array<f32>;
@group(0) @binding(1) var<storage, read_write> partial: array<f32>;
${WG_SUM(256)}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) l: vec3u, @builtin(num_workgroups) ng: vec3u) {
  var s = 0.0;
  for (var j = g.x; j < arrayLength(&grad); j += ng.x * 256u) { s += grad[j] * grad[j]; }
  let total = wgSum(l.x, s);
  if (l.x == 0u) { partial[wg.x] = total; }
}
`;

/** One workgroup: the global gradient norm from the partial sums, and the clip coefficient min(1, clip / (‖g‖ + 1e-6)). */
export const CLIP_WGSL = /* wgsl */ `${T}${STATS(false)}@group(0) @binding(1) var<storage, read> partial: array<f32>;
@group(0) @binding(2) var<storage, read_write> stats: Stats;
${WG_SUM(256)}
@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) l: vec3u) {
  var s = 0.0;
  for (var j = l.x; j < arrayLength(&partial); j += 256u) { s += partial[j]; }
  let sq = wgSum(l.x, s);
  if (l.x == 0u) {
    stats.sq = sq;
    stats.coef = min(1.0, t.clip / (sqrt(sq) + 1e-6));
  }
}
`;

/** torch.optim.Adam on the clipped gradient, skipped when the step was cancelled. */
export const ADAM_WGSL = /* wgsl */ `${T}${STATS(false)}@group(0) @binding(1) var<storage, read_write> w: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;
@group(0) @binding(5) var<storage, read> stats: Stats;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) ng: vec3u) {
  if (stats.ok == 0u) { return; }
  for (var j = g.x; j < arrayLength(&w); j += ng.x * 256u) {
    let gr = grad[j] * stats.coef;
    let mm = t.beta1 * m[j] + (1.0 - t.beta1) * gr;
    let vv = t.beta2 * v[j] + (1.0 - t.beta2) * (gr * gr);
    m[j] = mm;
    v[j] = vv;
    w[j] = w[j] - (t.stepSize * mm) / (sqrt(vv) / t.bc2 + t.eps);
  }
}
`;

/** Unit decoder columns (rows of decoderᵀ), one workgroup per latent; and the dead counters kept. Skipped when cancelled. */
export const RENORM_WGSL = /* wgsl */ `${T}${STATS(false)}@group(0) @binding(1) var<storage, read_write> wt: array<f32>;
@group(0) @binding(2) var<storage, read> stats: Stats;
@group(0) @binding(3) var<storage, read> after: array<u32>;
@group(0) @binding(4) var<storage, read_write> since: array<u32>;
${WG_SUM(64)}
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) l: vec3u) {
  let o = wg.x * t.d;
  var s = 0.0;
  for (var p = l.x; p < t.d; p += 64u) { s += wt[o + p] * wt[o + p]; }
  let sq = wgSum(l.x, s);
  // The test sits after the barriers, which must be reached by the whole workgroup.
  if (stats.ok == 0u) { return; }
  let inv = 1.0 / sqrt(sq);
  for (var p = l.x; p < t.d; p += 64u) { wt[o + p] *= inv; }
  if (l.x == 0u) { since[wg.x] = after[wg.x]; }
}
`;
