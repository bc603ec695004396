// The test page: the ops on the page itself (IndexedDB), and the same ops in a dedicated worker
// (OPFS access handles exist only there).
import { ops } from "./ops.js";

let worker: Worker | undefined;
let next = 1;
const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

function inWorker(op: string, ...args: unknown[]): Promise<unknown> {
  if (!worker) {
    worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    worker.onmessage = (ev: MessageEvent<{ id: number; result?: unknown; error?: string }>) => {
      const p = waiting.get(ev.data.id)!;
      waiting.delete(ev.data.id);
      if (ev.data.error !== undefined) p.reject(new Error(ev.data.error));
      else p.resolve(ev.data.result);
    };
  }
  const id = next++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker!.postMessage({ id, op, args });
  });
}

Object.assign(globalThis, { __db: ops, __worker: inWorker, __ready: true });
