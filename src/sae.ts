// The in-thread SAE engine: checks every input, then runs the chosen kernel backend.
import type { ActivationOrder, Codes, SaeWeights, WeightParts } from "./core/model.js";
import { checkDims, checkTensor, checkWidths, checkedRows, weightParts } from "./core/model.js";
import { SaeError } from "./core/errors.js";
import { checkCodes, checkFinite, checkK, toRows, type RowsInput } from "./core/shapes.js";
import { createBackend, type BackendName, type CheckedParts, type KernelBackend, type WasmSources } from "./kernels/backend.js";
import { checkWidth, encodeRows, toCodes } from "./kernels/sparse.js";

export interface SaeOptions {
  /** Active latents per row (not stored in the release's state dicts). */
  k: number;
  /** Where ReLU goes; the release's order, 'topk-relu', by default. */
  order?: ActivationOrder;
  /** Kernel backend; 'auto' picks relaxed SIMD, then SIMD, then the plain-TS reference. */
  backend?: BackendName | "auto";
  /** Kernel modules to use instead of the embedded bytes (a precompiled Module on edge runtimes). */
  wasm?: WasmSources;
  /**
   * Keep a 12-bit integer copy of the encoder (memory: half the encoder again) and encode calls of
   * one or two rows by screening every latent with it, then scoring in float32 only those that can
   * reach the top k: the same codes bit for bit, 1.6–2.8× faster for a query at a time (d=1536,
   * n=3072–12288). Larger calls run the float32 GEMM as usual. Wasm backends, order 'topk-relu';
   * default false.
   */
  screen?: boolean;
  /**
   * Matryoshka's nested prefix widths m₁ < … < n (metadata: encode and reconstruct take any width
   * 1..n); checked ascending and ending at nLatents.
   */
  widths?: readonly number[];
}

/** Per-call options of an encode. */
export interface EncodeOptions {
  /** Encode with latents j < width only (a Matryoshka prefix, e.g. one of sae.widths); 1..nLatents, default all. */
  width?: number;
  /** Accepted for code that takes a Sae or a SaeModel; a Sae's call runs at once, with nothing to cancel. */
  signal?: AbortSignal;
}

/** How a model encodes: top-k per row, or JumpReLU (a threshold per latent; trained BatchTopK and Matryoshka SAEs too). */
export type Architecture = "topk" | "jumprelu";

/**
 * Checks dimensions, k, the activation order and the small tensors now, and wraps the large ones
 * so that each row chunk is checked as it streams past.
 */
export function checkParts(
  parts: WeightParts,
  options: { k: number; order?: ActivationOrder; screen?: boolean; backend?: string; widths?: readonly number[] },
): { checked: CheckedParts; order: ActivationOrder; widths?: readonly number[] } {
  const { nInputs: d, nLatents: n } = parts;
  checkDims(d, n);
  checkK(options.k, n);
  const order = options.order ?? "topk-relu";
  if (order !== "topk-relu" && order !== "relu-topk") {
    throw new SaeError("E_ARG", `order must be 'topk-relu' or 'relu-topk', got '${String(order)}'`);
  }
  if (options.screen !== undefined && typeof options.screen !== "boolean")
    throw new SaeError("E_ARG", `screen must be true or false, got ${String(options.screen)}`);
  if (options.screen && order !== "topk-relu") throw new SaeError("E_ARG", "screen applies to order 'topk-relu' (the release's); drop screen or the order");
  if (options.screen && (options.backend === "ref" || options.backend === "gpu"))
    throw new SaeError("E_ARG", `screen needs a Wasm backend, not '${options.backend}'; drop screen or pick a Wasm backend`);
  checkTensor("pre_bias", parts.preBias, 1, d);
  checkTensor("latent_bias", parts.latentBias, 1, n);
  // A NaN or −inf θ would silently keep or drop every row's latent: refused by name here.
  if (parts.threshold !== undefined) checkTensor("threshold", parts.threshold, 1, n);
  if (options.widths !== undefined) checkWidths(options.widths, n);
  return {
    order,
    ...(options.widths !== undefined ? { widths: Object.freeze([...options.widths]) } : {}),
    checked: {
      ...parts,
      encoderRows: () => checkedRows("encoder.weight", parts.encoderRows(), n, d),
      decoderRows: () => checkedRows("decoder.weight", parts.decoderRows(), d, n),
    },
  };
}

/**
 * A loaded top-k SAE. Methods are synchronous and run on the calling thread; every input is
 * checked first so a bad one fails with a SaeError naming the problem, never inside a kernel.
 */
export class Sae {
  readonly nInputs: number;
  readonly nLatents: number;
  readonly k: number;
  readonly order: ActivationOrder;
  /** Matryoshka's nested prefix widths, where the model has them. */
  readonly widths?: readonly number[];
  private impl: KernelBackend | undefined;
  // Kept here: the Wasm backends' weights() unpacks both matrices.
  private readonly theta: Float32Array | undefined;

