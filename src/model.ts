// SaeModel: the façade loadSae returns. The same async API in every runtime; kernels run in a
// worker pool where the runtime has workers (rows of a batch split across them, weights in one
// shared Wasm memory where SharedArrayBuffer is allowed, else copied once per worker) and on the
// calling thread where it has none (edge runtimes) or when asked to (workers: 0).
import { transfer } from "comlink";
import { SaeError } from "./core/errors.js";
import type { ActivationOrder, Codes, SaeWeights, WeightParts } from "./core/model.js";
import { checkDims, checkShape, collectRows, wholeRows } from "./core/model.js";
import { checkBatch, checkFinite, checkIndices, checkK } from "./core/shapes.js";
import { Sae, checkParts, type SaeOptions } from "./sae.js";
import { backendOver, bestBackend, packWeights, type BackendName, type PackedWeights } from "./kernels/backend.js";
import { loadKernels, Workspace, type WasmIsa, type WasmKernels } from "./kernels/wasm.js";
import { embeddedModule, sharedModuleValid } from "./kernels/wasm-embedded.js";
import { caps } from "./runtime/detect.js";
import { cores } from "./runtime/workers.js";
import { WorkerPool } from "./worker/pool.js";
import { unwrap, type EngineInit } from "./worker/protocol.js";
import { WORKER_CODE } from "./worker/worker-code.js";

export interface ModelOptions extends SaeOptions {
  /** Worker threads: 'auto' (one per core where the runtime has workers), a count, or 0 for the calling thread. */
  workers?: "auto" | number;
  /** Calls waiting for a worker at most before new ones wait for room (default 64). */
  maxQueue?: number;
  /** Share one copy of the weights between workers where the runtime allows (default true). */
  share?: boolean;
}

export interface CallOptions {
  /** Cancels the call while it waits in the queue. */
  signal?: AbortSignal;
}

/** Scratch per worker in shared memory: 1,024 release-size rows of encode need about 15 MB. */
const ARENA_BYTES = 32 << 20;
/** Fewer rows than this per worker cost more in messages than they save. */
const MIN_ROWS_PER_WORKER = 8;

type Mode = { kind: "thread"; sae: Sae } | { kind: "pool"; pool: WorkerPool; shared?: { kernels: WasmKernels; packed: PackedWeights } };

/** A loaded SAE; every method is async and never blocks the caller's thread on a kernel. */
export class SaeModel {
  private mode: Mode | undefined;

  private constructor(
    readonly nInputs: number,
    readonly nLatents: number,
    readonly k: number,
    readonly order: ActivationOrder,
    /** The kernels in use: 'wasm-relaxed-simd', 'wasm-simd' or 'ref'. */
    readonly backend: BackendName,
    /** Worker threads running the kernels (0: the calling thread). */
    readonly workers: number,
    /** How the weights reach the workers: one shared memory, a copy each, or none (no workers). */
    readonly sharing: "shared" | "copied" | "none",
    mode: Mode,
  ) {
    this.mode = mode;
  }

  /** A model from weights in memory (loadSae streams them from a file instead). */
  static async fromWeights(weights: SaeWeights, options: ModelOptions): Promise<SaeModel> {
    checkDims(weights.nInputs, weights.nLatents);
    checkShape("encoder.weight", weights.encoderWeight, weights.nLatents, weights.nInputs);
    checkShape("decoder.weight", weights.decoderWeight, weights.nInputs, weights.nLatents);
    return SaeModel.create({ ...weights, encoderRows: () => wholeRows(weights.encoderWeight), decoderRows: () => wholeRows(weights.decoderWeight) }, options);
  }

