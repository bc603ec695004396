// Browsers: the embedder's module worker, named so that bundlers find it. Vite and webpack 5 bundle
// `new Worker(new URL("…", import.meta.url), { type: "module" })` with its imports (TensorFlow.js)
// into a worker chunk; the path is from the bundle's file (dist/chunks/ or dist/browser/, both
// resolving to dist/browser/embed-worker.js; scripts/build.mjs checks it).
export function startEmbedWorker(): Worker {
  return new Worker(new URL("../browser/embed-worker.js", import.meta.url), { type: "module", name: "saejs-embed" });
}
