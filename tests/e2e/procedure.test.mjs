// The nudes and semi-nudes procedure, walked by a DSL on a laptop (1366×768) in real Chromium
// against a real server: the record's category suggests it, the DSL starts it from the record,
// records each step; a "yes" to an immediate-referral question makes handling it in school
// refused, so the referral is recorded; closing is refused until every step is in, then allowed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, screenshot, staffSignIn, addDevice } from "./harness.mjs";

const LAPTOP = { width: 1366, height: 768 };
const PASSWORD = "correct horse battery staple";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
  server.admin("staff", "add", "dsl@school.example", "--role", "dsl", "--name", "Mrs Khan", "--password-stdin", { input: `${PASSWORD}\n` });
  addDevice(server, "Year 6 tablet");
  server.seed("reports", "--count", "1", "--words", "Someone in my class sent a picture of themselves");
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

/** Records one step from its card; waits until the page shows it recorded. */
async function record(page, key, fill) {
  const card = page.getByTestId(`step-${key}`);
  await fill(card);
  await card.getByRole("button", { name: "Record this step" }).click();
  await card.getByTestId("step-recorded").waitFor();
}

test("a DSL walks the nudes procedure to closure with an immediate-referral answer", async () => {
  const { page } = await staffSignIn(browser, server, "dsl@school.example", PASSWORD, { viewport: LAPTOP });
  await page.getByTestId("inbox-row").first().getByRole("link").click();
  await page.getByTestId("report-status").waitFor();
  const recordUrl = page.url();

  // Categorised as youth-produced sexual imagery, the record suggests the procedure.
  await page.selectOption("#t-category", "ypsi");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const link = page.getByTestId("procedure-link");
  await link.filter({ hasText: "Start the nudes and semi-nudes procedure" }).waitFor();
  await link.click();
  await page.getByText("This record's category suggests this procedure.").waitFor();
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
    await c.getByLabel("Referred to", { exact: true }).fill("Children's social care, front door");
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
