throw new Error("@electric-sql/pglite/worker is not part of the sae.js explorer page");
