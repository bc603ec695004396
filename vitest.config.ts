import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
    pool: "forks",
    // Two test files at once: vitest's default on a 2-core machine is one, and the browser tests
    // spend most of their time waiting on Chromium and PGlite. Every time budget is measured in CPU
    // time or allows a busy machine (test/io/budget.ts), so two at once still hold.
    maxWorkers: 2,
    // Node 20 ships relaxed SIMD behind a flag; with it the relaxed kernels are tested too. Node 22
    // and later have it on and refuse the flag.
    execArgv: Number(process.versions.node.split(".")[0]) < 22 ? ["--experimental-wasm-relaxed-simd"] : [],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
