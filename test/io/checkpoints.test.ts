// Every fixture made by make_checkpoints.py with real PyTorch loads to the same parameters and
// encodes as its own library would (SPEC §1–§2).
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadSae, type LoadOptions } from "../../src/load.js";
import { openCheckpoint } from "../../src/io/checkpoint.js";
import { readEmbeddings } from "../../src/io/embeddings.js";
import { isSaeError } from "../../src/core/errors.js";
import type { Codes } from "../../src/core/model.js";
import { CHECKPOINTS, checkpointWeights } from "../fixtures/formula.js";
import { expectCodesClose, preActivations } from "../kernels/tester.js";

const W = checkpointWeights();
const K = 4;
const f = (...p: string[]) => join(CHECKPOINTS, ...p);

interface Expect {
  x: Float32Array;
  release: Codes;
  reluFirst: Codes;
}
let want: Expect;

beforeAll(async () => {
  const out = await openCheckpoint(f("outputs.npz"));
  const get = async (name: string) => await out.tensors.get(name)!.read();
  const x = await get("x");
  const codes = async (p: string): Promise<Codes> => ({
    indices: Int32Array.from(await get(`${p}_indices`)),
    values: await get(`${p}_values`),
    k: K,
    batch: 5,
  });
  want = { x, release: await codes("release"), reluFirst: await codes("relu_first") };
  await out.close();
});

const CASES: { file: string[]; options?: LoadOptions; format: string; layout: string; kSource: string; note?: RegExp; order: "topk-relu" | "relu-topk" }[] = [
  { file: ["csLG_4_48_8.pth"], format: "pth", layout: "release", kSource: "file name", order: "topk-relu" },
  { file: ["views.pth"], options: { k: K }, format: "pth", layout: "release", kSource: "option", order: "topk-relu" },
  {
    file: ["fp16.pth"],
    options: { k: K },
    format: "pth",
    layout: "release",
    kSource: "option",
    note: /encoder.weight: f16 converted to f32/,
    order: "topk-relu",
  },
  {
    file: ["bf16.pth"],
    options: { k: K },
    format: "pth",
    layout: "release",
    kSource: "option",
    note: /decoder.weight: bf16 converted to f32/,
    order: "topk-relu",
  },
  { file: ["f64.pth"], options: { k: K }, format: "pth", layout: "release", kSource: "option", note: /pre_bias: f64 converted to f32/, order: "topk-relu" },
  { file: ["release.safetensors"], format: "safetensors", layout: "release", kSource: "metadata", order: "topk-relu" },
  { file: ["release.npz"], options: { k: K }, format: "npz", layout: "release", kSource: "option", order: "topk-relu" },
  { file: ["release-deflated.npz"], options: { k: K }, format: "npz", layout: "release", kSource: "option", order: "topk-relu" },
  { file: ["saelens", "sae_weights.safetensors"], format: "safetensors", layout: "saelens", kSource: "cfg.json", order: "topk-relu" },
  { file: ["sparsify", "sae.safetensors"], format: "safetensors", layout: "sparsify", kSource: "cfg.json", order: "relu-topk" },
  { file: ["dictlearn.pt"], format: "pth", layout: "dictionary_learning", kSource: "checkpoint buffer", order: "relu-topk" },
];

describe.each(CASES)("$file", ({ file, options, format, layout, kSource, note, order }) => {
  it("loads to the release's parameters, encodes as its library does, and says how it was read", async () => {
    const sae = await loadSae(f(...file), options);
    expect(sae.info).toMatchObject({ format, layout, k: K, kSource });
    if (note) expect(sae.info.notes.join("\n")).toMatch(note);
    expect(sae.order).toBe(order);
    const w = await sae.weights();
    expect(Array.from(w.preBias)).toEqual(Array.from(W.preBias));
    expect(Array.from(w.latentBias)).toEqual(Array.from(W.latentBias));
    expect(Array.from(w.encoderWeight)).toEqual(Array.from(W.encoderWeight));
    expect(Array.from(w.decoderWeight)).toEqual(Array.from(W.decoderWeight));
    const { pre, maxAbs } = preActivations(W, want.x, 5, order);
    expectCodesClose(await sae.encode(want.x), order === "topk-relu" ? want.release : want.reluFirst, pre, 48, 1e-6, maxAbs);
    await sae.dispose();
  });
});

describe("layouts whose weights differ from the release's: each library's own forward pass", () => {
  /** Dense [rows, n] codes from sparse ones. */
  const dense = (c: Codes, n: number) => {
    const z = new Float32Array(c.batch * n);
    for (let r = 0; r < c.batch; r++) for (let j = 0; j < c.k; j++) z[r * n + c.indices[r * c.k + j]!] += c.values[r * c.k + j]!;
    return z;
  };
  it.each([
    ["sparse_encoder", ["sparse_encoder", "model.safetensors"], "config.json", "topk-relu"],
    ["sparsify", ["latent-sae", "sae.safetensors"], "cfg.json", "relu-topk"],
  ] as const)("%s (%s): codes and reconstructions as its library computes them", async (layout, file, kSource, order) => {
    const sae = await loadSae(f(...file));
    expect(sae.info).toMatchObject({ layout, k: K, kSource });
    expect(sae.order).toBe(order);
    const out = await openCheckpoint(f("outputs.npz"));
    const key = file[0] === "latent-sae" ? "latent_sae" : "sparse_encoder";
    const wantZ = await out.tensors.get(`${key}_codes`)!.read(),
      wantRecon = await out.tensors.get(`${key}_recon`)!.read();
    await out.close();
    const codes = await sae.encode(want.x);
    const z = dense(codes, 48);
    for (let i = 0; i < z.length; i++) expect(Math.abs(z[i]! - wantZ[i]!), `code ${i}`).toBeLessThan(1e-6);
    const recon = await sae.decode(codes);
    for (let i = 0; i < recon.length; i++) expect(Math.abs(recon[i]! - wantRecon[i]!), `reconstruction ${i}`).toBeLessThan(1e-5);
    await sae.dispose();
  });

  it("a SparseEncoder module with normalize=true is refused: its layer norm is not part of the model", async () => {
    await expect(loadSae(f("sparse_encoder_ln", "model.safetensors"))).rejects.toMatchObject({ code: "E_LAYOUT", message: /normalize=true/ });
  });
});

