// `saejs convert`: any supported checkpoint in the release layout, as .pth or safetensors, or as a SAELens folder.
import { saveSae } from "../../load.js";
import { str, UsageError } from "../args.js";
import { command } from "../command.js";
import { as, SAE_GROUP, table } from "../flags.js";
import { kRecord, requireOut, withModel } from "../inputs.js";
export const convertCommand = command({
  usage: `saejs convert <checkpoint> --out <file.pth|file.safetensors|folder> [--to release|saelens] [--k N]`,
  about: `  Converts any supported checkpoint to the release layout as .pth or safetensors, or (--to
  saelens) to a SAELens folder: cfg.json and sae_weights.safetensors, which SAE.load_from_disk
  reads (a thresholded model as architecture jumprelu, a top-k one as topk).
  Reads release .pth, safetensors, npz, SAELens, Gemma Scope, sparsify and dictionary_learning
  checkpoints. Both release outputs keep k: safetensors in its metadata, .pth in a record PyTorch
  ignores; a thresholded (JumpReLU, BatchTopK, Matryoshka) model needs safetensors or saelens.`,
  flags: table(as("out", "the checkpoint (.pth, .pt or .safetensors), or the folder with --to saelens"), as("to", "the output's layout", "release"), SAE_GROUP),
  maxArgs: 1,
  async run(p, io) {
    const to = str(p, "to", "release");
    if (to !== "release" && to !== "saelens") throw new UsageError(`--to must be 'release' or 'saelens', got '${to}'`);
    if (to === "saelens") {
      const out = str(p, "out");
      if (!out) throw new UsageError("--out is required (the SAELens folder to write)");
      if (/\.(pth|pt|safetensors)$/i.test(out)) throw new UsageError("--to saelens writes a folder: give --out a folder name, not a file");
      return withModel(p, async (sae) => {
        await saveSae(sae, out, "saelens");
        io.say(`wrote ${out}/cfg.json and ${out}/sae_weights.safetensors (${sae.info.layout} ${sae.info.format} → SAELens ${sae.architecture}, k=${sae.k})`);
        return { out, from: sae.info, to: "saelens", architecture: sae.architecture };
      });
    }
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
