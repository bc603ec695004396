// A corpus of embeddings held in Wasm memory, ranked by dot product with a (steered) query vector
// (assembly/rank.ts): one pass, a bounded heap, no sort of all scores. Oracle: rank.ref.ts.
import { SaeError } from "../core/errors.js";
import { checkFinite, rowsOf } from "../core/shapes.js";
import { BACKENDS, bestBackend, wasmModuleFor, type BackendName, type WasmSources } from "./backend.js";
import { dotsByRow, rankByDot } from "./rank.ref.js";
import { loadKernels, type WasmKernels } from "./wasm.js";

export interface Hit {
  readonly doc: number;
  readonly score: number;
}

export class SearchIndex {
  private disposed = false;

  private constructor(
    readonly rows: number,
    readonly d: number,
    readonly backend: BackendName,
    /** Where the corpus lives: a JS array for `ref`, Wasm memory otherwise. */
    private readonly store: { corpus: Float32Array } | { kernels: WasmKernels; ptr: number },
  ) {}

  /** Validates corpus [rows, d] (whole rows, finite) and copies it into Wasm memory. */
  static async create(corpus: Float32Array, d: number, options: { backend?: BackendName | "auto"; wasm?: WasmSources } = {}): Promise<SearchIndex> {
    if (!Number.isInteger(d) || d < 1) throw new SaeError("E_SHAPE", `search index: d must be a positive integer, got ${d}`);
    const rows = rowsOf(corpus, d, "corpus");
    if (rows === 0) throw new SaeError("E_SHAPE", "search index: the corpus is empty");
    checkFinite(corpus, d, "corpus");
    const sources = options.wasm ?? {};
    const backend = options.backend === undefined || options.backend === "auto" ? bestBackend(sources) : options.backend;
    if (!BACKENDS.includes(backend)) throw new SaeError("E_ARG", `unknown backend '${String(backend)}'; expected one of auto, ${BACKENDS.join(", ")}`);
    if (backend === "ref") return new SearchIndex(rows, d, backend, { corpus });
    const { isa, source } = wasmModuleFor(backend, sources);
    const kernels = await loadKernels(isa, source);
    const ptr = kernels.alloc(corpus.length * 4);
    kernels.f32(ptr, corpus.length).set(corpus);
    return new SearchIndex(rows, d, backend, { kernels, ptr });
  }

  /** The `top` documents by dot product with v, best first (lower document on ties). */
  search(v: Float32Array, top = 10): Hit[] {
    if (this.disposed) throw new SaeError("E_DISPOSED", "search index: used after dispose()");
    if (v.length !== this.d) throw new SaeError("E_SHAPE", `search: the query has ${v.length} values, the corpus is ${this.d}-d`);
    checkFinite(v, this.d, "query");
    if (!Number.isInteger(top) || top < 1) throw new SaeError("E_ARG", `search: top must be a positive integer, got ${top}`);
    const n = Math.min(top, this.rows);
    if ("corpus" in this.store) return rankByDot(this.store.corpus, this.d, v, n);
    const { kernels, ptr } = this.store;
    const e = kernels.exports;
    const scratch = kernels.alloc(e.f32_rank_dot_scratch_bytes(n) + this.d * 4 + n * 8);
    try {
      const vp = scratch + e.f32_rank_dot_scratch_bytes(n),
        ip = vp + this.d * 4,
        sp = ip + n * 4;
      kernels.f32(vp, this.d).set(v);
      const bad = e.f32_rank_dot(ptr, this.rows, this.d, vp, n, scratch, ip, sp);
      // The corpus and the query are finite, so a NaN score means an overflow to ∞ − ∞.
      if (bad >= 0) throw new SaeError("E_NONFINITE", `search: the score of document ${bad} is NaN (float32 overflow)`);
      const idx = kernels.i32(ip, n),
        val = kernels.f32(sp, n);
      return Array.from(idx, (doc, j) => ({ doc, score: val[j]! }));
    } finally {
      kernels.free(scratch);
    }
  }

  /**
   * Dot products of m queries [m, d] with the corpus rows `rows` (row numbers): [rows.length, m],
   * row j holding every query's score against document rows[j]. One GEMM for many queries, where
   * search() would scan the corpus once per query.
   */
  scores(queries: Float32Array, rows: ArrayLike<number>): Float32Array {
    if (this.disposed) throw new SaeError("E_DISPOSED", "search index: used after dispose()");
    const { d } = this;
    const m = rowsOf(queries, d, "queries");
    checkFinite(queries, d, "queries");
    const count = rows.length;
    for (let j = 0; j < count; j++) {
      const r = rows[j]!;
      if (!Number.isInteger(r) || r < 0 || r >= this.rows) throw new SaeError("E_ARG", `scores: no document ${r}; the corpus has ${this.rows}`);
    }
    if (!m || !count) return new Float32Array(m * count);
    if ("corpus" in this.store) return dotsByRow(this.store.corpus, d, queries, m, rows);
    const { kernels, ptr } = this.store;
    const e = kernels.exports;
    const width = Math.ceil(m / 8) * 8;
    const [qp, wp, bp, ip, op, sp] = kernels.allocAll(
      m * d * 4,
      width * d * 4,
      width * 4,
      count * 4,
      count * width * 4,
      e.f32_dots_rows_scratch_bytes(count, d),
    );
    try {
      // The queries packed as the encoder's 8-wide panels [width/8][d][8], zero past m.
      kernels.f32(qp!, m * d).set(queries);
      kernels.f32(wp!, width * d).fill(0);
      e.f32_pack_panels(qp!, m, d, wp!);
      kernels.f32(bp!, width).fill(0);
      kernels.i32(ip!, count).set(rows);
      e.f32_dots_rows(ptr, d, ip!, count, wp!, bp!, m, op!, sp!);
      const all = kernels.f32(op!, count * width);
      const out = new Float32Array(count * m);
      for (let j = 0; j < count; j++) out.set(all.subarray(j * width, j * width + m), j * m);
      return out;
    } finally {
      for (const p of [qp, wp, bp, ip, op, sp]) kernels.free(p!);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if ("ptr" in this.store) this.store.kernels.free(this.store.ptr);
  }
}
