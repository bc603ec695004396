// Node, Deno and Bun: `<runtime> smoke.js MODEL X_NPY [workers]` prints the smoke result as JSON.
import { smoke } from "./smoke.js";

const g = globalThis as { Deno?: { args: string[]; readFile(p: string): Promise<Uint8Array> }; process?: { argv: string[] } };
const args = g.Deno ? g.Deno.args : g.process!.argv.slice(2);
const [model, xPath, workers] = args as [string, string, string | undefined];
const specifier = "node:fs/promises";
const readFile = g.Deno ? g.Deno.readFile : ((await import(specifier)) as { readFile(p: string): Promise<Uint8Array> }).readFile;
const result = await smoke(model, new Uint8Array(await readFile(xPath)), workers !== undefined ? { workers: Number(workers) } : {});
console.log(JSON.stringify(result));
