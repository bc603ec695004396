// A site's documents and filters (src/site/docs.ts): docs.bin/docs.idx read back by row, meta.bin's
// filterable fields (at most MAX_FILTER_VALUES values, none for null or empty), and hostile or
// mismatched files refused with E_FORMAT, rows out of range with E_ARG.
import { describe, expect, it } from "vitest";
import type { RandomAccess } from "../../src/core/access.js";
import { bytesSource } from "../../src/io/blob.js";
import { buildDocFiles, filterMask, MAX_FILTER_VALUES, SiteDocs, type SiteDoc } from "../../src/site/docs.js";
import { refused } from "../io/budget.js";
import { concat } from "../../src/io/zip-write.js";

const DOCS: SiteDoc[] = [
  { title: "Lensing by clusters", text: "Weak lensing of background galaxies.", meta: { category: "astro-ph", year: 2007, open: true } },
  { title: "Spin glasses", text: "Replica symmetry breaking — ünïcode ✓", meta: { category: "cond-mat", year: 2007, open: false } },
  { title: "", text: "A document without a title.", meta: { category: "astro-ph", year: null, open: true } },
  { title: "Knots", text: "Invariants of knots.", meta: { category: "", year: 2008 } },
  { title: "No metadata", text: "Plain." },
];

/** docs.bin as a source that counts its reads. */
function counted(bytes: Uint8Array): RandomAccess & { reads: number } {
  const src = bytesSource(bytes, "docs.bin");
  const out = {
    name: "docs.bin",
    size: src.size,
    reads: 0,
    read(o: number, n: number) {
      out.reads++;
      return src.read(o, n);
    },
    close: () => src.close(),
  };
  return out;
}

/** A source that records whether it was closed. */
function tracked(bytes: Uint8Array, name: string): RandomAccess & { closed: boolean } {
  const src = bytesSource(bytes, name);
  const out = {
    name,
    size: src.size,
    closed: false,
    read: (o: number, n: number) => src.read(o, n),
    async close() {
      out.closed = true;
    },
  };
  return out;
}

async function open(docs: Uint8Array, idx: Uint8Array, rows: number, dtype: "u32" | "f64" = "u32") {
  return SiteDocs.open(bytesSource(idx, "docs.idx"), bytesSource(docs, "docs.bin"), rows, dtype);
}

