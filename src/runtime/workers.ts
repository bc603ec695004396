// Worker threads behind one interface: node:worker_threads in Node, Web Workers in Deno, Bun and
// browsers. A worker runs the bundled worker code (src/worker/entry.ts) from a string.
import type { Endpoint } from "comlink";
import { caps } from "./detect.js";
import { nodeModule } from "./node-module.js";

/** A running worker: its message endpoint, how to stop it, and notice when it dies. */
export interface WorkerHandle {
  readonly endpoint: Endpoint;
  terminate(): Promise<void>;
  /** Called once if the worker exits or fails on its own (not after terminate()). */
  onDeath(cb: (reason: string) => void): void;
  /** Ends the worker as a crash would (tests use it to check recovery). */
  kill(): Promise<void>;
  /**
   * Whether the worker keeps the process alive: while it works, yes; idle, no, so that a script
   * that forgets dispose() still exits (Node, Bun; elsewhere a no-op).
   */
  hold(busy: boolean): void;
}

interface NodeWorker {
  postMessage(m: unknown, transfer?: unknown[]): void;
  on(ev: string, l: (...a: unknown[]) => void): void;
  off(ev: string, l: (...a: unknown[]) => void): void;
  terminate(): Promise<number>;
  ref(): void;
  unref(): void;
}

/** Logical cores, for `workers: 'auto'`. */
export async function cores(): Promise<number> {
  if (caps().runtime === "node") {
    const os = await nodeModule<{ availableParallelism?: () => number; cpus: () => unknown[] }>("node:os");
    return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  }
  return Math.max(1, (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1);
}

/** A Comlink endpoint over a node:worker_threads port or Worker (message events carry the data itself). */
function nodeEndpoint(port: NodeWorker): Endpoint {
  const listeners = new WeakMap<object, (d: unknown) => void>();
  return {
    postMessage: (m: unknown, t?: Transferable[]) => port.postMessage(m, t),
    addEventListener: (_: string, h: EventListenerOrEventListenerObject) => {
      const l = (data: unknown) => ("handleEvent" in h ? h.handleEvent({ data } as MessageEvent) : h({ data } as MessageEvent));
      port.on("message", l);
      listeners.set(h, l);
    },
    removeEventListener: (_: string, h: EventListenerOrEventListenerObject) => {
      const l = listeners.get(h);
      if (l) port.off("message", l);
    },
  };
}

async function spawnNode(code: string): Promise<WorkerHandle> {
  const { Worker } = await nodeModule<{ Worker: new (code: string, o: object) => NodeWorker }>("node:worker_threads");
  const w = new Worker(code, { eval: true });
  let ended = false;
  let death: ((reason: string) => void) | undefined;
  const die = (reason: string) => {
    if (!ended) {
      ended = true;
      death?.(reason);
    }
  };
  w.on("error", (e) => die(`worker failed: ${(e as Error)?.message ?? String(e)}`));
  w.on("exit", (code) => die(`worker exited with code ${String(code)}`));
  return {
    endpoint: nodeEndpoint(w),
    onDeath: (cb) => {
      death = cb;
    },
    terminate: async () => {
      ended = true;
      await w.terminate();
    },
    kill: async () => {
      await w.terminate();
    },
    hold: (busy) => (busy ? w.ref() : w.unref()),
  };
}

function spawnWeb(code: string): WorkerHandle {
  const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  const w = new Worker(url, { type: "module" });
  let ended = false;
  let death: ((reason: string) => void) | undefined;
  w.addEventListener("error", (e) => {
    e.preventDefault?.();
    if (!ended) {
      ended = true;
      death?.(`worker failed: ${(e as ErrorEvent).message ?? "error"}`);
    }
  });
  return {
    endpoint: w as unknown as Endpoint,
    onDeath: (cb) => {
      death = cb;
    },
    terminate: async () => {
      ended = true;
      w.terminate();
      URL.revokeObjectURL(url);
    },
    // Web Workers report no exit, so a kill is announced the way a crash would be.
    kill: async () => {
      w.terminate();
      if (!ended) {
        ended = true;
        death?.("worker terminated");
      }
    },
    hold: (busy) => {
      const b = w as unknown as { ref?: () => void; unref?: () => void };
      if (busy) b.ref?.();
      else b.unref?.();
    },
  };
}

/** Starts a worker running `code` (an ES script with no imports). */
export async function spawnWorker(code: string): Promise<WorkerHandle> {
  return caps().runtime === "node" ? spawnNode(code) : spawnWeb(code);
}

/** The worker side's endpoint to its parent. */
export async function parentEndpoint(): Promise<Endpoint> {
  const g = globalThis as { WorkerGlobalScope?: unknown; self?: Endpoint };
  if (caps().runtime !== "node" && g.self) return g.self;
  const { parentPort } = await nodeModule<{ parentPort: NodeWorker }>("node:worker_threads");
  return nodeEndpoint(parentPort);
}
