// Class lists straight from the MIS, as an office manager on a laptop does it: the SIMS export
// chosen as it comes, checked first (what each column was read as, what would be added; nothing
// imported), then imported. Next term's export moves a pupil who changed class, marks a leaver
// and lists who it left out, and nobody is added twice.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startServer, launch, screenshot, staffSignIn } from "./harness.mjs";
import { axeViolations } from "./a11y-helpers.mjs";

const PASSWORD = "correct horse battery staple";
const LAPTOP = { width: 1366, height: 768 };
const fixture = (name) => readFileSync(new URL(`../../server/tests/api/mis/${name}`, import.meta.url));

let server, browser, admin;
before(async () => {
  server = await startServer();
  browser = await launch();
  server.admin("staff", "add", "office@school.example", "--role", "admin", "--name", "Mrs Khan", "--password-stdin", { input: `${PASSWORD}\n` });
  admin = await staffSignIn(browser, server, "office@school.example", PASSWORD, { viewport: LAPTOP });
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

async function choose(page, name) {
  await page.getByTestId("import-file").setInputFiles({ name, mimeType: "text/csv", buffer: fixture(name) });
  await page.waitForFunction(() => document.querySelector("[data-testid=import-csv]").value.includes("UPN"));
}

test("a SIMS export is checked first, imported, and next term's export moves and marks leavers", async () => {
  const page = admin.page;
  await page.getByRole("link", { name: "Classes" }).click();
  await page.getByTestId("no-classes").waitFor();

  await choose(page, "sims.csv");
  await page.getByTestId("import-check").click();
  const result = page.getByTestId("import-result");
  await result.and(page.locator("[data-preview=true]")).waitFor();
  await result.getByText("Nothing has been imported yet.", { exact: false }).waitFor();
  const columns = await result.getByTestId("import-columns").locator("li").allInnerTexts();
  assert.ok(columns.includes("Legal Surname: last name (the tablet shows only its initial)"), columns.join("\n"));
  assert.ok(columns.includes("Reg Group: class"));
  assert.equal(await result.getByTestId("import-ignored").innerText(), "Not kept: Gender.");
  assert.deepEqual(await result.getByTestId("import-added").locator("li").allInnerTexts(), ["Chi O. (3W)", "Zuzanna N. (3W)", "Ibrahim H. (4K)"]);
  await result.getByText("Classes to make: 3W, 4K.").waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await result.scrollIntoViewIfNeeded();
  await screenshot(page, "mis-import-1-checked");
  assert.equal(await page.getByTestId("no-classes").count(), 1, "checking imported nothing");

  await page.getByTestId("import").click();
  await result.and(page.locator("[data-preview=false]")).waitFor();
  await result.getByText("3 added, 0 already on their class list.").waitFor();
  await page.getByTestId("classes").locator("tr", { hasText: "4K" }).waitFor();

  // Next term: Chi moved up to 4K, Ibrahim left in July, Mali joined, Zuzanna is not in the file.
  await choose(page, "sims-next.csv");
  await page.getByTestId("import-check").click();
  await result.and(page.locator("[data-preview=true]")).waitFor();
  assert.deepEqual(await result.getByTestId("import-moved").locator("li").allInnerTexts(), ["Chi O.: 3W to 4K"]);
  assert.deepEqual(await result.getByTestId("import-left").locator("li").allInnerTexts(), ["Ibrahim H. (4K), left 2025-07-18"]);
  assert.deepEqual(await result.getByTestId("import-not-in-file").locator("li").allInnerTexts(), ["Zuzanna N. (3W)"]);
  await result.scrollIntoViewIfNeeded();
  await screenshot(page, "mis-import-2-next-term-checked");
  await page.getByTestId("import").click();
  await result.getByText("1 added, 0 already on their class list, 1 moved, 1 marked as left.").waitFor();

  // 4K's register: Chi, and no longer Ibrahim.
  await page.getByTestId("classes").getByRole("link", { name: "4K" }).click();
  await page.getByTestId("register").waitFor();
  const names = await page.getByTestId("register-row").evaluateAll((rows) => rows.map((r) => r.dataset.pupil));
  assert.deepEqual(names, ["Chi"]);
  assert.deepEqual(page.errors, []);
});
