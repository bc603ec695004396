// The suite's report and its charts, without a browser: tick placement, points where their values
// put them, every figure of a hand-built SuiteResult in its table cell, missing figures as "—" with
// a reason, user input escaped everywhere, the embedded JSON read back, refusals, determinism.
// (test/eval/report.e2e.test.ts opens the page in Chromium.)
import { describe, expect, it } from "vitest";
import { isSaeError } from "../../src/core/errors.js";
import { suiteReportHtml } from "../../src/eval/report.js";
import { boxChart, lineChart, niceTicks } from "../../src/eval/svg.js";
import type { SuiteResult } from "../../src/eval/types.js";
import { suiteFixture } from "./report-fixture.js";

const HOSTILE = `<img src=x onerror="globalThis.pwned=1">`;

const decodeEntities = (s: string) => s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[e]!);

/** Each <tr>'s cells as text (tags stripped, entities decoded). */
function rows(html: string): string[][] {
  return [...html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => decodeEntities(c[1]!.replace(/<[^>]*>/g, "")).trim()),
  );
}

function section(html: string, id: string): string {
  const at = html.indexOf(`<section id="${id}">`);
  expect(at).toBeGreaterThanOrEqual(0);
  return html.slice(at, html.indexOf("</section>", at));
}

/** Checks tags nest (open, close, self-closing) outside the JSON script and comments; returns the count of elements. */
function wellFormed(markup: string, voids: readonly string[] = []): number {
  const stack: string[] = [];
  let count = 0;
  for (const m of markup.replace(/<script type="application\/json"[\s\S]*?<\/script>/, "").matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*?)(\/?)>/g)) {
    const [, close, tag, , self] = m;
    const t = tag!.toLowerCase();
    if (close) expect(stack.pop(), `closing </${t}>`).toBe(t);
    else if (!self && !voids.includes(t)) stack.push(t);
    count++;
  }
  expect(stack).toEqual([]);
  return count;
}

const svgs = (html: string) => [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
const circles = (svg: string) => [...svg.matchAll(/<circle cx="([-\d.]+)" cy="([-\d.]+)"/g)].map((m) => ({ cx: Number(m[1]), cy: Number(m[2]) }));

describe("niceTicks", () => {
  it("steps of 1, 2 or 5 × 10^e inside the range, printed without float noise", () => {
    expect(niceTicks(0, 1)).toEqual({ ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], decimals: 1 });
    expect(niceTicks(-3, 47)).toEqual({ ticks: [0, 10, 20, 30, 40], decimals: 0 });
    const t = niceTicks(0.1834, 0.3312);
    expect(t.decimals).toBe(2);
    expect(t.ticks).toEqual([0.2, 0.22, 0.24, 0.26, 0.28, 0.3, 0.32]);
    for (const v of niceTicks(0.1, 0.7).ticks) expect(String(v).length).toBeLessThanOrEqual(3);
    expect(() => niceTicks(1, 1)).toThrow(/lo < hi/);
  });
});

