// The `saejs` command line: argv → library calls. The only place that calls process.exit.
import { resolve } from "node:path";
import { bestBackend } from "../kernels/backend.js";
import { isSaeError } from "../core/errors.js";
import { runDemo } from "../demo/demo.js";

const USAGE = `usage: saejs <command> [options]

commands:
  demo     embed the bundled WordNet science corpus (Universal Sentence Encoder lite, offline,
           cached), train a top-k SAE on it, print its metrics and features, write an HTML report
  info     show the kernel backend this runtime selects

options:
  --limit N   demo: use at most N texts (default: all; env SAEJS_DEMO_LIMIT)
  --out PATH  demo: where to write the report (default saejs-report.html)
  --json      machine-readable output (the last line is one JSON object)
  --quiet     no progress lines
  --verbose   stack traces with errors
  --help      this text

exit codes: 0 ok, 1 error (one line with its code), 2 usage, 130 interrupted (Ctrl-C)`;

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const quiet = argv.includes("--quiet") || json;
  const verbose = argv.includes("--verbose");
  const cmd = argv.find((a, i) => !a.startsWith("-") && !["--limit", "--out"].includes(argv[i - 1] ?? ""));
  if (argv.includes("--help") || !cmd) {
    console.log(USAGE);
    return cmd || argv.includes("--help") ? 0 : 2;
  }
  const ac = new AbortController();
  process.once("SIGINT", () => ac.abort());
  try {
    if (cmd === "info") {
      const info = { backend: bestBackend() };
      console.log(json ? JSON.stringify(info) : `backend: ${info.backend}`);
    } else if (cmd === "demo") {
      const limitText = flag(argv, "--limit") ?? process.env.SAEJS_DEMO_LIMIT;
      const limit = limitText === undefined ? undefined : Number(limitText);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 50)) {
        console.error(`saejs: --limit must be an integer ≥ 50, got ${limitText}`);
        return 2;
      }
      const r = await runDemo({
        ...(limit ? { limit } : {}),
        out: resolve(flag(argv, "--out") ?? "saejs-report.html"),
        signal: ac.signal,
        log: (line) => { if (!quiet) console.log(line); },
      });
      if (json) {
        const { density: _density, ...metrics } = r.metrics;
        console.log(JSON.stringify({ texts: r.texts, report: r.report, embeddingsCached: r.embeddingsCached, metrics, frequent: r.frequent.map((f) => ({ index: f.index, density: f.density, label: f.label })), distinctive: r.distinctive.map((f) => ({ index: f.index, density: f.density, label: f.label })) }));
      }
    } else {
      console.error(`saejs: unknown command '${cmd}'\n\n${USAGE}`);
      return 2;
    }
    return 0;
  } catch (e) {
    if (isSaeError(e, "E_ABORTED")) {
      console.error("saejs: interrupted");
      return 130;
    }
    const code = isSaeError(e) ? e.code : "E_INTERNAL";
    console.error(`saejs: ${code}: ${(e as Error).message}`);
    if (verbose) console.error((e as Error).stack);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
