// Environment variables where the runtime has them (Node, Bun: process.env; Deno: Deno.env with
// --allow-env); elsewhere, and without permission, there are none.
export function env(name: string): string | undefined {
  const g = globalThis as { process?: { env?: Record<string, string | undefined> }; Deno?: { env: { get(n: string): string | undefined } } };
  try {
    if (g.Deno) return g.Deno.env.get(name);
    return g.process?.env?.[name];
  } catch {
    return undefined; // Deno without --allow-env
  }
}
