// The governors' report in real Chromium against a real server, for a seeded autumn term: the
// head (an admin) picks the term (no dates can be typed) and every figure on the page matches the seeded
// data, small numbers say "fewer than 3", and it prints; the DSL downloads the incident log.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, addDevice, launch, screenshot, staffSignIn, atStaffHome, followStaffLink } from "./harness.mjs";

const PASSWORD = "correct horse battery staple";
let server, browser;

before(async () => {
  server = await startServer();
  browser = await launch();
  server.admin("staff", "add", "head@school.example", "--role", "admin", "--name", "Mrs Adeyemi", "--password-stdin", { input: `${PASSWORD}\n` });
  server.admin("staff", "add", "dsl@school.example", "--role", "dsl", "--name", "Mrs Khan", "--password-stdin", { input: `${PASSWORD}\n` });
  server.admin("staff", "add", "chair@school.example", "--role", "governor", "--name", "Mr Osei", "--password-stdin", { input: `${PASSWORD}\n` });
  addDevice(server, "Oak tablet");
  assert.deepEqual(server.seed("term"), { term_reports: 10, before_reports: 4 });
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

// UK dates, as a school's laptop shows them.
const signIn = (email) => staffSignIn(browser, server, email, PASSWORD, { timezoneId: "Europe/London", locale: "en-GB" });

// The picker offers terms, half-terms and months of a school year, never dates: the autumn
// term of 2025-26 is reported as its whole months, September to December.
async function openAutumn2025(page) {
  await followStaffLink(page, "Governors' report");
  await page.getByTestId("period-year").waitFor().catch(async (e) => {
    await screenshot(page, "governors-picker-missing");
    throw new Error(`${e.message}\nat ${page.url()}, page errors: ${page.errors}`);
  });
  await page.getByTestId("period-year").selectOption("2025");
  await page.getByTestId("period-pick").selectOption("term:autumn");
  await page.getByTestId("period-text").filter({ hasText: "Autumn term 2025-26 (Sep\u2013Dec 2025)" }).waitFor();
}

/**
 * The "this period" figure of each line of the chart titled `title`, by key: the drawn lines,
 * and those named under the chart as fewer than 3 in both periods or none in either.
 */
async function chart(page, title) {
  const section = page.locator("section.governors-section").filter({ has: page.getByRole("heading", { name: title }) });
  const lines = await section.getByTestId("chart-line").evaluateAll((gs) => gs.map((g) => [g.dataset.key, g.dataset.now]));
  const quiet = section.getByTestId("chart-quiet");
  const hidden = (await quiet.count()) ? (await quiet.getAttribute("data-keys")).split(" ") : [];
  const none = section.getByTestId("chart-none");
  const nones = (await none.count()) ? (await none.getAttribute("data-keys")).split(" ") : [];
  return Object.fromEntries([...lines, ...hidden.map((k) => [k, "fewer than 3"]), ...nones.map((k) => [k, "none"])]);
}

test("the head opens the governors' report for the autumn term and its figures are the seeded ones", async () => {
  const { context, page } = await signIn("head@school.example");
  await openAutumn2025(page);
  assert.match(await page.getByTestId("tile-reports").innerText(), /^10\s+reports from pupils\s+up from 4$/);
  assert.match(await page.getByTestId("tile-response").innerText(), /1 hour[\s\S]*10 looked at within a day/);
  // The term has no staff concerns or referrals: none (not "fewer than 3"), and no median of nothing.
  assert.match(await page.getByTestId("tile-staff-concerns").innerText(), /^none\s+concerns raised by staff/);
  assert.match(await page.getByTestId("tile-referrals").innerText(), /^none\s+referrals made/);
  assert.match(await page.getByTestId("tile-first-read").innerText(), /^not shown\s+typical time until a DSL first read a staff concern: fewer than 3 were read/);

  const byCategory = await chart(page, "Reports by kind of risk");
  assert.equal(byCategory.cyberbullying, "6");
  // Content has 1: hidden, and contact (3) with it, or 10 − 6 − 3 would give the 1 away.
  assert.equal(byCategory.content, "fewer than 3");
  assert.equal(byCategory.contact, "fewer than 3");
  // Kinds of risk with no report say so: none, never "fewer than 3".
  for (const key of ["ypsi", "grooming_exploitation", "radicalisation_extremism"]) assert.equal(byCategory[key], "none", key);
  const chartText = await page.locator("section.governors-section").filter({ has: page.getByRole("heading", { name: "Reports by kind of risk" }) }).innerText();
  assert.doesNotMatch(chartText, /Fewer than 3[^.]*Youth-produced sexual imagery/);
  assert.deepEqual(await chart(page, "Reports by key stage"), { eyfs: "none", ks1: "3", ks2: "7", unknown: "none" });
  assert.deepEqual(await chart(page, "Urgent or not"), { urgent: "3", not_urgent: "7" });
  const status = await chart(page, "Where reports are now");
  assert.equal(status.closed, "5");
  assert.equal(status.seen, "5");
  const actions = await chart(page, "Actions taken");
  assert.equal(actions.spoke_with_pupil, "5");
  assert.equal(actions.parents_informed, "3");

  const lessons = page.getByTestId("lessons-taught");
  const row = (strand) => lessons.getByRole("row").filter({ has: page.getByRole("rowheader", { name: strand, exact: true }) });
  // Each key stage has two columns: records that asked for the strand, then lessons taught.
  const cells = async (strand) => row(strand).getByRole("cell").allInnerTexts();
  const taught = async (strand) => (await cells(strand)).filter((_, i) => i % 2 === 1);
  const asked = async (strand) => (await cells(strand)).filter((_, i) => i % 2 === 0);
  assert.deepEqual(await taught("Online bullying"), ["4", "none", "none"]);
  assert.deepEqual(await taught("Privacy and security"), ["none", "none", "fewer than 3"]);
  // The seeded term's cyberbullying reports ask for online bullying in KS1 and KS2.
  assert.deepEqual(await asked("Online bullying"), ["none", "3", "6"]);

  const aup = await page.getByTestId("aup-completion").innerText();
  assert.match(aup, /Pupils on roll\s+5/);
  assert.match(aup, /signed this year's agreement\s+4/);
  assert.match(aup, /Parents who have co-signed it\s+fewer than 3/);
  assert.match(aup, /photos on the website\s+3/);
  assert.match(aup, /social media\s+none/, "a withdrawal counts at once");
  await screenshot(page, "governors-report-laptop");

  // The printed page leaves out the controls and the staff bar.
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".governors-period").isVisible(), false);
  assert.equal(await page.locator(".staff-bar").isVisible(), false);
  assert.ok(await page.getByTestId("lessons-taught").isVisible());
  await screenshot(page, "governors-report-print");
  assert.equal(await page.getByTestId("export-csv").count(), 0, "only the DSL exports the incident log");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("the DSL downloads the term's incident log, without pupils' words unless chosen", async () => {
  const { context, page } = await signIn("dsl@school.example");
  await openAutumn2025(page);
  const csv = async () => {
    const href = await page.getByTestId("export-csv").getAttribute("href");
    const response = await page.request.get(href);
    assert.equal(response.status(), 200);
    return (await response.text()).trim().split("\r\n");
  };
  const plain = await csv();
  assert.equal(plain.length, 11, "a header and the term's ten reports");
  assert.ok(!plain[0].includes("words"));
  await page.getByLabel(/Include what pupils wrote/).check();
  const full = await csv();
  assert.ok(full[0].includes(",words,name_given,class_or_child,contact,web_address,children_named,"), full[0]);
  await context.close();
});

test("a governor signs the governor AUP, reads the report, and can see nothing else", async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: server.url, timezoneId: "Europe/London", locale: "en-GB" });
  const page = await context.newPage();
  await page.goto("/staff");
  await page.getByLabel("Email").fill("chair@school.example");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // The governor AUP (seed 003), not the staff one, comes first.
  await page.getByTestId("staff-aup").waitFor();
  assert.match(await page.getByTestId("staff-aup").innerText(), /Governor Acceptable Use Policy/);
  await page.getByTestId("staff-aup-name").fill("Kwame Osei");
  await page.getByTestId("staff-aup-sign").click();
  await page.getByTestId("staff-aup").waitFor({ state: "detached" });
  await atStaffHome(page);

  // Their staff home is the report; the bar offers nothing else.
  const nav = await page.getByRole("navigation", { name: "Staff" }).getByRole("link").allInnerTexts();
  assert.deepEqual(nav, ["Governors' report", "Your sign-in"]);
  await openAutumn2025(page);
  assert.match(await page.getByTestId("tile-reports").innerText(), /^10\s+reports from pupils\s+up from 4$/);
  assert.equal((await chart(page, "Reports by kind of risk")).content, "fewer than 3");
  assert.equal(await page.getByTestId("export-csv").count(), 0);
  await screenshot(page, "governors-report-governor");
  // A governor often reads it on a phone: wide tables scroll in their own box, the page doesn't.
  await page.setViewportSize({ width: 390, height: 844 });
  const wider = await page.evaluate(() => {
    const over = (e) => e && e.getBoundingClientRect().right > innerWidth + 1 && !e.closest(".table-scroll, .visually-hidden");
    return [...document.querySelectorAll("body *")].filter((e) => over(e) && !over(e.parentElement))
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} in ${e.parentElement.tagName.toLowerCase()}.${e.parentElement.className}: ${e.innerText.slice(0, 40)}`);
  });
  assert.deepEqual(wider, [], "nothing wider than the phone outside a scrolling box");
  await page.getByRole("heading", { name: "Strands asked for and lessons taught" }).scrollIntoViewIfNeeded();
  await screenshot(page, "governors-report-phone");

  // The server refuses them everything identifying, whatever the page shows.
  for (const path of ["/api/v1/staff/reports", "/api/v1/staff/reports/export.csv", "/api/v1/staff/classes", "/api/v1/staff/audit", "/api/v1/staff/accounts"]) {
    assert.equal((await page.request.get(path)).status(), 403, path);
  }
  await context.close();
});

test("the picker offers terms, half-terms and months only, and the head keeps the school's term dates", async () => {
  const { context, page } = await signIn("head@school.example");
  await followStaffLink(page, "Governors' report");
  const picker = page.getByTestId("period-pick");
  await picker.locator("optgroup").first().waitFor({ state: "attached" });
  const groups = await picker.locator("optgroup").evaluateAll((gs) => gs.map((g) => [g.label, [...g.querySelectorAll("option")].map((o) => o.textContent)]));
  assert.deepEqual(groups.map(([label]) => label), ["Terms", "Half-terms", "Months"]);
  assert.deepEqual(groups[0][1], ["Autumn term", "Spring term", "Summer term"]);
  assert.equal(groups[2][1].length, 12);
  assert.equal(await page.locator(".governors-period input").count(), 0, "no dates of one's own choosing");
  await page.getByTestId("period-year").selectOption("2025");
  await picker.selectOption("half:autumn-2");
  await page.getByTestId("period-text").filter({ hasText: "Autumn 2 2025-26 (Nov\u2013Dec 2025)" }).waitFor();
  assert.match(await page.getByTestId("period-text").innerText(), /compared with Autumn 1 2025-26 \(Sep\u2013Oct 2025\)/);
  assert.match(await page.getByTestId("tile-reports").innerText(), /^10\s+reports from pupils/);
  await screenshot(page, "governors-period-picker");

  // The school page: the usual dates until the school sets its own. An autumn half-term early
  // in October makes October Autumn 2's.
  await followStaffLink(page, "School profile");
  const terms = page.getByTestId("term-dates");
  await terms.getByTestId("terms-year").selectOption("2025");
  const row = (key) => terms.locator(`[data-testid=term-row][data-key=${key}]`);
  await row("autumn-1").getByTestId("term-months").filter({ hasText: "Sep\u2013Oct 2025" }).waitFor();
  assert.match(await terms.innerText(), /Not set yet/);
  await row("autumn-1").getByLabel("Autumn 1 last day").fill("2025-10-09");
  await row("autumn-2").getByLabel("Autumn 2 first day").fill("2025-10-20");
  // An INSET day outside every half-term is refused with why; inside one it is kept.
  await terms.getByTestId("add-inset-day").click();
  await terms.getByLabel("INSET day 1", { exact: true }).fill("2025-10-14");
  await terms.getByRole("button", { name: "Save term dates" }).click();
  await terms.getByText("not inside one of the half-terms").waitFor();
  await terms.getByLabel("INSET day 1", { exact: true }).fill("2025-10-20");
  await terms.getByRole("button", { name: "Save term dates" }).click();
  await terms.getByText("Term dates saved.").waitFor();
  assert.equal(await terms.getByLabel("INSET day 1", { exact: true }).inputValue(), "2025-10-20");
  assert.equal(await row("autumn-1").getByTestId("term-months").innerText(), "Sep 2025");
  assert.equal(await row("autumn-2").getByTestId("term-months").innerText(), "Oct\u2013Dec 2025");
  assert.match(await terms.innerText(), /the school's own dates/);
  await screenshot(page, "school-term-dates");
  // The one error the browser logged is the refused INSET day's answer.
  assert.deepEqual(page.errors, ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
  await context.close();
});
