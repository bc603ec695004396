import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
    pool: "forks",
    // Node 20 ships relaxed SIMD behind a flag; with it the relaxed kernels are tested too.
    execArgv: ["--experimental-wasm-relaxed-simd"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
