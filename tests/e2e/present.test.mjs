// The teacher's presenter on a 1920×1080 whiteboard in real Chromium against a real server: the
// lesson chooser with the class's coverage, clicker keys, the slide counter, notes only on N,
// the talk timer, activities on the board, and "mark as taught" reaching the server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, addDevice, launch, openPage, appReady, enrolTablet, screenshot, foreignRequests,
  WHITEBOARD,
} from "./harness.mjs";
import { storedLessons, presser, playScenario, playQuiz, playSort, activityKind } from "./lessons-helpers.mjs";

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

const CLASS = "Oak – Year 2";

async function whiteboard() {
  const context = await browser.newContext({ viewport: WHITEBOARD, baseURL: server.url });
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server, "Oak whiteboard"));
  await page.getByLabel("KS1 (Years 1 and 2)").check();
  await page.fill("#class-label", CLASS);
  await page.locator("#class-label").blur();
  return { context, page };
}

const counter = (page) => page.getByTestId("counter").innerText();

async function key(page, name, expected) {
  await page.keyboard.press(name);
  await page.waitForFunction((e) => document.querySelector("[data-testid=counter]")?.innerText === e, expected);
}

test("a teacher presents Being kind online with a clicker and marks it as taught", async () => {
  const { context, page } = await whiteboard();
  await page.goto("/present");
  await appReady(page);
  assert.equal(await page.getByTestId("present-lesson").count(), 26, "every lesson, every band");
  await page.getByTestId("coverage").waitFor();
  assert.equal(await page.getByTestId("cov-taught").count(), 0, "nothing taught yet");
  assert.match(await page.getByTestId("next-up").innerText(), /Next for KS1: My trusted adults/);
  await screenshot(page, "present-whiteboard-chooser-empty");

  await page.locator('[data-testid=present-lesson][data-lesson="kind-online"]').click();
  await page.getByTestId("slide").waitFor();
  assert.equal(await counter(page), "1 / 9");
  const size = await page.locator(".slide-text").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(size >= 32, `board text is at least 32px: ${size}`);
  assert.equal(await page.getByTestId("teacher-notes").count(), 0, "notes are hidden by default");
  await screenshot(page, "present-whiteboard-slide");

  // A clicker sends PageDown/PageUp; arrows and Space work too.
  await key(page, "PageDown", "2 / 9");
  await key(page, "ArrowRight", "3 / 9");
  await key(page, "Space", "4 / 9");
  await key(page, "PageUp", "3 / 9");
  await key(page, "ArrowLeft", "2 / 9");
  await key(page, "End", "9 / 9");
  await key(page, "Home", "1 / 9");

  await page.keyboard.press("n");
  await page.getByTestId("teacher-notes").waitFor();
  assert.match(await page.getByTestId("teacher-notes").innerText(), /DSL/);
  assert.ok(await page.getByTestId("discussion-prompts").locator("li").count() > 0);
  await screenshot(page, "present-whiteboard-notes");
  await page.keyboard.press("N");
  await page.getByTestId("teacher-notes").waitFor({ state: "detached" });

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

  // Back on the chooser, the class's coverage shows it.
  await page.goto("/present");
  await page.getByTestId("cov-taught").first().waitFor();
  assert.match(await page.getByTestId("cov-taught").first().innerText(), /Being kind online/);
  assert.doesNotMatch(await page.getByTestId("next-up").innerText(), /Being kind online/);
  await screenshot(page, "present-whiteboard-chooser-covered");
  assert.deepEqual(page.errors, []);
  assert.deepEqual(foreignRequests(page, server), []);
  await context.close();
});

test("each activity kind on the board, including talk about it", async () => {
  const { context, page } = await whiteboard();
  await page.goto("/present/private-information");
  await page.getByTestId("slide").waitFor();
  const seen = [];
  for (let i = 0; i < 12 && !(await page.getByTestId("lesson-end").count()); i++) {
    const kind = await activityKind(page);
    if (kind) {
      seen.push(kind);
      await screenshot(page, `present-whiteboard-${kind}-start`);
    }
    await page.keyboard.press("PageDown");
    await page.waitForTimeout(50);
  }
  assert.deepEqual(seen, ["sort", "scenario", "discuss"]);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("marking as taught needs a class name, and says so kindly", async () => {
  const { context, page } = await whiteboard();
  await page.goto("/present/kind-words");
  await page.getByTestId("slide").waitFor();
  await page.keyboard.press("End");
  await page.fill("#taught-class", "");
  await page.getByTestId("mark-taught").click();
  assert.match(await page.getByTestId("mark-status").innerText(), /Type the class's name first/);
  assert.deepEqual(page.errors, []);
  await context.close();
});
