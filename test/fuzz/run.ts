// `npm run fuzz -- [--cases N] [--seed S] [--only target]`: the parsers' mutation fuzzer.
// Failing inputs are written to fuzz-failures/ for replay.
import { mkdirSync, writeFileSync } from "node:fs";
import { fuzz, targets } from "./fuzz.js";

const USAGE = "usage: npm run fuzz -- [--cases N (100000)] [--seed S (1)] [--only TARGET]";
const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) {
  console.log(`${USAGE}\ntargets: ${(await targets()).map((t) => t.name).join(", ")}`);
  process.exit(0);
}
const values = new Map<string, string>();
for (let i = 0; i < argv.length; i += 2) {
  const [name, value] = [argv[i]!, argv[i + 1]];
  if (!["--cases", "--seed", "--only"].includes(name) || value === undefined) {
    console.error(`fuzz: unknown or incomplete argument '${name}'\n${USAGE}`);
    process.exit(2);
  }
  values.set(name, value);
}
const whole = (name: string, def: number) => {
  const v = values.get(name);
  if (v === undefined) return def;
  if (!/^\d+$/.test(v)) {
    console.error(`fuzz: ${name} must be a whole number, got '${v}'\n${USAGE}`);
    process.exit(2);
  }
  return Number(v);
};
const cases = whole("--cases", 100_000);
const seed = whole("--seed", 1);
const only = values.get("--only") ?? "";
if (only && !(await targets()).some((t) => t.name === only)) {
  console.error(`fuzz: no target '${only}'; targets: ${(await targets()).map((t) => t.name).join(", ")}`);
  process.exit(2);
}
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
