// `saejs info`: the kernel backend, or a checkpoint's format, layout, k and shape.
import { bestBackend } from "../../kernels/backend.js";
import { command } from "../command.js";
import { SAE_GROUP, table } from "../flags.js";
import { withModel } from "../inputs.js";
export const infoCommand = command({
  usage: `saejs info [<checkpoint>] [--k N]`,
  about: `  Without a file: the kernel backend this runtime selects. With one: its format, layout, k, shape and dtypes.`,
  flags: table(SAE_GROUP),
  maxArgs: 1,
  async run(p, io) {
    if (!p.positional[0]) {
      io.say(`backend: ${bestBackend()}`);
      return { backend: bestBackend() };
    }
    return withModel(p, async (sae) => {
      const i = sae.info;
      const how =
        sae.architecture === "jumprelu"
          ? `JumpReLU (a threshold per latent; rows keep as many latents as pass it)`
          : `ReLU ${sae.order === "topk-relu" ? "after" : "before"} top-k`;
      io.say(
        `${p.positional[0]}: ${i.format}, layout ${i.layout}, arch ${i.arch}, d=${sae.nInputs}, n=${sae.nLatents}, k=${i.k} (from ${i.kSource}), ${how}${sae.widths ? `, Matryoshka widths ${sae.widths.join(",")}` : ""}`,
      );
      for (const note of i.notes) io.say(`  ${note}`);
      return {
        ...i,
        nInputs: sae.nInputs,
        nLatents: sae.nLatents,
        order: sae.order,
        backend: sae.backend,
        architecture: sae.architecture,
        ...(sae.widths ? { widths: sae.widths } : {}),
      };
    });
  },
});
