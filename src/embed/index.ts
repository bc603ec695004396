// saejs/embed: texts to embeddings (the offline default, an OpenAI-compatible service, or vectors
// made elsewhere) and the bundled corpus.
export { UseLiteEmbedder } from "./use.js";
export { HttpEmbedder, type HttpEmbedderOptions } from "./http.js";
export { PrecomputedEmbedder } from "./precomputed.js";
export { checkTexts, type Embedder, type EmbedOptions } from "./embedder.js";
export { defaultCorpus, parseScienceNouns, type CorpusText } from "../corpus/wordnet.js";