describe("lineChart", () => {
  const base = {
    title: "nMSE vs mean L0",
    xLabel: "mean L0",
    yLabel: "nMSE",
    series: [
      {
        name: "topk",
        points: [
          { x: 32, y: 0.15, label: "k=32" },
          { x: 8, y: 0.31, label: "k=8" },
          { x: 16, y: 0.23, label: "k=16" },
        ],
      },
      { name: "batchtopk", points: [{ x: 16.4, y: 0.2, label: "k=16" }] },
    ],
    refLines: [{ name: "dense", y: 0.1 }],
  };

  it("one circle per point where its values put it, a line through each series in order of x, a dashed named reference line", () => {
    const svg = lineChart(base);
    wellFormed(svg);
    const c = circles(svg);
    expect(c).toHaveLength(4);
    // Sorted by x: topk's circles are k=8, k=16, k=32, then batchtopk's.
    const [a, b, d] = c;
    // x maps linearly: (16 − 8) / (32 − 8) of the way from k=8 to k=32.
    expect((b!.cx - a!.cx) / (d!.cx - a!.cx)).toBeCloseTo(8 / 24, 2);
    expect((b!.cy - a!.cy) / (d!.cy - a!.cy)).toBeCloseTo((0.23 - 0.31) / (0.15 - 0.31), 2);
    // Larger y is higher on the page: k=8 (nMSE 0.31) above k=32 (0.15).
    expect(a!.cy).toBeLessThan(d!.cy);
    const poly = svg
      .match(/<polyline[^>]*points="([^"]*)"/)![1]!
      .split(" ")
      .map((p) => p.split(",").map(Number));
    expect(poly.map(([x]) => x)).toEqual([a!.cx, b!.cx, d!.cx]);
    // Only topk has a line (one point draws none).
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    // Padding: no point on the axes or the plot's edge; the reference line below all points.
    const W = 640;
    for (const p of c) {
      expect(p.cx).toBeGreaterThan(66 + 5);
      expect(p.cx).toBeLessThan(W - 60);
      expect(p.cy).toBeGreaterThan(34 + 5);
      expect(p.cy).toBeLessThan(380 - 48 - 5);
    }
    const ref = svg.match(/<line x1="[\d.]+" y1="([\d.]+)" x2="[\d.]+" y2="[\d.]+" stroke="#555" stroke-width="1.5" stroke-dasharray="6 4">/);
    expect(ref).not.toBeNull();
    expect(Number(ref![1])).toBeGreaterThan(Math.max(...c.map((p) => p.cy)));
    expect(svg).toContain(">dense</text>");
    // Tooltips name series, label and values; labels beside points; a legend entry per series.
    expect(svg).toContain("<title>topk, k=16: x 16, y 0.23</title>");
    expect(svg).toContain(">k=32</text>");
    expect(svg.match(/class="legend"/g)).toHaveLength(2);
    // y ticks are nice numbers.
    expect(svg).toContain(">0.30</text>");
    expect(svg).toContain(">0.10</text>");
  });

  it("is deterministic; labels can stay in the tooltip only", () => {
    expect(lineChart(base)).toBe(lineChart(structuredClone(base)));
    const quiet = lineChart({ ...base, showLabels: false });
    expect(quiet).not.toContain(">k=32</text>");
    expect(quiet).toContain("<title>topk, k=32: x 32, y 0.15</title>");
  });

  it("leaves out values that are not finite and says so on the chart; no data at all is said too", () => {
    const svg = lineChart({
      ...base,
      series: [
        {
          name: "s",
          points: [
            { x: 1, y: Number.NaN },
            { x: 2, y: 0.5 },
            { x: Number.POSITIVE_INFINITY, y: 1 },
            { x: 3, y: 0.6 },
          ],
        },
      ],
      refLines: [{ name: "dense", y: Number.NaN }],
    });
    expect(circles(svg)).toHaveLength(2);
    expect(svg).toContain("3 values not finite: not drawn");
    const empty = lineChart({ ...base, series: [{ name: "s", points: [] }], refLines: [] });
    expect(circles(empty)).toHaveLength(0);
    expect(empty).toContain(">no data</text>");
    wellFormed(empty);
    // A single point: a range around it, not a division by zero.
    const one = lineChart({ ...base, series: [{ name: "s", points: [{ x: 5, y: 0.5 }] }], refLines: [] });
    expect(circles(one)[0]!.cx).toBeGreaterThan(66);
    expect(one).not.toMatch(/NaN|Infinity/);
  });

  it("a log x axis puts 1, 10 and 100 equally apart and labels decades", () => {
    const svg = lineChart({ ...base, xLog: true, series: [{ name: "s", points: [1, 10, 100].map((x, i) => ({ x, y: i })) }], refLines: [] });
    const [a, b, c] = circles(svg);
    expect(b!.cx - a!.cx).toBeCloseTo(c!.cx - b!.cx, 0);
    expect(svg).toContain(">100</text>");
    expect(svg).toContain(">10</text>");
    const bad = lineChart({ ...base, xLog: true, series: [{ name: "s", points: [0, 10, 100].map((x, i) => ({ x, y: i })) }], refLines: [] });
    expect(circles(bad)).toHaveLength(2);
    expect(bad).toContain("1 value not finite or x ≤ 0: not drawn");
  });

  it("escapes every name and refuses a size out of range", () => {
    const evil = "<script>alert(1)</script>";
    const svg = lineChart({
      title: evil,
      xLabel: evil,
      yLabel: evil,
      series: [{ name: evil, points: [{ x: 1, y: 1, label: evil }] }],
      refLines: [{ name: evil, y: 0 }],
    });
    expect(svg).not.toContain("<script");
    expect(svg).toContain("&lt;script&gt;");
    wellFormed(svg);
    for (const width of [10, Number.NaN, 1e9]) {
      try {
        lineChart({ ...base, width });
        expect.unreachable();
      } catch (e) {
        expect(isSaeError(e, "E_ARG")).toBe(true);
        expect((e as Error).message).toMatch(/width must be a number of pixels from 240 to 10000.*pass \{ width: 640 \}/);
      }
    }
  });
});

