// The pupil AUP on a kiosk, in real Chromium against a real server: a KS1 pupil finds their
// name, agrees to each statement and draws a mark, all by touch; the signature goes through the
// outbox; the class teacher signs their own staff AUP at first sign-in and then sees the pupil
// signed in the register. Then the school turns on "sign before lessons": an unsigned pupil is
// sent through the AUP from /learn, and /tell stays open.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  startServer, launch, openPage, appReady, enrolTablet, addDevice, screenshot, recordSpeech, atStaffHome, TABLET,
  submitSignIn, apiSignIn,
  until,
} from "./harness.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const LAPTOP = { width: 1366, height: 768 };
const PASSWORD = "correct horse battery staple";

let server, browser, admin;

/** A signed-in staff session for API calls from the test (cookie + CSRF token). */
async function apiSession(email) {
  const { cookie, csrf: csrf_token } = await apiSignIn(server, email, PASSWORD);
  const call = async (method, path, body, type = "application/json") => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { cookie, "x-csrf-token": csrf_token, ...(body ? { "content-type": type } : {}) },
      body: body === undefined ? undefined : type === "application/json" ? JSON.stringify(body) : body,
    });
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
    return res.json();
  };
  return call;
}

before(async () => {
  server = await startServer();
  browser = await launch();
  for (const [email, role, name] of [
    ["admin@school.example", "admin", "Mr Patel"],
    ["teacher@school.example", "teacher", "Ms Lewis"],
  ]) {
    server.admin("staff", "add", email, "--role", role, "--name", name, "--password-stdin", { input: `${PASSWORD}\n` });
  }
  admin = await apiSession("admin@school.example");
  const result = await admin("POST", "/staff/classes/import", "First name,Initial,Class,Band\nAva,B,Oak,KS1\nBen,C,Oak,KS1\n", "text/csv");
  assert.equal(result.imported.length, 2);
  const oak = (await admin("GET", "/staff/classes")).find((c) => c.name === "Oak");
  const teacher = (await admin("GET", "/staff/accounts")).find((a) => a.email === "teacher@school.example");
  await admin("PUT", `/staff/classes/${oak.id}/teachers`, { staff_ids: [teacher.id] });
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

async function kiosk() {
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url, hasTouch: true });
  await recordSpeech(context, { voices: ["en-GB"] }); // a tablet with an English voice installed
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server, `Kiosk ${Math.random()}`));
  return { context, page };
}

/** A finger stroke on the drawing pad (real touch events, which Chromium turns into pointer events). */
async function drawWithFinger(page) {
  const box = await page.getByTestId("drawing-pad").boundingBox();
  const cdp = await page.context().newCDPSession(page);
  const at = (x, y) => [{ x: box.x + x, y: box.y + y, id: 1 }];
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: at(40, 40) });
  for (let i = 1; i < 15; i++) {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: at(40 + i * 14, 40 + i * 8) });
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
  // Let Chromium's gesture detector finish with this touch before the next tap.
  await page.waitForTimeout(400);
}

/** The ids of a band's lessons, from the curriculum's files. */
function lessonIds(band) {
  const dir = join(ROOT, "lessons/content", band);
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), "utf8").match(/^id = "([^"]+)"/m)?.[1])
    .filter(Boolean)
    .sort();
}

/** Picks the class, then the pupil by name, by touch. */
async function findName(page, name) {
  await page.getByTestId("aup-class").filter({ hasText: "Oak" }).tap();
  await page.getByTestId("aup-name").first().waitFor();
  await page.locator(`[data-testid=aup-name][data-name="${name}"]`).tap();
}

