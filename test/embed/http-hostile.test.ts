// Misbehaving services, on 127.0.0.1: an endless body, silence before or during the answer, a
// Retry-After of a day or of more than setTimeout can hold, an abort while the body streams, and
// numbers beyond float32. Each ends in a typed error within its budget of time and memory.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server, type ServerResponse } from "node:http";
import { HttpEmbedder } from "../../src/embed/http.js";
import { ChatClient } from "../../src/label/llm.js";

type Behaviour = (res: ServerResponse) => void;
let behaviour: Behaviour = () => {};
let server: Server;
let baseUrl = "";
let hits = 0;
const open = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    open.add(res);
    res.on("close", () => open.delete(res));
    req.resume();
    req.on("end", () => behaviour(res));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
});
afterAll(async () => {
  for (const r of open) r.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const limits = { connectMs: 300, idleMs: 300, maxBytes: 1 << 20 };
const embedder = (o = {}) => new HttpEmbedder({ baseUrl, model: "local-4", dim: 4, backoffMs: 5, maxRetries: 1, limits, ...o });

/** Runs f, which must reject, and returns the error with the time and memory it took. */
async function refused(f: () => Promise<unknown>): Promise<{ error: { code?: string; message: string }; ms: number; mb: number }> {
  const rss0 = process.memoryUsage().rss,
    t = performance.now();
  let peak = rss0;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    await f();
    throw new Error("expected a rejection");
  } catch (error) {
    return { error: error as { code?: string; message: string }, ms: performance.now() - t, mb: (peak - rss0) / 2 ** 20 };
  } finally {
    clearInterval(sample);
  }
}

function endless(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json" });
  const chunk = Buffer.alloc(64 << 10, 0x20);
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once("drain", pump);
  };
  res.write('{"data": [');
  pump();
}

describe("HTTP clients against misbehaving services", () => {
  it("an endless body stops at the size cap (E_EMBED), without growing memory", async () => {
    behaviour = endless;
    const r = await refused(() => embedder().embed(["a"]));
    expect(r.error).toMatchObject({ code: "E_EMBED", message: expect.stringMatching(/larger than the limit of 1048576 bytes/) });
    expect(r.ms).toBeLessThan(1000);
    expect(r.mb).toBeLessThan(200);
  });

  it("a service that never answers, or stalls mid-body, times out (E_EMBED naming the wait)", async () => {
    behaviour = () => {};
    hits = 0;
    const silent = await refused(() => embedder().embed(["a"]));
    expect(silent.error).toMatchObject({ code: "E_EMBED", message: expect.stringMatching(/failed 2 times; last: no response within 300 ms/) });
    expect(hits).toBe(2);
    expect(silent.ms).toBeLessThan(1500);
    behaviour = (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"data": [');
    };
    const stalled = await refused(() => embedder().embed(["a"]));
    expect(stalled.error).toMatchObject({ code: "E_EMBED", message: expect.stringMatching(/no data for 300 ms while reading the response/) });
  });

  it("Retry-After beyond the limit (a day, or more than setTimeout holds) is reported at once, not waited for or overflowed", async () => {
    for (const after of ["86400", "3000000", "1e400"]) {
      behaviour = (res) => res.writeHead(429, { "retry-after": after }).end();
      hits = 0;
      const r = await refused(() => embedder({ maxRetries: 5 }).embed(["a"]));
      expect(r.error.code, after).toBe("E_EMBED");
      expect(r.ms).toBeLessThan(1000);
      // "1e400" is no number of seconds: plain backoff, no storm of 1 ms retries.
      expect(hits).toBeLessThanOrEqual(6);
      if (after !== "1e400") expect(r.error.message).toMatch(/asks to wait \d+ s, more than the 120 s sae\.js waits/);
    }
  });

  it("an abort while the body streams is E_ABORTED, not a DOMException", async () => {
    behaviour = (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"data": [');
    };
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const r = await refused(() => embedder({ limits: { ...limits, idleMs: 10_000 } }).embed(["a"], { signal: ac.signal }));
    expect(r.error).toMatchObject({ name: "SaeError", code: "E_ABORTED" });
    expect(r.ms).toBeLessThan(1000);
  });

  it("a value beyond float32 (1e300) is refused, never written as Infinity", async () => {
    behaviour = (res) => res.writeHead(200, { "content-type": "application/json" }).end('{"data":[{"index":0,"embedding":[1,2,1e300,4]}]}');
    const r = await refused(() => embedder().embed(["a"]));
    expect(r.error).toMatchObject({ code: "E_EMBED", message: expect.stringMatching(/text 0 has a value at 2 that is not a finite float32 \(1e\+300\)/) });
  });

  it("the chat client has the same limits", async () => {
    behaviour = endless;
    const r = await refused(() => new ChatClient({ baseUrl, model: "m", backoffMs: 5, maxRetries: 0, limits }).complete("hi"));
    expect(r.error).toMatchObject({ code: "E_EMBED", message: expect.stringMatching(/^chat: .*larger than the limit/) });
  });
});
