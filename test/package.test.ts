// What `npm pack` would publish: the bundles, types and Wasm modules; no tests, fixtures or data.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

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

  it("exports every runtime condition, each with types", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    const root = pkg.exports["."];
    expect(Object.keys(root)).toEqual(["types", "workerd", "edge-light", "worker", "browser", "deno", "bun", "node", "default"]);
    expect(root.types).toBe("./dist/index.d.ts");
    for (const target of Object.values(root) as string[]) expect(files).toContain(target.replace(/^\.\//, ""));
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@assemblyscript/loader", "comlink"]);
  });
});
