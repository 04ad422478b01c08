// Shared by learn.test.mjs and present.test.mjs: playing a lesson's activities without knowing
// the answers in advance (try, read the kind feedback, try again), by tap, by mouse/drag, or by
// keyboard only.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DIST } from "./harness.mjs";

/** Every lesson as the app gets it (the English lessons file the build ships, not a translation's). */
export function shippedLessons() {
  const file = readdirSync(DIST).find((f) => /^lessons-[0-9a-f]+\.json$/.test(f));
  return JSON.parse(readFileSync(join(DIST, file), "utf8"));
}

/** The lesson records the server holds, from `kite-server lessons summary`. */
export function storedLessons(server) {
  return JSON.parse(server.admin("lessons", "summary"));
}

/** Presses Tab until `locator`'s element has focus, then returns (throws if it never does). */
export async function tabTo(page, locator, max = 80) {
  const handle = await locator.elementHandle();
  for (let i = 0; i < max; i++) {
    if (await handle.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${await handle.evaluate((el) => el.outerHTML.slice(0, 120))}`);
}

/** How a test presses a control: "tap" (touch), "click" (mouse), or "keys" (Tab then Enter/Space). */
export function presser(page, how) {
  let toggle = 0;
  return async (locator) => {
    if (how === "tap") return locator.tap();
    if (how === "click") return locator.click();
    await tabTo(page, locator);
    // Alternate Enter and Space: both must work on every control.
    await page.keyboard.press(toggle++ % 2 ? "Space" : "Enter");
  };
}

async function lastFeedbackGood(page) {
  const fb = page.getByTestId("feedback");
  await fb.waitFor();
  return (await fb.getAttribute("data-good")) === "true";
}

/** Tries each option in turn until the safe/best one; checks the kind feedback on the way. */
async function chooseUntilGood(page, press, seen) {
  const options = page.getByTestId("option");
  const n = await options.count();
  for (let i = 0; i < n; i++) {
    const before = await page.getByTestId("feedback").count() ? await page.getByTestId("feedback").innerText() : "";
    await press(options.nth(i));
    await page.waitForFunction((b) => {
      const f = document.querySelector("[data-testid=feedback]");
      return f && f.innerText !== b;
    }, before, { timeout: 3000 }).catch(() => {});
    const good = await lastFeedbackGood(page);
    const text = await page.getByTestId("feedback").innerText();
    if (!good) {
      seen.tryAgain = (seen.tryAgain ?? 0) + 1;
      await seen.onTryAgain?.();
      // A lesson in another language passes its own words for "have another think".
      const tryAgain = seen.tryAgainText ?? /another think|try another/i;
      if (!tryAgain.test(text)) throw new Error(`unkind or unclear feedback: ${text}`);
      if (/wrong/i.test(text)) throw new Error(`feedback says wrong: ${text}`);
    }
    if (good) return;
  }
  throw new Error("no option was accepted");
}

export async function playScenario(page, press, seen) {
  await chooseUntilGood(page, press, seen);
}

export async function playQuiz(page, press, seen) {
  for (;;) {
    await chooseUntilGood(page, press, seen);
    const next = page.getByTestId("next-question");
    if (await next.count() === 0) return;
    await press(next);
  }
}

/** Drags a card onto a group with the mouse (pointer events), in small steps like a finger. */
export async function drag(page, card, target) {
  const a = await card.boundingBox();
  const b = await target.boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(
      a.x + a.width / 2 + ((b.x + b.width / 2) - (a.x + a.width / 2)) * i / steps,
      a.y + a.height / 2 + ((b.y + b.height / 2) - (a.y + a.height / 2)) * i / steps,
    );
  }
  await page.mouse.up();
}

/** Sorts every card: the first group, and if it bounces back, the other. `how` is tap/click/keys/drag. */
export async function playSort(page, how, seen) {
  const press = presser(page, how === "drag" ? "click" : how);
  for (let guard = 0; guard < 40; guard++) {
    const cards = page.getByTestId("sort-card");
    if (await cards.count() === 0) return;
    const card = cards.first();
    const label = (await card.innerText()).trim();
    for (const group of [0, 1]) {
      const fbBefore = await page.getByTestId("feedback").count() ? await page.getByTestId("feedback").innerText() : "";
      if (how === "drag") {
        await drag(page, page.getByTestId("sort-card").filter({ hasText: label }).first(), page.getByTestId(`sort-group-${group}`));
        seen.dragged = (seen.dragged ?? 0) + 1;
      } else {
        await press(page.getByTestId("sort-card").filter({ hasText: label }).first());
        await press(page.getByTestId(`sort-target-${group}`));
      }
      await page.waitForFunction((b) => {
        const f = document.querySelector("[data-testid=feedback]");
        return f && f.innerText !== b;
      }, fbBefore, { timeout: 3000 }).catch(() => {});
      const good = await lastFeedbackGood(page);
      if (good) break;
      seen.tryAgain = (seen.tryAgain ?? 0) + 1;
      await seen.onTryAgain?.();
    }
  }
  throw new Error("sorting never finished");
}

/** Which activity is on screen, or null. */
export async function activityKind(page) {
  for (const kind of ["scenario", "sort", "quiz", "discuss"]) {
    if (await page.getByTestId(`activity-${kind}`).count()) return kind;
  }
  return null;
}
