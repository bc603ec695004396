// Embeddings cached on disk by corpus content and embedder, so that `saejs demo` and `saejs
// explore` embed a corpus once: <dir>/corpus-<texts>-<sha-256 of the texts>-<embedder>-<sha-256 of
// its identity>.npy, a name valid on every OS.
import { SaeError } from "../core/errors.js";
import { sha256Hex } from "../core/hash.js";
import { parseNpy, writeNpy } from "../io/npy.js";
import { ensureDir, readFileIfPresent, writeFileAtomic } from "../runtime/fs.js";
import type { Embedder } from "./embedder.js";

export interface CachedEmbeddings {
  x: Float32Array;
  path: string;
  cached: boolean;
}

export async function embedCached(
  texts: string[],
  embedder: Embedder,
  options: { cacheDir?: string; log?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<CachedEmbeddings> {
  const log = options.log ?? (() => {});
  const path = `${options.cacheDir ?? ".saejs-cache"}/${await cacheName(texts, embedder)}`;
  const cached = await readFileIfPresent(path);
  if (cached) {
    const arr = await parseNpy(cached);
    if (arr.shape[0] !== texts.length || arr.shape[1] !== embedder.dim)
      throw new SaeError("E_FORMAT", `${path}: cached embeddings have the wrong shape; delete the file`);
    log(`embeddings: cached (${path})`);
    return { x: arr.data as Float32Array, path, cached: true };
  }
  const t0 = performance.now();
  let last = 0;
  const x = await embedder.embed(texts, {
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (done, total) => {
      const now = performance.now();
      if (now - last > 2000 || done === total) {
        last = now;
        const rate = done / ((now - t0) / 1000);
        log(`embedding ${done}/${total} (${rate.toFixed(0)} texts/s, ${Math.max(0, (total - done) / rate).toFixed(0)} s left)`);
      }
    },
  });
  await ensureDir(options.cacheDir ?? ".saejs-cache");
  await writeFileAtomic(path, writeNpy(x, [texts.length, embedder.dim]));
  return { x, path, cached: false };
}

/**
 * The cache file's name: the texts (JSON, so that no two lists of texts collide) and the
 * embedder's full identity (an HTTP embedder's base URL, model and dimension) each hashed, and the
 * embedder's name kept readable with only the characters every file system takes.
 */
export async function cacheName(texts: readonly string[], embedder: Embedder): Promise<string> {
  const readable = embedder.name.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 60);
  const identity = await sha256Hex(embedder.identity ?? `${embedder.name} ${embedder.dim}`, 8);
  return `corpus-${texts.length}-${await sha256Hex(JSON.stringify(texts), 16)}-${readable}-${identity}.npy`;
}
