// `saejs decode`: reconstructions from codes written by `saejs encode`.
import { writeNpy } from "../../io/npy.js";
import { writeFileAtomic } from "../../runtime/fs.js";
import { need } from "../args.js";
import { command } from "../command.js";
import { as, SAE_GROUP, table } from "../flags.js";
import { readCodes, requireOut, withModel } from "../inputs.js";
export const decodeCommand = command({
  usage: `saejs decode <sae> <codes.(npz|parquet)> --out reconstructions.npy [--k N]`,
  about: `  Reconstructions [rows, d] from codes written by 'saejs encode' (either format).`,
  flags: table(as("out", "the reconstructions, float32 [rows, d]"), SAE_GROUP),
  maxArgs: 2,
  async run(p, io) {
    const out = await requireOut(p),
      codesPath = need(p, 1, "codes (.npz or .parquet)");
    return withModel(p, async (sae) => {
      const codes = await readCodes(codesPath);
      const xhat = await sae.decode(codes);
      await writeFileAtomic(out, writeNpy(xhat, [codes.batch, sae.nInputs]));
      io.say(`wrote ${out}: ${codes.batch} × ${sae.nInputs}`);
      return { out, rows: codes.batch, dim: sae.nInputs };
    });
  },
});
