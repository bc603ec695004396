// A labels file (`saejs label --out`): every live feature's label and scores, with the SAE's
// fingerprint so that labels are never shown beside another SAE's features. JSON, or Parquet (one
// row per feature; the header in the file's key-value metadata) for DuckDB, Polars and pandas.
import { preview, SaeError } from "../core/errors.js";
import { optionalModule } from "../runtime/optional.js";
import type { FeatureLabel } from "./offline.js";

export interface LabelSet {
  readonly format: "saejs-labels";
  readonly version: 1;
  readonly sae: { readonly fingerprint: string; readonly nInputs: number; readonly nLatents: number; readonly k: number };
  readonly corpus: { readonly rows: number; readonly fingerprint: string };
  /** The embedder that embedded candidates and scored labels (null: none of the corpus's width). */
  readonly embedder: string | null;
  readonly method: FeatureLabel["method"];
  /** The chat model of LLM labels. */
  readonly model?: string;
  /** One row in this many was held out of labelling and scores the labels (0: none). */
  readonly heldOutEvery: number;
  /** By feature, ascending; features never active are absent. */
  readonly features: readonly FeatureLabel[];
}

export function labelSetJson(set: LabelSet): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(set, null, 1)}\n`);
}

interface ParquetWriteModule {
  parquetWriteBuffer(o: {
    columnData: { name: string; data: unknown[]; type: string; nullable?: boolean }[];
    kvMetadata?: { key: string; value: string }[];
  }): ArrayBuffer;
}

/** One row per feature: feature, label, phrases (JSON), method, auc, held_positives, f1, pearson, clean. */
export async function labelSetParquet(set: LabelSet): Promise<Uint8Array> {
  const hw = await optionalModule<ParquetWriteModule>("hyparquet-writer", "writing labels as Parquet");
  const f = set.features;
  const { features: _f, ...header } = set;
  const col = (name: string, type: string, data: unknown[], nullable = false) => ({ name, type, data, nullable });
  return new Uint8Array(
    hw.parquetWriteBuffer({
      columnData: [
        col(
          "feature",
          "INT32",
          f.map((l) => l.feature),
        ),
        col(
          "label",
          "STRING",
          f.map((l) => l.label),
        ),
        col(
          "phrases",
          "STRING",
          f.map((l) => JSON.stringify(l.phrases)),
        ),
        col(
          "method",
          "STRING",
          f.map((l) => l.method),
        ),
        col(
          "auc",
          "DOUBLE",
          f.map((l) => l.auc),
          true,
        ),
        col(
          "held_positives",
          "INT32",
          f.map((l) => l.heldPositives),
        ),
        col(
          "f1",
          "DOUBLE",
          f.map((l) => l.f1 ?? null),
          true,
        ),
        col(
          "pearson",
          "DOUBLE",
          f.map((l) => l.pearson ?? null),
          true,
        ),
        col(
          "clean",
          "BOOLEAN",
          f.map((l) => l.clean),
        ),
      ],
      kvMetadata: [{ key: "saejs.labels", value: JSON.stringify(header) }],
    }),
  );
}

/**
 * How large a labels file may be for an SAE of n features: 64 KiB plus 1 KiB a feature. What
 * 'saejs label' writes is ~300 bytes a feature (an LLM label ~400), so a real file is a third of
 * that or less; a larger one is refused from its size, before it is read or parsed.
 */
export function maxLabelFileBytes(nLatents: number): number {
  return 65536 + 1024 * nLatents;
}

/** SAEs of at most this many features, where the caller does not say (readLabelSet without `sae`). */
const MAX_FEATURES = 1 << 20;
/** The longest label or phrase accepted (an offline label is 6 words; an LLM's, one line). */
export const MAX_LABEL_CHARS = 500;
const MAX_PHRASES = 8;
const METHODS: readonly FeatureLabel["method"][] = ["offline", "offline-terms", "llm"];

/** Refuses a labels file too large for an SAE of `nLatents` features, from its size alone. */
export function checkLabelFileSize(bytes: number, name: string, nLatents: number): void {
  const max = maxLabelFileBytes(nLatents);
  if (bytes > max)
    throw new SaeError(
      "E_FORMAT",
      `${name}: ${bytes} bytes is more than a labels file of ${nLatents} features can be (at most ${max}: 64 KiB and 1 KiB a feature); ` +
        "it is not a labels file of this SAE: make one with 'saejs label <sae> <embeddings> --out labels.json'",
    );
}

/**
 * JSON values (objects, arrays, strings, numbers, literals) in the text, counted in one pass
 * without building any, stopping past `max`: what JSON.parse would allocate is bounded before it runs.
 */
function jsonValuesOver(text: string, max: number): boolean {
  let values = 0,
    inString = false,
    inScalar = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    // A number or literal is one value however many characters it has.
    const scalar = (c >= 0x30 && c <= 0x39) || c === 0x2d || (c >= 0x61 && c <= 0x7a) || c === 0x2b || c === 0x2e || c === 0x45;
    if (scalar && !inScalar) values++;
    inScalar = scalar;
    if (c === 0x22) {
      inString = true;
      values++;
    } else if (c === 0x7b || c === 0x5b) values++;
    if (values > max) return true;
  }
  return false;
}

const isCount = (v: unknown, max: number) => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;
const inRange = (v: unknown, lo: number, hi: number) => typeof v === "number" && v >= lo && v <= hi; // NaN fails both
const isText = (v: unknown, max: number) => typeof v === "string" && v.length <= max;

/** What is wrong with one feature's record, or undefined. */
function badFeature(l: unknown, n: number, rows: number, after: number): string | undefined {
  if (!l || typeof l !== "object" || Array.isArray(l)) return "is not an object";
  const f = l as Record<string, unknown>;
  if (!Number.isSafeInteger(f.feature) || (f.feature as number) < 0 || (f.feature as number) >= n)
    return `.feature is ${preview(f.feature)}; a feature id is a whole number in [0, ${n})`;
  if ((f.feature as number) <= after) return `.feature ${f.feature} comes after ${after}: features are listed once each, ascending`;
  if (!isText(f.label, MAX_LABEL_CHARS)) return `.label is not a string of at most ${MAX_LABEL_CHARS} characters`;
  if (!Array.isArray(f.phrases) || f.phrases.length > MAX_PHRASES || !f.phrases.every((p) => isText(p, MAX_LABEL_CHARS)))
    return `.phrases is not a list of at most ${MAX_PHRASES} strings of at most ${MAX_LABEL_CHARS} characters`;
  if (!METHODS.includes(f.method as FeatureLabel["method"])) return `.method is ${preview(f.method)}; expected one of ${METHODS.join(", ")}`;
  if (f.auc !== null && !inRange(f.auc, 0, 1)) return `.auc is ${preview(f.auc)}; an AUC is null or in [0, 1]`;
  if (!isCount(f.heldPositives, rows))
    return `.heldPositives is ${preview(f.heldPositives)}; it counts held-out documents: a whole number from 0 to the corpus's ${rows} rows`;
  if (f.f1 !== undefined && f.f1 !== null && !inRange(f.f1, 0, 1)) return `.f1 is ${preview(f.f1)}; an F1 score is null or in [0, 1]`;
  if (f.pearson !== undefined && f.pearson !== null && !inRange(f.pearson, -1, 1))
    return `.pearson is ${preview(f.pearson)}; a correlation is null or in [-1, 1]`;
  if (typeof f.clean !== "boolean") return `.clean is ${preview(f.clean)}; expected true or false`;
  return undefined;
}

