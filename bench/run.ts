// `npm run bench -- <name> [--quick] [--json] [--only impl,impl]`: runs one benchmark family.
import { benchEncode } from "./encode.bench.js";
import { benchLoad, loadChild } from "./load.bench.js";
import { benchPool } from "./pool.bench.js";
import { benchTrain } from "./train.bench.js";
import { benchExplore } from "./explore.bench.js";
import { benchGpu } from "./gpu.bench.js";
import { benchStream, streamMemoryChild } from "./stream.bench.js";
import { benchIndex, indexChild } from "./index.bench.js";
import { measurePeaks } from "./peak.js";
import type { BenchOptions } from "./util.js";

const BENCHES: Record<string, (o: BenchOptions) => Promise<object>> = {
  encode: benchEncode,
  load: benchLoad,
  pool: benchPool,
  train: benchTrain,
  explore: benchExplore,
  gpu: benchGpu,
  stream: benchStream,
  index: benchIndex,
  peak: async (o) => {
    const p = await measurePeaks();
    o.log(`128-bit Wasm SIMD, one core: f32 FMA ${p.fmaGflops} GFLOP/s, int8 dot ${p.dot8Gops} GOP/s, i16 dot ${p.dot16Gops}`);
    return { bench: "peak", ...p };
  },
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
  await streamMemoryChild(argv[1]!);
  process.exit(0);
}
const VALUED = ["--gb", "--only", "--sizes", "--dims", "--db"];
const name = argv.find((a, i) => !a.startsWith("-") && !VALUED.includes(argv[i - 1]!));
const onlyAt = argv.indexOf("--only");
const json = argv.includes("--json");
if (!name || !(name in BENCHES)) {
  console.error(
    `usage: npm run bench -- <${Object.keys(BENCHES).join("|")}> [--quick] [--json] [--only impl,impl] [--gb N (stream)] [--sizes 1e4,1e5 --dims 512,1536 --db postgres://… --keep (index)]`,
  );
  process.exit(2);
}
const flagValue = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
const numbers = (flag: string) => flagValue(flag)?.split(",").map(Number);
const opts: BenchOptions & { gb?: number; sizes?: number[]; dims?: number[]; db?: string; keep?: boolean } = {
  quick: argv.includes("--quick"),
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
const result = await BENCHES[name]!(opts);
if (json) console.log(JSON.stringify(result));
