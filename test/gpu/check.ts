// The GPU backend against the reference, runnable in any runtime (Chromium with SwiftShader,
// Node with the `webgpu` package): encode (top-k index sets equal except near-ties, values within
// 1e-4), sparse and dense decode within 1e-4, overflow reported by row, and the fallback to Wasm
// when the device is lost; the GPU trainer over PyTorch's 20-step trajectory
// (test/fixtures/training), and its fallback when the device is lost mid-run. Imports only
// "saejs" (aliased to the bundle under test).
import { SaeModel, isSaeError, parseNpy, train, type SaeWeights, type TrainResult } from "saejs";

export interface GpuCase {
  name: string;
  rows: number;
  maxValueErr: number;
  nearTies: number;
  badIndices: number;
  maxDecodeErr: number;
  maxDenseErr: number;
}
export interface TrainReport {
  trainer: string;
  /** Largest per-step loss difference from PyTorch (loss, mse, aux). */
  maxLossErr: number;
  deadMatches: boolean;
  /** Max relative parameter error after 20 steps: against PyTorch, and against the reference trainer. */
  vsTorch: Record<string, number>;
  vsRef: Record<string, number>;
  /** The same run with the device destroyed after step 7: who finished it, the warnings, the error against the reference. */
  lost: { trainer: string; warnings: number; message: string; vsRef: Record<string, number> };
  /** The same GPU run twice: the same weight bytes (the backward has no float atomics). */
  repeatable: boolean;
  /** What the GPU trainer says: no adapter; a float32 overflow; a batch of identical rows. */
  noAdapter: string;
  overflow: string;
  zeroVariance: string;
}

export interface GpuReport {
  adapter?: { vendor: string; architecture: string; fallback: boolean };
  cases: GpuCase[];
  overflow?: string;
  noAdapter?: string;
  fallback?: { backend: string; matches: boolean; warnings: number };
  error?: string;
  train?: TrainReport;
}

function weights(d: number, n: number, seed: number): SaeWeights {
  let s = seed >>> 0;
  const r = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const enc = Float32Array.from({ length: n * d }, () => r() * 0.2),
    dec = new Float32Array(d * n);
  for (let i = 0; i < n; i++) for (let p = 0; p < d; p++) dec[p * n + i] = r() * 0.2;
  return {
    nInputs: d,
    nLatents: n,
    preBias: Float32Array.from({ length: d }, () => r() * 0.1),
    latentBias: Float32Array.from({ length: n }, () => r() * 0.1),
    encoderWeight: enc,
    decoderWeight: dec,
  };
}

/** Pre-activations in float64 (ReLU first for relu-topk). */
function pre(w: SaeWeights, x: Float32Array, rows: number, reluFirst: boolean): Float64Array {
  const { nInputs: d, nLatents: n } = w,
    out = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < n; i++) {
      let s = w.latentBias[i]!;
      for (let p = 0; p < d; p++) s += (x[r * d + p]! - w.preBias[p]!) * w.encoderWeight[i * d + p]!;
      out[r * n + i] = reluFirst ? Math.max(0, s) : s;
    }
  return out;
}

const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0,
    s = 1e-6;
  for (let i = 0; i < a.length; i++) {
    m = Math.max(m, Math.abs(a[i]! - b[i]!));
    s = Math.max(s, Math.abs(b[i]!));
  }
  return m / s;
};

