// An answer for an anonymous child on a shared tablet, in real Chromium against a real server:
// an anonymous KS1 report asks for an answer and shows four pictures, read aloud; the DSL answers
// from a template on the record; on the same tablet, after another child has used it, the four
// pictures show the answer (read aloud); Leave clears it and the tablet's storage (IndexedDB,
// localStorage, Cache Storage) holds no trace of the answer or the code. Wrong codes are limited
// per tablet with a kind wait, and asking offline points to a grown-up. The child answers back
// (offline first: the reply waits sealed in the outbox) and it reaches the DSL's record once. An
// expired answer is gone (made by the server's own fixture, written days ago, as a browser can't
// move time); and when the school wants a second DSL's check, an answer reaches the tablet only
// once another DSL approves it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, addDevice, storedReports, launch, openPage, appReady, enrolTablet, screenshot,
  recordSpeech, staffSignIn, TABLET,
} from "./harness.mjs";

const PASSWORD = "correct horse battery staple";
const TEMPLATE_START = "Thank you for telling us. You did the right thing.";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
  server.admin("staff", "add", "dsl@school.example", "--role", "dsl", "--name", "Mrs Khan", "--password-stdin", { input: `${PASSWORD}\n` });
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

async function newTablet() {
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url, hasTouch: true });
  await recordSpeech(context, { voices: ["en-GB"] });
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server));
  return { context, page };
}

const tap = (page, name) => page.getByRole("button", { name, exact: true }).click();

/** An anonymous report in five taps, asking for an answer when `ask`. */
async function tell(page, { ask }) {
  await page.goto("/tell");
  await appReady(page);
  await tap(page, "Someone was unkind to me or a friend");
  await tap(page, "In a game");
  await tap(page, "Sad");
  await tap(page, "Any grown-up");
  if (ask) await page.getByTestId("wants-answer").click();
  await page.getByTestId("send").click();
  await page.getByText("Sent to school").waitFor();
}

/** Everything the tablet's storage holds, as one string: every IndexedDB database's records,
 * localStorage, sessionStorage and the URLs in Cache Storage. */
async function everythingStored(page) {
  return page.evaluate(async () => {
    const out = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((ok, no) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
      for (const store of db.objectStoreNames) {
        const all = await new Promise((ok, no) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
        out.push(JSON.stringify(all));
      }
      db.close();
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) out.push(request.url);
    }
    return out.join("\n");
  });
}

/** The DSL answers report `reportId` from the first template; their signed-in page is returned. */
async function answerAsDsl(reportId, shot) {
  const dsl = await staffSignIn(browser, server, "dsl@school.example", PASSWORD);
  await dsl.page.goto(`/staff/reports/${reportId}`);
  await dsl.page.getByTestId("answer-form").waitFor();
  await dsl.page.getByTestId("answer-template-0").click();
  if (shot) await screenshot(dsl.page, shot);
  await dsl.page.getByRole("button", { name: "Send the answer" }).click();
  await dsl.page.getByTestId("chronology").filter({ hasText: `Answered the child: ${TEMPLATE_START}` }).waitFor();
  return dsl;
}

async function tapCode(page, code) {
  for (const p of code) await page.getByTestId(`picture-${p}`).click();
  await page.getByTestId("look").click();
}

