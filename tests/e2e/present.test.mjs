// The teacher's presenter on a 1920×1080 whiteboard in real Chromium against a real server: the
// lesson chooser with the class's knowledge map, clicker keys, the slide counter, the talk timer,
// activities on the board, the class's "I can" answers and "mark as taught" reaching the server
// and changing the map; and the teacher's presenter
// view in a second window on a 1366×768 laptop, in step with the board, with every note kept off
// the board.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, addDevice, seedClass, launch, openPage, appReady, enrolTablet, screenshot, foreignRequests,
  WHITEBOARD, TABLET,
} from "./harness.mjs";
import { shippedLessons, storedLessons, presser, playScenario, playQuiz, playSort, activityKind } from "./lessons-helpers.mjs";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
  seedClass(server, { name: "Ash", band: "ks2", pupils: [] });
  seedClass(server, { name: CLASS, band: "ks1", pupils: [] });
  seedClass(server, { name: "Elm", band: "ks2", year: "Year 4", pupils: [] });
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

// The school's own name for the class: a tablet picks it from the class list, never types it.
const CLASS = "Oak";

async function whiteboard() {
  const context = await browser.newContext({ viewport: WHITEBOARD, baseURL: server.url });
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server, "Oak whiteboard"));
  await page.getByLabel("KS1 (Years 1 and 2)").check();
  await page.locator("#tablet-class option", { hasText: CLASS }).waitFor({ state: "attached" });
  await page.selectOption("#tablet-class", { label: CLASS });
  return { context, page };
}

const counter = (page) => page.getByTestId("counter").innerText();

/** Gives the class's answer to the "I can" on the board; waits for the next one (or the end). */
async function answerCheck(page, answer, next) {
  await page.locator(`[data-testid=check-answer][data-answer=${answer}]`).click();
  if (next === null) await page.getByTestId("closing-message").waitFor();
  else await page.getByTestId("check-outcome").filter({ hasText: next }).waitFor();
}

async function key(page, name, expected) {
  await page.keyboard.press(name);
  await page.waitForFunction((e) => document.querySelector("[data-testid=counter]")?.innerText === e, expected);
}

