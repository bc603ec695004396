throw new Error("hyparquet/src/column.js is not part of the sae.js explorer page");
