// An agreement of the school's own: the admin, on a 1366×768 laptop, makes a "Laptop agreement"
// for KS2 pupils on the agreements page and writes its first version in the same form as the
// pupil AUP (no JSON), previews it as the tablet shows it and publishes. A Year 5 pupil signs our
// rules and then the laptop agreement on the kiosk, in the same way (axe clean), and the class
// register shows it signed in its own column. Then a social-media agreement for parents: a parent
// with a child in each class signs it once on their phone, for the family, and each class's
// register shows it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, launch, openPage, enrolTablet, addDevice, seedClass, screenshot, staffSignIn, parentLetters, TABLET, PHONE,
} from "./harness.mjs";
import { axeViolations } from "./a11y-helpers.mjs";

const PASSWORD = "correct horse battery staple";
const LAPTOP = { width: 1366, height: 768 };
const TEXT = "I carry the laptop with two hands.";
const ALOUD = "I carry the school laptop with two hands, and I put it back on charge when I finish.";

let server, browser, admin, classId, oakId;

before(async () => {
  server = await startServer();
  browser = await launch();
  server.admin("staff", "add", "head@school.example", "--role", "admin", "--name", "Mrs Adeyemi", "--password-stdin", { input: `${PASSWORD}\n` });
  ({ classId } = seedClass(server, { name: "5B", band: "ks2", year: "Year 5", pupils: [["Zara", "K"], ["Omar", "P"]] }));
  ({ classId: oakId } = seedClass(server, { name: "Oak", band: "ks1", pupils: [["Ava", "B"]] }));
  admin = await staffSignIn(browser, server, "head@school.example", PASSWORD, { viewport: LAPTOP });
});
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