test("an anonymous child asks for an answer, the DSL answers, and the four pictures show it", async () => {
  const { context, page } = await newTablet();
  const before = storedReports(server).map((r) => r.id);
  await tell(page, { ask: true });
  const pictures = page.getByTestId("answer-code").locator("[data-picture]");
  assert.equal(await pictures.count(), 4);
  const code = await pictures.evaluateAll((els) => els.map((e) => Number(e.dataset.picture)));
  const names = await page.getByTestId("answer-code").locator(".picture-name").allInnerTexts();
  assert.match(await page.getByTestId("answer-code").innerText(), /Remember your four pictures\. You can tell them to your trusted adult too\./);
  await screenshot(page, "answer-1-picture-code");
  const spoken = await page.evaluate(() => window.__spoken);
  assert.ok(spoken.some((s) => s.includes(`Your four pictures are: ${names.join(", ")}.`)), JSON.stringify(spoken));
  const sent = storedReports(server).filter((r) => !before.includes(r.id));
  assert.equal(sent.length, 1, "stored once");
  await page.getByTestId("quick-exit").click();
  await page.getByTestId("home-answer").waitFor();
  assert.ok(!(await everythingStored(page)).includes("answerCode"), "the code left the tablet with the report");

  // The DSL answers from a template on the record.
  const dsl = await answerAsDsl(sent[0].id, "answer-2-dsl-form");
  await dsl.context.close();

  // Another child uses the tablet, without asking for an answer.
  await tell(page, { ask: false });
  assert.equal(await page.getByTestId("answer-code").count(), 0, "no pictures unless asked");
  await page.getByRole("button", { name: "Finish" }).click();

  // Back to the first child: "Has anyone answered me?"
  await page.getByTestId("home-answer").click();
  await page.getByTestId("picture-0").waitFor();
  await screenshot(page, "answer-3-asking");
  const wrong = code.map((p) => (p + 1) % 24);
  await tapCode(page, wrong);
  await page.getByTestId("no-answer").filter({ hasText: "No answer yet. You can look again later, or tell a grown-up now." }).waitFor();
  await tapCode(page, code);
  await page.getByTestId("answer").filter({ hasText: TEMPLATE_START }).waitFor();
  await screenshot(page, "answer-4-answer");
  await page.waitForFunction((t) => window.__spoken.some((s) => s.includes(t)), TEMPLATE_START);

  // Leave: nothing of the answer or the code stays on screen or in the tablet's storage.
  await page.getByTestId("quick-exit").click();
  await page.getByTestId("home-answer").waitFor();
  assert.ok(!(await page.content()).includes(TEMPLATE_START));
  const stored = await everythingStored(page);
  for (const trace of [TEMPLATE_START, "device/answer", "answerCode", JSON.stringify(code)]) {
    assert.ok(!stored.includes(trace), `${trace} is not kept on the tablet`);
  }
  await context.close();
});

test("wrong codes are limited per tablet with a kind wait, and asking offline points to a grown-up", async () => {
  const { context, page } = await newTablet();
  await page.goto("/answer");
  await appReady(page);
  for (let i = 0; i < 5; i++) {
    await tapCode(page, [i, i, i, i]);
    await page.getByTestId("no-answer").waitFor();
    await page.getByTestId("picture-0").and(page.locator(":enabled")).waitFor();
  }
  await tapCode(page, [9, 9, 9, 9]);
  await page.getByTestId("answer-rest").filter({ hasText: "Let's have a little rest." }).waitFor();
  await screenshot(page, "answer-5-rest");

  // Another tablet is not held up by this one; offline, the child is pointed to a grown-up.
  const other = await newTablet();
  await other.page.goto("/answer");
  await appReady(other.page);
  await other.context.setOffline(true);
  await tapCode(other.page, [1, 2, 3, 4]);
  await other.page.getByTestId("answer-offline").filter({ hasText: "Please tell a grown-up you trust." }).waitFor();
  await other.context.close();
  await context.close();
});

/** The child's replies on the record, as the DSL reads them (reloading until `count` are there). */
async function repliesOnRecord(page, reportId, count) {
  for (const end = Date.now() + 30_000; ; await page.waitForTimeout(500)) {
    await page.goto(`/staff/reports/${reportId}`);
    await page.getByTestId("chronology").waitFor();
    const replies = await page.locator("li.chrono-child_replied .chrono-what, li.chrono-child_wants_to_talk .chrono-what").allInnerTexts();
    if (replies.length >= count || Date.now() > end) return replies;
  }
}

