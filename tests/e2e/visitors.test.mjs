// Visitors, in real Chromium against a real server: the office (an admin) makes and prints the
// visitors' poster; a visitor on their phone opens the poster's link, reads the visitor agreement
// and signs with no account; the office's list shows them with the version they signed. A visitor
// also signs on the office tablet from its set-up page, and an old poster's link stops working
// once the office makes a new one.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, openPage, screenshot, foreignRequests, addDevice, enrolTablet, staffSignIn, followStaffLink, PHONE, TABLET } from "./harness.mjs";
import { axeViolations } from "./a11y-helpers.mjs";

const LAPTOP = { width: 1366, height: 768 };
const PASSWORD = "correct horse battery staple";
const ADMIN = "office@school.example";

let server, browser, office, posterLink;
before(async () => {
  server = await startServer();
  browser = await launch();
  server.admin("staff", "add", ADMIN, "--role", "admin", "--name", "Mr Shah", "--password-stdin", { input: `${PASSWORD}\n` });
  ({ page: office } = await staffSignIn(browser, server, ADMIN, PASSWORD, { viewport: LAPTOP }));
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

async function phone() {
  const context = await browser.newContext({ viewport: PHONE, baseURL: server.url, hasTouch: true, isMobile: true });
  const page = await openPage(browser, server, { context });
  // Which answer a console error is about, to say so when one appears.
  page.failed = [];
  page.on("response", (r) => { if (r.status() >= 400) page.failed.push(`${r.status()} ${r.url()}`); });
  return page;
}

async function fillAndAgree(page, { name, organisation, visiting, signature }) {
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Your organisation").fill(organisation);
  await page.getByLabel("Who you are visiting").fill(visiting);
  await page.getByLabel("Your signature: type your full name").fill(signature);
  await page.getByRole("button", { name: "I agree" }).click();
}

async function officeList() {
  await office.goto("/staff/visitors");
  await office.getByTestId("visitors").or(office.getByTestId("visitors-none")).waitFor();
  return office.getByTestId("visitor-row").evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent)));
}

test("the office makes and prints the visitors' poster", async () => {
  await office.goto("/staff/visitors");
  await office.getByTestId("visitors-none").waitFor();
  await office.getByTestId("make-poster").click();
  await office.getByTestId("visitor-poster").waitFor();
  posterLink = await office.getByTestId("poster-link").textContent();
  assert.match(posterLink, new RegExp(`^${server.url}/aup/visitor#key=[A-Za-z0-9_-]{22}$`));
  assert.ok(await office.locator(".visitor-poster-qr svg").count(), "the poster carries a QR code");
  await screenshot(office, "visitors-office-empty");
  await office.emulateMedia({ media: "print" });
  await screenshot(office, "visitors-poster-print");
  assert.equal(await office.getByTestId("print-poster").isVisible(), false, "only the poster prints");
  assert.equal(await office.getByTestId("visitor-poster").isVisible(), true);
  await office.emulateMedia({ media: "screen" });
  assert.deepEqual(office.errors, []);
});

