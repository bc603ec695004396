// SAE checkpoint layouts, detected from tensor names and mapped onto the release's model:
// x̂ = Σ v_j · decoder[:, i_j] + pre_bias, pre = (x − pre_bias)·encoderᵀ + latent_bias. Each layout
// records where its own code puts the ReLU, so every checkpoint computes what its library computes.
import { listSome, preview, SaeError } from "../core/errors.js";
import { transpose } from "../core/shapes.js";
import { wholeRows, type ActivationOrder, type WeightParts } from "../core/model.js";
import { tensorRows, type LazyTensor } from "./tensor.js";

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

/** The checkpoint's tensors by name; `get` is for names the layout's keys guarantee. */
interface Tensors {
  get(key: string): LazyTensor;
  has(key: string): boolean;
}

/** What a layout's map gives: the release's tensors, and any tensors it reads besides its keys. */
interface Mapping extends Omit<MappedSae, "layout" | "order" | "storedK" | "unused"> {
  storedK?: MappedSae["storedK"];
  /** Tensors present and understood beyond `keys` (a training statistic, a stored k). */
  alsoUsed?: readonly string[];
}

/** One checkpoint layout, as its library writes it. */
interface Layout {
  readonly name: string;
  /** Detection: every one of these tensors is present (and the map needs them all). */
  readonly keys: readonly string[];
  /** Named in the error when nothing matches. */
  readonly description: string;
  /** Where the layout's own code puts the ReLU. */
  readonly order: ActivationOrder;
  /** Checks shapes and cfg.json (E_SHAPE, E_LAYOUT) and reads the tensors as the release's. */
  map(t: Tensors, cfg: Record<string, unknown>): Mapping;
}

function shapeOf(t: LazyTensor, expect: number[], layout: string): void {
  if (t.shape.length !== expect.length || t.shape.some((d, i) => d !== expect[i])) {
    throw new SaeError("E_SHAPE", `${layout}: ${t.name} has shape [${t.shape.join(", ")}], expected [${expect.join(", ")}]`);
  }
}

/** pre_bias, encoder.weight [n, d] and latent_bias, named as the release names them. */
function releaseEncoder(t: Tensors, layout: string) {
  const [n, d] = t.get("encoder.weight").shape as [number, number];
  shapeOf(t.get("encoder.weight"), [n, d], layout);
  shapeOf(t.get("pre_bias"), [d], layout);
  shapeOf(t.get("latent_bias"), [n], layout);
  return {
    n,
    d,
    parts: {
      nInputs: d,
      nLatents: n,
      preBias: () => t.get("pre_bias").read(),
      latentBias: () => t.get("latent_bias").read(),
      encoderRows: () => tensorRows(t.get("encoder.weight")),
    },
  };
}

/** encoder.weight [n, d], encoder.bias [n] and b_dec [d] (the pre-bias): sparsify's and dictionary_learning's. */
function biasedEncoder(t: Tensors, layout: string) {
  const [n, d] = t.get("encoder.weight").shape as [number, number];
  shapeOf(t.get("encoder.weight"), [n, d], layout);
  shapeOf(t.get("encoder.bias"), [n], layout);
  shapeOf(t.get("b_dec"), [d], layout);
  return {
    n,
    d,
    parts: {
      nInputs: d,
      nLatents: n,
      preBias: () => t.get("b_dec").read(),
      latentBias: () => t.get("encoder.bias").read(),
      encoderRows: () => tensorRows(t.get("encoder.weight")),
    },
  };
}

/**
 * Known layouts, most specific first (detection takes the first whose keys are all present, and
 * dictionary_learning's keys contain sparsify's encoder keys). A new layout is one entry here.
 */
