// The `saejs` command line: argv → library calls. The only place that calls process.exit.
import { isSaeError } from "../core/errors.js";
import { parseArgs, UsageError } from "./args.js";
import { COMMANDS, type Io } from "./commands.js";

const USAGE = `usage: saejs <command> [arguments] [--json] [--quiet] [--verbose] [--help]

commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)}${c.help.split("\n")[1]!.trim()}`).join("\n")}

'saejs <command> --help' describes a command. --json prints one JSON object as the last line;
--quiet drops progress; --verbose adds stack traces to errors.
exit codes: 0 ok, 1 error (one line: "saejs: <code>: <message>"), 2 usage, 130 interrupted (Ctrl-C)`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "help") {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    console.error(`saejs: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs(rest);
  } catch (e) {
    console.error(`saejs ${name}: ${(e as Error).message}\n\n${cmd.help}`);
    return 2;
  }
  if (parsed.flags.has("help")) {
    console.log(cmd.help);
    return 0;
  }
  const json = parsed.flags.has("json");
  const ac = new AbortController();
  process.once("SIGINT", () => ac.abort());
  const io: Io = { json, quiet: json || parsed.flags.has("quiet"), signal: ac.signal, say: (l) => { if (!json) console.log(l); }, stderr: process.stderr };
  try {
    const result = await cmd.run(parsed, io);
    if (json) console.log(JSON.stringify(result ?? {}));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`saejs ${name}: ${e.message}\n\n${cmd.help}`);
      return 2;
    }
    if (isSaeError(e, "E_ABORTED")) {
      console.error(`saejs: interrupted`);
      return 130;
    }
    const code = isSaeError(e) ? e.code : "E_INTERNAL";
    console.error(`saejs: ${code}: ${(e as Error)?.message ?? e}`);
    if (parsed.flags.has("verbose")) console.error((e as Error)?.stack);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
