// The bench families `npm run bench -- <name>` runs, apart from run.ts (which runs one when
// imported) so that test/bench/smoke.test.ts smoke-runs every one: run.ts's table must name each.
export const BENCH_NAMES = [
  "encode",
  "load",
  "pool",
  "train",
  "explore",
  "gpu",
  "stream",
  "index",
  "page",
  "site",
  "peak",
  "embed",
  "labels",
  "table",
] as const;
export type BenchName = (typeof BENCH_NAMES)[number];
/** The benches `table` runs as its children (smoke.test.ts checks their results from its run rather than running them twice). */
export const TABLE_CHILDREN = ["peak", "encode", "train", "pool", "load", "embed", "labels"] as const satisfies readonly BenchName[];
