// Public API of sae.js.
export { Sae, type SaeOptions } from "./sae.js";
export { SaeModel, type ModelOptions, type CallOptions } from "./model.js";
export type { SaeWeights, Codes, ActivationOrder } from "./core/model.js";
export { validateWeights } from "./core/model.js";
export { SaeError, isSaeError, type SaeErrorCode } from "./core/errors.js";
export { BACKENDS, bestBackend, type BackendName, type WasmSources } from "./kernels/backend.js";
export type { WasmSource } from "./kernels/wasm.js";
export { loadSae, saveSae, serializeSae, codesToNpz, type LoadOptions, type LoadInfo, type SaveFormat } from "./load.js";
export { openCheckpoint, readEmbeddings, openEmbeddings } from "./io/checkpoint.js";
export { parseNpy, writeNpy, type NpyArray, type NpyRows } from "./io/npy.js";
export type { SaeSource } from "./io/source.js";
export type { LayoutName } from "./io/layouts.js";
export type { Checkpoint, LazyTensor, DType } from "./io/tensor.js";
export { caps as runtimeCaps, type Caps, type RuntimeKey } from "./runtime/detect.js";
export { train, epochOrder, type TrainData, type TrainSource, type TrainOptions, type TrainProgress, type TrainResult } from "./train/train.js";
export { trainConfig, type TrainConfig } from "./train/config.js";
export { evaluate, MetricsAccumulator, type Metrics } from "./train/metrics.js";
export type { Embedder, EmbedOptions } from "./embed/embedder.js";
export { HttpEmbedder, type HttpEmbedderOptions } from "./embed/http.js";
export { defaultCorpus, parseScienceNouns, type CorpusText } from "./corpus/wordnet.js";
export { UseLiteEmbedder } from "./embed/use.js";
export { PrecomputedEmbedder } from "./embed/precomputed.js";
export { steerEdit, steerAdd, steerClamp, rankByDot, matchLatents, type Steering, type SteerableSae } from "./explore/steer.js";
export { SearchIndex, type Hit } from "./explore/search-index.js";
export { featureStats, hardNegatives, offlineLabel, logDensityHistogram, type FeatureStats } from "./explore/features.js";
export { featureFamilies, activationMatrix, type Family } from "./explore/families.js";
export {
  ChatClient,
  labelFeature,
  labelFeatures,
  labelPrompt,
  scorePrompt,
  pearson,
  f1,
  PROMPT_VERSION,
  type LabelInput,
  type LabelResult,
} from "./explore/llm.js";
