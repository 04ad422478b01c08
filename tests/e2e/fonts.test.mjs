// The two big fonts (OpenDyslexic for the easy-read letters, Noto Nastaliq for Urdu) are not part
// of a tablet's install: each is fetched the first time the tablet needs it, then kept, both
// weights, so it still draws the page with the school server gone (public/sw.js, `onDemand` in
// scripts/precache-list.mjs).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, openPage, appReady, screenshot, until, TABLET } from "./harness.mjs";

let browser;
after(async () => { await browser?.close(); });

const DYSLEXIA = ["/public/fonts/opendyslexic-latin-400-normal.woff2", "/public/fonts/opendyslexic-latin-700-normal.woff2"];
const URDU = ["/public/fonts/noto-nastaliq-urdu-arabic-400-normal.woff2", "/public/fonts/noto-nastaliq-urdu-arabic-700-normal.woff2"];
const KIOSK_INDEXES = ["/index.html", "/learn.html", "/aup.html", "/setup.html"];

/** Which of `paths` the service worker's cache holds. */
const kept = (page, paths) => page.evaluate(async (list) => {
  const out = [];
  for (const p of list) if ((await caches.match(p)) !== undefined) out.push(p);
  return out;
}, paths);

/** Whether every one of `paths` is in the cache. */
const allKept = (page, what, paths) => until(page, what, async (list) => {
  for (const p of list) if ((await caches.match(p)) === undefined) return false;
  return true;
}, paths);

/** Loads `family` in both weights for `text` and answers how many faces drew it (0 if it failed). */
const loadedFaces = (page, family, text) => page.evaluate(async ({ family, text }) => {
  let faces = 0;
  for (const weight of [400, 700]) {
    try {
      faces += (await document.fonts.load(`${weight} 24px "${family}"`, text)).length;
    } catch {
      // A font that could not be fetched rejects: it counts as none.
    }
  }
  return faces;
}, { family, text });

/** A tablet online, its install done: answers { server, context, page }. */
async function installedTablet() {
  const server = await startServer();
  const context = await (browser ??= await launch()).newContext({ viewport: TABLET, baseURL: server.url });
  const page = await openPage(browser, server, { context });
  await page.goto("/");
  await appReady(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await allKept(page, "every kiosk bundle is stored", KIOSK_INDEXES);
  // Every font a page draws with: the one-time install is done and kept none of the big two.
  await page.evaluate(() => document.fonts.ready);
  assert.deepEqual(await kept(page, [...DYSLEXIA, ...URDU]), [], "the install fetched neither big font");
  const fontRequests = page.requests.filter((u) => /opendyslexic|nastaliq/.test(u));
  assert.deepEqual(fontRequests, [], "the home page in English asked for neither (the Urdu button included)");
  return { server, context, page };
}

test("easy-read letters: fetched when turned on, then used offline", async () => {
  const { server, context, page } = await installedTablet();
  try {
    await page.getByTestId("settings-button").click();
    await page.getByRole("button", { name: "Easy-read letters" }).click();
    await page.getByRole("button", { name: "Done" }).click();
    await allKept(page, "both OpenDyslexic weights are kept", DYSLEXIA);
    assert.deepEqual(await kept(page, URDU), [], "turning it on fetched no Urdu font");

    await server.stop();
    await page.reload();
    await appReady(page);
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains("font-dyslexic")));
    assert.equal(await loadedFaces(page, "OpenDyslexic", "Tell"), 2, "both weights draw offline");
    assert.match(await page.locator("main h1").first().evaluate((h) => getComputedStyle(h).fontFamily), /^"?OpenDyslexic/);
    await screenshot(page, "fonts-easy-read-offline");
    assert.deepEqual(page.errors.filter((e) => !/ERR_CONNECTION_REFUSED|Failed to fetch|NetworkError/.test(e)), []);
  } finally {
    await context.close();
    await server.stop();
    server.cleanup();
  }
});

test("Urdu: its font fetched when Urdu is chosen, then used offline", async () => {
  const { server, context, page } = await installedTablet();
  try {
    await page.getByTestId("language-ur").click();
    await page.waitForFunction(() => document.documentElement.lang === "ur-PK");
    await appReady(page);
    await allKept(page, "both Nastaliq weights are kept", URDU);
    assert.deepEqual(await kept(page, DYSLEXIA), [], "Urdu fetched no OpenDyslexic");

    await server.stop();
    await page.reload();
    await appReady(page);
    assert.equal(await loadedFaces(page, "Noto Nastaliq Urdu", "اردو"), 2, "both weights draw offline");
    await screenshot(page, "fonts-urdu-offline");
    assert.deepEqual(page.errors.filter((e) => !/ERR_CONNECTION_REFUSED|Failed to fetch|NetworkError/.test(e)), []);
  } finally {
    await context.close();
    await server.stop();
    server.cleanup();
  }
});
