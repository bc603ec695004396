// `saejs train`: a top-k (or BatchTopK, Matryoshka-BatchTopK) SAE trained with the release's recipe
// on embeddings streamed from disk.
import type { SaeError } from "../../core/errors.js";
import { checkWidths } from "../../core/model.js";
import type { GpuLike } from "../../gpu/types.js";
import { saveWeights } from "../../io/save.js";
import { Sae } from "../../sae.js";
import { TRAIN_ARCHS, type TrainArch } from "../../train/config.js";
import { SHUFFLE_WINDOW, train } from "../../train/train.js";
import { need, num, str, UsageError } from "../args.js";
import { command } from "../command.js";
import { as, COLUMN_GROUP, FLAGS, table } from "../flags.js";
import { checkOutFile, embeddingRowsOf, requireOut } from "../inputs.js";
import { progress, terminalSafe } from "../progress.js";

/** WebGPU in Node through the optional `webgpu` package (Dawn), where it is installed. */
async function nodeGpu(): Promise<GpuLike | undefined> {
  try {
    const m = await import("webgpu");
    Object.assign(globalThis, m.globals);
    return m.create([]);
  } catch {
    return undefined;
  }
}

/** Fewer training steps than this rarely give a usable SAE. */
const FEW_STEPS = 1000;

/** The warning for a short run, with settings that give about FEW_STEPS steps on this many rows. */
export function fewStepsWarning(rows: number, epochs: number, batch: number, steps: number): string {
  const b = Math.max(16, Math.min(batch, 2 ** Math.floor(Math.log2(Math.max(16, rows / 8)))));
  const perEpoch = Math.max(1, Math.floor(rows / b));
  const e = Math.ceil(FEW_STEPS / perEpoch);
  return (
    `saejs train: warning: ${rows} rows in batches of ${batch} for ${epochs} epoch(s) is only ${steps} step(s); ` +
    `an SAE needs about ${FEW_STEPS} or more. For this data try --batch ${b} --epochs ${e}${b < 1024 ? " --lr 1e-3" : ""} (${perEpoch * e} steps)`
  );
}
/** --widths "64,256,1024": Matryoshka's prefixes, checked against n (UsageError naming the fix). */
function widthsOf(text: string | undefined, n: number): number[] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(",").map((t) => t.trim());
  if (!parts.every((t) => /^\d{1,9}$/.test(t)))
    throw new UsageError(
      `--widths must be whole numbers separated by commas (e.g. ${Math.floor(n / 16)},${Math.floor(n / 4)},${n}), got '${text.slice(0, 60)}'`,
    );
  const widths = parts.map(Number);
  try {
    checkWidths(widths, n, "--widths");
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return widths;
}

