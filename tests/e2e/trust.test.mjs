// Several schools on one server, in real Chromium: Oak, Elm and their trust at their own
// host names (Chromium sends *.localhost to loopback). A report told on Oak's tablet reaches Oak's
// DSL and not Elm's; the trust's overview counts it for Oak, as "fewer than 3", and shows no
// words or names; a host the server doesn't know is a plain 404.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import {
  startServer, addDevice, launch, openPage, appReady, enrolTablet, screenshot, staffSignIn, TABLET,
} from "./harness.mjs";
import { axeViolations } from "./a11y-helpers.mjs";

const PASSWORD = "correct horse battery staple";
const OAK = "oak.localhost", ELM = "elm.localhost", TRUST = "trust.localhost";
let server, browser;

before(async () => {
  server = await startServer({
    schools: {
      schools: [
        { slug: "oak", name: "Oak Primary", hosts: [OAK] },
        { slug: "elm", name: "Elm Primary", hosts: [ELM] },
      ],
      trust: { name: "Acorn Learning Trust", hosts: [TRUST] },
    },
  });
  browser = await launch();
  const add = (school, email, role, name) => server.admin(
    "staff", "add", email, "--role", role, "--name", name, "--school", school, "--password-stdin",
    { input: `${PASSWORD}\n` },
  );
  add("oak", "dsl@oak.example", "dsl", "Mrs Khan");
  add("elm", "dsl@elm.example", "dsl", "Mr Osei");
  add("trust", "ceo@acorn.example", "trust", "Ms Ward");
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

test("the command line keeps a trust's accounts in the trust and tablets in schools", () => {
  const fails = (...cmd) => assert.throws(() => server.admin(...cmd, { stdio: "pipe", input: `${PASSWORD}\n` }));
  fails("staff", "add", "x@oak.example", "--role", "trust", "--school", "oak", "--password-stdin");
  fails("staff", "add", "y@acorn.example", "--role", "dsl", "--school", "trust", "--password-stdin");
  fails("device", "add", "A tablet", "--school", "trust");
  fails("device", "add", "A tablet");
  assert.match(server.admin("school", "list"), /^oak\tOak Primary\toak\.localhost\nelm\tElm Primary\telm\.localhost\ntrust\tAcorn Learning Trust\ttrust\.localhost\n$/);
});

test("a report from Oak's tablet reaches Oak's DSL, not Elm's, and the trust sees only a suppressed count", async () => {
  const tablet = await browser.newContext({ viewport: TABLET, baseURL: server.at(OAK), hasTouch: true });
  const page = await openPage(browser, server, { context: tablet });
  await enrolTablet(page, addDevice(server, "Oak tablet", { school: "oak" }));
  await page.goto("/tell");
  await appReady(page);
  for (const name of ["Someone was unkind to me or a friend", "In a game", "Sad", "Any grown-up"]) {
    await page.getByRole("button", { name, exact: true }).click();
  }
  await page.getByTestId("send").click();
  await page.getByText("Sent to school").waitFor();
  assert.deepEqual(page.errors, []);
  await tablet.close();

  const oak = await staffSignIn(browser, server, "dsl@oak.example", PASSWORD, { baseURL: server.at(OAK) });
  await oak.page.getByTestId("inbox-row").first().waitFor();
  assert.equal(await oak.page.getByTestId("inbox-row").count(), 1);
  await oak.context.close();

  const elm = await staffSignIn(browser, server, "dsl@elm.example", PASSWORD, { baseURL: server.at(ELM) });
  await elm.page.getByTestId("inbox-empty").waitFor();
  assert.equal(await elm.page.getByTestId("inbox-row").count(), 0);
  await elm.context.close();

  // Oak's DSL can't sign in at Elm's host or the trust's.
  for (const host of [ELM, TRUST]) {
    const r = await fetchAt(host, "/api/v1/staff/login", { email: "dsl@oak.example", password: PASSWORD });
    assert.equal(r.status, 401, host);
  }

  const trust = await staffSignIn(browser, server, "ceo@acorn.example", PASSWORD, { baseURL: server.at(TRUST) });
  const p = trust.page;
  await p.getByTestId("trust-overview").waitFor();
  await p.getByTestId("trust-row").first().waitFor();
  const cells = async (school) => Object.fromEntries(
    await p.locator(`[data-testid=trust-row][data-school="${school}"] td`).evaluateAll(
      (tds) => tds.map((td) => [td.dataset.key, td.innerText.trim()]),
    ),
  );
  const oakRow = await cells("Oak Primary");
  assert.equal(oakRow.reports, "fewer than 3");
  assert.equal((await cells("Elm Primary")).reports, "fewer than 3");
  assert.equal((await cells("All schools")).reports, "fewer than 3");
  assert.equal(oakRow.aup_signed, "not shown");
  const text = await p.locator("main").innerText();
  assert.match(text, /Acorn Learning Trust/);
  for (const secret of ["Mrs Khan", "Mr Osei", "dsl@oak.example", "Oak tablet", "In a game", "unkind"]) {
    assert.ok(!text.includes(secret), `the trust's page shows ${secret}`);
  }
  // The trust's own nav has the overview and its sign-in, nothing of a school's.
  const nav = await p.getByRole("navigation", { name: "Staff" }).innerText();
  assert.doesNotMatch(nav, /Inbox|Classes|Audit|Tablets/);
  assert.deepEqual(p.errors, []);
  await screenshot(p, "trust-overview-laptop");
  await p.emulateMedia({ media: "print" });
  await screenshot(p, "trust-overview-print");
  await trust.context.close();
});

test("for the seeded November the trust's figures are Oak's, with small numbers hidden across the totals", async () => {
  addDevice(server, "Oak office tablet", { school: "oak" });
  const deviceId = server.admin("device", "list", "--school", "oak").split("\t")[0];
  assert.deepEqual(server.seed("term", "--device", deviceId, { school: "oak" }), { term_reports: 10, before_reports: 4 });

  const { context, page } = await staffSignIn(browser, server, "ceo@acorn.example", PASSWORD, {
    baseURL: server.at(TRUST), timezoneId: "Europe/London", locale: "en-GB",
  });
  // The trust is offered calendar months only (its schools keep different term dates): the
  // seeded term's reports all fall in November 2025.
  assert.deepEqual(await page.getByTestId("period-pick").locator("optgroup").evaluateAll((gs) => gs.map((g) => g.label)), ["Months"]);
  await page.getByTestId("period-year").selectOption("2025");
  await page.getByTestId("period-pick").selectOption("month:11");
  await page.getByTestId("period-text").filter({ hasText: "November 2025" }).waitFor();
  const row = (school) => page.locator(`[data-testid=trust-row][data-school="${school}"] td`).evaluateAll(
    (tds) => Object.fromEntries(tds.map((td) => [td.dataset.key, td.innerText.trim()])),
  );
  assert.deepEqual(await row("Oak Primary"), {
    reports: "10", urgent: "3", parent_concerns: "none", first_look: "1 hour",
    staff_concerns: "none", referrals: "none", first_read: "not shown",
    read_in_a_day: "none", aup_signed: "80%", cosigned: "not shown", lessons: "6",
  });
  // Elm had none that month, and says so: only 1s and 2s are hidden.
  assert.equal((await row("Elm Primary")).reports, "none");
  assert.equal((await row("All schools")).reports, "10");
  // Content (1) is hidden, so contact (3) is too, at Oak and in the trust's total, or
  // 10 − 6 − 3 would give the 1 away.
  const risk = page.getByTestId("trust-category");
  const cells = async (key) => risk.locator(`tr[data-key=${key}] td`).allInnerTexts();
  assert.deepEqual(await cells("cyberbullying"), ["6", "none", "6"]);
  assert.equal(await risk.locator("tr[data-key=contact]").count(), 0);
  assert.match(await risk.innerText(), /Fewer than 3, or none, in every school: Content, Contact\b/);
  assert.doesNotMatch(await page.locator("main").innerText(), /Governors Oak|Ava|Mrs Khan/);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(await axeViolations(page), [], "WCAG 2.2 AA (axe)");
  await screenshot(page, "trust-overview-november");
  await context.close();
});

test("a host the server doesn't know is a plain 404, not a school", async () => {
  const context = await browser.newContext({ baseURL: server.at("ash.localhost") });
  const page = await context.newPage();
  const r = await page.goto("/staff");
  assert.equal(r.status(), 404);
  assert.match(await page.innerText("body"), /No school on this server has this address/);
  await context.close();
});

/** A JSON POST to the server with this Host header (node's own DNS needn't know *.localhost). */
function fetchAt(host, path, body) {
  const { port } = new URL(server.url);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request({
      host: "127.0.0.1", port, path, method: "POST",
      headers: { host: `${host}:${port}`, "content-type": "application/json", "content-length": Buffer.byteLength(data) },
    }, (res) => { res.resume(); res.on("end", () => resolve({ status: res.statusCode })); });
    req.on("error", reject);
    req.end(data);
  });
}
