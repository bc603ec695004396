// Worker-pool scaling and overhead: 1 vs 2 workers at B=1024 on a release-size SAE (d=1536,
// n=12288, k=128), and B=1 latency in-thread vs through the pool. --smoke: d=64, n=256, k=16, B=8,
// a few calls of each.
import { SaeModel } from "../src/model.js";
import { weightParts } from "../src/core/model.js";
import { Timer, randomSae, randomUnitRows, type BenchOptions } from "./util.js";

export async function benchPool(opts: BenchOptions): Promise<object> {
  const [D, N, K, batch] = opts.smoke ? [64, 256, 16, 8] : [1536, 12288, 128, 1024];
  // B=1 calls: warm-up, timed (each in-thread and pooled), and after 2 ms idle.
  const [warm, timed, idleCalls] = opts.smoke ? [1, 3, 3] : [10, opts.quick ? 100 : 300, 200];
  const w = randomSae(D, N, 1);
  const parts = weightParts(w);
  const timer = Timer.of(opts, opts.quick ? 2 : 5);
  const rows: { workers: number; batch: number; embPerSec: number }[] = [];
  const x = randomUnitRows(batch, D, 2);
  const one = x.subarray(0, D);
  let backend = "";
  for (const workers of [1, 2]) {
    const m = await SaeModel.create(parts, { k: K, workers });
    backend = m.backend;
    const ms = await timer.median(() => m.encode(x));
    rows.push({ workers, batch, embPerSec: Math.round(batch / (ms / 1000)) });
    opts.log(`${workers} worker(s), ${m.sharing} weights, ${m.backend}: B=${batch} ${ms.toFixed(0)} ms = ${rows.at(-1)!.embPerSec} embeddings/s`);
    await m.dispose();
  }
  // B=1 latency, in-thread and through the pool, interleaved so that both see the same machine.
  const local = await SaeModel.create(parts, { k: K, workers: 0 });
  const pooled = await SaeModel.create(parts, { k: K, workers: 2 });
  const tLocal: number[] = [],
    tPool: number[] = [];
  for (let i = 0; i < warm; i++) {
    await local.encode(one);
    await pooled.encode(one);
  }
  for (let i = 0; i < timed; i++) {
    let t = performance.now();
    await local.encode(one);
    tLocal.push(performance.now() - t);
    t = performance.now();
    await pooled.encode(one);
    tPool.push(performance.now() - t);
  }
  await local.dispose();
  await pooled.dispose();
  const median = (a: number[]) => a.sort((p, q) => p - q)[a.length >> 1]!;
  const latencyB1InThreadMs = median(tLocal),
    latencyB1PoolMs = median(tPool);
  // The pool's own cost, without the kernel's: a B=1 round trip on a tiny SAE (d=16, n=48).
  const tiny = randomSae(16, 48, 3);
  const tinyParts = weightParts(tiny);
  const tinyPool = await SaeModel.create(tinyParts, { k: 4, workers: 2 });
  const tinyX = randomUnitRows(1, 16, 4);
  const roundTripMs = await Timer.of(opts, 1).median(() => tinyPool.encode(tinyX));
  // The same after 2 ms of idleness each time, as a search serving one query at a time sees it:
  // the sleeping worker thread (and the caller's) must be woken first.
  const idle: number[] = [];
  for (let i = 0; i < idleCalls; i++) {
    await new Promise((r) => setTimeout(r, 2));
    const t = performance.now();
    await tinyPool.encode(tinyX);
    idle.push(performance.now() - t);
  }
  const roundTripIdleMs = median(idle);
  await tinyPool.dispose();
  const scaling = rows[1]!.embPerSec / rows[0]!.embPerSec;
  opts.log(
    `scaling 1 → 2 workers: ${scaling.toFixed(2)}×; B=1 latency: in-thread ${latencyB1InThreadMs.toFixed(2)} ms, pool ${latencyB1PoolMs.toFixed(2)} ms (+${(latencyB1PoolMs - latencyB1InThreadMs).toFixed(2)} ms); pool round trip alone ${roundTripMs.toFixed(3)} ms back to back, ${roundTripIdleMs.toFixed(3)} ms after 2 ms idle`,
  );
  return {
    bench: "pool",
    shape: { d: D, n: N, k: K, batch },
    backend,
    rows,
    scaling: +scaling.toFixed(3),
    latencyB1InThreadMs: +latencyB1InThreadMs.toFixed(3),
    latencyB1PoolMs: +latencyB1PoolMs.toFixed(3),
    roundTripMs: +roundTripMs.toFixed(3),
    roundTripIdleMs: +roundTripIdleMs.toFixed(3),
  };
}
