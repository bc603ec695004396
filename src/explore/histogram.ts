// The log10-density histogram drawn as inline SVG: the same chart in the demo's report and the
// explorer's page, with no chart library.

/** The histogram as an SVG bar chart (log10 density on x, latents on y). */
export function histogramSvg(h: { edges: number[]; counts: number[]; dead: number }, width = 640, height = 220): string {
  const max = Math.max(1, ...h.counts);
  const pad = 36,
    w = (width - 2 * pad) / Math.max(1, h.counts.length);
  const bars = h.counts.map((c, i) => {
    const bh = ((height - 2 * pad) * c) / max;
    return `<rect x="${(pad + i * w).toFixed(1)}" y="${(height - pad - bh).toFixed(1)}" width="${(w - 1).toFixed(1)}" height="${bh.toFixed(1)}" fill="#4a7bd0"><title>${c} latents, log10 density ${h.edges[i]!.toFixed(2)} to ${h.edges[i + 1]!.toFixed(2)}</title></rect>`;
  });
  const ticks = h.edges
    .filter((_, i) => i % 4 === 0)
    .map((e, j) => `<text x="${(pad + j * 4 * w).toFixed(1)}" y="${height - pad + 16}" font-size="11" text-anchor="middle">${e.toFixed(1)}</text>`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="histogram of log10 feature density">` +
    `<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#333"/>${bars.join("")}${ticks.join("")}` +
    `<text x="${width / 2}" y="${height - 4}" font-size="12" text-anchor="middle">log10 feature density (${h.dead} latents never fired)</text>` +
    `<text x="12" y="${pad - 10}" font-size="12">latents (max ${max})</text></svg>`
  );
}
