// esbuild plugin for the edge bundle: swaps src/runtime/<x>.ts for src/runtime/<x>.edge.ts where
// one exists, so that the bundle holds no dynamic import an edge runtime would refuse.
import { existsSync } from "node:fs";
import { join } from "node:path";

export const edgeRuntime = {
  name: "saejs-edge-runtime",
  setup(build) {
    build.onResolve({ filter: /(\/runtime\/(fs|workers|node-module)|^\.\/(optional-import|node-module))\.js$/ }, (args) => {
      const edge = join(args.resolveDir, args.path.replace(/\.js$/, ".edge.ts"));
      return existsSync(edge) ? { path: edge } : undefined;
    });
    // The worker code is never started on the edge: leave it out.
    build.onResolve({ filter: /\/worker\/worker-code\.js$/ }, () => ({ path: "worker-code", namespace: "saejs-empty" }));
    build.onLoad({ filter: /.*/, namespace: "saejs-empty" }, () => ({ contents: 'export const WORKER_CODE = "";', loader: "js" }));
  },
};
export default edgeRuntime;
