// argv → positional arguments and --flags, checked against the flags each command declares.
import { SaeError } from "../core/errors.js";
import { MAX_WORKERS, NUMBER_FLAGS, type Flag, type NumberRule } from "./flags.js";

export { MAX_WORKERS, NUMBER_FLAGS, type NumberRule };
export interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
  /** Every value of a flag given more than once (e.g. --steer), in order. */
  all: Map<string, string[]>;
}

/** The flags a command takes: those with a value, and booleans (made from its table by specOf). */
export interface FlagSpec {
  readonly values: readonly string[];
  readonly booleans: readonly string[];
}

/** What the parser accepts, from a command's flag table. */
export function specOf(flags: readonly Flag[]): FlagSpec {
  return { values: flags.filter((f) => f.kind !== "boolean").map((f) => f.name), booleans: flags.filter((f) => f.kind === "boolean").map((f) => f.name) };
}

/** Flags every command takes. */
export const GLOBAL_BOOLEANS = ["json", "quiet", "verbose", "help"] as const;

/** A mistake in how the command was called: exit code 2 with the command's help. */
export class UsageError extends Error {}

/** Edit distance counting a swap of two neighbours as one edit ("trian" is one from "train"), for "did you mean". */
export function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

/** The known name closest to `name`, where one is close enough to be a likely typo. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined,
    bestD = Infinity;
  for (const k of known) {
    const d = k.startsWith(name) || name.startsWith(k) ? Math.min(1, distance(name, k)) : distance(name, k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return bestD <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

export function parseArgs(argv: string[], spec: FlagSpec): Parsed {
  const booleans = new Set<string>([...GLOBAL_BOOLEANS, ...spec.booleans]);
  const values = new Set(spec.values);
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const all = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-h") {
      flags.set("help", true);
      continue;
    }
    if (a === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-" || /^-\d/.test(a)) {
      positional.push(a);
      continue;
    }
    if (!a.startsWith("--")) throw new UsageError(`unknown option ${a} (flags are written --name)`);
    const eq = a.indexOf("=");
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    const inline = eq < 0 ? undefined : a.slice(eq + 1);
    if (booleans.has(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
    } else if (values.has(name)) {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, v);
      all.set(name, [...(all.get(name) ?? []), v]);
    } else {
      const near = closest(name, [...values, ...booleans]);
      throw new UsageError(`unknown flag --${name}${near ? `; did you mean --${near}?` : ""}`);
    }
  }
  return { positional, flags, all };
}

export function str(p: Parsed, name: string, def?: string): string | undefined {
  const v = p.flags.get(name);
  return v === undefined ? def : v === true ? undefined : v;
}

const DECIMAL = { integer: /^[+-]?\d+$/, float: /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i };

/** `v` read as the flag's number, or E_ARG naming the flag, the value and the range (only decimal syntax: no 0x10, Infinity, or 1e3 for an integer). */
export function parseNumber(name: string, v: string, rule: NumberRule = NUMBER_FLAGS[name] ?? { integer: false, min: -Infinity, max: Infinity }): number {
  const n = Number(v);
  if (!(rule.integer ? DECIMAL.integer : DECIMAL.float).test(v) || !Number.isFinite(n) || n < rule.min || n > rule.max) {
    const what = rule.integer ? `an integer from ${rule.min} to ${rule.max}` : `a decimal number from ${rule.min} to ${rule.max}`;
    const shown = v.length > 40 ? `${v.slice(0, 40)}…` : v;
    throw new SaeError("E_ARG", `--${name} must be ${what}${rule.word ? ` (or ${rule.word})` : ""}, got '${shown}'`);
  }
  return n;
}

/** Checks every numeric flag given against NUMBER_FLAGS, before the command does any work. */
export function checkNumbers(p: Parsed): void {
  for (const [name, values] of p.all) {
    const rule = NUMBER_FLAGS[name];
    if (rule) for (const v of values) if (v !== rule.word) parseNumber(name, v, rule);
  }
}

/** A numeric flag's value (or `def`), checked against its rule in NUMBER_FLAGS narrowed by `min`. */
export function num(p: Parsed, name: string, def?: number, { min = -Infinity, integer = true } = {}): number | undefined {
  const v = str(p, name);
  if (v === undefined) return def;
  const base = NUMBER_FLAGS[name] ?? { integer, min: -Infinity, max: Infinity };
  return parseNumber(name, v, { ...base, integer: base.integer && integer, min: Math.max(base.min, min) });
}

export function need(p: Parsed, index: number, what: string): string {
  const v = p.positional[index];
  if (v === undefined) throw new UsageError(`missing ${what}`);
  return v;
}
