// Optional packages (Parquet, Arrow, the Hub client, PGlite, the embedder's TensorFlow.js), loaded
// on first use. Where they come from depends on the build: Node, Deno and Bun import them by name
// (optional-import.ts); the browser build names each one literally so that a bundler (Vite,
// webpack, esbuild) splits it into a lazy chunk (optional-import.browser.ts); the edge build loads
// nothing on demand (optional-import.edge.ts). configure({ modules }) comes first everywhere: an
// import map, a CDN copy or an edge worker hands the module in itself.
import { SaeError } from "../core/errors.js";
import { importOptional, missingHint } from "./optional-import.js";

/** A module, or a function that loads it (`() => import("hyparquet")`, so the chunk stays lazy). */
export type ModuleProvider = object | (() => Promise<unknown>);

/** The optional packages sae.js loads, and what each is for (the names configure() accepts). */
export const OPTIONAL_PACKAGES: Readonly<Record<string, string>> = {
  hyparquet: "reading Parquet",
  "hyparquet/src/column.js": "reading Parquet (hyparquet's page reader)",
  "hyparquet/src/datapage.js": "reading Parquet (hyparquet's page decoder)",
  "hyparquet-compressors": "reading compressed Parquet",
  "hyparquet-writer": "writing Parquet",
  "apache-arrow": "reading Arrow IPC files",
  "@huggingface/hub": "reading hf:// files",
  "@electric-sql/pglite": "an embedded index (PGlite)",
  "@electric-sql/pglite-pgvector": "an embedded index (pgvector for PGlite)",
  "@electric-sql/pglite/worker": "an embedded index in a browser worker (OPFS)",
  pg: "an index on a Postgres server",
  "@tensorflow/tfjs-core": "the default embedder in a browser",
  "@tensorflow/tfjs-converter": "the default embedder in a browser",
  "@tensorflow/tfjs-backend-wasm": "the default embedder in a browser",
};

const provided = new Map<string, ModuleProvider>();
const loaded = new Map<string, Promise<unknown>>();

/** Registers modules by package name (configure({ modules })); a later call replaces earlier ones. */
export function provideModules(modules: Record<string, unknown>): void {
  if (modules === null || typeof modules !== "object" || Array.isArray(modules)) {
    throw new SaeError("E_ARG", "configure({ modules }): expected an object of package name → module, e.g. { hyparquet: await import('hyparquet') }");
  }
  for (const [name, m] of Object.entries(modules)) {
    if (!(name in OPTIONAL_PACKAGES)) {
      throw new SaeError("E_ARG", `configure({ modules }): '${name}' is not a package sae.js loads; it loads ${Object.keys(OPTIONAL_PACKAGES).join(", ")}`);
    }
    if (m === null || (typeof m !== "object" && typeof m !== "function")) {
      throw new SaeError(
        "E_ARG",
        `configure({ modules }): '${name}' must be the module (import * as m from '${name}') or a loader (() => import('${name}')), not ${m === null ? "null" : typeof m}`,
      );
    }
    provided.set(name, m as ModuleProvider);
    loaded.delete(name);
  }
}

/** The module `name`, or E_DEPENDENCY saying which feature needs it and what to do in this setting. */
export function optionalModule<T>(name: string, feature: string): Promise<T> {
  let m = loaded.get(name);
  if (!m) {
    const given = provided.get(name);
    const load =
      given === undefined
        ? importOptional(name)
        : typeof given === "function"
          ? Promise.resolve().then(given as () => Promise<unknown>)
          : Promise.resolve(given);
    m = load.catch((cause) => {
      loaded.delete(name);
      const how = given === undefined ? missingHint(name, cause) : `the loader given to configure({ modules }) failed (${(cause as Error)?.message ?? cause})`;
      throw new SaeError("E_DEPENDENCY", `${feature} needs the optional package '${name}': ${how}`, { cause });
    });
    loaded.set(name, m);
  }
  return m as Promise<T>;
}
