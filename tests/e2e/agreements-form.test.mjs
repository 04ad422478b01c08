// Writing a new version of the pupil AUP in the form, as the admin on a 1366×768 laptop: what is
// wrong is said beside its field and nothing typed is lost; a new KS2 statement with its picture
// is previewed as the tablet shows it, published, and a KS2 pupil reads it on the kiosk and
// signs. Then each agreement prints as a classroom poster on one A4 or A3 page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, launch, openPage, enrolTablet, addDevice, seedClass, screenshot, staffSignIn, apiSignIn, TABLET, PHONE,
} from "./harness.mjs";

const PASSWORD = "correct horse battery staple";
const LAPTOP = { width: 1366, height: 768 };
const NEW_TEXT = "I only open messages from people I know.";
const NEW_ALOUD = "I only open messages from people I know. If a message is from someone I don't know, I show a grown-up.";

let server, browser, admin;

before(async () => {
  server = await startServer();
  browser = await launch();
  server.admin("staff", "add", "head@school.example", "--role", "admin", "--name", "Mrs Adeyemi", "--password-stdin", { input: `${PASSWORD}\n` });
  seedClass(server, { name: "Elm", band: "ks2", pupils: [["Zara", "K"]] });
  admin = await staffSignIn(browser, server, "head@school.example", PASSWORD, { viewport: LAPTOP });
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

/** A PDF's pages and the first page's size in points, read from its page objects. */
function pdfPages(pdf) {
  const text = pdf.toString("latin1");
  const pages = text.match(/\/Type\s*\/Page(?![a-z])/g) ?? [];
  const box = text.match(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/);
  return { count: pages.length, width: Number(box[3]) - Number(box[1]), height: Number(box[4]) - Number(box[2]) };
}

test("an admin writes a new KS2 statement with a picture, previews it, publishes, and a KS2 pupil signs it", async () => {
  const page = admin.page;
  await page.getByRole("link", { name: "Agreements" }).click();
  await page.getByTestId("draft-statement").first().waitFor();
  await page.getByTestId("draft-band-ks2").click();
  const statements = page.getByTestId("draft-statement");
  const before = await statements.count();
  const firstText = statements.first().getByTestId("draft-statement-text");
  const original = await firstText.inputValue();

  // A statement too long, and a new one with its words but no read-aloud words or picture.
  const long = `${original} `.repeat(Math.ceil(301 / (original.length + 1))).slice(0, 301);
  await firstText.fill(long);
  await page.getByTestId("draft-add-statement").click();
  assert.equal(await statements.count(), before + 1);
  const added = statements.last();
  await added.getByTestId("draft-statement-text").fill(NEW_TEXT);
  await page.getByTestId("agreement-check").click();
  await page.getByTestId("agreement-message-check").getByText("3 things to put right first: see the message beside each.").waitFor();
  await statements.first().getByText("This is 301 characters; the most is 300.").waitFor();
  await added.getByText("This is empty: please write it.").waitFor();
  await added.getByText(`KS2 statement ${before + 1} has no picture; choose one.`).waitFor();
  assert.equal(await page.getByTestId("agreement-preview").count(), 0, "nothing to publish yet");
  // The first thing to put right has the focus; nothing typed is lost.
  assert.equal(await page.evaluate(() => document.activeElement?.id), "draft-ks2-0-text");
  assert.equal(await firstText.inputValue(), long);
  assert.equal(await added.getByTestId("draft-statement-text").inputValue(), NEW_TEXT);
  await screenshot(page, "agreements-form-1-problems");

  // Put right: each message goes as its field is fixed.
  await firstText.fill(original);
  await statements.first().getByText("This is 301 characters").waitFor({ state: "detached" });
  await added.getByTestId("draft-statement-read-aloud").fill(NEW_ALOUD);
  await added.getByTestId("draft-picture-messages").check();
  assert.equal(await page.getByTestId("draft-problem").count(), 0);

  // The preview shows it as the tablet will, with the picture chosen.
  await page.getByTestId("agreement-check").click();
  const preview = page.getByTestId("agreement-preview");
  await preview.getByText(`KS2 statement ${before + 1} added`, { exact: false }).waitFor();
  const card = preview.getByTestId("preview-statement").last();
  assert.equal(await card.locator(".question").innerText(), NEW_TEXT);
  assert.equal(await card.locator(".aup-progress").innerText(), `${before + 1} of ${before + 1}`);
  const svg = (locator) => locator.locator("svg").evaluate((e) => e.outerHTML);
  const chosenPicture = await svg(added.locator(".picture-option:has(input:checked) .icon"));
  assert.equal(await svg(card.locator(".aup-picture .icon")), chosenPicture);
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, "agreements-form-2-preview");

  await page.getByLabel("What changed (staff see this)").fill("A new rule about messages from people we don't know.");
  await page.getByTestId("agreement-publish").click();
  await page.getByTestId("agreement-message-check").getByText("Pupil Acceptable Use Policy version 2 published.").waitFor();

  // On the kiosk, a KS2 pupil reads the new statement, with its picture, and signs.
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url, hasTouch: true });
  const kiosk = await openPage(browser, server, { context });
  await enrolTablet(kiosk, addDevice(server, "Elm tablet"));
  await kiosk.goto("/aup");
  await kiosk.getByTestId("aup-class").filter({ hasText: "Elm" }).tap();
  await kiosk.locator('[data-testid=aup-name][data-name="Zara"]').tap();
  for (let i = 0; i < before; i++) {
    await kiosk.getByTestId("aup-statement").waitFor();
    await kiosk.getByTestId("aup-agree").tap();
  }
  const statement = kiosk.getByTestId("aup-statement");
  await statement.getByText(NEW_TEXT).waitFor();
  assert.equal(await statement.locator(".aup-progress").innerText(), `${before + 1} of ${before + 1}`);
  assert.equal(await svg(statement.locator(".aup-picture .icon")), chosenPicture);
  await screenshot(kiosk, "agreements-form-3-kiosk");
  await kiosk.getByTestId("aup-agree").tap();
  await kiosk.getByTestId("aup-initials").fill("ZK");
  await kiosk.getByTestId("aup-sign").tap();
  await kiosk.getByTestId("aup-thanks").waitFor();
  assert.deepEqual(kiosk.errors, []);
  await context.close();
  // The refusals the form answered (none reached the server) leave no failed requests.
  assert.deepEqual(page.errors, []);
});

