// Embeddings cached on disk by corpus content and embedder, so that `saejs demo` and
// `saejs explore` embed a corpus once: <dir>/corpus-<texts>-<crc32 of the texts>-<embedder>.npy.
import { SaeError } from "../core/errors.js";
import { crc32 } from "../io/zip.js";
import { parseNpy, writeNpy } from "../io/npy.js";
import { ensureDir, readFileIfPresent, writeFileAtomic } from "../runtime/fs.js";
import type { Embedder } from "./embedder.js";

export interface CachedEmbeddings {
  x: Float32Array;
  path: string;
  cached: boolean;
}

export async function embedCached(
  texts: string[], embedder: Embedder,
  options: { cacheDir?: string; log?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<CachedEmbeddings> {
  const log = options.log ?? (() => {});
  const key = crc32(new TextEncoder().encode(texts.join("\n"))).toString(16).padStart(8, "0");
  const path = `${options.cacheDir ?? ".saejs-cache"}/corpus-${texts.length}-${key}-${embedder.name}.npy`;
  const cached = await readFileIfPresent(path);
  if (cached) {
    const arr = await parseNpy(cached);
    if (arr.shape[0] !== texts.length || arr.shape[1] !== embedder.dim) throw new SaeError("E_FORMAT", `${path}: cached embeddings have the wrong shape; delete the file`);
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
