// What a newcomer reads and installs: the README's first lines, every error code documented,
// no reference to documents that are not shipped, a plain `npm install` that needs no switch, and
// folders of src/ that never import each other.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { saejs } from "./newcomer.js";

const readme = readFileSync("README.md", "utf8");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") && !p.endsWith("worker-code.ts") && !p.endsWith("wasm-binary.ts") ? [p] : [];
  });
}

describe("what a newcomer reads", () => {
  it("the README opens with the two commands", () => {
    const block = /^# sae\.js\n\n```sh\n([^`]+)```/.exec(readme);
    expect(block).not.toBeNull();
    expect(
      block![1]!
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split("#")[0]!.trim()),
    ).toEqual(["npm install && npm start", "npm test"]);
  });

  it("every error code is documented in the README, and the library throws no other", () => {
    const union = readFileSync("src/core/errors.ts", "utf8");
    const codes = [
      ...union.slice(union.indexOf("export type SaeErrorCode"), union.indexOf(";", union.indexOf("export type SaeErrorCode"))).matchAll(/"(E_[A-Z_]+)"/g),
    ].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThan(15);
    for (const c of codes) expect(readme, c).toMatch(new RegExp(`^\\| \`${c}\` \\| .+ \\|$`, "m"));
    const thrown = new Set(sources("src").flatMap((p) => [...readFileSync(p, "utf8").matchAll(/SaeError\("(E_[A-Z_]+)"/g)].map((m) => m[1]!)));
    for (const c of thrown) expect(codes, c).toContain(c);
    expect(thrown.has("E_INTERNAL")).toBe(false);
  });

  it("no user-facing text refers to the spec, which users do not have", async () => {
    for (const p of [
      "README.md",
      ...readdirSync("docs")
        .filter((n) => n.endsWith(".md"))
        .map((n) => join("docs", n)),
      ...sources("src"),
    ]) {
      expect(readFileSync(p, "utf8"), p).not.toMatch(/SPEC §/);
    }
    const usage = await saejs(process.cwd(), "--help");
    const commands = [...usage.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!);
    expect(commands.length).toBeGreaterThan(10);
    for (const c of commands) {
      const help = await saejs(process.cwd(), c, "--help");
      expect(help.code).toBe(0);
      expect(help.stdout, c).not.toMatch(/SPEC/);
    }
  });
});

describe("a plain install", () => {
  it("no dependency's install step needs anything but the npm registry (peers that do live in bench/native)", () => {
    const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, { hasInstallScript?: boolean }> };
    // Each of these installs its platform binary from an optional npm package, not from another host.
    const fromNpm = new Set(["esbuild", "bun", "deno", "workerd", "protobufjs", "sharp", "webgpu"]);
    const scripted = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ""));
    expect(scripted.filter((n) => !fromNpm.has(n))).toEqual([]);
    const bench = JSON.parse(readFileSync("bench/native/package.json", "utf8"));
    expect(Object.keys(bench.dependencies)).toContain("onnxruntime-node");
  });

  it("CI installs and tests exactly as the README says, with no install switch", () => {
    const ci = readFileSync(".ci/run", "utf8");
    expect(ci).not.toMatch(/ONNXRUNTIME_NODE_INSTALL|--ignore-scripts|npm_config/);
    const npmLines = ci
      .split("\n")
      .filter((l) => /^\s*npm /.test(l))
      .map((l) => l.trim());
    expect(npmLines).toEqual(["npm ci", "npm start", "npm test", "npm run lint"]);
  });
});

describe("the house's arrows", () => {
  const checkFolders = (src: string) => spawnSync(process.execPath, ["scripts/check-folders.mjs", src], { encoding: "utf8" });

  it("no two folders of src/ import each other, even through a third", () => {
    const r = checkFolders("src");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("docs/internals.md's layout names every folder of src/", () => {
    const internals = readFileSync("docs/internals.md", "utf8");
    const layout = internals.slice(internals.indexOf("## Layout"), internals.indexOf("```\n\n", internals.indexOf("## Layout")));
    for (const folder of readdirSync("src").filter((n) => statSync(join("src", n)).isDirectory()))
      expect(layout, folder).toMatch(new RegExp(`^src/${folder}/ `, "m"));
  });

  it("the check fails on a folder cycle and names it, with the imports that make it", () => {
    const dir = mkdtempSync(join(tmpdir(), "saejs-folders-"));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    try {
      write("src/index.ts", 'export { a } from "./a/a.js";\n');
      write("src/a/a.ts", 'import { b } from "../b/index.js";\nexport const a = b;\n');
      write("src/b/index.ts", 'export const b = 1;\nexport const later = () => import("../c/c.js");\n');
      write("src/c/c.ts", "export type C = number;\n");
      write("src/d/d.ts", 'import "../index.js";\n');
      const acyclic = checkFolders(join(dir, "src"));
      expect(acyclic.stderr).toBe("");
      expect(acyclic.status).toBe(0);

      write("src/c/c.ts", 'import type { a } from "../a/a.js";\nexport type C = typeof a;\nimport "../d/d.js";\n');
      const cyclic = checkFolders(join(dir, "src"));
      expect(cyclic.status).toBe(1);
      expect(cyclic.stderr).toContain("folder cycle in");
      expect(cyclic.stderr).toMatch(/: a → b → c → a$/m);
      expect(cyclic.stderr).toMatch(/: \(root\) → a → b → c → d → \(root\)$/m);
      expect(cyclic.stderr).toContain("c/c.ts → a/a.ts");
      expect(cyclic.stderr).toContain("b/index.ts → c/c.ts");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
