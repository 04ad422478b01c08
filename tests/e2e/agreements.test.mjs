// Publishing an agreement without wiping signatures by accident, as the admin on a 1366×768
// laptop: the same text again is refused with the message beside the button; a change shows what changed and how many people would
// sign again before "Publish and ask N people to sign again"; a typo saved as a correction keeps
// every signature; a real new version asks everyone again.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, addDevice, launch, screenshot, staffSignIn, apiSignIn } from "./harness.mjs";

const PASSWORD = "correct horse battery staple";
const LAPTOP = { width: 1366, height: 768 };

let server, browser;

before(async () => {
  server = await startServer();
  browser = await launch();
  server.admin("staff", "add", "head@school.example", "--role", "admin", "--name", "Mrs Adeyemi", "--password-stdin", { input: `${PASSWORD}\n` });
  server.admin("staff", "add", "dsl@school.example", "--role", "dsl", "--name", "Mrs Khan", "--password-stdin", { input: `${PASSWORD}\n` });
  addDevice(server, "Oak tablet");
  // A class of five: four signed the pupil AUP, one parent co-signed.
  server.seed("term");
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

/** How many of the seeded class still need to sign, read from the register as the admin. */
async function stillToSign() {
  const { cookie, csrf } = await apiSignIn(server, "head@school.example", PASSWORD);
  const get = async (path) => (await fetch(`${server.url}/api/v1${path}`, { headers: { cookie, "x-csrf-token": csrf } })).json();
  const [cls] = await get("/staff/classes");
  const reg = await get(`/staff/classes/${cls.id}/register`);
  return reg.pupils.filter((p) => p.pupil_must_sign).length;
}

/** The message is in view and just below the button it answers. */
async function besideButton(page, button, message) {
  const b = await button.boundingBox();
  const m = await message.boundingBox();
  assert.ok(m, "the message is shown");
  assert.ok(m.y >= b.y + b.height - 1 && m.y - (b.y + b.height) < 60, `message at ${m.y}, button ends at ${b.y + b.height}`);
  assert.ok(m.y + m.height <= LAPTOP.height, "the message is on screen");
}

test("an admin can't wipe signatures by accident: same text refused, changes previewed and confirmed, a typo corrected", async () => {
  assert.equal(await stillToSign(), 1);
  const { context, page } = await staffSignIn(browser, server, "head@school.example", PASSWORD, { viewport: LAPTOP });
  await page.getByRole("link", { name: "Agreements" }).click();
  // The form opens on the KS2 statements; the second is the password rule.
  await page.getByTestId("draft-statement").first().waitFor();
  const draft = page.getByTestId("draft-statement-text").nth(1);
  assert.equal(await draft.inputValue(), "I keep my passwords secret.");
  const check = page.getByTestId("agreement-check");
  const checkMessage = page.getByTestId("agreement-message-check");

  // The same text again: refused, and nothing is published.
  await check.click();
  await checkMessage.getByText("Nothing has changed from version 1").waitFor();
  await besideButton(page, check, checkMessage);
  await screenshot(page, "agreements-1-unchanged");
  assert.equal(await page.getByTestId("agreement-preview").count(), 0);

  // A typo fixed: the preview says what changed and who would sign again; save it as a correction.
  await draft.fill("I keep my passwords secret!");
  await check.click();
  const preview = page.getByTestId("agreement-preview");
  await preview.getByText("KS2 statement 2 changed: “I keep my passwords secret.” → “I keep my passwords secret!”").waitFor();
  assert.equal(await page.getByTestId("agreement-sign-again").innerText(),
    "Publishing this as version 2 asks 4 pupils and 1 parent or carer who signed version 1 to sign again.");
  assert.equal(await page.getByTestId("agreement-publish").innerText(), "Publish and ask 5 people to sign again");
  await page.getByLabel("Why it is a correction (kept in the record)").fill("A full stop, not an exclamation mark, was meant; fixing the punctuation only.");
  await screenshot(page, "agreements-3-typo-preview");
  await page.getByTestId("agreement-correct").click();
  await checkMessage.getByText("Pupil Acceptable Use Policy version 1 corrected. Everyone's signatures stay").waitFor();
  await page.getByText(/Corrected .* by Mrs Adeyemi: A full stop/).waitFor();
  assert.equal(await stillToSign(), 1, "the four who signed still have");

  // A real change: not a correction; publishing asks the five to sign again, after a confirm.
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=draft-statement-text]")[1]?.value.endsWith("secret!"));
  await draft.fill("I never tell anyone my passwords, not even my best friend.");
  await check.click();
  await preview.getByText("This can't be saved as a correction").waitFor();
  const publish = page.getByTestId("agreement-publish");
  await publish.click();
  const publishMessage = page.getByTestId("agreement-message-publish");
  await publishMessage.getByText("the “What changed” box is empty").waitFor();
  await besideButton(page, publish, publishMessage);
  await screenshot(page, "agreements-4-needs-summary");
  await page.getByLabel("What changed (staff see this)").fill("Clearer password rule.");
  await publish.click();
  await checkMessage.getByText("Pupil Acceptable Use Policy version 2 published. 4 pupils and 1 parent or carer who signed version 1 will be asked to sign again.").waitFor();
  assert.equal(await stillToSign(), 5);
  // The refusals the page answered in words (the same text: 409; no "What changed": 400) are
  // the only failed requests.
  assert.deepEqual(page.errors.filter((e) => !/status of (409|400)\b/.test(e)), []);
  await context.close();
});
