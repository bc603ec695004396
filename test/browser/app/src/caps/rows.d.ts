// Types of rows.js, which the test imports to compute Node's side from the same rows.
export function formulaRows(rows: number, d: number): Float32Array;
export function sha256(bytes: Uint8Array | Float32Array): Promise<string>;
