// Hostile input to issue 30's surfaces: thresholds, widths and architecture words in sae.js
// safetensors, SAELens folders, Gemma Scope npz, dictionary_learning state dicts, training
// checkpoints and SAELens folders written over what is already there. Each is refused with a
// typed SaeError naming the problem and the fix, within the budget of test/io/budget.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSae, saveSae } from "../../src/load.js";
import { Sae } from "../../src/sae.js";
import { writeSafetensors, openSafetensors } from "../../src/io/safetensors.js";
import { writePth } from "../../src/io/pth-write.js";
import { writeNpy } from "../../src/io/npy.js";
import { concat, writeZip } from "../../src/io/zip-write.js";
import { train, type TrainData } from "../../src/train/train.js";
import { randomArray } from "../fixtures/formula.js";
import { refused } from "./budget.js";

const D = 4,
  N = 8;
type T = { name: string; shape: number[]; data: Float32Array };
const t = (name: string, shape: number[], data?: Float32Array): T => ({
  name,
  shape,
  data:
    data ??
    randomArray(
      shape.reduce((a, b) => a * b, 1),
      name.length,
    ),
});
const theta = (v: number, n = N) => new Float32Array(n).fill(v);
const with1 = (base: Float32Array, at: number, v: number) => {
  const a = base.slice();
  a[at] = v;
  return a;
};

/** Loads, disposes, and returns the model's info and shape facts (for the cases that must load). */
async function loads(source: Uint8Array | string, options: Parameters<typeof loadSae>[1] = {}) {
  const sae = await loadSae(source, { workers: 0, ...options });
  try {
    return { info: sae.info, architecture: sae.architecture, widths: sae.widths, k: sae.k, threshold: sae.threshold };
  } finally {
    await sae.dispose();
  }
}
const load =
  (source: Uint8Array | string, options: Parameters<typeof loadSae>[1] = {}) =>
  () =>
    loads(source, options);

// sae.js's own safetensors: the release's tensors, metadata arch/widths/k, and a threshold [n].
const releaseTensors = () => [t("pre_bias", [D]), t("latent_bias", [N]), t("encoder.weight", [N, D]), t("decoder.weight", [D, N])];
const saejsFile = (meta: Record<string, string>, threshold?: T) =>
  concat(writeSafetensors([...releaseTensors(), ...(threshold ? [threshold] : [])], { format: "saejs", layout: "release", k: "2", ...meta }));

