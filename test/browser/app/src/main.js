// The app's page: sae.js's core is imported up front; each capability is a lazy chunk of its own,
// so the sizes the page downloads can be measured one capability at a time.
import { runtimeCaps } from "saejs";

const caps = {
  encode: () => import("./caps/encode.js"),
  tables: () => import("./caps/tables.js"),
  "write-parquet": () => import("./caps/write-parquet.js"),
  train: () => import("./caps/train.js"),
  hub: () => import("./caps/hub.js"),
  index: () => import("./caps/index.js"),
  embed: () => import("./caps/embed.js"),
  query: () => import("./caps/query.js"),
};

globalThis.runCap = async (name, ctx) => {
  const load = caps[name];
  if (!load) return { error: `no capability '${name}'` };
  try {
    return await (await load()).run(ctx);
  } catch (e) {
    return { error: `${e?.code ?? e?.name ?? "Error"}: ${e?.message ?? e}` };
  }
};
globalThis.appReady = { isolated: globalThis.crossOriginIsolated, simd: runtimeCaps().simd };
