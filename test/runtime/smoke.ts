// The runtime smoke test: load the small golden SAE, encode the golden batch, hash the codes.
// The same code runs in Node, Deno, Bun, Chromium and workerd; every hash must equal Node's.
// "saejs" is the published bundle each runtime would import (aliased by the test's build).
import { loadSae, parseNpy, runtimeCaps, type LoadOptions, type SaeSource } from "saejs";

export interface SmokeResult {
  runtime: string;
  hash: string;
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
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const result = { runtime: runtimeCaps().runtime, hash: Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""), backend: m.backend, workers: m.workers, sharing: m.sharing };
  await m.dispose();
  return result;
}
