// Search over a site's static files through the documents' codes: for a query q,
//   q · x̂_doc = q · b_dec + Σ_j z_j (W_decᵀ q)_{idx_j}
// exact against each document's reconstruction: one GEMV per query, k multiply-adds per document.
// The best `candidates` by that score are re-ranked by the dot product with their stored embeddings,
// read by range for those rows only, so the same code runs over HTTP range requests.
import { topRows } from "../core/top.js";
import type { RandomAccess } from "../core/access.js";
import { SaeError } from "../core/errors.js";
import { checkFinite, transpose } from "../core/shapes.js";
import type { BackendName, WasmSources } from "../kernels/backend.js";
import { SearchIndex } from "../kernels/rank.js";
import { steer, steerModeOf, type SteerableSae, type Steering, type SteerMode } from "../explore/steer.js";
import { toFloat32 } from "../io/tensor.js";
import { MANIFEST_MAX_BYTES, parseManifest, type SiteManifest } from "./format.js";

export interface SiteHit {
  readonly doc: number;
  /** The dot product with the stored embedding (exact for vectors 'f32'). */
  readonly score: number;
}

/** Opens a file of the site by name (search.json, codes.bin, vectors.bin): a path, a URL's range reads, bytes. */
export type SiteOpener = (file: string) => Promise<RandomAccess>;

/** What the codes score needs of the SAE: the decoder [nInputs, nLatents] row-major and its bias. */
export interface SiteDecoder {
  readonly nInputs: number;
  readonly nLatents: number;
  readonly decoderWeight: Float32Array;
  readonly preBias: Float32Array;
}

/**
 * Candidates per result re-ranked by default (300 for a top 10). On the index bench's corpus (arXiv
 * centres, a random SAE of n=4096, k=32 that explains a quarter of the variance: the codes' worst
 * case) the exact top 10 lies within the best 200 by codes score 93 % of the time at 10^4 documents,
 * within 300 95 %, within 400 97 %; a trained SAE over the real abstracts (k=16, 8 % residual) 97 %
 * within 100 (bench/site.bench.ts measures recall through the page).
 */
export const DEFAULT_CANDIDATES_PER_RESULT = 30;
/** Once vectors.bin is in memory a candidate costs no request: 100 per result, for recall to spare. */
export const RESIDENT_CANDIDATES_PER_RESULT = 100;

/** Range reads in flight at once while fetching candidates' rows. */
const READ_CONCURRENCY = 8;
/** Rows between two wanted ones that a read takes rather than start another request (≤ 16 KiB of them). */
const GAP_BYTES = 16 * 1024;
/** Embeddings kept in memory once read (a slider's next position mostly re-reads the same candidates). */
const ROW_CACHE_BYTES = 64 * 1024 * 1024;

export { topRows };

export class SiteSearch {
  private constructor(
    readonly manifest: SiteManifest,
    private readonly indices: Uint16Array | Uint32Array,
    private readonly values: Float32Array,
    private readonly vectors: RandomAccess,
    private readonly decoder: SiteDecoder,
    /** The decoder's columns [nLatents, nInputs] as a corpus: u = W_decᵀ q is their ranking's scores. */
    private readonly columns: SearchIndex,
    /** Each document's row in vectors.bin (identity where the manifest names no slots). */
    private readonly slots: Uint32Array | undefined,
    /** Rows the row cache keeps at most. */
    private readonly cacheRows: number,
  ) {}

  /** Embeddings read so far, by document, oldest first (an LRU of at most cacheRows). */
  private readonly rowCache = new Map<number, Float32Array>();
  /** vectors.bin whole, once loadVectors has read it: re-ranks then read no range. */
  private resident: Uint8Array | undefined;
  private loading: Promise<void> | undefined;

  /** Whether vectors.bin is in memory (loadVectors finished). */
  get vectorsResident(): boolean {
    return this.resident !== undefined;
  }

