// The explorer page (`saejs explore`): feature list, feature pages, density histogram, family trees
// and steered search. It paints from data/explorer.json and data/docs.json at once, then loads the
// SAE into sae.js (kernels in Web Workers) and the corpus embeddings into a Wasm search index.
// Everything is served from the site itself: no CDN, works offline.
import { loadSae } from "../load.js";
import type { SaeModel } from "../model.js";
import { parseNpy } from "../io/npy.js";
import { SearchIndex, type Hit } from "../kernels/rank.js";
import { steer as steerQuery, type Steering } from "../explore/steer.js";
import { activationSvg, histogramSvg } from "../explore/histogram.js";
import { distinctiveFeatures } from "../explore/features.js";
import { checkMatryoshkaTree, matryoshkaChildren, matryoshkaGroup } from "../explore/matryoshka.js";
import type { ExplorerData, ExplorerDoc } from "../explore/site.js";
import { SiteSearch } from "../site/search.js";
import { httpSiteOpener, rangeSource } from "../site/http.js";
import { filterMask, SiteDocs } from "../site/docs.js";
import { saeFingerprint } from "../core/hash.js";
import { configure } from "../runtime/configure.js";
import type { Embedder } from "../embed/embedder.js";
import { UseLiteEmbedder } from "../embed/use.js";
import { HttpEmbedder } from "../embed/http.js";

type Mode = "edit" | "add" | "clamp";

interface Probe {
  /** ms from navigation to the painted feature list. */
  firstPaint?: number;
  /** A static site: vectors.bin being read into memory, and read. */
  vectorsLoading?: boolean;
  vectorsResident?: boolean;
  ready: boolean;
  error?: string;
  searches: number;
  lastSearchMs?: number;
}
const probe: Probe = { ready: false, searches: 0 };
(globalThis as unknown as { saejsExplorer: Probe }).saejsExplorer = probe;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const pct = (f: number) => (f >= 0.001 ? `${(f * 100).toFixed(2)} %` : `${(f * 100).toPrecision(2)} %`);
const app = document.getElementById("app")!;
const status = document.getElementById("status")!;

let data: ExplorerData;
/** The corpus's documents: all of them from docs.json, or (over an index) those the server has sent so far. */
let docs: ExplorerDoc[] = [];
let model: SaeModel | undefined;
let index: SearchIndex | undefined;
let embeddings: Float32Array | undefined;

/** Served from an SAE index: documents, feature pages and searches come through the server's API. */
const overIndex = () => data.source === "index";
/** A static site: searched here through the documents' codes, documents read by range as shown. */
const overSite = () => data.source === "site";

/** A static site's parts, once loaded. */
const site: {
  search?: SiteSearch;
  docs?: SiteDocs;
  meta?: Uint8Array;
  embedder?: Embedder;
  /** The unsteered query's codes scores over every document: where a steered hit ranked before. */
  baseScores?: Float64Array;
  /** Filter masks by "field=value". */
  masks: Map<string, Uint8Array>;
  /** The status line once loaded (shown again after the embedder's first load). */
  status: string;
} = { masks: new Map(), status: "" };

/** A site's vectors.bin up to this size is read whole once the first results are shown: later searches read no range. */
const RESIDENT_MAX_BYTES = 256 * 1024 * 1024;

/** Starts reading vectors.bin into memory (once; only where it fits the budget). */
function keepVectors(): void {
  const s = site.search;
  if (!s || s.vectorsResident || probe.vectorsLoading || s.manifest.vectors.bytes > RESIDENT_MAX_BYTES) return;
  probe.vectorsLoading = true;
  s.loadVectors()
    .then(() => {
      probe.vectorsResident = true;
      site.status += ` · embeddings in memory (${(s.manifest.vectors.bytes / 1e6).toFixed(0)} MB)`;
      if (!status.textContent?.startsWith("loading")) status.textContent = site.status;
    })
    .catch((e: Error) => console.warn(`sae.js: embeddings stay read by range (${e.message})`));
}

/** Reads the documents of `rows` a static site has not sent yet (elsewhere all are here, or come with the server's answers). */
async function ensureDocs(rows: readonly number[]): Promise<void> {
  if (!site.docs) return;
  const want = rows.filter((r) => docs[r] === undefined);
  if (!want.length) return;
  const got = await site.docs.get(want);
  want.forEach((r, i) => {
    docs[r] = { title: got[i]!.title || got[i]!.text.slice(0, 80), text: got[i]!.text, ...(got[i]!.meta ? { meta: got[i]!.meta } : {}) };
  });
}

