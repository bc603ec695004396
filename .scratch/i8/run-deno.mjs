const bytes = await Deno.readFile(new URL("./k.wasm", import.meta.url));
const { instance } = await WebAssembly.instantiate(bytes, {env:{abort(){}}});
const e = instance.exports;
const d = 1024, it = 20000;
for (const [name, f, macPerIter] of [["i8", e.dot_tile, 6*8*d], ["f32", e.f32_tile, 6*8*d]]) {
  f(1024, 65536, d, 100, 0);
  const t = performance.now(); f(1024, 65536, d, it, 0); const s = (performance.now() - t) / 1000;
  console.log(name, (macPerIter * it / s / 1e9).toFixed(1), "GMAC/s");
}
