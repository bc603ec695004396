// Thresholded checkpoints made by real PyTorch (test/fixtures/make_checkpoints.py, arch_fixtures):
// each loads and encodes as torch did (indices exact, values within 1e-5 of the row's max), rows of
// every count from none to over 2k; files written back (sae.js safetensors, SAELens folder) load bit for bit.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSae, saveSae } from "../../src/load.js";
import { openCheckpoint } from "../../src/io/checkpoint.js";
import { serializeWeights } from "../../src/io/save.js";
import { writeSafetensors } from "../../src/io/safetensors.js";
import { SaeError } from "../../src/core/errors.js";
import type { Codes } from "../../src/core/model.js";

const DIR = join(import.meta.dirname, "../fixtures/checkpoints/arch");
const N = 48,
  K = 4;
let x: Float32Array;
const dense: Record<string, Float32Array> = {};

beforeAll(async () => {
  const out = await openCheckpoint(join(DIR, "arch-outputs.npz"));
  for (const [name, t] of out.tensors) dense[name] = await t.read();
  x = dense.x!;
  await out.close();
});

const ROWS = () => x.length / 16;

/** Torch's dense codes as sorted rows of (index, value), value > 0 only. */
function rowsOf(z: Float32Array, width = N) {
  return Array.from({ length: z.length / N }, (_, r) => {
    const e: [number, number][] = [];
    for (let j = 0; j < width; j++) if (z[r * N + j]! > 0) e.push([j, z[r * N + j]!]);
    return e.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  });
}

function expectTorch(c: Codes, z: Float32Array, width = N) {
  const want = rowsOf(z, width);
  expect(c.k).toBe(Math.max(1, ...want.map((w) => w.length)));
  want.forEach((row, r) => {
    const max = Math.max(1e-30, ...row.map((e) => e[1]));
    expect(Array.from(c.indices.subarray(r * c.k, r * c.k + row.length))).toEqual(row.map((e) => e[0]));
    row.forEach(([, v], t) => {
      expect(Math.abs(c.values[r * c.k + t]! - v)).toBeLessThanOrEqual(1e-5 * max);
    });
    expect(Array.from(c.values.subarray(r * c.k + row.length, (r + 1) * c.k)).every((v) => v === 0)).toBe(true);
  });
}

const CASES = [
  { name: "SAELens jumprelu folder", file: "saelens-jumprelu", codes: "saelens_codes", layout: "saelens", arch: "jumprelu", kSource: "not needed" },
  { name: "Gemma Scope params.npz", file: "gemmascope/params.npz", codes: "gemmascope_codes", layout: "gemmascope", arch: "jumprelu", kSource: "not needed" },
  {
    name: "dictionary_learning BatchTopKSAE",
    file: "dictlearn-batchtopk.pt",
    codes: "batchtopk_codes",
    layout: "dictionary_learning",
    arch: "batchtopk",
    kSource: "checkpoint buffer",
  },
  {
    name: "dictionary_learning MatryoshkaBatchTopKSAE",
    file: "dictlearn-matryoshka.pt",
    codes: "matryoshka_codes",
    layout: "dictionary_learning_matryoshka",
    arch: "matryoshka",
    kSource: "checkpoint buffer",
  },
] as const;

