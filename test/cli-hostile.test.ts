// The command line against hostile or mistaken arguments: every numeric flag of every command
// checked before work, outputs that would overwrite an input (same path, symlink, hard link), a
// --k that contradicts the checkpoint, terminal escapes from files and arguments, and the
// command list and suggestions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetMetadataAsync } from "hyparquet";
import { Sae } from "../src/sae.js";
import { saveSae, serializeSae } from "../src/load.js";
import { openCheckpoint } from "../src/io/checkpoint.js";
import { writeNpy } from "../src/io/npy.js";
import { train } from "../src/train/train.js";
import { checkNumbers, closest, distance, MAX_WORKERS, NUMBER_FLAGS, parseArgs } from "../src/cli/args.js";
import { COMMANDS } from "../src/cli/commands/index.js";
import { checkOutputsApart } from "../src/cli/inputs.js";
import { oneLine, progress, terminalSafe } from "../src/cli/progress.js";
import { randomArray } from "./fixtures/formula.js";
import { refused } from "./io/budget.js";
import { lastJson, saejs as run } from "./cli-runner.js";

let dir: string;
const f = (name: string) => join(dir, name);
const saejs = (...args: string[]) => run(dir, ...args);
const D = 8,
  N = 32,
  K = 4;

async function model(): Promise<Sae> {
  const enc = randomArray(N * D, 3);
  const dec = new Float32Array(D * N);
  for (let i = 0; i < N; i++) for (let j = 0; j < D; j++) dec[j * N + i] = enc[i * D + j]!;
  return Sae.create(
    { nInputs: D, nLatents: N, preBias: randomArray(D, 4), encoderWeight: enc, latentBias: randomArray(N, 5), decoderWeight: dec },
    { k: K, backend: "ref" },
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-cli-hostile-"));
  const sae = await model();
  await saveSae(sae, f("sae.safetensors"), "safetensors");
  sae.dispose();
  writeFileSync(f("e.npy"), writeNpy(randomArray(300 * D, 7), [300, D]));
  writeFileSync(f("texts.txt"), Array.from({ length: 300 }, (_, i) => `text ${i}`).join("\n"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Flags that take text (paths, names, modes); every other value flag must have a rule in NUMBER_FLAGS. */
const TEXT_FLAGS = new Set(
  "out checkpoint resume trainer arch widths column text-column title-column id-column texts embeddings labels compare db schema sae where steer steer-mode to storage sort weights vectors values host title model-id source-id llm-base-url llm-model embedder base-url model api-key label-column label-pattern beir beir-split report suite-report".split(
    " ",
  ),
);

describe("numeric flags", () => {
  const numeric = Object.entries(COMMANDS).flatMap(([name, c]) => c.flags.values.filter((v) => !TEXT_FLAGS.has(v)).map((flag) => [name, flag] as const));

  it("every value flag of every command is either text or has a numeric rule", () => {
    expect(numeric.length).toBeGreaterThan(30);
    for (const [name, flag] of numeric) expect(NUMBER_FLAGS[flag], `saejs ${name} --${flag}`).toBeDefined();
  });

  it("each command refuses, with E_ARG naming flag, value and range, what is not a decimal number in range", async () => {
    for (const [name, flag] of numeric) {
      const rule = NUMBER_FLAGS[flag]!;
      const bad = ["0x10", "1e308", "-1e308", "Infinity", "-Infinity", "NaN", "", " ", "1_000", "12abc", String(rule.max + 1), String(rule.min - 1)];
      if (rule.integer) bad.push("1e3", "1.5", "2.0");
      for (const v of bad) {
        const p = parseArgs([`--${flag}`, v], COMMANDS[name]!.flags);
        await refused(
          () => checkNumbers(p),
          "E_ARG",
          new RegExp(`^--${flag} must be .* from ${rule.min} to ${rule.max}.*, got '${v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}'$`),
        );
      }
      for (const v of [String(rule.min), String(rule.max)]) expect(() => checkNumbers(parseArgs([`--${flag}`, v], COMMANDS[name]!.flags))).not.toThrow();
    }
  });

  it("--workers is capped (a typo is no 1.5 GB allocation), and 'auto' stays a word", async () => {
    expect(MAX_WORKERS).toBeLessThanOrEqual(256);
    await refused(
      () => checkNumbers(parseArgs(["--workers", "1e9"], COMMANDS.encode!.flags)),
      "E_ARG",
      /--workers must be an integer from 0 to \d+ \(or auto\), got '1e9'/,
    );
    expect(() => checkNumbers(parseArgs(["--workers", "auto"], COMMANDS.train!.flags))).not.toThrow();
  });

  it("the CLI refuses before any work: --workers 1e9, --n 1e308, --epochs 1e308, --k 0x10", async () => {
    const train = ["train", "e.npy", "--out", "s.safetensors", "--k", "4", "--n", "32"];
    for (const [flag, v] of [
      ["workers", "1e9"],
      ["n", "1e308"],
      ["epochs", "1e308"],
      ["k", "0x10"],
      ["workers", "1e308"],
    ] as const) {
      const r = await saejs(...train, `--${flag}`, v);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^saejs: E_ARG: --${flag} must be an integer from \\d+ to \\d+.*, got '${v}'$`, "m"));
    }
  });

  it("an n whose training state cannot fit is refused before any allocation (it took a minute and 5 GB)", async () => {
    const x = randomArray(300 * 512, 9);
    await refused(
      () => train({ x, rows: 300, nInputs: 512 }, { k: 4, nLatents: 1 << 22, batchSize: 64 }),
      "E_ARG",
      /needs about 98\.0 GiB .* use nLatents ≤ \d+/,
    );
  });

  it("the ETA of a run too long to estimate is '?', never Infinity or NaN", () => {
    let out = "";
    const bar = progress("train", { isTTY: true, write: (s: string) => (out += s) }, false);
    bar.update(0, 1e12);
    bar.update(1, 1e308);
    expect(out).not.toMatch(/Infinity|NaN/);
    expect(out).toMatch(/ETA \?/);
  });
});

describe("an output that is an input", () => {
  /** Each command that writes, an input it reads, and the argv with OUT where its output goes. */
  const cases: [string, string, (out: string) => string[]][] = [
    ["embed", "texts.txt", (o) => ["texts.txt", "--out", o]],
    ["train", "e.npy", (o) => ["e.npy", "--out", o, "--k", "4", "--n", "32"]],
    ["train", "e.npy", (o) => ["e.npy", "--out", "s.safetensors", "--checkpoint", o, "--k", "4", "--n", "32"]],
    ["encode", "e.npy", (o) => ["sae.safetensors", "e.npy", "--out", o]],
    ["decode", "sae.safetensors", (o) => ["sae.safetensors", "codes.npz", "--out", o]],
    ["convert", "sae.safetensors", (o) => ["sae.safetensors", "--out", o]],
    ["label", "texts.txt", (o) => ["sae.safetensors", "e.npy", "--texts", "texts.txt", "--out", o]],
    ["explore", "e.npy", (o) => ["sae.safetensors", "texts.txt", "--embeddings", "e.npy", "--out", o]],
    ["neuronpedia", "e.npy", (o) => ["sae.safetensors", "e.npy", "--out", o]],
    ["site", "e.npy", (o) => ["texts.txt", "--sae", "sae.safetensors", "--embeddings", "e.npy", "--out", o]],
    ["site", "sae.safetensors", (o) => ["texts.txt", "--sae", "sae.safetensors", "--embeddings", "e.npy", "--out", o]],
    ["index", "texts.txt", (o) => ["texts.txt", "--sae", "sae.safetensors", "--db", o]],
  ];
  for (const [name, input, argv] of cases) {
    it(`${name} ${argv("OUT").join(" ")}: OUT as ${input} itself, a symlink to it or a hard link of it is refused`, async () => {
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        const sym = `sym-${name}-${input}`,
          hard = `hard-${name}-${input}`;
        rmSync(sym, { force: true });
        rmSync(hard, { force: true });
        symlinkSync(input, sym);
        linkSync(input, hard);
        for (const out of [input, `./${input}`, sym, hard, join(dir, input)]) {
          await refused(() => checkOutputsApart(name, parseArgs(argv(out), COMMANDS[name]!.flags)), "E_ARG", /is the input|holds the input/);
        }
        // Another name is fine.
        await expect(checkOutputsApart(name, parseArgs(argv("elsewhere"), COMMANDS[name]!.flags))).resolves.toBeUndefined();
      } finally {
        process.chdir(cwd);
      }
    });
  }

  it("a folder output that holds an input is refused; train may keep writing the checkpoint it resumes", async () => {
    mkdirSync(f("site"), { recursive: true });
    writeFileSync(f("site/labels.json"), "{}");
    await refused(
      () =>
        checkOutputsApart(
          "explore",
          parseArgs(["sae.safetensors", "texts.txt", "--labels", f("site/labels.json"), "--out", f("site")], COMMANDS.explore!.flags),
        ),
      "E_ARG",
      /holds the input .*labels\.json \(--labels\).*another folder/,
    );
    await expect(
      checkOutputsApart(
        "train",
        parseArgs([f("e.npy"), "--out", f("s.safetensors"), "--resume", f("run.ckpt"), "--checkpoint", f("run.ckpt")], COMMANDS.train!.flags),
      ),
    ).resolves.toBeUndefined();
  });

  it("end to end: train e.npy --out e.npy and encode x.parquet --out x.parquet leave the input as it was", async () => {
    expect((await saejs("encode", "sae.safetensors", "e.npy", "--out", "x.parquet")).code).toBe(0);
    symlinkSync("e.npy", f("e-sym.npy"));
    linkSync(f("e.npy"), f("e-hard.npy"));
    symlinkSync("x.parquet", f("x-sym.parquet"));
    linkSync(f("x.parquet"), f("x-hard.parquet"));
    const npy = readFileSync(f("e.npy")),
      parquet = readFileSync(f("x.parquet"));
    for (const out of ["e.npy", "e-sym.npy", "e-hard.npy"]) {
      const r = await saejs("train", "e.npy", "--out", out, "--k", "4", "--n", "32", "--epochs", "1", "--batch", "64");
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^saejs: E_ARG: ${out} \\(--out\\) is the input e\\.npy \\(argument 1\\).*give --out another file name$`, "m"));
    }
    for (const out of ["x.parquet", "x-sym.parquet", "x-hard.parquet"]) {
      const r = await saejs("encode", "sae.safetensors", "x.parquet", "--column", "values", "--out", out);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/E_ARG: .* is the input x\.parquet \(argument 2\)/);
    }
    expect(readFileSync(f("e.npy")).equals(npy)).toBe(true);
    expect(readFileSync(f("x.parquet")).equals(parquet)).toBe(true);
  });
});

describe("--k against the checkpoint's k", () => {
  it("a different --k is refused naming both; --override-k encodes with it and the codes record both", async () => {
    const r = await saejs("encode", "sae.safetensors", "e.npy", "--out", "k8.npz", "--k", "8");
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/E_ARG: sae\.safetensors was trained with k=4, but --k says 8; drop --k to use k=4, or add --override-k/);
    // The checkpoint's own k, stated again, is no override.
    expect((await saejs("encode", "sae.safetensors", "e.npy", "--out", "k4.npz", "--k", "4")).code).toBe(0);
    const npz = await saejs("encode", "sae.safetensors", "e.npy", "--out", "k8.npz", "--k", "8", "--override-k", "--json");
    expect(npz.code, npz.stderr).toBe(0);
    expect(lastJson(npz.stdout)).toMatchObject({ k: 8, checkpointK: 4 });
    const z = await openCheckpoint(f("k8.npz"));
    try {
      expect(z.tensors.get("indices")!.shape).toEqual([300, 8]);
      expect(Array.from(await z.tensors.get("k")!.read())).toEqual([8]);
      expect(Array.from(await z.tensors.get("checkpoint_k")!.read())).toEqual([4]);
    } finally {
      await z.close();
    }
    expect((await saejs("encode", "sae.safetensors", "e.npy", "--out", "k8.parquet", "--k", "8", "--override-k")).code).toBe(0);
    const bytes = readFileSync(f("k8.parquet"));
    const meta = await parquetMetadataAsync(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const kv = Object.fromEntries((meta.key_value_metadata ?? []).map((e) => [e.key, e.value]));
    expect(kv).toMatchObject({ "saejs.k": "8", "saejs.k_source": "override", "saejs.checkpoint_k": "4" });
    // convert keeps it too.
    expect((await saejs("convert", "sae.safetensors", "--out", "k8.safetensors", "--k", "8")).code).toBe(1);
    expect((await saejs("convert", "sae.safetensors", "--out", "k8.safetensors", "--k", "8", "--override-k")).code).toBe(0);
    const info = lastJson((await saejs("info", "k8.safetensors", "--json")).stdout);
    expect(info).toMatchObject({ k: 8, kSource: "metadata" });
  });
});

describe("terminal escapes", () => {
  const ESC = "\x1b";

  it("terminalSafe writes out C0 (not newlines), DEL, C1, ESC and bidi overrides", () => {
    expect(terminalSafe(`a${ESC}]0;owned\x07b\r\n\tc\x7f\x9b\u202e`)).toBe("a\\x1b]0;owned\\x07b\\x0d\n\\x09c\\x7f\\x9b\\u202e");
    expect(terminalSafe("line\nline", { newlines: false })).toBe("line\\x0aline");
    expect(terminalSafe("plain text, ünïcode ✓")).toBe("plain text, ünïcode ✓");
  });

  it("a checkpoint's tensor names and a path's escapes reach the terminal written out, not run; --json stays JSON", async () => {
    // A safetensors file with one more tensor, whose name holds a title change and a screen clear.
    const sae = await model();
    const bytes = Buffer.concat((await serializeSae(sae, "safetensors")).map((b) => Buffer.from(b)));
    sae.dispose();
    const len = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + len).toString("utf8"));
    const dataLen = bytes.length - 8 - len;
    const evil = `x${ESC}]0;pwned\x07${ESC}[2J${ESC}[31m`;
    header[evil] = { dtype: "F32", shape: [1], data_offsets: [dataLen, dataLen + 4] };
    const h = Buffer.from(JSON.stringify(header));
    const size = Buffer.alloc(8);
    size.writeBigUInt64LE(BigInt(h.length));
    writeFileSync(f("evil.safetensors"), Buffer.concat([size, h, bytes.subarray(8 + len), Buffer.alloc(4)]));
    const info = await saejs("info", "evil.safetensors");
    expect(info.code, info.stderr).toBe(0);
    expect(info.stdout).toContain("x\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31m");
    expect(info.stdout).not.toContain(ESC);
    const json = await saejs("info", "evil.safetensors", "--json");
    expect(JSON.stringify(lastJson(json.stdout))).toContain(JSON.stringify(evil).slice(1, -1));
    // Errors that quote an argument.
    const missing = await saejs("encode", "sae.safetensors", `e${ESC}[2J.npy`, "--out", "c.npz");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("e\\x1b[2J.npy");
    expect(missing.stderr).not.toContain(ESC);
    const flag = await saejs("info", `--x${ESC}[2J`);
    expect(flag.code).toBe(2);
    expect(flag.stderr).not.toContain(ESC);
    const cmd = await saejs(`tr${ESC}[2J`);
    expect(cmd.stderr).not.toContain(ESC);
  });
});

