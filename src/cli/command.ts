// What a command is: its usage, description and flag table (from which its parser and --help are
// made), how many arguments it takes, and its body.
import { specOf, type FlagSpec, type Parsed } from "./args.js";
import { helpText, type Flag } from "./flags.js";
import type { Io } from "./inputs.js";

export interface Command {
  readonly help: string;
  /** The flags it takes (beyond --json, --quiet, --verbose, --help): anything else is a usage error. */
  readonly flags: FlagSpec;
  /** The table both `flags` and `help` are made from. */
  readonly table: readonly Flag[];
  /** Positional arguments it takes at most. */
  readonly maxArgs: number;
  /** A server whose normal end is Ctrl-C: that ends it with exit 0 (any other command: 130). */
  readonly servesUntilInterrupt?: boolean;
  run(p: Parsed, io: Io): Promise<object | undefined>;
}

export interface CommandSpec {
  /** The "saejs <name> …" lines. */
  readonly usage: string;
  /** What it does: the first sentence is its line in 'saejs --help'. Indented two spaces. */
  readonly about: string;
  readonly flags: readonly Flag[];
  /** Said after the flags. */
  readonly notes?: string;
  readonly maxArgs: number;
  readonly servesUntilInterrupt?: boolean;
  run(p: Parsed, io: Io): Promise<object | undefined>;
}

/** A command whose parser and help both come from its flag table, so they cannot drift apart. */
export function command(spec: CommandSpec): Command {
  const { usage, about, notes, flags, ...rest } = spec;
  return { ...rest, help: helpText(usage, about, flags, notes), flags: specOf(flags), table: flags };
}
