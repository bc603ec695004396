// The worker side: one kernel backend, built from an EngineInit, answering encode/decode calls.
// Results are transferred back, not cloned.
import { SaeError } from "../core/errors.js";
import { Sae } from "../sae.js";
import { backendOver, type KernelBackend } from "../kernels/backend.js";
import { Arena, loadKernels } from "../kernels/wasm.js";
import { reply, type EngineApi, type EngineInit } from "./protocol.js";

export function createEngine(): EngineApi {
  let impl: KernelBackend | undefined;
  let sae: Sae | undefined;
  let k = 0;
  let order: EngineInit["order"] = "topk-relu";
  const live = () => {
    if (!impl) throw new SaeError("E_WORKER", "worker used before init");
    return impl;
  };
  return {
    init: (init) => reply(async () => {
      k = init.k;
      order = init.order;
      if (init.mode === "shared") {
        const kernels = await loadKernels(init.isa, init.module, { memory: init.memory, attached: true });
        impl = backendOver(kernels, init, new Arena(init.arena.ptr, init.arena.bytes), false);
      } else {
        const wasm = init.module ? (init.backend === "wasm-relaxed-simd" ? { relaxed: init.module } : { simd: init.module }) : undefined;
        sae = await Sae.create(init.weights, { k, order, backend: init.backend, ...(wasm ? { wasm } : {}) });
        impl = { name: sae.backend, weights: () => sae!.weights, encode: (x, b) => sae!.encode(x, b), decodeSparse: (c) => sae!.decode(c), decodeDense: (z, b) => sae!.decodeDense(z, b), dispose: () => sae!.dispose() };
      }
      return impl.name;
    }),
    encode: (x, rows) => reply(() => {
      const c = live().encode(x, rows, k, order);
      return { indices: c.indices, values: c.values };
    }, (c) => [c.indices.buffer, c.values.buffer]),
    decode: (indices, values, rows, kk) => reply(() => live().decodeSparse({ indices, values, k: kk, batch: rows }), (o) => [o.buffer]),
    decodeDense: (z, rows) => reply(() => live().decodeDense(z, rows), (o) => [o.buffer]),
    weights: () => reply(() => live().weights()),
  };
}
