// The Vite setup a developer needs for sae.js: module workers (they split into chunks too).
export default { build: { target: "es2022" }, worker: { format: "es" } };
