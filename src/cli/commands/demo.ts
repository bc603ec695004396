// `saejs demo`: the bundled corpus embedded, an SAE trained, its features labelled, a report written.
import { runDemo } from "../../demo/demo.js";
import { num, NUMBER_FLAGS, parseNumber, str, UsageError } from "../args.js";
import { command } from "../command.js";
import { as, table } from "../flags.js";
import { checkOutFile } from "../inputs.js";
export const demoCommand = command({
  usage: `saejs demo [--limit N] [--out report.html]`,
  about: `  The main job: embed the bundled corpus, train an SAE, print labelled features, write a report.
  Embeds the bundled WordNet science corpus offline (cached), trains a top-k SAE, prints its
  metrics and labelled features, and writes an HTML report.`,
  flags: table(as("limit", "use at most N texts (env SAEJS_DEMO_LIMIT)"), as("out", "the report", "saejs-report.html")),
  maxArgs: 0,
  async run(p, io) {
    const envLimit = process.env.SAEJS_DEMO_LIMIT;
    if (envLimit !== undefined && !/^\d+$/.test(envLimit.trim())) throw new UsageError(`SAEJS_DEMO_LIMIT must be an integer ≥ 50, got '${envLimit}'`);
    const limit = num(p, "limit", envLimit ? parseNumber("limit", envLimit.trim(), { ...NUMBER_FLAGS.limit!, min: 50 }) : undefined, { min: 50 });
    const out = await checkOutFile(str(p, "out", "saejs-report.html")!);
    await checkOutFile("saejs-demo.safetensors");
    const r = await runDemo({ ...(limit ? { limit } : {}), out, signal: io.signal, log: io.say });
    const { density: _d, ...metrics } = r.metrics;
    return {
      texts: r.texts,
      report: r.report,
      model: r.model,
      corpus: r.corpus,
      explore: r.explore,
      embeddingsCached: r.embeddingsCached,
      metrics,
      frequent: r.frequent.map((f) => ({ index: f.index, density: f.density, label: f.label })),
      distinctive: r.distinctive.map((f) => ({ index: f.index, density: f.density, label: f.label })),
    };
  },
});
