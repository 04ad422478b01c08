// The DSL's side in real Chromium against a real server: an admin makes an enrolment code, a
// kiosk is enrolled with it, a pupil's report reaches the DSL's inbox, the DSL triages, records
// an action and closes it; a teacher can't open it; "hide screen" blanks the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { deflateSync } from "node:zlib";
import {
  startServer, launch, openPage, appReady, screenshot, foreignRequests, staffSignIn, TABLET, followStaffLink,
  until,
} from "./harness.mjs";

const LAPTOP = { width: 1366, height: 768 };
const PASSWORD = "correct horse battery staple";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
  for (const [email, role, name] of [
    ["admin@school.example", "admin", "Mr Patel"],
    ["dsl@school.example", "dsl", "Mrs Khan"],
    ["teacher@school.example", "teacher", "Ms Lewis"],
  ]) {
    server.admin("staff", "add", email, "--role", role, "--name", name, "--password-stdin", { input: `${PASSWORD}\n` });
  }
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

const signIn = (email, viewport = LAPTOP) => staffSignIn(browser, server, email, PASSWORD, { viewport });

async function kioskWithCode(code, name) {
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url, hasTouch: true });
  const page = await openPage(browser, server, { context });
  await page.goto("/setup");
  await appReady(page);
  await page.fill("#token", code);
  await page.fill("#tablet-name", name);
  await page.click("button[type=submit]");
  await page.waitForSelector("[data-testid=enrolled]");
  return { context, page };
}

/** A small solid-colour PNG, made here (no files needed). */
function png(size = 96, [r, g, b] = [91, 58, 166]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => { let c = 0xffffffff; for (const x of buf) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 2;
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat())]);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

const tap = (page, name) => page.getByRole("button", { name, exact: true }).click();

async function tell(page, { what, where, feel, words }) {
  await page.goto("/tell");
  await appReady(page);
  await tap(page, what);
  await tap(page, where);
  await tap(page, feel);
  await tap(page, "Any grown-up");
  if (words) {
    await tap(page, "Add words or a drawing");
    await page.fill("#words", words);
    await tap(page, "Done");
  }
  await page.getByTestId("send").click();
  await page.getByText("Sent to school").waitFor();
}

let admin, kiosk, reportUrl;

