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
import { presser, playScenario, playQuiz, playSort, activityKind } from "./lessons-helpers.mjs";

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

test("in Urdu a KS2 lesson, not translated, says it is in English, is read with an English voice, and keeps its full stops at the end", async () => {
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url, hasTouch: true });
  await recordSpeech(context, { voices: ["en-GB", "ur-PK"] });
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server));
  await page.getByLabel("KS2 (Years 3 to 6)").check();
  await page.goto("/");
  await appReady(page);
  await page.getByTestId("language-ur").click();
  await page.getByRole("heading", { name: "ہیلو! آپ کیا کرنا چاہیں گے؟" }).waitFor();

  await page.goto("/learn");
  await page.getByRole("heading", { name: "سیکھیں" }).waitFor();
  assert.equal(await page.locator(".lead").first().innerText(), "ایک سبق چنیں۔", "the Urdu full stop");
  const card = page.getByTestId("lesson-card").first();
  assert.match(await card.innerText(), /انگریزی میں/, "the card says the lesson is in English");
  assert.equal(await card.locator("span[lang=en]").count(), 1);
  await screenshot(page, "languages-learn-urdu");
  await page.evaluate(() => { window.__spoken.length = 0; window.__spokenLang.length = 0; });
  await card.click();
  await page.getByTestId("slide").waitFor();
  assert.equal(await page.getByTestId("lesson-in-english").innerText(), "یہ سبق انگریزی میں ہے۔");
  await page.waitForFunction(() => window.__spoken.length > 0);
  const langs = await page.evaluate(() => window.__spokenLang);
  assert.ok(langs.every((l) => l === "en-GB"), `an English lesson is read with an English voice: ${langs}`);
  // The lesson is in English: inside the Urdu page it runs left to right, so a sentence's
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

/** Every pupil-facing string of a lesson as the lessons file has it (as `kite_lessons::translate`). */
function pupilStrings(lesson) {
  const out = [lesson.title];
  for (const s of lesson.slides) out.push(s.text, s.read_aloud);
  for (const a of lesson.activities) {
    if (a.kind !== "quiz") out.push(a.prompt, a.read_aloud);
    for (const o of a.options ?? []) out.push(o.text, o.feedback);
    out.push(...(a.groups ?? []));
    for (const i of a.items ?? []) out.push(i.text, i.why);
    for (const q of a.questions ?? []) out.push(q.question, q.read_aloud, ...q.options, q.why);
  }
  return out;
}

/** The English of the lesson `id`, from the lessons file this page's index names. */
async function englishOf(page, id) {
  const lessons = await page.evaluate(async () =>
    (await fetch(document.getElementById("kite-lessons").getAttribute("href"))).json());
  return pupilStrings(lessons.find((l) => l.id === id));
}

/** Fails if any line on screen in the lesson (title and stage) is the lesson's English. */
async function noEnglishOnScreen(page, english, where) {
  const lines = (await page.locator("h1.lesson-title, [data-testid=stage]").allInnerTexts())
    .flatMap((t) => t.split("\n")).map((l) => l.trim()).filter(Boolean);
  for (const line of lines) {
    const fallback = english.find((en) => line === en || (en.length >= 12 && line.includes(en)));
    assert.equal(fallback, undefined, `${where}: "${line}" is the English`);
  }
}

/** An EYFS tablet with read-aloud on, set to `lang`, its voices `voices`. */
async function earlyYearsTablet(lang, voices, heading) {
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url, hasTouch: true });
  await recordSpeech(context, { voices });
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server));
  await page.getByLabel("EYFS (nursery and reception)").check();
  await page.goto("/");
  await appReady(page);
  await page.getByTestId(`language-${lang}`).click();
  await page.getByRole("heading", { name: heading }).waitFor();
  return { context, page };
}

/**
 * Plays the lesson on screen to its end by touch, checking every screen for English; screenshots
 * the first slide, each kind of activity once, and the end as `${shots}-…`.
 */
async function playInLanguage(page, english, { shots, tryAgainText }) {
  const press = presser(page, "tap");
  const seen = { tryAgainText };
  const kinds = [];
  for (let guard = 0; guard < 30; guard++) {
    if (await page.getByTestId("lesson-end").count()) break;
    const kind = await activityKind(page);
    if (kind) {
      await noEnglishOnScreen(page, english, `${kind} before answering`);
      if (kind === "scenario") await playScenario(page, press, seen);
      if (kind === "quiz") await playQuiz(page, press, seen);
      if (kind === "sort") await playSort(page, "tap", seen);
      await noEnglishOnScreen(page, english, `${kind} answered`);
      if (!kinds.includes(kind)) await screenshot(page, `${shots}-${kind}`);
      kinds.push(kind);
    } else {
      await page.getByTestId("slide").waitFor();
      await noEnglishOnScreen(page, english, "slide");
      if (guard === 0) await screenshot(page, `${shots}-slide`);
    }
    const counter = await page.getByTestId("counter").innerText();
    await press(page.getByTestId("next"));
    await page.waitForFunction((c) => document.querySelector("[data-testid=counter]")?.innerText !== c, counter);
  }
  await page.getByTestId("lesson-end").waitFor();
  await noEnglishOnScreen(page, english, "the end");
  await screenshot(page, `${shots}-end`);
  assert.ok(seen.tryAgain > 0, "a less-safe choice was met with a kind try-again");
  return kinds;
}