describe("boxChart", () => {
  it("a box p25–p75 with whiskers p10–p90, the median bar and the mean dot at their heights", () => {
    const svg = boxChart({
      title: "AUC",
      yLabel: "AUC",
      boxes: [
        { name: "a", p10: 0.55, p25: 0.6, median: 0.7, p75: 0.8, p90: 0.9, mean: 0.71, n: 40 },
        { name: "b", p10: Number.NaN, p25: 0.6, median: 0.7, p75: 0.8, p90: 0.9 },
      ],
      refLines: [{ name: "chance", y: 0.5 }],
    });
    wellFormed(svg);
    expect(circles(svg)).toHaveLength(1);
    expect(svg).toContain("1 value not finite: not drawn");
    const rect = svg.match(/<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="#1f77b4"/)!;
    const y75 = Number(rect[1]),
      h = Number(rect[2]);
    const median = Number(svg.match(/y1="([\d.]+)" x2="[\d.]+" y2="[\d.]+" stroke="#222" stroke-width="2"/)![1]);
    // The median halfway down the box (0.7 between 0.6 and 0.8).
    expect((median - y75) / h).toBeCloseTo(0.5, 1);
    expect(circles(svg)[0]!.cy).toBeLessThan(median);
    expect(svg).toContain("a (40): p10 0.55, p25 0.6, median 0.7, p75 0.8, p90 0.9, mean 0.71");
  });
});

