// SaeModel: the façade loadSae returns. The same async API in every runtime; kernels run in a
// worker pool where the runtime has workers (rows of a batch split across them, weights in one
// shared Wasm memory where SharedArrayBuffer is allowed, else copied once per worker) and on the
// calling thread where it has none (edge runtimes) or when asked to (workers: 0).
import { transfer } from "comlink";
import { isSaeError, SaeError } from "./core/errors.js";
import { GpuBackend } from "./gpu/backend.js";
import type { GpuAdapterSummary, GpuLike } from "./gpu/types.js";
import type { ActivationOrder, Codes, SaeWeights, WeightParts } from "./core/model.js";
import { collectRows, weightParts } from "./core/model.js";
import { checkCodes, checkFinite, toRows, type RowsInput } from "./core/shapes.js";
import { Sae, checkParts, encodeRequest, type Architecture, type SaeOptions } from "./sae.js";
import { concatRagged, padRagged, type RaggedCodes } from "./kernels/sparse.js";
import { backendOver, bestBackend, packWeights, type BackendName, type CheckedParts, type PackedWeights } from "./kernels/backend.js";
import { loadKernels, Workspace, type WasmIsa, type WasmKernels } from "./kernels/wasm.js";
import { embeddedModule, sharedModuleValid } from "./kernels/wasm-embedded.js";
import { caps, type Caps } from "./runtime/detect.js";
import { cores } from "./runtime/workers.js";
import { WorkerPool } from "./worker/pool.js";
import { unwrap, type EngineInit } from "./worker/protocol.js";
import { WORKER_CODE } from "./worker/worker-code.js";

/** Kernels for a model: a Wasm or reference backend by name, 'wasm' (the best Wasm), 'gpu' (WebGPU), or 'auto'. */
export type ModelBackend = BackendName | "wasm" | "gpu" | "auto";

export interface ModelOptions extends Omit<SaeOptions, "backend"> {
  /**
   * 'auto' (default) takes WebGPU where `gpu` (or navigator.gpu) gives a hardware adapter, else the
   * best Wasm; 'gpu' takes any adapter (software ones too) or fails with E_NO_GPU.
   */
  backend?: ModelBackend;
  /** WebGPU to use instead of navigator.gpu (in Node: `create([])` of the `webgpu` package). */
  gpu?: GpuLike;
  /** Worker threads: 'auto' (one per core where the runtime has workers), a count, or 0 for the calling thread. */
  workers?: "auto" | number;
  /** Calls waiting for a worker at most before new ones wait for room (default 64). */
  maxQueue?: number;
  /** Share one copy of the weights between workers where the runtime allows (default true). */
  share?: boolean;
  /**
   * Told what went wrong but did not stop the model (a GPU device lost, the model moving to Wasm),
   * one sentence each. A library does not print: without this the warning is dropped.
   * `console.warn` is a fine value.
   */
  onWarning?: (message: string) => void;
}

export interface CallOptions {
  /** Cancels the call while it waits in the queue. */
  signal?: AbortSignal;
  /** encode/encodeTop/reconstruct: latents j < width only (a Matryoshka prefix, e.g. one of sae.widths); default all. */
  width?: number;
}

interface Placement {
  backend: BackendName | "gpu";
  workers: number;
  sharing: "shared" | "copied" | "none" | "gpu";
}

/** Scratch per worker in shared memory: 1,024 release-size rows of encode need about 15 MB. */
const ARENA_BYTES = 32 << 20;
/** Fewer rows than this per worker cost more in messages than they save. */
const MIN_ROWS_PER_WORKER = 8;

type Mode =
  | { kind: "thread"; sae: Sae }
  | { kind: "pool"; pool: WorkerPool; shared?: { kernels: WasmKernels; packed: PackedWeights } }
  | { kind: "gpu"; gpu: GpuBackend; options: ModelOptions };

interface ModelShape {
  d: number;
  n: number;
  k: number;
  order: ActivationOrder;
  widths?: readonly number[];
  threshold?: Float32Array;
}

const poolOptions = (o: ModelOptions) => (o.maxQueue !== undefined ? { maxQueue: o.maxQueue } : {});

/** Where the kernels run off the GPU: the calling thread, workers over one shared memory, or workers with copies. */
export type CpuPlacement =
  | { kind: "thread"; backend: BackendName }
  | { kind: "shared"; backend: BackendName; isa: WasmIsa; workers: number }
  | { kind: "copied"; backend: BackendName; isa: WasmIsa | undefined; workers: number };

