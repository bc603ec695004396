// The saejs command line as a user's shell runs it: a child process of the built CLI, stdout and
// stderr through pipes; and the slice of the bundled corpus the CLI tests embed.
import { execFile, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { defaultCorpus } from "../src/corpus/wordnet.js";

export const ROOT = process.cwd();
export const CLI = join(ROOT, "dist", "cli.js");

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** `saejs …` in `cwd`, stdout and stderr through pipes, as a user's shell pipeline would read them. */
export async function saejs(cwd: string, ...args: string[]): Promise<Ran> {
  return saejsWith(cwd, {}, ...args);
}

/** `saejs …` with environment variables set (as `HF_ENDPOINT=… saejs …` in a shell). */
export async function saejsWith(cwd: string, env: Record<string, string>, ...args: string[]): Promise<Ran> {
  try {
    const r = await run(process.execPath, [CLI, ...args], { cwd, timeout: 120_000, maxBuffer: 64 << 20, env: { ...process.env, ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Starts `saejs …`, sends SIGINT once `ready(stderr)` holds (or after `ms`), and returns how it ended. */
export async function interrupt(cwd: string, args: string[], ready: (stderr: string) => boolean): Promise<Ran & { ms: number }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd });
  let stdout = "",
    stderr = "";
  child.stdout.on("data", (b) => (stdout += b));
  child.stderr.on("data", (b) => (stderr += b));
  const timer = setInterval(() => {
    if (ready(stderr)) {
      clearInterval(timer);
      child.kill("SIGINT");
      sent = performance.now();
    }
  }, 50);
  let sent = 0;
  const code = await new Promise<number>((r) => child.on("exit", (c, sig) => r(c ?? (sig ? -1 : -2))));
  clearInterval(timer);
  return { code, stdout, stderr, ms: performance.now() - sent };
}

export const lastJson = (s: string) => JSON.parse(s.trim().split("\n").at(-1)!);

const run = promisify(execFile);

/** Every 12th text of the bundled corpus (287 texts), one per line: small enough to embed in seconds. */
export async function writeCorpusSlice(path: string): Promise<void> {
  const corpus = await defaultCorpus();
  writeFileSync(
    path,
    `${corpus
      .filter((_, i) => i % 12 === 0)
      .map((c) => c.text)
      .join("\n")}\n`,
  );
}
