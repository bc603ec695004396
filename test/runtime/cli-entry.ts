// Node, Deno and Bun: `<runtime> smoke.js MODEL X_NPY [workers] [backend]` prints the smoke result
// as JSON; an empty workers argument keeps the default, a backend argument replaces plain SIMD.
import type { LoadOptions } from "saejs";
import { smoke } from "./smoke.js";

const g = globalThis as { Deno?: { args: string[]; readFile(p: string): Promise<Uint8Array> }; process?: { argv: string[] } };
const args = g.Deno ? g.Deno.args : g.process!.argv.slice(2);
const [model, xPath, workers, backend] = args as [string, string, string | undefined, LoadOptions["backend"] | undefined];
const specifier = "node:fs/promises";
const readFile = g.Deno ? g.Deno.readFile : ((await import(specifier)) as { readFile(p: string): Promise<Uint8Array> }).readFile;
const options: LoadOptions = { ...(workers ? { workers: Number(workers) } : {}), ...(backend ? { backend } : {}) };
const result = await smoke(model, new Uint8Array(await readFile(xPath)), options);
console.log(JSON.stringify(result));
