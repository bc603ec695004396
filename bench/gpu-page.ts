// The GPU bench in Chromium (bench/gpu.bench.ts serves it): sae.js on WebGPU, sae.js on Wasm and
// onnxruntime-web's WebGPU backend, all in one page on the adapter Chromium gives (SwiftShader
// with --use-webgpu-adapter=swiftshader), with the same weights and inputs as the Node side.
import { SaeModel } from "saejs";
import { Timer, randomSae, randomUnitRows } from "./random.js";

interface Row {
  impl: string;
  ms: number;
  embPerSec: number;
  adapter?: string;
  notMeasured?: string;
}
const params = new URLSearchParams(location.search);
const D = Number(params.get("d")),
  N = Number(params.get("n")),
  K = Number(params.get("k")),
  B = Number(params.get("b"));
const timer = Timer.of({ smoke: params.has("smoke") }, Number(params.get("seconds")));
const rows: Row[] = [];
const out = globalThis as { __bench?: unknown };
const record = (impl: string, ms: number, adapter?: string) =>
  rows.push({ impl, ms: +ms.toFixed(2), embPerSec: Math.round(B / (ms / 1000)), ...(adapter ? { adapter } : {}) });
const why = (e: unknown) => String((e as Error)?.message ?? e).split("\n")[0]!;

try {
  const w = randomSae(D, N, 1),
    x = randomUnitRows(B, D, 2);
  let adapter = "none";
  try {
    const g = await SaeModel.fromWeights(w, { k: K, backend: "gpu" });
    const a = g.gpuAdapter!;
    adapter = `${a.vendor} ${a.architecture}${a.fallback ? " (software)" : ""}`.trim();
    record("saejs-gpu", await timer.median(() => g.encode(x)), adapter);
    await g.dispose();
  } catch (e) {
    rows.push({ impl: "saejs-gpu", ms: 0, embPerSec: 0, notMeasured: why(e) });
  }
  const m = await SaeModel.fromWeights(w, { k: K, backend: "wasm", workers: 0 });
  record(`saejs-${m.backend}`, await timer.median(() => m.encode(x)));
  await m.dispose();
  try {
    // Loaded from the package's own files (served at /ort/), as a page would.
    const ort = await import(/* not bundled */ new URL("/ort/ort.webgpu.min.mjs", location.href).href);
    ort.env.wasm.wasmPaths = new URL("/ort/", location.href).href;
    ort.env.wasm.numThreads = 1;
    const model = new Uint8Array(await (await fetch("/model.onnx")).arrayBuffer());
    const session = await ort.InferenceSession.create(model, { executionProviders: ["webgpu"] });
    record("onnxruntime-web-webgpu", await timer.median(() => session.run({ x: new ort.Tensor("float32", x, [B, D]) })), adapter);
    await session.release();
  } catch (e) {
    rows.push({ impl: "onnxruntime-web-webgpu", ms: 0, embPerSec: 0, notMeasured: why(e) });
  }
  out.__bench = { adapter, rows };
} catch (e) {
  out.__bench = { error: String((e as Error)?.stack ?? e) };
}
