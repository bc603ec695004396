// Content hashes for keys and fingerprints (the embeddings cache, training checkpoints): SHA-256
// through WebCrypto, which every runtime sae.js runs in provides.

/** The first `chars` hex digits of SHA-256 of `data` (a string is hashed as UTF-8). */
export async function sha256Hex(data: Uint8Array | string, chars = 64): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0"))
    .join("")
    .slice(0, chars);
}

/** What a fingerprint reads of an SAE: its shape and its decoder (through decode, wherever the weights live). */
export interface FingerprintedSae {
  readonly nInputs: number;
  readonly nLatents: number;
  readonly k: number;
  readonly order: string;
  decode(codes: { indices: Int32Array; values: Float32Array; k: number; batch: number }): Promise<Float32Array> | Float32Array;
}

/**
 * What identifies an SAE's function cheaply and the same on every backend: the decoder's columns of
 * a few latents and pre_bias (decoding a value of 1 or 0 is exact: no rounding differs between
 * kernels), with d, n, k and the activation order.
 */
export async function saeFingerprint(sae: FingerprintedSae): Promise<string> {
  const n = sae.nLatents,
    picks = Array.from(new Set([0, 1, n >> 3, n >> 2, n >> 1, n - 2, n - 1].filter((i) => i >= 0 && i < n)));
  const parts: Float32Array[] = [await sae.decode({ indices: new Int32Array([0]), values: new Float32Array(1), k: 1, batch: 1 })];
  for (const i of picks) parts.push(await sae.decode({ indices: new Int32Array([i]), values: new Float32Array([1]), k: 1, batch: 1 }));
  const bytes = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  return sha256Hex(`${sae.nInputs}|${n}|${sae.k}|${sae.order}|${await sha256Hex(bytes)}`, 32);
}
