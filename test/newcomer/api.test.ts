// The library as a newcomer's project meets it: this repository packed with `npm pack`, installed
// into a fresh project, imported by name, type-checked by a strict TypeScript consumer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packedProject, ROOT, script, writeEmbeddings, writeSae } from "./newcomer.js";

let dir: string;

beforeAll(async () => {
  dir = packedProject();
  await writeSae(join(dir, "sae.safetensors"), 64, 256, 8);
  writeEmbeddings(join(dir, "e32.npy"), 100, 32);
  writeEmbeddings(join(dir, "e64.npy"), 100, 64);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the installed package", () => {
  it("encode takes number[] (same codes as a Float32Array) and { data, rows, cols }; a wrong width or a non-number is E_SHAPE", async () => {
    const r = await script(
      dir,
      "arrays.mjs",
      `
      import { loadSae, readEmbeddings, evaluate } from "saejs";
      const sae = await loadSae("sae.safetensors", { workers: 2 });
      const row = Array.from({ length: 128 }, (_, i) => Math.sin(i));
      const a = await sae.encode(row), b = await sae.encode(Float32Array.from(row));
      const same = a.batch === 2 && a.indices.every((v, i) => v === b.indices[i]) && a.values.every((v, i) => v === b.values[i]);
      const codeOf = async (p) => { try { await p; return "ok"; } catch (e) { return e.code + ": " + e.message; } };
      console.log(JSON.stringify({
        same,
        matrix: (await sae.encode(await readEmbeddings("e64.npy"))).batch,
        narrow: await codeOf(sae.encode(await readEmbeddings("e32.npy"))),
        evalNarrow: await codeOf(evaluate(sae, await readEmbeddings("e32.npy"))),
        strings: await codeOf(sae.encode(["1", "2"])),
      }));
      await sae.dispose();
    `,
    );
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.same).toBe(true);
    expect(j.matrix).toBe(100);
    expect(j.narrow).toMatch(/^E_SHAPE: x: 100 rows × 32 columns, but 64 columns are needed \(the SAE's d=64\)/);
    expect(j.evalNarrow).toMatch(/^E_SHAPE: evaluate data: 100 rows × 32 columns/);
    expect(j.strings).toMatch(/^E_SHAPE: x: element 0 is string, not a number/);
  });

  it("an empty text to the default embedder is E_ARG, not an error from inside the model", async () => {
    const r = await script(
      dir,
      "empty.mjs",
      `
      import { UseLiteEmbedder } from "saejs";
      try { await new UseLiteEmbedder().embed(["a real sentence", " "]); console.log("no error"); }
      catch (e) { console.log(e.code + ": " + e.message); }
    `,
    );
    expect(r.stdout.trim()).toBe("E_ARG: embed: text 1 is empty; an empty text has no meaning to embed");
  });

  it("a script that forgets dispose() still exits", async () => {
    const r = await script(
      dir,
      "forgets.mjs",
      `
      import { loadSae } from "saejs";
      const sae = await loadSae("sae.safetensors", { workers: 2 });
      const codes = await sae.encode(new Float32Array(64 * 20).fill(0.5));
      console.log(sae.workers, codes.batch);
    `,
      20_000,
    );
    expect(r.killed, "the process was still running after 20 s").toBe(false);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("2 20");
  });

  it("the published types compile in a strict consumer (skipLibCheck false, types [])", () => {
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: false, types: [], noEmit: true },
        include: ["consumer.ts"],
      }),
    );
    writeFileSync(
      join(dir, "consumer.ts"),
      `
      import { loadSae, readEmbeddings, evaluate, train, SaeError, isSaeError, type Codes, type SaeErrorCode, type Metrics } from "saejs";
      import { featureStats, type FeatureStats } from "saejs/explore";
      import { readTextRows, type TextRows } from "saejs/io";
      import { PrecomputedEmbedder } from "saejs/embed";
      import { MetricsAccumulator } from "saejs/train";
      import { BACKENDS } from "saejs/kernels";
      const sae = await loadSae("sae.safetensors", { backend: "auto", workers: "auto" });
      const codes: Codes = await sae.encode(await readEmbeddings("e64.npy"));
      const m: Metrics = await evaluate(sae, [0, 1, 2]);
      const code: SaeErrorCode = "E_IO";
      const stats: FeatureStats = featureStats(codes, sae.nLatents);
      const rows: TextRows = readTextRows("t.txt", "a\\nb\\n");
      export { codes, m, code, train, SaeError, isSaeError, stats, rows, PrecomputedEmbedder, MetricsAccumulator, BACKENDS };
    `,
    );
    let out = "";
    try {
      execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "."], { cwd: dir, encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(out).toBe("");
  });
});
