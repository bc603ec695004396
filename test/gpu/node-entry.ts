// Node: the GPU check through the `webgpu` package (Dawn), one JSON line on stdout.
import { gpuCheck } from "./check.js";

const { create, globals } = await import("webgpu");
Object.assign(globalThis, globals);
try {
  console.log(JSON.stringify(await gpuCheck(create([]))));
} catch (e) {
  console.log(JSON.stringify({ error: String((e as Error)?.stack ?? e), cases: [] }));
}
process.exit(0);
