throw new Error("apache-arrow is not part of the sae.js explorer page");
