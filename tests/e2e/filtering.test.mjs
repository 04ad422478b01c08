// Filtering and monitoring in real Chromium against a real server, on a 1366×768 laptop: the
// admin flags the head's account, a teacher asks for a site to be allowed, only the head
// authorises it, then the admin records the day the filter was changed, and the teacher sees it.
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
  add("head@school.example", "teacher", "Mrs Adeyemi");
  add("teacher@school.example", "teacher", "Miss Lee");
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

const signIn = (email) => staffSignIn(browser, server, email, PASSWORD, { timezoneId: "Europe/London", locale: "en-GB" });

async function openFiltering(page) {
  await followStaffLink(page, "Filtering");
  await page.getByTestId("filter-ask").waitFor();
}

test("a teacher asks for a site to be allowed, the head authorises it and the admin records it done", async () => {
  // The admin flags the head's account on the accounts page.
  const office = await signIn("office@school.example");
  await followStaffLink(office.page, "Staff accounts");
  const headRow = office.page.getByRole("row").filter({ hasText: "head@school.example" });
  await headRow.getByTestId("head-flag").click();
  await headRow.filter({ hasText: "(head)" }).waitFor();

  // A teacher asks; only the head may decide, so the teacher sees it waiting.
  const teacher = await signIn("teacher@school.example");
  await openFiltering(teacher.page);
  await teacher.page.getByTestId("ask-site").fill("www.bbc.co.uk/bitesize");
  await teacher.page.getByTestId("ask-reason").fill("Year 4 need the Bitesize science videos");
  await teacher.page.getByRole("button", { name: "Ask", exact: true }).click();
  await teacher.page.getByTestId("my-request").filter({ hasText: "Waiting for the head" }).waitFor();
  assert.equal(await teacher.page.getByTestId("filter-changes").count(), 0, "a teacher sees only their own requests");
  await screenshot(teacher.page, "filtering-teacher-asked");

  // The admin sees the request but can't authorise it.
  await openFiltering(office.page);
  const officeChange = office.page.getByTestId("filter-change").first();
  await officeChange.filter({ hasText: "Only the head can authorise" }).waitFor();
  assert.equal(await officeChange.getByTestId("authorise").count(), 0);

  // The head (a teacher's account with the head's flag) authorises it.
  const head = await signIn("head@school.example");
  await openFiltering(head.page);
  const change = head.page.getByTestId("filter-change").first();
  assert.match(await change.innerText(), /Allow www\.bbc\.co\.uk\/bitesize[\s\S]*Asked by Miss Lee/);
  await change.getByTestId("decision-reason").fill("Needed for science lessons");
  await change.getByTestId("authorise").click();
  await change.getByTestId("change-status").filter({ hasText: "Authorised by the head; waiting to be done" }).waitFor();
  assert.match(await change.innerText(), /Authorised by Mrs Adeyemi[\s\S]*Needed for science lessons/);
  await screenshot(head.page, "filtering-head-authorised");

  // The yearly review starts unanswered, and isn't recorded until every question is answered.
  const review = head.page.getByTestId("filter-reviews");
  assert.equal(await review.locator("input[type=radio]:checked").count(), 0, "no answer chosen for the head");
  await review.getByRole("button", { name: "Record the review" }).click();
  await review.getByText("Answer every question (yes, partly or no) before recording the review.").waitFor();
  assert.equal(await review.getByTestId("filter-review").count(), 0, "nothing recorded");

  // The admin records the day the filter was changed.
  await office.page.reload();
  await office.page.getByTestId("filter-change").first().getByTestId("mark-done").click();
  await office.page.getByTestId("change-status").filter({ hasText: /^Done on / }).waitFor();
  await screenshot(office.page, "filtering-admin-done");

  // The teacher sees it done.
  await teacher.page.reload();
  await teacher.page.getByTestId("my-request").filter({ hasText: "Done on" }).waitFor();
  for (const p of [office.page, teacher.page, head.page]) assert.deepEqual(p.errors, [], "no console errors");
  await Promise.all([office.context.close(), teacher.context.close(), head.context.close()]);
});
