// Golden outputs of the release's FastAutoencoder run by real PyTorch (test/fixtures/make_golden.py)
// on closed-form weights: every backend must give the same codes and reconstructions.
import { beforeAll, describe, expect, it } from "vitest";
import { Sae } from "../src/sae.js";
import { BACKENDS } from "../src/kernels/backend.js";
import type { Codes } from "../src/core/model.js";
import { formula, formulaWeights, golden, INPUT } from "./fixtures/formula.js";
import { expectCodesClose, preActivations, relError } from "./kernels/tester.js";

const TOL = 1e-5;
const CASES = [
  { name: "small", d: 64, n: 256, k: 8, batch: 16 },
  { name: "release-3072", d: 1536, n: 3072, k: 16, batch: 8 },
  { name: "release-12288", d: 1536, n: 12288, k: 128, batch: 4 },
];

describe.each(CASES)("PyTorch golden $name (d=$d n=$n k=$k B=$batch)", ({ name, d, n, k, batch }) => {
  const w = formulaWeights(d, n);
  let x: Float32Array, want: Codes, recons: Float32Array, pre: Float64Array, maxAbs: Float64Array;

  beforeAll(async () => {
    const xa = await golden(name, "x");
    expect(xa.shape).toEqual([batch, d]);
    x = xa.data as Float32Array;
    want = { indices: (await golden(name, "indices")).data as Int32Array, values: (await golden(name, "values")).data as Float32Array, k, batch };
    recons = (await golden(name, "recons")).data as Float32Array;
    ({ pre, maxAbs } = preActivations(w, x, batch));
  });

  it("the TS formula reproduces make_golden.py's bit for bit (checked on x, which Python saved)", () => {
    expect(Buffer.from(formula(INPUT, batch, d).buffer).equals(Buffer.from(x.buffer, x.byteOffset, x.byteLength))).toBe(true);
  });

  it.each(BACKENDS)("backend %s: indices exact up to near-ties, values and reconstructions within 1e-5", async (backend) => {
    const sae = await Sae.create(w, { k, backend });
    expect(sae.backend).toBe(backend);
    const codes = sae.encode(x, batch);
    // Values within 1e-5 of the row's largest |pre-activation|; PyTorch's own float32 sums
    // reorder a few near-tied latents (gap < 2e-5 of that scale), which the helper checks.
    expectCodesClose(codes, want, pre, n, TOL, maxAbs);
    expect(relError(sae.decode(codes), recons)).toBeLessThanOrEqual(TOL);
    expect(relError(sae.reconstruct(x), recons)).toBeLessThanOrEqual(TOL);
    sae.dispose();
  });

  it.each(BACKENDS.filter((b) => b !== "ref"))("backend %s with the integer screen: the same codes bit for bit, a row and two at a time", async (backend) => {
    const plain = await Sae.create(w, { k, backend }),
      screened = await Sae.create(w, { k, backend, screen: true });
    const bytes = (c: Codes) => Buffer.concat([Buffer.from(c.indices.buffer), Buffer.from(c.values.buffer)]);
    for (const rows of [1, 2]) {
      for (let r0 = 0; r0 + rows <= batch; r0 += rows) {
        const xr = x.subarray(r0 * d, (r0 + rows) * d);
        expect(bytes(screened.encode(xr, rows)).equals(bytes(plain.encode(xr, rows))), `rows ${r0}..${r0 + rows}`).toBe(true);
      }
    }
    expectCodesClose(
      screened.encode(x.subarray(0, 4 * d), 4),
      { ...want, batch: 4, indices: want.indices.subarray(0, 4 * k), values: want.values.subarray(0, 4 * k) },
      pre,
      n,
      TOL,
      maxAbs,
    );
    plain.dispose();
    screened.dispose();
  });
});
