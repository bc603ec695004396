throw new Error("hyparquet/src/datapage.js is not part of the sae.js explorer page");
