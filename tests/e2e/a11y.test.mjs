// Accessibility (WCAG 2.2 AA) in real Chromium against a real server: axe-core on every
// page and step at tablet and whiteboard size, then the rules axe can't check: keyboard and
// switch access with a visible focus in reading order, 48px touch targets, nothing shown by colour
// alone, reduced motion, the page language and titles, and the display settings persisting.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, addDevice, storedReports, launch, openPage, appReady, enrolTablet, screenshot,
  staffSignIn, seedClass, TABLET, WHITEBOARD,
} from "./harness.mjs";
import { tabTo } from "./lessons-helpers.mjs";
import {
  axeViolations, smallTargets, tabStops, invisibleFocus, outOfOrder, longMotion, focused,
} from "./a11y-helpers.mjs";

const PASSWORD = "correct horse battery staple";
const LESSONS = { eyfs: "tablet-time", ks1: "my-trusted-adults", ks2: "smart-rules" };
const UNKIND = "Someone was unkind to me or a friend";
const tap = (page, name) => page.getByRole("button", { name, exact: true }).click();

/** The report flow up to (not including) Send. */
async function toSendStep(page, what = UNKIND) {
  await tap(page, what);
  await tap(page, "In a game");
  await tap(page, "Sad");
  await tap(page, "Any grown-up");
  await page.getByTestId("send").waitFor();
}

async function sendReport(page, what = UNKIND) {
  await toSendStep(page, what);
  await page.getByTestId("send").click();
  await page.getByText("Sent to school").waitFor();
}

/** Next on the lesson player until an activity is on screen. */
async function toFirstActivity(page) {
  for (let i = 0; i < 15 && !(await page.locator(".activity").count()); i++) {
    await page.getByTestId("next").click();
  }
  await page.locator(".activity").waitFor();
}

async function openSettings(page) {
  await page.getByTestId("settings-button").first().click();
  await page.getByTestId("settings-panel").first().waitFor();
}

/**
 * Every page and state, as someone sees it. A new page is one line here.
 * `as`: whose browser: "pupil" (an enrolled class tablet, the default), "dsl" or "admin" (signed
 * in to /staff), "visitor" (nobody signed in). `then`: what to do after loading `path`.
 * `display`: the display settings stored on the tablet first (see app/src/device.rs).
 */