  /**
   * Reads vectors.bin whole into memory, in chunks of `chunkBytes` (a few in flight), so that later
   * re-ranks read no range: a page calls it once its first results are shown. Until it finishes,
   * searches read by range as before; the same call again waits for the same read.
   */
  loadVectors(options: { chunkBytes?: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<void> {
    this.loading ??= (async () => {
      const size = this.manifest.vectors.bytes,
        chunk = options.chunkBytes ?? 4 * 1024 * 1024;
      if (!Number.isInteger(chunk) || chunk < 1) throw new SaeError("E_ARG", `site: chunkBytes must be a positive integer, got ${chunk}`);
      const all = new Uint8Array(size);
      let next = 0,
        done = 0;
      const worker = async () => {
        while (next < size) {
          options.signal?.throwIfAborted();
          const at = next;
          next += chunk;
          const part = await this.vectors.read(at, Math.min(chunk, size - at));
          all.set(part, at);
          done += part.length;
          options.onProgress?.(done, size);
        }
      };
      await Promise.all(Array.from({ length: 3 }, worker));
      this.resident = all;
      this.rowCache.clear();
    })().catch((e: unknown) => {
      this.loading = undefined;
      throw e;
    });
    return this.loading;
  }

  get rows(): number {
    return this.manifest.rows;
  }

  /**
   * Reads and checks search.json, loads codes.bin whole (the hot part) and opens vectors.bin for
   * range reads. The decoder must be the SAE that made the codes (its shape is checked here).
   */
  static async open(
    open: SiteOpener,
    decoder: SiteDecoder,
    options: { backend?: BackendName | "auto"; wasm?: WasmSources /** Embeddings kept once read (default 64 MiB). */; rowCacheBytes?: number } = {},
  ): Promise<SiteSearch> {
    const cacheBytes = options.rowCacheBytes ?? ROW_CACHE_BYTES;
    if (!Number.isSafeInteger(cacheBytes) || cacheBytes < 0) throw new SaeError("E_ARG", `site: rowCacheBytes must be an integer ≥ 0, got ${cacheBytes}`);
    const mf = await open("search.json");
    let manifest: SiteManifest;
    try {
      if (mf.size > MANIFEST_MAX_BYTES) throw new SaeError("E_FORMAT", `site manifest: ${mf.size} bytes, more than a manifest's ${MANIFEST_MAX_BYTES}`);
      manifest = parseManifest(await mf.read(0, mf.size));
    } finally {
      await mf.close();
    }
    const { d, n, k, rows } = manifest;
    if (decoder.nInputs !== d || decoder.nLatents !== n)
      throw new SaeError(
        "E_SHAPE",
        `site: the search files are for an SAE of ${d} inputs and ${n} latents, this one has ${decoder.nInputs} and ${decoder.nLatents}`,
      );
    if (decoder.decoderWeight.length !== d * n || decoder.preBias.length !== d)
      throw new SaeError(
        "E_SHAPE",
        `site: the decoder needs ${d} × ${n} weights and ${d} biases, got ${decoder.decoderWeight.length} and ${decoder.preBias.length}`,
      );
    const cf = await open(manifest.codes.file);
    let raw: Uint8Array;
    try {
      if (cf.size !== manifest.codes.bytes)
        throw new SaeError(
          "E_FORMAT",
          `site: ${manifest.codes.file} has ${cf.size} bytes, the manifest says ${manifest.codes.bytes} (truncated, or from another build)`,
        );
      raw = await cf.read(0, cf.size);
    } finally {
      await cf.close();
    }
    const cells = rows * k,
      ib = manifest.codes.indices;
    const idxBytes = raw.slice(ib.offset, ib.offset + ib.bytes);
    const indices = ib.dtype === "u16" ? new Uint16Array(idxBytes.buffer, 0, cells) : new Uint32Array(idxBytes.buffer, 0, cells);
    for (let i = 0; i < cells; i++)
      if (indices[i]! >= n)
        throw new SaeError("E_FORMAT", `site: ${manifest.codes.file} holds latent ${indices[i]} for document ${Math.floor(i / k)}, outside [0, ${n})`);
    const vb = manifest.codes.values;
    const values = Float32Array.from(toFloat32(raw.subarray(vb.offset, vb.offset + vb.bytes), vb.dtype, cells));
    for (let i = 0; i < cells; i++)
      if (!Number.isFinite(values[i]!))
        throw new SaeError("E_FORMAT", `site: ${manifest.codes.file} holds value ${values[i]} for document ${Math.floor(i / k)}`);
    let slots: Uint32Array | undefined;
    if (manifest.vectors.slots) {
      const sf = await open(manifest.vectors.slots.file);
      try {
        if (sf.size !== manifest.vectors.slots.bytes)
          throw new SaeError("E_FORMAT", `site: ${manifest.vectors.slots.file} has ${sf.size} bytes, the manifest says ${manifest.vectors.slots.bytes}`);
        slots = new Uint32Array((await sf.read(0, sf.size)).slice().buffer);
      } finally {
        await sf.close();
      }
      // A permutation: every row of vectors.bin belongs to exactly one document.
      const taken = new Uint8Array(rows);
      for (let r = 0; r < rows; r++) {
        const s = slots[r]!;
        if (s >= rows || taken[s])
          throw new SaeError("E_FORMAT", `site: ${manifest.vectors.slots.file} gives document ${r} row ${s}, out of range or taken twice`);
        taken[s] = 1;
      }
    }
    const vf = await open(manifest.vectors.file);
    if (vf.size !== manifest.vectors.bytes) {
      await vf.close();
      throw new SaeError(
        "E_FORMAT",
        `site: ${manifest.vectors.file} has ${vf.size} bytes, the manifest says ${manifest.vectors.bytes} (truncated, or from another build)`,
      );
    }
    try {
      const columns = await SearchIndex.create(transpose(decoder.decoderWeight, d, n), d, options);
      return new SiteSearch(manifest, indices, values, vf, decoder, columns, slots, Math.floor(cacheBytes / (4 * d)));
    } catch (e) {
      await vf.close();
      throw e;
    }
  }

  private checkQuery(q: Float32Array): void {
    if (!(q instanceof Float32Array) || q.length !== this.manifest.d)
      throw new SaeError("E_SHAPE", `site search: the query must be ${this.manifest.d} float32 values, got ${q instanceof Float32Array ? q.length : typeof q}`);
    checkFinite(q, this.manifest.d, "query");
  }

  /** q · x̂ for every document [rows]: the reconstruction's dot product through the codes (u in float32, the sum in float64). */
  codeScores(q: Float32Array): Float64Array {
    this.checkQuery(q);
    const { d, n, k, rows } = this.manifest;
    const b = this.decoder.preBias;
    let c = 0;
    for (let p = 0; p < d; p++) c += q[p]! * b[p]!;
    // u = W_decᵀ q: every decoder column's dot product with q, as the Wasm ranking kernel computes
    // a corpus's (7× faster than a plain TS loop at d=512, n=4096); it hands them back best first.
    const u = new Float64Array(n);
    for (const h of this.columns.search(q, n)) u[h.doc] = h.score;
    const idx = this.indices,
      val = this.values,
      out = new Float64Array(rows);
    for (let r = 0, at = 0; r < rows; r++) {
      let s = c;
      for (let j = 0; j < k; j++, at++) s += val[at]! * u[idx[at]!]!;
      out[r] = s;
    }
    return out;
  }

  /**
   * The `top` documents by dot product with q: the best `candidates` by the codes score, re-ranked
   * with their stored embeddings. Best first; ties go to the lower document.
   * @param q [d] the (steered) query vector
   * @param options.allow [rows] 1 where a document may be returned (a metadata filter); all by default
   */
  async search(q: Float32Array, options: { top?: number; candidates?: number; allow?: Uint8Array } = {}): Promise<SiteHit[]> {
    const top = options.top ?? 10;
    if (!Number.isInteger(top) || top < 1) throw new SaeError("E_ARG", `site search: top must be a positive integer, got ${top}`);
    const cand = options.candidates ?? top * (this.resident ? RESIDENT_CANDIDATES_PER_RESULT : DEFAULT_CANDIDATES_PER_RESULT);
    if (!Number.isInteger(cand) || cand < top) throw new SaeError("E_ARG", `site search: candidates must be an integer ≥ top (${top}), got ${cand}`);
    const allow = options.allow;
    if (allow !== undefined && (!(allow instanceof Uint8Array) || allow.length !== this.rows))
      throw new SaeError("E_ARG", `site search: allow must be a Uint8Array of ${this.rows} (one per document)`);
    const scores = this.codeScores(q);
    const rows = topRows(scores, Math.min(cand, this.rows), allow).sort((a, b) => a - b);
    const emb = await this.readRows(rows);
    const { d } = this.manifest;
    const hits = rows.map((doc, i) => {
      let s = 0;
      for (let p = 0; p < d; p++) s += q[p]! * emb[i * d + p]!;
      return { doc, score: s };
    });
    hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return hits.slice(0, top);
  }

  /**
   * The stored embeddings of `rows` (ascending documents) [rows.length, d]: those not kept from an
   * earlier read are fetched in runs of nearby rows of vectors.bin, one range read a run.
   */
  async readRows(rows: readonly number[]): Promise<Float32Array> {
    const { d, vectors } = this.manifest,
      rb = vectors.rowBytes;
    for (const [i, r] of rows.entries())
      if (!Number.isInteger(r) || r < 0 || r >= this.rows || (i > 0 && r <= rows[i - 1]!))
        throw new SaeError("E_ARG", `site: rows must be ascending documents in [0, ${this.rows}), got ${r} at ${i}`);
    const slotOf = (doc: number) => (this.slots ? this.slots[doc]! : doc);
    if (this.resident) {
      const all = this.resident,
        out = new Float32Array(rows.length * d);
      for (const [i, doc] of rows.entries()) {
        const s = slotOf(doc);
        out.set(this.decodeRow(all.subarray(s * rb, (s + 1) * rb), doc), i * d);
      }
      return out;
    }
    // This call's rows, from the cache or read now (a call may want more rows than the cache keeps).
    const got = new Map<number, Float32Array>();
    for (const r of rows) {
      const x = this.rowCache.get(r);
      if (x) got.set(r, x);
    }
    const wanted = rows.filter((r) => !got.has(r)).map((doc) => [slotOf(doc), doc] as [number, number]);
    wanted.sort((a, b) => a[0] - b[0]);
    // Runs [first slot, count, documents in it]: a gap of a few rows is read rather than asked apart.
    const gap = Math.max(0, Math.floor(GAP_BYTES / rb));
    const runs: [number, number, [number, number][]][] = [];
    for (const w of wanted) {
      const last = runs[runs.length - 1];
      if (last && w[0] - (last[0] + last[1]) <= gap) {
        last[1] = w[0] - last[0] + 1;
        last[2].push(w);
      } else runs.push([w[0], 1, [w]]);
    }
    // At most READ_CONCURRENCY reads in flight: over HTTP each is a request, and hundreds at once
    // would open as many connections (Node) or queue behind the browser's six per host anyway.
    let next = 0;
    const worker = async () => {
      while (next < runs.length) {
        const [s0, count, docs] = runs[next++]!;
        const bytes = await this.vectors.read(s0 * rb, count * rb);
        for (const [slot, doc] of docs) got.set(doc, this.decodeRow(bytes.subarray((slot - s0) * rb, (slot - s0 + 1) * rb), doc));
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, runs.length) }, worker));
    const out = new Float32Array(rows.length * d);
    for (const [i, doc] of rows.entries()) {
      const x = got.get(doc)!;
      out.set(x, i * d);
      // Kept (or used again): the newest in the cache's order.
      this.rowCache.delete(doc);
      this.keep(doc, x);
    }
    return out;
  }

