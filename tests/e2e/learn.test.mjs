// The pupil lesson player in real Chromium against a real server: one lesson of each band
// played through every activity in it, by touch, by keyboard only, and by mouse with dragging;
// kind feedback; the ending that points to "Tell a trusted adult"; and the completion record
// reaching the server through the outbox.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, addDevice, seedClass, launch, openPage, appReady, enrolTablet, screenshot, foreignRequests,
  recordSpeech, TABLET, WHITEBOARD,
} from "./harness.mjs";
import {
  shippedLessons, storedLessons, presser, tabTo, playScenario, playQuiz, playSort, activityKind,
} from "./lessons-helpers.mjs";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
  seedClass(server, { name: "Robins – Reception", band: "eyfs", pupils: [] });
  seedClass(server, { name: "Oak – Year 2", band: "ks1", pupils: [] });
  seedClass(server, { name: "Ash – Year 6", band: "ks2", pupils: [] });
  seedClass(server, { name: "Elm", band: "ks2", year: "Year 4", pupils: [] });
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

/** A tablet enrolled on the server, with its class's band and name set in /setup. */
async function newTablet({ viewport = TABLET, touch = false, band, className } = {}) {
  const context = await browser.newContext({ viewport, baseURL: server.url, hasTouch: touch });
  await recordSpeech(context, { voices: ["en-GB"] }); // a tablet with an English voice installed
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server));
  if (band) await page.getByLabel(band).check();
  if (className) {
    await page.locator("#tablet-class option", { hasText: className }).waitFor({ state: "attached" });
    await page.selectOption("#tablet-class", { label: className });
  }
  return { context, page };
}

/**
 * Plays the lesson on screen to its end: Next through the slides, every activity until it is
 * done (screenshotting each kind once), then Next to the end. Returns the kinds played.
 */
async function playLesson(page, how, { shots = "", seen = {} } = {}) {
  const press = presser(page, how === "drag" ? "click" : how);
  const kinds = [];
  for (let guard = 0; guard < 30; guard++) {
    if (await page.getByTestId("lesson-end").count()) return kinds;
    const kind = await activityKind(page);
    if (kind) {
      kinds.push(kind);
      seen.answers?.push({ kind, answers: await answerPictures(page) });
      // The first less-safe choice in each activity: how kind "try again" looks.
      seen.onTryAgain = shots ? async () => {
        seen.onTryAgain = null;
        await screenshot(page, `${shots}-${kind}-try-again`);
      } : null;
      if (kind === "scenario") await playScenario(page, press, seen);
      if (kind === "quiz") await playQuiz(page, press, seen);
      if (kind === "sort") await playSort(page, how, seen);
      if (shots) await screenshot(page, `${shots}-${kind}`);
      if (kind === "sort") await nextOnFirstScreen(page);
    } else {
      await page.getByTestId("slide").waitFor();
    }
    const counter = await page.getByTestId("counter").innerText();
    await press(page.getByTestId("next"));
    await page.waitForFunction((c) => document.querySelector("[data-testid=counter]")?.innerText !== c, counter);
  }
  throw new Error("the lesson never ended");
}

/** Each answer on screen (a choice or a card to sort): its words and its picture, once loaded. */
async function answerPictures(page) {
  const answers = "[data-testid=option], [data-testid=sort-card]";
  await page.waitForFunction((sel) => [...document.querySelectorAll(sel)]
    .every((b) => !b.querySelector("img") || b.querySelector("img").complete), answers);
  return page.locator(answers).evaluateAll((buttons) => buttons.map((b) => {
    const img = b.querySelector("img.answer-picture");
    return { text: b.innerText.trim(), picture: img?.naturalWidth > 0 ? img.getAttribute("src") : null };
  }));
}