test("the child answers back, offline first, and it reaches the DSL's record once", async () => {
  const { context, page } = await newTablet();
  const before = storedReports(server).map((r) => r.id);
  await tell(page, { ask: true });
  const code = await page.getByTestId("answer-code").locator("[data-picture]")
    .evaluateAll((els) => els.map((e) => Number(e.dataset.picture)));
  await page.getByRole("button", { name: "Finish" }).click();
  const [reportId] = storedReports(server).filter((r) => !before.includes(r.id)).map((r) => r.id);
  const dsl = await answerAsDsl(reportId);

  // The child reads the answer; the ticket for a reply comes with it, into the page's memory.
  await page.getByTestId("home-answer").click();
  await page.getByTestId("picture-0").waitFor();
  const asked = page.waitForResponse((r) => r.url().endsWith("/api/v1/device/answer"));
  await tapCode(page, code);
  const ticket = (await (await asked).json()).reply_ticket;
  assert.match(ticket, /^[0-9a-f]{64}$/);
  await page.getByTestId("answer-back").filter({ hasText: "Do you want to say something back?" }).waitFor();
  for (const choice of ["Say something back", "I'd like to talk to a grown-up", "Show how I feel"]) {
    await page.getByRole("button", { name: choice, exact: true }).waitFor();
  }
  await screenshot(page, "answer-reply-1-choices");

  // Offline, the reply waits sealed in the outbox; the child is thanked all the same.
  await context.setOffline(true);
  const words = "thank you it has stopped now";
  await tap(page, "Say something back");
  await page.getByTestId("reply-text").fill(words);
  await screenshot(page, "answer-reply-2-words");
  await page.getByTestId("reply-send").click();
  await page.getByTestId("reply-thanks").waitFor();
  assert.match(await page.getByTestId("answer-back").innerText(), /Thank you\. Your grown-ups will see this\.[\s\S]*grown-up you trust[\s\S]*Childline[\s\S]*0800 1111/);
  await screenshot(page, "answer-reply-3-thanks");
  let stored = await everythingStored(page);
  for (const trace of [words, ticket, TEMPLATE_START]) {
    assert.ok(!stored.includes(trace), `${trace} is not kept in the clear on the tablet`);
  }
  assert.deepEqual(await repliesOnRecord(dsl.page, reportId, 0), [], "nothing arrives while offline");

  // Back online, the outbox sends it; it arrives once.
  await context.setOffline(false);
  assert.deepEqual(await repliesOnRecord(dsl.page, reportId, 1), [`The child answered back: ${words}`]);

  // The same child asks again and would like to talk to a grown-up, this time online.
  await page.getByTestId("quick-exit").click();
  await page.getByTestId("home-answer").click();
  await tapCode(page, code);
  await tap(page, "I'd like to talk to a grown-up");
  await page.getByTestId("reply-thanks").waitFor();
  await page.getByTestId("quick-exit").click();
  await page.getByTestId("home-answer").waitFor();
  assert.deepEqual(await repliesOnRecord(dsl.page, reportId, 2), [
    `The child answered back: ${words}`,
    "The child would like to talk to a grown-up.",
  ]);
  await screenshot(dsl.page, "answer-reply-4-dsl-sees-replies");
  // The wish to talk stands out on the DSL's home.
  await dsl.page.goto("/staff");
  await dsl.page.getByTestId("child-to-talk-to").getByRole("link").waitFor();
  await screenshot(dsl.page, "answer-reply-5-dsl-home");
  stored = await everythingStored(page);
  for (const trace of [words, ticket, TEMPLATE_START]) {
    assert.ok(!stored.includes(trace), `${trace} is not kept on the tablet`);
  }
  await dsl.context.close();
  await context.close();
});

const NO_ANSWER = "No answer yet. You can look again later, or tell a grown-up now.";

