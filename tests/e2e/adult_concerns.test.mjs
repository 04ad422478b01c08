// A concern about an adult in school, in real Chromium against a real server: a teacher, on a
// phone, logs a concern about a teaching assistant; the DSL's inbox never shows it and the DSL
// is refused it; the head (a teacher's account the admin flagged) sees it on their home, opens
// it on a laptop and records the LADO consulted.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, screenshot, staffSignIn, apiSignIn, followStaffLink, PHONE } from "./harness.mjs";

const PASSWORD = "correct horse battery staple";
const LAPTOP = { width: 1366, height: 768 };
let server, browser;

before(async () => {
  server = await startServer();
  browser = await launch();
  const add = (email, role, name) => server.admin("staff", "add", email, "--role", role, "--name", name, "--password-stdin", { input: `${PASSWORD}\n` });
  add("office@school.example", "admin", "Mr Hughes");
  add("head@school.example", "teacher", "Mrs Adeyemi");
  add("teacher@school.example", "teacher", "Miss Lee");
  add("dsl@school.example", "dsl", "Mr Shah");
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

const signIn = (email, viewport = LAPTOP) => staffSignIn(browser, server, email, PASSWORD, { viewport, timezoneId: "Europe/London", locale: "en-GB" });

test("a teacher logs a concern about a member of staff; the DSL never sees it; the head records the LADO", async () => {
  // The admin flags the head's account.
  const office = await signIn("office@school.example");
  await followStaffLink(office.page, "Staff accounts");
  const headRow = office.page.getByRole("row").filter({ hasText: "head@school.example" });
  await headRow.getByTestId("head-flag").click();
  await headRow.filter({ hasText: "(head)" }).waitFor();

  // A teacher, on a phone, chooses "about an adult" first on the concern form.
  const teacher = await signIn("teacher@school.example", PHONE);
  await teacher.page.getByTestId("log-concern").click();
  await teacher.page.getByTestId("concern-form").waitFor();
  await teacher.page.getByTestId("about-adult").check();
  await teacher.page.getByTestId("adult-concern-form").waitFor();
  await teacher.page.getByTestId("adult-name").fill("Sam Jones");
  await teacher.page.getByTestId("adult-role").fill("Teaching assistant");
  await teacher.page.getByLabel("How serious it seems").selectOption("harm");
  await teacher.page.getByTestId("adult-what").fill("Saw Sam message a Year 5 pupil on a personal phone and tell them to keep it secret.");
  // Nothing sent yet: a missing answer is said plainly and nothing typed is lost.
  await teacher.page.getByTestId("adult-place").fill("Year 5 classroom");
  await screenshot(teacher.page, "adult-concern-form-390");
  await teacher.page.getByTestId("adult-concern-send").click();
  const receipt = teacher.page.getByTestId("adult-concern-receipt");
  await receipt.waitFor();
  assert.match(await receipt.innerText(), /Sent to the head/);
  assert.equal(await teacher.page.getByTestId("adult-concern-nobody").count(), 0, "a head is flagged");
  const reference = await teacher.page.getByTestId("adult-receipt-reference").innerText();
  await screenshot(teacher.page, "adult-concern-receipt-390");

  // The DSL's inbox has nothing, and the DSL is refused the concern.
  const dsl = await signIn("dsl@school.example");
  await dsl.page.getByTestId("needs-you").waitFor();
  assert.equal(await dsl.page.getByTestId("head-panel").count(), 0);
  assert.doesNotMatch(await dsl.page.locator("main").innerText(), /Sam Jones/);
  const { cookie } = await apiSignIn(server, "dsl@school.example", PASSWORD);
  const refused = await fetch(`${server.url}/api/v1/staff/adult-concerns`, { headers: { cookie } });
  assert.equal(refused.status, 403);

  // The head sees it open on their home, with the filtering review due, and opens it.
  const head = await signIn("head@school.example");
  const panel = head.page.getByTestId("head-panel");
  await panel.getByTestId("head-open").filter({ hasText: "1 open" }).waitFor();
  await panel.getByTestId("filtering-review-due").waitFor();
  await screenshot(head.page, "head-home-1366");
  await panel.getByTestId("head-adult-concerns").click();
  const line = head.page.getByTestId("adult-concern-line");
  await line.waitFor();
  assert.match(await line.innerText(), new RegExp(`Sam Jones \\(Teaching assistant\\)[\\s\\S]*LADO due by[\\s\\S]*${reference}`));
  await screenshot(head.page, "adult-concerns-list-1366");
  await line.getByRole("link").click();
  await head.page.getByTestId("adult-concern-record").waitFor();
  assert.match(await head.page.getByTestId("adult-concern-record").innerText(), /Written by\s+Miss Lee, Teacher[\s\S]*keep it secret/);

  // Closing before the LADO, without a reason, is refused in plain words.
  await head.page.getByTestId("close-outcome").fill("Spoken to");
  await head.page.getByRole("button", { name: "Close the concern" }).click();
  await head.page.getByTestId("adult-step-error").filter({ hasText: /record the LADO consulted first/i }).waitFor();

  await head.page.getByTestId("lado-who").fill("A. Patel, LADO");
  await head.page.getByTestId("lado-advice").fill("Hold a strategy discussion; Sam works away from pupils meanwhile.");
  await head.page.getByTestId("lado-record").click();
  await head.page.getByTestId("adult-lado-status").filter({ hasText: "LADO consulted" }).waitFor();
  assert.match(await head.page.getByTestId("adult-step").first().innerText(), /LADO consulted on \d{4}-\d{2}-\d{2}: spoke to A\. Patel, LADO/);
  await screenshot(head.page, "adult-concern-record-1366");

  // The same page on the head's phone.
  const headPhone = await signIn("head@school.example", PHONE);
  await headPhone.page.goto(await head.page.url());
  await headPhone.page.getByTestId("adult-steps").waitFor();
  await screenshot(headPhone.page, "adult-concern-record-390");

  // The one 400 is the closing refused above until the LADO is recorded: the browser logs it.
  for (const p of [office.page, teacher.page, dsl.page, head.page, headPhone.page]) {
    assert.deepEqual(p.errors.filter((e) => !e.includes("status of 400")), [], "no console errors");
  }
  await Promise.all([office, teacher, dsl, head, headPhone].map((x) => x.context.close()));
});
