// Edge runtimes refuse dynamic imports of anything not bundled: the edge bundle swaps this in for
// optional.ts, so Parquet, Arrow and the Hub client say so instead of failing to resolve.
import { SaeError } from "../core/errors.js";

export function optionalModule<T>(name: string, feature: string): Promise<T> {
  return Promise.reject(
    new SaeError(
      "E_DEPENDENCY",
      `${feature} needs the optional package '${name}', which edge runtimes cannot load on demand; do it in Node, Deno, Bun or a browser, or pass arrays and bytes`,
    ),
  );
}
