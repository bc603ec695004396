// src/core/errors.ts
var SaeError = class extends Error {
  code;
  /** The option that fixes it, where one does; `message` then ends with it in the API's words. */
  fix;
  /** The message without the fix, for interfaces that phrase the fix their own way. */
  problem;
  constructor(code, message, options) {
    const fix = options?.fix;
    super(fix ? `${message}; pass { ${fix.option}: ${fix.example ?? "\u2026"} }` : message, options?.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = "SaeError";
    this.code = code;
    this.fix = fix;
    this.problem = message;
  }
};

// src/core/shapes.ts
function transpose(a, rows, cols, out = new Float32Array(rows * cols)) {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c];
  return out;
}

// src/kernels/wasm.ts
import { instantiate } from "@assemblyscript/loader";
var WasmKernels = class {
  isa;
  exports;
  /** An instance attached to memory another thread allocates in: it must never allocate itself. */
  attached;
  constructor(isa, exports, attached = false) {
    this.isa = isa;
    this.exports = exports;
    this.attached = attached;
  }
  /** Allocates 16-byte aligned bytes in Wasm memory; E_WASM when the 4 GiB address space is full. */
  alloc(bytes) {
    if (this.attached) throw new SaeError("E_WASM", "a worker's kernel instance shares memory and must not allocate");
    try {
      return this.exports.mem_alloc(Math.max(16, bytes)) >>> 0;
    } catch (cause) {
      throw new SaeError("E_WASM", `Wasm memory: could not allocate ${bytes} bytes (memory now ${this.exports.memory.buffer.byteLength} bytes)`, { cause });
    }
  }
  /** Several allocations, all or none: if one fails, those made before it are freed. */
  allocAll(...sizes) {
    const ptrs = [];
    try {
      for (const bytes of sizes) ptrs.push(this.alloc(bytes));
    } catch (e) {
      for (const ptr of ptrs) this.free(ptr);
      throw e;
    }
    return ptrs;
  }
  free(ptr) {
    if (ptr) this.exports.mem_free(ptr);
  }
  /** A fresh Float32Array view (views die whenever memory grows, so never keep one across an alloc). */
  f32(ptr, length) {
    return new Float32Array(this.exports.memory.buffer, ptr, length);
  }
  i32(ptr, length) {
    return new Int32Array(this.exports.memory.buffer, ptr, length);
  }
};
async function toInstantiable(source) {
  if (source instanceof URL) return fetch(source);
  if (typeof source.then === "function") return await source;
  return source;
}
async function loadKernels(isa, source, shared) {
  const memory = shared?.memory;
  try {
    const { exports } = await instantiate(await toInstantiable(source), {
      env: {
        ...memory ? { memory } : {},
        abort(_msg, _file, line, col) {
          throw new SaeError("E_WASM", `Wasm kernel aborted at ${line}:${col}`);
        }
      }
    });
    return new WasmKernels(isa, exports, shared?.attached ?? false);
  } catch (cause) {
    if (cause instanceof SaeError) throw cause;
    throw new SaeError("E_WASM", `could not instantiate the ${isa} kernel module: ${cause?.message ?? cause}`, { cause });
  }
}

// src/kernels/encode.ts
var NR = 8;
var BLOCK_BYTES = 256 * 1024;
var DEPTH_CHUNK = 512;
function blockLatents(d, n) {
  const panels = Math.max(1, Math.floor(BLOCK_BYTES / (d * NR * 4)));
  return Math.min(panels, Math.ceil(n / NR)) * NR;
}
function blockDepth(d) {
  return Math.ceil(d / Math.ceil(d / DEPTH_CHUNK));
}

// src/train/step.wasm.ts
var NR2 = 8;
var BUFFERS = [
  "E",
  "Wt",
  "lb",
  "pb",
  "mE",
  "vE",
  "mWt",
  "vWt",
  "mlb",
  "vlb",
  "mpb",
  "vpb",
  "gE",
  "gWt",
  "glb",
  "gpb",
  "P",
  "PA",
  "lbA",
  "ED",
  "zeros",
  "MEAN",
  "X",
  "XR",
  "XH",
  "EH",
  "GX",
  "GE",
  "IDX",
  "VAL",
  "DV",
  "AIDX",
  "AVAL",
  "ADV",
  "TMP",
  "SCR"
];
function bufferSizes(kernels, d, n, cfg2) {
  const nPad = Math.ceil(n / NR2) * NR2, B2 = cfg2.batchSize, k = cfg2.k, ka = Math.min(cfg2.kAux, n);
  const scratch = (kk) => kernels.exports.f32_encode_topk_scratch_bytes(B2, d, kk, blockLatents(d, n)) >>> 0;
  const [nd, Bd] = [n * d, B2 * d];
  return {
    E: nd,
    Wt: nd,
    lb: nPad,
    pb: d,
    mE: nd,
    vE: nd,
    mWt: nd,
    vWt: nd,
    mlb: nPad,
    vlb: nPad,
    mpb: d,
    vpb: d,
    gE: nd,
    gWt: nd,
    glb: nPad,
    gpb: d,
    P: nPad * d,
    PA: nPad * d,
    lbA: nPad,
    ED: nd,
    zeros: d,
    MEAN: 2 * d,
    X: Bd,
    XR: Bd,
    XH: Bd,
    EH: Bd,
    GX: Bd,
    GE: Bd,
    IDX: B2 * k,
    VAL: B2 * k,
    DV: B2 * k,
    AIDX: B2 * ka,
    AVAL: B2 * ka,
    ADV: B2 * ka,
    TMP: Bd,
    SCR: Math.ceil(Math.max(scratch(k), scratch(Math.max(1, ka))) / 4)
  };
}
var TrainerPhases = class _TrainerPhases {
  constructor(kernels, bufs, scratches, cfg2, d, n) {
    this.kernels = kernels;
    this.bufs = bufs;
    this.scratches = scratches;
    this.cfg = cfg2;
    this.d = d;
    this.n = n;
  }
  kernels;
  bufs;
  scratches;
  cfg;
  d;
  n;
  /** Phases over buffers another thread allocated in this (shared) memory: what a worker runs. */
  static attach(kernels, layout) {
    return new _TrainerPhases(kernels, layout.bufs, layout.scratches, layout.cfg, layout.d, layout.n);
  }
  f(name) {
    const b = this.bufs[name];
    return this.kernels.f32(b.ptr, b.len);
  }
  i(name) {
    const b = this.bufs[name];
    return this.kernels.i32(b.ptr, b.len);
  }
  p(name) {
    return this.bufs[name].ptr;
  }
  /** Phase 1: the batch, raw and centred on pre_bias, and the encoder packed into panels. */
  prepare(x2) {
    const { d, n, kernels } = this;
    const pb = this.f("pb");
    const X = this.f("X");
    this.f("XR").set(x2.subarray(0, this.cfg.batchSize * d));
    for (let b = 0; b < this.cfg.batchSize; b++) for (let q = 0, o = b * d; q < d; q++) X[o + q] = x2[o + q] - pb[q];
    kernels.exports.f32_pack_panels(this.p("E"), n, d, this.p("P"));
  }
  /** Phase 2: GEMM + top-k for rows [r0, r0 + rows), in worker `worker`'s scratch (the calling thread's without one). */
  forward(r0, rows, worker) {
    const { d, n, kernels, cfg: cfg2 } = this;
    const k = cfg2.k;
    const o = (name, width) => this.p(name) + r0 * width * 4;
    const scratch = worker === void 0 ? this.p("SCR") : this.scratches[worker].ptr;
    if (kernels.exports.f32_encode_topk(
      o("X", d),
      rows,
      d,
      this.p("P"),
      this.p("lb"),
      n,
      k,
      blockLatents(d, n),
      blockDepth(d),
      0,
      o("IDX", k),
      o("VAL", k),
      scratch
    ) >= 0) {
      throw new SaeError("E_NONFINITE", "trainer: pre-activations overflowed float32; training has diverged");
    }
  }
  /**
   * Phase 3: dead latents, AuxK, loss, backward through the selected latents, update. `since` is
   * the dead-latent counter before this batch and `step` the optimiser steps so far; the counter
   * after the batch comes back.
   */
  finish(since, step) {
    const { d, n, kernels, cfg: cfg2 } = this;
    const ex2 = kernels.exports;
    const k = cfg2.k;
    const batch = cfg2.batchSize;
    const kc = blockDepth(d);
    const after = since.map((c) => c + 1);
    for (const i of this.i("IDX")) after[i] = 1;
    const dead = [];
    for (let i = 0; i < n; i++) if (after[i] > cfg2.deadSteps) dead.push(i);
    const ka = Math.min(cfg2.kAux, dead.length);
    if (ka > 0) {
      const E = this.f("E"), ED = this.f("ED"), lb = this.f("lb"), lbA = this.f("lbA");
      dead.forEach((i, j) => {
        ED.set(E.subarray(i * d, (i + 1) * d), j * d);
        lbA[j] = lb[i];
      });
      ex2.f32_pack_panels(this.p("ED"), dead.length, d, this.p("PA"));
      if (ex2.f32_encode_topk(
        this.p("X"),
        batch,
        d,
        this.p("PA"),
        this.p("lbA"),
        dead.length,
        ka,
        blockLatents(d, dead.length),
        kc,
        0,
        this.p("AIDX"),
        this.p("AVAL"),
        this.p("SCR")
      ) >= 0) {
        throw new SaeError("E_NONFINITE", "trainer: pre-activations overflowed float32; training has diverged");
      }
      const ai = this.i("AIDX");
      for (let j = 0; j < batch * ka; j++) ai[j] = dead[ai[j]];
    }
    ex2.f32_decode_sparse(this.p("IDX"), this.p("VAL"), batch, k, this.p("Wt"), this.p("pb"), d, n, this.p("XH"));
    if (ka > 0) ex2.f32_decode_sparse(this.p("AIDX"), this.p("AVAL"), batch, ka, this.p("Wt"), this.p("zeros"), d, n, this.p("EH"));
    else this.f("EH").fill(0);
    const nmse = (r, t3, u, coef2, grad, what) => {
      const v = ex2.f32_nmse(this.p(r), this.p(t3), u ? this.p(u) : 0, u ? 1 : 0, batch, d, coef2, this.p(grad), this.p("MEAN"));
      if (v < 0) throw new SaeError("E_ARG", `train: the ${what} of this batch has zero variance; nmse is undefined (use more rows, or rows that differ)`);
      return v;
    };
    const main = nmse("XH", "XR", void 0, 1, "GX", "input");
    const side = nmse("EH", "XR", "XH", cfg2.auxkCoef, "GE", "residual");
    for (const name of ["gE", "gWt", "glb", "gpb"]) this.f(name).fill(0);
    const glb = this.f("glb"), gpb = this.f("gpb");
    const back = (idx, val, dv, g, kk) => {
      ex2.f32_sparse_dots(this.p(idx), batch, kk, this.p("Wt"), this.p(g), d, this.p(dv));
      ex2.f32_sparse_scatter(this.p(idx), this.p(val), batch, kk, this.p(g), d, this.p("gWt"));
      const I = this.i(idx), V = this.f(val), DV = this.f(dv);
      for (let j = 0; j < batch * kk; j++) {
        const gp = V[j] > 0 ? DV[j] : 0;
        DV[j] = gp;
        glb[I[j]] += gp;
      }
      ex2.f32_sparse_scatter(this.p(idx), this.p(dv), batch, kk, this.p("X"), d, this.p("gE"));
      ex2.f32_decode_sparse(this.p(idx), this.p(dv), 1, batch * kk, this.p("E"), this.p("zeros"), d, n, this.p("TMP"));
      const T = this.f("TMP");
      for (let q = 0; q < d; q++) gpb[q] -= T[q];
    };
    ex2.f32_sum_rows(this.p("GX"), batch, d, this.p("gpb"));
    back("IDX", "VAL", "DV", "GX", k);
    if (ka > 0) back("AIDX", "AVAL", "ADV", "GE", ka);
    ex2.f32_project_rows(this.p("Wt"), this.p("gWt"), n, d);
    let sq = 0;
    for (const g of ["gE", "gWt", "glb", "gpb"]) sq += ex2.f32_sumsq(this.p(g), this.bufs[g].len);
    const coef = cfg2.clip / (Math.sqrt(sq) + 1e-6);
    const t2 = step + 1;
    const stepSize = cfg2.lr / (1 - cfg2.beta1 ** t2), bc2 = Math.sqrt(1 - cfg2.beta2 ** t2);
    for (const [w2, g, m, v] of [
      ["E", "gE", "mE", "vE"],
      ["Wt", "gWt", "mWt", "vWt"],
      ["lb", "glb", "mlb", "vlb"],
      ["pb", "gpb", "mpb", "vpb"]
    ]) {
      ex2.f32_adam(this.p(w2), this.p(g), this.p(m), this.p(v), this.bufs[w2].len, Math.min(1, coef), cfg2.beta1, cfg2.beta2, stepSize, bc2, cfg2.eps);
    }
    ex2.f32_normalize_rows(this.p("Wt"), n, d);
    return { losses: { loss: main + cfg2.auxkCoef * side, mse: main, auxLoss: side, dead: dead.length }, after };
  }
};
var WasmTrainer = class _WasmTrainer extends TrainerPhases {
  constructor(kernels, bufs, scratches, cfg2, state) {
    super(kernels, bufs, scratches, cfg2, state.nInputs, state.nLatents);
    this.state = state;
  }
  state;
  /**
   * Allocates the buffers and copies the state in (natural layouts; the decoder transposed to
   * [n, d]); `workers` extra encode scratches serve the forward phase's parallel row ranges.
   */
  static create(kernels, state, cfg2, workers = 0) {
    if (kernels.isa !== "simd") throw new SaeError("E_ARG", "the trainer runs the plain-SIMD module so that its results do not depend on the runtime");
    const { nInputs: d, nLatents: n } = state;
    const sizes = bufferSizes(kernels, d, n, cfg2);
    const bufs = Object.fromEntries(BUFFERS.map((name) => [name, { ptr: kernels.alloc(Math.max(1, sizes[name]) * 4), len: sizes[name] }]));
    const part = Math.ceil(cfg2.batchSize / Math.max(1, workers));
    const scratches = Array.from({ length: workers }, () => ({
      ptr: kernels.alloc(kernels.exports.f32_encode_topk_scratch_bytes(part, d, cfg2.k, blockLatents(d, n)) >>> 0),
      len: 0
    }));
    const t2 = new _WasmTrainer(kernels, bufs, scratches, cfg2, state);
    for (const name of BUFFERS) t2.f(name).fill(0);
    t2.load();
    return t2;
  }
  /** The buffers' places, for workers attaching to the same (shared) memory. */
  layout() {
    return { d: this.d, n: this.n, cfg: this.cfg, bufs: this.bufs, scratches: this.scratches };
  }
  /** state → Wasm. */
  load() {
    const { d, n } = this;
    const s = this.state;
    const tr = (src, dst) => transpose(src, d, n, dst);
    this.f("E").set(s.params.encoderWeight);
    this.f("mE").set(s.m.encoderWeight);
    this.f("vE").set(s.v.encoderWeight);
    tr(s.params.decoderWeight, this.f("Wt"));
    tr(s.m.decoderWeight, this.f("mWt"));
    tr(s.v.decoderWeight, this.f("vWt"));
    this.f("lb").set(s.params.latentBias);
    this.f("mlb").set(s.m.latentBias);
    this.f("vlb").set(s.v.latentBias);
    this.f("pb").set(s.params.preBias);
    this.f("mpb").set(s.m.preBias);
    this.f("vpb").set(s.v.preBias);
  }
  /** Wasm → state (for checkpoints and results). */
  sync() {
    const { d, n } = this;
    const s = this.state;
    const tr = (src, dst) => transpose(src, n, d, dst);
    s.params.encoderWeight.set(this.f("E"));
    s.m.encoderWeight.set(this.f("mE"));
    s.v.encoderWeight.set(this.f("vE"));
    tr(this.f("Wt"), s.params.decoderWeight);
    tr(this.f("mWt"), s.m.decoderWeight);
    tr(this.f("vWt"), s.v.decoderWeight);
    s.params.latentBias.set(this.f("lb").subarray(0, n));
    s.m.latentBias.set(this.f("mlb").subarray(0, n));
    s.v.latentBias.set(this.f("vlb").subarray(0, n));
    s.params.preBias.set(this.f("pb"));
    s.m.preBias.set(this.f("mpb"));
    s.v.preBias.set(this.f("vpb"));
  }
  /** One step on x [batch, d] (batch = the configured batch size), all phases on this thread. */
  step(x2, batch) {
    if (batch !== this.cfg.batchSize) throw new SaeError("E_SHAPE", `trainer: batch ${batch} is not the configured ${this.cfg.batchSize}`);
    const st2 = this.state;
    this.prepare(x2);
    this.forward(0, batch);
    const r = this.finish(st2.sinceActive, st2.step);
    st2.sinceActive.set(r.after);
    st2.step++;
    return r.losses;
  }
  /** Frees the buffers. */
  dispose() {
    for (const b of [...Object.values(this.bufs), ...this.scratches]) this.kernels.free(b.ptr);
  }
};

