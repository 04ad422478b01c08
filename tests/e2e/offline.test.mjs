// Offline: a tablet that loaded Kite once starts and takes a report with the school server
// stopped, and the report arrives once the server is back.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, addDevice, storedReports, launch, openPage, appReady, enrolTablet, screenshot, TABLET,
} from "./harness.mjs";

let server, browser;
after(async () => { await browser?.close(); await server?.stop(); server?.cleanup(); });

test("with the server down, a tablet that loaded once still starts, takes a report, and sends it later", async () => {
  server = await startServer();
  browser = await launch();
  const context = await browser.newContext({ viewport: TABLET, baseURL: server.url });
  const page = await openPage(browser, server, { context });
  await enrolTablet(page, addDevice(server));
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await appReady(page);
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), "the service worker controls the page");

  const { url, dataDir } = server;
  const port = Number(new URL(url).port);
  await server.stop();

  // A fresh load of another route, with nothing listening on the server's port.
  await page.goto("/tell");
  await appReady(page);
  await screenshot(page, "offline-tell-start");
  for (const name of ["Someone was unkind to me or a friend", "In a game", "Sad", "Any grown-up"]) {
    await page.getByRole("button", { name, exact: true }).click();
  }
  await page.getByTestId("send").click();
  await page.getByText("It will go to school when the tablet is back online").waitFor();

  server = await startServer({ dataDir, port });
  assert.equal(server.url, url);
  assert.equal(storedReports(server).length, 0);
  await page.goto("/setup");
  await appReady(page);
  await page.getByRole("button", { name: "Send now" }).click();
  await page.getByTestId("outbox-waiting").filter({ hasText: "0" }).waitFor();
  assert.equal(storedReports(server).length, 1, "arrived once");
  await context.close();
});
