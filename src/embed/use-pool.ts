// Worker threads running USE lite (dist/embed-worker.js), one batch at a time each, for the default
// embedder on every core (Node). A worker holds the process only while it works; dispose() ends them.
import { SaeError } from "../core/errors.js";
import { nodeModule } from "../runtime/node-module.js";

interface NodeWorker {
  postMessage(m: unknown): void;
  on(ev: string, l: (...a: unknown[]) => void): void;
  terminate(): Promise<number>;
  ref(): void;
  unref(): void;
}
type Reply = { id: number; data?: Float32Array; error?: string };

/** dist/embed-worker.js from the library bundle (dist/, dist/chunks/), the bench and test bundles (dist/*\/), or sources run by vitest. */
async function workerFile(): Promise<URL> {
  const { access } = await nodeModule<{ access(p: URL): Promise<void> }>("node:fs/promises");
  for (const rel of ["./embed-worker.js", "../embed-worker.js", "../../dist/embed-worker.js"]) {
    const url = new URL(rel, import.meta.url);
    try {
      await access(url);
      return url;
    } catch {}
  }
  throw new SaeError("E_EMBED", "the embedder's worker script (dist/embed-worker.js) is missing; run 'npm run build', or use workers: 1");
}

export class UsePool {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (v: Float32Array) => void; reject: (e: unknown) => void }>();
  private readonly idle: NodeWorker[];
  private readonly queue: ((w: NodeWorker) => void)[] = [];
  /** Set once a worker has died: the pool takes no more batches. */
  private broken: SaeError | undefined;

  private constructor(private readonly workers: NodeWorker[]) {
    this.idle = [...workers];
  }

  static async start(n: number): Promise<UsePool> {
    const { Worker } = await nodeModule<{ Worker: new (u: URL) => NodeWorker }>("node:worker_threads");
    const file = await workerFile();
    const workers = Array.from({ length: n }, () => new Worker(file));
    const pool = new UsePool(workers);
    for (const w of workers) {
      w.unref();
      w.on("message", (m) => pool.answer(m as Reply));
      w.on("error", (e) => {
        pool.broken = new SaeError("E_WORKER", `an embedder worker failed: ${(e as Error)?.message ?? e}`);
        pool.failAll(pool.broken);
      });
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  private answer(m: Reply): void {
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    if (m.error !== undefined) w.reject(new SaeError("E_EMBED", `default embedder: ${m.error}`));
    else w.resolve(m.data!);
  }

  private failAll(e: SaeError): void {
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }

  /** Embeds one batch on the next free worker: [texts, 512] float32. */
  async embed(texts: string[]): Promise<Float32Array> {
    if (this.broken) throw this.broken;
    const w = this.idle.pop() ?? (await new Promise<NodeWorker>((r) => this.queue.push(r)));
    w.ref();
    try {
      const id = this.next++;
      return await new Promise<Float32Array>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        w.postMessage({ id, texts });
      });
    } finally {
      w.unref();
      const waiter = this.queue.shift();
      if (waiter) waiter(w);
      else this.idle.push(w);
    }
  }

  async dispose(): Promise<void> {
    this.failAll(new SaeError("E_DISPOSED", "the embedder was disposed"));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
