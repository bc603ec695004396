// Public API of sae.js.
export { Sae, type SaeOptions } from "./sae.js";
export type { SaeWeights, Codes, ActivationOrder } from "./core/model.js";
export { validateWeights } from "./core/model.js";
export { SaeError, isSaeError, type SaeErrorCode } from "./core/errors.js";
export { BACKENDS, bestBackend, type BackendName, type WasmSources } from "./kernels/backend.js";
export type { WasmSource } from "./kernels/wasm.js";
export { parseNpy, type NpyArray } from "./io/npy.js";
