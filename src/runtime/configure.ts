// Library-wide settings that no single call owns. Today: where optional packages come from.
import { SaeError } from "../core/errors.js";
import { type ModuleProvider, provideModules } from "./optional.js";

export interface SaeConfig {
  /**
   * Optional packages by name, as modules or loaders: `{ hyparquet: () => import("hyparquet") }`.
   * Used before any import of sae.js's own: for an import map or CDN copy, an edge worker (which
   * loads nothing on demand), or a bundler set up to leave a package out.
   */
  modules?: Record<string, ModuleProvider>;
}

export function configure(config: SaeConfig): void {
  if (config === null || typeof config !== "object") throw new SaeError("E_ARG", "configure: expected an object such as { modules: { hyparquet } }");
  for (const key of Object.keys(config)) {
    if (key !== "modules") throw new SaeError("E_ARG", `configure: unknown setting '${key}'; the settings are: modules`);
  }
  if (config.modules !== undefined) provideModules(config.modules);
}
