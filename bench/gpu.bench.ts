// Encode and train on the WebGPU adapter present against the Wasm kernels, and encode against
// onnxruntime-web's WebGPU backend on the same adapter. Two runtimes: Node through the `webgpu`
// package (here over SwiftShader's Vulkan ICD from Debian's chromium package), measured in a child
// process started with the Vulkan loader's environment (read when a process starts); and Chromium
// (bench/gpu-page.ts), where onnxruntime-web's WebGPU backend runs. --smoke: d=64, n=256, k=8, B=8,
// one timed call each, two training steps; the page's bundle is checked for node: imports.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SaeModel } from "../src/model.js";
import { foldedBias } from "../src/core/model.js";
import { train } from "../src/train/train.js";
import { encoderOnnx } from "./onnx-model.js";
import { Timer, randomSae, randomUnitRows, type BenchOptions } from "./util.js";
import { ESBUILD_RECIPE } from "../test/browser/harness.js";

const ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";
const shape = (o: BenchOptions) => (o.smoke ? { D: 64, N: 256, K: 8, B: 8 } : { D: 1536, N: 3072, K: 16, B: 64 });

export async function benchGpu(opts: BenchOptions): Promise<object> {
  const { D, N, K, B } = shape(opts);
  if (process.env.SAEJS_GPU_CHILD !== "1") {
    const env: NodeJS.ProcessEnv = { ...process.env, SAEJS_GPU_CHILD: "1" };
    // Without a Vulkan driver of its own, use SwiftShader's from Debian's chromium package.
    if (!process.env.VK_ICD_FILENAMES && existsSync(ICD)) {
      env.VK_ICD_FILENAMES = ICD;
      env.LD_LIBRARY_PATH = `/usr/lib/chromium${process.env.LD_LIBRARY_PATH ? `:${process.env.LD_LIBRARY_PATH}` : ""}`;
    }
    const node = await nodeHalf(
      [...process.execArgv, fileURLToPath(import.meta.url), "gpu", ...(opts.quick ? ["--quick"] : []), ...(opts.smoke ? ["--smoke"] : []), "--json"],
      env,
    );
    return { ...node, chromium: await inChromium(opts) };
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
  const w = randomSae(D, N, 1),
    x = randomUnitRows(B, D, 2);
  const timer = Timer.of(opts, opts.quick ? 2 : 5);
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
  // Training before onnxruntime-web: its failure in Node (an "Invalid argument" from its Wasm on
  // the webgpu package's device) left the GPU trainer's first step 30-60 s long after it.
  const trainRows = await trainRates(gpu, opts);
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
  return { bench: "gpu", d: D, n: N, k: K, batch: B, adapter, rows, train: trainRows };
}

/**
 * The Node half in a child process: its result, the last line of its stdout. Once that line is out
 * the child is killed: after onnxruntime-web has run on the webgpu package's device, the process's
 * native teardown at exit spends some 50 s of CPU (SwiftShader) for nothing.
 */
function nodeHalf(args: string[], env: NodeJS.ProcessEnv): Promise<object> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "inherit"], timeout: 600_000 });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const line = out.split("\n").find((l) => l.startsWith('{"bench":"gpu"'));
      if (line && out.endsWith("\n")) {
        child.kill("SIGKILL");
        resolve(JSON.parse(line));
      }
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => reject(new Error(`the gpu bench's Node half exited (${signal ?? code}) without a result`)));
  });
}

/** Training steps per second at the encode shape (batch B): the GPU trainer against the Wasm trainer. */
async function trainRates(gpu: unknown, opts: BenchOptions): Promise<object[]> {
  const { D, N, K, B } = shape(opts);
  const steps = opts.smoke ? 2 : opts.quick ? 3 : 6;
  const x = randomUnitRows(B * steps, D, 3),
    init = randomSae(D, N, 4);
  const out: object[] = [];
  for (const [trainer, workers] of [
    ["gpu", 0],
    ["wasm", 0],
    ["wasm", "auto"],
  ] as const) {
    const at: number[] = [];
    try {
      await train(
        { x, rows: B * steps, nInputs: D },
        { k: K, nLatents: N, batchSize: B },
        {
          init,
          trainer,
          workers,
          gpu: gpu as never,
          onProgress: () => {
            at.push(performance.now());
          },
        },
      );
      // Step times between progress reports (the first step also compiles and uploads).
      const gaps = at
        .slice(1)
        .map((t, i) => t - at[i]!)
        .sort((a, b) => a - b);
      const ms = gaps[gaps.length >> 1]!;
      out.push({ trainer: `${trainer}${workers === "auto" ? "-workers" : ""}`, msPerStep: +ms.toFixed(1), rowsPerSec: Math.round(B / (ms / 1000)) });
      opts.log(
        `train ${`${trainer}${workers === "auto" ? " (workers)" : ""}`.padEnd(16)} d=${D} n=${N} k=${K} batch ${B}: ${ms.toFixed(1)} ms/step = ${Math.round(B / (ms / 1000))} rows/s`,
      );
    } catch (e) {
      out.push({ trainer, notMeasured: (e as Error).message });
      opts.log(`train ${trainer}: not measured: ${(e as Error).message}`);
    }
  }
  return out;
}