describe("suiteReportHtml", () => {
  const result = suiteFixture();
  const html = suiteReportHtml(result);

  it("is one well-formed page with no script that runs and nothing fetched", () => {
    wellFormed(html, ["meta", "br", "img", "input", "link"]);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual(['<script type="application/json" id="saejs-suite">']);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(html).toContain("@media print");
    expect(suiteReportHtml(suiteFixture())).toBe(html);
  });

  it("a header naming the data", () => {
    const head = html.slice(html.indexOf("<header>"), html.indexOf("</header>"));
    expect(head).toContain("2000 rows × d = 384");
    expect(head).toContain("<code>arxiv-2000.npy</code>");
    expect(head).toContain("<code>arxiv-2000.jsonl</code>");
    expect(head).toContain("3 SAEs");
  });

  it("the reconstruction table: every SAE's card metrics and L0 distribution to 3–4 digits", () => {
    const t = rows(section(html, "reconstruction"));
    expect(t[0]).toEqual(["SAE", "arch", "k", "n", "nMSE", "L0 mean", "L0 median", "L0 p90", "dead", "dense", "log FD (live)", "act mean", "seconds"]);
    expect(t[1]).toEqual(["topk-k8.safetensors", "topk", "8", "512", "0.3127", "8.000", "8.000", "8.000", "1.17 %", "0.586 %", "-1.872", "0.1843", "4.127"]);
    expect(t[3]).toEqual([
      "batchtopk-k16.safetensors",
      "batchtopk",
      "16",
      "1024",
      "0.2051",
      "16.37",
      "15.00",
      "25.00",
      "8.32 %",
      "0.391 %",
      "-1.958",
      "0.1219",
      "8.906",
    ]);
    expect(t).toHaveLength(4);
    // The rest of the L0 distribution and log FD over all latents in tooltips.
    expect(section(html, "reconstruction")).toContain('<td title="L0 per row: min 3, p10 9, median 15, p90 25, max 41">15.00</td>');
    expect(section(html, "reconstruction")).toContain('<td title="over all latents: -2.241">-1.958</td>');
  });

  it("the retrieval tables: dense, then each SAE's three scorings with the drop in points", () => {
    const sec = section(html, "retrieval");
    expect(sec).toContain('Task <span class="task">beir:scifact</span>: 300 queries over 2000 documents');
    const tables = sec.split("<table").slice(1);
    expect(tables).toHaveLength(2);
    for (const [ti, task] of result.retrieval.entries()) {
      const t = rows(tables[ti]!);
      expect(t[1]).toEqual([
        "original embeddings",
        "dense",
        task.dense.ndcg10.toPrecision(4),
        "",
        task.dense.recall100.toPrecision(4),
        "",
        task.dense.mrr10.toPrecision(4),
        "",
      ]);
      expect(t).toHaveLength(2 + 3 * result.saes.length);
      for (const [si, s] of result.saes.entries()) {
        const run = s.retrieval.find((r) => r.task === task.task)!;
        for (const [j, sc] of (["reconstructed", "codes", "sparse"] as const).entries()) {
          const row = t[2 + 3 * si + j]!;
          // The SAE's name spans its three rows.
          const cells = j === 0 ? row.slice(1) : row;
          if (j === 0) expect(row[0]).toBe(s.name);
          const sgn = (v: number) => `${v > 0 ? "+" : ""}${(v * 100).toFixed(2)}`;
          expect(cells).toEqual([
            sc,
            run.scores[sc].ndcg10.toPrecision(4),
            sgn(run.drop[sc].ndcg10),
            run.scores[sc].recall100.toPrecision(4),
            sgn(run.drop[sc].recall100),
            run.scores[sc].mrr10.toPrecision(4),
            sgn(run.drop[sc].mrr10),
          ]);
        }
      }
    }
    // A drop by hand: topk k=8 on titles, codes: 0.0213 + 0.022 + 0.0007 below dense = +4.40 points.
    expect(rows(tables[0]!)[3]).toContain("+4.40");
  });

  it("the probing table: means of top-1, top-5 and all against dense; per class in <details>; skipped classes named", () => {
    const sec = section(html, "probing");
    expect(sec).toContain("<code>categories</code>");
    expect(sec).toContain("one row in 5 held out");
    const [mean, perClass] = sec.split("<details>");
    const t = rows(mean!);
    expect(t[2]).toEqual(["dense embedding (d = 384)", "—", "—", "0.8422", "—", "—", "0.9763"]);
    const p = result.saes[1]!.probing!.mean;
    expect(t[4]).toEqual(["topk-k16.safetensors", ...[p.top1.f1, p.top5.f1, p.all.f1, p.top1.auc, p.top5.auc, p.all.auc].map((v) => v.toPrecision(4))]);
    const c = rows(perClass!);
    // Header rows, then per class: dense, then one row per SAE.
    expect(c[2]).toEqual(["astro-ph", "412", "103", "dense embedding", "—", "—", "0.8312", "—", "—", "0.9723", ""]);
    const cls = result.saes[2]!.probing!.classes[1]!;
    expect(c[2 + 4 + 3]).toEqual([
      "batchtopk-k16.safetensors",
      ...[cls.top1.f1, cls.top5.f1, cls.all.f1, cls.top1.auc, cls.top5.auc, cls.all.auc].map((v) => v.toPrecision(4)),
      String(cls.top1.latents![0]),
    ]);
    expect(c[2 + 4]![0]).toBe("cs.LG");
    expect(sec).toContain('<span class="cls">math.AG</span> (4 rows)');
  });

  it("the labels table: quantiles and clean share for the labelled SAE, the others marked", () => {
    const t = rows(section(html, "labels"));
    expect(t[1]).toEqual(["topk-k8.safetensors", "made here", "64", "61", "0.7500", "0.5660", "0.6350", "0.7500", "0.8650", "0.9340", "14.1 %"]);
    expect(t[2]).toEqual(["topk-k16.safetensors", "not labelled"]);
  });

  it("the plots: nMSE vs L0, nDCG vs L0 per task, probing F1 vs latents, label AUCs — one circle per point", () => {
    const charts = svgs(section(html, "plots"));
    expect(charts.map((s) => circles(s).length)).toEqual([3, 9, 9, 9, 1]);
    expect(charts[0]).toContain("<title>topk, k=8 n=512: x 8, y 0.3127</title>");
    expect(charts[0]!.match(/class="legend"/g)).toHaveLength(2);
    expect(charts[1]).toContain(">dense embedding</text>");
    expect(charts[3]).toContain(`>dense embedding (d = 384)</text>`);
    expect(charts[3]).toContain(`<title>batchtopk-k16.safetensors, all 1024: x 1024, y ${Number(result.saes[2]!.probing!.mean.all.f1.toPrecision(4))}</title>`);
  });

  it("embeds the result as JSON that reads back equal", () => {
    const json = html.match(/<script type="application\/json" id="saejs-suite">([\s\S]*?)<\/script>/)![1]!;
    expect(JSON.parse(json)).toEqual(result);
  });

  it("shows a figure that is not a number, or a task an SAE lacks, as — with the reason", () => {
    const r = suiteFixture() as { -readonly [K in keyof SuiteResult]: SuiteResult[K] };
    const s0 = r.saes[0]!;
    const s2 = r.saes[2]!;
    r.saes = [
      { ...s0, reconstruction: { ...s0.reconstruction, nmse: Number.NaN, logFdLive: Number.NEGATIVE_INFINITY } },
      r.saes[1]!,
      { ...s2, retrieval: s2.retrieval.filter((x) => x.task === "titles") },
    ];
    const out = suiteReportHtml(r);
    const rec = section(out, "reconstruction");
    expect(rec).toContain('<td class="na" title="not a number: the metric could not be computed (e.g. no held-out positives)">—</td>');
    expect(rec).toContain('<td class="na" title="−infinity: no live latents">—</td>');
    expect(rows(rec)[1]![4]).toBe("—");
    const ret = section(out, "retrieval").split("<table")[2]!;
    expect(rows(ret)[8]).toEqual(["batchtopk-k16.safetensors", "reconstructed", "—", "—", "—", "—", "—", "—"]);
    expect(ret).toContain('title="this SAE was not evaluated on task beir:scifact"');
    const charts = svgs(section(out, "plots"));
    // The NaN nMSE is not drawn (and said), the missing task has 3 points fewer.
    expect(charts.map((s) => circles(s).length)).toEqual([2, 9, 6, 9, 1]);
    expect(charts[0]).toContain("1 value not finite: not drawn");
    // JSON writes NaN and infinities as null, as --json does.
    const back = JSON.parse(out.match(/id="saejs-suite">([\s\S]*?)<\/script>/)![1]!);
    expect(back.saes[0].reconstruction.nmse).toBeNull();
  });

  it("without probing or labels: no probing section, the labels section says none", () => {
    const r = suiteFixture();
    const bare: SuiteResult = { ...r, probing: undefined, saes: r.saes.map(({ probing: _p, labels: _l, ...s }) => s) };
    const out = suiteReportHtml(bare);
    expect(out).not.toContain('<section id="probing">');
    expect(out).not.toContain('href="#probing"');
    expect(section(out, "labels")).toContain("No SAE was labelled");
    expect(svgs(out).map((s) => circles(s).length)).toEqual([3, 9, 9]);
  });

  it("escapes every name from the user: SAE names, architecture, tasks, classes, the label column, file names", () => {
    const r = suiteFixture([HOSTILE, `</script><script>globalThis.pwned=1</script>`, "a & b"]);
    const p = r.probing!;
    const evil: SuiteResult = {
      ...r,
      data: { ...r.data, embeddings: HOSTILE, texts: `"quoted" & 'single'` },
      retrieval: r.retrieval.map((t, i) => (i === 1 ? { ...t, task: HOSTILE } : t)),
      probing: {
        ...p,
        labelColumn: HOSTILE,
        classes: p.classes.map((c, i) => (i === 2 ? { ...c, label: HOSTILE } : c)),
        skipped: [{ label: HOSTILE, rows: 2 }],
      },
      saes: r.saes.map((s, i) => ({
        ...s,
        architecture: i === 2 ? HOSTILE : s.architecture,
        fingerprint: HOSTILE,
        retrieval: s.retrieval.map((x, j) => (j === 1 ? { ...x, task: HOSTILE } : x)),
        probing: s.probing && { ...s.probing, classes: s.probing.classes.map((c, j) => (j === 2 ? { ...c, label: HOSTILE } : c)) },
      })),
    };
    const out = suiteReportHtml(evil);
    expect(out).not.toContain("<img");
    expect(out).not.toContain("<script>");
    expect([...out.matchAll(/<script\b/g)]).toHaveLength(1);
    expect(out).toContain("&lt;img src=x onerror=&quot;globalThis.pwned=1&quot;&gt;");
    wellFormed(out, ["meta"]);
    const json = out.match(/<script type="application\/json" id="saejs-suite">([\s\S]*?)<\/script>/)![1]!;
    expect(JSON.parse(json)).toEqual(evil);
    // The hostile task still finds each SAE's run (matched by name, not position).
    expect(rows(section(out, "retrieval").split("<table")[2]!)[2]![2]).toBe(evil.saes[0]!.retrieval[1]!.scores.reconstructed.ndcg10.toPrecision(4));
  });

  it("refuses what is not a suite result, naming the fix", () => {
    const cases: [unknown, string, RegExp][] = [
      [null, "E_ARG", /needs a SuiteResult/],
      [{ ...result, format: "saejs-eval" }, "E_FORMAT", /format "saejs-eval-suite" version 1, got format "saejs-eval".*re-run saejs eval --suite/],
      [{ ...result, version: 2 }, "E_FORMAT", /version "2"/],
      [{ ...result, data: { rows: 1 } }, "E_FORMAT", /data block needs embeddings/],
      [{ ...result, saes: undefined }, "E_FORMAT", /saes and retrieval arrays/],
    ];
    for (const [input, code, msg] of cases) {
      try {
        suiteReportHtml(input as SuiteResult);
        expect.unreachable();
      } catch (e) {
        expect(isSaeError(e, code as "E_ARG")).toBe(true);
        expect((e as Error).message).toMatch(msg);
      }
    }
  });
});
