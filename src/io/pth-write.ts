// Writes a state dict as torch.save does (zip format, pickle protocol 2), readable by
// torch.load(path, weights_only=True) and FastAutoencoder.load_state_dict.
// see: https://github.com/pytorch/pytorch/blob/main/torch/serialization.py (_save)
import { writeZip } from "./zip-write.js";

/** A minimal pickle emitter: only the opcodes a float32 state dict needs. */
class PickleWriter {
  private readonly parts: number[] = [];
  private readonly enc = new TextEncoder();
  op(...bytes: number[]): this {
    this.parts.push(...bytes);
    return this;
  }
  global(module: string, name: string): this {
    return this.op(0x63, ...this.enc.encode(`${module}\n${name}\n`));
  }
  str(s: string): this {
    const b = this.enc.encode(s);
    return this.op(0x58, b.length & 0xff, (b.length >> 8) & 0xff, (b.length >> 16) & 0xff, b.length >>> 24, ...b);
  }
  int(v: number): this {
    if (v >= 0 && v < 256) return this.op(0x4b, v);
    if (v >= 0 && v < 65536) return this.op(0x4d, v & 0xff, v >> 8);
    if (v >= -0x80000000 && v <= 0x7fffffff) return this.op(0x4a, v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff);
    // LONG1 for the rest: little-endian two's complement, 8 bytes.
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, BigInt(v), true);
    return this.op(0x8a, 8, ...b);
  }
  intTuple(vs: readonly number[]): this {
    this.op(0x28);
    for (const v of vs) this.int(v);
    return this.op(0x74);
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** Where sae.js keeps its metadata (k, d, n) in a .pth: the zip's extra/ folder, which torch.load ignores. */
export const PTH_METADATA = "extra/saejs.json";

/**
 * Serialises float32 tensors (row-major) as a torch.save state dict; returns the file's chunks.
 * `metadata` (the release layout has no place for k) goes to a record torch.load never reads.
 */
export function writePth(
  tensors: { name: string; shape: number[]; data: Float32Array }[],
  metadata?: Record<string, string>,
  archive = "archive",
): Uint8Array[] {
  const p = new PickleWriter().op(0x80, 2).global("collections", "OrderedDict").op(0x29, 0x52).op(0x28);
  tensors.forEach((t, i) => {
    const stride = t.shape.map((_, j) => t.shape.slice(j + 1).reduce((a, b) => a * b, 1));
    p.str(t.name).global("torch._utils", "_rebuild_tensor_v2").op(0x28);
    p.op(0x28).str("storage").global("torch", "FloatStorage").str(String(i)).str("cpu").int(t.data.length).op(0x74, 0x51); // persistent id
    p.int(0).intTuple(t.shape).intTuple(stride).op(0x89); // offset, size, stride, requires_grad=False
    p.global("collections", "OrderedDict").op(0x29, 0x52); // backward hooks
    p.op(0x74, 0x52);
  });
  p.op(0x75, 0x2e); // SETITEMS, STOP
  const enc = new TextEncoder();
  return writeZip([
    { name: `${archive}/data.pkl`, data: p.bytes() },
    { name: `${archive}/byteorder`, data: enc.encode("little") },
    ...tensors.map((t, i) => ({ name: `${archive}/data/${i}`, data: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength) })),
    { name: `${archive}/version`, data: enc.encode("3\n") },
    ...(metadata ? [{ name: `${archive}/${PTH_METADATA}`, data: enc.encode(JSON.stringify(metadata)) }] : []),
  ]);
}