  private keep(doc: number, x: Float32Array): void {
    this.rowCache.set(doc, x);
    for (const old of this.rowCache.keys()) {
      if (this.rowCache.size <= this.cacheRows) break;
      this.rowCache.delete(old);
    }
  }

  /** One stored row as float32, checked finite. */
  private decodeRow(row: Uint8Array, doc: number): Float32Array {
    const { d, vectors } = this.manifest,
      rb = vectors.rowBytes;
    let x: Float32Array;
    if (vectors.dtype === "i8") {
      const v = new DataView(row.buffer, row.byteOffset, rb),
        scale = v.getFloat32(0, true);
      if (!Number.isFinite(scale)) throw new SaeError("E_FORMAT", `site: ${vectors.file} holds scale ${scale} for document ${doc}`);
      const q8 = new Int8Array(row.buffer, row.byteOffset + 4, d);
      x = new Float32Array(d);
      for (let p = 0; p < d; p++) x[p] = scale * q8[p]!;
    } else x = Float32Array.from(toFloat32(row, vectors.dtype, d));
    for (let p = 0; p < x.length; p++)
      if (!Number.isFinite(x[p]!)) throw new SaeError("E_FORMAT", `site: ${vectors.file} holds a non-finite value in document ${doc}`);
    return x;
  }

  async close(): Promise<void> {
    this.columns.dispose();
    await this.vectors.close();
  }
}

/**
 * Steered search over a site, as steeredSearch over an in-memory index: the query's own top
 * documents and, where `steering` is not empty, the steered query's.
 */
export async function siteSteeredSearch(
  sae: SteerableSae,
  site: SiteSearch,
  q: Float32Array,
  options: { steering?: Steering; mode?: SteerMode; top?: number; candidates?: number; allow?: Uint8Array } = {},
): Promise<{ results: SiteHit[]; steered?: SiteHit[] }> {
  const steering = options.steering ?? new Map();
  const mode = steerModeOf(options.mode ?? "edit");
  const pick = { top: options.top, candidates: options.candidates, allow: options.allow };
  const results = await site.search(q, pick);
  if (!steering.size) return { results };
  const { vector } = await steer(sae, q, steering, mode);
  return { results, steered: await site.search(vector, pick) };
}
