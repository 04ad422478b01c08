// Prints the size of what a device downloads on first load, for each of the two bundles: the
// pupil kiosk (index.html) and the adults' pages (adults.html). Raw, gzip and brotli.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const dist = process.argv[2] ?? "dist";
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** The wasm, JS and CSS an index page loads, and the service worker every page registers. */
function firstLoad(page) {
  const html = readFileSync(join(dist, page), "utf8");
  const named = [...html.matchAll(/["'](\/[^"']+\.(?:wasm|js|css))["']/g)].map((m) => m[1].slice(1));
  return [...new Set([...named, "sw.js"])].sort();
}

function report(label, page, budget) {
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
  if (budget) console.log(`BUDGET ${budget} ${(total.br / 1024).toFixed(0)} <= 150`);
}

// The issue-7 budget is for what a tablet downloads before the pupil home works: the kiosk.
report("pupil kiosk", "index.html", "kiosk_first_load_brotli_kb");
// The adults' pages load on a teacher's laptop or the whiteboard, usually on the school's wired
// network; the same budget is shown for them, as a figure to keep an eye on.
report("adults' pages", "adults.html", "adults_first_load_brotli_kb");
// The lessons come after the first load, when Learn or the presenter is opened (and the service
// worker keeps them): shown apart, not in either first load.
const lessons = readFileSync(join(dist, "index.html"), "utf8").match(/\/(lessons-[0-9a-f]{16}\.json)/)?.[1];
if (lessons) {
  const data = readFileSync(join(dist, lessons));
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`  lessons file (fetched on first use)   raw ${kb(data.length)}   brotli ${kb(br)}`);
}
