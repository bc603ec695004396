// The WebGPU backend against the reference: in headless Chromium on SwiftShader's adapter
// (--enable-unsafe-webgpu --use-webgpu-adapter=swiftshader; runs in CI), and in Node through the
// `webgpu` package where a Vulkan driver exists (SwiftShader's ICD from Debian's chromium package).
// A missing runtime is named (a failure under SAEJS_REQUIRE_ALL_RUNTIMES=1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join, resolve } from "node:path";
import * as esbuild from "esbuild";
import { ESBUILD_RECIPE } from "../browser/harness.js";
import { available, CHROMIUM, withChromium } from "../chromium.js";
import type { GpuReport } from "./check.js";

const ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";
let dir: string;

beforeAll(async () => {
  // Inside node_modules/.cache so that the Node bundle resolves the `webgpu` package.
  mkdirSync(resolve("node_modules/.cache"), { recursive: true });
  dir = mkdtempSync(join(resolve("node_modules/.cache"), "saejs-gpu-"));
  const common = { bundle: true, format: "esm" as const, target: "es2022", logLevel: "error" as const, mainFields: ["module", "main"] };
  await esbuild.build({
    ...common,
    entryPoints: ["test/gpu/browser-entry.ts"],
    outfile: join(dir, "gpu.js"),
    platform: "browser",
    // The browser build names its optional packages literally; an esbuild app sets them up so.
    ...ESBUILD_RECIPE,
    alias: { ...ESBUILD_RECIPE.alias, saejs: resolve("dist/browser.js") },
  });
  await esbuild.build({
    ...common,
    entryPoints: ["test/gpu/node-entry.ts"],
    outfile: join(dir, "gpu-node.mjs"),
    platform: "node",
    external: ["webgpu"],
    alias: { saejs: resolve("dist/index.js") },
  });
  writeFileSync(join(dir, "index.html"), `<!doctype html><script type="module" src="gpu.js"></script>`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectAgreement(r: GpuReport): void {
  expect(r.error).toBeUndefined();
  expect(r.cases.map((c) => c.name)).toEqual(["small", "relu-topk", "release-width", "k=n"]);
  for (const c of r.cases) {
    expect(c.badIndices, c.name).toBe(0);
    expect(c.nearTies, c.name).toBeLessThanOrEqual(2);
    expect(c.maxValueErr, c.name).toBeLessThan(1e-4);
    expect(c.maxDecodeErr, c.name).toBeLessThan(1e-4);
    expect(c.maxDenseErr, c.name).toBeLessThan(1e-4);
  }
  expect(r.overflow).toMatch(/^E_NONFINITE: encode: a pre-activation of row 1 overflowed float32/);
  expect(r.fallback).toEqual({ backend: expect.stringMatching(/^wasm-/), matches: true, warnings: 1 });
  // Training: PyTorch's 20 steps within the step-4 parity tolerance (as the Wasm trainer: losses
  // 1e-5, parameters 1e-4 relative), dead counts equal; device lost after step 7 → one warning,
  // the Wasm trainer replays from the start and finishes on the reference's trajectory.
  const t = r.train!;
  expect(t.trainer).toBe("gpu");
  expect(t.maxLossErr).toBeLessThan(1e-5);
  expect(t.deadMatches).toBe(true);
  for (const e of [...Object.values(t.vsTorch), ...Object.values(t.vsRef), ...Object.values(t.lost.vsRef)]) expect(e).toBeLessThan(1e-4);
  expect(t.lost).toMatchObject({
    trainer: "wasm",
    warnings: 1,
    message: expect.stringMatching(/GPU device was lost during training .*continuing on the Wasm trainer from step 0, replaying 7 batch/),
  });
  expect(t.repeatable).toBe(true);
  expect(t.noAdapter).toMatch(/^E_NO_GPU: trainer 'gpu'/);
  expect(t.overflow).toMatch(/^E_NONFINITE: trainer: pre-activations of batch row \d+ overflowed float32/);
  expect(t.zeroVariance).toMatch(/^E_ARG: train: the input of this batch has zero variance/);
  console.log(`GPU trainer vs PyTorch after 20 steps: max relative error ${JSON.stringify(t.vsTorch)}, max loss error ${t.maxLossErr.toExponential(2)}`);
}

describe("WebGPU backend", () => {
  it("chromium (SwiftShader): encode, decode, dense decode and 20 training steps agree with the reference and PyTorch; loss falls back to Wasm", async () => {
    if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
    let server: Server | undefined;
    try {
      server = createServer((req, res) => {
        const file = req.url === "/" ? "index.html" : req.url!.slice(1);
        const fixture = /^training\/[\w.]+\.npy$/.test(file) && resolve("test/fixtures", file);
        if (fixture && existsSync(fixture)) return void res.writeHead(200, { "Content-Type": "application/octet-stream" }).end(readFileSync(fixture));
        if (!["index.html", "gpu.js"].includes(file)) return void res.writeHead(404).end();
        res.writeHead(200, { "Content-Type": file.endsWith(".js") ? "text/javascript" : "text/html" }).end(readFileSync(join(dir, file)));
      });
      await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
      const r = await withChromium(
        async (ctx) => {
          const page = await ctx.newPage();
          await page.goto(url);
          await page.waitForFunction(() => (globalThis as { __gpu?: unknown }).__gpu !== undefined, null, { timeout: 240_000 });
          return page.evaluate(() => (globalThis as { __gpu?: unknown }).__gpu) as Promise<GpuReport>;
        },
        ["--enable-unsafe-webgpu", "--use-webgpu-adapter=swiftshader"],
      );
      expectAgreement(r);
      expect(r.adapter).toMatchObject({ architecture: "swiftshader", fallback: true });
      expect(r.noAdapter).toMatch(/^E_NO_GPU: backend 'gpu': this runtime has no WebGPU adapter/);
    } finally {
      server?.close();
    }
  }, 300_000);

  it("node (webgpu package, Vulkan through SwiftShader's ICD): the same agreement", () => {
    const hasPkg = existsSync(resolve("node_modules/webgpu/package.json"));
    if (
      !available(
        "node-webgpu",
        hasPkg && existsSync(ICD),
        hasPkg ? `no Vulkan driver: ${ICD} missing (apt-get install -y chromium)` : "devDependency 'webgpu' not installed",
      )
    )
      return;
    const out = execFileSync(process.execPath, [join(dir, "gpu-node.mjs")], {
      encoding: "utf8",
      timeout: 240_000,
      cwd: resolve("."),
      env: {
        ...process.env,
        VK_ICD_FILENAMES: ICD,
        LD_LIBRARY_PATH: `/usr/lib/chromium${process.env.LD_LIBRARY_PATH ? `:${process.env.LD_LIBRARY_PATH}` : ""}`,
      },
    });
    const r = JSON.parse(out.trim().split("\n").pop()!) as GpuReport;
    expectAgreement(r);
    expect(r.adapter?.architecture).toBe("swiftshader");
  }, 300_000);
});
