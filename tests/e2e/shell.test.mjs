// The app shell in real Chromium: the pupil home, every route, no errors, nothing off-origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, launch, openPage, appReady, screenshot, foreignRequests, staffSignIn, TABLET, WHITEBOARD, followStaffLink,
} from "./harness.mjs";

const ROUTES = [
  ["/", "Hello! What would you like to do?", true],
  ["/learn", "Learn", true],
  ["/tell", "Tell a trusted adult", true],
  ["/aup", "Our rules", true],
  ["/present", "Present a lesson", false],
  ["/parents", "For parents and carers", false],
  ["/staff", "Staff", false],
  ["/setup", "Tablet set-up", false],
];

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

test("the pupil home shows three big picture buttons", async () => {
  const page = await openPage(browser, server);
  await page.goto("/");
  await appReady(page);
  const cards = page.locator(".home-cards a");
  assert.deepEqual(await cards.allInnerTexts(), ["Learn", "Tell a trusted adult", "Our rules"]);
  for (const card of await cards.all()) {
    const box = await card.boundingBox();
    assert.ok(box.width >= 200 && box.height >= 200, `big enough to tap: ${JSON.stringify(box)}`);
    assert.equal(await card.locator("svg").count(), 1, "each has a picture");
  }
  assert.deepEqual(page.errors, []);
});

for (const [name, viewport] of [["tablet", TABLET], ["whiteboard", WHITEBOARD]]) {
  test(`every route loads with a heading, a way home and no errors (${name})`, async () => {
    const page = await openPage(browser, server, { viewport });
    // Chromium warns on a page whose preloads carry an `integrity` it ignores.
    const warnings = [];
    page.on("console", (m) => { if (m.type() === "warning") warnings.push(m.text()); });
    for (const [route, heading, pupilPage] of ROUTES) {
      await page.goto(route);
      await appReady(page);
      const h1 = page.locator("h1").first();
      assert.equal((await h1.textContent()).trim(), heading, route);
      assert.ok(await page.locator('a[href="/"]').first().isVisible(), `${route} has a way home`);
      const tell = page.getByTestId("tell-button");
      if (pupilPage) {
        assert.ok(await tell.isVisible(), `${route} shows the Tell button`);
        const box = await tell.boundingBox();
        assert.ok(box.x + box.width > viewport.width - 40 && box.y < 40, `${route}: Tell button top right`);
        assert.ok(box.height >= 48, "Tell button is a big target");
      }
      await screenshot(page, `shell-${name}${route === "/" ? "-home" : route.replaceAll("/", "-")}`);
    }
    assert.deepEqual(page.errors, [], "no console errors");
    assert.deepEqual(warnings.filter((w) => /integrity|preload/i.test(w)), [], "no warnings about preloads");
    assert.deepEqual(foreignRequests(page, server), [], "no request leaves the origin");
  });
}

test("links between bundles load the bundle that owns the page", async () => {
  const page = await openPage(browser, server);
  const bundles = () => page.evaluate(() =>
    performance.getEntriesByType("resource").map((e) => e.name).filter((u) => u.endsWith("_bg.wasm"))
      .map((u) => new URL(u).pathname.replace(/-[0-9a-f]{8,16}_bg\.wasm$/, "")));
  await page.goto("/staff");
  await page.getByLabel("Email").waitFor();
  assert.deepEqual(await bundles(), ["/kite-staff"], "the staff page is the staff bundle");
  // "Pupil home" on an adults' page: the router can't show it, so the home bundle is loaded.
  await page.getByRole("link", { name: "Pupil home" }).click();
  await page.getByRole("heading", { name: "Hello! What would you like to do?" }).waitFor();
  assert.deepEqual(await bundles(), ["/kite-home"], "the pupil home is the home bundle");
  // The pupil home's cards lead to the learn and our-rules bundles, and back.
  await page.getByTestId("home-learn").click();
  await page.getByRole("heading", { name: "Learn" }).waitFor();
  assert.deepEqual(await bundles(), ["/kite-learn"], "Learn is the learn bundle");
  await page.goBack();
  await page.getByTestId("home-rules").click();
  await page.getByRole("heading", { name: "Our rules" }).waitFor();
  assert.deepEqual(await bundles(), ["/kite-aup"], "our rules is the AUP bundle");
  // An address nobody has: the home bundle's not-found page, whichever bundle it was typed on.
  await page.evaluate(() => { history.pushState({}, "", "/nowhere"); dispatchEvent(new PopStateEvent("popstate")); });
  await page.getByRole("link", { name: "Back to the start" }).waitFor();
  assert.deepEqual(await bundles(), ["/kite-home"]);
  // And an address typed on the kiosk that belongs to the adults goes back the other way.
  await page.evaluate(() => { history.pushState({}, "", "/present"); dispatchEvent(new PopStateEvent("popstate")); });
  await page.getByRole("heading", { name: "Present a lesson" }).waitFor();
  assert.deepEqual(await bundles(), ["/kite-present"]);
  // A parent's phone gets the parents' page alone, none of the staff pages or the presenter.
  await page.goto("/parents");
  await appReady(page);
  assert.deepEqual(await bundles(), ["/kite-parents"]);
  assert.deepEqual(page.errors, []);
});

