// Steered semantic search, three ways to move a query along features, then the corpus
// ranked by dot product with the steered vector:
//   (a) edit the query's own codes: new values for its active latents (0 removes one), decode;
//   (b) add c · decoder[:, i] to the query embedding itself;
//   (c) clamp latents to given values, redo the top-k with them, decode.
import { SaeError } from "../core/errors.js";
import type { ActivationOrder, Codes } from "../core/model.js";

/** What steering needs of a model: an in-thread Sae or a SaeModel (its workers) both fit. */
export interface SteerableSae {
  readonly nInputs: number;
  readonly nLatents: number;
  readonly k: number;
  readonly order: ActivationOrder;
  encodeTop(x: Float32Array, k: number, batch?: number): Codes | Promise<Codes>;
  decode(codes: Codes): Float32Array | Promise<Float32Array>;
  /** A thresholded model's ("jumprelu"): its codes come from encode, a row's width varying. */
  readonly architecture?: string;
  encode?(x: Float32Array, batch?: number): Codes | Promise<Codes>;
}
type Sae = SteerableSae;

/** A model whose codes pass a threshold (JumpReLU, a trained BatchTopK or Matryoshka) rather than its top k. */
export function isThresholded(sae: { readonly architecture?: string }): boolean {
  return sae.architecture === "jumprelu";
}

/**
 * The active latents of one query [nInputs] as codes: its top k, or for a thresholded model those
 * past their thresholds; entries of value 0 (ReLU'd, or padding) dropped, so none is shown or kept.
 */
export async function queryCodes(sae: Sae, q: Float32Array): Promise<Codes> {
  const c = isThresholded(sae) && sae.encode ? await sae.encode(q, 1) : await sae.encodeTop(q, sae.k, 1);
  const on: number[] = [];
  for (let j = 0; j < c.k; j++) if (c.values[j]! > 0) on.push(j);
  return { indices: Int32Array.from(on, (j) => c.indices[j]!), values: Float32Array.from(on, (j) => c.values[j]!), k: on.length, batch: 1 };
}

/** A steering: latent index → value (forms a and c) or coefficient (form b). */
export type Steering = ReadonlyMap<number, number>;

function checkLatents(sae: Sae, steer: Steering): void {
  for (const [i, v] of steer) {
    if (!Number.isInteger(i) || i < 0 || i >= sae.nLatents) throw new SaeError("E_INDEX", `steer: latent ${i} is outside [0, ${sae.nLatents})`);
    if (!Number.isFinite(v)) throw new SaeError("E_NONFINITE", `steer: latent ${i} has value ${v}`);
  }
}