// src/kernels/wasm-binary.ts
var SIMD_WASM_BASE64 = "AGFzbQEAAAABpAETYAd/f39/f39/AGAEf39/fwBgAn9/AGAIf39/f39/f38Bf2ABfwF/YAd/f39/f39/AX9gBX9/f39/AGACf38Bf2AAAGADf39+AGACf38BfGADf39/AGAJf39/f39/fH9/AXxgC39/f39/fX19fX19AGAJf39/f39/f39/AX9gBn9/f39/fwBgAX8AYAR/f39/AX9gDX9/f39/f39/f39/f38BfwINAQNlbnYFYWJvcnQAAQMdHAICBQYHCAkAAAoBAAABAQsMDQMOAAQDDxAEERIFBgEBEICABAYGAX8BQQALB8gCEwltZW1fYWxsb2MAGghtZW1fZnJlZQAZDWYzMl90b3BrX2hlYXAAEw9mMzJfZW5jb2RlX3RvcGsAHB1mMzJfZW5jb2RlX3RvcGtfc2NyYXRjaF9ieXRlcwAbDGYzMl9yYW5rX2RvdAAXGmYzMl9yYW5rX2RvdF9zY3JhdGNoX2J5dGVzABYRZjMyX2RlY29kZV9zcGFyc2UAFBBmMzJfZGVjb2RlX2RlbnNlABUPZjMyX3NwYXJzZV9kb3RzAA0SZjMyX3NwYXJzZV9zY2F0dGVyAAwQZjMyX3Byb2plY3Rfcm93cwAOEmYzMl9ub3JtYWxpemVfcm93cwAQCWYzMl9zdW1zcQAKCGYzMl9hZGFtABIPZjMyX3BhY2tfcGFuZWxzAA8IZjMyX25tc2UAEQxmMzJfc3VtX3Jvd3MACwZtZW1vcnkCAAwBBArbURzDAQEEfyABKAIAQXxxIgNBgAJJBH8gA0EEdgVBH0H8////AyADIANB/P///wNPGyIDZ2siBEEHayECIAMgBEEEa3ZBEHMLIQQgASgCCCEFIAEoAgQiAwRAIAMgBTYCCAsgBQRAIAUgAzYCBAsgASAAIAJBBHQgBGpBAnRqIgEoAmBGBEAgASAFNgJgIAVFBEAgACACQQJ0aiIBKAIEQX4gBHdxIQMgASADNgIEIANFBEAgACAAKAIAQX4gAndxNgIACwsLC7YCAQV/IAFBBGoiBiABKAIAIgNBfHFqIgQoAgAiAkEBcQRAIAAgBBABIAEgA0EEaiACQXxxaiIDNgIAIAEoAgBBfHEgBmoiBCgCACECCyADQQJxBEAgAUEEaygCACIBKAIAIQYgACABEAEgASAGQQRqIANBfHFqIgM2AgALIAQgAkECcjYCACAEQQRrIAE2AgAgACADQXxxIgJBgAJJBH8gAkEEdgVBH0H8////AyACIAJB/P///wNPGyICZ2siA0EHayEFIAIgA0EEa3ZBEHMLIgIgBUEEdGpBAnRqKAJgIQMgAUEANgIEIAEgAzYCCCADBEAgAyABNgIECyAAIAVBBHQgAmpBAnRqIAE2AmAgACAAKAIAQQEgBXRyNgIAIAAgBUECdGoiACAAKAIEQQEgAnRyNgIEC+MGBAJ9BH8DfgF7A0AgASACSCAFIAtKcQRAIAMgC0ECdGoqAgAiByAHk0MAAAAAXCAHIAdcIAYbBEBBfw8LIAEiCUEBaiEBIAQgC2pBf3OtIAdDAAAAAJK8IgpBf3MgCkGAgICAeHIgCkGAgICAeHEbrUIghoQhDQNAIAlBAEoEQCAAIAlBAWtBAXUiCkEDdGopAwAiDiANVgRAIAAgCUEDdGogDjcDACAKIQkMAgsLCyAAIAlBA3RqIA03AwAgC0EBaiELDAELCyAAKQMAQiCIpyICQf////8HcSACQX9zIAJBgICAgHhxG74hBwNAIAtBBGogBUwEQCADIAtBAnRq/QAEACIQIAf9E/1EIBAgEP3lAf0MAAAAAAAAAAAAAAAAAAAAAP1CIBAgEP1CIAYb/VD9pAEhCgNAIAoEQCAKaCECIAogCkEBa3EhCiADIAIgC2pBAnRqKgIAIgggCJNDAAAAAFwgCCAIXCAGGwRAQX8PCyAHIAhdBEAgBCALaiACakF/c60gCEMAAAAAkrwiAkF/cyACQYCAgIB4ciACQYCAgIB4cRutQiCGhCEPQQAhCQNAAkAgCUEBdEEBaiICIAFODQAgACACQQN0aikDACENIAJBAWoiDCABSARAIAAgDEEDdGopAwAiDiANVARAIA4hDSAMIQILCyANIA9aDQAgACAJQQN0aiANNwMAIAIhCQwBCwsgACAJQQN0aiAPNwMAIAApAwBCIIinIgJB/////wdxIAJBf3MgAkGAgICAeHEbviEHCwwBCwsgC0EEaiELDAELCwNAIAUgC0oEQCADIAtBAnRqKgIAIgggCJNDAAAAAFwgCCAIXCAGGwRAQX8PCyAHIAhdBEAgBCALakF/c60gCEMAAAAAkrwiAkF/cyACQYCAgIB4ciACQYCAgIB4cRutQiCGhCEPQQAhCQNAAkAgCUEBdEEBaiICIAFODQAgACACQQN0aikDACENIAJBAWoiCiABSARAIAAgCkEDdGopAwAiDiANVARAIA4hDSAKIQILCyANIA9aDQAgACAJQQN0aiANNwMAIAIhCQwBCwsgACAJQQN0aiAPNwMAIAApAwBCIIinIgJB/////wdxIAJBf3MgAkGAgICAeHEbviEHCyALQQFqIQsMAQsLIAELgwIDBH8DfgF9IAEhBgNAIAZBAEoEQCAGQQFrIghBAnQiASADaiAAKQMAIglCIIinIgVB/////wdxIAVBf3MgBUGAgICAeHEbviIMQwAAAAAgDEMAAAAAXkEBIAQbGzgCACABIAJqIAmnQX9zNgIAIAhBAEoEQCAAIAhBA3RqKQMAIQtBACEFA0ACQCAIIAVBAXRBAWoiAUwNACAAIAFBA3RqKQMAIQkgAUEBaiIHIAhIBEAgACAHQQN0aikDACIKIAlUBEAgCiEJIAchAQsLIAkgC1oNACAAIAVBA3RqIAk3AwAgASEFDAELCyAAIAVBA3RqIAs3AwALIAZBAWshBgwBCwsLqQEBAX8gAUGAAkkEQCABQQR2IQEFIAFB/v///wFJBEAgAUEBQRsgAWdrdGpBAWshAQsgAUEfIAFnayICQQRrdkEQcyEBIAJBB2shAgsgACACQQJ0aigCBEF/IAF0cSIBBH8gACABaCACQQR0akECdGooAmAFIAAoAgBBfyACQQFqdHEiAQR/IAAgACABaCIAQQJ0aigCBGggAEEEdGpBAnRqKAJgBUEACwsLkAEBAn8/ACIAQQBMBH9BASAAa0AAQQBIBUEACwRAAAtBkAlBADYCAEGwFUEANgIAA0AgAUEXSQRAIAFBAnRBkAlqQQA2AgRBACEAA0AgAEEQSQRAIAFBBHQgAGpBAnRBkAlqQQA2AmAgAEEBaiEADAELCyABQQFqIQEMAQsLQZAJQbQVPwCsQhCGEAdBkAkkAAuGAQEDfyABQRNqQXBxQQRrIQEgACgCoAwiAwRAIAFBEGsiBSADRgRAIAMoAgAhBCAFIQELCyACp0FwcSABayIDQRRJBEAPCyABIARBAnEgA0EIayIDQQFycjYCACABQQA2AgQgAUEANgIIIAFBBGogA2oiA0ECNgIAIAAgAzYCoAwgACABEAILrwQCD3sCfyAEIAIgBhsiF/0ABAAhCCAX/QAEECEJIAVBAnQiBSAEaiACIAYbIhf9AAQAIQogF/0ABBAhCyAEIAVBAXRqIAIgBhsiF/0ABAAhDCAX/QAEECENIAQgBUEDbGogAiAGGyIX/QAEACEOIBf9AAQQIQ8gBCAFQQJ0aiACIAYbIhf9AAQAIRAgF/0ABBAhESAEIAVBBWxqIAIgBhsiAv0ABAAhEiAC/QAEECETA0AgAyAWSgRAIAD9CQIAIhQgAf0ABAAiB/3mASAI/eQBIQggFCAB/QAEECIU/eYBIAn95AEhCSAA/QkCBCIVIAf95gEgCv3kASEKIBUgFP3mASAL/eQBIQsgAP0JAggiFSAH/eYBIAz95AEhDCAVIBT95gEgDf3kASENIAD9CQIMIhUgB/3mASAO/eQBIQ4gFSAU/eYBIA/95AEhDyAA/QkCECIVIAf95gEgEP3kASEQIBUgFP3mASAR/eQBIREgAP0JAhQiFSAH/eYBIBL95AEhEiAVIBT95gEgE/3kASETIABBFGohACABQSBqIQEgFkEBaiEWDAELCyAEIAj9CwQAIAQgCf0LBBAgBCAFaiIAIAr9CwQAIAAgC/0LBBAgBCAFQQF0aiIAIAz9CwQAIAAgDf0LBBAgBCAFQQNsaiIAIA79CwQAIAAgD/0LBBAgBCAFQQJ0aiIAIBD9CwQAIAAgEf0LBBAgBCAFQQVsaiIAIBL9CwQAIAAgE/0LBBAL2AMCDXsCfyAEIAIgBhsiFf0ABAAhCCAV/QAEECEJIAVBAnQiBSAEaiACIAYbIhX9AAQAIQogFf0ABBAhCyAEIAVBAXRqIAIgBhsiFf0ABAAhDCAV/QAEECENIAQgBUEDbGogAiAGGyIV/QAEACEOIBX9AAQQIQ8gBCAFQQJ0aiACIAYbIgL9AAQAIRAgAv0ABBAhEQNAIAMgFEoEQCAA/QkCACISIAH9AAQAIgf95gEgCP3kASEIIBIgAf0ABBAiEv3mASAJ/eQBIQkgAP0JAgQiEyAH/eYBIAr95AEhCiATIBL95gEgC/3kASELIAD9CQIIIhMgB/3mASAM/eQBIQwgEyAS/eYBIA395AEhDSAA/QkCDCITIAf95gEgDv3kASEOIBMgEv3mASAP/eQBIQ8gAP0JAhAiEyAH/eYBIBD95AEhECATIBL95gEgEf3kASERIABBFGohACABQSBqIQEgFEEBaiEUDAELCyAEIAj9CwQAIAQgCf0LBBAgBCAFaiIAIAr9CwQAIAAgC/0LBBAgBCAFQQF0aiIAIAz9CwQAIAAgDf0LBBAgBCAFQQNsaiIAIA79CwQAIAAgD/0LBBAgBCAFQQJ0aiIAIBD9CwQAIAAgEf0LBBALlwEDAn8BfAJ7A0AgAkEEaiIDIAFMBEAgBSAAIAJBAnRq/QAEACIG/V8iBSAF/fIBIAYgBv0NCAkKCwwNDg8AAQIDBAUGB/1fIgUgBf3yAf3wAf3wASEFIAMhAgwBCwsgBf0hACAF/SEBoCEEA0AgASACSgRAIAQgACACQQJ0aioCALsiBCAEoqAhBCACQQFqIQIMAQsLIAQLWgEFfwNAIAEgBUoEQCAAIAIgBWxBAnRqIQZBACEEA0AgAiAESgRAIARBAnQiByADaiIIIAgqAgAgBiAHaioCAJI4AgAgBEEBaiEEDAELCyAFQQFqIQUMAQsLC/oCAwd/AXsBfQNAIAIgCUoEQCAEIAUgCWxBAnRqIQtBACEKA0AgAyAKSgRAIAMgCWwgCmpBAnQiByABaioCACIPQwAAAABcBEAgBiAAIAdqKAIAIAVsQQJ0aiEMIA/9EyEOQQAhBwNAIAdBEGoiCCAFTARAIAdBAnQiByAMaiINIA4gByALaiIH/QAEAP3mASAN/QAEAP3kAf0LBAAgDSAOIAf9AAQQ/eYBIA39AAQQ/eQB/QsEECANIA4gB/0ABCD95gEgDf0ABCD95AH9CwQgIA0gDiAH/QAEMP3mASAN/QAEMP3kAf0LBDAgCCEHDAELCwNAIAdBBGoiCCAFTARAIAdBAnQiByAMaiINIA4gByALav0ABAD95gEgDf0ABAD95AH9CwQAIAghBwwBCwsDQCAFIAdKBEAgB0ECdCIIIAxqIg0gDyAIIAtqKgIAlCANKgIAkjgCACAHQQFqIQcMAQsLCyAKQQFqIQoMAQsLIAlBAWohCQwBCwsLgAIDB38BfQF7A0AgASANSgRAIAQgBSANbEECdGohC0EAIQwDQCACIAxKBEAgAyACIA1sIAxqQQJ0IgkgAGooAgAgBWxBAnRqIQr9DAAAAAAAAAAAAAAAAAAAAAAhD0EAIQcDQCAHQQRqIgggBUwEQCAHQQJ0IgcgCmr9AAQAIAcgC2r9AAQA/eYBIA/95AEhDyAIIQcMAQsLIA/9HwAgD/0fAZIgD/0fApIgD/0fA5IhDgNAIAUgB0oEQCAOIAdBAnQiCCAKaioCACAIIAtqKgIAlJIhDiAHQQFqIQcMAQsLIAYgCWogDjgCACAMQQFqIQwMAQsLIA1BAWohDQwBCwsL4gMDBn8BewF9A0AgAiAGSgRAIAMgBmxBAnQiByAAaiEIIAEgB2ohCf0MAAAAAAAAAAAAAAAAAAAAACEKQQAhBANAIARBBGoiBSADTARAIARBAnQiBCAIav0ABAAgBCAJav0ABAD95gEgCv3kASEKIAUhBAwBCwsgCv0fACAK/R8BkiAK/R8CkiAK/R8DkiELA0AgAyAESgRAIAsgBEECdCIFIAhqKgIAIAUgCWoqAgCUkiELIARBAWohBAwBCwsgACAHaiEIIAEgB2ohByALjCIL/RMhCkEAIQQDQCAEQRBqIgUgA0wEQCAEQQJ0IgQgB2oiCSAKIAQgCGoiBP0ABAD95gEgCf0ABAD95AH9CwQAIAkgCiAE/QAEEP3mASAJ/QAEEP3kAf0LBBAgCSAKIAT9AAQg/eYBIAn9AAQg/eQB/QsEICAJIAogBP0ABDD95gEgCf0ABDD95AH9CwQwIAUhBAwBCwsDQCAEQQRqIgUgA0wEQCAEQQJ0IgQgB2oiCSAKIAQgCGr9AAQA/eYBIAn9AAQA/eQB/QsEACAFIQQMAQsLA0AgAyAESgRAIARBAnQiBSAHaiIJIAsgBSAIaioCAJQgCSoCAJI4AgAgBEEBaiEEDAELCyAGQQFqIQYMAQsLC2sBBH8DQCABIAVKBEAgAyAFQQdxIgQgBSAEayACbGpBAnRqIQYgACACIAVsQQJ0aiEHQQAhBANAIAIgBEoEQCAGIARBBXRqIAcgBEECdGoqAgA4AgAgBEEBaiEEDAELCyAFQQFqIQUMAQsLC6YCAwV/AnsBfQNAIAEgBUoEQCACIAVsQQJ0IgYgAGohB/0MAAAAAAAAAAAAAAAAAAAAACEIQQAhAwNAIANBBGoiBCACTARAIANBAnQgB2r9AAQAIgkgCf3mASAI/eQBIQggBCEDDAELCyAI/R8AIAj9HwGSIAj9HwKSIAj9HwOSIQoDQCACIANKBEAgCiADQQJ0IAdqKgIAIgogCpSSIQogA0EBaiEDDAELC0MAAIA/IAqRIgqV/RMhCEEAIQMDQCADQQRqIgQgAkwEQCAAIAZqIANBAnRqIgMgA/0ABAAgCP3mAf0LBAAgBCEDDAELCwNAIAIgA0oEQCAAIAZqIANBAnRqIgQgBCoCACAKlTgCACADQQFqIQMMAQsLIAVBAWohBQwBCwsLsgMCB38DfCAIQQAgBUEDdPwLAANAIAQgCkoEQEEAIQkDQCAFIAlKBEAgBSAKbCAJakECdCELIAggCUEDdGoiDyAPKwMAIAMEfCABIAtqKgIAuyACIAtqKgIAu6EFIAEgC2oqAgC7C6A5AwAgCUEBaiEJDAELCyAKQQFqIQoMAQsLA0AgBSAMSgRAIAggDEEDdGoiCSAJKwMAIAS3ozkDACAMQQFqIQwMAQsLA0AgBCANSgRAQQAhCQNAIAUgCUoEQCAQIAUgDWwgCWpBAnQiCiAAaioCALsgAwR8IAEgCmoqAgC7IAIgCmoqAgC7oQUgASAKaioCALsLIhKhIhAgEKKgIRAgESAIIAlBA3RqKwMAIBKhIhEgEaKgIREgCUEBaiEJDAELCyANQQFqIQ0MAQsLIBFEAAAAAAAAAABkRQRARAAAAAAAAPC/DwsgBiAGoCARoyEGIAQgBWwhBANAIAQgDksEQCAOQQJ0IgUgB2ogBiAAIAVqKgIAuyADBHwgASAFaioCALsgAiAFaioCALuhBSABIAVqKgIAuwuhorY4AgAgDkEBaiEODAELCyAQIBGjC/UCAwR/CnsCfSAF/RMhFiAG/RMhFSAH/RMhFEMAAIA/IAaT/RMhE0MAAIA/IAeT/RMhEiAI/RMhESAJ/RMhECAK/RMhDwNAIAtBBGoiDCAETARAIAtBAnQiCyABav0ABAAgFv3mASEYIBUgAiALaiIN/QAEAP3mASATIBj95gH95AEhFyAUIAMgC2oiDv0ABAD95gEgEiAYIBj95gH95gH95AEhGCANIBf9CwQAIA4gGP0LBAAgACALaiILIAv9AAQAIBEgF/3mASAY/eMBIBD95wEgD/3kAf3nAf3lAf0LBAAgDCELDAELCwNAIAQgC0oEQCALQQJ0IgwgAWoqAgAgBZQhGiAGIAIgDGoiDSoCAJRDAACAPyAGkyAalJIhGSAHIAMgDGoiDioCAJRDAACAPyAHkyAalCAalJIhGiANIBk4AgAgDiAaOAIAIAAgDGoiDCAMKgIAIAggGZQgGpEgCZUgCpKVkzgCACALQQFqIQsMAQsLC1YBAn8DQCABIAhKBEAgB0EAIAMgACACIAhsQQJ0akEAIAJBABADQQBIBEAgCA8LIAcgAyADIAhsQQJ0IgkgBWogBiAJaiAEEAQgCEEBaiEIDAELC0F/C/4DAwh/AXsBfSAGQQJ0IQ4DQCACIAxKBEAgCCAMIA5saiINQQAgDvwLAEEAIQsDQCADIAtKBEAgAyAMbCALakECdCIJIABqKAIAIgogB08EQCAMDwsgASAJaioCACISQwAAAABcBEAgBCAKIA5saiEPIBL9EyERQQAhCQNAIAlBEGoiCiAGTARAIAlBAnQiCSANaiIQIBEgCSAPaiIJ/QAEAP3mASAQ/QAEAP3kAf0LBAAgECARIAn9AAQQ/eYBIBD9AAQQ/eQB/QsEECAQIBEgCf0ABCD95gEgEP0ABCD95AH9CwQgIBAgESAJ/QAEMP3mASAQ/QAEMP3kAf0LBDAgCiEJDAELCwNAIAlBBGoiCiAGTARAIAlBAnQiCSANaiIQIBEgCSAPav0ABAD95gEgEP0ABAD95AH9CwQAIAohCQwBCwsDQCAGIAlKBEAgCUECdCIKIA1qIhAgEiAKIA9qKgIAlCAQKgIAkjgCACAJQQFqIQkMAQsLCyALQQFqIQsMAQsLQQAhCQNAIAlBBGoiCiAGTARAIAlBAnQiCSANaiILIAv9AAQAIAUgCWr9AAQA/eQB/QsEACAKIQkMAQsLA0AgBiAJSgRAIAlBAnQiCiANaiILIAsqAgAgBSAKaioCAJI4AgAgCUEBaiEJDAELCyAMQQFqIQwMAQsLQX8L7gMDCX8BewF9IAVBAnQhDANAIAEgC0oEQCAGIAsgDGxqIgpBACAM/AsAIAAgAiALbEECdGohDkEAIQkDQCACIAlKBEAgDiAJQQJ0aioCACIRQwAAAABcBEAgAyAJIAxsaiENIBH9EyEQQQAhBwNAIAdBEGoiCCAFTARAIAdBAnQiByAKaiIPIBAgByANaiIH/QAEAP3mASAP/QAEAP3kAf0LBAAgDyAQIAf9AAQQ/eYBIA/9AAQQ/eQB/QsEECAPIBAgB/0ABCD95gEgD/0ABCD95AH9CwQgIA8gECAH/QAEMP3mASAP/QAEMP3kAf0LBDAgCCEHDAELCwNAIAdBBGoiCCAFTARAIAdBAnQiByAKaiIPIBAgByANav0ABAD95gEgD/0ABAD95AH9CwQAIAghBwwBCwsDQCAFIAdKBEAgB0ECdCIIIApqIg8gESAIIA1qKgIAlCAPKgIAkjgCACAHQQFqIQcMAQsLCyAJQQFqIQkMAQsLQQAhBwNAIAdBBGoiCCAFTARAIAdBAnQiByAKaiIJIAn9AAQAIAQgB2r9AAQA/eQB/QsEACAIIQcMAQsLA0AgBSAHSgRAIAdBAnQiCCAKaiIJIAkqAgAgBCAIaioCAJI4AgAgB0EBaiEHDAELCyALQQFqIQsMAQsLCwsAIABBA3RBgAhqC50BAgR/AXwgBUGACGohCQNAIAEgCEoEQCAAIAhBgAIgASAIayILIAtBgAJKGyILIAIgAyAFEBggCSAKIAQgBSAIIAtBABADIgpBAEgEQEEAIQADQCAAIAtIBEAgBSAAQQJ0aioCALsiDCAMYgRAIAAgCGoPCyAAQQFqIQAMAQsLIAgPCyAIQYACaiEIDAELCyAJIAQgBiAHQQAQBEF/C88FAwV/BXsFfSADQQJ0IQkDQCAIQQRqIAJMBEAgACABIAhqIAlsaiEK/QwAAAAAAAAAAAAAAAAAAAAAIQz9DAAAAAAAAAAAAAAAAAAAAAAhDf0MAAAAAAAAAAAAAAAAAAAAACEO/QwAAAAAAAAAAAAAAAAAAAAAIQtBACEGA0AgBkEEaiIHIANMBEAgBkECdCIGIARq/QAEACEPIAYgCmr9AAQAIA/95gEgDP3kASEMIAkgCmogBmr9AAQAIA/95gEgDf3kASENIAogCUEBdGogBmr9AAQAIA/95gEgDv3kASEOIAogCUEDbGogBmr9AAQAIA/95gEgC/3kASELIAchBgwBCwsgDP0fACAM/R8BkiAM/R8CkiAM/R8DkiESIA39HwAgDf0fAZIgDf0fApIgDf0fA5IhEyAO/R8AIA79HwGSIA79HwKSIA79HwOSIRQgC/0fACAL/R8BkiAL/R8CkiAL/R8DkiEQA0AgAyAGSgRAIAZBAnQiByAEaioCACERIBIgByAKaioCACARlJIhEiATIAkgCmogB2oqAgAgEZSSIRMgFCAKIAlBAXRqIAdqKgIAIBGUkiEUIBAgCiAJQQNsaiAHaioCACARlJIhECAGQQFqIQYMAQsLIAUgCEECdGoiBiASOAIAIAYgEzgCBCAGIBQ4AgggBiAQOAIMIAhBBGohCAwBCwsDQCACIAhKBEAgACABIAhqIAlsaiEK/QwAAAAAAAAAAAAAAAAAAAAAIQtBACEGA0AgBkEEaiIHIANMBEAgBkECdCIGIApq/QAEACAEIAZq/QAEAP3mASAL/eQBIQsgByEGDAELCyAL/R8AIAv9HwGSIAv9HwKSIAv9HwOSIRADQCADIAZKBEAgECAGQQJ0IgcgCmoqAgAgBCAHaioCAJSSIRAgBkEBaiEGDAELCyAFIAhBAnRqIBA4AgAgCEEBaiEIDAELCwtIAQF/IABBjAlPBEAjAEUEQBAGCyAAQQRrIQEgAEEPcUEBIAAbBH9BAQUgASgCAEEBcQsaIAEgASgCAEEBcjYCACMAIAEQAgsLwgIBBH8jAEUEQBAGCyMAIQIgAEH8////A0sEQEGgCEHgCEHNA0EdEAAACyACIABBDE0Ef0EMBSAAQRNqQXBxQQRrCyIDEAUiAEUEQCADQYACTwR/IANB/v///wFJBH8gA0EBQRsgA2drdGpBAWsFIAMLBSADC0EEIAIoAqAMPwAiAEEQdEEEa0d0akH//wNqQYCAfHFBEHYhASAAIAEgACABShtAAEEASARAIAFAAEEASARAAAsLIAIgAEEQdD8ArEIQhhAHIAIgAxAFIQALIAAoAgAaIAIgABABIAAoAgAiAUF8cSADayIEQRBPBEAgACADIAFBAnFyNgIAIABBBGogA2oiASAEQQRrQQFyNgIAIAIgARACBSAAIAFBfnE2AgAgAEEEaiAAKAIAQXxxaiIBIAEoAgBBfXE2AgALIABBBGoLNAAgACACbEEDdCAAQQJ0aiAAQQRqQQVtQQVsIAFsQQJ0QQ9qQXBxIANBFGxBD2pBcHFqaguHEgIYfwt7IAwgAUEEakEFbSIQQQVsIAJsQQJ0QQ9qQXBxaiIYIAdBFGxBD2pBcHFqIhsgASAGbEEDdGohHANAIA4gEEgEQCAMIAIgDmxBFGxqIRFBACENA0AgDUEFSARAIA5BBWwgDWoiDyABSARAIAAgAiAPbEECdGohEkEAIQ8DQCACIA9KBEAgESAPQQVsIA1qQQJ0aiASIA9BAnRqKgIAOAIAIA9BAWohDwwBCwsFQQAhDwNAIAIgD0oEQCARIA9BBWwgDWpBAnRqQwAAAAA4AgAgD0EBaiEPDAELCwsgDUEBaiENDAELCyAOQQFqIQ4MAQsLIBxBACABQQJ0/AsAIAJBBXQhFSABQQRqQQVtISAgCUEBRiEdA0AgBSAXSgRAIAcgBSAXayIAIAAgB0obIiFBB2pBCG0hGUEAIRYDQCAWICBIBEAgDCACIBZsQRRsaiEiQQUgASAWQQVsayIAIABBBUobIRpBACETA0AgAiATSgRAICIgE0EUbGohDSADIBdBCG0iACAVbGogE0EFdGohHiAEIABBBXRqIR8gCCACIBNrIgAgACAIShshFCATQQBKISNBACEPIBpBAUYEQANAIA9BBGoiACAZTARAIA0hCUEAIRIgD0EFdCIOIBhqIiQgDiAfaiAjGyIO/QAEACEmIA79AAQQIScgDv0ABCAhKCAO/QAEMCElIA79AARAISkgDv0ABFAhKiAO/QAEYCErIA79AARwISwgFSAeIA8gFWxqIhFqIQ8gESAVQQF0aiEQIBEgFUEDbGohDgNAIBIgFEgEQCAJ/QkCACItIBH9AAQA/eYBICb95AEhJiAtIBH9AAQQ/eYBICf95AEhJyAtIA/9AAQA/eYBICj95AEhKCAtIA/9AAQQ/eYBICX95AEhJSAtIBD9AAQA/eYBICn95AEhKSAtIBD9AAQQ/eYBICr95AEhKiAtIA79AAQA/eYBICv95AEhKyAtIA79AAQQ/eYBICz95AEhLCAJQRRqIQkgEUEgaiERIA9BIGohDyAQQSBqIRAgDkEgaiEOIBJBAWohEgwBCwsgJCAm/QsEACAkICf9CwQQICQgKP0LBCAgJCAl/QsEMCAkICn9CwRAICQgKv0LBFAgJCAr/QsEYCAkICz9CwRwIAAhDwwBCwsLA0AgDyAZSARAIB4gDyAVbGohCSAPQQV0IgAgH2ohECAAIBhqIRICQAJAAkACQAJAAkACQCAaQQJrDgUEAwIBAAULIA0gCSAQIBQgEiAHICMQCAwFCyANIAkgECAUIBIgByAjEAkMBAsgDSEAQQAhESASIBAgIxsiDv0ABAAhJiAO/QAEECEnIAdBAnQiDiASaiAQICMbIiT9AAQAISggJP0ABBAhJSASIA5BAXRqIBAgIxsiJP0ABAAhKSAk/QAEECEqIBIgDkEDbGogECAjGyIQ/QAEACErIBD9AAQQISwDQCARIBRIBEAgAP0JAgAiLiAJ/QAEACIt/eYBICb95AEhJiAuIAn9AAQQIi795gEgJ/3kASEnIAD9CQIEIi8gLf3mASAo/eQBISggLyAu/eYBICX95AEhJSAA/QkCCCIvIC395gEgKf3kASEpIC8gLv3mASAq/eQBISogAP0JAgwiLyAt/eYBICv95AEhKyAvIC795gEgLP3kASEsIABBFGohACAJQSBqIQkgEUEBaiERDAELCyASICb9CwQAIBIgJ/0LBBAgDiASaiIAICj9CwQAIAAgJf0LBBAgEiAOQQF0aiIAICn9CwQAIAAgKv0LBBAgEiAOQQNsaiIAICv9CwQAIAAgLP0LBBAMAwsgDSEAIAkhDkEAIREgEiAQICMbIgn9AAQAIScgCf0ABBAhKCAHQQJ0IgkgEmogECAjGyIk/QAEACElICT9AAQQISkgEiAJQQF0aiAQICMbIhD9AAQAISogEP0ABBAhKwNAIBEgFEgEQCAA/QkCACImIA79AAQAIiz95gEgJ/3kASEnICYgDv0ABBAiJv3mASAo/eQBISggAP0JAgQiLSAs/eYBICX95AEhJSAtICb95gEgKf3kASEpIAD9CQIIIi0gLP3mASAq/eQBISogLSAm/eYBICv95AEhKyAAQRRqIQAgDkEgaiEOIBFBAWohEQwBCwsgEiAn/QsEACASICj9CwQQIAkgEmoiACAl/QsEACAAICn9CwQQIBIgCUEBdGoiACAq/QsEACAAICv9CwQQDAILIA0hDiASIBAgIxsiAP0ABAAhJSAA/QAEECEmIAdBAnQiESASaiAQICMbIgD9AAQAIScgAP0ABBAhKEEAIQADQCAAIBRIBEAgDv0JAgAiKSAJ/QAEACIq/eYBICX95AEhJSApIAn9AAQQIin95gEgJv3kASEmIA79CQIEIisgKv3mASAn/eQBIScgKyAp/eYBICj95AEhKCAOQRRqIQ4gCUEgaiEJIABBAWohAAwBCwsgEiAl/QsEACASICb9CwQQIBEgEmoiACAn/QsEACAAICj9CwQQDAELIA0hDiASIBAgIxsiAP0ABAAhJSAA/QAEECEmQQAhAANAIAAgFEgEQCAO/QkCACInIAn9AAQA/eYBICX95AEhJSAnIAn9AAQQ/eYBICb95AEhJiAOQRRqIQ4gCUEgaiEJIABBAWohAAwBCwsgEiAl/QsEACASICb9CwQQCyAPQQFqIQ8MAQsLIAggE2ohEwwBCwsgGkEAIAYbIQBBACEOA0AgACAOSgRAIBggByAObEECdGohDSAdBEBBACEJA0AgCSAZQQN0SARAIA0gCUECdGoiD/0ABAAhJSAPICUgJf0MAAAAAAAAAAAAAAAAAAAAAP3pASAlICX9Qv1S/QsEACAJQQRqIQkMAQsLCyAcIBZBBWwgDmoiCUECdGohDyAbIAYgCWxBA3RqIA8oAgAgBiANIBcgIUEBEAMiDUEASARAIAkPCyAPIA02AgAgDkEBaiEODAELCyAWQQFqIRYMAQsLIAcgF2ohFwwBCwtBACECA0AgASACSgRAIBsgAiAGbEECdCIAQQF0aiAGIAAgCmogACALaiAdRRAEIAJBAWohAgwBCwtBfwsLbwQAQYwICwE8AEGYCAsvAgAAACgAAABBAGwAbABvAGMAYQB0AGkAbwBuACAAdABvAG8AIABsAGEAcgBnAGUAQcwICwE8AEHYCAslAgAAAB4AAAB+AGwAaQBiAC8AcgB0AC8AdABsAHMAZgAuAHQAcw==";
var RELAXED_WASM_BASE64 = "AGFzbQEAAAABpAETYAR/f39/AGAHf39/f39/fwBgAn9/AGAIf39/f39/f38Bf2ABfwF/YAd/f39/f39/AX9gBX9/f39/AGACf38Bf2AAAGADf39+AGACf38BfGADf39/AGAJf39/f39/fH9/AXxgC39/f39/fX19fX19AGAJf39/f39/f39/AX9gBn9/f39/fwBgAX8AYAR/f39/AX9gDX9/f39/f39/f39/f38BfwINAQNlbnYFYWJvcnQAAAMcGwICBQYHCAkBCgABAQAACwwNAw4BBAMPEAQREgUGAQEQgIAEBgYBfwFBAAsHyAITCW1lbV9hbGxvYwAZCG1lbV9mcmVlABgNZjMyX3RvcGtfaGVhcAASD2YzMl9lbmNvZGVfdG9wawAbHWYzMl9lbmNvZGVfdG9wa19zY3JhdGNoX2J5dGVzABoMZjMyX3JhbmtfZG90ABYaZjMyX3JhbmtfZG90X3NjcmF0Y2hfYnl0ZXMAFRFmMzJfZGVjb2RlX3NwYXJzZQATEGYzMl9kZWNvZGVfZGVuc2UAFA9mMzJfc3BhcnNlX2RvdHMADBJmMzJfc3BhcnNlX3NjYXR0ZXIACxBmMzJfcHJvamVjdF9yb3dzAA0SZjMyX25vcm1hbGl6ZV9yb3dzAA8JZjMyX3N1bXNxAAkIZjMyX2FkYW0AEQ9mMzJfcGFja19wYW5lbHMADghmMzJfbm1zZQAQDGYzMl9zdW1fcm93cwAKBm1lbW9yeQIADAEECuFPG8MBAQR/IAEoAgBBfHEiA0GAAkkEfyADQQR2BUEfQfz///8DIAMgA0H8////A08bIgNnayIEQQdrIQIgAyAEQQRrdkEQcwshBCABKAIIIQUgASgCBCIDBEAgAyAFNgIICyAFBEAgBSADNgIECyABIAAgAkEEdCAEakECdGoiASgCYEYEQCABIAU2AmAgBUUEQCAAIAJBAnRqIgEoAgRBfiAEd3EhAyABIAM2AgQgA0UEQCAAIAAoAgBBfiACd3E2AgALCwsLtgIBBX8gAUEEaiIGIAEoAgAiA0F8cWoiBCgCACICQQFxBEAgACAEEAEgASADQQRqIAJBfHFqIgM2AgAgASgCAEF8cSAGaiIEKAIAIQILIANBAnEEQCABQQRrKAIAIgEoAgAhBiAAIAEQASABIAZBBGogA0F8cWoiAzYCAAsgBCACQQJyNgIAIARBBGsgATYCACAAIANBfHEiAkGAAkkEfyACQQR2BUEfQfz///8DIAIgAkH8////A08bIgJnayIDQQdrIQUgAiADQQRrdkEQcwsiAiAFQQR0akECdGooAmAhAyABQQA2AgQgASADNgIIIAMEQCADIAE2AgQLIAAgBUEEdCACakECdGogATYCYCAAIAAoAgBBASAFdHI2AgAgACAFQQJ0aiIAIAAoAgRBASACdHI2AgQL4wYEAn0EfwN+AXsDQCABIAJIIAUgC0pxBEAgAyALQQJ0aioCACIHIAeTQwAAAABcIAcgB1wgBhsEQEF/DwsgASIJQQFqIQEgBCALakF/c60gB0MAAAAAkrwiCkF/cyAKQYCAgIB4ciAKQYCAgIB4cRutQiCGhCENA0AgCUEASgRAIAAgCUEBa0EBdSIKQQN0aikDACIOIA1WBEAgACAJQQN0aiAONwMAIAohCQwCCwsLIAAgCUEDdGogDTcDACALQQFqIQsMAQsLIAApAwBCIIinIgJB/////wdxIAJBf3MgAkGAgICAeHEbviEHA0AgC0EEaiAFTARAIAMgC0ECdGr9AAQAIhAgB/0T/UQgECAQ/eUB/QwAAAAAAAAAAAAAAAAAAAAA/UIgECAQ/UIgBhv9UP2kASEKA0AgCgRAIApoIQIgCiAKQQFrcSEKIAMgAiALakECdGoqAgAiCCAIk0MAAAAAXCAIIAhcIAYbBEBBfw8LIAcgCF0EQCAEIAtqIAJqQX9zrSAIQwAAAACSvCICQX9zIAJBgICAgHhyIAJBgICAgHhxG61CIIaEIQ9BACEJA0ACQCAJQQF0QQFqIgIgAU4NACAAIAJBA3RqKQMAIQ0gAkEBaiIMIAFIBEAgACAMQQN0aikDACIOIA1UBEAgDiENIAwhAgsLIA0gD1oNACAAIAlBA3RqIA03AwAgAiEJDAELCyAAIAlBA3RqIA83AwAgACkDAEIgiKciAkH/////B3EgAkF/cyACQYCAgIB4cRu+IQcLDAELCyALQQRqIQsMAQsLA0AgBSALSgRAIAMgC0ECdGoqAgAiCCAIk0MAAAAAXCAIIAhcIAYbBEBBfw8LIAcgCF0EQCAEIAtqQX9zrSAIQwAAAACSvCICQX9zIAJBgICAgHhyIAJBgICAgHhxG61CIIaEIQ9BACEJA0ACQCAJQQF0QQFqIgIgAU4NACAAIAJBA3RqKQMAIQ0gAkEBaiIKIAFIBEAgACAKQQN0aikDACIOIA1UBEAgDiENIAohAgsLIA0gD1oNACAAIAlBA3RqIA03AwAgAiEJDAELCyAAIAlBA3RqIA83AwAgACkDAEIgiKciAkH/////B3EgAkF/cyACQYCAgIB4cRu+IQcLIAtBAWohCwwBCwsgAQuDAgMEfwN+AX0gASEGA0AgBkEASgRAIAZBAWsiCEECdCIBIANqIAApAwAiCUIgiKciBUH/////B3EgBUF/cyAFQYCAgIB4cRu+IgxDAAAAACAMQwAAAABeQQEgBBsbOAIAIAEgAmogCadBf3M2AgAgCEEASgRAIAAgCEEDdGopAwAhC0EAIQUDQAJAIAggBUEBdEEBaiIBTA0AIAAgAUEDdGopAwAhCSABQQFqIgcgCEgEQCAAIAdBA3RqKQMAIgogCVQEQCAKIQkgByEBCwsgCSALWg0AIAAgBUEDdGogCTcDACABIQUMAQsLIAAgBUEDdGogCzcDAAsgBkEBayEGDAELCwupAQEBfyABQYACSQRAIAFBBHYhAQUgAUH+////AUkEQCABQQFBGyABZ2t0akEBayEBCyABQR8gAWdrIgJBBGt2QRBzIQEgAkEHayECCyAAIAJBAnRqKAIEQX8gAXRxIgEEfyAAIAFoIAJBBHRqQQJ0aigCYAUgACgCAEF/IAJBAWp0cSIBBH8gACAAIAFoIgBBAnRqKAIEaCAAQQR0akECdGooAmAFQQALCwuQAQECfz8AIgBBAEwEf0EBIABrQABBAEgFQQALBEAAC0GQCUEANgIAQbAVQQA2AgADQCABQRdJBEAgAUECdEGQCWpBADYCBEEAIQADQCAAQRBJBEAgAUEEdCAAakECdEGQCWpBADYCYCAAQQFqIQAMAQsLIAFBAWohAQwBCwtBkAlBtBU/AKxCEIYQB0GQCSQAC4YBAQN/IAFBE2pBcHFBBGshASAAKAKgDCIDBEAgAUEQayIFIANGBEAgAygCACEEIAUhAQsLIAKnQXBxIAFrIgNBFEkEQA8LIAEgBEECcSADQQhrIgNBAXJyNgIAIAFBADYCBCABQQA2AgggAUEEaiADaiIDQQI2AgAgACADNgKgDCAAIAEQAguLBAIPewJ/IAQgAiAGGyIX/QAEACEIIBf9AAQQIQkgBUECdCIFIARqIAIgBhsiF/0ABAAhCiAX/QAEECELIAQgBUEBdGogAiAGGyIX/QAEACEMIBf9AAQQIQ0gBCAFQQNsaiACIAYbIhf9AAQAIQ4gF/0ABBAhDyAEIAVBAnRqIAIgBhsiF/0ABAAhECAX/QAEECERIAQgBUEFbGogAiAGGyIC/QAEACESIAL9AAQQIRMDQCADIBZKBEAgAP0JAgAiFCAB/QAEACIHIAj9hQIhCCAUIAH9AAQQIhQgCf2FAiEJIAD9CQIEIhUgByAK/YUCIQogFSAUIAv9hQIhCyAA/QkCCCIVIAcgDP2FAiEMIBUgFCAN/YUCIQ0gAP0JAgwiFSAHIA79hQIhDiAVIBQgD/2FAiEPIAD9CQIQIhUgByAQ/YUCIRAgFSAUIBH9hQIhESAA/QkCFCIVIAcgEv2FAiESIBUgFCAT/YUCIRMgAEEYaiEAIAFBIGohASAWQQFqIRYMAQsLIAQgCP0LBAAgBCAJ/QsEECAEIAVqIgAgCv0LBAAgACAL/QsEECAEIAVBAXRqIgAgDP0LBAAgACAN/QsEECAEIAVBA2xqIgAgDv0LBAAgACAP/QsEECAEIAVBAnRqIgAgEP0LBAAgACAR/QsEECAEIAVBBWxqIgAgEv0LBAAgACAT/QsEEAuXAQMCfwF8AnsDQCACQQRqIgMgAUwEQCAFIAAgAkECdGr9AAQAIgb9XyIFIAX98gEgBiAG/Q0ICQoLDA0ODwABAgMEBQYH/V8iBSAF/fIB/fAB/fABIQUgAyECDAELCyAF/SEAIAX9IQGgIQQDQCABIAJKBEAgBCAAIAJBAnRqKgIAuyIEIASioCEEIAJBAWohAgwBCwsgBAtaAQV/A0AgASAFSgRAIAAgAiAFbEECdGohBkEAIQQDQCACIARKBEAgBEECdCIHIANqIgggCCoCACAGIAdqKgIAkjgCACAEQQFqIQQMAQsLIAVBAWohBQwBCwsL6wIDB38BewF9A0AgAiAJSgRAIAQgBSAJbEECdGohC0EAIQoDQCADIApKBEAgAyAJbCAKakECdCIHIAFqKgIAIg9DAAAAAFwEQCAGIAAgB2ooAgAgBWxBAnRqIQwgD/0TIQ5BACEHA0AgB0EQaiIIIAVMBEAgB0ECdCIHIAxqIg0gDiAHIAtqIgf9AAQAIA39AAQA/YUC/QsEACANIA4gB/0ABBAgDf0ABBD9hQL9CwQQIA0gDiAH/QAEICAN/QAEIP2FAv0LBCAgDSAOIAf9AAQwIA39AAQw/YUC/QsEMCAIIQcMAQsLA0AgB0EEaiIIIAVMBEAgB0ECdCIHIAxqIg0gDiAHIAtq/QAEACAN/QAEAP2FAv0LBAAgCCEHDAELCwNAIAUgB0oEQCAHQQJ0IgggDGoiDSAPIAggC2oqAgCUIA0qAgCSOAIAIAdBAWohBwwBCwsLIApBAWohCgwBCwsgCUEBaiEJDAELCwv9AQMHfwF9AXsDQCABIA1KBEAgBCAFIA1sQQJ0aiELQQAhDANAIAIgDEoEQCADIAIgDWwgDGpBAnQiCSAAaigCACAFbEECdGohCv0MAAAAAAAAAAAAAAAAAAAAACEPQQAhBwNAIAdBBGoiCCAFTARAIAdBAnQiByAKav0ABAAgByALav0ABAAgD/2FAiEPIAghBwwBCwsgD/0fACAP/R8BkiAP/R8CkiAP/R8DkiEOA0AgBSAHSgRAIA4gB0ECdCIIIApqKgIAIAggC2oqAgCUkiEOIAdBAWohBwwBCwsgBiAJaiAOOAIAIAxBAWohDAwBCwsgDUEBaiENDAELCwvQAwMGfwF7AX0DQCACIAZKBEAgAyAGbEECdCIHIABqIQggASAHaiEJ/QwAAAAAAAAAAAAAAAAAAAAAIQpBACEEA0AgBEEEaiIFIANMBEAgBEECdCIEIAhq/QAEACAEIAlq/QAEACAK/YUCIQogBSEEDAELCyAK/R8AIAr9HwGSIAr9HwKSIAr9HwOSIQsDQCADIARKBEAgCyAEQQJ0IgUgCGoqAgAgBSAJaioCAJSSIQsgBEEBaiEEDAELCyAAIAdqIQggASAHaiEHIAuMIgv9EyEKQQAhBANAIARBEGoiBSADTARAIARBAnQiBCAHaiIJIAogBCAIaiIE/QAEACAJ/QAEAP2FAv0LBAAgCSAKIAT9AAQQIAn9AAQQ/YUC/QsEECAJIAogBP0ABCAgCf0ABCD9hQL9CwQgIAkgCiAE/QAEMCAJ/QAEMP2FAv0LBDAgBSEEDAELCwNAIARBBGoiBSADTARAIARBAnQiBCAHaiIJIAogBCAIav0ABAAgCf0ABAD9hQL9CwQAIAUhBAwBCwsDQCADIARKBEAgBEECdCIFIAdqIgkgCyAFIAhqKgIAlCAJKgIAkjgCACAEQQFqIQQMAQsLIAZBAWohBgwBCwsLawEEfwNAIAEgBUoEQCADIAVBB3EiBCAFIARrIAJsakECdGohBiAAIAIgBWxBAnRqIQdBACEEA0AgAiAESgRAIAYgBEEFdGogByAEQQJ0aioCADgCACAEQQFqIQQMAQsLIAVBAWohBQwBCwsLowIDBX8CewF9A0AgASAFSgRAIAIgBWxBAnQiBiAAaiEH/QwAAAAAAAAAAAAAAAAAAAAAIQhBACEDA0AgA0EEaiIEIAJMBEAgA0ECdCAHav0ABAAiCSAJIAj9hQIhCCAEIQMMAQsLIAj9HwAgCP0fAZIgCP0fApIgCP0fA5IhCgNAIAIgA0oEQCAKIANBAnQgB2oqAgAiCiAKlJIhCiADQQFqIQMMAQsLQwAAgD8gCpEiCpX9EyEIQQAhAwNAIANBBGoiBCACTARAIAAgBmogA0ECdGoiAyAD/QAEACAI/eYB/QsEACAEIQMMAQsLA0AgAiADSgRAIAAgBmogA0ECdGoiBCAEKgIAIAqVOAIAIANBAWohAwwBCwsgBUEBaiEFDAELCwuyAwIHfwN8IAhBACAFQQN0/AsAA0AgBCAKSgRAQQAhCQNAIAUgCUoEQCAFIApsIAlqQQJ0IQsgCCAJQQN0aiIPIA8rAwAgAwR8IAEgC2oqAgC7IAIgC2oqAgC7oQUgASALaioCALsLoDkDACAJQQFqIQkMAQsLIApBAWohCgwBCwsDQCAFIAxKBEAgCCAMQQN0aiIJIAkrAwAgBLejOQMAIAxBAWohDAwBCwsDQCAEIA1KBEBBACEJA0AgBSAJSgRAIBAgBSANbCAJakECdCIKIABqKgIAuyADBHwgASAKaioCALsgAiAKaioCALuhBSABIApqKgIAuwsiEqEiECAQoqAhECARIAggCUEDdGorAwAgEqEiESARoqAhESAJQQFqIQkMAQsLIA1BAWohDQwBCwsgEUQAAAAAAAAAAGRFBEBEAAAAAAAA8L8PCyAGIAagIBGjIQYgBCAFbCEEA0AgBCAOSwRAIA5BAnQiBSAHaiAGIAAgBWoqAgC7IAMEfCABIAVqKgIAuyACIAVqKgIAu6EFIAEgBWoqAgC7C6GitjgCACAOQQFqIQ4MAQsLIBAgEaML9QIDBH8KewJ9IAX9EyEWIAb9EyEVIAf9EyEUQwAAgD8gBpP9EyETQwAAgD8gB5P9EyESIAj9EyERIAn9EyEQIAr9EyEPA0AgC0EEaiIMIARMBEAgC0ECdCILIAFq/QAEACAW/eYBIRggFSACIAtqIg39AAQA/eYBIBMgGP3mAf3kASEXIBQgAyALaiIO/QAEAP3mASASIBggGP3mAf3mAf3kASEYIA0gF/0LBAAgDiAY/QsEACAAIAtqIgsgC/0ABAAgESAX/eYBIBj94wEgEP3nASAP/eQB/ecB/eUB/QsEACAMIQsMAQsLA0AgBCALSgRAIAtBAnQiDCABaioCACAFlCEaIAYgAiAMaiINKgIAlEMAAIA/IAaTIBqUkiEZIAcgAyAMaiIOKgIAlEMAAIA/IAeTIBqUIBqUkiEaIA0gGTgCACAOIBo4AgAgACAMaiIMIAwqAgAgCCAZlCAakSAJlSAKkpWTOAIAIAtBAWohCwwBCwsLVgECfwNAIAEgCEoEQCAHQQAgAyAAIAIgCGxBAnRqQQAgAkEAEANBAEgEQCAIDwsgByADIAMgCGxBAnQiCSAFaiAGIAlqIAQQBCAIQQFqIQgMAQsLQX8L7wMDCH8BewF9IAZBAnQhDgNAIAIgDEoEQCAIIAwgDmxqIg1BACAO/AsAQQAhCwNAIAMgC0oEQCADIAxsIAtqQQJ0IgkgAGooAgAiCiAHTwRAIAwPCyABIAlqKgIAIhJDAAAAAFwEQCAEIAogDmxqIQ8gEv0TIRFBACEJA0AgCUEQaiIKIAZMBEAgCUECdCIJIA1qIhAgESAJIA9qIgn9AAQAIBD9AAQA/YUC/QsEACAQIBEgCf0ABBAgEP0ABBD9hQL9CwQQIBAgESAJ/QAEICAQ/QAEIP2FAv0LBCAgECARIAn9AAQwIBD9AAQw/YUC/QsEMCAKIQkMAQsLA0AgCUEEaiIKIAZMBEAgCUECdCIJIA1qIhAgESAJIA9q/QAEACAQ/QAEAP2FAv0LBAAgCiEJDAELCwNAIAYgCUoEQCAJQQJ0IgogDWoiECASIAogD2oqAgCUIBAqAgCSOAIAIAlBAWohCQwBCwsLIAtBAWohCwwBCwtBACEJA0AgCUEEaiIKIAZMBEAgCUECdCIJIA1qIgsgC/0ABAAgBSAJav0ABAD95AH9CwQAIAohCQwBCwsDQCAGIAlKBEAgCUECdCIKIA1qIgsgCyoCACAFIApqKgIAkjgCACAJQQFqIQkMAQsLIAxBAWohDAwBCwtBfwvfAwMJfwF7AX0gBUECdCEMA0AgASALSgRAIAYgCyAMbGoiCkEAIAz8CwAgACACIAtsQQJ0aiEOQQAhCQNAIAIgCUoEQCAOIAlBAnRqKgIAIhFDAAAAAFwEQCADIAkgDGxqIQ0gEf0TIRBBACEHA0AgB0EQaiIIIAVMBEAgB0ECdCIHIApqIg8gECAHIA1qIgf9AAQAIA/9AAQA/YUC/QsEACAPIBAgB/0ABBAgD/0ABBD9hQL9CwQQIA8gECAH/QAEICAP/QAEIP2FAv0LBCAgDyAQIAf9AAQwIA/9AAQw/YUC/QsEMCAIIQcMAQsLA0AgB0EEaiIIIAVMBEAgB0ECdCIHIApqIg8gECAHIA1q/QAEACAP/QAEAP2FAv0LBAAgCCEHDAELCwNAIAUgB0oEQCAHQQJ0IgggCmoiDyARIAggDWoqAgCUIA8qAgCSOAIAIAdBAWohBwwBCwsLIAlBAWohCQwBCwtBACEHA0AgB0EEaiIIIAVMBEAgB0ECdCIHIApqIgkgCf0ABAAgBCAHav0ABAD95AH9CwQAIAghBwwBCwsDQCAFIAdKBEAgB0ECdCIIIApqIgkgCSoCACAEIAhqKgIAkjgCACAHQQFqIQcMAQsLIAtBAWohCwwBCwsLCwAgAEEDdEGACGoLnQECBH8BfCAFQYAIaiEJA0AgASAISgRAIAAgCEGAAiABIAhrIgsgC0GAAkobIgsgAiADIAUQFyAJIAogBCAFIAggC0EAEAMiCkEASARAQQAhAANAIAAgC0gEQCAFIABBAnRqKgIAuyIMIAxiBEAgACAIag8LIABBAWohAAwBCwsgCA8LIAhBgAJqIQgMAQsLIAkgBCAGIAdBABAEQX8LwAUDBX8FewV9IANBAnQhCQNAIAhBBGogAkwEQCAAIAEgCGogCWxqIQr9DAAAAAAAAAAAAAAAAAAAAAAhDP0MAAAAAAAAAAAAAAAAAAAAACEN/QwAAAAAAAAAAAAAAAAAAAAAIQ79DAAAAAAAAAAAAAAAAAAAAAAhC0EAIQYDQCAGQQRqIgcgA0wEQCAGQQJ0IgYgBGr9AAQAIQ8gBiAKav0ABAAgDyAM/YUCIQwgCSAKaiAGav0ABAAgDyAN/YUCIQ0gCiAJQQF0aiAGav0ABAAgDyAO/YUCIQ4gCiAJQQNsaiAGav0ABAAgDyAL/YUCIQsgByEGDAELCyAM/R8AIAz9HwGSIAz9HwKSIAz9HwOSIRIgDf0fACAN/R8BkiAN/R8CkiAN/R8DkiETIA79HwAgDv0fAZIgDv0fApIgDv0fA5IhFCAL/R8AIAv9HwGSIAv9HwKSIAv9HwOSIRADQCADIAZKBEAgBkECdCIHIARqKgIAIREgEiAHIApqKgIAIBGUkiESIBMgCSAKaiAHaioCACARlJIhEyAUIAogCUEBdGogB2oqAgAgEZSSIRQgECAKIAlBA2xqIAdqKgIAIBGUkiEQIAZBAWohBgwBCwsgBSAIQQJ0aiIGIBI4AgAgBiATOAIEIAYgFDgCCCAGIBA4AgwgCEEEaiEIDAELCwNAIAIgCEoEQCAAIAEgCGogCWxqIQr9DAAAAAAAAAAAAAAAAAAAAAAhC0EAIQYDQCAGQQRqIgcgA0wEQCAGQQJ0IgYgCmr9AAQAIAQgBmr9AAQAIAv9hQIhCyAHIQYMAQsLIAv9HwAgC/0fAZIgC/0fApIgC/0fA5IhEANAIAMgBkoEQCAQIAZBAnQiByAKaioCACAEIAdqKgIAlJIhECAGQQFqIQYMAQsLIAUgCEECdGogEDgCACAIQQFqIQgMAQsLC0gBAX8gAEGMCU8EQCMARQRAEAYLIABBBGshASAAQQ9xQQEgABsEf0EBBSABKAIAQQFxCxogASABKAIAQQFyNgIAIwAgARACCwvCAgEEfyMARQRAEAYLIwAhAiAAQfz///8DSwRAQaAIQeAIQc0DQR0QAAALIAIgAEEMTQR/QQwFIABBE2pBcHFBBGsLIgMQBSIARQRAIANBgAJPBH8gA0H+////AUkEfyADQQFBGyADZ2t0akEBawUgAwsFIAMLQQQgAigCoAw/ACIAQRB0QQRrR3RqQf//A2pBgIB8cUEQdiEBIAAgASAAIAFKG0AAQQBIBEAgAUAAQQBIBEAACwsgAiAAQRB0PwCsQhCGEAcgAiADEAUhAAsgACgCABogAiAAEAEgACgCACIBQXxxIANrIgRBEE8EQCAAIAMgAUECcXI2AgAgAEEEaiADaiIBIARBBGtBAXI2AgAgAiABEAIFIAAgAUF+cTYCACAAQQRqIAAoAgBBfHFqIgEgASgCAEF9cTYCAAsgAEEEags0ACAAIAJsQQN0IABBAnRqIABBBWpBBm1BBmwgAWxBAnRBD2pBcHEgA0EYbEEPakFwcWpqC98UAhh/DXsgDCABQQVqQQZtIhBBBmwgAmxBAnRBD2pBcHFqIhggB0EYbEEPakFwcWoiGyABIAZsQQN0aiEcA0AgDiAQSARAIAwgAiAObEEYbGohEUEAIQ0DQCANQQZIBEAgDkEGbCANaiIPIAFIBEAgACACIA9sQQJ0aiESQQAhDwNAIAIgD0oEQCARIA9BBmwgDWpBAnRqIBIgD0ECdGoqAgA4AgAgD0EBaiEPDAELCwVBACEPA0AgAiAPSgRAIBEgD0EGbCANakECdGpDAAAAADgCACAPQQFqIQ8MAQsLCyANQQFqIQ0MAQsLIA5BAWohDgwBCwsgHEEAIAFBAnT8CwAgAkEFdCEVIAFBBWpBBm0hICAJQQFGIR0DQCAFIBdKBEAgByAFIBdrIgAgACAHShsiIUEHakEIbSEZQQAhFgNAIBYgIEgEQCAMIAIgFmxBGGxqISJBBiABIBZBBmxrIgAgAEEGShshGkEAIRMDQCACIBNKBEAgIiATQRhsaiENIAMgF0EIbSIAIBVsaiATQQV0aiEeIAQgAEEFdGohHyAIIAIgE2siACAAIAhKGyEUIBNBAEohI0EAIQ8gGkEBRgRAA0AgD0EEaiIAIBlMBEAgDSEJQQAhEiAPQQV0Ig4gGGoiJCAOIB9qICMbIg79AAQAISYgDv0ABBAhJyAO/QAEICEoIA79AAQwISUgDv0ABEAhKSAO/QAEUCErIA79AARgISwgDv0ABHAhLSAVIB4gDyAVbGoiEWohDyARIBVBAXRqIRAgESAVQQNsaiEOA0AgEiAUSARAIAn9CQIAIiogEf0ABAAgJv2FAiEmICogEf0ABBAgJ/2FAiEnICogD/0ABAAgKP2FAiEoICogD/0ABBAgJf2FAiElICogEP0ABAAgKf2FAiEpICogEP0ABBAgK/2FAiErICogDv0ABAAgLP2FAiEsICogDv0ABBAgLf2FAiEtIAlBGGohCSARQSBqIREgD0EgaiEPIBBBIGohECAOQSBqIQ4gEkEBaiESDAELCyAkICb9CwQAICQgJ/0LBBAgJCAo/QsEICAkICX9CwQwICQgKf0LBEAgJCAr/QsEUCAkICz9CwRgICQgLf0LBHAgACEPDAELCwsDQCAPIBlIBEAgHiAPIBVsaiEJIA9BBXQiACAfaiEQIAAgGGohEgJAAkACQAJAAkACQAJAIBpBAmsOBQQDAgEABQsgDSAJIBAgFCASIAcgIxAIDAULIA0hAEEAIREgEiAQICMbIg79AAQAISggDv0ABBAhJSAHQQJ0Ig4gEmogECAjGyIk/QAEACEpICT9AAQQISsgEiAOQQF0aiAQICMbIiT9AAQAISwgJP0ABBAhKiASIA5BA2xqIBAgIxsiJP0ABAAhLSAk/QAEECEmIBIgDkECdGogECAjGyIQ/QAEACEnIBD9AAQQIS4DQCARIBRIBEAgAP0JAgAiMCAJ/QAEACIvICj9hQIhKCAwIAn9AAQQIjAgJf2FAiElIAD9CQIEIjEgLyAp/YUCISkgMSAwICv9hQIhKyAA/QkCCCIxIC8gLP2FAiEsIDEgMCAq/YUCISogAP0JAgwiMSAvIC39hQIhLSAxIDAgJv2FAiEmIAD9CQIQIjEgLyAn/YUCIScgMSAwIC79hQIhLiAAQRhqIQAgCUEgaiEJIBFBAWohEQwBCwsgEiAo/QsEACASICX9CwQQIA4gEmoiACAp/QsEACAAICv9CwQQIBIgDkEBdGoiACAs/QsEACAAICr9CwQQIBIgDkEDbGoiACAt/QsEACAAICb9CwQQIBIgDkECdGoiACAn/QsEACAAIC79CwQQDAQLIA0hAEEAIREgEiAQICMbIg79AAQAISYgDv0ABBAhJyAHQQJ0Ig4gEmogECAjGyIk/QAEACEoICT9AAQQISUgEiAOQQF0aiAQICMbIiT9AAQAISkgJP0ABBAhKyASIA5BA2xqIBAgIxsiEP0ABAAhLCAQ/QAEECEqA0AgESAUSARAIAD9CQIAIi0gCf0ABAAiLiAm/YUCISYgLSAJ/QAEECItICf9hQIhJyAA/QkCBCIvIC4gKP2FAiEoIC8gLSAl/YUCISUgAP0JAggiLyAuICn9hQIhKSAvIC0gK/2FAiErIAD9CQIMIi8gLiAs/YUCISwgLyAtICr9hQIhKiAAQRhqIQAgCUEgaiEJIBFBAWohEQwBCwsgEiAm/QsEACASICf9CwQQIA4gEmoiACAo/QsEACAAICX9CwQQIBIgDkEBdGoiACAp/QsEACAAICv9CwQQIBIgDkEDbGoiACAs/QsEACAAICr9CwQQDAMLIA0hACAJIQ5BACERIBIgECAjGyIJ/QAEACEnIAn9AAQQISggB0ECdCIJIBJqIBAgIxsiJP0ABAAhJSAk/QAEECEpIBIgCUEBdGogECAjGyIQ/QAEACErIBD9AAQQISwDQCARIBRIBEAgAP0JAgAiJiAO/QAEACIqICf9hQIhJyAmIA79AAQQIiYgKP2FAiEoIAD9CQIEIi0gKiAl/YUCISUgLSAmICn9hQIhKSAA/QkCCCItICogK/2FAiErIC0gJiAs/YUCISwgAEEYaiEAIA5BIGohDiARQQFqIREMAQsLIBIgJ/0LBAAgEiAo/QsEECAJIBJqIgAgJf0LBAAgACAp/QsEECASIAlBAXRqIgAgK/0LBAAgACAs/QsEEAwCCyANIQ4gEiAQICMbIgD9AAQAISUgAP0ABBAhJiAHQQJ0IhEgEmogECAjGyIA/QAEACEnIAD9AAQQIShBACEAA0AgACAUSARAIA79CQIAIikgCf0ABAAiKiAl/YUCISUgKSAJ/QAEECIpICb9hQIhJiAO/QkCBCIrICogJ/2FAiEnICsgKSAo/YUCISggDkEYaiEOIAlBIGohCSAAQQFqIQAMAQsLIBIgJf0LBAAgEiAm/QsEECARIBJqIgAgJ/0LBAAgACAo/QsEEAwBCyANIQ4gEiAQICMbIgD9AAQAISUgAP0ABBAhJkEAIQADQCAAIBRIBEAgDv0JAgAiJyAJ/QAEACAl/YUCISUgJyAJ/QAEECAm/YUCISYgDkEYaiEOIAlBIGohCSAAQQFqIQAMAQsLIBIgJf0LBAAgEiAm/QsEEAsgD0EBaiEPDAELCyAIIBNqIRMMAQsLIBpBACAGGyEAQQAhDgNAIAAgDkoEQCAYIAcgDmxBAnRqIQ0gHQRAQQAhCQNAIAkgGUEDdEgEQCANIAlBAnRqIg/9AAQAISUgDyAlICX9DAAAAAAAAAAAAAAAAAAAAAD96QEgJSAl/UL9Uv0LBAAgCUEEaiEJDAELCwsgHCAWQQZsIA5qIglBAnRqIQ8gGyAGIAlsQQN0aiAPKAIAIAYgDSAXICFBARADIg1BAEgEQCAJDwsgDyANNgIAIA5BAWohDgwBCwsgFkEBaiEWDAELCyAHIBdqIRcMAQsLQQAhAgNAIAEgAkoEQCAbIAIgBmxBAnQiAEEBdGogBiAAIApqIAAgC2ogHUUQBCACQQFqIQIMAQsLQX8LC28EAEGMCAsBPABBmAgLLwIAAAAoAAAAQQBsAGwAbwBjAGEAdABpAG8AbgAgAHQAbwBvACAAbABhAHIAZwBlAEHMCAsBPABB2AgLJQIAAAAeAAAAfgBsAGkAYgAvAHIAdAAvAHQAbABzAGYALgB0AHM=";
var SIMD_SHARED_WASM_BASE64 = "AGFzbQEAAAABpAETYAd/f39/f39/AGAEf39/fwBgAn9/AGAIf39/f39/f38Bf2ABfwF/YAd/f39/f39/AX9gBX9/f39/AGACf38Bf2AAAGADf39+AGACf38BfGADf39/AGAJf39/f39/fH9/AXxgC39/f39/fX19fX19AGAJf39/f39/f39/AX9gBn9/f39/fwBgAX8AYAR/f39/AX9gDX9/f39/f39/f39/f38BfwIeAgNlbnYFYWJvcnQAAQNlbnYGbWVtb3J5AgMQgIAEAx0cAgIFBgcICQAACgEAAAEBCwwNAw4ABAMPEAQREgYGAX8BQQALB8gCEwltZW1fYWxsb2MAGghtZW1fZnJlZQAZDWYzMl90b3BrX2hlYXAAEw9mMzJfZW5jb2RlX3RvcGsAHB1mMzJfZW5jb2RlX3RvcGtfc2NyYXRjaF9ieXRlcwAbDGYzMl9yYW5rX2RvdAAXGmYzMl9yYW5rX2RvdF9zY3JhdGNoX2J5dGVzABYRZjMyX2RlY29kZV9zcGFyc2UAFBBmMzJfZGVjb2RlX2RlbnNlABUPZjMyX3NwYXJzZV9kb3RzAA0SZjMyX3NwYXJzZV9zY2F0dGVyAAwQZjMyX3Byb2plY3Rfcm93cwAOEmYzMl9ub3JtYWxpemVfcm93cwAQCWYzMl9zdW1zcQAKCGYzMl9hZGFtABIPZjMyX3BhY2tfcGFuZWxzAA8IZjMyX25tc2UAEQxmMzJfc3VtX3Jvd3MACwZtZW1vcnkCAAwBAgrZURzDAQEEfyABKAIAQXxxIgNBgAJJBH8gA0EEdgVBH0H8////AyADIANB/P///wNPGyIDZ2siBEEHayECIAMgBEEEa3ZBEHMLIQQgASgCCCEFIAEoAgQiAwRAIAMgBTYCCAsgBQRAIAUgAzYCBAsgASAAIAJBBHQgBGpBAnRqIgEoAmBGBEAgASAFNgJgIAVFBEAgACACQQJ0aiIBKAIEQX4gBHdxIQMgASADNgIEIANFBEAgACAAKAIAQX4gAndxNgIACwsLC7YCAQV/IAFBBGoiBiABKAIAIgNBfHFqIgQoAgAiAkEBcQRAIAAgBBABIAEgA0EEaiACQXxxaiIDNgIAIAEoAgBBfHEgBmoiBCgCACECCyADQQJxBEAgAUEEaygCACIBKAIAIQYgACABEAEgASAGQQRqIANBfHFqIgM2AgALIAQgAkECcjYCACAEQQRrIAE2AgAgACADQXxxIgJBgAJJBH8gAkEEdgVBH0H8////AyACIAJB/P///wNPGyICZ2siA0EHayEFIAIgA0EEa3ZBEHMLIgIgBUEEdGpBAnRqKAJgIQMgAUEANgIEIAEgAzYCCCADBEAgAyABNgIECyAAIAVBBHQgAmpBAnRqIAE2AmAgACAAKAIAQQEgBXRyNgIAIAAgBUECdGoiACAAKAIEQQEgAnRyNgIEC+MGBAJ9BH8DfgF7A0AgASACSCAFIAtKcQRAIAMgC0ECdGoqAgAiByAHk0MAAAAAXCAHIAdcIAYbBEBBfw8LIAEiCUEBaiEBIAQgC2pBf3OtIAdDAAAAAJK8IgpBf3MgCkGAgICAeHIgCkGAgICAeHEbrUIghoQhDQNAIAlBAEoEQCAAIAlBAWtBAXUiCkEDdGopAwAiDiANVgRAIAAgCUEDdGogDjcDACAKIQkMAgsLCyAAIAlBA3RqIA03AwAgC0EBaiELDAELCyAAKQMAQiCIpyICQf////8HcSACQX9zIAJBgICAgHhxG74hBwNAIAtBBGogBUwEQCADIAtBAnRq/QAEACIQIAf9E/1EIBAgEP3lAf0MAAAAAAAAAAAAAAAAAAAAAP1CIBAgEP1CIAYb/VD9pAEhCgNAIAoEQCAKaCECIAogCkEBa3EhCiADIAIgC2pBAnRqKgIAIgggCJNDAAAAAFwgCCAIXCAGGwRAQX8PCyAHIAhdBEAgBCALaiACakF/c60gCEMAAAAAkrwiAkF/cyACQYCAgIB4ciACQYCAgIB4cRutQiCGhCEPQQAhCQNAAkAgCUEBdEEBaiICIAFODQAgACACQQN0aikDACENIAJBAWoiDCABSARAIAAgDEEDdGopAwAiDiANVARAIA4hDSAMIQILCyANIA9aDQAgACAJQQN0aiANNwMAIAIhCQwBCwsgACAJQQN0aiAPNwMAIAApAwBCIIinIgJB/////wdxIAJBf3MgAkGAgICAeHEbviEHCwwBCwsgC0EEaiELDAELCwNAIAUgC0oEQCADIAtBAnRqKgIAIgggCJNDAAAAAFwgCCAIXCAGGwRAQX8PCyAHIAhdBEAgBCALakF/c60gCEMAAAAAkrwiAkF/cyACQYCAgIB4ciACQYCAgIB4cRutQiCGhCEPQQAhCQNAAkAgCUEBdEEBaiICIAFODQAgACACQQN0aikDACENIAJBAWoiCiABSARAIAAgCkEDdGopAwAiDiANVARAIA4hDSAKIQILCyANIA9aDQAgACAJQQN0aiANNwMAIAIhCQwBCwsgACAJQQN0aiAPNwMAIAApAwBCIIinIgJB/////wdxIAJBf3MgAkGAgICAeHEbviEHCyALQQFqIQsMAQsLIAELgwIDBH8DfgF9IAEhBgNAIAZBAEoEQCAGQQFrIghBAnQiASADaiAAKQMAIglCIIinIgVB/////wdxIAVBf3MgBUGAgICAeHEbviIMQwAAAAAgDEMAAAAAXkEBIAQbGzgCACABIAJqIAmnQX9zNgIAIAhBAEoEQCAAIAhBA3RqKQMAIQtBACEFA0ACQCAIIAVBAXRBAWoiAUwNACAAIAFBA3RqKQMAIQkgAUEBaiIHIAhIBEAgACAHQQN0aikDACIKIAlUBEAgCiEJIAchAQsLIAkgC1oNACAAIAVBA3RqIAk3AwAgASEFDAELCyAAIAVBA3RqIAs3AwALIAZBAWshBgwBCwsLqQEBAX8gAUGAAkkEQCABQQR2IQEFIAFB/v///wFJBEAgAUEBQRsgAWdrdGpBAWshAQsgAUEfIAFnayICQQRrdkEQcyEBIAJBB2shAgsgACACQQJ0aigCBEF/IAF0cSIBBH8gACABaCACQQR0akECdGooAmAFIAAoAgBBfyACQQFqdHEiAQR/IAAgACABaCIAQQJ0aigCBGggAEEEdGpBAnRqKAJgBUEACwsLkAEBAn8/ACIAQQBMBH9BASAAa0AAQQBIBUEACwRAAAtBkAlBADYCAEGwFUEANgIAA0AgAUEXSQRAIAFBAnRBkAlqQQA2AgRBACEAA0AgAEEQSQRAIAFBBHQgAGpBAnRBkAlqQQA2AmAgAEEBaiEADAELCyABQQFqIQEMAQsLQZAJQbQVPwCsQhCGEAdBkAkkAAuGAQEDfyABQRNqQXBxQQRrIQEgACgCoAwiAwRAIAFBEGsiBSADRgRAIAMoAgAhBCAFIQELCyACp0FwcSABayIDQRRJBEAPCyABIARBAnEgA0EIayIDQQFycjYCACABQQA2AgQgAUEANgIIIAFBBGogA2oiA0ECNgIAIAAgAzYCoAwgACABEAILrwQCD3sCfyAEIAIgBhsiF/0ABAAhCCAX/QAEECEJIAVBAnQiBSAEaiACIAYbIhf9AAQAIQogF/0ABBAhCyAEIAVBAXRqIAIgBhsiF/0ABAAhDCAX/QAEECENIAQgBUEDbGogAiAGGyIX/QAEACEOIBf9AAQQIQ8gBCAFQQJ0aiACIAYbIhf9AAQAIRAgF/0ABBAhESAEIAVBBWxqIAIgBhsiAv0ABAAhEiAC/QAEECETA0AgAyAWSgRAIAD9CQIAIhQgAf0ABAAiB/3mASAI/eQBIQggFCAB/QAEECIU/eYBIAn95AEhCSAA/QkCBCIVIAf95gEgCv3kASEKIBUgFP3mASAL/eQBIQsgAP0JAggiFSAH/eYBIAz95AEhDCAVIBT95gEgDf3kASENIAD9CQIMIhUgB/3mASAO/eQBIQ4gFSAU/eYBIA/95AEhDyAA/QkCECIVIAf95gEgEP3kASEQIBUgFP3mASAR/eQBIREgAP0JAhQiFSAH/eYBIBL95AEhEiAVIBT95gEgE/3kASETIABBFGohACABQSBqIQEgFkEBaiEWDAELCyAEIAj9CwQAIAQgCf0LBBAgBCAFaiIAIAr9CwQAIAAgC/0LBBAgBCAFQQF0aiIAIAz9CwQAIAAgDf0LBBAgBCAFQQNsaiIAIA79CwQAIAAgD/0LBBAgBCAFQQJ0aiIAIBD9CwQAIAAgEf0LBBAgBCAFQQVsaiIAIBL9CwQAIAAgE/0LBBAL2AMCDXsCfyAEIAIgBhsiFf0ABAAhCCAV/QAEECEJIAVBAnQiBSAEaiACIAYbIhX9AAQAIQogFf0ABBAhCyAEIAVBAXRqIAIgBhsiFf0ABAAhDCAV/QAEECENIAQgBUEDbGogAiAGGyIV/QAEACEOIBX9AAQQIQ8gBCAFQQJ0aiACIAYbIgL9AAQAIRAgAv0ABBAhEQNAIAMgFEoEQCAA/QkCACISIAH9AAQAIgf95gEgCP3kASEIIBIgAf0ABBAiEv3mASAJ/eQBIQkgAP0JAgQiEyAH/eYBIAr95AEhCiATIBL95gEgC/3kASELIAD9CQIIIhMgB/3mASAM/eQBIQwgEyAS/eYBIA395AEhDSAA/QkCDCITIAf95gEgDv3kASEOIBMgEv3mASAP/eQBIQ8gAP0JAhAiEyAH/eYBIBD95AEhECATIBL95gEgEf3kASERIABBFGohACABQSBqIQEgFEEBaiEUDAELCyAEIAj9CwQAIAQgCf0LBBAgBCAFaiIAIAr9CwQAIAAgC/0LBBAgBCAFQQF0aiIAIAz9CwQAIAAgDf0LBBAgBCAFQQNsaiIAIA79CwQAIAAgD/0LBBAgBCAFQQJ0aiIAIBD9CwQAIAAgEf0LBBALlwEDAn8BfAJ7A0AgAkEEaiIDIAFMBEAgBSAAIAJBAnRq/QAEACIG/V8iBSAF/fIBIAYgBv0NCAkKCwwNDg8AAQIDBAUGB/1fIgUgBf3yAf3wAf3wASEFIAMhAgwBCwsgBf0hACAF/SEBoCEEA0AgASACSgRAIAQgACACQQJ0aioCALsiBCAEoqAhBCACQQFqIQIMAQsLIAQLWgEFfwNAIAEgBUoEQCAAIAIgBWxBAnRqIQZBACEEA0AgAiAESgRAIARBAnQiByADaiIIIAgqAgAgBiAHaioCAJI4AgAgBEEBaiEEDAELCyAFQQFqIQUMAQsLC/oCAwd/AXsBfQNAIAIgCUoEQCAEIAUgCWxBAnRqIQtBACEKA0AgAyAKSgRAIAMgCWwgCmpBAnQiByABaioCACIPQwAAAABcBEAgBiAAIAdqKAIAIAVsQQJ0aiEMIA/9EyEOQQAhBwNAIAdBEGoiCCAFTARAIAdBAnQiByAMaiINIA4gByALaiIH/QAEAP3mASAN/QAEAP3kAf0LBAAgDSAOIAf9AAQQ/eYBIA39AAQQ/eQB/QsEECANIA4gB/0ABCD95gEgDf0ABCD95AH9CwQgIA0gDiAH/QAEMP3mASAN/QAEMP3kAf0LBDAgCCEHDAELCwNAIAdBBGoiCCAFTARAIAdBAnQiByAMaiINIA4gByALav0ABAD95gEgDf0ABAD95AH9CwQAIAghBwwBCwsDQCAFIAdKBEAgB0ECdCIIIAxqIg0gDyAIIAtqKgIAlCANKgIAkjgCACAHQQFqIQcMAQsLCyAKQQFqIQoMAQsLIAlBAWohCQwBCwsLgAIDB38BfQF7A0AgASANSgRAIAQgBSANbEECdGohC0EAIQwDQCACIAxKBEAgAyACIA1sIAxqQQJ0IgkgAGooAgAgBWxBAnRqIQr9DAAAAAAAAAAAAAAAAAAAAAAhD0EAIQcDQCAHQQRqIgggBUwEQCAHQQJ0IgcgCmr9AAQAIAcgC2r9AAQA/eYBIA/95AEhDyAIIQcMAQsLIA/9HwAgD/0fAZIgD/0fApIgD/0fA5IhDgNAIAUgB0oEQCAOIAdBAnQiCCAKaioCACAIIAtqKgIAlJIhDiAHQQFqIQcMAQsLIAYgCWogDjgCACAMQQFqIQwMAQsLIA1BAWohDQwBCwsL4gMDBn8BewF9A0AgAiAGSgRAIAMgBmxBAnQiByAAaiEIIAEgB2ohCf0MAAAAAAAAAAAAAAAAAAAAACEKQQAhBANAIARBBGoiBSADTARAIARBAnQiBCAIav0ABAAgBCAJav0ABAD95gEgCv3kASEKIAUhBAwBCwsgCv0fACAK/R8BkiAK/R8CkiAK/R8DkiELA0AgAyAESgRAIAsgBEECdCIFIAhqKgIAIAUgCWoqAgCUkiELIARBAWohBAwBCwsgACAHaiEIIAEgB2ohByALjCIL/RMhCkEAIQQDQCAEQRBqIgUgA0wEQCAEQQJ0IgQgB2oiCSAKIAQgCGoiBP0ABAD95gEgCf0ABAD95AH9CwQAIAkgCiAE/QAEEP3mASAJ/QAEEP3kAf0LBBAgCSAKIAT9AAQg/eYBIAn9AAQg/eQB/QsEICAJIAogBP0ABDD95gEgCf0ABDD95AH9CwQwIAUhBAwBCwsDQCAEQQRqIgUgA0wEQCAEQQJ0IgQgB2oiCSAKIAQgCGr9AAQA/eYBIAn9AAQA/eQB/QsEACAFIQQMAQsLA0AgAyAESgRAIARBAnQiBSAHaiIJIAsgBSAIaioCAJQgCSoCAJI4AgAgBEEBaiEEDAELCyAGQQFqIQYMAQsLC2sBBH8DQCABIAVKBEAgAyAFQQdxIgQgBSAEayACbGpBAnRqIQYgACACIAVsQQJ0aiEHQQAhBANAIAIgBEoEQCAGIARBBXRqIAcgBEECdGoqAgA4AgAgBEEBaiEEDAELCyAFQQFqIQUMAQsLC6YCAwV/AnsBfQNAIAEgBUoEQCACIAVsQQJ0IgYgAGohB/0MAAAAAAAAAAAAAAAAAAAAACEIQQAhAwNAIANBBGoiBCACTARAIANBAnQgB2r9AAQAIgkgCf3mASAI/eQBIQggBCEDDAELCyAI/R8AIAj9HwGSIAj9HwKSIAj9HwOSIQoDQCACIANKBEAgCiADQQJ0IAdqKgIAIgogCpSSIQogA0EBaiEDDAELC0MAAIA/IAqRIgqV/RMhCEEAIQMDQCADQQRqIgQgAkwEQCAAIAZqIANBAnRqIgMgA/0ABAAgCP3mAf0LBAAgBCEDDAELCwNAIAIgA0oEQCAAIAZqIANBAnRqIgQgBCoCACAKlTgCACADQQFqIQMMAQsLIAVBAWohBQwBCwsLsgMCB38DfCAIQQAgBUEDdPwLAANAIAQgCkoEQEEAIQkDQCAFIAlKBEAgBSAKbCAJakECdCELIAggCUEDdGoiDyAPKwMAIAMEfCABIAtqKgIAuyACIAtqKgIAu6EFIAEgC2oqAgC7C6A5AwAgCUEBaiEJDAELCyAKQQFqIQoMAQsLA0AgBSAMSgRAIAggDEEDdGoiCSAJKwMAIAS3ozkDACAMQQFqIQwMAQsLA0AgBCANSgRAQQAhCQNAIAUgCUoEQCAQIAUgDWwgCWpBAnQiCiAAaioCALsgAwR8IAEgCmoqAgC7IAIgCmoqAgC7oQUgASAKaioCALsLIhKhIhAgEKKgIRAgESAIIAlBA3RqKwMAIBKhIhEgEaKgIREgCUEBaiEJDAELCyANQQFqIQ0MAQsLIBFEAAAAAAAAAABkRQRARAAAAAAAAPC/DwsgBiAGoCARoyEGIAQgBWwhBANAIAQgDksEQCAOQQJ0IgUgB2ogBiAAIAVqKgIAuyADBHwgASAFaioCALsgAiAFaioCALuhBSABIAVqKgIAuwuhorY4AgAgDkEBaiEODAELCyAQIBGjC/UCAwR/CnsCfSAF/RMhFiAG/RMhFSAH/RMhFEMAAIA/IAaT/RMhE0MAAIA/IAeT/RMhEiAI/RMhESAJ/RMhECAK/RMhDwNAIAtBBGoiDCAETARAIAtBAnQiCyABav0ABAAgFv3mASEYIBUgAiALaiIN/QAEAP3mASATIBj95gH95AEhFyAUIAMgC2oiDv0ABAD95gEgEiAYIBj95gH95gH95AEhGCANIBf9CwQAIA4gGP0LBAAgACALaiILIAv9AAQAIBEgF/3mASAY/eMBIBD95wEgD/3kAf3nAf3lAf0LBAAgDCELDAELCwNAIAQgC0oEQCALQQJ0IgwgAWoqAgAgBZQhGiAGIAIgDGoiDSoCAJRDAACAPyAGkyAalJIhGSAHIAMgDGoiDioCAJRDAACAPyAHkyAalCAalJIhGiANIBk4AgAgDiAaOAIAIAAgDGoiDCAMKgIAIAggGZQgGpEgCZUgCpKVkzgCACALQQFqIQsMAQsLC1YBAn8DQCABIAhKBEAgB0EAIAMgACACIAhsQQJ0akEAIAJBABADQQBIBEAgCA8LIAcgAyADIAhsQQJ0IgkgBWogBiAJaiAEEAQgCEEBaiEIDAELC0F/C/4DAwh/AXsBfSAGQQJ0IQ4DQCACIAxKBEAgCCAMIA5saiINQQAgDvwLAEEAIQsDQCADIAtKBEAgAyAMbCALakECdCIJIABqKAIAIgogB08EQCAMDwsgASAJaioCACISQwAAAABcBEAgBCAKIA5saiEPIBL9EyERQQAhCQNAIAlBEGoiCiAGTARAIAlBAnQiCSANaiIQIBEgCSAPaiIJ/QAEAP3mASAQ/QAEAP3kAf0LBAAgECARIAn9AAQQ/eYBIBD9AAQQ/eQB/QsEECAQIBEgCf0ABCD95gEgEP0ABCD95AH9CwQgIBAgESAJ/QAEMP3mASAQ/QAEMP3kAf0LBDAgCiEJDAELCwNAIAlBBGoiCiAGTARAIAlBAnQiCSANaiIQIBEgCSAPav0ABAD95gEgEP0ABAD95AH9CwQAIAohCQwBCwsDQCAGIAlKBEAgCUECdCIKIA1qIhAgEiAKIA9qKgIAlCAQKgIAkjgCACAJQQFqIQkMAQsLCyALQQFqIQsMAQsLQQAhCQNAIAlBBGoiCiAGTARAIAlBAnQiCSANaiILIAv9AAQAIAUgCWr9AAQA/eQB/QsEACAKIQkMAQsLA0AgBiAJSgRAIAlBAnQiCiANaiILIAsqAgAgBSAKaioCAJI4AgAgCUEBaiEJDAELCyAMQQFqIQwMAQsLQX8L7gMDCX8BewF9IAVBAnQhDANAIAEgC0oEQCAGIAsgDGxqIgpBACAM/AsAIAAgAiALbEECdGohDkEAIQkDQCACIAlKBEAgDiAJQQJ0aioCACIRQwAAAABcBEAgAyAJIAxsaiENIBH9EyEQQQAhBwNAIAdBEGoiCCAFTARAIAdBAnQiByAKaiIPIBAgByANaiIH/QAEAP3mASAP/QAEAP3kAf0LBAAgDyAQIAf9AAQQ/eYBIA/9AAQQ/eQB/QsEECAPIBAgB/0ABCD95gEgD/0ABCD95AH9CwQgIA8gECAH/QAEMP3mASAP/QAEMP3kAf0LBDAgCCEHDAELCwNAIAdBBGoiCCAFTARAIAdBAnQiByAKaiIPIBAgByANav0ABAD95gEgD/0ABAD95AH9CwQAIAghBwwBCwsDQCAFIAdKBEAgB0ECdCIIIApqIg8gESAIIA1qKgIAlCAPKgIAkjgCACAHQQFqIQcMAQsLCyAJQQFqIQkMAQsLQQAhBwNAIAdBBGoiCCAFTARAIAdBAnQiByAKaiIJIAn9AAQAIAQgB2r9AAQA/eQB/QsEACAIIQcMAQsLA0AgBSAHSgRAIAdBAnQiCCAKaiIJIAkqAgAgBCAIaioCAJI4AgAgB0EBaiEHDAELCyALQQFqIQsMAQsLCwsAIABBA3RBgAhqC50BAgR/AXwgBUGACGohCQNAIAEgCEoEQCAAIAhBgAIgASAIayILIAtBgAJKGyILIAIgAyAFEBggCSAKIAQgBSAIIAtBABADIgpBAEgEQEEAIQADQCAAIAtIBEAgBSAAQQJ0aioCALsiDCAMYgRAIAAgCGoPCyAAQQFqIQAMAQsLIAgPCyAIQYACaiEIDAELCyAJIAQgBiAHQQAQBEF/C88FAwV/BXsFfSADQQJ0IQkDQCAIQQRqIAJMBEAgACABIAhqIAlsaiEK/QwAAAAAAAAAAAAAAAAAAAAAIQz9DAAAAAAAAAAAAAAAAAAAAAAhDf0MAAAAAAAAAAAAAAAAAAAAACEO/QwAAAAAAAAAAAAAAAAAAAAAIQtBACEGA0AgBkEEaiIHIANMBEAgBkECdCIGIARq/QAEACEPIAYgCmr9AAQAIA/95gEgDP3kASEMIAkgCmogBmr9AAQAIA/95gEgDf3kASENIAogCUEBdGogBmr9AAQAIA/95gEgDv3kASEOIAogCUEDbGogBmr9AAQAIA/95gEgC/3kASELIAchBgwBCwsgDP0fACAM/R8BkiAM/R8CkiAM/R8DkiESIA39HwAgDf0fAZIgDf0fApIgDf0fA5IhEyAO/R8AIA79HwGSIA79HwKSIA79HwOSIRQgC/0fACAL/R8BkiAL/R8CkiAL/R8DkiEQA0AgAyAGSgRAIAZBAnQiByAEaioCACERIBIgByAKaioCACARlJIhEiATIAkgCmogB2oqAgAgEZSSIRMgFCAKIAlBAXRqIAdqKgIAIBGUkiEUIBAgCiAJQQNsaiAHaioCACARlJIhECAGQQFqIQYMAQsLIAUgCEECdGoiBiASOAIAIAYgEzgCBCAGIBQ4AgggBiAQOAIMIAhBBGohCAwBCwsDQCACIAhKBEAgACABIAhqIAlsaiEK/QwAAAAAAAAAAAAAAAAAAAAAIQtBACEGA0AgBkEEaiIHIANMBEAgBkECdCIGIApq/QAEACAEIAZq/QAEAP3mASAL/eQBIQsgByEGDAELCyAL/R8AIAv9HwGSIAv9HwKSIAv9HwOSIRADQCADIAZKBEAgECAGQQJ0IgcgCmoqAgAgBCAHaioCAJSSIRAgBkEBaiEGDAELCyAFIAhBAnRqIBA4AgAgCEEBaiEIDAELCwtIAQF/IABBjAlPBEAjAEUEQBAGCyAAQQRrIQEgAEEPcUEBIAAbBH9BAQUgASgCAEEBcQsaIAEgASgCAEEBcjYCACMAIAEQAgsLwAIBBH8jAEUEQBAGCyMAIQIgAEH8////A0sEQEGgCEHgCEHNA0EdEAAACyACIABBDE0Ef0EMBSAAQRNqQXBxQQRrCyIDEAUiAEUEQD8AIgAgA0GAAk8EfyADQf7///8BSQR/IANBAUEbIANna3RqQQFrBSADCwUgAwtBBCACKAKgDCAAQRB0QQRrR3RqQf//A2pBgIB8cUEQdiIBIAAgAUobQABBAEgEQCABQABBAEgEQAALCyACIABBEHQ/AKxCEIYQByACIAMQBSEACyAAKAIAGiACIAAQASAAKAIAIgFBfHEgA2siBEEQTwRAIAAgAyABQQJxcjYCACAAQQRqIANqIgEgBEEEa0EBcjYCACACIAEQAgUgACABQX5xNgIAIABBBGogACgCAEF8cWoiASABKAIAQX1xNgIACyAAQQRqCzQAIAAgAmxBA3QgAEECdGogAEEEakEFbUEFbCABbEECdEEPakFwcSADQRRsQQ9qQXBxamoLhxICGH8LeyAMIAFBBGpBBW0iEEEFbCACbEECdEEPakFwcWoiGCAHQRRsQQ9qQXBxaiIbIAEgBmxBA3RqIRwDQCAOIBBIBEAgDCACIA5sQRRsaiERQQAhDQNAIA1BBUgEQCAOQQVsIA1qIg8gAUgEQCAAIAIgD2xBAnRqIRJBACEPA0AgAiAPSgRAIBEgD0EFbCANakECdGogEiAPQQJ0aioCADgCACAPQQFqIQ8MAQsLBUEAIQ8DQCACIA9KBEAgESAPQQVsIA1qQQJ0akMAAAAAOAIAIA9BAWohDwwBCwsLIA1BAWohDQwBCwsgDkEBaiEODAELCyAcQQAgAUECdPwLACACQQV0IRUgAUEEakEFbSEgIAlBAUYhHQNAIAUgF0oEQCAHIAUgF2siACAAIAdKGyIhQQdqQQhtIRlBACEWA0AgFiAgSARAIAwgAiAWbEEUbGohIkEFIAEgFkEFbGsiACAAQQVKGyEaQQAhEwNAIAIgE0oEQCAiIBNBFGxqIQ0gAyAXQQhtIgAgFWxqIBNBBXRqIR4gBCAAQQV0aiEfIAggAiATayIAIAAgCEobIRQgE0EASiEjQQAhDyAaQQFGBEADQCAPQQRqIgAgGUwEQCANIQlBACESIA9BBXQiDiAYaiIkIA4gH2ogIxsiDv0ABAAhJiAO/QAEECEnIA79AAQgISggDv0ABDAhJSAO/QAEQCEpIA79AARQISogDv0ABGAhKyAO/QAEcCEsIBUgHiAPIBVsaiIRaiEPIBEgFUEBdGohECARIBVBA2xqIQ4DQCASIBRIBEAgCf0JAgAiLSAR/QAEAP3mASAm/eQBISYgLSAR/QAEEP3mASAn/eQBIScgLSAP/QAEAP3mASAo/eQBISggLSAP/QAEEP3mASAl/eQBISUgLSAQ/QAEAP3mASAp/eQBISkgLSAQ/QAEEP3mASAq/eQBISogLSAO/QAEAP3mASAr/eQBISsgLSAO/QAEEP3mASAs/eQBISwgCUEUaiEJIBFBIGohESAPQSBqIQ8gEEEgaiEQIA5BIGohDiASQQFqIRIMAQsLICQgJv0LBAAgJCAn/QsEECAkICj9CwQgICQgJf0LBDAgJCAp/QsEQCAkICr9CwRQICQgK/0LBGAgJCAs/QsEcCAAIQ8MAQsLCwNAIA8gGUgEQCAeIA8gFWxqIQkgD0EFdCIAIB9qIRAgACAYaiESAkACQAJAAkACQAJAAkAgGkECaw4FBAMCAQAFCyANIAkgECAUIBIgByAjEAgMBQsgDSAJIBAgFCASIAcgIxAJDAQLIA0hAEEAIREgEiAQICMbIg79AAQAISYgDv0ABBAhJyAHQQJ0Ig4gEmogECAjGyIk/QAEACEoICT9AAQQISUgEiAOQQF0aiAQICMbIiT9AAQAISkgJP0ABBAhKiASIA5BA2xqIBAgIxsiEP0ABAAhKyAQ/QAEECEsA0AgESAUSARAIAD9CQIAIi4gCf0ABAAiLf3mASAm/eQBISYgLiAJ/QAEECIu/eYBICf95AEhJyAA/QkCBCIvIC395gEgKP3kASEoIC8gLv3mASAl/eQBISUgAP0JAggiLyAt/eYBICn95AEhKSAvIC795gEgKv3kASEqIAD9CQIMIi8gLf3mASAr/eQBISsgLyAu/eYBICz95AEhLCAAQRRqIQAgCUEgaiEJIBFBAWohEQwBCwsgEiAm/QsEACASICf9CwQQIA4gEmoiACAo/QsEACAAICX9CwQQIBIgDkEBdGoiACAp/QsEACAAICr9CwQQIBIgDkEDbGoiACAr/QsEACAAICz9CwQQDAMLIA0hACAJIQ5BACERIBIgECAjGyIJ/QAEACEnIAn9AAQQISggB0ECdCIJIBJqIBAgIxsiJP0ABAAhJSAk/QAEECEpIBIgCUEBdGogECAjGyIQ/QAEACEqIBD9AAQQISsDQCARIBRIBEAgAP0JAgAiJiAO/QAEACIs/eYBICf95AEhJyAmIA79AAQQIib95gEgKP3kASEoIAD9CQIEIi0gLP3mASAl/eQBISUgLSAm/eYBICn95AEhKSAA/QkCCCItICz95gEgKv3kASEqIC0gJv3mASAr/eQBISsgAEEUaiEAIA5BIGohDiARQQFqIREMAQsLIBIgJ/0LBAAgEiAo/QsEECAJIBJqIgAgJf0LBAAgACAp/QsEECASIAlBAXRqIgAgKv0LBAAgACAr/QsEEAwCCyANIQ4gEiAQICMbIgD9AAQAISUgAP0ABBAhJiAHQQJ0IhEgEmogECAjGyIA/QAEACEnIAD9AAQQIShBACEAA0AgACAUSARAIA79CQIAIikgCf0ABAAiKv3mASAl/eQBISUgKSAJ/QAEECIp/eYBICb95AEhJiAO/QkCBCIrICr95gEgJ/3kASEnICsgKf3mASAo/eQBISggDkEUaiEOIAlBIGohCSAAQQFqIQAMAQsLIBIgJf0LBAAgEiAm/QsEECARIBJqIgAgJ/0LBAAgACAo/QsEEAwBCyANIQ4gEiAQICMbIgD9AAQAISUgAP0ABBAhJkEAIQADQCAAIBRIBEAgDv0JAgAiJyAJ/QAEAP3mASAl/eQBISUgJyAJ/QAEEP3mASAm/eQBISYgDkEUaiEOIAlBIGohCSAAQQFqIQAMAQsLIBIgJf0LBAAgEiAm/QsEEAsgD0EBaiEPDAELCyAIIBNqIRMMAQsLIBpBACAGGyEAQQAhDgNAIAAgDkoEQCAYIAcgDmxBAnRqIQ0gHQRAQQAhCQNAIAkgGUEDdEgEQCANIAlBAnRqIg/9AAQAISUgDyAlICX9DAAAAAAAAAAAAAAAAAAAAAD96QEgJSAl/UL9Uv0LBAAgCUEEaiEJDAELCwsgHCAWQQVsIA5qIglBAnRqIQ8gGyAGIAlsQQN0aiAPKAIAIAYgDSAXICFBARADIg1BAEgEQCAJDwsgDyANNgIAIA5BAWohDgwBCwsgFkEBaiEWDAELCyAHIBdqIRcMAQsLQQAhAgNAIAEgAkoEQCAbIAIgBmxBAnQiAEEBdGogBiAAIApqIAAgC2ogHUUQBCACQQFqIQIMAQsLQX8LC40BAgBBjAgLQDwAAAAAAAAAAAAAAAIAAAAoAAAAQQBsAGwAbwBjAGEAdABpAG8AbgAgAHQAbwBvACAAbABhAHIAZwBlAAAAAAAAQcwIC0A8AAAAAAAAAAAAAAACAAAAHgAAAH4AbABpAGIALwByAHQALwB0AGwAcwBmAC4AdABzAAAAAAAAAAAAAAAAAAAA";
var RELAXED_SHARED_WASM_BASE64 = "AGFzbQEAAAABpAETYAR/f39/AGAHf39/f39/fwBgAn9/AGAIf39/f39/f38Bf2ABfwF/YAd/f39/f39/AX9gBX9/f39/AGACf38Bf2AAAGADf39+AGACf38BfGADf39/AGAJf39/f39/fH9/AXxgC39/f39/fX19fX19AGAJf39/f39/f39/AX9gBn9/f39/fwBgAX8AYAR/f39/AX9gDX9/f39/f39/f39/f38BfwIeAgNlbnYFYWJvcnQAAANlbnYGbWVtb3J5AgMQgIAEAxwbAgIFBgcICQEKAAEBAAALDA0DDgEEAw8QBBESBgYBfwFBAAsHyAITCW1lbV9hbGxvYwAZCG1lbV9mcmVlABgNZjMyX3RvcGtfaGVhcAASD2YzMl9lbmNvZGVfdG9wawAbHWYzMl9lbmNvZGVfdG9wa19zY3JhdGNoX2J5dGVzABoMZjMyX3JhbmtfZG90ABYaZjMyX3JhbmtfZG90X3NjcmF0Y2hfYnl0ZXMAFRFmMzJfZGVjb2RlX3NwYXJzZQATEGYzMl9kZWNvZGVfZGVuc2UAFA9mMzJfc3BhcnNlX2RvdHMADBJmMzJfc3BhcnNlX3NjYXR0ZXIACxBmMzJfcHJvamVjdF9yb3dzAA0SZjMyX25vcm1hbGl6ZV9yb3dzAA8JZjMyX3N1bXNxAAkIZjMyX2FkYW0AEQ9mMzJfcGFja19wYW5lbHMADghmMzJfbm1zZQAQDGYzMl9zdW1fcm93cwAKBm1lbW9yeQIADAECCt9PG8MBAQR/IAEoAgBBfHEiA0GAAkkEfyADQQR2BUEfQfz///8DIAMgA0H8////A08bIgNnayIEQQdrIQIgAyAEQQRrdkEQcwshBCABKAIIIQUgASgCBCIDBEAgAyAFNgIICyAFBEAgBSADNgIECyABIAAgAkEEdCAEakECdGoiASgCYEYEQCABIAU2AmAgBUUEQCAAIAJBAnRqIgEoAgRBfiAEd3EhAyABIAM2AgQgA0UEQCAAIAAoAgBBfiACd3E2AgALCwsLtgIBBX8gAUEEaiIGIAEoAgAiA0F8cWoiBCgCACICQQFxBEAgACAEEAEgASADQQRqIAJBfHFqIgM2AgAgASgCAEF8cSAGaiIEKAIAIQILIANBAnEEQCABQQRrKAIAIgEoAgAhBiAAIAEQASABIAZBBGogA0F8cWoiAzYCAAsgBCACQQJyNgIAIARBBGsgATYCACAAIANBfHEiAkGAAkkEfyACQQR2BUEfQfz///8DIAIgAkH8////A08bIgJnayIDQQdrIQUgAiADQQRrdkEQcwsiAiAFQQR0akECdGooAmAhAyABQQA2AgQgASADNgIIIAMEQCADIAE2AgQLIAAgBUEEdCACakECdGogATYCYCAAIAAoAgBBASAFdHI2AgAgACAFQQJ0aiIAIAAoAgRBASACdHI2AgQL4wYEAn0EfwN+AXsDQCABIAJIIAUgC0pxBEAgAyALQQJ0aioCACIHIAeTQwAAAABcIAcgB1wgBhsEQEF/DwsgASIJQQFqIQEgBCALakF/c60gB0MAAAAAkrwiCkF/cyAKQYCAgIB4ciAKQYCAgIB4cRutQiCGhCENA0AgCUEASgRAIAAgCUEBa0EBdSIKQQN0aikDACIOIA1WBEAgACAJQQN0aiAONwMAIAohCQwCCwsLIAAgCUEDdGogDTcDACALQQFqIQsMAQsLIAApAwBCIIinIgJB/////wdxIAJBf3MgAkGAgICAeHEbviEHA0AgC0EEaiAFTARAIAMgC0ECdGr9AAQAIhAgB/0T/UQgECAQ/eUB/QwAAAAAAAAAAAAAAAAAAAAA/UIgECAQ/UIgBhv9UP2kASEKA0AgCgRAIApoIQIgCiAKQQFrcSEKIAMgAiALakECdGoqAgAiCCAIk0MAAAAAXCAIIAhcIAYbBEBBfw8LIAcgCF0EQCAEIAtqIAJqQX9zrSAIQwAAAACSvCICQX9zIAJBgICAgHhyIAJBgICAgHhxG61CIIaEIQ9BACEJA0ACQCAJQQF0QQFqIgIgAU4NACAAIAJBA3RqKQMAIQ0gAkEBaiIMIAFIBEAgACAMQQN0aikDACIOIA1UBEAgDiENIAwhAgsLIA0gD1oNACAAIAlBA3RqIA03AwAgAiEJDAELCyAAIAlBA3RqIA83AwAgACkDAEIgiKciAkH/////B3EgAkF/cyACQYCAgIB4cRu+IQcLDAELCyALQQRqIQsMAQsLA0AgBSALSgRAIAMgC0ECdGoqAgAiCCAIk0MAAAAAXCAIIAhcIAYbBEBBfw8LIAcgCF0EQCAEIAtqQX9zrSAIQwAAAACSvCICQX9zIAJBgICAgHhyIAJBgICAgHhxG61CIIaEIQ9BACEJA0ACQCAJQQF0QQFqIgIgAU4NACAAIAJBA3RqKQMAIQ0gAkEBaiIKIAFIBEAgACAKQQN0aikDACIOIA1UBEAgDiENIAohAgsLIA0gD1oNACAAIAlBA3RqIA03AwAgAiEJDAELCyAAIAlBA3RqIA83AwAgACkDAEIgiKciAkH/////B3EgAkF/cyACQYCAgIB4cRu+IQcLIAtBAWohCwwBCwsgAQuDAgMEfwN+AX0gASEGA0AgBkEASgRAIAZBAWsiCEECdCIBIANqIAApAwAiCUIgiKciBUH/////B3EgBUF/cyAFQYCAgIB4cRu+IgxDAAAAACAMQwAAAABeQQEgBBsbOAIAIAEgAmogCadBf3M2AgAgCEEASgRAIAAgCEEDdGopAwAhC0EAIQUDQAJAIAggBUEBdEEBaiIBTA0AIAAgAUEDdGopAwAhCSABQQFqIgcgCEgEQCAAIAdBA3RqKQMAIgogCVQEQCAKIQkgByEBCwsgCSALWg0AIAAgBUEDdGogCTcDACABIQUMAQsLIAAgBUEDdGogCzcDAAsgBkEBayEGDAELCwupAQEBfyABQYACSQRAIAFBBHYhAQUgAUH+////AUkEQCABQQFBGyABZ2t0akEBayEBCyABQR8gAWdrIgJBBGt2QRBzIQEgAkEHayECCyAAIAJBAnRqKAIEQX8gAXRxIgEEfyAAIAFoIAJBBHRqQQJ0aigCYAUgACgCAEF/IAJBAWp0cSIBBH8gACAAIAFoIgBBAnRqKAIEaCAAQQR0akECdGooAmAFQQALCwuQAQECfz8AIgBBAEwEf0EBIABrQABBAEgFQQALBEAAC0GQCUEANgIAQbAVQQA2AgADQCABQRdJBEAgAUECdEGQCWpBADYCBEEAIQADQCAAQRBJBEAgAUEEdCAAakECdEGQCWpBADYCYCAAQQFqIQAMAQsLIAFBAWohAQwBCwtBkAlBtBU/AKxCEIYQB0GQCSQAC4YBAQN/IAFBE2pBcHFBBGshASAAKAKgDCIDBEAgAUEQayIFIANGBEAgAygCACEEIAUhAQsLIAKnQXBxIAFrIgNBFEkEQA8LIAEgBEECcSADQQhrIgNBAXJyNgIAIAFBADYCBCABQQA2AgggAUEEaiADaiIDQQI2AgAgACADNgKgDCAAIAEQAguLBAIPewJ/IAQgAiAGGyIX/QAEACEIIBf9AAQQIQkgBUECdCIFIARqIAIgBhsiF/0ABAAhCiAX/QAEECELIAQgBUEBdGogAiAGGyIX/QAEACEMIBf9AAQQIQ0gBCAFQQNsaiACIAYbIhf9AAQAIQ4gF/0ABBAhDyAEIAVBAnRqIAIgBhsiF/0ABAAhECAX/QAEECERIAQgBUEFbGogAiAGGyIC/QAEACESIAL9AAQQIRMDQCADIBZKBEAgAP0JAgAiFCAB/QAEACIHIAj9hQIhCCAUIAH9AAQQIhQgCf2FAiEJIAD9CQIEIhUgByAK/YUCIQogFSAUIAv9hQIhCyAA/QkCCCIVIAcgDP2FAiEMIBUgFCAN/YUCIQ0gAP0JAgwiFSAHIA79hQIhDiAVIBQgD/2FAiEPIAD9CQIQIhUgByAQ/YUCIRAgFSAUIBH9hQIhESAA/QkCFCIVIAcgEv2FAiESIBUgFCAT/YUCIRMgAEEYaiEAIAFBIGohASAWQQFqIRYMAQsLIAQgCP0LBAAgBCAJ/QsEECAEIAVqIgAgCv0LBAAgACAL/QsEECAEIAVBAXRqIgAgDP0LBAAgACAN/QsEECAEIAVBA2xqIgAgDv0LBAAgACAP/QsEECAEIAVBAnRqIgAgEP0LBAAgACAR/QsEECAEIAVBBWxqIgAgEv0LBAAgACAT/QsEEAuXAQMCfwF8AnsDQCACQQRqIgMgAUwEQCAFIAAgAkECdGr9AAQAIgb9XyIFIAX98gEgBiAG/Q0ICQoLDA0ODwABAgMEBQYH/V8iBSAF/fIB/fAB/fABIQUgAyECDAELCyAF/SEAIAX9IQGgIQQDQCABIAJKBEAgBCAAIAJBAnRqKgIAuyIEIASioCEEIAJBAWohAgwBCwsgBAtaAQV/A0AgASAFSgRAIAAgAiAFbEECdGohBkEAIQQDQCACIARKBEAgBEECdCIHIANqIgggCCoCACAGIAdqKgIAkjgCACAEQQFqIQQMAQsLIAVBAWohBQwBCwsL6wIDB38BewF9A0AgAiAJSgRAIAQgBSAJbEECdGohC0EAIQoDQCADIApKBEAgAyAJbCAKakECdCIHIAFqKgIAIg9DAAAAAFwEQCAGIAAgB2ooAgAgBWxBAnRqIQwgD/0TIQ5BACEHA0AgB0EQaiIIIAVMBEAgB0ECdCIHIAxqIg0gDiAHIAtqIgf9AAQAIA39AAQA/YUC/QsEACANIA4gB/0ABBAgDf0ABBD9hQL9CwQQIA0gDiAH/QAEICAN/QAEIP2FAv0LBCAgDSAOIAf9AAQwIA39AAQw/YUC/QsEMCAIIQcMAQsLA0AgB0EEaiIIIAVMBEAgB0ECdCIHIAxqIg0gDiAHIAtq/QAEACAN/QAEAP2FAv0LBAAgCCEHDAELCwNAIAUgB0oEQCAHQQJ0IgggDGoiDSAPIAggC2oqAgCUIA0qAgCSOAIAIAdBAWohBwwBCwsLIApBAWohCgwBCwsgCUEBaiEJDAELCwv9AQMHfwF9AXsDQCABIA1KBEAgBCAFIA1sQQJ0aiELQQAhDANAIAIgDEoEQCADIAIgDWwgDGpBAnQiCSAAaigCACAFbEECdGohCv0MAAAAAAAAAAAAAAAAAAAAACEPQQAhBwNAIAdBBGoiCCAFTARAIAdBAnQiByAKav0ABAAgByALav0ABAAgD/2FAiEPIAghBwwBCwsgD/0fACAP/R8BkiAP/R8CkiAP/R8DkiEOA0AgBSAHSgRAIA4gB0ECdCIIIApqKgIAIAggC2oqAgCUkiEOIAdBAWohBwwBCwsgBiAJaiAOOAIAIAxBAWohDAwBCwsgDUEBaiENDAELCwvQAwMGfwF7AX0DQCACIAZKBEAgAyAGbEECdCIHIABqIQggASAHaiEJ/QwAAAAAAAAAAAAAAAAAAAAAIQpBACEEA0AgBEEEaiIFIANMBEAgBEECdCIEIAhq/QAEACAEIAlq/QAEACAK/YUCIQogBSEEDAELCyAK/R8AIAr9HwGSIAr9HwKSIAr9HwOSIQsDQCADIARKBEAgCyAEQQJ0IgUgCGoqAgAgBSAJaioCAJSSIQsgBEEBaiEEDAELCyAAIAdqIQggASAHaiEHIAuMIgv9EyEKQQAhBANAIARBEGoiBSADTARAIARBAnQiBCAHaiIJIAogBCAIaiIE/QAEACAJ/QAEAP2FAv0LBAAgCSAKIAT9AAQQIAn9AAQQ/YUC/QsEECAJIAogBP0ABCAgCf0ABCD9hQL9CwQgIAkgCiAE/QAEMCAJ/QAEMP2FAv0LBDAgBSEEDAELCwNAIARBBGoiBSADTARAIARBAnQiBCAHaiIJIAogBCAIav0ABAAgCf0ABAD9hQL9CwQAIAUhBAwBCwsDQCADIARKBEAgBEECdCIFIAdqIgkgCyAFIAhqKgIAlCAJKgIAkjgCACAEQQFqIQQMAQsLIAZBAWohBgwBCwsLawEEfwNAIAEgBUoEQCADIAVBB3EiBCAFIARrIAJsakECdGohBiAAIAIgBWxBAnRqIQdBACEEA0AgAiAESgRAIAYgBEEFdGogByAEQQJ0aioCADgCACAEQQFqIQQMAQsLIAVBAWohBQwBCwsLowIDBX8CewF9A0AgASAFSgRAIAIgBWxBAnQiBiAAaiEH/QwAAAAAAAAAAAAAAAAAAAAAIQhBACEDA0AgA0EEaiIEIAJMBEAgA0ECdCAHav0ABAAiCSAJIAj9hQIhCCAEIQMMAQsLIAj9HwAgCP0fAZIgCP0fApIgCP0fA5IhCgNAIAIgA0oEQCAKIANBAnQgB2oqAgAiCiAKlJIhCiADQQFqIQMMAQsLQwAAgD8gCpEiCpX9EyEIQQAhAwNAIANBBGoiBCACTARAIAAgBmogA0ECdGoiAyAD/QAEACAI/eYB/QsEACAEIQMMAQsLA0AgAiADSgRAIAAgBmogA0ECdGoiBCAEKgIAIAqVOAIAIANBAWohAwwBCwsgBUEBaiEFDAELCwuyAwIHfwN8IAhBACAFQQN0/AsAA0AgBCAKSgRAQQAhCQNAIAUgCUoEQCAFIApsIAlqQQJ0IQsgCCAJQQN0aiIPIA8rAwAgAwR8IAEgC2oqAgC7IAIgC2oqAgC7oQUgASALaioCALsLoDkDACAJQQFqIQkMAQsLIApBAWohCgwBCwsDQCAFIAxKBEAgCCAMQQN0aiIJIAkrAwAgBLejOQMAIAxBAWohDAwBCwsDQCAEIA1KBEBBACEJA0AgBSAJSgRAIBAgBSANbCAJakECdCIKIABqKgIAuyADBHwgASAKaioCALsgAiAKaioCALuhBSABIApqKgIAuwsiEqEiECAQoqAhECARIAggCUEDdGorAwAgEqEiESARoqAhESAJQQFqIQkMAQsLIA1BAWohDQwBCwsgEUQAAAAAAAAAAGRFBEBEAAAAAAAA8L8PCyAGIAagIBGjIQYgBCAFbCEEA0AgBCAOSwRAIA5BAnQiBSAHaiAGIAAgBWoqAgC7IAMEfCABIAVqKgIAuyACIAVqKgIAu6EFIAEgBWoqAgC7C6GitjgCACAOQQFqIQ4MAQsLIBAgEaML9QIDBH8KewJ9IAX9EyEWIAb9EyEVIAf9EyEUQwAAgD8gBpP9EyETQwAAgD8gB5P9EyESIAj9EyERIAn9EyEQIAr9EyEPA0AgC0EEaiIMIARMBEAgC0ECdCILIAFq/QAEACAW/eYBIRggFSACIAtqIg39AAQA/eYBIBMgGP3mAf3kASEXIBQgAyALaiIO/QAEAP3mASASIBggGP3mAf3mAf3kASEYIA0gF/0LBAAgDiAY/QsEACAAIAtqIgsgC/0ABAAgESAX/eYBIBj94wEgEP3nASAP/eQB/ecB/eUB/QsEACAMIQsMAQsLA0AgBCALSgRAIAtBAnQiDCABaioCACAFlCEaIAYgAiAMaiINKgIAlEMAAIA/IAaTIBqUkiEZIAcgAyAMaiIOKgIAlEMAAIA/IAeTIBqUIBqUkiEaIA0gGTgCACAOIBo4AgAgACAMaiIMIAwqAgAgCCAZlCAakSAJlSAKkpWTOAIAIAtBAWohCwwBCwsLVgECfwNAIAEgCEoEQCAHQQAgAyAAIAIgCGxBAnRqQQAgAkEAEANBAEgEQCAIDwsgByADIAMgCGxBAnQiCSAFaiAGIAlqIAQQBCAIQQFqIQgMAQsLQX8L7wMDCH8BewF9IAZBAnQhDgNAIAIgDEoEQCAIIAwgDmxqIg1BACAO/AsAQQAhCwNAIAMgC0oEQCADIAxsIAtqQQJ0IgkgAGooAgAiCiAHTwRAIAwPCyABIAlqKgIAIhJDAAAAAFwEQCAEIAogDmxqIQ8gEv0TIRFBACEJA0AgCUEQaiIKIAZMBEAgCUECdCIJIA1qIhAgESAJIA9qIgn9AAQAIBD9AAQA/YUC/QsEACAQIBEgCf0ABBAgEP0ABBD9hQL9CwQQIBAgESAJ/QAEICAQ/QAEIP2FAv0LBCAgECARIAn9AAQwIBD9AAQw/YUC/QsEMCAKIQkMAQsLA0AgCUEEaiIKIAZMBEAgCUECdCIJIA1qIhAgESAJIA9q/QAEACAQ/QAEAP2FAv0LBAAgCiEJDAELCwNAIAYgCUoEQCAJQQJ0IgogDWoiECASIAogD2oqAgCUIBAqAgCSOAIAIAlBAWohCQwBCwsLIAtBAWohCwwBCwtBACEJA0AgCUEEaiIKIAZMBEAgCUECdCIJIA1qIgsgC/0ABAAgBSAJav0ABAD95AH9CwQAIAohCQwBCwsDQCAGIAlKBEAgCUECdCIKIA1qIgsgCyoCACAFIApqKgIAkjgCACAJQQFqIQkMAQsLIAxBAWohDAwBCwtBfwvfAwMJfwF7AX0gBUECdCEMA0AgASALSgRAIAYgCyAMbGoiCkEAIAz8CwAgACACIAtsQQJ0aiEOQQAhCQNAIAIgCUoEQCAOIAlBAnRqKgIAIhFDAAAAAFwEQCADIAkgDGxqIQ0gEf0TIRBBACEHA0AgB0EQaiIIIAVMBEAgB0ECdCIHIApqIg8gECAHIA1qIgf9AAQAIA/9AAQA/YUC/QsEACAPIBAgB/0ABBAgD/0ABBD9hQL9CwQQIA8gECAH/QAEICAP/QAEIP2FAv0LBCAgDyAQIAf9AAQwIA/9AAQw/YUC/QsEMCAIIQcMAQsLA0AgB0EEaiIIIAVMBEAgB0ECdCIHIApqIg8gECAHIA1q/QAEACAP/QAEAP2FAv0LBAAgCCEHDAELCwNAIAUgB0oEQCAHQQJ0IgggCmoiDyARIAggDWoqAgCUIA8qAgCSOAIAIAdBAWohBwwBCwsLIAlBAWohCQwBCwtBACEHA0AgB0EEaiIIIAVMBEAgB0ECdCIHIApqIgkgCf0ABAAgBCAHav0ABAD95AH9CwQAIAghBwwBCwsDQCAFIAdKBEAgB0ECdCIIIApqIgkgCSoCACAEIAhqKgIAkjgCACAHQQFqIQcMAQsLIAtBAWohCwwBCwsLCwAgAEEDdEGACGoLnQECBH8BfCAFQYAIaiEJA0AgASAISgRAIAAgCEGAAiABIAhrIgsgC0GAAkobIgsgAiADIAUQFyAJIAogBCAFIAggC0EAEAMiCkEASARAQQAhAANAIAAgC0gEQCAFIABBAnRqKgIAuyIMIAxiBEAgACAIag8LIABBAWohAAwBCwsgCA8LIAhBgAJqIQgMAQsLIAkgBCAGIAdBABAEQX8LwAUDBX8FewV9IANBAnQhCQNAIAhBBGogAkwEQCAAIAEgCGogCWxqIQr9DAAAAAAAAAAAAAAAAAAAAAAhDP0MAAAAAAAAAAAAAAAAAAAAACEN/QwAAAAAAAAAAAAAAAAAAAAAIQ79DAAAAAAAAAAAAAAAAAAAAAAhC0EAIQYDQCAGQQRqIgcgA0wEQCAGQQJ0IgYgBGr9AAQAIQ8gBiAKav0ABAAgDyAM/YUCIQwgCSAKaiAGav0ABAAgDyAN/YUCIQ0gCiAJQQF0aiAGav0ABAAgDyAO/YUCIQ4gCiAJQQNsaiAGav0ABAAgDyAL/YUCIQsgByEGDAELCyAM/R8AIAz9HwGSIAz9HwKSIAz9HwOSIRIgDf0fACAN/R8BkiAN/R8CkiAN/R8DkiETIA79HwAgDv0fAZIgDv0fApIgDv0fA5IhFCAL/R8AIAv9HwGSIAv9HwKSIAv9HwOSIRADQCADIAZKBEAgBkECdCIHIARqKgIAIREgEiAHIApqKgIAIBGUkiESIBMgCSAKaiAHaioCACARlJIhEyAUIAogCUEBdGogB2oqAgAgEZSSIRQgECAKIAlBA2xqIAdqKgIAIBGUkiEQIAZBAWohBgwBCwsgBSAIQQJ0aiIGIBI4AgAgBiATOAIEIAYgFDgCCCAGIBA4AgwgCEEEaiEIDAELCwNAIAIgCEoEQCAAIAEgCGogCWxqIQr9DAAAAAAAAAAAAAAAAAAAAAAhC0EAIQYDQCAGQQRqIgcgA0wEQCAGQQJ0IgYgCmr9AAQAIAQgBmr9AAQAIAv9hQIhCyAHIQYMAQsLIAv9HwAgC/0fAZIgC/0fApIgC/0fA5IhEANAIAMgBkoEQCAQIAZBAnQiByAKaioCACAEIAdqKgIAlJIhECAGQQFqIQYMAQsLIAUgCEECdGogEDgCACAIQQFqIQgMAQsLC0gBAX8gAEGMCU8EQCMARQRAEAYLIABBBGshASAAQQ9xQQEgABsEf0EBBSABKAIAQQFxCxogASABKAIAQQFyNgIAIwAgARACCwvAAgEEfyMARQRAEAYLIwAhAiAAQfz///8DSwRAQaAIQeAIQc0DQR0QAAALIAIgAEEMTQR/QQwFIABBE2pBcHFBBGsLIgMQBSIARQRAPwAiACADQYACTwR/IANB/v///wFJBH8gA0EBQRsgA2drdGpBAWsFIAMLBSADC0EEIAIoAqAMIABBEHRBBGtHdGpB//8DakGAgHxxQRB2IgEgACABShtAAEEASARAIAFAAEEASARAAAsLIAIgAEEQdD8ArEIQhhAHIAIgAxAFIQALIAAoAgAaIAIgABABIAAoAgAiAUF8cSADayIEQRBPBEAgACADIAFBAnFyNgIAIABBBGogA2oiASAEQQRrQQFyNgIAIAIgARACBSAAIAFBfnE2AgAgAEEEaiAAKAIAQXxxaiIBIAEoAgBBfXE2AgALIABBBGoLNAAgACACbEEDdCAAQQJ0aiAAQQVqQQZtQQZsIAFsQQJ0QQ9qQXBxIANBGGxBD2pBcHFqagvfFAIYfw17IAwgAUEFakEGbSIQQQZsIAJsQQJ0QQ9qQXBxaiIYIAdBGGxBD2pBcHFqIhsgASAGbEEDdGohHANAIA4gEEgEQCAMIAIgDmxBGGxqIRFBACENA0AgDUEGSARAIA5BBmwgDWoiDyABSARAIAAgAiAPbEECdGohEkEAIQ8DQCACIA9KBEAgESAPQQZsIA1qQQJ0aiASIA9BAnRqKgIAOAIAIA9BAWohDwwBCwsFQQAhDwNAIAIgD0oEQCARIA9BBmwgDWpBAnRqQwAAAAA4AgAgD0EBaiEPDAELCwsgDUEBaiENDAELCyAOQQFqIQ4MAQsLIBxBACABQQJ0/AsAIAJBBXQhFSABQQVqQQZtISAgCUEBRiEdA0AgBSAXSgRAIAcgBSAXayIAIAAgB0obIiFBB2pBCG0hGUEAIRYDQCAWICBIBEAgDCACIBZsQRhsaiEiQQYgASAWQQZsayIAIABBBkobIRpBACETA0AgAiATSgRAICIgE0EYbGohDSADIBdBCG0iACAVbGogE0EFdGohHiAEIABBBXRqIR8gCCACIBNrIgAgACAIShshFCATQQBKISNBACEPIBpBAUYEQANAIA9BBGoiACAZTARAIA0hCUEAIRIgD0EFdCIOIBhqIiQgDiAfaiAjGyIO/QAEACEmIA79AAQQIScgDv0ABCAhKCAO/QAEMCElIA79AARAISkgDv0ABFAhKyAO/QAEYCEsIA79AARwIS0gFSAeIA8gFWxqIhFqIQ8gESAVQQF0aiEQIBEgFUEDbGohDgNAIBIgFEgEQCAJ/QkCACIqIBH9AAQAICb9hQIhJiAqIBH9AAQQICf9hQIhJyAqIA/9AAQAICj9hQIhKCAqIA/9AAQQICX9hQIhJSAqIBD9AAQAICn9hQIhKSAqIBD9AAQQICv9hQIhKyAqIA79AAQAICz9hQIhLCAqIA79AAQQIC39hQIhLSAJQRhqIQkgEUEgaiERIA9BIGohDyAQQSBqIRAgDkEgaiEOIBJBAWohEgwBCwsgJCAm/QsEACAkICf9CwQQICQgKP0LBCAgJCAl/QsEMCAkICn9CwRAICQgK/0LBFAgJCAs/QsEYCAkIC39CwRwIAAhDwwBCwsLA0AgDyAZSARAIB4gDyAVbGohCSAPQQV0IgAgH2ohECAAIBhqIRICQAJAAkACQAJAAkACQCAaQQJrDgUEAwIBAAULIA0gCSAQIBQgEiAHICMQCAwFCyANIQBBACERIBIgECAjGyIO/QAEACEoIA79AAQQISUgB0ECdCIOIBJqIBAgIxsiJP0ABAAhKSAk/QAEECErIBIgDkEBdGogECAjGyIk/QAEACEsICT9AAQQISogEiAOQQNsaiAQICMbIiT9AAQAIS0gJP0ABBAhJiASIA5BAnRqIBAgIxsiEP0ABAAhJyAQ/QAEECEuA0AgESAUSARAIAD9CQIAIjAgCf0ABAAiLyAo/YUCISggMCAJ/QAEECIwICX9hQIhJSAA/QkCBCIxIC8gKf2FAiEpIDEgMCAr/YUCISsgAP0JAggiMSAvICz9hQIhLCAxIDAgKv2FAiEqIAD9CQIMIjEgLyAt/YUCIS0gMSAwICb9hQIhJiAA/QkCECIxIC8gJ/2FAiEnIDEgMCAu/YUCIS4gAEEYaiEAIAlBIGohCSARQQFqIREMAQsLIBIgKP0LBAAgEiAl/QsEECAOIBJqIgAgKf0LBAAgACAr/QsEECASIA5BAXRqIgAgLP0LBAAgACAq/QsEECASIA5BA2xqIgAgLf0LBAAgACAm/QsEECASIA5BAnRqIgAgJ/0LBAAgACAu/QsEEAwECyANIQBBACERIBIgECAjGyIO/QAEACEmIA79AAQQIScgB0ECdCIOIBJqIBAgIxsiJP0ABAAhKCAk/QAEECElIBIgDkEBdGogECAjGyIk/QAEACEpICT9AAQQISsgEiAOQQNsaiAQICMbIhD9AAQAISwgEP0ABBAhKgNAIBEgFEgEQCAA/QkCACItIAn9AAQAIi4gJv2FAiEmIC0gCf0ABBAiLSAn/YUCIScgAP0JAgQiLyAuICj9hQIhKCAvIC0gJf2FAiElIAD9CQIIIi8gLiAp/YUCISkgLyAtICv9hQIhKyAA/QkCDCIvIC4gLP2FAiEsIC8gLSAq/YUCISogAEEYaiEAIAlBIGohCSARQQFqIREMAQsLIBIgJv0LBAAgEiAn/QsEECAOIBJqIgAgKP0LBAAgACAl/QsEECASIA5BAXRqIgAgKf0LBAAgACAr/QsEECASIA5BA2xqIgAgLP0LBAAgACAq/QsEEAwDCyANIQAgCSEOQQAhESASIBAgIxsiCf0ABAAhJyAJ/QAEECEoIAdBAnQiCSASaiAQICMbIiT9AAQAISUgJP0ABBAhKSASIAlBAXRqIBAgIxsiEP0ABAAhKyAQ/QAEECEsA0AgESAUSARAIAD9CQIAIiYgDv0ABAAiKiAn/YUCIScgJiAO/QAEECImICj9hQIhKCAA/QkCBCItICogJf2FAiElIC0gJiAp/YUCISkgAP0JAggiLSAqICv9hQIhKyAtICYgLP2FAiEsIABBGGohACAOQSBqIQ4gEUEBaiERDAELCyASICf9CwQAIBIgKP0LBBAgCSASaiIAICX9CwQAIAAgKf0LBBAgEiAJQQF0aiIAICv9CwQAIAAgLP0LBBAMAgsgDSEOIBIgECAjGyIA/QAEACElIAD9AAQQISYgB0ECdCIRIBJqIBAgIxsiAP0ABAAhJyAA/QAEECEoQQAhAANAIAAgFEgEQCAO/QkCACIpIAn9AAQAIiogJf2FAiElICkgCf0ABBAiKSAm/YUCISYgDv0JAgQiKyAqICf9hQIhJyArICkgKP2FAiEoIA5BGGohDiAJQSBqIQkgAEEBaiEADAELCyASICX9CwQAIBIgJv0LBBAgESASaiIAICf9CwQAIAAgKP0LBBAMAQsgDSEOIBIgECAjGyIA/QAEACElIAD9AAQQISZBACEAA0AgACAUSARAIA79CQIAIicgCf0ABAAgJf2FAiElICcgCf0ABBAgJv2FAiEmIA5BGGohDiAJQSBqIQkgAEEBaiEADAELCyASICX9CwQAIBIgJv0LBBALIA9BAWohDwwBCwsgCCATaiETDAELCyAaQQAgBhshAEEAIQ4DQCAAIA5KBEAgGCAHIA5sQQJ0aiENIB0EQEEAIQkDQCAJIBlBA3RIBEAgDSAJQQJ0aiIP/QAEACElIA8gJSAl/QwAAAAAAAAAAAAAAAAAAAAA/ekBICUgJf1C/VL9CwQAIAlBBGohCQwBCwsLIBwgFkEGbCAOaiIJQQJ0aiEPIBsgBiAJbEEDdGogDygCACAGIA0gFyAhQQEQAyINQQBIBEAgCQ8LIA8gDTYCACAOQQFqIQ4MAQsLIBZBAWohFgwBCwsgByAXaiEXDAELC0EAIQIDQCABIAJKBEAgGyACIAZsQQJ0IgBBAXRqIAYgACAKaiAAIAtqIB1FEAQgAkEBaiECDAELC0F/CwuNAQIAQYwIC0A8AAAAAAAAAAAAAAACAAAAKAAAAEEAbABsAG8AYwBhAHQAaQBvAG4AIAB0AG8AbwAgAGwAYQByAGcAZQAAAAAAAEHMCAtAPAAAAAAAAAAAAAAAAgAAAB4AAAB+AGwAaQBiAC8AcgB0AC8AdABsAHMAZgAuAHQAcwAAAAAAAAAAAAAAAAAAAA==";

