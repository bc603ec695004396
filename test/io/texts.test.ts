import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { existsSync } from "node:fs";
import { parseCsv, readTexts } from "../../src/io/texts.js";

describe("text inputs", () => {
  it("CSV: quotes, escaped quotes, commas and newlines inside fields, CRLF", () => {
    expect(parseCsv('a,b\r\n"x, y","he said ""hi""\nthen left"\n3,\n')).toEqual([
      ["a", "b"],
      ["x, y", 'he said "hi"\nthen left'],
      ["3", ""],
    ]);
    expect(() => parseCsv('a\n"open')).toThrow(/not closed/);
  });

  it("picks a column or field, or one text per line; names what is missing", () => {
    expect(readTexts("t.csv", 'id,text\n1,alpha\n2,"beta, gamma"\n')).toEqual(["alpha", "beta, gamma"]);
    expect(() => readTexts("t.csv", "id,body\n1,x\n")).toThrow(/no column 'text'; columns: id, body/);
    expect(readTexts("t.jsonl", '{"abstract":"a"}\n\n{"abstract":"b"}\n', "abstract")).toEqual(["a", "b"]);
    expect(() => readTexts("t.jsonl", '{"x":1}\n', "abstract")).toThrow(/line 1 has no string field 'abstract'/);
    expect(readTexts("t.txt", "one\r\n two \n")).toEqual(["one", "two"]);
    expect(readTexts("t.tsv", 'id\ttext\n1\talpha\n2\t"beta\tgamma"\n')).toEqual(["alpha", "beta\tgamma"]);
    expect(readTexts("t.json", '[{"abstract":"a"},{"abstract":"b","title":"x"}]', "abstract")).toEqual(["a", "b"]);
    expect(() => readTexts("t.json", '{"abstract":"a"}', "abstract")).toThrow(/expected a JSON array of objects/);
    expect(() => readTexts("t.json", '[{"abstract":"a"},{"x":1}]', "abstract")).toThrow(/item 1 has no string field 'abstract'/);
    expect(() => readTexts("t.json", "[{", "abstract")).toThrow(/t\.json: not JSON/);
    expect(() => readTexts("t.json", '[{"abstract":""}]', "abstract")).toThrow(/item 0, field 'abstract' is empty/);
  });

  it("reads the real arXiv topics file (multi-line quoted abstracts)", () => {
    const path = "../shared/data/arxiv/arxiv-topics-3579.csv";
    if (!existsSync(path)) return expect.fail(`${path} is missing: CI runs with ../shared beside the clone`);
    const abstracts = readTexts(path, readFileSync(path, "utf8"), "abstract");
    const topics = readTexts(path, readFileSync(path, "utf8"), "query");
    expect(abstracts.length).toBe(3579);
    expect(new Set(topics).size).toBe(8);
    expect(abstracts[0]).toMatch(/^The idea of a unified model for all astrophysical jets/);
  });
});
