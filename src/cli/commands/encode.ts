// `saejs encode`: sparse codes of embeddings, as .npz in memory or codes.parquet streamed.
import { basename } from "node:path";
import { SaeError } from "../../core/errors.js";
import type { Codes } from "../../core/model.js";
import { codesParquetWriter } from "../../io/codes-parquet.js";
import { widestCodes } from "../../kernels/sparse.js";
import { codesToNpz } from "../../io/save.js";
import { openAtomicWriter, writeFileAtomic } from "../../runtime/fs.js";
import { need, num, UsageError } from "../args.js";
import { command } from "../command.js";
import { as, COLUMN_GROUP, SAE_GROUP, table } from "../flags.js";
import { embeddingRowsOf, ENCODE_BATCH, idStreamOf, kRecord, requireOut, withModel } from "../inputs.js";
import { progress } from "../progress.js";
export const encodeCommand = command({
  usage: `saejs encode <sae> <embeddings.(npy|npz|parquet|arrow)> --out codes.(npz|parquet) [--column NAME] [--id-column NAME] [--k N]`,
  about: `  Sparse codes: indices int32 [rows, k] and values float32 [rows, k], each row's sorted by value.
  codes.parquet: the columns indices list<int32> and values list<float> beside an id column (the
  source's --id-column, else 'row', the 0-based source row), written row group by row group as
  the input streams in, so inputs larger than memory encode in bounded memory. DuckDB, Polars
  and pandas read it directly. codes.npz: the arrays 'indices' and 'values', built in memory.
  A thresholded SAE (JumpReLU, BatchTopK, Matryoshka) gives each row as many latents as pass:
  each row group (.npz: the file) is as wide as its widest row, entries of value 0 are padding.
  --width M encodes with latents 0..M-1 only (a Matryoshka prefix).`,
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
      const ids = await idStreamOf(emb, p);
      const x = await embeddingRowsOf(emb, p, sae.nInputs).catch(async (e) => {
        await ids?.close();
        throw e;
      });
      const { rows, k } = { rows: x.rows, k: sae.k };
      // A thresholded SAE's codes are as wide as each batch's widest row, not k.
      const variable = sae.architecture === "jumprelu";
      if (ids && ids.rows !== rows) throw new SaeError("E_SHAPE", `${emb}: ${ids.rows} ids but ${rows} embeddings`);
      const bar = progress("encode", io.stderr, io.quiet);
      let widest = k;
      const file = parquet ? await openAtomicWriter(out) : undefined;
      try {
        const sink = parquet
          ? await codesParquetWriter((b) => file!.write(b), k, {
              ...(ids ? { id: ids.column } : {}),
              variable,
              metadata: { d: String(sae.nInputs), n: String(sae.nLatents), source: basename(emb), ...kRecord(sae) },
            })
          : undefined;
        const all = sink || variable ? undefined : { indices: new Int32Array(rows * k), values: new Float32Array(rows * k) };
        const parts: Codes[] = [];
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
          else if (!all) parts.push(codes);
          else {
            all.indices.set(codes.indices, b.value.start * k);
            all.values.set(codes.values, b.value.start * k);
          }
          bar.update(b.value.start + b.value.rows, rows);
        }
        if (sink) {
          await sink.finish();
          await file!.commit();
        } else {
          const { checkpoint_k } = kRecord(sae);
          const codes = all ? { ...all, k, batch: rows } : widestCodes(parts);
          widest = codes.k;
          await writeFileAtomic(out, codesToNpz(codes, { k: codes.k, ...(checkpoint_k ? { checkpoint_k: Number(checkpoint_k) } : {}) }));
        }
      } catch (e) {
        await file?.abort();
        throw e;
      } finally {
        await x.close();
        await ids?.close();
      }
      if (variable) {
        // Not k: each row keeps what passes the threshold (.npz: as wide as the widest row; Parquet: per row group).
        bar.done(`wrote ${out}: ${rows} rows, thresholded${parquet ? "" : `, ${widest} entries a row (the widest; narrower rows end in value 0)`}`);
        return { out, rows, k: widest, variable: true };
      }
      const overrides = sae.info.fileK !== undefined && sae.info.fileK !== k;
      bar.done(`wrote ${out}: ${rows} rows × k=${k}${overrides ? ` (--override-k: the checkpoint says k=${sae.info.fileK})` : ""}`);
      return { out, rows, k, ...(overrides ? { checkpointK: sae.info.fileK } : {}) };
    });
  },
});