/** A model's placement plan: whether to try WebGPU first (and whether it must succeed), and where the CPU kernels go otherwise. */
export interface PlacementPlan {
  gpu: "no" | "try" | "required";
  cpu: CpuPlacement;
}

/** What a placement depends on besides the options: the runtime's caps, its cores, and which Wasm modules it validates. */
export interface PlacementCaps extends Caps {
  cores: number;
  best: BackendName;
  sharedValid(isa: WasmIsa): boolean;
}

/** The runtime's side of choosePlacement, measured here. */
async function placementCaps(options: Pick<ModelOptions, "wasm">): Promise<PlacementCaps> {
  const c = caps();
  return { ...c, cores: c.workers ? await cores() : 1, best: bestBackend(options.wasm), sharedValid: sharedModuleValid };
}

/**
 * Where a model runs, from its options and the runtime alone (pure: tests give it any runtime).
 * 'auto' tries a WebGPU adapter where one is offered, then the best Wasm backend in one worker per
 * core, sharing one memory where the runtime allows; 'gpu' requires an adapter.
 */
export function choosePlacement(o: Pick<ModelOptions, "backend" | "workers" | "share" | "wasm" | "gpu">, c: PlacementCaps): PlacementPlan {
  const want = o.workers ?? "auto";
  if (want !== "auto" && (!Number.isInteger(want) || want < 0))
    throw new SaeError("E_ARG", `workers must be 'auto', 0 or a positive integer, got ${String(want)}`);
  const asked = o.backend ?? "auto";
  const gpu = asked === "gpu" ? "required" : asked === "auto" && (o.gpu || c.webgpu) ? "try" : "no";
  if (asked === "wasm" && c.best === "ref") throw new SaeError("E_NO_SIMD", "backend 'wasm': this runtime validates neither Wasm SIMD module; use 'ref'");
  const backend: BackendName = asked === "auto" || asked === "wasm" || asked === "gpu" ? c.best : asked;
  const workers = !c.workers ? 0 : want === "auto" ? c.cores : want;
  if (workers === 0) return { gpu, cpu: { kind: "thread", backend } };
  const isa: WasmIsa | undefined = backend === "wasm-relaxed-simd" ? "relaxed-simd" : backend === "wasm-simd" ? "simd" : undefined;
  if (isa && !o.wasm && o.share !== false && c.sharedMemory && c.sharedValid(isa)) return { gpu, cpu: { kind: "shared", backend, isa, workers } };
  return { gpu, cpu: { kind: "copied", backend, isa, workers } };
}

/** A loaded SAE; every method is async and never blocks the caller's thread on a kernel. */
export class SaeModel {
  private mode: Mode | undefined;

  private constructor(
    readonly nInputs: number,
    readonly nLatents: number,
    readonly k: number,
    readonly order: ActivationOrder,
    private placement: Placement,
    mode: Mode,
    private readonly shape?: Pick<ModelShape, "widths" | "threshold">,
  ) {
    this.mode = mode;
  }

  /** 'jumprelu' where the model has a threshold (its codes vary in width: see Codes), else 'topk'. */
  get architecture(): Architecture {
    return this.shape?.threshold ? "jumprelu" : "topk";
  }

  /** A thresholded model's θ [nLatents] (a copy), else undefined. */
  get threshold(): Float32Array | undefined {
    return this.shape?.threshold?.slice();
  }

  /** Matryoshka's nested prefix widths, where the model has them (encode takes any width 1..n). */
  get widths(): readonly number[] | undefined {
    return this.shape?.widths;
  }

  /** The kernels in use: 'gpu', 'wasm-relaxed-simd', 'wasm-simd' or 'ref' (after a GPU loss, the Wasm one). */
  get backend(): BackendName | "gpu" {
    return this.placement.backend;
  }

  /** Worker threads running the kernels (0: the calling thread, or the GPU). */
  get workers(): number {
    return this.placement.workers;
  }

  /** How the weights reach the kernels: one shared memory, a copy per worker, none (in-thread), or the GPU. */
  get sharing(): "shared" | "copied" | "none" | "gpu" {
    return this.placement.sharing;
  }

  /** The WebGPU adapter in use, where the backend is 'gpu'. */
  get gpuAdapter(): GpuAdapterSummary | undefined {
    return this.mode?.kind === "gpu" ? this.mode.gpu.adapter : undefined;
  }

  /** A model from weights in memory (loadSae streams them from a file instead). */
  static async fromWeights(weights: SaeWeights, options: ModelOptions): Promise<SaeModel> {
    return SaeModel.create(weightParts(weights), options);
  }

