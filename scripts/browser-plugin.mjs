// esbuild plugin for the browser bundle: swaps src/runtime/optional-import.ts for its .browser.ts
// twin (the optional packages named literally) and src/embed/web-worker-start.ts for its twin (the
// embedder's Web Worker, named for bundlers), and leaves the optional packages to the application's
// bundler, which splits each into a lazy chunk.
import { join } from "node:path";

/** Resolves the runtime loaders (optional-import, web-worker-start) to their `.browser.ts` twins. */
function browserTwins(build) {
  build.onResolve({ filter: /(^|\/)(optional-import|web-worker-start)\.js$/ }, (args) => ({
    path: join(args.resolveDir, args.path.replace(/\.js$/, ".browser.ts")),
  }));
}

export const browserRuntime = {
  name: "saejs-browser-runtime",
  setup(build) {
    browserTwins(build);
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

/**
 * The explorer page (dist/explorer/, copied into every site): the browser build with its optional
 * packages bundled into lazy chunks, but only the Hub client (hf:// weights); the others have no use
 * in the page and resolve to a module that says so.
 */
export const explorerPageRuntime = {
  name: "saejs-explorer-page-runtime",
  setup(build) {
    browserTwins(build);
    build.onResolve(
      {
        filter:
          /^(hyparquet|hyparquet-compressors|hyparquet-writer|apache-arrow|@electric-sql\/pglite|@electric-sql\/pglite-pgvector|@tensorflow\/tfjs-[a-z-]+)(\/.*)?$/,
      },
      (args) => ({ path: args.path, namespace: "saejs-not-in-page" }),
    );
    build.onLoad({ filter: /.*/, namespace: "saejs-not-in-page" }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not part of the sae.js explorer page`)});`,
      loader: "js",
    }));
  },
};

/** The site's embedder worker: the embed worker with TensorFlow.js bundled in (a static site has no bundler of its own). */
export const siteEmbedWorkerRuntime = {
  name: "saejs-site-embed-worker-runtime",
  setup(build) {
    build.onResolve({ filter: /(^|\/)optional-import\.js$/ }, (args) => ({ path: join(args.resolveDir, args.path.replace(/\.js$/, ".tfjs.ts")) }));
  },
};
