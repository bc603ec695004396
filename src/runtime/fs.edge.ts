// Edge runtimes (workerd, Vercel edge, Deno Deploy's isolates) have no file system: the edge
// bundle swaps this in for fs.ts, so that no dynamic import of node:fs is left for them to refuse.
import { SaeError } from "../core/errors.js";
import type { RandomAccess } from "../core/access.js";

const NONE = "this runtime has no file system: pass a URL, Response, Blob or bytes instead of a path";

export async function openFile(_path: string | URL): Promise<RandomAccess> {
  throw new SaeError("E_ARG", NONE);
}

export async function writeFileAtomic(_path: string, _data: Uint8Array | Uint8Array[]): Promise<void> {
  throw new SaeError("E_ARG", NONE);
}

export async function readFileIfPresent(_path: string): Promise<Uint8Array | undefined> {
  return undefined;
}

export async function removeStaleTemps(_path: string): Promise<string[]> {
  throw new SaeError("E_ARG", NONE);
}

export async function isDirectory(_path: string): Promise<boolean> {
  return false;
}

export async function openAtomicWriter(_path: string): Promise<never> {
  throw new SaeError("E_ARG", NONE);
}

export async function hasFileSystem(): Promise<boolean> {
  return false;
}

export async function fs(): Promise<never> {
  throw new SaeError("E_ARG", NONE);
}

export async function sha256Stream(): Promise<never> {
  throw new SaeError("E_ARG", NONE);
}

export async function lockFolder(_dir: string, _what: string): Promise<() => Promise<void>> {
  throw new SaeError("E_ARG", NONE);
}

export function alive(_pid: number): boolean {
  return false;
}

export async function hostname(): Promise<never> {
  throw new SaeError("E_ARG", NONE);
}

export function ioError(path: string, doing: string, _cause: unknown): SaeError {
  return new SaeError("E_IO", `${path}: ${doing} (${NONE})`);
}
