// The budget of every hostile refusal: a typed SaeError within 1 s and 200 MB of peak memory growth.
import { afterAll, expect } from "vitest";
import { isSaeError, type SaeErrorCode } from "../../src/core/errors.js";

/** Time and peak-memory growth of every refusal, printed as a table at the end. */
const budgets: { case: string; ms: number; mb: number }[] = [];
afterAll(() => {
  if (!budgets.length) return; // a file that only measures CPU time
  // One line per test: its slowest refusal and its largest peak growth.
  const worst = new Map<string, { n: number; ms: number; mb: number }>();
  for (const b of budgets) {
    const w = worst.get(b.case) ?? { n: 0, ms: 0, mb: 0 };
    worst.set(b.case, { n: w.n + 1, ms: Math.max(w.ms, b.ms), mb: Math.max(w.mb, b.mb) });
  }
  console.log(
    `hostile cases (budget per refusal: 1000 ms of CPU, 200 MB of peak growth):\n${[...worst].map(([c, w]) => `  ${c.padEnd(72)} ×${String(w.n).padEnd(4)} ${w.ms.toFixed(0).padStart(5)} ms ${w.mb.toFixed(0).padStart(4)} MB`).join("\n")}`,
  );
});

/** This process's CPU time (user and system, all threads) since `mark`, in ms: the work done, which a busy machine does not inflate. */
export function cpuMsSince(mark: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(mark);
  return (u.user + u.system) / 1000;
}

/**
 * Runs f, expects a SaeError with `code` and a message matching `re`, within the budget: `ms`
 * (default 1 s) of this process's CPU time, and 200 MB of growth in its peak resident memory.
 * CPU time measures the work a refusal costs, which a busy machine does not inflate; wall time
 * gets 5 × the budget (at least 5 s), the margin a 2-core machine shared with another CPU-bound
 * job needs, so a refusal that waits (a hang, a trickle) still fails.
 */
export async function refused(f: () => unknown, code: SaeErrorCode, re: RegExp, ms = 1000): Promise<void> {
  const peak0 = process.resourceUsage().maxRSS;
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  let err: unknown;
  try {
    await f();
  } catch (e) {
    err = e;
  }
  const took = performance.now() - t;
  const cpuMs = cpuMsSince(cpu0);
  const mb = (process.resourceUsage().maxRSS - peak0) / 1024;
  budgets.push({ case: `${expect.getState().currentTestName ?? "?"}`.slice(-72), ms: cpuMs, mb });
  if (!isSaeError(err)) throw new Error(`expected SaeError ${code}, got ${String(err)}`);
  expect(err.code, err.message).toBe(code);
  expect(err.message).toMatch(re);
  expect(err.message.length, "messages stay short whatever the input").toBeLessThan(2000);
  expect(cpuMs, "CPU time in ms").toBeLessThan(ms);
  expect(took, "wall time in ms").toBeLessThan(Math.max(5 * ms, 5000));
  expect(mb, "peak memory growth in MB").toBeLessThan(200);
}
