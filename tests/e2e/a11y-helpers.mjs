// Accessibility checks shared by the e2e tests: axe-core's WCAG A/AA rules, and the manual rules
// axe can't judge (focus visible, focus order, touch target size, reduced motion), measured in
// the real page. Each returns a list of problems as readable strings: [] means none.
import { AxeBuilder } from "@axe-core/playwright";

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: the rules the issue asks for, none disabled. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/**
 * Runs axe on the page as it is now. axe is injected with Playwright's `evaluate` (the DevTools
 * protocol), which the page's CSP does not apply to, so no `bypassCSP` is needed: the checks run
 * against the app with its real security headers.
 */
export async function axeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")}: ${n.failureSummary.replaceAll("\n", " ")}`).join("\n"));
}

/** Interactive elements a pupil can see: what must be big enough to tap and reachable by Tab. */
const CONTROLS = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])";

/** Every visible control smaller than 48×48 CSS px, as "name WxH". */
export async function smallTargets(page, min = 48) {
  return page.$$eval(CONTROLS, (els, min) => els
    .filter((e) => e.checkVisibility() && !e.closest("[aria-hidden=true]"))
    .map((e) => ({ e, r: e.getBoundingClientRect() }))
    .filter(({ r }) => r.width < min - 0.5 || r.height < min - 0.5)
    .map(({ e, r }) => `${e.tagName.toLowerCase()} "${(e.getAttribute("aria-label") ?? e.textContent).trim().slice(0, 40)}" ${Math.round(r.width)}x${Math.round(r.height)}`),
  min);
}

/** What has focus now: a short description, its box, and whether a focus ring is drawn. */
export async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
    const ring = s.boxShadow !== "none";
    return {
      name: `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.textContent).trim().slice(0, 40)}"`,
      box: { top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left + scrollX, right: r.right + scrollX },
      visible: outline || ring,
      ring: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
    };
  });
}

/**
 * Presses Tab `max` times (or until focus leaves the page or comes back to the first stop) and
 * returns each stop. Tab order = DOM order here, so this is the order a keyboard or switch user
 * meets the page in.
 */
export async function tabStops(page, max = 80) {
  // Start from the top of the document: focus a (not tabbable) marker placed first in <body>.
  await page.evaluate(() => {
    const start = document.createElement("div");
    start.id = "a11y-tab-start";
    start.tabIndex = -1;
    document.body.prepend(start);
    start.focus();
  });
  const stops = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    if (!f) break;
    if (stops.length && f.name === stops[0].name && f.box.top === stops[0].box.top) break;
    stops.push(f);
  }
  await page.evaluate(() => document.getElementById("a11y-tab-start")?.remove());
  return stops;
}

/** Stops whose focus ring isn't drawn. */
export function invisibleFocus(stops) {
  return stops.filter((s) => !s.visible).map((s) => `${s.name}: outline ${s.ring}`);
}

/**
 * Stops that break reading order: one wholly above the one before it, or, on the same line, to
 * its left. (Left to right, top to bottom, as the page reads.)
 */
export function outOfOrder(stops) {
  const bad = [];
  for (let i = 1; i < stops.length; i++) {
    const [a, b] = [stops[i - 1].box, stops[i].box];
    const above = b.bottom <= a.top;
    const sameLine = b.top < a.bottom && a.top < b.bottom;
    if (above || (sameLine && b.right <= a.left)) bad.push(`${stops[i - 1].name} → ${stops[i].name}`);
  }
  return bad;
}

/** Elements animating or transitioning for longer than `maxSeconds`. */
export async function longMotion(page, maxSeconds = 0.01) {
  return page.evaluate((max) => {
    const secs = (list) => Math.max(...list.split(",").map((t) => (t.trim().endsWith("ms") ? parseFloat(t) / 1000 : parseFloat(t))));
    const out = [];
    for (const el of document.querySelectorAll("*")) {
      for (const pseudo of [null, "::before", "::after"]) {
        const s = getComputedStyle(el, pseudo);
        const anim = s.animationName !== "none" ? secs(s.animationDuration) : 0;
        const trans = secs(s.transitionDuration);
        if (anim > max || trans > max) out.push(`${el.tagName.toLowerCase()}.${el.getAttribute("class")}${pseudo ?? ""}: animation ${anim}s, transition ${trans}s`);
      }
    }
    return out;
  }, maxSeconds);
}
