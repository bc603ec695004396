import { train } from "../src/train/train.js";
import { randomUnitRows } from "../bench/util.js";
const D = 1536, N = 3072, K = 16, B = 1024, steps = 6;
const x = randomUnitRows(B * (steps + 1), D, 5);
for (const workers of [1, 2, 1, 2]) {
  (globalThis as any).__st = {};
  const times: number[] = [];
  await train({ x, rows: B * (steps + 1), nInputs: D }, { k: K, nLatents: N, batchSize: B, medianRows: B }, { workers, onProgress: () => { times.push(performance.now()); if (times.length === 1) (globalThis as any).__st = {}; } });
  const st = (globalThis as any).__st;
  const per = (times.at(-1)! - times[0]!) / (times.length - 1);
  console.log(workers, per.toFixed(1), "ms/step", Object.entries(st).map(([k, v]) => `${k} ${((v as number) / (times.length - 1)).toFixed(1)}`).join(" "));
}
