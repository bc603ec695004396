// The evaluation suite's report (`saejs eval --suite --report report.html`): one self-contained HTML
// page of a SuiteResult — no network, no script runs (a CSP forbids any) — with a table per section
// (reconstruction, retrieval, probing, labels), the plots as inline SVG, and the result itself as
// JSON in <script type="application/json" id="saejs-suite"> for tools that read the page.
import { SaeError } from "../core/errors.js";
import { boxChart, escapeXml as esc, lineChart, type ChartSeries } from "./svg.js";
import { SAE_SCORINGS, type ProbeScore, type RetrievalScores, type SaeSuite, type SuiteResult } from "./types.js";

/** A table cell's content, or "—" with a tooltip saying why there is no number. */
type Fmt = (v: number) => string;

/** 4 significant digits; integers past 10,000 whole; tiny values with an exponent. */
const sig: Fmt = (v) => {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e4) return String(Math.round(v));
  if (a < 1e-3) return v.toExponential(2);
  return v.toPrecision(4);
};
const int: Fmt = (v) => String(Math.round(v));
/** A share as a percentage, 3 significant digits. */
const pct: Fmt = (v) => (v === 0 ? "0 %" : `${Math.abs(v * 100) < 0.01 ? (v * 100).toExponential(1) : (v * 100).toPrecision(3)} %`);
/** A drop in points (× 100), signed: + is worse than the original embeddings. */
const pts: Fmt = (v) => {
  const s = (v * 100).toFixed(2);
  return s === "-0.00" || s === "0.00" ? "0.00" : v > 0 ? `+${s}` : s;
};

function why(v: number | undefined, reason: string): string {
  if (v === undefined) return reason;
  if (Number.isNaN(v)) return `not a number: ${reason}`;
  return `${v > 0 ? "+" : "−"}infinity: ${reason}`;
}

/** A <td>: the number formatted, or "—" with a title naming why it is missing. */
function td(v: number | undefined, fmt: Fmt, reason: string, cls = ""): string {
  const c = cls ? ` class="${cls}"` : "";
  if (v === undefined || !Number.isFinite(v)) return `<td class="na${cls ? ` ${cls}` : ""}" title="${esc(why(v, reason))}">—</td>`;
  return `<td${c}>${fmt(v)}</td>`;
}

const th = (s: string, title?: string) => `<th${title ? ` title="${esc(title)}"` : ""}>${s}</th>`;
const SCORING_NOTE: Record<string, string> = {
  dense: "cos(q, x): the original embeddings",
  reconstructed: "cos(q̂, x̂): query and documents both through the SAE",
  codes: "q · x̂: the query as it is, documents as their codes alone (the site's score)",
  sparse: "cos(z_q, z_x): codes against codes, nothing dense",
};
const NO_VALUE = "the metric could not be computed (e.g. no held-out positives)";

function checkResult(r: SuiteResult): void {
  if (typeof r !== "object" || r === null) throw new SaeError("E_ARG", "suiteReportHtml needs a SuiteResult object (evaluateSuite's result)");
  if (r.format !== "saejs-eval-suite" || r.version !== 1)
    throw new SaeError(
      "E_FORMAT",
      `suiteReportHtml reads format "saejs-eval-suite" version 1, got format ${JSON.stringify(String(r.format))} version ${JSON.stringify(String(r.version))}; re-run saejs eval --suite with this version of sae.js`,
    );
  if (!r.data || !Number.isFinite(r.data.rows) || !Number.isFinite(r.data.d) || typeof r.data.embeddings !== "string")
    throw new SaeError("E_FORMAT", "the suite result's data block needs embeddings (a file name), rows and d; re-run saejs eval --suite");
  if (!Array.isArray(r.saes) || !Array.isArray(r.retrieval))
    throw new SaeError("E_FORMAT", "the suite result needs saes and retrieval arrays (each may be empty); re-run saejs eval --suite");
}

