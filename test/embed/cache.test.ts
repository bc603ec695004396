// The embeddings cache's key: the embedder's full identity and the exact texts, in a file name
// that every OS accepts.
import { describe, expect, it } from "vitest";
import { cacheName } from "../../src/embed/cache.js";
import { HttpEmbedder } from "../../src/embed/http.js";
import { UseLiteEmbedder } from "../../src/embed/use.js";

describe("embeddings cache key", () => {
  it("differs for another base URL, model or dimension, and for texts that join alike; names are portable", async () => {
    const texts = ["a", "b"];
    const names = await Promise.all([
      cacheName(texts, new HttpEmbedder({ baseUrl: "http://127.0.0.1:1/v1", model: "m", dim: 8 })),
      cacheName(texts, new HttpEmbedder({ baseUrl: "http://127.0.0.1:2/v1", model: "m", dim: 8 })),
      cacheName(texts, new HttpEmbedder({ baseUrl: "http://127.0.0.1:1/v1", model: "n", dim: 8 })),
      cacheName(texts, new HttpEmbedder({ baseUrl: "http://127.0.0.1:1/v1", model: "m", dim: 16 })),
      cacheName(["a\nb"], new HttpEmbedder({ baseUrl: "http://127.0.0.1:1/v1", model: "m", dim: 8 })),
      cacheName(texts, new UseLiteEmbedder()),
    ]);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^corpus-\d+-[0-9a-f]{16}-[A-Za-z0-9._-]+-[0-9a-f]{8}\.npy$/);
    expect(await cacheName(texts, new UseLiteEmbedder())).toBe(names[5]);
  });
});
