// What every end-to-end test needs: a real kite-server on a free port with a fresh temporary
// database, Debian's Chromium driven by Playwright, and checks that no request leaves the origin.
// The database is SQLite in the server's data dir, or, when KITE_E2E_DATABASE_URL names a
// PostgreSQL database, a schema of it of the server's own (see `databaseArgs`).
import { spawn, execFileSync } from "node:child_process";
import { createHash, createHmac } from "node:crypto";
import { createServer } from "node:net";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const ROOT = resolve(import.meta.dirname, "../..");
export const SERVER_BIN = process.env.KITE_SERVER_BIN ?? join(ROOT, "target/debug/kite-server");
export const DIST = process.env.KITE_DIST ?? join(ROOT, "dist");
export const SCREENSHOTS = join(ROOT, "tests/artifacts/screenshots");

/** A PostgreSQL database the servers share, each in its own schema; unset means SQLite. */
export const DATABASE_URL = process.env.KITE_E2E_DATABASE_URL || null;

/**
 * The `--database-url` every command about the server in `dir` is given: on PostgreSQL, a schema
 * named after the data dir (so a server restarted on the same dir finds its data again, and no
 * two servers share one; the server creates it). Empty on SQLite, where the data dir holds it.
 */
function databaseArgs(dir) {
  if (!DATABASE_URL) return [];
  const schema = `e2e_${createHash("sha256").update(resolve(dir)).digest("hex").slice(0, 16)}`;
  const sep = DATABASE_URL.includes("?") ? "&" : "?";
  return ["--database-url", `${DATABASE_URL}${sep}options[search_path]=${schema}`];
}

/** The environment of the server's processes: never a database but the one given them. */
function serverEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  delete env.DATABASE_URL;
  return env;
}

export const TABLET = { width: 1024, height: 768 };
export const WHITEBOARD = { width: 1920, height: 1080 };
export const PHONE = { width: 390, height: 844 };

/**
 * Starts kite-server; resolves once it prints its address. `schools` runs several schools on the
 * one server: `{ schools: [{ slug, name, hosts }], trust: { name, hosts } }`, written to the data
 * dir's directory file with the server's own `school` commands before it starts. Then
 * `server.at("oak.localhost")` is the address of a host (Chromium sends `*.localhost` to loopback).
 */
export async function startServer({ dataDir, port = 0, args = [], env = {}, dist = DIST, schools } = {}) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), "kite-e2e-"));
  const common = ["--data-dir", dir, ...databaseArgs(dir)];
  const hosts = (list) => list.flatMap((h) => ["--host", h]);
  for (const s of schools?.schools ?? []) {
    execFileSync(SERVER_BIN, [...common, "school", "add", s.slug, "--name", s.name, ...hosts(s.hosts)], { env: serverEnv() });
  }
  if (schools?.trust) {
    execFileSync(SERVER_BIN, [...common, "school", "trust", "--name", schools.trust.name, ...hosts(schools.trust.hosts)], { env: serverEnv() });
  }
  const child = spawn(SERVER_BIN, [...common, "serve", "--port", String(port), "--dist", dist, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: serverEnv(env),
  });
  let log = "";
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 20_000);
    const onData = (chunk) => {
      log += chunk;
      const m = log.match(/running at (http:\/\/[\d.]+:\d+)\//);
      if (m) { clearTimeout(timer); resolveUrl(m[1]); }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (c) => { log += c; });
    child.on("exit", (code) => reject(new Error(`server exited ${code}:\n${log}`)));
  });
  return {
    url,
    at: (host) => url.replace("127.0.0.1", host),
    dataDir: dir,
    process: child,
    /**
     * Runs an admin subcommand against this server's data dir. A last argument that is an object
     * gives execFileSync options, e.g. `{ input: "password\n" }` for `--password-stdin`.
     */
    admin: (...cmd) => {
      const options = typeof cmd.at(-1) === "object" ? cmd.pop() : {};
      return execFileSync(SERVER_BIN, [...common, ...cmd], { encoding: "utf8", env: serverEnv(), ...options });
    },
    /**
     * Makes a fixture with the server's own code (`kite-server dev seed`, see
     * server/src/fixtures) and returns what it printed. A last argument `{ school: "oak" }` says
     * which school, when the server runs several.
     */
    seed: (fixture, ...args) => dev(common, "seed", fixture, args),
    /** What the server stored (`kite-server dev show <view>`), as JSON. */
    show: (view, ...args) => dev(common, "show", view, args),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
    cleanup() { rmSync(dir, { recursive: true, force: true }); },
  };
}

