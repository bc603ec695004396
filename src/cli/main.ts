// The `saejs` command line: argv → library calls. The only place that calls process.exit.
import { Sae } from "../sae.js";
import { bestBackend } from "../kernels/backend.js";
import { isSaeError } from "../core/errors.js";

const USAGE = `usage: saejs <command> [options]

commands:
  demo     encode and reconstruct with a release-size SAE (d=1536, n=12288, k=128) and report speed
  info     show the kernel backend this runtime selects

options:
  --json   machine-readable output
  --help   this text

exit codes: 0 ok, 1 error (one line with its code; --verbose for the stack), 2 usage`;

/** Unit-norm pseudo-random vectors, the shape of OpenAI text-embedding-3-small outputs. */
function unitRows(rows: number, d: number, seed: number): Float32Array {
  const out = new Float32Array(rows * d);
  let s = seed >>> 0;
  for (let r = 0; r < rows; r++) {
    let norm = 0;
    for (let p = 0; p < d; p++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const v = s / 4294967296 - 0.5;
      out[r * d + p] = v;
      norm += v * v;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let p = 0; p < d; p++) out[r * d + p]! *= inv;
  }
  return out;
}

async function demo(json: boolean): Promise<void> {
  const d = 1536, n = 12288, k = 128, batch = 256;
  // Encoder = decoderᵀ with unit columns: the release's initialisation (SPEC §3).
  const decT = unitRows(n, d, 7);
  const decoderWeight = new Float32Array(d * n);
  for (let i = 0; i < n; i++) for (let p = 0; p < d; p++) decoderWeight[p * n + i] = decT[i * d + p]!;
  const sae = await Sae.create({ nInputs: d, nLatents: n, preBias: new Float32Array(d), encoderWeight: decT, latentBias: new Float32Array(n), decoderWeight }, { k });
  const x = unitRows(batch, d, 11);
  sae.encode(x); // warm-up
  const t0 = performance.now();
  const codes = sae.encode(x);
  const ms = performance.now() - t0;
  const xhat = sae.decode(codes);
  let err = 0, tot = 0;
  for (let i = 0; i < x.length; i++) { err += (xhat[i]! - x[i]!) ** 2; tot += x[i]! ** 2; }
  const result = { backend: sae.backend, d, n, k, batch, encodeMs: +ms.toFixed(1), embPerSec: Math.round(batch / (ms / 1000)), gflops: +((2 * batch * d * n) / ms / 1e6).toFixed(1), relativeSquaredError: +(err / tot).toFixed(4) };
  sae.dispose();
  if (json) console.log(JSON.stringify(result));
  else {
    console.log(`sae.js engine demo: a release-size top-k SAE (d=${d}, n=${n}, k=${k}), encoder = decoderᵀ at initialisation`);
    console.log(`backend ${result.backend}: ${batch} embeddings in ${result.encodeMs} ms = ${result.embPerSec} embeddings/s, ${result.gflops} GFLOP/s`);
    console.log(`reconstruction error of random unit vectors (untrained SAE): ${result.relativeSquaredError}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const verbose = argv.includes("--verbose");
  const cmd = argv.find((a) => !a.startsWith("-"));
  if (argv.includes("--help") || !cmd) {
    console.log(USAGE);
    return cmd || argv.includes("--help") ? 0 : 2;
  }
  try {
    if (cmd === "info") {
      const info = { backend: bestBackend() };
      console.log(json ? JSON.stringify(info) : `backend: ${info.backend}`);
    } else if (cmd === "demo") {
      await demo(json);
    } else {
      console.error(`saejs: unknown command '${cmd}'\n\n${USAGE}`);
      return 2;
    }
    return 0;
  } catch (e) {
    const code = isSaeError(e) ? e.code : "E_INTERNAL";
    console.error(`saejs: ${code}: ${(e as Error).message}`);
    if (verbose) console.error((e as Error).stack);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
