// Hostile inputs: each refused with the library's typed error, within bounded time, nothing executed.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { loadSae } from "../../src/load.js";
import { openCheckpoint } from "../../src/io/checkpoint.js";
import { openEmbeddings, readEmbeddings } from "../../src/io/embeddings.js";
import { MAX_PICKLE_WORK, unpickle } from "../../src/io/pickle.js";
import { MAX_PICKLE_BYTES } from "../../src/io/pth.js";
import { refused } from "./budget.js";
import { CHECKPOINTS } from "../fixtures/formula.js";
import { craftZip, op, pickle, pthWith, type CraftEntry } from "./craft.js";
import { createDeflateRaw } from "node:zlib";
import { crc32 } from "../../src/io/zip.js";
import { writeNpy } from "../../src/io/npy.js";
import { concat } from "../../src/io/zip-write.js";

const g = (module: string, name: string) => [op.GLOBAL, `${module}\n${name}\n`] as const;
const callGlobal = (module: string, name: string) =>
  pickle(...op.PROTO2, ...g(module, name), op.MARK, op.BINUNICODE, 2, 0, 0, 0, "id", op.TUPLE, op.REDUCE, op.STOP);
const noPid = () => {
  throw new Error("persistent load must not be reached");
};

describe("pickles: nothing outside the allowlist runs", () => {
  it.each([
    ["os", "system"],
    ["posix", "system"],
    ["builtins", "eval"],
    ["builtins", "exec"],
    ["subprocess", "Popen"],
    ["__main__", "Evil"],
    ["torch", "load"],
    ["torch._utils", "_rebuild_tensor_v3"],
  ])("GLOBAL %s.%s is refused by name, in a .pth too", async (m, n) => {
    await refused(() => unpickle(callGlobal(m, n), noPid), "E_UNSAFE_PICKLE", new RegExp(`global '${m}\\.${n}' is not allowed`));
    await refused(() => loadSae(pthWith(callGlobal(m, n)), { k: 1 }), "E_UNSAFE_PICKLE", new RegExp(`'${m}\\.${n}'`));
  });

  it("STACK_GLOBAL is checked the same way", async () => {
    const p = pickle(...op.PROTO2, 0x8c, 2, "os", 0x8c, 6, "system", 0x93, op.STOP);
    await refused(() => unpickle(p, noPid), "E_UNSAFE_PICKLE", /global 'os\.system' is not allowed/);
  });

  it.each([
    ["INST", pickle(op.INST, "os\nsystem\n", op.STOP), /INST/],
    ["OBJ", pickle(op.MARK, ...g("collections", "OrderedDict"), op.OBJ, op.STOP), /OBJ/],
    ["BUILD on a list", pickle(op.EMPTY_LIST, op.EMPTY_DICT, op.BUILD, op.STOP), /BUILD on list/],
    ["BUILD on a tuple", pickle(op.EMPTY_TUPLE, op.EMPTY_DICT, op.BUILD, op.STOP), /BUILD on PyTuple/],
    ["REDUCE of a storage class", pickle(...g("torch", "FloatStorage"), op.EMPTY_TUPLE, op.REDUCE, op.STOP), /'torch\.FloatStorage' is not callable/],
    ["NEWOBJ of a storage class", pickle(...g("torch", "FloatStorage"), op.EMPTY_TUPLE, op.NEWOBJ, op.STOP), /NEWOBJ of global 'torch\.FloatStorage'/],
    ["REDUCE of a string", pickle(op.BINUNICODE, 1, 0, 0, 0, "x", op.EMPTY_TUPLE, op.REDUCE, op.STOP), /REDUCE of a non-callable/],
    ["EXT1", pickle(0x82, 1, op.STOP), /extension-registry/],
    ["NEXT_BUFFER", pickle(0x97, op.STOP), /out-of-band buffers/],
  ])("%s is refused", async (_, p, re) => {
    await refused(() => unpickle(p, noPid), "E_UNSAFE_PICKLE", re);
  });

  it.each([
    ["trailing space", "torch._utils\n_rebuild_tensor_v2 \n"],
    ["NUL byte", "collections\nOrderedDict\0\n"],
    ["empty names", "\n\n"],
    ["dotted escape", "collections.abc\n..OrderedDict\n"],
    ["unicode look-alike", "collections\nOrderedDіct\n"],
  ])("odd GLOBAL strings (%s) are refused", async (_, text) => {
    await refused(() => unpickle(pickle(op.GLOBAL, text, op.STOP), noPid), "E_UNSAFE_PICKLE", /is not allowed/);
  });

  it("a memo bomb stops at the memo limit", async () => {
    const parts: number[] = [...op.PROTO2, op.EMPTY_LIST];
    for (let i = 0; i <= 1_000_000; i++) parts.push(op.LONG_BINPUT, i & 0xff, (i >> 8) & 0xff, (i >> 16) & 0xff, 0);
    parts.push(op.STOP);
    await refused(() => unpickle(Uint8Array.from(parts), noPid), "E_UNSAFE_PICKLE", /memo larger than 1000000 entries/);
  });

  it("a stack bomb stops at the stack limit; deep nesting costs no recursion", async () => {
    // Nones: a cell each, so the stack's limit binds before the cells' (a list costs 5).
    await refused(() => unpickle(new Uint8Array(1_100_000).fill(0x4e), noPid), "E_UNSAFE_PICKLE", /stack deeper than 1000000/);
    await refused(() => unpickle(new Uint8Array(1_100_000).fill(op.EMPTY_LIST), noPid), "E_UNSAFE_PICKLE", /stack deeper|amplification/);
    const depth = 200_000;
    const nested = new Uint8Array(2 * depth + 2);
    nested.fill(op.EMPTY_LIST, 0, depth + 1);
    nested.fill(op.APPEND, depth + 1, 2 * depth + 1);
    nested[2 * depth + 1] = op.STOP;
    expect(Array.isArray(unpickle(nested, noPid))).toBe(true);
    await refused(() => loadSae(pthWith(nested), { k: 1 }), "E_FORMAT", /not a state dict/);
  });

  it("every truncation of a real checkpoint's pickle is refused as E_FORMAT", async () => {
    const real = readFileSync(join(CHECKPOINTS, "csLG_4_48_8.pth"));
    const ckpt = await openCheckpoint(new Uint8Array(real));
    await ckpt.close();
    const { ZipReader } = await import("../../src/io/zip.js");
    const { bytesSource } = await import("../../src/io/source.js");
    const zip = await ZipReader.open(bytesSource(new Uint8Array(real)));
    const pkl = await zip.read(zip.entries.find((e) => e.name.endsWith("data.pkl"))!);
    for (let cut = 0; cut < pkl.length; cut++) {
      await refused(() => unpickle(pkl.subarray(0, cut), (pid) => pid), "E_FORMAT", /^pickle: /);
    }
  });
});