/** POST api/<name> with a JSON body; the server's error message on failure. */
async function api<T>(name: string, body: object): Promise<T> {
  const r = await fetch(`api/${name}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const out = (await r.json().catch(() => ({}))) as T & { error?: { code: string; message: string } };
  if (!r.ok) throw new Error(out.error ? `${out.error.code}: ${out.error.message}` : `api/${name}: HTTP ${r.status}`);
  return out;
}

interface ServerDoc {
  row: number;
  title: string;
  text: string;
}
/** Keeps documents the server sent, so that every list renders them by row. */
function keep(list: ServerDoc[]): number[] {
  for (const d of list) docs[d.row] = { title: d.title || d.text.slice(0, 80), text: d.text };
  return list.map((d) => d.row);
}

function featureName(i: number): string {
  return data.features.label[i] || "(no distinctive phrase)";
}

/** The label's score as a short line: held-out AUC (and an LLM label's F1 and Pearson), clean or not. */
function scoreLine(i: number): string {
  const sc = data.features.score[i];
  if (!sc) return "label unscored";
  const parts = [
    sc.auc !== null ? `AUC ${sc.auc.toFixed(2)} on ${sc.heldPositives} held-out documents` : "too rare in the held-out documents to score",
    ...(sc.f1 !== null ? [`F1 ${sc.f1.toFixed(2)}`] : []),
    ...(sc.pearson !== null ? [`Pearson ${sc.pearson.toFixed(2)}`] : []),
  ];
  return `${data.labels} label · ${parts.join(" · ")}`;
}

function docItem(doc: number, extra = ""): string {
  // Over an index, a document the server has not sent yet is named by its row.
  const d = docs[doc] ?? { title: `document ${doc}`, text: "" };
  const meta = d.meta ? Object.entries(d.meta).filter(([, v]) => v !== null && v !== "") : [];
  const tags = meta.length ? ` <span class="muted">${esc(meta.map(([k, v]) => `${k}: ${String(v)}`).join(" · "))}</span>` : "";
  return `<li data-doc="${doc}"><span class="doc-title">${esc(d.title)}</span>${tags}${extra} <span class="doc-text">${esc(d.text.length > 240 ? `${d.text.slice(0, 240)}…` : d.text)}</span></li>`;
}

// ---- features --------------------------------------------------------------------------------

function renderFeatures(filter = "", sort = "density"): void {
  const f = data.features,
    q = filter.trim().toLowerCase();
  let ids = Array.from({ length: data.sae.nLatents }, (_, i) => i).filter((i) => f.density[i]! > 0);
  if (q) {
    const num = /^#?(\d+)$/.exec(q);
    ids = ids.filter(
      (i) =>
        (num && String(i) === num[1]) ||
        featureName(i).toLowerCase().includes(q) ||
        f.label[i]!.includes(q) ||
        f.top[i]!.slice(0, 3).some((doc) => docs[doc]?.title.toLowerCase().includes(q)),
    );
  }
  const by: Record<string, (a: number, b: number) => number> = {
    density: (a, b) => f.density[b]! - f.density[a]! || a - b,
    activation: (a, b) => f.meanAct[b]! - f.meanAct[a]! || a - b,
    score: (a, b) => (f.score[b]?.auc ?? -1) - (f.score[a]?.auc ?? -1) || a - b,
    index: (a, b) => a - b,
  };
  if (sort === "distinctive") {
    // Specific features that fire strongest, each on at least a minimum of documents (one odd document makes no feature).
    const rank = new Map(
      distinctiveFeatures(
        f.density.map((v) => Math.round(v * data.docs)),
        f.meanAct,
        data.docs,
      ).map((i, r) => [i, r]),
    );
    ids = ids.filter((i) => rank.has(i)).sort((a, b) => rank.get(a)! - rank.get(b)!);
  } else ids.sort(by[sort] ?? by.density);
  const shown = ids.slice(0, 200);
  const maxLog = Math.log10(Math.max(...f.density.filter((v) => v > 0))),
    minLog = Math.log10(Math.min(...f.density.filter((v) => v > 0)));
  const bar = (v: number) => (100 * (Math.log10(v) - minLog + 0.1)) / (maxLog - minLog + 0.1);
  const list = document.getElementById("flist")!;
  list.innerHTML = shown
    .map(
      (i) =>
        `<tr data-f="${i}"><td class="idx">#${i}</td><td class="label">${esc(featureName(i))}${f.score[i]?.clean ? ' <span class="clean">clean</span>' : ""}</td>` +
        `<td class="num">${f.score[i]?.auc != null ? f.score[i]!.auc!.toFixed(2) : "–"}</td>` +
        `<td class="dens"><span class="bar" style="width:${bar(f.density[i]!).toFixed(1)}%"></span>${pct(f.density[i]!)}</td><td class="num">${f.meanAct[i]!.toFixed(3)}</td></tr>`,
    )
    .join("");
  document.getElementById("fcount")!.textContent =
    `${ids.length} live features${ids.length > shown.length ? `, first ${shown.length} shown` : ""} (${data.histogram.dead} never fired)`;
}

function viewFeatures(): void {
  app.innerHTML = `<div class="bar-row"><input id="ffilter" type="search" placeholder="filter: label words, #index, or a top document's title" autofocus>
<label>sort <select id="fsort"><option value="density">density</option><option value="distinctive">distinctive</option><option value="score">label score</option><option value="activation">mean activation</option><option value="index">index</option></select></label></div>
<p id="fcount" class="muted"></p>
<table class="features"><thead><tr><th>feature</th><th>label</th><th title="held-out AUC of the label">score</th><th>density</th><th>mean act</th></tr></thead><tbody id="flist"></tbody></table>`;
  const filter = document.getElementById("ffilter") as HTMLInputElement,
    sort = document.getElementById("fsort") as HTMLSelectElement;
  const rerender = () => renderFeatures(filter.value, sort.value);
  filter.addEventListener("input", rerender);
  sort.addEventListener("change", rerender);
  document.getElementById("flist")!.addEventListener("click", (e) => {
    const row = (e.target as HTMLElement).closest("tr[data-f]");
    if (row) location.hash = `#feature/${row.getAttribute("data-f")}`;
  });
  rerender();
}

const loadedFeatures = new Set<number>();

