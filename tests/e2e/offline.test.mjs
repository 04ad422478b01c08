// Offline: a tablet that loaded Kite once starts and takes a report with the school server
// stopped, and the report arrives once the server is back; lessons never opened online still
// have their pictures; a new release replaces the offline copy only when it is complete.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  startServer, addDevice, storedReports, launch, openPage, appReady, enrolTablet, screenshot, TABLET,
  PHONE, WHITEBOARD, DIST, apiSignIn,
  until,
} from "./harness.mjs";

let server, browser;
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

test("with the server down, a tablet that loaded once still starts, takes a report, and sends it later", async () => {
  server = await startServer();
  browser = await launch();
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url });
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server));
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await appReady(page);
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), "the service worker controls the page");

  const { url, dataDir } = server;
  const port = Number(new URL(url).port);
  await server.stop();

  // A fresh load of another route, with nothing listening on the server's port.
  await page.goto("/tell");
  await appReady(page);
  await screenshot(page, "offline-tell-start");
  for (const name of ["Someone was unkind to me or a friend", "In a game", "Sad", "Any grown-up"]) {
    await page.getByRole("button", { name, exact: true }).click();
  }
  await page.getByTestId("send").click();
  await page.getByText("It will go to school when the tablet is back online").waitFor();

  server = await startServer({ dataDir, port });
  assert.equal(server.url, url);
  assert.equal(storedReports(server).length, 0);
  await page.goto("/setup");
  await appReady(page);
  await page.getByRole("button", { name: "Send now" }).click();
  await page.getByTestId("outbox-waiting").filter({ hasText: "0" }).waitFor();
  assert.equal(storedReports(server).length, 1, "arrived once");
  await context.close();
});

/** The pupil kiosk's bundles' index pages (public/sw.js, kite_protocol::app_routes::BUNDLES). */
const KIOSK_INDEXES = ["/index.html", "/learn.html", "/aup.html", "/setup.html"];

/** Waits until this page's service worker has stored a whole version of every kiosk bundle. */
async function versionStored(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await until(page, "every kiosk bundle is stored", async (indexes) => {
    for (const index of indexes) if ((await caches.match(index)) === undefined) return false;
    return true;
  }, KIOSK_INDEXES);
}

/** Whether the slide on screen has its picture drawn (a missing file has no natural size). */
const pictureShown = (page) =>
  page.locator(".slide-picture").evaluate((img) => img.complete && img.naturalWidth > 0);

test("offline, lessons never opened before show their pictures", async () => {
  const server = await startServer();
  const context = await (browser ??= await launch()).newContext({ viewport: TABLET, baseURL: server.url });
  try {
    const page = await openPage(browser, server, { context });
    await page.goto("/");
    await appReady(page);
    await versionStored(page);
    await server.stop();

    // Not one lesson was opened while online.
    for (const id of ["my-trusted-adults", "strong-passwords", "kind-words"]) {
      await page.goto(`/learn/${id}`);
      await page.locator(".slide-picture").waitFor();
      assert.ok(await pictureShown(page), `${id}: the first slide's picture is there offline`);
    }
    await screenshot(page, "offline-lesson-picture");
  } finally {
    await context.close();
    await server.stop();
    server.cleanup();
  }
});

/** A real 2×2 PNG (a photo of nobody): small enough to upload, real enough to have a size. */
const PHOTO_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM42RsFRAwQCgAxCgbBA9RkfAAAAABJRU5ErkJggg==",
  "base64",
);

