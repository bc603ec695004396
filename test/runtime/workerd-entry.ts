// workerd (Cloudflare Workers): no workers and no compiling Wasm bytes at run time, so sae.js runs
// in-thread from the precompiled module the bundle imports; the model and batch are bundled too.
import simd from "./saejs-simd.wasm"; // copied beside the bundle by the test
import model from "../fixtures/golden/small.safetensors";
import x from "../fixtures/golden/small.x.npy";
import { smoke } from "./smoke.js";

export default {
  async fetch(): Promise<Response> {
    try {
      return Response.json(await smoke(model as Uint8Array, x as Uint8Array, { wasm: { simd: simd as WebAssembly.Module } }));
    } catch (e) {
      return Response.json({ error: String((e as Error)?.stack ?? e) }, { status: 500 });
    }
  },
};
