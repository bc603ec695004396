// esbuild plugin for the browser bundle: swaps src/runtime/optional-import.ts for its .browser.ts
// twin (the optional packages named literally) and src/embed/web-worker-start.ts for its twin (the
// embedder's Web Worker, named for bundlers), and leaves the optional packages to the application's
// bundler, which splits each into a lazy chunk.
import { join } from "node:path";

export const browserRuntime = {
  name: "saejs-browser-runtime",
  setup(build) {
    build.onResolve({ filter: /(^|\/)(optional-import|web-worker-start)\.js$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace(/\.js$/, ".browser.ts")),
    }));
    // Every optional package stays a bare import in dist/browser: the application bundles it.
    build.onResolve(
      {
        filter:
          /^(hyparquet|hyparquet-compressors|hyparquet-writer|apache-arrow|@huggingface\/hub|@electric-sql\/pglite|@electric-sql\/pglite-pgvector|@tensorflow\/tfjs-[a-z-]+)(\/.*)?$/,
      },
      (args) => ({ path: args.path, external: true }),
    );
  },
};

/** The embedder's Web Worker: the browser build, but its optional imports are the TensorFlow.js packages only. */
export const embedWorkerRuntime = {
  name: "saejs-embed-worker-runtime",
  setup(build) {
    build.onResolve({ filter: /(^|\/)optional-import\.js$/ }, (args) => ({ path: join(args.resolveDir, args.path.replace(/\.js$/, ".tfjs.ts")) }));
    build.onResolve({ filter: /^@tensorflow\/tfjs-[a-z-]+(\/.*)?$/ }, (args) => ({ path: args.path, external: true }));
  },
};
export default browserRuntime;
