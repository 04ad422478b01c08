// The whole online-safety record, from the front line to each child's story, in real Chromium
// against a real server: a teaching assistant on a phone logs an urgent concern about two named
// pupils with a child's own words (one alert email, nothing of it in the email or the receipt);
// the DSL on a laptop reads it (the read recorded), gives an action an owner and a due date,
// links an earlier pupil's report to one of the children with a reason, records a referral and
// that the parents were told, and closes it with the decision and its reason; each child's
// chronology then shows what is theirs and nothing of the other child.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, seedClass, addDevice, storedReports, launch, staffSignIn, screenshot, smtpSink,
  foreignRequests, PHONE,
} from "./harness.mjs";

const LAPTOP = { width: 1280, height: 800 };
const PASSWORD = "correct horse battery staple";
const CHILD_WORDS = "She said send me a photo or I will tell everyone";
const WHAT = "At lunch Ava showed me a message on her watch from someone she plays a game with.";
const PUPIL_WORDS = "someone in the game keeps asking where I live";

let server, browser, sink;
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); sink?.close(); });

function addStaff(email, role, name) {
  server.admin("staff", "add", email, "--role", role, "--name", name, "--password-stdin", { input: `${PASSWORD}\n` });
}

/** Waits for the sink to hold `n` emails, then a moment longer, so a second one would show. */
async function mailsAfter(n) {
  const deadline = Date.now() + 30_000;
  while (sink.mails.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  await new Promise((r) => setTimeout(r, 1_000));
  return sink.mails;
}

test("a teaching assistant's urgent concern becomes a closed record and each child's own chronology", async () => {
  sink = await smtpSink();
  server = await startServer({
    env: { KITE_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, KITE_PUBLIC_URL: "https://kite.school.example" },
  });
  addStaff("dsl@school.example", "dsl", "Mrs Khan");
  addStaff("teacher@school.example", "teacher", "Ms Lewis");
  addStaff("ta@school.example", "staff", "Mr Jones");
  const oak = seedClass(server, { name: "Oak", band: "ks2", teacherEmail: "teacher@school.example", pupils: [["Ava", "B"], ["Ben", "C"]] });
  addDevice(server, "Oak tablet");
  // Last week a pupil told the tablet, anonymously, about someone in a game.
  const [earlier] = server.seed("reports", "--count", "1", "--words", PUPIL_WORDS).ids;
  await mailsAfter(1); // that report was urgent: its own email
  const mailsBefore = sink.mails.length;
  browser = await launch();

  // The teaching assistant, on a phone.
  const ta = await staffSignIn(browser, server, "ta@school.example", PASSWORD, { viewport: PHONE });
  await ta.page.getByTestId("log-concern").click();
  await ta.page.getByTestId("concern-form").waitFor();
  await ta.page.getByTestId("concern-find").fill("av");
  await ta.page.getByRole("button", { name: "Ava B. \u00b7 Oak" }).click();
  await ta.page.getByTestId("concern-find").fill("be");
  await ta.page.getByRole("button", { name: "Ben C. \u00b7 Oak" }).click();
  await ta.page.locator(`#involvement-${oak.pupils.Ben}`).selectOption("witness");
  await ta.page.getByTestId("concern-what").fill(WHAT);
  await ta.page.getByTestId("concern-words").fill(CHILD_WORDS);
  await ta.page.getByLabel("What kind of concern").selectOption("contact");
  await ta.page.getByLabel("How it came to light").selectOption("child_told_me");
  await ta.page.getByTestId("concern-urgent").check();
  await ta.page.getByTestId("concern-told").check();
  await ta.page.getByTestId("concern-send").click();
  const receipt = await ta.page.getByTestId("concern-receipt").innerText();
  for (const secret of ["Ava", "Ben", "photo", "watch", "game", "Contact"]) {
    assert.ok(!receipt.includes(secret), `the receipt shows "${secret}"`);
  }
  await screenshot(ta.page, "safeguarding-ta-receipt-390");
  await ta.context.close();

  const concern = storedReports(server).map((r) => r.id).find((id) => id !== earlier);
  assert.ok(concern, "the concern is stored");
  // One more email, saying nothing of it.
  const mails = await mailsAfter(mailsBefore + 1);
  assert.equal(mails.length, mailsBefore + 1, "one alert email for the concern");
  const mail = mails.at(-1).body;
  for (const secret of ["Ava", "Ben", "Oak", "photo", "watch", "Jones"]) {
    assert.ok(!mail.includes(secret), `the email mentions "${secret}"`);
  }

  // The DSL, on a laptop, on Monday morning: the concern is in the one inbox, among staff concerns.
  const { context, page } = await staffSignIn(browser, server, "dsl@school.example", PASSWORD, { viewport: LAPTOP });
  const rows = page.getByTestId("inbox-row");
  await rows.first().waitFor();
  assert.equal(await rows.count(), 2, "the pupil's report and the staff concern, in one inbox");
  await page.goto(`/staff/reports/${concern}`);
  await page.getByTestId("staff-concern").waitFor();
  await page.getByTestId("read-by").filter({ hasText: "Mrs Khan" }).waitFor();
  assert.equal(await page.getByTestId("concern-child-words").innerText(), CHILD_WORDS);

  // An action for the class teacher, due on Friday.
  await page.selectOption("#a-type", "spoke_with_pupil");
  await page.fill("#a-detail", "Ms Lewis to check in with Ava after lunch each day this week.");
  await page.getByLabel("Owner").selectOption({ label: "Ms Lewis" });
  await page.fill("#a-due", "2030-01-11");
  await page.getByRole("button", { name: "Record", exact: true }).click();
  await page.getByTestId("chronology").filter({ hasText: "Owner: Ms Lewis \u00b7 due 2030-01-11" }).waitFor();

  // A referral, and the parents told.
  await page.selectOption("#r-agency", "social_care");
  await page.fill("#r-on", "2026-12-07");
  await page.fill("#r-ref", "MASH-2211");
  await page.getByRole("button", { name: "Add the referral" }).click();
  await page.getByTestId("referral").filter({ hasText: "MASH-2211" }).waitFor();
  await page.fill("#p-who", "Mrs Khan spoke to Ava's dad");
  await page.fill("#p-how", "Phone");
  await page.fill("#p-on", "2026-12-07");
  await page.getByTestId("parents-add").click();
  await page.getByTestId("parents-told").filter({ hasText: "Told on 2026-12-07" }).waitFor();

  // Closed with the decision and why.
  await page.selectOption("#t-status", "closed");
  await page.selectOption("#t-outcome", "referred_on");
  await page.fill("#t-outcome-reason", "An adult asking a child for images: MASH have it.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByTestId("report-status").filter({ hasText: "Closed" }).waitFor();
  await screenshot(page, "safeguarding-dsl-concern-1280");

  // Last week's anonymous report is linked to Ava, with the reason.
  await page.goto(`/staff/reports/${earlier}`);
  await page.getByTestId("link-pupil-open").click();
  await page.getByTestId("pupil-search").fill("ava");
  await page.getByRole("button", { name: /^Ava B/ }).click();
  await page.getByLabel("Their part in it").selectOption("affected");
  await page.getByTestId("link-reason").fill("Ava told Mrs Khan it was her who used the tablet");
  await page.getByRole("button", { name: "Link", exact: true }).click();
  await page.getByTestId("linked-pupils").getByRole("link", { name: /Ava/ }).waitFor();

  // Ava's chronology: the concern (affected) and the pupil's report, never Ben.
  await page.goto(`/staff/pupils/${oak.pupils.Ava}`);
  const chronology = page.getByTestId("pupil-chronology");
  await chronology.waitFor();
  const ava = await chronology.innerText();
  assert.match(ava, /A staff concern/);
  assert.match(ava, /Ava told Mrs Khan it was her/);
  assert.match(ava, /MASH-2211|Children's social care/i);
  assert.ok(!ava.includes("Ben"), "Ava's chronology never names Ben");
  await screenshot(page, "safeguarding-ava-chronology-1280");

  // Ben's: the concern, as a witness; not the report linked to Ava, nothing of Ava.
  await page.goto(`/staff/pupils/${oak.pupils.Ben}`);
  await chronology.waitFor();
  const ben = await chronology.innerText();
  assert.match(ben, /A staff concern/);
  assert.match(ben, /Witness/);
  assert.ok(!ben.includes("Ava"), `Ben's chronology never names Ava: ${ben}`);
  assert.ok(!ben.includes("used the tablet"), "the report linked to Ava is not Ben's");
  assert.equal(ben.match(/A staff concern/g).length, 1);

  assert.deepEqual(page.errors, []);
  assert.deepEqual(foreignRequests(page, server), []);
  await context.close();
});
