// File access by path, where the runtime has a file system (Node, Deno and Bun all serve node:fs).
// Browsers and edge workers have none: they pass URLs, Blobs or bytes instead.
import { SaeError } from "../core/errors.js";
import type { RandomAccess } from "../core/access.js";

/** The part of node:fs/promises used here (Deno and Bun serve it too); typed here to keep Node's types out of the library. */
interface FileHandle {
  read(buf: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  write(buf: Uint8Array, offset: number, length: number, position?: number): Promise<{ bytesWritten: number }>;
  stat(): Promise<{ size: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}
interface FsPromises {
  open(path: string | URL, flags: string): Promise<FileHandle>;
  mkdir(path: string, options: { recursive: boolean }): Promise<unknown>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: boolean }): Promise<void>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<{ isDirectory(): boolean; size: number }>;
  readFile(path: string, encoding: "utf8"): Promise<string>;
  symlink(target: string, path: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
}

let fsModule: Promise<FsPromises | undefined> | undefined;

export async function fs(): Promise<FsPromises> {
  const specifier = "node:fs/promises"; // a variable, so that bundlers for browsers leave it alone
  // A bundler may hand a browser an empty stand-in for node: modules (Vite's dev server does): only
  // a module with the calls used here is a file system.
  fsModule ??= (import(/* @vite-ignore */ specifier) as Promise<FsPromises>).then(
    (m) => (typeof m?.open === "function" && typeof m?.stat === "function" ? m : undefined),
    () => undefined,
  );
  const m = await fsModule;
  if (!m) throw new SaeError("E_ARG", "this runtime has no file system: pass a URL, Response, Blob or bytes instead of a path");
  return m;
}

/** True where paths name files (Node, Deno, Bun); false in browsers and on the edge. */
export async function hasFileSystem(): Promise<boolean> {
  try {
    await fs();
    return true;
  } catch {
    return false;
  }
}

/** E_IO naming the user's path and the reason in words (never a temp file's name). */
export function ioError(path: string, doing: string, cause: unknown): SaeError {
  const code = (cause as { code?: string })?.code;
  const why =
    code === "ENOENT"
      ? "no such file or folder"
      : code === "EACCES" || code === "EPERM"
        ? "permission denied"
        : code === "EISDIR"
          ? "it is a folder"
          : code === "ENOTDIR"
            ? "a part of the path is not a folder"
            : code === "ENOSPC"
              ? "no space left on the device"
              : code === "EROFS"
                ? "read-only file system"
                : (code ?? (cause as Error)?.message ?? String(cause));
  return new SaeError("E_IO", `${path}: ${doing} (${why})`, { cause });
}

function pathName(path: string | URL): string {
  return typeof path === "string" ? path : decodeURIComponent(path.pathname);
}

/** Opens a file for positional reads through one handle. */
export async function openFile(path: string | URL): Promise<RandomAccess> {
  const f = await fs();
  const shown = pathName(path);
  let handle: FileHandle;
  try {
    handle = await f.open(path, "r");
  } catch (cause) {
    throw ioError(shown, "cannot open", cause);
  }
  const size = (await handle.stat()).size;
  return {
    name: shown.split(/[\\/]/).pop(),
    size,
    async read(offset, length, into) {
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > size) {
        throw new SaeError("E_FORMAT", `${shown}: a read of ${length} bytes at ${offset} runs past the end (${size} bytes); the file is truncated or corrupt`);
      }
      const out = into && into.length >= length ? into.subarray(0, length) : new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(out, done, length - done, offset + done);
        if (bytesRead === 0) throw new SaeError("E_FORMAT", `${shown}: file shrank while being read`);
        done += bytesRead;
      }
      return out;
    },
    close: () => handle.close(),
  };
}

/** Writes bytes to `path` atomically: a temp file beside it, then a rename. */
export async function writeFileAtomic(path: string, data: Uint8Array | Uint8Array[]): Promise<void> {
  const f = await fs();
  const tmp = `${path}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
  const parts = Array.isArray(data) ? data : [data];
  let handle: FileHandle;
  try {
    handle = await f.open(tmp, "w");
  } catch (cause) {
    throw ioError(path, "cannot write", cause);
  }
  try {
    for (const p of parts) {
      let done = 0;
      while (done < p.length) done += (await handle.write(p, done, p.length - done)).bytesWritten;
    }
    await handle.sync();
    await handle.close();
    await f.rename(tmp, path);
  } catch (cause) {
    await handle.close().catch(() => {});
    await f.rm(tmp, { force: true }).catch(() => {});
    throw ioError(path, "cannot write", cause);
  }
  // The rename is durable once the folder's entry is on disk too (POSIX; elsewhere a folder cannot be synced).
  try {
    const dir = await f.open(parentOf(path), "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Windows and some file systems refuse to open or sync a folder: the rename still happened.
  }
}

function parentOf(path: string): string {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return cut < 0 ? "." : cut === 0 ? path.slice(0, 1) : path.slice(0, cut);
}

/**
 * Removes the temp files writeFileAtomic left beside `path` when a process was killed mid-write
 * (`<name>.<random>.tmp`). Only for paths one writer owns, such as a training checkpoint.
 */
export async function removeStaleTemps(path: string): Promise<string[]> {
  const f = await fs();
  const dir = parentOf(path),
    name = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  const stale = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.[a-z0-9]+\\.tmp$`);
  let names: string[];
  try {
    names = await f.readdir(dir);
  } catch {
    return [];
  }
  const gone = names.filter((n) => stale.test(n));
  for (const n of gone) await f.rm(`${dir}/${n}`, { force: true });
  return gone;
}