test("an admin makes an enrolment code and a kiosk is enrolled with it", async () => {
  admin = await signIn("admin@school.example");
  await admin.page.getByRole("heading", { name: "Tablets" }).waitFor();
  // The list comes from the server after the heading: wait for it, as a person would.
  await admin.page.getByText("No tablets yet").waitFor();
  await admin.page.getByTestId("new-code").click();
  const code = (await admin.page.getByTestId("enrolment-code").innerText()).trim();
  assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await screenshot(admin.page, "staff-admin-code");

  kiosk = await kioskWithCode(code, "Year 4 tablet");
  assert.match(await kiosk.page.getByTestId("enrolled").innerText(), /Year 4 tablet/);

  // The same code again is refused, clearly.
  const other = await browser.newContext({ viewport: TABLET, baseURL: server.url });
  const p2 = await openPage(browser, server, { context: other });
  await p2.goto("/setup");
  await appReady(p2);
  await p2.fill("#token", code);
  await p2.fill("#tablet-name", "Another tablet");
  await p2.click("button[type=submit]");
  // The server's words, as a sentence (a capital first, a full stop last).
  assert.match(await p2.getByTestId("enrol-message").innerText(), /^That enrolment code has already been used; ask the admin for a new one\.$/);
  await screenshot(p2, "staff-setup-code-used");
  await other.close();

  await admin.page.reload();
  await admin.page.getByTestId("device-row").filter({ hasText: "Year 4 tablet" }).waitFor();
  await screenshot(admin.page, "staff-admin-tablets");

  // The school profile: a trusted adult for the tablets, a local contact for the DSL.
  await followStaffLink(admin.page, "School profile");
  await admin.page.getByLabel("School name").fill("Oak Hill Primary");
  await admin.page.getByRole("button", { name: "Add a trusted adult" }).click();
  await admin.page.getByLabel("Name", { exact: true }).fill("Mrs Khan");
  await admin.page.getByLabel("Role", { exact: true }).fill("Safeguarding lead");
  const photoField = admin.page.getByTestId("adult-photo");
  await photoField.getByText("No photo").waitFor();
  await admin.page.getByLabel("Upload a photo").setInputFiles({ name: "blank.png", mimeType: "image/png", buffer: png(96, [200, 200, 200]) });
  await admin.page.locator("img.adult-photo-preview").waitFor();
  // The photo itself, never its address in a box; it can be taken off, or replaced.
  const values = await admin.page.locator("main input").evaluateAll((els) => els.map((e) => e.value));
  assert.ok(!values.some((v) => v.includes("/api/")), `no photo address in a field: ${values}`);
  await photoField.getByRole("button", { name: "Remove the photo" }).click();
  await photoField.getByText("No photo").waitFor();
  assert.equal(await admin.page.locator("img.adult-photo-preview").count(), 0);
  await admin.page.getByLabel("Upload a photo").setInputFiles({ name: "khan.png", mimeType: "image/png", buffer: png() });
  await photoField.getByLabel("Replace the photo").waitFor();
  await admin.page.locator("img.adult-photo-preview").waitFor();
  await admin.page.getByRole("button", { name: "Add a contact" }).click();
  await admin.page.getByLabel("Who", { exact: true }).fill("LADO");
  await admin.page.getByLabel("Phone, email or web address").fill("01632 960 000");
  await admin.page.getByRole("button", { name: "Save profile" }).click();
  await admin.page.getByText("Saved.").waitFor();
  await screenshot(admin.page, "staff-admin-school");
  await kiosk.page.reload();
  await kiosk.page.getByTestId("enrolled").filter({ hasText: "Oak Hill Primary" }).waitFor();
  // The pupil sees the trusted adult with their photo (served by the school server).
  await kiosk.page.goto("/tell");
  await appReady(kiosk.page);
  await tap(kiosk.page, "Someone was unkind to me or a friend");
  await tap(kiosk.page, "In a game");
  await tap(kiosk.page, "Sad");
  const photo = kiosk.page.locator("img.adult-photo").first();
  await photo.waitFor();
  // Fetched with the tablet's token and shown from a blob: the photo's address alone opens nothing.
  assert.match(await photo.getAttribute("src"), /^blob:/);
  await kiosk.page.waitForFunction(() => {
    const img = document.querySelector("img.adult-photo");
    return img && img.complete && img.naturalWidth > 0;
  });
  const photoPath = await admin.page.locator("img.adult-photo-preview").getAttribute("src");
  assert.match(photoPath, /^\/api\/v1\/photos\/\d+$/);
  assert.equal((await fetch(`${server.url}${photoPath}`)).status, 401, "no photo for a stranger");
  // Kept on the tablet, so the report flow shows the face when the tablet is offline.
  await until(kiosk.page, "the photo is kept on the tablet", async (src) => (await caches.match(src)) !== undefined, photoPath);
  await screenshot(kiosk.page, "staff-trusted-adult-photo");
  await kiosk.page.context().setOffline(true);
  await kiosk.page.goto("/tell");
  await appReady(kiosk.page);
  await tap(kiosk.page, "Someone was unkind to me or a friend");
  await tap(kiosk.page, "In a game");
  await tap(kiosk.page, "Sad");
  await kiosk.page.waitForFunction(() => {
    const img = document.querySelector("img.adult-photo");
    return img && img.complete && img.naturalWidth > 0;
  });
  await screenshot(kiosk.page, "staff-trusted-adult-photo-offline");
  await kiosk.page.context().setOffline(false);
  await kiosk.page.goto("/setup");
  await admin.page.getByRole("link", { name: "Tablets" }).click();
  assert.deepEqual(admin.page.errors, []);
});

