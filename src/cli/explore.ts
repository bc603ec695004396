// `saejs explore`: the explorer site (page, script, data) as files in memory, written to a folder
// for any static host or served on 127.0.0.1. Node only: the page script is read from beside the CLI.
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { SaeError } from "../core/errors.js";
import { EXPLORER_HTML } from "../explorer/page.js";
import { ensureDir, writeFileAtomic } from "../runtime/fs.js";

export type SiteFiles = Map<string, Uint8Array | Uint8Array[]>;

/**
 * dist/explorer.js, bundled by scripts/build.mjs beside dist/cli.js (the bench and test bundles
 * sit one folder down; sources run by vitest two).
 */
export async function explorerScript(): Promise<Uint8Array> {
  for (const rel of ["./explorer.js", "../explorer.js", "../../dist/explorer.js"]) {
    try {
      return await readFile(new URL(rel, import.meta.url));
    } catch {}
  }
  throw new SaeError("E_FORMAT", "the explorer page script (dist/explorer.js) is missing; run 'npm run build'");
}

export async function siteFiles(data: { explorer: object; docs: object; model: Uint8Array[]; embeddings: Uint8Array }): Promise<SiteFiles> {
  const enc = new TextEncoder();
  return new Map<string, Uint8Array | Uint8Array[]>([
    ["index.html", enc.encode(EXPLORER_HTML)],
    ["explorer.js", await explorerScript()],
    ["data/explorer.json", enc.encode(JSON.stringify(data.explorer))],
    ["data/docs.json", enc.encode(JSON.stringify(data.docs))],
    ["data/model.safetensors", data.model],
    ["data/embeddings.npy", data.embeddings],
  ]);
}

/** Each file written atomically; the folder is created if missing. */
export async function writeSite(files: SiteFiles, dir: string): Promise<void> {
  await ensureDir(join(dir, "data"));
  for (const [name, bytes] of files) await writeFileAtomic(join(dir, name), bytes);
}

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  json: "application/json",
  npy: "application/octet-stream",
  safetensors: "application/octet-stream",
};

/** True for a Host header naming this server: an IPv4 or [IPv6] literal, or localhost, with its port. */
export function hostAllowed(header: string | undefined, port: number): boolean {
  const m = header === undefined ? null : /^(\[[0-9a-f:.]+\]|[0-9.]+|localhost)(?::(\d+))?$/i.exec(header);
  if (!m) return false;
  if (!m[1]!.startsWith("[") && m[1] !== "localhost" && !/^\d{1,3}(\.\d{1,3}){3}$/.test(m[1]!)) return false;
  return (m[2] === undefined ? 80 : Number(m[2])) === port;
}

/**
 * Serves the files on host:port (port 0: any free one) until the signal aborts. Cross-origin
 * isolation headers let the page's workers share one Wasm memory; only listed files are served.
 */
export async function serveSite(files: SiteFiles, options: { host?: string; port?: number }): Promise<{ server: Server; url: string }> {
  const bodies = new Map([...files].map(([name, b]) => [`/${name}`, Array.isArray(b) ? Buffer.concat(b) : b]));
  let port = options.port ?? 8765;
  const server = createServer((req, res) => {
    const headers = {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
      "Cross-Origin-Resource-Policy": "same-origin",
      "Cache-Control": "no-store",
    };
    // DNS rebinding: a page on evil.example whose name resolves here would send Host: evil.example.
    // Only an address literal or localhost, with this server's port, names this server.
    if (!hostAllowed(req.headers.host, port)) {
      res.writeHead(403, { ...headers, "Content-Type": "text/plain" }).end("this server answers only requests addressed to it by IP address or localhost\n");
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent((req.url ?? "/").split("?")[0]!);
    } catch {
      res.writeHead(400, { ...headers, "Content-Type": "text/plain" }).end("bad path\n");
      return;
    }
    const body = bodies.get(path === "/" ? "/index.html" : path);
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { ...headers, Allow: "GET, HEAD" }).end();
    } else if (!body) {
      res.writeHead(404, { ...headers, "Content-Type": "text/plain" }).end("not found\n");
    } else {
      res.writeHead(200, { ...headers, "Content-Type": TYPES[path.split(".").pop() ?? ""] ?? "text/html; charset=utf-8", "Content-Length": body.length });
      res.end(req.method === "HEAD" ? undefined : body);
    }
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        new SaeError(
          "E_ARG",
          e.code === "EADDRINUSE"
            ? `port ${options.port} on ${host} is in use; pass --port 0 for any free one`
            : `cannot listen on ${host}:${options.port}: ${e.message}`,
        ),
      ),
    );
    server.listen(options.port ?? 8765, host, resolve);
  });
  const addr = server.address();
  port = typeof addr === "object" && addr ? addr.port : (options.port ?? 8765);
  return { server, url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/` };
}
