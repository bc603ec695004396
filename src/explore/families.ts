// Feature families: a maximum spanning tree over feature
// co-occurrence, edges pointing from denser to rarer features; a parent with more than 2 children
// heads a family of its descendants. Made precise exactly as test/fixtures/make_families_golden.py
// (networkx) makes it, which the tests check family for family.
import type { Codes } from "../core/model.js";

export interface Family {
  /** The round (0–2) that found it. */
  readonly round: number;
  readonly parent: number;
  /** Direct children in the tree, ascending. */
  readonly children: number[];
  /** All descendants, ascending. */
  readonly members: number[];
  /** The family's tree: [parent, child] edges from its head down, in depth-first order. */
  readonly edges: [number, number][];
}

/** Binary activations [docs, n] (1 where the feature is active in the document: a positive value) from codes. */
export function activationMatrix(codes: Codes, n: number): Uint8Array {
  const a = new Uint8Array(codes.batch * n);
  for (let j = 0; j < codes.batch * codes.k; j++) if (codes.values[j]! > 0) a[Math.floor(j / codes.k) * n + codes.indices[j]!] = 1;
  return a;
}

/**
 * Families from binary activations a [docs, n]: C = AᵀA; N_ij = C_ij/(C_ii + 1), below 0.1 zeroed;
 * edge weight max(exp N_ij, exp N_ji); Kruskal's maximum spanning tree (ties by (i, j)); edges from
 * the denser feature (lower index on ties) to the rarer; three rounds, removing the parents found;
 * families with more than 3 descendants kept, duplicates (descendant Jaccard > 0.6) dropped.
 */
export function featureFamilies(a: ArrayLike<number>, docs: number, n: number): Family[] {
  const C = new Float64Array(n * n);
  for (let doc = 0; doc < docs; doc++) {
    const on: number[] = [];
    for (let i = 0; i < n; i++) if (a[doc * n + i]) on.push(i);
    for (const i of on) for (const j of on) C[i * n + j]!++;
  }
  const dens = Float64Array.from({ length: n }, (_, i) => C[i * n + i]!);
  const alive = new Array<boolean>(n).fill(true);
  const found: Family[] = [];
  for (let round = 0; round < 3; round++) {
    const norm = (i: number, j: number) => {
      const v = C[i * n + j]! / (C[i * n + i]! + 1);
      return v < 0.1 ? 0 : v;
    };
    // Edges weighted by the larger normalised co-occurrence (exp is monotonic: the order is the same).
    const edges: { i: number; j: number; w: number }[] = [];
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (!alive[j]) continue;
        const w = Math.max(Math.exp(norm(i, j)) * (norm(i, j) > 0 ? 1 : 0), Math.exp(norm(j, i)) * (norm(j, i) > 0 ? 1 : 0));
        if (w > 0) edges.push({ i, j, w });
      }
    }
    edges.sort((x, y) => y.w - x.w || x.i - y.i || x.j - y.j);
    const root = Int32Array.from({ length: n }, (_, i) => i);
    const find = (x: number): number => {
      while (root[x] !== x) {
        root[x] = root[root[x]!]!;
        x = root[x]!;
      }
      return x;
    };
    const children: number[][] = Array.from({ length: n }, () => []);
    for (const { i, j } of edges) {
      const ri = find(i),
        rj = find(j);
      if (ri === rj) continue;
      root[ri] = rj;
      const iFirst = dens[i]! > dens[j]! || (dens[i] === dens[j] && i < j);
      if (iFirst) children[i]!.push(j);
      else children[j]!.push(i);
    }
    const subtree = (v: number) => {
      const edges: [number, number][] = [],
        stack: [number, number][] = children[v]!.map((c) => [v, c]);
      while (stack.length) {
        const e = stack.pop()!;
        edges.push(e);
        for (const c of children[e[1]]!) stack.push([e[1], c]);
      }
      return { members: edges.map((e) => e[1]).sort((x, y) => x - y), edges };
    };
    const parents = Array.from({ length: n }, (_, v) => v).filter((v) => alive[v] && children[v]!.length > 2);
    for (const v of parents) found.push({ round, parent: v, children: [...children[v]!].sort((x, y) => x - y), ...subtree(v) });
    for (const v of parents) {
      alive[v] = false;
      for (let t = 0; t < n; t++) {
        C[v * n + t] = 0;
        C[t * n + v] = 0;
      }
    }
  }
  const kept: Family[] = [];
  for (const f of found) {
    if (f.members.length <= 3) continue;
    const s = new Set(f.members);
    const dup = kept.some((k) => {
      const inter = k.members.filter((m) => s.has(m)).length;
      return inter / (s.size + k.members.length - inter) > 0.6;
    });
    if (!dup) kept.push(f);
  }
  return kept;
}