function dev(common, command, name, args) {
  const { school } = typeof args.at(-1) === "object" ? args.pop() : {};
  const out = execFileSync(SERVER_BIN, [...common, ...(school ? ["--school", school] : []), "dev", command, name, ...args.map(String)], {
    encoding: "utf8", env: serverEnv(),
  });
  return JSON.parse(out);
}

/**
 * A class with pupils (first name and last initial), taught by the staff member with this email;
 * returns { classId, pupils: { firstName: id } }.
 */
export function seedClass(server, { name, band, year, teacherEmail, pupils }) {
  const out = server.seed("class", "--name", name, "--band", band,
    ...(year ? ["--year", year] : []),
    ...(teacherEmail ? ["--teacher", teacherEmail] : []),
    ...pupils.flatMap(([first, initial]) => ["--pupil", `${first} ${initial}`]));
  return { classId: out.class_id, pupils: out.pupils };
}

/** Enrols a tablet on the server (on `school`, when it runs several) and returns its token. */
export function addDevice(server, name = "Test tablet", { school } = {}) {
  const out = server.admin("device", "add", name, ...(school ? ["--school", school] : []));
  return out.trim().split("\n").pop().trim();
}

/** Report ids and urgency, as the server's command line lists them (never content). */
export function storedReports(server) {
  return JSON.parse(server.admin("reports", "summary"));
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ],
  });
}

/**
 * A page that records console errors, failed page errors, and every request's URL, so tests can
 * assert "no errors" and "nothing left the origin".
 */
export async function openPage(browser, server, { viewport = TABLET, context } = {}) {
  const ctx = context ?? (await browser.newContext({ viewport, baseURL: server.url }));
  const page = await ctx.newPage();
  page.errors = [];
  page.requests = [];
  page.on("console", (m) => { if (m.type() === "error") page.errors.push(m.text()); });
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("request", (r) => page.requests.push(r.url()));
  return page;
}

export function foreignRequests(page, server) {
  return page.requests.filter((u) => !u.startsWith(server.url) && !u.startsWith("data:") && !u.startsWith("blob:"));
}

/** Waits for the app to have rendered (the wasm is loaded and mounted). */
export async function appReady(page) {
  await page.waitForSelector("main h1, main .page-title, main [data-testid]", { timeout: 20_000 });
}

/** Connects the app on this page's origin to the server with a device token, via /setup. */
export async function enrolTablet(page, token) {
  await page.goto("/setup");
  await appReady(page);
  await page.fill("#token", token);
  await page.click("button[type=submit]");
  await page.waitForSelector("[data-testid=enrolled]");
}

/**
 * Waits until `check` (run in the page, awaited there) answers true, or throws after `timeout`
 * ms naming `what`. Not `page.waitForFunction`: it takes the promise an async function returns
 * as a true answer and doesn't wait at all.
 */
