// saejs/io saves plain weights: a { weights, k, order } writes the same bytes as the root's
// serializeSae of a model holding them, and loads back to those weights.
import { describe, expect, it } from "vitest";
import { weightParts } from "../../src/core/model.js";
import { Sae } from "../../src/sae.js";
import { SaeModel } from "../../src/model.js";
import { loadSae, serializeSae } from "../../src/load.js";
import { serializeWeights } from "../../src/io/save.js";
import { concat } from "../../src/io/zip-write.js";
import { randomWeights } from "../fixtures/formula.js";

describe("saving weights without a model", () => {
  it("serializeWeights matches serializeSae of a Sae and of a SaeModel, and loads back", async () => {
    const weights = randomWeights(12, 30, 5);
    const sae = await Sae.create(weights, { k: 4 });
    const model = await SaeModel.create(weightParts(weights), { k: 4, workers: 0 });
    try {
      for (const format of ["pth", "safetensors"] as const) {
        const plain = concat(serializeWeights({ weights, k: 4, order: "topk-relu" }, format, { note: "x" }));
        expect(concat(await serializeSae(sae, format, { note: "x" }))).toEqual(plain);
        expect(concat(await serializeSae(model, format, { note: "x" }))).toEqual(plain);
        const back = await loadSae(plain, { workers: 0 });
        try {
          expect(back.info.k).toBe(4);
          expect((await back.weights()).decoderWeight).toEqual(weights.decoderWeight);
        } finally {
          await back.dispose();
        }
      }
    } finally {
      await model.dispose();
    }
  });

  it("a .pth refuses ReLU-before-top-k, which its layout cannot record", () => {
    expect(() => serializeWeights({ weights: randomWeights(4, 8, 1), k: 2, order: "relu-topk" }, "pth")).toThrow(/cannot record ReLU-before-top-k/);
  });
});
