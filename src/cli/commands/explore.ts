// `saejs explore`: the feature explorer in the browser, served on 127.0.0.1 or written as a static
// site (the same folder as `saejs site`).
import { SaeIndex } from "../../db/sae-index.js";
import { writeNpy } from "../../io/npy.js";
import { serializeSae } from "../../load.js";
import { need, num, str, UsageError } from "../args.js";
import { command } from "../command.js";
import { serveSite, siteFiles, type SiteApi } from "../explore.js";
import { exploreCorpus } from "../explore-corpus.js";
import { embedApi, indexApi, indexExplorerData } from "../explore-db.js";
import { as, COLUMN_GROUP, EMBEDDER_GROUP, FLAGS, SAE_GROUP, SITE_GROUP, table } from "../flags.js";
import { checkOutDir, embedderOf, withModel } from "../inputs.js";
import { siteStorage, writeStaticSite, type SiteFiles } from "../site.js";
import { SUITE_REPORT_FILE, suiteReportOf } from "../suite-report.js";

export const exploreCommand = command({
  usage: `saejs explore <sae> <corpus.(txt|csv|tsv|jsonl|json|parquet|arrow)> [--embeddings FILE] [--out DIR] [--port 8765]
       saejs explore --db <dir|postgres://…> [--port 8765]`,
  about: `  The feature explorer in the browser: features with labels and density, top documents and hard
  negatives, the density histogram, family trees, and steered search with sliders. Serves it on
  127.0.0.1 until Ctrl-C, or with --out writes the static site 'saejs site' writes.`,
  flags: table(
    as(
      "embeddings",
      "the corpus's embeddings [texts, d] (.npy, .parquet, .arrow); without it, a\ntable corpus's own embeddings column is used where it has one, else the\ncorpus is embedded (cached)",
    ),
    as("out", "write a static site into this folder instead of serving (as 'saejs site')"),
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
    FLAGS["suite-report"],
    SITE_GROUP,
    SAE_GROUP,
    EMBEDDER_GROUP,
  ),
  notes: `  Served, typed queries are embedded by the server (with the corpus's embedder: --embedder where
  the corpus came with embeddings), so an API key never reaches the page. A static site (--out)
  embeds them in the page: see 'saejs site --help'.`,
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
      if (p.flags.has("suite-report")) throw new UsageError("--suite-report links a report beside an SAE and a corpus; an index's explorer does not take one");
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
    const saePath = need(p, 0, "an SAE checkpoint");
    if (out) siteStorage(p, saePath);
    return withModel(p, async (sae) => {
      const report = await suiteReportOf(p, sae);
      const corpus = await exploreCorpus(p, io, sae, corpusPath, { metadata: Boolean(out) });
      if (report) corpus.explorer.suiteReport = SUITE_REPORT_FILE;
      if (out) return writeStaticSite(p, io, sae, saePath, corpus, out, report);
      if (corpus.queryEmbedder) corpus.explorer.api = ["embed"];
      const files = await siteFiles({
        explorer: corpus.explorer,
        docs: corpus.docs,
        model: await serializeSae(sae, "safetensors"),
        embeddings: writeNpy(corpus.x, [corpus.docs.length, sae.nInputs]),
      });
      if (report) files.set(SUITE_REPORT_FILE, report);
      return serve(files, corpus.queryEmbedder ? embedApi(corpus.queryEmbedder) : {});
    });
  },
});
