// Optional packages (Parquet, Arrow, the Hub client), imported on first use. The specifier is a
// variable so that bundlers leave it alone: an application that never reads Parquet never loads one.
import { SaeError } from "../core/errors.js";

const loaded = new Map<string, Promise<unknown>>();

/** The module `name`, or E_DEPENDENCY saying which feature needs it and how to install it. */
export function optionalModule<T>(name: string, feature: string): Promise<T> {
  let m = loaded.get(name);
  if (!m) {
    m = import(/* @vite-ignore */ name).catch((cause) => {
      loaded.delete(name);
      throw new SaeError("E_DEPENDENCY", `${feature} needs the optional package '${name}', which is not installed (npm install ${name})`, { cause });
    });
    loaded.set(name, m);
  }
  return m as Promise<T>;
}
