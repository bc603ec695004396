// `npm run bench -- <name> [--quick | --smoke] [--json] [--only impl,impl] [--node 20|22|24|26]`: runs one
// benchmark family, under the Node that runs npm or, with --node, that release's official binary.
// `npm run bench -- table [--smoke]`: the README's Performance table, its benches in child processes.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { nodeBinary, NODE_VERSIONS } from "../test/runtime/nodes.js";
import { benchEncode } from "./encode.bench.js";
import { benchLoad, loadChild } from "./load.bench.js";
import { benchPool } from "./pool.bench.js";
import { benchTrain } from "./train.bench.js";
import { benchExplore } from "./explore.bench.js";
import { benchGpu } from "./gpu.bench.js";
import { benchStream, streamMemoryChild } from "./stream.bench.js";
import { benchIndex, indexChild } from "./index.bench.js";
import { benchPage } from "./page.bench.js";
import { benchSite } from "./site.bench.js";
import { benchEmbed } from "./embed.bench.js";
import { benchLabels } from "./labels-arxiv.js";
import { benchTable } from "./table.bench.js";
import { describePeaks, measurePeaks, platform } from "./peak.js";
import type { BenchOptions } from "./util.js";
import { BENCH_NAMES, type BenchName } from "./names.js";

const BENCHES: Record<BenchName, (o: BenchOptions) => Promise<object>> = {
  encode: benchEncode,
  load: benchLoad,
  pool: benchPool,
  train: benchTrain,
  explore: benchExplore,
  gpu: benchGpu,
  stream: benchStream,
  index: benchIndex,
  page: benchPage,
  site: benchSite,
  peak: async (o) => {
    const pl = platform();
    const p = await measurePeaks(o.smoke ? { callMs: 5, maxCalls: 2 } : {});
    for (const line of describePeaks(p, pl)) o.log(line);
    return { bench: "peak", ...p, platform: pl };
  },
  embed: benchEmbed,
  labels: benchLabels,
  // The README's Performance table: the benches above in child processes, one run (table.bench.ts).
  table: benchTable,
};

const argv = process.argv.slice(2);
if (argv[0] === "load-child") {
  await loadChild(argv[1]!);
  process.exit(0);
}
if (argv[0] === "index-child") {
  await indexChild(argv[1]!);
  process.exit(0);
}
if (argv[0] === "stream-memory-child") {
  await streamMemoryChild(argv[1]!, argv.includes("--smoke"));
  process.exit(0);
}
// The children above run as their parent spawned them; a bench itself under the Node asked for.
reexecUnderChosenNode(argv);
const VALUED = ["--node", "--gb", "--only", "--sizes", "--dims", "--db"];
const name = argv.find((a, i) => !a.startsWith("-") && !VALUED.includes(argv[i - 1]!));
const onlyAt = argv.indexOf("--only");
const json = argv.includes("--json");
if (!name || !(BENCH_NAMES as readonly string[]).includes(name)) {
  console.error(
    `usage: npm run bench -- <${BENCH_NAMES.join("|")}> [--quick | --smoke] [--json] [--only impl,impl] [--gb N (stream)] [--sizes 1e4,1e5 --dims 512,1536 (index, site) --db postgres://… --keep (index)] [--node ${NODE_VERSIONS.join("|")} (npm run nodes)]`,
  );
  process.exit(2);
}
const flagValue = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
const numbers = (flag: string) => flagValue(flag)?.split(",").map(Number);
const opts: BenchOptions & { gb?: number; sizes?: number[]; dims?: number[]; db?: string; keep?: boolean } = {
  quick: argv.includes("--quick"),
  // The tiniest run of every path (npm test's smoke pass); wins over --quick.
  smoke: argv.includes("--smoke"),
  keep: argv.includes("--keep"),
  ...(flagValue("--gb") ? { gb: Number(flagValue("--gb")) } : {}),
  ...(numbers("--sizes") ? { sizes: numbers("--sizes")! } : {}),
  ...(numbers("--dims") ? { dims: numbers("--dims")! } : {}),
  ...(flagValue("--db") ? { db: flagValue("--db")! } : {}),
  json,
  ...(onlyAt >= 0 ? { only: (argv[onlyAt + 1] ?? "").split(",") } : {}),
  // With --json the table goes to stderr so that stdout's last line is the JSON object.
  log: (line) => (json ? console.error(line) : console.log(line)),
};
const result = await BENCHES[name as BenchName](opts);
if (json) console.log(JSON.stringify(result));

/**
 * Runs this bench again, and exits with its status, when the Node asked for (`--node N`, else this
 * one) needs a flag this process lacks: Node 20 validates relaxed SIMD only behind
 * --experimental-wasm-relaxed-simd, which Node 22 and later have on and refuse as a flag.
 */
function reexecUnderChosenNode(args: string[]): void {
  const at = args.indexOf("--node");
  let bin = process.execPath;
  let rest = args;
  if (at >= 0) {
    const major = args[at + 1] ?? "";
    bin = nodeBinary(fileURLToPath(new URL("../..", import.meta.url)), major);
    if (!existsSync(bin)) {
      console.error(`--node ${major}: ${bin} is missing; \`npm run nodes\` installs Node ${NODE_VERSIONS.join(", ")} (linux-x64)`);
      process.exit(2);
    }
    rest = args.filter((_, i) => i !== at && i !== at + 1);
  }
  const relaxedFlag = "--experimental-wasm-relaxed-simd";
  const flags = spawnSync(bin, [relaxedFlag, "-e", ""]).status === 0 ? [relaxedFlag] : [];
  if (bin === process.execPath && flags.every((f) => process.execArgv.includes(f))) return;
  const run = spawnSync(bin, [...flags, fileURLToPath(import.meta.url), ...rest], { stdio: "inherit" });
  process.exit(run.status ?? 1);
}
