// Kite's service worker: a tablet that has loaded Kite once starts and runs with the network off,
// lessons (with every picture), the Acceptable Use flow and the report flow included.
//
// Kite is several builds (kite_protocol::app_routes::BUNDLES, repeated in BUNDLES below): the
// pupil kiosk's home (index.html: /, /tell), learn (learn.html), our rules (aup.html) and set-up
// (setup.html: /setup and the visitor's /aup/visitor), and the adults' pages: staff (staff.html), the school's records (records.html),
// the school's duties: filtering and monitoring, training (duties.html),
// the admin's pages (admin.html), governors' and trust's oversight (oversight.html), parents (parents.html) and the presenter
// (present.html). Every device keeps all of the kiosk's, so a pupil moves between them offline. An
// adults' bundle is kept only on a device that has opened its page (a teacher's laptop, the
// whiteboard): there the presenter runs offline, and a pupil's tablet never downloads it.
//
// - Page loads (navigations) go to the network first, so a new version is picked up as soon as the
//   school server can be reached; offline, the last complete version of that bundle is served.
// - The kiosk's bundles switch to a new version together: when one of them has a new index, the
//   others are fetched again too, so a tablet never mixes two versions' outbox code.
// - A version is only ever switched whole: a bundle's index is stored as its offline page only
//   after every file it names (wasm, JS, CSS, the lessons file) and every file in precache.json is
//   in the cache. If fetching any of them fails, the device keeps the previous version, which
//   still has all its files, so it is never left with an index whose wasm is missing.
// - Trunk's build outputs and the lessons file have content hashes in their names and never
//   change: cache first.
// - The lessons' translations (lessons-pl-<hash>.json, …) and the pupil pages' words
//   (strings-pl-<hash>.json, …; the parents' page's, parents-strings-pl-<hash>.json, in
//   parents.html) are named by a <meta> in each index, not a link, so a tablet in
//   English never downloads them. A tablet set to Polish fetches its words as a page starts and
//   its lessons when it opens Learn (cached then, cache first); from then on, a device that has a
//   language's file gets that language's new file with each new version, like the lessons file.
// - /public/ files (fonts, lesson pictures) are all fetched when a version is stored, from the
//   build's precache.json, then served from the cache and refreshed in the background.
// - But not the big fonts few tablets need (precache.json's `onDemand` groups: OpenDyslexic for
//   the easy-read letters, Noto Nastaliq for Urdu). The first time a page asks for one of a
//   group's files (the setting turned on, Urdu chosen: the browser fetches a font only to draw
//   with it), the whole group is fetched and kept, both weights, so it works offline from then on;
//   and a device that keeps a group gets its files again with each new version, like the rest.
// - Trusted adults' photos (/api/v1/photos/ID) are immutable by id: cache first, so the report
//   flow shows faces offline. Each time the tablet gets the school's settings it posts the list
//   of photos with its token (app/src/adult_photos.rs): every one is fetched and kept, and the
//   photos of adults no longer on the list are dropped. Nothing else under /api is cached: the outbox, not the service
//   worker, is what keeps reports safe.
const CACHE = "kite-v4";
// Trunk writes its 64-bit hash in hex without leading zeros: 16 digits, sometimes fewer.
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css|json)$/;
const PHOTO = /^\/api\/v1\/photos\/\d+$/;
// The same table as kite_protocol::app_routes::BUNDLES (a test there checks it): the index page
// that serves each bundle's paths (also the cache key of its offline copy), and whether it is
// the pupil kiosk's. The last row, home, has every path the others don't.
const BUNDLES = [
  { index: "/learn.html", prefixes: ["/learn", "/survey"], kiosk: true },
  { index: "/setup.html", prefixes: ["/setup", "/aup/visitor"], kiosk: true },
  { index: "/aup.html", prefixes: ["/aup"], kiosk: true },
  { index: "/records.html", prefixes: ["/staff/classes", "/staff/visitors"], kiosk: false },
  { index: "/duties.html", prefixes: ["/staff/filtering", "/staff/training", "/staff/policy"], kiosk: false },
  { index: "/admin.html", prefixes: ["/staff/devices", "/staff/accounts", "/staff/school", "/staff/agreements", "/staff/parents-news"], kiosk: false },
  { index: "/report.html", prefixes: ["/staff/reports"], kiosk: false },
  { index: "/concern.html", prefixes: ["/staff/concern"], kiosk: false },
  { index: "/safeguarding.html", prefixes: ["/staff/pupils"], kiosk: false },
  { index: "/procedure.html", prefixes: ["/staff/procedure"], kiosk: false },
  { index: "/oversight.html", prefixes: ["/staff/governors", "/staff/trust", "/staff/surveys"], kiosk: false },
  { index: "/staff.html", prefixes: ["/staff"], kiosk: false },
  { index: "/parents.html", prefixes: ["/parents"], kiosk: false },
  { index: "/present.html", prefixes: ["/present"], kiosk: false },
  { index: "/index.html", prefixes: [], kiosk: true },
];
const HOME = BUNDLES.at(-1);
const owns = (prefix, path) => path === prefix || path.startsWith(`${prefix}/`);
const bundleFor = (path) =>
  BUNDLES.find((b) => b.index === path || b.prefixes.some((p) => owns(p, path))) ?? HOME;
