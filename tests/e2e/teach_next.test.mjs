// What reports ask to be taught, on the teacher's presenter home on a 1920×1080 whiteboard, in
// real Chromium against a real server: after three KS2 reports about unkindness in group chats,
// a KS2 class that hasn't had "Group chats" is offered it, a class that has had it isn't, and
// two KS1 reports (fewer than three) suggest nothing to a KS1 class.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, addDevice, seedClass, launch, openPage, appReady, enrolTablet, screenshot, WHITEBOARD,
} from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
  seedClass(server, { name: "5B", band: "ks2", year: "Year 5", pupils: [] });
  seedClass(server, { name: "6A", band: "ks2", year: "Year 6", pupils: [] });
  seedClass(server, { name: "Oak", band: "ks1", year: "Year 1", pupils: [] });
  addDevice(server, "Reporting tablet");
  server.seed("reports", "--count", "3", "--what", "someone_was_unkind", "--place", "messages", "--band", "ks2");
  server.seed("reports", "--count", "2", "--what", "someone_was_unkind", "--place", "messages", "--band", "ks1");
  server.seed("lesson", "--lesson", "group-chats", "--band", "ks2", "--class", "6A");
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

async function whiteboard(band, cls) {
  const context = await browser.newContext({ viewport: WHITEBOARD, baseURL: server.url });
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server, `${cls} whiteboard`));
  await page.getByLabel(band).check();
  await page.locator("#tablet-class option", { hasText: cls }).waitFor({ state: "attached" });
  await page.selectOption("#tablet-class", { label: cls });
  await page.goto("/present");
  await appReady(page);
  await page.getByTestId("coverage").waitFor();
  return { context, page };
}

const suggested = (page) =>
  page.getByTestId("teach-next-suggestion").evaluateAll((ls) => ls.map((l) => l.dataset.lesson));

test("a KS2 class that hasn't had Group chats is offered it after reports about group chats", async () => {
  const { context, page } = await whiteboard("KS2 (Years 3 to 6)", "5B");
  const first = page.getByTestId("teach-next-suggestion").first();
  await first.waitFor();
  assert.equal(
    await first.innerText(),
    "Reports in KS2 over the last half-term were mostly about group chats and messages: Group chats has not been taught to 5B yet.",
  );
  assert.equal(await first.locator("a").getAttribute("href"), "/present/group-chats");
  assert.deepEqual(await suggested(page), ["group-chats", "upstanders"]);
  // No child, no class's reports and no count is named.
  const card = await page.getByTestId("teach-next").innerText();
  assert.doesNotMatch(card, /\b[0-9]+ reports?\b/);
  assert.match(await page.getByTestId("taught-this-year").innerText(), /Nothing taught yet this school year/);
  await screenshot(page, "present-whiteboard-teach-next");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("a class that has had Group chats gets no suggestion for it, and sees it taught this year", async () => {
  const { context, page } = await whiteboard("KS2 (Years 3 to 6)", "6A");
  await page.getByTestId("teach-next").waitFor();
  await page.getByTestId("teach-next-suggestion").first().waitFor();
  assert.deepEqual(await suggested(page), ["upstanders"]);
  assert.equal(
    await page.getByTestId("teach-next-had").innerText(),
    "Reports in KS2 over the last half-term were mostly about group chats and messages. 6A has had Group chats.",
  );
  assert.match(await page.getByTestId("teach-next").innerText(), /They were also about unkind things said online: Upstanders, not bystanders has not been taught to 6A yet/);
  assert.match(await page.getByTestId("taught-this-year").innerText(), /Group chats \(\d+\/\d+\/\d{4}\)/);
  await screenshot(page, "present-whiteboard-teach-next-taught");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("two KS1 reports about group chats suggest nothing to a KS1 class", async () => {
  const { context, page } = await whiteboard("KS1 (Years 1 and 2)", "Oak");
  // The coverage is in; give the key stage's topics time to arrive too, then look.
  await page.waitForLoadState("networkidle");
  assert.equal(await page.getByTestId("teach-next").count(), 0);
  assert.deepEqual(page.errors, []);
  await context.close();
});
