// What a newcomer reads and installs: the README's first lines, every error code documented,
// no reference to documents that are not shipped, and a plain `npm install` that needs no switch.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
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
