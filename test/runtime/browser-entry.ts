// Chromium: the page runs the smoke against files served beside it and publishes the result.
import { smoke } from "./smoke.js";

const g = globalThis as { __smoke?: unknown };
try {
  const x = new Uint8Array(await (await fetch("./small.x.npy")).arrayBuffer());
  g.__smoke = await smoke(new URL("./small.safetensors", location.href), x);
} catch (e) {
  g.__smoke = { error: String((e as Error)?.stack ?? e) };
}