test("a pupil's report reaches the DSL, who triages, records an action and closes it", async () => {
  await tell(kiosk.page, {
    what: "Someone was unkind to me or a friend", where: "In a game", feel: "Sad",
    words: "Jay keeps saying I can't play and sends mean messages",
  });

  const dsl = await signIn("dsl@school.example");
  await dsl.page.getByTestId("inbox").waitFor();
  await dsl.page.getByTestId("new-count").filter({ hasText: "1 new" }).waitFor();
  const row = dsl.page.getByTestId("inbox-row").first();
  assert.match(await row.innerText(), /Someone was unkind/);
  assert.match(await row.innerText(), /Year 4 tablet/);
  await screenshot(dsl.page, "staff-dsl-inbox-one");
  await row.getByRole("link").click();

  await dsl.page.getByTestId("report-words").waitFor();
  reportUrl = dsl.page.url();
  assert.match(await dsl.page.getByTestId("report-words").innerText(), /mean messages/);
  assert.equal(await dsl.page.getByTestId("report-device").innerText(), "Year 4 tablet");
  assert.equal(await dsl.page.getByTestId("report-status").innerText(), "Seen", "opening marks it seen");
  assert.ok(await dsl.page.getByText("01632 960 000").isVisible(), "local contacts to hand");

  await dsl.page.selectOption("#t-status", "in_progress");
  await dsl.page.selectOption("#t-category", "cyberbullying");
  await dsl.page.getByRole("button", { name: "Save" }).click();
  await dsl.page.getByTestId("report-status").filter({ hasText: "In progress" }).waitFor();

  await dsl.page.selectOption("#a-type", "parents_informed");
  await dsl.page.fill("#a-detail", "Phoned mum after school; she will check the game's chat settings.");
  await dsl.page.getByRole("button", { name: "Record" }).click();
  await dsl.page.getByTestId("chronology").filter({ hasText: "Parents / carers informed" }).waitFor();

  await dsl.page.selectOption("#t-status", "closed");
  await dsl.page.getByRole("button", { name: "Save" }).click();
  assert.match(await dsl.page.getByRole("alert").innerText(), /Choose an outcome/);
  await dsl.page.selectOption("#t-outcome", "resolved");
  await dsl.page.fill("#t-note", "Spoke with both pupils; apology made.");
  await dsl.page.getByRole("button", { name: "Save" }).click();
  assert.match(await dsl.page.getByRole("alert").innerText(), /why you decided/);
  await dsl.page.fill("#t-outcome-reason", "A falling-out between friends, sorted in class.");
  await dsl.page.fill("#t-not-referred", "Below the threshold for a referral.");
  await dsl.page.getByRole("button", { name: "Save" }).click();
  await dsl.page.getByTestId("report-status").filter({ hasText: "Closed" }).waitFor();
  const chronology = await dsl.page.getByTestId("chronology").innerText();
  for (const text of ["Opened: marked seen", "Category: Cyberbullying", "Parents / carers informed", "Closed: Resolved in school", "Mrs Khan"]) {
    assert.ok(chronology.includes(text), `chronology has "${text}":\n${chronology}`);
  }
  await screenshot(dsl.page, "staff-dsl-report-closed");

  // The audit log shows the views and changes, and no report content.
  await followStaffLink(dsl.page, "Audit log");
  await dsl.page.getByTestId("audit").getByText("Opened a report").first().waitFor();
  const audit = await dsl.page.getByTestId("audit").innerText();
  for (const text of ["Opened a report", "Triaged a report", "Recorded an action", "Tablet enrolled"]) {
    assert.ok(audit.includes(text), `audit has "${text}"`);
  }
  assert.ok(!audit.includes("mean messages") && !audit.includes("Phoned mum"));
  await screenshot(dsl.page, "staff-dsl-audit");

  // Hide screen: a neutral page, nothing of the report left on it.
  await dsl.page.goto(reportUrl);
  await dsl.page.getByTestId("report-words").waitFor();
  await dsl.page.getByTestId("hide-screen").click();
  await dsl.page.getByTestId("hidden-screen").waitFor();
  const body = await dsl.page.locator("body").innerText();
  assert.ok(!body.includes("mean messages") && !body.includes("Report"), body);
  await screenshot(dsl.page, "staff-dsl-hidden");
  await dsl.page.keyboard.press("Enter"); // the focused "Show screen" button
  await dsl.page.getByTestId("report-words").waitFor();
  assert.deepEqual(dsl.page.errors, []);
  assert.deepEqual(foreignRequests(dsl.page, server), []);
  await dsl.context.close();
});

