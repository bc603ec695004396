// The static site's service worker (`saejs site`): a second visit is served from the Cache API.
// Whole files (the page, the SAE, codes.bin, the embedder's model) are kept as fetched; range reads
// (a document's text, a candidate's embedding) are kept one range at a time under a key that names
// the range. The cache is named by the site's build, so a rebuilt site starts a new one and the old
// is deleted. Only GETs of this site's own origin and folder are touched; the Hub and anything else
// go to the network as the page asked.

/** What this worker uses of ServiceWorkerGlobalScope (the DOM and WebWorker libs cannot share a program). */
interface SwEvent {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends SwEvent {
  readonly request: Request;
  respondWith(r: Promise<Response>): void;
}
const sw = self as unknown as {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: "install" | "activate", fn: (e: SwEvent) => void): void;
  addEventListener(type: "fetch", fn: (e: FetchEvent) => void): void;
};
/** Set by the site's writer: the build's id (a hash of its files). */
declare const SAEJS_BUILD: string;

const PREFIX = "saejs-site-";
const CACHE = `${PREFIX}${SAEJS_BUILD}`;
const SCOPE = new URL("./", sw.location.href).href;

sw.addEventListener("install", (event) => {
  // The page and its script were fetched before this worker existed: keep them now.
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(["./", "explorer.js"]))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

/** One range `bytes=a-b` (what the site's readers ask), or undefined for anything else. */
function rangeOf(header: string | null): string | undefined {
  const m = header ? /^bytes=(\d+)-(\d+)$/.exec(header.trim()) : null;
  return m ? `${m[1]}-${m[2]}` : undefined;
}

/** The answer to a GET of the site: from the cache, else the network's, kept after it is returned (`later`). */
async function answer(request: Request, later: (p: Promise<unknown>) => void): Promise<Response> {
  const cache = await caches.open(CACHE);
  const header = request.headers.get("range");
  const range = rangeOf(header);
  if (header && !range) return fetch(request);
  if (range) {
    // A range is kept as a 200 under its own key; the 206 is rebuilt from it with the file's size.
    // (A query names it: the Cache API ignores fragments, and the site's files are never asked with one.)
    const url = request.url.split("#")[0]!;
    const key = `${url}${url.includes("?") ? "&" : "?"}saejs-range=${range}`;
    const hit = await cache.match(key);
    if (hit) {
      const headers = new Headers(hit.headers);
      return new Response(hit.body, { status: 206, statusText: "Partial Content", headers });
    }
    const res = await fetch(request);
    if (res.status === 206) {
      const copy = res.clone();
      later(copy.arrayBuffer().then((body) => cache.put(key, new Response(body, { status: 200, headers: copy.headers }))));
    }
    return res;
  }
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.status === 200 && res.type === "basic") later(cache.put(request, res.clone()));
  return res;
}

sw.addEventListener("fetch", (event) => {
  const r = event.request;
  if (r.method !== "GET" || !r.url.startsWith(SCOPE)) return;
  event.respondWith(answer(r, (p) => event.waitUntil(p.catch(() => {}))));
});
