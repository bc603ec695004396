throw new Error("@tensorflow/tfjs-converter is not part of the sae.js explorer page");
