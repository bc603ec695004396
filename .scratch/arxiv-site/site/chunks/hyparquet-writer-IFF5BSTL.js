throw new Error("hyparquet-writer is not part of the sae.js explorer page");
