// A run that goes on after something went wrong (the GPU device lost) says so through onWarning:
// the library prints nothing itself, and the CLI's train prints it on stderr. The GPU trainer is a
// stand-in whose device is lost at the first step, so this runs without a GPU.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { SaeError } from "../../src/core/errors.js";
import { writeNpy } from "../../src/io/npy.js";
import { parseArgs } from "../../src/cli/args.js";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { train } from "../../src/train/train.js";

vi.mock("../../src/train/step.gpu.js", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  GpuTrainer: {
    create: async () => ({
      adapter: undefined,
      lost: "a simulated driver reset",
      step: async () => {
        throw new SaeError("E_GPU_LOST", "the GPU device was lost");
      },
      sync: async () => {},
      dispose: () => {},
    }),
  },
}));
// The CLI asks the optional `webgpu` package for a GPU; the stand-in above never uses it.
vi.mock("webgpu", () => ({ globals: {}, create: () => ({ requestAdapter: async () => null }) }));

const d = 16,
  rows = 64;
const x = Float32Array.from({ length: rows * d }, (_, i) => Math.sin(i * 0.37) + Math.cos(i * 0.11));
const cfg = { k: 2, nLatents: 32, batchSize: 16, epochs: 1 };
const LOST = /^the GPU device was lost during training \(a simulated driver reset\); continuing on the (Wasm|reference) trainer from step 0/;

describe("warnings", () => {
  const dir = mkdtempSync(join(tmpdir(), "saejs-warnings-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("train() tells onWarning once, prints nothing, and finishes off the GPU", async () => {
    const warn = vi.spyOn(console, "warn");
    try {
      const said: string[] = [];
      const r = await train({ x, rows, nInputs: d }, cfg, { trainer: "gpu", workers: 0, onWarning: (m) => said.push(m) });
      expect(said).toEqual([expect.stringMatching(LOST)]);
      expect(r.trainer).not.toBe("gpu");
      expect(r.steps).toBe(rows / cfg.batchSize);

      // Without a callback the warning is dropped: a library does not write to the console.
      await train({ x, rows, nInputs: d }, cfg, { trainer: "gpu", workers: 0 });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it("saejs train prints it on stderr as its other warnings", async () => {
    writeFileSync(join(dir, "emb.npy"), writeNpy(x, [rows, d]));
    const args = [join(dir, "emb.npy"), "--out", join(dir, "sae.safetensors"), "--k", "2", "--n", "32", "--batch", "16", "--trainer", "gpu", "--workers", "0"];
    let stderr = "";
    const io = { json: false, quiet: true, signal: new AbortController().signal, say: () => {}, stderr: { write: (s: string) => (stderr += s) } };
    const warn = vi.spyOn(console, "warn");
    try {
      await COMMANDS.train!.run(parseArgs(args, COMMANDS.train!.flags), io);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    const lines = stderr.split("\n").filter((l) => l.includes("GPU"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^saejs train: warning: the GPU device was lost during training \(a simulated driver reset\); continuing on the (Wasm|reference) trainer/,
    );
  });
});
