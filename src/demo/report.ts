// The demo's self-contained HTML report: the card-shaped metric row, the log10-density histogram
// as inline SVG, and each shown feature with its label, top texts and hard negatives.
import type { Metrics } from "../train/metrics.js";
import { activationSvg, histogramSvg } from "../explore/histogram.js";
import type { Neighbour } from "../explore/pages.js";

export interface ReportFeature {
  index: number;
  density: number;
  meanAct: number;
  /** The offline label, and its AUC on held-out texts (null: too rare there to score). */
  label: string;
  auc: number | null;
  clean: boolean;
  top: { text: string; headword: string; value: number }[];
  negatives: { text: string; headword: string }[];
  histogram: { max: number; counts: number[] };
  nearest: (Neighbour & { label: string })[];
  cooccurring: (Neighbour & { label: string })[];
  /** The families it heads or belongs to: their parent and size. */
  families: { parent: number; members: number }[];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function renderReport(o: {
  title: string;
  settings: string;
  metrics: Metrics;
  k: number;
  n: number;
  histogram: { edges: number[]; counts: number[]; dead: number };
  sections: { title: string; features: ReportFeature[] }[];
}): string {
  const m = o.metrics;
  const others = (list: (Neighbour & { label: string })[], what: (v: number) => string) =>
    list.map((e) => `#${e.feature} ${esc(e.label || "(unlabelled)")} <span class="v">${what(e.value)}</span>`).join(" · ");
  const feature = (f: ReportFeature) => `<section class="f"><h3>#${f.index} · ${esc(f.label || "(no distinctive phrase)")}</h3>
<p class="meta">${f.auc !== null ? `label AUC ${f.auc.toFixed(2)} on held-out texts${f.clean ? " · clean" : ""} · ` : "label unscored · "}density ${(f.density * 100).toFixed(2)} % · mean activation ${f.meanAct.toFixed(3)}</p>
<div class="hist">${activationSvg(f.histogram)}</div>
<p class="meta">nearest decoder directions: ${others(f.nearest, (v) => `cos ${v.toFixed(2)}`)}</p>
<p class="meta">most often with: ${others(f.cooccurring, (v) => `${(v * 100).toFixed(0)} %`)}</p>
<p class="meta">family: ${f.families.length ? f.families.map((m) => (m.parent === f.index ? `heads a family of ${m.members}` : `in the family of #${m.parent} (${m.members} members)`)).join(" · ") : "none"}</p>
<ol>${f.top.map((t) => `<li><b>${esc(t.headword)}</b> <span class="v">${t.value.toFixed(3)}</span> ${esc(t.text)}</li>`).join("")}</ol>
<p class="neg">hard negatives: ${f.negatives.map((t) => `<b>${esc(t.headword)}</b> ${esc(t.text)}`).join(" · ")}</p></section>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(o.title)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}
.f{border-top:1px solid #ddd;padding:.4em 0}.meta,.neg{color:#666;font-size:13px}.v{color:#4a7bd0;font-variant-numeric:tabular-nums}h3{margin:.3em 0}</style></head><body>
<h1>${esc(o.title)}</h1><p>${esc(o.settings)}</p>
<table><tr><th>k</th><th>n</th><th>nMSE</th><th>log FD (live)</th><th>log FD (all)</th><th>act mean</th><th>dead share</th></tr>
<tr><td>${o.k}</td><td>${o.n}</td><td>${m.nmse.toFixed(4)}</td><td>${m.logFdLive.toFixed(4)}</td><td>${m.logFdAll.toFixed(4)}</td><td>${m.actMean.toFixed(4)}</td><td>${(m.deadShare * 100).toFixed(1)} %</td></tr></table>
<h2>Feature density</h2>${histogramSvg(o.histogram)}
${o.sections.map((s) => `<h2>${esc(s.title)}</h2>${s.features.map(feature).join("\n")}`).join("\n")}
</body></html>
`;
}
