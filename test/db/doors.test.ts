// The index's doors, as tight as the readers': opening never creates a database, user SQL is
// bounded in time, a build says where its time went, labelling resumes after a stop, and a
// finished index takes labels.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Sae } from "../../src/sae.js";
import { SaeIndex } from "../../src/db/sae-index.js";
import { saeFingerprint } from "../../src/db/ingest.js";
import type { LabelSet } from "../../src/label/file.js";
import { plantedBatches, plantedCorpus } from "../explore/planted.js";
import { prng } from "../fixtures/formula.js";
import { refused } from "../io/budget.js";
import { saejs } from "../cli-runner.js";

const { weights, x, texts } = plantedCorpus(600, 32);
const d = 32,
  rows = x.length / d;

let dir: string, planted: Sae, wide: Sae;
const batchesOf = (from: number) => plantedBatches({ x, texts }, d, from, 200);
const build = (db: string, sae: Sae, extra: object = {}) =>
  SaeIndex.build(db, { corpus: { name: "planted", rows }, batches: (from) => batchesOf(from), sae, saeRecord: { source: "planted" }, ...extra });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-doors-"));
  planted = await Sae.create(weights, { k: 2 });
  // 256 random latents over the same 32-d corpus: some 200 live features, several labelling chunks.
  const rnd = prng(11),
    n = 256;
  const enc = Float32Array.from({ length: n * d }, () => rnd() - 0.5);
  const dec = new Float32Array(d * n);
  for (let i = 0; i < n; i++) for (let p = 0; p < d; p++) dec[p * n + i] = enc[i * d + p]!;
  wide = await Sae.create(
    { nInputs: d, nLatents: n, preBias: new Float32Array(d), latentBias: new Float32Array(n), encoderWeight: enc, decoderWeight: dec },
    { k: 4 },
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("opening an index never creates one", () => {
  it("a mistyped folder is E_DB naming it and 'saejs index … --db', and stays uncreated; a file is E_IO; a foreign folder E_DB", async () => {
    const typo = join(dir, "no-such-index");
    await refused(() => SaeIndex.open(typo), "E_DB", /no-such-index: no index there \(no such folder\); build one with 'saejs index .*--db .*no-such-index'/);
    expect(existsSync(typo)).toBe(false);
    writeFileSync(join(dir, "a-file"), "not a folder");
    await refused(() => SaeIndex.open(join(dir, "a-file")), "E_IO", /a file, not an index folder/);
    mkdirSync(join(dir, "photos"));
    writeFileSync(join(dir, "photos", "cat.jpg"), "…");
    await refused(() => SaeIndex.open(join(dir, "photos")), "E_DB", /not an index folder \(no PG_VERSION/);
    expect(existsSync(join(dir, "photos", ".saejs-lock"))).toBe(false);
  });

  it("the CLI's search and explorer refuse a mistyped --db at once and create nothing", async () => {
    for (const args of [
      ["search", "--db", "typo-idx", "anything"],
      ["explore", "--db", "typo-idx", "--port", "0"],
    ]) {
      const r = await saejs(dir, ...args);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/E_DB: typo-idx: no index there.*saejs index .*--db typo-idx/);
      expect(existsSync(join(dir, "typo-idx"))).toBe(false);
    }
  });
});

describe("user SQL is bounded", () => {
  it("search's where runs under the statement timeout (the index's, or the call's); an aborted signal stops the search", async () => {
    const index = await build("memory://", planted, { labels: false });
    try {
      const q = x.slice(0, d);
      // The condition reads the setting it runs under: rows come back only where it is the timeout asked for.
      const under = (ms: string) => `current_setting('statement_timeout') = '${ms}'`;
      expect(index.statementTimeout).toBe(30_000);
      expect((await index.search(q, { exact: true, where: under("30s") })).hits).toHaveLength(10);
      expect((await index.search(q, { where: under("250ms"), statementTimeout: 250 })).hits).toHaveLength(10);
      expect(await index.readOnly((tx) => tx.query("SHOW statement_timeout"))).toEqual([{ statement_timeout: "30s" }]);
      await refused(() => index.search(q, { where: "pg_sleep(10) IS NULL", signal: AbortSignal.abort() }), "E_ABORTED", /cancelled/);
      await refused(() => index.search(q, { statementTimeout: 0 }), "E_ARG", /statementTimeout/);
    } finally {
      await index.close();
    }
  });
});

describe("a build's summary", () => {
  it("times ingest, statistics and labelling apart", async () => {
    const index = await build("memory://", wide);
    try {
      expect(index.added).toBe(rows);
      expect(index.labelled).toBeGreaterThan(100);
      const { ingest, finish, labels } = index.seconds;
      for (const s of [ingest, finish, labels]) expect(s).toBeGreaterThan(0);
    } finally {
      await index.close();
    }
  });
});

describe("labelling an index", () => {
  it("stopped part way, carries on from the labels finished: the same labels as one uninterrupted run", async () => {
    const whole = await build("memory://", wide);
    const want = await whole.features();
    await whole.close();
    const db = join(dir, "stopped");
    const stop = new AbortController();
    let reached = 0;
    const stopped = await build(db, wide, {
      signal: stop.signal,
      onProgress: (stage: string, done: number, total: number) => {
        // Stop once the first chunk of labels is in, with more to come.
        if (stage === "labels" && done > 0 && done < total) {
          reached = done;
          stop.abort();
        }
      },
    }).catch((e: unknown) => e);
    expect(stopped).toMatchObject({ code: "E_ABORTED" });
    expect(reached).toBeGreaterThan(0);
    let first: number | undefined;
    const resumed = await build(db, wide, {
      onProgress: (stage: string, done: number) => {
        if (stage === "labels") first ??= done;
      },
    });
    try {
      // The next run starts where the first stopped, not at feature 0.
      expect(first).toBe(reached);
      expect(resumed.labelled).toBe(want.filter((f) => f.label !== null).length);
      expect(await resumed.features()).toEqual(want);
      expect((await resumed.sql.query<{ c: number }>("SELECT count(*)::int AS c FROM saejs.label_progress"))[0]!.c).toBe(0);
    } finally {
      await resumed.close();
    }
  });

  it("a finished index without labels is labelled by the next run; a labels file is applied to a finished one", async () => {
    const db = join(dir, "unlabelled");
    await (await build(db, planted, { labels: false })).close();
    const again = await build(db, planted);
    try {
      expect(again.added).toBe(0);
      expect(again.labelled).toBeGreaterThan(5);
      const q = x.slice(0, d);
      const r = await again.search(q, { exact: true, limit: 3 });
      expect(r.features.length).toBeGreaterThan(0);
      expect(r.features.every((f) => typeof f.label === "string" && f.label.length > 0)).toBe(true);
    } finally {
      await again.close();
    }
    // Labelled now: a run without labels of its own leaves them be.
    const idle = await build(db, planted);
    expect(idle.labelled).toBe(0);
    const made = await idle.features();
    await idle.close();
    const live = made.filter((f) => f.label !== null);
    const mine: LabelSet = {
      format: "saejs-labels",
      version: 1,
      sae: { fingerprint: await saeFingerprint(planted), nInputs: d, nLatents: planted.nLatents, k: 2 },
      corpus: { rows, fingerprint: "x" },
      embedder: null,
      method: "offline-terms",
      heldOutEvery: 0,
      features: live.map((f) => ({
        feature: f.index,
        label: `topic ${f.index}`,
        phrases: [`topic ${f.index}`],
        method: "offline-terms",
        auc: 0.5,
        heldPositives: 3,
        clean: false,
      })),
    };
    const applied = await build(db, planted, { labels: mine });
    try {
      expect(applied.labelled).toBe(live.length);
      for (const f of await applied.features()) expect(f.label).toBe(f.label === null ? null : `topic ${f.index}`);
      const page = await applied.featurePage(live[0]!.index);
      expect(page.top.length).toBeGreaterThan(0);
      expect((await applied.features([live[0]!.index]))[0]!.label).toBe(`topic ${live[0]!.index}`);
    } finally {
      await applied.close();
    }
    // Labels of another SAE are refused, naming both.
    await expect(build(db, planted, { labels: { ...mine, sae: { ...mine.sae, fingerprint: "0".repeat(64) } } })).rejects.toMatchObject({
      code: "E_DB",
      message: /labels were made for another SAE/,
    });
  });
});
