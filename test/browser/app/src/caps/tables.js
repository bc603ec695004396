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

export async function run({ parquet, arrow }) {
  const files = [...document.getElementById("file").files];
  const byName = (suffix) => files.find((f) => f.name.endsWith(suffix));
  return {
    parquetUrl: await read(new URL(parquet, location.href)),
    parquetPath: await read(parquet),
    arrowUrl: await read(new URL(arrow, location.href)),
    parquetFile: await read(byName(".parquet")),
    arrowFile: await read(byName(".arrow")),
  };
}
