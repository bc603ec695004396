// Random access to a checkpoint or array file, whatever it arrived as: a path (Node, Deno, Bun),
// a URL or Response, a Blob or File, or bytes. Parsers read byte ranges, never assume the whole file.
import { SaeError } from "../core/errors.js";
import { sourceKind } from "../core/source-kind.js";
import { hasFileSystem, openFile } from "../runtime/fs.js";
import type { RandomAccess } from "../core/access.js";
import { type HubOptions, openHub } from "./hub.js";
import { blobSource, bytesSource } from "./blob.js";

export { blobSource, bytesSource };

/** Anything sae.js can read a file from; a string may be a path, an http(s) URL or an hf://owner/repo[@revision]/path. */
export type SaeSource = string | URL | Response | Blob | ArrayBuffer | ArrayBufferView;

export type { RandomAccess };

/** The last path segment of a path or URL, for k-from-file-name. */
export function baseName(path: string): string {
  return (
    path
      .replace(/[?#].*$/, "")
      .split(/[\\/]/)
      .pop() ?? path
  );
}

/** Opens any SaeSource for random access; `hub` applies to hf:// sources. */
export async function openSource(source: SaeSource, options: { hub?: HubOptions } = {}): Promise<RandomAccess> {
  if (typeof source === "string") {
    const kind = sourceKind(source);
    if (kind === "hf") return openHub(source, options.hub);
    if (kind === "url" || kind === "file-url") return openSource(new URL(source));
    // A page or worker has no files: a path there is the app's own URL ("models/x.pth", "/data.parquet").
    const here = (globalThis as { location?: { href?: string } }).location?.href;
    if (here && !(await hasFileSystem())) return openSource(new URL(source, here));
    return openFile(source);
  }
  if (source instanceof URL) {
    if (source.protocol === "file:") return openFile(source);
    const res = await fetch(source);
    if (!res.ok) throw new SaeError("E_FORMAT", `${source.href}: HTTP ${res.status} ${res.statusText}`);
    // No file sae.js reads is a web page: this is an app's fallback route answering for a missing file.
    if (/^text\/html\b/i.test(res.headers.get("content-type") ?? "")) {
      await res.body?.cancel();
      throw new SaeError(
        "E_FORMAT",
        `${source.href}: the server answered with a web page, not the file (is the file missing, and a dev server's fallback answering?)`,
      );
    }
    return bytesSource(new Uint8Array(await res.arrayBuffer()), baseName(source.pathname));
  }
  if (typeof Response !== "undefined" && source instanceof Response) {
    return bytesSource(new Uint8Array(await source.arrayBuffer()), source.url ? baseName(new URL(source.url).pathname) : undefined);
  }
  if (typeof Blob !== "undefined" && source instanceof Blob) {
    return blobSource(source, (source as { name?: string }).name);
  }
  if (source instanceof ArrayBuffer) return bytesSource(new Uint8Array(source));
  if (ArrayBuffer.isView(source)) return bytesSource(new Uint8Array(source.buffer, source.byteOffset, source.byteLength));
  throw new SaeError("E_ARG", "source: expected a path, URL, Response, Blob/File, ArrayBuffer or typed array");
}

/** Reads a whole source into memory (small files: cfg.json, .npy fixtures). */
export async function readAll(ra: RandomAccess): Promise<Uint8Array> {
  return ra.read(0, ra.size);
}
