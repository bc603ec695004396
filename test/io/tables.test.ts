// Parquet (written by DuckDB, five codecs, list/double/fixed-size columns) and Arrow IPC (written by
// Arrow JS: file, stream, float16, a save_to_disk folder): every reader path gives the .npy's rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openEmbeddings, openTable, readEmbeddings } from "../../src/io/embeddings.js";
import { flattenRows, joinPieces, tableTexts } from "../../src/io/table.js";
import { listVectorPages } from "../../src/io/parquet-vectors.js";
import { openSource } from "../../src/io/source.js";
import { codesParquetWriter } from "../../src/io/codes-parquet.js";
import { optionalModule } from "../../src/runtime/optional.js";
import { CODECS, DIM, duckVectors, encodingsOf, firstDiff, GROUP, makeTables, ROWS, type TableFixtures } from "./tables.js";

let dir: string, f: TableFixtures;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-tables-"));
  f = await makeTables(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sources = () => ({
  ...Object.fromEntries(CODECS.map((c) => [`parquet ${c}`, f.parquet[c]!])),
  "parquet double[]": f.parquetDouble,
  "parquet float[24] (fixed size)": f.parquetFixed,
  "arrow file": f.arrowFile,
  "arrow stream": f.arrowStream,
  "arrow float16 fixed_size_list": f.arrowHalf,
  "save_to_disk folder": f.savedDataset,
});

describe("Parquet and Arrow embeddings", () => {
  it("every format, codec and column type reads to the .npy's rows, whole and in batches", async () => {
    const want = (await readEmbeddings(f.npy)).data;
    for (const [what, path] of Object.entries(sources())) {
      const whole = await readEmbeddings(path, { column: "embedding" });
      expect([what, whole.rows, whole.cols]).toEqual([what, ROWS, DIM]);
      expect(firstDiff(whole.data, want), what).toBe(-1);
      const rows = await openEmbeddings(path);
      try {
        expect(rows.groups?.length, what).toBe(Math.ceil(ROWS / GROUP));
        const seen = new Float32Array(ROWS * DIM);
        for await (const b of rows.batches(300)) seen.set(b.data, b.start * DIM);
        expect(firstDiff(seen, want), what).toBe(-1);
        // A range across a row-group boundary.
        expect(await rows.read(GROUP - 3, 7), what).toEqual(want.subarray((GROUP - 3) * DIM, (GROUP + 4) * DIM));
      } finally {
        await rows.close();
      }
    }
  });

  it("every page encoding DuckDB writes for floats reads as DuckDB reads it (PLAIN, BYTE_STREAM_SPLIT, dictionaries; v1 and v2 pages)", async () => {
    const seen = new Set<string>();
    for (const [what, path] of Object.entries({ ...f.encodings, "plain_dictionary v1": f.parquet.snappy! })) {
      for (const e of await encodingsOf(f.duck, path)) seen.add(e);
      expect(firstDiff((await readEmbeddings(path)).data, await duckVectors(f.duck, path)), what).toBe(-1);
    }
    expect([...seen].sort()).toEqual(["BYTE_STREAM_SPLIT", "PLAIN", "PLAIN_DICTIONARY", "RLE_DICTIONARY"]);
    // …and each by the typed-array decoder, not the general reader it falls back to.
    const { parquetMetadataAsync, asyncBufferFromFile } = await import("hyparquet");
    const { compressors } = await import("hyparquet-compressors");
    for (const path of [...Object.values(f.encodings), f.parquet.snappy!, f.parquetDouble]) {
      const md = await parquetMetadataAsync(await asyncBufferFromFile(path));
      const m = md.row_groups[0]!.columns.find((c) => c.meta_data?.path_in_schema[0] === "embedding")!.meta_data!;
      const start = Number(m.dictionary_page_offset ?? m.data_page_offset),
        bytes = Number(m.total_compressed_size);
      const leaf = md.schema.find((e) => e.name === "element")!;
      const ra = await openSource(path);
      const where = { rows: GROUP, rowStart: 0, column: "embedding" };
      const pages = await listVectorPages(ra, { repetition: ["OPTIONAL", "REPEATED", "OPTIONAL"], leaf }, { codec: m.codec, start, bytes }, where, compressors);
      expect(pages, path).toBeDefined();
      const got = await joinPieces(pages!);
      await ra.close();
      expect([got.width, got.data.length], path).toEqual([DIM, GROUP * DIM]);
    }
  });

  it("hyparquet's general reader (other shapes) applies the same row rules: nulls and ragged rows by row", () => {
    expect(flattenRows([[1, 2], Float32Array.of(3, 4)], "e", 10).data).toEqual(Float32Array.of(1, 2, 3, 4));
    expect(() => flattenRows([[1, 2], null], "e", 10)).toThrow(/row 11 is null/);
    expect(() => flattenRows([[1, 2], [3]], "e", 10)).toThrow(/row 11 has 1 values, the rows before it 2/);
    expect(() => flattenRows([[1, null]], "e", 10)).toThrow(/row 10 has a null at position 1/);
  });

  it("reads Parquet from a Blob by byte range (the browser path)", async () => {
    const e = await readEmbeddings(new Blob([readFileSync(f.parquet.zstd!)]));
    expect(firstDiff(e.data, (await readEmbeddings(f.npy)).data)).toBe(-1);
  });

  it("texts, titles and ids come from string and integer columns with the text files' row rules", async () => {
    for (const path of [f.parquet.snappy!, f.arrowFile]) {
      const t = await openTable(path);
      try {
        expect((await tableTexts(t, "title")).texts).toEqual(f.titles);
        expect((await tableTexts(t, "id")).texts).toEqual(f.ids.map(String));
        expect(t.columns.map((c) => [c.name, c.kind])).toContainEqual(["embedding", "vector"]);
      } finally {
        await t.close();
      }
    }
  });

  it("names a missing column, a column of the wrong type, and an ambiguous choice with the columns there are", async () => {
    await expect(readEmbeddings(f.parquet.snappy!, { column: "emb" })).rejects.toMatchObject({
      code: "E_ARG",
      message: expect.stringMatching(/no column 'emb'.*embedding \(list<float>\)/),
    });
    await expect(readEmbeddings(f.parquet.snappy!, { column: "title" })).rejects.toMatchObject({
      code: "E_FORMAT",
      message: /'title' is string, not a list of floats/,
    });
    const two = join(dir, "two.parquet");
    await f.duck.run(`copy (select embedding as a, embedding as b from papers) to '${two}' (format parquet)`);
    await expect(readEmbeddings(two)).rejects.toMatchObject({ code: "E_ARG", message: /2 columns hold a list of floats.*name one/ });
    await expect(readEmbeddings(f.npy, { column: "embedding" })).rejects.toMatchObject({ code: "E_ARG", message: /not one/ });
  });

  it("a null row, a null value and a ragged row are errors naming the row", async () => {
    const cases: [string, string, string, RegExp][] = [
      ["null-row", "case when i = 300 then null else embedding end", "E_FORMAT", /row 300 is null/],
      [
        "null-value",
        "case when i = 301 then list_transform(embedding, v -> case when v > 1 then null else v end) else embedding end",
        "E_FORMAT",
        /row 301 has a null/,
      ],
      ["ragged", "case when i = 517 then embedding[1:5] else embedding end", "E_SHAPE", /row 517 has 5 values/],
    ];
    for (const [name, expr, code, message] of cases) {
      const path = join(dir, `${name}.parquet`);
      await f.duck.run(
        `copy (select ${expr} as embedding from papers, (select id as i from papers) w where w.i = papers.id order by id) to '${path}' (format parquet, row_group_size ${GROUP})`,
      );
      await expect(readEmbeddings(path), name).rejects.toMatchObject({ code, message });
    }
  });

  it("codes written as Parquet read back in DuckDB, row group by row group, with their ids", async () => {
    const k = 3,
      chunks: Uint8Array[] = [];
    const w = await codesParquetWriter(async (b) => void chunks.push(b), k, { id: { name: "paper_id", kind: "text" } });
    const all = { indices: [] as number[], values: [] as number[] };
    for (let g = 0; g < 3; g++) {
      const n = 5 + g;
      const indices = Int32Array.from({ length: n * k }, (_, i) => (i * 7 + g) % 50);
      const values = Float32Array.from({ length: n * k }, (_, i) => (n * k - i) / 8);
      all.indices.push(...indices);
      all.values.push(...values);
      await w.write(
        { indices, values, k, batch: n },
        Array.from({ length: n }, (_, i) => `p${g}-${i}`),
      );
    }
    await w.finish();
    const path = join(dir, "codes.parquet");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, Buffer.concat(chunks));
    const r = (await f.duck.runAndReadAll(`select paper_id, indices, "values" from '${path}'`)).getRows();
    expect(r.length).toBe(18);
    expect(r.flatMap((row) => (row[1] as { items: number[] }).items)).toEqual(all.indices);
    expect(r.flatMap((row) => (row[2] as { items: number[] }).items)).toEqual(all.values);
    expect(r[5]![0]).toBe("p1-0");
    const groups = (await f.duck.runAndReadAll(`select count(distinct row_group_id) from parquet_metadata('${path}')`)).getRows();
    expect(Number(groups[0]![0])).toBe(3);
    const meta = (await f.duck.runAndReadAll(`select decode(key), decode(value) from parquet_kv_metadata('${path}')`)).getRows();
    expect(meta).toContainEqual(["saejs.k", "3"]);
  });

  it("a missing optional package is E_DEPENDENCY naming the package and the feature", async () => {
    await expect(optionalModule("saejs-no-such-package", "reading Feather v0")).rejects.toMatchObject({
      code: "E_DEPENDENCY",
      message: /reading Feather v0 needs the optional package 'saejs-no-such-package'.*npm install saejs-no-such-package/,
    });
  });
});