/**
 * Reads a labels file (JSON) and checks it whole; with `sae`, refuses labels of another SAE (its
 * fingerprint), so that no feature is shown with a label made for another. Its size is bounded by
 * the SAE's features (maxLabelFileBytes) and its count of JSON values by 1,024 + 32 a feature
 * before it is parsed; every field is checked: ids in [0, n) ascending and once each, counts
 * whole numbers within the corpus's rows, scores in range, labels at most 500 characters.
 */
export function readLabelSet(bytes: Uint8Array, name: string, sae?: { fingerprint: string; nLatents: number }): LabelSet {
  const n = sae?.nLatents ?? MAX_FEATURES;
  checkLabelFileSize(bytes.length, name, n);
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31)
    throw new SaeError(
      "E_FORMAT",
      `${name}: a Parquet labels file; --labels reads the JSON form: write it with 'saejs label <sae> <embeddings> --out labels.json'`,
    );
  const text = new TextDecoder().decode(bytes);
  if (jsonValuesOver(text, 1024 + 32 * n))
    throw new SaeError(
      "E_FORMAT",
      `${name}: holds more JSON values than a labels file of ${n} features (at most ${1024 + 32 * n}); it is not a labels file of this SAE`,
    );
  let v: Partial<LabelSet> & { promptVersion?: unknown };
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new SaeError("E_FORMAT", `${name}: not JSON (${(e as Error).message}); a labels file is what 'saejs label --out labels.json' writes`);
  }
  if (v && typeof v === "object" && "promptVersion" in v)
    throw new SaeError(
      "E_FORMAT",
      `${name}: an LLM label cache, not a labels file; 'saejs label --llm --out labels.json' writes one (and resumes from the cache)`,
    );
  if (v?.format !== "saejs-labels" || v.version !== 1)
    throw new SaeError("E_FORMAT", `${name}: not a saejs labels file (format "saejs-labels", version 1); 'saejs label --out labels.json' writes one`);
  const s = v.sae;
  if (!s || typeof s.fingerprint !== "string" || !Number.isInteger(s.nLatents) || !Array.isArray(v.features))
    throw new SaeError("E_FORMAT", `${name}: the labels file has no SAE record or no features`);
  if (sae && (s.fingerprint !== sae.fingerprint || s.nLatents !== sae.nLatents))
    throw new SaeError(
      "E_ARG",
      `${name}: these labels were made for another SAE (n=${s.nLatents}, fingerprint ${s.fingerprint}; this one: n=${sae.nLatents}, ${sae.fingerprint}); label this SAE with 'saejs label'`,
    );
  const header = (what: string) => new SaeError("E_FORMAT", `${name}: ${what}; a labels file is what 'saejs label --out labels.json' writes`);
  if (!isCount(s.nLatents, n) || s.nLatents < 1 || !isCount(s.nInputs, Number.MAX_SAFE_INTEGER) || s.nInputs < 1 || !isCount(s.k, s.nLatents) || s.k < 1)
    throw header(`sae.nLatents, nInputs and k (${preview(s.nLatents)}, ${preview(s.nInputs)}, ${preview(s.k)}) are not whole numbers with 1 ≤ k ≤ nLatents`);
  const c = v.corpus;
  if (!c || !isCount(c.rows, Number.MAX_SAFE_INTEGER) || typeof c.fingerprint !== "string")
    throw header("corpus is not { rows: a whole number, fingerprint: a string }");
  if (v.embedder !== null && !isText(v.embedder, MAX_LABEL_CHARS)) throw header(`embedder is ${preview(v.embedder)}, not a name or null`);
  if (!METHODS.includes(v.method as FeatureLabel["method"])) throw header(`method is ${preview(v.method)}; expected one of ${METHODS.join(", ")}`);
  if (v.model !== undefined && !isText(v.model, MAX_LABEL_CHARS)) throw header(`model is ${preview(v.model)}, not a name`);
  if (!isCount(v.heldOutEvery, Number.MAX_SAFE_INTEGER) || v.heldOutEvery === 1)
    throw header(`heldOutEvery is ${preview(v.heldOutEvery)}; expected 0 or a whole number ≥ 2`);
  if (v.features.length > s.nLatents) throw header(`${v.features.length} features listed for an SAE of ${s.nLatents}`);
  let last = -1;
  for (const [j, l] of v.features.entries()) {
    const bad = badFeature(l, s.nLatents, c.rows, last);
    if (bad) throw new SaeError("E_FORMAT", `${name}: features[${j}]${bad}; a labels file is what 'saejs label --out labels.json' writes`);
    last = l.feature;
  }
  return v as LabelSet;
}
