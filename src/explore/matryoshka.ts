// A Matryoshka SAE's coarse-to-fine tree: its latents come in nested groups (prefix widths
// m₁ < … < m_G = n; group g is latents [m_{g−1}, m_g)), each group refining the coarser ones. A
// latent's parent is the latent of the next-coarser group whose decoder direction is nearest
// (cosine; ties: the lower index), its children the latents of the next-finer group whose parent it is.
import { SaeError } from "../core/errors.js";
import { checkWidths, type Codes } from "../core/model.js";
import { SearchIndex } from "../kernels/rank.js";

/** The tree as the explorer carries it: per latent, its parent (−1 in the first group) and their decoder cosine. */
export interface MatryoshkaTree {
  readonly widths: number[];
  readonly parent: number[];
  readonly cosine: number[];
}

/** Decoder columns [lo, hi) of W [d, n] as unit rows [hi − lo, d] (a zero column stays zero). */
function unitColumns(W: Float32Array, d: number, n: number, lo: number, hi: number): Float32Array {
  const out = new Float32Array((hi - lo) * d);
  for (let i = lo; i < hi; i++) {
    let s = 0;
    for (let p = 0; p < d; p++) s += W[p * n + i]! ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let p = 0; p < d; p++) out[(i - lo) * d + p] = W[p * n + i]! * inv;
  }
  return out;
}

/**
 * The coarse-to-fine tree of a Matryoshka SAE from its decoder.weight [d, n] and prefix widths:
 * each latent of group g ≥ 2 gets the latent of group g − 1 with the largest decoder cosine (ties:
 * the lower index). One Wasm ranking per finer latent over the coarser group's directions.
 */
export async function matryoshkaTree(decoderWeight: Float32Array, d: number, n: number, widths: readonly number[]): Promise<MatryoshkaTree> {
  if (decoderWeight.length !== d * n) throw new SaeError("E_SHAPE", `matryoshka tree: the decoder has ${decoderWeight.length} values, expected ${d} × ${n}`);
  checkWidths(widths, n);
  const parent = new Array<number>(n).fill(-1),
    cosine = new Array<number>(n).fill(0);
  for (let g = 1; g < widths.length; g++) {
    const lo = g >= 2 ? widths[g - 2]! : 0,
      hi = widths[g - 1]!;
    const coarse = await SearchIndex.create(unitColumns(decoderWeight, d, n, lo, hi), d);
    try {
      const fine = unitColumns(decoderWeight, d, n, hi, widths[g]!);
      for (let j = hi; j < widths[g]!; j++) {
        // SearchIndex ranks best first, the lower row on ties.
        const best = coarse.search(fine.subarray((j - hi) * d, (j - hi + 1) * d), 1)[0]!;
        parent[j] = lo + best.doc;
        cosine[j] = best.score;
      }
    } finally {
      coarse.dispose();
    }
  }
  return { widths: [...widths], parent, cosine };
}

/**
 * Checks a tree read from a file others can write (a static site's explorer.json): widths as a model's,
 * one parent and one finite cosine per latent, each parent -1 in the coarsest group and a latent of
 * the next-coarser group elsewhere.
 */
export function checkMatryoshkaTree(tree: MatryoshkaTree, nLatents: number): void {
  const bad = (why: string) => new SaeError("E_FORMAT", `explorer data: the Matryoshka tree ${why}; rebuild the site or the explorer`);
  if (!tree || !Array.isArray(tree.widths) || !Array.isArray(tree.parent) || !Array.isArray(tree.cosine)) throw bad("is not { widths, parent, cosine }");
  try {
    checkWidths(tree.widths, nLatents);
  } catch (e) {
    throw bad(`has bad widths (${(e as Error).message})`);
  }
  if (tree.parent.length !== nLatents || tree.cosine.length !== nLatents)
    throw bad(`has ${tree.parent.length} parents and ${tree.cosine.length} cosines for ${nLatents} latents`);
  for (let j = 0; j < nLatents; j++) {
    const g = matryoshkaGroup(tree.widths, j),
      p = tree.parent[j];
    const lo = g >= 2 ? tree.widths[g - 2]! : 0;
    const ok = g === 0 ? p === -1 : Number.isInteger(p) && p! >= lo && p! < tree.widths[g - 1]!;
    if (!ok) throw bad(`gives latent ${j} the parent ${JSON.stringify(p)}, not ${g === 0 ? "-1" : `a latent in [${lo}, ${tree.widths[g - 1]})`}`);
    if (typeof tree.cosine[j] !== "number" || !Number.isFinite(tree.cosine[j])) throw bad(`gives latent ${j} a cosine that is not a finite number`);
  }
}

/** Per latent, its children (the next-finer group's latents whose parent it is), ascending. */
export function matryoshkaChildren(parent: readonly number[]): number[][] {
  const children: number[][] = parent.map(() => []);
  for (let j = 0; j < parent.length; j++) if (parent[j]! >= 0) children[parent[j]!]!.push(j);
  return children;
}

/** The group (0-based) of latent i: the first g with i < widths[g]. */
export function matryoshkaGroup(widths: readonly number[], i: number): number {
  let g = 0;
  while (g < widths.length - 1 && i >= widths[g]!) g++;
  return g;
}

/** A model's Matryoshka widths where it has them (read defensively: older models lack the property). */
export function widthsOf(sae: object): readonly number[] | undefined {
  const w = (sae as { widths?: unknown }).widths;
  return Array.isArray(w) && w.length > 1 ? (w as number[]) : undefined;
}

/**
 * The tree of a model that has widths (undefined for any other): its decoder from weights() where
 * it has them, else decoded column by column (decoding latent i at 1 minus decoding nothing).
 */
export async function matryoshkaTreeOf(sae: {
  readonly nInputs: number;
  readonly nLatents: number;
  decode(c: Codes): Promise<Float32Array> | Float32Array;
}): Promise<MatryoshkaTree | undefined> {
  const widths = widthsOf(sae);
  if (!widths) return undefined;
  const d = sae.nInputs,
    n = sae.nLatents;
  // A SaeModel's weights() (a copy from its workers), a Sae's weights getter.
  const w = (sae as { weights?: { decoderWeight: Float32Array } | (() => Promise<{ decoderWeight: Float32Array }>) }).weights;
  let W = typeof w === "function" ? (await w.call(sae)).decoderWeight : w?.decoderWeight;
  if (!W) {
    const zero = await sae.decode({ indices: new Int32Array(1), values: new Float32Array(1), k: 1, batch: 1 });
    const cols = await sae.decode({ indices: Int32Array.from({ length: n }, (_, i) => i), values: new Float32Array(n).fill(1), k: 1, batch: n });
    W = new Float32Array(d * n);
    for (let i = 0; i < n; i++) for (let p = 0; p < d; p++) W[p * n + i] = cols[i * d + p]! - zero[p]!;
  }
  return matryoshkaTree(W, d, n, widths);
}
