// The worker side of inference: one kernel backend, built from an EngineInit, answering
// encode/decode calls. Results are transferred back, not cloned.
import { SaeError } from "../core/errors.js";
import type { ActivationOrder } from "../core/model.js";
import { backendOver, packWeights, refBackend, type CheckedParts, type KernelBackend } from "../kernels/backend.js";
import { Arena, loadKernels, Workspace } from "../kernels/wasm.js";
import { encodeRows } from "../kernels/sparse.js";
import { reply, type EngineApi } from "./protocol.js";

export function createEngine(): EngineApi {
  let impl: KernelBackend | undefined;
  let k = 0,
    d = 0,
    n = 0;
  let order: ActivationOrder = "topk-relu";
  const live = () => {
    if (!impl) throw new SaeError("E_WORKER", "worker used before init");
    return impl;
  };
  return {
    init: (init) =>
      reply(async () => {
        k = init.k;
        order = init.order;
        [d, n] = init.mode === "shared" ? [init.enc.d, init.enc.n] : [init.weights.nInputs, init.weights.nLatents];
        if (init.mode === "shared") {
          const kernels = await loadKernels(init.isa, init.module, { memory: init.memory, attached: true });
          impl = backendOver(kernels, init, new Arena(init.arena.ptr, init.arena.bytes), false);
        } else {
          // The main thread validated these weights; here they are only packed.
          const w = init.weights;
          const parts: CheckedParts = {
            ...w,
            encoderRows: async function* () {
              yield { row0: 0, data: w.encoderWeight };
            },
            decoderRows: async function* () {
              yield { row0: 0, data: w.decoderWeight };
            },
          };
          if (init.backend === "ref" || !init.module) {
            impl = await refBackend(parts);
          } else {
            const kernels = await loadKernels(init.backend === "wasm-relaxed-simd" ? "relaxed-simd" : "simd", init.module);
            impl = backendOver(kernels, await packWeights(kernels, parts, undefined, init.screen), new Workspace(kernels), true);
          }
        }
        return impl.name;
      }),
    encode: (x, rows, req) =>
      reply(
        () => {
          const c = encodeRows(live(), x, rows, { d, n, k, order }, req ?? { width: n });
          return { indices: c.indices, values: c.values, ...("offsets" in c ? { offsets: c.offsets } : {}) };
        },
        (c) => [c.indices.buffer, c.values.buffer, ...(c.offsets ? [c.offsets.buffer] : [])],
      ),
    decode: (indices, values, rows, kk) =>
      reply(
        () => live().decodeSparse({ indices, values, k: kk, batch: rows }),
        (o) => [o.buffer],
      ),
    decodeDense: (z, rows) =>
      reply(
        () => live().decodeDense(z, rows),
        (o) => [o.buffer],
      ),
    weights: () => reply(() => live().weights()),
  };
}