/** The page of bench/gpu-page.ts in headless Chromium on SwiftShader's WebGPU adapter, or why not. */
async function inChromium(opts: BenchOptions): Promise<object> {
  const { D, N, K, B } = shape(opts);
  const { CHROMIUM, withChromium } = await import("../test/chromium.js");
  if (!CHROMIUM) return { skipped: "chromium not installed (apt-get install -y chromium)" };
  const esbuild = await import("esbuild");
  const dir = mkdtempSync(join(tmpdir(), "saejs-gpu-bench-"));
  try {
    const built = await esbuild.build({
      entryPoints: [resolve("bench/gpu-page.ts")],
      bundle: true,
      format: "esm",
      target: "es2022",
      platform: "browser",
      outfile: join(dir, "page.js"),
      ...ESBUILD_RECIPE,
      alias: { ...ESBUILD_RECIPE.alias, saejs: resolve("dist/browser.js") },
      logLevel: "error",
      metafile: true,
    });
    // ESBUILD_RECIPE leaves node:* external (PGlite's Node-only branches): a node: import left in
    // the page would fail it at load (issue 32: bench/util.ts's node:fs through the bench's helpers).
    const nodeImports = Object.values(built.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.path.startsWith("node:")).map((i) => i.path));
    if (nodeImports.length)
      throw new Error(`the gpu page's bundle imports ${[...new Set(nodeImports)].join(", ")}: bench/gpu-page.ts must import bench/random.ts, not util.ts`);
    const bundle = { KiB: Math.round(readFileSync(join(dir, "page.js")).length / 1024), nodeImports };
    opts.log(`chromium page bundle: ${bundle.KiB} KiB, no node: imports`);
    writeFileSync(join(dir, "index.html"), `<!doctype html><script type="module" src="page.js"></script>`);
    const w = randomSae(D, N, 1);
    const model = encoderOnnx(w.encoderWeight, foldedBias(w), D, N, K);
    const ortDir = resolve("node_modules/onnxruntime-web/dist");
    const server = createServer((req, res) => {
      const path = new URL(req.url!, "http://x").pathname;
      const type = path.endsWith(".wasm")
        ? "application/wasm"
        : path.endsWith("js")
          ? "text/javascript"
          : path.endsWith(".html") || path === "/"
            ? "text/html"
            : "application/octet-stream";
      const file =
        path === "/model.onnx"
          ? model
          : path.startsWith("/ort/") && /^[\w.-]+$/.test(path.slice(5)) && existsSync(join(ortDir, path.slice(5)))
            ? readFileSync(join(ortDir, path.slice(5)))
            : ["/", "/index.html", "/page.js"].includes(path)
              ? readFileSync(join(dir, path === "/" ? "index.html" : path.slice(1)))
              : undefined;
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, { "Content-Type": type }).end(file);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/?d=${D}&n=${N}&k=${K}&b=${B}&seconds=${opts.quick ? 2 : 5}${opts.smoke ? "&smoke=1" : ""}`;
      const r = await withChromium(
        async (ctx) => {
          const page = await ctx.newPage();
          await page.goto(url);
          await page.waitForFunction(() => (globalThis as { __bench?: unknown }).__bench !== undefined, null, { timeout: 540_000 });
          return page.evaluate(() => (globalThis as { __bench?: unknown }).__bench) as Promise<{
            adapter?: string;
            rows?: { impl: string; ms: number; embPerSec: number; notMeasured?: string }[];
            error?: string;
          }>;
        },
        ["--enable-unsafe-webgpu", "--use-webgpu-adapter=swiftshader"],
      );
      for (const row of r.rows ?? [])
        opts.log(
          `chromium ${row.impl.padEnd(24)} ${row.notMeasured ? `not measured: ${row.notMeasured}` : `B=${B}: ${row.ms.toFixed(1)} ms = ${row.embPerSec} embeddings/s`}`,
        );
      if (r.error) opts.log(`chromium: ${r.error}`);
      return { ...r, bundle };
    } finally {
      server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
