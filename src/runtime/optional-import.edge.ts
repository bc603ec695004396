// Edge runtimes (workerd, Vercel edge) refuse to import a module that is not in the worker's own
// bundle, so nothing is loaded on demand: the worker imports what it needs and hands it in.

export function importOptional(name: string): Promise<unknown> {
  return Promise.reject(new Error(`edge runtimes load no module on demand ('${name}')`));
}

export function missingHint(name: string, _cause: unknown): string {
  return `edge runtimes load no module on demand; import it in your worker and pass it: configure({ modules: { "${name}": await import("${name}") } })`;
}
