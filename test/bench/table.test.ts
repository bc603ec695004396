// The Performance table's own logic, without running a bench: why a child failed, read from a real
// crashed Node's stderr, and the Markdown when children fail or are absent (every row says which
// and why; a failure is listed, an absent Node 24 is not one).
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { type ChildOutcome, tableMarkdown, whyFailed } from "../../bench/table.bench.js";

describe("bench table", () => {
  it("names an uncaught exception's error line, not Node's trailer", () => {
    const r = spawnSync(process.execPath, ["-e", "require('node:fs').readFileSync('/no/such/file-i32')"], { encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(/^Node\.js v/);
    expect(whyFailed(r.stderr)).toBe("Error: ENOENT: no such file or directory, open '/no/such/file-i32'");
    expect(whyFailed("warming up\nsomething went wrong here\n")).toBe("something went wrong here");
    expect(whyFailed("")).toBe("(nothing on stderr)");
  });

  it("says in each row which bench failed and why, and lists the failures", () => {
    const failed = (name: string): ChildOutcome => ({
      command: `node dist/bench/run.js ${name} --json`,
      seconds: 1,
      failed: `exit 1: Error: ${name} broke`,
      stderr: "",
    });
    const out: Record<string, ChildOutcome> = {};
    for (const k of ["peak", "encode", "train", "pool", "load", "embed", "labels"]) out[k] = failed(k);
    out["encode-node24"] = {
      command: "node dist/bench/run.js encode --json --quick --node 24",
      seconds: 0,
      absent: "not installed (`npm run nodes` installs it)",
      stderr: "",
    };
    const md = tableMarkdown(out, { date: "2026-12-04", smoke: false, seconds: 60 });
    const rows = md.filter((l) => l.startsWith("| ") && !l.startsWith("| where"));
    expect(rows).toHaveLength(7);
    for (const k of ["encode", "train", "embed", "labels", "load", "pool"])
      expect(rows.some((r) => r.includes(`**FAILED** (${k}: exit 1: Error: ${k} broke)`))).toBe(true);
    expect(rows[0]).toContain("Node 24: not installed (`npm run nodes` installs it)");
    const last = md.at(-1)!;
    expect(last).toMatch(/^\*\*7 benches failed\*\*/);
    expect(last).not.toContain("encode-node24");
    expect(md.join("\n")).toContain("labels ≤ 60 s per 1,000 features: not measured");
  });
});
