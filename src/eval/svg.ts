// Charts of the evaluation suite's report as inline SVG strings, with no chart library: a line /
// scatter chart (nMSE vs L0, retrieval vs L0, probing F1 vs latents) and a box chart (label AUCs).
// Output is a pure function of the input: fixed decimals for coordinates, no ids, no randomness.
import { SaeError } from "../core/errors.js";

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
  /** Shown beside the point (unless `showLabels` is false) and in its tooltip. */
  readonly label?: string;
}

export interface ChartSeries {
  readonly name: string;
  readonly points: readonly ChartPoint[];
}

export interface RefLine {
  readonly name: string;
  readonly y: number;
}

export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  /** Horizontal dashed lines across the plot, named at their right end (e.g. the dense embedding). */
  readonly refLines?: readonly RefLine[];
  readonly width?: number;
  readonly height?: number;
  /** Point labels as text beside each point (default true); false keeps them in the tooltip only. */
  readonly showLabels?: boolean;
  /** A log10 x axis (x must be > 0): for counts spanning decades, such as 1, 5 and 4096 latents. */
  readonly xLog?: boolean;
}

export interface Box {
  readonly name: string;
  readonly p10: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  readonly p90: number;
  /** Drawn as a dot. */
  readonly mean?: number;
  /** How many values it summarises (in the tooltip). */
  readonly n?: number;
}

export interface BoxChartOptions {
  readonly title: string;
  readonly yLabel: string;
  readonly boxes: readonly Box[];
  readonly refLines?: readonly RefLine[];
  readonly width?: number;
  readonly height?: number;
}

/** Series colours (Tableau 10): distinct in print and for most colour vision. */
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
const REF_COLOUR = "#555";

/** XML text and attribute escape: every name here is user input (an SAE called `<script>`). */
export const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** At most `max` characters, an ellipsis marking the cut (the whole name stays in the tooltip). */
const clip = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

const c1 = (v: number): string => {
  const s = v.toFixed(1);
  return s === "-0.0" ? "0.0" : s;
};

/** A number for a tooltip or a tick: 4 significant digits, no exponent in the usual ranges. */
export function chartNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e4) return String(Math.round(v));
  if (a < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** Ticks at 1, 2 or 5 × 10^e inside [lo, hi], about `target` of them, and their decimals. */
export function niceTicks(lo: number, hi: number, target = 5): { ticks: number[]; decimals: number } {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) throw new SaeError("E_ARG", `niceTicks needs finite lo < hi, got ${lo} and ${hi}`);
  const raw = (hi - lo) / Math.max(1, target);
  const e = Math.floor(Math.log10(raw));
  const base = 10 ** e;
  const m = raw / base;
  const mult = m <= 1.5 ? 1 : m <= 3 ? 2 : m <= 7 ? 5 : 10;
  const step = mult * base;
  // Integer multiples of the step, so 0.1 + 0.2 never prints as 0.30000000000000004.
  const first = Math.ceil(lo / step - 1e-9),
    last = Math.floor(hi / step + 1e-9);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toFixed(decimals)));
  return { ticks, decimals };
}

