// Browsers: every optional package named literally, so that the application's bundler (Vite,
// webpack, esbuild) finds it and splits it into a chunk the page downloads only when that feature
// is used. Each import ends in .catch() so that esbuild turns a package that is not installed into
// this error at run time rather than a failed build. An import map resolves the same names in a
// plain <script type="module"> page.
const fail = (e: unknown): never => {
  throw e;
};

export function importOptional(name: string): Promise<unknown> {
  switch (name) {
    case "hyparquet":
      return import("hyparquet").catch(fail);
    case "hyparquet/src/column.js":
      return import("hyparquet/src/column.js").catch(fail);
    case "hyparquet/src/datapage.js":
      return import("hyparquet/src/datapage.js").catch(fail);
    case "hyparquet-compressors":
      return import("hyparquet-compressors").catch(fail);
    case "hyparquet-writer":
      return import("hyparquet-writer").catch(fail);
    case "apache-arrow":
      return import("apache-arrow").catch(fail);
    case "@huggingface/hub":
      return import("@huggingface/hub").catch(fail);
    case "@electric-sql/pglite":
      return import("@electric-sql/pglite").catch(fail);
    case "@electric-sql/pglite-pgvector":
      return import("@electric-sql/pglite-pgvector").catch(fail);
    case "@electric-sql/pglite/worker":
      return import("@electric-sql/pglite/worker").catch(fail);
    case "@tensorflow/tfjs-core":
      return import("@tensorflow/tfjs-core").catch(fail);
    case "@tensorflow/tfjs-converter":
      return import("@tensorflow/tfjs-converter").catch(fail);
    case "@tensorflow/tfjs-backend-wasm":
      return import("@tensorflow/tfjs-backend-wasm").catch(fail);
    default:
      return Promise.reject(new Error(`'${name}' is not available in a browser`));
  }
}

export function missingHint(name: string, cause: unknown): string {
  const msg = String((cause as Error)?.message ?? cause);
  if (name === "pg")
    return "a Postgres server is reached from Node, Deno or Bun; in a browser keep the index on PGlite (idb://name, or opfs-ahp://name in a worker)";
  return (
    `the page could not load it (${msg}). With a bundler (Vite, webpack/Next.js, esbuild), install it beside saejs (npm install ${name.startsWith("@") ? name.split("/").slice(0, 2).join("/") : name.split("/")[0]}) ` +
    `and rebuild; with a <script type="module"> page, add "${name}" to the import map; or hand it in: configure({ modules: { "${name}": () => import("${name}") } })`
  );
}