// src/kernels/wasm-embedded.ts
function decodeBase64(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
var embedded;
function embeddedWasm() {
  embedded ??= {
    simd: decodeBase64(SIMD_WASM_BASE64),
    relaxed: decodeBase64(RELAXED_WASM_BASE64),
    simdShared: decodeBase64(SIMD_SHARED_WASM_BASE64),
    relaxedShared: decodeBase64(RELAXED_SHARED_WASM_BASE64)
  };
  return embedded;
}
function embeddedModule(isa, shared = false) {
  const e = embeddedWasm();
  return isa === "relaxed-simd" ? shared ? e.relaxedShared : e.relaxed : shared ? e.simdShared : e.simd;
}

// src/train/state.ts
function newState(params) {
  const copy = (a) => a.slice();
  const zeros = () => ({
    preBias: new Float32Array(params.preBias.length),
    encoderWeight: new Float32Array(params.encoderWeight.length),
    decoderWeight: new Float32Array(params.decoderWeight.length),
    latentBias: new Float32Array(params.latentBias.length)
  });
  return {
    nInputs: params.nInputs,
    nLatents: params.nLatents,
    params: {
      ...params,
      preBias: copy(params.preBias),
      encoderWeight: copy(params.encoderWeight),
      latentBias: copy(params.latentBias),
      decoderWeight: copy(params.decoderWeight)
    },
    m: zeros(),
    v: zeros(),
    sinceActive: new Int32Array(params.nLatents),
    step: 0
  };
}

// src/train/init.ts
function rng(seed) {
  let s = seed >>> 0;
  const split = () => {
    s = s + 2654435769 >>> 0;
    let z = s;
    z = Math.imul(z ^ z >>> 16, 2246822507) >>> 0;
    z = Math.imul(z ^ z >>> 13, 3266489909) >>> 0;
    return (z ^ z >>> 16) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  return () => {
    const r = Math.imul((Math.imul(b, 5) << 7 | Math.imul(b, 5) >>> 25) >>> 0, 9) >>> 0;
    const t2 = b << 9 >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t2;
    d = (d << 11 | d >>> 21) >>> 0;
    return r / 4294967296;
  };
}
function coordinateMedian(x2, rows, d) {
  const out = new Float32Array(d);
  const col = new Float32Array(rows);
  for (let p = 0; p < d; p++) {
    for (let r = 0; r < rows; r++) col[r] = x2[r * d + p];
    col.sort();
    out[p] = col[rows - 1 >> 1];
  }
  return out;
}
function initWeights(x2, rows, d, n, seed, medianRows) {
  const r = rng(seed);
  const bound = Math.sqrt(6 / (n + d));
  const dec = new Float32Array(d * n);
  for (let i = 0; i < dec.length; i++) dec[i] = (r() * 2 - 1) * bound;
  const enc = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = 0; p < d; p++) s += dec[p * n + i] ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let p = 0; p < d; p++) {
      dec[p * n + i] = dec[p * n + i] * inv;
      enc[i * d + p] = dec[p * n + i];
    }
  }
  return {
    nInputs: d,
    nLatents: n,
    preBias: coordinateMedian(x2, Math.min(rows, medianRows), d),
    encoderWeight: enc,
    latentBias: new Float32Array(n),
    decoderWeight: dec
  };
}

