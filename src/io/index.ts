// saejs/io: checkpoints, arrays and texts, for code that reads or writes files itself.
export { openCheckpoint } from "./checkpoint.js";
export { readEmbeddings, openEmbeddings, openTable, type EmbeddingRows, type EmbeddingOptions } from "./embeddings.js";
export { tableTexts, type ColumnarTable, type TableColumn, type TableGroup, type ColumnKind, type VectorChunk } from "./table.js";
export { parseNpy, writeNpy, parseHeaderDict, type NpyArray, type NpyRows } from "./npy.js";
export { readTexts, readTextRows, parseCsv, TEXT_FORMATS, type TextOptions, type TextRows } from "./texts.js";
export { HTTP_LIMITS, type HttpLimits } from "./http.js";
export { codesParquetWriter, type CodesParquetWriter, type CodesIdColumn } from "./codes-parquet.js";
export { clearHubCache, HUB_CACHE, hubCachedFile, openHub, parseHubUrl, type HubFile, type HubOptions } from "./hub.js";
export { ARCHS, codesToNpz, saveSaeLensFolder, saveWeights, serializeSaeLens, serializeWeights, type Arch, type SaeState, type SaveFormat } from "./save.js";
export type { SaeSource } from "./source.js";
export type { RandomAccess } from "../core/access.js";
export type { LayoutName } from "./layouts.js";
export type { Checkpoint, LazyTensor, DType } from "./tensor.js";