test("the form fits a phone", async () => {
  const phone = await staffSignIn(browser, server, "head@school.example", PASSWORD, { viewport: PHONE });
  await phone.page.goto("/staff/agreements");
  await phone.page.getByTestId("draft-statement").first().waitFor();
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await phone.page.getByTestId("draft-statement").first().scrollIntoViewIfNeeded();
  await phone.page.screenshot({ path: "tests/artifacts/screenshots/agreements-form-4-phone.png" });
  await phone.context.close();
});

test("each agreement prints as a one-page poster, A4 or A3", async () => {
  const page = admin.page;
  const { cookie, csrf } = await apiSignIn(server, "head@school.example", PASSWORD);
  const school = await (await fetch(`${server.url}/api/v1/staff/school`, { headers: { cookie, "x-csrf-token": csrf } })).json();

  await page.goto("/staff/agreements");
  await page.getByTestId("poster-pupil-ks2-a4").click();
  const poster = page.getByTestId("agreement-poster");
  await poster.waitFor();
  assert.equal(await poster.locator(".poster-school").innerText(), school.name);
  await poster.getByText(NEW_TEXT).waitFor();
  await poster.getByText("Tell a trusted adult").waitFor();
  await poster.getByText(/Childline free on 0800 1111/).waitFor();
  assert.equal(await poster.locator(".poster-statement .aup-picture svg").count(), await poster.locator(".poster-statement").count());
  await screenshot(page, "agreements-poster-1-screen");

  const sizes = { a4: [595, 842], a3: [842, 1191] };
  for (const [query, size, name] of [
    ["kind=pupil&band=ks2&size=a4", "a4", "ks2-a4"],
    ["kind=pupil&band=eyfs&size=a3", "a3", "eyfs-a3"],
    ["kind=staff&size=a4", "a4", "staff-a4"],
  ]) {
    await page.goto(`/staff/agreements/poster?${query}`);
    await poster.waitFor();
    const pdf = pdfPages(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    assert.equal(pdf.count, 1, `${name}: one page`);
    assert.ok(Math.abs(pdf.width - sizes[size][0]) < 3 && Math.abs(pdf.height - sizes[size][1]) < 3,
      `${name}: ${pdf.width}×${pdf.height} points`);
    // The printed page, seen as the printer will draw it (96 px to the inch).
    const [w, h] = sizes[size].map((pt) => Math.round((pt * 96) / 72));
    await page.setViewportSize({ width: w, height: h });
    await page.emulateMedia({ media: "print" });
    // The type is chosen to fit: nothing is cut off at the foot of the page.
    const cut = await poster.evaluate((el) => el.scrollHeight - el.clientHeight);
    assert.ok(cut <= 1, `${name}: ${cut}px of the poster does not fit`);
    // And it is as large as fits: a point larger spills, unless it is already the largest type
    // (40 points on A4, as much larger on A3 as the page is wider).
    const { pt, spills } = await poster.evaluate((el) => {
      const px = parseFloat(getComputedStyle(el).fontSize);
      el.style.fontSize = `${px + 4 / 3}px`;
      const spills = el.scrollHeight > el.clientHeight;
      el.style.fontSize = "";
      el.style.fontSize = `${px}px`;
      return { pt: (px * 72) / 96, spills };
    });
    const largest = size === "a4" ? 40 : (40 * 773) / 527;
    assert.ok(spills || pt >= largest - 0.6, `${name}: ${pt}pt type leaves room for larger`);
    await page.screenshot({ path: `tests/artifacts/screenshots/agreements-poster-${name}-print.png` });
    await page.emulateMedia({ media: null });
    await page.setViewportSize(LAPTOP);
  }
  assert.deepEqual(page.errors, []);
});
