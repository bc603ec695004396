// `saejs eval`: the release card's metrics of an SAE on embeddings.
import { evaluate } from "../../train/metrics.js";
import { need } from "../args.js";
import { command } from "../command.js";
import { COLUMN_GROUP, SAE_GROUP, table } from "../flags.js";
import { embeddingsOf, withModel } from "../inputs.js";

const row = (m: { nmse: number; logFdLive: number; logFdAll: number; actMean: number; deadShare: number }, k: number, n: number) =>
  `| k | n | nMSE | log FD (live) | log FD (all) | act mean | dead share |\n|---|---|---|---|---|---|---|\n| ${k} | ${n} | ${m.nmse.toFixed(4)} | ${m.logFdLive.toFixed(4)} | ${m.logFdAll.toFixed(4)} | ${m.actMean.toFixed(4)} | ${(m.deadShare * 100).toFixed(1)} % |`;
export const evalCommand = command({
  usage: `saejs eval <sae> <embeddings.(npy|npz|parquet|arrow)> [--column NAME] [--k N]`,
  about: `  The release card's metrics: nMSE, log10 feature density (live latents; all with 1e-10), act mean, dead share.`,
  flags: table(COLUMN_GROUP, SAE_GROUP),
  maxArgs: 2,
  async run(p, io) {
    const emb = need(p, 1, "embeddings");
    return withModel(p, async (sae) => {
      const m = await evaluate(sae, await embeddingsOf(emb, sae.nInputs, p));
      io.say(row(m, sae.k, sae.nLatents));
      const { density: _d, ...metrics } = m;
      return { k: sae.k, n: sae.nLatents, ...metrics };
    });
  },
});
