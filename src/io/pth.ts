// PyTorch checkpoints (torch.save of a state dict, zip format since 1.6): a ZIP of <top>/data.pkl,
// <top>/data/<key> raw storages, <top>/version and <top>/byteorder. Read through the safe
// pickle subset; storages are fetched only when a tensor is read.
// see: https://github.com/pytorch/pytorch/blob/main/torch/serialization.py
import { PTH_METADATA } from "./pth-write.js";
import { listSome, preview, SaeError } from "../core/errors.js";
import { PyDict, PyTuple, PyGlobal, pickleWorkFor, StorageRef, TensorRef, type STORAGE_TYPES, unpickle } from "./pickle.js";
import { ZipReader } from "./zip.js";
import type { RandomAccess } from "./source.js";
import { gatherStrided, ITEM_BYTES, numel, rowRuns, toFloat32, type Checkpoint, type DType, type LazyTensor } from "./tensor.js";

const STORAGE_DTYPES: Record<(typeof STORAGE_TYPES)[number], DType> = {
  FloatStorage: "f32",
  DoubleStorage: "f64",
  HalfStorage: "f16",
  BFloat16Storage: "bf16",
  LongStorage: "i64",
  IntStorage: "i32",
  ShortStorage: "i16",
  CharStorage: "i8",
  ByteStorage: "u8",
  BoolStorage: "bool",
};

/** The magic number the legacy (pre-1.6) torch.save format starts with, after PROTO 2 and LONG1. */
export const LEGACY_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

export function isLegacyTorch(head: Uint8Array): boolean {
  return LEGACY_MAGIC.every((b, i) => head[i] === b);
}

/** The largest data.pkl read: 64 MB, well above the ~14 MB pickle of the ~100,000 tensors the cell ceiling admits (pickle.ts). */
export const MAX_PICKLE_BYTES = 64 << 20;

export const LEGACY_MESSAGE =
  "pth: this is the legacy (pre-1.6, non-zip) torch.save format, which sae.js does not read; re-save it with " +
  "python -c \"import torch; torch.save(torch.load('old.pth', weights_only=True), 'new.pth')\"";

