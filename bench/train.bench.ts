// Training throughput side by side: sae.js's sparse Wasm trainer against PyTorch CPU running the
// release's loop (Debian python3-torch; fastest with libopenblas0-pthread), same shapes and batch.
import { spawnSync } from "node:child_process";
import { WasmTrainer } from "../src/train/step.wasm.js";
import { trainConfig } from "../src/train/config.js";
import { newState } from "../src/train/state.js";
import { initWeights } from "../src/train/init.js";
import { loadKernels } from "../src/kernels/wasm.js";
import { embeddedModule } from "../src/kernels/wasm-embedded.js";
import { randomUnitRows, type BenchOptions } from "./util.js";

const D = 1536, N = 3072, K = 16, BATCH = 1024;

export async function benchTrain(opts: BenchOptions): Promise<object> {
  const steps = opts.quick ? 3 : 8;
  const rows: { impl: string; threads: number; samplesPerSec: number }[] = [];
  const x = randomUnitRows(BATCH * (steps + 1), D, 5);
  const cfg = trainConfig(K, N, { batchSize: BATCH });
  const state = newState(initWeights(x, BATCH, D, N, 0, BATCH));
  const trainer = WasmTrainer.create(await loadKernels("simd", embeddedModule("simd")), state, cfg);
  trainer.step(x.subarray(0, BATCH * D), BATCH);
  const t = performance.now();
  for (let s = 0; s < steps; s++) trainer.step(x.subarray((s + 1) * BATCH * D, (s + 2) * BATCH * D), BATCH);
  const sps = (BATCH * steps) / ((performance.now() - t) / 1000);
  trainer.dispose();
  rows.push({ impl: "saejs-wasm", threads: 1, samplesPerSec: Math.round(sps) });
  opts.log(`saejs-wasm   1 thread : ${Math.round(sps)} samples/s (d=${D}, n=${N}, k=${K}, batch ${BATCH})`);
  const missing: string[] = ["saejs-wasm with 2 workers (training in the worker pool is not built yet)"];
  for (const threads of [1, 2]) {
    const r = spawnSync("/usr/bin/python3", ["bench/torch_train.py", String(D), String(N), String(K), String(BATCH), String(steps), String(threads)], {
      encoding: "utf8", env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) }, timeout: 600_000,
    });
    if (r.status !== 0) { missing.push(`pytorch-cpu (${(r.stderr || r.error?.message || "").trim().split("\n").pop()})`); break; }
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
    rows.push({ impl: "pytorch-cpu", threads, samplesPerSec: Math.round(out.samplesPerSec) });
    opts.log(`pytorch-cpu  ${threads} thread${threads > 1 ? "s" : " "}: ${Math.round(out.samplesPerSec)} samples/s (torch ${out.torch})`);
  }
  for (const m of missing) opts.log(`not measured: ${m}`);
  return { bench: "train", rows, missing };
}