function viewFeature(i: number): void {
  const f = data.features;
  if (!(i >= 0 && i < data.sae.nLatents)) {
    app.innerHTML = `<p class="error">There is no feature #${esc(String(i))}: this SAE has ${data.sae.nLatents}.</p>`;
    return;
  }
  if (overIndex() && !loadedFeatures.has(i)) {
    app.innerHTML = `<h2 id="ftitle-loading">#${i} · ${esc(featureName(i))}</h2><p class="muted">loading its documents…</p>`;
    api<{
      top: (ServerDoc & { value: number })[];
      negatives: ServerDoc[];
      activations: number[];
      cooccurring: [number, number][];
      nearest: [number, number][];
    }>("feature", { feature: i })
      .then((r) => {
        f.top[i] = keep(r.top);
        f.topValues[i] = r.top.map((t) => t.value);
        f.hardNegatives[i] = keep(r.negatives);
        f.activations ??= [];
        f.cooccurring ??= [];
        f.nearest ??= [];
        f.activations[i] = r.activations;
        f.cooccurring[i] = r.cooccurring;
        f.nearest[i] = r.nearest;
        loadedFeatures.add(i);
        if (location.hash === `#feature/${i}`) viewFeature(i);
      })
      .catch((e: Error) => {
        app.innerHTML = `<p class="error">${esc(e.message)}</p>`;
      });
    return;
  }
  if (overSite() && [...f.top[i]!, ...f.hardNegatives[i]!].some((doc) => docs[doc] === undefined)) {
    app.innerHTML = `<h2 id="ftitle-loading">#${i} · ${esc(featureName(i))}</h2><p class="muted">loading its documents…</p>`;
    // Until the site's documents are open, nothing can load them: startSite routes here again once they are.
    if (!site.docs) return;
    ensureDocs([...f.top[i]!, ...f.hardNegatives[i]!])
      .then(() => {
        if (location.hash === `#feature/${i}`) viewFeature(i);
      })
      .catch((e: Error) => {
        app.innerHTML = `<p class="error">${esc(e.message)}</p>`;
      });
    return;
  }
  const count = Math.round(f.density[i]! * data.docs);
  const fams = data.families.filter((fam) => fam.parent === i || fam.members.includes(i));
  const max = f.topValues[i]![0] ?? 1;
  const links = (list: [number, number][] | undefined, value: (v: number) => string, id: string, name = featureName) =>
    list?.length
      ? `<ol class="links" id="${id}">${list.map(([j, v]) => `<li><a href="#feature/${j}">#${j}</a> ${esc(name(j))} <span class="muted">${value(v)}</span></li>`).join("")}</ol>`
      : '<p class="muted">none</p>';
  const hist = f.activations?.[i];
  const other = f.other;
  app.innerHTML = `<h2 id="ftitle">#${i} · ${esc(featureName(i))}${f.score[i]?.clean ? ' <span class="clean">clean</span>' : ""}</h2>
<p class="muted" id="fscore">${esc(scoreLine(i))}</p>
<p>density ${pct(f.density[i]!)} (${count} of ${data.docs} documents) · mean activation ${f.meanAct[i]!.toFixed(3)} · max ${f.maxAct[i]!.toFixed(3)}</p>
<p><button id="steer-with">Steer a search with this feature</button></p>
<div class="cols"><div><h3>Activations</h3><div id="fhist">${hist ? activationSvg({ max: f.maxAct[i]!, counts: hist }) : '<p class="muted">none</p>'}</div></div>
<div><h3>Nearest features <span class="muted">(decoder cosine)</span></h3>${links(f.nearest?.[i], (v) => `cos ${v.toFixed(2)}`, "fnear")}
<h3>Most often with <span class="muted">(share of its documents)</span></h3>${links(f.cooccurring?.[i], (v) => `${(v * 100).toFixed(0)} %`, "fco")}</div></div>
${
  other
    ? `<h3>Nearest in ${esc(other.name)} <span class="muted">(n=${other.nLatents}, decoder cosine)</span></h3>${links(
        other.nearest[i],
        (v) => `cos ${v.toFixed(2)}`,
        "fother",
        () => "",
      )}`
    : ""
}
${matryoshkaSection(i)}
<div class="cols"><div><h3>Top documents</h3><ol class="docs" id="ftop">${f.top[i]!.map((doc, j) => docItem(doc, ` <span class="act"><span class="bar" style="width:${((60 * f.topValues[i]![j]!) / max).toFixed(0)}px"></span>${f.topValues[i]![j]!.toFixed(3)}</span>`)).join("") || "<li>(never active)</li>"}</ol></div>
<div><h3>Hard negatives <span class="muted">(off, yet nearest the top documents)</span></h3><ol class="docs" id="fneg">${f.hardNegatives[i]!.map((doc) => docItem(doc)).join("")}</ol></div></div>
<h3>Family</h3>${fams.length ? `<ul id="ffam">${fams.map((fam) => `<li><a href="#families/${fam.parent}">family of #${fam.parent} ${esc(featureName(fam.parent))}</a> (${fam.members.length} members${fam.parent === i ? ", this feature heads it" : ""})</li>`).join("")}</ul>` : `<p class="muted" id="ffam">${overIndex() ? "families are computed over a corpus in memory" : "in no family"}</p>`}`;
  document.getElementById("steer-with")!.addEventListener("click", () => {
    search.pendingAdds.add(i);
    if (search.query === undefined && f.top[i]![0] !== undefined) search.query = { doc: f.top[i]![0]! };
    location.hash = "#search";
  });
}

/** A Matryoshka SAE's tree around feature i: its group, its parent (next-coarser group) and children (next-finer). */
let treeChildren: number[][] | undefined;
function matryoshkaSection(i: number): string {
  const m = data.matryoshka;
  if (!m) return "";
  treeChildren ??= matryoshkaChildren(m.parent);
  const G = m.widths.length,
    g = matryoshkaGroup(m.widths, i);
  const group = (h: number) => `group ${h + 1} of ${G} (latents ${h ? m.widths[h - 1]! : 0}–${m.widths[h]! - 1}, width ${m.widths[h]})`;
  const item = (j: number, cos: number) => {
    const top = data.features.top[j]?.[0];
    const title = top !== undefined && docs[top] ? ` · top: ${esc(docs[top]!.title)}` : "";
    return `<li><a href="#feature/${j}">#${j}</a> ${esc(featureName(j))} <span class="muted">cos ${cos.toFixed(2)}${title}</span></li>`;
  };
  const parent = m.parent[i]!,
    kids = treeChildren[i]!;
  return `<h3>Matryoshka tree <span class="muted" id="mgroup">#${i} is in ${group(g)}</span></h3>
<div class="cols"><div><h4>Parent${g ? ` in ${group(g - 1)}` : ""}</h4>${
    parent >= 0 ? `<ol class="links" id="mparent">${item(parent, m.cosine[i]!)}</ol>` : '<p class="muted" id="mparent">none: this is the coarsest group</p>'
  }</div>
<div><h4>Children${g + 1 < G ? ` in ${group(g + 1)}` : ""}</h4>${
    kids.length
      ? `<ol class="links" id="mchildren">${kids.map((j) => item(j, m.cosine[j]!)).join("")}</ol>`
      : `<p class="muted" id="mchildren">${g + 1 < G ? "none: no finer latent is nearest this one" : "none: this is the finest group"}</p>`
  }</div></div>`;
}

