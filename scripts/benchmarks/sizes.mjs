// Prints the size of what a device downloads on first load of each bundle (every index page in
// dist/, kite_protocol::app_routes::BUNDLES): raw, gzip and brotli. The pupil kiosk's bundles
// (home, learn, our rules, set-up) are held to 150 KB brotli (the home and Tell to 130), the adults'
// pages to 200, and a tablet's one-time install to 600.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const dist = process.argv[2] ?? "dist";
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const BUDGET = 150;
// The pupil home and Tell: the page a child opens most, often to tell.
const HOME_BUDGET = 130;
// The adults' pages load on a laptop or a phone, rarely on the kiosk's oldest tablets.
const ADULTS_BUDGET = 200;

/** The wasm, JS and CSS an index page loads, and the service worker every page registers. */
function firstLoad(page) {
  const html = readFileSync(join(dist, page), "utf8");
  const named = [...html.matchAll(/["'](\/[^"']+\.(?:wasm|js|css))["']/g)].map((m) => m[1].slice(1));
  return [...new Set([...named, "sw.js"])].sort();
}

/** Prints one bundle's files and total; answers its brotli total in bytes. */
function report(label, page) {
  console.log(`  ${label} (${page})`);
  let total = { raw: 0, gz: 0, br: 0 };
  for (const name of firstLoad(page)) {
    const data = readFileSync(join(dist, name));
    const gz = gzipSync(data, { level: 9 }).length;
    const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    total = { raw: total.raw + data.length, gz: total.gz + gz, br: total.br + br };
    const shown = name.replace(/-[0-9a-f]{8,16}(?=[._])/, "").padEnd(20);
    console.log(`    ${shown} raw ${kb(data.length).padStart(9)}   gzip ${kb(gz).padStart(9)}   brotli ${kb(br).padStart(9)}`);
  }
  console.log(`    ${"total".padEnd(20)} raw ${kb(total.raw).padStart(9)}   gzip ${kb(total.gz).padStart(9)}   brotli ${kb(total.br).padStart(9)}`);
  return total.br;
}

// Raised from 250 when the presenter view, the audit log's filters, the agreement preview and the
// staff bar's More menu each added a few KB to every adults' bundle; the work on bundle sizes is
// to bring every page back under 150, and this ceiling down with it.
const CEILING = 260;
const budget = (name, bytes, limit = BUDGET) => console.log(`BUDGET ${name} ${(bytes / 1024).toFixed(0)} <= ${limit}`);

// The pupil kiosk: what a tablet downloads before a pupil's page works. The home's is the first
// load of the day; the biggest is the worst a pupil waits for (a deep link to a lesson).
const kiosk = [
  ["pupil home and tell", "index.html"],
  ["pupil learn", "learn.html"],
  ["pupil our rules", "aup.html"],
  ["tablet set-up", "setup.html"],
].map(([label, page]) => report(label, page));
budget("kiosk_home_first_load_brotli_kb", kiosk[0], HOME_BUDGET);
budget("kiosk_biggest_first_load_brotli_kb", Math.max(...kiosk));
// The adults' pages load on a teacher's laptop, the whiteboard, or a parent's phone.
const adults = [
  ["staff", "staff pages: sign-in, homes, inbox, audit", "staff.html"],
  ["records", "school records: classes, registers, letters", "records.html"],
  ["duties", "the school's duties: filtering and monitoring, training", "duties.html"],
  ["admin", "admin: tablets, accounts, school profile, agreements", "admin.html"],
  ["report", "one record's page (DSL)", "report.html"],
  ["concern", "logging a concern (any adult)", "concern.html"],
  ["safeguarding", "each child's record (DSL)", "safeguarding.html"],
  ["procedure", "a record's step-by-step procedure (DSL)", "procedure.html"],
  ["oversight", "governors' report and trust overview", "oversight.html"],
  ["parents", "parents' page", "parents.html"],
  ["present", "presenter", "present.html"],
].map(([name, label, page]) => {
  const bytes = report(label, page);
  budget(`${name}_first_load_brotli_kb`, bytes, ADULTS_BUDGET);
  return bytes;
});
// The ceiling holds for every page, whoever opens it.
budget("every_first_load_ceiling_brotli_kb", Math.max(...kiosk, ...adults), CEILING);
// The lessons come after the first load, when Learn or the presenter is opened (and the service
// worker keeps them): shown apart, not in any first load.
const lessons = readFileSync(join(dist, "index.html"), "utf8").match(/\/(lessons-[0-9a-f]{16}\.json)/)?.[1];
if (lessons) {
  const data = readFileSync(join(dist, lessons));
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`  lessons file (fetched on first use)   raw ${kb(data.length)}   brotli ${kb(br)}`);
}

// A tablet's one-time install: everything the service worker fetches for the kiosk (public/sw.js):
// the four kiosk bundles' pages and the files they name (the lessons file included), the worker,
// precache.json and every file it lists. Not the lessons' translations nor the `onDemand` fonts:
// a tablet fetches those only when set to that language or to easy-read letters.
const brotli = (data) => brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const install = new Set(["sw.js", "precache.json"]);
for (const [, page] of [["", "index.html"], ["", "learn.html"], ["", "aup.html"], ["", "setup.html"]]) {
  install.add(page);
  const html = readFileSync(join(dist, page), "utf8");
  for (const m of html.matchAll(/(?:href|src)="\/([^"]+)"/g)) if (!m[1].startsWith("api/")) install.add(m[1]);
}
if (existsSync(join(dist, "precache.json"))) {
  for (const url of JSON.parse(readFileSync(join(dist, "precache.json"), "utf8")).files) install.add(url.slice(1));
}
let installBytes = 0;
for (const name of install) installBytes += brotli(readFileSync(join(dist, name)));
console.log(`  a tablet's one-time install (${install.size} files)   brotli ${kb(installBytes)}`);
budget("kiosk_install_brotli_kb", installBytes, 600);