test("an admin writes a KS2 laptop agreement, a Year 5 pupil signs it on the kiosk, and the register shows it", async () => {
  const page = admin.page;
  await page.getByRole("link", { name: "Agreements" }).click();
  const own = page.getByTestId("own-agreements");
  await own.waitFor();

  // Pupils sign it, but which pupils? Said beside the field; nothing typed is lost.
  await own.getByLabel("Its name, e.g. Laptop agreement").fill("Laptop agreement");
  await own.getByTestId("kind-add").click();
  await own.getByTestId("kind-problem").getByText("Choose which pupils sign it: EYFS, KS1 or KS2.").waitFor();
  assert.equal(await own.getByLabel("Its name, e.g. Laptop agreement").inputValue(), "Laptop agreement");
  await own.getByLabel("Which pupils").selectOption("ks2");
  await own.getByTestId("kind-add").click();
  await own.getByTestId("kind-message").getByText("Added “Laptop agreement”.", { exact: false }).waitFor();
  await own.getByText("Laptop agreement — KS2 pupils").waitFor();
  // Its card says nobody is asked yet, rather than showing an empty list of versions.
  const ownCard = page.locator('[data-testid^="agreement-custom-"]');
  await ownCard.getByTestId("not-published").waitFor();
  assert.equal(await ownCard.locator("table").isVisible(), false);
  // The same name again is refused, beside the name.
  await own.getByLabel("Its name, e.g. Laptop agreement").fill("laptop agreement");
  await own.getByLabel("Which pupils").selectOption("ks2");
  await own.getByTestId("kind-add").click();
  await own.getByTestId("kind-problem").getByText("There is already an agreement called “laptop agreement”", { exact: false }).waitFor();
  await own.scrollIntoViewIfNeeded();
  await screenshot(page, "agreement-kinds-1-made");

  // Its first version, in the form the pupil AUP is written in: KS2 statements only.
  const kindSelect = page.getByTestId("publish-kind");
  assert.equal(await kindSelect.locator("option:checked").innerText(), "Laptop agreement");
  assert.equal(await page.getByTestId("draft-band-eyfs").count(), 0, "only the KS2 statements");
  assert.equal(await page.getByTestId("draft-statement").count(), 0, "a first version starts empty");
  await page.getByTestId("draft-add-statement").click();
  const statement = page.getByTestId("draft-statement").first();
  await statement.getByTestId("draft-statement-text").fill(TEXT);
  await statement.getByTestId("draft-statement-read-aloud").fill(ALOUD);
  await statement.getByTestId("draft-picture-school_device").check();
  await page.getByTestId("agreement-check").click();
  const preview = page.getByTestId("agreement-preview");
  await preview.getByTestId("preview-statement").getByText(TEXT).waitFor();
  await preview.getByText("Publishing this as version 1 asks everyone it is for (KS2 pupils) to sign it.").waitFor();
  await preview.scrollIntoViewIfNeeded();
  await screenshot(page, "agreement-kinds-2-preview");
  await page.getByLabel("What changed (staff see this)").fill("Our first laptop agreement.");
  await page.getByTestId("agreement-publish").click();
  await page.getByTestId("agreement-message-check").getByText("Laptop agreement version 1 published.", { exact: false }).waitFor();
  await ownCard.locator("table").getByText("Our first laptop agreement.").waitFor();
  assert.equal(await ownCard.getByTestId("not-published").count(), 0);
  // The only error the browser logged is the refusal of the name taken, which this test asked for.
  const refused = "Failed to load resource: the server responded with a status of 409 (Conflict)";
  assert.deepEqual(page.errors, [refused]);

  // On the kiosk: Zara (Year 5) signs our rules, then the laptop agreement, the same way.
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url, hasTouch: true });
  const kiosk = await openPage(browser, server, { context });
  await enrolTablet(kiosk, addDevice(server, "5B tablet"));
  await kiosk.goto("/aup");
  await kiosk.getByTestId("aup-class").filter({ hasText: "5B" }).tap();
  await kiosk.locator('[data-testid=aup-name][data-name="Zara"]').tap();
  for (let n = 0; (await kiosk.getByTestId("aup-initials").count()) === 0; n++) {
    if (n > 20) throw new Error("too many statements");
    await kiosk.getByTestId("aup-agree").tap();
    await kiosk.waitForTimeout(50);
  }
  await kiosk.getByTestId("aup-initials").fill("ZK");
  await kiosk.getByTestId("aup-sign").tap();
  const next = kiosk.getByTestId("aup-next");
  await next.getByText("One more to sign: Laptop agreement").waitFor();
  assert.deepEqual(await axeViolations(kiosk), []);
  await screenshot(kiosk, "agreement-kinds-3-kiosk-next");
  await kiosk.getByTestId("aup-start-next").tap();
  await kiosk.getByTestId("aup-agreement-name").getByText("Laptop agreement").waitFor();
  const card = kiosk.getByTestId("aup-statement");
  await card.getByText(TEXT).waitFor();
  assert.equal(await card.locator(".aup-progress").innerText(), "1 of 1");
  assert.equal(await card.locator(".aup-picture svg").count(), 1, "with its picture");
  assert.deepEqual(await axeViolations(kiosk), []);
  await screenshot(kiosk, "agreement-kinds-4-kiosk-statement");
  await kiosk.getByTestId("aup-agree").tap();
  await kiosk.getByTestId("aup-initials").fill("ZK");
  await kiosk.getByTestId("aup-sign").tap();
  const thanks = kiosk.getByTestId("aup-thanks");
  await thanks.waitFor();
  await thanks.getByText("You have signed: Laptop agreement.").waitFor();
  await thanks.getByText("You have signed our rules for being online.").waitFor();
  assert.match(await thanks.innerText(), /trusted adult/);
  assert.deepEqual(await axeViolations(kiosk), []);
  await screenshot(kiosk, "agreement-kinds-5-kiosk-thanks");
  assert.deepEqual(kiosk.errors, []);

  // A KS1 class is not asked it: Ava signs our rules and is thanked.
  await kiosk.goto("/aup");
  await kiosk.getByTestId("aup-class").filter({ hasText: "Oak" }).tap();
  await kiosk.locator('[data-testid=aup-name][data-name="Ava"]').tap();
  for (let n = 0; (await kiosk.getByTestId("aup-initials").count()) === 0; n++) {
    if (n > 20) throw new Error("too many statements");
    await kiosk.getByTestId("aup-agree").tap();
    await kiosk.waitForTimeout(50);
  }
  await kiosk.getByTestId("aup-initials").fill("AB");
  await kiosk.getByTestId("aup-sign").tap();
  await kiosk.getByTestId("aup-thanks").waitFor();
  assert.equal(await kiosk.getByTestId("aup-signed-own").count(), 0);
  await context.close();

  // The register: the laptop agreement in its own column, Zara signed and Omar not.
  await page.goto(`/staff/classes/${classId}`);
  const zara = page.locator('[data-testid=register-row][data-pupil="Zara"]');
  const zaraLaptop = zara.getByTestId("register-own");
  // The signatures may still be on their way from the tablet: reload until they have arrived.
  for (let i = 0; i < 20 && (await zaraLaptop.getAttribute("class").catch(() => "")) !== "signed"; i++) {
    await page.waitForTimeout(500);
    await page.reload();
    await page.getByTestId("register").waitFor();
  }
  assert.equal(await zaraLaptop.getAttribute("class"), "signed");
  assert.match(await zaraLaptop.innerText(), /Version 1, /);
  assert.equal(await zara.getAttribute("data-must-sign"), "false", "our rules signed too");
  assert.match(await page.locator('[data-testid=register-row][data-pupil="Omar"]').getByTestId("register-own").innerText(), /Not signed/);
  await page.getByRole("columnheader", { name: "Laptop agreement (version 1)" }).waitFor();
  await page.getByTestId("register-own-summary").getByText("Laptop agreement version 1: 1 of 2 pupils have signed; 1 need to sign.").waitFor();
  await screenshot(page, "agreement-kinds-6-register");

  // It prints as a classroom poster under its own name, with the KS2 statements.
  await page.goto("/staff/agreements");
  await ownCard.locator('[data-testid$="-ks2-a4"]').click();
  const poster = page.getByTestId("agreement-poster");
  assert.equal(await poster.locator(".poster-title").innerText(), "Laptop agreement");
  await poster.getByText(TEXT).waitFor();
  await poster.getByText("Laptop agreement version 1, KS2").waitFor();
  await screenshot(page, "agreement-kinds-7-poster");
  assert.deepEqual(page.errors, [refused]);
});

