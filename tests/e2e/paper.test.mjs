// Paper counts, in real Chromium against a real server: a teacher records a photo consent a
// parent handed in on paper, the class register shows it as any other answer marked "paper,
// recorded by" the teacher, and the parent then withdraws it online: the register shows it
// withdrawn and the history keeps both answers. Screenshots at laptop and phone widths.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, openPage, screenshot, apiSignIn, staffSignIn, seedClass, PHONE } from "./harness.mjs";

const LAPTOP = { width: 1366, height: 768 };
const PASSWORD = "correct horse battery staple";
const TEACHER = "teacher@school.example";

let server, browser, school;
before(async () => {
  server = await startServer();
  browser = await launch();
  server.admin("staff", "add", TEACHER, "--role", "teacher", "--name", "Ms Lewis", "--password-stdin", { input: `${PASSWORD}\n` });
  school = seedClass(server, {
    name: "Hedgehogs", band: "ks1", teacherEmail: TEACHER, pupils: [["Amira", "B"], ["Ben", "C"]],
  });
  server.seed("agreements");
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

/** Ben's letter code, made through the API as his teacher would print it. */
async function bensCode() {
  const { cookie, csrf } = await apiSignIn(server, TEACHER, PASSWORD);
  const r = await fetch(`${server.url}/api/v1/staff/classes/${school.classId}/parent-letters`, {
    method: "POST", headers: { "content-type": "application/json", cookie, "x-csrf-token": csrf }, body: "{}",
  });
  assert.equal(r.status, 200);
  return (await r.json()).letters.find((l) => l.first_name === "Ben").code;
}

test("a paper photo consent shows in the register as paper, until the parent withdraws it online", async () => {
  const { page } = await staffSignIn(browser, server, TEACHER, PASSWORD, { viewport: LAPTOP });
  await page.goto(`/staff/classes/${school.classId}`);
  const ben = page.locator('[data-testid=register-row][data-pupil="Ben"]');
  await ben.waitFor();
  const form = page.getByTestId("paper-form");
  await form.scrollIntoViewIfNeeded();

  // A date in the future is refused with a reason, and nothing is recorded.
  await form.getByTestId("paper-pupil").selectOption({ label: "Ben C." });
  await form.getByTestId("paper-use-website").check();
  await form.getByTestId("paper-date").fill("2999-01-01");
  await form.getByTestId("paper-save").click();
  await form.getByTestId("paper-message").filter({ hasText: "future" }).waitFor();
  assert.deepEqual(server.show("photo-consent", school.pupils.Ben), {});

  const today = new Date().toISOString().slice(0, 10);
  await form.getByTestId("paper-date").fill(today);
  await screenshot(page, "paper-form-laptop");
  await form.getByTestId("paper-save").click();
  await form.getByTestId("paper-message").filter({ hasText: "Recorded for Ben C." }).waitFor();
  const website = ben.locator("td[data-use=website]");
  assert.match(await website.innerText(), /^Yes, /);
  assert.match(await website.getByTestId("paper-note").innerText(), /paper, recorded by Ms Lewis/);
  assert.deepEqual(server.show("photo-consent", school.pupils.Ben), { website: true });
  await ben.scrollIntoViewIfNeeded();
  await screenshot(page, "paper-register-laptop");
  // The refused future date's 400 is the only error the browser logged.
  page.errors = page.errors.filter((e) => !e.includes("status of 400"));
  assert.deepEqual(page.errors, []);

  // The parent, on a phone, sees the paper answer and withdraws it.
  const code = await bensCode();
  const context = await browser.newContext({ viewport: PHONE, baseURL: server.url, hasTouch: true, isMobile: true });
  const phone = await openPage(browser, server, { context });
  await phone.goto(`/parents#code=${code}`);
  await phone.getByTestId("child-heading").waitFor();
  const choice = phone.getByTestId("photo-website");
  await choice.scrollIntoViewIfNeeded();
  assert.match(await choice.getByTestId("photo-state").textContent(), /^Yes, since .* From the paper form you handed in\./);
  await screenshot(phone, "paper-parent-phone");
  await choice.getByRole("button", { name: "No" }).click();
  await choice.getByTestId("consent-saved").filter({ hasText: "Saved: \u201cNo\u201d" }).waitFor();
  assert.match(await choice.getByTestId("photo-state").textContent(), /^No, since /);
  assert.deepEqual(server.show("photo-consent", school.pupils.Ben), { website: false });
  assert.deepEqual(phone.errors, []);
  await context.close();

  // The register shows it withdrawn, no longer paper; the same page on a phone.
  await page.reload();
  await ben.waitFor();
  assert.match(await website.innerText(), /^Withdrawn /);
  assert.equal(await website.getByTestId("paper-note").count(), 0);
  await page.setViewportSize(PHONE);
  await form.scrollIntoViewIfNeeded();
  await screenshot(page, "paper-form-phone");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
