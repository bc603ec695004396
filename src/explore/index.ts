// saejs/explore: what features are about (statistics, hard negatives, labels offline and by LLM
// with their scores, feature pages), how they group (families), and steered search.
export { featureStats, hardNegatives, logDensityHistogram, distinctiveFeatures, minSupport, type FeatureStats } from "./features.js";
export { featureFamilies, activationMatrix, type Family } from "./families.js";
export {
  steer,
  steerEdit,
  steerAdd,
  steerClamp,
  steerModeOf,
  steeredSearch,
  STEER_MODES,
  matchLatents,
  type Steering,
  type SteerableSae,
  type SteerMode,
  type SteeredHit,
  type RankedCorpus,
} from "./steer.js";
export { SearchIndex, type Hit } from "../kernels/rank.js";
export { rankByDot } from "../kernels/rank.ref.js";
export { histogramSvg, activationSvg } from "./histogram.js";
export { DecoderDirections, featurePages, crossNearest, cooccurringFeatures, activationHistograms, type Neighbour } from "./pages.js";
export { OfflineLabeller, isHeldOut, LABEL_SETTINGS, type FeatureLabel, type LabelCorpus, type LabelOptions } from "../label/offline.js";
export { labelAll, corpusFingerprint, type LabelRun, type LabelRunOptions, type LlmEstimate } from "../label/run.js";
export { labelSetJson, labelSetParquet, readLabelSet, type LabelSet } from "../label/file.js";
export { auc } from "../label/score.js";
export { neuronpediaBatches, type NeuronpediaBatch, type NeuronpediaOptions } from "./neuronpedia.js";
export {
  ChatClient,
  labelFeature,
  labelFeatures,
  labelPrompt,
  scorePrompt,
  pearson,
  f1,
  PROMPT_VERSION,
  type ChatOptions,
  type LabelInput,
  type LabelResult,
} from "../label/llm.js";
