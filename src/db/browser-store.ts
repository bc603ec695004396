// An index in a browser's storage: PGlite on IndexedDB (idb://name) or on OPFS through its
// access-handle pool (opfs-ahp://name, dedicated workers only). Checked before PGlite touches the
// store, as folders are in Node: PGlite would create an empty database under a mistyped name (and
// a sync of tens of MB) only to find no index in it. One opening at a time, through Web Locks:
// PGlite has no lock of its own, and two tabs writing one store would corrupt it.
import { SaeError } from "../core/errors.js";

/** A store's name: letters, digits, '.', '_' and '-' (no path separators: PGlite treats the name as a path). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** PGlite mounts idb://name at /pglite/name, beside its own folders and PGDATA: such a name would hide one. */
const RESERVED = new Set(["bin", "data", "icu", "lib", "share", "pgstdin", "pgstdout"]);
/** IndexedDB database and object store of PGlite's IDBFS (Emscripten's), keyed by file path. */
const IDB_ROOT = "/pglite/";
const IDB_STORE = "FILE_DATA";

export type StoreKind = "idb" | "opfs";

const prefix = (kind: StoreKind) => (kind === "idb" ? "idb://" : "opfs-ahp://");

/** The store's name, checked. */
export function storeName(target: string, kind: StoreKind): string {
  const name = target.slice(prefix(kind).length);
  if (!NAME.test(name) || name === "." || name === ".." || (kind === "idb" && RESERVED.has(name)))
    throw new SaeError(
      "E_ARG",
      `db: '${target}': a ${kind === "idb" ? "IndexedDB" : "OPFS"} index is named with letters, digits, '.', '_' and '-' (1 to 100, no '/', not ${[...RESERVED].join(", ")}), e.g. ${prefix(kind)}my-index`,
    );
  return name;
}

/** Refuses a store this runtime does not have, saying where it works. */
export function requireStore(target: string, kind: StoreKind): void {
  const g = globalThis as { indexedDB?: unknown; FileSystemSyncAccessHandle?: unknown; window?: unknown; navigator?: { storage?: unknown } };
  if (kind === "idb" && typeof g.indexedDB === "undefined")
    throw new SaeError("E_ARG", `db: '${target}': this runtime has no IndexedDB (idb:// is for browsers); use a folder or memory://`);
  if (kind === "opfs" && (typeof g.FileSystemSyncAccessHandle === "undefined" || !g.navigator?.storage))
    throw new SaeError(
      "E_ARG",
      typeof g.window === "object"
        ? `db: '${target}': OPFS access handles exist only in a dedicated worker, not on a page: open the index inside a Worker (new Worker(new URL('./index-worker.js', import.meta.url), { type: 'module' })), or use idb://name on the page`
        : `db: '${target}': this runtime has no OPFS access handles (opfs-ahp:// is for a browser's dedicated worker); use idb://name in a browser, a folder elsewhere`,
    );
}

/** What is under the name: nothing, a PGlite database, or something else. */
type Found = "none" | "pglite" | "foreign";

/** Opens IndexedDB database `name` only if it exists (an upgrade means it did not: aborted, nothing is left behind). */
function idbFind(name: string): Promise<Found> {
  const dbName = IDB_ROOT + name;
  return new Promise<Found>((resolve, reject) => {
    const req = (globalThis as unknown as { indexedDB: IDBFactory }).indexedDB.open(dbName);
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onblocked = () => reject(new SaeError("E_IO", `idb://${name}: IndexedDB is blocked (another tab is upgrading it); close the other tabs`));
    req.onerror = (ev) => {
      ev.preventDefault();
      if (req.error?.name === "AbortError") resolve("none");
      else reject(new SaeError("E_IO", `idb://${name}: cannot read IndexedDB (${req.error?.name}: ${req.error?.message})`, { cause: req.error }));
    };
    req.onsuccess = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(IDB_STORE)) {
        db.close();
        return resolve("foreign");
      }
      // Every Postgres data folder (PGlite's too) holds PG_VERSION.
      const get = db.transaction(IDB_STORE, "readonly").objectStore(IDB_STORE).getKey(`${dbName}/PG_VERSION`);
      get.onsuccess = () => resolve(get.result === undefined ? "foreign" : "pglite");
      get.onerror = () => reject(new SaeError("E_IO", `idb://${name}: cannot read IndexedDB (${get.error?.message})`, { cause: get.error }));
      db.close(); // after the read above completes
    };
  });
}

