// The default embedder (USE lite) on real arXiv abstracts as `saejs embed` runs it: one worker
// (`--workers 1`) against the default ("auto": one per core), each a fresh embedder, so the time
// includes loading the model (and starting the workers), which a user waits for too; the two
// outputs must be the same bytes. 500 abstracts of ../shared/data/arxiv/arxiv-2007-first2000.csv;
// --smoke: 40 (two batches, of 32 and 8, so that "auto" still runs the worker pool).
import { existsSync, readFileSync } from "node:fs";
import { UseLiteEmbedder } from "../src/embed/use.js";
import { readTexts } from "../src/io/texts.js";
import { cores } from "../src/runtime/workers.js";
import { CSV_2007 } from "./arxiv-data.js";
import type { BenchOptions } from "./util.js";

/** The embedder's fixed batch (src/embed/use.ts): workers beyond the batch count idle. */
const USE_BATCH = 32;

export async function benchEmbed(opts: BenchOptions): Promise<object> {
  if (!existsSync(CSV_2007)) throw new Error(`${CSV_2007} not found: the repository expects ../shared beside it`);
  const count = opts.smoke ? 40 : 500;
  const texts = readTexts("a.csv", readFileSync(CSV_2007, "utf8"), "abstract")
    .slice(0, count)
    .map((a) => a.replace(/\s+/g, " ").trim());
  const runs: { workers: number | "auto"; threads: number; seconds: number; secondsPer1000: number }[] = [];
  const outputs: Float32Array[] = [];
  for (const workers of [1, "auto"] as const) {
    const t = performance.now();
    const e = new UseLiteEmbedder({ workers });
    outputs.push(await e.embed(texts));
    const seconds = (performance.now() - t) / 1000;
    await e.dispose();
    const threads = workers === 1 ? 1 : Math.min(Math.ceil(texts.length / USE_BATCH), await cores());
    runs.push({ workers, threads, seconds: +seconds.toFixed(2), secondsPer1000: +((seconds / texts.length) * 1000).toFixed(1) });
    opts.log(
      `USE lite, ${texts.length} arXiv abstracts, workers ${workers}${workers === "auto" ? ` (${threads})` : ""}: ${seconds.toFixed(1)} s = ${runs.at(-1)!.secondsPer1000} s per 1,000`,
    );
  }
  const [a, b] = outputs as [Float32Array, Float32Array];
  const identical = Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  const ratio = runs[0]!.seconds / runs[1]!.seconds;
  opts.log(`1 → auto (${runs[1]!.threads} workers): ${ratio.toFixed(2)}×, ${identical ? "identical bytes" : "OUTPUTS DIFFER"}`);
  // Different vectors for a different worker count would be a wrong answer, not a slow one.
  if (!identical) throw new Error(`embed: 1 worker and ${runs[1]!.threads} gave different vectors for the same ${texts.length} abstracts`);
  return { bench: "embed", embedder: "use-lite-512", abstracts: texts.length, runs, ratio: +ratio.toFixed(3), identical };
}