// src/train/config.ts
function trainConfig(k, nLatents, overrides = {}) {
  const c = {
    k,
    nLatents,
    lr: 1e-4,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    batchSize: 1024,
    epochs: 1,
    kAux: 2 * k,
    auxkCoef: 1 / 32,
    deadSteps: 266,
    clip: 1,
    seed: 0,
    medianRows: 1e4,
    ...overrides
  };
  const int = (name, min) => {
    const v = c[name];
    if (!Number.isInteger(v) || v < min) throw new SaeError("E_ARG", `train: ${name} must be an integer \u2265 ${min}, got ${v}`);
  };
  int("nLatents", 1);
  int("k", 1);
  if (c.k >= c.nLatents) throw new SaeError("E_ARG", `train: k=${c.k} must be below nLatents=${c.nLatents}`);
  int("kAux", 0);
  if (c.kAux > c.nLatents) throw new SaeError("E_ARG", `train: kAux=${c.kAux} exceeds nLatents=${c.nLatents}`);
  int("batchSize", 1);
  int("epochs", 1);
  int("deadSteps", 0);
  int("medianRows", 1);
  int("seed", 0);
  for (const name of ["lr", "beta1", "beta2", "eps", "auxkCoef", "clip"]) {
    if (!Number.isFinite(c[name]) || c[name] < 0) throw new SaeError("E_ARG", `train: ${name} must be a finite number \u2265 0, got ${c[name]}`);
  }
  if (c.beta1 >= 1 || c.beta2 >= 1) throw new SaeError("E_ARG", "train: betas must be below 1");
  return c;
}

