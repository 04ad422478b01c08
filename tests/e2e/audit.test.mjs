// The DSL reads the audit log on a 1366×768 laptop: in words, not codes, and found by person.
// A teacher and the DSL have both signed in (and signed the staff agreement), so the log holds
// entries of each; filtering by the teacher leaves only theirs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, screenshot, staffSignIn } from "./harness.mjs";

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

test("the DSL finds one person's entries in the audit log, written in words", async () => {
  const teacher = await staffSignIn(browser, server, TEACHER, PASSWORD, { viewport: LAPTOP });
  await teacher.context.close();
  const { context, page } = await staffSignIn(browser, server, DSL, PASSWORD, { viewport: LAPTOP });
  await page.goto("/staff/audit");
  await page.getByTestId("audit-entry").first().waitFor();
  const everyone = await page.getByTestId("audit-who").allInnerTexts();
  assert.ok(everyone.includes(TEACHER) && everyone.includes(DSL), `both people are in the log: ${everyone}`);
  const table = await page.getByTestId("audit").innerText();
  assert.match(table, /Signed the staff agreement/);
  assert.doesNotMatch(table, /agreement_signed|\blogin\b/, "no codes");

  await page.getByLabel("Person").fill(TEACHER);
  const found = page.waitForResponse((r) => r.url().includes("/staff/audit?") && r.url().includes("who="));
  await page.getByRole("button", { name: "Find" }).click();
  await found;
  await page.waitForFunction((t) => [...document.querySelectorAll("[data-testid=audit-who]")].every((td) => td.textContent === t), TEACHER);
  const theirs = await page.getByTestId("audit-who").allInnerTexts();
  assert.ok(theirs.length > 0);
  assert.deepEqual([...new Set(theirs)], [TEACHER], "only the teacher's entries");
  await screenshot(page, "staff-audit-by-person-laptop");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 1366 wide (${overflow}px)`);
  assert.deepEqual(page.errors, []);
  await context.close();
});
