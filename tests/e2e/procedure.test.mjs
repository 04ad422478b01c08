// The nudes and semi-nudes procedure, walked by a DSL on a laptop (1366×768) in real Chromium
// against a real server: the record's category suggests it, the DSL starts it from the record,
// records each step; a "yes" to an immediate-referral question makes handling it in school
// refused, so the referral is recorded; closing is refused until every step is in, then allowed.
// Then searching and confiscating a device walked to closure with the phone passed to the police,
// and misuse by a pupil with its consequence and the letter to the parents printed on A4.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, screenshot, staffSignIn, addDevice, storedReports } from "./harness.mjs";

const LAPTOP = { width: 1366, height: 768 };
const PASSWORD = "correct horse battery staple";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
  server.admin("staff", "add", "dsl@school.example", "--role", "dsl", "--name", "Mrs Khan", "--password-stdin", { input: `${PASSWORD}\n` });
  addDevice(server, "Year 6 tablet");
  server.seed("reports", "--count", "3", "--words", "Someone in my class sent a picture of themselves");
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

/** Records one step from its card; waits until the page shows it recorded. */
async function record(page, key, fill) {
  const card = page.getByTestId(`step-${key}`);
  await fill(card);
  await card.getByRole("button", { name: "Record this step" }).click();
  await card.getByTestId("step-recorded").waitFor();
}

/** Each test takes a record of its own. */
const used = new Set();
function unusedRecord() {
  const id = storedReports(server).map((r) => r.id).find((id) => !used.has(id));
  assert.ok(id, "a record left for this test");
  used.add(id);
  return `${server.url}/staff/reports/${id}`;
}

/** Opens a record, puts it in this category, and follows its link to the procedures. */
async function categorise(page, recordUrl, category, linkText) {
  await page.goto(recordUrl);
  await page.getByTestId("report-status").waitFor();
  await page.selectOption("#t-category", category);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const link = page.getByTestId("procedure-link");
  await link.filter({ hasText: linkText }).waitFor();
  await link.click();
}

/** Closes the record from its page with this outcome. */
async function closeRecord(page, recordUrl, outcome, reason) {
  await page.goto(recordUrl);
  await page.selectOption("#t-status", "closed");
  await page.selectOption("#t-outcome", outcome);
  await page.fill("#t-outcome-reason", reason);
  await page.getByRole("button", { name: "Save", exact: true }).click();
}

