// Candidate label phrases: the 1–3-word runs of content words of a text. A phrase never crosses
// punctuation and never holds a stop word, so "of the" or "we show that" can never be a label.

/** English function words, and the words every abstract uses ("propose", "results"), which say nothing of a topic. */
const STOP = new Set(
  (
    "a about above across after again against all almost along already also although always am among an and another any anyone " +
    "anything are around as at away back be became because become becomes been before being below beside besides between beyond both " +
    "but by can cannot could did do does doing done down due during each either else enough etc even ever every few for from " +
    "further get gets given gives giving go had has have having he her here hers him his how however i if in into is it its itself " +
    "just least less like made make makes many may me might more moreover most mostly much must my near nearly neither never " +
    "nevertheless no nor not nothing now of off often on once one only onto or other others otherwise our ours out over own per " +
    "perhaps quite rather really same seem seems several shall she should since so some something sometimes still such than that " +
    "the their theirs them themselves then there thereby therefore these they this those though through throughout thus to together " +
    "too toward towards under unless until up upon us use used uses using usually various very via was we well were what whatever " +
    "when where whereas whether which while who whole whom whose why will with within without would yet you your " +
    // the vocabulary of abstracts as such
    "abstract addition additionally address addressed aim aims allow allows apply applied " +
    "approach approaches article based best better certain chapter compare compared " +
    "comparison consider considered contrast current currently demonstrate demonstrated describe described despite detail detailed " +
    "develop developed different discuss discussed example examine examined existing explore explored " +
    "fact find finding findings focus following found framework further furthermore given " +
    "highly however important include included includes including increase increased indeed investigate investigated issue issues " +
    "later lead leads main method methods new non novel " +
    "observed obtain obtained overall paper particularly possible present presented previous previously " +
    "proposed propose proposes provide provided provides recent recently related report reported result " +
    "results show showed shown shows significant significantly similar simple specific studied studies study " +
    "suggest suggests support"
  ).split(" "),
);

/** True for a word that cannot be part of a label. */
export function isStopWord(w: string): boolean {
  return STOP.has(w);
}

/** Lower-case words of a text, in runs that punctuation, LaTeX and numbers break. */
function runs(text: string): string[][] {
  const out: string[][] = [];
  // LaTeX math ($…$) and commands (\alpha) are not words; punctuation ends a run.
  const clean = text
    .toLowerCase()
    .replace(/\$[^$]*\$/g, " . ")
    .replace(/\\[a-z]+/g, " . ");
  for (const segment of clean.split(/[.,;:!?()[\]{}"“”‘’'`/|<>=+*&^%#@~\n\t]+|\s-\s|\s—\s/)) {
    let run: string[] = [];
    for (const token of segment.split(/\s+/)) {
      const w = token.replace(/^-+|-+$/g, "");
      if (/^[a-z][a-z0-9-]*$/.test(w) && w.length >= 2 && !STOP.has(w)) run.push(w);
      else {
        if (run.length) out.push(run);
        run = [];
      }
    }
    if (run.length) out.push(run);
  }
  return out;
}

/** The distinct candidate phrases of a text: runs of 1–3 content words (a single word has at least 3 letters). */
export function phrases(text: string, maxWords = 3): Set<string> {
  const out = new Set<string>();
  for (const run of runs(text)) {
    for (let i = 0; i < run.length; i++) {
      for (let n = 1; n <= maxWords && i + n <= run.length; n++) {
        if (n === 1 && run[i]!.length < 3) continue;
        out.add(run.slice(i, i + n).join(" "));
      }
    }
  }
  return out;
}

/** Words of a phrase or a label ("a / b c" has three). */
export function wordCount(s: string): number {
  return s.split(/[\s/]+/).filter(Boolean).length;
}