describe("thresholded checkpoints encode as torch did", () => {
  it("the fixture's rows range from none active to more than 2k", () => {
    for (const c of CASES) {
      const counts = rowsOf(dense[c.codes]!).map((r) => r.length);
      expect(Math.min(...counts)).toBe(0);
      expect(Math.max(...counts)).toBeGreaterThan(2 * K);
    }
  });

  for (const c of CASES) {
    it(`${c.name}: workers 0 and 2 give torch's codes`, async () => {
      const a = await loadSae(join(DIR, c.file), { workers: 0 });
      const b = await loadSae(join(DIR, c.file), { workers: 2 });
      try {
        expect(a.info.layout).toBe(c.layout);
        expect(a.info.arch).toBe(c.arch);
        expect(a.info.kSource).toBe(c.kSource);
        expect(a.architecture).toBe("jumprelu");
        const codes = await a.encode(x, ROWS());
        expectTorch(codes, dense[c.codes]!);
        expect(await b.encode(x, ROWS())).toEqual(codes);
      } finally {
        await Promise.all([a.dispose(), b.dispose()]);
      }
    });
  }

  it("Matryoshka widths from group_sizes; encode at a width = torch's codes restricted", async () => {
    const sae = await loadSae(join(DIR, "dictlearn-matryoshka.pt"), { workers: 0 });
    try {
      expect(sae.widths).toEqual([6, 24, 48]);
      for (const m of [6, 24, 48]) expectTorch(await sae.encode(x, undefined, { width: m }), dense.matryoshka_codes!, m);
    } finally {
      await sae.dispose();
    }
  });

  it("a BatchTopKSAE whose threshold is unset (-1) encodes as top-k with its k, and says so", async () => {
    const sae = await loadSae(join(DIR, "dictlearn-batchtopk-unset.pt"), { workers: 0 });
    try {
      expect(sae.architecture).toBe("topk");
      expect(sae.k).toBe(K);
      expect(sae.info.notes.join(" ")).toMatch(/not yet set/);
      expect((await sae.encode(x)).k).toBe(K);
    } finally {
      await sae.dispose();
    }
  });
});