test("a teacher presents Being kind online with a clicker and marks it as taught", async () => {
  const { context, page } = await whiteboard();
  await page.goto("/present");
  await appReady(page);
  assert.equal(await page.getByTestId("present-lesson").count(), shippedLessons().length, "every lesson, every band");
  // Oak's year isn't set: its band first, the other bands folded away.
  assert.equal(await page.getByTestId("present-own-year").count(), 0);
  assert.equal(await page.getByTestId("present-other-band").count(), 2);
  assert.equal(await page.locator("[data-testid=present-other-band][open]").count(), 0);
  await page.getByTestId("coverage").waitFor();
  assert.equal(await page.locator("[data-testid=cov-lesson]:not([data-state=know-not-taught])").count(), 0, "nothing taught yet");
  assert.equal(await page.getByTestId("teach-again").count(), 0);
  assert.match(await page.getByTestId("next-up").innerText(), /Next for KS1: My trusted adults/);
  await screenshot(page, "present-whiteboard-chooser-empty");

  await page.locator('[data-testid=present-lesson][data-lesson="kind-online"]').click();
  await page.getByTestId("slide").waitFor();
  assert.equal(await counter(page), "1 / 9");
  const size = await page.locator(".slide-text").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(size >= 32, `board text is at least 32px: ${size}`);
  await screenshot(page, "present-whiteboard-slide");

  // A clicker sends PageDown/PageUp; arrows and Space work too.
  await key(page, "PageDown", "2 / 9");
  await key(page, "ArrowRight", "3 / 9");
  await key(page, "Space", "4 / 9");
  await key(page, "PageUp", "3 / 9");
  await key(page, "ArrowLeft", "2 / 9");
  await key(page, "End", "9 / 9");
  await key(page, "Home", "1 / 9");

  // Talk time: start, and it counts down quietly; pause and reset.
  await page.getByRole("button", { name: "2 min" }).click();
  assert.equal(await page.getByTestId("timer-clock").innerText(), "2:00");
  await page.getByTestId("timer-start").click();
  await page.waitForFunction(() => document.querySelector("[data-testid=timer-clock]").innerText === "1:59");
  await page.getByTestId("timer-start").click();
  await page.getByRole("button", { name: "Reset" }).click();
  assert.equal(await page.getByTestId("timer-clock").innerText(), "2:00");

  // Activities on the board: play each with the mouse, as a teacher at the board would.
  const press = presser(page, "click");
  const kinds = [];
  await page.locator("body").focus();
  await key(page, "End", "9 / 9");
  await key(page, "Home", "1 / 9");
  for (let i = 1; i < 9; i++) {
    const kind = await activityKind(page);
    if (kind) {
      kinds.push(kind);
      if (kind === "scenario") await playScenario(page, press, {});
      if (kind === "quiz") await playQuiz(page, press, {});
      if (kind === "sort") await playSort(page, "click", {});
      await screenshot(page, `present-whiteboard-${kind}`);
    }
    const before = await counter(page);
    await page.getByTestId("present-next").click();
    await page.waitForFunction((c) => document.querySelector("[data-testid=counter]")?.innerText !== c, before);
  }
  assert.deepEqual(kinds, ["scenario", "sort", "quiz"]);
  assert.equal(await counter(page), "9 / 9");

  // Before the closing message, the class answers each "I can" together; one may be skipped.
  const lesson = shippedLesson("kind-online");
  await page.getByTestId("class-check").waitFor();
  assert.equal(await page.getByTestId("closing-message").count(), 0, "the check comes first");
  assert.equal(await page.getByTestId("check-outcome").innerText(), lesson.outcomes[0].text);
  assert.deepEqual(await page.getByTestId("check-answer").allInnerTexts(), ["Thumbs up", "Wobbly", "Not yet"]);
  assert.equal(await page.locator("[data-testid=check-answer] svg").count(), 3, "each answer has its picture");
  await screenshot(page, "present-whiteboard-i-can");
  await answerCheck(page, "thumbs_up", lesson.outcomes[1].text);
  await answerCheck(page, "not_yet", lesson.outcomes[2].text);
  await page.getByTestId("check-skip").click();
  assert.match(await page.getByTestId("closing-message").innerText(), /tell a trusted adult/);

  const before = storedLessons(server).length;
  assert.equal(await page.getByTestId("mark-taught").innerText(), `Mark this lesson as taught to ${CLASS}`);
  await page.getByTestId("mark-taught").click();
  await page.getByTestId("mark-status").filter({ hasText: "sent to school" }).waitFor();
  await screenshot(page, "present-whiteboard-end");
  const records = storedLessons(server);
  assert.equal(records.length, before + 1);
  assert.equal(records[0].lesson_id, "kind-online");
  assert.equal(records[0].by, "teacher");
  assert.equal(records[0].class_label, CLASS);
  assert.equal(records[0].band, "ks1");

  // Back on the chooser, the knowledge map shows it taught, and a "not yet" to teach again.
  await page.goto("/present");
  const kindOnline = page.locator("[data-testid=cov-lesson]", { hasText: "Being kind online" });
  await kindOnline.first().waitFor();
  assert.match(await kindOnline.first().innerText(), /Needs revisiting/);
  assert.equal(await kindOnline.first().getAttribute("data-state"), "know-revisit");
  assert.match(await page.getByTestId("teach-again").innerText(), /Teach again: Being kind online/);
  assert.doesNotMatch(await page.getByTestId("next-up").innerText(), /Being kind online/);
  // Each "I can" serves one strand: the "not yet" was on kind words (online relationships); the
  // skipped one, on what to do about unkindness (online bullying), leaves that strand just taught.
  const strandState = (name) => page.locator(`[data-testid=cov-strand][data-strand='${name}'] [data-testid=strand-state]`);
  assert.equal(await strandState("Online relationships").innerText(), "Needs revisiting");
  assert.equal(await strandState("Online bullying").innerText(), "Taught");
  assert.equal(await page.locator("[data-testid=strand-state]", { hasText: "Understood" }).count(), 0);
  await screenshot(page, "present-whiteboard-chooser-covered");

  // Taught again, and this time every thumb is up: the map says understood, nothing to teach again.
  await page.goto("/present/kind-online");
  await page.getByTestId("slide").waitFor();
  await page.keyboard.press("End");
  await page.getByTestId("class-check").waitFor();
  await answerCheck(page, "thumbs_up", lesson.outcomes[1].text);
  await answerCheck(page, "thumbs_up", lesson.outcomes[2].text);
  await answerCheck(page, "thumbs_up", null);
  await page.goto("/present");
  await kindOnline.first().filter({ hasText: "Understood" }).waitFor();
  assert.equal(await page.getByTestId("teach-again").count(), 0);
  assert.equal(await strandState("Online bullying").innerText(), "Understood");
  assert.equal(await strandState("Online relationships").innerText(), "Understood");
  await screenshot(page, "present-whiteboard-knowledge-map");
  assert.deepEqual(page.errors, []);
  assert.deepEqual(foreignRequests(page, server), []);
  await context.close();
});