test("a teacher who is signed in can't open a report, and is told kindly", async () => {
  const teacher = await signIn("teacher@school.example");
  // Waited for, not read at once: the teacher's home draws after the sign-in answers.
  await teacher.page.getByText("go straight to the school's DSL").waitFor();
  await teacher.page.goto(reportUrl);
  await teacher.page.getByTestId("report-forbidden").waitFor();
  assert.match(await teacher.page.getByTestId("report-forbidden").innerText(), /speak to the DSL in person/);
  assert.equal(await teacher.page.getByText("mean messages").count(), 0);
  await screenshot(teacher.page, "staff-teacher-forbidden");
  // 403 in the console is the expected answer here; nothing else went wrong.
  assert.deepEqual(teacher.page.errors.filter((e) => !e.includes("403")), []);
  await teacher.context.close();
});

test("a signed-out teacher who opens a classes page signs in at /staff and is brought back to it", async () => {
  const context = await browser.newContext({ viewport: LAPTOP, baseURL: server.url });
  const page = await openPage(browser, server, { context });
  await page.goto("/staff/classes?from=letter#top");
  // The records bundle has no sign-in form of its own: it hands over to /staff's, saying where
  // to come back to.
  await page.waitForURL((url) => url.pathname === "/staff"
    && url.searchParams.get("next") === "/staff/classes?from=letter#top");
  await page.getByLabel("Email").fill("teacher@school.example");
  await page.getByLabel("Password").fill(PASSWORD);
  await screenshot(page, "staff-sign-in-for-another-page");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/staff/classes" && url.search === "?from=letter");
  // Their own AUP first if they haven't signed it yet, then the page they asked for.
  // (No classes in this school yet: the page says so.)
  const classes = page.getByTestId("no-classes");
  await page.getByTestId("staff-aup").or(classes).first().waitFor();
  if (await page.getByTestId("staff-aup").isVisible()) {
    await page.getByTestId("staff-aup-name").fill("Ms Lewis");
    await page.getByTestId("staff-aup-sign").click();
  }
  await classes.waitFor();
  await screenshot(page, "staff-back-at-classes");
  // Before signing in, "who am I?" is answered 401 (on both pages), which Chromium logs.
  assert.deepEqual(page.errors.filter((e) => !e.includes("status of 401")), []);
  await context.close();
});

