// `saejs search`: semantic search over embedded texts (in memory, or an index with --db), with the
// query's active features, optionally steered.
import { SaeError } from "../../core/errors.js";
import { featureStats } from "../../explore/features.js";
import { SearchIndex } from "../../kernels/rank.js";
import { steeredSearch } from "../../explore/steer.js";
import { need, num, UsageError } from "../args.js";
import { command } from "../command.js";
import { searchDb, steerFlags, steerModeFlag } from "../db.js";
import { as, COLUMN_GROUP, EMBEDDER_GROUP, FLAGS, SAE_GROUP, table, TEXTS_GROUP } from "../flags.js";
import { alignTexts, embedderOf, embeddingsOf, idsOf, sourceRow, textsFileOf, textsOf, withModel } from "../inputs.js";
import { labelsFor } from "../label.js";
import { oneLine } from "../progress.js";

export const searchCommand = command({
  usage: `saejs search <sae> <embeddings> [--texts FILE] "query" [--top 5] [--steer I=V ...]
       saejs search --db <dir|postgres://…> "query" [--exact] [--limit N] [--where SQL] [--steer I=V ...]`,
  about: `  Semantic search over embedded texts, with the query's active features, optionally steered.
  The query is embedded with the corpus's embedder and documents are ranked by dot product.
  Each active feature of the query is shown with its label and its activations over the corpus
  (mean and max): steering values in that range move a query the way real documents differ.`,
  flags: table(
    as(
      "steer",
      "steer latent I (repeatable): with --steer-mode edit (default) set its value\nin the query's codes (0 removes it); add: add V·decoder[:, I] to the query;\nclamp: clamp its pre-activation to V and redo the top-k",
    ),
    as("steer-mode", "how --steer moves the query", "edit"),
    as("top", "documents to show (default 5; with --db 10); --limit is the same"),
    as("limit", "documents to show; --top is the same"),
    as("db", "search an index built by 'saejs index' (then the one argument is the query)"),
    FLAGS.exact,
    as(
      "where",
      "a condition on the documents (id, title, text, metadata jsonb), e.g.\n\"metadata->>'categories' LIKE 'astro-ph%'\"; searches run read-only, and\none past SAEJS_STATEMENT_TIMEOUT ms (default 30000) is stopped, E_DB",
    ),
    as(
      "ef-search",
      "HNSW's candidate list (default 200, at most 1000): larger finds more of the\nexact top, slower (at 10^6 documents: 400, with --hnsw-m 32 at index time)",
    ),
    as("schema", "the index's Postgres schema (default saejs)"),
    as("sae", "with --db: an SAE checkpoint instead of the index's own"),
    TEXTS_GROUP,
    COLUMN_GROUP,
    as("labels", "labels from 'saejs label' (checked to be this SAE's) for the query's features"),
    SAE_GROUP,
    EMBEDDER_GROUP,
  ),
  maxArgs: 3,
  async run(p, io) {
    if (p.flags.has("db")) return searchDb(p, io);
    for (const f of ["exact", "where", "schema", "sae", "ef-search"]) if (p.flags.has(f)) throw new UsageError(`--${f} applies to an index: give --db`);
    const emb = need(p, 1, "embeddings"),
      query = need(p, 2, "a query"),
      tfile = await textsFileOf(p, emb);
    if (!query.trim()) throw new UsageError("the query is empty");
    const top = num(p, "limit", undefined, { min: 1 }) ?? num(p, "top", 5, { min: 1 })!;
    const steerArgs = p.all.get("steer") ?? [];
    const steer = steerFlags(p);
    const mode = steerModeFlag(p);
    return withModel(p, async (sae) => {
      for (const i of steer.keys()) if (i >= sae.nLatents) throw new UsageError(`--steer ${i}=…: the SAE has latents 0…${sae.nLatents - 1}`);
      const x = await embeddingsOf(emb, sae.nInputs, p);
      const t = await textsOf(tfile, p);
      alignTexts(t, tfile, x, emb);
      const ids = await idsOf(tfile, p);
      const e = embedderOf(p);
      if (e.dim !== x.cols)
        throw new SaeError(
          "E_SHAPE",
          `the embedder ${e.name} gives ${e.dim}-d vectors, the corpus ${emb} is ${x.cols}-d; use the embedder the corpus was embedded with`,
        );
      const q = await e.embed([query], { signal: io.signal });
      const corpusCodes = await sae.encode(x, undefined, { signal: io.signal });
      const stats = featureStats(corpusCodes, sae.nLatents, 1);
      const index = await SearchIndex.create(x.data, x.cols);
      try {
        const hit = (s: { doc: number; score: number }) => ({
          doc: sourceRow(t, s.doc),
          ...(ids ? { id: ids.ids[sourceRow(t, s.doc)]! } : {}),
          score: s.score,
          text: t.texts[s.doc]!,
        });
        const shown = (r: { id?: string; text: string }) => `${r.id !== undefined ? `[${oneLine(r.id, 40)}]  ` : ""}${oneLine(r.text, 150)}`;
        const found = await steeredSearch(sae, index, q, { steering: steer, mode, top });
        const results = found.results.map(hit);
        const codes = await sae.encode(q);
        const active = Array.from(codes.indices).filter((_, j) => codes.values[j]! > 0);
        const labels = await labelsFor(p, sae, { texts: t.texts, x: x.data, d: x.cols, codes: corpusCodes, nLatents: sae.nLatents }, active, io, e);
        const features = Array.from(codes.indices, (i, j) => ({ index: i, value: codes.values[j]! }))
          .filter((f) => f.value > 0)
          .map((f) => ({
            ...f,
            label: labels.get(f.index)?.label ?? "",
            corpusMean: stats.meanAct[f.index]!,
            corpusMax: stats.maxAct[f.index]!,
            corpusDensity: stats.density[f.index]!,
          }));
        io.say(features.length ? "query features (value; over the corpus: mean, max activation → sensible --steer values):" : "query features: (none active)");
        for (const f of features) {
          io.say(
            `  #${f.index}  ${f.value.toFixed(3)}  "${oneLine(f.label, 200) || "(fires on no corpus text)"}"  corpus mean ${f.corpusMean.toFixed(3)}, max ${f.corpusMax.toFixed(3)}  → --steer ${f.index}=0 removes it, ${f.index}=${f.corpusMax.toFixed(2)} as strong as the corpus's strongest`,
          );
        }
        if (!found.steered) {
          for (const r of results) io.say(`${r.score.toFixed(4)}  ${shown(r)}`);
          return { query, features, results };
        }
        const steered = found.steered.map((s) => ({ ...hit(s), wasRank: s.wasRank }));
        io.say(`steered (${mode}: ${steerArgs.join(", ")}):`);
        for (const r of steered) io.say(`${r.score.toFixed(4)}  (was #${r.wasRank})  ${shown(r)}`);
        return { query, features, results, steer: Object.fromEntries(steer), mode, steered };
      } finally {
        index.dispose();
      }
    });
  },
});
