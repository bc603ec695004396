// Both arXiv files of ../shared/data/arxiv embedded with the default embedder (cached in .saejs-cache),
// and the fixed split the label and architecture results share: 4,800 abstracts to train on, the rest held out.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UseLiteEmbedder } from "../src/embed/use.js";
import { parseNpy, writeNpy } from "../src/io/npy.js";
import { readTexts } from "../src/io/texts.js";
import { writeFileAtomic } from "../src/runtime/fs.js";
import type { Codes } from "../src/core/model.js";
import type { Embedder } from "../src/embed/embedder.js";
import { auc, cosineAt, unitRows } from "../src/label/score.js";

export const CSV = join(process.cwd(), "..", "shared", "data", "arxiv", "arxiv-topics-3579.csv");
export const CSV_2007 = join(process.cwd(), "..", "shared", "data", "arxiv", "arxiv-2007-first2000.csv");

/** Both files' abstracts, embedded with the default embedder (cached). */
export async function allAbstracts(log: (s: string) => void): Promise<{ texts: string[]; x: Float32Array; e: UseLiteEmbedder }> {
  const texts: string[] = [];
  for (const f of [CSV, CSV_2007]) {
    if (!existsSync(f)) throw new Error(`${f} not found: the repository expects ../shared beside it`);
    texts.push(...readTexts("a.csv", readFileSync(f, "utf8"), "abstract").map((a) => a.replace(/\s+/g, " ").trim()));
  }
  const e = new UseLiteEmbedder();
  const cache = join(".saejs-cache", `arxiv-both-${texts.length}-${e.name}.npy`);
  if (existsSync(cache)) return { texts, x: (await parseNpy(readFileSync(cache))).data as Float32Array, e };
  const t0 = performance.now();
  const x = await e.embed(texts, {
    onProgress: (d, t) => {
      if (d % 512 === 0 || d === t) log(`embedding ${d}/${t} (${(d / ((performance.now() - t0) / 1000)).toFixed(1)}/s)`);
    },
  });
  mkdirSync(".saejs-cache", { recursive: true });
  await writeFileAtomic(cache, writeNpy(x, [texts.length, e.dim]));
  return { texts, x, e };
}

/** The fixed shuffle: 4,800 abstracts to train (and label) on, the other 779 held out; rows of each in file order. */
export async function heldOutSplit(log: (s: string) => void) {
  const { texts: all, x: xAll, e } = await allAbstracts(log);
  const d = e.dim;
  return { all, xAll, e, d, ...splitRows(all, xAll, d, 4800) };
}

/** The same shuffle of any corpus: `trainCount` rows to train on, the rest held out; rows of each in file order. */
export function splitRows(all: readonly string[], xAll: Float32Array, d: number, trainCount: number) {
  const order = Array.from({ length: all.length }, (_, i) => i).sort((a, b) => ((a * 2654435761) >>> 0) - ((b * 2654435761) >>> 0) || a - b);
  const trainRows = order.slice(0, trainCount).sort((a, b) => a - b),
    heldRows = order.slice(trainCount).sort((a, b) => a - b);
  const pick = (rows: number[]) => {
    const x = new Float32Array(rows.length * d);
    for (const [j, r] of rows.entries()) x.set(xAll.subarray(r * d, (r + 1) * d), j * d);
    return { texts: rows.map((r) => all[r]!), x };
  };
  return { trainRows, heldRows, tr: pick(trainRows), ho: pick(heldRows) };
}

/** For each latent, the rows where its value is above 0 (padding entries of value 0 are not activity). */
export function activeRows(codes: Codes, n: number): Set<number>[] {
  const on: Set<number>[] = Array.from({ length: n }, () => new Set());
  for (let r = 0; r < codes.batch; r++) for (let t = 0; t < codes.k; t++) if (codes.values[r * codes.k + t]! > 0) on[codes.indices[r * codes.k + t]!]!.add(r);
  return on;
}

/**
 * Each feature's label embedded, its cosine similarity to each held-out row, and the AUC of that
 * score separating the rows where the feature is active from the rest (NaN: no active row or no label).
 */
export async function heldOutAucs(
  e: Embedder,
  labels: readonly string[],
  features: readonly number[],
  activeHeld: readonly Set<number>[],
  heldX: Float32Array,
  d: number,
): Promise<number[]> {
  const hn = unitRows(heldX, d),
    rows = heldX.length / d;
  const u = unitRows(await e.embed(labels.map((l) => l || "(none)")), d);
  return features.map((i, j) => {
    const on = activeHeld[i]!;
    if (!on.size || !labels[j]) return Number.NaN;
    const pos: number[] = [],
      neg: number[] = [];
    for (let r = 0; r < rows; r++) (on.has(r) ? pos : neg).push(cosineAt(u.subarray(j * d, (j + 1) * d), hn, r, d));
    return auc(pos, neg);
  });
}
