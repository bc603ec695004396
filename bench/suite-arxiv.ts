// `npm run repro -- suite [--save DIR]`: the evaluation suite on ../shared/data/arxiv/arxiv-2007-first2000.csv
// through the CLI, as a user runs it: the abstracts embedded with the default embedder, top-k SAEs
// at k ∈ {8, 16, 32} × n ∈ {512, 2048}, BatchTopK and Matryoshka at k=16, n=2048 (all trained on
// these 2,000 abstracts, ~1,000 steps), and one top-k SAE (k=16, n=2048) trained on the other file's 3,579
// abstracts, which never saw these; then `saejs eval … --suite` twice (the second run reads the
// titles' embeddings and the labels from .saejs-cache) with its report written to docs/eval-suite.html.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { SuiteResult } from "../src/eval/types.js";
import { parseNpy } from "../src/io/npy.js";

const DATA = join(process.cwd(), "..", "shared", "data", "arxiv");
const CLI = resolve("dist/cli.js");

export async function arxivSuite(log: (s: string) => void, dir = ".scratch/arxiv-suite"): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const csv = join(DATA, "arxiv-2007-first2000.csv"),
    other = join(DATA, "arxiv-topics-3579.csv");
  for (const f of [csv, other]) if (!existsSync(f)) throw new Error(`${f} not found: the repository expects ../shared beside it`);
  const saejs = (args: string[]) =>
    execFileSync(process.execPath, [CLI, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 28 });
  const once = (out: string, args: string[]) => {
    if (existsSync(out)) return log(`${out}: there already`);
    const t0 = performance.now();
    saejs([...args, "--out", out, "--quiet"]);
    log(`${out}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  const emb = join(dir, "abstracts.npy"),
    otherEmb = join(dir, "topics.npy");
  once(emb, ["embed", csv, "--text-column", "abstract"]);
  once(otherEmb, ["embed", other, "--text-column", "abstract"]);
  // The other repro runs' recipe (batch 256, lr 1e-3, dead after 100 steps) for the ~1,000 steps
  // 'saejs train' asks of a run: 143 epochs of the 2,000 abstracts, 77 of the 3,579.
  const recipe = (rows: number) => {
    const epochs = Math.ceil(1001 / Math.floor(rows / 256));
    return ["--epochs", String(epochs), "--batch", "256", "--lr", "1e-3", "--dead-steps", "100", "--seed", "1"];
  };
  const rowsOf = async (npy: string) => (await parseNpy(readFileSync(npy))).shape[0]!;
  const ours = recipe(await rowsOf(emb)),
    theirs = recipe(await rowsOf(otherEmb));
  const saes: string[] = [];
  for (const n of [512, 2048])
    for (const k of [8, 16, 32]) {
      const out = join(dir, `topk-k${k}-n${n}.safetensors`);
      once(out, ["train", emb, "--k", String(k), "--n", String(n), ...ours]);
      saes.push(out);
    }
  for (const arch of ["batchtopk", "matryoshka"]) {
    const out = join(dir, `${arch}-k16-n2048.safetensors`);
    once(out, ["train", emb, "--k", "16", "--n", "2048", "--arch", arch, ...ours]);
    saes.push(out);
  }
  const unseen = join(dir, "topk-k16-n2048-other-file.safetensors");
  once(unseen, ["train", otherEmb, "--k", "16", "--n", "2048", ...theirs]);
  saes.push(unseen);

  const report = join(dir, "eval-suite.html");
  const args = [
    "eval",
    ...saes,
    emb,
    "--suite",
    "--texts",
    csv,
    "--text-column",
    "abstract",
    "--title-column",
    "title",
    "--label-column",
    "categories",
    "--label-pattern",
    "^[^ .]+",
    "--report",
    report,
  ];
  let result: SuiteResult | undefined;
  for (const run of ["first run", "second run (titles' embeddings and labels cached)"]) {
    const t0 = performance.now();
    const out = saejs([...args, "--json", "--quiet"]);
    result = JSON.parse(out.trim().split("\n").at(-1)!) as SuiteResult;
    log(
      `saejs eval --suite, ${saes.length} SAEs, ${run}: ${((performance.now() - t0) / 1000).toFixed(1)} s wall (the suite itself ${result.seconds.toFixed(1)} s)`,
    );
  }
  log(saejs(args.concat("--quiet")));
  mkdirSync("docs", { recursive: true });
  copyFileSync(report, join("docs", "eval-suite.html"));
  log("copied the report to docs/eval-suite.html");
}
