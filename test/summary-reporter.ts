// Prints one plain closing line, "tests: N passed, N failed, N skipped" (and any file that failed
// outside its tests), that any CI log reader understands.
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    // A file that fails outside its tests (a beforeAll, an import) fails the run with no failed test.
    const broken: string[] = [];
    for (const m of modules) {
      if (m.state() === "failed" && ![...m.children.allTests()].some((t) => t.result().state === "failed")) broken.push(m.moduleId);
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === "passed") counts.passed++;
        else if (state === "failed") counts.failed++;
        else counts.skipped++;
      }
    }
    const files = broken.length ? `; ${broken.length} test file${broken.length > 1 ? "s" : ""} failed outside any test (${broken.join(", ")})` : "";
    console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${files}`);
  }
}
