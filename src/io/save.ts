// Writing an SAE back to files PyTorch, safetensors and NumPy users open: the release's .pth
// (torch.load(weights_only=True)), safetensors, and codes as .npz. Takes plain weights, so any model fits.
import { SaeError } from "../core/errors.js";
import { TORCH_NAMES, type ActivationOrder, type Codes, type SaeWeights } from "../core/model.js";
import { writeFileAtomic } from "../runtime/fs.js";
import { writeNpy } from "./npy.js";
import { writePth } from "./pth-write.js";
import { writeSafetensors } from "./safetensors.js";
import { concat, writeZip } from "./zip-write.js";

export type SaveFormat = "pth" | "safetensors";

/** What a checkpoint records: the weights in the release's layout, k and where the ReLU goes (an in-thread Sae fits as it is). */
export interface SaeState {
  readonly weights: SaeWeights;
  readonly k: number;
  readonly order: ActivationOrder;
}

/**
 * Serialises weights in the release's layout: a .pth that torch.load(path, weights_only=True)
 * reads and FastAutoencoder.load_state_dict accepts, or safetensors; both carry k, the layout, d,
 * n, the activation order and any extra metadata (e.g. the training config).
 */
export function serializeWeights(
  { weights: w, k, order }: SaeState,
  format: SaveFormat,
  metadata: Record<string, string> = {},
  /** safetensors only: F16 stores each weight rounded to float16. */
  dtype: "F32" | "F16" = "F32",
): Uint8Array[] {
  const tensors = [
    { name: TORCH_NAMES.preBias, shape: [w.nInputs], data: w.preBias },
    { name: TORCH_NAMES.latentBias, shape: [w.nLatents], data: w.latentBias },
    { name: TORCH_NAMES.encoderWeight, shape: [w.nLatents, w.nInputs], data: w.encoderWeight },
    { name: TORCH_NAMES.decoderWeight, shape: [w.nInputs, w.nLatents], data: w.decoderWeight },
  ];
  // k survives in both formats: safetensors' __metadata__, and a record of the .pth zip that torch.load ignores.
  const meta = { ...metadata, format: "saejs", layout: "release", k: String(k), d: String(w.nInputs), n: String(w.nLatents), order };
  if (format === "pth") {
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
