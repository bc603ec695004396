// `saejs label` as a user runs it, over the six-topic corpus (USE lite embeddings, topic features):
// offline labels as JSON and Parquet (read back by DuckDB), the same labels in `saejs features` and
// the explorer, LLM labels through a local OpenAI-compatible server that reads its prompts (cost
// estimate confirmed, --max-calls, resumed), and labels of another SAE refused.
import { createServer, type Server } from "node:http";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeNpy } from "../../src/io/npy.js";
import { saveSae } from "../../src/load.js";
import { Sae } from "../../src/sae.js";
import { lastJson, saejs } from "../cli-runner.js";
import { TOPIC_PHRASES, TOPICS, topicCorpus } from "./topics.js";

let dir: string, server: Server, base: string;
let calls = 0;

/** The topic whose phrases a text names most often. */
function topicOf(text: string): string | undefined {
  let best: string | undefined,
    most = 0;
  for (const t of TOPICS) {
    const c = TOPIC_PHRASES[t]!.filter((p) => text.includes(p)).length;
    if (c > most) [best, most] = [t, c];
  }
  return best;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-label-cli-"));
  const c = await topicCorpus(40);
  writeFileSync(join(dir, "topics.jsonl"), c.texts.map((text, i) => JSON.stringify({ id: i, text })).join("\n"));
  writeFileSync(join(dir, "topics.npy"), writeNpy(c.x, [c.texts.length, c.d]));
  const sae = await Sae.create(c.weights, { k: 1 });
  await saveSae(sae, join(dir, "topics.safetensors"), "safetensors");
  // Another SAE of the same shape: its features scaled, so another fingerprint.
  const other = await Sae.create({ ...c.weights, decoderWeight: c.weights.decoderWeight.map((v) => v * 2) }, { k: 1 });
  await saveSae(other, join(dir, "other.safetensors"), "safetensors");
  sae.dispose();
  other.dispose();
  // A chat endpoint that reads its prompts: the label names the topic of the texts where the
  // feature fires; the scores say 1 for a text of that topic and 0 for the rest.
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (b) => (raw += b));
    req.on("end", () => {
      calls++;
      const prompt: string = JSON.parse(raw).messages[0].content;
      let content: string;
      if (prompt.startsWith("A feature of a sparse autoencoder")) {
        const firing = prompt.split("Similar texts where it does not:")[0]!;
        content = `Texts about ${topicOf(firing)}`;
      } else {
        const topic = /described as: "Texts about (\w+)"/.exec(prompt)?.[1];
        const texts = prompt.split("\n").filter((l) => /^\d+\. /.test(l));
        content = JSON.stringify(texts.map((t) => (topicOf(t) === topic ? 1 : 0)));
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ choices: [{ message: { role: "assistant", content } }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
}, 180_000);
afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const CORPUS = ["topics.safetensors", "topics.npy", "--texts", "topics.jsonl"];
interface LabelsFile {
  format: string;
  method: string;
  embedder: string | null;
  features: { feature: number; label: string; phrases: string[]; auc: number | null; f1?: number | null; clean: boolean }[];
}
const readLabels = (name: string) => JSON.parse(readFileSync(join(dir, name), "utf8")) as LabelsFile;

describe("saejs label", () => {
  it("offline: every topic feature labelled from its sentences, scored on held-out rows; JSON and Parquet", async () => {
    const r = await saejs(dir, "label", ...CORPUS, "--out", "labels.json", "--json");
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r.stdout) as { labels: number; meanAuc: number; method: string };
    expect(out.labels).toBe(6);
    expect(out.method).toBe("offline");
    expect(out.meanAuc).toBeGreaterThanOrEqual(0.85);
    const file = readLabels("labels.json");
    expect(file.format).toBe("saejs-labels");
    expect(file.embedder).toMatch(/use/i);
    for (const l of file.features) for (const p of l.phrases) expect(TOPIC_PHRASES[TOPICS[l.feature]!]!.join(" ")).toContain(p);
    expect(existsSync(join(dir, "labels.json.partial.json"))).toBe(false);

    const q = await saejs(dir, "label", ...CORPUS, "--out", "labels.parquet", "--quiet");
    expect(q.code, q.stderr).toBe(0);
    const db = await DuckDBInstance.create(":memory:");
    const duck = await db.connect();
    const rows = (
      await duck.runAndReadAll(`SELECT feature, label, auc FROM read_parquet('${join(dir, "labels.parquet")}') ORDER BY feature`)
    ).getRowObjectsJS();
    duck.closeSync();
    expect(rows.map((x) => [x.feature, x.label])).toEqual(file.features.map((l) => [l.feature, l.label]));
  }, 180_000);

  it("the same label in 'saejs features' and in the explorer, made once per feature whatever --top says", async () => {
    const file = readLabels("labels.json");
    const want = new Map(file.features.map((l) => [l.feature, l.label]));
    for (const top of ["1", "8"]) {
      const f = await saejs(dir, "features", ...CORPUS, "--show", "6", "--top", top, "--json");
      expect(f.code, f.stderr).toBe(0);
      for (const x of (lastJson(f.stdout) as { features: { index: number; label: string }[] }).features) expect(x.label).toBe(want.get(x.index));
    }
    // Made once: the labels went to the cache that every command shares.
    const cached = readdirSync(join(dir, ".saejs-cache")).filter((f) => f.startsWith("labels-"));
    expect(cached).toHaveLength(1);
    const inCache = (JSON.parse(readFileSync(join(dir, ".saejs-cache", cached[0]!), "utf8")) as { features: { feature: number; label: string }[] }).features;
    for (const l of inCache) expect(l.label).toBe(want.get(l.feature));
    const e = await saejs(dir, "explore", "topics.safetensors", "topics.jsonl", "--embeddings", "topics.npy", "--out", "site", "--quiet");
    expect(e.code, e.stderr).toBe(0);
    const data = JSON.parse(readFileSync(join(dir, "site", "data", "explorer.json"), "utf8")) as { features: { label: string[] }; labels: string };
    expect(data.labels).toBe("offline");
    for (const [i, label] of want) expect(data.features.label[i]).toBe(label);
  }, 180_000);

  it("'saejs features' previews texts with hard line breaks, CRLFs and tabs on one line each", async () => {
    // The same texts (the labels file is checked against the SAE, the texts against the embeddings' rows), broken as abstracts are.
    const texts = readFileSync(join(dir, "topics.jsonl"), "utf8")
      .split("\n")
      .map((l) => (JSON.parse(l) as { text: string }).text);
    const breaks = ["\n", "\r\n", "\t", " \n\t  ", "\r\n\r\n"];
    const broken = texts.map((t) => t.split(" ").reduce((a, w, j) => `${a}${breaks[j % breaks.length]}${w}`));
    writeFileSync(join(dir, "broken.jsonl"), broken.map((text, i) => JSON.stringify({ id: i, text })).join("\n"));
    const f = await saejs(
      dir,
      "features",
      "topics.safetensors",
      "topics.npy",
      "--texts",
      "broken.jsonl",
      "--labels",
      "labels.json",
      "--show",
      "6",
      "--top",
      "3",
    );
    expect(f.code, f.stderr).toBe(0);
    const lines = f.stdout.trimEnd().split("\n");
    const headers = lines.filter((l) => /^#\d+ {2}density /.test(l));
    const previews = lines.filter((l) => l.startsWith("    · "));
    expect(headers).toHaveLength(6);
    // Every line is a feature's header or one of its 3 previews, and each preview is a whole text with single spaces.
    expect(previews).toHaveLength(6 * 3);
    expect(headers.length + previews.length).toBe(lines.length);
    for (const l of previews) {
      expect(l).not.toMatch(/\t|\r|\\x0[9d]|\S {2}/);
      expect(texts).toContain(l.slice("    · ".length));
    }
  }, 180_000);

  it("LLM: estimated and confirmed, --max-calls stops, the next run carries on; the explorer shows them", async () => {
    const llm = ["--llm", "--llm-base-url", base, "--llm-model", "local-model"];
    calls = 0;
    const refused = await saejs(dir, "label", ...CORPUS, "--out", "llm.json", ...llm);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/6 features → 12 calls to local-model.*--yes/s);
    expect(calls).toBe(0);

    const first = await saejs(dir, "label", ...CORPUS, "--out", "llm.json", ...llm, "--yes", "--max-calls", "5", "--json");
    expect(first.code, first.stderr).toBe(0);
    expect(lastJson(first.stdout)).toMatchObject({ labels: 2, remaining: 4, calls: 4 });
    expect(calls).toBe(4);
    const second = await saejs(dir, "label", ...CORPUS, "--out", "llm.json", ...llm, "--yes", "--json");
    expect(second.code, second.stderr).toBe(0);
    expect(lastJson(second.stdout)).toMatchObject({ labels: 6, remaining: 0, kept: 2, calls: 8 });
    expect(calls).toBe(12);
    const file = readLabels("llm.json");
    expect(file.method).toBe("llm");
    for (const l of file.features) {
      expect(l.label).toBe(`Texts about ${TOPICS[l.feature]}`);
      expect(l.f1).toBe(1);
      expect(l.clean).toBe(true);
      expect(l.auc).not.toBeNull();
    }
    const e = await saejs(
      dir,
      "explore",
      "topics.safetensors",
      "topics.jsonl",
      "--embeddings",
      "topics.npy",
      "--labels",
      "llm.json",
      "--out",
      "site-llm",
      "--quiet",
    );
    expect(e.code, e.stderr).toBe(0);
    const data = JSON.parse(readFileSync(join(dir, "site-llm", "data", "explorer.json"), "utf8")) as { features: { label: string[]; score: { f1: number }[] } };
    expect(data.features.label[2]).toBe("Texts about music");
    expect(data.features.score[2]!.f1).toBe(1);
  }, 180_000);

  it("exports to Neuronpedia's layout: features, activations and explanations as jsonl.gz batches", async () => {
    const r = await saejs(
      dir,
      "neuronpedia",
      ...CORPUS,
      "--labels",
      "labels.json",
      "--model-id",
      "use-lite",
      "--source-id",
      "topics-k1",
      "--batch",
      "4",
      "--top",
      "5",
      "--out",
      "np",
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ features: 6, batches: 2, files: 6 });
    const lines = (kind: string) =>
      [0, 1].flatMap((b) =>
        gunzipSync(readFileSync(join(dir, "np", "use-lite", "topics-k1", kind, `batch-${b}.jsonl.gz`)))
          .toString("utf8")
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l)),
      );
    const features = lines("features");
    expect(features.map((f) => f.index)).toEqual(["0", "1", "2", "3", "4", "5"]);
    for (const f of features) {
      expect(f).toMatchObject({ modelId: "use-lite", layer: "topics-k1" });
      expect(f.frac_nonzero).toBeGreaterThan(0.1);
      expect(f.topkCosSimIndices).toHaveLength(5);
      expect(f.freq_hist_data_bar_heights.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThan(20);
    }
    const acts = lines("activations");
    expect(acts).toHaveLength(30);
    expect(acts[0].values[0]).toBe(acts[0].maxValue);
    const want = readLabels("labels.json").features;
    expect(lines("explanations").map((e) => [e.index, e.description])).toEqual(want.map((l) => [String(l.feature), l.label]));
  }, 60_000);

  it("Neuronpedia: features without a label are counted and named, loudly, not silently left out", async () => {
    // A feature whose label is empty, as one active only in held-out rows has.
    const file = JSON.parse(readFileSync(join(dir, "labels.json"), "utf8"));
    file.features[2] = { ...file.features[2], label: "", phrases: [], auc: null, heldPositives: 0, clean: false };
    writeFileSync(join(dir, "labels-blank.json"), JSON.stringify(file));
    const args = ["--model-id", "use-lite", "--source-id", "topics-k1", "--out", "np-blank"];
    const r = await saejs(dir, "neuronpedia", ...CORPUS, "--labels", "labels-blank.json", ...args, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ features: 6, explanations: 5, unlabelled: [2] });
    expect(r.stderr).toMatch(/warning: 1 of 6 features have no label, so no explanation on Neuronpedia \(#2\).*--hold-out-every 0/);
    const text = await saejs(dir, "neuronpedia", ...CORPUS, "--labels", "labels-blank.json", ...args.slice(0, -1), "np-blank-2");
    expect(text.stdout).toMatch(/6 features in 1 batch\(es\).*: 5 explanations, 1 features unlabelled/);
    const explained = gunzipSync(readFileSync(join(dir, "np-blank", "use-lite", "topics-k1", "explanations", "batch-0.jsonl.gz")))
      .toString("utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).index);
    expect(explained).toEqual(["0", "1", "3", "4", "5"]);
  }, 60_000);

  it("labels made for another SAE are refused, naming the way out", async () => {
    const r = await saejs(dir, "features", "other.safetensors", "topics.npy", "--texts", "topics.jsonl", "--labels", "labels.json");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/made for another SAE.*saejs label/);
  }, 60_000);
});
