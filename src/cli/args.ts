// argv → positional arguments and --flags, checked against the flags each command declares.
export interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
  /** Every value of a flag given more than once (e.g. --steer), in order. */
  all: Map<string, string[]>;
}

/** The flags a command takes: those with a value, and booleans. */
export interface FlagSpec {
  readonly values: readonly string[];
  readonly booleans: readonly string[];
}

/** Flags every command takes. */
export const GLOBAL_BOOLEANS = ["json", "quiet", "verbose", "help"] as const;

/** A mistake in how the command was called: exit code 2 with the command's help. */
export class UsageError extends Error {}

/** Edit distance, for "did you mean" (flag names are short). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
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

export function num(p: Parsed, name: string, def?: number, { min = -Infinity, integer = true } = {}): number | undefined {
  const v = str(p, name);
  if (v === undefined) return def;
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min)
    throw new UsageError(`--${name} must be ${integer ? "an integer" : "a number"} ≥ ${min}, got '${v}'`);
  return n;
}

export function need(p: Parsed, index: number, what: string): string {
  const v = p.positional[index];
  if (v === undefined) throw new UsageError(`missing ${what}`);
  return v;
}
