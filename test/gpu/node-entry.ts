// Node: the GPU check through the `webgpu` package (Dawn), one JSON line on stdout.
import { readFile } from "node:fs/promises";
import { gpuCheck, trainCheck } from "./check.js";

const { create, globals } = await import("webgpu");
Object.assign(globalThis, globals);
try {
  const gpu = create([]);
  const read = async (name: string) => new Uint8Array(await readFile(`test/fixtures/training/${name}`));
  console.log(JSON.stringify({ ...(await gpuCheck(gpu)), train: await trainCheck(read, gpu) }));
} catch (e) {
  console.log(JSON.stringify({ error: String((e as Error)?.stack ?? e), cases: [] }));
}
process.exit(0);
