// Staff sign in with the school's account, in Chromium against a real, certified OpenID provider
// (npm `oidc-provider`, tests/support/oidc-provider.mjs): the admin sets it up on the school
// page (a mistake shown beside its field first), a teacher presses "Sign in with your school
// account", signs in at the provider's page and lands in Kite signed in; someone whose email no
// Kite account uses is refused with a clear page and no account is made.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer, launch, openPage, screenshot, staffSignIn } from "./harness.mjs";

const PASSWORD = "correct horse battery staple";
const LAPTOP = { width: 1366, height: 768 };
const SECRET = "e2e-client-secret";
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

let server, browser, provider, issuer;

/** Starts the provider for this Kite; resolves with its issuer. */
async function startProvider(kiteUrl, accounts) {
  const args = [join(ROOT, "tests/support/oidc-provider.mjs"), "--client-id", "kite", "--client-secret", SECRET,
    "--redirect-uri", `${kiteUrl}/api/v1/staff/oidc/callback`, ...accounts.flatMap((a) => ["--account", a])];
  provider = spawn("node", args, { cwd: ROOT, stdio: ["pipe", "pipe", "ignore"] });
  const first = await new Promise((resolve, reject) => {
    provider.once("exit", (code) => reject(new Error(`the provider exited ${code}`)));
    createInterface({ input: provider.stdout }).once("line", resolve);
  });
  return JSON.parse(first).issuer;
}

before(async () => {
  server = await startServer();
  browser = await launch();
  const add = (email, role, name) => server.admin("staff", "add", email, "--role", role, "--name", name, "--password-stdin", { input: `${PASSWORD}\n` });
  add("admin@school.example", "admin", "Mr Okafor");
  add("teacher@school.example", "teacher", "Ms Patel");
  issuer = await startProvider(server.url, ["teacher@school.example", "stranger@school.example"]);
});
after(async () => { provider?.kill(); await browser?.close(); await server?.stop(); server?.cleanup(); });

/** Signs in at the provider's own pages (its development screens: any password), then consents. */
async function atTheProvider(page, email) {
  await page.locator('input[name="login"]').waitFor();
  assert.ok(page.url().startsWith(issuer), `at the provider, not ${page.url()}`);
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("the admin sets it up and a teacher signs in with the school account; an unknown email is refused", async () => {
  const admin = await staffSignIn(browser, server, "admin@school.example", PASSWORD, { viewport: LAPTOP });
  await admin.page.goto("/staff/school");
  const form = admin.page.getByTestId("school-account-settings");
  await form.waitFor();
  assert.equal(await form.getByTestId("school-account-redirect").textContent(), `${server.url}/api/v1/staff/oidc/callback`);

  // A plain-http issuer elsewhere and no secret: each said beside its field, nothing typed lost.
  await form.getByLabel("Issuer").fill("http://login.example.com/tenant");
  await form.getByLabel(/Client id/).fill("kite");
  await form.getByRole("button", { name: "Save sign-in settings" }).click();
  const problems = form.getByTestId("school-account-problem");
  await problems.first().waitFor();
  assert.deepEqual(await problems.allTextContents(), [
    "The issuer's address starts with https://.",
    "Enter the client secret (its value, not its id).",
  ]);
  assert.equal(await form.getByLabel(/Client id/).inputValue(), "kite");
  await form.getByLabel("Issuer").fill(issuer);
  await form.getByLabel(/Client secret/).fill(SECRET);
  await form.getByRole("button", { name: "Save sign-in settings" }).click();
  await form.getByText(/Saved\. The sign-in page now shows/).waitFor();
  assert.equal(await problems.count(), 0);
  // The secret is never shown again: the field is empty and says one is set.
  assert.equal(await form.getByLabel(/Client secret \(set/).inputValue(), "");
  await screenshot(admin.page, "oidc-admin-settings");
  assert.deepEqual(admin.page.errors, []);
  await admin.context.close();

  // A teacher on a laptop: the button, the provider's page, and back in Kite signed in.
  const context = await browser.newContext({ viewport: LAPTOP, baseURL: server.url });
  const page = await openPage(browser, server, { context });
  await page.goto("/staff");
  const button = page.getByRole("link", { name: "Sign in with your school account" });
  await button.waitFor();
  await screenshot(page, "oidc-login-with-button");
  await button.click();
  await atTheProvider(page, "teacher@school.example");
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  assert.equal(new URL(page.url()).origin, server.url);
  const me = await page.evaluate(async () => (await fetch("/api/v1/staff/session")).json());
  assert.equal(me.email, "teacher@school.example");
  assert.equal(me.role, "teacher");
  await context.close();

  // Someone the provider knows but Kite doesn't: a clear page, and no account made.
  const strangerContext = await browser.newContext({ viewport: LAPTOP, baseURL: server.url });
  const stranger = await openPage(browser, server, { context: strangerContext });
  await stranger.goto("/staff");
  await stranger.getByRole("link", { name: "Sign in with your school account" }).click();
  await atTheProvider(stranger, "stranger@school.example");
  const refused = stranger.getByTestId("school-account-outcome");
  await refused.waitFor();
  assert.match(await refused.textContent(), /No Kite account uses this email — ask your school's admin/);
  await screenshot(stranger, "oidc-refused-unknown-email");
  // The words are shown once: the address loses them, so the next person at this computer
  // doesn't meet them after a reload.
  assert.equal(new URL(stranger.url()).pathname + new URL(stranger.url()).search, "/staff");
  await stranger.reload();
  await stranger.getByRole("link", { name: "Sign in with your school account" }).waitFor();
  assert.equal(await stranger.getByTestId("school-account-outcome").count(), 0);
  assert.equal(await stranger.evaluate(async () => (await fetch("/api/v1/staff/session")).json()), null);
  const accounts = server.admin("staff", "list");
  assert.match(accounts, /teacher@school\.example/);
  assert.doesNotMatch(accounts, /stranger/, "no account is made");
  await strangerContext.close();
});
