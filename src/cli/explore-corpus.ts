// A corpus made ready for the explorer, by `saejs explore` and `saejs site` alike: its texts, titles
// and metadata, its embeddings (given, a table's own column, or embedded and cached), the labels
// and the explorer's data.
import { basename } from "node:path";
import { SaeError } from "../core/errors.js";
import { embedCached } from "../embed/cache.js";
import type { Embedder } from "../embed/embedder.js";
import { buildExplorerData, type ExplorerData } from "../explore/site.js";
import { readRecords } from "../io/texts.js";
import { isTableSource } from "../io/embeddings.js";
import type { loadSae } from "../load.js";
import type { SiteDoc } from "../site/docs.js";
import { str, type Parsed } from "./args.js";
import { alignTexts, embedderOf, embeddingsOf, type Io, readInput, tableHasVectors, TEXT_NAMES, textsOf } from "./inputs.js";
import { compareSae, labelsOf } from "./label.js";
import { progress } from "./progress.js";

type Model = Awaited<ReturnType<typeof loadSae>>;

export interface ExploredCorpus {
  docs: SiteDoc[];
  /** [docs, d] the embeddings, row for row. */
  x: Float32Array;
  explorer: ExplorerData;
  /** The model that embeds typed queries in this space, where it is known. */
  queryEmbedder?: Embedder;
}

/** A CSV/TSV/JSON(L) corpus's other fields, row for row with its texts (a table's are not read: none). */
async function metadataOf(path: string, p: Parsed, rows: readonly number[] | undefined, count: number): Promise<SiteDoc["meta"][]> {
  if (await isTableSource(path)) return new Array(count).fill(undefined);
  const records = readRecords(basename(path), await readInput(path));
  if (!records?.length) return new Array(count).fill(undefined);
  const keys = Object.keys(records[0]!);
  const textName = str(p, "text-column") ?? TEXT_NAMES.find((k) => keys.includes(k)) ?? "text";
  const skip = new Set([textName, str(p, "title-column") ?? "title"]);
  const pick = (r: Record<string, unknown>) => {
    const m: NonNullable<SiteDoc["meta"]> = {};
    for (const [k, v] of Object.entries(r))
      if (!skip.has(k) && (v === null || ["string", "number", "boolean"].includes(typeof v))) m[k] = v as string | number | boolean | null;
    return m;
  };
  return (rows ?? records.map((_, i) => i)).map((i) => pick(records[i]!));
}

export async function exploreCorpus(p: Parsed, io: Io, sae: Model, corpusPath: string, options: { metadata?: boolean } = {}): Promise<ExploredCorpus> {
  const t = await textsOf(corpusPath, p);
  const list = t.texts;
  const titleColumn = str(p, "title-column"),
    kept = t.kept && new Set(t.kept);
  const titles = titleColumn
    ? (await textsOf(corpusPath, p, titleColumn, "title-column", { allowEmpty: true })).texts.filter((_, i) => !kept || kept.has(i))
    : list.map((s) => (s.length > 60 ? `${s.slice(0, 60).replace(/\s+\S*$/, "")}…` : s));
  let x: Float32Array,
    embedder = "precomputed",
    queryEmbedder: Embedder | undefined;
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
  const meta = options.metadata ? await metadataOf(corpusPath, p, t.kept, list.length) : [];
  const docs: SiteDoc[] = list.map((text, i) => ({ title: titles[i]!, text, ...(meta[i] ? { meta: meta[i] } : {}) }));
  const explorer = await buildExplorerData(sae, docs, x, {
    title: str(p, "title", `sae.js explorer: ${basename(corpusPath)}`)!,
    embedder,
    signal: io.signal,
    labels,
    ...(compare ? { compare } : {}),
    onProgress: (stage, done, total) => bar.update(done, total, stage),
  });
  bar.done(`${sae.nLatents} features over ${list.length} documents: ${explorer.families.length} families, ${explorer.histogram.dead} never fired`);
  return { docs, x, explorer, ...(queryEmbedder ? { queryEmbedder } : {}) };
}