/** A whole file's bytes, or undefined when it cannot be read (absent, unreadable, no file system). */
export async function readFileIfPresent(path: string): Promise<Uint8Array | undefined> {
  try {
    const ra = await openFile(path);
    try {
      return await ra.read(0, ra.size);
    } finally {
      await ra.close();
    }
  } catch {
    return undefined;
  }
}

/** Removes a file; an absent one is no error. */
export async function removeFile(path: string): Promise<void> {
  await (await fs()).rm(path, { force: true });
}

/** Creates a directory and its parents if missing. */
export async function ensureDir(path: string): Promise<void> {
  await (await fs()).mkdir(path, { recursive: true });
}

/** True when `path` is a folder (false when it is a file or absent, or there is no file system). */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await (await fs()).stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** A file written piece by piece into a temp file beside `path`, which `commit` renames into place. */
export interface AtomicWriter {
  write(bytes: Uint8Array): Promise<void>;
  /** Syncs and renames the temp file to `path`. */
  commit(): Promise<void>;
  /** Removes the temp file (after an error or interruption): `path` is left as it was. */
  abort(): Promise<void>;
}

export async function openAtomicWriter(path: string): Promise<AtomicWriter> {
  const f = await fs();
  const tmp = `${path}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
  let handle: FileHandle;
  try {
    handle = await f.open(tmp, "w");
  } catch (cause) {
    throw ioError(path, "cannot write", cause);
  }
  let open = true;
  const abort = async () => {
    if (open) await handle.close().catch(() => {});
    open = false;
    await f.rm(tmp, { force: true }).catch(() => {});
  };
  return {
    async write(p) {
      try {
        let done = 0;
        while (done < p.length) done += (await handle.write(p, done, p.length - done)).bytesWritten;
      } catch (cause) {
        await abort();
        throw ioError(path, "cannot write", cause);
      }
    },
    async commit() {
      try {
        await handle.sync();
        await handle.close();
        open = false;
        await f.rename(tmp, path);
      } catch (cause) {
        await abort();
        throw ioError(path, "cannot write", cause);
      }
    },
    abort,
  };
}

/** A SHA-256 fed in pieces (node:crypto, which Node, Deno and Bun serve), for files streamed to disk. */
export async function sha256Stream(): Promise<{ update(b: Uint8Array): void; digest(): string }> {
  const name = "node:crypto"; // a variable, so that bundlers for browsers leave it alone
  const { createHash } = (await import(/* @vite-ignore */ name)) as { createHash(a: string): { update(b: Uint8Array): void; digest(e: "hex"): string } };
  const h = createHash("sha256");
  return { update: (b) => h.update(b), digest: () => h.digest("hex") };
}

/**
 * Holds `dir` (created if missing) for this process: a lock file naming its pid, made exclusively.
 * Another live process's lock is refused with E_IO naming it; a dead one's (a crash) is taken over.
 * Resolves with the release.
 */
/** The process, where the runtime has one (Node, Deno, Bun); typed here to keep Node's types out of the library. */
const proc = (globalThis as { process?: { pid: number; kill(pid: number, signal: number): void } }).process;

export async function lockFolder(dir: string, what: string): Promise<() => Promise<void>> {
  const f = await fs();
  const lock = `${dir}/.saejs-lock`;
  await f.mkdir(dir, { recursive: true }).catch((e) => {
    throw ioError(dir, `cannot create ${what}`, e);
  });
  for (let attempt = 0; ; attempt++) {
    try {
      const h = await f.open(lock, "wx");
      const pid = new TextEncoder().encode(String(proc?.pid ?? 0));
      await h.write(pid, 0, pid.length);
      await h.close();
      return async () => {
        await f.rm(lock, { force: true });
      };
    } catch (e) {
      if ((e as { code?: string }).code !== "EEXIST" || attempt > 0) throw ioError(dir, `cannot lock ${what}`, e);
      const pid = Number((await f.readFile(lock, "utf8").catch(() => "")).trim());
      if (pid > 0 && alive(pid))
        throw new SaeError(
          "E_IO",
          `${dir}: ${what} is in use by ${pid === proc?.pid ? "this process (opened and not closed)" : `process ${pid}`}; one opening at a time (stop the other first)`,
        );
      await f.rm(lock, { force: true }); // left by a process that is gone
    }
  }
}

/** Whether process `pid` of this host still runs. */
export function alive(pid: number): boolean {
  try {
    proc?.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === "EPERM";
  }
}

/** This machine's name, which tells whose a lock's pid is. */
export async function hostname(): Promise<string> {
  const specifier = "node:os";
  return ((await import(/* @vite-ignore */ specifier)) as { hostname(): string }).hostname();
}
