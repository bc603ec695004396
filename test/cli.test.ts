// The CLI end to end in a temp dir on a slice of the bundled corpus: embed → train → eval → encode
// → decode → features → search → convert → info, --json output, progress lines when not a TTY,
// usage and error exits, and Ctrl-C during train leaving a checkpoint that resumes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, lastJson, saejs as run, writeCorpusSlice } from "./cli-runner.js";

let dir: string;
const f = (name: string) => join(dir, name);
const saejs = (...args: string[]) => run(dir, ...args);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-cli-"));
  await writeCorpusSlice(f("texts.txt"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("saejs CLI", () => {
  it("embed → train → eval → encode → decode → features → search → convert → info", async () => {
    const embed = await saejs("embed", "texts.txt", "--out", "emb.npy", "--json");
    expect(embed.code).toBe(0);
    expect(lastJson(embed.stdout)).toMatchObject({ out: "emb.npy", rows: 287, dim: 512, embedder: "use-lite-512" });
    // Not a TTY: progress comes as plain lines on stderr.
    expect(embed.stderr).toBe("");
    const trained = await saejs("train", "emb.npy", "--out", "sae.safetensors", "--k", "4", "--n", "128", "--epochs", "8", "--batch", "64", "--lr", "0.001");
    expect(trained.code).toBe(0);
    expect(trained.stderr).toMatch(/^train: 32\/32 \(\d+(\.\d+)?\/s, ETA 0s\) nMSE \d\.\d{4} dead \d+$/m);
    expect(trained.stderr).toMatch(/wrote sae\.safetensors after 32 steps/);
    const ev = lastJson((await saejs("eval", "sae.safetensors", "emb.npy", "--json")).stdout);
    expect(ev).toMatchObject({ k: 4, n: 128, rows: 287 });
    expect(ev.nmse).toBeGreaterThan(0);
    expect(ev.nmse).toBeLessThan(1);
    expect((await saejs("encode", "sae.safetensors", "emb.npy", "--out", "codes.npz")).code).toBe(0);
    expect(lastJson((await saejs("decode", "sae.safetensors", "codes.npz", "--out", "recon.npy", "--json")).stdout)).toMatchObject({ rows: 287, dim: 512 });
    const feats = lastJson((await saejs("features", "sae.safetensors", "emb.npy", "--texts", "texts.txt", "--show", "3", "--json")).stdout);
    expect(feats.features).toHaveLength(3);
    expect(feats.features[0].label.length).toBeGreaterThan(0);
    const search = lastJson(
      (await saejs("search", "sae.safetensors", "emb.npy", "--texts", "texts.txt", "electric current in a wire", "--top", "3", "--json")).stdout,
    );
    expect(search.results).toHaveLength(3);
    expect(search.features.length).toBeGreaterThan(0);
    const f0 = search.features[0].index;
    const steered = lastJson(
      (
        await saejs(
          "search",
          "sae.safetensors",
          "emb.npy",
          "--texts",
          "texts.txt",
          "electric current in a wire",
          "--steer",
          `${f0}=0`,
          "--steer",
          `${feats.features[0].index}=5`,
          "--json",
        )
      ).stdout,
    );
    expect(steered).toMatchObject({ mode: "edit", steer: { [f0]: 0, [feats.features[0].index]: 5 } });
    expect(steered.steered).toHaveLength(5);
    expect(steered.steered[0].wasRank).toBeGreaterThan(0);
    expect((await saejs("search", "sae.safetensors", "emb.npy", "--texts", "texts.txt", "q", "--steer", "x=1")).code).toBe(2);
    expect((await saejs("convert", "sae.safetensors", "--out", "sae.pth")).code).toBe(0);
    const info = lastJson((await saejs("info", "sae.pth", "--k", "4", "--json")).stdout);
    expect(info).toMatchObject({ format: "pth", layout: "release", k: 4, nInputs: 512, nLatents: 128 });
  });

  it("usage errors exit 2 with the command's help; library errors exit 1 on one line with their code", async () => {
    const usage = await saejs("train", "emb.npy", "--out", "x.safetensors");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/saejs train: --k and --n are required\n\nsaejs train <embeddings\.\(npy\|parquet\|arrow\)>/);
    const missing = await saejs("eval", "nope.pth", "emb.npy");
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toMatch(/^saejs: E_IO: nope\.pth: cannot open \(no such file or folder\)/);
    expect((await saejs("frobnicate")).code).toBe(2);
    const help = await saejs("search", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^saejs search <sae>/);
  });

  it("Ctrl-C during train stops cleanly, keeps the last checkpoint, and --resume finishes the run", async () => {
    const child = spawn(
      process.execPath,
      [CLI, "train", "emb.npy", "--out", "long.safetensors", "--k", "4", "--n", "128", "--epochs", "400", "--batch", "64", "--every", "4", "--workers", "0"],
      { cwd: dir },
    );
    let stderr = "";
    child.stderr.on("data", (b) => (stderr += b));
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (existsSync(f("long.safetensors.ckpt"))) {
          clearInterval(t);
          resolve();
        }
      }, 50);
    });
    child.kill("SIGINT");
    const code = await new Promise<number>((r) => child.on("exit", (c) => r(c ?? -1)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted: resume with --resume long\.safetensors\.ckpt/);
    expect(existsSync(f("long.safetensors"))).toBe(false);
    // The checkpoint it kept loads as a model.
    expect(lastJson((await saejs("info", "long.safetensors.ckpt", "--json")).stdout)).toMatchObject({ format: "safetensors", k: 4, nLatents: 128 });
    const resumed = await saejs(
      "train",
      "emb.npy",
      "--out",
      "long.safetensors",
      "--k",
      "4",
      "--n",
      "128",
      "--epochs",
      "400",
      "--batch",
      "64",
      "--workers",
      "0",
      "--resume",
      "long.safetensors.ckpt",
      "--json",
    );
    expect(resumed.code).toBe(0);
    expect(lastJson(resumed.stdout)).toMatchObject({ out: "long.safetensors", steps: 1600 });
    expect((await saejs("info", "long.safetensors")).code).toBe(0);
  }, 240_000);
});
