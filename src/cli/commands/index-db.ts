// `saejs index`: a corpus streamed into an SAE index on Postgres (PGlite in a folder, or a server).
import { SaeIndex } from "../../db/sae-index.js";
import { openTableIfAny } from "../../io/embeddings.js";
import { need, num, str, UsageError } from "../args.js";
import { command } from "../command.js";
import { saeSourceOf, tableCorpus, textCorpus } from "../db.js";
import { as, COLUMN_GROUP, EMBEDDER_GROUP, FLAGS, SAE_GROUP, table } from "../flags.js";
import { ENCODE_BATCH, loadModel } from "../inputs.js";
import { labelEmbedder, labelsFileOf } from "../label.js";
import { progress } from "../progress.js";
export const indexCommand = command({
  usage: `saejs index <corpus.(parquet|arrow|jsonl|csv|tsv|json|txt)> --sae <sae|hf://…> --db <dir|postgres://…> [options]`,
  about: `  Builds an SAE index on Postgres: documents, embeddings, codes, postings and feature statistics.
  Streams the corpus (Parquet and Arrow row group by row group), embeds texts where the corpus
  holds no embeddings, encodes in the worker pool and writes in batches of ${ENCODE_BATCH}, each in one
  transaction: after Ctrl-C or a crash, the same command carries on where it stopped (labelling
  too: finished labels are kept chunk by chunk). Ends with feature statistics, the HNSW index and
  offline labels. On a finished index it adds no rows: it applies --labels FILE (checked to be this
  SAE's), or labels an index that has none (built with --no-labels).`,
  flags: table(
    FLAGS.sae,
    as("db", "a folder for an embedded Postgres (PGlite, created if missing), or\npostgres://user:password@host:5432/db for a server with pgvector ≥ 0.7"),
    as("schema", "the Postgres schema of the index (default saejs): several indexes in one database"),
    COLUMN_GROUP,
    as("embeddings", "the embeddings of a text corpus (.npy, .parquet, .arrow), row for row"),
    as("text-column", "the texts (default: text, abstract, content…)"),
    as("title-column", "a column of titles"),
    as("id-column", "ids shown with each document (default: the row number)"),
    as("storage", "float32 (default) or float16 embeddings (halfvec: half the disk; needed above 2,000-d)"),
    as("hnsw-m", "HNSW links per node", "16"),
    as(
      "ef-construction",
      "HNSW's build-time candidate list: larger finds more of the exact top at 10^6\ndocuments, for a slower build (see README, Search a literature)",
      "64",
    ),
    as("labels", "labels from 'saejs label' (checked to be this SAE's) instead of offline ones"),
    FLAGS["no-labels"],
    SAE_GROUP,
    as(
      "embedder",
      `${FLAGS.embedder.help}\n(with embeddings in the corpus, --embedder names the model that made them,\nso that 'saejs search --db' embeds queries the same way)`,
    ),
    EMBEDDER_GROUP,
  ),
  maxArgs: 1,
  async run(p, io) {
    const corpusPath = need(p, 0, "a corpus"),
      saePath = str(p, "sae"),
      db = str(p, "db");
    if (!saePath) throw new UsageError("--sae is required: the SAE checkpoint to encode the corpus with");
    if (!db) throw new UsageError("--db is required: a folder (embedded Postgres) or postgres://… (a server)");
    const storage = str(p, "storage", "vector")!;
    if (storage !== "vector" && storage !== "halfvec") throw new UsageError(`--storage must be vector or halfvec, got '${storage}'`);
    const sae = await loadModel(saePath, p);
    try {
      if (p.flags.has("no-labels") && p.flags.has("labels")) throw new UsageError("--labels and --no-labels contradict each other; give one");
      const labelsFile = await labelsFileOf(p, sae);
      const labelWith = p.flags.has("no-labels") || labelsFile ? undefined : labelEmbedder(p, sae.nInputs, io);
      // The corpus is opened once: its head and footer read once (an hf:// file: one request).
      const table = await openTableIfAny(corpusPath);
      const corpus = table ? await tableCorpus(table, corpusPath, p, sae.nInputs, io) : await textCorpus(corpusPath, p, sae.nInputs, io);
      const bar = progress("index", io.stderr, io.quiet);
      const t0 = performance.now();
      try {
        const index = await SaeIndex.build(db, {
          ...(str(p, "schema") ? { schema: str(p, "schema")! } : {}),
          corpus: { name: corpus.name, rows: corpus.rows },
          batches: (from) => corpus.batches(from),
          sae,
          saeRecord: { source: saeSourceOf(saePath) },
          embedder: corpus.embedder,
          storage,
          hnsw: { m: num(p, "hnsw-m", 16, { min: 2 })!, efConstruction: num(p, "ef-construction", 64, { min: 4 })! },
          ...(p.flags.has("no-labels")
            ? { labels: false }
            : labelsFile
              ? { labels: labelsFile }
              : { labels: true, ...(labelWith ? { labelEmbedder: labelWith } : {}) }),
          signal: io.signal,
          onProgress: (stage, done, total) => bar.update(done, total, stage === "index" ? "" : stage),
        });
        const secs = (performance.now() - t0) / 1000;
        const live = (await index.sql.query<{ c: number }>(`SELECT count(*)::int AS c FROM ${index.schema}.features WHERE max_act > 0`))[0]!.c;
        await index.close();
        // Rows per second of the rows' own time (embedding, encoding, writing): statistics, the graph and labels are timed apart.
        const { ingest, finish, labels } = index.seconds;
        const note =
          index.added === 0
            ? `already complete: nothing to add${index.labelled ? `; ${index.labelled} labels applied${labelsFile ? ` from ${str(p, "labels")}` : ""} in ${labels.toFixed(1)} s` : ""}`
            : `${index.added} rows added in ${ingest.toFixed(1)} s (${(index.added / Math.max(ingest, 1e-3)).toFixed(0)} rows/s); ` +
              `statistics and HNSW ${finish.toFixed(1)} s${labels > 0 ? `; labels ${labels.toFixed(1)} s` : ""}`;
        bar.done(`${db}: ${corpus.rows} documents of ${corpus.name}, ${live} live features; ${note}`);
        return {
          db,
          schema: index.schema,
          documents: corpus.rows,
          added: index.added,
          labelled: index.labelled,
          liveFeatures: live,
          embedder: corpus.embedder?.name ?? null,
          seconds: secs,
          ingestSeconds: ingest,
          indexSeconds: finish,
          labelSeconds: labels,
        };
      } finally {
        await corpus.close();
      }
    } finally {
      await sae.dispose();
    }
  },
});
