// The Vite setup a developer needs for sae.js: module workers (they split into chunks too).
// optimizeDeps.include: the dev server finds subpaths used only in a worker late, and reloads the page.
export default { build: { target: "es2022" }, worker: { format: "es" }, optimizeDeps: { include: ["saejs", "saejs/io", "saejs/train"] } };
