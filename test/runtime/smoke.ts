// The runtime smoke test: load the small golden SAE, encode the golden batch, hash the codes.
// The same code runs in Node, Deno, Bun, Chromium and workerd; every hash must equal Node's.
// "saejs" is the published bundle each runtime would import (aliased by the test's build).
import { loadSae, parseNpy, runtimeCaps, Sae, train, type LoadOptions, type SaeSource } from "saejs";

export interface SmokeResult {
  runtime: string;
  hash: string;
  /** SHA-256 of the weights after a short training run on the same batch. */
  trainHash: string;
  /** SHA-256 of a short Matryoshka-BatchTopK run's weights and θ, and of the batch's codes under it. */
  archHash: string;
  backend: string;
  workers: number;
  sharing: string;
}

export async function smoke(model: SaeSource, xNpy: Uint8Array, options: LoadOptions = {}): Promise<SmokeResult> {
  const x = (await parseNpy(xNpy)).data as Float32Array;
  // Plain SIMD everywhere: relaxed SIMD may fuse multiply-adds, which changes the last bits.
  const m = await loadSae(model, { backend: "wasm-simd", ...options });
  const c = await m.encode(x);
  const bytes = new Uint8Array(c.indices.byteLength + c.values.byteLength);
  bytes.set(new Uint8Array(c.indices.buffer, c.indices.byteOffset, c.indices.byteLength), 0);
  bytes.set(new Uint8Array(c.values.buffer, c.values.byteOffset, c.values.byteLength), c.indices.byteLength);
  const result = {
    runtime: runtimeCaps().runtime,
    hash: await sha256(bytes),
    trainHash: "",
    archHash: "",
    backend: m.backend,
    workers: m.workers,
    sharing: m.sharing,
  };
  await m.dispose();
  // Training must give the same weight bytes everywhere too (workers where the runtime has them);
  // the Wasm trainer by name, as 'auto' would take a hardware GPU where a runtime has one.
  const t = await train(
    { x, rows: 16, nInputs: 64 },
    { k: 4, nLatents: 32, batchSize: 8, epochs: 3, lr: 1e-3, seed: 1, medianRows: 16 },
    { trainer: "wasm", ...(options.wasm?.simd ? { wasm: options.wasm.simd as WebAssembly.Module } : {}) },
  );
  const w = t.weights;
  result.trainHash = await sha256(joined([w.preBias, w.encoderWeight, w.latentBias, w.decoderWeight]));
  // Today's architectures too: a batch-wide selection over nested groups, and θ's variable-width codes.
  const m2 = await train(
    { x, rows: 16, nInputs: 64 },
    { k: 4, nLatents: 32, arch: "matryoshka", widths: [8, 16, 32], batchSize: 8, epochs: 3, lr: 1e-3, seed: 1, medianRows: 16 },
    { trainer: "wasm", ...(options.wasm?.simd ? { wasm: options.wasm.simd as WebAssembly.Module } : {}) },
  );
  const mw = m2.weights;
  const thresholded = await Sae.create(mw, { k: 4, widths: m2.widths, backend: "wasm-simd", ...(options.wasm ? { wasm: options.wasm } : {}) });
  const codes = thresholded.encode(x);
  thresholded.dispose();
  result.archHash = await sha256(joined([mw.preBias, mw.encoderWeight, mw.latentBias, mw.decoderWeight, mw.threshold!, codes.indices, codes.values]));
  return result;
}

function joined(parts: readonly (Float32Array | Int32Array)[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((s, a) => s + a.byteLength, 0));
  let o = 0;
  for (const a of parts) {
    all.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), o);
    o += a.byteLength;
  }
  return all;
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
