// Chromium: the GPU check in the page (SwiftShader's WebGPU adapter), published for the test.
import { gpuCheck, noGpuError, trainCheck } from "./check.js";

const g = globalThis as { __gpu?: unknown };
const read = async (name: string) => new Uint8Array(await (await fetch(`training/${name}`)).arrayBuffer());
try {
  g.__gpu = { ...(await gpuCheck()), noAdapter: await noGpuError(), train: await trainCheck(read) };
} catch (e) {
  g.__gpu = { error: String((e as Error)?.stack ?? e) };
}