/** [lo, hi] of the values with a little padding (6 % each side), widened around a single value. */
function paddedRange(values: readonly number[]): [number, number] {
  let lo = Math.min(...values),
    hi = Math.max(...values);
  if (hi === lo) {
    const pad = Math.abs(lo) * 0.1 || 1;
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * 0.06;
  lo -= pad;
  hi += pad;
  return [lo, hi];
}

/** Log10 ticks: each decade, and 2 and 5 within it while the range spans at most two decades. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  const fine = hi - lo <= 2.1;
  for (let e = Math.floor(lo); e <= Math.ceil(hi); e++)
    for (const m of fine ? [1, 2, 5] : [1]) {
      const t = Math.log10(m) + e;
      if (t >= lo - 1e-9 && t <= hi + 1e-9) ticks.push(t);
    }
  return ticks;
}

function checkSize(what: string, v: number | undefined, dflt: number, min: number): number {
  const s = v ?? dflt;
  if (!(Number.isFinite(s) && s >= min && s <= 10_000))
    throw new SaeError("E_ARG", `${what} must be a number of pixels from ${min} to 10000, got ${s}`, { fix: { option: what, example: String(dflt) } });
  return s;
}

interface Frame {
  out: string[];
  W: number;
  H: number;
  L: number;
  R: number;
  T: number;
  B: number;
}

/** The svg element, background, title and y label: what both charts share. */
function frame(title: string, yLabel: string, W: number, H: number, R: number, xLabel?: string): Frame {
  const L = 66,
    T = 34,
    B = xLabel === undefined ? 58 : 48;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12" role="img" aria-label="${escapeXml(title)}">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${L}" y="20" font-size="14" font-weight="600">${escapeXml(title)}</text>`,
    `<text transform="translate(16 ${c1((T + H - B) / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
  ];
  if (xLabel !== undefined) out.push(`<text x="${c1((L + W - R) / 2)}" y="${H - 10}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  return { out, W, H, L, R, T, B };
}

function yAxis(f: Frame, Y: (v: number) => number, lo: number, hi: number): void {
  const { out, L, W, R } = f;
  const { ticks, decimals } = niceTicks(lo, hi);
  for (const t of ticks) {
    const y = c1(Y(t));
    out.push(`<line x1="${L}" y1="${y}" x2="${W - R}" y2="${y}" stroke="#eee"/>`);
    out.push(
      `<line x1="${L - 4}" y1="${y}" x2="${L}" y2="${y}" stroke="#333"/><text x="${L - 7}" y="${c1(Y(t) + 4)}" text-anchor="end">${t.toFixed(decimals)}</text>`,
    );
  }
}

function refLinesSvg(f: Frame, Y: (v: number) => number, lines: readonly RefLine[]): void {
  for (const r of lines) {
    const y = c1(Y(r.y));
    f.out.push(
      `<g class="ref"><line x1="${f.L}" y1="${y}" x2="${f.W - f.R}" y2="${y}" stroke="${REF_COLOUR}" stroke-width="1.5" stroke-dasharray="6 4"><title>${escapeXml(`${r.name}: ${chartNumber(r.y)}`)}</title></line>` +
        `<text x="${f.W - f.R - 4}" y="${c1(Y(r.y) - 4)}" text-anchor="end" fill="${REF_COLOUR}">${escapeXml(clip(r.name, 40))}</text></g>`,
    );
  }
}

/** A note under the plot naming what could not be drawn, so that nothing disappears silently. */
function dropNote(f: Frame, dropped: number, why: string): void {
  if (dropped > 0)
    f.out.push(
      `<text x="${f.W - 6}" y="${f.H - 4}" text-anchor="end" font-size="10" fill="#a33">${dropped} ${dropped === 1 ? "value" : "values"} ${why}: not drawn</text>`,
    );
}

const legendWidth = (names: readonly string[]) => (names.length ? 48 + 7.2 * Math.max(...names.map((n) => Math.min(n.length, 26))) : 16);

/**
 * A line / scatter chart as an SVG string: each series' points as circles (tooltip: series, label,
 * x, y), joined in order of x; a legend; nice ticks over the data's range with a little padding;
 * optional dashed horizontal reference lines. Points and reference lines that are not finite (or
 * x ≤ 0 on a log axis) are left out and counted in a note on the chart.
 */
export function lineChart(o: LineChartOptions): string {
  if (!Array.isArray(o.series as unknown)) throw new SaeError("E_ARG", "lineChart needs series: an array of { name, points }");
  const W = checkSize("width", o.width, 640, 240),
    H = checkSize("height", o.height, 380, 160);
  const xLog = o.xLog === true;
  const okX = (x: number) => Number.isFinite(x) && (!xLog || x > 0);
  let dropped = 0;
  const series = o.series.map((s) => {
    const pts = s.points.filter((p) => okX(p.x) && Number.isFinite(p.y));
    dropped += s.points.length - pts.length;
    // Sorted by x for the line; stable, so equal x keep their given order.
    return { name: s.name, points: pts.map((p, i) => ({ ...p, i })).sort((a, b) => a.x - b.x || a.i - b.i) };
  });
  const refs = (o.refLines ?? []).filter((r) => Number.isFinite(r.y));
  dropped += (o.refLines ?? []).length - refs.length;
  const f = frame(o.title, o.yLabel, W, H, legendWidth(series.map((s) => s.name)), o.xLabel);
  const { out, L, R, T, B } = f;
  const xs = series.flatMap((s) => s.points.map((p) => (xLog ? Math.log10(p.x) : p.x)));
  const ys = [...series.flatMap((s) => s.points.map((p) => p.y)), ...refs.map((r) => r.y)];
  if (!ys.length) {
    out.push(`<text x="${c1((L + W - R) / 2)}" y="${c1((T + H - B) / 2)}" text-anchor="middle" fill="#777">no data</text>`);
    dropNote(f, dropped, "not finite");
    out.push("</svg>");
    return `${out.join("\n")}\n`;
  }
  // A chart of reference lines alone still needs an x range.
  const [x0, x1] = xs.length ? paddedRange(xs) : [0, 1];
  const [y0, y1] = paddedRange(ys);
  const X = (v: number) => L + (((xLog ? Math.log10(v) : v) - x0) / (x1 - x0)) * (W - L - R);
  const Y = (v: number) => T + (1 - (v - y0) / (y1 - y0)) * (H - T - B);
  yAxis(f, Y, y0, y1);
  if (xs.length) {
    if (xLog) {
      for (const t of logTicks(x0, x1)) {
        const x = c1(L + ((t - x0) / (x1 - x0)) * (W - L - R));
        out.push(
          `<line x1="${x}" y1="${H - B}" x2="${x}" y2="${H - B + 4}" stroke="#333"/><text x="${x}" y="${H - B + 17}" text-anchor="middle">${chartNumber(10 ** t)}</text>`,
        );
      }
    } else {
      const { ticks, decimals } = niceTicks(x0, x1);
      for (const t of ticks) {
        const x = c1(X(t));
        out.push(
          `<line x1="${x}" y1="${H - B}" x2="${x}" y2="${H - B + 4}" stroke="#333"/><text x="${x}" y="${H - B + 17}" text-anchor="middle">${t.toFixed(decimals)}</text>`,
        );
      }
    }
  }
  out.push(`<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#333"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#333"/>`);
  refLinesSvg(f, Y, refs);
  const showLabels = o.showLabels !== false;
  let ly = T + 8;
  series.forEach((s, si) => {
    const colour = PALETTE[si % PALETTE.length]!;
    const g = [`<g class="series">`];
    if (s.points.length > 1)
      g.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${s.points.map((p) => `${c1(X(p.x))},${c1(Y(p.y))}`).join(" ")}"/>`);
    for (const p of s.points) {
      const tip = `${s.name}${p.label ? `, ${p.label}` : ""}: x ${chartNumber(p.x)}, y ${chartNumber(p.y)}`;
      g.push(`<circle cx="${c1(X(p.x))}" cy="${c1(Y(p.y))}" r="4" fill="${colour}"><title>${escapeXml(tip)}</title></circle>`);
      if (showLabels && p.label) {
        // Beside the point, on its left in the plot's right quarter so it stays out of the legend.
        const right = X(p.x) > W - R - (W - L - R) / 4;
        g.push(
          `<text x="${c1(X(p.x) + (right ? -6 : 6))}" y="${c1(Y(p.y) - 6)}"${right ? ' text-anchor="end"' : ""} font-size="10" fill="#444">${escapeXml(clip(p.label, 24))}</text>`,
        );
      }
    }
    g.push("</g>");
    out.push(g.join(""));
    out.push(
      `<g class="legend"><line x1="${W - R + 12}" y1="${ly}" x2="${W - R + 32}" y2="${ly}" stroke="${colour}" stroke-width="2"/>` +
        `<text x="${W - R + 38}" y="${ly + 4}"><title>${escapeXml(s.name)}</title>${escapeXml(clip(s.name, 26))}</text></g>`,
    );
    ly += 18;
  });
  dropNote(f, dropped, xLog ? "not finite or x ≤ 0" : "not finite");
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

/**
 * Box plots side by side, one per named distribution: box p25–p75, whiskers p10–p90, the median
 * as a bar, the mean as a dot (tooltip: every quantile). A box with a non-finite quantile is not
 * drawn and is counted in a note.
 */
export function boxChart(o: BoxChartOptions): string {
  if (!Array.isArray(o.boxes as unknown)) throw new SaeError("E_ARG", "boxChart needs boxes: an array of { name, p10, p25, median, p75, p90 }");
  const W = checkSize("width", o.width, 640, 240),
    H = checkSize("height", o.height, 380, 160);
  const boxes = o.boxes.filter((b) => [b.p10, b.p25, b.median, b.p75, b.p90].every(Number.isFinite));
  const refs = (o.refLines ?? []).filter((r) => Number.isFinite(r.y));
  let dropped = o.boxes.length - boxes.length + (o.refLines ?? []).length - refs.length;
  const f = frame(o.title, o.yLabel, W, H, 16);
  const { out, L, R, T, B } = f;
  const ys = [...boxes.flatMap((b) => [b.p10, b.p90, ...(b.mean !== undefined && Number.isFinite(b.mean) ? [b.mean] : [])]), ...refs.map((r) => r.y)];
  if (!ys.length) {
    out.push(`<text x="${c1((L + W - R) / 2)}" y="${c1((T + H - B) / 2)}" text-anchor="middle" fill="#777">no data</text>`);
    dropNote(f, dropped, "not finite");
    out.push("</svg>");
    return `${out.join("\n")}\n`;
  }
  const [y0, y1] = paddedRange(ys);
  const Y = (v: number) => T + (1 - (v - y0) / (y1 - y0)) * (H - T - B);
  yAxis(f, Y, y0, y1);
  out.push(`<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#333"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#333"/>`);
  refLinesSvg(f, Y, refs);
  const slot = (W - L - R) / Math.max(1, boxes.length);
  const bw = Math.min(60, slot * 0.5);
  boxes.forEach((b, i) => {
    const colour = PALETTE[i % PALETTE.length]!;
    const cx = L + slot * (i + 0.5);
    const tip = `${b.name}${b.n !== undefined ? ` (${b.n})` : ""}: p10 ${chartNumber(b.p10)}, p25 ${chartNumber(b.p25)}, median ${chartNumber(b.median)}, p75 ${chartNumber(b.p75)}, p90 ${chartNumber(b.p90)}${b.mean !== undefined ? `, mean ${chartNumber(b.mean)}` : ""}`;
    const g = [`<g class="box"><title>${escapeXml(tip)}</title>`];
    g.push(`<line x1="${c1(cx)}" y1="${c1(Y(b.p90))}" x2="${c1(cx)}" y2="${c1(Y(b.p10))}" stroke="#333"/>`);
    for (const q of [b.p10, b.p90]) g.push(`<line x1="${c1(cx - bw / 4)}" y1="${c1(Y(q))}" x2="${c1(cx + bw / 4)}" y2="${c1(Y(q))}" stroke="#333"/>`);
    g.push(
      `<rect x="${c1(cx - bw / 2)}" y="${c1(Y(b.p75))}" width="${c1(bw)}" height="${c1(Math.max(0, Y(b.p25) - Y(b.p75)))}" fill="${colour}" fill-opacity="0.35" stroke="${colour}"/>`,
    );
    g.push(`<line x1="${c1(cx - bw / 2)}" y1="${c1(Y(b.median))}" x2="${c1(cx + bw / 2)}" y2="${c1(Y(b.median))}" stroke="#222" stroke-width="2"/>`);
    if (b.mean !== undefined) {
      if (Number.isFinite(b.mean)) g.push(`<circle cx="${c1(cx)}" cy="${c1(Y(b.mean))}" r="4" fill="${colour}" stroke="#222"/>`);
      else dropped++;
    }
    const chars = Math.max(4, Math.floor(slot / 6.6));
    g.push(`<text x="${c1(cx)}" y="${H - B + 17}" text-anchor="middle">${escapeXml(clip(b.name, chars))}</text></g>`);
    out.push(g.join(""));
  });
  dropNote(f, dropped, "not finite");
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
