// Mutation fuzzing of every parser: valid fixtures are bit-flipped, overwritten with boundary
// values, truncated, spliced and resized; any exception that is not a SaeError is a failure.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { isSaeError } from "../../src/core/errors.js";
import { openCheckpoint } from "../../src/io/checkpoint.js";
import { openTable, readEmbeddings } from "../../src/io/embeddings.js";
import { tableTexts } from "../../src/io/table.js";
import { unpickle } from "../../src/io/pickle.js";
import { ZipReader } from "../../src/io/zip.js";
import { bytesSource } from "../../src/io/source.js";
import { readNpy } from "../../src/io/npy.js";
import { mapLayout } from "../../src/io/layouts.js";
import { prng } from "../fixtures/formula.js";
import { craftZip, pthWith } from "../io/craft.js";
import { hubTarget } from "./hub-fuzz.js";
import { concat } from "../../src/io/zip-write.js";
import { craftParquet, dataPage, dictionaryPage, ENC, i32, levels, rleRun, struct, thrift, type Kind } from "../io/craft-parquet.js";

// The repository root is the working directory of npm scripts and vitest alike (this file is also bundled).
const FIXTURES = join(process.cwd(), "test", "fixtures");

export interface FuzzTarget {
  readonly name: string;
  readonly seeds: Uint8Array[];
  /** Makes each case from scratch instead of mutating a seed (structure the mutator rarely finds). */
  readonly generate?: (rand: () => number) => Uint8Array;
  /** Parses a mutated input; `seed` is the index of the seed it was mutated from. */
  run(bytes: Uint8Array, seed: number): Promise<void>;
}

const file = (...p: string[]) => new Uint8Array(readFileSync(join(FIXTURES, ...p)));

async function readAllTensors(bytes: Uint8Array): Promise<void> {
  const ckpt = await openCheckpoint(bytes);
  try {
    for (const t of ckpt.tensors.values()) await t.read();
    // The lazy readers too: thresholds, Matryoshka widths (group_sizes) and a stored k.
    const m = mapLayout(ckpt.tensors, {});
    await m.threshold();
    await m.widths();
    await m.storedK();
  } finally {
    await ckpt.close();
  }
}

