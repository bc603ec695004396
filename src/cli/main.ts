// The `saejs` command line: argv → library calls. The only place that calls process.exit, and
// only once stdout and stderr have drained (a pipe would otherwise lose what is still buffered).
import { createRequire } from "node:module";
import { isSaeError, type SaeError } from "../core/errors.js";
import { checkNumbers, closest, parseArgs, UsageError, type Parsed } from "./args.js";
import { COMMANDS } from "./commands/index.js";
import { checkOutputsApart, type Io } from "./inputs.js";
import { terminalSafe } from "./progress.js";

/** One line per command: the first sentence of its description, wrapped under the name (never cut mid-sentence). */
function commandList(width = 100): string {
  const pad = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 4;
  return Object.entries(COMMANDS)
    .map(([name, c]) => {
      // The description starts after the usage lines ("saejs …") and runs until the first flag.
      const lines = c.help.split("\n").filter((l) => !/^\s*saejs /.test(l));
      const end = lines.findIndex((l) => /^\s*--/.test(l));
      const para = lines.slice(0, end < 0 ? undefined : Math.max(1, end)).join(" ");
      const sentence = (/^.*?\.(?=\s|$)/.exec(para.trim())?.[0] ?? para).replace(/\s+/g, " ").trim();
      const out = [`  ${name.padEnd(pad - 2)}`];
      for (const word of sentence.split(" ")) {
        if (out.at(-1)!.length + 1 + word.length > width && out.at(-1)!.trim().length) out.push(" ".repeat(pad));
        out[out.length - 1] += `${out.at(-1)!.length > pad ? " " : ""}${word}`;
      }
      return out.join("\n");
    })
    .join("\n");
}

const USAGE = `usage: saejs <command> [arguments] [--json] [--quiet] [--verbose] [--help]

commands:
${commandList()}

'saejs <command> --help' describes a command; 'saejs --version' prints the version.
--json prints one JSON object as the last line of stdout; --quiet drops progress; --verbose adds
stack traces to errors.
exit codes: 0 ok, 1 error (one line: "saejs: <code>: <message>"), 2 usage, 130 interrupted (Ctrl-C;
'saejs explore' serving until Ctrl-C ends with 0)`;

/** After Ctrl-C, how long a command may take to stop cleanly (train saves its checkpoint) before the exit. */
const GRACE_MS = 10_000;

function version(): string {
  // dist/cli.js sits one folder below the package's package.json, in the repository and when installed.
  return (createRequire(import.meta.url)("../package.json") as { version: string }).version;
}

/** An error in the words of the command line: a fix the library names as an option becomes a --flag. */
function cliMessage(e: SaeError): string {
  if (!e.fix) return e.message;
  const flag = `--${e.fix.option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const value = e.fix.example === "true" ? "" : ` ${e.fix.example ?? "N"}`;
  return `${e.problem}; pass ${flag}${value}`;
}

async function main(argv: string[], signal: AbortSignal): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-v") {
    console.log(version());
    return 0;
  }
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    const near = closest(name, Object.keys(COMMANDS));
    console.error(`saejs: unknown command '${terminalSafe(name)}'${near ? `; did you mean '${near}'?` : ""}\n\n${USAGE}`);
    return 2;
  }
  let parsed: Parsed;
  try {
    parsed = parseArgs(rest, cmd.flags);
    if (!parsed.flags.has("help") && parsed.positional.length > cmd.maxArgs) {
      throw new UsageError(`unexpected argument '${parsed.positional[cmd.maxArgs]}' (it takes at most ${cmd.maxArgs})`);
    }
  } catch (e) {
    console.error(`saejs ${name}: ${terminalSafe((e as Error).message)}\n\n${cmd.help}`);
    return 2;
  }
  if (parsed.flags.has("help")) {
    console.log(cmd.help);
    return 0;
  }
  const json = parsed.flags.has("json");
  const io: Io = {
    json,
    quiet: json || parsed.flags.has("quiet"),
    signal,
    say: (l) => {
      // Lines carry corpus texts, labels and checkpoint metadata: printed, never run by the terminal.
      if (!json) console.log(terminalSafe(l));
    },
    stderr: process.stderr,
  };
  try {
    // Before any work: numbers in range, and no output that would overwrite an input.
    checkNumbers(parsed);
    await checkOutputsApart(name, parsed);
    const result = await cmd.run(parsed, io);
    if (signal.aborted && !cmd.servesUntilInterrupt) {
      console.error("saejs: interrupted");
      return 130;
    }
    if (json) console.log(JSON.stringify(result ?? {}));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`saejs ${name}: ${terminalSafe(e.message)}\n\n${cmd.help}`);
      return 2;
    }
    if (signal.aborted || isSaeError(e, "E_ABORTED")) {
      console.error("saejs: interrupted");
      return 130;
    }
    // Anything that is not a SaeError is a bug of sae.js, and says so.
    // Messages quote file names, columns and values from the input.
    console.error(
      terminalSafe(
        isSaeError(e)
          ? `saejs: ${e.code}: ${cliMessage(e)}`
          : `saejs: E_INTERNAL: ${(e as Error)?.message ?? String(e)} (a bug in sae.js; --verbose shows where)`,
      ),
    );
    if (parsed.flags.has("verbose")) console.error((e as Error)?.stack);
    return 1;
  }
}

/** Resolves once everything written to `stream` so far has been handed to the OS (or the reader is gone). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    stream.write("", () => resolve());
  });
}

let exiting = false;
async function exit(code: number): Promise<never> {
  exiting = true;
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}

// A reader that goes away (`saejs … | head`) ends the output, not the process with a stack trace.
for (const s of [process.stdout, process.stderr]) s.on("error", () => {});

const ac = new AbortController();
process.on("SIGINT", () => {
  if (ac.signal.aborted) {
    // A second Ctrl-C does not wait for the command to stop cleanly.
    if (!exiting) void exit(130);
    return;
  }
  ac.abort();
  setTimeout(() => {
    if (!exiting) {
      console.error("saejs: interrupted");
      void exit(130);
    }
  }, GRACE_MS).unref();
});
process.on("unhandledRejection", (e) => {
  console.error(`saejs: E_INTERNAL: ${(e as Error)?.message ?? String(e)} (a bug in sae.js)`);
  if (!exiting) void exit(1);
});

main(process.argv.slice(2), ac.signal).then(exit, (e) => {
  console.error(`saejs: E_INTERNAL: ${(e as Error)?.message ?? String(e)} (a bug in sae.js)`);
  return exit(1);
});