/** (a) The query's codes with the steered latents' values replaced (or added, if not active), decoded. */
export async function steerEdit(sae: Sae, q: Float32Array, steer: Steering): Promise<{ vector: Float32Array; codes: Codes }> {
  checkLatents(sae, steer);
  const base = await queryCodes(sae, q);
  const vals = new Map<number, number>();
  for (let j = 0; j < base.k; j++) vals.set(base.indices[j]!, base.values[j]!);
  for (const [i, v] of steer) vals.set(i, v);
  const entries = [...vals.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const codes: Codes = { indices: Int32Array.from(entries, (e) => e[0]), values: Float32Array.from(entries, (e) => e[1]), k: entries.length, batch: 1 };
  return { vector: await sae.decode(codes), codes };
}

/** (b) q + Σ c_i · decoder[:, i]. */
export async function steerAdd(sae: Sae, q: Float32Array, steer: Steering): Promise<Float32Array> {
  checkLatents(sae, steer);
  const d = sae.nInputs;
  if (q.length !== d) throw new SaeError("E_SHAPE", `steer: the query has ${q.length} values, expected ${d}`);
  const idx = Int32Array.from(steer.keys()),
    c = Float32Array.from(steer.values());
  // decode(Σ c_i e_i) − decode(0) = Σ c_i · decoder[:, i] (the decode adds pre_bias once).
  const moved = await sae.decode({ indices: idx, values: c, k: idx.length, batch: 1 });
  const zero = await sae.decode({ indices: idx, values: new Float32Array(idx.length), k: idx.length, batch: 1 });
  return q.map((v, p) => v + (moved[p]! - zero[p]!));
}

/** (c) Pre-activations with the steered latents clamped, top-k again, decoded. */
export async function steerClamp(sae: Sae, q: Float32Array, steer: Steering): Promise<{ vector: Float32Array; codes: Codes }> {
  checkLatents(sae, steer);
  const k = sae.k;
  if (isThresholded(sae)) {
    // A threshold sets each latent apart (no competition): the clamped ones take their values, the others keep theirs.
    const vals = new Map<number, number>();
    const own = await queryCodes(sae, q);
    for (let j = 0; j < own.k; j++) vals.set(own.indices[j]!, own.values[j]!);
    for (const [i, v] of steer) vals.set(i, Math.max(0, v));
    const on = [...vals].filter((e) => e[1] > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    if (!on.length) on.push([0, 0]); // codes are at least one entry wide
    const codes: Codes = { indices: Int32Array.from(on, (e) => e[0]), values: Float32Array.from(on, (e) => e[1]), k: on.length, batch: 1 };
    return { vector: await sae.decode(codes), codes };
  }
  // The top k among the others are within the top k + |steer| of all.
  const wide = await sae.encodeTop(q, Math.min(sae.nLatents, k + steer.size), 1);
  const cands: [number, number][] = [];
  for (let j = 0; j < wide.k; j++) if (!steer.has(wide.indices[j]!)) cands.push([wide.indices[j]!, wide.values[j]!]);
  for (const [i, v] of steer) cands.push([i, sae.order === "topk-relu" ? v : Math.max(0, v)]);
  // Raw values of the unclamped are not needed beyond their order: ReLU'd values keep it.
  cands.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const top = cands.slice(0, k).map(([i, v]) => [i, Math.max(0, v)] as [number, number]);
  const codes: Codes = { indices: Int32Array.from(top, (e) => e[0]), values: Float32Array.from(top, (e) => e[1]), k: top.length, batch: 1 };
  return { vector: await sae.decode(codes), codes };
}

/** How a steering moves the query: (a) edit, (b) add, (c) clamp. */
export type SteerMode = "edit" | "add" | "clamp";

export const STEER_MODES: readonly SteerMode[] = ["edit", "add", "clamp"];

/** `mode` as a SteerMode, or E_ARG naming the three (`what` names where it came from: a flag, a field). */
export function steerModeOf(mode: unknown, what = "mode"): SteerMode {
  if (!STEER_MODES.includes(mode as SteerMode)) throw new SaeError("E_ARG", `${what} must be edit, add or clamp, got '${String(mode)}'`);
  return mode as SteerMode;
}

/**
 * The query moved by `steering` in one of the three ways; `codes` are the steered codes where the
 * mode makes them (edit, clamp), so a caller shows them without encoding the vector again.
 */
export async function steer(sae: Sae, q: Float32Array, steering: Steering, mode: SteerMode): Promise<{ vector: Float32Array; codes?: Codes }> {
  switch (steerModeOf(mode)) {
    case "edit":
      return steerEdit(sae, q, steering);
    case "add":
      return { vector: await steerAdd(sae, q, steering) };
    case "clamp":
      return steerClamp(sae, q, steering);
  }
}

/** What steered search needs of a corpus index: a SearchIndex fits (named by shape, so that steering needs no kernel). */
export interface RankedCorpus {
  readonly rows: number;
  search(v: Float32Array, top: number): readonly { readonly doc: number; readonly score: number }[];
}

/** A document of a steered search: its row, its score, and its rank for the unsteered query. */
export interface SteeredHit {
  doc: number;
  score: number;
  wasRank: number;
}

/**
 * Steered search over an in-memory corpus: the query's own top documents, and, where `steering`
 * is not empty, the top documents of the steered query, each with its rank before steering.
 * @param q [nInputs] the query embedding, in the corpus's embedding space
 */
export async function steeredSearch(
  sae: Sae,
  index: RankedCorpus,
  q: Float32Array,
  options: { steering?: Steering; mode?: SteerMode; top?: number } = {},
): Promise<{ results: { doc: number; score: number }[]; steered?: SteeredHit[] }> {
  const top = options.top ?? 10,
    steering = options.steering ?? new Map();
  const mode = steerModeOf(options.mode ?? "edit");
  const results = [...index.search(q, top)];
  if (!steering.size) return { results };
  const { vector } = await steer(sae, q, steering, mode);
  // Where each steered hit ranked before: one full ranking of the unsteered query.
  const before = new Map(index.search(q, index.rows).map((s, rank) => [s.doc, rank + 1]));
  return { results, steered: index.search(vector, top).map((s) => ({ ...s, wasRank: before.get(s.doc)! })) };
}

/** For each latent of `small`, the latent of `large` whose decoder direction is closest (cosine). */
export function matchLatents(
  small: { decoderWeight: Float32Array; nInputs: number; nLatents: number },
  large: { decoderWeight: Float32Array; nInputs: number; nLatents: number },
): { match: Int32Array; cosine: Float32Array } {
  if (small.nInputs !== large.nInputs) throw new SaeError("E_SHAPE", `match: the SAEs read ${small.nInputs}-d and ${large.nInputs}-d inputs`);
  const d = small.nInputs,
    ns = small.nLatents,
    nl = large.nLatents;
  const norm = (W: Float32Array, n: number) =>
    Float64Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let p = 0; p < d; p++) s += W[p * n + i]! ** 2;
      return Math.sqrt(s) || 1;
    });
  const a = norm(small.decoderWeight, ns),
    b = norm(large.decoderWeight, nl);
  const match = new Int32Array(ns),
    cosine = new Float32Array(ns);
  for (let i = 0; i < ns; i++) {
    let best = -Infinity,
      at = 0;
    for (let j = 0; j < nl; j++) {
      let s = 0;
      for (let p = 0; p < d; p++) s += small.decoderWeight[p * ns + i]! * large.decoderWeight[p * nl + j]!;
      const c = s / (a[i]! * b[j]!);
      if (c > best) {
        best = c;
        at = j;
      }
    }
    match[i] = at;
    cosine[i] = best;
  }
  return { match, cosine };
}
