// workerd reads Parquet only with the modules handed in: edge runtimes import nothing on demand.
// First without them (the refusal must say what to do), then with configure({ modules }). The
// embedder and an embedded index, which cannot run there, say so.
import * as hyparquet from "hyparquet";
import * as compressors from "hyparquet-compressors";
import * as column from "hyparquet/src/column.js";
import * as datapage from "hyparquet/src/datapage.js";
import { configure, readEmbeddings, UseLiteEmbedder } from "saejs";
import { SaeIndex } from "saejs/db";
import parquet from "./edge-table.parquet"; // written by the test

export default {
  async fetch(): Promise<Response> {
    const bytes = parquet as Uint8Array;
    let refusal: { code?: string; message?: string } = {};
    try {
      await readEmbeddings(bytes, { column: "embedding" });
    } catch (e) {
      refusal = { code: (e as { code?: string }).code, message: (e as Error).message };
    }
    // What the edge cannot do says so: the default embedder and an embedded index.
    const cannot: Record<string, string> = {};
    await new UseLiteEmbedder().embed(["a query"]).catch((e) => (cannot.embed = `${e.code}: ${e.message}`));
    await SaeIndex.open("memory://").catch((e) => (cannot.index = `${e.code}: ${e.message}`));
    try {
      configure({ modules: { hyparquet, "hyparquet/src/column.js": column, "hyparquet/src/datapage.js": datapage, "hyparquet-compressors": compressors } });
      const e = await readEmbeddings(bytes, { column: "embedding" });
      return Response.json({ refusal, cannot, rows: e.rows, cols: e.cols, data: [...e.data] });
    } catch (e) {
      return Response.json({ refusal, error: String((e as Error)?.stack ?? e) }, { status: 500 });
    }
  },
};