describe("docs.bin and docs.idx", () => {
  it("read back by row, in any order with repeats, each document read once", async () => {
    const built = buildDocFiles(DOCS);
    expect(built.idxDType).toBe("u32");
    const bin = concat(built.docs);
    const counting = counted(bin);
    const docs = await SiteDocs.open(bytesSource(built.idx, "docs.idx"), counting, DOCS.length, "u32");
    expect(docs.rows).toBe(DOCS.length);
    expect(await docs.get([4, 1, 1, 0])).toEqual([DOCS[4], DOCS[1], DOCS[1], DOCS[0]]);
    expect(counting.reads).toBe(3);
    expect(await docs.get([0, 1, 2, 3, 4])).toEqual(DOCS);
    expect(counting.reads).toBe(5);
    expect(docs.peek(2)).toEqual(DOCS[2]);
    // Metadata with no fields is not stored: the document reads back without it.
    expect(Object.keys(JSON.parse(new TextDecoder().decode(buildDocFiles([{ title: "a", text: "b", meta: {} }]).docs[0]!)))).toEqual(["title", "text"]);
  });

  it("f64 offsets (docs.bin past 4 GiB) read the same", async () => {
    const built = buildDocFiles(DOCS);
    const u32 = new Uint32Array(built.idx.buffer.slice(built.idx.byteOffset, built.idx.byteOffset + built.idx.length));
    const docs = await open(concat(built.docs), new Uint8Array(Float64Array.from(u32).buffer), DOCS.length, "f64");
    expect(await docs.get([3, 0])).toEqual([DOCS[3], DOCS[0]]);
  });

  it("refuses an empty corpus (E_SHAPE) and a document without a string title and text (E_ARG)", async () => {
    await refused(() => buildDocFiles([]), "E_SHAPE", /the corpus is empty/);
    await refused(() => buildDocFiles([DOCS[0]!, { title: 3, text: "x" } as unknown as SiteDoc]), "E_ARG", /document 1 needs a string title and text/);
    await refused(() => buildDocFiles([{ title: "t" } as unknown as SiteDoc]), "E_ARG", /document 0 needs a string title and text/);
    await refused(() => buildDocFiles([null as unknown as SiteDoc]), "E_ARG", /document 0/);
  });

  it("refuses mismatched or hostile files with E_FORMAT, and closes docs.idx either way", async () => {
    const built = buildDocFiles(DOCS);
    const bin = concat(built.docs),
      idx = built.idx,
      rows = DOCS.length;
    const offsets = () => new Uint32Array(idx.slice().buffer);
    // docs.idx of another length than rows + 1 offsets.
    await refused(() => open(bin, idx.subarray(0, idx.length - 4), rows), "E_FORMAT", /docs\.idx has 20 bytes, expected 24 for 5 documents/);
    await refused(() => open(bin, idx, rows + 1), "E_FORMAT", /expected 28 for 6 documents/);
    await refused(() => open(bin, idx, rows, "f64"), "E_FORMAT", /expected 48/);
    // docs.bin truncated, or longer: from another build.
    await refused(() => open(bin.subarray(0, bin.length - 1), idx, rows), "E_FORMAT", /offsets end at \d+, docs\.bin has \d+ bytes \(from another build\?\)/);
    await refused(() => open(concat([bin, new Uint8Array(3)]), idx, rows), "E_FORMAT", /from another build/);
    // Offsets out of order.
    const swapped = offsets();
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    await refused(() => open(bin, new Uint8Array(swapped.buffer), rows), "E_FORMAT", /document \d ends before it starts/);
    // Offsets not starting at 0.
    const shifted = offsets();
    shifted[0] = 1;
    await refused(() => open(bin, new Uint8Array(shifted.buffer), rows), "E_FORMAT", /offsets end at/);
    // NaN offsets (f64) are out of order too.
    const nan = Float64Array.from(offsets());
    nan[2] = Number.NaN;
    await refused(() => open(bin, new Uint8Array(nan.buffer), rows, "f64"), "E_FORMAT", /document 1 ends before it starts/);
    // docs.idx is closed after a refusal as after success.
    const idxSrc = tracked(idx.subarray(0, 8), "docs.idx");
    await refused(() => SiteDocs.open(idxSrc, bytesSource(bin, "docs.bin"), rows, "u32"), "E_FORMAT", /docs\.idx/);
    expect(idxSrc.closed).toBe(true);
  });

  it("a document that is not JSON, not UTF-8 or has no title and text is E_FORMAT when read; other rows still read", async () => {
    const enc = new TextEncoder();
    for (const [bad, re] of [
      [enc.encode('{"title": "cut'), /document 1 of docs\.bin is not JSON \(from another build\?\)/],
      [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), /document 1 of docs\.bin is not JSON/],
      [enc.encode('{"title": "t"}'), /document 1 has no title and text/],
      [enc.encode("null"), /document 1 has no title and text/],
      [enc.encode('["title", "text"]'), /document 1 has no title and text/],
    ] as const) {
      const parts = [enc.encode(JSON.stringify(DOCS[0])), bad, enc.encode(JSON.stringify(DOCS[1]))];
      const offsets = new Uint32Array([0, parts[0]!.length, parts[0]!.length + parts[1]!.length, concat(parts).length]);
      const docs = await open(concat(parts), new Uint8Array(offsets.buffer), 3);
      await refused(() => docs.get([1]), "E_FORMAT", re);
      expect(await docs.get([2, 0])).toEqual([DOCS[1], DOCS[0]]);
    }
  });

  it("rows out of range, negative or not integers are E_ARG, before anything is read", async () => {
    const built = buildDocFiles(DOCS);
    const bin = counted(concat(built.docs));
    const docs = await SiteDocs.open(bytesSource(built.idx, "docs.idx"), bin, DOCS.length, "u32");
    for (const r of [5, -1, 1.5, Number.NaN, Infinity, 2 ** 32])
      await refused(() => docs.get([0, r]), "E_ARG", new RegExp(`^site: no document ${String(r).replace(".", "\\.")} \\(there are 5\\)$`));
    expect(bin.reads).toBe(0);
  });
});

