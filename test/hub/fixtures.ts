// What the Hub tests serve: a random SAE's file, and a small Parquet file of embeddings written by
// hyparquet-writer (3 rows of 4 floats).
import { concat } from "../../src/io/zip-write.js";
import { serializeSae } from "../../src/load.js";
import { Sae } from "../../src/sae.js";
import { randomArray } from "../fixtures/formula.js";

export async function saeFile(d: number, n: number, k: number, format: "pth" | "safetensors"): Promise<Uint8Array> {
  const sae = await Sae.create(
    {
      nInputs: d,
      nLatents: n,
      preBias: randomArray(d, 1),
      encoderWeight: randomArray(n * d, 2),
      latentBias: randomArray(n, 3),
      decoderWeight: randomArray(d * n, 4),
    },
    { k, backend: "ref" },
  );
  try {
    return concat(await serializeSae(sae, format));
  } finally {
    sae.dispose();
  }
}

export async function smallParquet(): Promise<Uint8Array> {
  const { parquetWriteBuffer } = await import("hyparquet-writer");
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: "id", data: [1n, 2n, 3n] },
        {
          name: "embedding",
          data: [
            [1, 2, 3, 4],
            [5, 6, 7, 8],
            [9, 10, 11, 12.5],
          ],
        },
      ],
      schema: [
        { name: "root", num_children: 2 },
        { name: "id", type: "INT64", repetition_type: "REQUIRED" },
        { name: "embedding", repetition_type: "REQUIRED", converted_type: "LIST", num_children: 1 },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        { name: "element", type: "FLOAT", repetition_type: "REQUIRED" },
      ],
    } as never) as ArrayBuffer,
  );
}
