// Load time and peak memory of a release-size checkpoint (d=1536, n=12288: 151 MB): the .pth is
// written once, then loaded in a fresh process that reports its time and peak RSS over baseline.
// --smoke: a d=64, n=256 checkpoint, one process.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Sae } from "../src/sae.js";
import { loadSae, saveSae } from "../src/load.js";
import { randomSae, type BenchOptions } from "./util.js";

/** Runs in the child: load, report. */
export async function loadChild(path: string): Promise<void> {
  const before = process.memoryUsage().rss;
  const t = performance.now();
  const sae = await loadSae(path, { backend: "wasm-simd" });
  const ms = performance.now() - t;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ ms, peakExtraBytes: peak - before, k: sae.info.k }));
  sae.dispose();
}

export async function benchLoad(opts: BenchOptions): Promise<object> {
  const [D, N, K] = opts.smoke ? [64, 256, 16] : [1536, 12288, 128];
  const dir = join(tmpdir(), "saejs-bench");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, opts.smoke ? `smoke_${K}_${N}_${D}.pth` : `csLG_${K}_${N}_${2 * K}.pth`);
  if (!existsSync(path)) {
    opts.log(`writing ${path} …`);
    const sae = await Sae.create(randomSae(D, N, 1), { k: K, backend: "ref" });
    await saveSae(sae, path, "pth");
    sae.dispose();
  }
  const fileBytes = statSync(path).size;
  const runs: { ms: number; peakExtraBytes: number }[] = [];
  const processes = opts.smoke ? 1 : 3;
  for (let i = 0; i < processes; i++) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "load-child", path], { encoding: "utf8" });
    runs.push(JSON.parse(out.trim().split("\n").pop()!));
  }
  runs.sort((a, b) => a.ms - b.ms);
  const med = runs[runs.length >> 1]!;
  const result = {
    bench: "load",
    fileMB: +(fileBytes / 1e6).toFixed(1),
    ms: +med.ms.toFixed(0),
    peakExtraMB: +(Math.max(...runs.map((r) => r.peakExtraBytes)) / 1e6).toFixed(1),
  };
  opts.log(
    `load ${result.fileMB} MB ${opts.smoke ? "smoke" : "release"} checkpoint: ${result.ms} ms (median of ${processes} fresh process${processes > 1 ? "es" : ""}), peak extra memory ${result.peakExtraMB} MB = ${(result.peakExtraMB / result.fileMB).toFixed(2)}× the file`,
  );
  return result;
}
