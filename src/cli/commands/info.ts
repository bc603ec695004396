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
      const theta = thetaRange(sae.threshold);
      const at = theta ? (theta.min === theta.max ? `θ = ${fmt(theta.min)} on every latent` : `θ from ${fmt(theta.min)} to ${fmt(theta.max)}`) : "";
      const how =
        sae.architecture === "jumprelu"
          ? `JumpReLU (a threshold per latent, ${at}; rows keep as many latents as pass it)`
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
        ...(theta ? { threshold: theta } : {}),
      };
    });
  },
});

/** A thresholded model's θ, smallest and largest (BatchTopK and Matryoshka save one value n times). */
function thetaRange(t: Float32Array | undefined): { min: number; max: number } | undefined {
  if (!t || t.length === 0) return undefined;
  let min = Infinity,
    max = -Infinity;
  for (const v of t) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

const fmt = (v: number) => Number(v.toPrecision(4)).toString();
