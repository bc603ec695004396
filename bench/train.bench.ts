// Training throughput side by side: sae.js's sparse Wasm trainer against PyTorch CPU running the
// release's loop (Debian python3-torch; fastest with libopenblas0-pthread), same shapes and batch.
import { spawnSync } from "node:child_process";
import { train } from "../src/train/train.js";
import { randomUnitRows, type BenchOptions } from "./util.js";

const D = 1536,
  N = 3072,
  K = 16,
  BATCH = 1024;

export async function benchTrain(opts: BenchOptions): Promise<object> {
  const steps = opts.quick ? 3 : 8;
  const rows: { impl: string; threads: number; samplesPerSec: number }[] = [];
  const x = randomUnitRows(BATCH * (steps + 1), D, 5);
  const missing: string[] = [];
  // One and two workers alternate, three rounds each (one with --quick), and each reports its
  // median: on a shared machine the noise then falls on both alike.
  const rounds = opts.quick ? 1 : 3;
  const rates = new Map<number, number[]>([
    [1, []],
    [2, []],
  ]);
  for (let round = 0; round < rounds; round++) {
    for (const workers of [1, 2]) {
      // Steps after the first (which also pays for starting workers and the first pack).
      const times: number[] = [];
      await train(
        { x, rows: BATCH * (steps + 1), nInputs: D },
        { k: K, nLatents: N, batchSize: BATCH, medianRows: BATCH },
        {
          workers,
          onProgress: () => times.push(performance.now()),
        },
      );
      rates.get(workers)!.push((BATCH * (times.length - 1)) / ((times.at(-1)! - times[0]!) / 1000));
    }
  }
  for (const [workers, r] of rates) {
    const sps = r.sort((a, b) => a - b)[r.length >> 1]!;
    rows.push({ impl: "saejs-wasm", threads: workers, samplesPerSec: Math.round(sps) });
    opts.log(
      `saejs-wasm   ${workers} worker${workers > 1 ? "s" : " "}: ${Math.round(sps)} samples/s (d=${D}, n=${N}, k=${K}, batch ${BATCH}; rounds ${r.map(Math.round).join(", ")})`,
    );
  }
  opts.log(`saejs-wasm   1 → 2 workers: ${(rows[1]!.samplesPerSec / rows[0]!.samplesPerSec).toFixed(2)}×`);
  for (const threads of [1, 2]) {
    const r = spawnSync("/usr/bin/python3", ["bench/torch_train.py", String(D), String(N), String(K), String(BATCH), String(steps), String(threads)], {
      encoding: "utf8",
      env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) },
      timeout: 600_000,
    });
    if (r.status !== 0) {
      missing.push(`pytorch-cpu (${(r.stderr || r.error?.message || "").trim().split("\n").pop()})`);
      break;
    }
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
    rows.push({ impl: "pytorch-cpu", threads, samplesPerSec: Math.round(out.samplesPerSec) });
    opts.log(`pytorch-cpu  ${threads} thread${threads > 1 ? "s" : " "}: ${Math.round(out.samplesPerSec)} samples/s (torch ${out.torch})`);
  }
  for (const m of missing) opts.log(`not measured: ${m}`);
  return { bench: "train", rows, missing };
}
