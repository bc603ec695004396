// Starting the browser embedder's Web Worker: only the browser build can (web-worker-start.browser.ts);
// this build (Node, Deno, Bun, edge) runs USE lite through @energetic-ai instead.
import { SaeError } from "../core/errors.js";

export function startEmbedWorker(): Worker {
  throw new SaeError(
    "E_ARG",
    "the default embedder's Web Worker is started only by saejs's browser build (the 'browser' export condition); pass { webWorker: new Worker(…) } or { webWorker: false }",
  );
}
