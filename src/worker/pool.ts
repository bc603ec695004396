// A pool of kernel workers: a bounded FIFO queue of tasks, each run on the next free worker.
// Queued tasks honour AbortSignal; a worker that dies rejects its task with E_WORKER and is
// replaced; dispose() terminates everything so that a Node process can exit.
import { wrap, type Remote } from "comlink";
import { SaeError } from "../core/errors.js";
import { spawnWorker, type WorkerHandle } from "../runtime/workers.js";
import { unwrap, type EngineApi, type EngineInit, type WorkerApi } from "./protocol.js";

interface Slot<Api> {
  index: number;
  handle: WorkerHandle;
  api: Remote<Api>;
  busy: boolean;
  /** The worker died: its slot takes no task again, whatever a late reply from it says. */
  dead: boolean;
  /** Rejects the task running on this worker. */
  fail?: (e: SaeError) => void;
}

interface Task<Api, T> {
  run: (api: Remote<Api>) => Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort?: () => void;
}

export interface PoolOptions {
  /** Tasks waiting for a worker at most; further calls wait for room (backpressure). Default 64. */
  maxQueue?: number;
}

function aborted(signal: AbortSignal): SaeError {
  return new SaeError(
    "E_ABORTED",
    `aborted before it started${signal.reason !== undefined ? `: ${String(signal.reason instanceof Error ? signal.reason.message : signal.reason)}` : ""}`,
  );
}

/**
 * Workers answering `Api` (the inference engine's by default; training uses its own), each
 * started with one `Init` message.
 */
export class WorkerPool<Api extends WorkerApi<never> = EngineApi, Init = EngineInit> {
  private readonly slots: Slot<Api>[] = [];
  private readonly queue: Task<Api, unknown>[] = [];
  private readonly roomWaiters: (() => void)[] = [];
  /** Places in the queue promised to woken waiters that have not pushed their task yet. */
  private reserved = 0;
  private readonly maxQueue: number;
  private disposed = false;
  /** Workers started to replace ones that died. */
  replaced = 0;

  private constructor(
    private readonly code: string,
    private readonly inits: Init[],
    options: PoolOptions,
  ) {
    this.maxQueue = options.maxQueue ?? 64;
  }

  /** Starts one worker per init message (worker i gets inits[i]) and waits until all are ready. */
  static async start<Api extends WorkerApi<never> = EngineApi, Init = EngineInit>(
    code: string,
    inits: Init[],
    options: PoolOptions = {},
  ): Promise<WorkerPool<Api, Init>> {
    const pool = new WorkerPool<Api, Init>(code, inits, options);
    try {
      await Promise.all(inits.map((_, i) => pool.spawn(i)));
    } catch (e) {
      await pool.dispose();
      throw e;
    }
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Tasks waiting for a worker now. */
  get queued(): number {
    return this.queue.length;
  }

  private async spawn(index: number): Promise<void> {
    const handle = await spawnWorker(this.code);
    const api = wrap<Api>(handle.endpoint);
    const slot: Slot<Api> = { index, handle, api, busy: true, dead: false };
    this.slots[index] = slot;
    handle.onDeath((reason) => this.died(slot, reason));
    const ready = new Promise<void>((resolve, reject) => {
      slot.fail = reject;
      // Comlink's Remote of a generic Api cannot be narrowed here; every Api has this init.
      (api as unknown as WorkerApi<Init>).init(this.inits[index]!).then((r) => {
        unwrap(r);
        resolve();
      }, reject);
    });
    await ready;
    slot.fail = undefined;
    this.idle(slot);
    this.pump();
  }

  private died(slot: Slot<Api>, reason: string): void {
    slot.dead = true;
    slot.busy = true;
    slot.fail?.(new SaeError("E_WORKER", `worker ${slot.index} died during a call (${reason})`));
    slot.fail = undefined;
    if (this.disposed || this.slots[slot.index] !== slot) return;
    this.replaced++;
    this.spawn(slot.index).catch((e) => {
      // A replacement that cannot start leaves the queue to the others; with none left, fail it.
      if (this.slots.every((s) => s.busy)) for (const t of this.queue.splice(0)) t.reject(e);
    });
  }

  /**
   * Queues `run` for the next free worker. When the queue is full the call waits for room first;
   * an aborted signal removes a task that has not started.
   */
  async run<T>(run: (api: Remote<Api>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.disposed) throw new SaeError("E_DISPOSED", "this model was disposed");
    if (this.queue.length + this.reserved >= this.maxQueue || this.roomWaiters.length) {
      // Wait in line; room() wakes one waiter per free place and reserves it for that waiter.
      await new Promise<void>((r) => this.roomWaiters.push(r));
      this.reserved--;
      if (this.disposed) throw new SaeError("E_DISPOSED", "this model was disposed");
    }
    if (signal?.aborted) {
      this.room();
      throw aborted(signal);
    }
    return new Promise<T>((resolve, reject) => {
      const task: Task<Api, T> = { run, resolve, reject, signal };
      if (signal) {
        task.onAbort = () => {
          const i = this.queue.indexOf(task as Task<Api, unknown>);
          if (i >= 0) {
            this.queue.splice(i, 1);
            this.room();
            reject(aborted(signal));
          }
        };
        signal.addEventListener("abort", task.onAbort, { once: true });
      }
      this.queue.push(task as Task<Api, unknown>);
      this.pump();
    });
  }

  /** A slot with nothing to do no longer keeps the process alive; a dead one stays busy for good. */
  private idle(slot: Slot<Api>): void {
    if (slot.dead) return;
    slot.busy = false;
    slot.handle.hold(false);
  }

  private room(): void {
    while (this.roomWaiters.length && this.queue.length + this.reserved < this.maxQueue) {
      this.reserved++;
      this.roomWaiters.shift()!();
    }
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot || slot.busy || slot.dead || this.queue.length === 0) continue;
      const task = this.queue.shift()!;
      this.room();
      if (task.onAbort) task.signal!.removeEventListener("abort", task.onAbort);
      slot.busy = true;
      slot.handle.hold(true);
      const done = () => {
        if (slot.fail === fail) slot.fail = undefined;
        this.idle(slot);
        this.pump();
      };
      let settled = false;
      const fail = (e: SaeError) => {
        if (!settled) {
          settled = true;
          task.reject(e);
        }
      };
      slot.fail = fail;
      task.run(slot.api).then(
        (v) => {
          if (!settled) {
            settled = true;
            task.resolve(v);
          }
          done();
        },
        (e) => {
          fail(e instanceof SaeError ? e : new SaeError("E_WORKER", `worker ${slot.index}: ${(e as Error)?.message ?? String(e)}`));
          done();
        },
      );
    }
  }

  /** Terminates every worker; queued and running calls reject with E_DISPOSED. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const gone = new SaeError("E_DISPOSED", "this model was disposed");
    for (const t of this.queue.splice(0)) t.reject(gone);
    for (const s of this.slots) s?.fail?.(gone);
    this.reserved += this.roomWaiters.length;
    for (const r of this.roomWaiters.splice(0)) r();
    await Promise.all(this.slots.map((s) => s?.handle.terminate()));
  }

  /** The underlying workers (tests kill one to check that the pool recovers). */
  handles(): WorkerHandle[] {
    return this.slots.map((s) => s.handle);
  }
}
