// loadSae and saveSae: any supported checkpoint in, a ready Sae out, and back to files PyTorch,
// safetensors and NumPy users open. k is found from the option, the release file name, the
// safetensors metadata or cfg.json, or the checkpoint's own buffer, in that order.
import { SaeError } from "./core/errors.js";
import { TORCH_NAMES, type Codes } from "./core/model.js";
import type { Sae } from "./sae.js";
import { SaeModel, type ModelOptions } from "./model.js";
import { openCheckpointAccess } from "./io/checkpoint.js";
import { kFromConfig, kFromFileName, mapLayout, type LayoutName } from "./io/layouts.js";
import { openSource, readAll, type SaeSource } from "./io/source.js";
import { writePth } from "./io/pth-write.js";
import { writeSafetensors } from "./io/safetensors.js";
import { writeNpy } from "./io/npy.js";
import { concat, writeZip } from "./io/zip-write.js";
import type { DType } from "./io/tensor.js";
import { writeFileAtomic } from "./runtime/fs.js";

export interface LoadOptions extends Omit<ModelOptions, "k" | "order"> {
  /** Active latents; required when the checkpoint does not say. */
  k?: number;
  /** Skip detection and read the tensors as this layout. */
  layout?: LayoutName;
  /**
   * The cfg.json of SAELens / sparsify / latent-sae checkpoints (config.json of a sentence-transformers
   * SparseAutoEncoder module), as an object or a source. Paths look beside the file by default.
   */
  config?: Record<string, unknown> | SaeSource;
}

/** Where a loaded model came from and what was converted on the way. */
export interface LoadInfo {
  readonly format: "pth" | "safetensors" | "npz" | "npy";
  readonly layout: LayoutName;
  readonly k: number;
  readonly kSource: "option" | "file name" | "metadata" | "cfg.json" | "config.json" | "checkpoint buffer";
  /** The k the file itself states, where it states one (with { k } given, it may differ from k). */
  readonly fileK?: number;
  /** dtype of each tensor as stored (values are converted to float32). */
  readonly dtypes: Readonly<Record<string, DType>>;
  /** Conversions and ignored tensors, one sentence each. */
  readonly notes: readonly string[];
}

/** Config files looked for beside a checkpoint: SAELens, sparsify and latent-sae write cfg.json; sentence-transformers modules config.json. */
const CONFIG_NAMES = ["cfg.json", "config.json"] as const;

