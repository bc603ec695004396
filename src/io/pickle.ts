// A safe pickle reader (protocols 2–5) for PyTorch checkpoints: an opcode interpreter that builds
// plain data and calls nothing but the allowlisted constructors below. Any other global,
// INST/OBJ, extension codes or out-of-band buffers are refused with E_UNSAFE_PICKLE naming them.
// see: https://github.com/python/cpython/blob/main/Lib/pickletools.py (opcode reference)
import { preview, SaeError } from "../core/errors.js";

/** A Python tuple (distinguished from a list). */
export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

/** A reference to an allowlisted global such as torch.FloatStorage. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

/** What a torch tensor unpickles to: a view of a storage, materialised later by the caller. */
export class TensorRef {
  constructor(
    readonly storage: StorageRef,
    readonly offset: number,
    readonly shape: readonly number[],
    readonly stride: readonly number[],
  ) {}
}

/** A persistent id ('storage', torch.<Type>Storage, key, location, numel). */
export class StorageRef {
  constructor(
    readonly storageType: string,
    readonly key: string,
    readonly location: string,
    readonly numel: number,
  ) {}
}

/** An ordered dict with the attributes BUILD may set on it (state_dict()._metadata). */
export class PyDict extends Map<PyValue, PyValue> {
  attributes: PyValue = null;
}

export type PyValue = null | boolean | number | bigint | string | Uint8Array | PyValue[] | PyTuple | PyDict | PyGlobal | TensorRef | StorageRef;

const MARK = Symbol("mark");
type StackItem = PyValue | typeof MARK;

/** Storage classes a persistent id may name. */
export const STORAGE_TYPES = [
  "FloatStorage",
  "DoubleStorage",
  "HalfStorage",
  "BFloat16Storage",
  "LongStorage",
  "IntStorage",
  "ShortStorage",
  "CharStorage",
  "ByteStorage",
  "BoolStorage",
] as const;

/** Allowlisted globals: the only names a pickle may reference. */
const ALLOWED = new Set<string>([
  "collections.OrderedDict",
  "torch._utils._rebuild_tensor_v2",
  "torch._utils._rebuild_parameter",
  "torch.Size",
  "builtins.dict",
  "builtins.list",
  "builtins.tuple",
  "__builtin__.dict",
  "__builtin__.list",
  "__builtin__.tuple",
  ...STORAGE_TYPES.map((s) => `torch.${s}`),
]);

export interface PickleLimits {
  /** Most memo entries (default 1,000,000). */
  maxMemo?: number;
  /** Deepest stack (default 1,000,000). */
  maxStack?: number;
  /**
   * Most cells built per byte of pickle (default 64, plus 4,096): a small pickle cannot make the
   * reader do unbounded work or build unbounded containers, however it combines memo, DUP and REDUCE.
   */
  workPerByte?: number;
  /**
   * Most cells built by the pickle, however large it is (default 4,000,000: about 32 MB of heap).
   * A cell is 8 bytes of what the reader builds: a reference pushed, gathered into a container or
   * copied by list()/tuple()/dict() is one; a new list or tuple 4, a dict 25 (an empty Map is ~200
   * bytes), a dict entry 4; a string or bytes one per 8 bytes. torch.save's pickle costs about 117
   * cells a tensor (its hooks are an OrderedDict each): the default holds ~34,000 tensors, and a
   * .pth is allowed more by its entries (see pickleWorkFor); release SAEs' pickles cost under 4,096.
   */
  maxWork?: number;
}

/** The default ceiling of cells built (see PickleLimits.maxWork). */
export const MAX_PICKLE_WORK = 4_000_000;
/** The most cells any pickle may build: about 96 MB. */
export const MAX_PICKLE_WORK_ANY = 12_000_000;

/**
 * The ceiling for a .pth of `entries` ZIP entries: each storage is an entry and a tensor costs ~117
 * cells, so 160 an entry (a state dict of 65,000 tensors, 9 MB of pickle, costs 7.6 million),
 * at least the default and at most MAX_PICKLE_WORK_ANY. An archive of a few entries cannot make
 * its pickle build 96 MB, and is refused in a fraction of the time.
 */
export function pickleWorkFor(entries: number): number {
  return Math.min(MAX_PICKLE_WORK_ANY, Math.max(MAX_PICKLE_WORK, 160 * entries));
}

