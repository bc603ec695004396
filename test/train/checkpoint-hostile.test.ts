// Checkpoints that lie: every field is checked on resume (position, sizes against the tensors,
// settings, epochs already done), the data is recognised by its fingerprint, and the temp files a
// killed write leaves behind are removed at the next start.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { train, type TrainData } from "../../src/train/train.js";
import { openSafetensors, writeSafetensors } from "../../src/io/safetensors.js";
import { randomArray } from "../fixtures/formula.js";

let dir: string;
const data = (seed: number): TrainData => ({ x: randomArray(256 * 16, seed), rows: 256, nInputs: 16 });
const cfg = { k: 4, nLatents: 32, batchSize: 32, epochs: 2, lr: 1e-3 };
const ckpt = () => join(dir, "run.ckpt");

/** The checkpoint with its metadata changed (and tensors kept), as a new file; returns its path. */
async function forged(name: string, meta: Record<string, string>, drop?: string): Promise<string> {
  const bytes = new Uint8Array(readFileSync(ckpt()));
  const ck = await openSafetensors({ name: "run.ckpt", size: bytes.length, read: async (o, l) => bytes.slice(o, o + l), close: async () => {} });
  const tensors = [];
  for (const t of ck.tensors.values()) if (t.name !== drop) tensors.push({ name: t.name, shape: [...t.shape], data: await t.read() });
  const path = join(dir, name);
  const parts = writeSafetensors(tensors, { ...ck.metadata, ...meta });
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-ckpt-"));
  const ac = new AbortController();
  await train(data(1), cfg, {
    signal: ac.signal,
    workers: 0,
    checkpoint: { path: ckpt(), every: 3 },
    onProgress: (p) => {
      if (p.step === 11) ac.abort();
    },
  }).catch(() => {});
  expect(existsSync(ckpt())).toBe(true);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const resumeError = async (path: string, over: Partial<typeof cfg> = {}, d = data(1)) =>
  train(d, { ...cfg, ...over }, { resume: path, workers: 0 }).then(
    () => "resumed",
    (e) => `${e.code}: ${e.message}`,
  );

describe("resuming a checkpoint", () => {
  it("refuses positions that are not whole numbers in range", async () => {
    for (const [field, value] of [
      ["epoch", "-1"],
      ["step", "1e300"],
      ["batch", "9999999999999999"],
      ["step", "3.5"],
      ["epoch", ""],
    ] as const) {
      expect(await resumeError(await forged(`bad-${field}.ckpt`, { [field]: value })), `${field}=${value}`).toMatch(
        new RegExp(`^E_FORMAT: resume: the checkpoint's ${field} is '`),
      );
    }
  });

  it("refuses sizes that disagree with the tensors, and a config that is not one", async () => {
    expect(await resumeError(await forged("bad-d.ckpt", { d: "32" }), {}, { x: randomArray(256 * 32, 1), rows: 256, nInputs: 32 })).toMatch(
      /^E_FORMAT: resume: 'pre_bias' has shape \(16\), but the checkpoint says d=32, n=32: expected \(32\)/,
    );
    expect(await resumeError(await forged("bad-n.ckpt", { n: "64" }))).toMatch(
      /^E_FORMAT: resume: the checkpoint's n=64 disagrees with its config's nLatents=32/,
    );
    expect(await resumeError(await forged("bad-config.ckpt", { config: '{"k":-3}' }))).toMatch(
      /^E_FORMAT: resume: the checkpoint's config is not a valid training config/,
    );
    expect(await resumeError(await forged("no-adam.ckpt", {}, "adam.v.encoder.weight"))).toMatch(
      /^E_FORMAT: resume: the checkpoint lacks 'adam\.v\.encoder\.weight'/,
    );
  });

  it("refuses fewer epochs than already trained, naming how many are needed", async () => {
    const done = await forged("late.ckpt", { epoch: "3", batch: "2" });
    expect(await resumeError(done, { epochs: 2 })).toMatch(
      /^E_ARG: resume: the checkpoint has trained 3 epoch\(s\) and 2 batch\(es\), more than the 2 epoch\(s\) asked for; ask for at least 4; pass \{ epochs: 4 \}/,
    );
  });

  it("refuses other data of the same width unless asked, and continues exactly on the same data", async () => {
    expect(await resumeError(ckpt(), {}, data(2))).toMatch(
      /^E_ARG: resume: the checkpoint was trained on other data \(256 rows, sha256 [0-9a-f]{24}; this data: 256 rows, sha256 [0-9a-f]{24}\)/,
    );
    expect(await resumeError(ckpt(), {}, { x: randomArray(288 * 16, 1), rows: 288, nInputs: 16 })).toMatch(
      /^E_ARG: resume: the checkpoint was trained on other data \(256 rows/,
    );
    const other = await train(data(2), cfg, { resume: ckpt(), workers: 0, resumeOtherData: true });
    expect(other.steps).toBe(16);
    const same = await train(data(1), cfg, { resume: ckpt(), workers: 0 });
    const whole = await train(data(1), cfg, { workers: 0 });
    expect(Buffer.from(same.weights.encoderWeight.buffer).equals(Buffer.from(whole.weights.encoderWeight.buffer))).toBe(true);
  });

  it("removes the temp files a killed checkpoint write left, and no others", async () => {
    const path = join(dir, "tmp-run.ckpt");
    writeFileSync(`${path}.lz3k9q2ab.tmp`, "half a checkpoint");
    writeFileSync(join(dir, "other.ckpt.abc.tmp"), "someone else's");
    await train(data(1), { ...cfg, epochs: 1 }, { workers: 0, checkpoint: { path } });
    expect(existsSync(`${path}.lz3k9q2ab.tmp`)).toBe(false);
    expect(existsSync(join(dir, "other.ckpt.abc.tmp"))).toBe(true);
    expect(existsSync(path)).toBe(true);
  });
});
