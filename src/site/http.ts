// A site's files over HTTP range requests (RFC 9110 §14): a file's size from the first request's
// Content-Range, then each read a `Range: bytes=a-b` request answered 206 with exactly those bytes.
import type { RandomAccess } from "../core/access.js";
import { SaeError } from "../core/errors.js";
import { checkRange } from "../io/blob.js";
import type { SiteOpener } from "./search.js";

async function rangeGet(url: URL, start: number, end: number): Promise<{ bytes: Uint8Array; total: number }> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { Range: `bytes=${start}-${end}` }, cache: "no-store" });
  } catch (cause) {
    throw new SaeError("E_IO", `${url.href}: the request failed (${String((cause as Error)?.message ?? cause)})`, { cause });
  }
  // No file of a site is a web page: a dev server's fallback route is answering for a missing file.
  if (/^text\/html\b/i.test(res.headers.get("content-type") ?? "")) {
    await res.body?.cancel();
    throw new SaeError("E_FORMAT", `${url.href}: the server answered with a web page, not the file (is the file missing, and a fallback route answering?)`);
  }
  if (res.status === 200) {
    await res.body?.cancel();
    throw new SaeError("E_IO", `${url.href}: the server ignored the Range header (HTTP 200, not 206); serve the site from a host that supports range requests`);
  }
  if (res.status !== 206) {
    await res.body?.cancel();
    throw new SaeError("E_IO", `${url.href}: HTTP ${res.status} ${res.statusText}`);
  }
  // "bytes a-b/total": the range the server sent and the file's size.
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.headers.get("content-range") ?? "");
  if (!m || Number(m[1]) !== start || Number(m[2]) !== end) {
    await res.body?.cancel();
    throw new SaeError("E_FORMAT", `${url.href}: asked for bytes ${start}-${end}, the server's Content-Range is '${res.headers.get("content-range")}'`);
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length !== end - start + 1) throw new SaeError("E_FORMAT", `${url.href}: asked for ${end - start + 1} bytes at ${start}, got ${bytes.length}`);
  return { bytes, total: Number(m[3]) };
}

/** A file at `url` read by range: one request to learn its size, one per read. */
export async function rangeSource(url: URL): Promise<RandomAccess> {
  // A site's files are never empty, so byte 0 exists (an empty file would answer 416).
  const { total: size } = await rangeGet(url, 0, 0);
  if (!Number.isSafeInteger(size)) throw new SaeError("E_FORMAT", `${url.href}: the server says the file has ${size} bytes`);
  return {
    name: url.pathname.split("/").pop(),
    size,
    async read(offset, length) {
      checkRange(size, offset, length, url.href);
      if (length === 0) return new Uint8Array(0);
      return (await rangeGet(url, offset, offset + length - 1)).bytes;
    },
    async close() {},
  };
}

/** Opens a site's search files beside `base` (a folder's URL, ending in '/'; a page's relative one resolves against it). */
export function httpSiteOpener(base: string | URL): SiteOpener {
  const here = (globalThis as { location?: { href?: string } }).location?.href;
  const root = new URL(base, here);
  if (!root.pathname.endsWith("/")) root.pathname += "/";
  return (file) => rangeSource(new URL(file, root));
}
