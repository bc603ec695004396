// Where a model runs, decided from its options and the runtime alone (choosePlacement is pure):
// each runtime the project supports, given as capabilities, and the options that change the answer.
import { describe, expect, it } from "vitest";
import { choosePlacement, type PlacementCaps } from "../src/model.js";

const node: PlacementCaps = { runtime: "node", workers: true, sharedMemory: true, webgpu: false, cores: 2, best: "wasm-relaxed-simd", sharedValid: () => true };

describe("choosePlacement", () => {
  it("auto: the best Wasm in one worker per core over one shared memory; WebGPU tried where offered", () => {
    expect(choosePlacement({}, node)).toEqual({ gpu: "no", cpu: { kind: "shared", backend: "wasm-relaxed-simd", isa: "relaxed-simd", workers: 2 } });
    expect(choosePlacement({}, { ...node, webgpu: true }).gpu).toBe("try");
    expect(choosePlacement({ gpu: {} as never }, node).gpu).toBe("try");
    expect(choosePlacement({ backend: "gpu" }, node).gpu).toBe("required");
    expect(choosePlacement({ backend: "wasm-simd" }, { ...node, webgpu: true }).gpu).toBe("no");
  });

  it("the calling thread for workers: 0 and for runtimes without workers (workerd)", () => {
    expect(choosePlacement({ workers: 0 }, node).cpu).toEqual({ kind: "thread", backend: "wasm-relaxed-simd" });
    expect(choosePlacement({}, { ...node, runtime: "workerd", workers: false, sharedMemory: false, best: "wasm-simd" }).cpu).toEqual({
      kind: "thread",
      backend: "wasm-simd",
    });
  });

  it("copies per worker without shared memory, with share: false, with the caller's modules, or for the reference backend", () => {
    const copied = (o: object, c = node) => choosePlacement(o, c).cpu.kind;
    expect(copied({}, { ...node, runtime: "browser", sharedMemory: false })).toBe("copied");
    expect(copied({ share: false })).toBe("copied");
    expect(copied({ wasm: { simd: new Uint8Array(8) } })).toBe("copied");
    expect(copied({}, { ...node, sharedValid: () => false })).toBe("copied");
    expect(choosePlacement({ backend: "ref", workers: 3 }, node).cpu).toEqual({ kind: "copied", backend: "ref", isa: undefined, workers: 3 });
  });

  it("refuses what cannot be: workers out of range, 'wasm' without SIMD", () => {
    expect(() => choosePlacement({ workers: -1 }, node)).toThrow(expect.objectContaining({ code: "E_ARG" }));
    expect(() => choosePlacement({ workers: 1.5 }, node)).toThrow(expect.objectContaining({ code: "E_ARG" }));
    expect(() => choosePlacement({ backend: "wasm" }, { ...node, best: "ref" })).toThrow(expect.objectContaining({ code: "E_NO_SIMD" }));
  });
});