const SCREENS = [
  { name: "home", path: "/" },
  { name: "home-settings-open", path: "/", then: openSettings },
  { name: "learn", path: "/learn" },
  ...Object.entries(LESSONS).flatMap(([band, id]) => [
    { name: `lesson-${band}`, path: `/learn/${id}` },
    { name: `lesson-${band}-activity`, path: `/learn/${id}`, then: toFirstActivity },
  ]),
  { name: "tell-what", path: "/tell" },
  { name: "tell-where", path: "/tell", then: (p) => tap(p, UNKIND) },
  { name: "tell-feel", path: "/tell", then: async (p) => { await tap(p, UNKIND); await tap(p, "In a game"); } },
  { name: "tell-who", path: "/tell", then: async (p) => { await tap(p, UNKIND); await tap(p, "In a game"); await tap(p, "Sad"); } },
  { name: "tell-send", path: "/tell", then: (p) => toSendStep(p) },
  { name: "tell-send-named", path: "/tell", then: async (p) => { await toSendStep(p); await p.getByTestId("give-name").click(); } },
  { name: "tell-say-more", path: "/tell", then: async (p) => { await toSendStep(p); await tap(p, "Add words or a drawing"); } },
  { name: "tell-device-help", path: "/tell", then: (p) => tap(p, "A school screen showed something it shouldn't") },
  { name: "tell-urgent", path: "/tell", then: (p) => tap(p, "Someone wants to meet me") },
  { name: "tell-sent", path: "/tell", then: (p) => sendReport(p) },
  { name: "tell-sent-urgent", path: "/tell", then: (p) => sendReport(p, "I don't feel safe right now") },
  { name: "aup", path: "/aup" },
  { name: "parents", path: "/parents", as: "visitor" },
  { name: "present", path: "/present" },
  { name: "presented-lesson", path: `/present/${LESSONS.ks2}` },
  { name: "presenter-view", path: `/present/${LESSONS.ks1}/teacher` },
  { name: "presented-lesson-end", path: `/present/${LESSONS.eyfs}`, then: (p) => p.keyboard.press("End") },
  { name: "setup", path: "/setup" },
  { name: "not-found", path: "/no-such-page" },
  { name: "staff-sign-in", path: "/staff", as: "visitor" },
  // Back from the school's Microsoft or Google sign-in with an email no account uses.
  { name: "staff-sign-in-no-account", path: "/staff?school_account=no_account", as: "visitor" },
  { name: "staff-inbox", path: "/staff", as: "dsl" },
  { name: "staff-report", path: "/staff", as: "dsl", then: (p) => p.locator(".inbox-table a").first().click() },
  { name: "staff-audit", path: "/staff/audit", as: "dsl" },
  // The concern form with a child chosen, the image warning and the monitoring tool showing.
  {
    name: "staff-concern", path: "/staff/concern", as: "dsl", then: async (p) => {
      await p.getByTestId("concern-find").fill("za");
      await p.getByRole("button", { name: "Zara K. · Rowan" }).click();
      await p.getByLabel("What kind of concern").selectOption("ypsi");
      await p.getByLabel("How it came to light").selectOption("monitoring_alert");
      await p.getByTestId("concern-ypsi").waitFor();
    },
  },
  { name: "staff-password", path: "/staff/password", as: "dsl" },
  { name: "staff-devices", path: "/staff/devices", as: "admin" },
  { name: "staff-accounts", path: "/staff/accounts", as: "admin" },
  { name: "staff-school", path: "/staff/school", as: "admin" },
  { name: "staff-filtering", path: "/staff/filtering", as: "dsl" },
  // The staff pages: the classes, a class's register, its parents' letters, agreements, the
  // governors' report; the kiosk's name cards and a statement; and the pupil pages in Urdu
  // (right to left).
  { name: "staff-classes", path: "/staff/classes", as: "admin" },
  { name: "staff-training", path: "/staff/training", as: "dsl" },
  { name: "staff-register", path: "/staff/classes/1", as: "admin" },
  { name: "staff-letters", path: "/staff/classes/1/letters", as: "admin" },
  { name: "staff-agreements", path: "/staff/agreements", as: "admin" },
  { name: "staff-parents-news", path: "/staff/parents-news", as: "admin" },
  { name: "staff-governors", path: "/staff/governors", as: "dsl" },
  { name: "staff-surveys", path: "/staff/surveys", as: "dsl" },
  { name: "survey", path: "/survey" },
  { name: "aup-names", path: "/aup", then: (p) => p.getByTestId("aup-class").filter({ hasText: "Rowan" }).click() },
  {
    name: "aup-statement", path: "/aup", then: async (p) => {
      await p.getByTestId("aup-class").filter({ hasText: "Rowan" }).click();
      await p.getByTestId("aup-name").first().click();
      await p.getByTestId("aup-statement").waitFor();
    },
  },
  ...["/", "/tell", "/aup"].map((path) => ({ name: `urdu${path.replaceAll("/", "-")}`, path, display: { "kite.lang": "ur" } })),
  // The settings change colours and sizes: the checks must hold with them on too.
  ...["/", "/tell", `/learn/${LESSONS.ks1}`, `/present/${LESSONS.ks2}`].map((path) => ({
    name: `high-contrast-larger${path.replaceAll("/", "-")}`,
    path,
    display: { "kite.display.text": "larger", "kite.display.high-contrast": "on", "kite.display.dyslexia-font": "on" },
  })),
];

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
  for (const [email, role, name] of [
    ["admin@school.example", "admin", "Mr Patel"],
    ["dsl@school.example", "dsl", "Mrs Khan"],
  ]) {
    server.admin("staff", "add", email, "--role", role, "--name", name, "--password-stdin", { input: `${PASSWORD}\n` });
  }
  // A class with pupils (id 1) for the register, letters and the kiosk's name cards.
  seedClass(server, { name: "Rowan", band: "ks1", pupils: [["Zara", "K"], ["Omar", "S"]] });
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

