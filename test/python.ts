// Real PyTorch for interop tests: Debian's python3 with python3-torch (never the first python on
// PATH). Absent locally, a test names what is missing; with SAEJS_REQUIRE_ALL_RUNTIMES=1 (CI) it fails.
import { execFileSync, spawnSync } from "node:child_process";

export const PYTHON = "/usr/bin/python3";

let found: string | undefined | null = null;

/** Torch's version, or undefined when Debian's python3-torch is not installed. */
export function torchVersion(): string | undefined {
  if (found === null) {
    const r = spawnSync(PYTHON, ["-c", "import torch; print(torch.__version__)"], { encoding: "utf8" });
    found = r.status === 0 ? r.stdout.trim() : undefined;
  }
  return found;
}

export const REQUIRE_ALL = process.env.SAEJS_REQUIRE_ALL_RUNTIMES === "1";

/** True when the torch tests can run; otherwise reports the missing runtime by name (or throws in CI). */
export function haveTorch(what: string): boolean {
  if (torchVersion()) return true;
  const msg = `${what}: SKIPPED, runtime missing: PyTorch (Debian python3-torch at ${PYTHON}; apt-get install -y python3-torch)`;
  if (REQUIRE_ALL) throw new Error(`${msg}, and SAEJS_REQUIRE_ALL_RUNTIMES=1 requires it`);
  console.warn(msg);
  return false;
}

export function runPython(args: string[]): string {
  return execFileSync(PYTHON, args, { encoding: "utf8", maxBuffer: 64 << 20 });
}