// ---- density and families ---------------------------------------------------------------------

function viewDensity(): void {
  app.innerHTML = `<h2>Feature density</h2><p class="muted">How many latents fire on what share of the ${data.docs} documents (log10); dense features are generic, rare ones specific.</p>${histogramSvg(data.histogram, 760, 260)}`;
}

function viewFamilies(focus?: number): void {
  if (overIndex()) {
    app.innerHTML = `<h2>Feature families</h2><p class="muted">Families are computed over a corpus in memory ('saejs explore &lt;sae&gt; &lt;corpus&gt;'); an index does not compute them.</p>`;
    return;
  }
  const tree = (fam: ExplorerData["families"][number]) => {
    const kids = new Map<number, number[]>();
    for (const [p, c] of fam.edges) kids.set(p, [...(kids.get(p) ?? []), c]);
    const node = (v: number, depth: number): string =>
      `<li><a href="#feature/${v}">#${v}</a> ${esc(featureName(v))} <span class="muted">${pct(data.features.density[v]!)}</span>` +
      ((kids.get(v) ?? []).length && depth < 12
        ? `<ul>${kids
            .get(v)!
            .map((c) => node(c, depth + 1))
            .join("")}</ul>`
        : "") +
      "</li>";
    return `<ul class="tree">${node(fam.parent, 0)}</ul>`;
  };
  app.innerHTML =
    `<h2>Feature families</h2><p class="muted">A maximum spanning tree over co-occurrence, from denser to rarer features; a parent with more than two children heads a family. ${data.families.length} families.</p>` +
    (data.families
      .map(
        (fam) =>
          `<details id="family-${fam.parent}"${fam.parent === focus ? " open" : ""}><summary>#${fam.parent} ${esc(featureName(fam.parent))} — ${fam.members.length} members, round ${fam.round + 1}</summary>${tree(fam)}</details>`,
      )
      .join("") || "<p>No families in this corpus (too few co-occurring features).</p>");
  if (focus !== undefined) document.getElementById(`family-${focus}`)?.scrollIntoView();
}

// ---- steered search ---------------------------------------------------------------------------

/** A query: a corpus document, or typed text (embedded by the server). */
type Query = { doc: number } | { text: string };

const search: {
  query?: Query;
  /** The query's embedding (in-page search). */
  vector?: Float32Array;
  mode: Mode;
  sliders: Map<number, number>;
  baseRank?: Map<number, number>;
  /** Features to add once the query in flight has its own sliders (added meanwhile, or from a feature page). */
  pendingAdds: Set<number>;
  /** A query is in flight: its answer will replace the sliders. */
  loading: boolean;
  /** Over an index: metadata that hits must match. */
  filter?: Record<string, string>;
} = {
  mode: "edit",
  sliders: new Map(),
  pendingAdds: new Set(),
  loading: false,
};

const canType = () => overIndex() || (data.api ?? []).includes("embed") || (overSite() && data.site!.embedder.kind !== "none");

function sliderRange(i: number, v: number): [number, number] {
  const hi = Math.max(2 * Math.abs(v), 1.5 * data.features.maxAct[i]!, 1e-3);
  return search.mode === "add" ? [-hi, hi] : [0, hi];
}

function renderSliders(): void {
  const box = document.getElementById("sliders")!;
  box.innerHTML =
    [...search.sliders]
      .map(([i, v]) => {
        const [lo, hi] = sliderRange(i, v);
        return (
          `<div class="slider" data-f="${i}"><a href="#feature/${i}" class="idx">#${i}</a><span class="label">${esc(featureName(i))}</span>` +
          `<input type="range" min="${lo}" max="${hi}" step="${(hi - lo) / 200}" value="${v}" aria-label="feature ${i}"><output>${v.toFixed(3)}</output><button class="rm" title="remove">×</button></div>`
        );
      })
      .join("") || `<p class="muted">No features to steer: add one below.</p>`;
}

function renderResults(id: string, hits: Hit[], ranks?: Map<number, number>): void {
  document.getElementById(id)!.innerHTML = hits
    .map((h) => {
      const was = ranks?.get(h.doc);
      const move = ranks ? (was === undefined ? "" : ` <span class="muted">was #${was}</span>`) : "";
      return docItem(h.doc, ` <span class="score">${h.score.toFixed(3)}</span>${move}`);
    })
    .join("");
}

/** The steering as the sliders say (in (b) a zero adds nothing). */
const steering = (): Steering => new Map([...search.sliders].filter(([, v]) => search.mode !== "add" || v !== 0));

interface IndexSearch {
  codes: { indices: number[]; values: number[] };
  base: (ServerDoc & { score: number })[];
  steered: (ServerDoc & { score: number; wasRank: number | null })[];
}

/** One search on the server's index: the query's codes, its own results and the steered ones. */
function searchIndex(steer: Steering): Promise<IndexSearch> {
  const q = search.query!;
  return api<IndexSearch>("search", {
    ...("doc" in q ? { row: q.doc } : { text: q.text }),
    steer: [...steer],
    mode: search.mode,
    ...(search.filter ? { filter: search.filter } : {}),
  });
}

let running = false,
  again = false;
