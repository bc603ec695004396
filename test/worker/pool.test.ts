// The worker pool in Node: row splitting, sharing, abort, a worker killed mid-call, backpressure,
// and dispose leaving nothing that keeps the process alive.
import { afterAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { SaeModel } from "../../src/model.js";
import { Sae } from "../../src/sae.js";
import { weightParts } from "../../src/core/model.js";
import { isSaeError } from "../../src/core/errors.js";
import { randomArray, randomWeights } from "../fixtures/formula.js";
import { cpuMsSince } from "../io/budget.js";

const parts = weightParts;
const w = randomWeights(64, 300, 9);
const K = 7;
const models: SaeModel[] = [];
afterAll(async () => {
  for (const m of models) await m.dispose();
});

async function model(opts: Parameters<typeof SaeModel.create>[1]): Promise<SaeModel> {
  const m = await SaeModel.create(parts(w), opts);
  models.push(m);
  return m;
}

describe("worker pool", () => {
  it.each([
    ["shared memory", { share: true }, "shared"],
    ["a copy per worker", { share: false }, "copied"],
  ] as const)("rows split across 2 workers (%s) give the in-thread results bit for bit", async (_, opt, sharing) => {
    const pooled = await model({ k: K, backend: "wasm-simd", workers: 2, ...opt });
    expect(pooled.sharing).toBe(sharing);
    expect(pooled.workers).toBe(2);
    const local = await Sae.create(w, { k: K, backend: "wasm-simd" });
    for (const rows of [0, 1, 7, 16, 17, 100, 1500]) {
      const x = randomArray(rows * 64, rows + 1);
      const got = await pooled.encode(x);
      const want = local.encode(x);
      expect(Buffer.from(got.indices.buffer).equals(Buffer.from(want.indices.buffer))).toBe(true);
      expect(Buffer.from(got.values.buffer).equals(Buffer.from(want.values.buffer))).toBe(true);
      expect(Buffer.from((await pooled.decode(got)).buffer).equals(Buffer.from(local.decode(want).buffer))).toBe(true);
    }
    const z = randomArray(40 * 300, 3).map((v) => Math.max(0, v));
    expect(Buffer.from((await pooled.decodeDense(z)).buffer).equals(Buffer.from(local.decodeDense(z).buffer))).toBe(true);
    expect((await pooled.weights()).encoderWeight).toEqual(w.encoderWeight);
    local.dispose();
  });

  it("errors from workers keep their code; bad input fails before any worker is asked", async () => {
    const m = await model({ k: K, workers: 2 });
    const x = randomArray(20 * 64, 1);
    x[3 * 64 + 2] = NaN;
    await expect(m.encode(x)).rejects.toMatchObject({ code: "E_NONFINITE", message: "x: NaN at row 3, column 2" });
    await expect(m.decode({ indices: new Int32Array([400]), values: new Float32Array([1]), k: 1, batch: 1 })).rejects.toMatchObject({ code: "E_INDEX" });
  });

  it("an AbortSignal cancels work still in the queue; running work completes", async () => {
    const m = await model({ k: K, workers: 1, backend: "ref" });
    const x = randomArray(64 * 64, 2);
    const ac = new AbortController();
    const running = m.encode(x);
    const queued = m.encode(x, undefined, { signal: ac.signal });
    ac.abort(new Error("user left"));
    await expect(queued).rejects.toMatchObject({ code: "E_ABORTED", message: expect.stringMatching(/aborted before it started: user left/) });
    await expect(running).resolves.toMatchObject({ batch: 64 });
    const pre = new AbortController();
    pre.abort();
    await expect(m.encode(x, undefined, { signal: pre.signal })).rejects.toMatchObject({ code: "E_ABORTED" });
  });

  it("a worker killed mid-call rejects that call with E_WORKER and is replaced; the next call succeeds", async () => {
    const m = await model({ k: K, workers: 1, backend: "ref" });
    const x = randomArray(4096 * 64, 4); // hundreds of ms on the reference backend
    const call = m.encode(x);
    await new Promise((r) => setTimeout(r, 20));
    await m.pool!.handles()[0]!.kill();
    const err = await call.catch((e) => e);
    expect(isSaeError(err, "E_WORKER")).toBe(true);
    expect(err.message).toMatch(/worker 0 died during a call/);
    const again = await m.encode(x.subarray(0, 8 * 64));
    expect(again.batch).toBe(8);
    expect(m.pool!.replaced).toBe(1);
  });

  it("backpressure: no more than maxQueue calls wait; the rest wait for room and all complete", async () => {
    const m = await model({ k: K, workers: 1, maxQueue: 3, backend: "wasm-simd" });
    const x = randomArray(16 * 64, 5);
    let maxSeen = 0;
    const timer = setInterval(() => {
      maxSeen = Math.max(maxSeen, m.pool!.queued);
    }, 0);
    const all = Promise.all(Array.from({ length: 40 }, () => m.encode(x)));
    // One call runs, three wait in the queue, the other 36 wait for room before queueing.
    expect(m.pool!.queued).toBe(3);
    const results = await all;
    clearInterval(timer);
    expect(results.every((r) => r.batch === 16)).toBe(true);
    expect(maxSeen).toBeLessThanOrEqual(3);
  });

  it.each([
    ["shared memory", true],
    ["a copy per worker", false],
  ] as const)(
    "workers killed at random under load (%s): every call settles, those on a dead worker with E_WORKER",
    async (_, share) => {
      // Tiny tasks, so that a reply is nearly always in flight when a worker dies: its late arrival
      // must not free the dead slot for the next task.
      for (let rep = 0; rep < 12; rep++) {
        const m = await SaeModel.create(parts(w), { k: K, workers: 2, share, backend: "wasm-simd" });
        const x = randomArray(8 * 64, rep + 10);
        let fired = 0;
        const calls = Array.from({ length: 1500 }, () =>
          m.encode(x).finally(() => {
            fired++;
          }),
        );
        // Kill worker 0 after a tenth of the calls settled, worker 1 after a third.
        const killAt = async (i: number, after: number) => {
          while (fired < after) await new Promise((r) => setTimeout(r, 0));
          await m.pool!.handles()[i]!.kill();
        };
        const kills = Promise.all([killAt(0, 150 + rep * 7), killAt(1, 500 + rep * 13)]);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const settled = await Promise.race([
          Promise.allSettled(calls),
          new Promise<"hung">((r) => {
            timer = setTimeout(() => r("hung"), 20_000);
          }),
        ]);
        clearTimeout(timer);
        expect(settled, `repetition ${rep}: ${1500 - fired} calls never settled`).not.toBe("hung");
        await kills;
        const results = settled as PromiseSettledResult<unknown>[];
        for (const r of results) if (r.status === "rejected") expect((r.reason as { code?: string }).code).toBe("E_WORKER");
        expect(results.some((r) => r.status === "fulfilled")).toBe(true);
        // The replaced pool still works.
        expect((await m.encode(x)).batch).toBe(8);
        await m.dispose();
      }
    },
    240_000,
  );

  it("backpressure wakes one waiter per free place: 16,000 concurrent calls cost what 1,000 do, per call", async () => {
    const m = await model({ k: K, workers: 1, backend: "wasm-simd" });
    const x = randomArray(8 * 64, 6);
    // CPU time, not wall time: waking every waiter for each free place would cost the main thread
    // O(waiters) per call, and CPU time does not grow when another job shares the cores. The best
    // of two rounds of each size leaves out a round slowed by a collection or a migration.
    const perCall = async (count: number) => {
      const t = process.cpuUsage();
      await Promise.all(Array.from({ length: count }, () => m.encode(x)));
      return cpuMsSince(t) / count;
    };
    await perCall(200);
    let small = Infinity,
      large = Infinity;
    for (let round = 0; round < 2; round++) {
      small = Math.min(small, await perCall(1000));
      large = Math.min(large, await perCall(16_000));
    }
    expect(large, `${large.toFixed(3)} CPU ms/call at 16,000 vs ${small.toFixed(3)} at 1,000`).toBeLessThan(Math.max(4 * small, 0.5));
  }, 120_000);

  it("dispose rejects later calls; a Node process exits by itself afterwards", async () => {
    const m = await SaeModel.create(parts(w), { k: K, workers: 2 });
    await m.dispose();
    await expect(m.encode(new Float32Array(64))).rejects.toMatchObject({ code: "E_DISPOSED" });
    const script = `import { loadSae } from "./dist/index.js";
      const m = await loadSae("test/fixtures/checkpoints/csLG_4_48_8.pth", { workers: 2 });
      await m.encode(new Float32Array(16 * 5));
      await m.dispose();
      console.log("done", m.workers);`;
    // Exiting by itself is the check: a process kept alive by its workers would be killed at the
    // timeout and fail the call (no wall-clock budget, which a busy machine stretches).
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
    expect(out.trim()).toBe("done 2");
  });
});