/** A class tablet: its own browser profile, enrolled with its own device token. */
async function pupilTablet(viewport = TABLET, options = {}) {
  const context = await browser.newContext({ viewport, baseURL: server.url, ...options });
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server));
  return page;
}

async function staffBrowser(role, viewport) {
  const { page } = await staffSignIn(browser, server, `${role}@school.example`, PASSWORD, { viewport });
  return page;
}

/** Loads a screen and waits until it has settled (staff lists loaded). */
async function show(page, screen) {
  if (screen.display) {
    await page.goto("/");
    await page.evaluate((d) => Object.entries(d).forEach(([k, v]) => localStorage.setItem(k, v)), screen.display);
  }
  await page.goto(screen.path);
  await appReady(page);
  await screen.then?.(page);
  await page.waitForFunction(() => !document.querySelector(".staff-loading"), null, { timeout: 10_000 });
  await page.evaluate(() => document.fonts.ready);
}

async function forget(page, screen) {
  if (screen.display) await page.evaluate((d) => Object.keys(d).forEach((k) => localStorage.removeItem(k)), screen.display);
}

for (const [size, viewport] of [["tablet", TABLET], ["whiteboard", WHITEBOARD]]) {
  test(`axe-core finds no WCAG 2.2 A/AA violation on any page (${size})`, async () => {
    const pupil = await pupilTablet(viewport);
    // A report in the DSL's inbox, so the inbox and a report page have something to show.
    await pupil.goto("/tell");
    await appReady(pupil);
    await sendReport(pupil);
    const browsers = {
      pupil,
      visitor: await openPage(browser, server, { viewport }),
      dsl: await staffBrowser("dsl", viewport),
      admin: await staffBrowser("admin", viewport),
    };
    const found = {};
    for (const screen of SCREENS) {
      const page = browsers[screen.as ?? "pupil"];
      await show(page, screen);
      const violations = await axeViolations(page);
      if (violations.length) found[screen.name] = violations;
      await screenshot(page, `a11y-${size}-${screen.name}`);
      await forget(page, screen);
    }
    assert.deepEqual(found, {}, JSON.stringify(found, null, 2));
    for (const page of Object.values(browsers)) {
      assert.deepEqual(page.errors.filter((e) => !e.includes("status of 401")), [], "no console errors (and no CSP refusals)");
      await page.context().close();
    }
  });
}

/**
 * Keyboard only: Tab to `locator` (every stop on the way must show its focus ring), then press
 * `key`. Returns the stops passed.
 */