const KIOSK = BUNDLES.filter((b) => b.kiosk).map((b) => b.index);

/** The same-origin files an index page names (its hashed wasm, JS, CSS and lessons file). */
const namedIn = (html) => [...html.matchAll(/(?:href|src)="(\/[^"]+)"/g)]
  .map((m) => m[1])
  .filter((url) => !url.startsWith("/api/"));

/** The translations an index page names (the lessons' and the pages' words): [{ kind, lang, url }]. */
const translationsIn = (html) => [...html.matchAll(/<meta name="kite-(lessons|strings|parents-strings)-([a-z]{2})" content="(\/[^"]+)"/g)]
  .map((m) => ({ kind: m[1], lang: m[2], url: m[3] }));

/** The translations in `html` this device already keeps an earlier file of (same kind, same language). */
async function translationsKept(cache, html) {
  const paths = (await cache.keys()).map((request) => new URL(request.url).pathname);
  return translationsIn(html)
    .filter(({ kind, lang }) => paths.some((path) => path.startsWith(`/${kind}-${lang}-`)))
    .map(({ url }) => url);
}

/** precache.json's `onDemand` groups, as last read (null until this worker has read it). */
let onDemandGroups = null;

/** The files of every on-demand group (precache.json) this device keeps any file of. */
async function groupsKept(cache, onDemand) {
  const paths = new Set((await cache.keys()).map((request) => new URL(request.url).pathname));
  return Object.values(onDemand).filter((urls) => urls.some((url) => paths.has(url))).flat();
}

/** The page asked for `path`: if it is in an on-demand group, fetches and keeps the group's other
 * files too (the page's own request is kept by staleWhileRevalidate). Offline, it waits for the
 * next time the page asks. */
async function keepGroupOf(path) {
  try {
    if (!onDemandGroups) {
      const list = await fetch("/precache.json", { cache: "no-cache" });
      if (!list.ok) return;
      onDemandGroups = (await list.json()).onDemand ?? {};
    }
    const group = Object.values(onDemandGroups).find((urls) => urls.includes(path)) ?? [];
    const cache = await caches.open(CACHE);
    for (const url of group) {
      if (url !== path && !(await cache.match(url))) await cache.add(url);
    }
  } catch {
    // Offline again: the group is fetched whole the next time a page asks for one of its files.
  }
}

// Versions are stored one at a time, so one bundle's clean-up never deletes files that another
// bundle's new version has fetched but not yet switched to.
let storing = Promise.resolve();
function storeVersion(key, indexResponse) {
  const run = storing.then(() => storeWhole(key, indexResponse));
  storing = run.catch(() => {});
  return run; // rejects if this version could not be stored whole (install then fails too)
}

/** Fetches a whole version of one bundle (index, its files, precache.json's files), then
 * switches that bundle to it. Answers whether that was a new version. */
