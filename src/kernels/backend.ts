// Kernel backends by name and priority (after onnxruntime-web's backend registry): every
// environment has at least `ref`; Wasm backends exist where the runtime validates their module.
import type { ActivationOrder, Codes, SaeWeights } from "../core/model.js";
import { collectRows, type RowParts } from "../core/model.js";
import { SaeError } from "../core/errors.js";
import { encodeRef } from "./encode.ref.js";
import { decodeDenseRef, decodeSparseRef } from "./decode.ref.js";
import { allocEncoder, encodeWasm, fillScreen, freeEncoder, packEncoderRows, unpackEncoder } from "./encode.js";
import { allocDecoder, decodeDenseWasm, decodeSparseWasm, freeDecoder, packDecoderRows, unpackDecoder } from "./decode.js";
import { loadKernels, Workspace, type Scratch, type WasmIsa, type WasmKernels, type WasmSource } from "./wasm.js";
import { detectIsa, embeddedModule } from "./wasm-embedded.js";
import type { PackedEncoder } from "./encode.js";
import type { PackedDecoder } from "./decode.js";
import { thresholdShift } from "./sparse.js";

/** Backend names, fastest first. */
export const BACKENDS = ["wasm-relaxed-simd", "wasm-simd", "ref"] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Consecutive rows of a tensor, starting at row0. */
export interface RowChunk {
  readonly row0: number;
  readonly data: Float32Array;
}

/** Weights as validated row chunks with their first row: what backends are built from. */
export type CheckedParts = RowParts<RowChunk>;

/** threshold → its bias shift (kernels/sparse.ts), where the model has one. */
const shiftOf = (threshold: Float32Array | undefined) => (threshold ? thresholdShift(threshold) : undefined);

/** What the Sae façade needs from a backend; inputs arrive already validated. */
export interface KernelBackend {
  readonly name: BackendName;
  /**
   * A thresholded model's max(θ, 0), subtracted from every latent's bias before the top-k: encode
   * then gives relu(pre − shift), for kernels/sparse.ts's encodeActive. Undefined for a top-k model.
   */
  readonly shift?: Float32Array;
  /** x [batch, nInputs] → codes [batch, k]. */
  encode(x: Float32Array, batch: number, k: number, order: ActivationOrder): Codes;
  /** codes [batch, k] → x̂ [batch, nInputs]. */
  decodeSparse(codes: Codes): Float32Array;
  /** z [batch, nLatents] → x̂ [batch, nInputs]. */
  decodeDense(z: Float32Array, batch: number): Float32Array;
  /** The weights as plain arrays (the Wasm backends rebuild them from their packed copies). */
  weights(): SaeWeights;
  /** Frees the backend's memory; later calls are invalid. */
  dispose(): void;
}

/** Wasm module sources per instruction set; unset ones come from the bytes embedded in the bundle. */
export interface WasmSources {
  simd?: WasmSource;
  relaxed?: WasmSource;
}

export async function refBackend(parts: CheckedParts): Promise<KernelBackend> {
  const { nInputs: d, nLatents: n } = parts;
  const weights: SaeWeights = {
    nInputs: d,
    nLatents: n,
    preBias: parts.preBias,
    latentBias: parts.latentBias,
    encoderWeight: await collectRows(parts.encoderRows(), n, d),
    decoderWeight: await collectRows(parts.decoderRows(), d, n),
    ...(parts.threshold ? { threshold: parts.threshold } : {}),
  };
  const shift = shiftOf(parts.threshold);
  return {
    name: "ref",
    ...(shift ? { shift } : {}),
    weights: () => weights,
    encode: (x, batch, k, order) => encodeRef(weights, x, batch, k, order, shift),
    decodeSparse: (codes) => decodeSparseRef(weights, codes),
    decodeDense: (z, batch) => decodeDenseRef(weights, z, batch),
    dispose: () => {},
  };
}

/** The weights packed in a kernel instance's memory. */
export interface PackedWeights {
  readonly enc: PackedEncoder;
  readonly dec: PackedDecoder;
  readonly preBias: Float32Array;
  /** As given: the packed bias has pre_bias (and any threshold) folded in. */
  readonly latentBias: Float32Array;
  /** A thresholded model's θ, as given (weights() hands it back bit for bit). */
  readonly threshold?: Float32Array;
}

/**
 * Packs each row chunk into Wasm memory as it arrives, so no large tensor is ever held whole in
 * JS. `allocated` runs once the buffers exist, before any is filled (a pool starts its workers
 * then, in parallel with the packing). `screen` adds the encoder's integer copy (see SaeOptions).
 */
