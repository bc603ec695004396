// LLM feature labels and their scores, the release's protocol through any
// OpenAI-compatible chat-completions endpoint: a label from 5 top documents and 5 hard negatives;
// the label scored by asking for predictions on 3 held-out positives and 3 held-out negatives
// (Pearson and F1; "clean" = F1 ≥ 0.8, Pearson ≥ 0.8, density < 0.2). Results are cached in a
// JSON file that records the prompt version and model, so runs resume where they stopped.
// see: https://platform.openai.com/docs/api-reference/chat/create
import { SaeError } from "../core/errors.js";
import { env } from "../runtime/env.js";
import { readFileIfPresent, writeFileAtomic } from "../runtime/fs.js";
import { postJson, type HttpLimits } from "../io/http.js";

export const PROMPT_VERSION = "saejs-label-1";

export interface ChatOptions {
  baseUrl?: string;
  model?: string;
  apiKey?: string;
  maxRetries?: number;
  backoffMs?: number;
  fetch?: typeof fetch;
  /** Timeouts, size cap and longest Retry-After honoured (default HTTP_LIMITS). */
  limits?: Partial<HttpLimits>;
}

/** A minimal chat-completions client with the embedder's retry policy (src/io/http.ts). */
export class ChatClient {
  readonly model: string;
  private readonly url: string;
  private readonly apiKey: string;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly limits: Partial<HttpLimits>;

  constructor(o: ChatOptions = {}) {
    this.url = `${(o.baseUrl ?? env("OPENAI_BASE_URL") ?? "https://api.openai.com/v1").replace(/\/+$/, "")}/chat/completions`;
    this.model = o.model ?? env("SAEJS_LABEL_MODEL") ?? "gpt-4o-mini";
    this.apiKey = o.apiKey ?? env("OPENAI_API_KEY") ?? "";
    this.maxRetries = o.maxRetries ?? 5;
    this.backoffMs = o.backoffMs ?? 500;
    this.limits = o.limits ?? {};
    this.fetchImpl = o.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  }

  /** The chat-completions URL calls go to. */
  get endpoint(): string {
    return this.url;
  }

  async complete(prompt: string, signal?: AbortSignal): Promise<string> {
    const text = await postJson(
      this.url,
      { model: this.model, temperature: 0, messages: [{ role: "user", content: prompt }] },
      {
        apiKey: this.apiKey,
        maxRetries: this.maxRetries,
        backoffMs: this.backoffMs,
        fetch: this.fetchImpl,
        what: "chat",
        limits: this.limits,
        ...(signal ? { signal } : {}),
      },
    );
    let body: { choices?: { message?: { content?: unknown } }[] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new SaeError("E_EMBED", `chat: the response is not JSON: ${JSON.stringify(text.slice(0, 120))}`);
    }
    const content = body?.choices?.[0]?.message?.content;
    if (typeof content !== "string") throw new SaeError("E_EMBED", "chat: the response has no choices[0].message.content");
    return content;
  }
}

const list = (texts: string[]) => texts.map((t, i) => `${i + 1}. ${t.replace(/\s+/g, " ").slice(0, 1200)}`).join("\n");

export function labelPrompt(top: string[], negatives: string[]): string {
  return `A feature of a sparse autoencoder over text embeddings fires on the first group of texts and not on the second.
Describe in at most 8 words what the first group shares that the second lacks. Answer with the description only.

Texts where the feature fires:
${list(top)}

Similar texts where it does not:
${list(negatives)}`;
}

export function scorePrompt(label: string, texts: string[]): string {
  return `A feature is described as: "${label}".
For each text below, give the probability (0 to 1) that the feature fires on it.
Answer with a JSON array of ${texts.length} numbers only.

${list(texts)}`;
}

