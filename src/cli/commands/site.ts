// `saejs site`: steered search over a corpus as a folder any static host serves (no server, no key).
import { need, str, UsageError } from "../args.js";
import { command } from "../command.js";
import { exploreCorpus } from "../explore-corpus.js";
import { as, COLUMN_GROUP, EMBEDDER_GROUP, FLAGS, SAE_GROUP, SITE_GROUP, table } from "../flags.js";
import { checkOutDir, loadModel } from "../inputs.js";
import { siteStorage, writeStaticSite } from "../site.js";
import { SUITE_REPORT_FILE, suiteReportOf } from "../suite-report.js";

export const siteCommand = command({
  usage: "saejs site <corpus.(txt|csv|tsv|jsonl|json|parquet|arrow)> --sae <sae> --out DIR [--labels FILE] [--embeddings FILE]",
  about: `  Steered search over a corpus as a static site: typed queries embedded in the page, the
  explorer's sliders, feature pages and families, read from files any static host serves (npx serve,
  GitHub Pages, S3, a Hugging Face static Space). Documents are scored through their codes and
  re-ranked with stored embeddings read by range; a second visit comes from the browser's cache.`,
  flags: table(
    as("sae", "the SAE checkpoint (a path, an https:// URL or hf://owner/repo/file)"),
    as("out", "the site's folder (created; what an earlier site left there and this one has not\nis removed; other files are kept)"),
    as(
      "embeddings",
      "the corpus's embeddings [texts, d] (.npy, .parquet, .arrow); without it, a\ntable corpus's own embeddings column is used where it has one, else the\ncorpus is embedded (cached)",
    ),
    as("text-column", "CSV/TSV column, JSON(L) field or table column of the text", "text"),
    as("title-column", "a column or field of titles"),
    COLUMN_GROUP,
    as("labels", "labels from 'saejs label' (checked to be this SAE's); without it, the offline\nlabeller's"),
    as("compare", "a second SAE over the same embeddings, for each feature's nearest features there"),
    FLAGS.title,
    as("skip-empty", "leave out empty texts (as in 'saejs embed')"),
    FLAGS["suite-report"],
    SITE_GROUP,
    SAE_GROUP,
    EMBEDDER_GROUP,
  ),
  notes: `  Typed queries: the default embedder runs in the page (its 30 MB of model files are in the site);
  a corpus embedded by an HTTP service (--embedder http) makes the page ask each reader for their
  own key, kept in their browser; embeddings given without --embedder turn typed queries off.
  A corpus's other fields (CSV/TSV/JSON(L) fields, Parquet/Arrow text and integer columns) are shown
  with each document, and those with at most 1,000 distinct values (and no more than half as many
  as documents) become the page's filters.`,
  maxArgs: 1,
  async run(p, io) {
    const out = str(p, "out");
    if (!out) throw new UsageError("--out is required: the folder the site is written to");
    await checkOutDir(out);
    const saePath = str(p, "sae");
    if (!saePath) throw new UsageError("--sae is required: the SAE checkpoint whose features the site shows");
    const corpusPath = need(p, 0, "a corpus of texts");
    siteStorage(p, saePath);
    const sae = await loadModel(saePath, p);
    try {
      const report = await suiteReportOf(p, sae);
      const corpus = await exploreCorpus(p, io, sae, corpusPath, { metadata: true });
      if (report) corpus.explorer.suiteReport = SUITE_REPORT_FILE;
      return await writeStaticSite(p, io, sae, saePath, corpus, out, report);
    } finally {
      await sae.dispose();
    }
  },
});