test("offline, trusted adults' photos show on a tablet where no child opened \"who\" online", async () => {
  const server = await startServer();
  const context = await (browser ??= await launch()).newContext({ viewport: TABLET, baseURL: server.url });
  try {
    const password = "correct horse battery staple";
    server.admin("staff", "add", "admin@school.example", "--role", "admin", "--name", "Mr Patel", "--password-stdin", { input: `${password}\n` });
    const { cookie, csrf } = await apiSignIn(server, "admin@school.example", password);
    const call = async (method, path, body, type = "application/json") => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method, headers: { cookie, "x-csrf-token": csrf, "content-type": type },
        body: type === "application/json" && body !== undefined ? JSON.stringify(body) : body,
      });
      assert.ok(res.ok, `${method} ${path}: ${res.status}`);
      return res.json();
    };
    const khan = (await call("POST", "/staff/school/photos", PHOTO_PNG, "image/png")).path;
    const obi = (await call("POST", "/staff/school/photos", PHOTO_PNG, "image/png")).path;
    const setAdults = async (adults) => {
      const school = await call("GET", "/staff/school");
      await call("PUT", "/staff/school", { ...school, trusted_adults: adults });
    };
    await setAdults([
      { id: "", name: "Mrs Khan", role: "Class teacher", photo: khan },
      { id: "", name: "Mr Obi", role: "Headteacher", photo: obi },
    ]);

    // Set up online; the "who" step is never opened.
    const page = await openPage(browser, server, { context });
    await enrolTablet(page, addDevice(server));
    await page.goto("/");
    await appReady(page);
    await versionStored(page);
    const kept = async (p) => (await caches.match(p)) !== undefined;
    await until(page, "both photos are kept", async (paths) => {
      for (const p of paths) if ((await caches.match(p)) === undefined) return false;
      return true;
    }, [khan, obi]);

    // Mr Obi leaves the list: his photo goes from the tablet when it next gets the settings.
    await setAdults([{ id: "", name: "Mrs Khan", role: "Class teacher", photo: khan }]);
    await page.reload();
    await appReady(page);
    await until(page, "Mr Obi's photo is dropped", async (p) => (await caches.match(p)) === undefined, obi);
    assert.ok(await page.evaluate(kept, khan), "Mrs Khan's photo is still kept");

    await server.stop();
    await page.goto("/tell");
    await appReady(page);
    for (const name of ["Someone was unkind to me or a friend", "In a game", "Sad"]) {
      await page.getByRole("button", { name, exact: true }).click();
    }
    const photo = page.locator("img.adult-photo");
    await photo.waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => {
      const img = document.querySelector("img.adult-photo");
      return img && img.complete && img.naturalWidth > 0;
    }, null, { timeout: 10_000 });
    await screenshot(page, "offline-who-photos");
  } finally {
    await context.close();
    await server.stop();
    server.cleanup();
  }
});

test("a file opened as a page never becomes the offline home page", async () => {
  const server = await startServer();
  const context = await (browser ??= await launch()).newContext({ viewport: TABLET, baseURL: server.url });
  try {
    const page = await openPage(browser, server, { context });
    await page.goto("/");
    await appReady(page);
    await versionStored(page);
    // Files answer a navigation with 200 too; stored as the home page's offline copy they would
    // replace the pupils' home with a file on every offline start.
    for (const file of ["/precache.json", "/sw.js"]) {
      const response = await page.goto(file);
      assert.equal(response.status(), 200, file);
    }
    await page.waitForTimeout(3000); // the service worker stores versions in the background
    const home = await page.evaluate(async () => (await (await caches.match("/index.html")).text()).slice(0, 200));
    assert.match(home, /<html/i, "the offline home is still the app's page");
    await server.stop();
    await page.goto("/");
    await appReady(page);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await screenshot(page, "offline-home-after-file-navigation");
  } finally {
    await context.close();
    await server.stop();
    server.cleanup();
  }
});

