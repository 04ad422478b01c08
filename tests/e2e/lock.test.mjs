// A staff page left alone locks itself: a blank screen with nothing of the page in it (taken out
// of the page, not covered), whatever the page polls in the background, and only the password
// opens it again; reloading the page doesn't get round it. The server here locks after 5 s.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, screenshot, staffSignIn } from "./harness.mjs";

const PASSWORD = "correct horse battery staple";
const LOCK_SECS = 5;

let server, browser;
before(async () => {
  server = await startServer({ env: { KITE_STAFF_LOCK_SECS: String(LOCK_SECS) } });
  browser = await launch();
  server.admin("staff", "add", "dsl@school.example", "--role", "dsl", "--name", "Mrs Khan", "--password-stdin", { input: `${PASSWORD}\n` });
  server.admin("staff", "add", "teacher@school.example", "--role", "teacher", "--name", "Ms Lewis", "--password-stdin", { input: `${PASSWORD}\n` });
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

async function waitForLock(page) {
  // The page's own poll finds the lock: every 20 s.
  await page.getByTestId("locked-screen").waitFor({ timeout: 30_000 });
  const text = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(text, /Inbox|Mrs Khan|Ms Lewis|Sign in|Log a concern/, text);
  assert.equal(await page.locator("nav[aria-label=Staff]").count(), 0, "the staff bar is gone");
}

test("a DSL's inbox locks when left alone, and the password alone opens it", async () => {
  const { context, page } = await staffSignIn(browser, server, "dsl@school.example", PASSWORD);
  await page.getByTestId("new-count").waitFor();
  await waitForLock(page);
  await screenshot(page, "staff-locked");
  // Reloading asks for the password too: the lock is the server's, not the page's.
  await page.reload();
  await page.getByTestId("locked-screen").waitFor();
  assert.equal(await page.getByLabel("Email").count(), 0, "no email asked for");

  await page.getByLabel("Your password, to carry on").fill("not the password");
  await page.getByRole("button", { name: "Unlock" }).click();
  await page.getByRole("alert").waitFor();
  await page.getByTestId("locked-screen").waitFor();
  await page.getByLabel("Your password, to carry on").fill(PASSWORD);
  await page.getByRole("button", { name: "Unlock" }).click();
  await page.getByTestId("locked-screen").waitFor({ state: "detached" });
  await page.getByTestId("new-count").waitFor();
  await context.close();
});

test("a teacher's page locks too, and can be signed out of from the lock", async () => {
  const { context, page } = await staffSignIn(browser, server, "teacher@school.example", PASSWORD);
  await waitForLock(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByLabel("Email").waitFor();
  await context.close();
});