// ---------------------------------------------------------------------------------------------
// Every field of a SuiteResult checked, for results read back from a report (the explorer serves
// the page re-rendered from them, never the file's own bytes) and for results handed to the API.

/** A field's check: its value (null → NaN for numbers, as JSON.stringify wrote them) or a throw. */
type Field = (v: unknown, at: string) => unknown;

/** Bounds on a report read from a file: what `saejs eval --suite` can write, and a page that renders in bounded time. */
export const REPORT_LIMITS = { saes: 64, tasks: 16, classes: 64, text: 4096 } as const;

function shown(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `a string of ${v.length} characters`;
  return typeof v === "number" ? String(v) : `a${typeof v === "object" ? "n" : ""} ${typeof v}`;
}

/**
 * A copy of `value` holding only the fields of a SuiteResult, each of its type (in the order the
 * value has them, so that a result read back renders the same page), or E_FORMAT naming the first
 * field that is not. `limits` bounds array lengths and strings (for results read from files).
 */
export function checkSuiteResult(value: unknown, name: string, limits?: { saes: number; tasks: number; classes: number; text: number }): SuiteResult {
  checkResult(value as SuiteResult);
  const bad = (at: string, want: string, v: unknown): never => {
    throw new SaeError(
      "E_FORMAT",
      `${name}: ${at} must be ${want}, got ${shown(v)}; give a result of evaluateSuite ('saejs eval --suite --json' or the report it writes)`,
    );
  };
  const num: Field = (v, at) => (v === null ? Number.NaN : typeof v === "number" ? v : bad(at, "a number (or null)", v));
  const count: Field = (v, at) => (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : bad(at, "a non-negative integer", v));
  const text: Field = (v, at) =>
    typeof v === "string" && (!limits || v.length <= limits.text) ? v : bad(at, `a string${limits ? ` of at most ${limits.text} characters` : ""}`, v);
  const oneOf =
    (...ok: unknown[]): Field =>
    (v, at) =>
      ok.includes(v) ? v : bad(at, ok.map((o) => JSON.stringify(o)).join(" or "), v);
  const list =
    (item: Field, max?: number): Field =>
    (v, at) => {
      if (!Array.isArray(v)) return bad(at, "an array", v);
      if (max !== undefined && v.length > max) return bad(at, `an array of at most ${max} entries (more than saejs eval writes)`, `${v.length} entries`);
      return v.map((x, i) => item(x, `${at}[${i}]`));
    };
  /** Required fields, and optional ones (`?` after the name); other fields are left out of the copy. */
  const obj =
    (fields: Record<string, Field>): Field =>
    (v, at) => {
      if (typeof v !== "object" || v === null || Array.isArray(v)) return bad(at, "an object", v);
      const spec = new Map(Object.entries(fields).map(([k, f]) => [k.replace(/\?$/, ""), { f, optional: k.endsWith("?") }]));
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const s = spec.get(k);
        if (s && x !== undefined) out[k] = s.f(x, `${at}.${k}`);
      }
      for (const [k, s] of spec) if (!s.optional && !Object.hasOwn(out, k)) bad(`${at}.${k}`, "present", undefined);
      return out;
    };
  const scores = obj({ ndcg10: num, recall100: num, mrr10: num, queries: count });
  const drops = obj({ ndcg10: num, recall100: num, mrr10: num });
  const probe = obj({ f1: num, auc: num });
  const latentProbe = obj({ f1: num, auc: num, "latents?": list(count) });
  const perScoring = (f: Field) => obj(Object.fromEntries(SAE_SCORINGS.map((s) => [s, f])));
  const classes = limits?.classes;
  const result = obj({
    format: oneOf("saejs-eval-suite"),
    version: oneOf(1),
    data: obj({ embeddings: text, "texts?": text, rows: count, d: count }),
    retrieval: list(obj({ task: text, queries: count, documents: count, dense: scores }), limits?.tasks),
    "probing?": obj({
      labelColumn: text,
      testEvery: count,
      classes: list(obj({ label: text, trainPositives: count, testPositives: count, dense: probe }), classes),
      meanDense: probe,
      skipped: list(obj({ label: text, rows: count, "capped?": oneOf(true) })),
    }),
    saes: list(
      obj({
        name: text,
        fingerprint: text,
        architecture: text,
        k: count,
        nLatents: count,
        reconstruction: obj({
          nmse: num,
          logFdLive: num,
          logFdAll: num,
          actMean: num,
          deadShare: num,
          meanL0: num,
          l0: obj({ min: num, p10: num, median: num, p90: num, max: num, histogram: list(count) }),
          denseLatents: count,
          denseShare: num,
        }),
        retrieval: list(obj({ task: text, scores: perScoring(scores), drop: perScoring(drops) }), limits?.tasks),
        "probing?": obj({
          classes: list(obj({ label: text, top1: latentProbe, top5: latentProbe, all: latentProbe }), classes),
          mean: obj({ top1: probe, top5: probe, all: probe }),
        }),
        "labels?": obj({
          source: oneOf("file", "made"),
          features: count,
          scored: count,
          aucs: list(num),
          quantiles: obj({ p10: num, p25: num, median: num, p75: num, p90: num }),
          meanAuc: num,
          cleanShare: num,
        }),
        seconds: num,
      }),
      limits?.saes,
    ),
    seconds: num,
  });
  return result(value, "result") as SuiteResult;
}

