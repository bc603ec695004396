// loadSae and saveSae: any supported checkpoint in, a ready Sae out, and back to the files PyTorch
// and safetensors users open (io/save.ts writes them). k is found from the option, the release file name, the
// safetensors metadata or cfg.json, or the checkpoint's own buffer, in that order.
import { SaeError } from "./core/errors.js";
import type { Sae } from "./sae.js";
import { SaeModel, type ModelOptions } from "./model.js";
import { openCheckpointAccess } from "./io/checkpoint.js";
import { kFromConfig, kFromFileName, mapLayout, type LayoutName } from "./io/layouts.js";
import { sourceKind, type SourceKind } from "./core/source-kind.js";
import { openSource, readAll, type SaeSource } from "./io/source.js";
import { fs, hasFileSystem, isDirectory } from "./runtime/fs.js";
import { ARCHS, saveSaeLensFolder, saveWeights, serializeWeights, type Arch, type SaeState, type SaveFormat } from "./io/save.js";
import { checkWidths } from "./core/model.js";
import type { DType } from "./io/tensor.js";

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
  /** Where k came from; 'not needed' for a thresholded file that states none (1 is the starting width of its encode). */
  readonly kSource: "option" | "file name" | "metadata" | "cfg.json" | "config.json" | "checkpoint buffer" | "not needed";
  /**
   * The architecture: the file's own word where it has one (sae.js metadata 'arch': topk,
   * batchtopk, matryoshka, jumprelu; SAELens cfg.json 'architecture'), else 'jumprelu' for a
   * thresholded model and 'topk' for the rest.
   */
  readonly arch: string;
  /** The k the file itself states, where it states one (with { k } given, it may differ from k). */
  readonly fileK?: number;
  /** dtype of each tensor as stored (values are converted to float32). */
  readonly dtypes: Readonly<Record<string, DType>>;
  /** Conversions and ignored tensors, one sentence each. */
  readonly notes: readonly string[];
}

/** Config files looked for beside a checkpoint: SAELens, sparsify and latent-sae write cfg.json; sentence-transformers modules config.json. */
const CONFIG_NAMES = ["cfg.json", "config.json"] as const;

// Local files have their config beside them; on the Hub only safetensors do (the layouts that need one use it; the release's .pth needs none).
const configLivesBeside = (kind: SourceKind, format: LoadInfo["format"]) =>
  kind === "path" || kind === "file-url" || (kind === "hf" && format === "safetensors");

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
  // In a page a path is a URL (no probe: a dev server answers a missing file with its index.html).
  else if (typeof source === "string" && configLivesBeside(sourceKind(source), format) && (sourceKind(source) !== "path" || (await hasFileSystem()))) {
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
  source = await weightsInFolder(source);
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
    // A malformed k buffer does not matter where { k } says which to use (as in found).
    const stored = await m.storedK().catch((e) => {
      if (options.k === undefined) throw e;
      return undefined;
    });
    found(() => stored, "checkpoint buffer");
    const threshold = await m.threshold();
    checkMetadataArch(ckpt.metadata.arch, threshold !== undefined);
    const widths = (await m.widths()) ?? widthsFromMetadata(ckpt.metadata, m.nLatents);
    // A thresholded encode needs no k (every latent past its θ is kept); 1 is where its search starts.
    const k = options.k ?? fileK ?? (threshold ? 1 : undefined);
    const kSource = options.k !== undefined ? "option" : (fileKSource ?? "not needed");
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
    notes.push(...m.notes);
    const sae = await SaeModel.create(
      {
        nInputs: m.nInputs,
        nLatents: m.nLatents,
        preBias: await m.preBias(),
        latentBias: await m.latentBias(),
        ...(threshold ? { threshold } : {}),
        encoderRows: m.encoderRows,
        decoderRows: m.decoderRows,
      },
      { ...options, k, order: m.order, ...(widths ? { widths } : {}) },
    );
    const named = typeof ckpt.metadata.arch === "string" ? ckpt.metadata.arch : typeof cfg.architecture === "string" ? cfg.architecture : undefined;
    // An unset θ (dictionary_learning's −1) leaves a top-k model, whatever the layout trains.
    const arch = named ?? (threshold ? (m.arch ?? (widths ? "matryoshka" : "jumprelu")) : "topk");
    const info: LoadInfo = { format: ckpt.format, layout: m.layout, k, kSource: kSource!, arch, ...(fileK !== undefined ? { fileK } : {}), dtypes, notes };
    return Object.assign(sae, { info });
  } finally {
    await ckpt.close();
  }
}

