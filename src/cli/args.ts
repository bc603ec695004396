// argv → positional arguments and --flags, checked against what each command accepts.
export interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
  /** Every value of a flag given more than once (e.g. --steer), in order. */
  all: Map<string, string[]>;
}

/** Boolean flags take no value; every other --flag takes the next argument. */
const BOOLEAN = new Set(["json", "quiet", "verbose", "help"]);

export function parseArgs(argv: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const all = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--")) {
      const [name, inline] = a.slice(2).split("=", 2) as [string, string | undefined];
      if (BOOLEAN.has(name)) flags.set(name, true);
      else {
        const v = inline ?? argv[++i];
        if (v === undefined) throw new UsageError(`--${name} needs a value`);
        flags.set(name, v);
        all.set(name, [...(all.get(name) ?? []), v]);
      }
    } else positional.push(a);
  }
  return { positional, flags, all };
}

/** A mistake in how the command was called: exit code 2 with the command's help. */
export class UsageError extends Error {}

export function str(p: Parsed, name: string, def?: string): string | undefined {
  const v = p.flags.get(name);
  return v === undefined ? def : v === true ? undefined : v;
}

export function num(p: Parsed, name: string, def?: number, { min = -Infinity, integer = true } = {}): number | undefined {
  const v = str(p, name);
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min) throw new UsageError(`--${name} must be ${integer ? "an integer" : "a number"} ≥ ${min}, got '${v}'`);
  return n;
}

export function need(p: Parsed, index: number, what: string): string {
  const v = p.positional[index];
  if (v === undefined) throw new UsageError(`missing ${what}`);
  return v;
}