/** Opens a zip-format .pth. The pickle is interpreted at once; storages are read on demand. */
export async function openPth(ra: RandomAccess, zip?: ZipReader): Promise<Checkpoint> {
  zip ??= await ZipReader.open(ra);
  const pkl = zip.entries.find((e) => e.name.endsWith("/data.pkl") && e.name.split("/").length === 2);
  if (!pkl)
    throw new SaeError(
      "E_FORMAT",
      `pth: no <top>/data.pkl entry (entries: ${listSome(
        zip.entries.map((e) => e.name),
        8,
      )})`,
    );
  // torch.save writes ~140 bytes of pickle a tensor (9 MB for 65,000); the reader would refuse a
  // larger one as an amplification anyway, so it is refused before it is read.
  if (pkl.size > MAX_PICKLE_BYTES)
    throw new SaeError(
      "E_FORMAT",
      `pth: ${pkl.name} is ${pkl.size} bytes; sae.js reads a checkpoint's pickle of at most ${MAX_PICKLE_BYTES} (torch.save writes ~140 bytes a tensor)`,
    );
  const top = pkl.name.slice(0, -"/data.pkl".length);
  const byteorder = zip.get(`${top}/byteorder`);
  if (byteorder) {
    const order = new TextDecoder().decode(await zip.read(byteorder)).trim();
    if (order !== "little")
      throw new SaeError("E_FORMAT", `pth: byteorder is '${order}'; only little-endian checkpoints are supported (re-save on a little-endian machine)`);
  }
  const storages = new Map<string, StorageRef>();
  const root = unpickle(
    await zip.read(pkl),
    (pid) => {
      const t = pid instanceof PyTuple ? pid.items : undefined;
      if (t?.length !== 5 || t[0] !== "storage") throw new SaeError("E_FORMAT", "pth: persistent id is not ('storage', type, key, location, numel)");
      const [, type, key, location, n] = t;
      if (!(type instanceof PyGlobal) || !(type.name in STORAGE_DTYPES)) throw new SaeError("E_FORMAT", `pth: unknown storage type ${preview(type)}`);
      if (typeof key !== "string" || typeof location !== "string" || typeof n !== "number")
        throw new SaeError("E_FORMAT", "pth: malformed storage persistent id");
      const prev = storages.get(key);
      if (prev && prev.storageType !== type.name) throw new SaeError("E_FORMAT", `pth: storage ${key} is used with two dtypes`);
      const ref = prev ?? new StorageRef(type.name, key, location, n);
      storages.set(key, ref);
      return ref;
    },
    { maxWork: pickleWorkFor(zip.entries.length) },
  );
  if (!(root instanceof PyDict)) throw new SaeError("E_FORMAT", `pth: the pickle holds ${preview(root)}, not a state dict`);

  // Storages shared by several tensors are read once and dropped after their last tensor.
  const cache = new Map<string, Promise<Float32Array>>();
  const users = new Map<string, number>();
  for (const v of root.values()) if (v instanceof TensorRef) users.set(v.storage.key, (users.get(v.storage.key) ?? 0) + 1);
  const readStorage = (s: StorageRef): Promise<Float32Array> => {
    let p = cache.get(s.key);
    if (!p) {
      p = (async () => {
        const dtype = STORAGE_DTYPES[s.storageType as keyof typeof STORAGE_DTYPES];
        const entry = zip.get(`${top}/data/${s.key}`);
        if (!entry) throw new SaeError("E_FORMAT", `pth: storage ${s.key} is missing from the archive`);
        const need = s.numel * ITEM_BYTES[dtype];
        if (entry.size !== need) throw new SaeError("E_FORMAT", `pth: storage ${s.key} holds ${entry.size} bytes, but ${s.numel} ${dtype} values need ${need}`);
        return toFloat32(await zip.read(entry), dtype, s.numel);
      })();
      cache.set(s.key, p);
    }
    return p;
  };
  const tensors = new Map<string, LazyTensor>();
  for (const [key, value] of root) {
    if (typeof key !== "string") throw new SaeError("E_FORMAT", `pth: state dict key ${preview(key)} is not a string`);
    if (!(value instanceof TensorRef)) continue; // non-tensor entries (e.g. a config) are not weights
    const t = value;
    const dtype = STORAGE_DTYPES[t.storage.storageType as keyof typeof STORAGE_DTYPES];
    const entry = zip.get(`${top}/data/${t.storage.key}`);
    const n = numel(t.shape);
    // A tensor that is its whole, stored, unshared storage in row-major order streams by range.
    const streams =
      entry !== undefined &&
      entry.method === 0 &&
      users.get(t.storage.key) === 1 &&
      t.offset === 0 &&
      n === t.storage.numel &&
      entry.size === n * ITEM_BYTES[dtype] &&
      t.shape.length > 0 &&
      t.stride.every((s, j) => t.shape[j] === 1 || s === t.shape.slice(j + 1).reduce((a, b) => a * b, 1));
    const rowBytes = streams ? (n / Math.max(1, t.shape[0]!)) * ITEM_BYTES[dtype] : 0;
    tensors.set(key, {
      name: key,
      dtype,
      shape: t.shape,
      ...(streams && t.shape[0]! > 0
        ? {
            async *rows(chunkBytes: number) {
              for await (const b of zip.readRuns(
                entry,
                [...rowRuns(t.shape[0]!, rowBytes, chunkBytes)].map(([r, c]) => [r * rowBytes, c * rowBytes] as [number, number]),
              )) {
                yield toFloat32(b, dtype);
              }
            },
          }
        : {}),
      read: async () => {
        const storage = await readStorage(t.storage);
        const left = users.get(t.storage.key)! - 1;
        users.set(t.storage.key, left);
        if (left <= 0) cache.delete(t.storage.key);
        return gatherStrided(storage, t.offset, t.shape, t.stride);
      },
    });
  }
  return { format: "pth", tensors, metadata: await readMetadata(zip, top), close: () => ra.close() };
}

/** sae.js's own metadata record, where a file sae.js wrote has one (string values only, small). */
async function readMetadata(zip: ZipReader, top: string): Promise<Record<string, string>> {
  const entry = zip.get(`${top}/${PTH_METADATA}`);
  if (!entry) return {};
  if (entry.size > 65536) throw new SaeError("E_FORMAT", `pth: ${PTH_METADATA} is ${entry.size} bytes; at most 65536 expected`);
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder().decode(await zip.read(entry)));
  } catch {
    throw new SaeError("E_FORMAT", `pth: ${PTH_METADATA} is not JSON`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new SaeError("E_FORMAT", `pth: ${PTH_METADATA} is not a JSON object`);
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"));
}
