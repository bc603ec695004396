// Starts `saejs explore` (the built CLI) in a child process and resolves with the page's address
// once it prints it; the e2e test and the README screenshot both drive the served page.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

export async function startExplorer(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [resolve("dist/cli.js"), "explore", ...args, "--quiet"], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = "",
      err = "";
    child.stdout!.on("data", (b) => {
      out += b;
      const m = /explorer: (http:\/\/\S+)/.exec(out);
      if (m) ok(m[1]!);
    });
    child.stderr!.on("data", (b) => {
      err += b;
    });
    child.on("exit", (code) => fail(new Error(`saejs explore exited with ${code}: ${err}`)));
  });
  return { child, url };
}
