// An urgent report tapped on a tablet emails the DSL once, through a real SMTP conversation with
// a sink on loopback, and the email says only that an urgent report arrived.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, addDevice, launch, openPage, appReady, enrolTablet, smtpSink, TABLET } from "./harness.mjs";

let server, browser, sink;
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); sink?.close(); });

test("an urgent report made on a tablet sends the DSL one email that gives nothing away", async () => {
  sink = await smtpSink();
  server = await startServer({
    env: { KITE_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, KITE_PUBLIC_URL: "https://kite.school.example" },
  });
  server.admin("staff", "add", "dsl@school.example", "--role", "dsl", "--name", "Mrs Khan",
    "--password-stdin", { input: "correct horse battery staple\n" });
  browser = await launch();
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url });
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server, "Year 5 tablet"));

  await page.goto("/tell");
  await appReady(page);
  for (const name of ["Someone wants to meet me", "In messages or a chat", "Worried", "Any grown-up"]) {
    await page.getByRole("button", { name, exact: true }).click();
  }
  await page.getByRole("button", { name: "Add words or a drawing" }).click();
  await page.fill("#words", "he said meet at the park on saturday");
  await page.getByRole("button", { name: "Done", exact: true }).click();
  await page.getByTestId("send").click();
  await page.getByText("Sent to school").waitFor();

  const deadline = Date.now() + 30_000;
  while (sink.mails.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  await new Promise((r) => setTimeout(r, 1_000)); // a second email would have come by now
  assert.equal(sink.mails.length, 1, "one email");
  assert.deepEqual(sink.mails[0].to, ["<dsl@school.example>"]);
  const body = sink.mails[0].body;
  assert.match(body, /urgent report/i);
  for (const secret of ["park", "saturday", "meet", "Year 5", "messages"]) {
    assert.ok(!body.toLowerCase().includes(secret.toLowerCase()), `the email mentions "${secret}"`);
  }
  await context.close();
});
