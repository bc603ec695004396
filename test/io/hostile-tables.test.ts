// Parquet and Arrow built to amplify: a few bytes of RLE runs, dictionaries and footers that
// decode to gigabytes, row counts that size arrays, row groups by the ten thousand, save_to_disk
// folders that list a shard many times. Each is refused with a typed error within the budget.
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openEmbeddings, openTable, readEmbeddings } from "../../src/io/embeddings.js";
import { tableTexts } from "../../src/io/table.js";
import { cpuMsSince, refused } from "./budget.js";
import { craftParquet, dataPage, dictionaryPage, ENC, levels, list, rleRun, struct, type CraftGroup } from "./craft-parquet.js";

const dir = mkdtempSync(join(tmpdir(), "sae-hostile-tables-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A float's four bytes. */
const f32 = (...v: number[]) => [...new Uint8Array(Float32Array.from(v).buffer)];

/**
 * A list<float> data page of `rows` rows of `width` values each, all the dictionary's one value:
 * three RLE runs of levels and one of indices, whatever the count (a row's first value has
 * repetition level 0; `width` 1 makes every value a row).
 */
function runsPage(rows: number, width: number): Uint8Array {
  const n = rows * width;
  const rep =
    width === 1
      ? levels([[n, 0]], 1)
      : rows === 1
        ? levels(
            [
              [1, 0],
              [n - 1, 1],
            ],
            1,
          )
        : undefined;
  if (!rep) throw new Error("runsPage: one row, or rows of one value");
  const idx: number[] = [0]; // bit width 0: every index is 0
  rleRun(idx, n, 0, 0);
  return dataPage(n, ENC.RLE_DICTIONARY, [...rep, ...levels([[n, 3]], 2), ...idx]);
}
/** A list<float> PLAIN data page of one row of these values. */
function plainRow(...v: number[]): Uint8Array {
  return dataPage(v.length, ENC.PLAIN, [
    ...levels(
      [
        [1, 0],
        [v.length - 1, 1],
      ],
      1,
    ),
    ...levels([[v.length, 3]], 2),
    ...f32(...v),
  ]);
}

describe("Parquet list columns decode no more than their bytes allow", () => {
  it("one row of 60 million floats from a 200-byte file (RLE runs over a one-value dictionary) is refused", async () => {
    const bytes = craftParquet("list", [{ rows: 1, values: 60e6, pages: [dictionaryPage(1, f32(0.5)), runsPage(1, 60e6)] }]);
    expect(bytes.length).toBeLessThan(400);
    await refused(() => readEmbeddings(bytes), "E_FORMAT", /claim 60000000 values in \d+ bytes for 1 rows/);
    await refused(
      async () => {
        for await (const _ of (await openEmbeddings(bytes)).batches(64));
      },
      "E_FORMAT",
      /claim 60000000 values/,
    );
  });

  it("every page is checked, not just the first: a later page of 50 million entries is refused before it is decoded", async () => {
    const pages = [dictionaryPage(1, f32(0.5)), plainRow(1, 2, 3, 4), runsPage(1, 50e6)];
    const bytes = craftParquet("list", [{ rows: 2, values: 50e6 + 4, pages }]);
    await refused(() => readEmbeddings(bytes), "E_FORMAT", /claim 50000004 values/);
  });

  it("a row longer than any embedding is refused as it grows, page after page", async () => {
    // 40 pages of 2,000 values each continue one row (within the byte budget: 32 values a byte).
    const cont = () => {
      const idx: number[] = [0];
      rleRun(idx, 2000, 0, 0);
      return dataPage(2000, ENC.RLE_DICTIONARY, [...levels([[2000, 1]], 1), ...levels([[2000, 3]], 2), ...idx]);
    };
    const pages = [dictionaryPage(1, f32(0.5)), runsPage(1, 2000), ...Array.from({ length: 40 }, cont)];
    const bytes = craftParquet("list", [{ rows: 2, values: 82000, pages }]);
    await refused(() => readEmbeddings(bytes), "E_SHAPE", /holds more than 65536 values; no embedding is that wide/);
  });
});

describe("Parquet text columns decode no more text than their bytes allow", () => {
  /** A string column: one dictionary string of `chars` characters, shared by `rows` rows through one RLE run. */
  const shared = (chars: number, rows: number) => {
    const s = new Uint8Array(4 + chars).fill(0x61);
    new DataView(s.buffer).setUint32(0, chars, true);
    const idx: number[] = [0];
    rleRun(idx, rows, 0, 0);
    const page = dataPage(rows, ENC.RLE_DICTIONARY, [...levels([[rows, 1]], 1).slice(0), ...idx]);
    return craftParquet("text", [{ rows, pages: [dictionaryPage(1, s), page] }]);
  };

  it("a 2 MB string shared by 779 rows is refused by the per-text rule (at most 1,048,576 characters)", async () => {
    const bytes = shared(2 << 20, 779);
    const t = await openTable(bytes);
    await refused(() => tableTexts(t, "text"), "E_FORMAT", /row 0 holds a text of 2097152 characters; texts are at most 1048576/);
    await refused(() => t.strings(0, "text"), "E_FORMAT", /holds a text of 2097152 characters/);
    await t.close();
  });

  it("a 512 K-character string shared by 100,000 rows (51 G characters from 0.5 MB) is refused by the column's text budget", async () => {
    const bytes = shared(512 << 10, 100_000);
    const t = await openTable(bytes);
    await refused(() => tableTexts(t, "text"), "E_FORMAT", /column 'text' decodes to more than \d+ characters of text by row \d+/);
    await t.close();
  });
});

describe("Parquet footers", () => {
  it("3 MB of empty structs in an unknown footer field are refused before hyparquet builds them", async () => {
    const empties = list(
      12,
      Array.from({ length: 3 << 20 }, () => struct({})),
    );
    const bytes = craftParquet("list", [{ rows: 1, pages: [plainRow(1, 2)] }], { extra: { 100: empties } });
    expect(bytes.length).toBeGreaterThan(3 << 20);
    await refused(() => readEmbeddings(bytes), "E_FORMAT", /the Parquet footer holds more than \d+ structs in \d+ bytes/);
  });

  it("row counts must be safe, agree with the columns' value counts, and fit the group's bytes", async () => {
    const page = [plainRow(1, 2)];
    const big = 2 ** 53 - 1;
    await refused(
      () => readEmbeddings(craftParquet("list", [{ rows: big, values: big, pages: page }])),
      "E_FORMAT",
      /row group 0 claims 9007199254740991 rows in \d+ bytes/,
    );
    await refused(() => readEmbeddings(craftParquet("list", [{ rows: 2n ** 60n, pages: page }])), "E_FORMAT", /row group 0 claims \d+ rows/);
    await refused(
      () => readEmbeddings(craftParquet("list", [{ rows: 5, values: 2, pages: page }])),
      "E_FORMAT",
      /claims 5 rows but its column 'embedding.list.element' holds 2 values/,
    );
    await refused(() => readEmbeddings(craftParquet("list", [{ rows: 1, pages: page }], { numRows: 7 })), "E_FORMAT", /hold 1 rows but the footer says 7/);
    // A million null texts from one RLE run of definition levels: 150 bytes, a million JS values.
    const nulls = dataPage(1 << 20, ENC.PLAIN, levels([[1 << 20, 0]], 1));
    const million = craftParquet("text", [{ rows: 1 << 20, pages: [nulls] }]);
    await refused(() => openTable(million), "E_FORMAT", /row group 0 claims 1048576 rows in \d+ bytes of columns \(at most 65,536 plus 32 per byte\)/);
  });
});

describe("Parquet with many row groups", () => {
  it("20,000 row groups of one row each read in linear time (vectors and texts)", async () => {
    const n = 20_000;
    const vectors: CraftGroup[] = Array.from({ length: n }, (_, i) => ({ rows: 1, values: 2, pages: [plainRow(i, -i)] }));
    const text = (i: number) => {
      const s = new TextEncoder().encode(`t${i}`);
      return dataPage(1, ENC.PLAIN, [...levels([[1, 1]], 1), s.length, 0, 0, 0, ...s]);
    };
    const texts: CraftGroup[] = Array.from({ length: n }, (_, i) => ({ rows: 1, pages: [text(i)] }));
    // CPU time: the work done, which a busy machine does not inflate.
    let t0 = process.cpuUsage();
    const x = await readEmbeddings(craftParquet("list", vectors));
    const vectorMs = cpuMsSince(t0);
    expect([x.rows, x.cols, x.data[2 * 777], x.data[2 * 777 + 1]]).toEqual([n, 2, 777, -777]);
    t0 = process.cpuUsage();
    const t = await openTable(craftParquet("text", texts));
    const got = await tableTexts(t, "text");
    const textMs = cpuMsSince(t0);
    expect(got.texts.length).toBe(n);
    expect(got.texts[12345]).toBe("t12345");
    // Quadratic, these took 55 s; linear, a second or two of CPU.
    expect(vectorMs).toBeLessThan(15_000);
    expect(textMs).toBeLessThan(15_000);
    console.log(`20,000 one-row groups: vectors ${vectorMs.toFixed(0)} ms, texts ${textMs.toFixed(0)} ms of CPU`);
  }, 120_000);
});

describe("save_to_disk folders", () => {
  const shard = async () => {
    const arrow = await import("apache-arrow");
    const t = new arrow.Table({
      embedding: arrow.vectorFromArray(
        [
          [1, 2],
          [3, 4],
        ],
        new arrow.List(new arrow.Field("item", new arrow.Float32(), true)),
      ),
    });
    return arrow.tableToIPC(t, "stream");
  };
  const folder = async (name: string, files: string[], link?: string) => {
    const d = join(dir, name);
    mkdirSync(d);
    writeFileSync(join(d, "data-00000-of-00001.arrow"), await shard());
    if (link) symlinkSync(link, join(d, "linked.arrow"));
    writeFileSync(join(d, "state.json"), JSON.stringify({ _data_files: files.map((filename) => ({ filename })) }));
    return d;
  };

  it("one shard listed 50,000 times is refused at once, not read 50,000 times; 70,000 shards are more than are read", async () => {
    const d = await folder(
      "dup",
      Array.from({ length: 50_000 }, () => "data-00000-of-00001.arrow"),
    );
    await refused(() => readEmbeddings(d), "E_FORMAT", /"data-00000-of-00001.arrow" is listed twice/);
    const many = await folder(
      "many",
      Array.from({ length: 70_000 }, (_, i) => `s${i}.arrow`),
    );
    await refused(() => readEmbeddings(many), "E_FORMAT", /lists 70000 data files, more than the 65536 read/);
  });

  it("shards that escape the folder (a path, a symbolic link out of it) are refused", async () => {
    const outside = join(dir, "outside.arrow");
    writeFileSync(outside, await shard());
    await refused(async () => readEmbeddings(await folder("dotdot", ["../outside.arrow"])), "E_FORMAT", /each must be a file name in the folder/);
    const linked = await folder("link", ["linked.arrow"], outside);
    await refused(() => readEmbeddings(linked), "E_FORMAT", /"linked.arrow" is a link to .*outside.arrow, outside the folder/);
    // A folder whose shards are its own reads as before.
    expect((await readEmbeddings(await folder("good", ["data-00000-of-00001.arrow"]))).data).toEqual(Float32Array.from([1, 2, 3, 4]));
  });
});

describe("Arrow IPC", () => {
  it("a record batch whose buffer runs past its body is refused", async () => {
    const arrow = await import("apache-arrow");
    const ipc = arrow.tableToIPC(new arrow.Table({ id: arrow.vectorFromArray([1, 2, 3, 4], new arrow.Int32()) }), "stream");
    // The data buffer's entry in the batch's header: offset 0, length 16 (four int32).
    const entry = [0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0];
    const at = ipc.findIndex((_, i) => entry.every((b, k) => ipc[i + k] === b));
    expect(at).toBeGreaterThan(0);
    const bad = ipc.slice();
    new DataView(bad.buffer).setBigInt64(at + 8, 1n << 40n, true);
    await refused(async () => tableTexts(await openTable(bad), "id"), "E_FORMAT", /buffer 1 \[0, \+1099511627776\) lies outside its \d+-byte body/);
  });

  it("texts: a 2 MB string is refused, and a dictionary-encoded column shares the rules (and reads where it is sound)", async () => {
    const arrow = await import("apache-arrow");
    const long = "a".repeat(2 << 20);
    const plain = arrow.tableToIPC(new arrow.Table({ text: arrow.vectorFromArray([long], new arrow.Utf8()) }), "file");
    await refused(async () => tableTexts(await openTable(plain), "text"), "E_FORMAT", /row 0 holds a text of 2097152 characters/);
    const dictionary = (values: string[]) =>
      arrow.tableToIPC(new arrow.Table({ text: arrow.vectorFromArray(values, new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32())) }), "stream");
    await refused(async () => tableTexts(await openTable(dictionary(Array(779).fill(long))), "text"), "E_FORMAT", /holds a text of 2097152 characters/);
    const half = "b".repeat(1 << 19);
    await refused(
      async () => tableTexts(await openTable(dictionary(Array(200_000).fill(half))), "text"),
      "E_FORMAT",
      /decodes to more than \d+ characters of text/,
    );
    expect((await tableTexts(await openTable(dictionary(["x", "y", "x"])), "text")).texts).toEqual(["x", "y", "x"]);
  });
});

describe("messages name the file, what it looks like, and what would work", () => {
  it("a CSV or JSON lines file given as embeddings says so and gives the embed command", async () => {
    const csv = join(dir, "papers.csv");
    writeFileSync(csv, "id,title,abstract\n1,A paper,Some text\n");
    const jsonl = join(dir, "papers.jsonl");
    writeFileSync(jsonl, '{"text": "a"}\n');
    const embed =
      /^papers\.csv: not embeddings: it looks like CSV text \(it begins "id,title,abstract"\).*saejs embed papers\.csv --text-column COLUMN --out emb\.npy/;
    await refused(() => readEmbeddings(csv), "E_FORMAT", embed);
    await refused(() => openEmbeddings(csv), "E_FORMAT", embed);
    await refused(() => openEmbeddings(jsonl), "E_FORMAT", /looks like JSON lines.*saejs embed/);
  });

  it("a Parquet file without a vector column names none that would fail again", async () => {
    const s = new TextEncoder().encode("hello");
    const bytes = craftParquet("text", [{ rows: 1, pages: [dataPage(1, ENC.PLAIN, [...levels([[1, 1]], 1), s.length, 0, 0, 0, ...s])] }]);
    for (const column of [undefined, "text", "embedding"]) {
      const err = await readEmbeddings(bytes, { column }).catch((e: Error) => e);
      expect(String(err)).toMatch(
        /no column holds a list of floats \(embeddings\) \(columns: text \(string\)\); to make embeddings from a text column: saejs embed/,
      );
      expect(String(err)).not.toMatch(/pass|"embedding"/);
    }
  });
});
