// The runtime matrix: one smoke script in Node (the test's own, and Node 20, 22, 24 and 26 from
// test/runtime/nodes), Deno, Bun, headless Chromium (with and without cross-origin isolation) and
// workerd; every SHA-256 of the codes equals Node's. A runtime missing here is named; with
// SAEJS_REQUIRE_ALL_RUNTIMES=1 (CI) that fails the run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as esbuild from "esbuild";
import { DuckDBInstance } from "@duckdb/node-api";
import { readEmbeddings } from "../../src/index.js";
import { nodeBinary, NODE_VERSIONS } from "./nodes.js";
import type { SmokeResult } from "./smoke.js";
import { available, CHROMIUM, withChromium } from "../chromium.js";
import { ESBUILD_RECIPE } from "../browser/harness.js";

const ROOT = process.cwd();
const MODEL = resolve("test/fixtures/golden/small.safetensors");
const X = resolve("test/fixtures/golden/small.x.npy");
let dir: string;
let node: SmokeResult;
let edgeRows: { rows: number; cols: number; data: Float32Array };

function runCli(cmd: string, args: string[]): SmokeResult {
  const out = execFileSync(cmd, args, { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] });
  return JSON.parse(out.trim().split("\n").pop()!);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-runtimes-"));
  const common = { bundle: true, format: "esm" as const, target: "es2022", logLevel: "error" as const, mainFields: ["module", "main"] };
  // Each runtime gets the bundle its package.json export condition names.
  const bundle = (name: string) => ({ saejs: resolve("dist", name) });
  await esbuild.build({
    ...common,
    entryPoints: ["test/runtime/cli-entry.ts"],
    outfile: join(dir, "smoke.mjs"),
    platform: "neutral",
    external: ["node:*"],
    alias: bundle("index.js"),
  });
  await esbuild.build({
    ...common,
    entryPoints: ["test/runtime/browser-entry.ts"],
    outfile: join(dir, "browser.js"),
    platform: "browser",
    // The browser build names its optional packages literally; an esbuild app sets them up so.
    ...ESBUILD_RECIPE,
    alias: { ...ESBUILD_RECIPE.alias, ...bundle("browser.js") },
  });
  await esbuild.build({
    ...common,
    entryPoints: ["test/runtime/workerd-entry.ts"],
    outfile: join(dir, "worker.mjs"),
    platform: "neutral",
    external: ["./saejs-simd.wasm"],
    loader: { ".safetensors": "binary", ".npy": "binary" },
    alias: bundle("edge.js"),
  });
  copyFileSync("dist/wasm/saejs-simd.wasm", join(dir, "saejs-simd.wasm"));
  // A small Parquet file (DuckDB's, snappy) for the edge's tables check, and its rows as Node reads them.
  const duck = await (await DuckDBInstance.create(":memory:")).connect();
  const table = join(dir, "edge-table.parquet");
  await duck.run(`copy (select i as id, [i * 0.5, -i, 1 / (i + 1)]::float[] as embedding from range(300) t(i)) to '${table}' (format parquet)`);
  duck.closeSync();
  edgeRows = await readEmbeddings(table, { column: "embedding" });
  await esbuild.build({
    ...common,
    entryPoints: ["test/runtime/workerd-tables-entry.ts"],
    outfile: join(dir, "tables-worker.mjs"),
    platform: "neutral",
    loader: { ".parquet": "binary" },
    // As wrangler resolves packages for workerd.
    conditions: ["workerd", "worker", "browser"],
    plugins: [{ name: "edge-table", setup: (b) => b.onResolve({ filter: /edge-table\.parquet$/ }, () => ({ path: table })) }],
    alias: { ...bundle("edge.js"), "saejs/db": resolve("dist/edge/db.js") },
  });
  node = runCli(process.execPath, [join(dir, "smoke.mjs"), MODEL, X]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the same codes in every runtime", () => {
  it("node: workers share one memory, and match the calling thread", () => {
    expect(node).toMatchObject({ runtime: "node", backend: "wasm-simd", workers: expect.any(Number), sharing: "shared" });
    expect(node.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(node.archHash).toMatch(/^[0-9a-f]{64}$/);
    expect(runCli(process.execPath, [join(dir, "smoke.mjs"), MODEL, X, "0"])).toMatchObject({
      hash: node.hash,
      trainHash: node.trainHash,
      archHash: node.archHash,
      workers: 0,
      sharing: "none",
    });
  });

  // The Node releases users run: plain SIMD gives the same bytes; the default backend ('auto') is
  // what a user gets without options, relaxed SIMD wherever the release validates it unflagged.
  describe.each(NODE_VERSIONS)("node %s", (major) => {
    const bin = nodeBinary(ROOT, major);
    const here = () => available(`node ${major}`, existsSync(bin), "npm run nodes, linux-x64 only");

    it("plain SIMD: the test's Node's hashes", () => {
      if (!here()) return;
      expect(execFileSync(bin, ["--version"], { encoding: "utf8" })).toMatch(new RegExp(`^v${major}\\.`));
      const r = runCli(bin, [join(dir, "smoke.mjs"), MODEL, X]);
      expect(r).toMatchObject({
        runtime: "node",
        hash: node.hash,
        trainHash: node.trainHash,
        archHash: node.archHash,
        backend: "wasm-simd",
        sharing: "shared",
      });
    });

    // Relaxed SIMD's fused multiply-adds change the codes' last bits (documented), so only the
    // backend picked and the trained weights (the trainer is always plain SIMD) are compared.
    it("default backend: relaxed SIMD from Node 22, the trainer's weights unchanged", () => {
      if (!here()) return;
      const r = runCli(bin, [join(dir, "smoke.mjs"), MODEL, X, "", "auto"]);
      const relaxed = Number(major) >= 22;
      expect(r).toMatchObject({ runtime: "node", trainHash: node.trainHash, archHash: node.archHash, backend: relaxed ? "wasm-relaxed-simd" : "wasm-simd" });
      if (!relaxed) expect(r.hash).toBe(node.hash);
    });
  });

  const deno = join(ROOT, "node_modules/.bin/deno");
  it("deno", () => {
    if (!available("deno", existsSync(deno), "devDependency 'deno' not installed")) return;
    const r = runCli(deno, ["run", "--quiet", "--allow-read", "--allow-env", join(dir, "smoke.mjs"), MODEL, X]);
    expect(r).toMatchObject({ runtime: "deno", hash: node.hash, trainHash: node.trainHash, archHash: node.archHash, backend: "wasm-simd" });
    expect(r.workers).toBeGreaterThan(0);
  });

  const bun = join(ROOT, "node_modules/.bin/bun");
  it("bun", () => {
    if (!available("bun", existsSync(bun), "devDependency 'bun' not installed")) return;
    const r = runCli(bun, [join(dir, "smoke.mjs"), MODEL, X]);
    expect(r).toMatchObject({ runtime: "bun", hash: node.hash, trainHash: node.trainHash, archHash: node.archHash, backend: "wasm-simd" });
    expect(r.workers).toBeGreaterThan(0);
  });

  describe.each([
    ["cross-origin isolated", true, "shared"],
    ["not isolated", false, "copied"],
  ] as const)("chromium, %s", (_, isolated, sharing) => {
    let server: Server | undefined;
    let url = "";
    beforeAll(async () => {
      if (!CHROMIUM) return;
      const files: Record<string, [string, string | Buffer]> = {
        "/": ["text/html", '<!doctype html><meta charset="utf-8"><title>sae.js smoke</title><script type="module" src="./browser.js"></script>'],
        "/browser.js": ["text/javascript", readFileSync(join(dir, "browser.js"))],
        "/small.safetensors": ["application/octet-stream", readFileSync(MODEL)],
        "/small.x.npy": ["application/octet-stream", readFileSync(X)],
      };
      server = createServer((req, res) => {
        const f = files[req.url ?? ""];
        if (!f) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, {
          "content-type": f[0],
          ...(isolated ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" } : {}),
        });
        res.end(f[1]);
      });
      await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    });
    afterAll(() => server?.close());

    it(`gives Node's hash, weights ${sharing}`, async () => {
      if (!available("chromium", !!CHROMIUM, "apt-get install -y chromium")) return;
      await withChromium(async (ctx) => {
        const page = await ctx.newPage();
        await page.goto(url);
        await page.waitForFunction(() => (globalThis as { __smoke?: unknown }).__smoke !== undefined, null, { timeout: 60_000 });
        const r = (await page.evaluate(() => (globalThis as { __smoke?: unknown }).__smoke)) as SmokeResult & { error?: string };
        expect(r.error).toBeUndefined();
        expect(r).toMatchObject({ runtime: "browser", hash: node.hash, trainHash: node.trainHash, archHash: node.archHash, backend: "wasm-simd", sharing });
      });
    });
  });

  it("workerd (miniflare): in-thread from a precompiled module", async () => {
    let Miniflare: typeof import("miniflare").Miniflare | undefined;
    try {
      ({ Miniflare } = await import("miniflare"));
    } catch {}
    if (!available("workerd", !!Miniflare, "devDependency 'miniflare' not installed")) return;
    const mf = new Miniflare!({
      modules: true,
      scriptPath: join(dir, "worker.mjs"),
      modulesRoot: dir,
      modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
      compatibilityDate: "2025-09-01",
    });
    try {
      const res = await mf.dispatchFetch("http://localhost/");
      const r = (await res.json()) as SmokeResult & { error?: string };
      expect(r.error).toBeUndefined();
      expect(r).toMatchObject({
        runtime: "workerd",
        hash: node.hash,
        trainHash: node.trainHash,
        archHash: node.archHash,
        backend: "wasm-simd",
        workers: 0,
        sharing: "none",
      });
    } finally {
      await mf.dispose();
    }
  });
});

