// saejs/train: training with the release's recipe, its settings, and the card's metrics.
export { train, epochOrder, type TrainData, type TrainSource, type TrainOptions, type TrainProgress, type TrainResult } from "./train.js";
export { trainConfig, type TrainConfig } from "./config.js";
export { evaluate, MetricsAccumulator, type Metrics } from "./metrics.js";
export type { StepLosses } from "./step.ref.js";
