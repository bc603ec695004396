// Flags as data: each command lists its flags (name, kind of value, range or choices, help, default),
// and both the parser's accepted set and the command's --help are generated from that one list.
import { availableParallelism } from "node:os";

/** What a flag's value is: none (boolean), text, a bounded integer or decimal, one of some words, or text given again and again. */
export type FlagKind = "boolean" | "string" | "integer" | "number" | "enum" | "repeatable";

/** What a numeric flag accepts: integers or decimals, within [min, max]. */
export interface NumberRule {
  readonly integer: boolean;
  readonly min: number;
  readonly max: number;
  /** A word it takes besides numbers (--workers auto). */
  readonly word?: string;
}

export interface Flag {
  readonly name: string;
  readonly kind: FlagKind;
  /** The value's placeholder in the help (FILE, N, NAME); none for a boolean. */
  readonly value?: string;
  /** One line of help; a "\n" continues it under the first. */
  readonly help: string;
  /** For integer and number flags. */
  readonly rule?: NumberRule;
  /** For enum flags. */
  readonly choices?: readonly string[];
  /** Shown as "(default …)" after the help. */
  readonly default?: string;
}

/** Worker threads at most: each holds its own Wasm memory, so more than the cores only costs memory. */
export const MAX_WORKERS = Math.min(256, 4 * availableParallelism());

const range = (min: number, max: number, word?: string): NumberRule => ({ integer: true, min, max, ...(word ? { word } : {}) });

const bool = (name: string, help: string): Flag => ({ name, kind: "boolean", help });
const text = (name: string, value: string, help: string): Flag => ({ name, kind: "string", value, help });
const int = (name: string, rule: NumberRule, help: string, value = "N"): Flag => ({ name, kind: "integer", value, help, rule });
const choice = (name: string, choices: readonly string[], help: string): Flag => ({ name, kind: "enum", value: choices.join("|"), help, choices });

/**
 * Every flag of every command, by name: a flag means one thing wherever it appears (its kind and
 * range), while its help and default may be said for each command (see `as`). The numeric
 * ceilings keep a typo (1e9, 1e308) from turning into an allocation or an endless run.
 */
