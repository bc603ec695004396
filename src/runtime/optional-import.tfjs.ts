// The browser embedder's Web Worker (dist/browser/embed-worker.js): only the TensorFlow.js packages
// named literally, so that the app's bundler bundles those three into the worker and nothing else.
const fail = (e: unknown): never => {
  throw e;
};

export function importOptional(name: string): Promise<unknown> {
  switch (name) {
    case "@tensorflow/tfjs-core":
      return import("@tensorflow/tfjs-core").catch(fail);
    case "@tensorflow/tfjs-converter":
      return import("@tensorflow/tfjs-converter").catch(fail);
    case "@tensorflow/tfjs-backend-wasm":
      return import("@tensorflow/tfjs-backend-wasm").catch(fail);
    default:
      return Promise.reject(new Error(`'${name}' is not loaded in the embedder's worker`));
  }
}

export function missingHint(name: string, cause: unknown): string {
  return (
    `the embedder's Web Worker could not load it (${String((cause as Error)?.message ?? cause)}). With a bundler, install it beside saejs ` +
    `(npm install ${name}) and rebuild; a worker does not see the page's import map: in a plain page pass { webWorker: false }`
  );
}
