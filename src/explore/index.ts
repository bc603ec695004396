// saejs/explore: what features are about (statistics, hard negatives, labels offline and by LLM),
// how they group (families), and steered search.
export { featureStats, hardNegatives, logDensityHistogram, distinctiveFeatures, minSupport, type FeatureStats } from "./features.js";
export { featureFamilies, activationMatrix, type Family } from "./families.js";
export { steerEdit, steerAdd, steerClamp, rankByDot, matchLatents, type Steering, type SteerableSae } from "./steer.js";
export { SearchIndex, type Hit } from "./search-index.js";
export { histogramSvg } from "./histogram.js";
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
