// The one error type of sae.js: a stable `code` callers can switch on, a message saying what was expected and what arrived.

/** Every code sae.js throws. */
export type SaeErrorCode =
  | "E_SHAPE" // a length or dimension does not match
  | "E_NONFINITE" // NaN or ±Inf where finite numbers are required
  | "E_ARG" // an option or argument outside its valid range
  | "E_INDEX" // a latent index outside [0, n)
  | "E_FORMAT" // a file that does not parse, or is corrupt or truncated
  | "E_UNSAFE_PICKLE" // a pickle that references a global or opcode outside the safe subset
  | "E_LAYOUT" // checkpoint tensors that match no known SAE layout, or k that cannot be found
  | "E_NO_SIMD" // a Wasm SIMD backend was required but the runtime has none
  | "E_WASM" // the Wasm module failed to load or ran out of memory
  | "E_WORKER" // a worker thread died or failed during a call
  | "E_EMBED" // an embedding service refused, failed or answered something unusable
  | "E_ABORTED" // a queued call cancelled through its AbortSignal
  | "E_NO_GPU" // backend 'gpu' was asked for where WebGPU has no adapter
  | "E_GPU" // the WebGPU device refused a shader or a buffer
  | "E_GPU_LOST" // the WebGPU device was lost during a call (SaeModel falls back to Wasm)
  | "E_DISPOSED" // a model used after dispose()
  | "E_IO" // a file or folder that cannot be read or written (missing, a directory, no permission)
  | "E_HUB" // the Hugging Face Hub refused (401/403: gated or private), lacks the file (404), or HF_HUB_OFFLINE=1 and it is not cached
  | "E_DEPENDENCY" // a feature needs an optional package that is not installed
  | "E_DB" // the database refused a statement, or holds no index, an incomplete one, or one built with another SAE
  | "E_INTERNAL"; // a bug in sae.js itself; never thrown on purpose (the CLI reports other exceptions so)

/** The option that would fix an error, so that each interface (API, CLI) can name it in its own words. */
export interface ErrorFix {
  /** The option's API name, e.g. "k" (the CLI's --k). */
  readonly option: string;
  /** A value to show in the suggestion, e.g. "64". */
  readonly example?: string;
}

/** Thrown for every problem sae.js detects; `code` is stable, the message is for people. */
export class SaeError extends Error {
  readonly code: SaeErrorCode;
  /** The option that fixes it, where one does; `message` then ends with it in the API's words. */
  readonly fix: ErrorFix | undefined;
  /** The message without the fix, for interfaces that phrase the fix their own way. */
  readonly problem: string;

  constructor(code: SaeErrorCode, message: string, options?: { cause?: unknown; fix?: ErrorFix }) {
    const fix = options?.fix;
    super(fix ? `${message}; pass { ${fix.option}: ${fix.example ?? "…"} }` : message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SaeError";
    this.code = code;
    this.fix = fix;
    this.problem = message;
  }
}

/** True when `e` is a SaeError, optionally with the given code (works across realms and threads). */
export function isSaeError(e: unknown, code?: SaeErrorCode): e is SaeError {
  return (
    typeof e === "object" && e !== null && (e as { name?: unknown }).name === "SaeError" && (code === undefined || (e as { code?: unknown }).code === code)
  );
}

/**
 * A short, bounded description of any value for an error message: never recursive past a few
 * levels and never longer than `max` characters, whatever a hostile file nested or repeated.
 */
export function preview(v: unknown, max = 80): string {
  const seen = (x: unknown, depth: number): string => {
    if (typeof x === "string") return JSON.stringify(x.length > max ? `${x.slice(0, max)}…` : x);
    if (typeof x === "number" || typeof x === "boolean" || typeof x === "bigint" || x === null || x === undefined) return String(x);
    if (Array.isArray(x)) {
      if (depth >= 2) return `[…${x.length} items]`;
      const head = x
        .slice(0, 4)
        .map((y) => seen(y, depth + 1))
        .join(", ");
      return `[${head}${x.length > 4 ? `, … ${x.length - 4} more` : ""}]`;
    }
    if (typeof x === "object") {
      const name = (x as object).constructor?.name;
      return name && name !== "Object" ? name : "{…}";
    }
    return typeof x;
  };
  const s = seen(v, 0);
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** The first `max` items of a list for a message, then how many more: "a, b, c, … and 64,997 more". */
export function listSome(items: readonly string[], max = 12): string {
  const head = items
    .slice(0, max)
    .map((s) => (s.length > 80 ? `${s.slice(0, 80)}…` : s))
    .join(", ");
  return items.length > max ? `${head}, … and ${(items.length - max).toLocaleString("en-US")} more` : head;
}