test("offline, a pupil moves between the kiosk's pages by its links: home, learn, a lesson, back, our rules, tell", async () => {
  const server = await startServer();
  const context = await (browser ??= await launch()).newContext({ viewport: TABLET, baseURL: server.url });
  try {
    const page = await openPage(browser, server, { context });
    await enrolTablet(page, addDevice(server));
    await page.goto("/");
    await appReady(page);
    await versionStored(page);
    await server.stop();

    // Each of these is a full page load of another bundle, with no server to load it from.
    await page.getByTestId("home-learn").click();
    await page.waitForURL("**/learn");
    await page.getByTestId("band-ks1").click();
    const card = page.getByTestId("lesson-card").first();
    const id = await card.getAttribute("data-lesson");
    await card.click();
    await page.waitForURL(`**/learn/${id}`);
    await page.getByTestId("slide").waitFor();
    assert.ok(await pictureShown(page), "the lesson's picture is there offline");
    await page.goBack();
    await page.getByTestId("band-ks1").waitFor();
    await page.goBack();
    await page.getByTestId("home-rules").click();
    await page.waitForURL("**/aup");
    await page.getByRole("heading", { name: "Our rules" }).waitFor();
    // The flow runs (this tablet never fetched the school's rules while online, so it says so
    // kindly; aup.test.mjs has the rules themselves offline).
    await page.getByTestId("aup-unavailable").waitFor();
    await screenshot(page, "offline-aup");
    await page.goBack();
    await page.getByTestId("home-tell").click();
    await page.waitForURL("**/tell");
    await page.getByRole("button", { name: "Someone was unkind to me or a friend", exact: true }).waitFor();
    // The only errors are the app's own requests to the stopped server (no panic, no missing file).
    assert.deepEqual(page.errors.filter((e) => !e.includes("ERR_CONNECTION_REFUSED")), []);
  } finally {
    await context.close();
    await server.stop();
    server.cleanup();
  }
});

test("offline, the office tablet still opens the visitor's page, and says it needs the school's server", async () => {
  const server = await startServer();
  const context = await (browser ??= await launch()).newContext({ viewport: TABLET, baseURL: server.url });
  try {
    const page = await openPage(browser, server, { context });
    await enrolTablet(page, addDevice(server, "Office tablet"));
    await versionStored(page);
    await server.stop();

    // A full load of the poster's path (the set-up bundle's, though it is under /aup): the
    // service worker serves the bundle that has the page, not the pupils' "our rules", which
    // would only say the page needs the network.
    await page.goto("/aup/visitor");
    await page.getByRole("heading", { name: "Visitor agreement" }).waitFor();
    await page.getByTestId("visitor-error").getByText("can't reach the school's server").waitFor();
    await screenshot(page, "offline-visitor");
    // And from set-up's button, as the office does.
    await page.goto("/setup");
    await page.getByTestId("visitor-button").click();
    await page.waitForURL("**/aup/visitor");
    await page.getByTestId("visitor-error").getByText("can't reach the school's server").waitFor();
    assert.deepEqual(page.errors.filter((e) => !e.includes("ERR_CONNECTION_REFUSED")), []);
  } finally {
    await context.close();
    await server.stop();
    server.cleanup();
  }
});

/** The paths of everything in this page's offline cache. */
const cachedPaths = (page) => page.evaluate(async () =>
  (await (await caches.open("kite-v4")).keys()).map((r) => new URL(r.url).pathname));

test("a pupil's tablet never downloads the adults' pages; a teacher's laptop keeps the presenter offline", async () => {
  const server = await startServer();
  browser ??= await launch();
  const tabletContext = await browser.newContext({ viewport: TABLET, baseURL: server.url });
  const boardContext = await browser.newContext({ viewport: WHITEBOARD, baseURL: server.url });
  try {
    const tablet = await openPage(browser, server, { context: tabletContext });
    await tablet.goto("/");
    await appReady(tablet);
    await versionStored(tablet);
    await tablet.goto("/learn");
    await tablet.getByTestId("band-ks1").click();
    await tablet.getByTestId("lesson-card").first().waitFor();
    const lessonsFile = (await cachedPaths(tablet)).filter((p) => /^\/lessons-[0-9a-f]{16}\.json$/.test(p));
    assert.equal(lessonsFile.length, 1, "the lessons file is kept for offline use");
    const adults = /kite-(staff|parents|present)-|\/(staff|parents|present)\.html$/;
    assert.ok(!(await cachedPaths(tablet)).some((p) => adults.test(p)), "no adults' bundle in the tablet's cache");
    assert.ok(!tablet.requests.some((u) => adults.test(u)), "nor downloaded");

    const board = await openPage(browser, server, { context: boardContext });
    await board.goto("/present");
    await appReady(board);
    await board.evaluate(() => navigator.serviceWorker.ready);
    await until(board, "the presenter's bundle is stored", async () => (await caches.match("/present.html")) !== undefined);
    await server.stop();

    // Offline, the whiteboard presents a lesson it never opened online, pictures and all.
    await board.goto("/present/kind-online");
    await board.getByTestId("counter").waitFor();
    await board.locator(".slide-picture").waitFor();
    assert.ok(await pictureShown(board), "the slide's picture is there offline");
    await screenshot(board, "offline-presenter");
    // The tablet, offline, has no staff pages: it says so instead of failing to load.
    await tablet.goto("/staff");
    await tablet.getByRole("heading", { name: "This page needs the school's network" }).waitFor();
    await tablet.goto("/learn/kind-words");
    await tablet.locator(".slide-picture").waitFor();
  } finally {
    await tabletContext.close();
    await boardContext.close();
    await server.stop();
    server.cleanup();
  }
});