/** Re-ranks with the current steering; slider moves while a search runs coalesce into one more. */
async function runSteered(): Promise<void> {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      if (search.query === undefined) return;
      const t0 = performance.now();
      const steer = steering();
      let hits: Hit[], ranks: Map<number, number> | undefined, codes: { indices: ArrayLike<number>; values: ArrayLike<number> } | undefined;
      if (overIndex()) {
        const r = await searchIndex(steer);
        hits = keep(r.steered).map((doc, j) => ({ doc, score: r.steered[j]!.score }));
        ranks = new Map(r.steered.flatMap((h) => (h.wasRank === null ? [] : [[h.row, h.wasRank] as [number, number]])));
      } else if (overSite()) {
        const q = search.vector;
        if (!model || !site.search || !q) return;
        const steered = await steerQuery(model, q, steer, search.mode);
        codes = steered.codes;
        hits = await site.search.search(steered.vector, siteSearchOptions());
        await ensureDocs(hits.map((h) => h.doc));
        ranks = wasRanks(hits);
      } else {
        const q = search.vector;
        if (!model || !index || !q) return;
        const steered = await steerQuery(model, q, steer, search.mode);
        codes = steered.codes;
        hits = index.search(steered.vector, 10);
        ranks = search.baseRank;
      }
      probe.lastSearchMs = performance.now() - t0;
      probe.searches++;
      renderResults("steered", hits, ranks);
      document.getElementById("steer-info")!.textContent =
        `steered in ${probe.lastSearchMs.toFixed(1)} ms` +
        (codes
          ? ` · steered codes: ${Array.from(codes.indices)
              .map((i, j) => `#${i} ${codes!.values[j]!.toFixed(2)}`)
              .filter((_, j) => codes!.values[j]! > 0)
              .join(", ")}`
          : "");
    } while (again);
  } catch (e) {
    document.getElementById("steer-info")!.textContent = `error: ${(e as Error).message}`;
  } finally {
    running = false;
  }
}

/** The query's own features become sliders (in (b) none: nothing is added yet). */
function slidersFrom(codes: { indices: ArrayLike<number>; values: ArrayLike<number> }): void {
  search.sliders = new Map();
  if (search.mode !== "add") for (let j = 0; j < codes.indices.length; j++) if (codes.values[j]! > 0) search.sliders.set(codes.indices[j]!, codes.values[j]!);
  search.loading = false;
  for (const i of search.pendingAdds) addFeature(i, false);
  search.pendingAdds.clear();
}

/** Bumped by each query: an answer to an older one (the filter changed twice, say) is dropped. */
let queryGen = 0;

async function chooseQuery(query: Query): Promise<void> {
  const gen = ++queryGen;
  search.query = query;
  search.loading = true;
  if ("doc" in query) await ensureDocs([query.doc]).catch(() => {});
  document.getElementById("query")!.innerHTML =
    "doc" in query ? `<h3>Query</h3><ol class="docs">${docItem(query.doc)}</ol>` : `<h3>Query</h3><p id="qshown" class="query-text">“${esc(query.text)}”</p>`;
  const info = document.getElementById("steer-info")!;
  try {
    if (overIndex()) {
      const r = await searchIndex(new Map());
      if (gen !== queryGen) return;
      slidersFrom(r.codes);
      search.baseRank = undefined;
      renderResults(
        "base",
        keep(r.base).map((doc, j) => ({ doc, score: r.base[j]!.score })),
      );
    } else if (overSite()) {
      if (!model || !site.search) {
        // Run again by the route once the SAE and the codes are in (startSite).
        search.loading = false;
        info.textContent = "the SAE and the codes are still loading: the query runs as soon as they are in";
        return;
      }
      const vector = "doc" in query ? await site.search.readRows([query.doc]) : await embedTyped(query.text);
      const codes = await model.encode(vector, 1);
      if (gen !== queryGen) return;
      search.vector = vector;
      slidersFrom(codes);
      site.baseScores = site.search.codeScores(vector);
      const base = await site.search.search(vector, siteSearchOptions());
      await ensureDocs(base.map((h) => h.doc));
      if (gen !== queryGen) return;
      renderResults("base", base);
      // After a reader has the results (so that the first result's bytes stay its own).
      setTimeout(keepVectors, 2000);
    } else {
      if (!model || !index || !embeddings) {
        search.loading = false;
        return;
      }
      const d = data.sae.nInputs;
      const vector = "doc" in query ? embeddings.slice(query.doc * d, (query.doc + 1) * d) : await embedTyped(query.text);
      const codes = await model.encode(vector, 1);
      if (gen !== queryGen) return;
      search.vector = vector;
      slidersFrom(codes);
      const base = index.search(search.vector, 10);
      search.baseRank = new Map(index.search(search.vector, Math.min(data.docs, 1000)).map((h, r) => [h.doc, r + 1]));
      renderResults("base", base);
    }
  } catch (e) {
    if (gen !== queryGen) return;
    search.loading = false;
    info.textContent = `error: ${(e as Error).message}`;
    return;
  }
  renderSliders();
  await runSteered();
}

function addFeature(i: number, rerun = true): void {
  if (!(i >= 0 && i < data.sae.nLatents) || search.sliders.has(i)) return;
  if (search.loading) {
    // The query in flight will replace the sliders: add this one after it.
    search.pendingAdds.add(i);
    return;
  }
  search.sliders.set(i, data.features.maxAct[i]! || 1);
  if (rerun) {
    renderSliders();
    void runSteered();
  }
}

/** The static site's search settings: the top 10, within the filter's documents. */
function siteSearchOptions(): { top: number; candidates?: number; allow?: Uint8Array } {
  const c = data.site!.candidates;
  const base = c === undefined ? { top: 10 } : { top: 10, candidates: c === "all" ? data.docs : Math.max(10, c) };
  const f = search.filter && Object.entries(search.filter)[0];
  if (!f) return base;
  const key = `${f[0]}=${f[1]}`;
  let mask = site.masks.get(key);
  if (!mask) {
    const field = data.site!.filters.find((x) => x.name === f[0])!;
    mask = filterMask(site.meta!, field, data.docs, f[1]);
    site.masks.set(key, mask);
  }
  return { ...base, allow: mask };
}

/** Each hit's rank for the unsteered query by its codes score (among the filter's documents). */
function wasRanks(hits: Hit[]): Map<number, number> {
  const scores = site.baseScores!,
    allow = siteSearchOptions().allow,
    out = new Map<number, number>();
  for (const h of hits) {
    const s = scores[h.doc]!;
    let rank = 1;
    for (let r = 0; r < scores.length; r++) if (scores[r]! > s && (!allow || allow[r])) rank++;
    out.set(h.doc, rank);
  }
  return out;
}

/** Local storage key of the reader's API key for an HTTP embedder: theirs, never sent anywhere but there. */
const keyName = (baseUrl: string) => `saejs-api-key ${baseUrl}`;

/** A typed query's embedding: the server's, or (a static site) the page's own embedder's. */
async function embedTyped(text: string): Promise<Float32Array> {
  if (!overSite()) return Float32Array.from((await api<{ vector: number[] }>("embed", { text })).vector);
  const e = data.site!.embedder;
  if (e.kind === "none") throw new Error("typed queries are off in this site: pick a document or a feature as the query");
  if (!site.embedder) {
    if (e.kind === "use-lite") {
      status.textContent = "loading the embedder (first typed query)…";
      site.embedder = new UseLiteEmbedder({
        modelUrl: new URL("use-lite/", location.href),
        webWorker: new Worker(new URL("embed-worker.js", location.href), { type: "module", name: "saejs-embed" }),
      });
    } else {
      const key = localStorage.getItem(keyName(e.baseUrl));
      if (!key) throw new Error(`typed queries are embedded by ${e.baseUrl} (${e.model}): enter your API key above; it stays in this browser`);
      site.embedder = new HttpEmbedder({ baseUrl: e.baseUrl, model: e.model, ...(e.dim ? { dim: e.dim } : {}), apiKey: key, maxRetries: 1 });
    }
  }
  const v = await site.embedder.embed([text]).finally(() => {
    if (status.textContent?.startsWith("loading the embedder")) status.textContent = site.status;
  });
  if (v.length !== data.sae.nInputs) throw new Error(`the embedder gave ${v.length} values, the SAE reads ${data.sae.nInputs}`);
  return v;
}

/** The static site's titles, one per line, read on the first search for a document. */
let titles: Promise<string[]> | undefined;

/** Query documents whose title or text holds the words: scanned here, or asked of the index. */
async function findDocs(words: string): Promise<number[]> {
  if (overIndex()) return keep((await api<{ docs: ServerDoc[] }>("find", { words })).docs);
  if (overSite()) {
    titles ??= fetchOk("data/titles.txt")
      .then((r) => r.text())
      .then((t) => t.split("\n"));
    const all = await titles,
      hits: number[] = [];
    for (let i = 0; i < all.length && hits.length < 8; i++) if (all[i]!.toLowerCase().includes(words)) hits.push(i);
    await ensureDocs(hits);
    return hits;
  }
  const hits: number[] = [];
  for (let i = 0; i < docs.length && hits.length < 8; i++)
    if (docs[i]!.title.toLowerCase().includes(words) || docs[i]!.text.toLowerCase().includes(words)) hits.push(i);
  return hits;
}

function viewSearch(): void {
  const keys = data.metadataKeys ?? [];
  const filters = overSite() ? data.site!.filters : [];
  const http = overSite() && data.site!.embedder.kind === "http" ? (data.site!.embedder as { baseUrl: string; model: string }) : undefined;
  app.innerHTML = `<h2>Steered search</h2>
<p class="muted">Type a query or pick a document; its features become sliders. Moving one re-ranks the ${data.docs} documents by dot product with the steered embedding${overIndex() ? " (in Postgres, through pgvector)" : overSite() ? " (here in the page: every document scored through its codes, the best re-ranked with their stored embeddings)" : ""}.</p>
${
  http
    ? `<div class="bar-row"><input id="apikey" type="password" autocomplete="off" placeholder="your API key for ${esc(http.baseUrl)} (${esc(http.model)}): kept in this browser, sent only there"><button id="keysave">keep</button></div>`
    : ""
}
${
  filters.length
    ? `<div class="bar-row"><label>filter <select id="sfilter"><option value="">(all documents)</option>${filters
        .flatMap((f) => f.values.map((v) => `<option value="${esc(JSON.stringify([f.name, v]))}">${esc(f.name)} = ${esc(v)}</option>`))
        .join("")}</select></label></div>`
    : ""
}
${
  canType()
    ? `<div class="bar-row"><input id="qtext" type="search" placeholder="type a query, e.g. gravitational lensing of distant galaxies"><button id="qgo">search</button></div>`
    : overSite()
      ? `<p class="muted">Typed queries are off in this site (the corpus's embedder was not given when it was built): pick a document or a feature as the query.</p>`
      : `<p class="muted">Typed queries need the explorer served by 'saejs explore' with the corpus's embedder known (--embedder).</p>`
}
${
  keys.length
    ? `<div class="bar-row"><label>filter <select id="fkey"><option value="">(none)</option>${keys.map((k) => `<option>${esc(k)}</option>`).join("")}</select></label><input id="fval" placeholder="value (exact)"></div>`
    : ""
}
<div class="bar-row"><input id="qfind" type="search" placeholder="or find a query document: words of its title or text"><button id="qrandom">random document</button></div>
<ul id="matches" class="matches"></ul>
<div id="query"></div>
<div class="bar-row"><label>steering <select id="mode"><option value="edit">(a) edit the query's features</option><option value="add">(b) add decoder directions</option><option value="clamp">(c) clamp latents and redo the top-k</option></select></label>
<span id="steer-info" class="muted"></span></div>
<div id="sliders"></div>
<div class="bar-row"><input id="addf" list="flabels" placeholder="add a feature: #index or label words"><button id="addbtn">add</button></div>
<datalist id="flabels"></datalist>
<div class="cols"><div><h3>Query's results</h3><ol id="base" class="docs"></ol></div><div><h3>Steered results</h3><ol id="steered" class="docs"></ol></div></div>`;
  const typed = document.getElementById("qtext") as HTMLInputElement | null;
  const go = () => {
    if (typed?.value.trim()) void chooseQuery({ text: typed.value.trim() });
  };
  document.getElementById("qgo")?.addEventListener("click", go);
  typed?.addEventListener("keydown", (e) => {
    if ((e as KeyboardEvent).key === "Enter") go();
  });
  const fkey = document.getElementById("fkey") as HTMLSelectElement | null,
    fval = document.getElementById("fval") as HTMLInputElement | null;
  const refilter = () => {
    search.filter = fkey?.value && fval?.value.trim() ? { [fkey.value]: fval.value.trim() } : undefined;
    if (search.query !== undefined) void chooseQuery(search.query);
  };
  fkey?.addEventListener("change", refilter);
  const sfilter = document.getElementById("sfilter") as HTMLSelectElement | null;
  if (sfilter && search.filter) sfilter.value = JSON.stringify(Object.entries(search.filter)[0]);
  sfilter?.addEventListener("change", () => {
    const pick = sfilter.value ? (JSON.parse(sfilter.value) as [string, string]) : undefined;
    search.filter = pick ? { [pick[0]]: pick[1] } : undefined;
    if (search.query !== undefined) void chooseQuery(search.query);
  });
  const apikey = document.getElementById("apikey") as HTMLInputElement | null;
  document.getElementById("keysave")?.addEventListener("click", () => {
    if (!http || !apikey?.value.trim()) return;
    localStorage.setItem(keyName(http.baseUrl), apikey.value.trim());
    apikey.value = "";
    apikey.placeholder = "key kept in this browser";
    site.embedder = undefined;
  });
  fval?.addEventListener("change", refilter);
  const find = document.getElementById("qfind") as HTMLInputElement,
    matches = document.getElementById("matches")!;
  find.addEventListener("input", async () => {
    const q = find.value.trim().toLowerCase();
    const hits = q.length >= 2 ? await findDocs(q).catch(() => []) : [];
    if (find.value.trim().toLowerCase() !== q) return; // typed on meanwhile
    matches.innerHTML = hits
      .map((i) => `<li><button data-doc="${i}">${esc(docs[i]!.title)}</button> <span class="doc-text">${esc(docs[i]!.text.slice(0, 120))}</span></li>`)
      .join("");
  });
  matches.addEventListener("click", (e) => {
    const b = (e.target as HTMLElement).closest("button[data-doc]");
    if (b) {
      matches.innerHTML = "";
      void chooseQuery({ doc: Number(b.getAttribute("data-doc")) });
    }
  });
  document.getElementById("qrandom")!.addEventListener("click", () => {
    void chooseQuery({ doc: Math.floor(Math.random() * data.docs) });
  });
  const mode = document.getElementById("mode") as HTMLSelectElement;
  mode.value = search.mode;
  mode.addEventListener("change", () => {
    search.mode = mode.value as Mode;
    if (search.query !== undefined) void chooseQuery(search.query);
  });
  const sliders = document.getElementById("sliders")!;
  sliders.addEventListener("input", (e) => {
    const input = e.target as HTMLInputElement,
      row = input.closest("[data-f]");
    if (!row) return;
    const i = Number(row.getAttribute("data-f")),
      v = Number(input.value);
    search.sliders.set(i, v);
    row.querySelector("output")!.textContent = v.toFixed(3);
    void runSteered();
  });
  sliders.addEventListener("click", (e) => {
    const row = (e.target as HTMLElement).closest(".rm") && (e.target as HTMLElement).closest("[data-f]");
    if (!row) return;
    const i = Number(row.getAttribute("data-f"));
    // In (a) a removed feature is set to 0 (dropped from the codes); elsewhere it stops steering.
    if (search.mode === "edit") search.sliders.set(i, 0);
    else search.sliders.delete(i);
    renderSliders();
    void runSteered();
  });
  const labels = document.getElementById("flabels")!;
  labels.innerHTML = Array.from({ length: data.sae.nLatents }, (_, i) => i)
    .filter((i) => data.features.density[i]! > 0)
    .map((i) => `<option value="#${i} ${esc(featureName(i))}">`)
    .join("");
  const add = () => {
    const input = document.getElementById("addf") as HTMLInputElement,
      m = /^#?(\d+)/.exec(input.value.trim());
    let i = m ? Number(m[1]) : -1;
    if (!m) {
      const q = input.value.trim().toLowerCase();
      i = Array.from({ length: data.sae.nLatents }, (_, j) => j).find((j) => data.features.density[j]! > 0 && featureName(j).toLowerCase().includes(q)) ?? -1;
    }
    input.value = "";
    addFeature(i);
  };
  document.getElementById("addbtn")!.addEventListener("click", add);
  document.getElementById("addf")!.addEventListener("keydown", (e) => {
    if ((e as KeyboardEvent).key === "Enter") add();
  });
  if (search.query !== undefined) void chooseQuery(search.query);
  else renderSliders();
}

