// An urgent report tapped on a tablet emails the DSL once, through a real SMTP conversation with
// a sink on loopback, and the email says only that an urgent report arrived.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { startServer, addDevice, launch, openPage, appReady, enrolTablet, TABLET } from "./harness.mjs";

/** A minimal SMTP server that accepts every message and keeps it. */
async function smtpSink() {
  const mails = [];
  const server = createServer((socket) => {
    let buffer = "";
    let inData = false;
    let mail = { to: [], body: "" };
    socket.write("220 sink ready\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let nl;
      while ((nl = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            mails.push(mail);
            mail = { to: [], body: "" };
            socket.write("250 queued\r\n");
          } else {
            mail.body += line + "\n";
          }
        } else if (/^(EHLO|HELO)/i.test(line)) {
          socket.write("250 sink\r\n");
        } else if (/^RCPT TO:/i.test(line)) {
          mail.to.push(line.slice(8).trim());
          socket.write("250 ok\r\n");
        } else if (/^DATA/i.test(line)) {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (/^QUIT/i.test(line)) {
          socket.end("221 bye\r\n");
        } else {
          socket.write("250 ok\r\n");
        }
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: server.address().port, mails, close: () => server.close() };
}

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
