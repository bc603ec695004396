// Histograms drawn as inline SVG, with no chart library: the log10-density histogram of an SAE
// and the activation histogram of a feature, the same in the demo's report and the explorer's page.

/** Bars of `counts` over bins `edges` (one more edge than counts), with axis labels. */
function barsSvg(
  counts: number[],
  edges: number[],
  o: { width: number; height: number; x: string; y: string; what: string; aria: string; tickEvery: number; tick: (v: number) => string },
): string {
  const { width, height } = o;
  const max = Math.max(1, ...counts);
  const pad = 36,
    w = (width - 2 * pad) / Math.max(1, counts.length);
  const bars = counts.map((c, i) => {
    const bh = ((height - 2 * pad) * c) / max;
    return `<rect x="${(pad + i * w).toFixed(1)}" y="${(height - pad - bh).toFixed(1)}" width="${(w - 1).toFixed(1)}" height="${bh.toFixed(1)}" fill="#4a7bd0"><title>${c} ${o.what} ${edges[i]!.toFixed(2)} to ${edges[i + 1]!.toFixed(2)}</title></rect>`;
  });
  const ticks = edges
    .filter((_, i) => i % o.tickEvery === 0)
    .map((e, j) => `<text x="${(pad + j * o.tickEvery * w).toFixed(1)}" y="${height - pad + 16}" font-size="11" text-anchor="middle">${o.tick(e)}</text>`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="${o.aria}">` +
    `<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#333"/>${bars.join("")}${ticks.join("")}` +
    `<text x="${width / 2}" y="${height - 4}" font-size="12" text-anchor="middle">${o.x}</text>` +
    `<text x="12" y="${pad - 10}" font-size="12">${o.y} (max ${max})</text></svg>`
  );
}

/** The histogram as an SVG bar chart (log10 density on x, latents on y). */
export function histogramSvg(h: { edges: number[]; counts: number[]; dead: number }, width = 640, height = 220): string {
  return barsSvg(h.counts, h.edges, {
    width,
    height,
    x: `log10 feature density (${h.dead} latents never fired)`,
    y: "latents",
    what: "latents, log10 density",
    aria: "histogram of log10 feature density",
    tickEvery: 4,
    tick: (v) => v.toFixed(1),
  });
}

/** A feature's activation histogram: equal bins from 0 to its largest activation. */
export function activationSvg(h: { max: number; counts: number[] }, width = 360, height = 150): string {
  const edges = h.counts.map((_, i) => (i * h.max) / h.counts.length).concat(h.max);
  return barsSvg(h.counts, edges, {
    width,
    height,
    x: "activation",
    y: "documents",
    what: "documents, activation",
    aria: "histogram of the feature's activations",
    tickEvery: 3,
    tick: (v) => (v === 0 ? "0" : v.toPrecision(2)),
  });
}
