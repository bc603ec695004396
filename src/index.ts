// The public root of sae.js: load, run, train and evaluate an SAE, its errors, the embeddings
// it reads, and steered search. Everything else has a subpath of its own, each with types:
//   saejs/io       checkpoints, arrays and texts: openCheckpoint, parseNpy, writeNpy, readTexts …
//   saejs/train    train, its config, metrics (evaluate, MetricsAccumulator), epochOrder
//   saejs/explore  feature statistics, labels (offline and by LLM), families, steering, search
//   saejs/embed    embedders (USE lite, HTTP, precomputed) and the bundled WordNet corpus
//   saejs/kernels  the kernel backends, weight validation and the runtime's capabilities
//   saejs/db       the SAE index on Postgres (PGlite embedded, or a server): SaeIndex

// Which model to use: SaeModel (what loadSae returns; async, workers, every runtime) for
// applications; Sae (synchronous, in-thread) for code that already runs in a worker.
export { SaeModel, type ModelOptions, type CallOptions } from "./model.js";
export { Sae, type SaeOptions, type EncodeOptions, type Architecture } from "./sae.js";
export type { SaeWeights, Codes, ActivationOrder, SaeCodec } from "./core/model.js";
export type { Matrix, RowsInput } from "./core/shapes.js";
export { SaeError, isSaeError, type SaeErrorCode, type ErrorFix } from "./core/errors.js";
export { loadSae, saveSae, serializeSae, type LoadOptions, type LoadInfo } from "./load.js";
export { codesToNpz, type SaveFormat } from "./io/save.js";
export { readEmbeddings, openEmbeddings, type EmbeddingRows, type EmbeddingOptions } from "./io/embeddings.js";
export { parseNpy, writeNpy, type NpyArray, type NpyRows } from "./io/npy.js";
export type { SaeSource } from "./io/source.js";
export { train, type TrainData, type TrainSource, type TrainOptions, type TrainProgress, type TrainResult } from "./train/train.js";
export { trainConfig, type TrainConfig } from "./train/config.js";
export { evaluate, type Metrics } from "./train/metrics.js";
export { SearchIndex, type Hit } from "./kernels/rank.js";
export { steerEdit, steerAdd, steerClamp, type Steering } from "./explore/steer.js";
export { UseLiteEmbedder } from "./embed/use.js";
export { HttpEmbedder, type HttpEmbedderOptions } from "./embed/http.js";
export type { Embedder, EmbedOptions } from "./embed/embedder.js";
export { caps as runtimeCaps, type Caps, type RuntimeKey } from "./runtime/detect.js";
export { bestBackend, type BackendName } from "./kernels/backend.js";
export { configure, type SaeConfig } from "./runtime/configure.js";
export { clearHubCache } from "./io/hub.js";
export type { HubOptions } from "./runtime/hub-settings.js";
export type { ModuleProvider } from "./runtime/optional.js";
