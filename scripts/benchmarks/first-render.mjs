// Median time from navigation start to the pupil home's first render (its three cards in the
// DOM), in headless Chromium, over several cold loads (a fresh browser context each time).
import { launch } from "../../tests/e2e/harness.mjs";

const url = process.argv[2];
const runs = Number(process.argv[3] ?? 9);
const browser = await launch();
const times = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector(".home-cards")) {
        window.__firstRender = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__firstRender !== undefined);
  times.push(await page.evaluate(() => window.__firstRender));
  await context.close();
}
await browser.close();
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`  home first render: median ${median.toFixed(0)} ms over ${runs} cold loads (min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)})`);
