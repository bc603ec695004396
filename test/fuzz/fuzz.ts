// Mutation fuzzing of every parser: valid fixtures are bit-flipped, overwritten with boundary
// values, truncated, spliced and resized; any exception that is not a SaeError is a failure.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { isSaeError } from "../../src/core/errors.js";
import { openCheckpoint, readEmbeddings } from "../../src/io/checkpoint.js";
import { unpickle } from "../../src/io/pickle.js";
import { ZipReader } from "../../src/io/zip.js";
import { bytesSource } from "../../src/io/source.js";
import { readNpy } from "../../src/io/npy.js";
import { mapLayout } from "../../src/io/layouts.js";
import { prng } from "../fixtures/formula.js";
import { craftZip, pthWith } from "../io/craft.js";

// The repository root is the working directory of npm scripts and vitest alike (this file is also bundled).
const FIXTURES = join(process.cwd(), "test", "fixtures");

export interface FuzzTarget {
  readonly name: string;
  readonly seeds: Uint8Array[];
  /** Parses a mutated input; `seed` is the index of the seed it was mutated from. */
  run(bytes: Uint8Array, seed: number): Promise<void>;
}

const file = (...p: string[]) => new Uint8Array(readFileSync(join(FIXTURES, ...p)));

async function readAllTensors(bytes: Uint8Array): Promise<void> {
  const ckpt = await openCheckpoint(bytes);
  try {
    for (const t of ckpt.tensors.values()) await t.read();
    mapLayout(ckpt.tensors, {});
  } finally {
    await ckpt.close();
  }
}

/** The parsers and the valid files their mutations start from. */
export async function targets(): Promise<FuzzTarget[]> {
  const pths = ["csLG_4_48_8.pth", "views.pth", "fp16.pth", "dictlearn.pt"].map((f) => file("checkpoints", f));
  const pickles: Uint8Array[] = [];
  const storages: Record<string, Uint8Array>[] = [];
  for (const p of pths) {
    const zip = await ZipReader.open(bytesSource(p));
    pickles.push(await zip.read(zip.entries.find((e) => e.name.endsWith("data.pkl"))!));
    const s: Record<string, Uint8Array> = {};
    for (const e of zip.entries) { const m = /\/data\/(\w+)$/.exec(e.name); if (m) s[m[1]!] = await zip.read(e); }
    storages.push(s);
  }
  const members = [file("checkpoints", "outputs.npz"), file("checkpoints", "release.npz")];
  const npyMembers: Uint8Array[] = [];
  for (const z of members) {
    const zip = await ZipReader.open(bytesSource(z));
    for (const e of zip.entries) npyMembers.push(await zip.read(e));
  }
  const npys = readdirSync(join(FIXTURES, "golden")).filter((f) => f.startsWith("small.")).map((f) => file("golden", f));
  return [
    { name: "pickle", seeds: pickles, run: async (b) => { unpickle(b, (pid) => pid); } },
    { name: "zip", seeds: [...pths, file("checkpoints", "release-deflated.npz")], run: async (b) => {
      const zip = await ZipReader.open(bytesSource(b));
      for (const e of zip.entries) await zip.read(e);
    } },
    { name: "pth", seeds: pths, run: readAllTensors },
    // Past the CRC: a mutated pickle inside a valid archive with the seed's own storages.
    { name: "pth-pickle", seeds: pickles, run: (b, seed) => readAllTensors(pthWith(b, storages[seed]!)) },
    // Past the CRC: a mutated .npy member inside a valid .npz.
    { name: "npz-member", seeds: npyMembers, run: (b) => readAllTensors(craftZip([{ name: "a.npy", data: b }])) },
    { name: "safetensors", seeds: [file("checkpoints", "release.safetensors"), file("checkpoints", "sparsify", "sae.safetensors")], run: readAllTensors },
    { name: "npz", seeds: [file("checkpoints", "release.npz"), file("checkpoints", "release-deflated.npz")], run: readAllTensors },
    { name: "npy", seeds: npys, run: async (b) => { await readNpy(bytesSource(b)); await readEmbeddings(b).catch((e) => { if (!isSaeError(e)) throw e; }); } },
  ];
}

const INTERESTING_8 = [0, 1, 0x7f, 0x80, 0xff, 0x28, 0x2e, 0x71];
const INTERESTING_32 = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 0x10000, 64];

/** One mutation of `seed` (sometimes stacked), drawn from `rand`. */
export function mutate(seed: Uint8Array, others: Uint8Array[], rand: () => number): Uint8Array {
  let b = seed.slice();
  const n = 1 + Math.floor(rand() * 3);
  const at = (len = b.length) => Math.floor(rand() * Math.max(1, len));
  for (let m = 0; m < n; m++) {
    switch (Math.floor(rand() * 8)) {
      case 0: { if (b.length) { const i = at(); b[i] = b[i]! ^ (1 << Math.floor(rand() * 8)); } break; }
      case 1: { if (b.length) b[at()] = INTERESTING_8[Math.floor(rand() * INTERESTING_8.length)]!; break; }
      case 2: {
        if (b.length >= 4) new DataView(b.buffer).setUint32(at(b.length - 3), INTERESTING_32[Math.floor(rand() * INTERESTING_32.length)]!, rand() < 0.8);
        break;
      }
      case 3: b = b.slice(0, at()); break;
      case 4: { const i = at(), len = Math.floor(rand() * 16); const ins = new Uint8Array(len).map(() => Math.floor(rand() * 256)); b = Uint8Array.from([...b.subarray(0, i), ...ins, ...b.subarray(i)]); break; }
      case 5: { const i = at(), len = Math.floor(rand() * 64); b = Uint8Array.from([...b.subarray(0, i), ...b.subarray(i + len)]); break; }
      case 6: { const i = at(), len = Math.floor(rand() * 64), j = at(); b = Uint8Array.from([...b.subarray(0, j), ...b.subarray(i, i + len), ...b.subarray(j)]); break; }
      default: {
        const o = others[Math.floor(rand() * others.length)]!;
        const i = at(), j = at(o.length), len = Math.floor(rand() * 128);
        const piece = o.subarray(j, j + len);
        b = b.slice();
        b.set(piece.subarray(0, Math.max(0, b.length - i)), i);
      }
    }
  }
  return b;
}

export interface FuzzResult {
  target: string;
  cases: number;
  ms: number;
  failures: { index: number; error: string; input: Uint8Array }[];
}

/** Runs `cases` mutated inputs through one target; a case is also a failure if it takes over 5 s. */
export async function fuzz(t: FuzzTarget, cases: number, seed = 1): Promise<FuzzResult> {
  const rand = prng(seed);
  const failures: FuzzResult["failures"] = [];
  const start = performance.now();
  for (let i = 0; i < cases; i++) {
    const seedIndex = i % t.seeds.length;
    const input = mutate(t.seeds[seedIndex]!, t.seeds, rand);
    const t0 = performance.now();
    try {
      await t.run(input, seedIndex);
    } catch (e) {
      if (!isSaeError(e)) failures.push({ index: i, error: String((e as Error)?.stack ?? e), input });
    }
    if (performance.now() - t0 > 5000) failures.push({ index: i, error: "took over 5 s", input });
  }
  return { target: t.name, cases, ms: performance.now() - start, failures };
}