export const trainCommand = command({
  usage: `saejs train <embeddings.(npy|parquet|arrow)> --out sae.safetensors --k 16 --n 1024 [--arch topk|batchtopk|matryoshka] [options]`,
  about: `  Trains a top-k SAE with the release's recipe on embeddings streamed from disk (Parquet and
  Arrow by row group: rows are shuffled within windows of ${SHUFFLE_WINDOW} row groups taken in a shuffled order),
  or a BatchTopK or Matryoshka-BatchTopK one, which encodes with the threshold θ it learns.`,
  flags: table(
    as("out", "the SAE (.safetensors or .pth)"),
    COLUMN_GROUP,
    as("k", "active latents (required)"),
    as("n", "latents (required)"),
    as("epochs", "passes over the data", "1"),
    as("batch", "rows per batch", "1024"),
    as("lr", "learning rate", "1e-4"),
    as("seed", "the random seed", "0"),
    as("dead-steps", "steps without firing after which a latent counts as dead", "266"),
    FLAGS.workers,
    as("checkpoint", "checkpoints (default <out>.ckpt); Ctrl-C stops cleanly and keeps it"),
    as("every", "checkpoint every N steps as well as at each epoch's end"),
    as("resume", "continue a checkpoint exactly (on the same data: its rows and a hash of\nsampled rows are checked)"),
    as("resume-other-data", "with --resume: continue on other data"),
    as("trainer", "auto (default): WebGPU on a hardware adapter where the optional\n'webgpu' package finds one, else Wasm; gpu: any adapter, else an error"),
    as(
      "arch",
      "topk: each row's k best (the release's); batchtopk: the batch's B·k best;\nmatryoshka: BatchTopK whose loss also reconstructs from nested prefixes\n(both train on Wasm and save θ: .safetensors only)",
      "topk",
    ),
    as("widths", "with --arch matryoshka: the prefixes, ascending, the last = --n", "n/16,n/4,n"),
    as("override-k", "not for train (it applies to a checkpoint's k; train sets k with --k)"),
  ),
  notes: `  A run of fewer than ${FEW_STEPS} steps gets a warning with settings that fit the data.`,
  maxArgs: 1,
  async run(p, io) {
    const input = need(p, 0, "an embeddings file"),
      out = await requireOut(p);
    if (p.flags.has("override-k")) throw new UsageError("--override-k applies to a checkpoint's k; train sets k with --k");
    const k = num(p, "k", undefined, { min: 1 }),
      n = num(p, "n", undefined, { min: 2 });
    if (!k || !n) throw new UsageError("--k and --n are required");
    const arch = (str(p, "arch", "topk") ?? "topk") as TrainArch;
    if (!TRAIN_ARCHS.includes(arch)) throw new UsageError(`--arch must be ${TRAIN_ARCHS.join(", ")}, got '${arch}'`);
    if (p.flags.has("widths") && arch !== "matryoshka")
      throw new UsageError(`--widths are Matryoshka's nested prefixes; with --arch ${arch} drop them, or use --arch matryoshka`);
    if (p.flags.get("widths") === true) throw new UsageError("--widths needs a value, e.g. --widths 64,256,1024");
    const widths = widthsOf(str(p, "widths"), n);
    if (arch !== "topk" && out.endsWith(".pth")) throw new UsageError(`--arch ${arch} saves a threshold that .pth cannot hold: write --out with .safetensors`);
    const cfg = {
      k,
      nLatents: n,
      arch,
      ...(widths ? { widths } : {}),
      epochs: num(p, "epochs", 1, { min: 1 })!,
      batchSize: num(p, "batch", 1024, { min: 1 })!,
      lr: num(p, "lr", 1e-4, { min: 0, integer: false })!,
      seed: num(p, "seed", 0, { min: 0 })!,
      deadSteps: num(p, "dead-steps", 266, { min: 0 })!,
    };
    const checkpoint = await checkOutFile(str(p, "checkpoint", `${out}.ckpt`)!);
    const every = num(p, "every", undefined, { min: 1 });
    const resume = str(p, "resume");
    const trainer = str(p, "trainer", "auto")!;
    if (!["auto", "gpu", "wasm", "ref"].includes(trainer)) throw new UsageError(`--trainer must be auto, gpu, wasm or ref, got '${trainer}'`);
    const gpu = trainer === "auto" || trainer === "gpu" ? await nodeGpu() : undefined;
    const data = await embeddingRowsOf(input, p);
    const steps = cfg.epochs * Math.floor(data.rows / cfg.batchSize);
    if (steps < FEW_STEPS) io.stderr.write(`${fewStepsWarning(data.rows, cfg.epochs, cfg.batchSize, steps)}\n`);
    const bar = progress("train", io.stderr, io.quiet);
    try {
      const r = await train(data, cfg, {
        signal: io.signal,
        checkpoint: { path: checkpoint, ...(every ? { every } : {}) },
        ...(resume ? { resume } : {}),
        resumeOtherData: p.flags.has("resume-other-data"),
        workers: num(p, "workers", undefined, { min: 0 }) ?? "auto",
        trainer: trainer as "auto",
        ...(gpu ? { gpu } : {}),
        onProgress: (s) => bar.update(s.step, s.totalSteps, `nMSE ${s.mse.toFixed(4)} dead ${s.dead}`),
        // On its own line: a TTY's progress bar has none after it. The reason comes from the driver.
        onWarning: (m) => io.stderr.write(`${io.stderr.isTTY ? "\n" : ""}saejs train: warning: ${terminalSafe(m)}\n`),
      });
      // Checked as any model is, then saved with its arch: a Sae alone says only 'jumprelu'
      // (serializeWeights writes the state's arch over a metadata 'arch').
      const sae = await Sae.create(r.weights, { k, backend: "ref", ...(r.widths ? { widths: r.widths } : {}) });
      await saveWeights(
        { weights: sae.weights, k, order: sae.order, ...(sae.widths ? { widths: sae.widths } : {}), arch: r.config.arch },
        out,
        out.endsWith(".pth") ? "pth" : "safetensors",
        { training: JSON.stringify(r.config), arch: r.config.arch },
      );
      sae.dispose();
      const last = r.history.at(-1);
      bar.done(
        `wrote ${out} after ${r.steps} steps on the ${r.trainer} trainer${last ? ` (last batch nMSE ${last.mse.toFixed(4)})` : ""}; checkpoint ${checkpoint}`,
      );
      return {
        out,
        checkpoint,
        steps: r.steps,
        trainer: r.trainer,
        lastMse: last?.mse ?? null,
        arch: r.config.arch,
        ...(r.weights.threshold ? { threshold: r.weights.threshold[0] } : {}),
      };
    } catch (e) {
      if ((e as SaeError)?.code === "E_ABORTED") bar.done(`interrupted: resume with --resume ${checkpoint}`);
      throw e;
    } finally {
      await data.close();
    }
  },
});