test("an adult who hasn't signed their AUP and opens another bundle's page signs it at /staff and is brought back", async () => {
  server.admin("staff", "add", "office@school.example", "--role", "staff", "--name", "Mr Ahmed",
    "--password-stdin", { input: `${PASSWORD}\n` });
  const context = await browser.newContext({ viewport: LAPTOP, baseURL: server.url });
  const page = await openPage(browser, server, { context });
  await page.goto("/staff/concern?pupil=Ava#form");
  await page.waitForURL((url) => url.pathname === "/staff");
  await page.getByLabel("Email").fill("office@school.example");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Signed in, they are sent back to the concern page, whose bundle carries no agreement: it
  // asks only whether one is due, and hands over to /staff, which asks for it, with nothing of
  // the concern form shown meanwhile.
  await page.getByTestId("staff-aup").waitFor();
  const asked = new URL(page.url());
  assert.equal(asked.pathname, "/staff");
  assert.equal(asked.searchParams.get("next"), "/staff/concern?pupil=Ava#form");
  assert.equal(await page.getByTestId("concern-form").count(), 0);
  await screenshot(page, "staff-aup-before-another-page");
  await page.getByTestId("staff-aup-name").fill("Imran Ahmed");
  await page.getByTestId("staff-aup-sign").click();
  // Signed: back to the page they opened, which now shows.
  await page.waitForURL((url) => url.pathname === "/staff/concern" && url.search === "?pupil=Ava");
  await page.getByTestId("concern-form").waitFor();
  assert.equal(await page.getByTestId("staff-aup").count(), 0);
  await screenshot(page, "staff-aup-signed-back-at-concern");
  // Opened again, the page shows straight away: nothing left to sign.
  await page.goto("/staff/concern");
  await page.getByTestId("concern-form").waitFor();
  assert.equal(new URL(page.url()).pathname, "/staff/concern");
  // Before signing in, "who am I?" is answered 401, which Chromium logs.
  assert.deepEqual(page.errors.filter((e) => !e.includes("status of 401")), []);
  await context.close();
});

test("Monday morning: a dozen reports, urgent first, as the DSL sees them", async () => {
  const second = await (async () => {
    await admin.page.getByTestId("new-code").click();
    const code = (await admin.page.getByTestId("enrolment-code").innerText()).trim();
    return kioskWithCode(code, "Year 1 tablet");
  })();
  const reports = [
    [kiosk, { what: "Someone wants to meet me", where: "In messages or a chat", feel: "Worried" }],
    [second, { what: "I saw something that upset me", where: "In a video", feel: "Scared" }],
    [kiosk, { what: "Someone asked for a photo or my details", where: "In a game", feel: "Mixed up" }],
    [second, { what: "Someone was unkind to me or a friend", where: "At home", feel: "Sad", words: "my brother's friends laughed at my video" }],
    [kiosk, { what: "Someone I don't know talked to me", where: "In a game", feel: "Worried" }],
    [second, { what: "Something else", where: "Somewhere else", feel: "OK" }],
    [kiosk, { what: "Someone was unkind to me or a friend", where: "In messages or a chat", feel: "Cross" }],
    [second, { what: "I saw something that upset me", where: "On a website", feel: "Sad" }],
    [kiosk, { what: "Someone I don't know talked to me", where: "In messages or a chat", feel: "Scared" }],
    [second, { what: "Something else", where: "At home", feel: "Mixed up" }],
    [kiosk, { what: "Someone was unkind to me or a friend", where: "In a game", feel: "Sad" }],
  ];
  for (const [tablet, r] of reports) await tell(tablet.page, r);

  const dsl = await signIn("dsl@school.example");
  await dsl.page.getByTestId("inbox").waitFor();
  await dsl.page.getByTestId("new-count").filter({ hasText: "11 new (2 urgent)" }).waitFor();
  const rows = dsl.page.getByTestId("inbox-row");
  assert.equal(await rows.count(), 11, "the closed one is not in the open inbox");
  assert.match(await rows.nth(0).innerText(), /Urgent/);
  assert.match(await rows.nth(1).innerText(), /Urgent/);
  assert.doesNotMatch(await rows.nth(2).innerText(), /Urgent/);
  await screenshot(dsl.page, "staff-dsl-inbox-monday");

  await dsl.page.selectOption("#f-status", "all");
  await rows.nth(11).waitFor();
  assert.equal(await rows.count(), 12);
  await dsl.page.selectOption("#f-urgency", "urgent");
  await dsl.page.waitForFunction(() => document.querySelectorAll("[data-testid=inbox-row]").length === 2);
  await dsl.page.selectOption("#f-urgency", "");
  await dsl.page.selectOption("#f-category", "cyberbullying");
  await dsl.page.waitForFunction(() => document.querySelectorAll("[data-testid=inbox-row]").length === 1);
  assert.deepEqual(dsl.page.errors, []);
  await dsl.context.close();
  await second.context.close();
  await kiosk.context.close();
});