describe("sae.js safetensors: threshold, arch and widths", () => {
  it("a threshold of the wrong length or rank is E_SHAPE naming the tensor and the shape expected", async () => {
    await refused(load(saejsFile({ arch: "jumprelu" }, t("threshold", [N - 1], theta(0.1, N - 1)))), "E_SHAPE", /threshold has shape \[7\], expected \[8\]/);
    await refused(load(saejsFile({ arch: "jumprelu" }, t("threshold", [1, N], theta(0.1)))), "E_SHAPE", /threshold has shape \[1, 8\], expected \[8\]/);
    await refused(load(saejsFile({ arch: "jumprelu" }, t("threshold", [1], theta(0.1, 1)))), "E_SHAPE", /threshold has shape \[1\], expected \[8\]/);
  });

  it("NaN and ±inf thresholds are E_NONFINITE naming the threshold", async () => {
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      await refused(load(saejsFile({ arch: "jumprelu" }, t("threshold", [N], with1(theta(0.1), 5, v)))), "E_NONFINITE", /threshold/);
  });

  it("a negative threshold is read as SAELens computes it (every positive pre-activation kept), and a note says so", async () => {
    const got = await loads(saejsFile({ arch: "jumprelu" }, t("threshold", [N], with1(theta(0.1), 2, -0.5))));
    expect(got.architecture).toBe("jumprelu");
    expect(got.info.notes.join(" ")).toMatch(/threshold: 1 of 8 latents have θ < 0, so they keep every positive pre-activation/);
  });

  it("an arch that contradicts the tensors, or is unknown, is E_LAYOUT naming both and the words known", async () => {
    await refused(
      load(saejsFile({ arch: "topk" }, t("threshold", [N], theta(0.1)))),
      "E_LAYOUT",
      /the metadata says arch 'topk', but the file has a threshold tensor/,
    );
    for (const arch of ["jumprelu", "batchtopk", "matryoshka"])
      await refused(
        load(saejsFile({ arch, ...(arch === "matryoshka" ? { widths: "2,8" } : {}) })),
        "E_LAYOUT",
        new RegExp(`the metadata says arch '${arch}', which encodes with a threshold, but the file has no threshold tensor`),
      );
    await refused(
      load(saejsFile({ arch: "gated" }, t("threshold", [N], theta(0.1)))),
      "E_LAYOUT",
      /the metadata says arch "gated", not one sae\.js knows \(topk, batchtopk, matryoshka, jumprelu\)/,
    );
    // The consistent ones load, and say what they are.
    expect((await loads(saejsFile({ arch: "batchtopk" }, t("threshold", [N], theta(0.1))))).info.arch).toBe("batchtopk");
    expect((await loads(saejsFile({ arch: "topk" }))).architecture).toBe("topk");
  });

  it.each([
    ["0,8", /metadata widths must be whole numbers ascending strictly and ending at n=8/],
    ["5,5", /ascending strictly/],
    ["8,8", /ascending strictly/],
    ["1,2,99999999999", /ending at n=8/],
    ["2,4", /ending at n=8/],
    ["1e3", /expected whole numbers joined by commas/],
    ["-1", /expected whole numbers joined by commas/],
    ["", /expected whole numbers joined by commas/],
    ["2,,8", /expected whole numbers joined by commas/],
    ["2, 8x", /expected whole numbers joined by commas/],
  ])("metadata widths %j are E_LAYOUT naming them and an example", async (widths, re) => {
    await refused(load(saejsFile({ arch: "matryoshka", widths }, t("threshold", [N], theta(0.1)))), "E_LAYOUT", re);
  });

  it("10^6 comma-separated widths: refused in linear time with a short message", async () => {
    const many = Array.from({ length: 1_000_000 }, (_, i) => i + 1).join(","); // ascending, but not ending at n
    await refused(load(saejsFile({ arch: "matryoshka", widths: many }, t("threshold", [N], theta(0.1)))), "E_LAYOUT", /ending at n=8.*… 999996 more/);
    const ones = Array(1_000_000).fill("1").join(",");
    await refused(load(saejsFile({ arch: "matryoshka", widths: ones }, t("threshold", [N], theta(0.1)))), "E_LAYOUT", /ascending strictly/);
  });

  it("k stored as 0, −1 or 1.5 beside a threshold is E_LAYOUT naming k and the fix", async () => {
    for (const k of ["0", "-1", "1.5"])
      await refused(load(saejsFile({ arch: "jumprelu", k }, t("threshold", [N], theta(0.1)))), "E_LAYOUT", /k must be a whole number ≥ 1; pass \{ k: 64 \}/);
  });
});

// SAELens: sae_weights.safetensors beside cfg.json (given here as the config option).
const saelensTensors = () => [t("W_enc", [D, N]), t("b_enc", [N]), t("W_dec", [N, D]), t("b_dec", [D])];
const saelens = (extra: T[] = []) => concat(writeSafetensors([...saelensTensors(), ...extra]));

