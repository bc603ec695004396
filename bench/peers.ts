// The encoders a user would pick instead of sae.js, each behind one interface; every peer gets
// the same folded bias and does the same work: GEMM + bias, top-k, ReLU. Peers are
// devDependencies, imported lazily so a missing one is reported by name; peers whose own install
// step downloads (onnxruntime-node) live in bench/native, installed on first use.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { encoderOnnx } from "./onnx-model.js";
import { PeerNotInstalled } from "./random.js";

export interface EncoderImpl {
  readonly impl: string;
  readonly threads: number;
  /** Rows to time per call when the impl is too slow for the full batch (rates stay per row). */
  readonly maxRows?: number;
  /** A peer's setup as it ran: package and version, execution provider, threads (the table names it). */
  readonly setup?: string;
  encode(x: Float32Array, batch: number): Promise<unknown> | unknown;
  dispose(): Promise<void> | void;
}

export interface EncoderProblem {
  d: number;
  n: number;
  k: number;
  encoderWeight: Float32Array;
  /** latent_bias − W·pre_bias: what every impl adds after the GEMM. */
  bias: Float32Array;
}

const require = createRequire(import.meta.url);

/** What a user writes by hand: dot products, then a sort of the indices per row. */
export function jsNaive(p: EncoderProblem): EncoderImpl {
  const { d, n, k, encoderWeight: w, bias } = p;
  return {
    impl: "js-naive",
    threads: 1,
    maxRows: 4,
    encode(x, batch) {
      const pre = new Float32Array(n);
      const order = new Int32Array(n);
      const indices = new Int32Array(batch * k);
      const values = new Float32Array(batch * k);
      for (let r = 0; r < batch; r++) {
        for (let j = 0; j < n; j++) {
          let s = bias[j]!;
          for (let q = 0; q < d; q++) s += x[r * d + q]! * w[j * d + q]!;
          pre[j] = s;
          order[j] = j;
        }
        order.sort((a, b) => pre[b]! - pre[a]!);
        for (let t = 0; t < k; t++) {
          indices[r * k + t] = order[t]!;
          values[r * k + t] = Math.max(0, pre[order[t]!]!);
        }
      }
      return { indices, values };
    },
    dispose() {},
  };
}

export async function onnxruntimeWeb(p: EncoderProblem): Promise<EncoderImpl> {
  const ort = await import("onnxruntime-web");
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  const session = await ort.InferenceSession.create(encoderOnnx(p.encoderWeight, p.bias, p.d, p.n, p.k), {
    executionProviders: ["wasm"],
    graphOptimizationLevel: "all",
  });
  return {
    impl: "onnxruntime-web",
    threads: 1,
    setup: `onnxruntime-web ${ort.env.versions.web ?? ort.env.versions.common}, execution provider wasm, 1 thread`,
    async encode(x, batch) {
      const out = await session.run({ x: new ort.Tensor("float32", x.subarray(0, batch * p.d), [batch, p.d]) });
      return out;
    },
    dispose: () => session.release(),
  };
}

/** How bench/native's peers are installed by hand (what nativePeer runs). */
export const NATIVE_INSTALL =
  "`npm run bench -- encode` installs it into bench/native once (by hand: cd bench/native && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-save)";

/**
 * Requires a package of bench/native, installing that folder first if needed (unless `install` is
 * false: --smoke never downloads, it names the peer as not installed). onnxruntime-node's
 * install step would fetch CUDA libraries from outside the npm registry: its CPU binary is in the
 * package, so the step is skipped here, in the only place it runs, and a plain `npm install` of
 * the project never meets it.
 */
function nativePeer<T>(name: string, install: boolean): T {
  const dir = join(process.cwd(), "bench", "native");
  if (!existsSync(join(dir, "node_modules", name))) {
    if (!install) throw new PeerNotInstalled(name, NATIVE_INSTALL);
    console.error(`bench: installing ${name} into bench/native (once)`);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    execFileSync(npm, ["install", "--no-audit", "--no-fund", "--no-save"], {
      cwd: dir,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: "skip" },
    });
  }
  return createRequire(join(dir, "package.json"))(name) as T;
}

export async function onnxruntimeNode(p: EncoderProblem, install = true): Promise<EncoderImpl> {
  const ort = nativePeer<typeof import("onnxruntime-web")>("onnxruntime-node", install);
  const session = await ort.InferenceSession.create(encoderOnnx(p.encoderWeight, p.bias, p.d, p.n, p.k), {
    executionProviders: ["cpu"],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: "all",
  });
  return {
    impl: "onnxruntime-node",
    threads: 1,
    setup: `onnxruntime-node ${ort.env.versions.node ?? ort.env.versions.common}, execution provider cpu, 1 intra-op thread`,
    async encode(x, batch) {
      return session.run({ x: new ort.Tensor("float32", x.subarray(0, batch * p.d), [batch, p.d]) });
    },
    dispose: () => session.release(),
  };
}

/** tfjs with its Wasm backend; weights pre-transposed (its fused transposeB path is wrong in 4.22). */
export async function tfjsWasm(p: EncoderProblem): Promise<EncoderImpl> {
  const tf = await import("@tensorflow/tfjs-core");
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  const dir = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json"));
  wasm.setWasmPaths(`${join(dir, "dist")}/`);
  wasm.setThreadsCount(1);
  await tf.setBackend("wasm");
  await tf.ready();
  const { d, n, k } = p;
  const wt = new Float32Array(d * n);
  for (let j = 0; j < n; j++) for (let q = 0; q < d; q++) wt[q * n + j] = p.encoderWeight[j * d + q]!;
  const W = tf.tensor2d(wt, [d, n]);
  const b = tf.tensor1d(p.bias);
  return {
    impl: "tfjs-wasm",
    threads: 1,
    setup: `@tensorflow/tfjs-backend-wasm ${tf.version_core}, 1 thread`,
    async encode(x, batch) {
      const [values, indices] = tf.tidy(() => {
        const pre = tf.add(tf.matMul(tf.tensor2d(x.subarray(0, batch * d), [batch, d]), W), b);
        const top = tf.topk(pre, k);
        return [tf.relu(top.values), top.indices];
      });
      const out = [await values!.data(), await indices!.data()];
      values!.dispose();
      indices!.dispose();
      return out;
    },
    dispose() {
      W.dispose();
      b.dispose();
    },
  };
}
