// The default embedder in a browser: USE lite on TensorFlow.js (use-tfjs.ts), in a Web Worker so
// that the page stays responsive (the library starts it, or the page hands one in), or on the
// page's thread. The worker protocol is one request and one reply per batch; errors come back as
// data ({ code, message }) and are thrown again here as SaeError with their code.
import { SaeError, type SaeErrorCode } from "../core/errors.js";
import { loadUseLiteWeb, type UseWebFiles, type UseWebModel } from "./use-tfjs.js";
import { startEmbedWorker } from "./web-worker-start.js";

export type WebRequest = { id: number; files: UseWebFiles; texts: string[] } | { ping: true };
export type WebReply = { id: number; data?: Float32Array; error?: { code: SaeErrorCode; message: string } } | { pong: true };

/** How long a worker has to answer its first message: loading its module (tfjs' chunk included) on a busy machine. */
const START_MS = 60_000;

/** Where the model runs: "auto" (a worker the library starts), a Worker on saejs/embed-worker, or false (this thread). */
export type WebWorkerOption = "auto" | false | Worker;

const WORKER_HELP =
  "with Vite or webpack it is bundled from saejs/dist/browser/embed-worker.js; with esbuild or a plain page, serve that file as a module worker and pass " +
  "{ webWorker: new Worker(url, { type: 'module' }) }, or pass { webWorker: false } to run on the page's thread";

export class UseWebRunner {
  private model: Promise<UseWebModel> | undefined;
  private worker: Worker | undefined;
  private broken: SaeError | undefined;
  private silent: ReturnType<typeof setTimeout> | undefined;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (v: Float32Array) => void; reject: (e: unknown) => void }>();

  constructor(
    private readonly files: UseWebFiles,
    private readonly mode: WebWorkerOption,
  ) {}

  /** One batch: [texts, 512] row-major float32. */
  async embed(texts: string[]): Promise<Float32Array> {
    if (this.broken) throw this.broken;
    if (this.mode === false) {
      this.model ??= loadUseLiteWeb(this.files).catch((e: unknown) => {
        this.model = undefined;
        throw e;
      });
      return (await this.model).embed(texts);
    }
    const w = this.start();
    const id = this.next++;
    return new Promise<Float32Array>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      w.postMessage({ id, files: this.files, texts } satisfies WebRequest);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = this.mode === "auto" ? startEmbedWorker() : (this.mode as Worker);
    // A worker that is not saejs/embed-worker (a wrong file handed in) would leave every batch
    // waiting: it must answer a ping before START_MS.
    const silent = setTimeout(
      () =>
        this.fail(
          new SaeError("E_WORKER", `the embedder's Web Worker did not answer within ${START_MS / 1000} s; is it running saejs/embed-worker? ${WORKER_HELP}`),
        ),
      START_MS,
    );
    w.addEventListener("message", (ev: MessageEvent<WebReply>) => {
      const m = ev.data;
      if (m && "pong" in m) {
        clearTimeout(silent);
        return;
      }
      const p = this.waiting.get(m?.id);
      if (!p) return;
      this.waiting.delete(m.id);
      if (m.error) p.reject(new SaeError(m.error.code, m.error.message));
      else if (m.data instanceof Float32Array) p.resolve(m.data);
      else p.reject(new SaeError("E_WORKER", "the embedder's Web Worker answered without data; is the Worker handed in running saejs/embed-worker?"));
    });
    // A module worker that cannot load (its file or an import missing) fires a bare "error" event.
    w.addEventListener("error", (ev: ErrorEvent) => {
      ev.preventDefault?.();
      this.fail(new SaeError("E_WORKER", `the embedder's Web Worker failed${ev.message ? ` (${ev.message})` : " to start"}; ${WORKER_HELP}`));
    });
    w.addEventListener("messageerror", () => this.fail(new SaeError("E_WORKER", "the embedder's Web Worker sent a message that could not be read")));
    this.worker = w;
    this.silent = silent;
    w.postMessage({ ping: true } satisfies WebRequest);
    return w;
  }

  private fail(e: SaeError): void {
    clearTimeout(this.silent);
    this.broken = e;
    for (const p of this.waiting.values()) p.reject(e);
    this.waiting.clear();
  }

  /** Ends the worker (a handed-in one too) or frees the model on this thread. */
  async dispose(): Promise<void> {
    clearTimeout(this.silent);
    this.worker?.terminate();
    this.worker = undefined;
    const err = new SaeError("E_DISPOSED", "the embedder was disposed");
    for (const p of this.waiting.values()) p.reject(err);
    this.waiting.clear();
    const m = this.model;
    this.model = undefined;
    if (m) (await m.catch(() => undefined))?.dispose();
  }
}