describe("SAELens cfg.json: architecture, threshold, topk_threshold, matryoshka_widths", () => {
  it("an unknown or non-string architecture is E_LAYOUT listing the ones read", async () => {
    for (const architecture of ["gated", "JumpReLU", 5, ["jumprelu"], null, {}])
      await refused(
        load(saelens([t("threshold", [N], theta(0.1))]), { config: { architecture, k: 2 } }),
        "E_LAYOUT",
        /saelens: architecture .* is not one sae\.js reads \(topk, jumprelu, batchtopk, matryoshka_batchtopk\)/,
      );
  });

  it("architecture 'topk' over a file with a threshold tensor is E_LAYOUT, not a threshold silently dropped", async () => {
    await refused(
      load(saelens([t("threshold", [N], theta(0.1))]), { config: { architecture: "topk", k: 2 } }),
      "E_LAYOUT",
      /architecture 'topk', but the file has a threshold tensor/,
    );
  });

  it("jumprelu: threshold missing, of the wrong shape or NaN is refused; negative loads with a note", async () => {
    await refused(load(saelens(), { config: { architecture: "jumprelu" } }), "E_LAYOUT", /architecture 'jumprelu' needs a threshold tensor/);
    await refused(
      load(saelens([t("threshold", [N + 1], theta(0.1, N + 1))]), { config: { architecture: "jumprelu" } }),
      "E_SHAPE",
      /threshold has shape \[9\], expected \[8\]/,
    );
    await refused(load(saelens([t("threshold", [N], with1(theta(0.1), 0, Number.NaN))]), { config: { architecture: "jumprelu" } }), "E_NONFINITE", /threshold/);
    const negative = await loads(saelens([t("threshold", [N], with1(theta(0.1), 7, -1))]), { config: { architecture: "jumprelu" } });
    expect(negative.info.notes.join(" ")).toMatch(/1 of 8 latents have θ < 0/);
  });

  it("batchtopk: topk_threshold missing, of a wrong shape, or not finite is refused; negative loads with a note", async () => {
    for (const architecture of ["batchtopk", "matryoshka_batchtopk"])
      await refused(load(saelens(), { config: { architecture, k: 2 } }), "E_LAYOUT", /needs its topk_threshold scalar/);
    for (const shape of [[2], [0], [N], [1, 2]])
      await refused(
        load(
          saelens([
            t(
              "topk_threshold",
              shape,
              theta(
                0.1,
                shape.reduce((a, b) => a * b, 1),
              ),
            ),
          ]),
          { config: { architecture: "batchtopk", k: 2 } },
        ),
        "E_SHAPE",
        /topk_threshold has shape \[.*\], expected a scalar/,
      );
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      await refused(
        load(saelens([t("topk_threshold", [], Float32Array.of(v))]), { config: { architecture: "batchtopk", k: 2 } }),
        "E_NONFINITE",
        /topk_threshold is .*; a threshold must be finite/,
      );
    const negative = await loads(saelens([t("topk_threshold", [], Float32Array.of(-0.25))]), { config: { architecture: "batchtopk", k: 2 } });
    expect(negative.info.notes.join(" ")).toMatch(/topk_threshold is -0\.25 < 0: every positive pre-activation is kept/);
    // A scalar stored as [1] or [] loads as θ repeated.
    const ok = await loads(saelens([t("topk_threshold", [1], Float32Array.of(0.25))]), { config: { architecture: "batchtopk", k: 2 } });
    expect(Array.from(ok.threshold!)).toEqual(Array(N).fill(0.25));
  });

  it.each([
    ["a string", "2,8", /matryoshka_widths must be a list of numbers/],
    ["strings in a list", ["2", "8"], /matryoshka_widths must be a list of numbers/],
    ["a zero", [0, 8], /saelens: matryoshka_widths must be whole numbers ascending strictly and ending at n=8/],
    ["a repeat", [4, 4, 8], /ascending strictly/],
    ["a float", [2.5, 8], /whole numbers/],
    ["not ending at n", [2, 4], /ending at n=8/],
    ["past n", [2, 99999999999], /ending at n=8/],
    ["empty", [], /ending at n=8/],
  ])("matryoshka_widths %s is E_LAYOUT naming it", async (_, matryoshka_widths, re) => {
    await refused(load(saelens([t("threshold", [N], theta(0.1))]), { config: { architecture: "jumprelu", matryoshka_widths } }), "E_LAYOUT", re);
    await refused(load(saelens([t("threshold", [N], theta(0.1))]), { config: { architecture: "jumprelu", metadata: { matryoshka_widths } } }), "E_LAYOUT", re);
  });

  it("10^6 matryoshka_widths: a short message, in linear time", async () => {
    const matryoshka_widths = Array.from({ length: 1_000_000 }, (_, i) => i + 1);
    await refused(load(saelens([t("threshold", [N], theta(0.1))]), { config: { architecture: "jumprelu", matryoshka_widths } }), "E_LAYOUT", /ending at n=8/);
  });
});

