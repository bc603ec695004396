// Writing an SAE back to files PyTorch, safetensors and NumPy users open: the release's .pth
// (torch.load(weights_only=True)), safetensors, and codes as .npz. Takes plain weights, so any model fits.
import { listSome, SaeError } from "../core/errors.js";
import { TORCH_NAMES, type ActivationOrder, type Codes, type SaeWeights } from "../core/model.js";
import { fs, writeFileAtomic } from "../runtime/fs.js";
import { transpose } from "../core/shapes.js";
import { writeNpy } from "./npy.js";
import { writePth } from "./pth-write.js";
import { writeSafetensors } from "./safetensors.js";
import { concat, writeZip } from "./zip-write.js";

export type SaveFormat = "pth" | "safetensors";

/** The architectures a file names (metadata 'arch'): how it was trained; the last three encode with a threshold. */
export const ARCHS = ["topk", "batchtopk", "matryoshka", "jumprelu"] as const;
export type Arch = (typeof ARCHS)[number];

/** What a checkpoint records: the weights in the release's layout, k and where the ReLU goes (an in-thread Sae fits as it is). */
export interface SaeState {
  readonly weights: SaeWeights;
  readonly k: number;
  readonly order: ActivationOrder;
  /** Matryoshka's nested prefix widths. */
  readonly widths?: readonly number[];
  /** How it was trained; by default 'matryoshka' with widths and a threshold, 'jumprelu' with a threshold, else 'topk'. */
  readonly arch?: Arch;
}

/** The arch a state is saved under. */
function archOf(s: Pick<SaeState, "weights" | "widths" | "arch">): Arch {
  return s.arch ?? (s.weights.threshold ? (s.widths ? "matryoshka" : "jumprelu") : "topk");
}

/**
 * Serialises weights in the release's layout: a .pth that torch.load(path, weights_only=True)
 * reads and FastAutoencoder.load_state_dict accepts, or safetensors; both carry k, the layout, d,
 * n, the activation order and any extra metadata (e.g. the training config).
 */
export function serializeWeights(
  state: SaeState,
  format: SaveFormat,
  metadata: Record<string, string> = {},
  /** safetensors only: F16 stores each weight rounded to float16. */
  dtype: "F32" | "F16" = "F32",
): Uint8Array[] {
  const { weights: w, k, order, widths } = state;
  const tensors = [
    { name: TORCH_NAMES.preBias, shape: [w.nInputs], data: w.preBias },
    { name: TORCH_NAMES.latentBias, shape: [w.nLatents], data: w.latentBias },
    { name: TORCH_NAMES.encoderWeight, shape: [w.nLatents, w.nInputs], data: w.encoderWeight },
    { name: TORCH_NAMES.decoderWeight, shape: [w.nInputs, w.nLatents], data: w.decoderWeight },
    ...(w.threshold ? [{ name: "threshold", shape: [w.nLatents], data: w.threshold }] : []),
  ];
  const arch = archOf(state);
  // k survives in both formats: safetensors' __metadata__, and a record of the .pth zip that torch.load ignores.
  const meta = {
    ...metadata,
    format: "saejs",
    layout: "release",
    k: String(k),
    d: String(w.nInputs),
    n: String(w.nLatents),
    order,
    ...(arch !== "topk" ? { arch } : {}),
    ...(widths ? { widths: widths.join(",") } : {}),
  };
  if (format === "pth") {
    // The release's FastAutoencoder has no threshold and no widths: load_state_dict would refuse or drop them.
    if (w.threshold || widths)
      throw new SaeError(
        "E_ARG",
        `a .pth in the release layout cannot hold ${[w.threshold ? "a threshold" : "", widths ? "Matryoshka widths" : ""].filter(Boolean).join(" or ")}; save as safetensors or saelens`,
      );
    if (dtype !== "F32") throw new SaeError("E_ARG", "a .pth in the release layout holds float32 weights; save float16 ones as safetensors");
    if (order !== "topk-relu") throw new SaeError("E_ARG", "a .pth in the release layout cannot record ReLU-before-top-k; save as safetensors");
    return writePth(tensors, meta);
  }
  if (format === "safetensors") return writeSafetensors(tensors, meta, dtype);
  throw new SaeError("E_ARG", `unknown format '${String(format)}'; expected pth or safetensors`);
}

/** Writes serializeWeights' output to `path` atomically (temp file + rename). */
export async function saveWeights(state: SaeState, path: string, format: SaveFormat, metadata?: Record<string, string>): Promise<void> {
  await writeFileAtomic(path, serializeWeights(state, format, metadata));
}

