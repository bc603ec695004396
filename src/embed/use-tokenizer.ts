// USE lite's tokenizer: SentencePiece unigram segmentation over the model's vocab.json (piece,
// log-probability), as TensorFlow.js's universal-sentence-encoder feeds the model: NFKC, "▁" at
// the start and for each space, the best-scoring split into pieces, runs of unknowns as one id 0.
// see: https://arxiv.org/abs/1804.10959 (unigram LM) and https://github.com/google/sentencepiece
// The ids must be exactly the Node embedder's (@energetic-ai/embeddings), quirks included (noted
// below), so that both runtimes give one model the same inputs; test/embed/use-tokenizer.test.ts checks it.
import { SaeError, preview } from "../core/errors.js";

/** The vocabulary as vocab.json holds it: [piece, log-probability], index = token id. */
export type UseVocabulary = ReadonlyArray<readonly [string, number | null]>;

/** Ids 0–5 are <unk>, <s>, </s> and three spares: never produced by segmentation except <unk>. */
const RESERVED = 6;
const SPACE = "\u2581";

interface TrieNode {
  children: Map<string, TrieNode>;
  /** The piece ending here, or -1. */
  id: number;
  score: number;
}

export class UseTokenizer {
  private readonly root: TrieNode = { children: new Map(), id: -1, score: 0 };
  /** Each piece's UTF-16 length: the walk back steps by it (the reference does; for USE lite's vocab it equals the code points). */
  private readonly steps: Int32Array;

  /** @param vocab vocab.json's array; `source` names it in errors (a URL or path). */
  constructor(vocab: unknown, source = "vocab.json") {
    if (!Array.isArray(vocab) || vocab.length <= RESERVED) {
      throw new SaeError("E_EMBED", `${source}: expected USE lite's vocabulary, an array of [piece, score] pairs (8,000 of them), got ${preview(vocab)}`);
    }
    this.steps = new Int32Array(vocab.length);
    for (let id = 0; id < vocab.length; id++) {
      const e: unknown = vocab[id];
      // Seven pieces with ':' have score null in the published file; the reference adds null as 0.
      if (!Array.isArray(e) || typeof e[0] !== "string" || !(e[1] === null || (typeof e[1] === "number" && Number.isFinite(e[1])))) {
        throw new SaeError("E_EMBED", `${source}: entry ${id} should be [piece, finite score], got ${preview(e)}`);
      }
      this.steps[id] = e[0].length;
      if (id >= RESERVED) this.insert(e[0], e[1] ?? 0, id);
    }
  }

  /** A later duplicate piece replaces an earlier one, as in the reference trie. */
  private insert(piece: string, score: number, id: number): void {
    let node = this.root;
    for (const ch of piece) {
      let next = node.children.get(ch);
      if (!next) {
        next = { children: new Map(), id: -1, score: 0 };
        node.children.set(ch, next);
      }
      node = next;
    }
    if (node !== this.root) {
      node.id = id;
      node.score = score;
    }
  }

  /** Token ids for one text; an empty text gives none. Linear in its length (pieces are at most 16 characters). */
  encode(text: string): number[] {
    const normalized = text.normalize("NFKC");
    if (normalized.length === 0) return [];
    const symbols = Array.from(SPACE + normalized.replaceAll(" ", SPACE));
    const n = symbols.length;
    // best[e]: the best score of a split of symbols[0, e); 0 also means "none yet", as in the
    // reference, so a split scoring exactly 0 (unknowns only) is replaced by any later candidate.
    const best = new Float64Array(n + 1);
    const words = new Int32Array(n + 1);
    const relax = (end: number, score: number, id: number) => {
      if (best[end] === 0 || score >= best[end]!) {
        best[end] = score;
        words[end] = id;
      }
    };
    // Candidates reach each end in ascending start order (the reference's order; ties go to the later one).
    for (let i = 0; i < n; i++) {
      let matched = false;
      let node = this.root.children.get(symbols[i]!);
      for (let j = i; node; ) {
        if (node.id >= 0) {
          relax(j + 1, best[i]! + node.score, node.id);
          matched = true;
        }
        if (++j >= n) break;
        node = node.children.get(symbols[j]!);
      }
      // No piece starts here: one unknown symbol, score 0.
      if (!matched) relax(i + 1, best[i]!, 0);
    }
    const ids: number[] = [];
    for (let end = n; end > 0; end -= this.steps[words[end]!]!) {
      const id = words[end]!;
      if (!(id === 0 && ids.at(-1) === 0)) ids.push(id);
    }
    return ids.reverse();
  }
}