test("an expired answer is gone: its pictures show no answer and nothing else, while an in-date one shows", async () => {
  const { context, page } = await newTablet();
  const EXPIRED = "Thank you for telling us. This answer was written fifteen days ago. Tell your teacher.";
  const IN_DATE = "Thank you for telling us. This answer was written thirteen days ago. Tell your teacher.";
  // The school keeps answers 14 days (its default).
  server.seed("answer", "--code", "1,2,3,4", "--days-ago", "15", "--message", EXPIRED);
  server.seed("answer", "--code", "5,6,7,8", "--days-ago", "13", "--message", IN_DATE);
  await page.goto("/answer");
  await appReady(page);
  await tapCode(page, [1, 2, 3, 4]);
  const none = page.getByTestId("no-answer");
  await none.waitFor();
  assert.equal((await none.innerText()).trim(), NO_ANSWER);
  assert.equal(await page.getByTestId("answer").count(), 0);
  assert.ok(!(await page.content()).includes("fifteen days"), "nothing of the expired answer reaches the page");
  await screenshot(page, "answer-6-expired");
  await page.getByTestId("start-again").click();
  await tapCode(page, [5, 6, 7, 8]);
  await page.getByTestId("answer").filter({ hasText: IN_DATE }).waitFor();
  await context.close();
});

test("with the school's check on, an answer reaches the tablet only after a second DSL approves it", async () => {
  server.admin("staff", "add", "deputy@school.example", "--role", "dsl", "--name", "Mr Osei", "--password-stdin", { input: `${PASSWORD}\n` });
  const khan = await staffSignIn(browser, server, "dsl@school.example", PASSWORD);
  await khan.page.goto("/staff/school");
  const settings = khan.page.getByTestId("answer-settings");
  await settings.waitFor();
  assert.equal(await khan.page.getByLabel(/Days an answer can be seen/).inputValue(), "14");
  await khan.page.getByTestId("answer-needs-check").check();
  await khan.page.getByRole("button", { name: "Save profile" }).click();
  await khan.page.getByText("Saved.").waitFor();
  await settings.screenshot({ path: await screenshot(khan.page, "answer-7-settings") });

  // A child asks for an answer; Mrs Khan answers from a template.
  const { context, page } = await newTablet();
  const before = storedReports(server).map((r) => r.id);
  await tell(page, { ask: true });
  const code = await page.getByTestId("answer-code").locator("[data-picture]")
    .evaluateAll((els) => els.map((e) => Number(e.dataset.picture)));
  await page.getByTestId("quick-exit").click();
  const [{ id }] = storedReports(server).filter((r) => !before.includes(r.id));
  await khan.page.goto(`/staff/reports/${id}`);
  const state = khan.page.getByTestId("answer-state");
  await state.filter({ hasText: "Waiting for an answer" }).waitFor();
  await khan.page.getByTestId("answer-template-1").click();
  await khan.page.getByRole("button", { name: "Send the answer" }).click();
  await state.filter({ hasText: "Waiting for a check" }).waitFor();
  assert.equal(await khan.page.getByTestId("answer-approve").count(), 0, "the writer can't approve their own");
  await khan.page.screenshot({ path: await screenshot(khan.page, "answer-8-record-waiting-for-check"), fullPage: false });
  await khan.context.close();

  await page.getByTestId("home-answer").click();
  await tapCode(page, code);
  await page.getByTestId("no-answer").waitFor();
  assert.equal(await page.getByTestId("answer").count(), 0, "not before the check");

  // Mr Osei finds it on his home and approves it.
  const osei = await staffSignIn(browser, server, "deputy@school.example", PASSWORD);
  const waiting = osei.page.getByTestId("answers-to-check");
  await waiting.waitFor();
  await waiting.getByRole("link").click();
  await osei.page.getByTestId("answer-approve").click();
  await osei.page.getByTestId("answer-state").filter({ hasText: "Visible to the child" }).waitFor();
  await osei.page.getByTestId("chronology").filter({ hasText: "approved, the child can see it" }).waitFor();
  await osei.page.screenshot({ path: await screenshot(osei.page, "answer-9-record-visible"), fullPage: false });
  await osei.context.close();

  await page.getByTestId("start-again").click();
  await tapCode(page, code);
  await page.getByTestId("answer").filter({ hasText: "We are sorting it out." }).waitFor();
  await context.close();
});