async function readConfig(
  source: SaeSource,
  config: LoadOptions["config"],
  format: LoadInfo["format"],
): Promise<{ cfg: Record<string, unknown>; name: (typeof CONFIG_NAMES)[number] }> {
  if (
    config &&
    typeof config === "object" &&
    !(config instanceof URL) &&
    !ArrayBuffer.isView(config) &&
    !(config instanceof ArrayBuffer) &&
    !(typeof Blob !== "undefined" && config instanceof Blob) &&
    !(typeof Response !== "undefined" && config instanceof Response)
  ) {
    return { cfg: config as Record<string, unknown>, name: "cfg.json" };
  }
  let candidates: { source: SaeSource; name: (typeof CONFIG_NAMES)[number] }[] = [];
  if (config) candidates = [{ source: config as SaeSource, name: "cfg.json" }];
  else if (typeof source === "string" && (!/^[a-z]+:/i.test(source) || (/^hf:\/\//i.test(source) && format === "safetensors"))) {
    // Beside a local file; on the Hub only beside safetensors (the layouts that need one use it; the release's .pth needs none).
    candidates = CONFIG_NAMES.map((name) => ({ source: `${source.replace(/[^\\/]*$/, "")}${name}`, name }));
  }
  for (const c of candidates) {
    let text: string;
    try {
      // A probe: a missing config is expected, so the Hub's 404 need not list the repo's files.
      const ra = await openSource(c.source, config ? {} : { hub: { listMissing: false } });
      try {
        text = new TextDecoder().decode(await readAll(ra));
      } finally {
        await ra.close();
      }
    } catch (e) {
      if (config) throw e;
      continue; // no such file beside the checkpoint
    }
    try {
      const v = JSON.parse(text);
      if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("not an object");
      return { cfg: v, name: c.name };
    } catch (cause) {
      throw new SaeError("E_FORMAT", `${c.name}: not a JSON object (${(cause as Error).message})`, { cause });
    }
  }
  return { cfg: {}, name: "cfg.json" };
}

/**
 * Loads an SAE from a path (Node, Deno, Bun), URL, Response, Blob/File or bytes: the release's
 * .pth, safetensors, .npz, or the SAELens, sparsify and dictionary_learning layouts. Nothing in
 * the file is executed. The model's `info` says what was found and converted.
 */
export async function loadSae(source: SaeSource, options: LoadOptions = {}): Promise<SaeModel & { readonly info: LoadInfo }> {
  const ra = await openSource(source);
  const ckpt = await openCheckpointAccess(ra);
  try {
    const { cfg, name: cfgName } = await readConfig(source, options.config, ckpt.format);
    const m = mapLayout(ckpt.tensors, cfg, options.layout);
    // The file's own k is looked for even where { k } is given, so that callers can tell an override.
    let fileK: number | undefined, fileKSource: LoadInfo["kSource"] | undefined;
    const found = (v: () => number | undefined, src: LoadInfo["kSource"]) => {
      if (fileK !== undefined) return;
      let got: number | undefined;
      try {
        got = v();
      } catch (e) {
        // A malformed stored k does not matter where { k } says which to use.
        if (options.k === undefined) throw e;
      }
      if (got !== undefined) {
        fileK = got;
        fileKSource = src;
      }
    };
    if (ckpt.format === "pth") found(() => kFromFileName(ra.name, m.nLatents), "file name");
    found(() => kFromConfig(ckpt.metadata), "metadata");
    found(() => kFromConfig(cfg, cfgName), cfgName);
    const stored = await m.storedK();
    found(() => stored, "checkpoint buffer");
    const k = options.k ?? fileK;
    const kSource = options.k !== undefined ? "option" : fileKSource;
    if (k === undefined) {
      throw new SaeError("E_LAYOUT", `k is not stored in this ${m.layout} checkpoint (release files carry it in their name, {domain}_{k}_{n}_{kaux}.pth)`, {
        fix: { option: "k", example: "64" },
      });
    }
    const dtypes: Record<string, DType> = {};
    const notes: string[] = [];
    for (const t of ckpt.tensors.values()) {
      dtypes[t.name] = t.dtype;
      if (t.dtype !== "f32" && !m.unused.includes(t.name) && t.name !== "k") notes.push(`${t.name}: ${t.dtype} converted to f32`);
    }
    if (m.unused.length) notes.push(`ignored tensors not part of the ${m.layout} layout: ${m.unused.join(", ")}`);
    const sae = await SaeModel.create(
      {
        nInputs: m.nInputs,
        nLatents: m.nLatents,
        preBias: await m.preBias(),
        latentBias: await m.latentBias(),
        encoderRows: m.encoderRows,
        decoderRows: m.decoderRows,
      },
      { ...options, k, order: m.order },
    );
    const info: LoadInfo = { format: ckpt.format, layout: m.layout, k, kSource: kSource!, ...(fileK !== undefined ? { fileK } : {}), dtypes, notes };
    return Object.assign(sae, { info });
  } finally {
    await ckpt.close();
  }
}

export type SaveFormat = "pth" | "safetensors";

/**
 * Serialises a model in the release's layout: a .pth that torch.load(path, weights_only=True)
 * reads and FastAutoencoder.load_state_dict accepts, or safetensors; both carry k, the layout, d,
 * n, the activation order and any extra metadata (e.g. the training config).
 */
export async function serializeSae(sae: Sae | SaeModel, format: SaveFormat, metadata: Record<string, string> = {}): Promise<Uint8Array[]> {
  const w = sae instanceof SaeModel ? await sae.weights() : sae.weights;
  const tensors = [
    { name: TORCH_NAMES.preBias, shape: [w.nInputs], data: w.preBias },
    { name: TORCH_NAMES.latentBias, shape: [w.nLatents], data: w.latentBias },
    { name: TORCH_NAMES.encoderWeight, shape: [w.nLatents, w.nInputs], data: w.encoderWeight },
    { name: TORCH_NAMES.decoderWeight, shape: [w.nInputs, w.nLatents], data: w.decoderWeight },
  ];
  // k survives in both formats: safetensors' __metadata__, and a record of the .pth zip that torch.load ignores.
  const meta = { ...metadata, format: "saejs", layout: "release", k: String(sae.k), d: String(sae.nInputs), n: String(sae.nLatents), order: sae.order };
  if (format === "pth") {
    if (sae.order !== "topk-relu") throw new SaeError("E_ARG", "a .pth in the release layout cannot record ReLU-before-top-k; save as safetensors");
    return writePth(tensors, meta);
  }
  if (format === "safetensors") return writeSafetensors(tensors, meta);
  throw new SaeError("E_ARG", `unknown format '${String(format)}'; expected pth or safetensors`);
}

/** Writes serializeSae's output to `path` atomically (temp file + rename). */
export async function saveSae(sae: Sae | SaeModel, path: string, format: SaveFormat, metadata?: Record<string, string>): Promise<void> {
  await writeFileAtomic(path, await serializeSae(sae, format, metadata));
}

/** Codes as an .npz NumPy opens: indices int32 [batch, k], values float32 [batch, k]. */
export function codesToNpz(codes: Codes, scalars: Record<string, number> = {}): Uint8Array {
  return concat(
    writeZip([
      { name: "indices.npy", data: writeNpy(codes.indices, [codes.batch, codes.k]) },
      { name: "values.npy", data: writeNpy(codes.values, [codes.batch, codes.k]) },
      // Integers beside the arrays (e.g. k and the checkpoint's k), each an int32 array of one.
      ...Object.entries(scalars).map(([name, v]) => ({ name: `${name}.npy`, data: writeNpy(Int32Array.of(v), [1]) })),
    ]),
  );
}