test("a DSL walks the nudes procedure to closure with an immediate-referral answer", async () => {
  const { page } = await staffSignIn(browser, server, "dsl@school.example", PASSWORD, { viewport: LAPTOP });
  await page.getByTestId("inbox-row").first().getByRole("link").click();
  await page.getByTestId("report-status").waitFor();
  const recordUrl = page.url();
  used.add(recordUrl.split("/").pop());

  // Categorised as youth-produced sexual imagery, the record suggests the procedure.
  await page.selectOption("#t-category", "ypsi");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const link = page.getByTestId("procedure-link");
  await link.filter({ hasText: "Start the nudes and semi-nudes procedure" }).waitFor();
  await link.click();
  // Nudes and semi-nudes is suggested first for this category (searching the device may follow).
  await page.locator("section", { has: page.getByTestId("start-nudes") })
    .getByText("This record's category suggests this procedure.").waitFor();
  await page.getByTestId("start-nudes").click();
  const status = page.getByTestId("procedure-status");
  await status.filter({ hasText: "Still to record" }).waitFor();

  await record(page, "first_steps", async (c) => {
    await c.getByLabel("The adult was told this").check();
    await c.getByLabel("Where the device is now").fill("Locked in the head's office, switched off");
  });
  await record(page, "review_meeting", async (c) => {
    await c.getByLabel("Who took part").fill("Mrs Khan (DSL), Mr Patel (head), Ms Lewis (class teacher)");
    await c.getByLabel("When").fill("2026-12-01");
  });
  await record(page, "immediate_referral", async (c) => {
    for (const q of ["adult", "coercion", "capacity", "unusual", "risk"]) {
      await c.locator(`input[name="immediate_referral-${q}"][value="no"]`).check();
    }
    // A primary school: the children are under 13.
    await c.locator('input[name="immediate_referral-under_13"][value="yes"]').check();
  });

  // Handling it in school is refused: a "yes" means a referral.
  const referral = page.getByTestId("step-referral");
  await referral.getByLabel("Handled in school").check();
  await referral.getByLabel("Why it is handled in school").fill("They are friends");
  await referral.getByRole("button", { name: "Record this step" }).click();
  assert.match(await referral.getByRole("alert").innerText(), /under 13.*required/);
  await record(page, "referral", async (c) => {
    await c.getByLabel("Referred to the police or children's social care").check();
    // Not one of the referrals' agencies as named: someone else, in words.
    await c.getByLabel("Referred to", { exact: true }).selectOption("other");
    await c.getByLabel("Who (name the service)").fill("Children's social care, front door");
    await c.getByLabel("Referred on").fill("2026-12-01");
    await c.getByLabel("Their reference").fill("CSC-20931");
  });
  await screenshot(page, "procedure-referral");

  // Closing now is refused, naming what is still missing.
  await page.goto(recordUrl);
  await page.selectOption("#t-status", "closed");
  await page.selectOption("#t-outcome", "referred_on");
  await page.fill("#t-outcome-reason", "Social care have it; images deleted.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const refused = await page.getByRole("alert").filter({ hasText: "procedure" }).innerText();
  assert.match(refused, /Parents told/);
  assert.match(refused, /Deletion confirmed/);

  await page.getByTestId("procedure-link").click();
  await record(page, "parents", async (c) => {
    await c.getByLabel("Yes").check();
    await c.getByLabel("When").fill("2026-12-01");
  });
  // An image was viewed: no, as the form starts.
  const image = page.getByTestId("step-image_viewed");
  assert.equal(await image.getByLabel("No").isChecked(), true);
  await record(page, "image_viewed", async () => {});
  await record(page, "deletion", async (c) => { await c.getByLabel("Deletion was confirmed").check(); });
  await record(page, "covered", async (c) => { await c.getByLabel("Sextortion and AI-generated images were considered").check(); });
  await record(page, "report_remove", async (c) => { await c.getByLabel("Yes").check(); });
  await status.filter({ hasText: "Every step is recorded." }).waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, "procedure-complete");

  await page.goto(recordUrl);
  await page.selectOption("#t-status", "closed");
  await page.selectOption("#t-outcome", "referred_on");
  await page.fill("#t-outcome-reason", "Social care have it; images deleted.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByTestId("report-status").filter({ hasText: "Closed" }).waitFor();
  const chronology = await page.getByTestId("chronology").innerText();
  assert.match(chronology, /Started the Nudes and semi-nudes procedure/);
  assert.match(chronology, /Referred to: Children's social care, front door/);
  // The two refusals above are answered 400 and 409, which Chromium logs; nothing else.
  assert.deepEqual(page.errors.filter((e) => !/status of 40[09]/.test(e)), []);
});

test("a DSL walks searching and confiscating a phone to closure, the phone passed to the police", async () => {
  const { page } = await staffSignIn(browser, server, "dsl@school.example", PASSWORD, { viewport: LAPTOP });
  const recordUrl = unusedRecord();
  await categorise(page, recordUrl, "misuse", "Start the misuse by a pupil procedure");
  await page.getByTestId("start-searching").click();
  const status = page.getByTestId("procedure-status");
  await status.filter({ hasText: "Still to record" }).waitFor();

  await record(page, "grounds", async (c) => {
    await c.getByLabel("The reasons to suspect it").fill("Two children saw him filming under a table at lunch");
    await c.getByLabel("What was looked for").fill("A mobile phone");
    await c.getByLabel("The person searching is the head teacher or authorised by them").check();
  });
  await record(page, "search", async (c) => {
    await c.getByLabel("When").fill("2026-12-01");
    await c.getByLabel("Who searched").fill("Mr Patel (head)");
    await c.getByLabel("Who witnessed").fill("Ms Lewis (class teacher)");
  });
  // A suspected indecent image: nobody looks, it is switched off, locked away and with the DSL.
  await record(page, "found", async (c) => {
    await c.getByLabel("What was found").fill("A phone in his coat pocket");
    await c.getByLabel("Yes").check();
    await c.getByLabel("Nobody looked at, copied or sent the image").check();
    await c.getByLabel("The device is switched off and locked away").check();
    await c.getByLabel("The device was given to the DSL").check();
  });
  // It can't go back to the child: it goes to the police, who start as the agency chosen.
  const done = page.getByTestId("step-done_with");
  await done.getByLabel("Given back to the child").check();
  await done.getByRole("button", { name: "Record this step" }).click();
  assert.match(await done.getByRole("alert").innerText(), /indecent image/);
  await record(page, "done_with", async (c) => {
    await c.getByLabel("Passed to the police").check();
    assert.equal(await c.getByLabel("Referred to", { exact: true }).inputValue(), "police");
    await c.getByLabel("Referred on").fill("2026-12-01");
    await c.getByLabel("Their reference").fill("PC-5512");
  });
  await record(page, "parents", async (c) => {
    await c.getByLabel("Yes").check();
    await c.getByLabel("When").fill("2026-12-01");
  });
  await status.filter({ hasText: "Every step is recorded." }).waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, "procedure-searching-complete");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "procedure-searching-phone");
  await page.setViewportSize(LAPTOP);

  await closeRecord(page, recordUrl, "referred_on", "The police have the phone; parents told.");
  await page.getByTestId("report-status").filter({ hasText: "Closed" }).waitFor();
  const chronology = await page.getByTestId("chronology").innerText();
  assert.match(chronology, /Started the Searching and confiscating a device procedure/);
  assert.match(chronology, /Referred to Police on 2026-12-01, reference PC-5512/);
  assert.deepEqual(page.errors.filter((e) => !/status of 400/.test(e)), []);
});