  static async create(parts: WeightParts, options: ModelOptions): Promise<SaeModel> {
    const { checked, order, widths } = checkParts(parts, options);
    const plan = choosePlacement(options, await placementCaps(options));
    const threshold = parts.threshold;
    const shape: ModelShape = { d: parts.nInputs, n: parts.nLatents, k: options.k, order, ...(widths ? { widths } : {}), ...(threshold ? { threshold } : {}) };
    if (threshold && plan.gpu === "required")
      throw new SaeError("E_ARG", "backend 'gpu' has no thresholded (JumpReLU) encode; use backend 'auto' or 'wasm' for this model");
    // The WebGPU kernels select a fixed k a row; a thresholded model's rows vary, so 'auto' takes Wasm.
    if (threshold) plan.gpu = "no";
    // The weights whole in memory, checked (the GPU and the per-worker copies take them so).
    const whole = async (): Promise<SaeWeights> => ({
      nInputs: shape.d,
      nLatents: shape.n,
      preBias: parts.preBias,
      latentBias: parts.latentBias,
      encoderWeight: await collectRows(checked.encoderRows(), shape.n, shape.d),
      decoderWeight: await collectRows(checked.decoderRows(), shape.d, shape.n),
      ...(threshold ? { threshold } : {}),
    });
    if (plan.gpu !== "no") {
      const gpu = await GpuBackend.create(whole, { gpu: options.gpu, required: plan.gpu === "required" });
      if (gpu) return new SaeModel(shape.d, shape.n, shape.k, order, { backend: "gpu", workers: 0, sharing: "gpu" }, { kind: "gpu", gpu, options }, shape);
    }
    const cpu = plan.cpu;
    if (cpu.kind === "thread") return SaeModel.inThread(parts, options, shape, cpu.backend);
    if (cpu.kind === "shared") return SaeModel.sharedPool(checked, options, shape, cpu);
    return SaeModel.copiedPool(await whole(), options, shape, cpu);
  }

  /** The kernels on the calling thread (edge runtimes, or workers: 0). */
  private static async inThread(parts: WeightParts, options: ModelOptions, s: ModelShape, backend: BackendName): Promise<SaeModel> {
    const sae = await Sae.fromParts(parts, { ...options, backend, order: s.order });
    return new SaeModel(s.d, s.n, s.k, s.order, { backend: sae.backend, workers: 0, sharing: "none" }, { kind: "thread", sae }, s);
  }

