// Chromium: the GPU check in the page (SwiftShader's WebGPU adapter), published for the test.
import { gpuCheck, noGpuError } from "./check.js";

const g = globalThis as { __gpu?: unknown };
try {
  g.__gpu = { ...(await gpuCheck()), noAdapter: await noGpuError() };
} catch (e) {
  g.__gpu = { error: String((e as Error)?.stack ?? e) };
}