test("a tablet set to Polish starts in Polish with the server down; an English tablet never downloads the Polish or Urdu words", async () => {
  const server = await startServer();
  browser ??= await launch();
  const english = await browser.newContext({ viewport: TABLET, baseURL: server.url });
  const polish = await browser.newContext({ viewport: TABLET, baseURL: server.url });
  const words = /\/strings-(pl|ur)-[0-9a-f]{16}\.json$/;
  try {
    const page = await openPage(browser, server, { context: english });
    await page.goto("/");
    await appReady(page);
    await versionStored(page);
    await page.goto("/learn");
    await page.getByRole("heading", { name: "Learn" }).waitFor();
    assert.ok(!page.requests.some((u) => words.test(u)), "an English tablet fetches no other language's words");
    assert.ok(!(await cachedPaths(page)).some((p) => words.test(p)), "nor keeps them");

    const tablet = await openPage(browser, server, { context: polish });
    await tablet.goto("/");
    await appReady(tablet);
    await versionStored(tablet);
    await tablet.getByTestId("language-pl").click();
    await tablet.getByRole("heading", { name: "Cześć! Co chcesz zrobić?" }).waitFor();
    const kept = (await cachedPaths(tablet)).filter((p) => words.test(p));
    assert.deepEqual(kept.map((p) => p.split("-")[1]), ["pl"], "the Polish words are kept for offline use, only they");
    await server.stop();

    // Offline, every kiosk page starts in Polish: the words are one file for all of them.
    await tablet.goto("/learn");
    await tablet.getByRole("heading", { name: "Ucz się" }).waitFor();
    await tablet.goto("/");
    await tablet.getByRole("heading", { name: "Cześć! Co chcesz zrobić?" }).waitFor();
    assert.equal(await tablet.locator("html").getAttribute("lang"), "pl-PL");
    assert.deepEqual(await tablet.evaluate(() => window.__kiteMissing ?? []), [], "nothing fell back to English");
    await screenshot(tablet, "offline-home-polish");
  } finally {
    await english.close();
    await polish.close();
    await server.stop();
    server.cleanup();
  }
});

