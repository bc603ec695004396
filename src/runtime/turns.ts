// Long loops on the calling thread hand the event loop a turn every few milliseconds: workers'
// replies are then seen, and their next batches sent, while this thread computes (a worker that
// finishes during a half-second loop would otherwise wait out the rest of it).

/** A macrotask: setImmediate where there is one (Node, Bun), else a zero timeout. */
const macrotask: (f: () => void) => void = (() => {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  return typeof g.setImmediate === "function" ? (f) => void g.setImmediate!(f) : (f) => void setTimeout(f, 0);
})();

/** A function to await inside a long loop: it yields to the event loop when `ms` have passed since its last turn. */
export function turnTaker(ms = 4): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < ms) return;
    await new Promise<void>((r) => macrotask(r));
    since = performance.now();
  };
}
