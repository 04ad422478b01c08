// Languages in real Chromium against a real server: a pupil picks Polski or اردو on the home
// page, the choice stays on the tablet, the report flow is in that language from start to
// "thank you" with nothing left in English, it is read aloud in that language when the tablet
// has a voice for it (and not read with English sounds when it hasn't), Urdu is laid out right
// to left, and the report reaches school exactly once.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, addDevice, storedReports, launch, openPage, appReady, enrolTablet, recordSpeech, screenshot, seedClass, TABLET,
} from "./harness.mjs";

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

async function tablet(voices) {
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url, hasTouch: true });
  await recordSpeech(context, { voices });
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server));
  await page.goto("/");
  await appReady(page);
  return { context, page };
}

const tap = (page, name) => page.getByRole("button", { name, exact: true }).click();
const missing = (page) => page.evaluate(() => window.__kiteMissing ?? []);

test("a pupil switches to Polish and tells a trusted adult in Polish, read aloud in Polish", async () => {
  const { context, page } = await tablet(["en-GB", "pl-PL"]);
  await page.getByTestId("language-pl").click();
  await page.getByRole("heading", { name: "Cześć! Co chcesz zrobić?" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "pl-PL");
  assert.equal(await page.getByTestId("language-pl").getAttribute("aria-pressed"), "true");
  await screenshot(page, "languages-home-polish");

  // The choice stays on the tablet: a fresh load is still in Polish.
  await page.goto("/tell");
  await page.getByRole("heading", { name: "Co się stało?" }).waitFor();
  const before = storedReports(server).length;
  await tap(page, "Ktoś był niemiły dla mnie albo dla kolegi");
  await tap(page, "W grze");
  await tap(page, "Smutno");
  await tap(page, "Dowolny dorosły");
  await page.getByRole("heading", { name: "Gotowe do wysłania?" }).waitFor();
  await page.getByTestId("send").click();
  await page.getByText("Dziękujemy, że nam mówisz.").first().waitFor();
  await page.getByText("Wysłane do szkoły").waitFor();
  await screenshot(page, "languages-tell-polish-sent");
  assert.equal(storedReports(server).length, before + 1, "stored once");

  const langs = await page.evaluate(() => window.__spokenLang);
  const spoken = await page.evaluate(() => window.__spoken);
  assert.ok(spoken.some((s) => s.startsWith("Co się stało?")), "the question is read in Polish");
  assert.ok(langs.length > 0 && langs.every((l) => l === "pl-PL"), `read with a Polish voice: ${langs}`);
  assert.deepEqual(await missing(page), [], "nothing fell back to English");
  await context.close();
});

test("in Urdu the pupil pages read right to left, and without an Urdu voice nothing is read in English sounds", async () => {
  const { context, page } = await tablet(["en-GB"]);
  await page.getByTestId("language-ur").click();
  await page.getByRole("heading", { name: "ہیلو! آپ کیا کرنا چاہیں گے؟" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("dir"), "rtl");
  assert.equal(await page.locator("html").getAttribute("lang"), "ur-PK");
  // Mirrored: the Tell button, top right in English, is top left.
  const tell = await page.getByTestId("tell-button").boundingBox();
  assert.ok(tell.x < TABLET.width / 2, `Tell button on the left in RTL: x=${tell.x}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= TABLET.width, `no sideways scrolling: ${width}px wide`);
  // Urdu letters are drawn with Kite's own Nastaliq font, not boxes.
  await page.waitForFunction(() => document.fonts.check('16px "Noto Nastaliq Urdu"', "ہے"));
  await screenshot(page, "languages-home-urdu");

  await page.goto("/tell");
  await page.getByRole("heading", { name: "کیا ہوا؟" }).waitFor();
  await tap(page, "کسی انجان شخص نے مجھ سے بات کی");
  await page.getByRole("heading", { name: "یہ کہاں ہوا؟" }).waitFor();
  await screenshot(page, "languages-tell-urdu");
  assert.deepEqual(await page.evaluate(() => window.__spoken), [], "no Urdu voice: not read in English sounds");
  await tap(page, "میسجز یا چیٹ میں");
  await tap(page, "پریشان");
  await tap(page, "کوئی بھی بڑا");
  await page.getByTestId("send").click();
  await page.getByText("اسکول کو بھیج دیا گیا").waitFor();
  assert.deepEqual(await missing(page), [], "nothing fell back to English");

  // And back to English, from the home page.
  await page.goto("/");
  await page.getByTestId("language-en").click();
  await page.getByRole("heading", { name: "Hello! What would you like to do?" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("dir"), "ltr");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("a KS1 pupil signs our rules in Urdu: the statements, buttons and thank-you are all in Urdu", async () => {
  seedClass(server, { name: "Rowan", band: "ks1", pupils: [["Zara", "K"], ["Omar", "S"]] });
  const { context, page } = await tablet(["en-GB", "ur-PK"]);
  await page.getByTestId("language-ur").click();
  await page.getByRole("heading", { name: "ہیلو! آپ کیا کرنا چاہیں گے؟" }).waitFor();
  await page.goto("/aup");
  await page.getByTestId("aup-class").filter({ hasText: "Rowan" }).click();
  await page.locator('[data-testid=aup-name][data-name="Zara"]').click();
  await page.getByRole("heading", { name: "ہمارے اصول" }).waitFor();
  const first = await page.locator("[data-testid=aup-statement] .question").innerText();
  assert.equal(first, "آن لائن جانے سے پہلے میں کسی بڑے سے پوچھوں۔", "Kite's own statement, in Urdu");
  await screenshot(page, "languages-aup-urdu-statement");
  let agreed = 0;
  while (await page.getByTestId("aup-statement").isVisible().catch(() => false)) {
    await page.getByRole("button", { name: "میں متفق ہوں" }).click();
    agreed += 1;
    if (agreed > 10) throw new Error("too many statements");
    await page.waitForTimeout(50);
  }
  assert.equal(agreed, 5);
  await page.getByTestId("aup-initials").fill("ZK");
  await page.getByRole("button", { name: "دستخط کریں" }).click();
  await page.getByText("شکریہ، Zara!").waitFor();
  assert.ok((await page.evaluate(() => window.__spokenLang)).every((l) => l === "ur-PK"));
  assert.deepEqual(await missing(page), [], "nothing fell back to English");
  await screenshot(page, "languages-aup-urdu-thanks");
  await context.close();
});

test("in Urdu the Learn page's heading is Urdu, and a lesson's English sentences keep their full stops at the end", async () => {
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url, hasTouch: true });
  await recordSpeech(context);
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server));
  await page.getByLabel("EYFS (nursery and reception)").check();
  await page.goto("/");
  await appReady(page);
  await page.getByTestId("language-ur").click();
  await page.getByRole("heading", { name: "ہیلو! آپ کیا کرنا چاہیں گے؟" }).waitFor();

  await page.goto("/learn");
  await page.getByRole("heading", { name: "سیکھیں" }).waitFor();
  assert.equal(await page.locator(".lead").first().innerText(), "ایک سبق چنیں۔", "the Urdu full stop");
  await screenshot(page, "languages-learn-urdu");
  await page.getByTestId("lesson-card").first().click();
  await page.getByTestId("slide").waitFor();
  // The lessons are in English: inside the Urdu page they run left to right, so a sentence's
  // full stop is drawn at its right-hand end, after its last word.
  const text = page.locator(".slide-text");
  assert.equal(await text.evaluate((el) => getComputedStyle(el).direction), "ltr");
  const stopAtEnd = await text.evaluate((el) => {
    const node = el.firstChild;
    const at = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
    const last = node.textContent.trimEnd().length - 1;
    return node.textContent[last] !== "." || at(last).left > at(last - 1).left;
  });
  assert.ok(stopAtEnd, "the full stop comes after the last word");
  assert.equal(await page.locator("h1.lesson-title").evaluate((el) => getComputedStyle(el).direction), "ltr");
  // "1 / 9" stays "1 / 9", not "9 / 1"; the help line ends with the Urdu full stop, after 999.
  assert.equal(await page.getByTestId("counter").evaluate((el) => getComputedStyle(el).direction), "ltr");
  assert.match(await page.locator(".help-strip").innerText(), /999\s*۔/);
  const childline = page.locator(".help-strip strong", { hasText: "0800 1111" });
  assert.equal(await childline.evaluate((el) => getComputedStyle(el).direction), "ltr", "0800 1111, not 1111 0800");
  await screenshot(page, "languages-lesson-urdu");
  assert.deepEqual(page.errors, []);
  await context.close();
});
