// SAE checkpoint layouts, detected from tensor names and mapped onto the release's model:
// x̂ = Σ v_j · decoder[:, i_j] + pre_bias, pre = (x − pre_bias)·encoderᵀ + latent_bias. Each layout
// records where its own code puts the ReLU, so every checkpoint computes what its library computes.
import { listSome, preview, SaeError } from "../core/errors.js";
import { transpose } from "../core/shapes.js";
import { checkWidths, wholeRows, type ActivationOrder, type WeightParts } from "../core/model.js";
import { tensorRows, type LazyTensor } from "./tensor.js";

/** A checkpoint's tensors read as the release's weights: WeightParts, with the biases read on demand. */
export interface MappedSae extends Pick<WeightParts, "nInputs" | "nLatents" | "encoderRows" | "decoderRows"> {
  readonly layout: LayoutName;
  readonly order: ActivationOrder;
  preBias(): Promise<Float32Array>;
  latentBias(): Promise<Float32Array>;
  /** k stored in the checkpoint itself (dictionary_learning's buffer), if any. */
  storedK(): Promise<number | undefined>;
  /** A thresholded (JumpReLU) model's θ [nLatents]; undefined for a top-k model. */
  threshold(): Promise<Float32Array | undefined>;
  /** How the checkpoint's library trained it, where the layout tells (dictionary_learning's BatchTopK and Matryoshka). */
  readonly arch?: "batchtopk" | "matryoshka";
  /** Matryoshka's nested prefix widths where the checkpoint records them. */
  widths(): Promise<readonly number[] | undefined>;
  /** What the layout decided on the way (a threshold left unset, a pre-bias not applied), one sentence each. */
  readonly notes: readonly string[];
  /** Tensors present but not used by the layout. */
  readonly unused: string[];
}

/** The checkpoint's tensors by name; `get` is for names the layout's keys guarantee. */
interface Tensors {
  get(key: string): LazyTensor;
  has(key: string): boolean;
}

