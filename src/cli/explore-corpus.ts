// A corpus made ready for the explorer, by `saejs explore` and `saejs site` alike: its texts, titles
// and metadata, its embeddings (given, a table's own column, or embedded and cached), the labels
// and the explorer's data.
import { basename } from "node:path";
import { SaeError } from "../core/errors.js";
import { embedCached } from "../embed/cache.js";
import type { Embedder } from "../embed/embedder.js";
import { buildExplorerData, type ExplorerData } from "../explore/site.js";
import { readRecords } from "../io/texts.js";
import { isTableSource, openTable } from "../io/embeddings.js";
import { pickColumn } from "../io/table.js";
import { metadataOf } from "./db.js";
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

/** A Parquet or Arrow corpus's other text and integer columns, row by row (as an index keeps them). */
async function tableMetadata(path: string, p: Parsed): Promise<SiteDoc["meta"][]> {
  const t = await openTable(path);
  try {
    const text = pickColumn(t, "text", str(p, "text-column"), "text-column", TEXT_NAMES);
    const title = str(p, "title-column") ?? "title";
    const meta = t.columns.filter((c) => (c.kind === "text" || c.kind === "integer") && ![text, title].includes(c.name));
    const columns = await Promise.all(
      meta.map(async (c) => {
        const values: (string | null)[] = [];
        for (let g = 0; g < t.groups.length; g++) values.push(...(await t.strings(g, c.name)));
        return { name: c.name, integer: c.kind === "integer", values };
      }),
    );
    return Array.from({ length: t.rows }, (_, r) => metadataOf(columns, r) as NonNullable<SiteDoc["meta"]>);
  } finally {
    await t.close();
  }
}

/** A corpus's other fields, row for row with its texts: a table's other columns, a CSV/TSV/JSON(L) file's other fields. */
async function corpusMetadata(path: string, p: Parsed, rows: readonly number[] | undefined, count: number): Promise<SiteDoc["meta"][]> {
  if (await isTableSource(path)) {
    const all = await tableMetadata(path, p);
    return rows ? rows.map((r) => all[r]) : all;
  }
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
  const meta = options.metadata ? await corpusMetadata(corpusPath, p, t.kept, list.length) : [];
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
