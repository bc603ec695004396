// `saejs embed`: texts from any supported file embedded into a float32 .npy.
import { writeNpy } from "../../io/npy.js";
import { writeFileAtomic } from "../../runtime/fs.js";
import { need, str, UsageError } from "../args.js";
import { command } from "../command.js";
import { as, EMBEDDER_GROUP, FLAGS, table } from "../flags.js";
import { checkOutFile, embedderOf, requireOut, textsOf } from "../inputs.js";
import { progress } from "../progress.js";
export const embedCommand = command({
  usage: `saejs embed <texts.(txt|csv|tsv|jsonl|json|parquet|arrow)> --out embeddings.npy [--text-column text] [--skip-empty]`,
  about: `  Embeds one text per line, a CSV/TSV column, a JSON(L) field or a Parquet/Arrow string column
  into a float32 .npy [texts, dim]. Row i of the output is row i of the input; an empty text is an
  error naming its row.`,
  flags: table(
    as("out", "the embeddings, float32 [texts, dim]"),
    as("text-column", "the CSV/TSV column, JSON(L) field or table column (default text; not for\n.txt; a table's one string column is taken without it)"),
    as("column", "the same as --text-column here"),
    as(
      "skip-empty",
      "leave out empty texts, and write the kept source rows (0-based, int32)\nto <out>.rows.npy so that the embeddings can be matched to the source",
    ),
    EMBEDDER_GROUP,
    FLAGS.workers,
  ),
  maxArgs: 1,
  async run(p, io) {
    const input = need(p, 0, "a texts file"),
      out = await requireOut(p);
    if (p.flags.has("column") && p.flags.has("text-column")) throw new UsageError("--column and --text-column are the same here; give one");
    const t = await textsOf(input, p, str(p, "text-column") ?? str(p, "column"), p.flags.has("column") ? "column" : "text-column");
    const rowsOut = t.kept ? await checkOutFile(`${out.replace(/\.npy$/i, "")}.rows.npy`) : undefined;
    const e = embedderOf(p);
    const bar = progress("embed", io.stderr, io.quiet);
    const x = await e.embed(t.texts, { signal: io.signal, onProgress: (d, n) => bar.update(d, n) });
    await writeFileAtomic(out, writeNpy(x, [t.texts.length, e.dim]));
    if (rowsOut) await writeFileAtomic(rowsOut, writeNpy(Int32Array.from(t.kept!), [t.kept!.length]));
    bar.done(`wrote ${out}: ${t.texts.length} × ${e.dim} (${e.name})${rowsOut ? `; ${rowsOut}: the source row of each` : ""}`);
    return { out, rows: t.texts.length, dim: e.dim, embedder: e.name, ...(rowsOut ? { keptRows: rowsOut } : {}) };
  },
});
