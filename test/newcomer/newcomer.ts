// What a newcomer has in hand: the CLI run as a child process, the package packed and installed
// into a fresh project, and small files of their own (an SAE, embeddings of the wrong width, texts).
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Sae } from "../../src/sae.js";
import { saveSae } from "../../src/load.js";
import { writeNpy } from "../../src/io/npy.js";
import { prng } from "../fixtures/formula.js";

export { CLI, lastJson, ROOT, saejs, interrupt, type Ran } from "../cli-runner.js";
import { ROOT, type Ran } from "../cli-runner.js";

const run = promisify(execFile);

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `saejs-${prefix}-`));
}

/** Random rows [rows, cols] as a float32 .npy. */
export function writeEmbeddings(path: string, rows: number, cols: number, seed = 3): void {
  const next = prng(seed),
    r = () => next() - 0.5;
  writeFileSync(path, writeNpy(Float32Array.from({ length: rows * cols }, r), [rows, cols]));
}

/** A small random SAE (tied weights) saved as safetensors, with k in its metadata. */
export async function writeSae(path: string, d: number, n: number, k: number, seed = 1): Promise<void> {
  const next = prng(seed),
    r = () => next() - 0.5;
  const enc = Float32Array.from({ length: n * d }, r),
    dec = new Float32Array(d * n);
  for (let i = 0; i < n; i++) for (let q = 0; q < d; q++) dec[q * n + i] = enc[i * d + q]!;
  const sae = await Sae.create(
    { nInputs: d, nLatents: n, preBias: new Float32Array(d), encoderWeight: enc, latentBias: new Float32Array(n), decoderWeight: dec },
    { k, backend: "ref" },
  );
  await saveSae(sae, path, path.endsWith(".pth") ? "pth" : "safetensors");
  sae.dispose();
}

let installed: string | undefined;

/**
 * A fresh project with this repository's package installed from `npm pack`'s tarball, as the
 * README tells a user to (dist/ was built by `npm test`; dependencies come from npm's cache).
 */
export function packedProject(): string {
  if (installed) return installed;
  const dir = tempDir("consumer");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const out = execFileSync(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const tarball = (JSON.parse(out) as { filename: string }[])[0]!.filename;
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "newcomer", private: true, type: "module" }));
  execFileSync(npm, ["install", `./${tarball}`, "--prefer-offline", "--no-audit", "--no-fund"], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  installed = dir;
  return dir;
}

/** Runs an ES module script in the packed project; `timeout` kills a script that does not exit. */
export async function script(dir: string, name: string, code: string, timeout = 60_000): Promise<Ran & { killed: boolean }> {
  writeFileSync(join(dir, name), code);
  try {
    const r = await run(process.execPath, [name], { cwd: dir, timeout, maxBuffer: 16 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr, killed: false };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string; killed: boolean; signal?: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr, killed: err.killed || err.signal === "SIGTERM" };
  }
}
