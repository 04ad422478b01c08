// The training register on a 1366×768 laptop. A teacher's annual safeguarding update is more
// than a year old, so the DSL's home lists it as overdue; the DSL records this year's update on
// the Training page and the overdue list no longer names it. A teacher confirms "I have read"
// for the document the DSL published, and the register shows they have.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, screenshot, staffSignIn, apiSignIn, followStaffLink } from "./harness.mjs";

const LAPTOP = { width: 1366, height: 768 };
const PASSWORD = "correct horse battery staple";
const DSL = "dsl@school.example";
const TEACHER = "teacher@school.example";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
  for (const [email, role, name] of [[DSL, "dsl", "Mrs Khan"], [TEACHER, "teacher", "Ms Lewis"]]) {
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
