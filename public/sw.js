// Kite's service worker: a tablet that has loaded Kite once starts and runs with the network off,
// lessons (with every picture), the Acceptable Use flow and the report flow included.
//
// - Page loads (navigations) go to the network first, so a new version is picked up as soon as the
//   school server can be reached; offline, the last complete version is served.
// - A version is only ever switched whole: the new index.html is stored as the offline page only
//   after every file it names (and every file in precache.json) is in the cache. If fetching any
//   of them fails, the tablet keeps the previous version, which still has all its files, so it is
//   never left with an index whose wasm is missing (a blank screen).
// - Trunk's build outputs have content hashes in their names and never change: cache first.
// - /public/ files (fonts, lesson pictures) are all fetched when a version is stored, from the
//   build's precache.json, then served from the cache and refreshed in the background.
// - Trusted adults' photos (/api/v1/photos/ID) are immutable by id: cache first, so the report
//   flow shows faces offline. Nothing else under /api is cached: the outbox, not the service
//   worker, is what keeps reports safe.
const CACHE = "kite-v2";
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/;
const PHOTO = /^\/api\/v1\/photos\/\d+$/;

/** Fetches a whole version (index, its hashed files, precache.json's files), then switches to it. */
async function storeVersion(indexResponse) {
  const cache = await caches.open(CACHE);
  const html = await indexResponse.clone().text();
  const assets = [...html.matchAll(/(?:href|src)="(\/[^"]+)"/g)]
    .map((m) => m[1])
    .filter((url) => !url.startsWith("/api/"));
  let listed = [];
  const list = await fetch("/precache.json", { cache: "no-cache" });
  if (list.ok) listed = (await list.json()).files ?? [];
  const missing = [];
  for (const url of new Set([...assets, ...listed])) {
    // Hashed files never change; /public/ files are refreshed by staleWhileRevalidate.
    if (!(await cache.match(url))) missing.push(url);
  }
  await cache.addAll(missing); // all or nothing: a failure leaves the old version in place
  await cache.put("/", indexResponse);
  // Forget hashed files that this index no longer uses (earlier versions).
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (HASHED.test(path) && !assets.includes(path)) await cache.delete(request);
  }
}

async function fetchAndStoreVersion() {
  const response = await fetch("/", { cache: "no-cache" });
  if (response.ok) await storeVersion(response);
}

self.addEventListener("install", (event) => {
  event.waitUntil(fetchAndStoreVersion().then(() => self.skipWaiting()));
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
      // While online, make this version the offline one too (in the background: the page is
      // served now; the switch happens only once all its files are cached).
      storeVersion(response.clone()).catch(() => {});
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
  if (PHOTO.test(url.pathname)) {
    event.respondWith(cacheFirst(event.request));
  } else if (url.pathname.startsWith("/api/")) {
    return;
  } else if (event.request.mode === "navigate") {
    event.respondWith(networkFirstPage(event.request));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(event.request));
  } else if (url.pathname.startsWith("/public/")) {
    event.respondWith(staleWhileRevalidate(event.request));
  }
});