test("parents sign the school's social-media agreement once for the family, and the registers show it", async () => {
  const page = admin.page;
  await page.goto("/staff/agreements");
  const own = page.getByTestId("own-agreements");
  await own.getByLabel("Its name, e.g. Laptop agreement").fill("Social media agreement");
  await own.getByLabel("Who signs it").selectOption("parents");
  assert.equal(await own.getByLabel("Which pupils").count(), 0, "no key stage for parents");
  await own.getByTestId("kind-add").click();
  await own.getByText("Social media agreement — Parents and carers").waitFor();
  // Its first version is headed sections, as the home-school agreement.
  assert.equal(await page.getByTestId("publish-kind").locator("option:checked").innerText(), "Social media agreement");
  await page.getByTestId("draft-intro").fill("How we share school life online.");
  await page.getByTestId("draft-add-section").click();
  const section = page.getByTestId("draft-section").first();
  await section.getByTestId("draft-heading").fill("Photos");
  if ((await section.getByTestId("draft-point").count()) === 0) await section.getByRole("button", { name: "Add a point" }).click();
  await section.getByTestId("draft-point").first().fill("I don't post photos of other people's children from school events.");
  await page.getByTestId("agreement-check").click();
  await page.getByTestId("agreement-preview").getByRole("heading", { name: "Photos" }).waitFor();
  await page.getByLabel("What changed (staff see this)").fill("For families.");
  await page.getByTestId("agreement-publish").click();
  await page.getByTestId("agreement-message-check").getByText("Social media agreement version 1 published.", { exact: false }).waitFor();

  const family = { ...(await parentLetters(page, classId)), ...(await parentLetters(page, oakId)) };

  // Zara's parent, on their phone, adds Ava (Oak) and signs once on Zara's page.
  const context = await browser.newContext({ viewport: PHONE, baseURL: server.url, hasTouch: true, isMobile: true });
  const phone = await openPage(browser, server, { context });
  await phone.goto(family.Zara.link);
  const add = phone.getByTestId("add-child");
  await add.locator("summary").click();
  await add.getByLabel("The code on their letter").fill(family.Ava.code);
  await add.getByRole("button", { name: "Add this child" }).click();
  await phone.getByTestId("child-picker").waitFor();
  await phone.getByTestId("child-picker").getByRole("button", { name: "Zara" }).click();
  const sm = phone.locator('[data-testid^="own-custom-"]').filter({ hasText: "Social media agreement" });
  await sm.getByText("I don't post photos of other people's children from school events.").waitFor();
  await sm.getByText("You sign it once: it counts for each of your children", { exact: false }).waitFor();
  await sm.getByRole("button", { name: "Sign the agreement" }).click();
  await sm.getByRole("alert").getByText("Please type your name.").waitFor();
  await sm.getByLabel("Your name").fill("Hana K");
  await sm.getByRole("button", { name: "Sign the agreement" }).click();
  await sm.getByTestId("own-signed").getByText("Signed by Hana K on", { exact: false }).waitFor();
  assert.deepEqual(await axeViolations(phone), []);
  await sm.scrollIntoViewIfNeeded();
  await screenshot(phone, "agreement-kinds-8-parent-signed");
  // Ava's page: already signed, by the same signature.
  await phone.getByTestId("child-picker").getByRole("button", { name: "Ava" }).click();
  await phone.getByText("Ava is in Oak", { exact: false }).waitFor();
  await sm.getByTestId("own-signed").getByText("for your family", { exact: false }).waitFor();
  assert.deepEqual(phone.errors, []);
  await context.close();

  // The 5B register: a parents' column for it, Zara's signed and Omar's still to sign.
  await page.goto(`/staff/classes/${classId}`);
  await page.getByRole("columnheader", { name: "Social media agreement: parent (version 1)" }).waitFor();
  const cell = (name) => page.locator(`[data-testid=register-row][data-pupil="${name}"]`).getByTestId("register-own-parent");
  assert.equal(await cell("Zara").getAttribute("class"), "signed");
  assert.match(await cell("Zara").innerText(), /Version 1, /);
  assert.match(await cell("Omar").innerText(), /Not yet/);
  await page.getByTestId("register-own-summary").getByText("Social media agreement version 1: 1 of 2 pupils' parents have signed; 1 still to sign.").waitFor();
  await screenshot(page, "agreement-kinds-9-register-parents");
  await page.goto(`/staff/classes/${oakId}`);
  assert.equal(await cell("Ava").getAttribute("class"), "signed");
});
