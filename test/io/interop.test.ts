// PyTorch opens what sae.js writes: torch.load(weights_only=True) of the .pth, a plain reader of
// the safetensors, both loaded strictly into the release's FastAutoencoder and run.
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Sae } from "../../src/sae.js";
import { loadSae, saveSae } from "../../src/load.js";
import { writeNpy } from "../../src/io/npy.js";
import { randomArray, randomWeights } from "../fixtures/formula.js";
import { expectCodesClose, preActivations, relError } from "../kernels/tester.js";
import { haveTorch, runPython } from "../python.js";

const ok = haveTorch("PyTorch interop (test/io/interop.test.ts)");

describe.skipIf(!ok)("PyTorch reads the files sae.js writes", () => {
  it(".pth and .safetensors load into FastAutoencoder and compute the same codes and reconstructions", async () => {
    const d = 40,
      n = 96,
      k = 6,
      batch = 7;
    const w = randomWeights(d, n, 77);
    const sae = await Sae.create(w, { k });
    const dir = mkdtempSync(join(tmpdir(), "saejs-interop-"));
    try {
      await saveSae(sae, join(dir, "model.pth"), "pth");
      await saveSae(sae, join(dir, "model.safetensors"), "safetensors", { training: JSON.stringify({ lr: 1e-4 }) });
      expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]); // atomic writes leave no temp files
      const x = randomArray(batch * d, 78);
      writeFileSync(join(dir, "x.npy"), writeNpy(x, [batch, d]));
      const py = JSON.parse(runPython(["test/fixtures/check_interop.py", dir, String(k)]));
      expect(py.pthKeys).toEqual(["pre_bias", "latent_bias", "encoder.weight", "decoder.weight"]);
      expect(py.metadata).toMatchObject({ k: String(k), layout: "release", d: String(d), n: String(n), order: "topk-relu", training: '{"lr":0.0001}' });
      const codes = sae.encode(x);
      const { pre, maxAbs } = preActivations(w, x, batch);
      for (const which of ["pth", "safetensors"] as const) {
        const got = { indices: Int32Array.from(py[which].indices.flat()), values: Float32Array.from(py[which].values.flat()), k, batch };
        expectCodesClose(codes, got, pre, n, 1e-5, maxAbs);
        expect(relError(sae.decode(codes), py[which].recons.flat())).toBeLessThan(1e-5);
      }
      // And back: sae.js reads its own files to the same weights.
      for (const file of ["model.pth", "model.safetensors"]) {
        const again = await loadSae(join(dir, file), { k });
        const aw = await again.weights();
        expect(Array.from(aw.encoderWeight)).toEqual(Array.from(w.encoderWeight));
        expect(Array.from(aw.decoderWeight)).toEqual(Array.from(w.decoderWeight));
        await again.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      sae.dispose();
    }
  });
});