/** Pearson correlation; 0 when either side has no variance. */
export function pearson(a: number[], b: number[]): number {
  const n = a.length,
    ma = a.reduce((s, v) => s + v, 0) / n,
    mb = b.reduce((s, v) => s + v, 0) / n;
  let num = 0,
    da = 0,
    db = 0;
  for (let i = 0; i < n; i++) {
    num += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return da > 0 && db > 0 ? num / Math.sqrt(da * db) : 0;
}

/** F1 of predictions ≥ 0.5 against the truth. */
export function f1(pred: number[], truth: number[]): number {
  let tp = 0,
    fp = 0,
    fn = 0;
  pred.forEach((p, i) => {
    const y = truth[i]! > 0.5,
      h = p >= 0.5;
    if (h && y) tp++;
    else if (h) fp++;
    else if (y) fn++;
  });
  return tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
}

export interface LabelInput {
  feature: number;
  density: number;
  /** 5 top documents and 5 hard negatives (the label's evidence). */
  top: string[];
  negatives: string[];
  /** 3 held-out positives and 3 held-out negatives (the score's test). */
  heldPositives: string[];
  heldNegatives: string[];
}

export interface LabelResult {
  feature: number;
  label: string;
  pearson: number;
  f1: number;
  clean: boolean;
}

interface Cache {
  promptVersion: string;
  model: string;
  labels: Record<string, LabelResult>;
}

async function readCache(path: string): Promise<Cache | undefined> {
  const bytes = await readFileIfPresent(path);
  try {
    return bytes && JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined; // an unreadable cache is rebuilt
  }
}

/** Labels and scores one feature (`score` false: the label alone, in one call, for a feature with no held-out positive). */
export async function labelFeature(chat: ChatClient, f: LabelInput, signal?: AbortSignal, detect = true): Promise<LabelResult> {
  const label = (await chat.complete(labelPrompt(f.top, f.negatives), signal))
    .trim()
    .split("\n")[0]!
    .replace(/^["'\s]+|["'.\s]+$/g, "");
  if (!label) throw new SaeError("E_EMBED", `chat: an empty label for feature ${f.feature}`);
  if (!detect) return { feature: f.feature, label, pearson: 0, f1: 0, clean: false };
  const texts = [...f.heldPositives, ...f.heldNegatives];
  const truth = [...f.heldPositives.map(() => 1), ...f.heldNegatives.map(() => 0)];
  const answer = await chat.complete(scorePrompt(label, texts), signal);
  const m = /\[[^\]]*\]/.exec(answer);
  let pred: unknown;
  try {
    pred = m ? JSON.parse(m[0]) : undefined;
  } catch {
    pred = undefined;
  }
  if (!Array.isArray(pred) || pred.length !== texts.length || !pred.every((v) => typeof v === "number" && v >= 0 && v <= 1)) {
    throw new SaeError(
      "E_EMBED",
      `chat: the scores for feature ${f.feature} are not ${texts.length} numbers in [0, 1]: ${JSON.stringify(answer.slice(0, 120))}`,
    );
  }
  const p = pearson(pred as number[], truth),
    score = f1(pred as number[], truth);
  return { feature: f.feature, label, pearson: p, f1: score, clean: score >= 0.8 && p >= 0.8 && f.density < 0.2 };
}

/**
 * Labels features with at most `concurrency` in flight, caching each result as it arrives in
 * `cache` (atomic writes); features already cached with this prompt version and model are skipped.
 */
export async function labelFeatures(
  chat: ChatClient,
  inputs: LabelInput[],
  options: { cache?: string; concurrency?: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<LabelResult[]> {
  let cache: Cache = { promptVersion: PROMPT_VERSION, model: chat.model, labels: {} };
  if (options.cache) {
    const old = await readCache(options.cache);
    if (old && old.promptVersion === PROMPT_VERSION && old.model === chat.model) cache = old;
  }
  const todo = inputs.filter((f) => !cache.labels[f.feature]);
  let done = inputs.length - todo.length,
    next = 0;
  let writing = Promise.resolve();
  const save = () => {
    if (options.cache) {
      const path = options.cache,
        text = JSON.stringify(cache, null, 1);
      writing = writing.then(() => writeFileAtomic(path, new TextEncoder().encode(text)));
    }
  };
  const worker = async () => {
    while (next < todo.length) {
      const f = todo[next++]!;
      cache.labels[f.feature] = await labelFeature(chat, f, options.signal);
      save();
      options.onProgress?.(++done, inputs.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  } finally {
    await writing;
  }
  return inputs.map((f) => cache.labels[f.feature]!);
}
