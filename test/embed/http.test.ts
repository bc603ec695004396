// The HTTP embedder against a local server on 127.0.0.1 that speaks the embeddings protocol with
// scripted answers: success and batching, 429 with Retry-After, 500 then success, malformed JSON,
// the wrong dimension, an error status, and abort.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { HttpEmbedder, retryAfterMs } from "../../src/embed/http.js";

type Answer = { status: number; headers?: Record<string, string>; body: string };
let script: ((input: string[]) => Answer)[] = [];
const requests: { input: string[]; auth?: string; model: string }[] = [];
let server: Server;
let baseUrl = "";

const vec = (text: string, dim: number) => Array.from({ length: dim }, (_, q) => (text.length + q) / 100);
const ok =
  (dim: number) =>
  (input: string[]): Answer => ({ status: 200, body: JSON.stringify({ data: input.map((t, index) => ({ index, embedding: vec(t, dim) })).reverse() }) });

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw);
      requests.push({ input: body.input, auth: req.headers.authorization, model: body.model });
      const a = (script.shift() ?? ok(4))(body.input);
      res.writeHead(a.status, { "content-type": "application/json", ...a.headers }).end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
});
afterAll(() => server.close());

const make = (o = {}) => new HttpEmbedder({ baseUrl, model: "local-4", dim: 4, apiKey: "k-test", backoffMs: 10, ...o });

describe("HttpEmbedder", () => {
  it("embeds in batches, rows in input order whatever order the service answers in", async () => {
    requests.length = 0;
    script = [];
    const texts = ["a", "bb", "ccc", "dddd", "eeeee"];
    const progress: number[] = [];
    const out = await make({ batchSize: 2 }).embed(texts, { onProgress: (d) => progress.push(d) });
    expect(requests.map((r) => r.input)).toEqual([["a", "bb"], ["ccc", "dddd"], ["eeeee"]]);
    expect(requests[0]).toMatchObject({ auth: "Bearer k-test", model: "local-4" });
    expect(progress).toEqual([2, 4, 5]);
    for (let i = 0; i < texts.length; i++) expect(Array.from(out.subarray(i * 4, i * 4 + 4))).toEqual(vec(texts[i]!, 4).map(Math.fround));
  });

  it("waits as long as a 429's Retry-After says, then succeeds", async () => {
    script = [() => ({ status: 429, headers: { "retry-after": "1" }, body: "{}" })];
    const t = performance.now();
    const out = await make().embed(["x"]);
    expect(performance.now() - t).toBeGreaterThanOrEqual(950);
    expect(out.length).toBe(4);
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(new Date(Date.now() + 3000).toUTCString())).toBeGreaterThan(1500);
    expect(retryAfterMs("soon")).toBeUndefined();
  });

  it("retries a 500 with backoff, then succeeds; gives up with the last problem after maxRetries", async () => {
    script = [() => ({ status: 500, body: "oops" }), () => ({ status: 503, body: "busy" })];
    expect((await make().embed(["x", "y"])).length).toBe(8);
    script = Array.from({ length: 3 }, () => () => ({ status: 502, body: "" }));
    await expect(make({ maxRetries: 2 }).embed(["x"])).rejects.toMatchObject({ code: "E_EMBED", message: expect.stringMatching(/failed 3 times; last: 502/) });
  });

  it("reports malformed JSON, the wrong dimension, a wrong count and a client error clearly", async () => {
    script = [() => ({ status: 200, body: "{not json" })];
    await expect(make().embed(["x"])).rejects.toMatchObject({ code: "E_EMBED", message: expect.stringMatching(/not JSON/) });
    script = [ok(3)];
    await expect(make().embed(["x"])).rejects.toMatchObject({
      code: "E_EMBED",
      message: "embedder: text 0 came back with 3 dimensions, expected 4 (model 'local-4')",
    });
    script = [() => ({ status: 200, body: JSON.stringify({ data: [] }) })];
    await expect(make().embed(["x"])).rejects.toMatchObject({ code: "E_EMBED", message: expect.stringMatching(/expected 1 embeddings in 'data', got 0/) });
    script = [() => ({ status: 401, body: '{"error":"bad key"}' })];
    await expect(make().embed(["x"])).rejects.toMatchObject({ code: "E_EMBED", message: expect.stringMatching(/answered 401 .*bad key/) });
  });

  it("an AbortSignal stops the wait between retries", async () => {
    script = [() => ({ status: 429, headers: { "retry-after": "30" }, body: "{}" })];
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const t = performance.now();
    await expect(make().embed(["x"], { signal: ac.signal })).rejects.toMatchObject({ code: "E_ABORTED" });
    expect(performance.now() - t).toBeLessThan(5000);
  });

  it("knows the release's model size, and asks for one it does not know", () => {
    expect(new HttpEmbedder({ baseUrl, model: "text-embedding-3-small" }).dim).toBe(1536);
    expect(() => new HttpEmbedder({ baseUrl, model: "mystery" })).toThrow(/vector size of model 'mystery' is not known; pass \{ dim \}/);
  });
});
