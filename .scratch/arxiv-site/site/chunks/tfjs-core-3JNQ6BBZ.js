throw new Error("@tensorflow/tfjs-core is not part of the sae.js explorer page");
