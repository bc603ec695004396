// Headless Chromium for the browser tests and benchmarks: Debian's chromium driven by
// playwright-core, with the flags this closed network needs and a fresh profile each time.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";

export const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
export const REQUIRE_ALL = process.env.SAEJS_REQUIRE_ALL_RUNTIMES === "1";

/** True when a runtime is here; otherwise names it as skipped (or fails under SAEJS_REQUIRE_ALL_RUNTIMES=1). */
export function available(name: string, ok: boolean, how: string): boolean {
  if (ok) return true;
  const msg = `runtime ${name}: SKIPPED, runtime missing (${how})`;
  if (REQUIRE_ALL) throw new Error(`${msg}; SAEJS_REQUIRE_ALL_RUNTIMES=1 requires it`);
  console.warn(msg);
  return false;
}

/** Runs f in a fresh headless Chromium context, closed and its profile removed afterwards. */
export async function withChromium<T>(f: (ctx: BrowserContext) => Promise<T>, extraArgs: string[] = []): Promise<T> {
  if (!CHROMIUM) throw new Error("chromium is not installed (apt-get install -y chromium)");
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "saejs-chromium-"));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
  try {
    return await f(ctx);
  } finally {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