export async function gpuCheck(gpu?: unknown): Promise<GpuReport> {
  const report: GpuReport = { cases: [] };
  const opts = gpu ? { gpu: gpu as { requestAdapter(): Promise<unknown> } } : {};
  for (const [name, d, n, k, rows, order] of [
    ["small", 64, 300, 7, 33, "topk-relu"],
    ["relu-topk", 48, 130, 5, 9, "relu-topk"],
    ["release-width", 1536, 3072, 16, 8, "topk-relu"],
    ["k=n", 16, 20, 20, 3, "topk-relu"],
  ] as const) {
    const w = weights(d, n, d + n);
    const x = Float32Array.from({ length: rows * d }, (_, i) => Math.sin(i * 0.37 + n));
    const ref = await SaeModel.fromWeights(w, { k, order, backend: "ref", workers: 0 });
    const g = await SaeModel.fromWeights(w, { k, order, backend: "gpu", ...opts });
    report.adapter ??= g.gpuAdapter;
    const a = await g.encode(x),
      b = await ref.encode(x);
    const p = pre(w, x, rows, order === "relu-topk");
    let maxValueErr = 0,
      nearTies = 0,
      badIndices = 0;
    for (let r = 0; r < rows; r++) {
      const scale = Math.max(1, ...Array.from(b.values.subarray(r * k, (r + 1) * k), Math.abs));
      for (let j = 0; j < k; j++) maxValueErr = Math.max(maxValueErr, Math.abs(a.values[r * k + j]! - b.values[r * k + j]!) / scale);
      const sa = new Set(a.indices.subarray(r * k, (r + 1) * k)),
        sb = new Set(b.indices.subarray(r * k, (r + 1) * k));
      const kth = Math.max(0, Math.min(...Array.from(sb, (i) => p[r * n + i]!)));
      for (const i of sa)
        if (!sb.has(i)) {
          // A near-tie: the GPU's pick is within 1e-4 of the k-th largest pre-activation.
          if (Math.abs(Math.max(0, p[r * n + i]!) - kth) <= 1e-4 * scale || Math.abs(p[r * n + i]! - kth) <= 1e-4 * scale) nearTies++;
          else badIndices++;
        }
    }
    const maxDecodeErr = relErr(await g.decode(b), await ref.decode(b));
    const z = Float32Array.from({ length: 2 * n }, (_, i) => (i % 7 === 0 ? Math.cos(i) : 0));
    const maxDenseErr = relErr(await g.decodeDense(z, 2), await ref.decodeDense(z, 2));
    report.cases.push({ name, rows, maxValueErr, nearTies, badIndices, maxDecodeErr, maxDenseErr });
    await ref.dispose();
    await g.dispose();
  }

  // float32 overflow in the GEMM is reported with its row.
  const big = weights(8, 16, 3);
  big.encoderWeight.fill(3e38);
  const g = await SaeModel.fromWeights(big, { k: 2, backend: "gpu", ...opts });
  try {
    await g.encode(Float32Array.from({ length: 16 }, (_, i) => (i < 8 ? 0.1 : 2)));
    report.overflow = "no error";
  } catch (e) {
    report.overflow = `${(e as { code?: string }).code}: ${(e as Error).message}`;
  } finally {
    await g.dispose();
  }

  // Device loss: the model says so once, moves to Wasm and answers the same.
  const w = weights(32, 64, 9),
    x = Float32Array.from({ length: 4 * 32 }, (_, i) => Math.cos(i));
  let warnings = 0;
  const m = await SaeModel.fromWeights(w, {
    k: 4,
    backend: "gpu",
    ...opts,
    onWarning: () => {
      warnings++;
    },
  });
  const before = await m.encode(x);
  try {
    (m as unknown as { mode: { gpu: { simulateLoss(): void } } }).mode.gpu.simulateLoss();
    const after = await m.encode(x);
    await m.encode(x);
    report.fallback = { backend: m.backend, matches: after.indices.join() === before.indices.join() && relErr(after.values, before.values) < 1e-4, warnings };
  } finally {
    await m.dispose();
  }
  return report;
}

/** What backend 'gpu' says where there is no adapter. */
export async function noGpuError(): Promise<string> {
  try {
    await SaeModel.fromWeights(weights(8, 16, 1), { k: 2, backend: "gpu", gpu: { requestAdapter: async () => null } });
    return "no error";
  } catch (e) {
    return isSaeError(e) ? `${e.code}: ${e.message}` : String(e);
  }
}

/** PyTorch's 20-step run (test/fixtures/make_training_golden.py): files by name, read by the runtime. */
const FIXTURE = { d: 64, n: 256, k: 8, batch: 64, steps: 20, deadSteps: 5 };
const PARAMS = ["preBias", "encoderWeight", "latentBias", "decoderWeight"] as const;
const FILE = { preBias: "pre_bias", encoderWeight: "encoder.weight", latentBias: "latent_bias", decoderWeight: "decoder.weight" };

