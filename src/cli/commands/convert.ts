// `saejs convert`: any supported checkpoint in the release layout, as .pth or safetensors.
import { saveSae } from "../../load.js";
import { UsageError } from "../args.js";
import { command } from "../command.js";
import { as, SAE_GROUP, table } from "../flags.js";
import { kRecord, requireOut, withModel } from "../inputs.js";
export const convertCommand = command({
  usage: `saejs convert <checkpoint> --out <file.pth|file.safetensors> [--k N]`,
  about: `  Converts any supported checkpoint to the release layout as .pth or safetensors.
  Reads release .pth, safetensors, npz, SAELens, sparsify and dictionary_learning checkpoints.
  Both outputs keep k: safetensors in its metadata, .pth in a record PyTorch ignores.`,
  flags: table(as("out", "the checkpoint (.pth, .pt or .safetensors)"), SAE_GROUP),
  maxArgs: 1,
  async run(p, io) {
    const out = await requireOut(p);
    const format = out.endsWith(".pth") || out.endsWith(".pt") ? "pth" : out.endsWith(".safetensors") ? "safetensors" : undefined;
    if (!format) throw new UsageError("--out must end in .pth, .pt or .safetensors");
    return withModel(p, async (sae) => {
      const { checkpoint_k } = kRecord(sae);
      await saveSae(sae, out, format, checkpoint_k ? { k_override_of: checkpoint_k } : {});
      io.say(`wrote ${out} (${sae.info.layout} ${sae.info.format} → release ${format}, k=${sae.k})`);
      return { out, from: sae.info, k: sae.k };
    });
  },
});