describe("thresholded files written back", () => {
  it("sae.js safetensors keeps threshold, arch and widths; save → load is bit-exact", async () => {
    const dir = mkdtempSync(join(tmpdir(), "saejs-arch-"));
    try {
      const src = await loadSae(join(DIR, "dictlearn-matryoshka.pt"), { workers: 0 });
      const w = await src.weights();
      await saveSae(src, join(dir, "m.safetensors"), "safetensors");
      await src.dispose();
      const back = await loadSae(join(dir, "m.safetensors"), { workers: 0 });
      try {
        expect(back.info.layout).toBe("release");
        expect(back.info.arch).toBe("matryoshka");
        expect(back.widths).toEqual([6, 24, 48]);
        expect(back.k).toBe(K);
        const w2 = await back.weights();
        for (const key of ["preBias", "latentBias", "encoderWeight", "decoderWeight", "threshold"] as const) expect(w2[key]).toEqual(w[key]);
        expectTorch(await back.encode(x), dense.matryoshka_codes!);
      } finally {
        await back.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a SAELens folder (cfg.json as SAELens 6 writes it) loads back bit for bit, and replaces a folder there", async () => {
    const dir = mkdtempSync(join(tmpdir(), "saejs-arch-"));
    try {
      const src = await loadSae(join(DIR, "gemmascope/params.npz"), { workers: 0 });
      const w = await src.weights();
      await saveSae(src, join(dir, "out"), "saelens");
      await saveSae(src, join(dir, "out"), "saelens"); // over the first
      await src.dispose();
      const cfg = JSON.parse(readFileSync(join(dir, "out", "cfg.json"), "utf8"));
      expect(cfg).toMatchObject({ d_in: 16, d_sae: N, architecture: "jumprelu", apply_b_dec_to_input: true, normalize_activations: "none", dtype: "float32" });
      expect(cfg.metadata.sae_lens_version).toBe("6.18.0");
      const back = await loadSae(join(dir, "out"), { workers: 0 });
      try {
        expect(back.info.layout).toBe("saelens");
        const w2 = await back.weights();
        for (const key of ["preBias", "latentBias", "encoderWeight", "decoderWeight", "threshold"] as const) expect(w2[key]).toEqual(w[key]);
        expectTorch(await back.encode(x), dense.gemmascope_codes!);
      } finally {
        await back.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(".pth refuses a threshold or widths, naming them and the fix", async () => {
    const sae = await loadSae(join(DIR, "dictlearn-batchtopk.pt"), { workers: 0 });
    try {
      const w = await sae.weights();
      expect(() => serializeWeights({ weights: w, k: K, order: "relu-topk" }, "pth")).toThrow(/threshold.*safetensors or saelens/);
      const { threshold: _, ...plain } = w;
      expect(() => serializeWeights({ weights: plain, k: K, order: "topk-relu", widths: [8, N] }, "pth")).toThrow(/widths.*safetensors or saelens/);
    } finally {
      await sae.dispose();
    }
  });
});

describe("hostile thresholded files", () => {
  async function expectLoadError(make: (dir: string) => string, code: string, message: RegExp) {
    const dir = mkdtempSync(join(tmpdir(), "saejs-arch-"));
    try {
      const err = await loadSae(make(dir), { workers: 0 }).then(
        async (s) => {
          await s.dispose();
          return undefined;
        },
        (e) => e,
      );
      expect(err).toBeInstanceOf(SaeError);
      expect((err as SaeError).code).toBe(code);
      expect((err as SaeError).message).toMatch(message);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const saelens = async (threshold: Float32Array | undefined) => {
    const src = await loadSae(join(DIR, "saelens-jumprelu"), { workers: 0 });
    const w = await src.weights();
    await src.dispose();
    return (dir: string) => {
      const { threshold: _, ...rest } = w;
      const bytes = serializeWeights({ weights: threshold ? { ...rest, threshold } : rest, k: K, order: "topk-relu" }, "safetensors");
      writeFileSync(join(dir, "m.safetensors"), Buffer.concat(bytes));
      return join(dir, "m.safetensors");
    };
  };

  it("threshold of the wrong shape → E_SHAPE", async () => {
    const src = await loadSae(join(DIR, "saelens-jumprelu"), { workers: 0 });
    const w = await src.weights();
    await src.dispose();
    await expectLoadError(
      (dir) => {
        const tensors = [
          { name: "pre_bias", shape: [16], data: w.preBias },
          { name: "latent_bias", shape: [N], data: w.latentBias },
          { name: "encoder.weight", shape: [N, 16], data: w.encoderWeight },
          { name: "decoder.weight", shape: [16, N], data: w.decoderWeight },
          { name: "threshold", shape: [N - 1], data: w.threshold!.subarray(1) },
        ];
        writeFileSync(join(dir, "m.safetensors"), Buffer.concat(writeSafetensors(tensors, { k: "4" })));
        return join(dir, "m.safetensors");
      },
      "E_SHAPE",
      /threshold/,
    );
  });
  it("a NaN threshold → E_NONFINITE naming it", async () => {
    const t = new Float32Array(N).fill(0.1);
    t[3] = Number.NaN;
    await expectLoadError(await saelens(t), "E_NONFINITE", /threshold/);
  });
  it("a −inf threshold → E_NONFINITE naming it", async () => {
    const t = new Float32Array(N).fill(0.1);
    t[0] = Number.NEGATIVE_INFINITY;
    await expectLoadError(await saelens(t), "E_NONFINITE", /threshold/);
  });
  it("a SAELens cfg saying jumprelu over a file without threshold → E_LAYOUT", async () => {
    await expectLoadError(
      (dir) => {
        const src = readFileSync(join(DIR, "saelens-jumprelu", "sae_weights.safetensors"));
        // The same tensors less threshold: rewrite the header without it.
        const len = Number(src.readBigUInt64LE(0));
        const header = JSON.parse(src.subarray(8, 8 + len).toString());
        delete header.threshold;
        const h = Buffer.from(JSON.stringify(header));
        const out = Buffer.alloc(8);
        out.writeBigUInt64LE(BigInt(h.length));
        writeFileSync(join(dir, "sae_weights.safetensors"), Buffer.concat([out, h, src.subarray(8 + len)]));
        writeFileSync(join(dir, "cfg.json"), readFileSync(join(DIR, "saelens-jumprelu", "cfg.json")));
        return dir;
      },
      "E_LAYOUT",
      /jumprelu.*threshold/,
    );
  });
  it("metadata widths that do not end at n → E_LAYOUT naming them", async () => {
    await expectLoadError(
      (dir) => {
        const w = {
          nInputs: 2,
          nLatents: 4,
          preBias: new Float32Array(2),
          latentBias: new Float32Array(4),
          encoderWeight: new Float32Array(8),
          decoderWeight: new Float32Array(8),
        };
        writeFileSync(join(dir, "m.safetensors"), Buffer.concat(serializeWeights({ weights: w, k: 1, order: "topk-relu" }, "safetensors", { widths: "1,3" })));
        return join(dir, "m.safetensors");
      },
      "E_LAYOUT",
      /widths/,
    );
  });
});
