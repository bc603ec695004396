// SAE checkpoint layouts, detected from tensor names and mapped onto the release's model:
// x̂ = Σ v_j · decoder[:, i_j] + pre_bias, pre = (x − pre_bias)·encoderᵀ + latent_bias. Each layout
// records where its own code puts the ReLU, so every checkpoint computes what its library computes.
import { listSome, preview, SaeError } from "../core/errors.js";
import { transpose } from "../core/shapes.js";
import { wholeRows, type ActivationOrder, type WeightParts } from "../core/model.js";
import { tensorRows, type LazyTensor } from "./tensor.js";

export type LayoutName = "release" | "sparse_encoder" | "saelens" | "sparsify" | "dictionary_learning";

/** A checkpoint mapped onto the release's tensors; the big ones are read on demand. */
/** A checkpoint's tensors read as the release's weights: WeightParts, with the biases read on demand. */
export interface MappedSae extends Pick<WeightParts, "nInputs" | "nLatents" | "encoderRows" | "decoderRows"> {
  readonly layout: LayoutName;
  readonly order: ActivationOrder;
  preBias(): Promise<Float32Array>;
  latentBias(): Promise<Float32Array>;
  /** k stored in the checkpoint itself (dictionary_learning's buffer), if any. */
  storedK(): Promise<number | undefined>;
  /** Tensors present but not used by the layout. */
  readonly unused: string[];
}

interface LayoutSpec {
  readonly name: LayoutName;
  readonly keys: readonly string[];
  readonly description: string;
}

/** Known layouts, most specific first (dictionary_learning's keys contain sparsify's encoder keys). */
export const LAYOUTS: readonly LayoutSpec[] = [
  {
    name: "release",
    keys: ["pre_bias", "encoder.weight", "latent_bias", "decoder.weight"],
    description: "release/OpenAI (pre_bias, encoder.weight, latent_bias, decoder.weight)",
  },
  {
    name: "sparse_encoder",
    keys: ["pre_bias", "encoder.weight", "latent_bias"],
    description: "sentence-transformers SparseEncoder's SparseAutoEncoder module (pre_bias, encoder.weight, latent_bias, a tied decoder + config.json)",
  },
  {
    name: "dictionary_learning",
    keys: ["encoder.weight", "encoder.bias", "decoder.weight", "b_dec"],
    description: "dictionary_learning AutoEncoderTopK (encoder.weight, encoder.bias, decoder.weight, b_dec, k)",
  },
  {
    name: "sparsify",
    keys: ["encoder.weight", "encoder.bias", "W_dec", "b_dec"],
    description: "EleutherAI sparsify and latent-sae (encoder.weight, encoder.bias, W_dec, b_dec + cfg.json)",
  },
  { name: "saelens", keys: ["W_enc", "b_enc", "W_dec", "b_dec"], description: "SAELens (W_enc, b_enc, W_dec, b_dec + cfg.json)" },
];

function shapeOf(t: LazyTensor, expect: number[], layout: LayoutName): void {
  if (t.shape.length !== expect.length || t.shape.some((d, i) => d !== expect[i])) {
    throw new SaeError("E_SHAPE", `${layout}: ${t.name} has shape [${t.shape.join(", ")}], expected [${expect.join(", ")}]`);
  }
}

