// How quickly Kite answers a child and a teacher, in headless Chromium with the CPU slowed 4×
// (DevTools protocol), as on a cheap classroom tablet:
//   - time to interactive of the pupil home and of the report flow: navigation start to the
//     moment the first tappable choice is on screen with its handler attached (the app is
//     client-rendered, so a rendered control is a live one), over several cold loads;
//   - a tap answered (INP): the longest Event Timing duration of the taps through the report
//     flow's first three steps (input to the next paint);
//   - slide change in the presenter: a key press to the next slide on screen (Event Timing
//     duration of the keydown), and to the DOM change alone.
// Usage: node interactive.mjs URL DEVICE_TOKEN [RUNS]. Prints figures; asserts nothing.
import { launch, TABLET, WHITEBOARD } from "../../tests/e2e/harness.mjs";

const [url, token, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 7);
const THROTTLE = 4;
const browser = await launch();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(0)} ms`;

/** A fresh, enrolled tablet context whose pages run with the CPU slowed. */
async function throttledPage(viewport) {
  const context = await browser.newContext({ viewport, baseURL: url });
  const setup = await context.newPage();
  await setup.goto("/setup");
  await setup.fill("#token", token);
  await setup.click("button[type=submit]");
  await setup.waitForSelector("[data-testid=enrolled]");
  await setup.close();
  // Records Event Timing entries (taps and keys) from the start of every page load.
  await context.addInitScript(() => {
    window.__events = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__events.push({ name: e.name, duration: e.duration });
    }).observe({ type: "event", buffered: true, durationThreshold: 16 });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });
  return { context, page };
}

/** Navigation start to the first appearance of `selector`, over `runs` cold loads. */
async function timeToInteractive(path, selector) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const { context, page } = await throttledPage(TABLET);
    await context.addInitScript((sel) => {
      new MutationObserver((_, observer) => {
        if (document.querySelector(sel)) {
          window.__interactive = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    }, selector);
    // A cold load each time: the HTTP cache is per context, and this context is new.
    await page.goto(path);
    await page.waitForFunction(() => window.__interactive !== undefined, null, { timeout: 60_000 });
    times.push(await page.evaluate(() => window.__interactive));
    await context.close();
  }
  return times;
}

async function tapLatency() {
  const { context, page } = await throttledPage(TABLET);
  await page.goto("/tell");
  const durations = [];
  for (let step = 0; step < 3; step++) {
    const question = await page.getByTestId("question").innerText();
    await page.locator(".choices button").first().click();
    await page.waitForFunction((q) => document.querySelector("[data-testid=question]")?.innerText !== q, question);
    await page.waitForTimeout(300); // let the entry for this tap be reported
  }
  const events = await page.evaluate(() => window.__events);
  for (const e of events) if (["pointerdown", "pointerup", "click"].includes(e.name)) durations.push(e.duration);
  await context.close();
  return durations;
}

async function slideChange() {
  const { context, page } = await throttledPage(WHITEBOARD);
  await page.goto("/present/kind-online");
  await page.getByTestId("slide").waitFor();
  await page.evaluate(() => {
    window.__domChanges = [];
    window.addEventListener("keydown", () => { window.__keyAt = performance.now(); }, { capture: true });
    new MutationObserver(() => {
      if (window.__keyAt !== undefined) {
        window.__domChanges.push(performance.now() - window.__keyAt);
        window.__keyAt = undefined;
      }
    }).observe(document.querySelector("[data-testid=counter]"), { childList: true, subtree: true, characterData: true });
    window.__events = [];
  });
  for (let i = 0; i < 8; i++) {
    const before = await page.getByTestId("counter").innerText();
    await page.keyboard.press(i % 2 === 0 ? "ArrowRight" : "ArrowLeft");
    await page.waitForFunction((b) => document.querySelector("[data-testid=counter]")?.innerText !== b, before);
    await page.waitForTimeout(200);
  }
  const dom = await page.evaluate(() => window.__domChanges);
  const paint = (await page.evaluate(() => window.__events)).filter((e) => e.name === "keydown").map((e) => e.duration);
  await context.close();
  return { dom, paint };
}

const home = await timeToInteractive("/", ".home-card");
console.log(`  home interactive (CPU ${THROTTLE}× slower): median ${fmt(median(home))} over ${runs} cold loads (max ${fmt(Math.max(...home))})`);
const tell = await timeToInteractive("/tell", ".choices button");
console.log(`  report flow interactive (CPU ${THROTTLE}× slower): median ${fmt(median(tell))} over ${runs} cold loads (max ${fmt(Math.max(...tell))})`);
const taps = await tapLatency();
// Event Timing only reports events of 16 ms or more; none reported means every tap was faster.
const inp = taps.length ? Math.max(...taps) : 0;
console.log(`  a tap answered (INP, CPU ${THROTTLE}× slower): worst ${taps.length ? fmt(inp) : "under 16 ms"} over three report-flow steps`);
const slides = await slideChange();
const slidePaint = slides.paint.length ? median(slides.paint) : 0;
console.log(`  slide change (CPU ${THROTTLE}× slower): key to DOM median ${slides.dom.length ? median(slides.dom).toFixed(1) : "?"} ms; key to next paint median ${slides.paint.length ? fmt(slidePaint) : "under 16 ms"}`);
await browser.close();

// One line per budget, read by scripts/bench's summary.
console.log(`BUDGET home_interactive_ms ${median(home).toFixed(0)} <= 1500`);
console.log(`BUDGET report_flow_interactive_ms ${median(tell).toFixed(0)} <= 1500`);
console.log(`BUDGET tap_inp_ms ${inp.toFixed(0)} <= 100`);
console.log(`BUDGET slide_change_dom_ms ${slides.dom.length ? median(slides.dom).toFixed(1) : "NaN"} <= 16`);