  private constructor(d: number, n: number, k: number, order: ActivationOrder, impl: KernelBackend, widths?: readonly number[], theta?: Float32Array) {
    this.nInputs = d;
    this.nLatents = n;
    this.k = k;
    this.order = order;
    this.impl = impl;
    if (widths) this.widths = widths;
    this.theta = theta;
  }

  /** Validates the weights (shapes, finiteness), packs them for the backend and returns the model. */
  static async create(weights: SaeWeights, options: SaeOptions): Promise<Sae> {
    // Shapes now; the values are checked once, as fromParts passes them to the backend.
    return Sae.fromParts(weightParts(weights), options);
  }

  /**
   * Builds a model from weights whose large tensors stream in as row chunks (loaders use this so
   * that a checkpoint is never held whole); every chunk is validated as it arrives.
   */
  static async fromParts(parts: WeightParts, options: SaeOptions): Promise<Sae> {
    const { checked, order, widths } = checkParts(parts, options);
    const impl = await createBackend(options.backend ?? "auto", checked, options.wasm, options.screen === true);
    return new Sae(parts.nInputs, parts.nLatents, options.k, order, impl, widths, parts.threshold);
  }

  /** The weights as plain arrays in the release's layout (a copy out of Wasm memory for the Wasm backends). */
  get weights(): SaeWeights {
    return this.live().weights();
  }

  /** 'jumprelu' where the model has a threshold (its codes vary in width), else 'topk'. */
  get architecture(): Architecture {
    return this.live().shift ? "jumprelu" : "topk";
  }

  /** A thresholded model's θ [nLatents] (a copy), else undefined. */
  get threshold(): Float32Array | undefined {
    this.live();
    return this.theta?.slice();
  }

  /** The kernel backend in use: 'wasm-relaxed-simd', 'wasm-simd' or 'ref'. */
  get backend(): BackendName {
    return this.live().name;
  }

  /**
   * @param x [batch, nInputs] row-major f32
   * @param options.width only latents j < width (a Matryoshka prefix; default all)
   * @returns codes [batch, k]: indices of the k largest pre-activations and their values after
   * ReLU, each row sorted by value descending (ties: lower index first). A thresholded model
   * ('jumprelu') gives every latent with pre > max(θ, 0), as many as a row has: codes.k is the
   * batch's widest row and narrower rows end in value-0 entries (the lowest inactive latents).
   */
  encode(x: RowsInput, batch?: number, options: EncodeOptions = {}): Codes {
    return this.encodeWith(x, batch, undefined, options.width);
  }

  /**
   * encode with another number of selected latents (analyses that need the runners-up); of a
   * thresholded model, the k largest activations of each row, padded with value-0 entries.
   */
  encodeTop(x: RowsInput, k: number, batch?: number, options: EncodeOptions = {}): Codes {
    return this.encodeWith(x, batch, k, options.width);
  }

  private encodeWith(x: RowsInput, batch: number | undefined, top: number | undefined, width: number | undefined): Codes {
    const impl = this.live();
    const req = encodeRequest(top, width, this.nLatents);
    const { data, rows } = toRows(x, this.nInputs, batch);
    checkFinite(data, this.nInputs);
    return toCodes(encodeRows(impl, data, rows, { d: this.nInputs, n: this.nLatents, k: this.k, order: this.order }, req), req);
  }

  /** @returns x̂ [batch, nInputs] = Σ_j values_j · decoder.weight[:, indices_j] + pre_bias. */
  decode(codes: Codes): Float32Array {
    const impl = this.live();
    checkCodes(codes, this.nLatents);
    return impl.decodeSparse(codes);
  }

  /** @param z [batch, nLatents] full latent vectors; @returns x̂ [batch, nInputs]. */
  decodeDense(z: RowsInput, batch?: number): Float32Array {
    const impl = this.live();
    const { data, rows } = toRows(z, this.nLatents, batch, "z");
    checkFinite(data, this.nLatents, "z");
    return impl.decodeDense(data, rows);
  }

  /** decode(encode(x)): the SAE's reconstruction of x [batch, nInputs] (from latents j < width where given). */
  reconstruct(x: RowsInput, batch?: number, options: EncodeOptions = {}): Float32Array {
    return this.live().decodeSparse(this.encode(x, batch, options));
  }

  /** Frees the backend's memory; any later call throws E_DISPOSED. */
  dispose(): void {
    this.impl?.dispose();
    this.impl = undefined;
  }

  private live(): KernelBackend {
    if (!this.impl) throw new SaeError("E_DISPOSED", "this Sae was disposed");
    return this.impl;
  }
}

/** Checks encodeTop's k (if any) and the width, k ≤ width: the call's request. */
export function encodeRequest(top: number | undefined, width: number | undefined, n: number): { top?: number; width: number } {
  if (top !== undefined) checkK(top, n);
  const w = checkWidth(width, n);
  if (top !== undefined && top > w) throw new SaeError("E_ARG", `k=${top} latents cannot be picked from width=${w}; ask for k ≤ width`);
  return { ...(top !== undefined ? { top } : {}), width: w };
}