/** The parsers and the valid files their mutations start from. */
export async function targets(): Promise<FuzzTarget[]> {
  const pths = ["csLG_4_48_8.pth", "views.pth", "fp16.pth", "dictlearn.pt", "arch/dictlearn-batchtopk.pt", "arch/dictlearn-matryoshka.pt"].map((f) =>
    file("checkpoints", ...f.split("/")),
  );
  const pickles: Uint8Array[] = [];
  const storages: Record<string, Uint8Array>[] = [];
  for (const p of pths) {
    const zip = await ZipReader.open(bytesSource(p));
    pickles.push(await zip.read(zip.entries.find((e) => e.name.endsWith("data.pkl"))!));
    const s: Record<string, Uint8Array> = {};
    for (const e of zip.entries) {
      const m = /\/data\/(\w+)$/.exec(e.name);
      if (m) s[m[1]!] = await zip.read(e);
    }
    storages.push(s);
  }
  const members = [file("checkpoints", "outputs.npz"), file("checkpoints", "release.npz")];
  const npyMembers: Uint8Array[] = [];
  for (const z of members) {
    const zip = await ZipReader.open(bytesSource(z));
    for (const e of zip.entries) npyMembers.push(await zip.read(e));
  }
  const npys = readdirSync(join(FIXTURES, "golden"))
    .filter((f) => f.startsWith("small."))
    .map((f) => file("golden", f));
  return [
    {
      name: "pickle",
      seeds: pickles,
      run: async (b) => {
        unpickle(b, (pid) => pid);
      },
    },
    {
      name: "zip",
      seeds: [...pths, file("checkpoints", "release-deflated.npz")],
      run: async (b) => {
        const zip = await ZipReader.open(bytesSource(b));
        for (const e of zip.entries) await zip.read(e);
      },
    },
    { name: "pth", seeds: pths, run: readAllTensors },
    // Past the CRC: a mutated pickle inside a valid archive with the seed's own storages.
    { name: "pth-pickle", seeds: pickles, run: (b, seed) => readAllTensors(pthWith(b, storages[seed]!)) },
    // Past the CRC: a mutated .npy member inside a valid .npz.
    { name: "npz-member", seeds: npyMembers, run: (b) => readAllTensors(craftZip([{ name: "a.npy", data: b }])) },
    {
      name: "safetensors",
      seeds: [
        file("checkpoints", "release.safetensors"),
        file("checkpoints", "sparsify", "sae.safetensors"),
        file("checkpoints", "arch", "saelens-jumprelu", "sae_weights.safetensors"),
      ],
      run: readAllTensors,
    },
    {
      name: "npz",
      seeds: [file("checkpoints", "release.npz"), file("checkpoints", "release-deflated.npz"), file("checkpoints", "arch", "gemmascope", "params.npz")],
      run: readAllTensors,
    },
    {
      name: "npy",
      seeds: npys,
      run: async (b) => {
        await readNpy(bytesSource(b));
        await readEmbeddings(b).catch((e) => {
          if (!isSaeError(e)) throw e;
        });
      },
    },
    // Programs of allowed opcodes: memo, DUP, list()/tuple()/dict() REDUCE and deep nesting, the
    // shapes of amplification that mutations of real checkpoints almost never produce.
    {
      name: "pickle-gen",
      seeds: [],
      generate: pickleProgram,
      run: async (b) => {
        unpickle(b, (pid) => pid);
      },
    },
    { name: "pth-gen", seeds: [], generate: (r) => pthWith(pickleProgram(r)), run: readAllTensors },
    // Archives of many small entries (up to 4,096), names and sizes drawn at random.
    { name: "zip-many", seeds: [], generate: manyEntries, run: readAllTensors },
    // Parquet (hyparquet-writer: several row groups, plain and dictionary pages) and Arrow IPC (Arrow JS: file and stream).
    { name: "parquet", seeds: await parquetSeeds(), run: readTable },
    { name: "arrow", seeds: await arrowSeeds(), run: readTable },
    hubTarget, // the Hub client's answers, scripted from mutated bytes (test/fuzz/hub-fuzz.ts)
    // Parquet built page by page: dictionary and RLE pages, multi-page and list columns, texts; page
    // headers and level runs drawn from boundary values (counts that cost no bytes, sizes that lie).
    { name: "parquet-pages", seeds: [], generate: parquetPages, run: readTable },
  ];
}

/** Every column of a table as sae.js reads it: the embeddings, then each text or integer column. */
async function readTable(bytes: Uint8Array): Promise<void> {
  await readEmbeddings(bytes).catch((e) => {
    if (!isSaeError(e)) throw e;
  });
  const t = await openTable(bytes);
  try {
    for (const c of t.columns) if (c.kind === "text" || c.kind === "integer") await tableTexts(t, c.name, { allowEmpty: true });
  } finally {
    await t.close();
  }
}

const ROWS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

