// Any adult logs a concern: a teaching assistant on a phone names two pupils and the child's own
// words in an urgent concern; the DSLs get one email that says nothing of it; the assistant keeps
// a receipt, not the record, and can't open the inbox. A draft survives the server going away and
// the page being reloaded, and arrives once when the server is back.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, seedClass, storedReports, launch, staffSignIn, screenshot, smtpSink, PHONE,
} from "./harness.mjs";

const PASSWORD = "correct horse battery staple";
const WORDS = "He said he would put my picture on the group chat";
const WHAT = "Found Ava crying by the library computers at lunch; Ben was with her.";
const LAPTOP = { width: 1280, height: 800 };

let server, browser, sink;
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); sink?.close(); });

function addStaff(email, role, name) {
  server.admin("staff", "add", email, "--role", role, "--name", name, "--password-stdin", { input: `${PASSWORD}\n` });
}

/** Types a few letters into the picker and taps the child. */
async function pick(page, letters, label) {
  await page.getByTestId("concern-find").fill(letters);
  await page.getByRole("button", { name: label }).click();
}

test("a teaching assistant on a phone logs an urgent concern about two pupils; the DSLs get one content-free email", async () => {
  sink = await smtpSink();
  server = await startServer({
    env: { KITE_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, KITE_PUBLIC_URL: "https://kite.school.example" },
  });
  addStaff("dsl@school.example", "dsl", "Mrs Khan");
  addStaff("ta@school.example", "staff", "Mr Lewis");
  const oak = seedClass(server, { name: "Oak", band: "ks1", pupils: [["Ava", "B"], ["Amir", "K"]] });
  const ash = seedClass(server, { name: "Ash", band: "ks2", pupils: [["Ben", "C"]] });
  browser = await launch();

  const ta = await staffSignIn(browser, server, "ta@school.example", PASSWORD, { viewport: PHONE });
  const page = ta.page;
  // A teaching assistant's home: their signed AUP and the way to log a concern; no inbox, no classes.
  await page.getByTestId("aup-signed").waitFor();
  const nav = await page.locator('nav[aria-label="Staff"]').innerText();
  assert.ok(!nav.includes("Inbox") && !nav.includes("Classes"), nav);
  await screenshot(page, "concern-ta-home-390");
  await page.getByTestId("log-concern").click();
  await page.getByTestId("concern-form").waitFor();

  await pick(page, "av", "Ava B. · Oak");
  await pick(page, "Ben", "Ben C. · Ash");
  await page.locator(`#involvement-${ash.pupils.Ben}`).selectOption("witness");
  await page.getByLabel("Where (optional)").fill("Library");
  await page.getByTestId("concern-what").fill(WHAT);
  await page.getByTestId("concern-words").fill(WORDS);
  await page.getByLabel("What kind of concern").selectOption("ypsi");
  // The form says, there and then, never to copy or forward such an image.
  await page.getByTestId("concern-ypsi").waitFor();
  await page.getByLabel("How it came to light").selectOption("child_told_me");
  await page.getByTestId("concern-urgent").check();
  await page.getByTestId("concern-send").click();
  // Urgent needs a DSL told in person; nothing typed is lost.
  const error = await page.getByTestId("concern-error").innerText();
  assert.match(error, /told a DSL in person/);
  assert.equal(await page.getByTestId("concern-words").inputValue(), WORDS);
  await page.getByTestId("concern-told").check();
  await screenshot(page, "concern-form-390");
  const bodyWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(bodyWidth <= PHONE.width, `the form fits a phone (${bodyWidth}px)`);
  await page.getByTestId("concern-send").click();

  const receipt = page.getByTestId("concern-receipt");
  await receipt.waitFor();
  await screenshot(page, "concern-receipt-390");
  const shown = await receipt.innerText();
  for (const secret of ["Ava", "Ben", "library", "picture", "group chat", "crying", "sexual"]) {
    assert.ok(!shown.toLowerCase().includes(secret.toLowerCase()), `the receipt shows "${secret}"`);
  }
  const stored = storedReports(server);
  assert.equal(stored.length, 1);
  const id = stored[0].id;
  assert.equal(await page.getByTestId("receipt-reference").innerText(), id.replaceAll("-", "").slice(0, 8).toUpperCase());
  // Nothing of it stays on the phone.
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("kite.concern-draft")).length), 0);

  // One email, to the DSL, with nothing of the concern.
  const deadline = Date.now() + 30_000;
  while (sink.mails.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  await new Promise((r) => setTimeout(r, 1_000)); // a second email would have come by now
  assert.equal(sink.mails.length, 1, "one email");
  assert.deepEqual(sink.mails[0].to, ["<dsl@school.example>"]);
  const mail = sink.mails[0].body;
  assert.match(mail, /urgent report/i);
  for (const secret of ["Ava", "Ben", "Oak", "Ash", "library", "picture", "Lewis", "imagery"]) {
    assert.ok(!mail.toLowerCase().includes(secret.toLowerCase()), `the email mentions "${secret}"`);
  }

  // The assistant can't open the inbox or the record.
  assert.equal((await page.request.get("/api/v1/staff/reports")).status(), 403);
  assert.equal((await page.request.get(`/api/v1/staff/reports/${id}`)).status(), 403);
  await page.goto(`/staff/reports/${id}`);
  await page.getByTestId("report-forbidden").waitFor();
  assert.ok(!(await page.locator("main").innerText()).includes("group chat"));
  await ta.context.close();

  // The DSL reads it on a laptop: who wrote it, both children with their part, the child's words.
  const dsl = await staffSignIn(browser, server, "dsl@school.example", PASSWORD, { viewport: LAPTOP });
  await dsl.page.getByTestId("inbox-row").first().getByRole("link").click();
  const card = dsl.page.getByTestId("staff-concern");
  await card.waitFor();
  assert.match(await dsl.page.getByTestId("concern-writer").innerText(), /Mr Lewis/);
  const about = await dsl.page.getByTestId("concern-pupils").innerText();
  assert.match(about, /Ava B\. \(Oak\).*Affected/);
  assert.match(about, /Ben C\. \(Ash\).*Witness/);
  assert.equal(await dsl.page.getByTestId("concern-child-words").innerText(), WORDS);
  await screenshot(dsl.page, "concern-dsl-reads-1280");
  assert.ok(oak.pupils.Amir, "a pupil not named is not in it");
  assert.ok(!about.includes("Amir"));
  await dsl.context.close();
});

