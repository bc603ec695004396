// Training throughput side by side: sae.js's sparse Wasm trainer against PyTorch CPU running the
// release's loop and the BatchTopK and Matryoshka recipes (bench/torch_train.py --arch) (Debian python3-torch; fastest with libopenblas0-pthread), same shapes and batch.
import { spawnSync } from "node:child_process";
import type { TrainArch } from "../src/train/config.js";
import { train } from "../src/train/train.js";
import { PeerNotInstalled, peerMissing, randomUnitRows, type BenchOptions } from "./util.js";

const ARCHS: readonly TrainArch[] = ["topk", "batchtopk", "matryoshka"];

export async function benchTrain(opts: BenchOptions): Promise<object> {
  // --smoke: every architecture, worker count and PyTorch row at d=64, n=256, two steps.
  const [D, N, K, BATCH] = opts.smoke ? [64, 256, 8, 64] : [1536, 3072, 16, 1024];
  const steps = opts.smoke ? 2 : opts.quick ? 3 : 8;
  const rows: { impl: string; arch: TrainArch; threads: number; samplesPerSec: number }[] = [];
  const x = randomUnitRows(BATCH * (steps + 1), D, 5);
  const missing: string[] = [];
  // The PyTorch peer's setup as it ran (the table names it).
  let pytorch: { torch: string; blas: string } | undefined;
  // Per architecture, one and two workers alternate, three rounds each (one with --quick), and each
  // reports its median: on a shared machine the noise then falls on all alike.
  const rounds = opts.quick || opts.smoke ? 1 : 3;
  const rates = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    for (const arch of ARCHS)
      for (const workers of [1, 2]) {
        // Steps after the first (which also pays for starting workers and the first pack).
        const times: number[] = [];
        await train(
          { x, rows: BATCH * (steps + 1), nInputs: D },
          { k: K, nLatents: N, arch, batchSize: BATCH, medianRows: BATCH },
          {
            workers,
            onProgress: () => times.push(performance.now()),
          },
        );
        const key = `${arch}/${workers}`;
        rates.set(key, [...(rates.get(key) ?? []), (BATCH * (times.length - 1)) / ((times.at(-1)! - times[0]!) / 1000)]);
      }
  }
  const median = (r: number[]) => [...r].sort((a, b) => a - b)[r.length >> 1]!;
  const ours = (arch: TrainArch, workers: number) => median(rates.get(`${arch}/${workers}`)!);
  for (const arch of ARCHS)
    for (const workers of [1, 2]) {
      const sps = ours(arch, workers);
      rows.push({ impl: "saejs-wasm", arch, threads: workers, samplesPerSec: Math.round(sps) });
      opts.log(
        `saejs-wasm   ${arch.padEnd(10)} ${workers} worker${workers > 1 ? "s" : " "}: ${Math.round(sps)} samples/s (d=${D}, n=${N}, k=${K}, batch ${BATCH}; rounds ${rates
          .get(`${arch}/${workers}`)!
          .map(Math.round)
          .join(", ")})${arch === "topk" ? "" : `, ${(sps / ours("topk", workers)).toFixed(2)}× top-k`}`,
      );
    }
  opts.log(`saejs-wasm   top-k 1 → 2 workers: ${(ours("topk", 2) / ours("topk", 1)).toFixed(2)}×`);
  torch: for (const arch of ARCHS)
    for (const threads of [1, 2]) {
      const args = ["bench/torch_train.py", ...[D, N, K, BATCH, steps, threads].map(String), ...(arch === "topk" ? [] : ["--arch", arch])];
      const r = spawnSync("/usr/bin/python3", args, {
        encoding: "utf8",
        env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) },
        timeout: 600_000,
      });
      if (r.status !== 0) {
        const why = (r.stderr || r.error?.message || "").trim().split("\n").pop() ?? "";
        // No python3 or no torch: named with the package that installs it.
        const absent = (r.error as { code?: string } | undefined)?.code === "ENOENT" || /No module named 'torch'/.test(why);
        const install = "apt-get install -y python3-torch (Debian's, at /usr/bin/python3)";
        missing.push(peerMissing(opts.log, "pytorch-cpu", absent ? new PeerNotInstalled("pytorch-cpu", install) : new Error(why)));
        break torch;
      }
      const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { samplesPerSec: number; torch: string; blas: string[] };
      // A peer as a user runs it: PyTorch on the reference BLAS (what --no-install-recommends leaves) is
      // many times slower than with OpenBLAS, and a ratio against it says nothing of sae.js.
      const blas = out.blas.join(", ") || "no BLAS library mapped";
      if (!out.blas.some((b) => /openblas|mkl|blis/i.test(b))) {
        missing.push(
          peerMissing(opts.log, "pytorch-cpu", new Error(`its BLAS is ${blas}, the reference one: no ratio against it; apt-get install libopenblas0-pthread`)),
        );
        break torch;
      }
      rows.push({ impl: "pytorch-cpu", arch, threads, samplesPerSec: Math.round(out.samplesPerSec) });
      pytorch = { torch: out.torch, blas };
      opts.log(
        `pytorch-cpu  ${arch.padEnd(10)} ${threads} thread${threads > 1 ? "s" : " "}: ${Math.round(out.samplesPerSec)} samples/s (torch ${out.torch}, ${threads} thread${threads > 1 ? "s" : ""}, BLAS ${blas}); sae.js with ${threads} worker${threads > 1 ? "s" : ""}: ${(ours(arch, threads) / out.samplesPerSec).toFixed(2)}×`,
      );
    }
  return { bench: "train", shape: { d: D, n: N, k: K, batch: BATCH, steps }, rows, missing, ...(pytorch ? { pytorch } : {}) };
}