export const FLAGS = {
  // Inputs and outputs.
  out: text("out", "PATH", "where the output is written"),
  texts: text(
    "texts",
    "FILE",
    "the texts of the embeddings, row for row (.txt, .csv, .tsv, .jsonl, .json,\n.parquet, .arrow); default: the embeddings' file where it is a table",
  ),
  "text-column": text("text-column", "NAME", "the texts' CSV/TSV column, JSON(L) field or table column (default text)"),
  "title-column": text("title-column", "NAME", "a column or field of titles"),
  "id-column": text("id-column", "NAME", "a table column of ids shown for each document (default: the row number)"),
  "skip-empty": bool("skip-empty", "leave out empty texts (as in 'saejs embed')"),
  column: text("column", "NAME", "the embeddings' column of a Parquet or Arrow file (default: its one list-of-floats\ncolumn, or 'embedding')"),
  embeddings: text("embeddings", "FILE", "the corpus's embeddings [texts, d] (.npy, .parquet, .arrow)"),
  labels: text("labels", "FILE", "labels from 'saejs label' (checked to be this SAE's)"),
  compare: text("compare", "SAE", "a second SAE over the same embeddings"),
  // The evaluation suite.
  suite: bool("suite", "the evaluation suite: retrieval, sparse probing and labels besides the card"),
  "label-column": text("label-column", "NAME", "with --suite: the texts' column of classes to probe for (e.g. arXiv categories)"),
  "label-pattern": text(
    "label-pattern",
    "REGEX",
    "a row's class: the first match in its --label-column value (e.g. '^[^ .]+'\nfor the arXiv archive of 'math.CO cs.DM'); default the whole value",
  ),
  beir: text("beir", "DIR", "with --suite: a BEIR folder (corpus.jsonl in the embeddings' row order,\nqueries.jsonl, qrels/<split>.tsv)"),
  "beir-split": text("beir-split", "NAME", "the qrels file of --beir (default test)"),
  "label-features": int("label-features", range(0, 1 << 22), "features labelled on the way"),
  report: text("report", "FILE", "an HTML report"),
  "suite-report": text(
    "suite-report",
    "FILE",
    "the SAE's suite report ('saejs eval --suite --report'), linked from the page's\nheader: drawn again from the results it holds (refused if it evaluated other\nSAEs)",
  ),
  // The SAE.
  k: int(
    "k",
    range(1, 65_536),
    "active latents, where the checkpoint does not say (a different k than the\ncheckpoint's is an error unless --override-k is given)",
  ),
  "override-k": bool("override-k", "use --k even where the checkpoint says another k (outputs record both)"),
  sae: text("sae", "FILE|URL", "the SAE checkpoint (a path, or hf://owner/repo/file)"),
  width: int("width", range(1, 2 ** 31 - 1), "encode with latents 0..N-1 only (a Matryoshka prefix, e.g. one of its widths)", "M"),
  to: choice("to", ["release", "saelens"], "the output: the release layout (.pth or .safetensors), or a SAELens folder\n(cfg.json + sae_weights.safetensors)"),
  workers: int("workers", range(0, MAX_WORKERS, "auto"), "worker threads (default auto: one per core; 0: this thread only)", "N|auto"),
  // The embedder.
  embedder: choice(
    "embedder",
    ["use", "http"],
    "use: Universal Sentence Encoder lite, offline (default; on every core,\nor --workers N threads); http: an OpenAI-compatible service",
  ),
  "base-url": text("base-url", "URL", "the http embedder's endpoint (env OPENAI_BASE_URL)"),
  model: text("model", "NAME", "the http embedder's model (env SAEJS_EMBED_MODEL)"),
  "api-key": text("api-key", "KEY", "the http embedder's key (env OPENAI_API_KEY)"),
  dim: int("dim", range(1, 65_536), "the http embedder's vector width, where the model takes one"),
  // Training.
  n: int("n", range(2, 1 << 22), "latents"),
  epochs: int("epochs", range(1, 100_000), "passes over the data"),
  batch: int("batch", range(1, 65_536), "rows per batch"),
  lr: { name: "lr", kind: "number", value: "X", help: "learning rate", rule: { integer: false, min: 0, max: 10 } },
  seed: int("seed", range(0, 2 ** 32 - 1), "the random seed"),
  "dead-steps": int("dead-steps", range(0, 2 ** 31 - 1), "steps without firing after which a latent counts as dead"),
  checkpoint: text("checkpoint", "PATH", "checkpoints"),
  every: int("every", range(1, 2 ** 31 - 1), "checkpoint every N steps"),
  resume: text("resume", "PATH", "continue a checkpoint"),
  "resume-other-data": bool("resume-other-data", "continue a checkpoint on other data than it was trained on"),
  trainer: choice("trainer", ["auto", "gpu", "wasm", "ref"], "the trainer"),
  arch: choice("arch", ["topk", "batchtopk", "matryoshka"], "the architecture trained"),
  widths: text("widths", "M1,M2,…", "Matryoshka's nested prefix widths"),
  // Listing and search.
  limit: int("limit", range(1, 1_000_000), "at most N"),
  show: int("show", range(1, 1_000_000), "features to show"),
  top: int("top", range(1, 100_000), "documents per feature"),
  sort: choice("sort", ["density", "distinctive"], "the order of features"),
  steer: { name: "steer", kind: "repeatable", value: "I=V", help: "steer latent I (repeatable)" },
  "steer-mode": choice("steer-mode", ["edit", "add", "clamp"], "how --steer moves the query"),
  // Indexes.
  db: text("db", "DIR|URL", "an index"),
  schema: text("schema", "NAME", "the index's Postgres schema (default saejs)"),
  where: text("where", "SQL", "a condition on the documents"),
  exact: bool("exact", "the exact ranking (a full scan) instead of HNSW's approximate one"),
  "ef-search": int("ef-search", range(1, 100_000), "HNSW's candidate list"),
  storage: choice("storage", ["vector", "halfvec"], "float32 (default) or float16 embeddings"),
  "hnsw-m": int("hnsw-m", range(2, 256), "HNSW links per node"),
  "ef-construction": int("ef-construction", range(4, 10_000), "HNSW's build-time candidate list"),
  "no-labels": bool("no-labels", "no labels at the end"),
  // The explorer.
  port: int("port", range(0, 65_535), "the port (0: any free one)"),
  host: text("host", "ADDR", "the address to listen on"),
  title: text("title", "TEXT", "the page title"),
  // Static sites.
  weights: choice("weights", ["f32", "f16", "ref"], "the SAE's weights in the site: float32, float16, or a reference to its URL"),
  vectors: choice("vectors", ["f16", "i8", "f32"], "the stored embeddings that re-rank candidates"),
  values: choice("values", ["f16", "f32"], "the stored code values"),
  candidates: int("candidates", range(10, 100_000_000, "all"), "documents re-ranked per query", "N|all"),
  "no-typed-queries": bool("no-typed-queries", "leave the embedder out of the site"),
  // Labels.
  llm: bool("llm", "label through an OpenAI-compatible chat endpoint"),
  "llm-base-url": text("llm-base-url", "URL", "the chat endpoint"),
  "llm-model": text("llm-model", "NAME", "the chat model"),
  "max-calls": int("max-calls", range(1, 1_000_000), "spend at most N calls"),
  yes: bool("yes", "confirm the estimate without asking"),
  "hold-out-every": int("hold-out-every", range(0, 1_000_000), "hold out one row in N to score labels"),
  "model-id": text("model-id", "ID", "Neuronpedia's model id"),
  "source-id": text("source-id", "ID", "this SAE's id"),
} satisfies Record<string, Flag>;

