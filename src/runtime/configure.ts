// Library-wide settings that no single call owns: where optional packages come from, and where the
// Hugging Face Hub is (a browser has no environment variables to say so).
import { SaeError } from "../core/errors.js";
import { type HubOptions, setHubDefaults } from "./hub-settings.js";
import { type ModuleProvider, provideModules } from "./optional.js";

export interface SaeConfig {
  /**
   * Optional packages by name, as modules or loaders: `{ hyparquet: () => import("hyparquet") }`.
   * Used before any import of sae.js's own: for an import map or CDN copy, an edge worker (which
   * loads nothing on demand), or a bundler set up to leave a package out.
   */
  modules?: Record<string, ModuleProvider>;
  /**
   * The defaults of every hf:// source: `{ endpoint, token, offline, cache, limits, onWarning }`.
   * In a browser the only way to give a token or another endpoint (Node also reads HF_TOKEN, HF_ENDPOINT…).
   * A later call replaces the earlier defaults whole.
   */
  hub?: HubOptions;
}

export function configure(config: SaeConfig): void {
  if (config === null || typeof config !== "object") throw new SaeError("E_ARG", "configure: expected an object such as { modules: { hyparquet } }");
  for (const key of Object.keys(config)) {
    if (key !== "modules" && key !== "hub") throw new SaeError("E_ARG", `configure: unknown setting '${key}'; the settings are: modules, hub`);
  }
  if (config.modules !== undefined) provideModules(config.modules);
  if (config.hub !== undefined) setHubDefaults(config.hub);
}