test("misuse by a pupil: the consequence leaves every way to tell open, and the letter to the parents prints on A4", async () => {
  const { page } = await staffSignIn(browser, server, "dsl@school.example", PASSWORD, { viewport: LAPTOP });
  const recordUrl = unusedRecord();
  await categorise(page, recordUrl, "misuse", "Start the misuse by a pupil procedure");
  await page.getByText("This record's category suggests this procedure.").first().waitFor();
  await page.getByTestId("start-misuse").click();
  await page.getByTestId("procedure-status").filter({ hasText: "Still to record" }).waitFor();
  assert.equal(await page.getByTestId("misuse-letter").count(), 0, "no letter before anything is recorded");

  await record(page, "what_happened", async (c) => {
    await c.getByLabel("When it happened").fill("2026-12-01");
    await c.getByLabel("Which of our rules was broken").fill("I only use the websites my teacher says.");
    await c.getByLabel("What happened", { exact: true }).fill("During a computing lesson he searched for games and played one instead of his work.");
  });
  const consequence = page.getByTestId("step-consequence");
  await consequence.getByLabel("The consequence", { exact: true }).fill("He works on paper instead of a tablet for the next two computing lessons.");
  await consequence.getByLabel("Why this consequence").fill("So that he can show us he is ready to use the tablets safely again.");
  await consequence.getByLabel("The child was told the consequence").check();
  await consequence.getByRole("button", { name: "Record this step" }).click();
  assert.match(await consequence.getByRole("alert").innerText(), /every way to tell/);
  await record(page, "consequence", async (c) => {
    await c.getByLabel("The consequence leaves every way to tell a trusted adult open").check();
  });
  await record(page, "parents", async (c) => {
    await c.getByLabel("Yes").check();
    await c.getByLabel("When").fill("2026-12-02");
  });
  await page.getByTestId("procedure-status").filter({ hasText: "Every step is recorded." }).waitFor();

  await page.getByTestId("misuse-letter").click();
  const letter = page.getByTestId("parent-letter");
  await letter.filter({ hasText: "can still talk to any adult" }).waitFor();
  const words = await letter.innerText();
  for (const said of ["on 1 December 2026", "played one instead of his work", "I only use the websites my teacher says.",
    "works on paper", "ready to use the tablets", "Mrs Khan"]) {
    assert.ok(words.includes(said), `the letter says "${said}": ${words}`);
  }
  await screenshot(page, "procedure-misuse-letter-screen");
  // On A4 (210 × 297 mm at 96 dpi): only the letter prints.
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: "print" });
  await screenshot(page, "procedure-misuse-letter-print");
  assert.equal(await page.getByRole("button", { name: "Print" }).isVisible(), false, "screen controls are not printed");
  assert.equal(await page.getByTestId("procedure-status").isVisible(), false, "the steps are not printed");
  assert.equal(await letter.isVisible(), true);
  await page.emulateMedia({ media: "screen" });
  await page.setViewportSize(LAPTOP);
  await page.getByRole("button", { name: "Back to the steps" }).click();
  await page.getByTestId("step-consequence").waitFor();
  assert.deepEqual(page.errors.filter((e) => !/status of 400/.test(e)), []);
});
