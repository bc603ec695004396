throw new Error("@electric-sql/pglite is not part of the sae.js explorer page");
