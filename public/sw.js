// Kite's service worker: a tablet that has loaded Kite once starts and runs with the network off.
//
// - Page loads (navigations) go to the network first, so a new version is picked up as soon as the
//   school server can be reached; offline, the last index.html that loaded is served.
// - Trunk's build outputs have content hashes in their names and never change, so they are served
//   from the cache first. A new index.html names new files; old and new are never mixed, because
//   each index only ever asks for the files it was built with.
// - /public/ files (fonts, pictures) are served from the cache and refreshed in the background.
// - The API is never cached: the outbox, not the service worker, is what keeps reports safe.
const CACHE = "kite-v1";
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/;

async function cacheShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch("/", { cache: "no-cache" });
  if (!response.ok) return;
  const html = await response.clone().text();
  await cache.put("/", response);
  const assets = [...html.matchAll(/(?:href|src)="(\/[^"]+)"/g)].map((m) => m[1]);
  await cache.addAll([...new Set(assets)].filter((url) => !url.startsWith("/api/")));
  // Forget hashed files that this index no longer uses (earlier versions).
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (HASHED.test(path) && !assets.includes(path)) await cache.delete(request);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

async function networkFirstPage(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(CACHE);
      await cache.put("/", response.clone());
      // A new index may name new hashed files: fetch them now, while online.
      cacheShell().catch(() => {});
    }
    return response;
  } catch {
    return (await caches.match("/")) ?? Response.error();
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

async function staleWhileRevalidate(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  const fresh = fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone());
    return response;
  }).catch(() => cached);
  return cached ?? fresh;
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return;
  if (event.request.mode === "navigate") {
    event.respondWith(networkFirstPage(event.request));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(event.request));
  } else if (url.pathname.startsWith("/public/")) {
    event.respondWith(staleWhileRevalidate(event.request));
  }
});
