throw new Error("hyparquet-compressors is not part of the sae.js explorer page");
