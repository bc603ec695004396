declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
declare module "*.safetensors" {
  const bytes: Uint8Array;
  export default bytes;
}
declare module "*.npy" {
  const bytes: Uint8Array;
  export default bytes;
}
declare module "*.parquet" {
  const bytes: Uint8Array;
  export default bytes;
}