/**
 * The two files of a SAELens folder for a model (SAE.save_model, sae_lens/saes/sae.py:514-532):
 * cfg.json as SAEConfig.to_dict writes it (sae.py:150-172: d_in, d_sae, dtype, device,
 * apply_b_dec_to_input, normalize_activations, reshape_activations, metadata, architecture) and
 * sae_weights.safetensors with W_enc [d, n], b_enc [n], W_dec [n, d], b_dec [d] (sae.py:336-351,
 * topk_sae.py:524-529) and, for 'jumprelu', threshold [n] (jumprelu_sae.py:124-131). A thresholded
 * model is a JumpReLUSAE (as SAELens saves BatchTopK and Matryoshka for inference,
 * batchtopk_sae.py:80-81, 128-134); a top-k one a TopKSAE with k (topk_sae.py:119-155).
 */
export function serializeSaeLens(state: SaeState): { cfg: string; weights: Uint8Array[] } {
  const { weights: w, k, widths } = state;
  const { nInputs: d, nLatents: n } = w;
  const jump = w.threshold !== undefined;
  const cfg = {
    d_in: d,
    d_sae: n,
    dtype: "float32",
    device: "cpu",
    apply_b_dec_to_input: true,
    normalize_activations: "none",
    reshape_activations: "none",
    // SAELens reads configs of version ≥ 6 as they are (loading/pretrained_sae_loaders.py:201-209);
    // its metadata takes any keys (sae.py:62-74), so the widths and arch ride along there.
    metadata: {
      sae_lens_version: SAELENS_VERSION,
      sae_lens_training_version: SAELENS_VERSION,
      saejs_arch: archOf(state),
      ...(widths ? { matryoshka_widths: [...widths] } : {}),
    },
    architecture: jump ? "jumprelu" : "topk",
    ...(jump ? {} : { k, rescale_acts_by_decoder_norm: false }),
  };
  const tensors = [
    { name: "W_enc", shape: [d, n], data: transpose(w.encoderWeight, n, d) },
    { name: "b_enc", shape: [n], data: w.latentBias },
    { name: "W_dec", shape: [n, d], data: transpose(w.decoderWeight, d, n) },
    { name: "b_dec", shape: [d], data: w.preBias },
    ...(jump ? [{ name: "threshold", shape: [n], data: w.threshold! }] : []),
  ];
  return { cfg: `${JSON.stringify(cfg, null, 2)}\n`, weights: writeSafetensors(tensors) };
}

/** The SAELens release whose source serializeSaeLens follows (jbloomAus/SAELens 6.18.0). */
const SAELENS_VERSION = "6.18.0";

/** The files of a SAELens folder: a folder holding nothing else may be replaced whole. */
const SAELENS_FILES = ["cfg.json", "sae_weights.safetensors"];

/**
 * Writes a SAELens folder (cfg.json + sae_weights.safetensors) at `dir` atomically: both files go
 * into a temp folder beside it, which then takes `dir`'s place. Only an empty folder or an earlier
 * SAELens folder is replaced: a file, a symbolic link or a folder holding anything else is refused
 * (replacing it whole would delete what it holds).
 */
export async function saveSaeLensFolder(state: SaeState, dir: string): Promise<void> {
  const f = await fs();
  const base = dir.replace(/[\\/]+$/, "");
  // lstat, so that a link is seen as one (fs()'s stat follows it).
  const linkFs = f as unknown as { lstat(p: string): Promise<{ isDirectory(): boolean; isSymbolicLink(): boolean }> };
  const there = await linkFs.lstat(base).catch(() => undefined);
  if (there?.isSymbolicLink()) throw new SaeError("E_IO", `${dir}: is a symbolic link; give the folder's own path (sae.js replaces the folder whole)`);
  if (there && !there.isDirectory()) throw new SaeError("E_IO", `${dir}: is a file, not a folder; choose a new folder name or remove the file`);
  if (there) {
    const others = (await f.readdir(base)).filter((name) => !SAELENS_FILES.includes(name));
    if (others.length)
      throw new SaeError(
        "E_IO",
        `${dir}: holds ${listSome(others)}, not only a SAELens folder's files (${SAELENS_FILES.join(", ")}); sae.js replaces the folder whole: choose a new or empty folder`,
      );
  }
  const { cfg, weights } = serializeSaeLens(state);
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const tmp = `${base}.${tag}.tmp`,
    old = `${base}.${tag}.old`;
  const rmDir = (p: string) => f.rm(p, { force: true, recursive: true } as { force: boolean }).catch(() => {});
  try {
    await f.mkdir(tmp, { recursive: true });
    await writeFileAtomic(`${tmp}/sae_weights.safetensors`, weights);
    await writeFileAtomic(`${tmp}/cfg.json`, new TextEncoder().encode(cfg));
  } catch (e) {
    await rmDir(tmp);
    throw e;
  }
  let moved = false;
  try {
    try {
      await f.rename(base, old);
      moved = true;
    } catch {
      // nothing at dir yet
    }
    await f.rename(tmp, base);
  } catch (cause) {
    if (moved) await f.rename(old, base).catch(() => {});
    await rmDir(tmp);
    throw new SaeError("E_IO", `${dir}: cannot write the SAELens folder (${(cause as Error)?.message ?? String(cause)})`, { cause });
  }
  if (moved) await rmDir(old);
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
