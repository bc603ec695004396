// `saejs bench`: encode speed of a release-size SAE on this machine.
import { transpose } from "../../core/shapes.js";
import { Sae } from "../../sae.js";
import { num } from "../args.js";
import { command } from "../command.js";
import { as, table } from "../flags.js";
export const benchCommand = command({
  usage: `saejs bench [--batch 256]`,
  about: `  Encode speed of a release-size SAE (d=1536, n=12288, k=128) on this machine, in-thread.
  (The side-by-side benchmarks against other libraries are 'npm run bench' in the repository.)`,
  flags: table(as("batch", "embeddings per encode", "256")),
  maxArgs: 0,
  async run(p, io) {
    const d = 1536,
      n = 12288,
      k = 128,
      batch = num(p, "batch", 256, { min: 1 })!;
    let s = 7;
    const rnd = () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return (s / 4294967296 - 0.5) * 0.05;
    };
    const enc = Float32Array.from({ length: n * d }, rnd),
      dec = transpose(enc, n, d);
    const sae = await Sae.create(
      { nInputs: d, nLatents: n, preBias: new Float32Array(d), encoderWeight: enc, latentBias: new Float32Array(n), decoderWeight: dec },
      { k },
    );
    const x = Float32Array.from({ length: batch * d }, rnd);
    sae.encode(x);
    const t = performance.now();
    sae.encode(x);
    const ms = performance.now() - t;
    const r = {
      backend: sae.backend,
      d,
      n,
      k,
      batch,
      ms: +ms.toFixed(1),
      embPerSec: Math.round(batch / (ms / 1000)),
      gflops: +((2 * batch * d * n) / ms / 1e6).toFixed(1),
    };
    sae.dispose();
    io.say(`${r.backend}: ${batch} embeddings in ${r.ms} ms = ${r.embPerSec} embeddings/s, ${r.gflops} GFLOP/s`);
    return r;
  },
});
