// saejs/db: an SAE index on Postgres — PGlite embedded (a folder, memory, or your own instance on
// IndexedDB/OPFS) or any server with pgvector through pg — with steered free-text search. In a browser:
// idb://name (IndexedDB) or opfs-ahp://name (OPFS, from a dedicated worker).
export { SaeIndex, type IndexHit, type FeatureInfo, type SearchOptions, type SearchResult, type OpenOptions, type SteerMode } from "./sae-index.js";
export { saeFingerprint, type IndexBatch, type BuildOptions } from "./ingest.js";
export { SCHEMA_VERSION, type IndexMeta, type SaeRecord, type EmbedderRecord, type Storage } from "./schema.js";
export { openSql, type Sql, type Queryable, type DbTarget, type PGliteLike, type PgPoolLike } from "./sql.js";
