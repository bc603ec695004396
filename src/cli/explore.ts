// `saejs explore`: the explorer (page, script, data) as files in memory, served on 127.0.0.1 with
// the API its page calls. Node only: the page script is read from beside the CLI.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { SaeError } from "../core/errors.js";
import { EXPLORER_HTML } from "../explorer/page.js";
import { explorerScripts, type SiteFiles } from "./site.js";

/** The site's files; an index-backed site has only the page and explorer.json (the rest comes through its API). */
export async function siteFiles(data: { explorer: object; docs?: object; model?: Uint8Array[]; embeddings?: Uint8Array }): Promise<SiteFiles> {
  const enc = new TextEncoder();
  const files: SiteFiles = new Map([["index.html", enc.encode(EXPLORER_HTML)], ...(await explorerScripts())]);
  files.set("data/explorer.json", enc.encode(JSON.stringify(data.explorer)));
  if (data.docs) files.set("data/docs.json", enc.encode(JSON.stringify(data.docs)));
  if (data.model) files.set("data/model.safetensors", data.model);
  if (data.embeddings) files.set("data/embeddings.npy", data.embeddings);
  return files;
}

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  json: "application/json",
  wasm: "application/wasm",
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
/** The page's calls to the server (POST /api/<name>, a JSON body): embedding typed queries, searching an index. */
export type SiteApi = Record<string, (body: Record<string, unknown>) => Promise<unknown>>;

/** Largest API request body: a query and its sliders. */
const API_BODY_LIMIT = 64 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const parts: Buffer[] = [];
    req.on("data", (b: Buffer) => {
      size += b.length;
      if (size > API_BODY_LIMIT) {
        reject(new SaeError("E_ARG", `request body over ${API_BODY_LIMIT} bytes`));
        req.destroy();
      } else parts.push(b);
    });
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * One API call: JSON in, JSON out; a SaeError is a 400 with its code and message. Only
 * `Content-Type: application/json` is taken, which a page of another origin cannot send without a
 * preflight this server never approves, so no other site can make the server embed or search.
 */
async function answerApi(api: SiteApi, name: string, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  const send = (status: number, body: unknown) => res.writeHead(status, { ...headers, "Content-Type": "application/json" }).end(JSON.stringify(body));
  const handler = Object.hasOwn(api, name) ? api[name] : undefined;
  if (!handler) return void send(404, { error: { code: "E_ARG", message: `no API call '${name}'` } });
  if (req.method !== "POST") return void send(405, { error: { code: "E_ARG", message: "API calls are POST" } });
  if (!/^application\/json\b/i.test(req.headers["content-type"] ?? ""))
    return void send(415, { error: { code: "E_ARG", message: "API calls take Content-Type: application/json" } });
  try {
    const body = JSON.parse((await readBody(req)) || "{}") as unknown;
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new SaeError("E_ARG", "the request body must be a JSON object");
    send(200, await handler(body as Record<string, unknown>));
  } catch (e) {
    if (e instanceof SyntaxError) return void send(400, { error: { code: "E_ARG", message: `the request body is not JSON (${e.message})` } });
    const err = e as { code?: string; message?: string };
    send(e instanceof SaeError ? 400 : 500, { error: { code: e instanceof SaeError ? err.code : "E_INTERNAL", message: err.message ?? String(e) } });
  }
}

export async function serveSite(files: SiteFiles, options: { host?: string; port?: number; api?: SiteApi }): Promise<{ server: Server; url: string }> {
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
    if (path.startsWith("/api/") && options.api) {
      void answerApi(options.api, path.slice(5), req, res, headers);
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