test("a parent's phone set to Polish opens the parents' page in Polish with the server down", async () => {
  const server = await startServer();
  browser ??= await launch();
  const phone = await browser.newContext({ viewport: PHONE, baseURL: server.url });
  const words = /^\/parents-strings-pl-[0-9a-f]{16}\.json$/;
  const heading = () => page.getByRole("heading", { name: "Dla rodziców i opiekunów" });
  let page;
  try {
    page = await openPage(browser, server, { context: phone });
    await page.goto("/parents");
    await appReady(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await until(page, "the parents' page is kept", async () => (await caches.match("/parents.html")) !== undefined);
    // The parents' words are a file of their own, fetched only once Polish is chosen.
    assert.ok(!page.requests.some((u) => words.test(new URL(u).pathname)), "no Polish words fetched in English");
    await page.getByTestId("language-pl").click();
    await heading().waitFor();
    assert.equal((await cachedPaths(page)).filter((p) => words.test(p)).length, 1, "the Polish words are kept for offline use");
    await server.stop();

    await page.reload();
    await heading().waitFor();
    assert.equal(await page.locator("html").getAttribute("lang"), "pl-PL");
    assert.deepEqual(await page.evaluate(() => window.__kiteMissing ?? []), [], "nothing fell back to English");
  } finally {
    await phone.close();
    await server.stop();
    server.cleanup();
  }
});

/**
 * A copy of the built app as if it were a new release: the wasm and its JS loader get new hashed
 * names (same bytes, so Trunk's integrity hashes still hold). With `broken`, the index names files
 * that aren't there, like a half-finished deploy.
 */
function newRelease({ broken = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "kite-dist-"));
  cpSync(DIST, dir, { recursive: true });
  let index = readFileSync(join(dir, "index.html"), "utf8");
  const old = index.match(/kite-home-([0-9a-f]{8,16})\.js/)[1];
  const fresh = [...old].reverse().join("") === old ? "0123456789abcdef" : [...old].reverse().join("");
  for (const name of readdirSync(dir).filter((n) => n.includes(old))) {
    const target = join(dir, name.replace(old, fresh));
    if (broken) rmSync(join(dir, name)); else renameSync(join(dir, name), target);
  }
  index = index.replaceAll(old, fresh);
  writeFileSync(join(dir, "index.html"), index);
  for (const ext of [".br", ".gz"]) rmSync(join(dir, `index.html${ext}`), { force: true });
  return { dir, wasm: `/kite-home-${fresh}_bg.wasm`, oldWasm: `/kite-home-${old}_bg.wasm` };
}

test("a new version is taken whole or not at all: a broken deploy never replaces the working offline copy", async () => {
  const broken = newRelease({ broken: true });
  const next = newRelease();
  let server = await startServer();
  const port = Number(new URL(server.url).port);
  const { dataDir } = server;
  const context = await (browser ??= await launch()).newContext({ viewport: TABLET, baseURL: server.url });
  // The home bundle's wasm (the release below renames only that one).
  const cachedWasm = (page) => page.evaluate(async () =>
    (await (await caches.open("kite-v4")).keys()).map((r) => new URL(r.url).pathname)
      .filter((p) => p.startsWith("/kite-home-") && p.endsWith(".wasm")));
  try {
    const page = await openPage(browser, server, { context });
    await page.goto("/");
    await appReady(page);
    await versionStored(page);
    assert.deepEqual(await cachedWasm(page), [next.oldWasm]);

    // A deploy whose files are missing: online the page can't start, but offline the tablet
    // still has the whole previous version.
    await server.stop();
    server = await startServer({ dataDir, port, dist: broken.dir });
    await page.goto("/");
    await page.waitForTimeout(1500);
    await server.stop();
    await page.goto("/tell");
    await appReady(page);
    assert.deepEqual(await cachedWasm(page), [next.oldWasm], "the old version is kept whole");

    // A good release is fetched whole, replaces the old one, and is what starts offline.
    server = await startServer({ dataDir, port, dist: next.dir });
    await page.goto("/");
    await appReady(page);
    await until(page, "the new wasm is stored", async (wasm) =>
      (await (await caches.open("kite-v4")).keys()).some((r) => r.url.endsWith(wasm)), next.wasm);
    await until(page, "the stored home page loads the new wasm", async (wasm) => {
      const cache = await caches.open("kite-v4");
      return (await (await cache.match("/index.html")).text()).includes(wasm.slice(1, -"_bg.wasm".length));
    }, next.wasm);
    await server.stop();
    await page.goto("/tell");
    await appReady(page);
    assert.deepEqual(await cachedWasm(page), [next.wasm], "only the new version's wasm is kept");
    const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname));
    assert.ok(loaded.includes(next.wasm), "the page offline runs the new version");
  } finally {
    await context.close();
    await server.stop();
    server.cleanup();
    for (const d of [broken.dir, next.dir]) rmSync(d, { recursive: true, force: true });
  }
});