test("a Year 4 class sees its year's lessons first on the board, each with its year", async () => {
  const context = await browser.newContext({ viewport: WHITEBOARD, baseURL: server.url });
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server, "Elm whiteboard"));
  await page.locator("#tablet-class option", { hasText: "Elm" }).waitFor({ state: "attached" });
  await page.selectOption("#tablet-class", { label: "Elm" });
  await page.goto("/present");
  await appReady(page);
  const own = page.getByTestId("present-own-year");
  await own.waitFor();
  assert.equal(await own.getByRole("heading").innerText(), "Year 4 lessons");
  const ownYears = await own.getByTestId("present-lesson").evaluateAll((ls) => ls.map((l) => l.dataset.year));
  assert.ok(ownYears.length > 0 && ownYears.every((y) => y === "y4"), `${ownYears}`);
  assert.equal(await page.locator("#present-band").evaluate((s) => s.selectedOptions[0].text), "KS2");
  assert.match(await page.getByRole("heading", { name: "More KS2 lessons" }).innerText(), /More KS2/);
  // Every lesson says its year; the other key stages are folded away until opened.
  const labels = await page.getByTestId("lesson-year").allTextContents();
  assert.equal(labels.length, await page.getByTestId("present-lesson").count());
  assert.ok(labels.every((l) => /^(EYFS|Year [1-6])$/.test(l)), `${labels}`);
  const ks1 = page.getByTestId("present-other-band").filter({ hasText: "KS1 lessons" });
  assert.equal(await ks1.getByTestId("present-lesson").first().isVisible(), false);
  await screenshot(page, "present-whiteboard-year4");
  await ks1.locator("summary").click();
  assert.equal(await ks1.getByTestId("present-lesson").first().isVisible(), true);
  assert.deepEqual(page.errors, []);
  await context.close();
});

/** Pages through the lesson on the board with the clicker's PageDown to its end (the class's
 * "I can" check), screenshotting each activity as it starts; answers the activities' kinds. */
async function pageThrough(page, shots) {
  const seen = [];
  for (let i = 0; i < 30; i++) {
    if (await page.getByTestId("class-check").count() || await page.getByTestId("lesson-end").count()) return seen;
    const kind = await activityKind(page);
    if (kind) {
      seen.push(kind);
      await screenshot(page, `${shots}-${kind}-start`);
    }
    await page.keyboard.press("PageDown");
    await page.waitForTimeout(50);
  }
  throw new Error("the lesson never ended");
}

