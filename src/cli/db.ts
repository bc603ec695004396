// What `saejs index` and `saejs search --db` share with no other command: a corpus read for an index
// (table or text file, row batches from any row on), and free-text steered search over an index.
import { basename, resolve } from "node:path";
import { SaeError } from "../core/errors.js";
import { sourceKind } from "../core/source-kind.js";
import type { IndexBatch } from "../db/ingest.js";
import { SaeIndex } from "../db/sae-index.js";
import { steerModeOf, type SteerMode } from "../explore/steer.js";
import type { EmbedderRecord } from "../db/schema.js";
import type { Embedder } from "../embed/embedder.js";
import { HttpEmbedder } from "../embed/http.js";
import { tableRows, type EmbeddingRows } from "../io/embeddings.js";
import { pickColumn, type ColumnarTable } from "../io/table.js";
import { readRecords, readTextRows } from "../io/texts.js";
import { num, str, UsageError, type Parsed } from "./args.js";
import { type Io, embedderOf, embeddingRowsOf, loadModel, idColumn, readInput, TEXT_NAMES, ENCODE_BATCH, widthError } from "./inputs.js";
import { oneLine } from "./progress.js";

/** A corpus for indexing: its rows in batches from any row on, and the embedder its vectors came from. */
interface Corpus {
  name: string;
  rows: number;
  embedder: EmbedderRecord | null;
  batches(from: number): AsyncIterable<IndexBatch>;
  close(): Promise<void>;
}

export function embedderRecord(e: Embedder): EmbedderRecord {
  if (e instanceof HttpEmbedder) return { kind: "http", name: e.name, dim: e.dim, baseUrl: e.baseUrl, model: e.model };
  return { kind: "use", name: e.name, dim: e.dim };
}

/** Texts of rows [start, start + n) checked embeddable: a row without a text is named, with the way out. */
function embeddable(name: string, texts: readonly (string | null)[], start: number): string[] {
  return texts.map((t, j) => {
    if (typeof t !== "string" || !t.trim())
      throw new SaeError("E_ARG", `${name}: row ${start + j} has no text to embed; remove it, or give the corpus's embeddings (--column, --embeddings)`);
    return t;
  });
}

/** Metadata values as JSON: integers of a table arrive as strings and go back to numbers. */
export function metadataOf(columns: { name: string; integer: boolean; values: readonly (string | null)[] }[], r: number): Record<string, unknown> {
  const m: Record<string, unknown> = {};
  for (const c of columns) {
    const v = c.values[r];
    m[c.name] = v !== null && v !== undefined && c.integer && Number.isSafeInteger(Number(v)) ? Number(v) : (v ?? null);
  }
  return m;
}

/**
 * A Parquet or Arrow corpus, opened once by the caller: read row group by row group (embeddings
 * from a column, or embedded); closing the corpus closes the table.
 */
