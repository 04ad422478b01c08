// The training register on a 1366×768 laptop. A teacher's annual safeguarding update is more
// than a year old, so the DSL's home lists it as overdue; the DSL records this year's update on
// the Training page and the overdue list no longer names it. A teacher confirms "I have read"
// for the document the DSL published, and the register shows they have. The DSL uploads the
// school's policy as a PDF and a training certificate; a teacher opens the PDF from their own
// page and confirms reading it. The admin's home shows what training is due.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, screenshot, staffSignIn, apiSignIn, followStaffLink } from "./harness.mjs";

const LAPTOP = { width: 1366, height: 768 };
const PASSWORD = "correct horse battery staple";
const DSL = "dsl@school.example";
const TEACHER = "teacher@school.example";
const ADMIN = "admin@school.example";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
  for (const [email, role, name] of [[DSL, "dsl", "Mrs Khan"], [TEACHER, "teacher", "Ms Lewis"], [ADMIN, "admin", "Mr Patel"]]) {
    server.admin("staff", "add", email, "--role", role, "--name", name, "--password-stdin", { input: `${PASSWORD}\n` });
  }
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

/** A day `days` ago, as the register takes it. */
const daysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

async function asDsl(path, body) {
  const { cookie, csrf } = await apiSignIn(server, DSL, PASSWORD);
  const r = await fetch(`${server.url}/api/v1${path}`, {
    method: body ? "POST" : "GET",
    headers: { cookie, "x-csrf-token": csrf, "content-type": "application/json" },
    body: body && JSON.stringify(body),
  });
  const text = await r.text();
  assert.equal(r.status, 200, `${path}: ${text}`);
  return JSON.parse(text);
}

const overdueNames = (page) => page.getByTestId("training-overdue").getByTestId("training-due-item").allInnerTexts();

