// Long loops on the calling thread hand the event loop a turn (so that workers' replies are seen).
import { describe, expect, it } from "vitest";
import { turnTaker } from "../../src/runtime/turns.js";

const spin = (ms: number) => {
  const t = performance.now();
  while (performance.now() - t < ms) {}
};

describe("turnTaker", () => {
  it("lets a timer run inside a loop that only awaits it", async () => {
    let fired = false;
    setTimeout(() => (fired = true), 0);
    const turn = turnTaker(2);
    const t0 = performance.now();
    // Awaiting a resolved promise runs no timer: without a real turn this loop spins its 3 s out.
    while (!fired && performance.now() - t0 < 3000) {
      spin(0.5);
      await turn();
    }
    expect(fired).toBe(true);
  });

  it("yields only when its time slice is over", async () => {
    let ticks = 0;
    const tick = () => {
      ticks++;
      if (ticks < 1e6) setImmediate(tick);
    };
    setImmediate(tick);
    const turn = turnTaker(1000);
    for (let i = 0; i < 100; i++) await turn();
    // 100 awaits well inside one second's slice: no macrotask ran between them.
    expect(ticks).toBe(0);
    ticks = 1e6;
  });
});