/** What a layout's map gives: the release's tensors, and any tensors it reads besides its keys. */
interface Mapping extends Omit<MappedSae, "layout" | "order" | "storedK" | "unused" | "threshold" | "notes" | "widths" | "arch"> {
  arch?: MappedSae["arch"];
  widths?: MappedSae["widths"];
  storedK?: MappedSae["storedK"];
  threshold?: MappedSae["threshold"];
  notes?: string[];
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
  /** Detection besides the keys (the cfg.json beside the file). */
  when?(cfg: Record<string, unknown>): boolean;
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
 * A threshold tensor of shape [n], checked and read on demand: finite (E_NONFINITE naming the
 * latent). A negative θ is read as its library computes it, relu(pre)·(pre > θ), which keeps every
 * positive pre-activation of that latent; no trainer writes one, so a note says how many there are.
 */
function perLatentThreshold(t: Tensors, name: string, n: number, layout: string, notes: string[]): () => Promise<Float32Array> {
  shapeOf(t.get(name), [n], layout);
  return () =>
    t
      .get(name)
      .read()
      .then((v) => {
        let negative = 0;
        v.forEach((theta, j) => {
          if (!Number.isFinite(theta)) throw new SaeError("E_NONFINITE", `${layout}: ${name}[${j}] is ${theta}; a threshold must be finite`);
          if (theta < 0) negative++;
        });
        if (negative)
          notes.push(
            `${name}: ${negative} of ${n} latents have θ < 0, so they keep every positive pre-activation (relu(pre)·(pre > θ), as the library computes)`,
          );
        return v;
      });
}

/** dictionary_learning's k buffer: a scalar holding a whole number ≥ 1 (read on demand). */
function storedKOf(t: Tensors, layout: string): () => Promise<number | undefined> {
  if (!t.has("k")) return async () => undefined;
  const k = t.get("k");
  if (k.shape.some((s) => s !== 1)) throw new SaeError("E_SHAPE", `${layout}: k has shape [${k.shape.join(", ")}], expected a scalar`);
  return async () => {
    const v = (await k.read())[0];
    if (v === undefined || !Number.isInteger(v) || v < 1)
      throw new SaeError("E_LAYOUT", `${layout}: the checkpoint's k buffer is ${v}; k must be a whole number ≥ 1`, { fix: { option: "k", example: "64" } });
    return v;
  };
}

/**
 * dictionary_learning's and SAELens's training θ: one scalar for every latent (dictionary_learning
 * batch_top_k.py:25 registers `threshold` = −1, "not yet set": its trainer sets it from the
 * activations; a negative one is taken as unset and the SAE encodes as top-k with its k).
 */
function scalarThreshold(
  t: Tensors,
  name: string,
  n: number,
  layout: string,
  notes: string[],
  unsetBelowZero: boolean,
): () => Promise<Float32Array | undefined> {
  if (t.get(name).shape.some((s) => s !== 1))
    throw new SaeError("E_SHAPE", `${layout}: ${name} has shape [${t.get(name).shape.join(", ")}], expected a scalar`);
  let got: Promise<Float32Array | undefined> | undefined;
  return () =>
    (got ??= t
      .get(name)
      .read()
      .then((v) => {
        const theta = v[0]!;
        if (!Number.isFinite(theta)) throw new SaeError("E_NONFINITE", `${layout}: ${name} is ${theta}; a threshold must be finite`);
        if (unsetBelowZero && theta < 0) {
          notes.push(`${name} ${theta} < 0 means not yet set (an untrained model): encoding as top-k with the checkpoint's k`);
          return undefined;
        }
        if (theta < 0) notes.push(`${name} is ${theta} < 0: every positive pre-activation is kept (relu(pre)·(pre > θ), as the library computes)`);
        return new Float32Array(n).fill(theta);
      }));
}

/** W_enc [d, n], W_dec [n, d], b_enc [n], b_dec [d] (SAELens's, Gemma Scope's, dictionary_learning Matryoshka's) as the release's tensors. */
function transposedParts(t: Tensors, layout: string, applyBDec: boolean) {
  const [d, n] = t.get("W_enc").shape as [number, number];
  shapeOf(t.get("W_enc"), [d, n], layout);
  shapeOf(t.get("b_enc"), [n], layout);
  shapeOf(t.get("W_dec"), [n, d], layout);
  shapeOf(t.get("b_dec"), [d], layout);
  return {
    n,
    d,
    parts: {
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
        // Without apply_b_dec_to_input the library encodes x, not x − b_dec: fold W·b_dec back in.
        const w = await t.get("W_enc").read(),
          bd = await t.get("b_dec").read();
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < d; p++) s += w[p * n + j]! * bd[p]!;
          b[j] = b[j]! + s;
        }
        return b;
      },
    },
  };
}

/** SAELens's matryoshka_widths (matryoshka_batchtopk_sae.py:53), top level or in metadata, checked. */
function matryoshkaWidths(cfg: Record<string, unknown>, n: number): number[] | undefined {
  const raw = cfg.matryoshka_widths ?? (cfg.metadata as Record<string, unknown> | undefined)?.matryoshka_widths;
  if (raw === undefined || raw === null) return undefined;
  const widths = Array.isArray(raw) ? raw : undefined;
  if (!widths || widths.some((m) => typeof m !== "number"))
    throw new SaeError("E_LAYOUT", `saelens: matryoshka_widths must be a list of numbers, got ${preview(raw)}`);
  checkWidths(widths as number[], n, "saelens: matryoshka_widths", "E_LAYOUT");
  return widths as number[];
}

