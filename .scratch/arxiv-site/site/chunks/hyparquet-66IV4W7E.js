throw new Error("hyparquet is not part of the sae.js explorer page");