test("a visitor signs on a phone from the QR code and appears on the office's list", async () => {
  const page = await phone();
  await page.goto(posterLink);
  await page.getByRole("heading", { name: "Visitor agreement" }).waitFor();
  await page.getByText("Keeping pupils safe").waitFor();
  await screenshot(page, "visitors-phone-agreement");
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));

  // A one-word signature is explained, and nothing typed is lost.
  await fillAndAgree(page, { name: "Sam Patel", organisation: "Acme Plumbing", visiting: "Mrs Jones", signature: "Sam" });
  await page.getByTestId("visitor-error").getByText("full name").waitFor();
  assert.equal(await page.getByLabel("Your organisation").inputValue(), "Acme Plumbing");
  await page.getByLabel("Your signature: type your full name").fill("Sam Patel");
  await page.getByRole("button", { name: "I agree" }).click();
  await page.getByTestId("visitor-signed").getByText("Thank you — you're signed in as a visitor for today").waitFor();
  await screenshot(page, "visitors-phone-signed");
  assert.deepEqual(page.errors, [], page.failed.join("\n"));
  assert.deepEqual(foreignRequests(page, server), []);
  assert.ok(!page.requests.some((u) => u.includes("key=") && !u.includes("#")), "the key is never in an address sent to the server");
  // The visitor's page is in the tablet set-up bundle (adults' pages), not in the pupils' "our
  // rules", though its path is under /aup (the printed posters have it).
  assert.ok(page.requests.some((u) => /\/kite-setup-[0-9a-f]+_bg\.wasm$/.test(u)), page.requests.join("\n"));
  assert.ok(!page.requests.some((u) => /\/kite-aup-|\/aup\.html$/.test(u)), page.requests.join("\n"));
  await page.context().close();

  const rows = await officeList();
  assert.equal(rows.length, 1);
  const [, name, organisation, visiting, signature, version, on] = rows[0];
  assert.deepEqual([name, organisation, visiting, signature, version, on],
    ["Sam Patel", "Acme Plumbing", "Mrs Jones", "Sam Patel", "1", "Their phone"]);
  await screenshot(office, "visitors-office-list");
  assert.deepEqual(office.errors, []);
});

test("a visitor signs on the office tablet from its set-up page", async () => {
  const token = addDevice(server, "Office tablet");
  const page = await openPage(browser, server, { viewport: TABLET });
  await enrolTablet(page, token);
  await page.getByTestId("visitor-button").click();
  await page.getByRole("heading", { name: "Visitor agreement" }).waitFor();
  await fillAndAgree(page, { name: "Ola Nowak", organisation: "Supply Teachers Ltd", visiting: "Year 3", signature: "Ola Nowak" });
  await page.getByTestId("visitor-signed").waitFor();
  // The next visitor starts with empty boxes.
  await page.getByRole("button", { name: "Next visitor" }).click();
  assert.equal(await page.getByLabel("Your name").inputValue(), "");
  assert.deepEqual(page.errors, []);
  await page.context().close();

  const rows = await officeList();
  assert.deepEqual(rows.map((r) => [r[1], r[6]]), [["Sam Patel", "Their phone"], ["Ola Nowak", "Office tablet"]]);
});

test("a new poster stops the old one working", async () => {
  await office.goto("/staff/visitors");
  await office.getByRole("button", { name: "Make a new poster" }).click();
  await office.getByTestId("renew-poster").click();
  await office.waitForFunction((old) => document.querySelector("[data-testid=poster-link]")?.textContent !== old, posterLink);
  const page = await phone();
  await page.goto(posterLink);
  await page.getByTestId("visitor-error").getByText("new poster").waitFor();
  await screenshot(page, "visitors-phone-old-poster");
  await page.context().close();
});

test("the head reads who is in school from their staff bar, and the poster stays the office's", async () => {
  server.admin("staff", "add", "head@school.example", "--role", "teacher", "--name", "Mrs Adeyemi", "--password-stdin", { input: `${PASSWORD}\n` });
  await office.goto("/staff/accounts");
  const headRow = office.getByRole("row").filter({ hasText: "head@school.example" });
  await headRow.getByTestId("head-flag").click();
  await headRow.filter({ hasText: "(head)" }).waitFor();

  const { page } = await staffSignIn(browser, server, "head@school.example", PASSWORD, { viewport: LAPTOP });
  await followStaffLink(page, "Visitors");
  await page.getByTestId("visitors").waitFor();
  const names = await page.getByTestId("visitor-row").evaluateAll((rows) => rows.map((r) => r.querySelectorAll("td")[1].textContent));
  assert.deepEqual(names, ["Sam Patel", "Ola Nowak"]);
  assert.equal(await page.getByTestId("make-poster").or(page.getByTestId("visitor-poster")).count(), 0, "no poster for the head");
  await screenshot(page, "visitors-head-list");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
