// What `npm pack` would publish: the bundles, types and Wasm modules; no tests, fixtures or data.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

describe("the published package", () => {
  const pack = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  const files: string[] = pack[0].files.map((f: { path: string }) => f.path);

  it("holds the bundles, types, CLI and every Wasm module", () => {
    for (const f of [
      "dist/index.js",
      "dist/browser.js",
      "dist/edge.js",
      "dist/index.d.ts",
      "dist/types/index.d.ts",
      "dist/cli.js",
      "package.json",
      "README.md",
    ])
      expect(files).toContain(f);
    for (const w of ["simd", "relaxed", "simd-shared", "relaxed-shared"]) expect(files).toContain(`dist/wasm/saejs-${w}.wasm`);
  });

  it("holds no tests, fixtures, benchmarks, data or sources", () => {
    const bad = files.filter((f) => /^(test|bench|assembly|src|scripts|shared)\//.test(f) || /\.(npy|npz|pth|pt|safetensors|csv|wat|map)$/.test(f));
    expect(bad).toEqual([]);
  });

  it("exports every runtime condition, each with types, for the root and every subpath", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    const entries = Object.entries(pkg.exports as Record<string, Record<string, string> | string>).filter(
      ([k]) => k === "." || (!k.includes("*") && k !== "./package.json" && k !== "./embed-worker"),
    );
    expect(entries.map(([k]) => k)).toEqual([".", "./io", "./train", "./explore", "./embed", "./db", "./eval", "./kernels"]);
    for (const [name, conditions] of entries) {
      expect(Object.keys(conditions), name).toEqual(["types", "workerd", "edge-light", "worker", "browser", "deno", "bun", "node", "default"]);
      for (const target of Object.values(conditions)) expect(files, `${name}: ${target}`).toContain(target.replace(/^\.\//, ""));
    }
    expect(pkg.exports["."].types).toBe("./dist/index.d.ts");
    // The browser embedder's Web Worker, for apps that start it themselves (esbuild): a browser module only.
    expect(pkg.exports["./embed-worker"]).toEqual({ browser: "./dist/browser/embed-worker.js", default: "./dist/browser/embed-worker.js" });
    expect(files).toContain("dist/browser/embed-worker.js");
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@assemblyscript/loader", "comlink"]);
  });

  it("every chunk a bundle imports is published", () => {
    for (const f of files.filter((p) => p.endsWith(".js"))) {
      const dir = dirname(f);
      for (const m of readFileSync(f, "utf8").matchAll(/from\s*"(\.{1,2}\/[^"]+)"/g)) expect(files, `${f} imports ${m[1]}`).toContain(join(dir, m[1]!));
    }
  });

  it("the root stays small: at most 25 values, the rest under subpaths that share its classes", async () => {
    const root = await import(resolve("dist/index.js"));
    const values = Object.keys(root);
    expect(values.length, values.join(", ")).toBeLessThanOrEqual(25);
    const explore = await import(resolve("dist/explore.js"));
    expect(explore.SearchIndex).toBe(root.SearchIndex);
    const io = await import(resolve("dist/io.js"));
    expect(io.readEmbeddings).toBe(root.readEmbeddings);
  });
});
