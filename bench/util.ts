// Node-side bench helpers (the machine in words, the index and site benches' corpus: real arXiv
// abstracts as centres, documents mixing two of them); what runs anywhere is in random.ts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";

export * from "./random.js";

/**
 * This machine in words: the CPU's name, and on Linux its family/model and the vector extensions
 * that matter here (VMs often report a generic name), the core count and the memory.
 */
export function machine(): string {
  const name = cpus()[0]?.model ?? "unknown CPU";
  let detail = "";
  try {
    const info = readFileSync("/proc/cpuinfo", "utf8");
    const field = (key: string) => new RegExp(`^${key}\\s*:\\s*(.*)$`, "m").exec(info)?.[1]?.trim();
    const flags = new Set((field("flags") ?? "").split(" "));
    const isa = ["avx2", "avx512f", "avx_vnni", "avx512_vnni", "amx_int8"].filter((f) => flags.has(f));
    detail = ` (family ${field("cpu family")} model ${field("model")}${isa.length ? `, ${isa.join(" ")}` : ""})`;
  } catch {
    // Not Linux: the name alone.
  }
  return `${name}${detail} ×${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
}

/** Where benches keep what they cache between runs (embedded centres, corpora, databases). */
export const BENCH_DIR = join(tmpdir(), "saejs-bench");
/** How many arXiv abstracts are the corpus's centres (--smoke: a few, embedded in seconds). */
export const CENTRES = 1000;
export const SMOKE_CENTRES = 8;
const ARXIV = join(process.cwd(), "..", "shared", "data", "arxiv", "arxiv-2007-first2000.csv");

/** A xorshift32 generator in [0, 1): the corpus's documents are the same for the same seed. */
export function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** The first `CENTRES` arXiv abstracts (shared/data/arxiv) with their titles, whitespace collapsed. */
export async function arxivAbstracts(): Promise<{ title: string; abstract: string }[]> {
  const { parseCsv } = await import("../src/io/texts.js");
  const [header, ...records] = parseCsv(readFileSync(ARXIV, "utf8"));
  const at = header!.indexOf("abstract"),
    ti = header!.indexOf("title");
  const clean = (t: string) => t.replace(/\s+/g, " ").trim();
  return records.slice(0, CENTRES).map((r) => ({ title: clean(r[ti]!), abstract: clean(r[at]!) }));
}

/** Where centres() caches `count` centres of d dimensions. */
export function centresFile(d: number, count = CENTRES): string {
  return join(BENCH_DIR, "index", count === CENTRES ? `centres-${d}.f32` : `centres-${d}-${count}.f32`);
}

/**
 * The centres [count, d]: the first `count` real arXiv abstracts embedded with USE lite (512-d,
 * cached under BENCH_DIR/index), lifted to other d by a fixed random projection.
 */
export async function centres(d: number, log: (s: string) => void, count = CENTRES): Promise<Float32Array> {
  const dir = join(BENCH_DIR, "index");
  mkdirSync(dir, { recursive: true });
  const file = centresFile(d, count);
  if (existsSync(file)) return new Float32Array(readFileSync(file).buffer.slice(0));
  const { parseCsv } = await import("../src/io/texts.js");
  const { UseLiteEmbedder } = await import("../src/embed/use.js");
  const { embedCached } = await import("../src/embed/cache.js");
  const [header, ...records] = parseCsv(readFileSync(ARXIV, "utf8"));
  const at = header!.indexOf("abstract");
  // Not arxivAbstracts(): the cache is keyed by these exact texts (trimmed only).
  const texts = records.slice(0, count).map((r) => r[at]!.trim());
  log(`embedding ${texts.length} arXiv abstracts with USE lite (once; cached) …`);
  const x512 = (await embedCached(texts, new UseLiteEmbedder(), { cacheDir: dir })).x;
  let out = x512;
  if (d !== 512) {
    const r = xorshift(7),
      gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
    const P = Float32Array.from({ length: d * 512 }, () => gauss() / Math.sqrt(512));
    out = new Float32Array(count * d);
    for (let c = 0; c < count; c++)
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < 512; j++) s += P[i * 512 + j]! * x512[c * 512 + j]!;
        out[c * d + i] = s;
      }
  }
  writeFileSync(file, new Uint8Array(out.buffer));
  return out;
}

/** Which two centres document r mixes (its draws come first from its generator). */
export function docCentres(C: Float32Array, d: number, row: number, seed: number): [number, number] {
  const r = xorshift(row * 2654435761 + seed),
    nc = C.length / d;
  return [Math.floor(r() * nc), Math.floor(r() * nc)];
}

/** Documents start … start + rows − 1 [rows, d]: 0.8·centre a + 0.4·centre b + noise, unit norm; the same for the same arguments. */
export function docs(C: Float32Array, d: number, start: number, rows: number, seed: number): Float32Array {
  const nc = C.length / d,
    out = new Float32Array(rows * d);
  for (let i = 0; i < rows; i++) {
    const r = xorshift((start + i) * 2654435761 + seed);
    const a = Math.floor(r() * nc),
      b = Math.floor(r() * nc);
    let norm = 0;
    for (let q = 0; q < d; q++) {
      const v = 0.8 * C[a * d + q]! + 0.4 * C[b * d + q]! + 0.25 * (r() - 0.5) * (2 / Math.sqrt(d)) * Math.sqrt(3);
      out[i * d + q] = v;
      norm += v * v;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let q = 0; q < d; q++) out[i * d + q]! *= inv;
  }
  return out;
}

/** p-th quantile (nearest rank below) of xs. */
export const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