  /** One copy of the weights in a shared Wasm memory; each worker gets a scratch arena in it. */
  private static async sharedPool(
    checked: CheckedParts,
    options: ModelOptions,
    s: ModelShape,
    p: Extract<CpuPlacement, { kind: "shared" }>,
  ): Promise<SaeModel> {
    const module = embeddedModule(p.isa, true);
    const memory = new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true });
    const kernels = await loadKernels(p.isa, module, { memory, attached: false });
    // The workers start while the weights are packed: they only need the buffers' places.
    let starting: Promise<WorkerPool> | undefined;
    const stop = async () => (await starting?.catch(() => undefined))?.dispose();
    const packed = await packWeights(
      kernels,
      checked,
      (w) => {
        const inits: EngineInit[] = [];
        for (let i = 0; i < p.workers; i++) {
          const arena = { ptr: kernels.alloc(ARENA_BYTES), bytes: ARENA_BYTES };
          inits.push({
            mode: "shared",
            isa: p.isa,
            module,
            memory,
            enc: w.enc,
            dec: w.dec,
            preBias: w.preBias,
            latentBias: w.latentBias,
            ...(w.threshold ? { threshold: w.threshold } : {}),
            arena,
            k: s.k,
            order: s.order,
          });
        }
        starting = WorkerPool.start(WORKER_CODE, inits, poolOptions(options));
        starting.catch(() => {}); // awaited below; a packing error must not leave it unhandled
      },
      options.screen === true,
    ).catch(async (e) => {
      await stop();
      throw e;
    });
    const pool = await starting!;
    return new SaeModel(
      s.d,
      s.n,
      s.k,
      s.order,
      { backend: p.backend, workers: p.workers, sharing: "shared" },
      { kind: "pool", pool, shared: { kernels, packed } },
      s,
    );
  }

  /** A copy of the weights for each worker (no SharedArrayBuffer, or modules the caller passed). */
  private static async copiedPool(weights: SaeWeights, options: ModelOptions, s: ModelShape, p: Extract<CpuPlacement, { kind: "copied" }>): Promise<SaeModel> {
    const source = p.isa ? ((p.isa === "relaxed-simd" ? options.wasm?.relaxed : options.wasm?.simd) ?? embeddedModule(p.isa)) : undefined;
    if (source !== undefined && !(source instanceof Uint8Array) && !(source instanceof WebAssembly.Module)) {
      throw new SaeError("E_ARG", "with workers, pass Wasm modules as bytes or a WebAssembly.Module (or use workers: 0)");
    }
    const init: EngineInit = {
      mode: "copy",
      backend: p.backend,
      ...(source ? { module: source as Uint8Array } : {}),
      weights,
      k: s.k,
      order: s.order,
      screen: options.screen === true,
    };
    const pool = await WorkerPool.start(
      WORKER_CODE,
      Array.from({ length: p.workers }, () => init),
      poolOptions(options),
    );
    return new SaeModel(s.d, s.n, s.k, s.order, { backend: p.backend, workers: p.workers, sharing: "copied" }, { kind: "pool", pool }, s);
  }

  private live(): Mode {
    if (!this.mode) throw new SaeError("E_DISPOSED", "this model was disposed");
    return this.mode;
  }

  /**
   * Runs f on the GPU; if the device is lost, says so once, moves the model to the Wasm kernels
   * (from the host copy of the weights) and runs the call there instead.
   */
  private async onGpu<T>(mode: Extract<Mode, { kind: "gpu" }>, f: (gpu: GpuBackend) => Promise<T>, again: () => Promise<T>): Promise<T> {
    try {
      if (mode.gpu.lost === undefined) return await f(mode.gpu);
    } catch (e) {
      if (!isSaeError(e, "E_GPU_LOST")) throw e;
    }
    if (this.mode === mode) {
      mode.options.onWarning?.(`the GPU device was lost (${mode.gpu.lost ?? "unknown reason"}); continuing on the Wasm kernels`);
      const w = mode.gpu.hostWeights;
      const next = await SaeModel.fromWeights(w, { ...mode.options, backend: bestBackend(mode.options.wasm), k: this.k, order: this.order });
      mode.gpu.dispose();
      if (this.mode === mode) {
        this.mode = next.mode;
        this.placement = next.placement;
      } else {
        await next.dispose();
      }
    }
    return again();
  }

  /** Splits `rows` into one contiguous run per worker (at least MIN_ROWS_PER_WORKER rows each). */
  private runs(rows: number, workers: number): [number, number][] {
    const parts = Math.max(1, Math.min(workers, Math.floor(rows / MIN_ROWS_PER_WORKER)));
    const out: [number, number][] = [];
    for (let i = 0, r0 = 0; i < parts; i++) {
      const r = Math.floor((rows * (i + 1)) / parts) - r0;
      out.push([r0, r]);
      r0 += r;
    }
    return out;
  }

  /**
   * @param x [batch, nInputs] row-major f32
   * @returns codes [batch, k], each row sorted by value descending (ties: lower index first)
   */
  async encode(x: RowsInput, batch?: number, options: CallOptions = {}): Promise<Codes> {
    return this.encodeWith(x, undefined, batch, options);
  }

  /**
   * encode with another number of selected latents (analyses that need the runners-up); of a
   * thresholded model, the k largest activations of each row, padded with value-0 entries.
   */
  async encodeTop(input: RowsInput, k: number, batch?: number, options: CallOptions = {}): Promise<Codes> {
    return this.encodeWith(input, k, batch, options);
  }

  private async encodeWith(input: RowsInput, top: number | undefined, batch: number | undefined, options: CallOptions): Promise<Codes> {
    const mode = this.live();
    const req = encodeRequest(top, options.width, this.nLatents);
    const { data: x, rows } = toRows(input, this.nInputs, batch);
    checkFinite(x, this.nInputs);
    const opts = { width: req.width };
    if (mode.kind === "thread") return top === undefined ? mode.sae.encode(x, rows, opts) : mode.sae.encodeTop(x, top, rows, opts);
    if (mode.kind === "gpu") {
      // Only top-k models reach the GPU; a width needs the Wasm kernels' widening encode.
      if (req.width < this.nLatents) throw new SaeError("E_ARG", "width: backend 'gpu' encodes all latents; use backend 'wasm' for a Matryoshka width");
      const k = top ?? this.k;
      return this.onGpu(
        mode,
        (g) => g.encode(x, rows, k, this.order),
        () => this.encodeWith(x, top, rows, options),
      );
    }
    const d = this.nInputs;
    const runs = this.runs(rows, mode.pool.size);
    const outs = await Promise.all(
      runs.map(([r0, r]) =>
        mode.pool.run(async (api) => {
          const slice = x.slice(r0 * d, (r0 + r) * d);
          return unwrap(await api.encode(transfer(slice, [slice.buffer]), r, req));
        }, options.signal),
      ),
    );
    if (this.shape?.threshold) {
      const ragged = outs.map((o, i): RaggedCodes => ({ batch: runs[i]![1], offsets: o.offsets!, indices: o.indices, values: o.values }));
      return padRagged(concatRagged(ragged), req.width, req.top);
    }
    const k = top ?? this.k;
    const indices = new Int32Array(rows * k);
    const values = new Float32Array(rows * k);
    runs.forEach(([r0], i) => {
      indices.set(outs[i]!.indices, r0 * k);
      values.set(outs[i]!.values, r0 * k);
    });
    return { indices, values, k, batch: rows };
  }

  /** @returns x̂ [batch, nInputs] = Σ_j values_j · decoder.weight[:, indices_j] + pre_bias */
  async decode(codes: Codes, options: CallOptions = {}): Promise<Float32Array> {
    const mode = this.live();
    if (mode.kind === "thread") return mode.sae.decode(codes);
    checkCodes(codes, this.nLatents);
    const { batch, k, indices, values } = codes;
    if (mode.kind === "gpu")
      return this.onGpu(
        mode,
        (g) => g.decodeSparse(codes),
        () => this.decode(codes, options),
      );
    const d = this.nInputs;
    const out = new Float32Array(batch * d);
    await Promise.all(
      this.runs(batch, mode.pool.size).map(([r0, r]) =>
        mode.pool.run(async (api) => {
          const i = indices.slice(r0 * k, (r0 + r) * k),
            v = values.slice(r0 * k, (r0 + r) * k);
          out.set(unwrap(await api.decode(transfer(i, [i.buffer]), transfer(v, [v.buffer]), r, k)), r0 * d);
        }, options.signal),
      ),
    );
    return out;
  }

  /** @param z [batch, nLatents] full latent vectors; @returns x̂ [batch, nInputs] */
  async decodeDense(input: RowsInput, batch?: number, options: CallOptions = {}): Promise<Float32Array> {
    const mode = this.live();
    const { data: z, rows } = toRows(input, this.nLatents, batch, "z");
    checkFinite(z, this.nLatents, "z");
    if (mode.kind === "thread") return mode.sae.decodeDense(z, rows);
    if (mode.kind === "gpu")
      return this.onGpu(
        mode,
        (g) => g.decodeDense(z, rows),
        () => this.decodeDense(z, rows, options),
      );
    const { nInputs: d, nLatents: n } = this;
    const out = new Float32Array(rows * d);
    await Promise.all(
      this.runs(rows, mode.pool.size).map(([r0, r]) =>
        mode.pool.run(async (api) => {
          const slice = z.slice(r0 * n, (r0 + r) * n);
          out.set(unwrap(await api.decodeDense(transfer(slice, [slice.buffer]), r)), r0 * d);
        }, options.signal),
      ),
    );
    return out;
  }

  /** decode(encode(x)). */
  async reconstruct(x: RowsInput, batch?: number, options: CallOptions = {}): Promise<Float32Array> {
    return this.decode(await this.encode(x, batch, options), options);
  }

  /** The weights in the release's layout, as plain arrays (a copy). */
  async weights(): Promise<SaeWeights> {
    const mode = this.live();
    if (mode.kind === "thread") return mode.sae.weights;
    if (mode.kind === "gpu") {
      const w = mode.gpu.hostWeights;
      return {
        ...w,
        preBias: w.preBias.slice(),
        latentBias: w.latentBias.slice(),
        encoderWeight: w.encoderWeight.slice(),
        decoderWeight: w.decoderWeight.slice(),
      };
    }
    if (mode.shared) return backendOver(mode.shared.kernels, mode.shared.packed, new Workspace(mode.shared.kernels), false).weights();
    return mode.pool.run(async (api) => unwrap(await api.weights()));
  }

  /** The pool, for tests and diagnostics. */
  get pool(): WorkerPool | undefined {
    const m = this.mode;
    return m?.kind === "pool" ? m.pool : undefined;
  }

  /** Stops the workers and frees the weights; later calls throw E_DISPOSED. */
  async dispose(): Promise<void> {
    const mode = this.mode;
    this.mode = undefined;
    if (!mode) return;
    if (mode.kind === "thread") mode.sae.dispose();
    else if (mode.kind === "gpu") mode.gpu.dispose();
    else await mode.pool.dispose();
  }
}