/** Detects the layout (or takes the one named) and maps it; cfg is the cfg.json beside the file, if any. */
export function mapLayout(tensors: ReadonlyMap<string, LazyTensor>, cfg: Record<string, unknown> = {}, want?: LayoutName): MappedSae {
  const names = [...tensors.keys()];
  const spec = want ? LAYOUTS.find((l) => l.name === want) : LAYOUTS.find((l) => l.keys.every((k) => tensors.has(k)));
  if (!spec) {
    throw new SaeError(
      "E_LAYOUT",
      `no known SAE layout matches the tensors found (${listSome(names) || "none"}); known layouts: ${LAYOUTS.map((l) => l.description).join("; ")}`,
    );
  }
  const missing = spec.keys.filter((k) => !tensors.has(k));
  if (missing.length) throw new SaeError("E_LAYOUT", `${spec.name}: missing tensors ${missing.join(", ")} (found ${listSome(names)})`);
  const t = (k: string) => tensors.get(k)!;
  const used = new Set<string>(spec.keys);
  const order: ActivationOrder = spec.name === "sparsify" || spec.name === "dictionary_learning" ? "relu-topk" : "topk-relu";
  const base = { layout: spec.name, order, storedK: async (): Promise<number | undefined> => undefined };

  switch (spec.name) {
    case "release":
    case "sparse_encoder": {
      const [n, d] = t("encoder.weight").shape as [number, number];
      shapeOf(t("encoder.weight"), [n, d], spec.name);
      shapeOf(t("pre_bias"), [d], spec.name);
      shapeOf(t("latent_bias"), [n], spec.name);
      if (spec.name === "release") shapeOf(t("decoder.weight"), [d, n], spec.name);
      else {
        // sentence-transformers' SparseAutoEncoder: the decoder is the encoder's transpose (TiedTranspose).
        if (cfg.normalize === true)
          throw new SaeError(
            "E_LAYOUT",
            "sparse_encoder: normalize=true layer-normalises each input before encoding and un-normalises the reconstruction; sae.js's model has no such step, so its codes would differ",
          );
        for (const [key, want] of [
          ["input_dim", d],
          ["hidden_dim", n],
        ] as const)
          if (cfg[key] !== undefined && cfg[key] !== want)
            throw new SaeError("E_LAYOUT", `sparse_encoder: config.json says ${key}=${preview(cfg[key])}, the tensors ${want}`);
        if (tensors.has("stats_last_nonzero")) used.add("stats_last_nonzero"); // a training statistic
      }
      return {
        ...base,
        nInputs: d,
        nLatents: n,
        unused: names.filter((k) => !used.has(k)),
        preBias: () => t("pre_bias").read(),
        latentBias: () => t("latent_bias").read(),
        encoderRows: () => tensorRows(t("encoder.weight")),
        decoderRows: () =>
          spec.name === "release"
            ? tensorRows(t("decoder.weight"))
            : wholeRows(
                t("encoder.weight")
                  .read()
                  .then((a) => transpose(a, n, d)),
              ),
      };
    }
    case "dictionary_learning":
    case "sparsify": {
      const [n, d] = t("encoder.weight").shape as [number, number];
      shapeOf(t("encoder.weight"), [n, d], spec.name);
      shapeOf(t("encoder.bias"), [n], spec.name);
      shapeOf(t("b_dec"), [d], spec.name);
      if (spec.name === "sparsify") {
        if (cfg.transcode === true) throw new SaeError("E_LAYOUT", "sparsify: transcoders (cfg.transcode) are not autoencoders");
        if (cfg.activation !== undefined && cfg.activation !== "topk")
          throw new SaeError("E_LAYOUT", `sparsify: activation ${preview(cfg.activation)} is not top-k`);
        if (tensors.has("W_skip")) throw new SaeError("E_LAYOUT", "sparsify: skip connections (W_skip) are not supported");
        shapeOf(t("W_dec"), [n, d], spec.name);
      } else {
        shapeOf(t("decoder.weight"), [d, n], spec.name);
        if (tensors.has("k")) used.add("k");
      }
      return {
        ...base,
        nInputs: d,
        nLatents: n,
        unused: names.filter((k) => !used.has(k)),
        preBias: () => t("b_dec").read(),
        latentBias: () => t("encoder.bias").read(),
        encoderRows: () => tensorRows(t("encoder.weight")),
        decoderRows: () =>
          spec.name === "sparsify"
            ? wholeRows(
                t("W_dec")
                  .read()
                  .then((a) => transpose(a, n, d)),
              )
            : tensorRows(t("decoder.weight")),
        storedK: async () => (tensors.has("k") ? (await t("k").read())[0] : undefined),
      };
    }
    case "saelens": {
      const [d, n] = t("W_enc").shape as [number, number];
      shapeOf(t("W_enc"), [d, n], spec.name);
      shapeOf(t("b_enc"), [n], spec.name);
      shapeOf(t("W_dec"), [n, d], spec.name);
      shapeOf(t("b_dec"), [d], spec.name);
      const arch = cfg.architecture;
      if (arch !== undefined && arch !== "topk") throw new SaeError("E_LAYOUT", `saelens: architecture ${preview(arch)} is not top-k`);
      const applyBDec = cfg.apply_b_dec_to_input !== false;
      return {
        ...base,
        nInputs: d,
        nLatents: n,
        unused: names.filter((k) => !used.has(k)),
        preBias: () => t("b_dec").read(),
        encoderRows: () =>
          wholeRows(
            t("W_enc")
              .read()
              .then((a) => transpose(a, d, n)),
          ),
        decoderRows: () =>
          wholeRows(
            t("W_dec")
              .read()
              .then((a) => transpose(a, n, d)),
          ),
        latentBias: async () => {
          const b = (await t("b_enc").read()).slice();
          if (applyBDec) return b;
          // Without apply_b_dec_to_input SAELens encodes x, not x − b_dec: fold W·b_dec back in.
          const w = await t("W_enc").read(),
            bd = await t("b_dec").read();
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let p = 0; p < d; p++) s += w[p * n + j]! * bd[p]!;
            b[j] = b[j]! + s;
          }
          return b;
        },
      };
    }
  }
}

/** k from a release file name `{domain}_{k}_{n}_{kaux}.pth`, with n checked against the tensors. */
export function kFromFileName(name: string | undefined, nLatents: number): number | undefined {
  const m = name && /^([A-Za-z][A-Za-z.-]*)_(\d+)_(\d+)_(\d+)\.pth$/.exec(name);
  if (!m) return undefined;
  const k = Number(m[2]),
    n = Number(m[3]);
  if (n !== nLatents)
    throw new SaeError("E_LAYOUT", `${name}: the name says n=${n} but the tensors have n=${nLatents}; pass { k } explicitly if the name is wrong`);
  return k;
}

/**
 * k from safetensors metadata or a cfg.json (SAELens: k or activation_fn_kwargs.k; sparsify: k).
 * A k that is there but not a whole number ≥ 1 is an error naming it, not "not stored".
 */
export function kFromConfig(meta: Record<string, unknown>, where = "metadata"): number | undefined {
  const candidates: [string, unknown][] = [
    ["k", meta.k],
    ["activation_fn_kwargs.k", (meta.activation_fn_kwargs as { k?: unknown } | undefined)?.k],
  ];
  for (const [name, c] of candidates) {
    if (c === undefined || c === null) continue;
    const v = typeof c === "string" && /^\s*-?\d+\s*$/.test(c) ? Number(c) : c;
    if (typeof v === "number" && Number.isInteger(v) && v > 0) return v;
    throw new SaeError("E_LAYOUT", `the ${where} says ${name}=${preview(c)}, but k must be a whole number ≥ 1`, { fix: { option: "k", example: "64" } });
  }
  return undefined;
}