/** Prefix widths from Matryoshka group sizes (dictionary_learning's group_sizes buffer). */
function widthsFromGroups(sizes: Float32Array, n: number, layout: string): number[] {
  const widths: number[] = [];
  let at = 0;
  for (const s of sizes) {
    if (!Number.isInteger(s) || s < 1) throw new SaeError("E_LAYOUT", `${layout}: group_sizes holds ${s}; each must be a whole number ≥ 1`);
    at += s;
    widths.push(at);
  }
  if (at !== n) throw new SaeError("E_LAYOUT", `${layout}: group_sizes sum to ${at}, but the dictionary has ${n} latents`);
  return widths;
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
      // sae.js's own files carry a thresholded model's θ beside the release's tensors.
      const notes: string[] = [];
      const threshold = t.has("threshold") ? perLatentThreshold(t, "threshold", n, "release", notes) : undefined;
      return {
        ...parts,
        decoderRows: () => tensorRows(t.get("decoder.weight")),
        ...(threshold ? { threshold, alsoUsed: ["threshold"] } : {}),
        notes,
      };
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
    description: "dictionary_learning AutoEncoderTopK and BatchTopKSAE (encoder.weight, encoder.bias, decoder.weight, b_dec, k, threshold)",
    order: "relu-topk",
    map(t) {
      const { n, d, parts } = biasedEncoder(t, "dictionary_learning");
      shapeOf(t.get("decoder.weight"), [d, n], "dictionary_learning");
      const notes: string[] = [];
      // BatchTopKSAE.encode (batch_top_k.py:40-45): relu(pre)·(relu(pre) > threshold), one θ for all latents.
      const threshold = t.has("threshold") ? scalarThreshold(t, "threshold", n, "dictionary_learning", notes, true) : undefined;
      return {
        ...parts,
        decoderRows: () => tensorRows(t.get("decoder.weight")),
        storedK: storedKOf(t, "dictionary_learning"),
        alsoUsed: [...(t.has("k") ? ["k"] : []), ...(threshold ? ["threshold"] : [])],
        ...(threshold ? { threshold, arch: "batchtopk" as const } : {}),
        notes,
      };
    },
  },
  {
    name: "dictionary_learning_matryoshka",
    keys: ["W_enc", "b_enc", "W_dec", "b_dec", "group_sizes"],
    description: "dictionary_learning MatryoshkaBatchTopKSAE (W_enc, b_enc, W_dec, b_dec, k, threshold, group_sizes)",
    order: "relu-topk",
    map(t) {
      const layout = "dictionary_learning_matryoshka";
      // matryoshka_batch_top_k.py:74-81: relu((x − b_dec) @ W_enc + b_enc), then · (> threshold).
      const { n, parts } = transposedParts(t, layout, true);
      const notes: string[] = [];
      const threshold = t.has("threshold") ? scalarThreshold(t, "threshold", n, layout, notes, true) : undefined;
      let widths: number[] | undefined;
      return {
        ...parts,
        storedK: storedKOf(t, layout),
        // group_sizes is read once mapLayout's caller asks for the widths (below, via widthsOf).
        widths: async () => (widths ??= widthsFromGroups(await t.get("group_sizes").read(), n, layout)),
        alsoUsed: [...(t.has("k") ? ["k"] : []), ...(threshold ? ["threshold"] : [])],
        ...(threshold ? { threshold } : {}),
        arch: "matryoshka" as const,
        notes,
      };
    },
  },
  {
    name: "gemmascope",
    keys: ["W_enc", "W_dec", "b_enc", "b_dec", "threshold"],
    description: "Gemma Scope params.npz (W_enc, W_dec, b_enc, b_dec, threshold; no cfg.json)",
    order: "topk-relu",
    // A SAELens folder with the same tensors has a cfg.json naming its architecture.
    when: (cfg) => cfg.architecture === undefined,
    map(t) {
      // Gemma Scope encodes x itself: SAELens's loader sets apply_b_dec_to_input False for it
      // (sae_lens/loading/pretrained_sae_loaders.py:451) and keeps relu(pre)·(pre > threshold).
      const { n, parts } = transposedParts(t, "gemmascope", false);
      const notes: string[] = [];
      return { ...parts, threshold: perLatentThreshold(t, "threshold", n, "gemmascope", notes), notes };
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
      // Without apply_b_dec_to_input SAELens encodes x, not x − b_dec (sae_lens/saes/sae.py:157, 470).
      const { n, parts } = transposedParts(t, "saelens", cfg.apply_b_dec_to_input !== false);
      const arch = cfg.architecture;
      const widths = matryoshkaWidths(cfg, n);
      const notes: string[] = [];
      // jumprelu_sae.py:133-146: relu(pre)·(pre > threshold); BatchTopK and Matryoshka are saved
      // for inference as jumprelu (batchtopk_sae.py:80-81, 128-134: θ repeated over the latents).
      if (arch === "jumprelu") {
        if (!t.has("threshold")) throw new SaeError("E_LAYOUT", "saelens: architecture 'jumprelu' needs a threshold tensor [d_sae], and this file has none");
        return {
          ...parts,
          threshold: perLatentThreshold(t, "threshold", n, "saelens", notes),
          alsoUsed: ["threshold"],
          notes,
          ...(widths ? { widths: async () => widths } : {}),
        };
      }
      // A training checkpoint (BatchTopKTrainingSAE, batchtopk_sae.py:93-104) keeps θ as the scalar topk_threshold.
      if (arch === "batchtopk" || arch === "matryoshka_batchtopk") {
        if (!t.has("topk_threshold"))
          throw new SaeError(
            "E_LAYOUT",
            `saelens: architecture '${arch}' needs its topk_threshold scalar (or save for inference: architecture 'jumprelu' with threshold)`,
          );
        return {
          ...parts,
          threshold: scalarThreshold(t, "topk_threshold", n, "saelens", notes, false),
          alsoUsed: ["topk_threshold"],
          notes,
          ...(widths ? { widths: async () => widths } : {}),
        };
      }
      if (arch !== undefined && arch !== "topk")
        throw new SaeError(
          "E_LAYOUT",
          `saelens: architecture ${preview(arch)} is not one sae.js reads (topk, jumprelu, batchtopk, matryoshka_batchtopk); correct cfg.json's architecture`,
        );
      // SAELens's TopKSAE has no threshold (its strict load_state_dict refuses one): the cfg.json and the tensors disagree.
      if (t.has("threshold"))
        throw new SaeError(
          "E_LAYOUT",
          `saelens: cfg.json says architecture ${arch === undefined ? "nothing (top-k)" : "'topk'"}, but the file has a threshold tensor: set architecture to 'jumprelu' if it is a JumpReLU SAE`,
        );
      if (cfg.rescale_acts_by_decoder_norm === true)
        throw new SaeError(
          "E_LAYOUT",
          "saelens: rescale_acts_by_decoder_norm selects by pre·‖W_dec‖; sae.js's top-k has no such step, so its codes would differ",
        );
      return parts;
    },
  },
] as const satisfies readonly Layout[];

