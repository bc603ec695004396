// What a feature's page shows beyond its documents (as the release's demo does): the histogram of
// its activations, the features whose decoder directions are nearest (cosine), the features that
// fire with it most often, and, given a second SAE over the same embeddings, its nearest features
// there (the release's 16 → 32 → 64 splitting).
import { SaeError } from "../core/errors.js";
import type { Codes } from "../core/model.js";
import { SearchIndex } from "../kernels/rank.js";

export interface Neighbour {
  readonly feature: number;
  /** Cosine of the decoder directions (nearest), or the share of this feature's documents where the other is active too (co-occurring). */
  readonly value: number;
}

/** Decoder columns of W [d, n] as unit rows [n, d] (a zero column stays zero). */
function unitColumns(W: Float32Array, d: number, n: number): Float32Array {
  if (W.length !== d * n) throw new SaeError("E_SHAPE", `feature pages: the decoder has ${W.length} values, expected ${d} × ${n}`);
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = 0; p < d; p++) s += W[p * n + i]! ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let p = 0; p < d; p++) out[i * d + p] = W[p * n + i]! * inv;
  }
  return out;
}

/** An SAE's decoder directions, unit length, in Wasm memory: nearest features by cosine, one ranking each. */
export class DecoderDirections {
  private constructor(
    private readonly unit: Float32Array,
    private readonly index: SearchIndex,
    readonly nLatents: number,
    readonly d: number,
  ) {}

  /** From decoder.weight [d, n]. */
  static async fromWeight(decoderWeight: Float32Array, d: number, n: number): Promise<DecoderDirections> {
    const unit = unitColumns(decoderWeight, d, n);
    return new DecoderDirections(unit, await SearchIndex.create(unit, d), n, d);
  }

  /**
   * From any SAE that decodes (wherever its weights live): decoding latent i at 1 minus decoding
   * nothing is decoder column i, exactly.
   */
  static async fromSae(sae: { nInputs: number; nLatents: number; decode(c: Codes): Promise<Float32Array> | Float32Array }): Promise<DecoderDirections> {
    const n = sae.nLatents,
      d = sae.nInputs;
    const zero = await sae.decode({ indices: new Int32Array(1), values: new Float32Array(1), k: 1, batch: 1 });
    const cols = await sae.decode({ indices: Int32Array.from({ length: n }, (_, i) => i), values: new Float32Array(n).fill(1), k: 1, batch: n });
    const W = new Float32Array(d * n);
    for (let i = 0; i < n; i++) for (let p = 0; p < d; p++) W[p * n + i] = cols[i * d + p]! - zero[p]!;
    return DecoderDirections.fromWeight(W, d, n);
  }

  /** Feature i's unit direction. */
  direction(i: number): Float32Array {
    return this.unit.subarray(i * this.d, (i + 1) * this.d);
  }

  /** The `top` features nearest a unit direction (`skip`: a feature to leave out, itself). */
  nearestTo(u: Float32Array, top = 5, skip = -1): Neighbour[] {
    return this.index
      .search(u, Math.min(this.nLatents, top + (skip >= 0 ? 1 : 0)))
      .filter((h) => h.doc !== skip)
      .slice(0, top)
      .map((h) => ({ feature: h.doc, value: h.score }));
  }

  /** Feature i's nearest other features. */
  nearest(i: number, top = 5): Neighbour[] {
    return this.nearestTo(this.direction(i), top, i);
  }

  dispose(): void {
    this.index.dispose();
  }
}

/** Per feature, the features active on the same documents most often: share of its documents, highest first. */
export function cooccurringFeatures(codes: Codes, nLatents: number, top = 5): Neighbour[][] {
  const { indices, values, k, batch } = codes;
  const with_: Map<number, number>[] = Array.from({ length: nLatents }, () => new Map());
  const on = new Int32Array(nLatents);
  const act: number[] = [];
  for (let r = 0; r < batch; r++) {
    act.length = 0;
    for (let t = 0; t < k; t++) if (values[r * k + t]! > 0) act.push(indices[r * k + t]!);
    for (const i of act) {
      on[i]!++;
      const m = with_[i]!;
      for (const j of act) if (j !== i) m.set(j, (m.get(j) ?? 0) + 1);
    }
  }
  return with_.map((m, i) =>
    [...m]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, top)
      .map(([feature, c]) => ({ feature, value: c / on[i]! })),
  );
}

/** Per feature, a histogram of its positive activations: `bins` equal bins from 0 to its maximum. */
export function activationHistograms(codes: Codes, nLatents: number, bins = 12): { max: number; counts: number[] }[] {
  const { indices, values, k, batch } = codes;
  const max = new Float64Array(nLatents);
  for (let j = 0; j < batch * k; j++) if (values[j]! > max[indices[j]!]!) max[indices[j]!] = values[j]!;
  const counts = Array.from({ length: nLatents }, () => new Array<number>(bins).fill(0));
  for (let j = 0; j < batch * k; j++) {
    const v = values[j]!,
      i = indices[j]!;
    if (v > 0) counts[i]![Math.min(bins - 1, Math.floor((v / max[i]!) * bins))]!++;
  }
  return counts.map((c, i) => ({ max: max[i]!, counts: c }));
}

/** The page elements of every feature of an SAE over a corpus, computed once. */
export async function featurePages(codes: Codes, nLatents: number, decoderWeight: Float32Array, d: number) {
  const directions = await DecoderDirections.fromWeight(decoderWeight, d, nLatents);
  let nearest: Neighbour[][];
  try {
    nearest = Array.from({ length: nLatents }, (_, i) => directions.nearest(i));
  } finally {
    directions.dispose();
  }
  const cooccurring = cooccurringFeatures(codes, nLatents);
  const histograms = activationHistograms(codes, nLatents);
  return {
    nearest: (i: number) => nearest[i]!,
    cooccurring: (i: number) => cooccurring[i]!,
    histogram: (i: number) => histograms[i]!,
  };
}

/** For each feature of SAE A, its nearest features by decoder cosine in SAE B (the same embeddings; any widths). */
export async function crossNearest(a: DecoderDirections, b: DecoderDirections, top = 5): Promise<Neighbour[][]> {
  if (a.d !== b.d) throw new SaeError("E_SHAPE", `cross-width: the SAEs read ${a.d}-d and ${b.d}-d inputs; they must read the same embeddings`);
  return Array.from({ length: a.nLatents }, (_, i) => b.nearestTo(a.direction(i), top));
}
