// The CLI with thresholded SAEs: info names the architecture and widths, encode writes variable-width
// codes (.npz and .parquet, as the library's encode) and takes --width, convert --to saelens writes a folder that loads back.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { writeNpy } from "../src/io/npy.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { saejs } from "./cli-runner.js";
import { loadSae } from "../src/load.js";
import { openCheckpoint } from "../src/io/checkpoint.js";
import { readCodes } from "../src/cli/inputs.js";
import type { Codes } from "../src/core/model.js";

const ARCH = join(process.cwd(), "test/fixtures/checkpoints/arch");
const dir = mkdtempSync(join(tmpdir(), "saejs-arch-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function npz(path: string) {
  const c = await openCheckpoint(path);
  const out: Record<string, Float32Array> = {};
  for (const [name, t] of c.tensors) out[name] = await t.read();
  await c.close();
  return out;
}

describe("saejs with thresholded SAEs", () => {
  const mt = join(ARCH, "dictlearn-matryoshka.pt");

  it("info: arch, JumpReLU and the widths", async () => {
    const text = await saejs(dir, "info", mt);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/arch matryoshka.*JumpReLU.*widths 6,24,48/);
    const r = await saejs(dir, "info", mt, "--json");
    const j = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    expect(j).toMatchObject({ architecture: "jumprelu", widths: [6, 24, 48], arch: "matryoshka" });
  });

  it("encode: codes.npz as the library's, at every width; codes.parquet with the same active entries", async () => {
    const sae = await loadSae(mt, { workers: 0 });
    const x = (await npz(join(ARCH, "arch-outputs.npz"))).x!;
    const emb = join(dir, "x.npy");
    writeFileSync(emb, writeNpy(x, [x.length / 16, 16]));
    try {
      for (const width of [undefined, 6, 24]) {
        const out = join(dir, `codes-${width ?? "all"}.npz`);
        const r = await saejs(dir, "encode", mt, emb, "--out", out, ...(width ? ["--width", String(width)] : []));
        expect(r.code, r.stderr).toBe(0);
        const got = await npz(out);
        const want = await sae.encode(x, undefined, width ? { width } : {});
        expect(Int32Array.from(got.indices!)).toEqual(want.indices);
        expect(got.values).toEqual(want.values);
      }
      // codes.parquet: each row's active entries as the library's (row groups may be narrower).
      const pq = await saejs(dir, "encode", mt, emb, "--out", join(dir, "c.parquet"));
      expect(pq.code, pq.stderr).toBe(0);
      const got = await readCodes(join(dir, "c.parquet")),
        want = await sae.encode(x);
      const active = (c: Codes, r: number) => Array.from({ length: c.k }, (_, j) => [c.indices[r * c.k + j], c.values[r * c.k + j]]).filter(([, v]) => v! > 0);
      expect(got.batch).toBe(want.batch);
      for (let r = 0; r < want.batch; r++) expect(active(got, r)).toEqual(active(want, r));
      const wide = await saejs(dir, "encode", mt, emb, "--out", join(dir, "c.npz"), "--width", "49");
      expect(wide.stderr).toMatch(/--width 49.*48 latents/);
    } finally {
      await sae.dispose();
    }
  });

  it("convert --to saelens writes a folder that loads as the same model; .pth is refused", async () => {
    const r = await saejs(dir, "convert", mt, "--to", "saelens", "--out", join(dir, "saelens"));
    expect(r.code, r.stderr).toBe(0);
    const a = await loadSae(mt, { workers: 0 });
    const b = await loadSae(join(dir, "saelens"), { workers: 0 });
    try {
      expect(b.widths).toEqual([6, 24, 48]);
      const [wa, wb] = [await a.weights(), await b.weights()];
      expect(wb.threshold).toEqual(wa.threshold);
      expect(wb.encoderWeight).toEqual(wa.encoderWeight);
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
    const pth = await saejs(dir, "convert", mt, "--out", join(dir, "m.pth"));
    expect(pth.code).not.toBe(0);
    expect(pth.stderr).toMatch(/threshold.*safetensors or saelens/);
  });
});
