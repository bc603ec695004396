// The browser embedder's Web Worker (dist/browser/embed-worker.js, export saejs/embed-worker): loads
// USE lite on TensorFlow.js once, then embeds each batch it is sent and answers with its float32
// rows (the buffer transferred). The protocol is use-web.ts's; a SaeError keeps its code.
import { isSaeError } from "../core/errors.js";
import { loadUseLiteWeb, type UseWebModel } from "./use-tfjs.js";
import type { WebReply, WebRequest } from "./use-web.js";

const scope = globalThis as unknown as {
  addEventListener(type: "message", l: (ev: MessageEvent<WebRequest>) => void): void;
  postMessage(m: WebReply, transfer?: Transferable[]): void;
};
let model: Promise<UseWebModel> | undefined;

scope.addEventListener("message", async (ev) => {
  if ("ping" in ev.data) {
    scope.postMessage({ pong: true });
    return;
  }
  const { id, files, texts } = ev.data;
  try {
    model ??= loadUseLiteWeb(files).catch((e: unknown) => {
      model = undefined; // the next batch tries again (the files may be served by then)
      throw e;
    });
    const data = await (await model).embed(texts);
    scope.postMessage({ id, data }, [data.buffer]);
  } catch (e) {
    const error = isSaeError(e)
      ? { code: e.code, message: e.message }
      : { code: "E_EMBED" as const, message: `default embedder: ${(e as Error)?.message ?? String(e)}` };
    scope.postMessage({ id, error });
  }
});