// ---- routing and start-up ---------------------------------------------------------------------

function route(): void {
  const [view, arg] = location.hash.replace(/^#/, "").split("/");
  for (const a of Array.from(document.querySelectorAll("nav a"))) a.classList.toggle("on", a.getAttribute("href") === `#${view || "features"}`);
  if (view === "feature") viewFeature(Number(arg));
  else if (view === "search") viewSearch();
  else if (view === "families") viewFamilies(arg === undefined ? undefined : Number(arg));
  else if (view === "density") viewDensity();
  else viewFeatures();
}

async function fetchOk(path: string): Promise<Response> {
  const r = await fetch(path);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r;
}

async function start(): Promise<void> {
  // A static site's service worker keeps what the page fetches; it takes over before the large files.
  if (document.querySelector('meta[name="saejs-site"]')) await serviceWorker();
  data = (await fetchOk("data/explorer.json").then((r) => r.json())) as ExplorerData;
  if (!overIndex() && !overSite()) docs = (await fetchOk("data/docs.json").then((r) => r.json())) as ExplorerDoc[];
  if (data.matryoshka) checkMatryoshkaTree(data.matryoshka, data.sae.nLatents);
  document.title = data.title;
  document.getElementById("title")!.textContent = data.title;
  document.getElementById("subtitle")!.textContent =
    `${data.sae.architecture === "jumprelu" ? "thresholded (JumpReLU) SAE" : `top-k SAE k=${data.sae.k}`}${data.matryoshka ? `, Matryoshka widths ${data.matryoshka.widths.join(", ")}` : ""}, n=${data.sae.nLatents} over ${data.sae.nInputs}-d embeddings (${data.embedder}) of ${data.docs} documents`;
  // The SAE's evaluation suite, where the site was written with one (a file beside the page).
  if (data.suiteReport === "suite-report.html") document.getElementById("suite-link")!.hidden = false;
  window.addEventListener("hashchange", route);
  route();
  requestAnimationFrame(() =>
    setTimeout(() => {
      probe.firstPaint = performance.now();
    }, 0),
  );

  if (overIndex()) {
    status.textContent = `index: ${data.docs} documents in Postgres (pgvector), searched through the server`;
    probe.ready = true;
    return;
  }
  if (overSite()) return startSite();
  status.textContent = "loading the SAE and the corpus index…";
  const [m, emb] = await Promise.all([
    loadSae(new URL("data/model.safetensors", location.href), { k: data.sae.k, workers: "auto", onWarning: (m) => console.warn(`sae.js: ${m}`) }),
    fetchOk("data/embeddings.npy")
      .then((r) => r.arrayBuffer())
      .then((b) => parseNpy(new Uint8Array(b))),
  ]);
  model = m;
  embeddings = emb.data as Float32Array;
  index = await SearchIndex.create(embeddings, data.sae.nInputs);
  status.textContent = `sae.js ${m.backend}, ${m.workers} worker${m.workers === 1 ? "" : "s"} (${m.sharing === "shared" ? "shared memory" : m.sharing === "copied" ? "weights copied per worker" : "in-thread"}) · index ${index.backend}`;
  probe.ready = true;
  if (location.hash.startsWith("#search")) route();
}

/**
 * Registers sw.js and waits (at most 3 s) until it controls the page, so that the SAE, the codes and
 * the embedder come through its cache. Without service workers (file://, a private window in some
 * browsers) the site works the same, uncached.
 */
async function serviceWorker(): Promise<void> {
  const sw = navigator.serviceWorker;
  if (!sw || !window.isSecureContext) return;
  try {
    await sw.register("sw.js");
    if (sw.controller) return;
    await Promise.race([new Promise((ok) => sw.addEventListener("controllerchange", ok, { once: true })), new Promise((ok) => setTimeout(ok, 3000))]);
  } catch (e) {
    console.warn(`sae.js: no service worker, so nothing is cached (${(e as Error).message})`);
  }
}

/** A static site: the SAE (checked against the codes by fingerprint), the codes, the documents' index, the filters. */
async function startSite(): Promise<void> {
  const s = data.site!;
  status.textContent = "loading the SAE and the codes…";
  const here = new URL(".", location.href);
  // An SAE on the Hub is read from the Hub the site was built against (the page has no token: a public repo).
  if (s.model.url.startsWith("hf://") && s.model.hub) configure({ hub: { endpoint: s.model.hub } });
  const [m, search, docIndex, meta] = await Promise.all([
    loadSae(s.model.url.startsWith("hf://") ? s.model.url : new URL(s.model.url, here), {
      k: data.sae.k,
      workers: "auto",
      onWarning: (w) => console.warn(`sae.js: ${w}`),
    }),
    Promise.resolve(httpSiteOpener(new URL("data/", here))),
    Promise.all([rangeSource(new URL("data/docs.idx", here)), rangeSource(new URL("data/docs.bin", here))]),
    s.filters.length ? fetchOk("data/meta.bin").then(async (r) => new Uint8Array(await r.arrayBuffer())) : undefined,
  ]);
  model = m;
  if ((await saeFingerprint(m)) !== s.model.fingerprint)
    throw new Error(
      `the SAE at ${s.model.url} is not the one this site's codes were made with (its fingerprint differs): rebuild the site with 'saejs site', or point it at that SAE`,
    );
  const w = await m.weights();
  site.search = await SiteSearch.open(search, { nInputs: w.nInputs, nLatents: w.nLatents, decoderWeight: w.decoderWeight, preBias: w.preBias });
  if (site.search.rows !== data.docs)
    throw new Error(`data/search.json holds ${site.search.rows} documents, explorer.json ${data.docs}: the files are from two builds; rebuild the site`);
  site.docs = await SiteDocs.open(docIndex[0], docIndex[1], data.docs, s.docs.idx);
  site.meta = meta;
  site.status =
    `sae.js ${m.backend}, ${m.workers} worker${m.workers === 1 ? "" : "s"} · ${data.docs} documents searched through their codes` +
    (s.model.dtype === "f16" ? ` · SAE in float16 (max error ${s.model.maxAbsError.toExponential(1)})` : "");
  status.textContent = site.status;
  probe.ready = true;
  // A reader who makes no query still gets the embeddings in memory, a little later.
  setTimeout(keepVectors, 10_000);
  if (location.hash.startsWith("#search") || location.hash.startsWith("#feature/")) route();
}

/** For tests and the bench: one steered search as the page runs it, with its time. */
(probe as Probe & { search?: unknown }).search = async (o: { text?: string; doc?: number; vector?: number[]; steer?: [number, number][]; mode?: Mode }) => {
  if (!model || !site.search) throw new Error("not ready");
  const t0 = performance.now();
  const q = o.vector ? Float32Array.from(o.vector) : o.doc !== undefined ? await site.search.readRows([o.doc]) : await embedTyped(o.text ?? "");
  const tEmbed = performance.now();
  const steered = o.steer?.length ? (await steerQuery(model, q, new Map(o.steer), o.mode ?? "edit")).vector : q;
  const hits = await site.search.search(steered, siteSearchOptions());
  const t1 = performance.now();
  return { hits, ms: t1 - t0, searchMs: t1 - tEmbed };
};

start().catch((e: unknown) => {
  probe.error = String((e as Error)?.message ?? e);
  status.textContent = `error: ${probe.error}`;
  status.classList.add("error");
});