/**
 * Serialises a model in the release's layout (.pth or safetensors) with k, the layout, d, n, the
 * activation order and any extra metadata: saejs/io's serializeWeights, given an in-thread Sae or a SaeModel.
 */
export async function serializeSae(sae: Sae | SaeModel, format: SaveFormat, metadata: Record<string, string> = {}): Promise<Uint8Array[]> {
  return serializeWeights(await stateOf(sae), format, metadata);
}

/**
 * Writes a model to `path` atomically: a file (temp file + rename; saejs/io's saveWeights) as .pth
 * or safetensors, or with 'saelens' a folder as SAELens reads it, cfg.json and sae_weights.safetensors
 * (saejs/io's saveSaeLensFolder; a thresholded model as architecture 'jumprelu'). Takes a Sae or a SaeModel.
 */
export async function saveSae(sae: Sae | SaeModel, path: string, format: SaveFormat | "saelens", metadata?: Record<string, string>): Promise<void> {
  if (format === "saelens") {
    if (metadata && Object.keys(metadata).length > 0)
      throw new SaeError("E_ARG", "a SAELens folder's cfg.json has no place for your metadata; save as safetensors to keep it");
    return saveSaeLensFolder(await stateOf(sae), path);
  }
  await saveWeights(await stateOf(sae), path, format, metadata);
}

// A SaeModel's weights live in its workers (or the GPU), so they are copied out first.
async function stateOf(sae: Sae | SaeModel): Promise<SaeState> {
  const arch = "info" in sae ? (sae as { info: LoadInfo }).info.arch : undefined;
  const base = sae instanceof SaeModel ? { weights: await sae.weights(), k: sae.k, order: sae.order } : { weights: sae.weights, k: sae.k, order: sae.order };
  return { ...base, ...(sae.widths ? { widths: sae.widths } : {}), ...(arch && ARCHS.includes(arch as Arch) ? { arch: arch as Arch } : {}) };
}

/** The weights file a folder holds, as SAELens (SAE.save_model), Gemma Scope and sparsify name it. */
const FOLDER_FILES = ["sae_weights.safetensors", "params.npz", "sae.safetensors"] as const;

/** A local folder → the weights file in it (cfg.json is then found beside it); anything else as it is. */
async function weightsInFolder(source: SaeSource): Promise<SaeSource> {
  if (typeof source !== "string" || sourceKind(source) !== "path" || !(await hasFileSystem()) || !(await isDirectory(source))) return source;
  const f = await fs();
  const dir = source.replace(/[\\/]+$/, "");
  for (const name of FOLDER_FILES) {
    const path = `${dir}/${name}`;
    if (
      await f.stat(path).then(
        (s) => !s.isDirectory(),
        () => false,
      )
    )
      return path;
  }
  throw new SaeError("E_ARG", `${source} is a folder without an SAE's weights (looked for ${FOLDER_FILES.join(", ")}); name the checkpoint file itself`);
}

/**
 * sae.js's metadata 'arch' against the tensors: a word it does not know, 'topk' over a threshold
 * tensor or a thresholded arch without one would load as another model than the file says.
 */
function checkMetadataArch(arch: string | undefined, hasThreshold: boolean): void {
  if (arch === undefined) return;
  if (!ARCHS.includes(arch as Arch))
    throw new SaeError(
      "E_LAYOUT",
      `the metadata says arch ${JSON.stringify(arch.slice(0, 40))}, not one sae.js knows (${ARCHS.join(", ")}); correct the file's metadata`,
    );
  if (arch === "topk" && hasThreshold)
    throw new SaeError(
      "E_LAYOUT",
      "the metadata says arch 'topk', but the file has a threshold tensor: drop the tensor, or set arch to jumprelu if it is a JumpReLU SAE",
    );
  if (arch !== "topk" && !hasThreshold)
    throw new SaeError(
      "E_LAYOUT",
      `the metadata says arch '${arch}', which encodes with a threshold, but the file has no threshold tensor: add threshold [n], or set arch to topk`,
    );
}

/** Widths from sae.js's safetensors metadata ("256,1024,4096"), checked against n. */
function widthsFromMetadata(meta: Record<string, unknown>, n: number): number[] | undefined {
  const raw = meta.widths;
  if (raw === undefined) return undefined;
  const widths = typeof raw === "string" && /^\s*\d+(\s*,\s*\d+)*\s*$/.test(raw) ? raw.split(",").map(Number) : undefined;
  if (!widths) throw new SaeError("E_LAYOUT", `the metadata says widths=${JSON.stringify(raw)}; expected whole numbers joined by commas, e.g. "256,1024,4096"`);
  checkWidths(widths, n, "metadata widths", "E_LAYOUT");
  return widths;
}
