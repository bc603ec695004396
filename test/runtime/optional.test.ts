// Where optional packages come from: configure({ modules }) first (a module or a lazy loader),
// else an import by name; a failure names the package, the feature and the fix for this setting,
// and says "not installed" only when the runtime said so.
import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { configure } from "../../src/runtime/configure.js";
import { missingHint } from "../../src/runtime/optional-import.js";
import { missingHint as browserHint } from "../../src/runtime/optional-import.browser.js";
import { missingHint as edgeHint } from "../../src/runtime/optional-import.edge.js";
import { optionalModule } from "../../src/runtime/optional.js";

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: { code: string; message: string }) => e,
  );

afterEach(async () => {
  // Back to importing by name (a real module replaces whatever a test handed in).
  configure({ modules: { "apache-arrow": await import("apache-arrow") } });
});

describe("configure({ modules })", () => {
  it("a loader runs once, on first use, and its module is the one used", async () => {
    let calls = 0;
    const real = await import("apache-arrow");
    configure({
      modules: {
        "apache-arrow": async () => {
          calls++;
          return real;
        },
      },
    });
    expect(calls).toBe(0);
    expect(await optionalModule("apache-arrow", "reading Arrow IPC files")).toBe(real);
    expect(await optionalModule("apache-arrow", "reading Arrow IPC files")).toBe(real);
    expect(calls).toBe(1);
  });

  it("a loader that fails is named as the configured one, and the next call tries again", async () => {
    let calls = 0;
    configure({
      modules: {
        "apache-arrow": async () => {
          calls++;
          throw new Error("CDN unreachable");
        },
      },
    });
    const e = await failure(optionalModule("apache-arrow", "reading Arrow IPC files"));
    expect(e).toMatchObject({ code: "E_DEPENDENCY" });
    expect(e!.message).toBe(
      "reading Arrow IPC files needs the optional package 'apache-arrow': the loader given to configure({ modules }) failed (CDN unreachable)",
    );
    await failure(optionalModule("apache-arrow", "reading Arrow IPC files"));
    expect(calls).toBe(2);
  });

  it("refuses names it does not load, values that are not modules, and unknown settings", () => {
    expect(() => configure({ modules: { hyparket: {} } })).toThrow(/'hyparket' is not a package sae.js loads; it loads hyparquet, /);
    expect(() => configure({ modules: { hyparquet: "hyparquet" as unknown as object } })).toThrow(/must be the module .* or a loader .*, not string/);
    expect(() => configure({ modules: null as unknown as Record<string, object> })).toThrow(/expected an object of package name/);
    expect(() => configure({ module: {} } as never)).toThrow("configure: unknown setting 'module'; the settings are: modules");
  });
});

describe("what a failed import says", () => {
  it("Node: 'not installed' only for a package the runtime could not find", async () => {
    const notThere = await failure(import("saejs-no-such-package" as string));
    expect(missingHint("saejs-no-such-package", notThere)).toBe("it is not installed (npm install saejs-no-such-package)");
    expect(missingHint("@scope/pkg/sub/path.js", notThere)).toBe("it is not installed (npm install @scope/pkg)");
    // A package that is there but throws as it loads is not "not installed".
    const dir = mkdtempSync(join(tmpdir(), "saejs-optional-"));
    try {
      const broken = join(dir, "broken.mjs");
      writeFileSync(broken, 'throw new Error("needs a newer Node");\n');
      const e = await failure(import(pathToFileURL(broken).href));
      const hint = missingHint("hyparquet", e);
      expect(hint).toContain("it is installed but could not be loaded (needs a newer Node)");
      expect(hint).not.toContain("not installed");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("browsers: the bundler, the import map and configure(); never 'not installed'", () => {
    const hint = browserHint("hyparquet-writer", new TypeError('Failed to resolve module specifier "hyparquet-writer"'));
    expect(hint).toContain('Failed to resolve module specifier "hyparquet-writer"');
    expect(hint).toContain("install it beside saejs (npm install hyparquet-writer) and rebuild");
    expect(hint).toContain('add "hyparquet-writer" to the import map');
    expect(hint).toContain('configure({ modules: { "hyparquet-writer": () => import("hyparquet-writer") } })');
    expect(browserHint("pg", new Error("x"))).toContain("in a browser keep the index on PGlite");
  });

  it("edge runtimes: import it in the worker and hand it in", () => {
    expect(edgeHint("hyparquet", new Error("x"))).toBe(
      'edge runtimes load no module on demand; import it in your worker and pass it: configure({ modules: { "hyparquet": await import("hyparquet") } })',
    );
  });
});
