// The one runtime sniff (after hono's getRuntimeKey): everything else asks `caps`, computed once and frozen.

export type RuntimeKey = "node" | "deno" | "bun" | "workerd" | "browser" | "webworker" | "unknown";

export interface Caps {
  readonly runtime: RuntimeKey;
  /** Kernels can run in worker threads here (workerd has none). */
  readonly workers: boolean;
  /** A SharedArrayBuffer can back Wasm memory shared by workers (browsers: only when cross-origin isolated). */
  readonly sharedMemory: boolean;
  /** navigator.gpu is there (an adapter may still be refused; in Node, pass the `webgpu` package's instead). */
  readonly webgpu: boolean;
}

function runtimeKey(): RuntimeKey {
  const g = globalThis as Record<string, unknown>;
  if (typeof g.Deno === "object") return "deno";
  if (typeof g.Bun === "object") return "bun";
  if ((g.navigator as { userAgent?: string } | undefined)?.userAgent === "Cloudflare-Workers") return "workerd";
  if ((g.process as { versions?: { node?: string } } | undefined)?.versions?.node) return "node";
  if (typeof g.window === "object" && typeof g.document === "object") return "browser";
  if (typeof g.WorkerGlobalScope === "function") return "webworker";
  return "unknown";
}

function detect(): Caps {
  const g = globalThis as Record<string, unknown>;
  const runtime = runtimeKey();
  const workers = runtime === "node" || (runtime !== "workerd" && typeof g.Worker === "function");
  const isolated = runtime === "browser" || runtime === "webworker" ? g.crossOriginIsolated === true : true;
  const sharedMemory = typeof SharedArrayBuffer === "function" && isolated && runtime !== "workerd";
  const webgpu = (g.navigator as { gpu?: unknown } | undefined)?.gpu !== undefined;
  return Object.freeze({ runtime, workers, sharedMemory, webgpu });
}

let cached: Caps | undefined;

/** What this runtime offers, detected once. */
export function caps(): Caps {
  cached ??= detect();
  return cached;
}
