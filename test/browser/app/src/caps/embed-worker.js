// esbuild apps: the default embedder's worker as an entry of its own (Vite needs no such file).
import "saejs/embed-worker";
