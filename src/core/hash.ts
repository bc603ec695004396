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
