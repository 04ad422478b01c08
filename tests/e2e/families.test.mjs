// A family at home, in real Chromium against a real server: a parent with two children at the
// school (Amira in Hedgehogs, Cara in Owls) opens the first child's letter on their phone, adds
// the second child with the code from the other letter, and moves between their pages without
// signing in again. Then the parents' pages in Polish and in Urdu (right to left): every word
// of Kite's own translated, axe clean, and the choice kept on the phone. Signing out ends the
// sign-in for both children. The printed letter says, in each language, how to choose it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, openPage, screenshot, staffSignIn, seedClass, parentLetters as letters, PHONE } from "./harness.mjs";
import { axeViolations } from "./a11y-helpers.mjs";

const PASSWORD = "correct horse battery staple";
const ADMIN = "admin@school.example";

let server, browser, hedgehogs, owls;
before(async () => {
  server = await startServer();
  browser = await launch();
  server.admin("staff", "add", ADMIN, "--role", "admin", "--name", "Mr Patel", "--password-stdin", { input: `${PASSWORD}\n` });
  hedgehogs = seedClass(server, { name: "Hedgehogs", band: "ks1", pupils: [["Amira", "B"], ["Ben", "C"]] });
  owls = seedClass(server, { name: "Owls", band: "ks2", pupils: [["Cara", "B"]] });
  server.seed("agreements");
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

const missing = (page) => page.evaluate(() => window.__kiteMissing ?? []);
const html = (page, attr) => page.locator("html").getAttribute(attr);

let family;
test("the letter says in English, Polish and Urdu how to choose the page's language", async () => {
  const { page } = await staffSignIn(browser, server, ADMIN, PASSWORD);
  family = { ...(await letters(page, hedgehogs.classId)), ...(await letters(page, owls.classId)) };
  const lines = family.Amira.languages;
  assert.deepEqual(lines.map(([lang, dir]) => [lang, dir]), [["en-GB", ""], ["pl-PL", ""], ["ur-PK", "rtl"]]);
  assert.match(lines[0][2], /English, Polish and Urdu/);
  assert.match(lines[1][2], /wybierz język/);
  assert.match(lines[2][2], /اپنی زبان/);
  await page.emulateMedia({ media: "print" });
  await screenshot(page, "families-letter-print");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a parent with two children signs in once and sees each child's page", async () => {
  assert.ok(family?.Cara, "letters were made");
  const context = await browser.newContext({ viewport: PHONE, baseURL: server.url, hasTouch: true, isMobile: true });
  const page = await openPage(browser, server, { context });
  await page.goto(family.Amira.link);
  await page.getByTestId("aup-statements").waitFor();
  assert.equal(await page.getByTestId("child-heading").textContent(), "Amira's page");
  // One child: no picker.
  assert.equal(await page.getByTestId("child-picker").count(), 0);

  // A wrong code for the second child: why, and still signed in for the first.
  const add = page.getByTestId("add-child");
  await add.locator("summary").click();
  await add.getByLabel("The code on their letter").fill("ABCD-EFGH-JKMN");
  await add.getByRole("button", { name: "Add this child" }).click();
  await page.getByTestId("add-child-error").waitFor();
  assert.match(await page.getByTestId("add-child-error").textContent(), /doesn't match a letter/);
  assert.equal(await page.getByTestId("child-heading").textContent(), "Amira's page");

  await add.getByLabel("The code on their letter").fill(family.Cara.code.toLowerCase());
  await add.getByRole("button", { name: "Add this child" }).click();
  await page.getByTestId("child-picker").waitFor();
  await page.getByText("Cara is in Owls").waitFor();
  assert.equal(await page.getByTestId("child-heading").textContent(), "Cara's page");
  const buttons = page.getByTestId("child-picker").getByRole("button");
  assert.deepEqual(await buttons.allTextContents(), ["Amira", "Cara"]);
  assert.equal(await buttons.nth(1).getAttribute("aria-pressed"), "true");
  await screenshot(page, "families-phone-second-child");

  // Cara's photo choice is Cara's: the server stores it against her only.
  const website = page.getByTestId("photo-website");
  await website.getByRole("button", { name: "Yes" }).click();
  await website.getByTestId("consent-saved").filter({ hasText: "Saved" }).waitFor();
  assert.deepEqual(server.show("photo-consent", owls.pupils.Cara), { website: true });
  assert.deepEqual(server.show("photo-consent", hedgehogs.pupils.Amira), {});

  await buttons.nth(0).click();
  await page.getByText("Amira is in Hedgehogs").waitFor();
  assert.equal(await page.getByTestId("child-heading").textContent(), "Amira's page");
  // Opening the page again keeps both children (one session).
  await page.reload();
  await page.getByTestId("child-picker").waitFor();
  assert.deepEqual(await buttons.allTextContents(), ["Amira", "Cara"]);
  // The one error the browser logged is the wrong code's answer.
  assert.deepEqual(page.errors, ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
  await context.close();
});

test("the parents' pages in Polish and in Urdu, right to left, kept on the phone", async () => {
  const context = await browser.newContext({ viewport: PHONE, baseURL: server.url, hasTouch: true, isMobile: true });
  const page = await openPage(browser, server, { context });
  await page.goto("/parents");
  await page.getByTestId("language-pl").click();
  await page.locator("#parent-code").waitFor();
  assert.equal(await html(page, "lang"), "pl-PL");
  assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Dla rodziców i opiekunów");
  assert.deepEqual(await missing(page), []);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "families-phone-code-pl");

  await page.locator("#parent-code").fill(family.Amira.code);
  await page.getByRole("button", { name: "Otwórz stronę mojego dziecka" }).click();
  await page.getByTestId("aup-statements").waitFor();
  const add = page.getByTestId("add-child");
  await add.locator("summary").click();
  await add.getByLabel("Kod z listu tego dziecka").fill(family.Cara.code);
  await add.getByRole("button", { name: "Dodaj to dziecko" }).click();
  await page.getByTestId("child-picker").waitFor();
  assert.equal(await page.getByTestId("child-heading").textContent(), "Strona: Cara");
  await page.getByTestId("corner-empty").waitFor();
  for (const d of await page.locator("details").all()) await d.locator("summary").click();
  assert.deepEqual(await missing(page), []);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "families-phone-child-pl");

  // Urdu: the whole page runs right to left, and the choice is kept for the next visit.
  await page.getByTestId("language-ur").click();
  await page.getByTestId("aup-statements").waitFor();
  assert.equal(await html(page, "lang"), "ur-PK");
  assert.equal(await html(page, "dir"), "rtl");
  assert.equal(await page.getByTestId("child-heading").textContent(), "Cara کا صفحہ");
  assert.equal(await page.getByTestId("child-heading").evaluate((el) => getComputedStyle(el).direction), "rtl");
  // The school's own English words inside it still run left to right, full stops at the end.
  for (const id of ["aup-statements", "home-school"]) {
    const el = page.getByTestId(id);
    assert.equal(await el.getAttribute("lang"), "en", id);
    assert.equal(await el.evaluate((e) => getComputedStyle(e).direction), "ltr", id);
  }
  await page.getByTestId("corner-empty").waitFor();
  for (const d of await page.locator("details").all()) await d.locator("summary").click();
  assert.deepEqual(await missing(page), []);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "families-phone-child-ur");
  await page.reload();
  await page.getByTestId("aup-statements").waitFor();
  assert.equal(await html(page, "dir"), "rtl");

  // Signing out ends it for both children: neither page opens with the old session.
  await page.getByRole("button", { name: "سائن آؤٹ" }).click();
  await page.locator("#parent-code").waitFor();
  const after = await page.evaluate(async (ids) => Promise.all(ids.map(async (id) =>
    (await fetch(`/api/v1/parents/child?child=${id}`)).status)), [hedgehogs.pupils.Amira, owls.pupils.Cara]);
  assert.deepEqual(after, [401, 401]);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "families-phone-code-ur");
  // The only errors the browser logged are the two refusals this test asked for.
  const refused = "Failed to load resource: the server responded with a status of 401 (Unauthorized)";
  assert.deepEqual(page.errors, [refused, refused]);
  await context.close();
});
