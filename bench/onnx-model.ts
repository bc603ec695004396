// Builds the ONNX peer model of an SAE encoder, Gemm(transB) → TopK → Relu, as protobuf bytes:
// the same work sae.js does, for onnxruntime-web and onnxruntime-node.
// see: https://github.com/onnx/onnx/blob/main/onnx/onnx.proto

/** A minimal protobuf writer: varints and length-delimited fields are all ONNX needs here. */
class Proto {
  private readonly parts: Uint8Array[] = [];
  private static varint(v: number | bigint): Uint8Array {
    let x = BigInt(v);
    const out: number[] = [];
    do {
      let b = Number(x & 0x7fn);
      x >>= 7n;
      if (x > 0n) b |= 0x80;
      out.push(b);
    } while (x > 0n);
    return Uint8Array.from(out);
  }
  int(field: number, v: number): this {
    this.parts.push(Proto.varint(field << 3), Proto.varint(v));
    return this;
  }
  bytes(field: number, b: Uint8Array): this {
    this.parts.push(Proto.varint((field << 3) | 2), Proto.varint(b.length), b);
    return this;
  }
  str(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }
  msg(field: number, m: Proto): this {
    return this.bytes(field, m.done());
  }
  done(): Uint8Array {
    const len = this.parts.reduce((a, p) => a + p.length, 0);
    const out = new Uint8Array(len);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

const FLOAT = 1,
  INT64 = 7,
  ATTR_INT = 2;

function tensor(name: string, dims: number[], dataType: number, raw: Uint8Array): Proto {
  const t = new Proto();
  for (const d of dims) t.int(1, d);
  return t.int(2, dataType).str(8, name).bytes(9, raw);
}

function valueInfo(name: string, elemType: number, dims: (number | string)[]): Proto {
  const shape = new Proto();
  for (const d of dims) shape.msg(1, typeof d === "number" ? new Proto().int(1, d) : new Proto().str(2, d));
  return new Proto().str(1, name).msg(2, new Proto().msg(1, new Proto().int(1, elemType).msg(2, shape)));
}

function node(op: string, inputs: string[], outputs: string[], attrs: Record<string, number> = {}): Proto {
  const n = new Proto();
  for (const i of inputs) n.str(1, i);
  for (const o of outputs) n.str(2, o);
  n.str(3, op.toLowerCase()).str(4, op);
  for (const [k, v] of Object.entries(attrs)) n.msg(5, new Proto().str(1, k).int(20, ATTR_INT).int(3, v));
  return n;
}

/** ONNX model: x [batch, d] → values [batch, k] (after ReLU), indices [batch, k] int64. */
export function encoderOnnx(encoderWeight: Float32Array, bias: Float32Array, d: number, n: number, k: number): Uint8Array {
  const u8 = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const graph = new Proto()
    .msg(1, node("Gemm", ["x", "W", "b"], ["pre"], { transB: 1 }))
    .msg(1, node("TopK", ["pre", "K"], ["topv", "indices"], { largest: 1, sorted: 1 }))
    .msg(1, node("Relu", ["topv"], ["values"]))
    .str(2, "sae_encoder")
    .msg(5, tensor("W", [n, d], FLOAT, u8(encoderWeight)))
    .msg(5, tensor("b", [n], FLOAT, u8(bias)))
    .msg(5, tensor("K", [1], INT64, u8(BigInt64Array.of(BigInt(k)))))
    .msg(11, valueInfo("x", FLOAT, ["batch", d]))
    .msg(12, valueInfo("values", FLOAT, ["batch", k]))
    .msg(12, valueInfo("indices", INT64, ["batch", k]));
  return new Proto().int(1, 8).str(2, "saejs-bench").msg(7, graph).msg(8, new Proto().str(1, "").int(2, 17)).done();
}