/** What was read aloud: every piece in `bcp47`'s voice, none of it the lesson's English. */
async function readInLanguage(page, english, bcp47) {
  const spoken = await page.evaluate(() => window.__spoken);
  const langs = await page.evaluate(() => window.__spokenLang);
  assert.ok(spoken.length > 5, `the lesson was read aloud: ${spoken.length} pieces`);
  assert.ok(langs.every((l) => l === bcp47), `read in ${bcp47}: ${[...new Set(langs)]}`);
  for (const s of spoken) {
    const fallback = english.find((en) => en.length >= 12 && s.includes(en));
    assert.equal(fallback, undefined, `read aloud in English: "${s}"`);
  }
  return spoken;
}

test("a Polish-speaking Reception child plays Tablet time in Polish, read aloud in Polish, with nothing in English", async () => {
  const { context, page } = await earlyYearsTablet("pl", ["en-GB", "pl-PL"], "Cześć! Co chcesz zrobić?");
  await page.goto("/learn");
  await page.getByRole("heading", { name: "Ucz się" }).waitFor();
  const cards = page.getByTestId("lesson-card");
  assert.equal(await cards.count(), 6);
  assert.equal(await page.locator(".lesson-card-language").count(), 0, "every EYFS lesson is in Polish");
  await screenshot(page, "languages-learn-polish");
  const english = await englishOf(page, "tablet-time");
  await cards.filter({ hasText: "Czas na tablet" }).tap();
  await page.getByRole("heading", { name: "Czas na tablet" }).waitFor();
  assert.equal(await page.getByTestId("lesson-in-english").count(), 0);
  assert.equal(await page.locator(".slide-text").innerText(), "To jest tablet.");

  const kinds = await playInLanguage(page, english, { shots: "languages-lesson-polish", tryAgainText: /Pomyśl jeszcze raz/ });
  assert.deepEqual([...new Set(kinds)], ["scenario", "sort", "discuss"]);
  assert.match(await page.getByTestId("closing-message").innerText(), /powiedz dorosłemu, któremu ufasz/);
  const spoken = await readInLanguage(page, english, "pl-PL");
  assert.ok(spoken.some((s) => s.startsWith("To jest tablet.")), "the first slide was read in Polish");
  assert.ok(spoken.some((s) => s.includes("Na kartach jest napisane: Bajka z dziadkiem")), "the sort's cards were read in Polish");
  assert.deepEqual(await missing(page), [], "nothing fell back to English");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("an Urdu-speaking Reception child plays Kind words in Urdu, right to left, read aloud in Urdu, with nothing in English", async () => {
  const { context, page } = await earlyYearsTablet("ur", ["en-GB", "ur-PK"], "ہیلو! آپ کیا کرنا چاہیں گے؟");
  await page.goto("/learn");
  await page.getByRole("heading", { name: "سیکھیں" }).waitFor();
  assert.equal(await page.locator(".lesson-card-language").count(), 0, "every EYFS lesson is in Urdu");
  const english = await englishOf(page, "kind-words");
  await page.getByTestId("lesson-card").filter({ hasText: "پیارے الفاظ" }).tap();
  await page.getByRole("heading", { name: "پیارے الفاظ" }).waitFor();
  const text = page.locator(".slide-text");
  assert.equal(await text.innerText(), "پیارے الفاظ سے ہمیں خوشی ملتی ہے۔");
  assert.equal(await text.evaluate((el) => getComputedStyle(el).direction), "rtl", "Urdu runs right to left");
  await page.waitForFunction(() => document.fonts.check('16px "Noto Nastaliq Urdu"', "ہے"));

  const kinds = await playInLanguage(page, english, { shots: "languages-lesson-urdu", tryAgainText: /ایک بار پھر سوچیں/ });
  assert.deepEqual([...new Set(kinds)], ["sort", "scenario"]);
  const spoken = await readInLanguage(page, english, "ur-PK");
  assert.ok(spoken.some((s) => s.startsWith("پیارے الفاظ سے ہمارے دل کو خوشی ملتی ہے۔")), "the first slide was read in Urdu");
  assert.deepEqual(await missing(page), [], "nothing fell back to English");
  assert.deepEqual(page.errors, []);
  await context.close();
});