test("an admin adds a staff account and revokes a tablet, which then asks to be re-enrolled", async () => {
  await admin.page.getByRole("link", { name: "Staff accounts" }).click();
  await admin.page.getByTestId("accounts").getByText("dsl@school.example").waitFor();
  // DSL accounts are the DSL's: the admin is told so, and offered neither the role nor changes.
  await admin.page.getByTestId("dsl-accounts-note").filter({ hasText: "Only a DSL can add or change a DSL account" }).waitFor();
  const dslRow = admin.page.getByTestId("accounts").locator("tr").filter({ hasText: "dsl@school.example" });
  await dslRow.getByText("Only a DSL can add or change a DSL account").waitFor();
  assert.equal(await dslRow.getByRole("button", { name: "Disable" }).count(), 0);
  assert.equal(await admin.page.locator("#new-role option[value=dsl]").count(), 0);
  await admin.page.getByLabel("Email").fill("ta@school.example");
  await admin.page.getByLabel("Name (shown in report chronologies)").fill("Mr Obi");
  await admin.page.selectOption("#new-role", "staff");
  await admin.page.getByLabel("First password").fill("a long first password");
  await admin.page.getByRole("button", { name: "Add account" }).click();
  await admin.page.getByTestId("accounts").getByText("ta@school.example").waitFor();
  await screenshot(admin.page, "staff-admin-accounts");

  await admin.page.getByRole("link", { name: "Tablets" }).click();
  await admin.page.getByTestId("new-code").click();
  const code = (await admin.page.getByTestId("enrolment-code").innerText()).trim();
  const spare = await kioskWithCode(code, "Spare tablet");
  await admin.page.reload();
  const row = admin.page.getByTestId("device-row").filter({ hasText: "Spare tablet" });
  await row.getByRole("button", { name: "Revoke" }).click();
  await row.getByRole("button", { name: "Yes, revoke" }).click();
  await row.filter({ hasText: "Revoked" }).waitFor();
  // A report made on it now stays on it, and the tablet asks to be connected again.
  await spare.page.goto("/tell");
  await appReady(spare.page);
  await tap(spare.page, "Someone was unkind to me or a friend");
  await tap(spare.page, "In a game");
  await tap(spare.page, "Sad");
  await tap(spare.page, "Any grown-up");
  await spare.page.getByTestId("send").click();
  await spare.page.getByTestId("thanks").waitFor();
  await spare.page.goto("/setup");
  await appReady(spare.page);
  await spare.page.getByTestId("needs-enrolment").waitFor();
  await spare.page.getByTestId("outbox-waiting").filter({ hasText: "1" }).waitFor();
  await screenshot(spare.page, "staff-revoked-tablet");
  assert.deepEqual(admin.page.errors, []);
  await spare.context.close();
  await admin.context.close();
});

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) from a base32 secret, as an authenticator app makes it. */
function totp(secret, atMs = Date.now()) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30_000)));
  const h = createHmac("sha1", key).update(counter).digest();
  const o = h[19] & 0xf;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

