// Encode on the WebGPU adapter present (in Node: the `webgpu` package; here SwiftShader's Vulkan
// ICD from Debian's chromium package) against the Wasm kernels and onnxruntime-web's WebGPU
// backend on the same adapter. The measuring runs in a child process started with the Vulkan
// loader's environment (it is read when the process starts).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SaeModel } from "../src/model.js";
import { foldedBias } from "../src/core/model.js";
import { encoderOnnx } from "./onnx-model.js";
import { Timer, randomSae, randomUnitRows, type BenchOptions } from "./util.js";

const ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";
const D = 1536, N = 3072, K = 16, B = 64;

export async function benchGpu(opts: BenchOptions): Promise<object> {
  if (process.env.SAEJS_GPU_CHILD !== "1") {
    const env: NodeJS.ProcessEnv = { ...process.env, SAEJS_GPU_CHILD: "1" };
    // Without a Vulkan driver of its own, use SwiftShader's from Debian's chromium package.
    if (!process.env.VK_ICD_FILENAMES && existsSync(ICD)) {
      env.VK_ICD_FILENAMES = ICD;
      env.LD_LIBRARY_PATH = `/usr/lib/chromium${process.env.LD_LIBRARY_PATH ? `:${process.env.LD_LIBRARY_PATH}` : ""}`;
    }
    const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "gpu", ...(opts.quick ? ["--quick"] : []), "--json"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 600_000 });
    const result = JSON.parse(out.trim().split("\n").pop()!);
    return result;
  }
  let webgpu: typeof import("webgpu");
  try {
    webgpu = await import("webgpu");
  } catch {
    opts.log("gpu: SKIPPED, devDependency 'webgpu' not installed");
    return { bench: "gpu", skipped: "webgpu package missing" };
  }
  Object.assign(globalThis, webgpu.globals);
  const gpu = webgpu.create([]);
  const w = randomSae(D, N, 1), x = randomUnitRows(B, D, 2);
  const timer = new Timer(opts.quick ? 2 : 5);
  const rows: { impl: string; adapter?: string; embPerSec: number; ms: number }[] = [];
  const record = (impl: string, ms: number, adapter?: string) => {
    rows.push({ impl, ...(adapter ? { adapter } : {}), ms: +ms.toFixed(2), embPerSec: Math.round(B / (ms / 1000)) });
    opts.log(`${impl.padEnd(24)} ${adapter ?? ""} B=${B}: ${ms.toFixed(1)} ms = ${rows.at(-1)!.embPerSec} embeddings/s`);
  };
  let adapter = "none";
  try {
    const g = await SaeModel.fromWeights(w, { k: K, backend: "gpu", gpu });
    const a = g.gpuAdapter!;
    adapter = `${a.vendor} ${a.architecture}${a.fallback ? " (software)" : ""}`.trim();
    record("saejs-gpu", await timer.median(() => g.encode(x)), adapter);
    await g.dispose();
  } catch (e) {
    opts.log(`saejs-gpu: not measured: ${(e as Error).message}`);
  }
  for (const workers of [0, 2]) {
    const m = await SaeModel.fromWeights(w, { k: K, backend: "wasm", workers });
    record(`saejs-${m.backend}${workers ? `-${workers}w` : ""}`, await timer.median(() => m.encode(x)));
    await m.dispose();
  }
  try {
    (globalThis as { navigator?: object }).navigator ??= {};
    Object.defineProperty((globalThis as unknown as { navigator: object }).navigator, "gpu", { value: gpu, configurable: true });
    const ort = await import("onnxruntime-web/webgpu");
    const session = await ort.InferenceSession.create(encoderOnnx(w.encoderWeight, foldedBias(w), D, N, K), { executionProviders: ["webgpu"] });
    record("onnxruntime-web-webgpu", await timer.median(() => session.run({ x: new ort.Tensor("float32", x, [B, D]) })), adapter);
    await session.release();
  } catch (e) {
    opts.log(`onnxruntime-web-webgpu: not measured in Node: ${String((e as Error).message ?? e).split("\n")[0]}`);
    rows.push({ impl: "onnxruntime-web-webgpu", embPerSec: 0, ms: 0, ...{ notMeasured: String((e as Error).message ?? e).split("\n")[0] } });
  }
  return { bench: "gpu", d: D, n: N, k: K, batch: B, adapter, rows };
}
