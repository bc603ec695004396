// A labels file (`saejs label --out`): every live feature's label and scores, with the SAE's
// fingerprint so that labels are never shown beside another SAE's features. JSON, or Parquet (one
// row per feature; the header in the file's key-value metadata) for DuckDB, Polars and pandas.
import { SaeError } from "../core/errors.js";
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

const isNum = (v: unknown) => typeof v === "number" && Number.isFinite(v);
const isScore = (v: unknown) => v === null || v === undefined || (isNum(v) && (v as number) >= -1 && (v as number) <= 1);

/**
 * Reads a labels file (JSON) and checks it whole; with `sae`, refuses labels of another SAE (its
 * fingerprint), so that no feature is shown with a label made for another.
 */
export function readLabelSet(bytes: Uint8Array, name: string, sae?: { fingerprint: string; nLatents: number }): LabelSet {
  let v: Partial<LabelSet> & { promptVersion?: unknown };
  try {
    v = JSON.parse(new TextDecoder().decode(bytes));
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
  let last = -1;
  for (const [j, l] of v.features.entries()) {
    const ok =
      l &&
      Number.isInteger(l.feature) &&
      l.feature > last &&
      l.feature < s.nLatents &&
      typeof l.label === "string" &&
      Array.isArray(l.phrases) &&
      isScore(l.auc) &&
      isScore(l.f1) &&
      isScore(l.pearson) &&
      Number.isInteger(l.heldPositives) &&
      typeof l.clean === "boolean";
    if (!ok)
      throw new SaeError(
        "E_FORMAT",
        `${name}: features[${j}] is not a label record (feature ascending below ${s.nLatents}, label, phrases, scores in [-1, 1])`,
      );
    last = l.feature;
  }
  return v as LabelSet;
}