// bench/util.ts
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = Math.imul(s, 1664525) + 1013904223 >>> 0;
    return s / 4294967296 - 0.5;
  };
}
function randomUnitRows(rows, d, seed) {
  const r = lcg(seed);
  const out = new Float32Array(rows * d);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let q = 0; q < d; q++) {
      const v = r();
      out[i * d + q] = v;
      s += v * v;
    }
    const inv = 1 / Math.sqrt(s);
    for (let q = 0; q < d; q++) out[i * d + q] *= inv;
  }
  return out;
}

// .scratch/prof-train.ts
var D = 1536;
var N = 3072;
var K = 16;
var B = 1024;
var kern = await loadKernels("simd", embeddedModule("simd"));
var x = randomUnitRows(B * 4, D, 5);
var w = initWeights(x, B, D, N, 1, B);
var st = newState(w);
var cfg = trainConfig(K, N, { batchSize: B });
var t = WasmTrainer.create(kern, st, cfg, 0);
var times = {};
var ex = kern.exports;
for (const name of Object.keys(ex)) {
  const f = ex[name];
  if (typeof f !== "function") continue;
  ex[name] = (...a) => {
    const t0 = performance.now();
    const r = f(...a);
    times[name] = (times[name] ?? 0) + performance.now() - t0;
    return r;
  };
}
var tPrep = 0;
var tFwd = 0;
var tFin = 0;
for (let s = 0; s < 4; s++) {
  if (s === 1) {
    for (const k of Object.keys(times)) delete times[k];
    tPrep = tFwd = tFin = 0;
  }
  const xb = x.subarray(s % 4 * B * D, (s % 4 + 1) * B * D);
  let t0 = performance.now();
  t.prepare(xb);
  tPrep += performance.now() - t0;
  t0 = performance.now();
  t.forward(0, B);
  tFwd += performance.now() - t0;
  t0 = performance.now();
  const r = t.finish(st.sinceActive, st.step);
  tFin += performance.now() - t0;
  st.sinceActive.set(r.after);
  st.step++;
}
console.log({ prep: tPrep / 3, fwd: tFwd / 3, fin: tFin / 3 });
var fin = Object.entries(times).filter(([k]) => k !== "f32_encode_topk" && k !== "f32_pack_panels");
console.log(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, +(v / 3).toFixed(2)])));
console.log("finish wasm", fin.reduce((a, [, v]) => a + v, 0) / 3);