async function parquetSeeds(): Promise<Uint8Array[]> {
  const { parquetWriteBuffer } = (await import("hyparquet-writer")) as unknown as { parquetWriteBuffer(o: object): ArrayBuffer };
  const list = (name: string, type: string) => [
    { name, repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    { name: "element", type, repetition_type: "OPTIONAL" },
  ];
  const schema = [
    { name: "root", num_children: 3 },
    { name: "id", type: "INT64", repetition_type: "REQUIRED" },
    { name: "title", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
    ...list("embedding", "FLOAT"),
  ];
  const columnData = (distinct: boolean) => [
    { name: "id", data: ROWS.map(BigInt) },
    { name: "title", data: ROWS.map((i) => `paper ${i}`) },
    { name: "embedding", data: ROWS.map((i) => [0, 1, 2, 3, 4, 5].map((j) => (distinct ? i * 0.37 + j * 1.1 : (i + j) % 3))) },
  ];
  return [
    new Uint8Array(parquetWriteBuffer({ schema, columnData: columnData(true), rowGroupSize: 4 })),
    new Uint8Array(parquetWriteBuffer({ schema, columnData: columnData(false), rowGroupSize: 5, codec: "UNCOMPRESSED" })),
    ...craftedParquet(),
  ];
}

const f32 = (...v: number[]) => [...new Uint8Array(Float32Array.from(v).buffer)];
/** A list<float> v1 page of whole rows of `width` values (PLAIN) or dictionary indices (bit width 2). */
function rowsPage(rows: number, width: number, dictionary: boolean): Uint8Array {
  const n = rows * width;
  const rep = levels(
    Array.from({ length: rows }, () => [
      [1, 0],
      [width - 1, 1],
    ]).flat() as [number, number][],
    1,
  );
  const values = dictionary ? [2, ...Array.from({ length: n }, (_, i) => i % 4).flatMap((v) => [2, v])] : f32(...Array.from({ length: n }, (_, i) => i / 8));
  return dataPage(n, dictionary ? ENC.RLE_DICTIONARY : ENC.PLAIN, [...rep, ...levels([[n, 3]], 2), ...values]);
}
/** A string v1 page of these texts (PLAIN) or indices into a dictionary (bit width 2, RLE runs). */
function textPage(texts: string[] | number[]): Uint8Array {
  const def = levels([[texts.length, 1]], 1);
  if (typeof texts[0] === "number") return dataPage(texts.length, ENC.RLE_DICTIONARY, [...def, 2, ...(texts as number[]).flatMap((v) => [2, v])]);
  const body = (texts as string[]).flatMap((t) => {
    const b = [...new TextEncoder().encode(t)];
    return [b.length, 0, 0, 0, ...b];
  });
  return dataPage(texts.length, ENC.PLAIN, [...def, ...body]);
}
const plainStrings = (texts: string[]) => texts.flatMap((t) => [t.length, 0, 0, 0, ...new TextEncoder().encode(t)]);

/** Seeds built page by page: dictionary pages, multi-page columns, RLE runs, several row groups, texts. */
function craftedParquet(): Uint8Array[] {
  const dict = dictionaryPage(4, f32(0.5, -1, 2, 3.25));
  return [
    craftParquet("list", [
      { rows: 3, pages: [dict, rowsPage(2, 4, true), rowsPage(1, 4, true)], values: 12 },
      { rows: 2, pages: [rowsPage(1, 4, false), rowsPage(1, 4, false)], values: 8 },
    ]),
    craftParquet("text", [
      { rows: 3, pages: [dictionaryPage(4, plainStrings(["a", "bb", "ccc", "dddd"])), textPage([0, 3, 1])] },
      { rows: 2, pages: [textPage(["x", "yz"])] },
    ]),
  ];
}

const BOUNDARY = [0, 1, 2, 3, 7, 8, 15, 16, 1000, 65535, 65536, 65537, 1 << 20, 60e6, 2 ** 26 + 1, 2 ** 31 - 1, -1];
/** A Parquet file of crafted pages whose headers and runs take boundary values. */
function parquetPages(rand: () => number): Uint8Array {
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
  const small = () => Math.floor(rand() * 12);
  const count = () => (rand() < 0.7 ? small() : pick(BOUNDARY));
  const kind: Kind = rand() < 0.6 ? "list" : "text";
  const page = (): Uint8Array => {
    const type = pick([0, 0, 0, 2, 2, 3]);
    const n = count();
    // Levels and values: runs of boundary lengths, then random bytes.
    const runs = (width: number) => {
      const out: number[] = [];
      for (let r = 1 + (small() % 3); r > 0; r--) rleRun(out, count() & 0x7fffffff, small() & ((1 << width) - 1), width);
      return [out.length & 0xff, out.length >> 8, 0, 0, ...out];
    };
    const body = [
      ...(kind === "list" ? runs(1) : []),
      ...runs(kind === "list" ? 2 : 1),
      ...(rand() < 0.5 ? [small() % 3] : []),
      ...(rand() < 0.5
        ? (() => {
            const o: number[] = [];
            rleRun(o, count() & 0x7fffffff, 0, 2);
            return o;
          })()
        : []),
      ...Array.from({ length: small() * 4 }, () => Math.floor(rand() * 256)),
    ];
    if (type === 2 && rand() < 0.7)
      return dictionaryPage(n, kind === "list" ? f32(...Array.from({ length: Math.min(n, 64) }, () => rand())) : plainStrings(["p", "qq"]));
    const header = {
      1: i32(type),
      2: i32(rand() < 0.8 ? body.length : pick(BOUNDARY)),
      3: i32(rand() < 0.9 ? body.length : pick(BOUNDARY)),
      ...(type === 3
        ? { 8: struct({ 1: i32(n), 2: i32(0), 3: i32(small()), 4: i32(pick([0, 2, 8, 9])), 5: i32(small()), 6: i32(small()) }) }
        : type === 2
          ? { 7: struct({ 1: i32(n), 2: i32(0) }) }
          : { 5: struct({ 1: i32(n), 2: i32(pick([0, 2, 3, 8, 9])), 3: i32(3), 4: i32(3) }) }),
    };
    return concat([thrift(header), Uint8Array.from(body)]);
  };
  const groups = Array.from({ length: 1 + (small() % 3) }, () => ({
    rows: count(),
    values: rand() < 0.8 ? undefined : count(),
    pages: Array.from({ length: 1 + (small() % 4) }, page),
  }));
  return craftParquet(
    kind,
    groups.map((g) => ({ ...g, rows: Math.max(0, g.rows), values: g.values === undefined ? undefined : Math.max(0, g.values) })),
  );
}

async function arrowSeeds(): Promise<Uint8Array[]> {
  const arrow = await import("apache-arrow");
  const rows = ROWS.map((i) => [0, 1, 2, 3].map((j) => i + j / 4));
  const table = (type: InstanceType<typeof arrow.List> | InstanceType<typeof arrow.FixedSizeList>) =>
    new arrow.Table({
      id: arrow.vectorFromArray(ROWS, new arrow.Int32()),
      title: arrow.vectorFromArray(
        ROWS.map((i) => `t${i}`),
        new arrow.Utf8(),
      ),
      embedding: arrow.vectorFromArray(rows, type),
    });
  const list = new arrow.List(new arrow.Field("item", new arrow.Float32(), true));
  const half = new arrow.FixedSizeList(4, new arrow.Field("item", new arrow.Float16(), true));
  const categories = new arrow.Table({
    id: arrow.vectorFromArray(ROWS, new arrow.Int32()),
    label: arrow.vectorFromArray(
      ROWS.map((i) => `c${i % 3}`),
      new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()),
    ),
    embedding: arrow.vectorFromArray(rows, list),
  });
  return [
    arrow.tableToIPC(table(list), "file"),
    arrow.tableToIPC(table(list), "stream"),
    arrow.tableToIPC(table(half), "file"),
    arrow.tableToIPC(categories, "stream"),
  ];
}

/** A random pickle program over the opcodes a checkpoint may use, ending in STOP. */
export function pickleProgram(rand: () => number): Uint8Array {
  const out: number[] = [0x80, 2];
  const text = (s: string) => {
    for (const c of new TextEncoder().encode(s)) out.push(c);
  };
  const globals = ["builtins\nlist\n", "builtins\ntuple\n", "builtins\ndict\n", "collections\nOrderedDict\n", "torch\nSize\n"];
  const ops = 1 + Math.floor(rand() * (rand() < 0.1 ? 6000 : 300));
  for (let i = 0; i < ops; i++) {
    const pick = Math.floor(rand() * 18);
    switch (pick) {
      case 0:
        out.push(0x5d);
        break; // EMPTY_LIST
      case 1:
        out.push(0x7d);
        break; // EMPTY_DICT
      case 2:
        out.push(0x28);
        break; // MARK
      case 3:
        out.push(0x68, Math.floor(rand() * 4));
        break; // BINGET
      case 4:
        out.push(0x71, Math.floor(rand() * 4));
        break; // BINPUT
      case 5:
        out.push(0x32);
        break; // DUP
      case 6:
        out.push(0x61);
        break; // APPEND
      case 7:
        out.push(0x65);
        break; // APPENDS
      case 8:
        out.push(0x74);
        break; // TUPLE
      case 9:
        out.push(0x6c);
        break; // LIST
      case 10:
        out.push(0x63);
        text(globals[Math.floor(rand() * globals.length)]!);
        break; // GLOBAL
      case 11:
        out.push(0x52);
        break; // REDUCE
      case 12:
        out.push(0x75);
        break; // SETITEMS
      case 13:
        out.push(0x4b, Math.floor(rand() * 256));
        break; // BININT1
      case 14:
        out.push(0x8c, 1, 97 + Math.floor(rand() * 26));
        break; // SHORT_BINUNICODE
      case 15:
        out.push(0x30);
        break; // POP
      case 16:
        out.push(0x85);
        break; // TUPLE1
      default: {
        // a run of the same op: the repetition amplification needs
        const op = [0x68, 0x32, 0x61, 0x52][Math.floor(rand() * 4)]!;
        for (let k = Math.floor(rand() * 200); k > 0; k--) {
          out.push(op);
          if (op === 0x68) out.push(0);
        }
      }
    }
  }
  out.push(0x2e);
  return Uint8Array.from(out);
}

/** A ZIP of many small entries: a pickle and storages, .npy members, or junk, under random names. */
export function manyEntries(rand: () => number): Uint8Array {
  const count = 1 + Math.floor(rand() * (rand() < 0.03 ? 4096 : 64));
  const entries = [];
  for (let i = 0; i < count; i++) {
    const kind = Math.floor(rand() * 3);
    const name = kind === 0 ? `archive/data/${i}` : kind === 1 ? `a${i}.npy` : `x/${Math.floor(rand() * 1e9).toString(36)}`;
    const data = new Uint8Array(Math.floor(rand() * 32)).map(() => Math.floor(rand() * 256));
    entries.push({ name, data, deflate: rand() < 0.3 });
  }
  if (rand() < 0.5) entries.push({ name: "archive/data.pkl", data: pickleProgram(rand), deflate: false });
  return craftZip(entries);
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
      case 0: {
        if (b.length) {
          const i = at();
          b[i] = b[i]! ^ (1 << Math.floor(rand() * 8));
        }
        break;
      }
      case 1: {
        if (b.length) b[at()] = INTERESTING_8[Math.floor(rand() * INTERESTING_8.length)]!;
        break;
      }
      case 2: {
        if (b.length >= 4) new DataView(b.buffer).setUint32(at(b.length - 3), INTERESTING_32[Math.floor(rand() * INTERESTING_32.length)]!, rand() < 0.8);
        break;
      }
      case 3:
        b = b.slice(0, at());
        break;
      case 4: {
        const i = at(),
          len = Math.floor(rand() * 16);
        const ins = new Uint8Array(len).map(() => Math.floor(rand() * 256));
        b = Uint8Array.from([...b.subarray(0, i), ...ins, ...b.subarray(i)]);
        break;
      }
      case 5: {
        const i = at(),
          len = Math.floor(rand() * 64);
        b = Uint8Array.from([...b.subarray(0, i), ...b.subarray(i + len)]);
        break;
      }
      case 6: {
        const i = at(),
          len = Math.floor(rand() * 64),
          j = at();
        b = Uint8Array.from([...b.subarray(0, j), ...b.subarray(i, i + len), ...b.subarray(j)]);
        break;
      }
      default: {
        const o = others[Math.floor(rand() * others.length)]!;
        const i = at(),
          j = at(o.length),
          len = Math.floor(rand() * 128);
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

/** Slowest a case may be: every refusal comes within a second. */
const CASE_MS = 1000;

/** Runs `cases` inputs (mutated or generated) through one target; a case is also a failure if it takes over a second. */
export async function fuzz(t: FuzzTarget, cases: number, seed = 1): Promise<FuzzResult> {
  const rand = prng(seed);
  const failures: FuzzResult["failures"] = [];
  const start = performance.now();
  for (let i = 0; i < cases; i++) {
    const seedIndex = t.seeds.length ? i % t.seeds.length : 0;
    const input = t.generate ? t.generate(rand) : mutate(t.seeds[seedIndex]!, t.seeds, rand);
    const t0 = performance.now();
    try {
      await t.run(input, seedIndex);
    } catch (e) {
      if (!isSaeError(e)) failures.push({ index: i, error: String((e as Error)?.stack ?? e), input });
    }
    let ms = performance.now() - t0;
    // A slow case runs once more: a machine busy with other jobs stretches one run, a slow input
    // stays slow (its second time is the one judged, against the same budget).
    if (ms > CASE_MS) {
      const t1 = performance.now();
      await Promise.resolve(t.run(input, seedIndex)).catch(() => {});
      ms = performance.now() - t1;
    }
    if (ms > CASE_MS) failures.push({ index: i, error: `took ${ms.toFixed(0)} ms, over ${CASE_MS} (twice)`, input });
  }
  return { target: t.name, cases, ms: performance.now() - start, failures };
}
