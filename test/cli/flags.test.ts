// Every command's --help and its parser agree: each flag it accepts is documented in the help the
// real CLI prints, and each flag documented there is accepted, both made from the command's flag table.
import { describe, expect, it } from "vitest";
import { GLOBAL_BOOLEANS, parseArgs, UsageError } from "../../src/cli/args.js";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { FLAGS, GLOBAL_FLAGS, NUMBER_FLAGS } from "../../src/cli/flags.js";
import { saejs } from "../cli-runner.js";

/** The flags a help text documents: lines "  --name [VALUE]  help", not flags named in prose. */
function documented(help: string): { name: string; value: string | undefined }[] {
  return [...help.matchAll(/^ {2}--([a-z][a-z-]*)(?: (\S+))?(?: {2,}|$)/gm)].map((m) => ({ name: m[1]!, value: m[2] }));
}

describe.each(Object.keys(COMMANDS))("saejs %s", (name) => {
  const cmd = COMMANDS[name]!;
  const accepted = [...cmd.flags.values, ...cmd.flags.booleans, ...GLOBAL_BOOLEANS].sort();

  it("documents in --help every flag it accepts, and accepts every flag it documents", async () => {
    const r = await saejs(process.cwd(), name, "--help");
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd()).toBe(cmd.help);
    const docs = documented(r.stdout);
    const names = docs.map((d) => d.name);
    expect(new Set(names).size, "each flag documented once").toBe(names.length);
    expect([...names].sort()).toEqual(accepted);
    // A flag documented with a value takes one; one documented without is a boolean.
    for (const d of docs) {
      if (d.value === undefined) expect(() => parseArgs([`--${d.name}`], cmd.flags), `--${d.name}`).not.toThrow();
      else expect(parseArgs([`--${d.name}`, "x"], cmd.flags).flags.get(d.name), `--${d.name} ${d.value}`).toBe("x");
    }
  });

  it("is made from its table: the parser takes exactly the table's flags, each as the catalog defines it", () => {
    const table = [...cmd.table, ...GLOBAL_FLAGS];
    expect(table.map((f) => f.name).sort()).toEqual(accepted);
    for (const f of cmd.table) {
      const known = (FLAGS as Record<string, (typeof cmd.table)[number]>)[f.name];
      expect(known, `--${f.name} is in the catalog`).toBeDefined();
      expect(f.kind, `--${f.name}`).toBe(known!.kind);
      if (f.kind === "integer" || f.kind === "number") expect(NUMBER_FLAGS[f.name], `--${f.name} has a range`).toEqual(f.rule);
      if (f.kind === "enum") expect(f.value).toBe(f.choices!.join("|"));
    }
    expect(() => parseArgs(["--no-such-flag"], cmd.flags)).toThrow(UsageError);
  });
});

describe("the drift this table ended", () => {
  it("--workers is documented wherever it is accepted, and search documents --labels", () => {
    for (const [name, cmd] of Object.entries(COMMANDS)) if (cmd.flags.values.includes("workers")) expect(cmd.help, name).toMatch(/^ {2}--workers /m);
    expect(COMMANDS.search!.help).toMatch(/^ {2}--labels FILE /m);
  });
});
