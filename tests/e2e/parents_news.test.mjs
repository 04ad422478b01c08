// The school's own news for parents, in real Chromium against a real server: an admin writes a
// news item for Year 3 with a picture (a file that isn't a picture is refused beside its field),
// checks the preview and posts it. A Year 3 parent opens their letter on a phone and reads it,
// picture and all (axe clean); a Year 1 parent's page doesn't have it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { crc32, deflateSync } from "node:zlib";
import { join } from "node:path";
import { startServer, launch, openPage, screenshot, staffSignIn, seedClass, PHONE, SCREENSHOTS } from "./harness.mjs";
import { axeViolations } from "./a11y-helpers.mjs";

const PASSWORD = "correct horse battery staple";
const ADMIN = "admin@school.example";
const TITLE = "Year 3's trip to the science museum";

let server, browser, kestrels, robins;
before(async () => {
  server = await startServer();
  browser = await launch();
  server.admin("staff", "add", ADMIN, "--role", "admin", "--name", "Mr Patel", "--password-stdin", { input: `${PASSWORD}\n` });
  kestrels = seedClass(server, { name: "Kestrels", band: "ks2", year: "Year 3", pupils: [["Maya", "R"]] });
  robins = seedClass(server, { name: "Robins", band: "ks1", year: "Year 1", pupils: [["Leo", "T"]] });
  server.seed("agreements");
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

/** A small picture made here: sky over a green field. */
function picture(width = 240, height = 160) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = 2;
  const rows = Array.from({ length: height }, (_, y) => {
    const colour = y < height * 0.6 ? [135, 190, 235] : [70, 150, 80];
    return Buffer.from([0, ...Array.from({ length: width }, () => colour).flat()]);
  });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.concat(rows))), chunk("IEND", Buffer.alloc(0))]);
}

/** The links on a class's letters: { firstName: link }. */
async function letters(page, classId) {
  await page.goto(`/staff/classes/${classId}/letters`);
  await page.getByTestId("make-letters").click();
  await page.getByTestId("letter").first().waitFor();
  const found = await page.getByTestId("letter").evaluateAll((els) => els.map((el) => [
    el.querySelector("h2").textContent.match(/carer of (\w+)/)[1],
    el.querySelector("[data-testid=letter-link]").textContent,
  ]));
  return Object.fromEntries(found);
}

let links;
test("an admin writes news for Year 3 with a picture, sees the preview and posts it", async () => {
  const { page } = await staffSignIn(browser, server, ADMIN, PASSWORD);
  links = { ...(await letters(page, kestrels.classId)), ...(await letters(page, robins.classId)) };
  await page.goto("/staff/parents-news");
  await page.getByRole("heading", { name: "News and guides for parents" }).waitFor();

  // Posting with nothing written: each problem beside its field, nothing sent.
  await page.getByTestId("post-submit").click();
  assert.match(await page.locator("#post-title-problem").textContent(), /Give it a title/);
  assert.match(await page.locator("#post-text-problem").textContent(), /what parents should read/);

  await page.getByTestId("post-title").fill(TITLE);
  await page.getByTestId("post-text").fill("On Thursday Year 3 went to the science museum.\n\nAsk your child what they found out about rockets.");
  // A file that isn't a picture: refused, and said beside the picture's field.
  await page.getByTestId("post-picture").setInputFiles({ name: "letter.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 a letter") });
  await page.locator("#post-picture-problem").waitFor();
  assert.match(await page.locator("#post-picture-problem").textContent(), /PNG, JPEG or WebP/);
  await page.getByTestId("post-picture").setInputFiles({ name: "museum.png", mimeType: "image/png", buffer: picture() });
  await page.getByTestId("post-picture-alt").waitFor();
  assert.equal(await page.locator("#post-picture-problem").count(), 0);
  // A picture needs its description.
  await page.getByTestId("post-submit").click();
  assert.match(await page.locator("#post-picture-alt-problem").textContent(), /what the picture shows/);
  await page.getByTestId("post-picture-alt").fill("Children looking up at a rocket");
  await page.getByTestId("post-year-y3").check();
  assert.equal(await page.locator("#post-chosen-years").isChecked(), true);

  const preview = page.getByTestId("post-preview");
  assert.equal(await preview.locator("h3").textContent(), TITLE);
  assert.equal(await preview.locator(".school-post-text p").count(), 2);
  const img = preview.locator("img.school-post-picture");
  await img.waitFor();
  assert.equal(await img.getAttribute("alt"), "Children looking up at a rocket");
  await page.waitForFunction(() => document.querySelector("[data-testid=post-preview] img")?.naturalWidth === 240);
  await screenshot(page, "parents-news-staff-preview");

  await page.getByTestId("post-submit").click();
  await page.getByTestId("post-message").filter({ hasText: "Posted" }).waitFor();
  assert.match(await page.getByTestId("post-message").textContent(), /Shown to: Families in Year 3, from/);
  const row = page.getByTestId("school-post-row").filter({ hasText: TITLE });
  await row.waitFor();
  assert.match(await row.textContent(), /News · Families in Year 3/);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "parents-news-staff-posted");
  // The one error the browser logged is the refused file's answer.
  assert.deepEqual(page.errors, ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
  await page.context().close();
});

async function parentOnPhone(link) {
  const context = await browser.newContext({ viewport: PHONE, baseURL: server.url, hasTouch: true, isMobile: true });
  const page = await openPage(browser, server, { context });
  const news = page.waitForResponse((r) => r.url().includes("/api/v1/parents/news"));
  await page.goto(link);
  await page.getByTestId("aup-statements").waitFor();
  assert.equal((await news).status(), 200);
  return { context, page };
}

test("a Year 3 parent reads it on their phone; a Year 1 parent's page doesn't have it", async () => {
  assert.ok(links?.Maya && links?.Leo, "letters were made");
  const { context, page } = await parentOnPhone(links.Maya);
  const item = page.getByTestId("school-news").getByTestId("school-news-item");
  await item.waitFor();
  assert.equal(await item.locator("h3").textContent(), TITLE);
  assert.equal(await item.locator("h3").getAttribute("lang"), "en");
  assert.equal(await item.locator("h3").getAttribute("dir"), "auto");
  assert.match(await item.locator(".school-post-date").textContent(), /^Published \d+ \w{3} \d{4}$/);
  await page.waitForFunction(() => document.querySelector("[data-testid=school-news-item] img")?.naturalWidth === 240);
  assert.equal(await item.locator("img").getAttribute("alt"), "Children looking up at a rocket");
  await item.scrollIntoViewIfNeeded();
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "parents-news-phone-year-3");
  await page.getByTestId("school-news").screenshot({ path: join(SCREENSHOTS, "parents-news-phone-year-3-news.png") });
  assert.deepEqual(page.errors, []);
  await context.close();

  const year1 = await parentOnPhone(links.Leo);
  await year1.page.getByTestId("corner-empty").or(year1.page.getByTestId("corner-lessons")).waitFor();
  assert.equal(await year1.page.getByTestId("school-news").count(), 0);
  assert.equal(await year1.page.getByText(TITLE).count(), 0);
  assert.deepEqual(year1.page.errors, []);
  await year1.context.close();
});