/** Looks in OPFS folder `name` for PGlite's access-handle-pool state (state.txt, which records PG_VERSION). */
async function opfsFind(name: string): Promise<Found> {
  const root = await (navigator.storage as StorageManager & { getDirectory(): Promise<FileSystemDirectoryHandle> }).getDirectory();
  const code = (e: unknown) => (e as { name?: string })?.name;
  let dir: FileSystemDirectoryHandle;
  try {
    dir = await root.getDirectoryHandle(name);
  } catch (e) {
    if (code(e) === "NotFoundError") return "none";
    if (code(e) === "TypeMismatchError") return "foreign"; // a file of that name
    throw e;
  }
  let text: string;
  try {
    text = await (await (await dir.getFileHandle("state.txt")).getFile()).text();
  } catch (e) {
    if (code(e) === "NotFoundError" || code(e) === "TypeMismatchError") return "foreign";
    if (code(e) === "NoModificationAllowedError" || code(e) === "InvalidStateError")
      throw new SaeError("E_IO", `opfs-ahp://${name}: the index is open in another worker or tab; one opening at a time: close it there first`, { cause: e });
    throw e;
  }
  let head: { root?: unknown; pool?: unknown } | undefined;
  try {
    head = JSON.parse(text.slice(0, text.indexOf("\n") >>> 0)) as typeof head;
  } catch {
    return "foreign";
  }
  return head?.root && Array.isArray(head.pool) && text.includes('"PG_VERSION"') ? "pglite" : "foreign";
}

/** Refuses a store that holds no PGlite database: missing (never created by opening) or written by something else. */
export async function checkStore(target: string, kind: StoreKind, name: string): Promise<void> {
  const make = "build one with SaeIndex.build (it creates the store)";
  let found: Found;
  try {
    found = kind === "idb" ? await idbFind(name) : await opfsFind(name);
  } catch (e) {
    if (e instanceof SaeError) throw e;
    throw new SaeError("E_IO", `${target}: cannot read the browser's storage (${(e as Error)?.message ?? e})`, { cause: e });
  }
  if (found === "none") throw new SaeError("E_DB", `${target}: no index there (no such ${kind === "idb" ? "IndexedDB database" : "OPFS folder"}); ${make}`);
  if (found === "foreign")
    throw new SaeError(
      "E_DB",
      `${target}: not an index (the ${kind === "idb" ? `IndexedDB database '${IDB_ROOT}${name}'` : `OPFS folder '${name}'`} holds no PGlite database; something else wrote it); pick another name`,
    );
}

/** Holds the store for this opening (Web Locks, across tabs and workers of the origin); resolves to its release. */
export async function lockStore(target: string): Promise<() => Promise<void>> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  // Without Web Locks (an insecure context: not https, localhost or 127.0.0.1), nothing guards against a second tab.
  if (!locks) return async () => {};
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const got = await new Promise<boolean>((resolve, reject) => {
    locks
      .request(`saejs ${target}`, { ifAvailable: true }, async (lock) => {
        resolve(lock !== null);
        if (lock) await held;
      })
      .catch(reject);
  });
  if (!got)
    throw new SaeError(
      "E_IO",
      `${target}: the index is in use by another tab or worker (or opened here and not closed); one opening at a time: close it there first`,
    );
  return async () => release();
}