describe("Gemma Scope params.npz", () => {
  const npz = (threshold: { shape: number[]; data: Float32Array }) =>
    concat(
      writeZip([
        ...saelensTensors().map((x) => ({ name: `${x.name}.npy`, data: writeNpy(x.data, x.shape) })),
        { name: "threshold.npy", data: writeNpy(threshold.data, threshold.shape) },
      ]),
    );

  it("a threshold of the wrong shape is E_SHAPE; NaN is E_NONFINITE; negative loads with a note", async () => {
    await refused(load(npz({ shape: [N - 2], data: theta(0.1, N - 2) })), "E_SHAPE", /gemmascope: threshold has shape \[6\], expected \[8\]/);
    await refused(load(npz({ shape: [N, 1], data: theta(0.1) })), "E_SHAPE", /gemmascope: threshold has shape \[8, 1\], expected \[8\]/);
    await refused(
      load(npz({ shape: [N], data: with1(theta(0.1), 1, Number.NaN) })),
      "E_NONFINITE",
      /gemmascope: threshold\[1\] is NaN; a threshold must be finite/,
    );
    expect((await loads(npz({ shape: [N], data: with1(theta(0.1), 1, -3) }))).info.notes.join(" ")).toMatch(/1 of 8 latents have θ < 0/);
    expect((await loads(npz({ shape: [N], data: theta(0.1) }))).architecture).toBe("jumprelu");
  });
});

describe("dictionary_learning state dicts", () => {
  const batchTopK = (k: Float32Array | undefined, threshold?: T) =>
    concat(
      writePth([
        t("encoder.weight", [N, D]),
        t("encoder.bias", [N]),
        t("decoder.weight", [D, N]),
        t("b_dec", [D]),
        ...(k ? [t("k", [], k)] : []),
        ...(threshold ? [threshold] : []),
      ]),
    );
  const matryoshka = (groups: Float32Array, k = Float32Array.of(2)) =>
    concat(writePth([...saelensTensors(), t("k", [], k), t("threshold", [], Float32Array.of(0.1)), t("group_sizes", [groups.length], groups)]));

  it("k stored as 0, negative, fractional or NaN is E_LAYOUT naming the buffer and the fix", async () => {
    for (const k of [0, -3, 2.5, Number.NaN])
      await refused(
        load(batchTopK(Float32Array.of(k), t("threshold", [], Float32Array.of(0.1)))),
        "E_LAYOUT",
        /the checkpoint's k buffer is .*; k must be a whole number ≥ 1; pass \{ k: 64 \}/,
      );
    for (const k of [0, -3, 2.5]) await refused(load(matryoshka(Float32Array.of(2, 6), Float32Array.of(k))), "E_LAYOUT", /k buffer is/);
    // { k } given: the bad buffer does not matter.
    expect((await loads(batchTopK(Float32Array.of(0), t("threshold", [], Float32Array.of(0.1))), { k: 2 })).k).toBe(2);
  });

  it("a k buffer of several values is E_SHAPE", async () => {
    await refused(
      load(
        concat(
          writePth([t("encoder.weight", [N, D]), t("encoder.bias", [N]), t("decoder.weight", [D, N]), t("b_dec", [D]), t("k", [2], Float32Array.of(2, 3))]),
        ),
      ),
      "E_SHAPE",
      /k has shape \[2\], expected a scalar/,
    );
  });

  it("threshold: several values is E_SHAPE, NaN/inf E_NONFINITE, −1 means unset (top-k)", async () => {
    await refused(
      load(batchTopK(Float32Array.of(2), t("threshold", [2], Float32Array.of(0.1, 0.2)))),
      "E_SHAPE",
      /threshold has shape \[2\], expected a scalar/,
    );
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY])
      await refused(load(batchTopK(Float32Array.of(2), t("threshold", [], Float32Array.of(v)))), "E_NONFINITE", /threshold is .*; a threshold must be finite/);
    const unset = await loads(batchTopK(Float32Array.of(2), t("threshold", [], Float32Array.of(-1))));
    expect([unset.architecture, unset.k]).toEqual(["topk", 2]);
  });

  it.each([
    ["that do not sum to n", [2, 5], /group_sizes sum to 7, but the dictionary has 8 latents/],
    ["that overshoot n", [4, 8], /group_sizes sum to 12/],
    ["with a zero", [0, 8], /group_sizes holds 0; each must be a whole number ≥ 1/],
    ["negative", [-2, 10], /group_sizes holds -2/],
    ["fractional", [2.5, 5.5], /group_sizes holds 2\.5/],
    ["NaN", [Number.NaN, 8], /group_sizes holds NaN/],
    ["empty", [], /group_sizes sum to 0/],
  ])("group_sizes %s are E_LAYOUT", async (_, groups, re) => {
    await refused(load(matryoshka(Float32Array.from(groups))), "E_LAYOUT", re);
  });

  it("10^6 group sizes: refused in linear time with a short message", async () => {
    await refused(load(matryoshka(new Float32Array(1_000_000).fill(1))), "E_LAYOUT", /group_sizes sum to 1000000, but the dictionary has 8 latents/);
  });
});