async function keyTo(page, locator, key) {
  const handle = await locator.elementHandle();
  const passed = [];
  for (let i = 0; i < 60; i++) {
    const f = await focused(page);
    if (f) passed.push(f);
    if (await handle.evaluate((el) => el === document.activeElement)) {
      assert.deepEqual(invisibleFocus(passed), [], "focus is visible at every stop");
      await page.keyboard.press(key);
      return passed;
    }
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${await handle.evaluate((el) => el.outerHTML.slice(0, 120))}`);
}

/** After a step: focus is on the new question, so Tab goes on to its answers. */
async function focusIsOnQuestion(page, question) {
  await page.waitForFunction((q) => document.activeElement?.textContent.startsWith(q), question, { timeout: 5000 });
  const f = await focused(page);
  assert.match(f.name, /^h2 /, "the new step's heading has focus");
}

for (const [how, keys] of [["keyboard", ["Enter", " "]], ["switch access", ["Enter"]]]) {
  test(`a report can be made with ${how} only (Tab and ${keys.map((k) => k === " " ? "Space" : k).join("/")})`, async () => {
    const page = await pupilTablet();
    const before = storedReports(server).length;
    let n = 0;
    const press = (locator) => keyTo(page, locator, keys[n++ % keys.length]);
    const button = (name) => page.getByRole("button", { name, exact: true });
    await page.goto("/");
    await appReady(page);
    // From the home page: the Tell card, then every step.
    await press(page.getByTestId("home-tell"));
    await page.getByTestId("question").waitFor();
    await press(button(UNKIND));
    await focusIsOnQuestion(page, "Where did it happen?");
    await press(button("In a game"));
    await focusIsOnQuestion(page, "How do you feel?");
    await press(button("Sad"));
    await focusIsOnQuestion(page, "Who would you like to talk to?");
    await press(button("Any grown-up"));
    await focusIsOnQuestion(page, "Ready to send?");
    await press(page.getByTestId("give-name"));
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "first-name", "the name box comes next");
    await page.keyboard.type("Sam");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Oak");
    await press(page.getByTestId("send"));
    await page.getByText("Sent to school").waitFor();
    await focusIsOnQuestion(page, "Thank you for telling");
    assert.equal(storedReports(server).length, before + 1, "the report arrived");
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test("a lesson can be opened and moved through with the keyboard only", async () => {
  const page = await pupilTablet();
  await page.getByLabel("KS1 (Years 1 and 2)").check();
  await page.goto("/");
  await appReady(page);
  await keyTo(page, page.getByTestId("home-learn"), "Enter");
  await page.waitForURL("**/learn");
  await appReady(page);
  const card = page.locator(`a[href="/learn/${LESSONS.ks1}"]`);
  await card.waitFor();
  await keyTo(page, card, "Enter");
  await page.waitForURL(`**/learn/${LESSONS.ks1}`);
  await page.getByTestId("slide").waitFor();
  const counter = await page.getByTestId("counter").innerText();
  await keyTo(page, page.getByTestId("next"), " ");
  await page.waitForFunction((c) => document.querySelector("[data-testid=counter]").innerText !== c, counter);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** Pupil screens (and the settings panel) for the manual rules: touch, order, reach. */
const PUPIL_SCREENS = SCREENS.filter((s) => !s.as && !s.display && !s.path.startsWith("/present") && s.path !== "/setup");

test("on pupil pages every control is reachable by Tab, shows its focus, in reading order", async () => {
  const page = await pupilTablet();
  const problems = {};
  for (const screen of PUPIL_SCREENS) {
    await show(page, screen);
    const stops = await tabStops(page);
    const controls = await page.$$eval("a[href], button:not([disabled]), input, select, textarea", (els) => {
      const modal = document.querySelector("dialog[open]");
      return els.filter((e) => e.checkVisibility() && (!modal || modal.contains(e))).length;
    });
    const issues = [
      ...invisibleFocus(stops).map((s) => `focus not visible: ${s}`),
      ...outOfOrder(stops).map((s) => `out of order: ${s}`),
    ];
    // The drawing pad's canvas is also a stop; every control must be one.
    if (stops.length < controls) issues.push(`only ${stops.length} of ${controls} controls reachable by Tab`);
    if (issues.length) problems[screen.name] = issues;
  }
  assert.deepEqual(problems, {});
  await page.context().close();
});

test("every button, link and input on pupil pages is at least 48×48 px", async () => {
  for (const viewport of [TABLET, WHITEBOARD]) {
    const page = await pupilTablet(viewport);
    const problems = {};
    for (const screen of PUPIL_SCREENS) {
      await show(page, screen);
      const small = await smallTargets(page);
      if (small.length) problems[screen.name] = small;
    }
    assert.deepEqual(problems, {}, `at ${viewport.width}×${viewport.height}`);
    await page.context().close();
  }
});

test("choices and settings are shown by more than colour: pressed state and a tick", async () => {
  const page = await pupilTablet();
  await page.goto("/tell");
  await appReady(page);
  await tap(page, UNKIND);
  await tap(page, "Back");
  const chosen = page.getByRole("button", { name: UNKIND, exact: true });
  assert.equal(await chosen.getAttribute("aria-pressed"), "true");
  assert.ok(await chosen.locator(".chosen-tick").isVisible(), "the chosen card shows a tick");
  assert.ok(!(await page.getByRole("button", { name: "Something else", exact: true }).locator(".chosen-tick").isVisible()));
  assert.match(await page.getByTestId("step-count").innerText(), /^Step 1 of \d$/, "the step is said in words, not only dots");

  await openSettings(page);
  const normal = page.getByRole("group", { name: "Text size" }).getByRole("button", { name: "Normal" });
  assert.equal(await normal.getAttribute("aria-pressed"), "true");
  assert.ok(await normal.locator(".chosen-tick").isVisible());
  const big = page.getByRole("group", { name: "Text size" }).getByRole("button", { name: "Big", exact: true });
  assert.ok(!(await big.locator(".chosen-tick").isVisible()));
  await page.context().close();
});

test("with reduced motion asked for, nothing on pupil pages moves for longer than 0.01s", async () => {
  const page = await pupilTablet();
  // Without the preference the home cards do move: so the check below can fail.
  await show(page, SCREENS[0]);
  assert.notDeepEqual(await longMotion(page), [], "some motion exists normally");
  await page.emulateMedia({ reducedMotion: "reduce" });
  const problems = {};
  for (const screen of PUPIL_SCREENS) {
    await show(page, screen);
    const moving = await longMotion(page);
    if (moving.length) problems[screen.name] = moving;
  }
  assert.deepEqual(problems, {});
  await page.context().close();
});

test("every page says its language and has its own title", async () => {
  const page = await pupilTablet();
  const titles = new Map();
  for (const screen of SCREENS.filter((s) => !s.as && !s.then && !s.display)) {
    await show(page, screen);
    assert.equal(await page.getAttribute("html", "lang"), "en-GB", screen.path);
    const title = await page.title();
    assert.match(title, /· Kite$/, `${screen.path}: "${title}"`);
    if (titles.has(title)) assert.equal(titles.get(title), screen.path, `"${title}" is used twice`);
    titles.set(title, screen.path);
    // A lesson's tab says which lesson it is.
    if (screen.path.startsWith("/learn/")) {
      assert.equal(title, `${(await page.locator("h1").first().innerText()).trim()} · Kite`);
    }
  }
  assert.equal(titles.get("Tell a trusted adult · Kite"), "/tell");
  await page.context().close();
});

/** What a pupil would notice: size of the page title, the font, the colours. */
async function looks(page) {
  return page.evaluate(async () => {
    await document.fonts.ready;
    const h1 = getComputedStyle(document.querySelector("h1:not(.visually-hidden)") ?? document.body);
    const body = getComputedStyle(document.body);
    const root = getComputedStyle(document.documentElement);
    return {
      rootSize: parseFloat(root.fontSize),
      h1Size: parseFloat(h1.fontSize),
      font: body.fontFamily,
      background: root.backgroundColor,
      ink: root.color,
      dyslexicLoaded: [...document.fonts].some((f) => f.family.includes("OpenDyslexic") && f.status === "loaded"),
    };
  });
}

/** Records the rate of each utterance the app asks for (headless Chromium has no voices). */
async function recordSpeechRate(context) {
  await context.addInitScript(() => {
    window.__spoken = [];
    speechSynthesis.speak = (u) => u.text && window.__spoken.push({ text: u.text, rate: u.rate });
    speechSynthesis.cancel = () => {};
    // A tablet with an English voice installed (headless Chromium lists none).
    speechSynthesis.getVoices = () => [{ lang: "en-GB", name: "Test en-GB", localService: true }];
  });
}

test("display settings changed in the panel apply at once and are still applied after a reload", async () => {
  const page = await pupilTablet(TABLET, { hasTouch: false });
  await recordSpeechRate(page.context());
  await page.goto("/");
  await appReady(page);
  const plain = await looks(page);
  assert.doesNotMatch(plain.font, /OpenDyslexic/);

  await openSettings(page);
  await screenshot(page, "a11y-settings-panel-tablet");
  const group = (name) => page.getByRole("group", { name });
  await group("Text size").getByRole("button", { name: "Bigger" }).click();
  await group("Letters").getByRole("button", { name: "Easy-read letters" }).click();
  await group("Colours").getByRole("button", { name: "Strong contrast" }).click();
  await group("Read each page aloud by itself").getByRole("button", { name: "Off" }).click();
  await group("Reading speed").getByRole("button", { name: "Slow" }).click();
  await screenshot(page, "a11y-settings-panel-chosen-tablet");
  await page.getByRole("button", { name: "Done" }).click();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), "settings-button", "focus back on the button");

  for (const when of ["at once", "after a reload"]) {
    if (when !== "at once") { await page.reload(); await appReady(page); }
    const now = await looks(page);
    assert.equal(now.rootSize, plain.rootSize * 1.5, `bigger text ${when}`);
    assert.equal(now.h1Size, plain.h1Size * 1.5, `the heading grows too ${when}`);
    assert.match(now.font, /^"?OpenDyslexic/, `easy-read font ${when}`);
    assert.ok(now.dyslexicLoaded, "the font file loaded (from the school server)");
    assert.equal(now.background, "rgb(255, 255, 255)", `high-contrast background ${when}`);
    assert.equal(now.ink, "rgb(0, 0, 0)", `high-contrast text ${when}`);
  }
  await screenshot(page, "a11y-home-high-contrast-larger-tablet");

  // Reading aloud is off, and the speaker button reads at the slow speed.
  await page.evaluate(() => { window.__spoken = []; });
  await page.goto("/tell");
  await page.getByTestId("question").waitFor();
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.__spoken), [], "nothing read by itself");
  await page.getByRole("button", { name: "Read this to me" }).click();
  const spoken = await page.evaluate(() => window.__spoken);
  assert.equal(spoken.length, 1);
  assert.ok(Math.abs(spoken[0].rate - 0.7) < 0.01, `slow speed: ${spoken[0].rate}`);

  // /setup shows the same choices, and changing one there sticks too.
  await page.goto("/setup");
  await appReady(page);
  const setupGroup = (name) => page.locator("main").getByRole("group", { name });
  assert.equal(await setupGroup("Text size").getByRole("button", { name: "Bigger" }).getAttribute("aria-pressed"), "true");
  await setupGroup("Text size").getByRole("button", { name: "Normal" }).click();
  await setupGroup("Read each page aloud by itself").getByRole("button", { name: "On" }).click();
  await page.reload();
  await appReady(page);
  const after = await looks(page);
  assert.equal(after.rootSize, plain.rootSize, "normal size again");
  assert.equal(await page.evaluate(() => localStorage.getItem("kite.speech.auto")), "on");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the teacher can change the display settings while presenting", async () => {
  const page = await pupilTablet(WHITEBOARD);
  await page.goto(`/present/${LESSONS.ks2}`);
  await appReady(page);
  const before = await looks(page);
  await openSettings(page);
  await page.getByRole("group", { name: "Text size" }).getByRole("button", { name: "Big", exact: true }).click();
  await screenshot(page, "a11y-settings-panel-whiteboard");
  await page.keyboard.press("Escape");
  assert.equal(await page.getByTestId("settings-panel").isVisible(), false, "Escape closes the panel");
  await openSettings(page);
  await page.mouse.click(5, 5);
  assert.equal(await page.getByTestId("settings-panel").isVisible(), false, "a tap beside the panel closes it");
  await page.reload();
  await appReady(page);
  assert.equal((await looks(page)).rootSize, before.rootSize * 1.25);
  await screenshot(page, "a11y-presenter-big-text-whiteboard");
  await page.context().close();
});
