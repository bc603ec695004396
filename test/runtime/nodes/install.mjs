// `npm run nodes` (and before `npm test`): installs the Node binaries of package-lock.json here
// unless those exact versions already are. Elsewhere than linux-x64 npm skips them (optional),
// and the runtime matrix names each release missing.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const lock = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8"));
const wanted = Object.entries(lock.packages).filter(([path]) => path.startsWith("node_modules/"));
const installed = (path, version) => {
  const manifest = join(here, path, "package.json");
  return existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).version === version;
};
if (!wanted.every(([path, p]) => installed(path, p.version))) {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  try {
    execFileSync(npm, ["ci", "--prefix", here, "--no-audit", "--no-fund"], { stdio: "inherit", shell: process.platform === "win32" });
  } catch {
    // Offline, say: the tests still run, and the matrix names each release missing (a failure in CI).
    console.warn("npm run nodes: the Node binaries of test/runtime/nodes could not be installed");
  }
}