test("a training update recorded by the DSL clears it from the overdue list", async () => {
  const register = await asDsl("/staff/training");
  const lewis = register.people.find((p) => p.name === "Ms Lewis");
  await asDsl("/staff/training/records", { who: lewis.who, kind: "annual-update", completed_on: daysAgo(400) });

  const { context, page } = await staffSignIn(browser, server, DSL, PASSWORD, { viewport: LAPTOP });
  await page.getByTestId("training-due").waitFor();
  assert.ok((await overdueNames(page)).some((t) => /Ms Lewis: Annual safeguarding update — due /.test(t)),
    "the DSL's home lists the overdue update");

  await followStaffLink(page, "Training");
  await page.getByRole("heading", { name: "Training", level: 1 }).waitFor();
  await page.getByTestId("training-register").waitFor();
  await page.getByLabel("Who").selectOption({ label: "Ms Lewis (Teacher)" });
  await page.getByLabel("Training", { exact: true }).selectOption({ label: "Annual safeguarding update" });
  // The day defaults to today.
  assert.match(await page.getByLabel("Day it was done").inputValue(), /^\d{4}-\d{2}-\d{2}$/);
  await page.getByLabel("Provider (optional)").fill("Local authority online session");
  const saved = page.waitForResponse((r) => r.url().endsWith("/staff/training/records"));
  await page.getByTestId("record-training-save").click();
  assert.equal((await saved).status(), 200);
  await page.getByText("Training recorded.").waitFor();
  await page.waitForFunction(() => ![...document.querySelectorAll("[data-testid=training-overdue] [data-testid=training-due-item]")]
    .some((li) => li.textContent.includes("Ms Lewis: Annual safeguarding update")));
  const row = page.getByTestId("training-person").filter({ hasText: "Ms Lewis" });
  assert.match(await row.innerText(), /due /);
  await screenshot(page, "staff-training-recorded-laptop");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 1366 wide (${overflow}px)`);

  // Back home, the overdue list no longer names it.
  await page.goto("/staff");
  await page.getByTestId("training-due").waitFor();
  assert.ok(!(await overdueNames(page)).some((t) => t.includes("Ms Lewis: Annual safeguarding update")));
  await screenshot(page, "staff-training-dsl-home-laptop");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("a teacher confirms they have read the school's policy and the register shows it", async () => {
  await asDsl("/staff/training/documents", { title: "Online-safety policy", link: "https://school.example/policy.pdf" });
  const { context, page } = await staffSignIn(browser, server, TEACHER, PASSWORD, { viewport: LAPTOP });
  const item = page.getByTestId("my-reading").getByTestId("reading-item");
  await item.waitFor();
  assert.match(await item.innerText(), /Online-safety policy \(version 1\)/);
  await page.getByRole("button", { name: "I have read Online-safety policy (version 1)" }).click();
  await item.getByText(/You confirmed reading it/).waitFor();
  await screenshot(page, "staff-training-i-have-read-laptop");
  assert.deepEqual(page.errors, []);
  await context.close();

  const register = await asDsl("/staff/training");
  const lewis = register.people.find((p) => p.name === "Ms Lewis");
  assert.equal(typeof lewis.read[0].confirmed_at_ms, "number");
});

test("the DSL uploads the policy as a PDF, a teacher opens it and confirms, and the register shows it", async () => {
  const policy = Buffer.from("%PDF-1.4\n% Oak Primary online safety policy, September\n%%EOF\n");
  const dsl = await staffSignIn(browser, server, DSL, PASSWORD, { viewport: LAPTOP });
  await dsl.page.goto("/staff/training");
  await dsl.page.getByTestId("training-register").waitFor();
  const publish = dsl.page.getByTestId("publish-document");
  await publish.getByLabel("Title").fill("Acceptable use policy");
  const uploaded = dsl.page.waitForResponse((r) => r.url().endsWith("/staff/training/files"));
  await publish.getByLabel("Or the document itself, as a PDF").setInputFiles({ name: "aup.pdf", mimeType: "application/pdf", buffer: policy });
  assert.equal((await uploaded).status(), 200);
  await dsl.page.getByText("PDF ready to publish.").waitFor();
  await publish.getByRole("button", { name: "Publish" }).click();
  await dsl.page.getByText("Published: everyone is asked to confirm reading it.").waitFor();
  await dsl.page.getByRole("link", { name: "Acceptable use policy (version 1, PDF)" }).waitFor();

  // A certificate for the teacher's Prevent training, shown in the register.
  const record = dsl.page.getByTestId("record-training");
  await record.getByLabel("Who").selectOption({ label: "Ms Lewis (Teacher)" });
  await record.getByLabel("Training", { exact: true }).selectOption({ label: "Prevent" });
  await record.getByLabel("Certificate (optional: a PDF or a photo)").setInputFiles({
    name: "prevent.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% Prevent certificate\n"),
  });
  await dsl.page.getByText("Certificate attached.").waitFor();
  await dsl.page.getByTestId("record-training-save").click();
  await dsl.page.getByText("Training recorded.").waitFor();
  const lewisRow = dsl.page.getByTestId("training-person").filter({ hasText: "Ms Lewis" });
  const certificate = lewisRow.getByTestId("training-certificate");
  await certificate.waitFor();
  const served = await dsl.page.request.get(await certificate.getAttribute("href"));
  assert.equal(served.status(), 200);
  assert.match((await served.body()).toString(), /Prevent certificate/);
  await screenshot(dsl.page, "staff-training-pdf-and-certificate-laptop");
  assert.deepEqual(dsl.page.errors, []);

  const teacher = await staffSignIn(browser, server, TEACHER, PASSWORD, { viewport: LAPTOP });
  const item = teacher.page.getByTestId("my-reading").getByTestId("reading-item").filter({ hasText: "Acceptable use policy" });
  await item.waitFor();
  const link = item.getByRole("link", { name: "Acceptable use policy (version 1)" });
  const opened = await teacher.page.request.get(await link.getAttribute("href"));
  assert.equal(opened.status(), 200);
  assert.equal(opened.headers()["content-type"], "application/pdf");
  assert.deepEqual(await opened.body(), policy, "the teacher opens the PDF as it was uploaded");
  await teacher.page.getByRole("button", { name: "I have read Acceptable use policy (version 1)" }).click();
  await item.getByText(/You confirmed reading it/).waitFor();
  await screenshot(teacher.page, "staff-training-pdf-read-laptop");
  assert.deepEqual(teacher.page.errors, []);
  await teacher.context.close();

  // The DSL's register: the teacher has read it, the DSL not yet.
  await dsl.page.reload();
  await dsl.page.getByTestId("training-register").waitFor();
  const column = await dsl.page.getByTestId("training-register").locator("thead th")
    .evaluateAll((ths) => ths.findIndex((th) => th.textContent.startsWith("Read: Acceptable use policy")));
  assert.ok(column > 0, "the register has a column for the policy");
  const cell = (name) => dsl.page.getByTestId("training-person").filter({ hasText: name }).locator("th, td").nth(column);
  assert.doesNotMatch(await cell("Ms Lewis").innerText(), /not yet/);
  assert.equal(await cell("Mrs Khan").innerText(), "not yet");
  await dsl.context.close();
});

test("the admin's home shows the training that is due", async () => {
  const { context, page } = await staffSignIn(browser, server, ADMIN, PASSWORD, { viewport: LAPTOP });
  await page.getByRole("heading", { name: "Tablets", level: 1 }).waitFor();
  await page.getByTestId("training-due").waitFor();
  assert.ok((await overdueNames(page)).some((t) => t.startsWith("Mr Patel: Induction")),
    "the admin's own induction was never recorded");
  await screenshot(page, "staff-training-admin-home-laptop");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "staff-training-admin-home-phone");
  assert.deepEqual(page.errors, []);
  await context.close();
});
