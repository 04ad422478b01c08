// Pictures for a child who can't read yet, in real Chromium against a real server: every answer
// on every step of telling has a picture of its own (no two alike on one step), Send has one,
// trusted adults without photos are told apart by their colour and initials, and the home page
// reads itself aloud from its speaker button.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, addDevice, launch, openPage, appReady, enrolTablet, screenshot, recordSpeech,
  apiSignIn, TABLET,
} from "./harness.mjs";

const PASSWORD = "correct horse battery staple";
let server, browser;

before(async () => {
  server = await startServer();
  browser = await launch();
  server.admin("staff", "add", "admin@school.example", "--role", "admin", "--name", "Mr Patel", "--password-stdin", { input: `${PASSWORD}\n` });
  const { cookie, csrf } = await apiSignIn(server, "admin@school.example", PASSWORD);
  const headers = { cookie, "x-csrf-token": csrf, "content-type": "application/json" };
  const school = await (await fetch(`${server.url}/api/v1/staff/school`, { headers })).json();
  school.trusted_adults = [
    { id: "", name: "Mrs Khan", role: "Class teacher", photo: null },
    { id: "", name: "Mr Obi", role: "Headteacher", photo: null },
    { id: "", name: "Ms Lewis", role: "Teaching assistant", photo: null },
  ];
  const saved = await fetch(`${server.url}/api/v1/staff/school`, { method: "PUT", headers, body: JSON.stringify(school) });
  assert.equal(saved.status, 200, await saved.text());
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

const tap = (page, name) => page.getByRole("button", { name, exact: typeof name === "string" }).click();

/** Each answer's label and the markup of its picture, on the step on screen. */
const answerPictures = (page) => page.locator(".choices .choice").evaluateAll((buttons) =>
  buttons.map((b) => ({
    label: b.querySelector("span:not(.icon):not(.chosen-tick)")?.innerText ?? "",
    picture: [...b.querySelectorAll(".icon, img")].filter((p) => !p.closest(".chosen-tick"))
      .map((p) => p.outerHTML).join(""),
  })));

function assertAllDifferent(step, answers) {
  assert.ok(answers.length >= 2, `${step}: answers on screen`);
  for (const a of answers) assert.ok(a.picture.includes("<svg") || a.picture.includes("<img"), `${step}: "${a.label}" has a picture`);
  for (let i = 0; i < answers.length; i++) {
    for (let j = i + 1; j < answers.length; j++) {
      assert.notEqual(answers[i].picture, answers[j].picture,
        `${step}: "${answers[i].label}" and "${answers[j].label}" have the same picture`);
    }
  }
}

test("every answer on every step of telling has its own picture, and Send has one too", async () => {
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url, hasTouch: true });
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server));
  await page.goto("/tell");
  await appReady(page);
  const steps = [
    ["what", "Someone was unkind to me or a friend"],
    ["where", "In a game"],
    ["feel", "Sad"],
    ["who", /^Mrs Khan/],
  ];
  for (const [step, answer] of steps) {
    await page.locator(".choices .choice").first().waitFor();
    assertAllDifferent(step, await answerPictures(page));
    await screenshot(page, `pictures-tell-${step}`);
    await tap(page, answer);
  }
  await page.getByTestId("send").waitFor();
  assertAllDifferent("send", await answerPictures(page));
  assert.equal(await page.getByTestId("send").locator(".icon svg").count(), 1, "Send has a picture");
  await screenshot(page, "pictures-tell-send");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("trusted adults without photos each have their own colour and initials", async () => {
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url, hasTouch: true });
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server));
  await page.goto("/tell");
  await appReady(page);
  for (const answer of ["Someone was unkind to me or a friend", "In a game", "Sad"]) await tap(page, answer);
  await page.getByRole("button", { name: /Mrs Khan/ }).waitFor();
  const initials = await page.locator("[data-picture=initials]").evaluateAll((pictures) =>
    pictures.map((p) => p.textContent.trim()));
  assert.deepEqual(initials, ["K", "O", "L"], "initials from the names, titles left out");
  await screenshot(page, "pictures-tell-who-initials");
  await context.close();
});

test("the home page reads itself aloud when it opens, and again from its speaker button", async () => {
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url, hasTouch: true });
  await recordSpeech(context, { voices: ["en-GB"] }); // a tablet with an English voice installed
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server));
  await page.goto("/");
  await appReady(page);
  // A tablet reads each page aloud by itself unless the school turned it off.
  await page.waitForFunction(() => window.__spoken.length > 0, null, { timeout: 5000 });
  assert.deepEqual(await page.evaluate(() => window.__spoken),
    ["Hello! What would you like to do? Learn. Tell a trusted adult. Our rules."]);
  await page.evaluate(() => { window.__spoken = []; });
  await page.getByRole("button", { name: "Read this to me" }).click();
  assert.deepEqual(await page.evaluate(() => window.__spoken),
    ["Hello! What would you like to do? Learn. Tell a trusted adult. Our rules."]);
  await screenshot(page, "pictures-home");
  await context.close();
});