describe("training checkpoints with θ, arch and widths", () => {
  let dir: string;
  const data: TrainData = { x: randomArray(256 * D, 1), rows: 256, nInputs: D };
  const cfg = { k: 2, nLatents: N, batchSize: 32, epochs: 2, lr: 1e-3, arch: "batchtopk" as const };
  const ckpt = () => join(dir, "run.ckpt");

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "saejs-arch-hostile-"));
    const ac = new AbortController();
    await train(data, cfg, {
      signal: ac.signal,
      workers: 0,
      checkpoint: { path: ckpt(), every: 3 },
      onProgress: (p) => {
        if (p.step === 7) ac.abort();
      },
    }).catch(() => {});
    expect(existsSync(ckpt())).toBe(true);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The checkpoint with metadata changed (a key set to undefined is dropped), as a new file. */
  async function forged(name: string, meta: Record<string, string | undefined>): Promise<string> {
    const bytes = new Uint8Array(readFileSync(ckpt()));
    const ck = await openSafetensors({ name: "run.ckpt", size: bytes.length, read: async (o, l) => bytes.slice(o, o + l), close: async () => {} });
    const tensors: T[] = [];
    for (const x of ck.tensors.values()) tensors.push({ name: x.name, shape: [...x.shape], data: await x.read() });
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...ck.metadata, ...meta })) if (v !== undefined) merged[k] = v;
    const path = join(dir, name);
    writeFileSync(path, Buffer.concat(writeSafetensors(tensors, merged)));
    return path;
  }
  const resume =
    (path: string, over: Record<string, unknown> = {}) =>
    () =>
      train(data, { ...cfg, ...over }, { resume: path, workers: 0 });

  it("the checkpoint records θ", async () => {
    const bytes = new Uint8Array(readFileSync(ckpt()));
    const ck = await openSafetensors({ name: "run.ckpt", size: bytes.length, read: async (o, l) => bytes.slice(o, o + l), close: async () => {} });
    expect(Number(ck.metadata.threshold)).toBeGreaterThan(0);
  });

  it.each(["NaN", "1e309", "-1e309", "", "-0.5", "0x10", "1e", "Infinity", " 1"])("θ %j is E_FORMAT naming it and what is expected", async (threshold) => {
    await refused(
      resume(await forged(`theta-${threshold}.ckpt`, { threshold })),
      "E_FORMAT",
      /resume: the checkpoint's threshold is '.*'; expected a number ≥ 0/,
    );
  });

  it("θ missing is E_FORMAT", async () => {
    await refused(resume(await forged("theta-missing.ckpt", { threshold: undefined })), "E_FORMAT", /threshold is missing; expected a number ≥ 0/);
  });

  it("a config whose arch or widths are bad is E_FORMAT naming the field", async () => {
    const config = JSON.parse((await openSafetensors(await fileSource(ckpt()))).metadata.config!);
    for (const [over, re] of [
      [{ arch: "gated" }, /arch must be one of topk, batchtopk, matryoshka, got 'gated'/],
      [{ arch: 5 }, /arch must be one of/],
      [{ arch: "matryoshka", widths: [0, N] }, /widths must be whole numbers ascending strictly/],
      [{ arch: "matryoshka", widths: [2, 4] }, /ending at n=8/],
      [{ arch: "matryoshka", widths: Array.from({ length: 200_000 }, (_, i) => i + 1) }, /ending at n=8.*more/],
      [{ arch: "batchtopk", widths: [2, 8] }, /widths are Matryoshka's nested prefixes/],
      [{ thresholdRate: 0 }, /thresholdRate must be in \(0, 1\]/],
      [{ thresholdRate: "0.5" }, /thresholdRate must be in \(0, 1\]/],
    ] as const)
      await refused(resume(await forged("config.ckpt", { config: JSON.stringify({ ...config, ...over }) })), "E_FORMAT", re);
  });
});

