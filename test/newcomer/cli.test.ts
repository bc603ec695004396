// The command line as a newcomer meets it: each check drives `saejs` in a child process on files
// a user would have, and each is a way the first hour used to go wrong silently.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseNpy } from "../../src/io/npy.js";
import { writeCorpusSlice } from "../cli-runner.js";
import { interrupt, lastJson, saejs, tempDir, writeEmbeddings, writeSae } from "./newcomer.js";

let dir: string;
const f = (name: string) => join(dir, name);
const cli = (...args: string[]) => saejs(dir, ...args);

beforeAll(async () => {
  dir = tempDir("newcomer");
  await writeSae(f("sae64.safetensors"), 64, 256, 8);
  writeEmbeddings(f("e32.npy"), 5000, 32);
  writeEmbeddings(f("e64.npy"), 5000, 64);
  writeFileSync(f("t5000.txt"), `${Array.from({ length: 5000 }, (_, i) => `text ${i} on topic ${i % 17}`).join("\n")}\n`);
  await writeCorpusSlice(f("texts.txt"));
  const emb = await cli("embed", "texts.txt", "--out", "emb.npy", "--quiet");
  expect(emb.code, emb.stderr).toBe(0);
  await writeSae(f("sae512.safetensors"), 512, 128, 4);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("no silent wrong answer", () => {
  it("embeddings whose width is not the SAE's d are refused by every command (E_SHAPE naming both numbers)", async () => {
    const cases = [
      ["eval", "sae64.safetensors", "e32.npy"],
      ["encode", "sae64.safetensors", "e32.npy", "--out", "c.npz"],
      ["features", "sae64.safetensors", "e32.npy", "--texts", "t5000.txt"],
      ["search", "sae64.safetensors", "e32.npy", "--texts", "t5000.txt", "a query"],
      ["explore", "sae64.safetensors", "t5000.txt", "--embeddings", "e32.npy", "--out", "site"],
    ];
    for (const args of cases) {
      const r = await cli(...args);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(/^saejs: E_SHAPE: e32\.npy: 5000 × 32 embeddings, but the SAE reads 64-d inputs/);
    }
    expect(existsSync(f("c.npz")) || existsSync(f("site"))).toBe(false);
    // The same file at the right width goes through, and the metrics cover every row.
    expect(lastJson((await cli("eval", "sae64.safetensors", "e64.npy", "--json")).stdout)).toMatchObject({ rows: 5000, k: 8, n: 256 });
  });

  it("a piped --json of more than 64 KiB arrives whole", async () => {
    const r = await cli("features", "sae64.safetensors", "e64.npy", "--texts", "t5000.txt", "--show", "256", "--top", "40", "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(65_536 * 2);
    expect(lastJson(r.stdout).features.length).toBeGreaterThan(100);
  });

  it("text files: unknown formats listed, --column only where it applies, empty input and empty rows refused", async () => {
    writeFileSync(f("papers.xlsx"), "PK not text");
    const xlsx = await cli("embed", "papers.xlsx", "--out", "x.npy");
    expect(xlsx.code).toBe(1);
    expect(xlsx.stderr).toMatch(
      /E_FORMAT: papers\.xlsx: '\.xlsx' is not a text format sae\.js reads; supported: \.txt, \.csv, \.tsv, \.jsonl, \.ndjson, \.json .*and a string column of a Parquet or Arrow file/,
    );
    // A file that starts like Parquet is read as Parquet, and a broken one says so.
    writeFileSync(f("papers.parquet"), "PAR1 not text");
    const parquet = await cli("embed", "papers.parquet", "--out", "x.npy");
    expect(parquet.code).toBe(1);
    expect(parquet.stderr).toMatch(/E_FORMAT: papers\.parquet: not a readable Parquet file/);
    const column = await cli("embed", "texts.txt", "--column", "abstract", "--out", "x.npy");
    expect(column.stderr).toMatch(/E_ARG: texts\.txt: a column \('abstract'\) applies to \.csv, \.tsv, \.jsonl and \.json files/);
    writeFileSync(f("empty.txt"), "");
    expect((await cli("embed", "empty.txt", "--out", "x.npy")).stderr).toMatch(/E_ARG: empty\.txt: no texts in the file/);
    writeFileSync(f("gaps.csv"), 'id,abstract\n1,"first"\n2,""\n3,third\n');
    const gaps = await cli("embed", "gaps.csv", "--column", "abstract", "--out", "x.npy");
    expect(gaps.code).toBe(1);
    expect(gaps.stderr).toMatch(/E_ARG: gaps\.csv: record 2 \(after the header\), column 'abstract' is empty.*; pass --skip-empty$/m);
    expect(existsSync(f("x.npy"))).toBe(false);
    const skipped = await cli("embed", "gaps.csv", "--column", "abstract", "--out", "x.npy", "--skip-empty", "--json");
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(lastJson(skipped.stdout)).toMatchObject({ rows: 2, keptRows: "x.rows.npy" });
    expect(Array.from((await parseNpy(readFileSync(f("x.rows.npy")))).data)).toEqual([0, 2]);
  });
});

describe("the command line", () => {
  it("unknown flags name the closest valid one; extra arguments are refused; --version", async () => {
    const r = await cli("train", "e64.npy", "--out", "s.safetensors", "--k", "8", "--n", "64", "--epoch", "3");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^saejs train: unknown flag --epoch; did you mean --epochs\?/);
    expect((await cli("encode", "sae64.safetensors", "e64.npy", "extra")).stderr).toMatch(/unexpected argument 'extra'/);
    expect((await cli("evl")).stderr).toMatch(/unknown command 'evl'; did you mean 'eval'\?/);
    const v = await cli("--version");
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
  });

  it("output paths are checked before any work and errors name the user's path; a missing input is E_IO", async () => {
    const noDir = await cli("encode", "sae64.safetensors", "e64.npy", "--out", "nowhere/codes.npz");
    expect(noDir.stderr.trim()).toBe("saejs: E_IO: nowhere/codes.npz: cannot write: the folder nowhere does not exist");
    mkdirSync(f("afolder"), { recursive: true });
    expect((await cli("encode", "sae64.safetensors", "e64.npy", "--out", "afolder")).stderr.trim()).toBe(
      "saejs: E_IO: afolder: is a folder; give a file name to write",
    );
    // Checked before the embedder runs: a long input fails at once. The work is what is measured (a
    // run that embedded would print its final "embed: 5000/5000" progress line), not the wall time
    // a busy machine stretches.
    const early = await cli("embed", "t5000.txt", "--out", "nowhere/e.npy");
    expect(early.stderr.trim()).toBe("saejs: E_IO: nowhere/e.npy: cannot write: the folder nowhere does not exist");
    expect(early.stderr).not.toMatch(/embed: \d+\/\d+/);
    writeFileSync(f("afile"), "x");
    expect((await cli("explore", "sae64.safetensors", "t5000.txt", "--embeddings", "e64.npy", "--out", "afile")).stderr).toMatch(
      /E_IO: afile: is a file; give a folder/,
    );
    const missing = await cli("eval", "sae64.safetensors", "nope.npy");
    expect(missing.stderr.trim()).toBe("saejs: E_IO: nope.npy: cannot open (no such file or folder)");
    const noTexts = await cli("features", "sae64.safetensors", "e64.npy", "--texts", "nope.txt");
    expect(noTexts.stderr.trim()).toBe("saejs: E_IO: nope.txt: cannot read (no such file or folder)");
    for (const r of [noDir, early, missing, noTexts]) expect(r.stderr).not.toMatch(/E_INTERNAL|\.tmp/);
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("Ctrl-C during a command that does not checkpoint exits 130", async () => {
    const r = await interrupt(dir, ["embed", "t5000.txt", "--out", "long.npy"], (err) => /embed: \d+\/5000/.test(err));
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/saejs: interrupted/);
    expect(r.stderr).not.toMatch(/E_INTERNAL/);
    expect(existsSync(f("long.npy"))).toBe(false);
  }, 120_000);

  it("train warns when a run is too short for the data, and its suggestion gives enough steps", async () => {
    const r = await cli("train", "emb.npy", "--out", "short.safetensors", "--k", "4", "--n", "64", "--batch", "64", "--trainer", "wasm", "--quiet");
    expect(r.code, r.stderr).toBe(0);
    const m = /warning: 287 rows in batches of 64 for 1 epoch\(s\) is only 4 step\(s\).*try --batch (\d+) --epochs (\d+)/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    expect(Math.floor(287 / Number(m![1])) * Number(m![2])).toBeGreaterThanOrEqual(1000);
    const long = await cli(
      "train",
      "emb.npy",
      "--out",
      "long.safetensors",
      "--k",
      "4",
      "--n",
      "64",
      "--batch",
      "64",
      "--epochs",
      "250",
      "--trainer",
      "wasm",
      "--quiet",
    );
    expect(long.stderr).not.toMatch(/warning/);
    // Resuming that run's checkpoint on data of another width is refused, naming both widths.
    writeEmbeddings(f("e300x64.npy"), 300, 64);
    const resumed = await cli(
      "train",
      "e300x64.npy",
      "--out",
      "other.safetensors",
      "--k",
      "4",
      "--n",
      "64",
      "--batch",
      "64",
      "--trainer",
      "wasm",
      "--resume",
      "short.safetensors.ckpt",
    );
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toMatch(/E_SHAPE: resume: the checkpoint has nInputs=512, the data 64/);
  }, 120_000);

  it("convert to .pth keeps k; an error about k speaks the command line's language", async () => {
    expect((await cli("convert", "sae64.safetensors", "--out", "plain.pth")).code).toBe(0);
    expect(lastJson((await cli("info", "plain.pth", "--json")).stdout)).toMatchObject({ k: 8, kSource: "metadata" });
    // A release-layout .pth with no k anywhere (a state dict saved by PyTorch itself).
    const noK = await cli("info", join(process.cwd(), "test/fixtures/checkpoints/views.pth"));
    expect(noK.code).toBe(1);
    expect(noK.stderr).toMatch(/E_LAYOUT: k is not stored in this release checkpoint .*; pass --k 64$/m);
    expect(noK.stderr).not.toMatch(/loadSae|\{ k/);
  });

  it("search shows the query's features with labels and their activation range over the corpus", async () => {
    const r = await cli("search", "sae512.safetensors", "emb.npy", "--texts", "texts.txt", "electric current in a wire", "--top", "3");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/query features \(value; over the corpus: mean, max activation → sensible --steer values\):/);
    expect(r.stdout).toMatch(/ {2}#\d+ {2}\d\.\d{3} {2}"[^"]+" {2}corpus mean \d\.\d{3}, max \d\.\d{3} {2}→ --steer \d+=0 removes it/);
    const j = lastJson((await cli("search", "sae512.safetensors", "emb.npy", "--texts", "texts.txt", "electric current in a wire", "--json")).stdout);
    for (const feat of j.features) {
      expect(feat.label.length).toBeGreaterThan(0);
      expect(feat.corpusMax).toBeGreaterThanOrEqual(feat.corpusMean);
    }
  });
});