/** The JSON inside <script>: `<`, `>` and `&` escaped so that no string can close the element. */
function embeddedJson(r: SuiteResult): string {
  return JSON.stringify(r)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** An SAE's name cell: the name as text, its fingerprint and shape in the tooltip. */
const saeCell = (s: SaeSuite, extra = "") =>
  `<td class="name" title="${esc(`${s.name} · ${s.architecture} k=${s.k} n=${s.nLatents} · fingerprint ${s.fingerprint}`)}"${extra}>${esc(s.name)}</td>`;

function header(r: SuiteResult): string {
  const d = r.data;
  const files = [`embeddings <code>${esc(d.embeddings)}</code>`];
  if (d.texts !== undefined) files.push(`texts <code>${esc(d.texts)}</code>`);
  const sections = [
    ["reconstruction", "Reconstruction"],
    ["retrieval", "Retrieval"],
    ...(r.probing ? [["probing", "Sparse probing"]] : []),
    ["labels", "Labels"],
    ["plots", "Plots"],
  ];
  return `<header><h1>sae.js evaluation suite</h1>
<p class="data">${int(d.rows)} rows × d = ${int(d.d)} · ${files.join(" · ")} · ${r.saes.length} ${r.saes.length === 1 ? "SAE" : "SAEs"} · ${sig(r.seconds)} s</p>
<nav>${sections.map(([id, name]) => `<a href="#${id}">${name}</a>`).join(" · ")}</nav></header>`;
}

function reconstruction(r: SuiteResult): string {
  const rows = r.saes.map((s) => {
    const m = s.reconstruction,
      l0 = m.l0;
    return `<tr>${saeCell(s)}<td>${esc(s.architecture)}</td>${td(s.k, int, "k unknown")}${td(s.nLatents, int, "n unknown")}${td(m.nmse, sig, NO_VALUE)}${td(m.meanL0, sig, NO_VALUE)}${td(l0.median, sig, NO_VALUE).replace(/^<td>/, `<td title="${esc(`L0 per row: min ${l0.min}, p10 ${l0.p10}, median ${l0.median}, p90 ${l0.p90}, max ${l0.max}`)}">`)}${td(l0.p90, sig, NO_VALUE)}${td(m.deadShare, pct, NO_VALUE)}${td(m.denseShare, pct, NO_VALUE)}${td(m.logFdLive, sig, "no live latents").replace(/^<td>/, `<td title="${esc(`over all latents: ${Number.isFinite(m.logFdAll) ? sig(m.logFdAll) : "—"}`)}">`)}${td(m.actMean, sig, NO_VALUE)}${td(s.seconds, sig, "not timed")}</tr>`;
  });
  return `<section id="reconstruction"><h2>Reconstruction</h2>
<p class="note">On all ${int(r.data.rows)} rows. nMSE: squared error over the variance about the mean. L0: active latents (value &gt; 0) per row. Dead: latents never active; dense: active on more than 10 % of rows. Log FD: mean log10 firing density of the live latents.</p>
<div class="scroll"><table class="num"><thead><tr>${th("SAE")}${th("arch")}${th("k")}${th("n")}${th("nMSE")}${th("L0 mean")}${th("L0 median")}${th("L0 p90")}${th("dead")}${th("dense")}${th("log FD (live)")}${th("act mean")}${th("seconds", "time to evaluate this SAE")}</tr></thead>
<tbody>${rows.join("\n")}</tbody></table></div></section>`;
}

function retrieval(r: SuiteResult): string {
  if (!r.retrieval.length)
    return `<section id="retrieval"><h2>Retrieval</h2><p class="note">No retrieval task was run (give --texts with titles, or a BEIR folder).</p></section>`;
  const metric = (s: RetrievalScores | undefined, key: "ndcg10" | "recall100" | "mrr10", missing: string) => td(s?.[key], sig, missing);
  const tables = r.retrieval.map((t) => {
    const dense = `<tr class="ref"><td class="name">original embeddings</td><td title="${esc(SCORING_NOTE.dense!)}">dense</td>${metric(t.dense, "ndcg10", NO_VALUE)}<td></td>${metric(t.dense, "recall100", NO_VALUE)}<td></td>${metric(t.dense, "mrr10", NO_VALUE)}<td></td></tr>`;
    const rows = r.saes.flatMap((s) => {
      const run = s.retrieval.find((x) => x.task === t.task);
      return SAE_SCORINGS.map((sc, i) => {
        const missing = run ? NO_VALUE : `this SAE was not evaluated on task ${t.task}`;
        const score = run?.scores[sc],
          drop = run?.drop[sc];
        const name = i === 0 ? saeCell(s, ` rowspan="${SAE_SCORINGS.length}"`) : "";
        return `<tr${i === 0 ? ' class="first"' : ""}>${name}<td title="${esc(SCORING_NOTE[sc]!)}">${sc}</td>${metric(score, "ndcg10", missing)}${td(drop?.ndcg10, pts, missing, "drop")}${metric(score, "recall100", missing)}${td(drop?.recall100, pts, missing, "drop")}${metric(score, "mrr10", missing)}${td(drop?.mrr10, pts, missing, "drop")}</tr>`;
      });
    });
    return `<h3>Task <span class="task">${esc(t.task)}</span>: ${int(t.queries)} queries over ${int(t.documents)} documents</h3>
<div class="scroll"><table class="num retrieval"><thead><tr>${th("run")}${th("scoring")}${th("nDCG@10")}${th("drop", "dense − this, in points (× 100); + is worse than the original embeddings")}${th("recall@100")}${th("drop", "dense − this, in points")}${th("MRR@10")}${th("drop", "dense − this, in points")}</tr></thead>
<tbody>${[dense, ...rows].join("\n")}</tbody></table></div>`;
  });
  return `<section id="retrieval"><h2>Retrieval</h2>
<p class="note">Scorings: ${Object.entries(SCORING_NOTE)
    .map(([k, v]) => `<b>${k}</b> ${esc(v)}`)
    .join("; ")}. Drop: the original embeddings' figure minus the SAE's, in points (× 100); + is worse.</p>
${tables.join("\n")}</section>`;
}

function probing(r: SuiteResult): string {
  const p = r.probing;
  if (!p) return "";
  const dense = p.meanDense;
  const noProbe = "this SAE was not probed";
  const scoreCells = (s: { top1: ProbeScore; top5: ProbeScore; all: ProbeScore } | undefined, key: "f1" | "auc", missing: string) =>
    td(s?.top1[key], sig, missing) + td(s?.top5[key], sig, missing) + td(s?.all[key], sig, missing);
  const denseTop = `<td class="na" title="the dense probe reads every dimension">—</td>`;
  const meanRows = [
    `<tr class="ref"><td class="name">dense embedding (d = ${int(r.data.d)})</td>${denseTop}${denseTop}${td(dense.f1, sig, NO_VALUE)}${denseTop}${denseTop}${td(dense.auc, sig, NO_VALUE)}</tr>`,
    ...r.saes.map((s) => `<tr>${saeCell(s)}${scoreCells(s.probing?.mean, "f1", noProbe)}${scoreCells(s.probing?.mean, "auc", noProbe)}</tr>`),
  ];
  const head = `<thead><tr>${th("probe")}<th colspan="3">F1</th><th colspan="3">AUC</th></tr><tr>${th("")}${th("top-1")}${th("top-5")}${th("all")}${th("top-1")}${th("top-5")}${th("all")}</tr></thead>`;
  const span = r.saes.length + 1;
  const perClass = p.classes.flatMap((c) => {
    const lines = [
      `<tr class="ref first"><td class="name cls" rowspan="${span}">${esc(c.label)}</td>${td(c.trainPositives, int, "unknown").replace("<td", `<td rowspan="${span}"`)}${td(c.testPositives, int, "unknown").replace("<td", `<td rowspan="${span}"`)}<td class="name">dense embedding</td>${denseTop}${denseTop}${td(c.dense.f1, sig, NO_VALUE)}${denseTop}${denseTop}${td(c.dense.auc, sig, NO_VALUE)}<td></td></tr>`,
    ];
    for (const s of r.saes) {
      const cp = s.probing?.classes.find((x) => x.label === c.label);
      const missing = s.probing ? `this SAE has no probe for class ${c.label}` : noProbe;
      const latent = cp?.top1.latents?.[0];
      lines.push(
        `<tr>${saeCell(s)}${scoreCells(cp, "f1", missing)}${scoreCells(cp, "auc", missing)}${td(latent, int, cp ? "the probe did not name its latent" : missing)}</tr>`,
      );
    }
    return lines;
  });
  const named = (list: typeof p.skipped) => list.map((s) => `<span class="cls">${esc(s.label)}</span> (${int(s.rows)} rows)`).join(", ");
  const rare = p.skipped.filter((s) => !s.capped),
    capped = p.skipped.filter((s) => s.capped);
  const skipped =
    (rare.length ? `<p class="note">Left out for too few positives (≥ 10 training and ≥ 3 held-out needed): ${named(rare)}.</p>` : "") +
    (capped.length
      ? `<p class="note">Left out past the ${p.classes.length} most frequent classes (the probes' time stays bounded): ${named(capped)}.</p>`
      : "");
  return `<section id="probing"><h2>Sparse probing</h2>
<p class="note">Label column <code>${esc(p.labelColumn)}</code>, one class against the rest for ${p.classes.length} ${p.classes.length === 1 ? "class" : "classes"}; one row in ${int(p.testEvery)} held out by a hash of its text. Logistic regression on the single best latent (top-1), the best 5 (top-5) and every latent (all), chosen on the training rows, against a probe on the dense embedding; F1 at p ≥ 0.5 and AUC on the held-out rows, means over the classes.</p>
<div class="scroll"><table class="num probing">${head}<tbody>${meanRows.join("\n")}</tbody></table></div>
<details><summary>Per class (${p.classes.length})</summary>
<div class="scroll"><table class="num probing-classes"><thead><tr>${th("class")}${th("train +", "positives in the training rows")}${th("held-out +", "positives in the held-out rows")}${th("probe")}<th colspan="3">F1</th><th colspan="3">AUC</th>${th("top-1 latent")}</tr><tr>${th("")}${th("")}${th("")}${th("")}${th("top-1")}${th("top-5")}${th("all")}${th("top-1")}${th("top-5")}${th("all")}${th("")}</tr></thead>
<tbody>${perClass.join("\n")}</tbody></table></div></details>
${skipped}</section>`;
}

function labels(r: SuiteResult): string {
  const labelled = r.saes.filter((s) => s.labels);
  if (!labelled.length)
    return `<section id="labels"><h2>Labels</h2><p class="note">No SAE was labelled (give a labels file from saejs label, or let the suite label a sample).</p></section>`;
  const rows = r.saes.map((s) => {
    const l = s.labels;
    if (!l) return `<tr>${saeCell(s)}<td class="na" colspan="10" title="no labels for this SAE">not labelled</td></tr>`;
    const q = l.quantiles;
    const noAuc = "no label had a held-out positive to score";
    return `<tr>${saeCell(s)}<td>${l.source === "file" ? "file" : "made here"}</td>${td(l.features, int, "unknown")}${td(l.scored, int, "unknown")}${td(l.meanAuc, sig, noAuc)}${td(q.p10, sig, noAuc)}${td(q.p25, sig, noAuc)}${td(q.median, sig, noAuc)}${td(q.p75, sig, noAuc)}${td(q.p90, sig, noAuc)}${td(l.cleanShare, pct, noAuc)}</tr>`;
  });
  return `<section id="labels"><h2>Labels</h2>
<p class="note">Each feature's label scored on held-out texts by AUC (the label's embedding against the feature's activations). Clean: AUC ≥ 0.9 over ≥ 5 held-out positives at density &lt; 0.2, as a share of labelled features.</p>
<div class="scroll"><table class="num"><thead><tr>${th("SAE")}${th("source")}${th("features", "features labelled")}${th("scored", "features with a held-out AUC")}${th("mean AUC")}${th("p10")}${th("p25")}${th("median")}${th("p75")}${th("p90")}${th("clean")}</tr></thead>
<tbody>${rows.join("\n")}</tbody></table></div></section>`;
}

function plots(r: SuiteResult): string {
  const figs: string[] = [];
  const fig = (svg: string, caption: string) => `<figure>${svg}<figcaption>${caption}</figcaption></figure>`;
  // nMSE vs L0: one series per architecture, in order of first appearance.
  const archs = [...new Set(r.saes.map((s) => s.architecture))];
  figs.push(
    fig(
      lineChart({
        title: "nMSE vs mean L0",
        xLabel: "mean L0 (active latents per row)",
        yLabel: "nMSE",
        series: archs.map((a) => ({
          name: a,
          points: r.saes
            .filter((s) => s.architecture === a)
            .map((s) => ({ x: s.reconstruction.meanL0, y: s.reconstruction.nmse, label: `k=${s.k} n=${s.nLatents}` })),
        })),
      }),
      "Reconstruction error against sparsity, one line per architecture; each point an SAE (k and n beside it).",
    ),
  );
  for (const t of r.retrieval) {
    const series: ChartSeries[] = SAE_SCORINGS.map((sc) => ({
      name: sc,
      points: r.saes.flatMap((s) => {
        const run = s.retrieval.find((x) => x.task === t.task);
        return run ? [{ x: s.reconstruction.meanL0, y: run.scores[sc].ndcg10, label: s.name }] : [];
      }),
    }));
    figs.push(
      fig(
        lineChart({
          title: `nDCG@10 vs mean L0 · ${t.task}`,
          xLabel: "mean L0 (active latents per row)",
          yLabel: "nDCG@10",
          series,
          refLines: [{ name: "dense embedding", y: t.dense.ndcg10 }],
          showLabels: false,
        }),
        `Retrieval on task <span class="task">${esc(t.task)}</span> per scoring, each point an SAE (its name in the tooltip); dashed: the original embeddings.`,
      ),
    );
  }
  if (r.probing) {
    figs.push(
      fig(
        lineChart({
          title: "Probing F1 vs latents read",
          xLabel: "latents the probe reads (log scale)",
          yLabel: "mean F1 (held out)",
          xLog: true,
          showLabels: false,
          series: r.saes
            .filter((s) => s.probing)
            .map((s) => ({
              name: s.name,
              points: [
                { x: 1, y: s.probing!.mean.top1.f1, label: "top-1" },
                { x: 5, y: s.probing!.mean.top5.f1, label: "top-5" },
                { x: s.nLatents, y: s.probing!.mean.all.f1, label: `all ${s.nLatents}` },
              ],
            })),
          refLines: [{ name: `dense embedding (d = ${r.data.d})`, y: r.probing.meanDense.f1 }],
        }),
        "Mean held-out F1 over the classes with the best 1, the best 5 and every latent, one line per SAE; dashed: the probe on the dense embedding.",
      ),
    );
  }
  const labelled = r.saes.filter((s) => s.labels);
  if (labelled.length) {
    figs.push(
      fig(
        boxChart({
          title: "Held-out label AUC",
          yLabel: "AUC",
          boxes: labelled.map((s) => ({ name: s.name, ...s.labels!.quantiles, mean: s.labels!.meanAuc, n: s.labels!.scored })),
          refLines: [
            { name: "chance", y: 0.5 },
            { name: "clean (0.9)", y: 0.9 },
          ],
        }),
        "Distribution of the labels' held-out AUC per labelled SAE: box p25–p75, whiskers p10–p90, bar the median, dot the mean.",
      ),
    );
  }
  return `<section id="plots"><h2>Plots</h2><div class="plots">${figs.join("\n")}</div></section>`;
}

const CSS = `body{font:15px/1.45 system-ui,sans-serif;max-width:1240px;margin:1.5em auto;padding:0 1em;color:#222}
h1{margin:.2em 0}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.15em}h3{font-size:16px;margin:1.2em 0 .4em}
.data{color:#444}nav a{color:#2a5db0}.note{color:#555;font-size:13px;max-width:70em}code{font-size:13px;background:#f4f4f4;padding:0 .25em;overflow-wrap:anywhere}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:13.5px;margin:.3em 0}td,th{border:1px solid #d4d4d4;padding:3px 8px}
th{background:#f5f5f7;font-weight:600}table.num td{text-align:right;font-variant-numeric:tabular-nums}table.num td.name{text-align:left;max-width:22em;overflow-wrap:anywhere}
table td.na{color:#999;text-align:center}tr.ref td{background:#fafafa}tr.first td{border-top:2px solid #bbb}td.drop{color:#7a3b00}
.cls,.task{font-weight:600}details{margin:.6em 0}summary{cursor:pointer;color:#2a5db0}
.plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:6px 16px}figure{margin:0}figure svg{width:100%;height:auto;border:1px solid #e4e4e4}figcaption{font-size:12.5px;color:#555;margin:.2em 0 .6em}
@media print{body{max-width:none;margin:0;font-size:11pt}.plots{grid-template-columns:1fr 1fr}nav{display:none}.scroll{overflow:visible}figure,table{break-inside:avoid}h2{break-after:avoid}a{color:inherit}}`;

/**
 * A self-contained HTML page of a SuiteResult: tables of every figure, inline SVG plots and the
 * result itself as JSON (`<script type="application/json" id="saejs-suite">`, non-finite numbers as
 * null, as JSON.stringify writes them). Every name from the user is escaped, and the page's CSP lets
 * no script run.
 */
export function suiteReportHtml(suite: SuiteResult): string {
  // A copy with every field checked: a malformed object is refused with the field it lacks, not a TypeError halfway.
  const result = checkSuiteResult(suite, "suiteReportHtml");
  const title = `sae.js evaluation suite · ${result.data.embeddings}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style></head><body>
${header(result)}
${reconstruction(result)}
${retrieval(result)}
${probing(result)}
${labels(result)}
${plots(result)}
<script type="application/json" id="saejs-suite">${embeddedJson(result)}</script>
</body></html>
`;
}