describe("the command list and suggestions", () => {
  it("lists every command with a whole sentence (none cut mid-sentence, none run into its name)", async () => {
    const usage = (await saejs()).stdout;
    const list = usage.slice(usage.indexOf("commands:\n") + 10, usage.indexOf("\n\n", usage.indexOf("commands:")));
    const entries = list.split(/\n(?= {2}\S)/);
    expect(entries.map((e) => e.trim().split(/\s+/)[0])).toEqual(Object.keys(COMMANDS));
    for (const e of entries) {
      expect(e, e).toMatch(/^ {2}[a-z]+ {2,}\S/);
      expect(e.trimEnd(), e).toMatch(/\.$/);
      for (const line of e.split("\n")) expect(line.length, line).toBeLessThanOrEqual(100);
    }
  });

  it("suggests across a swap of two letters (trian → train) as across a missing one (encod → encode)", async () => {
    expect(distance("trian", "train")).toBe(1);
    expect(closest("trian", Object.keys(COMMANDS))).toBe("train");
    expect(closest("feautres", Object.keys(COMMANDS))).toBe("features");
    expect((await saejs("trian")).stderr).toMatch(/unknown command 'trian'; did you mean 'train'\?/);
    expect((await saejs("encod")).stderr).toMatch(/did you mean 'encode'\?/);
  });

  it("one-line previews collapse an abstract's hard line breaks", () => {
    expect(oneLine("We study\n  sparse\r\nautoencoders\tover text.", 160)).toBe("We study sparse autoencoders over text.");
    expect(oneLine("x".repeat(200), 160)).toHaveLength(160);
  });
});
