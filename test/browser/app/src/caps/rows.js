// Deterministic input rows, computed the same way by the test in Node.
export function formulaRows(rows, d) {
  const x = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) x[r * d + j] = Math.fround(Math.sin(r * 0.7 + j * 0.13) + 0.25 * Math.cos(j * r * 0.011));
  return x;
}

/** SHA-256 of bytes, hex. */
export async function sha256(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = new Uint8Array(await crypto.subtle.digest("SHA-256", view));
  return [...h].map((b) => b.toString(16).padStart(2, "0")).join("");
}
