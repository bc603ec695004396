// `saejs explore --db`: the explorer over an SAE index. The page gets the feature list at once and
// everything else from SQL through the server's API (a feature's documents, query documents, steered
// search), so the corpus never has to fit in the page. Typed queries are embedded by the server.
import { SaeError } from "../core/errors.js";
import type { SaeIndex } from "../db/sae-index.js";
import type { Embedder } from "../embed/embedder.js";
import { logDensityHistogram } from "../explore/features.js";
import { matryoshkaTreeOf } from "../explore/matryoshka.js";
import { queryCodes, steerModeOf } from "../explore/steer.js";
import type { ExplorerData } from "../explore/site.js";
import type { SiteApi } from "./explore.js";

/** Texts sent to the page are cut here: enough to read, not a whole paper per hit. */
const TEXT_CHARS = 600;
const MAX_QUERY_CHARS = 4000;

const cut = (t: string | null) => (t && t.length > TEXT_CHARS ? `${t.slice(0, TEXT_CHARS)}…` : (t ?? ""));
const doc = (d: { row: number; id: string; title: string | null; text: string | null }) => ({ row: d.row, id: d.id, title: d.title ?? "", text: cut(d.text) });

function bad(message: string): never {
  throw new SaeError("E_ARG", message);
}

function intOf(v: unknown, what: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) bad(`${what} must be an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
  return v;
}

/** A query from the page: typed text, or a corpus row. */
function textOf(body: Record<string, unknown>): string {
  const t = body.text;
  if (typeof t !== "string" || !t.trim()) bad("text must be a non-empty string");
  if (t.length > MAX_QUERY_CHARS) bad(`text is over ${MAX_QUERY_CHARS} characters`);
  return t;
}

/** The `embed` call: a typed query embedded by the server's embedder (its key stays here). */
export function embedApi(embedder: Embedder): SiteApi {
  return {
    async embed(body) {
      return { vector: Array.from(await embedder.embed([textOf(body)])) };
    },
  };
}

/** ExplorerData of an index: statistics and labels now; documents, families and negatives on demand or not at all. */
export async function indexExplorerData(index: SaeIndex, title: string): Promise<ExplorerData> {
  const f = await index.features();
  const { sae, corpus } = index.meta;
  const h = logDensityHistogram(Float64Array.from(f, (x) => x.density));
  const keys = await index.sql.query<{ k: string }>(
    `SELECT DISTINCT jsonb_object_keys(metadata) AS k FROM (SELECT metadata FROM ${index.schema}.documents ORDER BY row LIMIT 1000) m ORDER BY k`,
  );
  const none = () => f.map(() => [] as number[]);
  // The SAE for a Matryoshka tree; one that cannot be loaded now is named again at the first search.
  const model = await index.sae().catch(() => undefined);
  const matryoshka = model ? await matryoshkaTreeOf(model) : undefined;
  return {
    version: 1,
    title,
    sae: { k: sae.k, nLatents: sae.n, nInputs: sae.d, order: sae.order, ...(model?.architecture ? { architecture: model.architecture } : {}) },
    docs: corpus.rows,
    embedder: index.meta.embedder?.name ?? "precomputed",
    histogram: { edges: h.edges, counts: h.counts, dead: h.dead },
    features: {
      density: f.map((x) => x.density),
      meanAct: f.map((x) => x.meanAct),
      maxAct: f.map((x) => x.maxAct),
      label: f.map((x) => x.label ?? ""),
      score: f.map((x) =>
        x.labelInfo
          ? { auc: x.labelScore, f1: x.labelInfo.f1, pearson: x.labelInfo.pearson, heldPositives: x.labelInfo.heldPositives, clean: x.labelInfo.clean }
          : null,
      ),
      top: none(),
      topValues: none(),
      hardNegatives: none(),
    },
    families: [],
    ...(matryoshka ? { matryoshka } : {}),
    labels: f.find((x) => x.labelInfo)?.labelInfo?.method ?? "none",
    source: "index",
    metadataKeys: keys.map((r) => r.k),
    api: ["search", "feature", "find"],
  };
}

/** The page's calls on an index: steered search, a feature's page, finding a query document. */
export function indexApi(index: SaeIndex): SiteApi {
  const n = index.meta.sae.n;
  return {
    async search(body) {
      const limit = body.limit === undefined ? 10 : intOf(body.limit, "limit", 1, 50);
      const mode = steerModeOf(body.mode ?? "edit");
      const steerIn = body.steer ?? [];
      if (!Array.isArray(steerIn) || steerIn.length > 256) bad("steer must be a list of [latent, value] pairs (at most 256)");
      const steer = new Map<number, number>(
        steerIn.map((pair: unknown) => {
          if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[1] !== "number" || !Number.isFinite(pair[1]))
            bad("each steer entry must be [latent, finite value]");
          return [intOf(pair[0], "a steered latent", 0, n - 1), pair[1]] as [number, number];
        }),
      );
      const filterIn = body.filter ?? {};
      if (!filterIn || typeof filterIn !== "object" || Array.isArray(filterIn) || Object.keys(filterIn).length > 8)
        bad("filter must be an object of at most 8 metadata fields");
      for (const v of Object.values(filterIn))
        if (!["string", "number", "boolean"].includes(typeof v)) bad("filter values must be strings, numbers or booleans");
      const filter = filterIn as Record<string, string | number | boolean>;
      const q = body.row !== undefined ? await index.embedding(intOf(body.row, "row", 0, index.meta.corpus.rows - 1)) : await index.embed(textOf(body));
      const sae = await index.sae();
      const own = await queryCodes(sae, q);
      // One ranking serves both: the query's own results are its first `limit`, and "was #r" is a rank in its top 200.
      const top = await index.rank(q, 200, { filter });
      const base = top.slice(0, limit);
      const wide = new Map(top.map((h, r) => [h.row, r + 1]));
      const steered = steer.size ? await index.search(q, { steer, mode, filter, limit }) : { hits: base, features: [] };
      return {
        codes: { indices: Array.from(own.indices), values: Array.from(own.values) },
        base: base.map((h) => ({ ...doc(h), score: h.score })),
        steered: steered.hits.map((h) => ({ ...doc(h), score: h.score, wasRank: wide.get(h.row) ?? null })),
      };
    },
    async feature(body) {
      const page = await index.featurePage(intOf(body.feature, "feature", 0, n - 1));
      const pairs = (list: { feature: number; value: number }[]) => list.map((e) => [e.feature, e.value]);
      return {
        top: page.top.map((t) => ({ ...doc(t), value: t.value })),
        negatives: page.negatives.map(doc),
        activations: page.histogram.counts,
        cooccurring: pairs(page.cooccurring),
        nearest: pairs(page.nearest),
      };
    },
    async find(body) {
      const words = body.words;
      if (typeof words !== "string" || words.trim().length < 2 || words.length > 200) bad("words must be a string of 2 to 200 characters");
      return { docs: (await index.find(words.trim())).map(doc) };
    },
  };
}
