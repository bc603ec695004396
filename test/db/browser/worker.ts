// The test's dedicated worker: the page's ops, where OPFS access handles exist.
import { ops } from "./ops.js";

self.onmessage = async (ev: MessageEvent<{ id: number; op: keyof typeof ops; args: unknown[] }>) => {
  const { id, op, args } = ev.data;
  try {
    const result = await (ops[op] as (...a: unknown[]) => Promise<unknown>)(...args);
    self.postMessage({ id, result });
  } catch (e) {
    self.postMessage({ id, error: `${(e as { code?: string }).code ?? ""} ${(e as Error)?.message ?? e}` });
  }
};