export async function packWeights(kernels: WasmKernels, parts: CheckedParts, allocated?: (w: PackedWeights) => void, screen = false): Promise<PackedWeights> {
  const { nInputs: d, nLatents: n, preBias, latentBias, threshold } = parts;
  const shift = shiftOf(threshold);
  let enc: PackedEncoder | undefined, dec: PackedDecoder | undefined;
  try {
    // Inside the try: a decoder that does not fit must not leave the encoder allocated.
    enc = allocEncoder(kernels, d, n, undefined, undefined, screen);
    dec = allocDecoder(kernels, d, n, preBias);
    const packed = { enc, dec, preBias, latentBias, ...(threshold ? { threshold } : {}) };
    allocated?.(packed);
    for await (const { row0, data } of parts.encoderRows()) packEncoderRows(kernels, enc, row0, data, preBias, latentBias, shift);
    fillScreen(kernels, enc);
    for await (const { row0, data } of parts.decoderRows()) packDecoderRows(kernels, dec, row0, data);
    return packed;
  } catch (e) {
    if (enc) freeEncoder(kernels, enc);
    if (dec) freeDecoder(kernels, dec);
    throw e;
  }
}

/**
 * A backend over weights already packed in `kernels`' memory, computing in `scratch`. It frees
 * what it owns on dispose: nothing when a worker borrows memory the main thread allocated.
 */
export function backendOver(kernels: WasmKernels, w: PackedWeights, scratch: Scratch, owns: boolean): KernelBackend {
  const { enc, dec, preBias, latentBias, threshold } = w;
  const shift = shiftOf(threshold);
  return {
    name: kernels.isa === "relaxed-simd" ? "wasm-relaxed-simd" : "wasm-simd",
    ...(shift ? { shift } : {}),
    weights: () => ({
      nInputs: enc.d,
      nLatents: enc.n,
      preBias,
      latentBias,
      encoderWeight: unpackEncoder(kernels, enc),
      decoderWeight: unpackDecoder(kernels, dec),
      ...(threshold ? { threshold } : {}),
    }),
    encode: (x, batch, k, order) => encodeWasm(kernels, scratch, enc, x, batch, k, order),
    decodeSparse: (codes) => decodeSparseWasm(kernels, scratch, dec, codes),
    decodeDense: (z, batch) => decodeDenseWasm(kernels, scratch, dec, z, batch),
    dispose: () => {
      if (!owns) return;
      if (scratch instanceof Workspace) scratch.dispose();
      freeEncoder(kernels, enc);
      freeDecoder(kernels, dec);
    },
  };
}

export async function wasmBackend(parts: CheckedParts, isa: WasmIsa, source?: WasmSource, screen = false): Promise<KernelBackend> {
  const kernels = await loadKernels(isa, source ?? embeddedModule(isa));
  return backendOver(kernels, await packWeights(kernels, parts, undefined, screen), new Workspace(kernels), true);
}

/** The backend `auto` picks here: relaxed SIMD, else SIMD, else the plain-TS reference. */
export function bestBackend(sources: WasmSources = {}): BackendName {
  // A host-provided module is taken as usable: edge runtimes hand us precompiled modules only.
  if (sources.relaxed) return "wasm-relaxed-simd";
  if (sources.simd) return "wasm-simd";
  const isa = detectIsa();
  return isa === "relaxed-simd" ? "wasm-relaxed-simd" : isa === "simd" ? "wasm-simd" : "ref";
}

/** Creates the named backend, or E_NO_SIMD naming what this runtime supports instead. */
export async function createBackend(name: BackendName | "auto", weights: CheckedParts, sources: WasmSources = {}, screen = false): Promise<KernelBackend> {
  const chosen = name === "auto" ? bestBackend(sources) : name;
  if (!BACKENDS.includes(chosen)) {
    throw new SaeError("E_ARG", `unknown backend '${String(name)}'; expected one of auto, ${BACKENDS.join(", ")}`);
  }
  if (chosen === "ref") return refBackend(weights);
  const { isa, source } = wasmModuleFor(chosen, sources);
  return wasmBackend(weights, isa, source, screen);
}

/**
 * The instruction set and module source of a Wasm backend: the host's module where given, else
 * the embedded one if this runtime validates it, else E_NO_SIMD naming what it has instead.
 */
export function wasmModuleFor(backend: Exclude<BackendName, "ref">, sources: WasmSources = {}): { isa: WasmIsa; source: WasmSource } {
  const isa: WasmIsa = backend === "wasm-relaxed-simd" ? "relaxed-simd" : "simd";
  const source = isa === "relaxed-simd" ? sources.relaxed : sources.simd;
  if (source) return { isa, source };
  const have = detectIsa();
  if (have === undefined || (isa === "relaxed-simd" && have !== "relaxed-simd")) {
    throw new SaeError(
      "E_NO_SIMD",
      `backend '${backend}' needs Wasm ${isa}, which this runtime does not validate; available: ${bestBackend()}${have ? ", ref" : ""}`,
    );
  }
  return { isa, source: embeddedModule(isa) };
}
