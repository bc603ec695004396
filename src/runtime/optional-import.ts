// Node, Deno and Bun: an optional package imported by a name held in a variable, so that bundlers
// of the neutral build leave it alone.

export function importOptional(name: string): Promise<unknown> {
  return import(/* @vite-ignore */ name);
}

/** Says what to do about a failed import: "not installed" only when the runtime said so. */
export function missingHint(name: string, cause: unknown): string {
  const code = (cause as { code?: string })?.code;
  const msg = String((cause as Error)?.message ?? cause);
  const pkg = name.startsWith("@") ? name.split("/").slice(0, 2).join("/") : name.split("/")[0];
  if (code === "ERR_MODULE_NOT_FOUND" || /Cannot find (module|package)|not found in|Module not found/i.test(msg)) {
    return `it is not installed (npm install ${pkg})`;
  }
  return `it is installed but could not be loaded (${msg}); reinstall it (npm install ${pkg}) or pass it with configure({ modules })`;
}
