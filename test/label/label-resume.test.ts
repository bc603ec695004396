// `saejs label` stopped by Ctrl-C and started again, as a user does it: the second run says it
// carries on from the chunks the first one kept in <out>.partial.json, its progress starts there and
// never below, and its labels are an uninterrupted run's. The SAE has random features over the
// six-topic corpus (USE lite embeddings), enough live ones for several chunks of 64.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeNpy } from "../../src/io/npy.js";
import { saveSae } from "../../src/load.js";
import { Sae } from "../../src/sae.js";
import { interrupt, saejs } from "../cli-runner.js";
import { prng } from "../fixtures/formula.js";
import { topicCorpus } from "./topics.js";

let dir: string;
const N = 512,
  CHUNK = 64;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-label-resume-"));
  const c = await topicCorpus(40);
  writeFileSync(join(dir, "t.jsonl"), c.texts.map((text) => JSON.stringify({ text })).join("\n"));
  writeFileSync(join(dir, "emb.npy"), writeNpy(c.x, [c.texts.length, c.d]));
  const rnd = prng(11),
    d = c.d;
  const enc = Float32Array.from({ length: N * d }, () => rnd() - 0.5);
  const dec = new Float32Array(d * N);
  for (let i = 0; i < N; i++) for (let p = 0; p < d; p++) dec[p * N + i] = enc[i * d + p]!;
  const sae = await Sae.create(
    { nInputs: d, nLatents: N, preBias: c.weights.preBias, latentBias: new Float32Array(N), encoderWeight: enc, decoderWeight: dec },
    { k: 8 },
  );
  await saveSae(sae, join(dir, "sae.safetensors"), "safetensors");
  sae.dispose();
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const args = (out: string) => ["label", "sae.safetensors", "emb.npy", "--texts", "t.jsonl", "--text-column", "text", "--out", out];
const features = (name: string) => (JSON.parse(readFileSync(join(dir, name), "utf8")) as { features: { feature: number }[] }).features;
/** The features done that each plain-text progress line of `saejs label` reports. */
const progressDone = (stderr: string, total: number) => [...stderr.matchAll(new RegExp(`^label: (\\d+)/${total} `, "gm"))].map((m) => Number(m[1]));

describe("saejs label stopped by Ctrl-C", () => {
  it("carries on from the chunks it kept, labels only the rest, and ends with an uninterrupted run's labels", async () => {
    const whole = await saejs(dir, ...args("whole.json"));
    expect(whole.code, whole.stderr).toBe(0);
    const total = features("whole.json").length;
    expect(total).toBeGreaterThan(3 * CHUNK);
    // A run with nothing kept says nothing of carrying on, and starts at 0.
    expect(whole.stderr).not.toContain("carrying on");
    expect(progressDone(whole.stderr, total)[0]).toBe(0);

    // Ctrl-C once the progress shows a chunk done.
    const stopped = await interrupt(dir, args("labels.json"), (s) => progressDone(s, total).some((n) => n > 0));
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/saejs: interrupted/);
    expect(existsSync(join(dir, "labels.json"))).toBe(false);
    const keptSet = new Set(features("labels.json.partial.json").map((f) => f.feature));
    const kept = keptSet.size;
    expect(kept).toBeGreaterThanOrEqual(CHUNK);
    expect(kept).toBeLessThan(total);
    // Whole chunks (of 64 live features in order; two are labelled at a time, so not always the first ones).
    const live = features("whole.json").map((f) => f.feature);
    for (let c = 0; c < live.length; c += CHUNK) {
      const inChunk = live.slice(c, c + CHUNK).filter((f) => keptSet.has(f)).length;
      expect([0, Math.min(CHUNK, live.length - c)]).toContain(inChunk);
    }

    const again = await saejs(dir, ...args("labels.json"));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`saejs: carrying on from labels.json.partial.json: ${kept} of ${total} features labelled`);
    // The progress starts at the kept features (said first, before the labeller's pass over the corpus) and never goes below.
    const seen = progressDone(again.stderr, total);
    expect(seen[0]).toBe(kept);
    expect(Math.min(...seen)).toBe(kept);
    expect(seen.at(-1)).toBe(total);
    expect(again.stderr.indexOf("carrying on")).toBeLessThan(again.stderr.indexOf(`label: ${kept}/`));

    expect(features("labels.json")).toEqual(features("whole.json"));
    expect(existsSync(join(dir, "labels.json.partial.json"))).toBe(false);
  }, 300_000);
});