test("Back and Forward between two pages of one pupil bundle, in the same document, with their titles", async () => {
  const page = await openPage(browser, server);
  const titled = (title) => page.waitForFunction((t) => document.title === t, title);
  const at = () => new URL(page.url()).pathname;
  const tell = page.getByRole("heading", { level: 1, name: "Tell a trusted adult" });
  await page.goto("/");
  await appReady(page);
  // A mark on this document: gone if a page were loaded from the server again.
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.getByTestId("home-tell").click();
  await tell.waitFor();
  assert.equal(at(), "/tell");
  await titled("Tell a trusted adult \u00b7 Kite");
  await page.goBack();
  await page.getByTestId("home-learn").waitFor();
  assert.equal(at(), "/");
  await titled("Home \u00b7 Kite");
  await page.goForward();
  await tell.waitFor();
  await titled("Tell a trusted adult \u00b7 Kite");
  assert.equal(await page.evaluate(() => window.__sameDocument), true, "home and Tell are one document");

  // The learn bundle: a lesson, its "All lessons" link, and Back to the same lesson.
  await page.goto("/learn/private-information");
  await page.getByTestId("counter").waitFor();
  await page.waitForFunction(() => !["", "Learn \u00b7 Kite"].includes(document.title));
  const lesson = await page.title();
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.getByRole("link", { name: "All lessons" }).click();
  await titled("Learn \u00b7 Kite");
  assert.equal(at(), "/learn");
  assert.equal(await page.getByTestId("counter").count(), 0, "the list, not the lesson");
  await page.goBack();
  await page.getByTestId("counter").waitFor();
  assert.equal(at(), "/learn/private-information");
  await titled(lesson);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, "the list and a lesson are one document");
  assert.deepEqual(page.errors, []);
});

test("each staff page loads only its own staff bundle, and an admin's home is the tablets page", async () => {
  const password = "correct horse battery staple";
  server.admin("staff", "add", "bundles@school.example", "--role", "admin", "--name", "Ada Admin", "--password-stdin", { input: `${password}\n` });
  const { context, page } = await staffSignIn(browser, server, "bundles@school.example", password);
  const bundles = () => page.evaluate(() =>
    performance.getEntriesByType("resource").map((e) => e.name).filter((u) => u.endsWith("_bg.wasm"))
      .map((u) => new URL(u).pathname.replace(/-[0-9a-f]{8,16}_bg\.wasm$/, "")));
  // Signed in at /staff, the admin is sent on to the tablets (the admin bundle), in its place.
  await page.getByRole("heading", { name: "Tablets" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/staff/devices");
  assert.deepEqual(await bundles(), ["/kite-admin"]);
  const visits = [
    ["Classes", () => page.getByRole("heading", { name: "Classes", level: 1 }).waitFor(), "/kite-records"],
    ["Governors' report", () => page.getByTestId("governors-report").waitFor(), "/kite-oversight"],
    ["Your sign-in", () => page.getByTestId("two-step").waitFor(), "/kite-staff"],
    ["Staff accounts", () => page.getByRole("heading", { name: "Staff accounts" }).waitFor(), "/kite-admin"],
  ];
  for (const [link, shown, bundle] of visits) {
    await followStaffLink(page, link);
    await shown();
    assert.deepEqual(await bundles(), [bundle], `${link} is in ${bundle}`);
  }
  // Back goes to the page before, through the bundles, never to /staff (which sends on again).
  await page.goBack();
  await page.getByTestId("two-step").waitFor();
  assert.equal(new URL(page.url()).pathname, "/staff/password");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("every button and link on the pupil home is at least 48px", async () => {
  const page = await openPage(browser, server);
  await page.goto("/");
  await appReady(page);
  const small = await page.$$eval("main a, main button, header a, header button", (els) =>
    els.filter((e) => e.offsetParent !== null)
      .map((e) => ({ text: e.textContent.trim(), r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 48 || r.height < 48)
      .map(({ text, r }) => `${text} ${r.width}x${r.height}`));
  assert.deepEqual(small, []);
});

test("the app's font is served by the school server itself", async () => {
  const page = await openPage(browser, server);
  await page.goto("/");
  await appReady(page);
  await page.evaluate(() => document.fonts.ready);
  const loaded = await page.evaluate(() =>
    [...document.fonts].filter((f) => f.status === "loaded").map((f) => f.family));
  assert.ok(loaded.some((f) => f.includes("Atkinson Hyperlegible")), JSON.stringify(loaded));
  assert.ok(page.requests.some((u) => u.startsWith(server.url) && u.endsWith(".woff2")));
  assert.deepEqual(foreignRequests(page, server), []);
});

test("the server stops cleanly on SIGTERM", async () => {
  const other = await startServer();
  const code = new Promise((resolve) => other.process.once("exit", (c, signal) => resolve(c ?? signal)));
  other.process.kill("SIGTERM");
  assert.equal(await code, 0, "graceful shutdown exits 0");
  other.cleanup();
});
