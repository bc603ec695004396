throw new Error("@tensorflow/tfjs-backend-wasm is not part of the sae.js explorer page");
