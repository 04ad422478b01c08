// The online-safety policy's review in real Chromium against a real server, on a 1366×768
// laptop: the admin's home says no approval is recorded, the admin records one (a review more
// than a year on is refused and nothing typed is lost), the home stops asking, and the
// governors' report says the policy is in date.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, screenshot, staffSignIn, followStaffLink } from "./harness.mjs";

const PASSWORD = "correct horse battery staple";
let server, browser;

before(async () => {
  server = await startServer();
  browser = await launch();
  const add = (email, role, name) => server.admin("staff", "add", email, "--role", role, "--name", name, "--password-stdin", { input: `${PASSWORD}\n` });
  add("office@school.example", "admin", "Mr Hughes");
  add("governor@school.example", "governor", "Mr Okafor");
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

const signIn = (email) => staffSignIn(browser, server, email, PASSWORD, { timezoneId: "Europe/London", locale: "en-GB" });

const iso = (d) => d.toISOString().slice(0, 10);
const monthsOn = (n) => { const d = new Date(); d.setUTCDate(Math.min(d.getUTCDate(), 28)); d.setUTCMonth(d.getUTCMonth() + n); return iso(d); };

test("the admin records the policy's approval and the governors see it is in date", async () => {
  const { page } = await signIn("office@school.example");
  const due = page.getByTestId("policy-review-due");
  await due.filter({ hasText: "No approval of the online-safety policy recorded yet" }).waitFor();

  await followStaffLink(page, "Online-safety policy");
  await page.getByTestId("policy-form").waitFor();
  await page.getByTestId("review-due").filter({ hasText: "No approval" }).waitFor();
  // Approved last month; a review more than a year on is refused, and what was typed stays.
  await page.getByTestId("policy-approved-on").fill(monthsOn(-1));
  await page.getByTestId("policy-approved-by").fill("The full governing board");
  await page.getByTestId("policy-next-review").fill(monthsOn(13));
  await page.getByTestId("policy-link-input").fill("https://school.example/policies/online-safety.pdf");
  await page.getByTestId("policy-notes").fill("Added the section on AI chatbots.");
  await page.getByTestId("policy-record").click();
  await page.getByTestId("policy-message").filter({ hasText: "within a year" }).waitFor();
  assert.equal(await page.getByTestId("policy-approved-by").inputValue(), "The full governing board");
  assert.equal(await page.getByTestId("policy-notes").inputValue(), "Added the section on AI chatbots.");

  await page.getByTestId("policy-next-review").fill(monthsOn(11));
  await page.getByTestId("policy-record").click();
  await page.getByTestId("policy-message").filter({ hasText: "Approval recorded" }).waitFor();
  const approval = page.getByTestId("policy-approval");
  assert.equal(await approval.count(), 1);
  assert.match(await approval.innerText(), /by The full governing board[\s\S]*Added the section on AI chatbots[\s\S]*Recorded by Mr Hughes/);
  assert.equal(await page.getByTestId("policy-link").getAttribute("href"), "https://school.example/policies/online-safety.pdf");
  await page.getByTestId("review-due").filter({ hasText: "up to date" }).waitFor();
  await screenshot(page, "policy-recorded");

  // The admin's home no longer asks.
  await followStaffLink(page, "Tablets");
  await page.getByTestId("training-due").waitFor();
  assert.equal(await page.getByTestId("policy-review-due").count(), 0);

  const governor = await signIn("governor@school.example");
  const section = governor.page.getByTestId("policy-review");
  await section.waitFor();
  assert.equal(await governor.page.getByTestId("policy-in-date").innerText(), "Yes");
  assert.match(await section.innerText(), new RegExp(`Next review due\\s+${Number(monthsOn(11).slice(8))} `));
});
