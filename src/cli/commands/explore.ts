// `saejs explore`: the feature explorer in the browser, served on 127.0.0.1 or written as a static site.
import { basename } from "node:path";
import { SaeError } from "../../core/errors.js";
import { SaeIndex } from "../../db/sae-index.js";
import { embedCached } from "../../embed/cache.js";
import type { Embedder } from "../../embed/embedder.js";
import { buildExplorerData } from "../../explore/site.js";
import { writeNpy } from "../../io/npy.js";
import { serializeSae } from "../../load.js";
import { need, num, str, UsageError } from "../args.js";
import { command } from "../command.js";
import { serveSite, siteFiles, writeSite, type SiteApi, type SiteFiles } from "../explore.js";
import { embedApi, indexApi, indexExplorerData } from "../explore-db.js";
import { as, COLUMN_GROUP, EMBEDDER_GROUP, FLAGS, SAE_GROUP, table } from "../flags.js";
import { alignTexts, checkOutDir, embedderOf, embeddingsOf, tableHasVectors, textsOf, withModel } from "../inputs.js";
import { compareSae, labelsOf } from "../label.js";
import { progress } from "../progress.js";

export const exploreCommand = command({
  usage: `saejs explore <sae> <corpus.(txt|csv|tsv|jsonl|json|parquet|arrow)> [--embeddings FILE] [--out DIR] [--port 8765]
       saejs explore --db <dir|postgres://…> [--port 8765]`,
  about: `  The feature explorer in the browser: features with labels and density, top documents and hard
  negatives, the density histogram, family trees, and steered search with sliders. Serves it on
  127.0.0.1 until Ctrl-C, or with --out writes a static site for any static host (no CDN, offline).`,
  flags: table(
    as(
      "embeddings",
      "the corpus's embeddings [texts, d] (.npy, .parquet, .arrow); without it, a\ntable corpus's own embeddings column is used where it has one, else the\ncorpus is embedded (cached)",
    ),
    as("out", "write a static site into this folder instead of serving"),
    as("text-column", "CSV/TSV column, JSON(L) field or table column of the text", "text"),
    as("title-column", "a column or field of titles"),
    COLUMN_GROUP,
    as("labels", "labels from 'saejs label' (offline or LLM; checked to be this SAE's); without\nit, the offline labeller's (the same as 'saejs label' makes)"),
    as(
      "compare",
      "a second SAE over the same embeddings: each feature's page lists its\nnearest features there by decoder cosine (the 16 → 32 → 64 splitting)",
    ),
    FLAGS.title,
    as("port", "the port (0: any free one)", "8765"),
    as("host", "the address to listen on", "127.0.0.1"),
    as("skip-empty", "leave out empty texts (as in 'saejs embed')"),
    as("db", "explore an index built by 'saejs index' instead: pages come from SQL through\nthe server (the corpus never loads into the page)"),
    as("schema", "the index's Postgres schema (default saejs)"),
    SAE_GROUP,
    EMBEDDER_GROUP,
  ),
  notes: `  Typed queries are embedded by the server (with the corpus's embedder: --embedder where the
  corpus came with embeddings), so an API key never reaches the page; a static site (--out) has none.`,
  maxArgs: 2,
  servesUntilInterrupt: true,
  async run(p, io) {
    const out = str(p, "out");
    if (out) await checkOutDir(out);
    const port = num(p, "port", 8765, { min: 0 })!;
    if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
    const serve = async (files: SiteFiles, api: SiteApi) => {
      const { server, url } = await serveSite(files, { host: str(p, "host", "127.0.0.1")!, port, api });
      // In --json mode the one JSON line comes at exit, so the address goes to stderr now.
      if (io.json) io.stderr.write(`explorer: ${url}\n`);
      else io.say(`explorer: ${url}  (Ctrl-C stops it)`);
      await new Promise((resolve) => (io.signal.aborted ? resolve(undefined) : io.signal.addEventListener("abort", resolve, { once: true })));
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      return { url };
    };
    const db = str(p, "db");
    if (db) {
      if (p.positional.length) throw new UsageError("with --db, the SAE and the corpus come from the index: give no arguments");
      if (out) throw new UsageError("an explorer over an index needs its server (pages come from SQL): drop --out");
      const index = await SaeIndex.open(db, {
        ...(str(p, "schema") ? { schema: str(p, "schema")! } : {}),
        ...(p.flags.has("embedder") ? { embedder: embedderOf(p) } : {}),
      });
      try {
        const explorer = await indexExplorerData(index, str(p, "title", `sae.js explorer: ${index.meta.corpus.name}`)!);
        return await serve(await siteFiles({ explorer }), indexApi(index));
      } finally {
        await index.close();
      }
    }
    const corpusPath = need(p, 1, "a corpus of texts");
    let queryEmbedder: Embedder | undefined;
    const files = await withModel(p, async (sae) => {
      const t = await textsOf(corpusPath, p);
      const list = t.texts;
      const titleColumn = str(p, "title-column"),
        kept = t.kept && new Set(t.kept);
      const titles = titleColumn
        ? (await textsOf(corpusPath, p, titleColumn, "title-column", { allowEmpty: true })).texts.filter((_, i) => !kept || kept.has(i))
        : list.map((s) => (s.length > 60 ? `${s.slice(0, 60).replace(/\s+\S*$/, "")}…` : s));
      let x: Float32Array,
        embedder = "precomputed";
      const embPath = str(p, "embeddings") ?? ((await tableHasVectors(corpusPath, p)) ? corpusPath : undefined);
      if (embPath) {
        const e = await embeddingsOf(embPath, sae.nInputs, p);
        alignTexts(t, corpusPath, e, embPath);
        x = e.data;
      } else {
        const e = embedderOf(p);
        if (e.dim !== sae.nInputs)
          throw new SaeError("E_SHAPE", `the embedder ${e.name} gives ${e.dim}-d vectors but the SAE reads ${sae.nInputs}-d inputs; pass --embeddings`);
        x = (await embedCached(list, e, { log: io.quiet ? undefined : io.say, signal: io.signal })).x;
        embedder = e.name;
        queryEmbedder = e;
      }
      // Embeddings given: typed queries need the model that made them named (--embedder).
      if (embPath && p.flags.has("embedder")) {
        queryEmbedder = embedderOf(p);
        if (queryEmbedder.dim !== sae.nInputs)
          throw new SaeError("E_SHAPE", `the embedder ${queryEmbedder.name} gives ${queryEmbedder.dim}-d vectors but the SAE reads ${sae.nInputs}-d inputs`);
        embedder = queryEmbedder.name;
      }
      // Labels: the file's, else the offline labeller's (cached), with phrases embedded by the corpus's embedder where known.
      const labels = await labelsOf(
        p,
        sae,
        { texts: list, x, d: sae.nInputs, codes: await sae.encode(x, undefined, { signal: io.signal }), nLatents: sae.nLatents },
        io,
        queryEmbedder ? { embedder: queryEmbedder } : {},
      );
      const comparePath = str(p, "compare");
      const compare = comparePath ? await compareSae(comparePath, sae.nInputs) : undefined;
      const bar = progress("explore", io.stderr, io.quiet);
      const docs = list.map((text, i) => ({ title: titles[i]!, text }));
      const explorer = await buildExplorerData(sae, docs, x, {
        title: str(p, "title", `sae.js explorer: ${basename(corpusPath)}`)!,
        embedder,
        signal: io.signal,
        labels,
        ...(compare ? { compare } : {}),
        onProgress: (stage, done, total) => bar.update(done, total, stage),
      });
      bar.done(`${sae.nLatents} features over ${list.length} documents: ${explorer.families.length} families, ${explorer.histogram.dead} never fired`);
      if (queryEmbedder && !out) explorer.api = ["embed"];
      return siteFiles({
        explorer,
        docs,
        model: await serializeSae(sae, "safetensors"),
        embeddings: writeNpy(x, [list.length, sae.nInputs]),
      });
    });
    if (out) {
      await writeSite(files, out);
      io.say(`wrote the explorer to ${out}/ (${[...files.keys()].join(", ")}); serve it with any static file server`);
      return { out, files: [...files.keys()] };
    }
    return serve(files, queryEmbedder ? embedApi(queryEmbedder) : {});
  },
});