export type LayoutName = (typeof LAYOUTS)[number]["name"];

/** Detects the layout (or takes the one named) and maps it; cfg is the cfg.json beside the file, if any. */
export function mapLayout(tensors: ReadonlyMap<string, LazyTensor>, cfg: Record<string, unknown> = {}, want?: LayoutName): MappedSae {
  const names = [...tensors.keys()];
  const layouts: readonly (Layout & { readonly name: LayoutName })[] = LAYOUTS;
  const layout = want ? layouts.find((l) => l.name === want) : layouts.find((l) => l.keys.every((k) => tensors.has(k)) && (!l.when || l.when(cfg)));
  if (!layout) {
    throw new SaeError(
      "E_LAYOUT",
      `no known SAE layout matches the tensors found (${listSome(names) || "none"}); known layouts: ${LAYOUTS.map((l) => l.description).join("; ")}`,
    );
  }
  const missing = layout.keys.filter((k) => !tensors.has(k));
  if (missing.length) throw new SaeError("E_LAYOUT", `${layout.name}: missing tensors ${missing.join(", ")} (found ${listSome(names)})`);
  const {
    alsoUsed = [],
    storedK = async () => undefined,
    threshold = async () => undefined,
    widths = async () => undefined,
    notes = [],
    ...parts
  } = layout.map({ get: (k) => tensors.get(k)!, has: (k) => tensors.has(k) }, cfg);
  const used = new Set([...layout.keys, ...alsoUsed]);
  return { ...parts, layout: layout.name, order: layout.order, storedK, threshold, widths, notes, unused: names.filter((k) => !used.has(k)) };
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