export type FlagName = keyof typeof FLAGS;

/** The flag `name` with this command's help (and default). */
export function as(name: FlagName, help: string, def?: string): Flag {
  return { ...FLAGS[name], help, ...(def !== undefined ? { default: def } : {}) };
}

/** Flags every command takes, documented in every help. */
export const GLOBAL_FLAGS: readonly Flag[] = [
  bool("json", "print one JSON object as the last line of stdout"),
  bool("quiet", "no progress"),
  bool("verbose", "stack traces with errors"),
  bool("help", "this help (also -h)"),
];

/** Shared groups, spread into the commands that take them. */
export const TEXTS_GROUP: readonly Flag[] = [FLAGS.texts, FLAGS["text-column"], FLAGS["id-column"], FLAGS["skip-empty"]];
export const COLUMN_GROUP: readonly Flag[] = [FLAGS.column];
/** The SAE's k, as the checkpoint says or overridden, and its worker threads. */
export const SAE_GROUP: readonly Flag[] = [FLAGS.k, FLAGS["override-k"], FLAGS.workers];
/** How a static site stores its parts (`saejs site`, `saejs explore --out`). */
export const SITE_GROUP: readonly Flag[] = [
  as(
    "weights",
    "the SAE's weights in the site: f32 (exact), f16 (half the bytes; the largest\nrounding error is printed), or ref: the SAE's hf:// or https:// URL, read by\nthe page (checked against the codes by fingerprint)",
    "f32",
  ),
  as("vectors", "embeddings that re-rank the codes' candidates: f16, i8 (a scale per row), or\nf32 (exact: the same top 10 as the in-memory search)", "f16"),
  as("values", "code values: f16 (the largest rounding error is stated in search.json) or\nf32", "f16"),
  as(
    "candidates",
    "documents the page re-ranks with their embeddings per query, best by codes score\nfirst (default 300 read by range, 1,000 once the embeddings are in memory);\nall: every document, the exact ranking of the stored embeddings (with\n--vectors f32, the in-memory search's)",
  ),
  as("no-typed-queries", "leave the embedder out (30 MB for the default one): documents and features\nare the queries"),
];
export const EMBEDDER_GROUP: readonly Flag[] = [FLAGS.embedder, FLAGS["base-url"], FLAGS.model, FLAGS["api-key"], FLAGS.dim];

/** Every numeric flag's rule by name, from the catalog. */
export const NUMBER_FLAGS: Readonly<Record<string, NumberRule>> = Object.fromEntries(
  Object.values(FLAGS as Record<string, Flag>).flatMap((f) => (f.rule ? [[f.name, f.rule]] : [])),
);

/** A command's flags, each name once (the first wins: a command's own help over a group's). */
export function table(...groups: (Flag | readonly Flag[])[]): readonly Flag[] {
  const seen = new Set<string>();
  return groups.flat().filter((f) => !seen.has(f.name) && seen.add(f.name));
}

const NAME_COLUMN = 22;

/** "  --name VALUE    help" lines, continuation lines under the help. */
export function flagLines(flags: readonly Flag[]): string {
  return flags
    .map((f) => {
      const head = `  --${f.name}${f.value ? ` ${f.value}` : ""}`;
      const [first, ...rest] = `${f.help}${f.default !== undefined ? ` (default ${f.default})` : ""}`.split("\n");
      const pad = head.length + 2 > NAME_COLUMN + 2 ? `${head}  ` : head.padEnd(NAME_COLUMN + 2);
      return [pad + first, ...rest.map((l) => " ".repeat(NAME_COLUMN + 2) + l)].join("\n");
    })
    .join("\n");
}

/** A command's --help: its usage lines, what it does, every flag it takes (its own, then the global ones), and any notes. */
export function helpText(usage: string, about: string, flags: readonly Flag[], notes?: string): string {
  return [usage, about, flagLines([...flags, ...GLOBAL_FLAGS]), ...(notes ? [notes] : [])].join("\n");
}