it("workerd reads Parquet with the modules handed in, and says how when they are not", async () => {
  let Miniflare: typeof import("miniflare").Miniflare | undefined;
  try {
    ({ Miniflare } = await import("miniflare"));
  } catch {}
  if (!available("workerd", !!Miniflare, "devDependency 'miniflare' not installed")) return;
  const mf = new Miniflare!({ modules: true, scriptPath: join(dir, "tables-worker.mjs"), modulesRoot: dir, compatibilityDate: "2025-09-01" });
  try {
    const r = (await (await mf.dispatchFetch("http://localhost/")).json()) as {
      refusal: { code: string; message: string };
      cannot: Record<string, string>;
      rows: number;
      cols: number;
      data: number[];
      error?: string;
    };
    expect(r.error).toBeUndefined();
    expect(r.refusal.code).toBe("E_DEPENDENCY");
    expect(r.refusal.message).toBe(
      'reading Parquet needs the optional package \'hyparquet\': edge runtimes load no module on demand; import it in your worker and pass it: configure({ modules: { "hyparquet": await import("hyparquet") } })',
    );
    expect({ rows: r.rows, cols: r.cols, data: r.data }).toEqual({ rows: edgeRows.rows, cols: edgeRows.cols, data: [...edgeRows.data] });
    expect(r.cannot).toEqual({
      embed: "E_EMBED: edge runtimes cannot run the default embedder (its model loads on demand); embed in Node, Deno, Bun or a browser, or use HttpEmbedder",
      index:
        "E_ARG: db: an embedded index (PGlite) cannot run on an edge runtime (it compiles Wasm and loads files at run time); build and search it in Node, Deno, Bun or a browser",
    });
  } finally {
    await mf.dispose();
  }
});