export async function until(page, what, check, arg, timeout = 30_000) {
  for (const end = Date.now() + timeout; Date.now() < end; await page.waitForTimeout(250)) {
    if (await page.evaluate(check, arg)) return;
  }
  throw new Error(`timed out waiting until ${what}`);
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Records what the app asks speechSynthesis to say (headless Chromium has no voices), in which
 * language, with which voice and during which event (a tap's `click`, or none). `voices` stands in
 * for the tablet's installed voices: a language tag (a voice on the device) or
 * `{ lang, name, localService }`. With `lateMs` the list is empty until then, then
 * `voiceschanged` fires, as Chromium does. The empty utterance that opens speech on an iPad is
 * not recorded.
 */
export async function recordSpeech(context, { voices = [], lateMs = 0 } = {}) {
  await context.addInitScript(({ voices, lateMs }) => {
    window.__spoken = [];
    window.__spokenLang = [];
    window.__spokenVoice = [];
    window.__spokenDuring = [];
    const synth = window.speechSynthesis;
    synth.speak = (u) => {
      if (!u.text) return;
      window.__spoken.push(u.text);
      window.__spokenLang.push(u.lang);
      window.__spokenVoice.push(u.voice?.name ?? null);
      window.__spokenDuring.push(window.event?.type ?? null);
    };
    synth.cancel = () => {};
    // Lets a stand-in voice be chosen (the real setter takes only the browser's own voices).
    Object.defineProperty(SpeechSynthesisUtterance.prototype, "voice", {
      configurable: true, get() { return this.__voice ?? null; }, set(v) { this.__voice = v; },
    });
    const list = voices.map((v) => (typeof v === "string" ? { lang: v, name: `Test ${v}`, localService: true } : v));
    if (list.length) {
      let ready = lateMs === 0;
      synth.getVoices = () => (ready ? list : []);
      if (!ready) setTimeout(() => { ready = true; synth.dispatchEvent(new Event("voiceschanged")); }, lateMs);
    }
  }, { voices, lateMs });
}

/**
 * A two-step code as an authenticator app makes it (RFC 6238: HMAC-SHA1, 30-second steps,
 * 6 digits) for a base32 secret; node's own HMAC, nothing third-party.
 */
export function totpCode(secret, step) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/[\s=]/g, "").toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", key).update(counter).digest();
  const at = mac[19] & 0xf;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

/** The two-step secrets of accounts set up in these tests, and the last step each used. */
const twoStep = new Map();

/**
 * A two-step code the server hasn't seen for this account: a step one either side of now later
 * than the last used, waiting for the next step when all three were used.
 */
export async function freshCode(server, email) {
  const account = twoStep.get(`${server.dataDir} ${email}`);
  for (;;) {
    // The server takes the step before, now and the step after. Now comes first: a code for the
    // step before would be refused if the half-minute turned while it was on its way.
    const now = Math.floor(Date.now() / 30_000);
    const step = [now, now + 1].find((s) => account.last === undefined || s > account.last);
    if (step !== undefined) {
      account.last = step;
      return totpCode(account.secret, step);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Sets up two-step sign-in as the person would, on the set-up page a DSL, admin or trust account
 * meets at its first sign-in: the password, the key shown under the QR code, a code, then the
 * recovery codes (returned). The secret is kept for later sign-ins.
 */
export async function setUpTwoStep(page, server, email, password) {
  await page.locator("#two-step-password").fill(password);
  await page.getByRole("button", { name: "Set up two-step sign-in" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent()).replace(/\s/g, "");
  twoStep.set(`${server.dataDir} ${email}`, { secret });
  await page.getByLabel("The 6-digit code the app shows now").fill(await freshCode(server, email));
  await page.getByRole("button", { name: "Turn on" }).click();
  await page.getByTestId("recovery-codes").waitFor();
  const codes = await page.locator(".recovery-codes code").allTextContents();
  await page.getByRole("button", { name: "I've printed or written them down" }).click();
  await page.getByTestId("recovery-codes").waitFor({ state: "detached" });
  return codes;
}

/**
 * Clicks "Sign in" on a filled sign-in form; with two-step on for the account (set up earlier by
 * these tests), enters a fresh code when asked; at a first sign-in that must set two-step up,
 * sets it up. Resolves once signed in (the Sign out button shows).
 */
export async function submitSignIn(page, server, email, password) {
  await page.getByRole("button", { name: "Sign in" }).click();
  if (twoStep.has(`${server.dataDir} ${email}`)) {
    await page.getByLabel(/Two-step code/).waitFor();
    await page.getByLabel(/Two-step code/).fill(await freshCode(server, email));
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  // A refused sign-in says why on the page: fail with its words rather than a bare timeout.
  await page.getByRole("button", { name: "Sign out" }).waitFor().catch(async (e) => {
    const said = await page.getByTestId("login-error").textContent({ timeout: 1000 }).catch(() => null);
    throw said ? new Error(`sign-in ${email} refused: ${said}`) : e;
  });
  if (await page.getByRole("heading", { name: "Set up two-step sign-in" }).isVisible()) {
    await setUpTwoStep(page, server, email, password);
  }
}

/**
 * Signs in through the API (for calls a test makes as that person): with a fresh code when
 * two-step is on, and at a first sign-in that must set it up, set up through the API with a code
 * from the secret. Answers { cookie, csrf }.
 */
export async function apiSignIn(server, email, password, { url = server.url } = {}) {
  const key = `${server.dataDir} ${email}`;
  const post = (path, body, headers = {}) => fetch(`${url}/api/v1${path}`, {
    method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body),
  });
  const totp_code = twoStep.has(key) ? await freshCode(server, email) : undefined;
  const r = await post("/staff/login", { email, password, totp_code });
  if (r.status !== 200) throw new Error(`sign-in ${email}: ${r.status} ${await r.text()}`);
  const cookie = r.headers.get("set-cookie").split(";")[0];
  const me = await r.json();
  const session = { cookie, "x-csrf-token": me.csrf_token };
  if (me.totp_required && !me.totp_enabled) {
    const setup = await (await post("/staff/totp/setup", { password }, session)).json();
    twoStep.set(key, { secret: setup.secret });
    const on = await post("/staff/totp/enable", { code: await freshCode(server, email) }, session);
    if (on.status !== 200) throw new Error(`two-step for ${email}: ${on.status} ${await on.text()}`);
  }
  return { cookie, csrf: me.csrf_token };
}

/** Signs a staff member in at /staff in a new context; returns the context and the page. */
export async function staffSignIn(browser, server, email, password, { viewport = { width: 1366, height: 768 }, ...options } = {}) {
  const context = await browser.newContext({ viewport, baseURL: server.url, ...options });
  const page = await openPage(browser, server, { context });
  await page.goto("/staff");
  await page.getByLabel("Email").waitFor();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await submitSignIn(page, server, email, password);
  // First sign-in: the staff AUP comes before anything else; sign it as the person. It is
  // fetched after the sign-in (and two-step set-up) has drawn the bar, so wait for it or home.
  const home = page.locator('nav[aria-label="Staff"] a[aria-current="page"]');
  await page.getByTestId("staff-aup").or(home).first().waitFor();
  await page.waitForFunction(() => !document.querySelector(".staff-loading"));
  if (await page.getByTestId("staff-aup").isVisible()) {
    await page.getByTestId("staff-aup-name").fill(`Staff member ${email.split("@")[0]}`);
    await page.getByTestId("staff-aup-sign").click();
    await page.getByTestId("staff-aup").waitFor({ state: "detached" });
  }
  await atStaffHome(page);
  // Before signing in, the app's "who am I?" is answered 401, which Chromium logs as an error.
  page.errors = page.errors.filter((e) => !e.includes("status of 401"));
  return { context, page };
}

/** Waits until a signed-in person is on their staff home. An admin's, a governor's and the
 * trust's are pages of other bundles, which `/staff` loads in its place: a click before that
 * would race the page load. Their home's link in the staff bar is marked as the current page. */
export async function atStaffHome(page) {
  await page.locator('nav[aria-label="Staff"] a[aria-current="page"]').waitFor();
}

/** Follows a link of the staff bar, opening its "More" menu first when the link is in there. */
export async function followStaffLink(page, name) {
  const nav = page.getByRole("navigation", { name: "Staff" });
  const link = nav.getByRole("link", { name, exact: true });
  if (!(await link.isVisible())) await nav.getByText("More", { exact: true }).click();
  await link.click();
}

/** A minimal SMTP server that accepts every message and keeps it. */
export async function smtpSink() {
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

/**
 * The parents' letters a staff page prints for a class, read off the printable page:
 * { firstName: { name, code, link, languages: [[lang, dir, text]] } }.
 */
export async function parentLetters(page, classId) {
  await page.goto(`/staff/classes/${classId}/letters`);
  await page.getByTestId("make-letters").click();
  await page.getByTestId("letter").first().waitFor();
  const found = await page.getByTestId("letter").evaluateAll((els) => els.map((el) => ({
    name: el.querySelector("h2").textContent.match(/carer of (\w+)/)[1],
    code: el.querySelector("[data-testid=letter-code]").textContent,
    link: el.querySelector("[data-testid=letter-link]").textContent,
    languages: [...el.querySelectorAll("[data-testid=letter-languages] p")].map((p) => [p.lang, p.dir, p.textContent]),
  })));
  return Object.fromEntries(found.map((l) => [l.name, l]));
}
