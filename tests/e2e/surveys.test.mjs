// Surveys in real Chromium against a real server: the DSL starts Kite's online-safety survey for
// KS1 pupils; a KS1 tablet's home offers it; pupils answer it on the kiosk one question a screen
// (faces, big buttons, read aloud, axe clean), ending with thank you and who to tell; the answers
// go through the outbox; the DSL's results say "fewer than 5" until five pupils have answered,
// then draw a chart per question.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, addDevice, seedClass, launch, openPage, enrolTablet, screenshot, staffSignIn,
  followStaffLink, recordSpeech, TABLET,
} from "./harness.mjs";
import { axeViolations } from "./a11y-helpers.mjs";

const PASSWORD = "correct horse battery staple";
let server, browser;

before(async () => {
  server = await startServer();
  browser = await launch();
  server.admin("staff", "add", "dsl@school.example", "--role", "dsl", "--name", "Mrs Khan", "--password-stdin", { input: `${PASSWORD}\n` });
  seedClass(server, { name: "Oak – Year 2", band: "ks1", pupils: [] });
  seedClass(server, { name: "Ash – Year 6", band: "ks2", pupils: [] });
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

/** A tablet enrolled on the server and set up for a class and its age group. */
async function newTablet(className, band) {
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url });
  await recordSpeech(context, { voices: ["en-GB"] });
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server));
  await page.locator("#tablet-class option", { hasText: className }).waitFor({ state: "attached" });
  await page.selectOption("#tablet-class", { label: className });
  await page.getByLabel(band).check();
  return { context, page };
}

/** One pupil answers the survey on screen: the face `face` for each faces question, the first
 * choice for a choice, and leaves; checks axe on each screen when `check` is set. */
async function answerSurvey(page, { face, shots = false, check = false }) {
  await page.goto("/survey");
  await page.getByTestId("survey-start").click();
  for (let n = 1; ; n++) {
    const thanks = page.getByTestId("survey-thanks");
    const question = page.getByTestId("survey-question");
    await thanks.or(question).first().waitFor();
    if (await thanks.isVisible()) break;
    if (check) assert.deepEqual(await axeViolations(page), [], `question ${n}`);
    if (shots) await screenshot(page, `survey-kiosk-question-${n}`);
    const faces = page.getByTestId("survey-face");
    if (await faces.count()) {
      await faces.nth(Math.min(face, (await faces.count()) - 1)).click();
    } else if (await page.getByTestId("survey-option").count()) {
      await page.getByTestId("survey-option").first().click();
    } else {
      await page.getByTestId("survey-skip").click();
    }
  }
  await page.getByTestId("survey-delivered").filter({ hasText: "Sent to school" }).waitFor();
}

