// What a string names: a local path, a URL sae.js fetches, an hf:// file, or a database target.
// One reading for every caller, so `C:\models\sae.pth` is a path everywhere and never a URL.

/**
 * `path`: a local file or folder (POSIX, `C:\…`, `C:/…`, `\\server\share`, relative); `file-url`: file:…;
 * `url`: http(s)://, data: or blob: (fetched); `hf`: hf://owner/repo/path; `postgres`: postgres(ql)://…;
 * `memory`, `idb`, `opfs`: PGlite's memory://, idb://name and opfs-ahp://name; `other-url`: any other scheme://.
 */
export type SourceKind = "path" | "file-url" | "url" | "hf" | "postgres" | "memory" | "idb" | "opfs" | "other-url";

const SCHEMES: readonly [RegExp, SourceKind][] = [
  [/^hf:\/\//i, "hf"],
  [/^(https?:\/\/|data:|blob:)/i, "url"],
  [/^file:/i, "file-url"],
  [/^postgres(ql)?:\/\//i, "postgres"],
  [/^idb:\/\//i, "idb"],
  [/^opfs-ahp:\/\//i, "opfs"],
  // A scheme has two letters at least: one letter and a colon is a Windows drive (C:\, C:/, C:file).
  [/^[a-z][a-z0-9+.-]+:\/\//i, "other-url"],
];

/** The kind of source or target a string names (see SourceKind); anything without a known scheme is a path. */
export function sourceKind(s: string): SourceKind {
  if (s === "memory://") return "memory";
  for (const [pattern, kind] of SCHEMES) if (pattern.test(s)) return kind;
  return "path";
}
