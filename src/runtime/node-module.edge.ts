// Edge runtimes: no import by a name known only at run time (workerd refuses the whole script).
export async function nodeModule<T>(name: string): Promise<T> {
  throw new Error(`'${name}' cannot be loaded on an edge runtime`);
}