test("each activity kind on the board, including talk about it", async () => {
  const { context, page } = await whiteboard();
  await page.goto("/present/private-information");
  await page.getByTestId("slide").waitFor();
  assert.deepEqual(await pageThrough(page, "present-whiteboard"), ["sort", "scenario", "discuss", "quiz"]);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("new lessons on the board, to the class's check: My body is mine (KS1), The real me online (KS2)", async () => {
  for (const id of ["my-body-is-mine", "the-real-me-online"]) {
    const { context, page } = await whiteboard();
    await page.goto(`/present/${id}`);
    await page.getByTestId("slide").waitFor();
    const seen = await pageThrough(page, `present-whiteboard-${id}`);
    assert.ok(seen.length >= 2, `${id}: at least two activities: ${seen}`);
    await page.getByTestId("class-check").waitFor();
    assert.equal(await page.getByTestId("check-outcome").innerText(), shippedLesson(id).outcomes[0].text);
    await screenshot(page, `present-whiteboard-${id}-check`);
    assert.deepEqual(page.errors, []);
    await context.close();
  }
});

test("set-up offers the school's classes, and a typed class from before is chosen again", async () => {
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url });
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server, "Oak tablet"));
  await page.locator("#tablet-class option", { hasText: CLASS }).waitFor({ state: "attached" });
  const offered = await page.locator("#tablet-class option").allInnerTexts();
  assert.deepEqual(offered, ["No class", "Ash", "Elm", CLASS]);
  await screenshot(page, "setup-tablet-class");

  // A tablet set up before kept what was typed: a class's exact name is kept, anything else is
  // asked for again rather than recorded under a name no class has.
  await page.evaluate(() => localStorage.setItem("kite.class.label", "oak"));
  await page.reload();
  await page.locator("#tablet-class option", { hasText: CLASS }).waitFor({ state: "attached" });
  await page.waitForFunction(() => document.querySelector("#tablet-class").selectedOptions[0]?.text === "Oak");
  await page.evaluate(() => { localStorage.removeItem("kite.class.id"); localStorage.setItem("kite.class.label", "Oak – Year 2"); });
  await page.reload();
  await page.getByTestId("choose-class").waitFor();
  assert.equal(await page.locator("#tablet-class").evaluate((s) => s.selectedOptions[0].text), "No class");
  await screenshot(page, "setup-tablet-class-choose");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("marking as taught needs a class, and says so kindly", async () => {
  const { context, page } = await whiteboard();
  await page.goto("/present/kind-words");
  await page.getByTestId("slide").waitFor();
  await page.keyboard.press("End");
  // The class's answers need a class too, and it says so before anything is kept.
  await page.selectOption("#check-class", { label: "No class" });
  await page.locator("[data-testid=check-answer][data-answer=wobbly]").click();
  assert.match(await page.getByTestId("check-status").innerText(), /Choose the class first/);
  while (await page.getByTestId("class-check").count()) await page.getByTestId("check-skip").click();
  await page.selectOption("#taught-class", { label: "No class" });
  await page.getByTestId("mark-taught").click();
  assert.match(await page.getByTestId("mark-status").innerText(), /Choose the class first/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

/** One shipped lesson, for its notes' words. */
function shippedLesson(id) {
  return shippedLessons().find((l) => l.id === id);
}

/** Every sentence meant for the teacher alone: the lesson's notes, outcomes, prompts and each slide's notes. */
function teacherWords(lesson) {
  const paragraphs = lesson.teacher_notes.split("\n\n").map((p) => p.replace(/\n/g, " ").trim()).filter(Boolean);
  const sentences = paragraphs.flatMap((p) => p.split(/(?<=[.:!?])\s+/)).filter((s) => s.length > 12);
  const slideNotes = lesson.slides.map((s) => s.notes).filter(Boolean);
  return [...sentences, ...lesson.outcomes.map((o) => o.text), ...lesson.discussion_prompts, ...slideNotes];
}

/** Fails if anything for the teacher is in the board's DOM (shown or hidden). At the end, the
 * class's "I can" check shows the outcomes on the board on purpose: `outcomesShown` allows them. */
async function assertBoardHoldsNoNotes(board, lesson, where, { outcomesShown = false } = {}) {
  const html = await board.evaluate(() => document.body.innerHTML.replace(/&amp;/g, "&").replace(/\s+/g, " "));
  const words = teacherWords(lesson).filter((w) => !(outcomesShown && lesson.outcomes.some((o) => o.text === w)));
  const found = words.filter((w) => html.includes(w.replace(/\s+/g, " ")));
  assert.deepEqual(found, [], `the board's DOM holds the teacher's words (${where})`);
  assert.doesNotMatch(html, /DSL/, `no disclosure guidance on the board (${where})`);
}

const notesOf = (page) => page.getByTestId("screen-notes").innerText();
const counterIs = (page, expected) =>
  page.waitForFunction((e) => document.querySelector("[data-testid=counter]")?.innerText === e, expected);

test("the teacher's presenter view keeps in step with the board, and the board never holds a note", async () => {
  const lesson = shippedLesson("kind-online");
  const { context, page: board } = await whiteboard();
  await board.goto(`/present/${lesson.id}`);
  await board.getByTestId("slide").waitFor();
  await assertBoardHoldsNoNotes(board, lesson, "on opening");

  // N on the board opens the teacher's own window; nothing appears on the board.
  const opened = context.waitForEvent("page", { timeout: 5_000 }).catch(() => null);
  await board.keyboard.press("n");
  await board.waitForTimeout(300);
  await assertBoardHoldsNoNotes(board, lesson, "after N");
  const teacher = await opened;
  assert.ok(teacher, "N opens the presenter view in a window of its own");
  assert.ok(lesson.slides.filter((s) => s.notes).length >= 2, "the lesson has per-slide notes");
  teacher.errors = [];
  teacher.on("pageerror", (e) => teacher.errors.push(String(e)));
  await teacher.setViewportSize({ width: 1366, height: 768 });
  assert.equal(new URL(teacher.url()).pathname, `/present/${lesson.id}/teacher`);
  await teacher.getByTestId("screen-notes").waitFor();
  await counterIs(teacher, "1 / 9");
  assert.equal(await notesOf(teacher), lesson.slides[0].notes);
  assert.match(await teacher.getByTestId("teacher-notes").innerText(), /DSL/, "the disclosure guidance, for the teacher");
  assert.equal(await teacher.getByTestId("discussion-prompts").locator("li").count(), lesson.discussion_prompts.length);
  assert.match(await teacher.getByTestId("next-stage").innerText(), new RegExp(lesson.slides[1].text.slice(0, 20)));
  assert.match(await teacher.getByTestId("teacher-class").innerText(), new RegExp(CLASS));

  // Moving on either moves the other; this slide's notes follow.
  await teacher.keyboard.press("PageDown");
  await counterIs(board, "2 / 9");
  await counterIs(teacher, "2 / 9");
  assert.equal(await notesOf(teacher), lesson.slides[1].notes, "the notes change with the slide");
  assert.notEqual(lesson.slides[0].notes, lesson.slides[1].notes);
  await board.keyboard.press("PageDown");
  await counterIs(teacher, "3 / 9");
  assert.equal(await notesOf(teacher), lesson.slides[2].notes);
  await board.getByTestId("present-next").click();
  await counterIs(teacher, "4 / 9");
  await teacher.getByTestId("present-back").click();
  await counterIs(board, "3 / 9");
  await screenshot(board, "present-board-in-step");
  await screenshot(teacher, "present-teacher-view-laptop");

  // The talk timer started on the teacher's screen runs on the board too.
  await teacher.getByRole("button", { name: "2 min" }).click();
  await teacher.getByTestId("timer-start").click();
  await board.waitForFunction(() => /^1:5\d$/.test(document.querySelector("[data-testid=timer-clock]").innerText));
  await board.getByTestId("timer-start").click();
  await teacher.getByTestId("timer-start").filter({ hasText: "Start" }).waitFor();

  // Every screen of the lesson, and the board never holds a note.
  for (let i = 3; i <= 9; i++) {
    await assertBoardHoldsNoNotes(board, lesson, `screen ${i}`, { outcomesShown: i === 9 });
    if (i < 9) {
      await teacher.getByTestId("present-next").click();
      await counterIs(board, `${i + 1} / 9`);
    }
  }
  assert.match(await notesOf(teacher), /mark the lesson as taught/);
  await screenshot(teacher, "present-teacher-view-end");

  // A presenter view opened later finds the board where it is.
  await teacher.close();
  const again = await context.newPage();
  await again.setViewportSize({ width: 1366, height: 768 });
  await again.goto(`/present/${lesson.id}/teacher`);
  await counterIs(again, "9 / 9");
  assert.deepEqual(board.errors, []);
  assert.deepEqual(teacher.errors, []);
  await context.close();
});

test("in the days before Safer Internet Day the chooser offers its lessons first, and not in other weeks", async () => {
  const { context, page } = await whiteboard();
  // Monday 8 February 2027, the day before Safer Internet Day, by the whiteboard's own clock.
  await page.clock.setFixedTime(new Date(2027, 1, 8, 9, 0));
  await page.goto("/present");
  await appReady(page);
  const sid = page.getByTestId("safer-internet-day");
  await sid.waitFor();
  assert.match(await sid.locator("h2").innerText(), /Safer Internet Day is on Tuesday 9 February/);
  assert.deepEqual(
    await sid.getByTestId("sid-lesson").evaluateAll((as) => as.map((a) => a.getAttribute("href"))),
    ["/present/safer-internet-day-ks1", "/present/safer-internet-day-ks2"],
  );
  await screenshot(page, "present-whiteboard-safer-internet-day");

  await page.clock.setFixedTime(new Date(2027, 2, 1, 9, 0));
  await page.reload();
  await appReady(page);
  await page.getByTestId("present-lesson").first().waitFor();
  assert.equal(await sid.count(), 0, "not in March");
  assert.deepEqual(page.errors, []);
  await context.close();
});