export async function tableCorpus(t: ColumnarTable, path: string, p: Parsed, d: number, io: Io): Promise<Corpus> {
  const name = basename(path);
  let emb: EmbeddingRows | undefined;
  try {
    const hasVectors = p.flags.has("column") || t.columns.some((c) => c.kind === "vector");
    const textName = str(p, "text-column");
    const text =
      hasVectors && textName === undefined && !t.columns.some((c) => c.kind === "text")
        ? undefined
        : pickColumn(t, "text", textName, "text-column", TEXT_NAMES);
    const titleName = str(p, "title-column");
    const title =
      titleName !== undefined
        ? pickColumn(t, "text", titleName, "title-column")
        : t.columns.some((c) => c.name === "title" && c.kind === "text" && c.name !== text)
          ? "title"
          : undefined;
    const id = str(p, "id-column") !== undefined ? idColumn(t, str(p, "id-column")).name : undefined;
    const meta = t.columns.filter((c) => (c.kind === "text" || c.kind === "integer") && ![text, title, id].includes(c.name));
    const column = str(p, "column");
    emb = hasVectors ? await tableRows(t, column !== undefined ? { column } : {}) : undefined;
    if (emb && emb.cols !== d) throw widthError(path, emb.rows, emb.cols, d);
    const rows = emb;
    const embedder = hasVectors && !p.flags.has("embedder") ? undefined : embedderOf(p);
    if (!emb && !text) throw new UsageError(`${name} has neither embeddings nor texts to embed`);
    return {
      name,
      rows: t.rows,
      embedder: embedder ? embedderRecord(embedder) : null,
      async *batches(from) {
        for (let g = 0; g < t.groups.length; g++) {
          const grp = t.groups[g]!;
          if (grp.start + grp.rows <= from) continue;
          const col = async (c: string | undefined) => (c === undefined ? undefined : await t.strings(g, c));
          const [texts, titles, ids] = [await col(text), await col(title), await col(id)];
          const metaCols = await Promise.all(meta.map(async (c) => ({ name: c.name, integer: c.kind === "integer", values: await t.strings(g, c.name) })));
          for (let at = Math.max(from, grp.start); at < grp.start + grp.rows; at += ENCODE_BATCH) {
            const n = Math.min(ENCODE_BATCH, grp.start + grp.rows - at),
              o = at - grp.start;
            const slice = <T>(a: readonly T[] | undefined) => a?.slice(o, o + n);
            const embeddings = rows ? await rows.read(at, n) : await embedder!.embed(embeddable(name, slice(texts)!, at), { signal: io.signal });
            yield {
              start: at,
              rows: n,
              embeddings,
              ...(ids ? { ids: slice(ids)! } : {}),
              ...(titles ? { titles: slice(titles)! } : {}),
              ...(texts ? { texts: slice(texts)! } : {}),
              metadata: Array.from({ length: n }, (_, r) => metadataOf(metaCols, o + r)),
            };
          }
        }
      },
      async close() {
        await (rows ?? t).close(); // the rows close their table
      },
    };
  } catch (e) {
    await (emb ?? t).close();
    throw e;
  }
}

/** A CSV/TSV/JSON(L)/text corpus: read whole; its other fields become metadata; embedded batch by batch. */
export async function textCorpus(path: string, p: Parsed, d: number, io: Io): Promise<Corpus> {
  const name = basename(path),
    content = await readInput(path);
  const records = readRecords(name, content);
  const keys = records?.[0] ? Object.keys(records[0]) : [];
  const textName = str(p, "text-column") ?? (records ? (TEXT_NAMES.find((k) => keys.includes(k)) ?? "text") : undefined);
  const texts = readTextRows(name, content, textName !== undefined ? { column: textName } : {}).texts;
  const field = (flag: string, fallback?: string) => {
    const f = str(p, flag) ?? (fallback && keys.includes(fallback) && fallback !== textName ? fallback : undefined);
    if (f !== undefined && !records) throw new UsageError(`--${flag}: ${name} is one text per line, with no columns`);
    if (f !== undefined && !keys.includes(f)) throw new SaeError("E_ARG", `${name}: no column '${f}'; columns: ${keys.join(", ")}`);
    return f;
  };
  const title = field("title-column", "title"),
    id = field("id-column");
  const values = (f: string | undefined) => (f === undefined ? undefined : records!.map((r) => (r[f] === null || r[f] === undefined ? null : String(r[f]))));
  const titles = values(title),
    ids = values(id);
  const embPath = str(p, "embeddings");
  const emb = embPath ? await embeddingRowsOf(embPath, p, d) : undefined;
  if (emb && emb.rows !== texts.length) {
    await emb.close();
    throw new SaeError("E_SHAPE", `${name} holds ${texts.length} texts but ${embPath} ${emb.rows} rows; they must line up row for row`);
  }
  const embedder = emb && !p.flags.has("embedder") ? undefined : embedderOf(p);
  return {
    name,
    rows: texts.length,
    embedder: embedder ? embedderRecord(embedder) : null,
    async *batches(from) {
      for (let at = from; at < texts.length; at += ENCODE_BATCH) {
        const n = Math.min(ENCODE_BATCH, texts.length - at);
        yield {
          start: at,
          rows: n,
          embeddings: emb ? await emb.read(at, n) : await embedder!.embed(texts.slice(at, at + n), { signal: io.signal }),
          texts: texts.slice(at, at + n),
          ...(ids ? { ids: ids.slice(at, at + n) } : {}),
          ...(titles ? { titles: titles.slice(at, at + n) } : {}),
          ...(records
            ? { metadata: records.slice(at, at + n).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => ![textName, title, id].includes(k)))) }
            : {}),
        };
      }
    },
    close: async () => emb?.close(),
  };
}

