import { WasmTrainer } from "../src/train/step.wasm.js";
import { loadKernels } from "../src/kernels/wasm.js";
import { embeddedModule } from "../src/kernels/wasm-embedded.js";
import { newState } from "../src/train/state.js";
import { initWeights } from "../src/train/init.js";
import { trainConfig } from "../src/train/config.js";
import { randomUnitRows } from "../bench/util.js";
const D = 1536, N = 3072, K = 16, B = 1024;
const kern = await loadKernels("simd", embeddedModule("simd"));
const x = randomUnitRows(B * 4, D, 5);
const w = initWeights(x, B, D, N, 1, B);
const st = newState(w);
const cfg = trainConfig(K, N, { batchSize: B });
const t = WasmTrainer.create(kern, st, cfg, 0);
const times: Record<string, number> = {};
const ex = kern.exports as any;
for (const name of Object.keys(ex)) {
  const f = ex[name];
  if (typeof f !== "function") continue;
  ex[name] = (...a: unknown[]) => { const t0 = performance.now(); const r = f(...a); times[name] = (times[name] ?? 0) + performance.now() - t0; return r; };
}
let tPrep = 0, tFwd = 0, tFin = 0;
for (let s = 0; s < 4; s++) {
  if (s === 1) { for (const k of Object.keys(times)) delete times[k]; tPrep = tFwd = tFin = 0; }
  const xb = x.subarray((s % 4) * B * D, ((s % 4) + 1) * B * D);
  let t0 = performance.now(); t.prepare(xb); tPrep += performance.now() - t0;
  t0 = performance.now(); t.forward(0, B); tFwd += performance.now() - t0;
  t0 = performance.now(); const r = t.finish(st.sinceActive, st.step); tFin += performance.now() - t0;
  st.sinceActive.set(r.after); st.step++;
}
console.log({ prep: tPrep / 3, fwd: tFwd / 3, fin: tFin / 3 });
const fin = Object.entries(times).filter(([k]) => k !== "f32_encode_topk" && k !== "f32_pack_panels");
console.log(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, +(v / 3).toFixed(2)])));
console.log("finish wasm", fin.reduce((a, [, v]) => a + v, 0) / 3);
