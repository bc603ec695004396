// What the evaluation suite reports (`saejs eval --suite`, `evaluateSuite`): one record per SAE over
// the same embeddings, and the figures that do not depend on an SAE (the dense embedding's retrieval
// and probes) once. Every figure of the report and of `--json` is here.

/** How a retrieval run scores a document for a query. */
export type RetrievalScoring =
  /** cos(q, x): the original embeddings. */
  | "dense"
  /** cos(q̂, x̂): query and documents both through the SAE (encode, decode). */
  | "reconstructed"
  /** q · x̂ = q · b_dec + Σⱼ zⱼ (W_decᵀ q)ⱼ: the query as it is, documents as their codes alone (the site's score). */
  | "codes"
  /** cos(z_q, z_x): the query's codes against the documents' codes, nothing dense. */
  | "sparse";

/** The scorings that go through an SAE. */
export type SaeRetrievalScoring = Exclude<RetrievalScoring, "dense">;
export const SAE_SCORINGS: readonly SaeRetrievalScoring[] = ["reconstructed", "codes", "sparse"];

/** Means over the task's queries (each query with at least one relevant document). */
export interface RetrievalScores {
  /** nDCG@10 with graded relevance (gain = relevance, discount log2(rank + 1), ideal from all judged documents). */
  readonly ndcg10: number;
  /** Relevant documents in the top 100 / all relevant documents of the query. */
  readonly recall100: number;
  /** 1 / rank of the first relevant document within the top 10 (0 if none). */
  readonly mrr10: number;
  readonly queries: number;
}

export interface ProbeScore {
  /** F1 of the positive class at probability 0.5 on the held-out rows. */
  readonly f1: number;
  /** AUC of the probe's score on the held-out rows. */
  readonly auc: number;
}

/** A probe on some of an SAE's latents for one class (one against the rest). */
export interface LatentProbe extends ProbeScore {
  /** The latents it read, chosen on the training rows; absent for the probe on every latent. */
  readonly latents?: readonly number[];
}

export interface ClassProbes {
  readonly label: string;
  /** The single best latent, the best 5, and all latents (the whole code). */
  readonly top1: LatentProbe;
  readonly top5: LatentProbe;
  readonly all: LatentProbe;
}

export interface ReconstructionReport {
  /** The card's metrics (src/train/metrics.ts). */
  readonly nmse: number;
  readonly logFdLive: number;
  readonly logFdAll: number;
  readonly actMean: number;
  readonly deadShare: number;
  readonly meanL0: number;
  /** Active latents (value > 0) per row: quantiles, and counts of rows with L0 = 0, 1, … (the last bin holds the rest). */
  readonly l0: {
    readonly min: number;
    readonly p10: number;
    readonly median: number;
    readonly p90: number;
    readonly max: number;
    readonly histogram: readonly number[];
  };
  /** Latents active on more than 10 % of rows, and their share of all latents. */
  readonly denseLatents: number;
  readonly denseShare: number;
}

export interface SaeRetrieval {
  readonly task: string;
  readonly scores: Readonly<Record<SaeRetrievalScoring, RetrievalScores>>;
  /** dense − this, per scoring and metric: what the SAE costs (positive = worse than the original embeddings). */
  readonly drop: Readonly<Record<SaeRetrievalScoring, { readonly ndcg10: number; readonly recall100: number; readonly mrr10: number }>>;
}

export interface LabelReport {
  /** From a `saejs label` file, or made here on a sample of features. */
  readonly source: "file" | "made";
  /** Features labelled, and those with a held-out AUC (≥ 1 held-out positive). */
  readonly features: number;
  readonly scored: number;
  /** Every held-out AUC, ascending (for the distribution plot). */
  readonly aucs: readonly number[];
  readonly quantiles: { readonly p10: number; readonly p25: number; readonly median: number; readonly p75: number; readonly p90: number };
  readonly meanAuc: number;
  /** Share of labelled features whose label is clean (AUC ≥ 0.9 over ≥ 5 held-out positives, density < 0.2). */
  readonly cleanShare: number;
}

export interface SaeSuite {
  /** As the user named it (file name or hf:// reference). */
  readonly name: string;
  readonly fingerprint: string;
  readonly architecture: string;
  readonly k: number;
  readonly nLatents: number;
  readonly reconstruction: ReconstructionReport;
  readonly retrieval: readonly SaeRetrieval[];
  readonly probing?: {
    readonly classes: readonly ClassProbes[];
    readonly mean: { readonly top1: ProbeScore; readonly top5: ProbeScore; readonly all: ProbeScore };
  };
  readonly labels?: LabelReport;
  readonly seconds: number;
}

export interface SuiteResult {
  readonly format: "saejs-eval-suite";
  readonly version: 1;
  readonly data: { readonly embeddings: string; readonly texts?: string; readonly rows: number; readonly d: number };
  /** The original embeddings' retrieval, per task. */
  readonly retrieval: readonly { readonly task: string; readonly queries: number; readonly documents: number; readonly dense: RetrievalScores }[];
  /** Probes on the dense embedding, per class, and the split. */
  readonly probing?: {
    readonly labelColumn: string;
    /** One row in this many (by a hash of its text) is held out. */
    readonly testEvery: number;
    readonly classes: readonly { readonly label: string; readonly trainPositives: number; readonly testPositives: number; readonly dense: ProbeScore }[];
    readonly meanDense: ProbeScore;
    /** Classes left out for too few positives (and how many rows they had), or `capped`: past the most frequent classes probed (32). */
    readonly skipped: readonly { readonly label: string; readonly rows: number; readonly capped?: true }[];
  };
  readonly saes: readonly SaeSuite[];
  readonly seconds: number;
}