test("a draft survives the server going away and the page reloading, and arrives once", async () => {
  await server.stop();
  server.cleanup();
  server = await startServer();
  addStaff("teacher@school.example", "teacher", "Ms Patel");
  seedClass(server, { name: "Willow", band: "ks2", pupils: [["Zara", "K"]] });
  browser ??= await launch();
  const { context, page } = await staffSignIn(browser, server, "teacher@school.example", PASSWORD, { viewport: LAPTOP });
  await page.getByTestId("log-concern").click();
  await page.getByTestId("concern-form").waitFor();
  await page.evaluate(() => navigator.serviceWorker?.ready);
  await pick(page, "za", "Zara K. · Willow");
  await page.getByTestId("concern-what").fill("Zara said an older child keeps messaging her at night.");
  await page.getByLabel("What kind of concern").selectOption("contact");
  await page.getByLabel("How it came to light").selectOption("monitoring_alert");
  await page.getByLabel("Which monitoring tool").selectOption("impero");
  await page.getByTestId("concern-flagged").fill("Messages at night from an unknown older user");
  await screenshot(page, "concern-form-1280");

  // A closed tab loses nothing.
  const again = await context.newPage();
  await page.close();
  await again.goto("/staff/concern");
  await again.getByTestId("concern-form").waitFor();
  assert.match(await again.getByTestId("concern-what").inputValue(), /older child/);
  assert.equal(await again.getByLabel("Which monitoring tool").inputValue(), "impero");
  assert.equal(await again.getByTestId("concern-flagged").inputValue(), "Messages at night from an unknown older user");

  const { url, dataDir } = server;
  const port = Number(new URL(url).port);
  await server.stop();
  await again.getByTestId("concern-send").click();
  await again.getByTestId("concern-waiting").waitFor();
  // Reloaded with the server still away (the service worker may or may not have the page).
  await again.reload().catch(() => {});

  server = await startServer({ dataDir, port });
  assert.equal(storedReports(server).length, 0);
  await again.goto("/staff/concern");
  await again.getByTestId("concern-receipt").waitFor({ timeout: 20_000 });
  await screenshot(again, "concern-receipt-1280");
  assert.equal(storedReports(server).length, 1, "arrived");

  // Nothing of the draft is left, and it isn't sent again.
  await again.reload();
  await again.getByTestId("concern-form").waitFor();
  assert.equal(await again.getByTestId("concern-what").inputValue(), "");
  assert.equal(await again.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("kite.concern-draft")).length), 0);
  await new Promise((r) => setTimeout(r, 6_000)); // a retry would have gone by now
  assert.equal(storedReports(server).length, 1, "arrived once");
  await context.close();
});