/** A GpuLike over `gpu` whose device can be destroyed mid-run, as a driver reset would. */
function losable(gpu: { requestAdapter(o?: object): Promise<unknown> }) {
  let device: { destroy(): void } | undefined;
  return {
    gpu: {
      async requestAdapter(o?: object) {
        const a = (await gpu.requestAdapter(o)) as {
          info: unknown;
          limits: unknown;
          features: unknown;
          requestDevice(d?: object): Promise<{ destroy(): void }>;
        } | null;
        return a && { info: a.info, limits: a.limits, features: a.features, requestDevice: async (desc?: object) => (device = await a.requestDevice(desc)) };
      },
    },
    lose: () => device?.destroy(),
  };
}

export async function trainCheck(read: (name: string) => Promise<Uint8Array>, gpu?: unknown): Promise<TrainReport> {
  const { d, n, k, batch, steps, deadSteps } = FIXTURE;
  const npy = async (name: string) => (await parseNpy(await read(`${name}.npy`))).data;
  const weightsAt = async (prefix: string): Promise<SaeWeights> => {
    const w = { nInputs: d, nLatents: n } as Record<string, unknown>;
    for (const p of PARAMS) w[p] = await npy(`${prefix}.${FILE[p]}`);
    return w as unknown as SaeWeights;
  };
  const data = (await npy("data")) as Float32Array,
    order = (await npy("order")) as Int32Array;
  const losses = (await npy("losses")) as Float32Array,
    dead = (await npy("dead")) as Int32Array;
  const init = await weightsAt("init"),
    final = await weightsAt("final");
  const g = (gpu ?? (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu) as { requestAdapter(o?: object): Promise<unknown> };
  // PyTorch's batch order, as an iterable of batches (a stream: train() sees exactly these).
  async function* batches() {
    for (let s = 0; s < steps; s++) {
      const x = new Float32Array(batch * d);
      for (let b = 0; b < batch; b++) {
        const r = order[s * batch + b]!;
        x.set(data.subarray(r * d, (r + 1) * d), b * d);
      }
      yield x;
    }
  }
  const run = (trainer: "gpu" | "ref", options: object = {}) =>
    train({ stream: batches(), nInputs: d }, { k, nLatents: n, batchSize: batch, deadSteps }, { init, trainer, gpu: g, ...options } as never);
  const errs = (a: TrainResult, b: SaeWeights) => Object.fromEntries(PARAMS.map((p) => [p, relErr(a.weights[p], b[p])]));

  const ref = await run("ref"),
    onGpu = await run("gpu");
  let maxLossErr = 0;
  onGpu.history.forEach((h, s) => {
    maxLossErr = Math.max(maxLossErr, Math.abs(h.loss - losses[3 * s]!), Math.abs(h.mse - losses[3 * s + 1]!), Math.abs(h.auxLoss - losses[3 * s + 2]!));
  });

  const l = losable(g);
  const said: string[] = [];
  const lost = await run("gpu", {
    gpu: l.gpu,
    onProgress: (p: { step: number }) => {
      if (p.step === 7) l.lose();
    },
    onWarning: (m: string) => said.push(m),
  });
  const again = await run("gpu");
  const failure = async (f: () => Promise<unknown>) =>
    f().then(
      () => "no error",
      (e) => (isSaeError(e) ? `${e.code}: ${e.message}` : String(e)),
    );
  const huge = { ...init, encoderWeight: init.encoderWeight.map(() => 3e38) };
  async function* same() {
    yield new Float32Array(batch * d).fill(0.5);
  }
  const cfg = { k, nLatents: n, batchSize: batch, deadSteps };
  return {
    trainer: onGpu.trainer,
    maxLossErr,
    deadMatches: onGpu.history.every((h, s) => h.dead === dead[s]),
    vsTorch: errs(onGpu, final),
    vsRef: errs(onGpu, ref.weights),
    lost: { trainer: lost.trainer, warnings: said.length, message: said[0] ?? "", vsRef: errs(lost, ref.weights) },
    repeatable: PARAMS.every((p) => again.weights[p].every((v, i) => Object.is(v, onGpu.weights[p][i]))),
    noAdapter: await failure(() => train({ stream: batches(), nInputs: d }, cfg, { init, trainer: "gpu", gpu: { requestAdapter: async () => null } })),
    overflow: await failure(() => train({ stream: batches(), nInputs: d }, cfg, { init: huge, trainer: "gpu", gpu: g as never })),
    zeroVariance: await failure(() => train({ stream: same(), nInputs: d }, cfg, { init, trainer: "gpu", gpu: g as never })),
  };
}
