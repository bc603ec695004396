// Embeddings and texts from Parquet (DuckDB's, zstd) and Arrow IPC: by URL, and as the File an
// <input> gives. Returns digests of what was read, which the test compares with Node's.
import { readEmbeddings } from "saejs";
import { openTable, tableTexts } from "saejs/io";
import { sha256 } from "./rows.js";

async function read(source) {
  const e = await readEmbeddings(source, { column: "embedding" });
  const table = await openTable(source);
  const titles = await tableTexts(table, "title");
  await table.close();
  return { rows: e.rows, cols: e.cols, sha: await sha256(e.data), titles: await sha256(new TextEncoder().encode(JSON.stringify(titles.texts))) };
}

/** Each source given: `parquet` and `arrow` URLs (the Parquet one also as a bare path), and any <input> Files. */
export async function run({ parquet, arrow }) {
  const out = {};
  if (parquet) {
    out.parquetUrl = await read(new URL(parquet, location.href));
    out.parquetPath = await read(parquet);
  }
  if (arrow) out.arrowUrl = await read(new URL(arrow, location.href));
  for (const file of document.getElementById("file").files) out[file.name.endsWith(".arrow") ? "arrowFile" : "parquetFile"] = await read(file);
  return out;
}