async function storeWhole(key, indexResponse) {
  const cache = await caches.open(CACHE);
  const html = await indexResponse.clone().text();
  const before = await cache.match(key);
  const changed = !before || (await before.text()) !== html;
  const assets = [...namedIn(html), ...(await translationsKept(cache, html))];
  let listed = [];
  const list = await fetch("/precache.json", { cache: "no-cache" });
  if (list.ok) {
    const { files = [], onDemand = {} } = await list.json();
    onDemandGroups = onDemand;
    listed = [...files, ...(await groupsKept(cache, onDemand))];
  }
  const missing = [];
  for (const url of new Set([...assets, ...listed])) {
    // Hashed files never change; /public/ files are refreshed by staleWhileRevalidate.
    if (!(await cache.match(url))) missing.push(url);
  }
  await cache.addAll(missing); // all or nothing: a failure leaves the old version in place
  await cache.put(key, indexResponse);
  // Forget hashed files that no stored index uses any more (earlier versions).
  const inUse = new Set();
  for (const { index } of BUNDLES) {
    const stored = await cache.match(index);
    if (!stored) continue;
    const storedHtml = await stored.text();
    for (const url of namedIn(storedHtml)) inUse.add(url);
    for (const { url } of translationsIn(storedHtml)) inUse.add(url);
  }
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (HASHED.test(path) && !inUse.has(path)) await cache.delete(request);
  }
  return changed;
}

async function fetchAndStoreVersion(key) {
  const response = await fetch(key, { cache: "no-cache" });
  if (!response.ok) throw new Error(`${key}: ${response.status}`);
  await storeVersion(key, response);
}

/** Every kiosk bundle but `except`, fetched and stored (one at a time: they share most files). */
async function storeKiosk(except) {
  for (const key of KIOSK) if (key !== except) await fetchAndStoreVersion(key);
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    await storeKiosk();
    // Opened on an adults' page (the presenter on the whiteboard): keep that bundle too.
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    for (const key of new Set(windows.map((w) => bundleFor(new URL(w.url).pathname).index))) {
      if (!KIOSK.includes(key)) await fetchAndStoreVersion(key);
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

// Only an app page may become a bundle's offline copy: a navigation to a file (/sw.js,
// /precache.json, a font) answers 200 too, and stored as the index it would replace the home
// page with that file on every offline start. An app page is a path without a file extension
// (or a bundle's own index) answered with HTML.
const isAppPage = (path, response) =>
  (!/\.[A-Za-z0-9]+$/.test(path) || BUNDLES.some((b) => b.index === path))
  && (response.headers.get("content-type") ?? "").startsWith("text/html");

async function networkFirstPage(request) {
  const { index: key, kiosk } = bundleFor(new URL(request.url).pathname);
  try {
    const response = await fetch(request);
    if (response.ok && isAppPage(new URL(request.url).pathname, response)) {
      // While online, make this version the offline one too (in the background: the page is
      // served now; the switch happens only once all its files are cached), and if it is a new
      // version of a kiosk bundle, the other kiosk bundles' too.
      storeVersion(key, response.clone())
        .then((changed) => (changed && kiosk ? storeKiosk(key) : undefined))
        .catch(() => {});
    }
    return response;
  } catch {
    // An adults' page on a device that never opened one offline gets the home bundle, which
    // says that page needs the network.
    return (await caches.match(key)) ?? (await caches.match(HOME.index)) ?? Response.error();
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

/** Keeps exactly these photos: fetches the ones not kept yet, drops the ones not listed. */
async function keepPhotos(paths, token) {
  const cache = await caches.open(CACHE);
  for (const path of paths) {
    if (await cache.match(path)) continue;
    try {
      const response = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
      if (response.ok) await cache.put(path, response);
    } catch {
      // Offline again: the next settings the tablet gets will ask again.
    }
  }
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (PHOTO.test(path) && !paths.includes(path)) await cache.delete(request);
  }
}

self.addEventListener("message", (event) => {
  const { keepPhotos: paths, token } = event.data ?? {};
  if (!Array.isArray(paths) || typeof token !== "string") return;
  event.waitUntil(keepPhotos(paths.filter((p) => typeof p === "string" && PHOTO.test(p)), token));
});

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
    if (url.pathname.startsWith("/public/fonts/")) event.waitUntil(keepGroupOf(url.pathname));
  }
});
