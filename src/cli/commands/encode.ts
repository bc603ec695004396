// `saejs encode`: sparse codes of embeddings, as .npz in memory or codes.parquet streamed.
import { basename } from "node:path";
import { SaeError } from "../../core/errors.js";
import { codesParquetWriter } from "../../io/codes-parquet.js";
import { codesToNpz } from "../../io/save.js";
import { openAtomicWriter, writeFileAtomic } from "../../runtime/fs.js";
import { need, num, UsageError } from "../args.js";
import { padRagged, type RaggedCodes } from "../../kernels/sparse.js";
import type { Codes } from "../../core/model.js";
import { command } from "../command.js";
import { as, COLUMN_GROUP, SAE_GROUP, table } from "../flags.js";
import { embeddingRowsOf, ENCODE_BATCH, idStreamOf, kRecord, requireOut, withModel } from "../inputs.js";
import { progress } from "../progress.js";
export const encodeCommand = command({
  usage: `saejs encode <sae> <embeddings.(npy|npz|parquet|arrow)> --out codes.(npz|parquet) [--column NAME] [--id-column NAME] [--k N] [--width M]`,
  about: `  Sparse codes: indices int32 [rows, k] and values float32 [rows, k], each row's sorted by value.
  codes.parquet: the columns indices list<int32> and values list<float> beside an id column (the
  source's --id-column, else 'row', the 0-based source row), written row group by row group as
  the input streams in, so inputs larger than memory encode in bounded memory. DuckDB, Polars
  and pandas read it directly. codes.npz: the arrays 'indices' and 'values', built in memory.
  A thresholded SAE (JumpReLU, BatchTopK, Matryoshka) keeps every latent past its threshold:
  codes.npz is as wide as the widest row, narrower rows ending in value-0 entries. --width M
  encodes with latents 0..M-1 only (a Matryoshka prefix).`,
  flags: table(
    as("out", "the codes (.npz or .parquet)"),
    COLUMN_GROUP,
    as("id-column", "a Parquet/Arrow column of ids (integers or strings) to carry into codes.parquet"),
    as("width", "encode with latents 0..M-1 only (a Matryoshka prefix)"),
    SAE_GROUP,
  ),
  maxArgs: 2,
  async run(p, io) {
    const out = await requireOut(p),
      emb = need(p, 1, "embeddings");
    const parquet = /\.parquet$/i.test(out);
    if (!parquet && !/\.npz$/i.test(out)) throw new UsageError("--out must end in .npz or .parquet");
    if (p.flags.has("id-column") && !parquet) throw new UsageError("--id-column goes into codes.parquet; an .npz holds only indices and values");
    const width = num(p, "width", undefined, { min: 1 });
    return withModel(p, async (sae) => {
      if (width !== undefined && width > sae.nLatents)
        throw new SaeError("E_ARG", `--width ${width}: the SAE has ${sae.nLatents} latents; give 1..${sae.nLatents}`);
      const jump = sae.architecture === "jumprelu";
      // codes.parquet's lists have one width set before the first row; a thresholded SAE's rows vary.
      if (jump && parquet)
        throw new SaeError("E_ARG", "a thresholded SAE's codes vary in width from row to row; write them as codes.npz (codes.parquet holds one width)");
      const ids = await idStreamOf(emb, p);
      const x = await embeddingRowsOf(emb, p, sae.nInputs).catch(async (e) => {
        await ids?.close();
        throw e;
      });
      const rows = x.rows;
      let k = sae.k;
      if (ids && ids.rows !== rows) throw new SaeError("E_SHAPE", `${emb}: ${ids.rows} ids but ${rows} embeddings`);
      const bar = progress("encode", io.stderr, io.quiet);
      const file = parquet ? await openAtomicWriter(out) : undefined;
      try {
        const sink = parquet
          ? await codesParquetWriter((b) => file!.write(b), k, {
              ...(ids ? { id: ids.column } : {}),
              metadata: { d: String(sae.nInputs), n: String(sae.nLatents), source: basename(emb), ...kRecord(sae) },
            })
          : undefined;
        const all = sink || jump ? undefined : { indices: new Int32Array(rows * k), values: new Float32Array(rows * k) };
        // A thresholded SAE's batches differ in width: kept as each row's active entries, padded once at the end.
        const ragged: Codes[] = [];
        // The next batch is read and decoded while the workers encode this one.
        const batches = x.batches(ENCODE_BATCH)[Symbol.asyncIterator]();
        let next = batches.next();
        for (;;) {
          const b = await next;
          if (b.done) break;
          next = batches.next();
          next.catch(() => {}); // surfaced when awaited
          const codes = await sae.encode(b.value.data, undefined, { signal: io.signal, ...(width !== undefined ? { width } : {}) });
          if (sink) await sink.write(codes, await ids?.slice(b.value.start, b.value.rows));
          else if (jump) ragged.push(codes);
          else {
            all!.indices.set(codes.indices, b.value.start * k);
            all!.values.set(codes.values, b.value.start * k);
          }
          bar.update(b.value.start + b.value.rows, rows);
        }
        if (sink) {
          await sink.finish();
          await file!.commit();
        } else {
          const { checkpoint_k } = kRecord(sae);
          const codes = jump ? padRagged(activeOf(ragged), width ?? sae.nLatents) : { ...all!, k, batch: rows };
          k = codes.k;
          await writeFileAtomic(out, codesToNpz(codes, { k, ...(checkpoint_k ? { checkpoint_k: Number(checkpoint_k) } : {}) }));
        }
      } catch (e) {
        await file?.abort();
        throw e;
      } finally {
        await x.close();
        await ids?.close();
      }
      const overrides = sae.info.fileK !== undefined && sae.info.fileK !== k;
      bar.done(`wrote ${out}: ${rows} rows × k=${k}${overrides ? ` (--override-k: the checkpoint says k=${sae.info.fileK})` : ""}`);
      return { out, rows, k, ...(overrides ? { checkpointK: sae.info.fileK } : {}) };
    });
  },
});

/** Batches of padded codes as one ragged set: each row's entries of value > 0 (padding is 0). */
function activeOf(batches: readonly Codes[]): RaggedCodes {
  const batch = batches.reduce((a, c) => a + c.batch, 0);
  const offsets = new Int32Array(batch + 1);
  let r0 = 0;
  for (const c of batches)
    for (let r = 0; r < c.batch; r++, r0++) {
      let n = 0;
      while (n < c.k && c.values[r * c.k + n]! > 0) n++;
      offsets[r0 + 1] = offsets[r0]! + n;
    }
  const indices = new Int32Array(offsets[batch]!);
  const values = new Float32Array(offsets[batch]!);
  r0 = 0;
  for (const c of batches)
    for (let r = 0; r < c.batch; r++, r0++) {
      const n = offsets[r0 + 1]! - offsets[r0]!;
      indices.set(c.indices.subarray(r * c.k, r * c.k + n), offsets[r0]!);
      values.set(c.values.subarray(r * c.k, r * c.k + n), offsets[r0]!);
    }
  return { batch, offsets, indices, values };
}
