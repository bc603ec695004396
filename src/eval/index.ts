// saejs/eval: is this SAE good for my embeddings? The suite (reconstruction, retrieval through the
// SAE, sparse probing, labels), each of its measures on its own, and its HTML report.
export { evaluateSuite, type SuiteData, type SuiteModel, type SuiteOptions, type SuiteSae } from "./suite.js";
export { suiteReportHtml } from "./report.js";
export { lineChart } from "./svg.js";
export { readBeir, beirTask, beirQueriesToEmbed, type BeirSet } from "./beir.js";
export { retrievalScores, rankByCosine, rankSparse, denseRetrieval, saeRetrieval, titleTask, type RetrievalTask } from "./retrieval.js";
export { splitByHash, labelsOf, fitLogistic, denseProbes, saeProbes } from "./probe.js";
export { labelReport, quantile, DEFAULT_LABEL_SAMPLE } from "./labels.js";
export type * from "./types.js";
export { SAE_SCORINGS } from "./types.js";
