// Parents at home, in real Chromium against a real server: a teacher prints the letters for
// their class; on a phone, a parent opens the letter's link, reads the agreements, co-signs, gives
// and then withdraws photo consent for the school website, and raises a concern. The server's
// stored state shows each step. Another parent types their code instead of using the link.
//
// To extend (e.g. "the teacher sees it in the register"): `school` below has the class and pupil
// ids, `teacher` a signed-in laptop page, and `server.show` reads what the server stored.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, openPage, screenshot, foreignRequests, addDevice, staffSignIn, seedClass, PHONE } from "./harness.mjs";

const LAPTOP = { width: 1366, height: 768 };
const PASSWORD = "correct horse battery staple";
const TEACHER = "teacher@school.example";
const DSL = "dsl@school.example";

let server, browser, school;
before(async () => {
  server = await startServer();
  browser = await launch();
  server.admin("staff", "add", TEACHER, "--role", "teacher", "--name", "Ms Lewis", "--password-stdin", { input: `${PASSWORD}\n` });
  server.admin("staff", "add", DSL, "--role", "dsl", "--name", "Mrs Khan", "--password-stdin", { input: `${PASSWORD}\n` });
  school = seedClass(server, {
    name: "Hedgehogs", band: "ks1", teacherEmail: TEACHER, pupils: [["Amira", "B"], ["Ben", "C"]],
  });
  server.seed("agreements");
  // A lesson the class did today (as a class tablet would record it), and one another class did.
  addDevice(server, "Hedgehogs tablet");
  const now = Date.now();
  for (const [lesson, label] of [["kind-online", "hedgehogs"], ["my-trusted-adults", "Owls"]]) {
    server.seed("lesson", "--lesson", lesson, "--band", "ks1", "--class", label, "--by", "teacher", "--at-ms", now);
  }
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

async function signIn(email) {
  const { page } = await staffSignIn(browser, server, email, PASSWORD, { viewport: LAPTOP });
  return page;
}

async function phone() {
  const context = await browser.newContext({ viewport: PHONE, baseURL: server.url, hasTouch: true, isMobile: true });
  return openPage(browser, server, { context });
}

/** The letters for the class, made and read off the printable page: { firstName: {code, link} }. */
let letters;

test("a teacher makes printable letters for their class, one code per child", async () => {
  const page = await signIn(TEACHER);
  await page.goto(`/staff/classes/${school.classId}/letters`);
  await page.getByTestId("make-letters").click();
  await page.getByTestId("letter").first().waitFor();
  const found = await page.getByTestId("letter").evaluateAll((els) => els.map((el) => ({
    heading: el.querySelector("h2").textContent,
    code: el.querySelector("[data-testid=letter-code]").textContent,
    link: el.querySelector("[data-testid=letter-link]").textContent,
  })));
  assert.equal(found.length, 2);
  letters = {};
  for (const l of found) {
    const name = l.heading.match(/carer of (\w+)/)[1];
    assert.match(l.code, /^[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$/);
    assert.equal(l.link, `${server.url}/parents#code=${l.code}`);
    letters[name] = l;
  }
  assert.deepEqual(Object.keys(letters).sort(), ["Amira", "Ben"]);
  // Only hashes are stored.
  const stored = server.show("parent-codes");
  assert.equal(stored.length, 2);
  await screenshot(page, "parents-letters-screen");
  await page.emulateMedia({ media: "print" });
  await screenshot(page, "parents-letters-print");
  assert.equal(await page.getByTestId("make-letters").isVisible(), false, "screen controls are not printed");
  const breaks = await page.getByTestId("letter").evaluateAll((els) => els.map((el) => getComputedStyle(el).breakAfter));
  assert.deepEqual(breaks, ["page", "auto"], "each letter on its own printed page");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("on a phone, a parent opens the link, reads, co-signs, gives then withdraws photo consent", async () => {
  assert.ok(letters, "letters were made");
  const page = await phone();
  await page.goto(letters.Amira.link);
  await page.getByTestId("child-heading").waitFor();
  assert.equal(await page.getByTestId("child-heading").textContent(), "Amira's page");
  assert.ok(!page.url().includes("code="), `the code left the address bar: ${page.url()}`);
  // At home there is no pupil kiosk to go back to.
  assert.equal(await page.getByRole("link", { name: "Pupil home" }).count(), 0);
  await page.getByTestId("aup-statements").waitFor();
  const statements = await page.getByTestId("aup-statements").locator("li").allTextContents();
  assert.ok(statements.length >= 2, statements.join(" | "));
  // This half-term's lessons: the class's, with the take-home note and conversation starter.
  await page.getByTestId("corner-lessons").waitFor();
  const lessons = await page.getByTestId("corner-lessons").locator("h3").allTextContents();
  assert.equal(lessons.length, 1, lessons.join(" | "));
  assert.match(await page.getByTestId("corner-lessons").textContent(), /Try asking:/);
  await screenshot(page, "parents-phone-child-page");

  // Co-sign: a typed name and "we have talked about it together".
  await page.getByLabel("Your name").first().fill("Sara B");
  await page.getByRole("button", { name: "Sign the agreement" }).click();
  await page.getByRole("alert").filter({ hasText: "tick the box" }).waitFor();
  await page.locator("#cosign-talked").check();
  await page.getByRole("button", { name: "Sign the agreement" }).click();
  await page.getByTestId("cosigned").waitFor();
  assert.match(await page.getByTestId("cosigned").textContent(), /Signed by Sara B/);
  const signed = server.show("cosignatures", school.pupils.Amira);
  assert.deepEqual(signed, ["Sara B"]);

  // Photo consent for the school website: yes, then no. Each is stored at once.
  const website = page.getByTestId("photo-website");
  await website.scrollIntoViewIfNeeded();
  await website.getByRole("button", { name: "Yes" }).click();
  await website.getByTestId("consent-saved").filter({ hasText: "Saved: \u201cYes\u201d" }).waitFor();
  assert.match(await website.getByTestId("photo-state").textContent(), /^Yes, since /);
  assert.equal(await website.getByRole("button", { name: "Yes" }).getAttribute("aria-pressed"), "true");
  assert.deepEqual(server.show("photo-consent", school.pupils.Amira), { website: true });
  await screenshot(page, "parents-phone-consent-given");

  await website.getByRole("button", { name: "No" }).click();
  await website.getByTestId("consent-saved").filter({ hasText: "Saved: \u201cNo\u201d" }).waitFor();
  assert.match(await website.getByTestId("photo-state").textContent(), /^No, since /);
  assert.deepEqual(server.show("photo-consent", school.pupils.Amira), { website: false });
  await screenshot(page, "parents-phone-consent-withdrawn");

  // A reload keeps the session and shows what holds now.
  await page.reload();
  await page.getByTestId("cosigned").waitFor();
  assert.match(await page.getByTestId("photo-website").getByTestId("photo-state").textContent(), /^No, since /);

  // A concern for the DSL: not anonymous by default.
  const form = page.getByTestId("concern-form");
  await form.scrollIntoViewIfNeeded();
  await form.getByLabel("What is worrying you?").fill("Amira says an older child in a game keeps asking where she lives.");
  await form.getByLabel("Your name").fill("Sara B");
  await form.getByLabel(/phone number or email/).fill("07700 900123");
  await screenshot(page, "parents-phone-concern");
  await form.getByRole("button", { name: "Send to the school" }).click();
  await page.getByTestId("concern-sent").waitFor();
  const concerns = server.show("parent-concerns");
  assert.equal(concerns.length, 1);
  const { payload } = concerns[0];
  assert.equal(payload.parent_name, "Sara B");
  assert.equal(payload.child, "Amira B., Hedgehogs");
  assert.equal(concerns[0].device_id, null, "a parent's concern comes from no tablet");

  assert.deepEqual(foreignRequests(page, server), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the teacher sees the parent's co-signature and the withdrawn photo consent in the class register", async () => {
  const page = await signIn(TEACHER);
  await page.goto(`/staff/classes/${school.classId}`);
  const amira = page.locator('[data-testid=register-row][data-pupil="Amira"]');
  await amira.waitFor();
  const cells = await amira.locator("td").allInnerTexts();
  assert.match(cells[1], /^Version \d+, /, `parent co-signature: ${cells[1]}`);
  const website = await amira.locator("td[data-use=website]").innerText();
  assert.match(website, /withdrawn/i, `website consent, withdrawn at once: ${website}`);
  const ben = await page.locator('[data-testid=register-row][data-pupil="Ben"]').locator("td").allInnerTexts();
  assert.equal(ben[1], "Not yet", "Ben's parent hasn't co-signed");
  await screenshot(page, "parents-register-after-parent");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a parent can type the code instead, in any case and without dashes", async () => {
  const page = await phone();
  // Nothing on the page jumps while it opens: the help for parents used to be drawn first and
  // then pushed off the phone's screen by the code form (a layout shift of 0.27).
  await page.addInitScript(() => {
    window.kiteShifts = [];
    window.kiteShiftObserver = new PerformanceObserver((list) => window.kiteShifts.push(...list.getEntries()));
    window.kiteShiftObserver.observe({ type: "layout-shift", buffered: true });
  });
  await page.goto("/parents");
  await page.getByLabel(/code on your letter/).waitFor();
  await page.getByRole("complementary", { name: "Help now" }).waitFor();
  // A frame later, with the entries the observer has not been handed yet. Every shift counts
  // (nothing has been tapped yet; headless Chromium marks some as just after input).
  const shifted = await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(() => {
    const shifts = [...window.kiteShifts, ...window.kiteShiftObserver.takeRecords()];
    done(shifts.reduce((sum, s) => sum + s.value, 0));
  }, 100))));
  assert.ok(shifted < 0.05, `the page moved while opening (layout shift ${shifted.toFixed(3)})`);
  // A first visit asks whether this browser is signed in without the browser logging an error.
  assert.deepEqual(page.errors, [], "no console errors on a first visit");
  await page.getByLabel(/code on your letter/).fill("ABCD EFGH JKMN");
  await page.getByRole("button", { name: "Open my child's page" }).click();
  await page.getByTestId("code-error").waitFor();
  assert.match(await page.getByTestId("code-error").textContent(), /doesn't match a letter/);
  await screenshot(page, "parents-phone-code-entry");

  await page.getByLabel(/code on your letter/).fill(letters.Ben.code.replaceAll("-", "").toLowerCase());
  await page.getByRole("button", { name: "Open my child's page" }).click();
  await page.getByTestId("child-heading").waitFor();
  assert.equal(await page.getByTestId("child-heading").textContent(), "Ben's page");
  // Ben's parent sees Ben's consent, not Amira's.
  assert.match(await page.getByTestId("photo-website").getByTestId("photo-state").textContent(), /^Not answered yet/);
  // The same page on a laptop.
  await page.setViewportSize(LAPTOP);
  await screenshot(page, "parents-laptop-child-page");
  // The wrong code's 401 is the only error the browser logged.
  assert.deepEqual(page.errors.filter((e) => !e.includes("status of 401")), []);
  await page.context().close();
});

test("a second letter's link opened in the tab already on the parents' page opens that child's page", async () => {
  const page = await phone();
  await page.goto(letters.Amira.link);
  await page.getByTestId("child-heading").waitFor();
  assert.equal(await page.getByTestId("child-heading").textContent(), "Amira's page");
  // Only the fragment changes, so the browser doesn't load the page again.
  await page.goto(letters.Ben.link);
  await page.getByText("Ben's page").waitFor();
  assert.equal(await page.getByTestId("child-heading").textContent(), "Ben's page");
  assert.equal(new URL(page.url()).hash, "", "the code is taken out of the address bar");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a letter printed at school carries the school's public address and a QR code Kite drew", async () => {
  const PUBLIC = "http://kite.school.example";
  const school2 = await startServer({ env: { KITE_PUBLIC_URL: PUBLIC } });
  try {
    school2.admin("staff", "add", TEACHER, "--role", "teacher", "--name", "Ms Lewis", "--password-stdin", { input: `${PASSWORD}\n` });
    const seeded = seedClass(school2, { name: "Owls", band: "ks2", teacherEmail: TEACHER, pupils: [["Cara", "D"]] });
    const { page } = await staffSignIn(browser, school2, TEACHER, PASSWORD, { viewport: LAPTOP });
    await page.goto(`/staff/classes/${seeded.classId}/letters`);
    const made = page.waitForResponse((r) => r.url().endsWith("/parent-letters"));
    await page.getByTestId("make-letters").click();
    const data = await (await made).json();
    const letter = page.getByTestId("letter").first();
    await letter.waitFor();
    const code = await letter.getByTestId("letter-code").textContent();
    const link = `${PUBLIC}/parents#code=${code}`;
    // The server gave the letter the public address, whatever address this laptop used.
    assert.equal(data.address, `${PUBLIC}/parents`);
    assert.equal(data.letters[0].link, link);
    assert.equal(await letter.getByTestId("letter-link").textContent(), link);
    assert.ok(!(await letter.textContent()).includes("127.0.0.1"), "no laptop address on the letter");
    // The QR code is the server's drawing of that link, in the page (no image from elsewhere).
    const drawn = await letter.getByTestId("letter-qr").locator("svg path").getAttribute("d");
    assert.ok(drawn.length > 100, "the QR code is drawn in the page");
    assert.equal(drawn, data.letters[0].qr_svg.match(/ d="([^"]+)"/)[1]);
    assert.deepEqual(foreignRequests(page, school2), []);
    // What to do when neither opens.
    assert.match(await letter.textContent(), /If the link or QR code doesn't open, type http:\/\/kite\.school\.example\/parents into your browser, then type this code/);
    assert.match(await letter.textContent(), /ask the school office/);
    // On A4, as it is printed.
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: "print" });
    await screenshot(page, "parents-letter-a4-print");
    const box = await letter.getByTestId("letter-qr").boundingBox();
    assert.ok(box.width >= 100 && box.height >= 100, `the QR code is big enough to scan: ${JSON.stringify(box)}`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    await school2.stop();
    school2.cleanup();
  }
});

test("the DSL reads the parent's concern in the inbox, with the parent's and child's names", async () => {
  const page = await signIn(DSL);
  await page.getByTestId("inbox-row").getByRole("link", { name: "A parent's concern" }).click();
  await page.getByTestId("parent-concern").waitFor();
  assert.equal(await page.getByTestId("concern-parent").textContent(), "Sara B");
  assert.equal(await page.getByTestId("concern-child").textContent(), "Amira B., Hedgehogs");
  assert.match(await page.getByTestId("report-words").textContent(), /keeps asking where she lives/);
  await screenshot(page, "parents-dsl-concern");
  assert.deepEqual(page.errors.filter((e) => !e.includes("status of 401")), []);
  await page.context().close();
});
