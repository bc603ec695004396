// saejs/kernels: the kernel backends by name, the weights' checks, and what this runtime offers.
export { BACKENDS, bestBackend, type BackendName, type WasmSources } from "./backend.js";
export type { WasmSource } from "./wasm.js";
export { validateWeights } from "../core/model.js";
export { caps as runtimeCaps, type Caps, type RuntimeKey } from "../runtime/detect.js";