/** Cells charged for a new list or tuple, and for a new dict, over their elements. */
const LIST_CELLS = 4,
  DICT_CELLS = 25;

function unsafe(msg: string): never {
  throw new SaeError("E_UNSAFE_PICKLE", `pickle: ${msg}`);
}

function toNumber(v: PyValue, what: string): number {
  if (typeof v === "number" && Number.isSafeInteger(v)) return v;
  if (typeof v === "bigint" && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  throw new SaeError("E_FORMAT", `pickle: ${what} must be an integer, got ${preview(v)}`);
}

function intTuple(v: PyValue, what: string): number[] {
  const items = v instanceof PyTuple ? v.items : Array.isArray(v) ? v : undefined;
  if (!items) throw new SaeError("E_FORMAT", `pickle: ${what} must be a tuple of integers`);
  return items.map((x) => toNumber(x, what));
}

/** Calls an allowlisted global; nothing else is ever callable. `charge` counts the elements it copies. */
function call(fn: PyValue, args: PyValue, charge: (n: number) => void): PyValue {
  if (!(fn instanceof PyGlobal)) unsafe(`REDUCE of a non-callable ${describe(fn)}`);
  const a = args instanceof PyTuple ? args.items : unsafe(`REDUCE arguments of ${fn.qualified} must be a tuple`);
  switch (fn.qualified) {
    case "collections.OrderedDict":
    case "builtins.dict":
    case "__builtin__.dict": {
      const d = new PyDict();
      const src = a[0];
      charge(DICT_CELLS + (src instanceof PyDict ? 2 * src.size : Array.isArray(src) ? 2 * src.length : 0));
      if (src instanceof PyDict) for (const [k, v] of src) d.set(k, v);
      else if (Array.isArray(src)) {
        for (const pair of src) {
          if (!(pair instanceof PyTuple) || pair.items.length !== 2) throw new SaeError("E_FORMAT", "pickle: OrderedDict items must be pairs");
          d.set(pair.items[0]!, pair.items[1]!);
        }
      }
      return d;
    }
    case "builtins.list":
    case "__builtin__.list": {
      const items = Array.isArray(a[0]) ? a[0] : a[0] instanceof PyTuple ? a[0].items : [];
      charge(LIST_CELLS + items.length);
      return [...items];
    }
    case "builtins.tuple":
    case "__builtin__.tuple":
    case "torch.Size": {
      const items = Array.isArray(a[0]) ? a[0] : a[0] instanceof PyTuple ? a[0].items : [];
      charge(LIST_CELLS + items.length);
      return new PyTuple([...items]);
    }
    case "torch._utils._rebuild_tensor_v2": {
      const [storage, offset, size, stride] = a;
      if (!(storage instanceof StorageRef)) throw new SaeError("E_FORMAT", "pickle: _rebuild_tensor_v2 needs a storage from a persistent id");
      const shape = intTuple(size ?? null, "tensor size");
      const strides = intTuple(stride ?? null, "tensor stride");
      if (shape.length !== strides.length) throw new SaeError("E_FORMAT", `pickle: tensor size (${shape}) and stride (${strides}) differ in rank`);
      charge(3 * LIST_CELLS + 2 * shape.length);
      return new TensorRef(storage, toNumber(offset ?? null, "tensor offset"), shape, strides);
    }
    case "torch._utils._rebuild_parameter": {
      if (!(a[0] instanceof TensorRef)) throw new SaeError("E_FORMAT", "pickle: _rebuild_parameter needs a tensor");
      return a[0];
    }
    default:
      return unsafe(`global '${fn.qualified}' is not callable`);
  }
}

function describe(v: StackItem | undefined): string {
  if (v === MARK) return "mark";
  if (v instanceof PyGlobal) return `global '${v.qualified}'`;
  if (v === null) return "None";
  if (Array.isArray(v)) return "list";
  return v === undefined ? "nothing" : (v.constructor?.name ?? typeof v);
}

/**
 * Interprets a pickle. `persistentLoad` resolves persistent ids (BINPERSID); torch uses them for
 * storages. Returns the unpickled value; throws E_UNSAFE_PICKLE or E_FORMAT, never executes code.
 */
export function unpickle(data: Uint8Array, persistentLoad: (pid: PyValue) => PyValue, limits: PickleLimits = {}): PyValue {
  const maxMemo = limits.maxMemo ?? 1_000_000;
  const maxStack = limits.maxStack ?? 1_000_000;
  const ceiling = limits.maxWork ?? MAX_PICKLE_WORK;
  const budget = Math.min(ceiling, 4096 + (limits.workPerByte ?? 64) * data.length);
  let work = 0;
  const over = (): never =>
    unsafe(
      `a ${data.length}-byte pickle builds more than ${budget} cells (references, containers, string bytes / 8): refused as an amplification ` +
        `(the limit is 64 a byte, at most ${ceiling}; torch.save needs about 117 a tensor)`,
    );
  // Kept small: it runs on every opcode.
  const charge = (n: number) => {
    work += n;
    if (work > budget) over();
  };
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  const latin1 = new TextDecoder("latin1");
  let pos = 0;
  const stack: StackItem[] = [];
  const memo = new Map<number, PyValue>();

  const need = (n: number | bigint): number => {
    if (typeof n === "bigint" || n > data.length - pos || n < 0)
      throw new SaeError("E_FORMAT", `pickle: truncated at byte ${pos} (needs ${n} more bytes, ${data.length - pos} left)`);
    const at = pos;
    pos += n;
    return at;
  };
  const u8 = () => data[need(1)]!;
  const u16 = () => view.getUint16(need(2), true);
  const u32 = () => view.getUint32(need(4), true);
  const u64 = () => view.getBigUint64(need(8), true);
  // An 8-byte length as a number; beyond what is left it is refused by need() as truncated.
  const u64n = (): number => {
    const at = pos,
      v = u64();
    if (v > BigInt(data.length)) throw new SaeError("E_FORMAT", `pickle: a length of ${v} bytes at byte ${at} runs past the ${data.length}-byte pickle`);
    return Number(v);
  };
  // Every string, bytes object or long is built from these: one cell per 8 bytes.
  const bytes = (n: number | bigint) => {
    const at = need(n);
    charge((pos - at) >>> 3);
    return data.subarray(at, pos);
  };
  // Checkpoints hold hundreds of thousands of short ASCII names: those skip the TextDecoder call.
  const shortAscii = (b: Uint8Array): string | undefined => {
    if (b.length > 64) return undefined;
    for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return undefined;
    return String.fromCharCode.apply(null, b as unknown as number[]);
  };
  const str = (n: number | bigint) => {
    const b = bytes(n);
    const ascii = shortAscii(b);
    if (ascii !== undefined) return ascii;
    try {
      return utf8.decode(b);
    } catch {
      throw new SaeError("E_FORMAT", `pickle: invalid UTF-8 string at byte ${pos}`);
    }
  };
  const line = (): string => {
    const end = data.indexOf(0x0a, pos);
    if (end < 0) throw new SaeError("E_FORMAT", `pickle: truncated text argument at byte ${pos}`);
    const b = data.subarray(pos, end);
    charge(b.length >>> 3);
    const s = shortAscii(b) ?? latin1.decode(b);
    pos = end + 1;
    return s;
  };
  const push = (v: StackItem) => {
    if (++work > budget) over();
    if (stack.length >= maxStack) unsafe(`stack deeper than ${maxStack}`);
    stack.push(v);
  };
  // A new container: its own cells, then the reference to it.
  const pushNew = (v: PyValue, cells: number) => {
    work += cells;
    push(v);
  };
  const pop = (): PyValue => {
    const v = stack.pop();
    if (v === undefined) throw new SaeError("E_FORMAT", `pickle: stack underflow at byte ${pos}`);
    if (v === MARK) throw new SaeError("E_FORMAT", `pickle: unexpected mark at byte ${pos}`);
    return v;
  };
  const top = (): PyValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) throw new SaeError("E_FORMAT", `pickle: stack underflow at byte ${pos}`);
    return v;
  };
  const popMark = (): PyValue[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) throw new SaeError("E_FORMAT", `pickle: no mark to pop at byte ${pos}`);
    charge(stack.length - at);
    const items = stack.splice(at) as PyValue[];
    items.shift();
    return items;
  };
  const memoPut = (i: number, v: PyValue) => {
    if (!memo.has(i) && memo.size >= maxMemo) unsafe(`memo larger than ${maxMemo} entries`);
    memo.set(i, v);
  };
  const memoGet = (i: number): PyValue => {
    const v = memo.get(i);
    if (v === undefined) throw new SaeError("E_FORMAT", `pickle: memo key ${i} is not set`);
    return v;
  };
  // A checkpoint names the same few globals once or more per tensor: each is checked and made once.
  const globals = new Map<string, PyGlobal>();
  const global = (module: string, name: string): PyGlobal => {
    const q = `${module}.${name}`;
    let g = globals.get(q);
    if (!g) {
      if (!ALLOWED.has(q))
        unsafe(`global '${q}' is not allowed; a checkpoint may reference only ${[...ALLOWED].filter((a) => !a.startsWith("__builtin__")).join(", ")}`);
      g = new PyGlobal(module, name);
      globals.set(q, g);
    }
    return g;
  };
  const setItems = (d: PyValue, items: PyValue[]) => {
    if (!(d instanceof PyDict)) unsafe(`SETITEM on ${describe(d)}`);
    if (items.length % 2) throw new SaeError("E_FORMAT", "pickle: SETITEMS with an odd number of items");
    charge(2 * items.length); // a Map entry and its share of the table
    for (let i = 0; i < items.length; i += 2) {
      const k = items[i]!;
      if (Array.isArray(k) || k instanceof PyDict) unsafe("unhashable dict key");
      d.set(k, items[i + 1]!);
    }
  };
  const appendItems = (l: PyValue, items: PyValue[]) => {
    if (!Array.isArray(l)) unsafe(`APPEND on ${describe(l)}`);
    charge(items.length);
    for (const it of items) l.push(it);
  };

  for (;;) {
    if (pos >= data.length) throw new SaeError("E_FORMAT", `pickle: truncated (no STOP opcode after ${data.length} bytes)`);
    const op = data[pos++]!;
    switch (op) {
      case 0x80: {
        const v = u8();
        if (v > 5) throw new SaeError("E_FORMAT", `pickle: protocol ${v} is newer than 5`);
        break;
      } // PROTO
      case 0x95:
        u64();
        break; // FRAME: framing is a hint only
      case 0x2e: {
        // STOP
        const v = pop();
        return v;
      }
      case 0x28:
        push(MARK);
        break; // MARK
      case 0x30:
        pop();
        break; // POP
      case 0x31:
        popMark();
        break; // POP_MARK
      case 0x32:
        push(top());
        break; // DUP
      case 0x4e:
        push(null);
        break; // NONE
      case 0x88:
        push(true);
        break; // NEWTRUE
      case 0x89:
        push(false);
        break; // NEWFALSE
      case 0x4a:
        push(view.getInt32(need(4), true));
        break; // BININT
      case 0x4b:
        push(u8());
        break; // BININT1
      case 0x4d:
        push(u16());
        break; // BININT2
      case 0x8a:
      case 0x8b: {
        // LONG1, LONG4: little-endian two's complement
        const n = op === 0x8a ? u8() : u32();
        if (n > 4096) unsafe(`integer of ${n} bytes`);
        const b = bytes(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
        if (n > 0 && b[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
        push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47:
        push(view.getFloat64(need(8), false));
        break; // BINFLOAT (big-endian)
      case 0x58:
        push(str(u32()));
        break; // BINUNICODE
      case 0x8c:
        push(str(u8()));
        break; // SHORT_BINUNICODE
      case 0x8d:
        push(str(u64n()));
        break; // BINUNICODE8
      case 0x54: {
        const n = view.getInt32(need(4), true);
        push(latin1.decode(bytes(n)));
        break;
      } // BINSTRING
      case 0x55:
        push(latin1.decode(bytes(u8())));
        break; // SHORT_BINSTRING
      case 0x42:
        push(bytes(u32()).slice());
        break; // BINBYTES
      case 0x43:
        push(bytes(u8()).slice());
        break; // SHORT_BINBYTES
      case 0x8e:
      case 0x96:
        push(bytes(u64n()).slice());
        break; // BINBYTES8, BYTEARRAY8
      case 0x5d:
        pushNew([], LIST_CELLS);
        break; // EMPTY_LIST
      case 0x29:
        pushNew(new PyTuple([]), LIST_CELLS);
        break; // EMPTY_TUPLE
      case 0x7d:
        pushNew(new PyDict(), DICT_CELLS);
        break; // EMPTY_DICT
      case 0x8f:
        pushNew([], LIST_CELLS);
        break; // EMPTY_SET (kept as a list)
      case 0x74:
        pushNew(new PyTuple(popMark()), LIST_CELLS);
        break; // TUPLE
      case 0x85:
        pushNew(new PyTuple([pop()]), LIST_CELLS + 1);
        break; // TUPLE1
      case 0x86: {
        const b = pop(),
          a = pop();
        pushNew(new PyTuple([a, b]), LIST_CELLS + 2);
        break;
      } // TUPLE2
      case 0x87: {
        const c = pop(),
          b = pop(),
          a = pop();
        pushNew(new PyTuple([a, b, c]), LIST_CELLS + 3);
        break;
      } // TUPLE3
      case 0x6c:
        pushNew(popMark(), LIST_CELLS);
        break; // LIST
      case 0x64: {
        const items = popMark();
        const d = new PyDict();
        setItems(d, items);
        pushNew(d, DICT_CELLS);
        break;
      } // DICT
      case 0x61: {
        const v = pop();
        appendItems(top(), [v]);
        break;
      } // APPEND
      case 0x65: {
        const items = popMark();
        appendItems(top(), items);
        break;
      } // APPENDS
      case 0x90: {
        const items = popMark();
        appendItems(top(), items);
        break;
      } // ADDITEMS
      case 0x91:
        pushNew(popMark(), LIST_CELLS);
        break; // FROZENSET
      case 0x73: {
        const v = pop(),
          k = pop();
        setItems(top(), [k, v]);
        break;
      } // SETITEM
      case 0x75: {
        const items = popMark();
        setItems(top(), items);
        break;
      } // SETITEMS
      case 0x71:
        memoPut(u8(), top());
        break; // BINPUT
      case 0x72:
        memoPut(u32(), top());
        break; // LONG_BINPUT
      case 0x94:
        memoPut(memo.size, top());
        break; // MEMOIZE
      case 0x68:
        push(memoGet(u8()));
        break; // BINGET
      case 0x6a:
        push(memoGet(u32()));
        break; // LONG_BINGET
      case 0x63: {
        const module = line();
        const name = line();
        push(global(module, name));
        break;
      } // GLOBAL
      case 0x93: {
        // STACK_GLOBAL
        const name = pop(),
          module = pop();
        if (typeof module !== "string" || typeof name !== "string") unsafe("STACK_GLOBAL with non-string names");
        push(global(module, name));
        break;
      }
      case 0x52: {
        const args = pop(),
          fn = pop();
        push(call(fn, args, charge));
        break;
      } // REDUCE
      case 0x81: {
        // NEWOBJ: cls.__new__(cls, *args), allowed for the container classes only
        const args = pop(),
          cls = pop();
        if (!(cls instanceof PyGlobal) || cls.qualified !== "collections.OrderedDict") unsafe(`NEWOBJ of ${describe(cls)}`);
        push(call(cls, args, charge));
        break;
      }
      case 0x62: {
        // BUILD: only attributes on an OrderedDict (state_dict()._metadata)
        const state = pop();
        const obj = top();
        if (!(obj instanceof PyDict)) unsafe(`BUILD on ${describe(obj)}`);
        obj.attributes = state;
        break;
      }
      case 0x51:
        pushNew(persistentLoad(pop()), LIST_CELLS);
        break; // BINPERSID
      case 0x50:
        pushNew(persistentLoad(line()), LIST_CELLS);
        break; // PERSID
      case 0x69:
        return unsafe("opcode INST (instantiates an arbitrary class) is not allowed");
      case 0x6f:
        return unsafe("opcode OBJ (instantiates an arbitrary class) is not allowed");
      case 0x92:
        return unsafe("opcode NEWOBJ_EX is not allowed");
      case 0x82:
      case 0x83:
      case 0x84:
        return unsafe("extension-registry opcodes (EXT1/2/4) are not allowed");
      case 0x97:
      case 0x98:
        return unsafe("out-of-band buffers (NEXT_BUFFER, READONLY_BUFFER) are not allowed");
      default:
        throw new SaeError("E_FORMAT", `pickle: unsupported opcode 0x${op.toString(16).padStart(2, "0")} at byte ${pos - 1}`);
    }
  }
}
