// Reading aloud as on real tablets, in real Chromium against a real server. Headless Chromium has
// no voices, so the tablet's voices are stood in for (harness `recordSpeech`): a voice on the
// device is chosen over a network one, a network voice reads long text in short pieces, a list
// that arrives late is waited for, and a speaker button speaks inside its own tap (an iPad drops
// speech started later).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, addDevice, launch, openPage, enrolTablet, recordSpeech, TABLET } from "./harness.mjs";

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

const NETWORK = { lang: "en-GB", name: "Google UK English Female", localService: false };
const ON_TABLET = { lang: "en-GB", name: "Tablet English", localService: true };

async function tellPage(speech) {
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url, hasTouch: true });
  await recordSpeech(context, speech);
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server));
  await page.goto("/tell");
  await page.getByTestId("question").waitFor();
  return { context, page };
}

const said = (page) => page.evaluate(() => ({
  text: window.__spoken, voice: window.__spokenVoice, during: window.__spokenDuring,
}));

/** Taps "Read this to me" and returns what that tap read. */
async function readThisToMe(page) {
  const before = (await said(page)).text.length;
  await page.getByRole("button", { name: "Read this to me" }).tap();
  await page.waitForFunction((n) => window.__spoken.length > n, before);
  const all = await said(page);
  return { text: all.text.slice(before), voice: all.voice.slice(before), during: all.during.slice(before) };
}

test("a voice on the tablet is chosen over a network voice, inside the tap", async () => {
  const { context, page } = await tellPage({ voices: [NETWORK, ON_TABLET] });
  const read = await readThisToMe(page);
  assert.equal(read.text.length, 1, `read whole with a voice on the tablet: ${JSON.stringify(read.text)}`);
  assert.match(read.text[0], /^What happened\?/);
  assert.deepEqual(read.voice, ["Tablet English"]);
  assert.deepEqual(read.during, ["click"], "spoken inside the tap, as an iPad needs");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("with only a network voice, long text is read in short pieces", async () => {
  const { context, page } = await tellPage({ voices: [NETWORK] });
  const read = await readThisToMe(page);
  const whole = read.text.join(" ");
  assert.ok(whole.length > 120, `the question and its answers are long: ${whole.length}`);
  assert.ok(read.text.length > 1, "in pieces");
  for (const piece of read.text) assert.ok(piece.length <= 120, `a short piece: ${piece}`);
  assert.match(read.text[0], /^What happened\?/);
  assert.ok(read.voice.every((v) => v === NETWORK.name));
  await context.close();
});

test("voices that arrive a moment late are waited for, and the right one reads", async () => {
  const { context, page } = await tellPage({ voices: [NETWORK, ON_TABLET], lateMs: 400 });
  await page.getByRole("button", { name: "Read this to me" }).tap();
  await page.waitForFunction(() => window.__spoken.length > 0);
  const { voice } = await said(page);
  assert.ok(voice.length > 0 && voice.every((v) => v === "Tablet English"), `read with the tablet's voice: ${voice}`);
  await context.close();
});

// Chromium refuses speech on a page nobody has tapped in a browser tab, and reports each refusal
// as a deprecated use (Lighthouse marks the page down for it). So a page asks to read itself
// aloud only once someone has tapped it, or the Kite page that led to it.
test("a page nobody has tapped waits for a tap before reading itself aloud, then every page reads", async () => {
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url, hasTouch: true });
  await recordSpeech(context, { voices: [ON_TABLET] });
  const setup = await openPage(browser, server, { context });
  await enrolTablet(setup, addDevice(server));
  await setup.close();
  // A new tab on the enrolled tablet, as after the browser is started again: nobody has tapped.
  const page = await openPage(browser, server, { context });
  await page.goto("/");
  await page.getByTestId("home-tell").waitFor();
  await page.waitForTimeout(1_500); // longer than the wait for voices
  assert.deepEqual((await said(page)).text, [], "nothing read before a tap");

  await page.getByTestId("home-tell").tap();
  await page.getByTestId("question").waitFor();
  await page.waitForFunction(() => window.__spoken.length > 0);
  assert.match((await said(page)).text[0], /^What happened\?/, "the page a tap opened reads itself");

  // A new page load after that tap (as a link to another bundle's page is): Chromium allows it,
  // and it reads.
  await page.goto("/");
  await page.waitForFunction(() => window.__spoken.length > 0);
  assert.match((await said(page)).text[0], /^Hello! What would you like to do\?/);
  assert.deepEqual(page.errors, []);
  await context.close();
});
