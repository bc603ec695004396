throw new Error("@electric-sql/pglite-pgvector is not part of the sae.js explorer page");
