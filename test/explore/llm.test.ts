// LLM labelling against a local chat-completions server on 127.0.0.1 with scripted answers:
// labels parsed, scores computed, failures retried, results cached and resumed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChatClient, f1, labelFeatures, pearson, PROMPT_VERSION, type LabelInput } from "../../src/label/llm.js";

let server: Server;
let base = "";
let calls = 0;
let failNext = 0;
let scores = "[0.9, 0.8, 0.7, 0.1, 0.2, 0.0]";

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      calls++;
      if (failNext > 0) {
        failNext--;
        res.writeHead(500).end("busy");
        return;
      }
      const prompt: string = JSON.parse(raw).messages[0].content;
      const content = prompt.startsWith("A feature of a sparse autoencoder") ? '"Electric charge and current."' : `Here you go: ${scores}`;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ choices: [{ message: { role: "assistant", content } }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
});
afterAll(() => server.close());

const input = (feature: number, density = 0.01): LabelInput => ({
  feature,
  density,
  top: ["a", "b", "c", "d", "e"],
  negatives: ["f", "g", "h", "i", "j"],
  heldPositives: ["p1", "p2", "p3"],
  heldNegatives: ["n1", "n2", "n3"],
});

describe("LLM labels", () => {
  it("labels, scores (Pearson, F1, clean), retries failures, caches and resumes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "saejs-llm-"));
    try {
      const chat = new ChatClient({ baseUrl: base, model: "local", backoffMs: 5 });
      const cache = join(dir, "labels.json");
      failNext = 1;
      calls = 0;
      const r = await labelFeatures(chat, [input(3), input(7, 0.3)], { cache, concurrency: 2 });
      expect(r.map((x) => x.label)).toEqual(["Electric charge and current", "Electric charge and current"]);
      expect(r[0]!.f1).toBe(1);
      expect(r[0]!.pearson).toBeCloseTo(pearson([0.9, 0.8, 0.7, 0.1, 0.2, 0], [1, 1, 1, 0, 0, 0]), 12);
      expect(r[0]!.clean).toBe(true);
      expect(r[1]!.clean).toBe(false); // density ≥ 0.2
      expect(calls).toBe(5); // 2 features × 2 prompts + 1 retried failure
      const saved = JSON.parse(readFileSync(cache, "utf8"));
      expect(saved).toMatchObject({ promptVersion: PROMPT_VERSION, model: "local" });
      calls = 0;
      const again = await labelFeatures(chat, [input(3), input(7, 0.3), input(9)], { cache });
      expect(calls).toBe(2); // only feature 9 is new
      expect(again[2]!.feature).toBe(9);
      scores = "nonsense";
      await expect(labelFeatures(chat, [input(11)], { cache })).rejects.toMatchObject({
        code: "E_EMBED",
        message: expect.stringMatching(/scores for feature 11 are not 6 numbers/),
      });
      scores = "[0.9, 0.8, 0.7, 0.1, 0.2, 0.0]";
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("Pearson and F1", () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 1, 1], [0, 1, 0])).toBe(0);
    expect(f1([0.9, 0.4, 0.6, 0.1], [1, 1, 0, 0])).toBeCloseTo(0.5, 12);
  });
});