test("pupils answer a survey on the kiosk and the DSL sees its results, small numbers hidden", async () => {
  const { page: dsl } = await staffSignIn(browser, server, "dsl@school.example", PASSWORD);
  await followStaffLink(dsl, "Surveys");
  await dsl.getByTestId("survey-form").waitFor();
  await dsl.getByTestId("no-surveys").waitFor();
  assert.equal(await dsl.getByTestId("survey-audience").inputValue(), "ks1");
  const questions = dsl.getByTestId("survey-draft-question");
  assert.match(await questions.first().innerText(), /Do you know who to tell if something online worries you\?/);
  // A bad date is named beside its field, and nothing else is lost.
  await dsl.getByTestId("survey-title").fill("Being safe online (Oak)");
  const opens = await dsl.getByTestId("survey-opens").inputValue();
  await dsl.getByTestId("survey-closes").fill("2020-01-01");
  await dsl.getByTestId("survey-save").click();
  await dsl.getByTestId("survey-error-closes_on").waitFor();
  assert.equal(await dsl.getByTestId("survey-title").inputValue(), "Being safe online (Oak)");
  const closes = new Date(Date.parse(`${opens}T12:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
  await dsl.getByTestId("survey-closes").fill(closes);
  await dsl.getByTestId("survey-save").click();
  await dsl.getByTestId("survey-saved").waitFor();
  await dsl.getByTestId("survey-row").filter({ hasText: "Being safe online (Oak)" }).waitFor();
  assert.deepEqual(await axeViolations(dsl), []);
  await screenshot(dsl, "survey-dsl-list");

  // A KS2 tablet isn't offered a KS1 survey; a KS1 tablet is, on its home.
  const ks2 = await newTablet("Ash – Year 6", "KS2 (Years 3 to 6)");
  await ks2.page.goto("/survey");
  await ks2.page.getByTestId("no-survey").waitFor();
  await ks2.context.close();

  const { context, page } = await newTablet("Oak – Year 2", "KS1 (Years 1 and 2)");
  await page.goto("/");
  await page.getByTestId("home-survey").waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "survey-kiosk-home");
  await page.getByTestId("home-survey").click();
  await page.getByTestId("survey-start").waitFor();
  await page.getByTestId("survey-start").click();
  await page.getByTestId("survey-question").waitFor();
  // Three big faces, each with its words, read aloud with the question.
  assert.equal(await page.getByTestId("survey-face").count(), 3);
  assert.match(await page.getByTestId("survey-face").last().innerText(), /Yes/);
  await page.locator(".survey-flow .speak-button").click();
  const spoken = await page.evaluate(() => window.__spoken);
  assert.ok(
    spoken.some((s) => /who to tell if something online worries you\?.*No\. Not sure\. Yes/.test(s)),
    `the question and its answers are read aloud: ${JSON.stringify(spoken)}`,
  );
  await answerSurvey(page, { face: 2, shots: true, check: true });
  assert.deepEqual(await axeViolations(page), []);
  const thanks = await page.getByTestId("survey-thanks").innerText();
  assert.match(thanks, /Thank you/);
  assert.match(thanks, /tell a trusted adult/);
  assert.match(thanks, /0800 1111/);
  await screenshot(page, "survey-kiosk-thanks");

  // One answer: the DSL's results say fewer than 5, with no numbers and no chart bars.
  await dsl.getByTestId("survey-row").getByRole("link").first().click();
  await dsl.getByTestId("results-suppressed").waitFor();
  assert.match(await dsl.getByTestId("results-answers").innerText(), /Fewer than 5/);
  const hidden = await dsl.getByTestId("tally-line").evaluateAll((gs) => gs.map((g) => g.dataset.count));
  assert.ok(hidden.length > 0 && hidden.every((c) => c === "fewer than 5"), String(hidden));
  assert.deepEqual(await axeViolations(dsl), []);
  await screenshot(dsl, "survey-dsl-results-suppressed");

  // Five more pupils, one of them sad: 6 answers, the counts drawn, the one sad face hidden.
  for (let i = 0; i < 5; i++) await answerSurvey(page, { face: i === 0 ? 0 : 2 });
  await dsl.reload();
  await dsl.getByTestId("results-answers").filter({ hasText: "6" }).waitFor();
  assert.equal(await dsl.getByTestId("results-suppressed").count(), 0);
  const first = await dsl.getByTestId("tally").first().getByTestId("tally-line")
    .evaluateAll((gs) => gs.map((g) => g.dataset.count));
  // No, not sure, yes, didn't answer: 1 is hidden, and 5 with it (6 - 5 would give it away).
  assert.deepEqual(first, ["fewer than 5", "0", "fewer than 5", "0"]);
  const choice = await dsl.getByTestId("tally").nth(2).getByTestId("tally-line")
    .evaluateAll((gs) => gs.map((g) => g.dataset.count));
  assert.equal(choice[0], "6");
  assert.deepEqual(await axeViolations(dsl), []);
  await screenshot(dsl, "survey-dsl-results");

  assert.deepEqual(page.errors, []);
  assert.deepEqual(dsl.errors, []);
  await context.close();
});
