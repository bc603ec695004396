// Codes written as Parquet in the page and offered as a download, as an app would.
import { loadSae, readEmbeddings } from "saejs";
import { codesParquetWriter } from "saejs/io";
import { sha256 } from "./rows.js";

export async function run({ sae: saeUrl, parquet }) {
  const sae = await loadSae(new URL(saeUrl, location.href));
  const x = await readEmbeddings(new URL(parquet, location.href), { column: "embedding" });
  const codes = await sae.encode(x);
  await sae.dispose();
  const parts = [];
  const writer = await codesParquetWriter(async (b) => parts.push(b), sae.k);
  await writer.write(codes);
  await writer.finish();
  const blob = new Blob(parts, { type: "application/vnd.apache.parquet" });
  const a = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: "codes.parquet" });
  document.body.append(a);
  a.click();
  return { bytes: blob.size, sha: await sha256(new Uint8Array(await blob.arrayBuffer())) };
}