  static async create(parts: WeightParts, options: ModelOptions): Promise<SaeModel> {
    const { checked, order } = checkParts(parts, options);
    const { nInputs: d, nLatents: n } = parts;
    const k = options.k;
    const want = options.workers ?? "auto";
    if (want !== "auto" && (!Number.isInteger(want) || want < 0)) throw new SaeError("E_ARG", `workers must be 'auto', 0 or a positive integer, got ${String(want)}`);
    const count = !caps().workers ? 0 : want === "auto" ? await cores() : want;
    const backend = options.backend === undefined || options.backend === "auto" ? bestBackend(options.wasm) : options.backend;
    if (count === 0) {
      const sae = await Sae.fromParts(parts, { ...options, order });
      return new SaeModel(d, n, k, order, sae.backend, 0, "none", { kind: "thread", sae });
    }
    const isa: WasmIsa | undefined = backend === "wasm-relaxed-simd" ? "relaxed-simd" : backend === "wasm-simd" ? "simd" : undefined;
    const poolOptions = options.maxQueue !== undefined ? { maxQueue: options.maxQueue } : {};
    if (isa && !options.wasm && options.share !== false && caps().sharedMemory && sharedModuleValid(isa)) {
      // One copy of the weights in a shared memory; each worker gets a scratch arena in it.
      const module = embeddedModule(isa, true);
      const memory = new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true });
      const kernels = await loadKernels(isa, module, { memory, attached: false });
      // The workers start while the weights are packed: they only need the buffers' places.
      let starting: Promise<WorkerPool> | undefined;
      const stop = async () => (await starting?.catch(() => undefined))?.dispose();
      const packed = await packWeights(kernels, checked, (w) => {
        const inits: EngineInit[] = [];
        for (let i = 0; i < count; i++) {
          inits.push({ mode: "shared", isa, module, memory, enc: w.enc, dec: w.dec, preBias: w.preBias, latentBias: w.latentBias, arena: { ptr: kernels.alloc(ARENA_BYTES), bytes: ARENA_BYTES }, k, order });
        }
        starting = WorkerPool.start(WORKER_CODE, inits, poolOptions);
        starting.catch(() => {}); // awaited below; a packing error must not leave it unhandled
      }).catch(async (e) => { await stop(); throw e; });
      const pool = await starting!;
      return new SaeModel(d, n, k, order, backend, count, "shared", { kind: "pool", pool, shared: { kernels, packed } });
    }
    // A copy of the weights for each worker.
    const weights: SaeWeights = {
      nInputs: d, nLatents: n, preBias: parts.preBias, latentBias: parts.latentBias,
      encoderWeight: await collectRows(checked.encoderRows(), n, d), decoderWeight: await collectRows(checked.decoderRows(), d, n),
    };
    const source = isa ? (isa === "relaxed-simd" ? options.wasm?.relaxed : options.wasm?.simd) ?? embeddedModule(isa) : undefined;
    if (source !== undefined && !(source instanceof Uint8Array) && !(source instanceof WebAssembly.Module)) {
      throw new SaeError("E_ARG", "with workers, pass Wasm modules as bytes or a WebAssembly.Module (or use workers: 0)");
    }
    const init: EngineInit = { mode: "copy", backend, ...(source ? { module: source as Uint8Array } : {}), weights, k, order };
    const pool = await WorkerPool.start(WORKER_CODE, Array.from({ length: count }, () => init), poolOptions);
    return new SaeModel(d, n, k, order, backend, count, "copied", { kind: "pool", pool });
  }

  private live(): Mode {
    if (!this.mode) throw new SaeError("E_DISPOSED", "this model was disposed");
    return this.mode;
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
  async encode(x: Float32Array, batch?: number, options: CallOptions = {}): Promise<Codes> {
    return this.encodeTop(x, this.k, batch, options);
  }

  /** encode with another number of selected latents (analyses that need the runners-up). */
  async encodeTop(x: Float32Array, k: number, batch?: number, options: CallOptions = {}): Promise<Codes> {
    const mode = this.live();
    checkK(k, this.nLatents);
    const rows = checkBatch(x, this.nInputs, batch);
    checkFinite(x, this.nInputs);
    if (mode.kind === "thread") return mode.sae.encodeTop(x, k, rows);
    const d = this.nInputs;
    const indices = new Int32Array(rows * k);
    const values = new Float32Array(rows * k);
    await Promise.all(this.runs(rows, mode.pool.size).map(([r0, r]) => mode.pool.run(async (api) => {
      const slice = x.slice(r0 * d, (r0 + r) * d);
      const out = unwrap(await api.encode(transfer(slice, [slice.buffer]), r, k));
      indices.set(out.indices, r0 * k);
      values.set(out.values, r0 * k);
    }, options.signal)));
    return { indices, values, k, batch: rows };
  }

  /** @returns x̂ [batch, nInputs] = Σ_j values_j · decoder.weight[:, indices_j] + pre_bias */
  async decode(codes: Codes, options: CallOptions = {}): Promise<Float32Array> {
    const mode = this.live();
    if (mode.kind === "thread") return mode.sae.decode(codes);
    const { batch, k, indices, values } = codes;
    if (!(indices instanceof Int32Array) || !(values instanceof Float32Array) || indices.length !== batch * k || values.length !== batch * k) {
      throw new SaeError("E_SHAPE", `codes: expected ${batch}×${k} indices (Int32Array) and values (Float32Array), got ${indices?.length} and ${values?.length}`);
    }
    checkIndices(indices, k, this.nLatents);
    checkFinite(values, k, "codes.values");
    const d = this.nInputs;
    const out = new Float32Array(batch * d);
    await Promise.all(this.runs(batch, mode.pool.size).map(([r0, r]) => mode.pool.run(async (api) => {
      const i = indices.slice(r0 * k, (r0 + r) * k), v = values.slice(r0 * k, (r0 + r) * k);
      out.set(unwrap(await api.decode(transfer(i, [i.buffer]), transfer(v, [v.buffer]), r, k)), r0 * d);
    }, options.signal)));
    return out;
  }

  /** @param z [batch, nLatents] full latent vectors; @returns x̂ [batch, nInputs] */
  async decodeDense(z: Float32Array, batch?: number, options: CallOptions = {}): Promise<Float32Array> {
    const mode = this.live();
    const rows = checkBatch(z, this.nLatents, batch, "z");
    checkFinite(z, this.nLatents, "z");
    if (mode.kind === "thread") return mode.sae.decodeDense(z, rows);
    const { nInputs: d, nLatents: n } = this;
    const out = new Float32Array(rows * d);
    await Promise.all(this.runs(rows, mode.pool.size).map(([r0, r]) => mode.pool.run(async (api) => {
      const slice = z.slice(r0 * n, (r0 + r) * n);
      out.set(unwrap(await api.decodeDense(transfer(slice, [slice.buffer]), r)), r0 * d);
    }, options.signal)));
    return out;
  }

  /** decode(encode(x)). */
  async reconstruct(x: Float32Array, batch?: number, options: CallOptions = {}): Promise<Float32Array> {
    return this.decode(await this.encode(x, batch, options), options);
  }

  /** The weights in the release's layout, as plain arrays (a copy). */
  async weights(): Promise<SaeWeights> {
    const mode = this.live();
    if (mode.kind === "thread") return mode.sae.weights;
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
    else await mode.pool.dispose();
  }
}