test("a new DSL's first sign-in walks them through two-step: a QR code, a code, recovery codes", async () => {
  server.admin("staff", "add", "newdsl@school.example", "--role", "dsl", "--name", "Ms Adebayo",
    "--password-stdin", { input: `${PASSWORD}\n` });
  const context = await browser.newContext({ viewport: LAPTOP, baseURL: server.url });
  const page = await openPage(browser, server, { context });
  await page.goto("/staff");
  await page.getByLabel("Email").fill("newdsl@school.example");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // The password is right, but nothing else is open until two-step is on.
  await page.getByRole("heading", { name: "Set up two-step sign-in" }).waitFor();
  assert.equal(await page.getByRole("link", { name: "Inbox" }).count(), 0);
  await page.locator("#two-step-password").fill(PASSWORD);
  await page.getByRole("button", { name: "Set up two-step sign-in" }).click();
  const qr = page.getByTestId("totp-qr").locator("svg");
  await qr.waitFor();
  const box = await qr.boundingBox();
  assert.ok(box.width >= 150 && Math.abs(box.width - box.height) < 2, `a square QR code: ${JSON.stringify(box)}`);
  const shown = await page.getByTestId("totp-secret").innerText();
  assert.match(shown, /^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/, "the key in groups of four");
  const secret = shown.replace(/\s/g, "");
  await screenshot(page, "staff-two-step-first-sign-in-qr");
  await page.getByLabel("The 6-digit code the app shows now").fill(totp(secret, Date.now() - 30_000));
  await page.getByRole("button", { name: "Turn on" }).click();
  await page.getByTestId("recovery-codes").waitFor();
  await page.getByText("Print these recovery codes or write them down").waitFor();
  const codes = await page.locator(".recovery-codes code").allTextContents();
  assert.equal(codes.length, 10);
  for (const c of codes) assert.match(c, /^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
  await screenshot(page, "staff-two-step-recovery-codes");
  await page.getByRole("button", { name: "I've printed or written them down" }).click();
  // Then the DSL's own pages: their AUP first, then the inbox.
  await page.getByTestId("staff-aup-name").fill("Ms Adebayo");
  await page.getByTestId("staff-aup-sign").click();
  await page.getByTestId("inbox").waitFor();
  await page.getByRole("button", { name: "Sign out" }).click();

  // Next time: a code from the app, or (a lost phone) a recovery code, once.
  await page.getByLabel("Email").fill("newdsl@school.example");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByLabel(/Two-step code/).waitFor();
  assert.match(await page.getByTestId("login-error").innerText(), /6-digit code/);
  await page.getByLabel(/Two-step code/).fill(codes[0]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("inbox").waitFor();
  // It can't be turned off: a DSL's account must use it.
  await followStaffLink(page, "Your sign-in");
  await page.getByTestId("two-step").filter({ hasText: "On: signing in needs" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Turn off two-step sign-in" }).count(), 0);
  await screenshot(page, "staff-two-step-on");
  assert.deepEqual(page.errors.filter((e) => !e.includes("status of 401")), []);
  assert.deepEqual(foreignRequests(page, server), [], "the QR code comes from Kite's own server");
  await context.close();
});

test("only a DSL can require two-step sign-in for teachers, and a teacher's next sign-in then sets it up", async () => {
  server.admin("staff", "add", "newteacher@school.example", "--role", "teacher", "--name", "Mr Osei",
    "--password-stdin", { input: `${PASSWORD}\n` });
  const label = "Teachers and other staff must use two-step sign-in";
  const admin = await signIn("admin@school.example");
  await admin.page.goto("/staff/school");
  const adminBox = admin.page.getByLabel(label, { exact: false });
  await adminBox.waitFor();
  assert.equal(await adminBox.isDisabled(), true, "an admin can't change it");
  await admin.page.getByText("Only a DSL can change this.").waitFor();
  await screenshot(admin.page, "staff-admin-two-step-dsl-only");

  const dsl = await signIn("dsl@school.example");
  await dsl.page.goto("/staff/school");
  const box = dsl.page.getByLabel(label, { exact: false });
  await box.waitFor();
  assert.equal(await box.isChecked(), false, "off by default");
  await box.check();
  await dsl.page.getByRole("button", { name: "Save profile" }).click();
  await dsl.page.getByText("Saved", { exact: false }).first().waitFor();
  await screenshot(dsl.page, "staff-dsl-require-two-step");

  const teacher = await signIn("newteacher@school.example");
  await teacher.page.getByRole("link", { name: "Your sign-in" }).click();
  await teacher.page.getByTestId("two-step").filter({ hasText: "On: signing in needs" }).waitFor();

  await box.uncheck();
  await dsl.page.getByRole("button", { name: "Save profile" }).click();
  await dsl.page.getByText("Saved", { exact: false }).first().waitFor();
  await admin.context.close();
  await dsl.context.close();
  await teacher.context.close();
});
