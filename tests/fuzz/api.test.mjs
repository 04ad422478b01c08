// The API fuzzed from outside, as every kind of caller: schemathesis (installed by
// scripts/setup) reads the served OpenAPI document and sends generated requests, valid and
// invalid, to every operation, anonymously and signed in as a DSL, a teacher, a parent and an
// enrolled tablet. A pass means no answer was a server error and every documented answer matched
// its schema. Each signed-in run also checks that the session still works afterwards, so a run
// that lost its sign-in early (and so only ever saw 401s) can't pass as if it had tested the routes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { startServer, seedClass, addDevice, apiSignIn } from "../e2e/harness.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const ST = process.env.KITE_SCHEMATHESIS ?? join(ROOT, ".venv/bin/st");
const PASSWORD = "fuzzing-the-api-safely";
// Generated cases per operation and phase: a few hundred per role, so the suite stays quick.
const EXAMPLES = 4;
// Ending the session would turn the rest of the run into 401s: the sign-out operations, and
// those that end a session after wrong passwords (changing it, unlocking a screen), are left out
// of the signed-in runs.
const SESSION_ENDING = ["staff_logout", "parents_logout", "staff_change_password", "staff_unlock"];

let server;
let sessions;
// Every session is made before anything is fuzzed: the fuzzer's wrong passwords and codes use up
// this client's sign-in allowance, as anyone's would.
before(async () => {
  server = await startServer();
  const teacherEmail = "teacher@fuzz.example";
  const teacher = await staffSession(teacherEmail, "teacher");
  const { classId } = seedClass(server, {
    name: "Fuzz class", band: "ks2", teacherEmail, pupils: [["Ava", "B"], ["Ben", "C"]],
  });
  sessions = {
    teacher,
    dsl: await staffSession("dsl@fuzz.example", "dsl"),
    parent: await parentSession(teacher, classId),
    tablet: addDevice(server, "Fuzz tablet"),
  };
});
after(async () => {
  await server?.stop();
  server?.cleanup();
});

async function api(path, { method = "GET", body, cookie, csrf, bearer } = {}) {
  const headers = { "content-type": "application/json" };
  if (cookie) headers.cookie = cookie;
  if (csrf) headers["x-csrf-token"] = csrf;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const res = await fetch(`${server.url}/api/v1${path}`, { method, headers, body: body && JSON.stringify(body) });
  return res;
}

/** The `name=value` of the session cookie an answer set. */
function sessionCookie(res) {
  const set = res.headers.get("set-cookie");
  assert.ok(set, "signing in set no cookie");
  return set.split(";")[0];
}

/** A staff session made the real way: signing in (and, for a DSL, setting up two-step). */
async function staffSession(email, role) {
  server.admin("staff", "add", email, "--role", role, "--name", `Fuzz ${role}`, "--password-stdin", { input: `${PASSWORD}\n` });
  const { cookie, csrf } = await apiSignIn(server, email, PASSWORD);
  return { cookie, csrf, check: "/staff/me" };
}

async function parentSession(teacher, classId) {
  const res = await api(`/staff/classes/${classId}/parent-letters`, { method: "POST", body: {}, ...teacher });
  assert.equal(res.status, 200, await res.clone().text());
  const { letters } = await res.json();
  const signIn = await api("/parents/session", { method: "POST", body: { code: letters[0].code } });
  assert.equal(signIn.status, 200, await signIn.clone().text());
  const info = await signIn.json();
  return { cookie: sessionCookie(signIn), csrf: info.csrf_token, check: "/parents/child" };
}

/** Runs schemathesis with these headers; resolves with its exit code and what it printed. */
function fuzz(headers, exclude = []) {
  const args = [
    "run", `${server.url}/api/v1/openapi.json`,
    "--checks", "not_a_server_error,response_schema_conformance",
    "--max-examples", String(EXAMPLES),
    "--phases", "examples,coverage,fuzzing",
    "--seed", "1", "--no-color", "--workers", "1",
    ...Object.entries(headers).flatMap(([k, v]) => ["--header", `${k}: ${v}`]),
    ...exclude.flatMap((id) => ["--exclude-operation-id", id]),
  ];
  return new Promise((resolveRun, reject) => {
    // In the server's temporary dir: schemathesis keeps a cache where it runs.
    const child = spawn(ST, args, { stdio: ["ignore", "pipe", "pipe"], cwd: server.dataDir });
    let out = "";
    child.stdout.on("data", (c) => { out += c; });
    child.stderr.on("data", (c) => { out += c; });
    child.on("error", reject);
    child.on("exit", (code) => resolveRun({ code, out }));
  });
}

async function fuzzAs(label, headers, session) {
  const { code, out } = await fuzz(headers, session ? SESSION_ENDING : []);
  const summary = out.slice(out.lastIndexOf("SUMMARY"));
  assert.equal(code, 0, `fuzzing as ${label} found problems:\n${out.slice(-12000)}`);
  const cases = Number(/(\d+) generated/.exec(summary)?.[1] ?? 0);
  assert.ok(cases >= 200, `fuzzing as ${label} ran only ${cases} cases:\n${summary}`);
  console.log(`fuzzed as ${label}: ${cases} cases, ${/Tested: (\d+)/.exec(summary)?.[1]} operations`);
  if (session) {
    const still = await api(session.check, session);
    assert.equal(still.status, 200, `${label}'s session ended during the run, so most cases saw only 401s`);
  }
}

test("schemathesis is installed (scripts/setup puts it in .venv)", () => {
  assert.ok(existsSync(ST), `no schemathesis at ${ST}: run ./scripts/setup`);
});

test("fuzzed anonymously: no server error, every answer as documented", async () => {
  await fuzzAs("an anonymous caller", {});
});

test("fuzzed as a DSL, a teacher, a parent and an enrolled tablet", async () => {
  const { teacher, dsl, parent, tablet } = sessions;
  const session = ({ cookie, csrf }) => ({ cookie, "x-csrf-token": csrf });
  // Staff can end a parent's session (new letters) and a tablet's (removing it), so those two
  // are fuzzed first; the DSL, who can do most, last.
  await fuzzAs("a parent", session(parent), parent);
  await fuzzAs("an enrolled tablet", { authorization: `Bearer ${tablet}` });
  const still = await api("/device/config", { bearer: tablet });
  assert.equal(still.status, 200, "the tablet's token stopped working during the run");
  await fuzzAs("a teacher", session(teacher), teacher);
  await fuzzAs("a DSL", session(dsl), dsl);
});