/** After a sort, Next is on the first screenful: a child never scrolls to find it. */
async function nextOnFirstScreen(page) {
  await page.evaluate(() => window.scrollTo(0, 0));
  const { bottom, height } = await page.getByTestId("next").evaluate((el) =>
    ({ bottom: el.getBoundingClientRect().bottom, height: window.innerHeight }));
  assert.ok(bottom <= height, `Next is on screen without scrolling: its bottom at ${bottom}px of ${height}px`);
}

async function checkEnding(page, band) {
  const message = await page.getByTestId("closing-message").innerText();
  assert.match(message, band === "eyfs" ? /tell a grown-up you trust/ : /tell a trusted adult/);
  const tell = page.getByTestId("end-tell");
  assert.equal(await tell.getAttribute("href"), "/tell");
  const box = await tell.boundingBox();
  assert.ok(box.height >= 72, `a big Tell button: ${JSON.stringify(box)}`);
}

async function waitForRecord(lessonId, by = "pupil") {
  for (let i = 0; i < 50; i++) {
    const found = storedLessons(server).filter((r) => r.lesson_id === lessonId && r.by === by);
    if (found.length) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no ${by} record for ${lessonId} reached the server`);
}

test("EYFS by touch: a five-year-old taps through Tablet time, hears it, and it is recorded", async () => {
  const { context, page } = await newTablet({ touch: true, band: "EYFS (nursery and reception)", className: "Robins – Reception" });
  await page.goto("/learn");
  await appReady(page);
  const cards = page.getByTestId("lesson-card");
  assert.equal(await cards.count(), 6, "the six EYFS lessons");
  await screenshot(page, "learn-tablet-eyfs-lessons");
  await cards.filter({ hasText: "Tablet time" }).tap();
  await page.getByTestId("slide").waitFor();
  assert.equal(await page.getByTestId("counter").innerText(), "1 / 9");
  const fontSize = await page.locator(".slide-text").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(fontSize >= 24, `slide text is big: ${fontSize}px`);
  await screenshot(page, "learn-tablet-slide");

  const seen = { answers: [] };
  const kinds = await playLesson(page, "tap", { shots: "learn-tablet", seen });
  assert.deepEqual(kinds, ["scenario", "sort", "discuss"]);
  // A child who can't read yet chooses by the picture: every answer has one, and no two
  // answers to the same question share one.
  for (const { kind, answers } of seen.answers.filter((a) => a.kind !== "discuss")) {
    assert.ok(answers.length > 0, kind);
    for (const a of answers) assert.ok(a.picture, `${kind}: "${a.text}" has a picture`);
    assert.equal(new Set(answers.map((a) => a.picture)).size, answers.length, `${kind}: pictures differ`);
  }
  assert.ok(seen.tryAgain > 0, "a less-safe choice was met with a kind try-again");
  await checkEnding(page, "eyfs");
  await screenshot(page, "learn-tablet-end");

  const spoken = await page.evaluate(() => window.__spoken);
  assert.ok(spoken.some((s) => s.startsWith("This is a tablet.")), `the first slide was read: ${JSON.stringify(spoken.slice(0, 3))}`);
  assert.ok(spoken.some((s) => s.includes("A box pops up")), "the scenario was read");
  assert.ok(spoken.some((s) => s.startsWith("Good try.")), "feedback was read");
  assert.ok(spoken.some((s) => s.includes("The cards say: A cartoon with Grandad")), "the sort cards were read");

  const records = await waitForRecord("tablet-time");
  assert.equal(records.length, 1, "recorded once");
  assert.equal(records[0].band, "eyfs");
  assert.equal(records[0].class_label, "Robins – Reception");
  assert.deepEqual(Object.keys(records[0]).sort(),
    ["band", "by", "class_label", "completed_at_ms", "device_id", "id", "lesson_id", "received_at_ms"],
    "no pupil data");
  await page.getByTestId("end-tell").tap();
  await page.waitForURL(`${server.url}/tell`);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(foreignRequests(page, server), []);
  await context.close();
});

test("KS1 by keyboard only: Tab, Enter and Space through Being kind online", async () => {
  const { context, page } = await newTablet({ band: "KS1 (Years 1 and 2)", className: "Oak – Year 2" });
  await page.goto("/learn");
  await appReady(page);
  const press = presser(page, "keys");
  await press(page.locator('[data-lesson="kind-online"]'));
  await page.getByTestId("slide").waitFor();
  // Focus is visible on whatever the keyboard reaches.
  await tabTo(page, page.getByTestId("next"));
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, "solid", "a visible focus ring");
  const seen = {};
  const kinds = await playLesson(page, "keys", { shots: "learn-tablet-keys", seen });
  assert.deepEqual(kinds.sort(), ["quiz", "scenario", "sort"]);
  await checkEnding(page, "ks1");
  const records = await waitForRecord("kind-online");
  assert.equal(records[0].class_label, "Oak – Year 2");
  assert.equal(records[0].band, "ks1");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("KS2 with no band set: the pupil picks one, sorts by dragging, and finishes Fake news", async () => {
  const { context, page } = await newTablet({ className: "Ash – Year 6" });
  await page.goto("/learn");
  await appReady(page);
  await screenshot(page, "learn-tablet-band-picker");
  await page.getByTestId("band-ks2").click();
  assert.equal(await page.getByTestId("lesson-card").count(), shippedLessons().filter((l) => l.band === "ks2").length);
  await page.locator('[data-lesson="fake-news"]').click();
  await page.getByTestId("slide").waitFor();
  const seen = {};
  const kinds = await playLesson(page, "drag", { shots: "learn-tablet-drag", seen });
  assert.deepEqual(kinds, ["sort", "scenario", "quiz"]);
  assert.ok(seen.dragged > 0, "cards were dragged");
  await checkEnding(page, "ks2");
  const records = await waitForRecord("fake-news");
  assert.equal(records[0].band, "ks2");
  assert.deepEqual(page.errors, []);
  assert.deepEqual(foreignRequests(page, server), []);
  await context.close();
});

test("a Year 4 class's tablet knows its year, shows the Year 4 lessons first and marks this half-term's", async () => {
  // No age group ticked: the class's year says KS2.
  const { context, page } = await newTablet({ className: "Elm" });
  assert.match(await page.getByTestId("class-year").innerText(), /Year group: Year 4/);
  await screenshot(page, "setup-tablet-class-year");
  await page.goto("/learn");
  await appReady(page);
  const cards = page.getByTestId("lesson-card");
  await cards.first().waitFor();
  const years = await cards.evaluateAll((cs) => cs.map((c) => c.dataset.year));
  const own = years.filter((y) => y === "y4").length;
  assert.ok(own > 0, `some Year 4 lessons: ${years}`);
  assert.deepEqual(years.slice(0, own), Array(own).fill("y4"), `Year 4 first: ${years}`);
  assert.ok(years.length > own, "then the rest of KS2");
  assert.ok(years.every((y) => ["y3", "y4", "y5", "y6"].includes(y)), `KS2 only: ${years}`);
  // This half-term's Year 4 lesson, by the school's dates in the tablet's config (in a holiday,
  // the next half-term's), is marked and comes first; outside Safer Internet Day's week it leads.
  const halfTerms = await page.evaluate(() => JSON.parse(localStorage.getItem("kite.device.config")).half_terms);
  assert.equal(halfTerms.length, 12, "this school year's half-terms and next year's");
  const now = new Date();
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  const half = halfTerms.findIndex((h) => today <= h.last) % 6;
  const y4 = shippedLessons().filter((l) => l.year === "y4");
  const marked = page.getByTestId("lesson-card").filter({ has: page.getByTestId("this-half-term") });
  assert.equal(await marked.count(), 1);
  assert.equal(await marked.getAttribute("data-lesson"), y4[half].id);
  assert.match(await marked.innerText(), /This half-term/);
  const ids = await cards.evaluateAll((cs) => cs.map((c) => c.dataset.lesson));
  assert.ok(ids.slice(0, 3).includes(y4[half].id), `near the front: ${ids}`);
  await screenshot(page, "learn-tablet-year4-lessons");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("a card can be dragged onto a group with a finger (touch pointer events)", async () => {
  const { context, page } = await newTablet({ touch: true, band: "KS1 (Years 1 and 2)" });
  await page.goto("/learn/private-information");
  await page.getByTestId("slide").waitFor();
  // Through the slides (however many the lesson has) to its sorting activity.
  const sort = page.getByTestId("activity-sort");
  for (let i = 0; i < 12 && !(await sort.isVisible()); i++) await page.getByTestId("next").tap();
  await sort.waitFor();
  const cdp = await context.newCDPSession(page);
  const card = await page.getByTestId("sort-card").filter({ hasText: "Your home address" }).boundingBox();
  const group = await page.getByTestId("sort-group-1").boundingBox();
  const from = { x: card.x + card.width / 2, y: card.y + card.height / 2 };
  const to = { x: group.x + group.width / 2, y: group.y + group.height / 2 };
  const touch = (type, p) => cdp.send("Input.dispatchTouchEvent", {
    type, touchPoints: p ? [{ x: Math.round(p.x), y: Math.round(p.y), id: 1 }] : [],
  });
  await touch("touchStart", from);
  for (let i = 1; i <= 10; i++) {
    await touch("touchMove", { x: from.x + (to.x - from.x) * i / 10, y: from.y + (to.y - from.y) * i / 10 });
  }
  await screenshot(page, "learn-tablet-touch-dragging");
  await touch("touchEnd");
  await page.getByTestId("sort-group-1").getByText("Your home address").waitFor();
  assert.equal(await page.getByTestId("feedback").getAttribute("data-good"), "true");
  assert.equal(await page.getByTestId("sort-card").filter({ hasText: "Your home address" }).count(), 0);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("every activity kind fits a whiteboard-sized screen too", async () => {
  const { context, page } = await newTablet({ viewport: WHITEBOARD, band: "KS2 (Years 3 to 6)" });
  await page.goto("/learn/group-chats");
  await page.getByTestId("slide").waitFor();
  await screenshot(page, "learn-whiteboard-slide");
  const kinds = await playLesson(page, "click", { shots: "learn-whiteboard" });
  assert.deepEqual(kinds, ["scenario", "sort", "quiz", "discuss"]);
  await page.goto("/learn/kind-online");
  await page.getByTestId("slide").waitFor();
  await playLesson(page, "click", { shots: "learn-whiteboard" });
  await screenshot(page, "learn-whiteboard-end");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("new lessons play to their end at tablet size: My body is mine (KS1) and Keeping accounts safe (KS2)", async () => {
  for (const [id, band, label] of [
    ["my-body-is-mine", "ks1", "KS1 (Years 1 and 2)"],
    ["keeping-accounts-safe", "ks2", "KS2 (Years 3 to 6)"],
  ]) {
    const { context, page } = await newTablet({ touch: true, band: label });
    await page.goto(`/learn/${id}`);
    await page.getByTestId("slide").waitFor();
    const kinds = await playLesson(page, "tap", { shots: `learn-tablet-${id}` });
    assert.ok(kinds.length >= 2, `${id}: at least two activities (${kinds})`);
    await checkEnding(page, band);
    await screenshot(page, `learn-tablet-${id}-end`);
    assert.equal((await waitForRecord(id))[0].band, band);
    assert.deepEqual(page.errors, []);
    await context.close();
  }
});

test("an unknown lesson gets a kind message, not a blank page", async () => {
  const page = await openPage(browser, server);
  await page.goto("/learn/no-such-lesson");
  await appReady(page);
  assert.ok(await page.getByText("We couldn't find that lesson.").isVisible());
  assert.deepEqual(page.errors, []);
});