describe("ZIPs that lie", () => {
  const pkl = pickle(...op.PROTO2, ...g("collections", "OrderedDict"), op.EMPTY_TUPLE, op.REDUCE, op.STOP);
  const storage = new Uint8Array(64).fill(7);

  it("a CRC mismatch", async () => {
    const z = pthWith(pkl, {});
    const bad = craftZip([
      { name: "archive/data.pkl", data: pkl, claimCrc: 0x12345678 },
      { name: "archive/version", data: new TextEncoder().encode("3\n") },
    ]);
    await expect(openCheckpoint(z)).resolves.toBeDefined();
    await refused(() => openCheckpoint(bad), "E_FORMAT", /CRC-32 mismatch/);
  });

  it("a flipped byte in a real checkpoint's storage fails its CRC", async () => {
    const real = new Uint8Array(readFileSync(join(CHECKPOINTS, "csLG_4_48_8.pth")));
    const at = real.length - 1200; // inside the decoder's storage
    real[at] = real[at]! ^ 0x40;
    await refused(() => loadSae(new File([real], "csLG_4_48_8.pth")), "E_FORMAT", /CRC-32 mismatch/);
  });

  it("two entries over the same bytes", async () => {
    const z = craftZip([
      { name: "a.npy", data: storage },
      { name: "b.npy", data: storage, sameLocalAs: 0 },
    ]);
    await refused(() => openCheckpoint(z), "E_FORMAT", /local header names another entry|overlap/);
  });

  it("a local header that names another entry", async () => {
    await refused(
      () => openCheckpoint(craftZip([{ name: "archive/data.pkl", data: pkl, localName: "archive/data.pkx" }])),
      "E_FORMAT",
      /local header names another entry/,
    );
  });

  it("a stored entry whose sizes disagree", async () => {
    await refused(
      () => openCheckpoint(craftZip([{ name: "archive/data.pkl", data: pkl, claimSize: pkl.length + 5 }])),
      "E_FORMAT",
      /stored but its sizes differ/,
    );
  });

  it("a deflate bomb: 1 KB declaring 10 GB is refused before inflating", async () => {
    const z = craftZip([{ name: "x.npy", data: new Uint8Array(1000), deflate: true, claimSize: 10e9 }]);
    await refused(() => openCheckpoint(z), "E_FORMAT", /declares 10000000000 bytes uncompressed, over the limit/);
  });

  it("deflated data that inflates past its declared size stops there", async () => {
    const z = craftZip([{ name: "x.npy", data: new Uint8Array(4 << 20), deflate: true, claimSize: 1000 }]);
    const { ZipReader } = await import("../../src/io/zip.js");
    const { bytesSource } = await import("../../src/io/source.js");
    await refused(
      async () => {
        const zip = await ZipReader.open(bytesSource(z));
        await zip.read(zip.entries[0]!);
      },
      "E_FORMAT",
      /inflates past its declared size of 1000 bytes/,
    );
    // Opening it as an .npz reads only the member's header: zeros are no .npy.
    await refused(() => openCheckpoint(z), "E_FORMAT", /not a \.npy file \(bad magic\)/);
  });

  it("corrupt deflate data", async () => {
    const body = new Uint8Array(deflateRawSync(new Uint8Array(5000).fill(3)));
    body[2] = body[2]! ^ 0xff;
    const z = craftZip([{ name: "x.npy", data: new Uint8Array(5000).fill(3), deflate: true }]);
    // Patch the compressed bytes in place: they follow the 30-byte local header and the 5-byte name.
    z.set(body.subarray(0, 8), 35);
    await refused(() => openCheckpoint(z), "E_FORMAT", /corrupt deflate stream|inflates|CRC-32/);
  });

  it.each(["../evil.npy", "/etc/passwd.npy", "a/../../b.npy", "C:/x.npy", "a\\..\\b.npy", "./x.npy"])("the unsafe name %s", async (name) => {
    await refused(() => openCheckpoint(craftZip([{ name, data: storage }])), "E_FORMAT", /unsafe entry name/);
  });

  it("a directory offset past the end, and a truncated file", async () => {
    const real = new Uint8Array(readFileSync(join(CHECKPOINTS, "csLG_4_48_8.pth")));
    const cut = real.subarray(0, real.length - 30);
    await refused(() => loadSae(cut, { k: 4 }), "E_FORMAT", /end-of-central-directory|runs past/);
    const moved = real.slice();
    new DataView(moved.buffer).setUint32(moved.length - 6, 0x7fffffff, true);
    await refused(() => loadSae(moved, { k: 4 }), "E_FORMAT", /central directory .* runs past the end/);
  });
});