test("a KS1 pupil signs by touch and the teacher sees it in the register", async () => {
  const { context, page } = await kiosk();
  await page.goto("/aup");
  await page.getByTestId("aup-class").first().waitFor();
  await screenshot(page, "aup-1-class");
  await page.getByTestId("aup-class").filter({ hasText: "Oak" }).tap();
  await page.getByTestId("aup-name").first().waitFor();
  // Cards show the first name only (no two Oak pupils share one) with their symbol.
  assert.deepEqual(await page.getByTestId("aup-name").locator(".aup-card-name").allInnerTexts(), ["Ava", "Ben"]);
  assert.equal(await page.locator("[data-testid=aup-name] .symbol").count(), 2);
  await screenshot(page, "aup-2-find-your-name");

  // "That's not me" goes back to the names; nothing is recorded.
  await page.locator('[data-testid=aup-name][data-name="Ben"]').tap();
  await page.getByTestId("aup-statement").waitFor();
  await page.getByTestId("aup-not-me").tap();
  await page.getByTestId("aup-name").first().waitFor();

  await page.locator('[data-testid=aup-name][data-name="Ava"]').tap();
  let n = 0;
  while (await page.getByTestId("aup-statement").isVisible().catch(() => false)) {
    const text = await page.locator("[data-testid=aup-statement] .question").innerText();
    if (n === 0) {
      assert.match(text, /grown-up/);
      await screenshot(page, "aup-3-statement");
    }
    await page.getByTestId("aup-agree").tap();
    n += 1;
    if (n > 20) throw new Error("too many statements");
    await page.waitForTimeout(50);
  }
  assert.equal(n, 5, "the KS1 AUP has five statements, each agreed by touch");
  const said = await page.evaluate(() => window.__spoken);
  assert.ok(said.some((s) => s.includes("I ask a grown-up before I go online")), "statements are read aloud");

  await page.getByTestId("drawing-pad").waitFor();
  assert.ok(await page.getByTestId("aup-sign").isDisabled(), "no mark, no signature");
  await drawWithFinger(page);
  await screenshot(page, "aup-4-sign");
  await page.getByTestId("aup-sign").tap();
  await page.getByTestId("aup-thanks").waitFor();
  const thanks = await page.getByTestId("aup-thanks").innerText();
  assert.match(thanks, /Thank you, Ava/);
  assert.match(thanks, /trusted adult/);
  assert.ok(await page.locator(".help-strip").isVisible());
  await screenshot(page, "aup-5-thanks");

  // Back at the names, Ava's card has a tick and Ben's none: nothing more (no date, no words).
  await page.goto("/aup");
  await page.getByTestId("aup-class").filter({ hasText: "Oak" }).tap();
  await page.getByTestId("aup-name").first().waitFor();
  assert.equal(await page.locator('[data-testid=aup-name][data-name="Ava"] [data-testid=aup-signed]').count(), 1);
  assert.equal(await page.locator('[data-testid=aup-name][data-name="Ben"] [data-testid=aup-signed]').count(), 0);
  assert.deepEqual(await page.getByTestId("aup-name").locator(".aup-card-name").allInnerTexts(), ["Ava", "Ben"]);
  await screenshot(page, "aup-5b-names-with-tick");

  // The teacher signs in, signs their own AUP first, and finds Ava signed in Oak's register.
  const staffCtx = await browser.newContext({ viewport: LAPTOP, baseURL: server.url });
  const staff = await openPage(browser, server, { context: staffCtx });
  await staff.goto("/staff");
  await staff.getByLabel("Email").fill("teacher@school.example");
  await staff.getByLabel("Password").fill(PASSWORD);
  await staff.getByRole("button", { name: "Sign in" }).click();
  await staff.getByTestId("staff-aup").waitFor();
  await screenshot(staff, "aup-6-staff-aup");
  await staff.getByTestId("staff-aup-name").fill("Jo Lewis");
  await staff.getByTestId("staff-aup-sign").click();
  await staff.getByRole("link", { name: "Classes" }).click();
  await staff.getByRole("link", { name: "Oak" }).click();
  const ava = staff.locator('[data-testid=register-row][data-pupil="Ava"]');
  // The signature may still be on its way from the tablet: reload until it has arrived.
  for (let i = 0; i < 20 && (await ava.getAttribute("data-must-sign").catch(() => "true")) !== "false"; i++) {
    await staff.waitForTimeout(500);
    await staff.reload();
    await staff.getByTestId("register").waitFor();
  }
  assert.equal(await ava.getAttribute("data-must-sign"), "false");
  assert.match(await ava.innerText(), /Version 1, /);
  assert.match(await staff.locator('[data-testid=register-row][data-pupil="Ben"]').innerText(), /Not signed/);
  assert.match(await ava.innerText(), /No answer yet/, "photo consent in words, for a screen reader");
  await staff.getByTestId("needs-sign-filter").check();
  assert.equal(await staff.getByTestId("register-row").count(), 1);
  await screenshot(staff, "aup-7-register");
  staff.errors = staff.errors.filter((e) => !e.includes("status of 401"));
  assert.deepEqual(staff.errors, []);
  assert.deepEqual(page.errors, []);
  await staffCtx.close();
  await context.close();
});

