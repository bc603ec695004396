// Opening any checkpoint or array file by its magic bytes, never its extension.
import { SaeError } from "../core/errors.js";
import { isLegacyTorch, LEGACY_MESSAGE, openPth } from "./pth.js";
import { isSafetensors, openSafetensors } from "./safetensors.js";
import { isNpy, openNpz } from "./npy.js";
import { openSource, type RandomAccess, type SaeSource } from "./source.js";
import { ZipReader } from "./zip.js";
import type { Checkpoint } from "./tensor.js";

export type FileKind = "zip" | "legacy-pth" | "safetensors" | "npy" | "unknown";

/** What the first bytes say a file is. */
export async function sniff(ra: RandomAccess): Promise<FileKind> {
  const head = await ra.read(0, Math.min(ra.size, 16));
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5)) return "zip";
  if (isLegacyTorch(head)) return "legacy-pth";
  if (isNpy(head)) return "npy";
  if (isSafetensors(head)) return "safetensors";
  return "unknown";
}

function unknown(ra: RandomAccess, head: Uint8Array): never {
  const hex = Array.from(head.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" ");
  throw new SaeError("E_FORMAT", `${ra.name ?? "file"}: not a checkpoint sae.js knows (first bytes ${hex}); expected a .pth (zip), .safetensors, .npz or .npy`);
}

/** Opens a checkpoint of tensors: .pth (zip), .safetensors or .npz. */
export async function openCheckpointAccess(ra: RandomAccess): Promise<Checkpoint> {
  try {
    const kind = await sniff(ra);
    if (kind === "legacy-pth") throw new SaeError("E_FORMAT", LEGACY_MESSAGE);
    if (kind === "safetensors") return await openSafetensors(ra);
    if (kind === "zip") {
      const zip = await ZipReader.open(ra);
      if (zip.entries.some((e) => e.name.endsWith("/data.pkl"))) return await openPth(ra, zip);
      if (zip.entries.length > 0 && zip.entries.every((e) => e.name.endsWith(".npy"))) return await openNpz(ra, zip);
      throw new SaeError(
        "E_FORMAT",
        `${ra.name ?? "zip"}: neither a torch checkpoint (no data.pkl) nor an .npz (entries: ${zip.entries
          .map((e) => e.name)
          .slice(0, 6)
          .join(", ")})`,
      );
    }
    if (kind === "npy")
      throw new SaeError("E_FORMAT", `${ra.name ?? "file"}: a .npy holds one array, not an SAE checkpoint (read embeddings with readEmbeddings)`);
    unknown(ra, await ra.read(0, Math.min(ra.size, 8)));
  } catch (e) {
    await ra.close().catch(() => {});
    throw e;
  }
}

export async function openCheckpoint(source: SaeSource): Promise<Checkpoint> {
  return openCheckpointAccess(await openSource(source));
}