describe("loading from every kind of source", () => {
  const bytes = readFileSync(f("csLG_4_48_8.pth"));
  it.each([
    ["bytes", () => new Uint8Array(bytes)],
    ["ArrayBuffer", () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)],
    ["Blob", () => new Blob([bytes])],
    ["File (k from its name)", () => new File([bytes], "csLG_4_48_8.pth")],
    ["Response", () => new Response(bytes)],
    ["file: URL", () => new URL(`file://${f("csLG_4_48_8.pth")}`)],
  ] as const)("%s", async (name, make) => {
    const needsK = !name.startsWith("File") && !name.startsWith("file:");
    const sae = await loadSae(make() as never, needsK ? { k: K } : {});
    expect(sae.info.k).toBe(K);
    expect(Array.from((await sae.encode(want.x)).indices)).toEqual(Array.from(want.release.indices));
    await sae.dispose();
  });

  it("the format comes from the magic bytes, not the extension", async () => {
    const sae = await loadSae(new File([readFileSync(f("release.safetensors"))], "model.pth"));
    expect(sae.info.format).toBe("safetensors");
    await sae.dispose();
  });
});

describe("clear refusals", () => {
  async function code(p: Promise<unknown>): Promise<[string, string]> {
    try {
      await p;
    } catch (e) {
      if (isSaeError(e)) return [e.code, e.message];
      throw e;
    }
    throw new Error("expected a SaeError");
  }

  it("legacy (pre-1.6) torch files say how to re-save", async () => {
    const [c, m] = await code(loadSae(f("legacy.pth"), { k: K }));
    expect(c).toBe("E_FORMAT");
    expect(m).toMatch(/legacy \(pre-1\.6, non-zip\).*torch\.save\(torch\.load\('old\.pth', weights_only=True\), 'new\.pth'\)/);
  });

  it("missing k says how to pass it", async () => {
    const [c, m] = await code(loadSae(f("views.pth")));
    expect(c).toBe("E_LAYOUT");
    expect(m).toMatch(/^k is not stored in this release checkpoint .*; pass \{ k: 64 \}$/);
  });

  it("a release file name whose n disagrees with the tensors", async () => {
    const [c, m] = await code(loadSae(new File([readFileSync(f("views.pth"))], "csLG_4_64_8.pth")));
    expect(c).toBe("E_LAYOUT");
    expect(m).toMatch(/the name says n=64 but the tensors have n=48/);
  });

  it("unknown keys list the keys found and the layouts known", async () => {
    const [c, m] = await code(loadSae(f("outputs.npz"), { k: K }));
    expect(c).toBe("E_LAYOUT");
    expect(m).toMatch(/no known SAE layout matches the tensors found \(x, release_indices/);
    expect(m).toMatch(/known layouts: release\/OpenAI .*SAELens/);
  });

  it("a .npy is embeddings, not a checkpoint; embeddings read from .npy and .npz", async () => {
    const e = await readEmbeddings(f("outputs.npz"), "x");
    expect([e.rows, e.cols]).toEqual([5, 16]);
    const [c] = await code(loadSae(join(CHECKPOINTS, "..", "golden", "small.x.npy"), { k: 2 }));
    expect(c).toBe("E_FORMAT");
  });
});

describe("large tensors stream by byte range", () => {
  it("a multi-chunk .pth and .safetensors arrive intact, and the streamed .pth is still CRC-checked", async () => {
    const { Sae } = await import("../../src/sae.js");
    const { saveSae } = await import("../../src/load.js");
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { randomWeights } = await import("../fixtures/formula.js");
    const d = 128,
      n = 20480; // encoder.weight is 10.5 MB: two 8 MB chunks
    const w = randomWeights(d, n, 3);
    const sae = await Sae.create(w, { k: 8 });
    const dir = mkdtempSync(join(tmpdir(), "saejs-stream-"));
    try {
      for (const format of ["pth", "safetensors"] as const) {
        const path = join(dir, `m.${format}`);
        await saveSae(sae, path, format);
        for (const backend of ["wasm-simd", "ref"] as const) {
          const back = await loadSae(path, { k: 8, backend });
          // Bytewise (vitest's deep equality is slow on millions of elements).
          const same = (a: Float32Array, b: Float32Array) =>
            Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
          const bw = await back.weights();
          expect(same(bw.encoderWeight, w.encoderWeight)).toBe(true);
          expect(same(bw.decoderWeight, w.decoderWeight)).toBe(true);
          await back.dispose();
        }
      }
      const bytes = new Uint8Array(readFileSync(join(dir, "m.pth")));
      const at = 4096 + 9_000_000; // inside encoder.weight's storage, in its second chunk
      bytes[at] = bytes[at]! ^ 1;
      await expect(loadSae(bytes, { k: 8 })).rejects.toThrow(/CRC-32 mismatch/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      sae.dispose();
    }
  });
});
