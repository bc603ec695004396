// hf:// from a Hub on another origin (configure({ hub }) names it: a page has no HF_ENDPOINT): the
// release's .pth and a Parquet dataset file by range requests, kept in the Cache API. `refuse`
// lists hf:// URLs whose E_HUB messages are returned for the test to compare with Node's.
import { clearHubCache, configure, loadSae, readEmbeddings } from "saejs";
import { openTable, tableTexts } from "saejs/io";
import { formulaRows, sha256 } from "./rows.js";

export async function run({ endpoint, sae: url, parquet, rows = 64, clear = false, refuse = [] }) {
  configure({ hub: { endpoint } });
  if (clear) await clearHubCache();
  const sae = await loadSae(url);
  const codes = await sae.encode({ data: formulaRows(rows, sae.nInputs), rows, cols: sae.nInputs });
  await sae.dispose();
  const e = await readEmbeddings(parquet, { column: "embedding" });
  const table = await openTable(parquet);
  const titles = await tableTexts(table, "title");
  await table.close();
  const refusals = [];
  for (const u of refuse)
    refusals.push(
      await loadSae(u).then(
        () => "loaded",
        (err) => `${err.code}: ${err.message}`,
      ),
    );
  return {
    indices: [...codes.indices],
    values: [...codes.values],
    parquet: { rows: e.rows, cols: e.cols, sha: await sha256(e.data), titles: await sha256(new TextEncoder().encode(JSON.stringify(titles.texts))) },
    refusals,
    cached: (await (await caches.open("saejs-hub-v1")).keys()).length,
  };
}
