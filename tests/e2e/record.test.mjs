// The DSL's record on a laptop, in real Chromium against a real server: the inbox a page at a
// time with the total; opening a record records the DSL's read; an action with another owner and
// a due date that has passed shows on the DSL's home as overdue, and marking it done clears it;
// a referral, the parents told and a correction; a letter for the parents, printed; closing with
// the decision and its reason; putting it on hold. Screenshots at 1280 px and the record at 390 px.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, screenshot, foreignRequests, staffSignIn, addDevice } from "./harness.mjs";

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const PASSWORD = "correct horse battery staple";
const WORDS = "They asked me to meet them at the park";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
  for (const [email, role, name] of [
    ["dsl@school.example", "dsl", "Mrs Khan"],
    ["teacher@school.example", "teacher", "Ms Lewis"],
  ]) {
    server.admin("staff", "add", email, "--role", role, "--name", name, "--password-stdin", { input: `${PASSWORD}\n` });
  }
  addDevice(server, "Year 5 tablet");
  server.seed("reports", "--count", "60", "--words", WORDS);
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

test("the DSL pages the inbox, reads a record, acts, refers, tells the parents and closes it", async () => {
  const { context, page } = await staffSignIn(browser, server, "dsl@school.example", PASSWORD, { viewport: LAPTOP });
  const summary = page.getByTestId("inbox-summary");
  await summary.filter({ hasText: "Showing 1\u201350 of 60" }).waitFor();
  assert.equal(await page.getByTestId("inbox-row").count(), 50);
  assert.match(await page.getByTestId("unread").innerText(), /Someone wants to meet them/);
  await screenshot(page, "record-dsl-inbox");
  await page.getByTestId("next-page").click();
  await summary.filter({ hasText: "Showing 51\u201360 of 60" }).waitFor();
  await page.getByRole("button", { name: "Previous" }).click();
  await summary.filter({ hasText: "Showing 1\u201350 of 60" }).waitFor();

  // Open the urgent one: the read is recorded, and it leaves "not read by me".
  await page.getByTestId("inbox-row").first().getByRole("link").click();
  await page.getByTestId("read-by").filter({ hasText: "Mrs Khan" }).waitFor();
  const recordUrl = page.url();

  // An action for the class teacher, due on a day already past.
  await page.selectOption("#a-type", "spoke_with_pupil");
  await page.fill("#a-detail", "Ask the class teacher to check in with the class about meeting people from games.");
  await page.getByLabel("Owner").selectOption({ label: "Ms Lewis" });
  await page.fill("#a-due", "2020-01-10");
  await page.getByRole("button", { name: "Record", exact: true }).click();
  await page.getByTestId("chronology").filter({ hasText: "Owner: Ms Lewis \u00b7 due 2020-01-10" }).waitFor();

  // A referral, and the parents told.
  await page.selectOption("#r-agency", "ceop");
  await page.fill("#r-on", "2026-11-02");
  await page.fill("#r-ref", "CEOP-4471");
  await page.getByRole("button", { name: "Add the referral" }).click();
  await page.getByTestId("referral").filter({ hasText: "CEOP-4471" }).waitFor();
  await page.fill("#p-who", "Mrs Khan spoke to Mum");
  await page.fill("#p-how", "Phone");
  await page.fill("#p-on", "2026-11-03");
  await page.getByTestId("parents-add").click();
  await page.getByTestId("parents-told").filter({ hasText: "Told on 2026-11-03 by Mrs Khan spoke to Mum, Phone" }).waitFor();

  // A correction is added; the pupil's words stay as they were.
  await page.fill("#c-text", "The pupil later said it was a different game.");
  await page.getByRole("button", { name: "Add the correction" }).click();
  await page.getByTestId("chronology").filter({ hasText: "corrects what was first written" }).waitFor();
  assert.equal(await page.getByTestId("report-words").innerText(), WORDS);
  await screenshot(page, "record-dsl-record");

  // The DSL's home shows the overdue action with its owner.
  await page.getByRole("link", { name: "Inbox" }).click();
  const overdue = page.getByTestId("overdue-action");
  await overdue.filter({ hasText: "Ms Lewis" }).waitFor();
  assert.match(await overdue.innerText(), /Due 2020-01-10/);
  await screenshot(page, "record-dsl-home-overdue");

  // Marking it done is a new entry; nothing is overdue any more.
  await page.goto(recordUrl);
  await page.getByTestId("mark-done").click();
  await page.getByPlaceholder("What came of it (optional)").fill("Class talk done on Friday");
  await page.getByRole("button", { name: "Done", exact: true }).click();
  await page.getByTestId("chronology").filter({ hasText: "Action done: Class talk done on Friday" }).waitFor();
  await page.goto("/staff");
  await page.getByTestId("overdue").filter({ hasText: "Nothing is overdue." }).waitFor();

  // A letter for the parents: the school's name, nothing of the record, only the letter prints.
  await page.goto(recordUrl);
  await page.getByTestId("write-letter").click();
  const letter = page.getByTestId("parent-letter");
  await letter.waitFor();
  await page.fill("#l-body", "Dear parent or carer,\n\nThank you for talking with me on the phone today.\n\nThank you.");
  await letter.filter({ hasText: "talking with me on the phone" }).waitFor();
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.getByRole("button", { name: "Print" }).isVisible(), false, "the form doesn't print");
  const printed = await letter.innerText();
  assert.match(printed, /Mrs Khan/);
  assert.ok(!printed.includes("park") && !printed.includes("CEOP"), printed);
  await screenshot(page, "record-parent-letter-print");
  await page.emulateMedia({ media: "screen" });

  // Closing: referred, so the decision and its reason are enough.
  await page.goto(recordUrl);
  await page.selectOption("#t-status", "closed");
  await page.selectOption("#t-outcome", "referred_on");
  assert.equal(await page.locator("#t-not-referred").count(), 0, "it was referred");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  assert.match(await page.getByRole("alert").innerText(), /why you decided/);
  await page.fill("#t-outcome-reason", "An adult asked to meet; CEOP have it.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByTestId("report-status").filter({ hasText: "Closed" }).waitFor();

  // On hold: kept whatever the retention period says, with the reason in the chronology.
  const hold = page.getByTestId("hold-form");
  await hold.getByRole("button", { name: "Put on hold" }).click();
  assert.match(await hold.getByRole("alert").innerText(), /Say why/);
  await page.fill("#hold-reason", "Police inquiry, reference 7731");
  await hold.getByRole("button", { name: "Put on hold" }).click();
  await page.getByTestId("on-hold").waitFor();
  await page.getByTestId("chronology").filter({ hasText: "On hold (kept whatever the retention period says): Police inquiry, reference 7731" }).waitFor();
  await hold.getByRole("button", { name: "Lift the hold" }).waitFor();
  await screenshot(page, "record-dsl-on-hold");
  assert.deepEqual(page.errors, []);
  assert.deepEqual(foreignRequests(page, server), []);
  await context.close();

  // The record on a phone.
  const phone = await staffSignIn(browser, server, "dsl@school.example", PASSWORD, { viewport: PHONE });
  await phone.page.goto(recordUrl);
  await phone.page.getByTestId("read-by").waitFor();
  await screenshot(phone.page, "record-dsl-record-phone");
  await phone.context.close();
});