async function fileSource(path: string) {
  const bytes = new Uint8Array(readFileSync(path));
  return { name: path, size: bytes.length, read: async (o: number, l: number) => bytes.slice(o, o + l), close: async () => {} };
}

describe("saveSae(…, 'saelens') over what is already there", () => {
  let dir: string;
  let sae: Sae;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "saejs-saelens-out-"));
    const w = releaseTensors();
    sae = await Sae.create(
      { nInputs: D, nLatents: N, preBias: w[0]!.data, latentBias: w[1]!.data, encoderWeight: w[2]!.data, decoderWeight: w[3]!.data, threshold: theta(0.1) },
      { k: 2, backend: "ref" },
    );
  });
  afterAll(() => {
    sae.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a file at the target is refused and kept", async () => {
    const p = join(dir, "a-file");
    writeFileSync(p, "precious");
    await refused(() => saveSae(sae, p, "saelens"), "E_IO", /a-file: is a file, not a folder; choose a new folder name or remove the file/);
    expect(readFileSync(p, "utf8")).toBe("precious");
  });

  it("a folder that holds other files is refused and kept whole", async () => {
    const p = join(dir, "project");
    mkdirSync(p);
    writeFileSync(join(p, "notes.txt"), "precious");
    await refused(() => saveSae(sae, p, "saelens"), "E_IO", /project: holds notes\.txt, not only a SAELens folder's files .*choose a new or empty folder/);
    expect(readFileSync(join(p, "notes.txt"), "utf8")).toBe("precious");
  });

  it("a symbolic link at the target is refused; what it points to is kept", async () => {
    const real = join(dir, "real");
    mkdirSync(real);
    writeFileSync(join(real, "cfg.json"), "{}");
    const link = join(dir, "link");
    symlinkSync(real, link);
    await refused(() => saveSae(sae, link, "saelens"), "E_IO", /link: is a symbolic link; give the folder's own path/);
    expect(readFileSync(join(real, "cfg.json"), "utf8")).toBe("{}");
  });

  it("an earlier SAELens folder, or an empty one, is replaced; no temp folder is left", async () => {
    const p = join(dir, "out");
    await saveSae(sae, p, "saelens");
    await saveSae(sae, p, "saelens");
    expect(readdirSync(p).sort()).toEqual(["cfg.json", "sae_weights.safetensors"]);
    mkdirSync(join(dir, "empty"));
    await saveSae(sae, join(dir, "empty"), "saelens");
    expect((await loads(join(dir, "empty"))).architecture).toBe("jumprelu");
    expect(readdirSync(dir).filter((n) => /\.(tmp|old)$/.test(n))).toEqual([]);
  });
});