describe("filters (meta.bin)", () => {
  it("a field per name with ≥ 2 distinct values; null, empty and missing match no value; numbers and booleans as text", () => {
    const built = buildDocFiles(DOCS);
    expect(built.filters.map((f) => [f.name, f.values])).toEqual([
      ["category", ["astro-ph", "cond-mat"]],
      ["open", ["true", "false"]],
      ["year", ["2007", "2008"]],
    ]);
    const mask = (name: string, value: string) => Array.from(filterMask(built.meta, built.filters.find((f) => f.name === name)!, DOCS.length, value));
    expect(mask("category", "astro-ph")).toEqual([1, 0, 1, 0, 0]);
    expect(mask("category", "cond-mat")).toEqual([0, 1, 0, 0, 0]);
    expect(mask("category", "")).toEqual([0, 0, 0, 0, 0]);
    expect(mask("category", "math")).toEqual([0, 0, 0, 0, 0]);
    expect(mask("year", "2007")).toEqual([1, 1, 0, 0, 0]);
    expect(mask("year", "2008")).toEqual([0, 0, 0, 1, 0]);
    expect(mask("open", "false")).toEqual([0, 1, 0, 0, 0]);
    expect(built.meta.length).toBe(3 * DOCS.length * 2);
  });

  it("a field with one value, more than MAX_FILTER_VALUES, or more than half as many as documents, is no filter (its values still show with each document)", async () => {
    // n values over 2n documents (each value twice, the most a filter may have), plus one.
    const many = (n: number) => Array.from({ length: 2 * n + 1 }, (_, i) => ({ title: `t${i}`, text: "x", meta: { id: `v${i % n}`, same: "one" } }));
    const at = buildDocFiles(many(MAX_FILTER_VALUES));
    const rows = 2 * MAX_FILTER_VALUES + 1;
    expect(at.filters.map((f) => [f.name, f.values.length])).toEqual([["id", MAX_FILTER_VALUES]]);
    expect(Array.from(filterMask(at.meta, at.filters[0]!, rows, `v${MAX_FILTER_VALUES - 1}`)).reduce((s, v) => s + v, 0)).toBe(2);
    expect(Array.from(filterMask(at.meta, at.filters[0]!, rows, "v0")).reduce((s, v) => s + v, 0)).toBe(3);
    const over = buildDocFiles(many(MAX_FILTER_VALUES + 1));
    expect(over.filters).toEqual([]);
    expect(over.meta.length).toBe(0);
    const docs = await open(concat(over.docs), over.idx, 2 * MAX_FILTER_VALUES + 3);
    expect((await docs.get([MAX_FILTER_VALUES]))[0]!.meta).toEqual({ id: `v${MAX_FILTER_VALUES}`, same: "one" });
    // A value per document (an id column) is no category: 10 documents, 10 values.
    const ids = buildDocFiles(Array.from({ length: 10 }, (_, i) => ({ title: `t${i}`, text: "x", meta: { id: `id-${i}`, kind: i % 2 ? "a" : "b" } })));
    expect(ids.filters.map((f) => f.name)).toEqual(["kind"]);
  });

  it("filterMask refuses a meta.bin too short for its field (E_FORMAT)", async () => {
    const built = buildDocFiles(DOCS);
    const last = built.filters.at(-1)!;
    await refused(
      () => filterMask(built.meta.subarray(0, built.meta.length - 1), last, DOCS.length, last.values[0]!),
      "E_FORMAT",
      /meta\.bin is too short for the field 'year'/,
    );
    await refused(() => filterMask(built.meta, last, DOCS.length + 1, last.values[0]!), "E_FORMAT", /too short/);
  });
});
