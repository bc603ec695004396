// Numbers at the edges: float32 overflow in the reference backend (the automatic fallback without
// SIMD) and degenerate evaluation sets, each refused with a typed error instead of Infinity or NaN.
import { describe, expect, it } from "vitest";
import { Sae } from "../../src/sae.js";
import { evaluate } from "../../src/train/metrics.js";
import { randomArray, randomWeights } from "../fixtures/formula.js";

describe("numbers at the edges", () => {
  it("the ref backend refuses a pre-activation beyond float32 (E_NONFINITE naming the row), as Wasm does", async () => {
    const w = randomWeights(16, 40, 2);
    for (const backend of ["ref", "wasm-simd"] as const) {
      const sae = await Sae.create(w, { k: 4, backend });
      const x = randomArray(3 * 16, 1);
      x.fill(3e38, 16, 32); // row 1: finite inputs whose dot products overflow float32
      expect(() => sae.encode(x), backend).toThrow(
        expect.objectContaining({ code: "E_NONFINITE", message: expect.stringMatching(/row 1 overflowed float32/) }),
      );
      sae.dispose();
    }
  });

  it("evaluate refuses identical rows, and its variance does not cancel on rows far from the origin", async () => {
    const w = randomWeights(16, 40, 3);
    const sae = await Sae.create(w, { k: 4, backend: "ref" });
    const row = randomArray(16, 4);
    const same = new Float32Array(50 * 16);
    for (let r = 0; r < 50; r++) same.set(row, r * 16);
    await expect(evaluate(sae, same, 7)).rejects.toMatchObject({ code: "E_ARG", message: expect.stringMatching(/zero variance \(all identical\)/) });
    // Rows at 1e4 from the origin that differ by about 1e-2: Σx² − n·mean² loses every digit here.
    const far = randomArray(300 * 16, 5).map((v) => 1e4 + v * 1e-2);
    const m = await evaluate(sae, far, 64);
    let total = 0,
      err = 0;
    const xhat = sae.reconstruct(far);
    for (let p = 0; p < 16; p++) {
      let mean = 0;
      for (let r = 0; r < 300; r++) mean += far[r * 16 + p]! / 300;
      for (let r = 0; r < 300; r++) total += (far[r * 16 + p]! - mean) ** 2;
    }
    for (let i = 0; i < far.length; i++) err += (xhat[i]! - far[i]!) ** 2;
    expect(m.nmse).toBeGreaterThan(0);
    expect(Math.abs(m.nmse / (err / total) - 1)).toBeLessThan(1e-9);
    sae.dispose();
  });
});
