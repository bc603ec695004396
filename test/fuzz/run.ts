// `npm run fuzz -- [--cases N] [--seed S] [--only target]`: the parsers' mutation fuzzer.
// Failing inputs are written to fuzz-failures/ for replay.
import { mkdirSync, writeFileSync } from "node:fs";
import { fuzz, targets } from "./fuzz.js";

const argv = process.argv.slice(2);
const arg = (name: string, def: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1]! : def; };
const cases = Number(arg("--cases", "100000"));
const seed = Number(arg("--seed", "1"));
const only = arg("--only", "");
let failed = 0;
for (const t of await targets()) {
  if (only && t.name !== only) continue;
  const r = await fuzz(t, cases, seed);
  console.log(`${t.name.padEnd(12)} ${r.cases} cases in ${(r.ms / 1000).toFixed(1)} s, ${r.failures.length} failures`);
  for (const f of r.failures.slice(0, 5)) {
    mkdirSync("fuzz-failures", { recursive: true });
    const path = `fuzz-failures/${t.name}-${seed}-${f.index}.bin`;
    writeFileSync(path, f.input);
    console.log(`  case ${f.index} (${path}): ${f.error.split("\n").slice(0, 3).join(" | ")}`);
  }
  failed += r.failures.length;
}
process.exit(failed ? 1 : 0);