test("before lessons: an unsigned pupil is asked to sign, /tell is never gated", async () => {
  const school = await admin("GET", "/staff/school");
  await admin("PUT", "/staff/school", { ...school, aup_before_lessons: true });
  const { context, page } = await kiosk();

  await page.goto("/learn");
  // Learn hands the question to our rules (its own bundle), in place of /learn in the history.
  await page.getByTestId("aup-gate").waitFor();
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, "/aup?next=learn");
  await screenshot(page, "aup-8-gate");
  await findName(page, "Ben");
  await page.getByTestId("aup-statement").waitFor();
  assert.equal(await page.getByTestId("lesson-card").count(), 0, "no lessons before signing");

  // Telling an adult is always open, mid-way or not.
  await page.goto("/tell");
  await page.getByTestId("question").first().waitFor();
  assert.equal(await page.getByTestId("aup-gate").count(), 0);
  await screenshot(page, "aup-9-tell-open");

  // Ben signs with initials, then goes on to the lessons.
  await page.goto("/learn");
  await findName(page, "Ben");
  while (await page.getByTestId("aup-statement").isVisible().catch(() => false)) {
    await page.getByTestId("aup-agree").tap();
    await page.waitForTimeout(50);
  }
  await page.getByTestId("aup-initials").fill("bc");
  await page.getByTestId("aup-sign").tap();
  await page.getByTestId("aup-to-lessons").tap();
  await page.getByTestId("lesson-card").first().waitFor();
  assert.equal(new URL(page.url()).pathname, "/learn");
  // Ben's class is KS1 (the tablet has no band): his class's lessons, and he stays let in while
  // he moves between them.
  const ks1 = await page.getByTestId("lesson-card").evaluateAll((cards) => cards.map((c) => c.dataset.lesson));
  assert.deepEqual(ks1.toSorted(), lessonIds("ks1"), "KS1's lessons");
  const first = ks1[0];
  await page.getByTestId("lesson-card").first().tap();
  await page.waitForURL(`**/learn/${first}`);
  await page.goto("/learn");
  await page.getByTestId("lesson-card").first().waitFor();
  assert.equal(await page.getByTestId("aup-gate").count(), 0, "not asked again mid-lessons");

  // Back at the pupil home, the next child is asked again. Ava signed earlier: she goes
  // straight to the lessons.
  await page.goto("/");
  await page.getByTestId("home-learn").tap();
  await page.getByTestId("aup-gate").waitFor();
  await findName(page, "Ava");
  await page.getByTestId("lesson-card").first().waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("an admin imports a class list and sees each problem row by its line", async () => {
  const context = await browser.newContext({ viewport: LAPTOP, baseURL: server.url });
  const page = await openPage(browser, server, { context });
  await page.goto("/staff");
  await page.getByLabel("Email").fill("admin@school.example");
  await page.getByLabel("Password").fill(PASSWORD);
  await submitSignIn(page, server, "admin@school.example", PASSWORD);
  await page.getByTestId("staff-aup").waitFor();
  await page.getByTestId("staff-aup-name").fill("Raj Patel");
  await page.getByTestId("staff-aup-sign").click();
  await atStaffHome(page);
  await page.getByRole("link", { name: "Classes" }).click();
  await page.getByTestId("classes").waitFor();
  // The class list as a spreadsheet saves it: a CSV file with a byte-order mark, chosen with the
  // file picker, fills the box (without the mark) for the admin to check before importing.
  const csv = "Cara,D,Birch,KS2\r\nDev,Evans,Birch,KS2\r\nAva,B,Oak,KS1\r\n";
  await page.getByTestId("import-file").setInputFiles({ name: "birch.csv", mimeType: "text/csv", buffer: Buffer.from("\ufeff" + csv, "utf8") });
  // (A textarea's value has its line ends as \n.)
  await page.waitForFunction((t) => document.querySelector("[data-testid=import-csv]").value === t, csv.replaceAll("\r\n", "\n"));
  await page.getByTestId("import").click();
  const result = page.getByTestId("import-result");
  await result.waitFor();
  const text = await result.innerText();
  assert.match(text, /1 added, 1 already on their class list/);
  assert.match(text, /New classes: Birch/);
  assert.match(text, /Line 2: the last-name initial must be one letter/);
  await screenshot(page, "aup-10-import");
  // Birch came from a list that gave only its band: the admin is asked for its year and sets it.
  await page.getByTestId("classes-without-year").waitFor();
  const birch = page.getByTestId("classes").locator("tr", { hasText: "Birch" });
  assert.match(await birch.getByTestId("class-year-unset").innerText(), /Not set \(KS2\)/);
  await birch.getByLabel("Year group").selectOption({ label: "Year 5" });
  await birch.getByLabel("Mixed with (a mixed class only)").selectOption({ label: "Year 6" });
  await birch.getByRole("button", { name: "Save year" }).click();
  await page.getByTestId("classes").locator("tr", { hasText: "Birch" }).getByTestId("class-year").filter({ hasText: "Year 5/6" }).waitFor();
  await screenshot(page, "aup-10-class-year");
  await page.getByRole("link", { name: "Agreements" }).click();
  await page.getByRole("heading", { name: "Publish a new version" }).waitFor();
  await screenshot(page, "aup-11-agreements");
  page.errors = page.errors.filter((e) => !e.includes("status of 401"));
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("offline, a pupil still signs from the cached class list and it arrives when back online", async () => {
  await admin("POST", "/staff/classes/import", "Cy,D,Elm,KS2\n", "text/csv");
  const elm = (await admin("GET", "/staff/classes")).find((c) => c.name === "Elm");
  const { context, page } = await kiosk();
  // Online once: the tablet keeps the classes, every class's names and the AUP.
  await page.goto("/aup");
  await page.getByTestId("aup-class").first().waitFor();
  // Offline, "Our rules" is a page load of its own bundle: wait until the service worker has
  // installed (it keeps every kiosk bundle first), so it serves the next pages.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await until(page, "the rules' bundle is stored", async () => (await caches.match("/aup.html")) !== undefined);
  await page.getByRole("link", { name: "Kite home" }).click();
  await page.getByTestId("home-rules").waitFor();
  await context.setOffline(true);
  await page.getByRole("link", { name: "Our rules" }).click();
  await page.getByTestId("aup-class").filter({ hasText: "Elm" }).tap();
  await page.locator('[data-testid=aup-name][data-name="Cy"]').tap();
  let n = 0;
  while (await page.getByTestId("aup-statement").isVisible().catch(() => false)) {
    await page.getByTestId("aup-agree").tap();
    n += 1;
    await page.waitForTimeout(50);
  }
  assert.equal(n, 10, "the KS2 AUP has ten statements");
  await page.getByTestId("aup-initials").fill("cd");
  await page.getByTestId("aup-sign").tap();
  await page.getByTestId("aup-thanks").waitFor();
  let reg = await admin("GET", `/staff/classes/${elm.id}/register`);
  assert.equal(reg.pupils[0].pupil_must_sign, true, "not arrived while offline");

  await context.setOffline(false);
  for (let i = 0; i < 40 && reg.pupils[0].pupil_must_sign; i++) {
    await page.waitForTimeout(500);
    reg = await admin("GET", `/staff/classes/${elm.id}/register`);
  }
  assert.equal(reg.pupils[0].pupil_must_sign, false, "the signature arrived once back online");
  await context.close();
});