describe("npy and safetensors headers that lie", () => {
  const npyHeader = (dict: string, body = new Uint8Array(16)) => {
    let h = dict;
    h += `${" ".repeat((64 - ((10 + h.length + 1) % 64)) % 64)}\n`;
    const out = new Uint8Array(10 + h.length + body.length);
    out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
    new DataView(out.buffer).setUint16(8, h.length, true);
    out.set(new TextEncoder().encode(h), 10);
    out.set(body, 10 + h.length);
    return out;
  };

  it.each([
    ["a shape product that overflows", "{'descr': '<f4', 'fortran_order': False, 'shape': (999999999999999, 999999999999999), }", /too many elements/],
    ["a shape larger than the file", "{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 16), }", /needs 64000 bytes but 16 follow/],
    ["a negative dimension", "{'descr': '<f4', 'fortran_order': False, 'shape': (-4, 1), }", /expected a non-negative integer below 2\^53/],
    ["a big-endian dtype", "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", /unsupported dtype ">f8"/],
    ["an object dtype", "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", /unsupported dtype/],
    ["no shape", "{'descr': '<f4', 'fortran_order': False}", /the header's keys are descr, fortran_order; NumPy writes exactly/],
    [
      "a repeated shape key (the last one counts, as in Python)",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), 'shape': (999, 2), }",
      /shape \(999, 2\) of <f4 needs 7992 bytes/,
    ],
    ["an extra key", "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'evil': 1, }", /the header's keys are descr, evil, fortran_order, shape/],
    ["a shape that is an int", "{'descr': '<f4', 'fortran_order': False, 'shape': (2), }", /shape is not a tuple/],
    ["text after the dict", "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } x", /text after the dict/],
  ])("npy: %s", async (_, dict, re) => {
    await refused(() => readEmbeddings(npyHeader(dict)), "E_FORMAT", re);
  });

  it("npy: 10^15 × 0 holds no data and no embeddings, read whole or streamed", async () => {
    const empty = npyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000000, 0), }");
    await refused(() => readEmbeddings(empty), "E_SHAPE", /1000000000000000 × 0: there must be at least one row and one column/);
    await refused(() => openEmbeddings(empty), "E_SHAPE", /1000000000000000 × 0 embeddings: there must be at least one row and one column/);
  });

  const st = (header: unknown, dataBytes = 16, claimLen?: bigint) => {
    const h = new TextEncoder().encode(JSON.stringify(header));
    const out = new Uint8Array(8 + h.length + dataBytes);
    new DataView(out.buffer).setBigUint64(0, claimLen ?? BigInt(h.length), true);
    out.set(h, 8);
    return out;
  };

  it.each([
    ["overlapping offsets", st({ a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F32", shape: [2], data_offsets: [4, 12] } }), /overlap/],
    ["out-of-range offsets", st({ a: { dtype: "F32", shape: [8], data_offsets: [0, 32] } }), /fall outside the 16 data bytes/],
    ["offsets that disagree with the shape", st({ a: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }), /needs 12/],
    ["a huge header length", st({ a: 1 }, 16, 1n << 60n), /header length .* exceeds the format's limit|runs past/],
    ["an unknown dtype", st({ a: { dtype: "F8_E4M3", shape: [2], data_offsets: [0, 2] } }), /unsupported dtype "F8_E4M3"/],
    [
      "a header that is not JSON",
      (() => {
        const b = st({ a: 1 });
        b[9] = 0x01;
        return b;
      })(),
      /not valid JSON/,
    ],
  ])("safetensors: %s", async (_, bytes, re) => {
    await refused(() => openCheckpoint(new File([bytes as Uint8Array<ArrayBuffer>], "m.safetensors")), "E_FORMAT", re);
  });
});

describe("amplification, nesting and many entries: bounded by the input's size", () => {
  const u32 = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24];

  it("repeated builtins.list over a memoised list is refused as an amplification, whatever the limits of memo and stack", async () => {
    // L = [L, L, …] (2,000 references), then list(L) again and again: each copy costs 2,000 elements for 9 bytes.
    const parts: (number | string)[] = [...op.PROTO2, op.EMPTY_LIST, op.LONG_BINPUT, ...u32(0), op.MARK];
    for (let i = 0; i < 2000; i++) parts.push(0x68, 0); // BINGET 0
    parts.push(0x65); // APPENDS
    for (let i = 0; i < 2000; i++) parts.push(op.GLOBAL, "builtins\nlist\n", op.MARK, 0x68, 0, op.TUPLE, op.REDUCE, 0x30); // list(L), POP
    parts.push(op.STOP);
    const p = pickle(...parts);
    expect(p.length).toBeLessThan(64_000);
    await refused(() => unpickle(p, noPid), "E_UNSAFE_PICKLE", /a \d+-byte pickle builds more than \d+ cells .*: refused as an amplification/);
    await refused(() => loadSae(pthWith(p), { k: 1 }), "E_UNSAFE_PICKLE", /amplification/);
  });

  it("a 1.5 MB pickle that keeps what it amplifies stops at the absolute ceiling, not at 64 cells a byte", async () => {
    // The copies are kept (appended to an outer list), so memory grows with them: 64 a byte let
    // this reach ~800 MB. Two shapes: list(L) of 2,000 references per 10 bytes, and an empty dict
    // (~200 bytes of heap) per 2 bytes.
    const copies: number[] = [...op.PROTO2, op.EMPTY_LIST, op.EMPTY_LIST, op.LONG_BINPUT, ...u32(0), op.MARK];
    for (let i = 0; i < 2000; i++) copies.push(0x68, 0); // BINGET 0
    copies.push(0x65); // APPENDS: L holds 2,000 references to itself
    copies.push(0x30, ...pickle(op.GLOBAL, "builtins\nlist\n"), 0x71, 1, 0x30); // POP L; memo 1 = builtins.list
    while (copies.length < 1_500_000) copies.push(0x68, 1, op.MARK, 0x68, 0, op.TUPLE, op.REDUCE, op.APPEND); // outer.append(list(L))
    copies.push(op.STOP);
    const dicts = new Uint8Array(1_500_000);
    dicts.set([...op.PROTO2, op.EMPTY_LIST]);
    for (let i = 3; i + 2 < dicts.length; i += 2) dicts.set([op.EMPTY_DICT, op.APPEND], i); // outer.append({})
    dicts[dicts.length - 1] = op.STOP;
    for (const p of [Uint8Array.from(copies), dicts]) {
      expect(p.length).toBeGreaterThan(1_400_000);
      await refused(() => unpickle(p, noPid), "E_UNSAFE_PICKLE", new RegExp(`builds more than ${MAX_PICKLE_WORK} cells`));
      await refused(() => loadSae(pthWith(p), { k: 1 }), "E_UNSAFE_PICKLE", /amplification/);
    }
  });

  it("a data.pkl larger than any checkpoint's pickle is refused before it is read", async () => {
    const big = craftZip([{ name: "archive/data.pkl", data: new Uint8Array(1000), deflate: true, claimSize: MAX_PICKLE_BYTES + 1 }]);
    await refused(
      () => loadSae(big, { k: 1 }),
      "E_FORMAT",
      new RegExp(`archive/data\\.pkl is ${MAX_PICKLE_BYTES + 1} bytes; sae\\.js reads a checkpoint's pickle of at most`),
    );
  });

  it("a pickle nested 4,000 deep and a safetensors header nested 5,000 deep are refused with short messages", async () => {
    const parts: (number | string)[] = [...op.PROTO2];
    for (let i = 0; i < 4000; i++) parts.push(op.EMPTY_LIST);
    for (let i = 0; i < 3999; i++) parts.push(op.APPEND);
    parts.push(op.STOP);
    await refused(() => loadSae(pthWith(pickle(...parts)), { k: 1 }), "E_FORMAT", /the pickle holds \[\[\[…1 items\]\]\], not a state dict/);
    const shape = `${"[".repeat(5000)}1${"]".repeat(5000)}`;
    const header = new TextEncoder().encode(`{"w":{"dtype":"F32","shape":${shape},"data_offsets":[0,4]}}`);
    const file = new Uint8Array(8 + header.length + 4);
    new DataView(file.buffer).setBigUint64(0, BigInt(header.length), true);
    file.set(header, 8);
    await refused(() => openCheckpoint(file), "E_FORMAT", /safetensors: (tensor "w" has a bad shape \[+…1 items\]+|header is not valid JSON)/);
  });

  it("a .pth of 65,000 tensors is read in one pass and its error lists a few names, not 65,000", { timeout: 60_000, retry: 1 }, async () => {
    const { writePth } = await import("../../src/io/pth-write.js");
    const tensors = Array.from({ length: 65_000 }, (_, i) => ({ name: `t${i}`, shape: [1], data: Float32Array.of(i) }));
    const file = concat(writePth(tensors));
    // 0.6–0.85 s alone here, 1.0–1.3 s while the other test files load both cores; quadratic reading took 47 s.
    // A 2.5 s budget still catches that, and no longer fails a busy 2-core machine.
    await refused(() => loadSae(file, { k: 1 }), "E_LAYOUT", /no known SAE layout matches the tensors found \(t0, t1, .*, … and 64,988 more\)/, 2500);
  });

  it("a safetensors header of too many tensors, or too large, is refused before it is parsed or allocated", async () => {
    const entries = Array.from({ length: 70_000 }, (_, i) => `"t${i}":{"dtype":"F32","shape":[1],"data_offsets":[${4 * i},${4 * i + 4}]}`).join(",");
    const header = new TextEncoder().encode(`{${entries}}`);
    const file = new Uint8Array(8 + header.length + 4 * 70_000);
    new DataView(file.buffer).setBigUint64(0, BigInt(header.length), true);
    file.set(header, 8);
    await refused(() => openCheckpoint(file), "E_FORMAT", /header lists 70000 tensors, more than the 65536 sae\.js reads/);
    const big = new Uint8Array(8 + 4);
    new DataView(big.buffer).setBigUint64(0, 50_000_000n, true);
    big.set(new TextEncoder().encode('{"a'), 8);
    await refused(() => openCheckpoint(new Blob([big, new Uint8Array(50_000_000)])), "E_FORMAT", /header of 50000000 bytes is larger than sae\.js reads/);
  });

  it("BINUNICODE8 and BINBYTES8 within bounds are read; past the end they are refused as truncated", () => {
    const u64 = (v: number) => [...u32(v), 0, 0, 0, 0];
    expect(unpickle(pickle(...op.PROTO2, 0x8d, ...u64(2), "hi", op.STOP), noPid)).toBe("hi");
    expect(unpickle(pickle(...op.PROTO2, 0x8e, ...u64(3), 1, 2, 3, op.STOP), noPid)).toEqual(Uint8Array.of(1, 2, 3));
    expect(() => unpickle(pickle(...op.PROTO2, 0x8d, ...u64(99), "hi", op.STOP), noPid)).toThrow(
      /a length of 99 bytes at byte 3 runs past the \d+-byte pickle/,
    );
  });

  it("k of 0 or -1 in metadata is named as invalid, not as missing", async () => {
    const { writeSafetensors } = await import("../../src/io/safetensors.js");
    for (const k of ["0", "-1", "x"]) {
      const file = concat(
        writeSafetensors(
          [
            { name: "pre_bias", shape: [2], data: new Float32Array(2) },
            { name: "latent_bias", shape: [3], data: new Float32Array(3) },
            { name: "encoder.weight", shape: [3, 2], data: new Float32Array(6) },
            { name: "decoder.weight", shape: [2, 3], data: new Float32Array(6) },
          ],
          { k },
        ),
      );
      await refused(() => loadSae(file), "E_LAYOUT", new RegExp(`the metadata says k="?${k}"?, but k must be a whole number ≥ 1`));
    }
  });
});

describe("npz bombs: members are inflated only when read, into one buffer", () => {
  /**
   * A deflated .npy member of `rows` × 4 float32 zeros, made in a stream (never held whole); its
   * header may claim other rows (`claimRows`).
   */
  async function zeroMember(name: string, rows: number, o: { claimRows?: number; level?: number } = {}): Promise<CraftEntry> {
    const head = npyHeaderFor([o.claimRows ?? rows, 4]);
    const z = createDeflateRaw({ level: o.level ?? 1 });
    const parts: Buffer[] = [];
    z.on("data", (b: Buffer) => parts.push(b));
    const ended = new Promise((r) => z.on("end", r));
    let crc = crc32(head);
    z.write(head);
    const chunk = new Uint8Array(16 << 20),
      total = rows * 16;
    for (let done = 0; done < total; done += chunk.length) {
      const piece = chunk.subarray(0, Math.min(chunk.length, total - done));
      crc = crc32(piece, crc);
      if (!z.write(piece)) await new Promise((r) => z.once("drain", r));
    }
    z.end();
    await ended;
    return { name, data: Buffer.concat(parts), precompressed: true, claimSize: head.length + total, claimCrc: crc };
  }

  it("three members of 256 MB each: listing the arrays or matching a layout inflates none of them", async () => {
    const npz = craftZip(await Promise.all(["a.npy", "b.npy", "c.npy"].map((n) => zeroMember(n, 16 << 20))));
    expect(npz.length).toBeLessThan(4 << 20);
    await refused(() => readEmbeddings(npz), "E_ARG", /npz: several arrays; choose one of a, b, c/);
    await refused(() => loadSae(npz, { k: 1 }), "E_LAYOUT", /no known SAE layout matches the tensors found \(a, b, c\)/);
  }, 60_000);

  it("a member that holds 256 MB behind a header of 4 × 4 is refused from its sizes, before it is inflated", async () => {
    const npz = craftZip([await zeroMember("x.npy", 16 << 20, { claimRows: 4 })]);
    expect(npz.length).toBeLessThan(2 << 20);
    const lie =
      /npz member x\.npy declares 268435\d+ bytes, but its header's shape \(4, 4\) of <f4 and the header make \d+: the member holds more than its array/;
    await refused(() => readEmbeddings(npz), "E_FORMAT", lie);
    await refused(() => loadSae(npz, { k: 1 }), "E_FORMAT", lie);
  }, 60_000);

  it("an honest member of 256 MB of zeros (about 1,000×) is refused unread; SAEJS_ZIP_MAX_RATIO opts in", async () => {
    const npz = craftZip([await zeroMember("x.npy", 16 << 20, { level: 9 })]);
    expect(npz.length).toBeLessThan(1 << 20);
    await refused(
      () => readEmbeddings(npz),
      "E_FORMAT",
      /x\.npy inflates \d+× \(\d+ bytes to 268435\d+\): more than the 100× sae\.js reads.*SAEJS_ZIP_MAX_RATIO=\d+/,
    );
    // A smaller one, read once the ratio is allowed.
    const small = craftZip([await zeroMember("x.npy", 1 << 17, { level: 9 })]);
    await refused(() => readEmbeddings(small), "E_FORMAT", /inflates \d+×/);
    process.env.SAEJS_ZIP_MAX_RATIO = "2000";
    try {
      const x = await readEmbeddings(small);
      expect([x.rows, x.cols]).toEqual([1 << 17, 4]);
    } finally {
      delete process.env.SAEJS_ZIP_MAX_RATIO;
    }
  }, 60_000);
});

/** The header of a float32 .npy of this shape, as NumPy writes it (padded to 64 bytes). */
function npyHeaderFor(shape: number[]): Uint8Array {
  const full = writeNpy(new Float32Array(0), [0, shape[1]!]);
  const text = new TextDecoder().decode(full).replace(/'shape': \(0, /, `'shape': (${shape[0]}, `);
  const dict = text.slice(10).trimEnd();
  const padded = `${dict + " ".repeat(64 - ((10 + dict.length + 1) % 64))}\n`;
  const out = new Uint8Array(10 + padded.length);
  out.set(full.subarray(0, 8));
  new DataView(out.buffer).setUint16(8, padded.length, true);
  out.set(new TextEncoder().encode(padded), 10);
  return out;
}

describe("Parquet and Arrow that lie", () => {
  /** A Thrift compact-protocol PageHeader: type, sizes, and a DataPageHeader of `values` PLAIN values. */
  const pageHeader = (o: { uncompressed: number; compressed: number; values: number }) => {
    const out: number[] = [];
    const varint = (v: number) => {
      let z = v * 2; // zigzag of a non-negative i32
      while (z >= 0x80) {
        out.push((z % 0x80) | 0x80);
        z = Math.floor(z / 0x80);
      }
      out.push(z);
    };
    const i32 = (delta: number, v: number) => {
      out.push((delta << 4) | 5);
      varint(v);
    };
    i32(1, 0); // type DATA_PAGE
    i32(1, o.uncompressed);
    i32(1, o.compressed);
    out.push((2 << 4) | 12); // field 5: data_page_header (struct)
    i32(1, o.values);
    i32(1, 0); // PLAIN
    i32(1, 3); // RLE definition levels
    i32(1, 3); // RLE repetition levels
    out.push(0, 0); // end of both structs
    return Uint8Array.from(out);
  };
  const listPath = { repetition: ["OPTIONAL", "REPEATED", "OPTIONAL"], leaf: { type: "FLOAT" } };
  const decode = async (page: Uint8Array, body = 64) => {
    const { listVectorPages } = await import("../../src/io/parquet-vectors.js");
    const { joinPieces } = await import("../../src/io/table.js");
    const { bytesSource } = await import("../../src/io/source.js");
    const bytes = concat([page, new Uint8Array(body)]);
    const pages = await listVectorPages(
      bytesSource(bytes),
      listPath,
      { codec: "UNCOMPRESSED", start: 0, bytes: bytes.length },
      { rows: 4, rowStart: 0, column: "embedding" },
      {},
    );
    return joinPieces(pages!);
  };

  it("a page claiming a billion values is refused before anything is allocated", async () => {
    await refused(() => decode(pageHeader({ uncompressed: 64, compressed: 64, values: 2 ** 30 })), "E_FORMAT", /a page claims 1073741824 values/);
  });

  it("a page claiming a gigabyte, or running past its column chunk, is refused", async () => {
    await refused(() => decode(pageHeader({ uncompressed: 2 ** 30, compressed: 64, values: 4 })), "E_FORMAT", /a page claims 1073741824 bytes/);
    await refused(() => decode(pageHeader({ uncompressed: 64, compressed: 1 << 20, values: 4 })), "E_FORMAT", /runs past its column chunk/);
  });

  it("a Parquet footer longer than the file, and a truncated Arrow stream, are E_FORMAT", async () => {
    const tail = new Uint8Array(12);
    tail.set([0x50, 0x41, 0x52, 0x31]);
    new DataView(tail.buffer).setUint32(4, 0x7fffffff, true);
    tail.set([0x50, 0x41, 0x52, 0x31], 8);
    await refused(() => readEmbeddings(tail), "E_FORMAT", /not a readable Parquet file/);
    const arrow = await import("apache-arrow");
    const ipc = arrow.tableToIPC(
      new arrow.Table({ e: arrow.vectorFromArray([[1, 2]], new arrow.List(new arrow.Field("item", new arrow.Float32(), true))) }),
      "stream",
    );
    await refused(() => readEmbeddings(ipc.subarray(0, ipc.length - 20)), "E_FORMAT", /not a readable Arrow IPC file or stream/);
  });
});
