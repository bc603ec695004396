// Bench helpers that run anywhere, the browser half of a bench included (no node: imports): a
// median timer, random unit-norm embeddings and random SAE weights. Node-only helpers: util.ts.
import type { SaeWeights } from "../src/core/model.js";

export interface BenchOptions {
  quick: boolean;
  /**
   * `--smoke` (npm test's pass over every bench): the tiniest sizes that still run every path and
   * print every row, one timed call each; its figures say nothing of speed.
   */
  smoke?: boolean;
  json: boolean;
  only?: string[];
  log: (line: string) => void;
}

/** Times a function: one warm-up call, then repeats for about `seconds`, at least `minRuns` times; median ms. */
export class Timer {
  constructor(
    private readonly seconds: number,
    private readonly minRuns = 3,
  ) {}

  /** A timer for a bench's options: one warm-up and one timed call under --smoke, else about `seconds`. */
  static of(opts: { smoke?: boolean }, seconds: number): Timer {
    return opts.smoke ? new Timer(0, 1) : new Timer(seconds);
  }

  async median(f: () => unknown): Promise<number> {
    await f();
    const times: number[] = [];
    const start = performance.now();
    while (times.length < this.minRuns || (performance.now() - start < this.seconds * 1000 && times.length < 50)) {
      const t = performance.now();
      await f();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return times[times.length >> 1]!;
  }
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}

/** Unit-norm rows, like text-embedding-3-small vectors. */
export function randomUnitRows(rows: number, d: number, seed: number): Float32Array {
  const r = lcg(seed);
  const out = new Float32Array(rows * d);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let q = 0; q < d; q++) {
      const v = r();
      out[i * d + q] = v;
      s += v * v;
    }
    const inv = 1 / Math.sqrt(s);
    for (let q = 0; q < d; q++) out[i * d + q]! *= inv;
  }
  return out;
}

/** An SAE at initialisation: unit decoder columns, encoder = decoderᵀ, small biases. */
export function randomSae(d: number, n: number, seed: number): SaeWeights {
  const enc = randomUnitRows(n, d, seed);
  const dec = new Float32Array(d * n);
  for (let j = 0; j < n; j++) for (let q = 0; q < d; q++) dec[q * n + j] = enc[j * d + q]!;
  const r = lcg(seed + 1);
  return {
    nInputs: d,
    nLatents: n,
    preBias: Float32Array.from({ length: d }, () => r() * 0.01),
    encoderWeight: enc,
    latentBias: Float32Array.from({ length: n }, () => r() * 0.01),
    decoderWeight: dec,
  };
}

/** A peer whose package or runtime is absent, and how to install it. */
export class PeerNotInstalled extends Error {
  constructor(
    peer: string,
    readonly install: string,
  ) {
    super(`${peer} is not installed`);
  }
}

/**
 * Names a peer that did not run, as every bench prints it (never dropped silently): "peer X: not
 * installed — how to install it" when its package or runtime is absent (a PeerNotInstalled, or a
 * module not found with `install` given), else "peer X: not measured — why". Returns the line
 * without "peer " for the bench's `missing` list.
 */
export function peerMissing(log: (line: string) => void, peer: string, e: unknown, install?: string): string {
  const code = (e as { code?: string })?.code;
  const how = e instanceof PeerNotInstalled ? e.install : code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND" ? install : undefined;
  const line = `${peer}: ${how ? `not installed — ${how}` : `not measured — ${String((e as Error)?.message ?? e).split("\n")[0]}`}`;
  log(`peer ${line}`);
  return line;
}
