// Bring your own embeddings: vectors made elsewhere (a .npy or .npz of [texts, dim]) served as an
// Embedder for the texts they were made from, so that every tool that takes an embedder takes them.
import { SaeError } from "../core/errors.js";
import { readEmbeddings } from "../io/embeddings.js";
import type { SaeSource } from "../io/source.js";
import type { EmbedOptions, Embedder } from "./embedder.js";

export class PrecomputedEmbedder implements Embedder {
  readonly name: string;
  private readonly rowOf = new Map<string, number>();

  /** x [texts.length, dim]: row i is the embedding of texts[i]. */
  constructor(
    private readonly x: Float32Array,
    readonly dim: number,
    texts: readonly string[],
    name = "precomputed",
  ) {
    if (x.length !== texts.length * dim) throw new SaeError("E_SHAPE", `precomputed embeddings: ${x.length / dim} rows for ${texts.length} texts`);
    texts.forEach((t, i) => {
      if (!this.rowOf.has(t)) this.rowOf.set(t, i);
    });
    this.name = `${name}:${dim}`;
  }

  /** Loads [texts, dim] from a .npy or .npz. */
  static async fromFile(source: SaeSource, texts: readonly string[], name?: string): Promise<PrecomputedEmbedder> {
    const { data, cols } = await readEmbeddings(source);
    return new PrecomputedEmbedder(data, cols, texts, name ?? (typeof source === "string" ? source.split(/[\\/]/).pop() : undefined));
  }

  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array> {
    const out = new Float32Array(texts.length * this.dim);
    texts.forEach((t, i) => {
      const r = this.rowOf.get(t);
      if (r === undefined) throw new SaeError("E_EMBED", `precomputed embeddings: no vector for the text ${JSON.stringify(t.slice(0, 60))}`);
      out.set(this.x.subarray(r * this.dim, (r + 1) * this.dim), i * this.dim);
    });
    options.onProgress?.(texts.length, texts.length);
    return out;
  }
}
