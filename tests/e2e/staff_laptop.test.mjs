// The staff pages on the laptop a DSL and an admin use (1366x768), and a register on paper: the
// staff bar keeps to one row (the rarer pages under "More", which works from the keyboard), a
// register's rows are short words with no buttons on show, and it prints on A4 without the bar,
// buttons or menus.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { startServer, launch, screenshot, staffSignIn, seedClass, followStaffLink, SCREENSHOTS } from "./harness.mjs";

const PASSWORD = "correct horse battery staple";
const LAPTOP = { width: 1366, height: 768 };
let server, browser, classId;

before(async () => {
  server = await startServer();
  browser = await launch();
  for (const [email, role, name] of [
    ["admin@school.example", "admin", "Mrs Adeyemi-Richardson"],
    ["dsl@school.example", "dsl", "Mrs Khan"],
  ]) {
    server.admin("staff", "add", email, "--role", role, "--name", name, "--password-stdin", { input: `${PASSWORD}\n` });
  }
  ({ classId } = seedClass(server, {
    name: "Oak", band: "ks2",
    pupils: [["Zara", "K"], ["Omar", "S"], ["Ava", "T"], ["Ben", "W"], ["Maksymilian", "Z"]],
  }));
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

/** How many rows the staff bar's items take: their tops, grouped within half an item's height. */
async function barRows(page) {
  return page.locator("nav.staff-bar").evaluate((bar) => {
    const items = [...bar.querySelectorAll(":scope > ul > li, :scope > span, :scope > button")]
      .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().height > 0);
    const boxes = items.map((e) => e.getBoundingClientRect());
    const rows = [];
    for (const b of boxes) {
      const middle = b.top + b.height / 2;
      if (!rows.some((m) => Math.abs(m - middle) < b.height / 2)) rows.push(middle);
    }
    const link = bar.querySelector("ul a").getBoundingClientRect().height;
    const list = bar.querySelector("ul").getBoundingClientRect().height;
    return { rows: rows.length, link, list };
  });
}

for (const role of ["dsl", "admin"]) {
  test(`a ${role}'s staff bar is one row on a 1366-wide laptop, with the rarer pages under More`, async () => {
    const { context, page } = await staffSignIn(browser, server, `${role}@school.example`, PASSWORD, { viewport: LAPTOP });
    await page.waitForFunction(() => !document.querySelector(".staff-loading"));
    const { rows, link, list } = await barRows(page);
    assert.equal(rows, 1, `the bar's items sit in one row (${rows} rows)`);
    assert.ok(list < link * 1.5, `the links are one row high: ${list}px for a ${link}px link`);
    await screenshot(page, `staff-laptop-bar-${role}`);

    // More opens and closes from the keyboard, and its links are ordinary links.
    const nav = page.getByRole("navigation", { name: "Staff" });
    const more = nav.locator("summary", { hasText: "More" });
    const yours = nav.getByRole("link", { name: "Your sign-in", exact: true });
    assert.equal(await yours.isVisible(), false, "closed to begin with");
    await more.focus();
    await page.keyboard.press("Enter");
    await yours.waitFor();
    await screenshot(page, `staff-laptop-more-${role}`);
    await page.keyboard.press("Escape");
    await yours.waitFor({ state: "hidden" });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "More", "focus back on More");
    // A page under More marks More as where the person is.
    await followStaffLink(page, "Your sign-in");
    await page.getByTestId("two-step").waitFor();
    await nav.locator("summary.staff-more-here").waitFor();
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

test("a register is short words with no buttons on its rows, and prints on A4 without the bar or buttons", async () => {
  const { context, page } = await staffSignIn(browser, server, "admin@school.example", PASSWORD, { viewport: LAPTOP });
  await page.goto(`/staff/classes/${classId}`);
  const rows = page.getByTestId("register-row");
  await rows.first().waitFor();
  assert.equal(await rows.count(), 5);
  const zara = rows.filter({ hasText: "Zara" });
  assert.match(await zara.locator("td").first().innerText(), /^Not signed$/);
  // "No answer yet" for the permissions is said once, above the table; the cells (one per use
  // the school asks about, six by default) show a dash.
  await page.getByText("no answer yet, which counts as no").waitFor();
  const shown = await zara.locator("td.consent-none > [aria-hidden=true]").allInnerTexts();
  assert.deepEqual(shown, Array(6).fill("\u2013"));
  // No button on show in any row: marking a pupil as left is in the row's small menu.
  const buttons = await page.locator("[data-testid=register-row] button").evaluateAll((bs) => bs.filter((b) => b.checkVisibility()).length);
  assert.equal(buttons, 0, "no buttons on show in the rows");
  const table = await page.getByTestId("register").boundingBox();
  assert.ok(table.width <= LAPTOP.width, `the register fits the laptop: ${table.width}px`);
  await screenshot(page, "staff-laptop-register");

  // On paper: no staff bar, no buttons, no menus, and the table within an A4 page.
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: 794, height: 1123 });
  assert.equal(await page.locator("nav.staff-bar").isVisible(), false);
  const visible = await page.locator("main button, main summary, main input, main a.button").evaluateAll((els) =>
    els.filter((e) => e.checkVisibility()).map((e) => e.textContent.trim()));
  assert.deepEqual(visible, [], "nothing to press on paper");
  const printed = await page.getByTestId("register").boundingBox();
  assert.ok(printed.width <= 794, `the register fits A4: ${printed.width}px`);
  await screenshot(page, "staff-laptop-register-print");
  mkdirSync(SCREENSHOTS, { recursive: true });
  const pdf = await page.pdf({ format: "A4" });
  writeFileSync(join(SCREENSHOTS, "staff-laptop-register.pdf"), pdf);
  assert.equal((pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length, 1, "five pupils print on one page");
  await page.emulateMedia({ media: "screen" });
  await page.setViewportSize(LAPTOP);

  // The row's menu: a small "…" that opens to "Left the class".
  await zara.getByRole("button", { name: "More for Zara K." }).or(zara.locator("summary")).first().click();
  await zara.getByRole("button", { name: "Left the class" }).click();
  await page.getByText("Marked as left").waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});