/** The checkpoint as the index records it: a local path made absolute, a URL as given. */
export const saeSourceOf = (s: string) => (sourceKind(s) === "path" ? resolve(s) : s);

/** --steer-mode, checked by the library's one check (a usage error here). */
export function steerModeFlag(p: Parsed): SteerMode {
  try {
    return steerModeOf(str(p, "steer-mode", "edit"), "--steer-mode");
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** --steer I=V … as a map. */
export function steerFlags(p: Parsed): Map<number, number> {
  return new Map(
    (p.all.get("steer") ?? []).map((a) => {
      const m = /^(\d+)=([+-]?\d*\.?\d+(?:e[+-]?\d+)?)$/i.exec(a);
      if (!m) throw new UsageError(`--steer takes LATENT=VALUE, e.g. 123=+10, got '${a}'`);
      return [Number(m[1]), Number(m[2])] as [number, number];
    }),
  );
}

/** `saejs search --db … "query"`: the query embedded as the corpus was, steered, ranked in Postgres. */
export async function searchDb(p: Parsed, io: Io): Promise<object> {
  if (p.positional.length !== 1) throw new UsageError(`with --db, give one argument: the query (got ${p.positional.length})`);
  const query = p.positional[0]!;
  if (!query.trim()) throw new UsageError("the query is empty");
  const limit = num(p, "limit", undefined, { min: 1 }) ?? num(p, "top", 10, { min: 1 })!;
  const mode = steerModeFlag(p);
  const steer = steerFlags(p);
  const saePath = str(p, "sae");
  const sae = saePath ? await loadModel(saePath, p) : undefined;
  try {
    const index = await SaeIndex.open(str(p, "db")!, {
      ...(str(p, "schema") ? { schema: str(p, "schema")! } : {}),
      ...(sae ? { sae } : {}),
      ...(p.flags.has("embedder") ? { embedder: embedderOf(p) } : {}),
    });
    try {
      for (const i of steer.keys()) if (i >= index.meta.sae.n) throw new UsageError(`--steer ${i}=…: the SAE has latents 0…${index.meta.sae.n - 1}`);
      const where = str(p, "where");
      const ef = num(p, "ef-search", undefined, { min: 1 });
      if (ef !== undefined && p.flags.has("exact")) throw new UsageError("--ef-search tunes HNSW; --exact scans every document instead: give one");
      const r = await index.search(query, {
        limit,
        mode,
        steer,
        exact: p.flags.has("exact"),
        signal: io.signal,
        ...(where ? { where } : {}),
        ...(ef !== undefined ? { efSearch: ef } : {}),
      });
      const features = r.features.map((f) => ({ index: f.index, value: f.value, label: f.label, density: f.density, meanAct: f.meanAct, maxAct: f.maxAct }));
      io.say(
        features.length
          ? `query features${steer.size ? ` (steered, ${mode})` : ""}: value; over the corpus: density, mean, max`
          : "query features: (none active)",
      );
      for (const f of features)
        io.say(
          `  #${f.index}  ${f.value.toFixed(3)}  "${f.label || "(no label)"}"  ${(100 * f.density).toFixed(2)} %, mean ${f.meanAct.toFixed(3)}, max ${f.maxAct.toFixed(3)}`,
        );
      io.say(`${r.hits.length} documents (${p.flags.has("exact") ? "exact" : "HNSW"}${where ? `, where ${where}` : ""}):`);
      for (const h of r.hits) io.say(`${h.score.toFixed(4)}  [${h.id}]  ${oneLine(h.title || h.text || "", 150)}`);
      return {
        query,
        ...(steer.size ? { steer: Object.fromEntries(steer), mode } : {}),
        exact: p.flags.has("exact"),
        hits: r.hits.map((h) => ({ id: h.id, row: h.row, score: h.score, title: h.title })),
        features,
      };
    } finally {
      await index.close();
    }
  } finally {
    await sae?.dispose();
  }
}