export const LAYOUTS = [
  {
    name: "release",
    keys: ["pre_bias", "encoder.weight", "latent_bias", "decoder.weight"],
    description: "release/OpenAI (pre_bias, encoder.weight, latent_bias, decoder.weight)",
    order: "topk-relu",
    map(t) {
      const { n, d, parts } = releaseEncoder(t, "release");
      shapeOf(t.get("decoder.weight"), [d, n], "release");
      return { ...parts, decoderRows: () => tensorRows(t.get("decoder.weight")) };
    },
  },
  {
    name: "sparse_encoder",
    keys: ["pre_bias", "encoder.weight", "latent_bias"],
    description: "sentence-transformers SparseEncoder's SparseAutoEncoder module (pre_bias, encoder.weight, latent_bias, a tied decoder + config.json)",
    order: "topk-relu",
    map(t, cfg) {
      const { n, d, parts } = releaseEncoder(t, "sparse_encoder");
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
      return {
        ...parts,
        // SparseAutoEncoder's decoder is the encoder's transpose (TiedTranspose).
        decoderRows: () =>
          wholeRows(
            t
              .get("encoder.weight")
              .read()
              .then((a) => transpose(a, n, d)),
          ),
        alsoUsed: t.has("stats_last_nonzero") ? ["stats_last_nonzero"] : [], // a training statistic
      };
    },
  },
  {
    name: "dictionary_learning",
    keys: ["encoder.weight", "encoder.bias", "decoder.weight", "b_dec"],
    description: "dictionary_learning AutoEncoderTopK (encoder.weight, encoder.bias, decoder.weight, b_dec, k)",
    order: "relu-topk",
    map(t) {
      const { n, d, parts } = biasedEncoder(t, "dictionary_learning");
      shapeOf(t.get("decoder.weight"), [d, n], "dictionary_learning");
      return {
        ...parts,
        decoderRows: () => tensorRows(t.get("decoder.weight")),
        storedK: async () => (t.has("k") ? (await t.get("k").read())[0] : undefined),
        alsoUsed: t.has("k") ? ["k"] : [],
      };
    },
  },
  {
    name: "sparsify",
    keys: ["encoder.weight", "encoder.bias", "W_dec", "b_dec"],
    description: "EleutherAI sparsify and latent-sae (encoder.weight, encoder.bias, W_dec, b_dec + cfg.json)",
    order: "relu-topk",
    map(t, cfg) {
      const { n, d, parts } = biasedEncoder(t, "sparsify");
      if (cfg.transcode === true) throw new SaeError("E_LAYOUT", "sparsify: transcoders (cfg.transcode) are not autoencoders");
      if (cfg.activation !== undefined && cfg.activation !== "topk")
        throw new SaeError("E_LAYOUT", `sparsify: activation ${preview(cfg.activation)} is not top-k`);
      if (t.has("W_skip")) throw new SaeError("E_LAYOUT", "sparsify: skip connections (W_skip) are not supported");
      shapeOf(t.get("W_dec"), [n, d], "sparsify");
      return {
        ...parts,
        decoderRows: () =>
          wholeRows(
            t
              .get("W_dec")
              .read()
              .then((a) => transpose(a, n, d)),
          ),
      };
    },
  },
  {
    name: "saelens",
    keys: ["W_enc", "b_enc", "W_dec", "b_dec"],
    description: "SAELens (W_enc, b_enc, W_dec, b_dec + cfg.json)",
    order: "topk-relu",
    map(t, cfg) {
      const [d, n] = t.get("W_enc").shape as [number, number];
      shapeOf(t.get("W_enc"), [d, n], "saelens");
      shapeOf(t.get("b_enc"), [n], "saelens");
      shapeOf(t.get("W_dec"), [n, d], "saelens");
      shapeOf(t.get("b_dec"), [d], "saelens");
      const arch = cfg.architecture;
      if (arch !== undefined && arch !== "topk") throw new SaeError("E_LAYOUT", `saelens: architecture ${preview(arch)} is not top-k`);
      const applyBDec = cfg.apply_b_dec_to_input !== false;
      return {
        nInputs: d,
        nLatents: n,
        preBias: () => t.get("b_dec").read(),
        encoderRows: () =>
          wholeRows(
            t
              .get("W_enc")
              .read()
              .then((a) => transpose(a, d, n)),
          ),
        decoderRows: () =>
          wholeRows(
            t
              .get("W_dec")
              .read()
              .then((a) => transpose(a, n, d)),
          ),
        latentBias: async () => {
          const b = (await t.get("b_enc").read()).slice();
          if (applyBDec) return b;
          // Without apply_b_dec_to_input SAELens encodes x, not x − b_dec: fold W·b_dec back in.
          const w = await t.get("W_enc").read(),
            bd = await t.get("b_dec").read();
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let p = 0; p < d; p++) s += w[p * n + j]! * bd[p]!;
            b[j] = b[j]! + s;
          }
          return b;
        },
      };
    },
  },
] as const satisfies readonly Layout[];

export type LayoutName = (typeof LAYOUTS)[number]["name"];

/** Detects the layout (or takes the one named) and maps it; cfg is the cfg.json beside the file, if any. */
export function mapLayout(tensors: ReadonlyMap<string, LazyTensor>, cfg: Record<string, unknown> = {}, want?: LayoutName): MappedSae {
  const names = [...tensors.keys()];
  const layouts: readonly (Layout & { readonly name: LayoutName })[] = LAYOUTS;
  const layout = want ? layouts.find((l) => l.name === want) : layouts.find((l) => l.keys.every((k) => tensors.has(k)));
  if (!layout) {
    throw new SaeError(
      "E_LAYOUT",
      `no known SAE layout matches the tensors found (${listSome(names) || "none"}); known layouts: ${LAYOUTS.map((l) => l.description).join("; ")}`,
    );
  }
  const missing = layout.keys.filter((k) => !tensors.has(k));
  if (missing.length) throw new SaeError("E_LAYOUT", `${layout.name}: missing tensors ${missing.join(", ")} (found ${listSome(names)})`);
  const { alsoUsed = [], storedK = async () => undefined, ...parts } = layout.map({ get: (k) => tensors.get(k)!, has: (k) => tensors.has(k) }, cfg);
  const used = new Set([...layout.keys, ...alsoUsed]);
  return { ...parts, layout: layout.name, order: layout.order, storedK, unused: names.filter((k) => !used.has(k)) };
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
