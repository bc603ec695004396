// Labels files (--labels FILE) that lie: bounded by the SAE's features before they are read or
// parsed, and checked field by field; what 'saejs label' writes still reads back.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labelsFileOf } from "../../src/cli/label.js";
import { saeFingerprint } from "../../src/core/hash.js";
import { labelSetJson, MAX_LABEL_CHARS, maxLabelFileBytes, readLabelSet, type LabelSet } from "../../src/label/file.js";
import type { FeatureLabel } from "../../src/label/offline.js";
import { Sae } from "../../src/sae.js";
import { refused } from "../io/budget.js";

const n = 64,
  d = 8;
let dir: string, sae: Sae, fingerprint: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saejs-labels-file-"));
  let seed = 1;
  const rand = () => {
    seed = (seed * 16807) % 2147483647;
    return (seed / 2147483647) * 2 - 1;
  };
  const w = (len: number) => Float32Array.from({ length: len }, rand);
  sae = await Sae.create({ nInputs: d, nLatents: n, preBias: w(d), encoderWeight: w(n * d), latentBias: w(n), decoderWeight: w(d * n) }, { k: 4 });
  fingerprint = await saeFingerprint(sae);
});
afterAll(() => {
  sae?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** A labels file as 'saejs label' writes it, for this SAE, over a corpus of 1,000 rows. */
function labelSet(features: FeatureLabel[] = realFeatures()): LabelSet {
  return {
    format: "saejs-labels",
    version: 1,
    sae: { fingerprint, nInputs: d, nLatents: n, k: 4 },
    corpus: { rows: 1000, fingerprint: "c0ffee" },
    embedder: "use-lite",
    method: "offline",
    heldOutEvery: 5,
    features,
  };
}
function realFeatures(): FeatureLabel[] {
  return Array.from({ length: n }, (_, i) => ({
    feature: i,
    label: "dark matter halos / gravitational lensing",
    phrases: ["dark matter halos", "gravitational lensing"],
    method: "offline",
    auc: 0.93125,
    heldPositives: 37,
    clean: true,
  }));
}
const parsed = (labels: string) => ({ positional: [], flags: new Map<string, string | true>([["labels", labels]]), all: new Map() });

describe("labels files", () => {
  it("what 'saejs label' writes reads back, at a third of the size bound or less", async () => {
    const bytes = labelSetJson(labelSet());
    expect(bytes.length * 3).toBeLessThan(maxLabelFileBytes(n));
    writeFileSync(join(dir, "labels.json"), bytes);
    const set = await labelsFileOf(parsed(join(dir, "labels.json")), sae as never);
    expect(set?.features).toHaveLength(n);
  });

  it("a 452 MB file is refused from its size, before a byte is read", async () => {
    const path = join(dir, "huge.json");
    const fd = openSync(path, "w");
    ftruncateSync(fd, 452_000_000); // sparse: costs no disk
    closeSync(fd);
    await refused(
      () => labelsFileOf(parsed(path), sae as never),
      "E_FORMAT",
      new RegExp(`huge\\.json: 452000000 bytes is more than a labels file of ${n} features can be \\(at most ${maxLabelFileBytes(n)}.*saejs label`),
    );
  });

  it("60 MB of empty arrays for an SAE of 65,536 features is refused before JSON.parse builds them", async () => {
    const big = new Uint8Array(60_000_000).fill(0x2c); // ','
    big.set(new TextEncoder().encode('{"features":['));
    for (let i = 14; i + 3 < big.length; i += 3) big.set([0x5b, 0x5d], i); // [],
    big.set(new TextEncoder().encode("[]]}"), big.length - 4);
    await refused(
      () => readLabelSet(big, "arrays.json", { fingerprint, nLatents: 65536 }),
      "E_FORMAT",
      /holds more JSON values than a labels file of 65536 features/,
    );
  });

  const feature = (o: Record<string, unknown>) => ({ ...realFeatures()[3]!, ...o }) as FeatureLabel;
  it.each([
    [
      "a negative heldPositives",
      [feature({ heldPositives: -1 })],
      /features\[0\]\.heldPositives is -1; it counts held-out documents: a whole number from 0 to the corpus's 1000 rows/,
    ],
    ["heldPositives of 1e300", [feature({ heldPositives: 1e300 })], /features\[0\]\.heldPositives is 1e\+300/],
    ["heldPositives over the corpus's rows", [feature({ heldPositives: 1001 })], /heldPositives is 1001/],
    ["a fractional heldPositives", [feature({ heldPositives: 2.5 })], /heldPositives is 2\.5/],
    ["an AUC above 1", [feature({ auc: 1.5 })], /\.auc is 1\.5; an AUC is null or in \[0, 1\]/],
    ["a negative AUC", [feature({ auc: -0.2 })], /\.auc is -0\.2/],
    ["an F1 of 3", [feature({ f1: 3 })], /\.f1 is 3; an F1 score is null or in \[0, 1\]/],
    ["a Pearson of -2", [feature({ pearson: -2 })], /\.pearson is -2; a correlation is null or in \[-1, 1\]/],
    ["a feature id past n", [feature({ feature: n })], new RegExp(`\\.feature is ${n}; a feature id is a whole number in \\[0, ${n}\\)`)],
    ["a negative feature id", [feature({ feature: -1 })], /\.feature is -1/],
    [
      "a duplicate feature",
      [feature({ feature: 5 }), feature({ feature: 5 })],
      /features\[1\]\.feature 5 comes after 5: features are listed once each, ascending/,
    ],
    [
      "a label of 100,000 characters",
      [feature({ label: "x".repeat(100_000) })],
      new RegExp(`\\.label is not a string of at most ${MAX_LABEL_CHARS} characters`),
    ],
    ["a phrase that is a number", [feature({ phrases: [1] })], /\.phrases is not a list of at most 8 strings/],
    ["an unknown method", [feature({ method: "magic" })], /\.method is "magic"; expected one of offline, offline-terms, llm/],
    ["clean as a string", [feature({ clean: "yes" })], /\.clean is "yes"; expected true or false/],
  ])("%s is refused, naming the field", async (_, features, re) => {
    await refused(() => readLabelSet(labelSetJson(labelSet(features)), "labels.json", { fingerprint, nLatents: n }), "E_FORMAT", re);
  });

  it.each([
    ["more features than the SAE has", { features: [...realFeatures(), ...realFeatures()] }, /128 features listed for an SAE of 64/],
    ["negative corpus rows", { corpus: { rows: -5, fingerprint: "c" } }, /corpus is not \{ rows: a whole number/],
    ["a k above n", { sae: { fingerprint: "", nInputs: d, nLatents: n, k: 1e9 } }, /sae\.nLatents, nInputs and k/],
    ["heldOutEvery of 1", { heldOutEvery: 1 }, /heldOutEvery is 1; expected 0 or a whole number ≥ 2/],
  ])("a header with %s is refused", async (_, o, re) => {
    const set = { ...labelSet(), ...o } as LabelSet;
    await refused(() => readLabelSet(labelSetJson(set), "labels.json", "sae" in o ? undefined : { fingerprint, nLatents: n }), "E_FORMAT", re);
  });

  it("a Parquet labels file is named as such, with the way to the JSON form", async () => {
    const { labelSetParquet } = await import("../../src/label/file.js");
    const pq = await labelSetParquet(labelSet());
    await refused(() => readLabelSet(pq, "labels.parquet", { fingerprint, nLatents: n }), "E_FORMAT", /a Parquet labels file; --labels reads the JSON form/);
  });
});
